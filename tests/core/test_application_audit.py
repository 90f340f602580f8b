"""The application's audit: one `[[audits]]` entry of its label and type in its cycle, on its
date or moved however far (Dossier.audit_of), which the échéancier, the campaign and the rules
all read: three readings disagreed (the nearest within 90 days, any within 90 days, the exact
date alone)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from labelcheck.core.loading import load
from support import label_facts, markdown_states

FIXTURES = Path(__file__).parent / "fixtures" / "application-audit"
MOVED_A_TERM = FIXTURES / "moved-a-term" / "dossier.toml"  # 15/03/2027 → 20/06/2027
RENEWAL = FIXTURES / "renewal-moved-a-term" / "dossier.toml"  # 20/05/2027 → 01/09/2027
TWO = FIXTURES / "two-of-one-type" / "dossier.toml"  # 22/03 and 20/06/2027, planned 15/06
AFTER_EXPIRY = FIXTURES / "after-an-expired-label" / "dossier.toml"  # 20/06 → 25/06/2026


@pytest.fixture(autouse=True)
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def audit_of(engine, path: Path) -> dt.date | None:
    loaded = load(path, engine().registry, engine().profiles)
    assert loaded.dossier is not None, loaded.errors
    application = loaded.dossier.application("ldm")
    assert application is not None
    audit = loaded.dossier.audit_of(application)
    return audit.date if audit is not None else None


def test_an_audit_moved_by_a_term_is_the_applications_audit(engine):
    assert audit_of(engine, MOVED_A_TERM) == dt.date(2027, 6, 20)


def test_an_audit_moved_by_a_term_is_not_said_missing_and_counts_its_plan_from_its_day(cli):
    """« 15/03/2027 (date passée, aucun audit au dossier) » with the audit of 20/06 in the
    dossier, and the plan due on 28/02 when the calendar's finding said 05/06."""
    states = markdown_states(cli, MOVED_A_TERM, "2027-07-01")
    assert states["Audit sur site"] == "20/06/2027 (a eu lieu)"
    assert states["Retour du plan d'audit validé (LDM 008)"] == "05/06/2027 (en retard)"


def test_the_renewal_audit_of_the_cycle_before_is_not_this_applications(engine):
    assert audit_of(engine, RENEWAL) == dt.date(2027, 9, 1)


def test_of_two_audits_of_one_type_the_one_the_application_dates_is_its_audit(engine):
    assert audit_of(engine, TWO) == dt.date(2027, 6, 20)


def test_a_moved_audit_is_no_audit_of_the_expired_cycle_before(engine):
    """Held on 25/06/2026, three days before the old label expired: the new candidature's own
    audit, not one of the expired cycle, though the application still says 20/06."""
    day = dt.date(2026, 7, 10)
    facts = label_facts(engine(as_of=day), AFTER_EXPIRY, "ldm", day)
    assert not facts.of_an_expired_cycle(dt.date(2026, 6, 25))


def test_a_campaign_books_an_audit_moved_by_a_term_once(cli, tmp_path):
    """The planned 15/03, with no team, was a second audit beside the one held on 20/06."""
    folder = tmp_path / "lycee"
    folder.mkdir()
    (folder / "dossier.toml").write_bytes(MOVED_A_TERM.read_bytes())
    period = ("--from", "2027-01-01", "--to", "2027-12-31", "--as-of", "2027-01-01")
    result = cli("campaign", tmp_path, *period, "--format", "json")
    audits = json.loads(result.stdout)["audits"]
    assert [(a["date"], len(a["auditors"])) for a in audits] == [("2027-06-20", 3)]
