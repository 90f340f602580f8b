"""The JUnit XML report for CI: one test suite per dossier, one test case per label and criterion.

CI readers show a case by its `classname` and `name` (GitLab: "Suite" and
"Name") and track its history by the pair, so `classname` names the dossier
(UAI and path) and the label, `name` the criterion, and every case carries the
dossier's path in `file`: across hundreds of dossiers no two cases share a key.
Blocking findings are failures, warnings and information go to `system-out`; a
dossier that could not be read or validated fails one case listing every error
as `file:line: key: message`; an internal error is a case of its own, in error.
The suites are streamed to a temporary file; the root `<testsuites>`, whose
counts need every dossier, is written around them at `close`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import IO, Any

from labelcheck.core import french
from labelcheck.core.report import DossierResult, Finding, LabelResult, Summary
from labelcheck.core.writers import Rendered, Spool, Writer
from labelcheck.core.writers.combined import by_criterion

# XML 1.0 forbids most control characters, which a TOML string may hold (\u0001).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: object) -> str:
    return NOT_XML.sub("\ufffd", str(text))


# With --baseline, a finding says whether it is new or was already in the baseline.
BASELINE_MARKS = {True: "[nouveau] ", False: "[déjà connu] ", None: ""}


def finding_line(finding: Finding) -> str:
    line = (
        f"{BASELINE_MARKS[finding.new]}{finding.rule} [{french.SEVERITIES[finding.severity]}] "
        f"{finding.message}"
    )
    if finding.due:
        line += f" (avant le {french.date(finding.due)})"
    line += "\n  " + french.colon("nature", french.nature(finding.nature))
    if finding.source:
        line += "\n  " + french.colon("source", finding.source)
    if finding.remedy:
        line += "\n  " + french.colon("à faire", finding.remedy)
    return line


def folded_infos(findings: list[Finding]) -> list[str]:
    """Information, one line per rule: a CI log is read for what fails, not for indicative notes."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity == "info":
            by_rule.setdefault(finding.rule, []).append(finding)
    return [
        finding_line(infos[0])
        if len(infos) == 1
        else f"{rule} [{french.SEVERITIES['info']}] "
        + french.colon(infos[0].title, ", ".join(f.subject for f in infos))
        + "\n  "
        + french.colon("nature", french.nature(infos[0].nature))
        for rule, infos in by_rule.items()
    ]


def dossier_key(result: DossierResult) -> str:
    """The dossier as CI shows it: `0180036S dossiers/lycee-jacques-coeur/dossier.toml`."""
    return f"{result.uai} {result.path}" if result.uai else result.path


def testcase(suite: ET.Element, result: DossierResult, classname: str, name: str) -> ET.Element:
    return ET.SubElement(
        suite,
        "testcase",
        classname=clean(classname),
        name=clean(name),
        file=clean(result.path),
        time="0",
    )


def judged_case(
    case: ET.Element, findings: list[Finding], notes: list[str], skipped: str | None = None
) -> None:
    """A test case failing on the blocking findings (with --baseline, the new ones: CI fails on
    what a change broke); the others and `notes` as its output."""
    if skipped:
        ET.SubElement(case, "skipped", message=skipped)
    blocking = [f for f in findings if f.severity == "blocking" and f.new is not False]
    known = [f for f in findings if f.severity == "blocking" and f.new is False]
    if blocking:
        message = (
            blocking[0].message
            if len(blocking) == 1
            else french.colon(
                french.plural(len(blocking), "constat bloquant", "constats bloquants"),
                f"{french.NNBSP}; ".join(f.message for f in blocking),
            )
        )
        failure = ET.SubElement(
            case, "failure", message=clean(message), type=clean(blocking[0].rule)
        )
        failure.text = clean("\n".join(finding_line(f) for f in blocking))
    others = (
        notes
        + [finding_line(f) for f in known]
        + [finding_line(f) for f in findings if f.severity == "warning"]
        + folded_infos(findings)
    )
    if others:
        ET.SubElement(case, "system-out").text = clean("\n".join(others))


def label_cases(suite: ET.Element, result: DossierResult, label: LabelResult) -> None:
    classname = f"{dossier_key(result)} · {label.label}"
    by_ref = by_criterion(label, label.findings)
    verdict = french.colon(
        "Verdict",
        f"{french.VERDICTS[label.verdict]} ({french.application(label)}, "
        f"au {french.date(label.as_of)})",
    )
    whole = testcase(
        suite, result, classname, french.colon(f"{label.label} {label.name}", "ensemble du label")
    )
    judged_case(whole, by_ref.get(label.label, []), [verdict])
    adopted = {e["id"]: french.adoption(e, result.profile) for e in label.equivalences}
    for criterion in label.criteria:
        notes = [
            french.colon(
                "Statut",
                french.STATUSES[criterion.status]
                + (f" ({criterion.via})" if criterion.via else ""),
            )
        ]
        if criterion.via and adopted.get(criterion.equivalence or ""):
            notes.append(french.colon("Équivalence", adopted[criterion.equivalence or ""]))
        if criterion.grades:
            notes.append(french.colon("Constats d'audit", french.grade_list(criterion.grades)))
        if criterion.wording == "paraphrase":
            notes.append(french.colon("Intitulé", french.PARAPHRASE))
        skipped = (
            french.STATUSES["not-applicable"] if criterion.status == "not-applicable" else None
        )
        # The case keeps the title as is: CI tracks a test's history by its name.
        case = testcase(suite, result, classname, f"{criterion.ref} {criterion.title}")
        judged_case(case, by_ref.get(criterion.ref, []), notes, skipped)


def input_errors_case(suite: ET.Element, result: DossierResult) -> None:
    """Every error of a dossier that could not be read or validated, as the terminal prints them."""
    case = testcase(suite, result, dossier_key(result), "lecture et validation du dossier")
    failure = ET.SubElement(
        case,
        "failure",
        type="invalid-dossier",
        message=clean(
            french.colon("Dossier invalide", french.plural(len(result.errors), "erreur"))
        ),
    )
    failure.text = clean("\n".join(str(e) for e in result.errors))


def internal_error_case(suite: ET.Element, result: DossierResult) -> None:
    """labelcheck's own failure, apart from the dossier's: an `error`, not a `failure`."""
    case = testcase(suite, result, dossier_key(result), "erreur interne de labelcheck")
    ET.SubElement(case, "error", type="internal-error", message=clean(result.internal_error))


def suite_for(result: DossierResult, profile: str) -> ET.Element:
    name = result.path + (f" ({result.uai})" if result.uai else "")
    suite = ET.Element("testsuite", name=clean(name))
    properties = ET.SubElement(suite, "properties")
    # The profile this dossier was judged under (its academy's without --profile), and why.
    judged = (("profile", result.profile or profile), ("profile_reason", result.profile_reason))
    for key, value in (("uai", result.uai), ("name", result.name), *judged):
        if value:
            ET.SubElement(properties, "property", name=key, value=clean(value))
    if result.errors:
        input_errors_case(suite, result)
    if result.internal_error:
        internal_error_case(suite, result)
    for label in result.labels:
        label_cases(suite, result, label)
    cases = suite.findall("testcase")
    counts = {
        "tests": len(cases),
        "failures": sum(1 for c in cases if c.find("failure") is not None),
        "errors": sum(1 for c in cases if c.find("error") is not None),
        "skipped": sum(1 for c in cases if c.find("skipped") is not None),
    }
    for key, count in counts.items():
        suite.set(key, str(count))
    suite.set("time", "0")
    return suite


COUNTS = ("tests", "failures", "errors", "skipped")


class JunitWriter(Writer):
    def __init__(self, out: IO[Any], profile: str, color: bool = False, details: bool = False):
        super().__init__(out, profile, color, details)
        self.suites = Spool()  # each dossier's suite, after the root that totals them
        self.totals = dict.fromkeys(COUNTS, 0)

    def render(self, result: DossierResult, position: int = 0) -> Rendered:
        """The dossier's test suite; kept: its counts, which the root's need."""
        suite = suite_for(result, self.profile)
        counts = tuple(int(suite.get(key, "0")) for key in COUNTS)  # suite_for sets each
        ET.indent(suite, "  ", level=1)
        return Rendered("  " + ET.tostring(suite, encoding="unicode") + "\n", counts)

    def add(self, rendered: Rendered) -> None:
        self.suites.write(rendered.text)
        for key, count in zip(COUNTS, rendered.keep, strict=True):
            self.totals[key] += count

    def close(self, summary: Summary) -> None:
        counts = " ".join(f'{key}="{value}"' for key, value in self.totals.items())
        self.stream.write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="labelcheck" {counts} time="0">\n'
        )
        self.suites.copy_to(self.stream)
        self.stream.write("</testsuites>\n")
