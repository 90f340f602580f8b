"""An open non-conformité on a criterion takes precedence over the equivalence standing in for it.

The multi-label example records the decision that Euroscol counts for LDM criterion 6. With a
fiche d'écart graded non-conformité open on ldm:6, the label was NON PRÊT on « Non-conformité
FE-2026-02 non levée (ldm:6) » while ldm:6 read « réputé satisfait (équivalence) via
Euroscol » (JSON `met-by-equivalence`): « Non-conformité : Écart répété ou systématique […]
empêchant de satisfaire le critère correspondant » (cahier des charges 2026, 1re partie, § 5),
which blocks the award or renewal until lifted (dossier format 1.1). An écart only warns: it
leaves the equivalence be.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from labelcheck.core.report import SetAside
from support import criterion, ldm, report

EXAMPLE = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
AS_OF = "2026-05-20"
EUROSCOL = SetAside("euroscol-ldm-6", "euroscol", "Euroscol", ("FE-2026-02",))


def fiche(ref: str = "ldm:6", grade: str = "nonconformity", lifted: str | None = None) -> str:
    state = f'status = "lifted"\nlifted = {lifted}' if lifted else 'status = "open"'
    return f"""
[[nonconformities]]
id = "FE-2026-02"
ref = "{ref}"
grade = "{grade}"
audit_type = "renewal"
raised = 2026-05-20
due = 2026-09-30
{state}
corrective_action = "Relancer les mobilités de la section européenne"
owner = "DDFPT"
"""


# A non-conformité the renewal audit graded on ldm:6, with no fiche in the dossier: it counts
# as open (dossier format 1.1), and the dossier names no fiche.
GRADED_WITHOUT_FICHE = """
[[audits.findings]]
ref = "ldm:6"
grade = "nonconformity"
text = "Aucune mobilité depuis deux ans"
"""


def school(tmp_path: Path, added: str) -> Path:
    folder = tmp_path / "lycee"
    shutil.copytree(EXAMPLE, folder)
    dossier = folder / "dossier.toml"
    dossier.write_text(dossier.read_text("utf-8") + added, "utf-8")
    return dossier


def judged(evaluate, tmp_path: Path, added: str):
    return ldm(evaluate(school(tmp_path, added), as_of=AS_OF))


def test_the_example_s_equivalence_stands_in_for_criterion_6(evaluate, tmp_path):
    label = judged(evaluate, tmp_path, "")
    assert criterion(label, "ldm:6").status == "met-by-equivalence"
    assert criterion(label, "ldm:6").set_aside is None


@pytest.mark.parametrize("ref", ["ldm:6", "ldm:6.32"])  # on the criterion, or on one of its items
def test_an_open_nonconformity_sets_the_equivalence_aside(evaluate, tmp_path, ref):
    label = judged(evaluate, tmp_path, fiche(ref))
    ldm6 = criterion(label, "ldm:6")
    assert (ldm6.status, ldm6.via, ldm6.set_aside) == ("not-met", None, EUROSCOL)
    assert label.verdict == "not-ready"
    [used] = label.equivalences
    assert (used["applied"], used["set_aside_by"]) == (False, ["FE-2026-02"])


def test_a_graded_nonconformity_without_its_fiche_sets_it_aside_too(evaluate, tmp_path):
    label = judged(evaluate, tmp_path, GRADED_WITHOUT_FICHE)
    ldm6 = criterion(label, "ldm:6")
    assert (ldm6.status, ldm6.set_aside) == ("not-met", EUROSCOL._replace(fiches=()))


@pytest.mark.parametrize(
    "added",
    [fiche(grade="deviation"), fiche(lifted="2026-05-20")],
    ids=["an-ecart-only-warns", "lifted-by-the-as-of-date"],
)
def test_what_does_not_block_leaves_the_equivalence_be(evaluate, tmp_path, added):
    label = judged(evaluate, tmp_path, added)
    ldm6 = criterion(label, "ldm:6")
    assert (ldm6.status, ldm6.via, ldm6.set_aside) == ("met-by-equivalence", "euroscol", None)
    assert [used["applied"] for used in label.equivalences] == [True]


def test_the_reports_say_why_the_equivalence_did_not_apply(cli, tmp_path):
    dossier = school(tmp_path, fiche())
    run = ("evaluate", dossier, "--as-of", AS_OF, "--label", "ldm")
    text = cli(*run).stdout
    assert "Non-conformité FE-2026-02 non levée (ldm:6)" in text
    [line] = [line for line in text.splitlines() if line.strip().startswith("ldm:6 ")]
    assert line.endswith(
        ": à compléter — équivalence via Euroscol non appliquée "
        "(non-conformité FE-2026-02 non levée)"
    ), line
    assert "réputé satisfait" not in line
    [label] = report(cli(*run, "--format", "json"))["dossiers"][0]["labels"]
    [ldm6] = [c for c in label["criteria"] if c["ref"] == "ldm:6"]
    assert (ldm6["status"], ldm6["equivalence_set_aside"]) == ("not-met", "euroscol-ldm-6")
    assert "via" not in ldm6  # the other label did not stand in
    markdown = cli(*run, "--format", "markdown").stdout
    assert "| à compléter |" in markdown and "Euroscol non appliquée" in markdown
    assert json.loads(cli(*run, "--format", "json").stdout)["summary"]["not_ready"] == 1
