"""Kind `equivalence` (rules/equivalence.py): Euroscol standing in for LDM's criterion 6, as decided."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from kinds import Case, cases, check

MODULE = "equivalence"
ADOPTED = "euroscol-adopted.toml"  # a profile adopting the equivalence for every school


@cases(
    Case("in-force-adopted-by-profile", "T-APPLIED", "euroscol-valid.toml", ("ldm:6",), ADOPTED),
    Case("in-force-decided-in-dossier", "T-APPLIED", "euroscol-decided.toml", ("ldm:6",)),
    # An equivalence is a decision, never automatic.
    Case("in-force-not-decided", "T-APPLIED", "euroscol-valid.toml"),
    Case("adopted-but-expired", "T-APPLIED", "euroscol-expired.toml", (), ADOPTED),
    Case("other-label-not-held", "T-APPLIED", "no-euroscol.toml", (), ADOPTED),
    # The other label held by another body (`holder`) is not the school's own.
    Case("other-label-held-elsewhere", "T-APPLIED", "euroscol-decided-held-elsewhere.toml"),
    Case("holder-is-the-school", "T-APPLIED", "euroscol-decided-held-here.toml", ("ldm:6",)),
    Case(
        "holder-is-the-school-in-capitals",
        "T-APPLIED",
        "euroscol-decided-held-here-capitals.toml",
        ("ldm:6",),
    ),
)
def test_equivalence_applied(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    Case("adopted-and-expired", "T-LAPSED", "euroscol-expired.toml", ("ldm:6",), ADOPTED),
    Case("adopted-awarded-after-as-of", "T-LAPSED", "euroscol-later.toml", ("ldm:6",), ADOPTED),
    Case("expired-not-adopted", "T-LAPSED", "euroscol-expired.toml"),
    Case("decided-held-elsewhere", "T-LAPSED", "euroscol-decided-held-elsewhere.toml", ("ldm:6",)),
    Case("adopted-in-force", "T-LAPSED", "euroscol-valid.toml", (), ADOPTED),
)
def test_equivalence_lapsed(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    Case("in-force-no-decision", "T-UNDECIDED", "euroscol-valid.toml", ("ldm:6",)),
    Case("in-force-adopted", "T-UNDECIDED", "euroscol-valid.toml", (), ADOPTED),
    Case("in-force-decided", "T-UNDECIDED", "euroscol-decided.toml"),
    Case("expired-nothing-to-decide", "T-UNDECIDED", "euroscol-expired.toml"),
    Case("not-held", "T-UNDECIDED", "no-euroscol.toml"),
)
def test_equivalence_undecided(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    Case("by-profile", "T-APPLIED", "euroscol-valid.toml", ("ldm:6",), ADOPTED),
    Case("by-decision", "T-APPLIED", "euroscol-decided.toml", ("ldm:6",)),
    Case("expired", "T-LAPSED", "euroscol-expired.toml", ("ldm:6",), ADOPTED),
    Case("not-yet-awarded", "T-LAPSED", "euroscol-later.toml", ("ldm:6",), ADOPTED),
    Case("held-elsewhere", "T-LAPSED", "euroscol-decided-held-elsewhere.toml", ("ldm:6",)),
)
def test_equivalence_message_says_who_decided_and_why_not(engine, registry, case):
    [finding] = check(engine, registry, MODULE, case)
    assert finding.message == MESSAGES[case.id]


MESSAGES = {
    "by-profile": "ldm:6 par Euroscol (euroscol) : équivalence adoptée pour tous les établissements "
    "par le profil « avec-equivalence »",
    "by-decision": "ldm:6 par Euroscol (euroscol) : décision du 02/02/2026, groupe académique Lycée des métiers",
    "expired": "ldm:6 : Euroscol a expiré le 15/01/2025",
    "not-yet-awarded": "ldm:6 : Euroscol n'est attribué qu'à compter du 01/06/2026",
    "held-elsewhere": "ldm:6 : Euroscol est détenu par Collège Voltaire (établissement voisin), "
    "non par l'établissement",
}


REMEDIES = {
    "expired": "Renouveler le label Euroscol ou documenter le critère ldm:6.",
    # Not « renouveler »: a label not awarded yet is waited for, one never held obtained.
    "not-yet-awarded": "Attendre l'attribution du label Euroscol, le 01/06/2026, ou documenter "
    "le critère ldm:6.",
    "not-held": "Obtenir le label Euroscol ou documenter le critère ldm:6.",
}


@cases(
    Case("expired", "T-LAPSED", "euroscol-expired.toml", ("ldm:6",), ADOPTED),
    Case("not-yet-awarded", "T-LAPSED", "euroscol-later.toml", ("ldm:6",), ADOPTED),
    Case("not-held", "T-LAPSED", "no-euroscol-decided.toml", ("ldm:6",)),
)
def test_the_remedy_of_a_lapsed_equivalence_fits_why_it_lapsed(engine, registry, case):
    [finding] = check(engine, registry, MODULE, case)
    assert finding.remedy == REMEDIES[case.id]


def example_without(tmp_path: Path, table: str, label: str) -> Path:
    """A copy of the multilabel example without its `[[table]]` entry of `label`."""
    school = tmp_path / "lycee"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "lycee-multilabel", school)
    dossier = school / "dossier.toml"
    text = dossier.read_text("utf-8")
    entry = re.compile(rf'\[\[{table}\]\]\nlabel = "{label}"\n(?:[^\[\n][^\n]*\n|\n)*')
    assert entry.search(text), f"the example's {label} [[{table}]] moved: update this test"
    dossier.write_text(entry.sub("", text, count=1), "utf-8")
    return school


def test_a_decision_counting_on_a_label_the_school_does_not_hold_is_said(cli, tmp_path):
    """The multilabel example without its Euroscol [[held]], its decision kept: ldm:6 is
    examined as usual, and LDM-EQUIVALENCE-LAPSED says why (it said nothing)."""
    school = example_without(tmp_path, "held", "euroscol")
    result = cli("evaluate", school, "--as-of", "2026-05-20", "--format", "json")
    [report] = json.loads(result.stdout)["dossiers"]
    [ldm] = [label for label in report["labels"] if label["label"] == "ldm"]
    [lapsed] = [f for f in ldm["findings"] if f["rule"] == "LDM-EQUIVALENCE-LAPSED"]
    assert lapsed["message"].startswith("Le label Euroscol n'est pas détenu par l'établissement")
    assert {c["ref"]: c["status"] for c in ldm["criteria"]}["ldm:6"] != "met-by-equivalence"


def test_a_label_held_with_no_application_has_no_criterion_met_by_equivalence(cli, tmp_path):
    """The multilabel example without its LDM application, its decision and its Euroscol award
    kept: no application is judged, so ldm:6 is « non évalué » like every other criterion, and
    no equivalence is said to apply (cli-and-report: such a label's criteria are not evaluated)."""
    school = example_without(tmp_path, "applications", "ldm")
    result = cli("evaluate", school, "--as-of", "2026-05-20", "--format", "json", "--label", "ldm")
    [report] = json.loads(result.stdout)["dossiers"]
    [ldm] = report["labels"]
    assert ldm["application"] is None
    assert {c["status"] for c in ldm["criteria"]} == {"not-evaluated"}
    assert ldm["equivalences"] == []


@cases(
    # Circular § 3: « le groupe Lycée des métiers peut décider »; a school cannot grant itself
    # the criterion.
    Case("by-the-school", "T-REFUSED", "euroscol-decided-by-school.toml", ("ldm:6",)),
    Case("by-the-groupe", "T-REFUSED", "euroscol-decided.toml"),
    Case("by-the-groupe-short-name", "T-REFUSED", "euroscol-decided-ldm.toml"),
    # Every labelled school's name holds « lycée des métiers »: its head is not the groupe.
    Case("by-a-labelled-school", "T-REFUSED", "euroscol-decided-by-ldm-head.toml", ("ldm:6",)),
    Case("by-the-groupe-punctuated", "T-REFUSED", "euroscol-decided-punctuated.toml"),
    # « Groupe de pilotage … du lycée des métiers »: every word of the name, not the name.
    Case(
        "by-the-school-s-own-group",
        "T-REFUSED",
        "euroscol-decided-by-school-group.toml",
        ("ldm:6",),
    ),
    # The groupe's short name, but the school's own group: « interne ».
    Case(
        "by-an-internal-group",
        "T-REFUSED",
        "euroscol-decided-by-internal-group.toml",
        ("ldm:6",),
    ),
    # The groupe named, but not as who decided: its advice, a request to it, a copy to it
    # (circular § 3: « le groupe Lycée des métiers peut décider »).
    Case(
        "on-the-groupe-s-advice",
        "T-REFUSED",
        "euroscol-decided-on-the-groupe-s-advice.toml",
        ("ldm:6",),
    ),
    Case("asked-of-the-groupe", "T-REFUSED", "euroscol-asked-of-the-groupe.toml", ("ldm:6",)),
    Case("groupe-in-copy", "T-REFUSED", "euroscol-decided-groupe-in-copy.toml", ("ldm:6",)),
    Case(
        "by-the-groupe-after-an-article", "T-REFUSED", "euroscol-decided-groupe-with-article.toml"
    ),
    Case(
        "adopted-by-the-profile-anyway", "T-REFUSED", "euroscol-decided-by-school.toml", (), ADOPTED
    ),
    Case("refused-so-not-applied", "T-APPLIED", "euroscol-decided-by-school.toml"),
    Case("short-name-applied", "T-APPLIED", "euroscol-decided-ldm.toml", ("ldm:6",)),
    Case("advice-not-applied", "T-APPLIED", "euroscol-decided-on-the-groupe-s-advice.toml"),
    Case("refused-is-not-also-undecided", "T-UNDECIDED", "euroscol-decided-by-school.toml"),
)
def test_a_decision_counts_when_taken_by_the_body_that_may_decide(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    Case("no-decision", "T-RECORDED", "euroscol-valid.toml", ("ldm:6",)),
    Case("decided-later", "T-RECORDED", "euroscol-decided-later.toml", ("ldm:6",)),
    Case("by-the-school", "T-REFUSED", "euroscol-decided-by-school.toml", ("ldm:6",)),
)
def test_what_the_dossier_records_of_a_decision_not_counted_is_said(engine, registry, case):
    """An undecided equivalence said « aucune décision n'est enregistrée » when the dossier
    recorded one dated after the as-of date (the dossier-format audit)."""
    [finding] = check(engine, registry, MODULE, case)
    assert finding.message == RECORDED[case.id]


RECORDED = {
    "no-decision": "ldm:6 : aucune décision n'est enregistrée",
    "decided-later": "ldm:6 : la décision enregistrée, du 02/06/2026, est postérieure à la date "
    "d'évaluation",
    "by-the-school": "ldm:6 : décision du 02/02/2026, auteur indiqué : «\u202fProviseur du "
    "lycée Jean Lurçat\u202f»",
}
