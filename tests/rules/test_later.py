"""Kind `dated-later` (rules/later.py): what the dossier dates after the as-of date, set aside."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kinds import Case, cases, check

MODULE = "later"


@cases(
    Case("dated-the-as-of-day-counts", "T-LATER", "piece-on-the-day.toml"),
    Case("dated-after-is-set-aside", "T-LATER", "piece-after.toml", ("pv-ca",)),
    Case("as-of-given-later-still", "T-LATER", "piece-after.toml", as_of="2026-05-21"),
    Case("another-labels-piece-not-reported", "T-LATER", "piece-after-for-another-label.toml"),
    # A measure's subject is the indicator and its year: order never changes a report.
    Case("measure-after-by-year", "T-LATER", "measure-after.toml", ("mobilites:2027",)),
    # The as-of day's year, the as-of day itself count (a `>` for `>=` on either survived the
    # verdict tests: the mutation audit).
    Case("measure-of-the-as-of-year-counts", "T-LATER", "measure-this-year.toml"),
    Case("action-done-the-as-of-day-counts", "T-LATER", "action-done-on-the-day.toml"),
    Case("action-done-after-is-set-aside", "T-LATER", "action-done-after.toml", ("A-1",)),
)
def test_dated_later_reports_what_the_evaluation_did_not_count(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_dated_later_message_says_what_and_its_effect(engine, registry):
    [finding] = check(
        engine, registry, MODULE, Case("piece", "T-LATER", "piece-after.toml", ("pv-ca",))
    )
    assert finding.message == (
        "Pièce pv-ca du 21/05/2026, après le 20/05/2026 : elle n'est pas prise en compte"
    )


def test_a_fiche_set_aside_is_named_by_its_grade(engine, registry):
    """An écart is not a non-conformité (LDM 010 and 013): the grade given names it, else the
    label's default grade (LDM: nonconformity)."""
    for fixture, message in (
        ("fiche-after-deviation.toml", "Écart FE-1 du 21/05/2026, après le 20/05/2026 : il n'est"),
        ("fiche-after-none.toml", "Non-conformité FE-1 du 21/05/2026, après le 20/05/2026 : elle"),
    ):
        [finding] = check(engine, registry, MODULE, Case(fixture, "T-LATER", fixture, ("FE-1",)))
        assert finding.message.startswith(message)


def test_an_audit_set_aside_is_named_by_its_type_and_its_label(engine, registry):
    """Not by its internal id: « Audit « ldm » » (the French audit)."""
    case = Case("audit", "T-LATER", "audit-after.toml", ("ldm",))
    [finding] = check(engine, registry, MODULE, case)
    assert finding.message.startswith("Audit de suivi Lycée des métiers du 15/11/2026, après")


def test_a_decision_dated_later_is_reported_under_the_label_it_decides_for(cli, tmp_path):
    """The multilabel example's decision (euroscol-ldm-6) dated after the as-of date: under
    LDM alone, whose criterion it makes met, not under each of the school's four labels."""
    school = tmp_path / "lycee"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "lycee-multilabel", school)
    dossier = school / "dossier.toml"
    text = dossier.read_text("utf-8")
    assert 'equivalence = "euroscol-ldm-6"' in text and "date = 2026-02-02" in text
    dossier.write_text(text.replace("date = 2026-02-02", "date = 2026-06-01"), "utf-8")
    result = cli("evaluate", school, "--as-of", "2026-05-20", "--format", "json")
    [report] = json.loads(result.stdout)["dossiers"]
    reported = {
        label["label"]: [f["subject"] for f in label["findings"] if f["rule"] == "DATED-LATER"]
        for label in report["labels"]
    }
    assert reported == {"e3d": [], "eduform": [], "euroscol": [], "ldm": ["euroscol-ldm-6"]}


def test_an_element_set_aside_cites_the_dossier_format_whatever_its_label(cli, tmp_path):
    """« Judged as it stood at the as-of date » is the dossier format's rule, for every label:
    an E3D award dated later cited the Lycée des métiers circular, a text an E3D school
    has no reason to know."""
    school = tmp_path / "lycee"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "lycee-multilabel", school)
    result = cli("evaluate", school, "--as-of", "2023-05-31", "--format", "json")
    [report] = json.loads(result.stdout)["dossiers"]
    cited = {
        (label["label"], f["source"]["document"])
        for label in report["labels"]
        for f in label["findings"]
        if f["rule"] == "DATED-LATER"
    }
    assert ("e3d", "Format du dossier labelcheck, version 1.1") in cited
    assert all(document == "Format du dossier labelcheck, version 1.1" for _, document in cited)


def test_a_piece_set_aside_is_reported_under_the_labels_it_would_serve(cli):
    """A piece naming no `supports` serves its type's label, and a shared type the labels
    applied for: the LDM application form dated later is LDM's notice, not repeated under
    Euroscol and Eduform, held with no application (the dossier audit)."""
    example = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
    result = cli("evaluate", example, "--as-of", "2026-03-01", "--format", "json")
    [report] = json.loads(result.stdout)["dossiers"]
    pieces = {
        label["label"]: sorted(
            f["subject"]
            for f in label["findings"]
            if f["rule"] == "DATED-LATER" and f["message"].startswith("Pièce")
        )
        for label in report["labels"]
    }
    assert pieces == {
        "e3d": ["e3d-positionnement", "pv-ca-2026"],
        "eduform": [],
        "euroscol": [],
        "ldm": ["fiche", "pv-ca-2026"],
    }
