"""The JUnit XML report for CI: one test suite per dossier, one test case per label and criterion.

CI readers show a case by its `classname` and `name` (GitLab: "Suite" and
"Name") and track its history by the pair, so `classname` names the dossier
(UAI and path) and the label, `name` the criterion, and every case carries the
dossier's path in `file`: across hundreds of dossiers no two cases share a key.
Blocking findings are failures, warnings and information go to `system-out`; a
dossier that could not be read or validated fails one case listing every error
as `file:line: key: message`; an internal error is a case of its own, in error.
The suites are streamed to a temporary file; the root `<testsuites>`, whose
counts need every dossier, is written around them at `close`. Elements and
attributes are those Jenkins xUnit's junit-10.xsd allows, save `file` on a case
(tests/writers/test_junit_schema.py says why).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import IO, Any

from labelcheck.core import french
from labelcheck.core.report import DossierResult, Finding, LabelResult, Summary, overdue
from labelcheck.core.visible import unreordered
from labelcheck.core.writers import Rendered, Spool, Writer
from labelcheck.core.writers.combined import by_criterion

# XML 1.0 forbids most control characters, which a TOML string may hold (\u0001).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@lru_cache(maxsize=4096, typed=True)
def clean(text: object) -> str:
    """Text XML can hold. Cached, and bounded: a dossier's path and its labels' names are
    on each of its two dozen cases, every criterion's title on every dossier's."""
    return NOT_XML.sub("\ufffd", unreordered(text))


# With --baseline, a finding says whether it is new or was already in the baseline.
BASELINE_MARKS = {True: "[nouveau] ", False: "[déjà connu] ", None: ""}


def finding_line(finding: Finding, as_of: dt.date | None = None) -> str:
    line = (
        f"{BASELINE_MARKS[finding.new]}{finding.rule} [{french.SEVERITIES[finding.severity]}] "
        f"{finding.message}"
    )
    # The due date, unless the message says it already (« a expiré le 15/06/2022 »), as the
    # text report does: « expiré le 15/06/2022 … (avant le 15/06/2022) » read as a deadline.
    if finding.due and french.date(finding.due) not in finding.message:
        late = overdue(finding, as_of)
        line += f" ({french.due_phrase(french.date(finding.due), late, finding.due_exclusive)})"
    line += "\n  " + french.colon("nature", french.nature(finding.nature))
    if finding.source:
        line += "\n  " + french.colon("source", finding.source)
    if finding.remedy:
        line += "\n  " + french.colon("à faire", finding.remedy)
    if finding.severity_reason:
        line += "\n  " + french.severity_set(finding.severity_reason, finding.severity_kept)
    return line


def folded_infos(by_rule: dict[str, list[Finding]]) -> list[str]:
    """Information, one line per rule (a CI log is read for what fails, not for indicative
    notes), made XML (`xml_text`). A rule's several findings are one line a school has alone,
    the subjects it lists: its head, each subject and its nature are made XML apart, cached."""
    lines = []
    for rule, infos in by_rule.items():
        if len(infos) == 1:
            lines.append(xml_text(finding_line(infos[0])))
        else:
            head, tail = folded_ends(rule, infos[0].title, infos[0].nature)
            lines.append(head + ", ".join([xml_text(f.subject) for f in infos]) + tail)
    return lines


@lru_cache(maxsize=1024)
def folded_ends(rule: str, title: str, nature: str) -> tuple[str, str]:
    """What a rule's folded information line says before its subjects and after, made XML."""
    head = f"{rule} [{french.SEVERITIES['info']}] " + french.colon(title, "")
    return xml_text(head), xml_text("\n  " + french.colon("nature", french.nature(nature)))


def dossier_key(result: DossierResult) -> str:
    """The dossier as CI shows it: `0180036S dossiers/lycee-jacques-coeur/dossier.toml`."""
    return f"{result.uai} {result.path}" if result.uai else result.path


# What XML escapes in an attribute's value (as ElementTree does), and in text.
ATTRIBUTE_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\r", "&#13;"),
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)
TEXT_ESCAPES = ATTRIBUTE_ESCAPES[:3]


def escaped(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for raw, entity in escapes:
        if raw in text:
            text = text.replace(raw, entity)
    return text


@lru_cache(maxsize=4096)
def attribute(value: str) -> str:
    """An attribute's value, escaped. Cached, and bounded: every case of a dossier has its path,
    and every dossier the same criteria."""
    return escaped(value, ATTRIBUTE_ESCAPES)


def attributes_xml(attributes: dict[str, str]) -> str:
    return "".join([f' {key}="{attribute(value)}"' for key, value in attributes.items()])


def element(tag: str, attributes: dict[str, str], text: str = "") -> str:
    """An element without children, as ElementTree writes it: `<tag a="…" />` when empty."""
    if not text:
        return f"<{tag}{attributes_xml(attributes)} />"
    return f"<{tag}{attributes_xml(attributes)}>{escaped(text, TEXT_ESCAPES)}</{tag}>"


def parent(tag: str, attributes: dict[str, str], children: list[str], level: int) -> str:
    """An element and its children, one a line, indented as `ET.indent(…, "  ", level)` does."""
    if not children:
        return element(tag, attributes)
    inner = "\n" + "  " * (level + 1)
    closing = "\n" + "  " * level
    return f"<{tag}{attributes_xml(attributes)}>{inner}{inner.join(children)}{closing}</{tag}>"


@lru_cache(maxsize=4096)
def attribute_text(value: str) -> str:
    """A text of the dossier or the référentiel as an attribute's value: made XML, then escaped."""
    return attribute(clean(value))


@lru_cache(maxsize=256)
def skipped_xml(message: str) -> str:
    """`<skipped message="…" />`: a handful of messages (the statuses), on half the cases."""
    return element("skipped", {"message": message})


@lru_cache(maxsize=2048)
def xml_text(text: str) -> str:
    """A line of a case's output, made XML and escaped. Cached, and bounded: the lines are the
    criteria's statuses and the findings' (a few hundred rules' messages on a thousand schools).
    Full within the first thousand schools, so that memory stays flat from there (4,096 rows:
    2.31 misses a school; 2,048: 2.67)."""
    return escaped(clean(text), TEXT_ESCAPES)


def output_xml(lines: list[str]) -> str:
    """`<system-out>…</system-out>`, its lines made XML (`xml_text`) one a line: as `element`
    writes their text joined, each line made XML apart (`clean` and escaping change a
    character at a time), so that the cache holds what every school's cases share, not each
    case's whole output."""
    text = "\n".join(lines)
    return f"<system-out>{text}</system-out>" if text else "<system-out />"


class Case:
    """A test case: what its report says of it, and whether it failed, erred or was skipped."""

    __slots__ = ("start", "children", "failed", "erred", "skipped")

    def __init__(self, start: str):
        self.start = start  # its start tag, unclosed: `<testcase classname="…" … time="0"`
        self.children: list[str] = []
        self.failed = self.erred = self.skipped = False

    def add(self, tag: str, attributes: dict[str, str], text: str = "") -> None:
        self.add_xml(tag, element(tag, attributes, text))

    def add_xml(self, tag: str, xml: str) -> None:
        """Adds a child already written (`element`'s, cached)."""
        self.children.append(xml)
        self.failed |= tag == "failure"
        self.erred |= tag == "error"
        self.skipped |= tag == "skipped"

    @property
    def xml(self) -> str:
        """The case, indented as `parent(…, level=2)` writes it."""
        if not self.children:
            return f"{self.start} />"
        return f"{self.start}>\n      " + "\n      ".join(self.children) + "\n    </testcase>"


class Cases:
    """A dossier's cases under one `classname` (its label's): their start tags, with the
    attributes `classname`, `name`, `file` and `time` as `parent` writes them, differ by the
    case's name alone. The rest is written once: a label has up to a dozen criteria."""

    def __init__(self, result: DossierResult, classname: str):
        self.before = f'<testcase classname="{attribute_text(classname)}" name="'
        self.after = f'" file="{attribute_text(result.path)}" time="0"'

    def case(self, name: str) -> Case:
        return Case(self.before + attribute_text(name) + self.after)


def judged_case(
    case: Case,
    findings: list[Finding],
    notes: list[str],
    skipped: str | None = None,
    as_of: dt.date | None = None,
) -> Case:
    """A test case failing on the blocking findings (with --baseline, the new ones: CI fails on
    what a change broke); the others and `notes` as its output."""
    if not findings and notes:  # most criteria: their notes alone, the same on every school's
        case.children = [*quiet_children(skipped, "\n".join(notes))]
        case.skipped = bool(skipped)
        return case
    if skipped and not any(f.severity == "blocking" for f in findings):
        case.add_xml("skipped", skipped_xml(skipped))
    lines = [xml_text(note) for note in notes] + failed_on(case, findings, as_of)
    if lines:
        case.add_xml("system-out", output_xml(lines))
    return case


@lru_cache(maxsize=64)  # full within the first thousand schools (82): memory flat then
def quiet_children(skipped: str | None, notes: str) -> tuple[str, ...]:
    """The children of a case without findings: `<skipped … />` if it was not run, its notes."""
    output = output_xml([xml_text(notes)])
    return (skipped_xml(skipped), output) if skipped else (output,)


def failed_on(case: Case, findings: list[Finding], as_of: dt.date | None = None) -> list[str]:
    """Adds to the case its failure, on the blocking findings; the lines of the others, made
    XML (`xml_text`)."""
    blocking: list[Finding] = []
    known: list[Finding] = []  # with --baseline, blocking findings already in the baseline
    warnings: list[Finding] = []
    infos: dict[str, list[Finding]] = {}  # by rule
    for finding in findings:
        if finding.severity == "info":
            infos.setdefault(finding.rule, []).append(finding)
        elif finding.severity == "warning":
            warnings.append(finding)
        else:
            (known if finding.new is False else blocking).append(finding)
    if blocking:
        message = (
            blocking[0].message
            if len(blocking) == 1
            else french.colon(
                french.plural(len(blocking), "constat bloquant", "constats bloquants"),
                f"{french.NNBSP}; ".join(f.message for f in blocking),
            )
        )
        case.add(
            "failure",
            {"message": clean(message), "type": clean(blocking[0].rule)},
            clean("\n".join(finding_line(f, as_of) for f in blocking)),
        )
    return [xml_text(finding_line(f, as_of)) for f in known + warnings] + folded_infos(infos)


def label_cases(result: DossierResult, label: LabelResult) -> Iterator[Case]:
    classname = f"{dossier_key(result)} · {label.label}"
    by_ref = by_criterion(label, label.findings)
    verdict = french.colon(
        "Verdict",
        f"{french.label_verdict(label)} ({french.application(label)}, "
        f"au {french.date(label.as_of)})",
    )
    cases = Cases(result, classname)
    whole = cases.case(french.colon(f"{label.label} {label.name}", "ensemble du label"))
    yield judged_case(whole, by_ref.get(label.label, []), [verdict], as_of=label.as_of)
    adopted = {e["id"]: french.adoption(e, result.profile) for e in label.equivalences}
    for criterion in label.criteria:
        notes = [
            french.colon("Statut", f"{french.STATUSES[criterion.status]} ({criterion.via})")
            if criterion.via
            else STATUS_NOTES[criterion.status]
        ]
        if criterion.via and adopted.get(criterion.equivalence or ""):
            notes.append(french.colon("Équivalence", adopted[criterion.equivalence or ""]))
        if aside := criterion.set_aside:
            notes.append(french.equivalence_set_aside(aside.via_name, aside.fiches))
        if criterion.grades:
            notes.append(
                french.colon(
                    "Constats d'audit", french.grade_list(criterion.grades, label.audit_names)
                )
            )
        if criterion.wording == "paraphrase":
            notes.append(french.colon("Intitulé", french.PARAPHRASE))
        # Not run, so not passed: a criterion none of whose items applies, and one of a label
        # held with no application (CI counted thousands of these as tests passed).
        skipped = NOT_RUN.get(criterion.status)
        # The case keeps the title as is: CI tracks a test's history by its name.
        case = cases.case(f"{criterion.ref} {criterion.title}")
        yield judged_case(case, by_ref.get(criterion.ref, []), notes, skipped, label.as_of)


def input_errors_case(result: DossierResult) -> Case:
    """Every error of a dossier that could not be read or validated, as the terminal prints them."""
    case = Cases(result, dossier_key(result)).case("lecture et validation du dossier")
    message = french.colon("Dossier invalide", french.plural(len(result.errors), "erreur"))
    case.add(
        "failure",
        {"type": "invalid-dossier", "message": clean(message)},
        clean("\n".join(str(e) for e in result.errors)),
    )
    return case


def internal_error_case(result: DossierResult) -> Case:
    """labelcheck's own failure, apart from the dossier's: an `error`, not a `failure`."""
    case = Cases(result, dossier_key(result)).case("erreur interne de labelcheck")
    case.add("error", {"type": "internal-error", "message": clean(result.internal_error)})
    return case


COUNTS = ("tests", "failures", "errors", "skipped")
# What the root carries of them: Jenkins xUnit's junit-10.xsd, which it validates a report
# against, allows `skipped` on each `<testsuite>`, never on `<testsuites>` (the CI audit).
ROOT_COUNTS = COUNTS[:3]
# The criteria's statuses a case is `skipped` for (no evaluation of the criterion took
# place), and the message it is skipped with.
NOT_RUN = {status: french.STATUSES[status] for status in ("not-applicable", "not-evaluated")}
# A criterion's first note, as most say it (not through an equivalence).
STATUS_NOTES = {status: french.colon("Statut", said) for status, said in french.STATUSES.items()}


def suite_for(result: DossierResult, profile: str) -> tuple[str, tuple[int, ...]]:
    """The dossier's test suite, as the report writes it (indented as one of the root's
    children), and its counts in the order of COUNTS."""
    # The profile this dossier was judged under (its academy's without --profile), and why.
    judged = (("profile", result.profile or profile), ("profile_reason", result.profile_reason))
    properties = [
        element("property", {"name": key, "value": clean(value)})
        for key, value in (("uai", result.uai), ("name", result.name), *judged)
        if value
    ]
    cases = []
    if result.errors:
        cases.append(input_errors_case(result))
    if result.internal_error:
        cases.append(internal_error_case(result))
    for label in result.labels:
        cases.extend(label_cases(result, label))
    failures = errors = skipped = 0
    for case in cases:
        failures += case.failed
        errors += case.erred
        skipped += case.skipped
    counts = (len(cases), failures, errors, skipped)
    name = result.path + (f" ({result.uai})" if result.uai else "")
    attributes = {"name": clean(name), **dict(zip(COUNTS, map(str, counts), strict=True))}
    children = [parent("properties", {}, properties, 2), *(case.xml for case in cases)]
    return parent("testsuite", {**attributes, "time": "0"}, children, 1), counts


class JunitWriter(Writer):
    utf8 = True

    def __init__(self, out: IO[Any], profile: str, color: bool = False, details: bool = False):
        super().__init__(out, profile, color, details)
        self.suites = Spool()  # each dossier's suite, after the root that totals them
        self.totals = dict.fromkeys(COUNTS, 0)

    def render(self, result: DossierResult, position: int = 0) -> Rendered[bytes]:
        """The dossier's test suite; kept: its counts, which the root's need."""
        suite, counts = suite_for(result, self.profile)
        return Rendered(f"  {suite}\n".encode(), counts)

    def add(self, rendered: Rendered[bytes]) -> None:
        self.suites.write(rendered.text)
        for key, count in zip(COUNTS, rendered.keep, strict=True):
            self.totals[key] += count

    def close(self, summary: Summary) -> None:
        counts = " ".join(f'{key}="{self.totals[key]}"' for key in ROOT_COUNTS)
        self.stream.write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="labelcheck" {counts} time="0">\n'.encode()
        )
        self.suites.copy_to(self.stream)
        self.stream.write(b"</testsuites>\n")
