"""The JUnit report: what CI readers expect, one suite per dossier, a case per label and criterion."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from labelcheck.core.french import NNBSP
from labelcheck.core.report import Finding
from labelcheck.core.writers.junit import finding_line
from report_fixtures import render

WHOLE_LDM = f"ldm Lycée des métiers{NNBSP}: ensemble du label"


@pytest.fixture(scope="module")
def root(multilabel, lurcat, invalid) -> ET.Element:
    return ET.fromstring(render("junit", [multilabel, lurcat, invalid]).encode("utf-8"))


def suite(root, uai: str) -> ET.Element:
    return next(s for s in root.iter("testsuite") if s.get("name").endswith(f"({uai})"))


def cases(testsuite: ET.Element) -> dict[str, ET.Element]:
    return {case.attrib["name"]: case for case in testsuite.iter("testcase")}


def test_one_suite_per_dossier_named_by_path_and_uai(root):
    assert root.tag == "testsuites"
    assert [s.get("name") for s in root.iter("testsuite")] == [
        "dossiers/lycee-jacques-coeur/dossier.toml (0180036S)",
        "examples/lp-jean-lurcat/dossier.toml (0451442Y)",
        "dossiers/lycee-<invalide>/dossier.toml",
    ]


def test_one_case_per_label_and_per_criterion(multilabel, root):
    found = cases(suite(root, "0180036S"))
    expected = len(multilabel.labels) + sum(len(label.criteria) for label in multilabel.labels)
    assert len(found) == expected
    assert "ldm:6 La mise en œuvre d'actions visant à l'ouverture internationale" in found
    assert (
        found[WHOLE_LDM].get("classname")
        == "0180036S dossiers/lycee-jacques-coeur/dossier.toml · ldm"
    )


def test_blocking_findings_fail_with_the_rule_message_id_and_source(root):
    found = cases(suite(root, "0180036S"))
    failure = found[WHOLE_LDM].find("failure")
    assert (
        failure.get("message")
        == "Pièce obligatoire absente : procès-verbal du conseil d'administration"
    )
    assert failure.get("type") == "LDM-DOC-REQUIRED"
    assert failure.text.startswith("LDM-DOC-REQUIRED [bloquant]")
    assert f"source{NNBSP}: Cahier des charges LDM 2026, annexe 3" in failure.text
    assert (
        "(au plus tard le 30/09/2026)"
        in found["ldm:7 La prévention du décrochage scolaire"].find("failure").text
    )


def test_warnings_are_output_not_failures(root):
    case = cases(suite(root, "0180036S"))["ldm:2 L'accueil de publics de statuts différents"]
    assert case.find("failure") is None
    assert "LDM-INDICATOR-PER-CRITERION [avertissement]" in case.find("system-out").text


def test_a_criterion_that_does_not_apply_is_skipped(root):
    case = cases(suite(root, "0180036S"))[
        "eduform:2 L'identification précise des objectifs des prestations"
    ]
    assert case.find("skipped").get("message") == "non applicable"


def test_a_criterion_of_a_label_held_without_application_is_skipped_not_passed(root):
    """Not evaluated is not a test passed: CI counted thousands of them as passed."""
    skipped = [
        case
        for case in root.iter("testcase")
        if case.find("skipped") is not None and case.find("skipped").get("message") == "non évalué"
    ]
    assert len(skipped) == 2
    assert all(case.find("failure") is None for case in skipped)


HELD_WITH_A_FICHE_OPEN = """format = 1

[establishment]
uai = "0450001G"
name = "Lycée professionnel Anatole-France"
kind = "lp"
sector = "public"

[[held]]
label = "ldm"
awarded = 2021-09-01

[[nonconformities]]
id = "FE-2026-01"
ref = "ldm:7"
audit_type = "renewal"
raised = 2026-01-20
due = 2026-03-30
status = "open"
corrective_action = "Formaliser le GPDS"
owner = "CPE"
"""


def test_a_criterion_not_evaluated_that_blocks_fails_and_is_not_also_skipped(cli, tmp_path):
    """A label held with no application: its criteria are not evaluated, so skipped; ldm:7,
    whose fiche d'écart is open past its deadline, fails, and a case failed is not one skipped
    too (a reader would count it twice, or show it skipped)."""
    (tmp_path / "dossier.toml").write_text(HELD_WITH_A_FICHE_OPEN, "utf-8")
    result = cli("evaluate", tmp_path, "--as-of", "2026-05-20", "--format", "junit")
    assert result.exit_code == 1, result.output
    [testsuite] = ET.fromstring(result.stdout.encode("utf-8")).iter("testsuite")
    criteria = {name.split(" ", 1)[0]: case for name, case in cases(testsuite).items()}
    failing = criteria["ldm:7"]
    assert failing.find("failure").get("type") == "LDM-NC-OPEN"
    assert failing.find("skipped") is None
    others = [case for ref, case in criteria.items() if ref.startswith("ldm:") and ref != "ldm:7"]
    assert others and all(case.find("skipped") is not None for case in others)
    assert (testsuite.get("failures"), testsuite.get("skipped")) == ("1", str(len(others)))


def test_an_invalid_dossier_is_one_failing_case_listing_its_errors(root):
    invalid = next(s for s in root.iter("testsuite") if "invalide" in s.get("name"))
    (case,) = invalid.iter("testcase")
    failure = case.find("failure")
    assert failure.get("message") == f"Dossier invalide{NNBSP}: 2 erreurs"
    assert "establishment.uai" in failure.text and "documents[2].date" in failure.text
    properties = {p.get("name"): p.get("value") for p in invalid.iter("property")}
    assert properties["name"] == 'Lycée <script>alert("x")</script> & Cie'


def test_counts_match_the_cases(root):
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for testsuite in root.iter("testsuite"):
        found = list(testsuite.iter("testcase"))
        counted = {
            "tests": len(found),
            "failures": sum(c.find("failure") is not None for c in found),
            "errors": sum(c.find("error") is not None for c in found),
            "skipped": sum(c.find("skipped") is not None for c in found),
        }
        assert {key: int(testsuite.get(key)) for key in counted} == counted
        totals = {key: totals[key] + counted[key] for key in totals}
    assert {key: int(root.get(key)) for key in ("tests", "failures", "errors")} == {
        key: totals[key] for key in ("tests", "failures", "errors")
    }
    # Skipped: eduform:2, which does not apply, and the two criteria of a label held with no
    # application, which are not evaluated.
    assert totals["failures"] == 3 and totals["errors"] == 0 and totals["skipped"] == 3


def test_the_fields_junit_readers_require_are_there(root):
    """The attributes of the common JUnit XML schema (Ant / Jenkins / GitLab readers)."""
    for testsuite in root.iter("testsuite"):
        assert {"name", "tests", "failures", "errors", "skipped", "time"} <= set(testsuite.keys())
        for case in testsuite.iter("testcase"):
            assert {"name", "classname", "time"} <= set(case.keys())
            for outcome in ("failure", "error", "skipped"):
                assert len(case.findall(outcome)) <= 1
            for problem in [*case.findall("failure"), *case.findall("error")]:
                assert problem.get("message") and problem.get("type")


def failure_message_of(multilabel, message: str) -> str | None:
    """The JUnit failure's message of the example's first finding of its third label, that
    finding's message replaced by `message` (a dossier's text, untrusted)."""
    label = multilabel.labels[2]
    finding = dataclasses.replace(label.findings[0], message=message)
    broken = dataclasses.replace(
        multilabel, labels=(dataclasses.replace(label, findings=(finding,)),)
    )
    failure = ET.fromstring(render("junit", [broken]).encode("utf-8")).find(".//failure")
    assert failure is not None
    return failure.get("message")


def test_control_characters_from_a_dossier_cannot_break_the_xml(multilabel):
    assert failure_message_of(multilabel, "Pièce\x01 absente\x0b") == "Pièce\ufffd absente\ufffd"


def test_a_dossier_s_text_cannot_reorder_or_escape_what_a_ci_page_shows(multilabel):
    """Bidirectional overrides (« Trojan Source ») and C1 controls (U+009B opens an escape
    sequence) passed into the XML as they were (the hardening audit): shown as escapes, as
    the text report shows them."""
    shown = failure_message_of(multilabel, "Pièce \u202eetnesba\u202c \u009b31m")
    assert shown == "Pièce \\u202eetnesba\\u202c \\u009b31m"


def test_a_due_date_the_message_says_is_not_said_again():
    """« Le label Euroscol a expiré le 15/06/2022 » is no deadline « avant le 15/06/2022 »:
    the date is given once, as the text report gives it."""
    expired = Finding(
        rule="EUROSCOL-VALIDITY-EXPIRED",
        kind="validity",
        severity="warning",
        ref="euroscol",
        subject="euroscol",
        message="Le label Euroscol a expiré le 15/06/2022 (constat au 20/05/2026)",
        due=dt.date(2022, 6, 15),
    )
    assert "avant le" not in finding_line(expired)
    open_deviation = dataclasses.replace(
        expired, kind="open-nonconformity", message="Écart FE-2026-01 non clos (ldm:7)"
    )
    # The day itself is still in time (LDM 010: « au plus tard le 30/09 »).
    assert finding_line(open_deviation).split("\n")[0].endswith("(au plus tard le 15/06/2022)")


def test_a_first_day_too_late_is_said_before_it():
    """An expiry is the first day the label has expired: « avant le », not « au plus tard le »."""
    expiring = Finding(
        rule="T-VALIDITY",
        kind="validity",
        severity="warning",
        ref="euroscol",
        subject="euroscol",
        message="Le label Euroscol est à renouveler",
        due=dt.date(2026, 6, 15),
        due_exclusive=True,
    )
    assert (
        finding_line(expiring, dt.date(2026, 6, 14))
        .split("\n")[0]
        .endswith("(avant le 15/06/2026)")
    )
    assert (
        finding_line(expiring, dt.date(2026, 6, 15))
        .split("\n")[0]
        .endswith("(échéance du 15/06/2026 dépassée)")
    )
