"""The JUnit report holds only what Jenkins xUnit's schema allows: xUnit validates every report
against it and drops one that fails (« invalid input », the CI audit: a root `skipped`).

The schema is junit-10.xsd of jenkinsci/xunit-plugin
(src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd, unchanged since
commit ae25da5, 2018-12-15), to which pytest's JUnit output conforms. Without an XML schema
library among the test dependencies, its rules are written out here, element by element.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest
from report_fixtures import render

OUTCOME: dict[str, set[str]] = {"attributes": {"type", "message"}, "children": set()}
OUTPUT: dict[str, set[str]] = {"attributes": set(), "children": set()}
# Per element: the attributes it may carry, those it must, and the children it may hold.
SCHEMA: dict[str, dict[str, set[str]]] = {
    "testsuites": {
        "attributes": {"name", "time", "tests", "failures", "errors"},
        "children": {"testsuite"},
    },
    "testsuite": {
        "attributes": {
            *("name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp"),
            *("hostname", "id", "package", "file", "log", "url", "version"),
        },
        "required": {"name", "tests", "failures", "errors"},
        "children": {"testsuite", "properties", "testcase", "system-out", "system-err"},
    },
    "properties": {"attributes": set(), "children": {"property"}},
    "property": {"attributes": {"name", "value"}, "required": {"name", "value"}, "children": set()},
    "testcase": {
        "attributes": {"name", "time", "classname", "group"},
        "required": {"name"},
        "children": {"skipped", "error", "failure", "system-out", "system-err"},
    },
    "failure": OUTCOME,
    "error": OUTCOME,
    "skipped": OUTCOME,
    "system-out": OUTPUT,
    "system-err": OUTPUT,
}
# The one attribute kept beyond the schema: the dossier's path on each case, which GitLab shows
# and docs/fr/commandes-et-rapports.md promises (« chaque cas porte le chemin du dossier »).
BEYOND_SCHEMA = {"testcase": {"file"}}
# `time` is the schema's SUREFIRE_TIME.
SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?")


def schema_errors(root: ET.Element) -> list[str]:
    errors = [] if root.tag == "testsuites" else [f"racine {root.tag}"]
    for element in root.iter():
        rules = SCHEMA.get(element.tag)
        if rules is None:
            errors.append(f"élément {element.tag}")
            continue
        allowed = rules["attributes"] | BEYOND_SCHEMA.get(element.tag, set())
        errors += [f"{element.tag}@{key}" for key in set(element.keys()) - allowed]
        errors += [
            f"{element.tag} sans @{key}"
            for key in rules.get("required", set()) - set(element.keys())
        ]
        errors += [
            f"{element.tag}/{child.tag}" for child in element if child.tag not in rules["children"]
        ]
        time = element.get("time")
        if time is not None and not SUREFIRE_TIME.fullmatch(time):
            errors.append(f"{element.tag}@time={time}")
    return errors


@pytest.fixture(scope="module")
def report(multilabel, lurcat, invalid) -> ET.Element:
    """Failures, skipped cases, an invalid dossier's errors and an internal error."""
    crashed = dataclasses.replace(
        multilabel,
        path="dossiers/lycee-b/dossier.toml",
        internal_error="RuntimeError: plugin ldm a échoué",
    )
    return ET.fromstring(render("junit", [multilabel, lurcat, invalid, crashed]).encode("utf-8"))


def test_the_report_has_what_the_schema_is_checked_on(report):
    for outcome in ("failure", "skipped", "error"):
        assert report.find(f".//testcase/{outcome}") is not None, outcome


def test_every_element_and_attribute_is_one_jenkins_xunit_allows(report):
    assert schema_errors(report) == []


def test_the_root_counts_no_skipped_cases_but_each_suite_does(report):
    assert report.get("skipped") is None
    assert all(suite.get("skipped") is not None for suite in report.iter("testsuite"))
