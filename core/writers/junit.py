"""The JUnit XML report for CI: one test suite per dossier, one test case per label and criterion.

Blocking findings are failures, warnings and information go to `system-out`,
a dossier that could not be read or validated is one test case in error. The
suites are streamed to a temporary file; the root `<testsuites>`, whose counts
need every dossier, is written around them at `close`.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from typing import TextIO

from labelcheck.core import french
from labelcheck.core.facts import criterion_of
from labelcheck.core.report import DossierResult, Finding, LabelResult, Summary
from labelcheck.core.writers import Writer

# XML 1.0 forbids most control characters, which a TOML string may hold (\u0001).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: object) -> str:
    return NOT_XML.sub("\ufffd", str(text))


def finding_line(finding: Finding) -> str:
    line = f"{finding.rule} [{french.SEVERITIES[finding.severity]}] {finding.message}"
    if finding.due:
        line += f" (avant le {french.date(finding.due)})"
    line += f"\n  nature : {french.nature(finding.nature)}"
    if finding.source:
        line += f"\n  source : {finding.source}"
    if finding.remedy:
        line += f"\n  à faire : {finding.remedy}"
    return line


def folded_infos(findings: list[Finding]) -> list[str]:
    """Information, one line per rule: a CI log is read for what fails, not for indicative notes."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity == "info":
            by_rule.setdefault(finding.rule, []).append(finding)
    return [finding_line(infos[0]) if len(infos) == 1 else
            f"{rule} [{french.SEVERITIES['info']}] {infos[0].title} : {', '.join(f.subject for f in infos)}"
            f"\n  nature : {french.nature(infos[0].nature)}"
            for rule, infos in by_rule.items()]


def testcase(suite: ET.Element, classname: str, name: str, findings: list[Finding],
             notes: list[str], skipped: str | None = None) -> None:
    """A test case failing on the blocking findings; the others and `notes` as its output."""
    case = ET.SubElement(suite, "testcase", classname=clean(classname), name=clean(name), time="0")
    if skipped:
        ET.SubElement(case, "skipped", message=skipped)
    blocking = [f for f in findings if f.severity == "blocking"]
    if blocking:
        message = blocking[0].message if len(blocking) == 1 else (
            f"{len(blocking)} constats bloquants : " + " ; ".join(f.message for f in blocking))
        failure = ET.SubElement(case, "failure", message=clean(message), type=clean(blocking[0].rule))
        failure.text = clean("\n".join(finding_line(f) for f in blocking))
    others = notes + [finding_line(f) for f in findings if f.severity == "warning"] + folded_infos(findings)
    if others:
        ET.SubElement(case, "system-out").text = clean("\n".join(others))


def label_cases(suite: ET.Element, label: LabelResult, profile: str | None) -> None:
    refs = {c.ref for c in label.criteria}
    by_ref: dict[str, list[Finding]] = {}
    for finding in label.findings:
        ref = criterion_of(finding.ref)
        by_ref.setdefault(ref if ref in refs else label.label, []).append(finding)
    verdict = (f"Verdict : {french.VERDICTS[label.verdict]} ({french.application(label)}, "
               f"au {french.date(label.as_of)})")
    testcase(suite, label.label, f"{label.label} {label.name} : ensemble du label",
             by_ref.get(label.label, []), [verdict])
    adopted = {e["id"]: french.adoption(e, profile) for e in label.equivalences}
    for criterion in label.criteria:
        notes = [f"Statut : {french.STATUSES[criterion.status]}"
                 + (f" ({criterion.via})" if criterion.via else "")]
        if criterion.via and adopted.get(criterion.equivalence or ""):
            notes.append(f"Équivalence : {adopted[criterion.equivalence]}")
        if criterion.grades:
            notes.append(f"Constats d'audit : {french.grade_list(criterion.grades)}")
        if criterion.wording == "paraphrase":
            notes.append(f"Intitulé : {french.PARAPHRASE}")
        skipped = french.STATUSES["not-applicable"] if criterion.status == "not-applicable" else None
        # The case keeps the title as is: CI tracks a test's history by its name.
        testcase(suite, label.label, f"{criterion.ref} {criterion.title}", by_ref.get(criterion.ref, []),
                 notes, skipped)


def error_case(suite: ET.Element, result: DossierResult) -> None:
    case = ET.SubElement(suite, "testcase", classname="dossier", name="lecture et validation du dossier", time="0")
    if result.errors:
        error = ET.SubElement(case, "error", type="invalid-dossier",
                              message=f"Dossier invalide : {french.plural(len(result.errors), 'erreur')}")
        error.text = clean("\n".join(str(e) for e in result.errors))
    else:
        error = ET.SubElement(case, "error", type="internal-error", message=clean(result.internal_error))


def suite_for(result: DossierResult, profile: str) -> ET.Element:
    name = result.path + (f" ({result.uai})" if result.uai else "")
    suite = ET.Element("testsuite", name=clean(name))
    properties = ET.SubElement(suite, "properties")
    # The profile this dossier was judged under (its academy's without --profile), and why.
    judged = (("profile", result.profile or profile), ("profile_reason", result.profile_reason))
    for key, value in (("uai", result.uai), ("name", result.name), *judged):
        if value:
            ET.SubElement(properties, "property", name=key, value=clean(value))
    if result.errors or result.internal_error:
        error_case(suite, result)
    for label in result.labels:
        label_cases(suite, label, result.profile)
    cases = suite.findall("testcase")
    counts = {"tests": len(cases),
              "failures": sum(1 for c in cases if c.find("failure") is not None),
              "errors": sum(1 for c in cases if c.find("error") is not None),
              "skipped": sum(1 for c in cases if c.find("skipped") is not None)}
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", "0")
    return suite


class JunitWriter(Writer):
    def __init__(self, out: TextIO, profile: str, color: bool = False):
        super().__init__(out, profile, color)
        self.suites = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - open until close()
        self.totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def dossier(self, result: DossierResult) -> None:
        suite = suite_for(result, self.profile)
        for key in self.totals:
            self.totals[key] += int(suite.get(key))
        ET.indent(suite, "  ", level=1)
        self.suites.write("  " + ET.tostring(suite, encoding="unicode") + "\n")

    def close(self, summary: Summary) -> None:
        counts = " ".join(f'{key}="{value}"' for key, value in self.totals.items())
        self.out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="labelcheck" {counts} time="0">\n')
        self.suites.seek(0)
        shutil.copyfileobj(self.suites, self.out)
        self.suites.close()
        self.out.write("</testsuites>\n")
