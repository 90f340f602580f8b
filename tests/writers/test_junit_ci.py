"""The JUnit report as CI shows it: a case told apart from every other across many dossiers.

GitLab lists a case by `classname` ("Suite") and `name` ("Name"), keeps only the first of
two cases with the same pair, and compares merge requests by it.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

from labelcheck.core.french import NNBSP
from report_fixtures import render


def junit(results) -> ET.Element:
    return ET.fromstring(render("junit", results).encode("utf-8"))


def copies(result, count: int) -> list:
    """`count` schools with the same findings, as an academy's repository holds them."""
    return [
        dataclasses.replace(result, path=f"dossiers/lycee-{n:02}/dossier.toml", uai=f"01800{n:02}X")
        for n in range(count)
    ]


def test_fifty_dossiers_give_fifty_times_as_many_distinct_cases(multilabel):
    cases = list(junit(copies(multilabel, 50)).iter("testcase"))
    keys = {(case.get("classname"), case.get("name")) for case in cases}
    assert len(cases) == len(keys) == 50 * len(list(junit([multilabel]).iter("testcase")))


def test_a_case_names_the_dossier_and_label_then_the_criterion_and_carries_the_file(multilabel):
    cases = list(junit([multilabel]).iter("testcase"))
    assert {case.get("file") for case in cases} == {"dossiers/lycee-jacques-coeur/dossier.toml"}
    criterion = next(case for case in cases if case.get("name").startswith("ldm:7 "))
    assert criterion.get("classname") == "0180036S dossiers/lycee-jacques-coeur/dossier.toml · ldm"
    assert criterion.get("name") == "ldm:7 La prévention du décrochage scolaire"


def test_an_invalid_dossier_fails_a_case_listing_every_error_as_the_terminal_does(invalid):
    (case,) = junit([invalid]).iter("testcase")
    assert case.get("classname") == case.get("file") == "dossiers/lycee-<invalide>/dossier.toml"
    assert case.get("name") == "lecture et validation du dossier"
    failure = case.find("failure")
    assert failure.get("type") == "invalid-dossier"
    assert failure.get("message") == f"Dossier invalide{NNBSP}: 2 erreurs"
    assert failure.text.splitlines() == [str(error) for error in invalid.errors]
    assert all(re.match(r"^\S+\.toml:\d+: \S+: ", line) for line in failure.text.splitlines())


def test_an_internal_error_is_a_case_of_its_own_in_error(multilabel):
    broken = dataclasses.replace(multilabel, internal_error="RuntimeError: plugin ldm a échoué")
    suite = junit([broken]).find("testsuite")
    errors = [case for case in suite.iter("testcase") if case.find("error") is not None]
    assert [(case.get("classname"), case.get("name")) for case in errors] == [
        ("0180036S dossiers/lycee-jacques-coeur/dossier.toml", "erreur interne de labelcheck")
    ]
    assert errors[0].find("error").get("type") == "internal-error"
    assert errors[0].find("failure") is None
    assert suite.get("errors") == "1"


def test_the_same_results_give_the_same_bytes(multilabel, lurcat, invalid):
    assert render("junit", [multilabel, lurcat, invalid]) == render(
        "junit", [multilabel, lurcat, invalid]
    )
