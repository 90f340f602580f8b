"""The multi-label example (examples/lycee-multilabel) end to end, as a school head would run it.

`labelcheck evaluate examples/lycee-multilabel --as-of 2026-05-20`: an LDM
renewal (not ready: deviation FE-2026-01 is open), an E3D level 2
application (ready), Euroscol held (valid, standing in for LDM criterion 6),
the GRETA's Eduform (valid), and the pieces serving several labels.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result
from labelcheck.core import french
from labelcheck.core.cli import main
from support import report

EXAMPLE = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
AS_OF = "2026-05-20"
SCHEMA = json.loads(
    (Path(__file__).parent / "fixtures" / "report-contract.schema.json").read_text("utf-8")
)
# LDM is ready: the écart found at the renewal audit only warns (cahier des charges 2026,
# 1re partie § 5: an écart is followed in the internal table; only a non-conformité blocks).
VERDICTS = {"e3d": "ready", "eduform": "valid", "euroscol": "valid", "ldm": "ready"}
SHARED_EVIDENCE = [
    {"id": "A6-1", "kind": "action", "refs": ["euroscol:3", "ldm:6", "ldm:6.32"]},
    {"id": "E2-1", "kind": "action", "refs": ["e3d:2", "ldm:3"]},
    {"id": "autoeval", "kind": "document", "refs": ["e3d", "ldm"]},
    {"id": "berufsschule-augsburg", "kind": "partner", "refs": ["euroscol:3", "ldm:6"]},
    {"id": "communication", "kind": "indicator", "refs": ["euroscol:4", "ldm:8"]},
    {"id": "conv-region", "kind": "document", "refs": ["e3d:3", "ldm:4"]},
    {"id": "cr-erasmus", "kind": "document", "refs": ["euroscol:3", "ldm:6", "ldm:6.32"]},
    {"id": "mobilites", "kind": "indicator", "refs": ["euroscol:3", "ldm:6", "ldm:6.32"]},
    # The projet d'établissement names no label: it serves both applications (LDM, E3D),
    # and the self-assessment attaches it to Euroscol domain 1 and E3D axis 1.
    {"id": "pe", "kind": "document", "refs": ["e3d", "e3d:1", "euroscol:1", "ldm"]},
    {"id": "pv-ca-2026", "kind": "document", "refs": ["e3d", "ldm"]},
    {"id": "region-cvl", "kind": "partner", "refs": ["e3d:1", "e3d:3", "ldm:4"]},
]


def run(*options: str) -> Result:
    return CliRunner().invoke(main, ["evaluate", str(EXAMPLE), "--as-of", AS_OF, *options])


# Each run once for the module: the tests below read the same output.
@pytest.fixture(scope="module")
def text() -> str:
    """The terminal report, its narrow no-break spaces (French typography) read as spaces."""
    return run().stdout.replace("\u202f", " ")


@pytest.fixture(scope="module")
def detailed() -> str:
    return run("--details").stdout.replace("\u202f", " ")


@pytest.fixture(scope="module")
def json_run() -> Result:
    return run("--format", "json")


@pytest.fixture(scope="module")
def dossier(json_run) -> dict:
    [dossier] = report(json_run)["dossiers"]
    return dossier


def labels(dossier: dict) -> dict[str, dict]:
    return {label["label"]: label for label in dossier["labels"]}


# -- what the school head reads ------------------------------------------------------------------


def test_the_text_report_gives_the_four_verdicts_in_french(text):
    assert "E3D — labellisation initiale, niveau 2, au 20/05/2026 : PRÊT" in text
    assert "Eduform — label détenu, sans candidature, au 20/05/2026 : VALIDE" in text
    assert "Euroscol — label détenu, sans candidature, au 20/05/2026 : VALIDE" in text
    assert "Lycée des métiers — renouvellement, au 20/05/2026 : PRÊT" in text
    assert "Écart FE-2026-01 non clos" in text


def test_the_text_report_names_the_equivalence_used_and_who_adopted_it(text, detailed):
    assert (
        "réputé satisfait (équivalence) via Euroscol — décision du 02/02/2026, groupe académique "
        "Lycée des métiers d'Orléans-Tours"
    ) in text
    assert "1 critère réputé satisfait par un autre label, sur décision" in text
    assert (
        "Critère ldm:6 réputé satisfait : label Euroscol en cours de validité, qui expire le 15/06/2027"
        in detailed
    )


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_label_standing_in_is_named_when_only_ldm_is_evaluated(fmt):
    """`--label ldm` leaves Euroscol out of the run: the criterion it stands in for read
    « via euroscol », its id, where the run of every label says « Euroscol » (the plugin
    author's audit)."""
    out = run("--label", "ldm", "--format", fmt).stdout.replace("\u202f", " ")
    named = {
        "text": "via {}",
        "markdown": "| {} : Sur décision",
        "html": '<span class="via">{}</span>',
    }[fmt]
    assert named.format("Euroscol") in out
    assert named.format("euroscol") not in out


def test_the_text_report_names_the_profile_of_the_school_s_academy(text):
    assert "Profil : automatique (celui de l'académie de chaque dossier)" in text
    assert "  Profil : centre-val-de-loire-2026 (académie d'Orléans-Tours)\n" in text


def test_the_text_report_lists_the_shared_evidence_and_the_eduform_link(text):
    assert "Preuves partagées entre labels" in text
    for entry in SHARED_EVIDENCE:
        assert (
            f"{entry['id']}, {french.EVIDENCE_KINDS[entry['kind']]}) : {', '.join(entry['refs'])}"
            in text
        )
    assert "Lien entre labels" in text and "(Eduform → ldm:2)" in text


# -- what programs read -----------------------------------------------------------------------------


def test_the_json_report_follows_the_contract(json_run):
    jsonschema.validate(report(json_run), SCHEMA)


def test_four_label_results_with_their_verdicts(dossier):
    assert {label_id: label["verdict"] for label_id, label in labels(dossier).items()} == VERDICTS
    ldm = labels(dossier)["ldm"]
    blocking = [(f["rule"], f["subject"]) for f in ldm["findings"] if f["severity"] == "blocking"]
    assert blocking == []
    warnings = [(f["rule"], f["subject"]) for f in ldm["findings"] if f["severity"] == "warning"]
    assert ("LDM-DEVIATION-OPEN", "FE-2026-01") in warnings  # the open écart warns, never blocks
    assert all(label["as_of"] == AS_OF for label in dossier["labels"])


def test_ldm_criterion_6_is_met_by_equivalence_via_euroscol(dossier):
    ldm = labels(dossier)["ldm"]
    ldm6 = next(c for c in ldm["criteria"] if c["ref"] == "ldm:6")
    assert (ldm6["status"], ldm6["via"], ldm6["equivalence"]) == (
        "met-by-equivalence",
        "euroscol",
        "euroscol-ldm-6",
    )
    assert "mobilites" in ldm6["evidence"]  # its own evidence still listed
    assert [(e["id"], e["applied"]) for e in ldm["equivalences"]] == [("euroscol-ldm-6", True)]


def test_the_shared_evidence_and_the_eduform_link(dossier):
    assert dossier["shared_evidence"] == SHARED_EVIDENCE
    assert [(link["id"], link["from"], link["to"]) for link in dossier["links"]] == [
        ("eduform-ldm-2", "eduform", "ldm:2")
    ]


# -- exit status ------------------------------------------------------------------------------------


def test_exit_0_as_nothing_blocks_and_1_when_failing_on_the_open_deviation_s_warning(json_run):
    assert run().exit_code == 0
    assert json_run.exit_code == 0
    assert run("--fail-on", "warning").exit_code == 1


def test_the_json_summary_counts_apart_the_labels_not_awarded_yet():
    """« 0 prêt, 2 non prêts, 2 pas encore attribués » in text, and so in JSON: it read
    `ready: 2` and `not_yet_awarded: 2`, six verdicts for four labels."""
    summary = report(run("--format", "json", "--as-of", "2024-05-01"))["summary"]
    assert (summary["ready"], summary["not_ready"], summary["not_yet_awarded"]) == (0, 2, 2)
    verdicts = ("ready", "not_ready", "valid", "renewal_due", "expired", "not_yet_awarded")
    assert sum(summary[v] for v in verdicts) == summary["labels"]
    assert "not_yet_awarded" not in report(run("--format", "json"))["summary"]
