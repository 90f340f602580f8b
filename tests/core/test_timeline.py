"""The échéancier: the steps around an audit count from the audit held, each step's state says
only what the dossier shows, and every format gives the same steps on the same dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar
from support import markdown_states

FIXTURES = Path(__file__).parent / "fixtures" / "timeline"
MOVED = FIXTURES / "moved-audit"  # planned on 15/03/2027, held on 22/03/2027
NO_AUDIT = FIXTURES / "no-audit-recorded"  # planned on 15/03/2027, none recorded


@pytest.fixture(autouse=True)
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def timeline(cli, path: Path, as_of: str) -> dict[str, str]:
    result = cli("evaluate", path, "--as-of", as_of, "--format", "json", "--fail-on", "never")
    (label,) = json.loads(result.stdout)["dossiers"][0]["labels"]
    return {step["id"]: step["date"] for step in label["timeline"]}


def calendar(cli, path: Path, as_of: str) -> dict[str, str]:
    result = cli("evaluate", path, "--as-of", as_of, "--format", "ics", "--fail-on", "never")
    return {
        str(event["uid"]).removeprefix("0451442Y-ldm-").removesuffix("@labelcheck"): (
            event.decoded("dtstart").isoformat()
        )
        for event in Calendar.from_ical(result.stdout).walk("VEVENT")
    }


def test_an_audit_held_on_another_day_anchors_its_steps_as_its_findings_do(cli):
    """Held on 22/03 when the application said 15/03: the plan was due on 07/03 and the report
    on 01/04, as the findings on the audit's calendar say, not on 28/02 and 25/03."""
    steps = timeline(cli, MOVED, "2027-04-10")
    assert steps["audit-plan"] == "2027-03-07"
    assert steps["audit"] == "2027-03-22"
    assert steps["audit-report"] == "2027-04-01"
    assert steps["ecart-engagements"] == "2027-04-11"
    states = markdown_states(cli, MOVED, "2027-04-10")
    assert states["Retour du plan d'audit validé (LDM 008)"] == "07/03/2027 (en retard)"
    assert states["Audit sur site"] == "22/03/2027 (a eu lieu)"
    assert states["Rapport d'audit (LDM 011) adressé au chef d'établissement"] == (
        "01/04/2027 (en retard)"
    )


def test_an_audit_moved_ahead_is_announced_on_its_new_day_before_it_takes_place(cli):
    """On 20/03 the audit of 22/03 is the audit as planned: its steps count from 22/03 (the
    plan due on 07/03, not 28/02), in the JSON and in the calendar alike; it has not taken
    place yet (no `held_on`, « prévu »). It went back to 15/03 until it had taken place."""
    steps = timeline(cli, MOVED, "2027-03-20")
    assert (steps["audit-plan"], steps["audit"]) == ("2027-03-07", "2027-03-22")
    assert calendar(cli, MOVED, "2027-03-20") == steps
    result = cli("evaluate", MOVED, "--as-of", "2027-03-20", "--format", "json")
    (label,) = json.loads(result.stdout)["dossiers"][0]["labels"]
    (audit,) = [step for step in label["timeline"] if step["id"] == "audit"]
    assert "held_on" not in audit
    assert markdown_states(cli, MOVED, "2027-03-20")["Audit sur site"] == "22/03/2027 (prévu)"


@pytest.mark.parametrize("as_of", ["2026-01-01", "2027-03-20", "2027-04-10"])
def test_the_calendar_gives_the_timelines_steps_on_the_same_dates(cli, as_of):
    assert calendar(cli, MOVED, as_of) == timeline(cli, MOVED, as_of)


def test_the_submission_to_come_is_a_step_of_every_format(cli):
    """The calendar had « Dépôt de la candidature » on 10/03/2026, which neither the JSON
    timeline nor « Prochaines échéances » listed."""
    assert timeline(cli, MOVED, "2026-01-01")["application-submitted"] == "2026-03-10"
    text = cli("evaluate", MOVED, "--as-of", "2026-01-01", "--fail-on", "never").stdout
    assert "10/03/2026 — Lycée des métiers\u202f: dépôt de la candidature" in text
    states = markdown_states(cli, MOVED, "2026-06-01")
    assert states["Dépôt de la candidature (labellisation initiale)"] == "10/03/2026 (a eu lieu)"


def test_an_audit_no_entry_records_is_not_said_to_have_taken_place(cli):
    states = markdown_states(cli, NO_AUDIT, "2027-06-01")
    assert states["Audit sur site"] == "15/03/2027 (date passée, aucun audit au dossier)"
    # Nothing says the plan was returned, nor that it is late: its date has passed, no more.
    assert states["Retour du plan d'audit validé (LDM 008)"] == "28/02/2027 (date passée)"
    assert "a eu lieu" not in "".join(
        state for what, state in states.items() if what.startswith("Audit")
    )


EUROSCOL_AND_E3D_AUDITS = """\
format = 1

[establishment]
uai = "0451442Y"
name = "Lycée professionnel Jean Lurçat"
kind = "lp"
sector = "public"

[[held]]
label = "euroscol"
awarded = 2023-06-15

[[applications]]
label = "euroscol"
type = "renewal"
submitted = 2026-02-01
audit = 2026-03-25

[[applications]]
label = "e3d"
type = "initial"
level = 1
submitted = 2026-02-10
audit = 2026-04-10
"""


def test_an_audit_of_a_label_without_an_audit_milestone_is_a_step_of_every_format(cli, tmp_path):
    """The time audit: the calendar had the Euroscol and E3D audits the dossier dates, which
    neither the JSON timeline nor the échéancier of the human reports listed (their labels
    declare no audit milestone; the contract's échéancier lists « audit »)."""
    (tmp_path / "dossier.toml").write_text(EUROSCOL_AND_E3D_AUDITS, "utf-8")
    result = cli("evaluate", tmp_path, "--as-of", "2026-01-01", "--format", "json")
    labels = json.loads(result.stdout)["dossiers"][0]["labels"]
    steps = {(label["label"], s["id"]): s["date"] for label in labels for s in label["timeline"]}
    assert steps[("euroscol", "audit:renewal")] == "2026-03-25"
    assert steps[("e3d", "audit:initial")] == "2026-04-10"
    ics = cli("evaluate", tmp_path, "--as-of", "2026-01-01", "--format", "ics").stdout
    events = {
        tuple(
            str(event["uid"]).removeprefix("0451442Y-").removesuffix("@labelcheck").split("-", 1)
        ): event.decoded("dtstart").isoformat()
        for event in Calendar.from_ical(ics).walk("VEVENT")
    }
    assert events == steps
    states = markdown_states(cli, tmp_path, "2026-01-01")
    assert states["Audit de renouvellement"] == "25/03/2026 (prévu)"
    assert states["Audit de labellisation"] == "10/04/2026 (prévu)"
