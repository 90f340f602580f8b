"""Reading back a JSON report (`labelcheck-report/1`, one object or JSON lines): what
`compare` and `evaluate --baseline` start from.

A report of 10,000 four-label dossiers is about 400 MB, most of it source texts, evidence
and timelines that a comparison never reads: each dossier is read alone and kept only with
what comparing needs (`slim`). The JSON writer's own layout puts each dossier between
`\\n    {` and `\\n    }` (a string holds no raw newline), so a report it wrote is read one
dossier at a time; any other layout of the same JSON is read whole, and JSON lines line by
line.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, BinaryIO, NamedTuple

import orjson
from labelcheck.core import formats, french
from labelcheck.core.dates import iso_day
from labelcheck.core.errors import (
    LabelcheckError,
    Suggestions,
    explain,
    format_path,
    os_reason,
    utf8_problem,
    utf16_problem,
)
from labelcheck.core.identity import Baseline, dossier_key
from labelcheck.core.report import CriterionStatus, Severity, Verdict
from labelcheck.core.visible import visible
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

REPORT_FORMAT = "labelcheck-report/1"
# How a dossier in JSON says what it is (`"format": 1`), whatever the file's name; in TOML
# under another name than `.toml`, by its line `format = 1`.
DOSSIER_FORMAT = re.compile(rb'"format"\s*:\s*\d')
TOML_DOSSIER_FORMAT = re.compile(rb"(?m)^[ \t]*format[ \t]*=")
# What the JSON writer writes first, and between two dossiers of its array.
OWN_LAYOUT = b'{\n  "format": "' + REPORT_FORMAT.encode() + b'"'
DOSSIERS_START = b'\n  "dossiers": ['
DOSSIER_START, DOSSIER_END = b"\n    {", b"\n    }"
# What Windows tools (Notepad, PowerShell's Out-File) write before UTF-8 text: not the report's.
BOM = b"\xef\xbb\xbf"

# What a comparison reads of a dossier, of a label, of a criterion and of a finding.
DOSSIER_FIELDS = (
    "path",
    "uai",
    "name",
    "profile",
    "digest",
    "profile_digest",
    "errors",
    "internal_error",
)
LABEL_FIELDS = ("label", "name", "renewal_name", "application", "as_of", "verdict")
FINDING_FIELDS = (
    "rule",
    "kind",
    "severity",
    "nature",
    "ref",
    "subject",
    "message",
    "due",
    "remedy",
    "new",
)


@dataclass
class Report:
    """A report as read: its run's provenance and its dossiers, each kept with what a
    comparison reads (`slim`)."""

    source: str  # where it was read from, as the user named it
    profile: str | None = None
    profile_digest: str | None = None
    tool: dict[str, Any] | None = None
    dossiers: list[dict[str, Any]] = field(default_factory=list)
    # Given each dossier read, whole, instead of `dossiers` (a baseline keeps only its
    # findings' keys: slimming what it drops was half of reading a national one).
    sink: Callable[[dict[str, Any]], None] | None = None
    read: int = 0  # the dossiers read

    def take(self, dossier: dict[str, Any]) -> None:
        self.read += 1
        if self.sink is None:
            self.dossiers.append(_slim(dossier))
        else:
            self.sink(dossier)


def is_report(path: Path) -> bool:
    """Whether `path` is to be read as a JSON report rather than a dossier (`dossier.json` is
    JSON too, with `"format": 1`): a report file's first object says `"format":
    "labelcheck-report/1"`, whatever the file's extension. Any other file but a dossier (TOML
    by its extension or its `format = 1` line, JSON by its `"format": 1`) is read as a report
    too, so that one that is not (labelcheck's JUnit, Markdown or PDF report, a comparison,
    another program's JSON) is refused as what it is, never evaluated as a dossier full of
    errors and compared (the versions audit: last year's HTML report, « tout est nouveau »)."""
    suffix = path.suffix.lower()
    if not path.is_file() or suffix == ".toml":
        return False
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    if b'"format"' in head and REPORT_FORMAT.encode() in head:
        return True  # whatever its name (`.ndjson`, `.txt`): evaluated, it would be compared
    if suffix in (".json", ".jsonl") and path.name.casefold() == "dossier.json":
        return False
    if DOSSIER_FORMAT.search(head) or TOML_DOSSIER_FORMAT.search(head):
        return False
    return not (ESTABLISHMENT_TABLE.search(head) and _dossier_without_format(path))


# A TOML dossier's `[establishment]` table, looked for in a file's first 4 KB.
ESTABLISHMENT_TABLE = re.compile(rb"(?m)^[ \t]*\[[ \t]*establishment[ \t]*\]")


def _dossier_without_format(path: Path) -> bool:
    """A TOML text with an `[establishment]` table: a dossier that lacks its `format = 1` line,
    evaluated so that its own error says so, not « un fichier texte » (the review: a dossier
    named dossier-2025.txt)."""
    from labelcheck.core.toml import loads_within_limits  # compare's, for this rare file alone

    try:
        document = loads_within_limits(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError):  # ValueError: TOMLDecodeError's kind
        return False
    return isinstance(document.get("establishment"), dict)


# What each command reads, said to whoever gave it another file.
COMPARE_READS = (
    "compare lit les rapports JSON ou JSONL de labelcheck (evaluate --format json ou jsonl), "
    "ou les dossiers"
)
BASELINE_READS = (
    "--baseline lit un rapport JSON ou JSONL de labelcheck (evaluate --format json ou jsonl)"
)


def read_report(
    path: Path,
    sink: Callable[[dict[str, Any]], None] | None = None,
    reads: str = COMPARE_READS,
) -> Report:
    """The report in `path`, or an input error naming the file, the line and what is wrong
    (for a file that is another thing, what it is and `reads`, what the command reads);
    with `sink`, each dossier is given to it as read, not kept in the report."""
    shown = visible(str(path))
    report = Report(str(path), sink=sink)
    seen: set[str] = set()  # the paths of the dossiers read: each is in a report once
    try:
        with _opened(path, shown) as file:
            for number, document in _documents(file, shown):
                _take(report, document, shown, number, seen)
    except NotAReport as refused:
        raise LabelcheckError(refused.said(reads)) from None
    except OSError as error:
        raise LabelcheckError(
            f"{shown}{french.NNBSP}: impossible de lire le rapport{french.NNBSP}: {os_reason(error)}"
        ) from None
    return report


def is_stream(path: Path) -> bool:
    """Whether `path` is there but is neither a file nor a folder: a pipe (`<(…)`), a device.
    `compare` reads it as a report, which says why it cannot be one."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _opened(path: Path, shown: str) -> BinaryIO:
    """The report file, opened only if it is a file: a pipe has no writer to wait for and a
    report is read twice in places (a line counted back for an error), and /dev/zero never
    ends (the robustness audit: 8.7 GB in 12 s, and a FIFO waited for ever). Opened without
    blocking, as a FIFO would wait for a writer, then checked."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LabelcheckError(
                f"{shown}{french.NNBSP}: ce n'est pas un fichier ordinaire (un tube, un "
                f"périphérique…){french.NNBSP}: écrire le rapport dans un fichier (labelcheck "
                "evaluate … -o rapport.json) et donner son chemin"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _at(shown: str, number: int | None) -> str:
    """Where in the file: its line, when known (a JSON line's, not a dossier's of a JSON report)."""
    return shown if number is None else f"{shown}:{number}"


def _take(
    report: Report, document: dict[str, Any], shown: str, number: int | None, seen: set[str]
) -> None:
    """One object of the file, at line `number` if known: the whole report, its head, a
    dossier line or the summary line."""
    at = _at(shown, number)
    if document.get("format") != REPORT_FORMAT:
        raise _not_a_report(at, format_name=document.get("format"))
    if _is_dossier(document):  # a dossier's JSON line: its `profile` is its own, not the run's
        _add(report, document, at, (), seen)
        return
    if "dossiers" in document and "summary" not in document:  # a whole report: none lacks it
        raise _no_summary(at)
    summary = document.get("summary")
    if isinstance(summary, dict) and summary.get("interrupted") is True:
        # Complete up to its last dossier, yet not every school: those missing would read as
        # removed, and all their findings as new.
        raise LabelcheckError(
            f"{at}{french.NNBSP}: rapport d'une évaluation interrompue "
            f"({french.quoted('interrupted')} vaut true){french.NNBSP}: il ne contient pas tous "
            "les dossiers ; relancer l'évaluation jusqu'au bout"
        )
    _check(_Head, document, at, ())
    if "summary" in document:  # checked alone: a report's head may come without it
        _check(_Summary, summary, at, ("summary",))
    for name in ("profile", "profile_digest", "tool"):
        if name in document:
            setattr(report, name, document[name])
    dossiers = document.get("dossiers")
    if dossiers is not None and not isinstance(dossiers, list):
        raise LabelcheckError(f"{at}{french.NNBSP}: dossiers doit être une liste")
    for dossier in dossiers or []:
        _add(report, dossier, at, ("dossiers", report.read), seen)
    if "dossier" in document:  # an 0.1.0 JSON line's, or (no line) one of `_own_layout`'s
        where = ("dossier",) if number is not None else ("dossiers", report.read)
        _add(report, document["dossier"], at, where, seen)


def _add(report: Report, dossier: Any, at: str, where: tuple, seen: set[str]) -> None:
    """A dossier read, if it has the shape and is not one read already."""
    _check(_Dossier, dossier, at, where)
    _once(dossier["labels"], at, where)
    path = dossier["path"]
    if path in seen:
        # Two reports put end to end (`cat a.jsonl b.jsonl`), or an entry copied: compared, its
        # findings would count twice, its other copy read as removed.
        uai = f" (UAI {visible(dossier['uai'])})" if dossier.get("uai") else ""
        twice = french.colon(
            f"dossier {french.quoted(visible(path))}{uai} en double",
            f"un rapport compte chaque dossier une fois (deux rapports mis bout à bout{french.NNBSP}?)",
        )
        raise LabelcheckError(
            french.colon(at, french.colon(format_path(where), twice) if where else twice)
        )
    seen.add(path)
    report.take(dossier)


def _once(labels: list[dict[str, Any]], at: str, where: tuple) -> None:
    """A dossier's labels, each once: compare matches them by their id."""
    ids: set[str] = set()
    for index, label in enumerate(labels):
        if label["label"] in ids:
            key = format_path((*where, "labels", index, "label"))
            problem = french.colon(key, f"label {french.quoted(label['label'])} en double")
            raise _invalid(at, [problem])
        ids.add(label["label"])


def _no_summary(at: str) -> LabelcheckError:
    """The contract's summary missing: a report cut short or made by hand, its count unknown."""
    message = f"rapport incomplet, clé obligatoire {french.quoted('summary')} absente"
    return LabelcheckError(french.colon(at, message))


class NotAReport(LabelcheckError):
    """A file read as a report that is none; `what` it is instead, when its start or its name
    tells (`other_output`), is said with `advice`, else with what the command reads (`said`)."""

    def __init__(self, at: str, what: str | None, advice: str | None = None):
        super().__init__(
            f"{at}{french.NNBSP}: ce n'est pas un rapport de labelcheck "
            f"(«{french.NNBSP}format{french.NNBSP}» attendu{french.NNBSP}: {REPORT_FORMAT})"
        )
        self.at, self.what, self.advice = at, what, advice

    def said(self, reads: str) -> str:
        if self.what is None:
            return str(self)
        return french.colon(self.at, french.colon(self.what, self.advice or reads))


def _not_a_report(at: str, head: bytes = b"", format_name: Any = None) -> NotAReport:
    """`head`: the file's start, or `format_name`: the `format` of its object, which may tell
    what it is."""
    if format_name is None and (found := LABELCHECK_FORMAT.search(head)):
        format_name = found[1].decode()
    if _newer_report(format_name):
        # As the dossier reader says of a dossier of a later format (errors.explain).
        newer = f"rapport au format {format_name}, d'une version de labelcheck plus récente"
        advice = (
            f"cette version lit le format {REPORT_FORMAT}{french.NNBSP}; mettre labelcheck à jour"
        )
        return NotAReport(at, newer, advice)
    return NotAReport(at, _other_document(format_name) or other_output(head, at))


# The `format` of labelcheck's JSON documents: a report of a later version, a comparison, a
# campaign's calendar are each said to be what they are, not « pas un rapport de labelcheck ».
LABELCHECK_FORMAT = re.compile(rb'"format"\s*:\s*"(labelcheck-[a-z]+/[0-9A-Za-z.]{1,20})"')
OTHER_DOCUMENTS = {
    "labelcheck-compare": "une comparaison de deux évaluations ({}), pas un rapport d'évaluation",
    "labelcheck-campaign": "un échéancier de campagne ({}), pas un rapport d'évaluation",
}


def _newer_report(format_name: Any) -> bool:
    if not isinstance(format_name, str) or not format_name.startswith("labelcheck-report/"):
        return False
    version = format_name.removeprefix("labelcheck-report/")
    return version.isascii() and version.isdigit() and int(version) > 1


def _other_document(format_name: Any) -> str | None:
    if not isinstance(format_name, str):
        return None
    kind = OTHER_DOCUMENTS.get(format_name.partition("/")[0])
    return kind.format(visible(format_name)) if kind else None


# labelcheck's other outputs, and what a school keeps beside them, by how they begin (after a
# BOM and blanks), else by their name's extension: told to whoever gives one where a JSON report
# is read, as its TOML syntax errors once were (« remplacer U+202F », « sans BOM »).
OUTPUT_STARTS = (
    (b"%PDF-", formats.FORMATS["pdf"].called),
    (b"BEGIN:VCALENDAR", formats.FORMATS["ics"].called),
    (b"<!doctype html", formats.FORMATS["html"].called),
    (b"<html", formats.FORMATS["html"].called),
)
# By name: what each of labelcheck's formats is called, and a school's own `.text` notes.
OUTPUT_EXTENSIONS = formats.called_by_extension() | {".text": "un fichier texte"}


def other_output(head: bytes, at: str) -> str | None:
    """What a file that is no JSON report is, as its first bytes `head` or its name (`at`,
    perhaps followed by `:line`) tell; None when neither does."""
    start = head.removeprefix(BOM).lstrip()
    lowered = start[:64].lower()
    for begins, what in OUTPUT_STARTS:
        if lowered.startswith(begins.lower()):
            return what
    if lowered.startswith(b"<?xml") or lowered.startswith(b"<testsuite"):
        return "un rapport JUnit (XML)" if b"<testsuite" in start else OUTPUT_EXTENSIONS[".xml"]
    if start.startswith(b"{") and b'"$schema"' in start and b"sarif" in start.lower():
        return formats.FORMATS["sarif"].called
    if start.startswith(b"[") and b'"fingerprint"' in start:
        return "un rapport Code Quality (GitLab)"
    name = at.rsplit(":", 1)[0] if re.search(r":\d+$", at) else at
    return OUTPUT_EXTENSIONS.get(os.path.splitext(name)[1].lower())


def _slim(dossier: dict[str, Any]) -> dict[str, Any]:
    """A dossier of the shape `_Dossier` checked, with what a comparison reads alone."""
    out = _fields(dossier, DOSSIER_FIELDS)
    out["labels"] = [_slim_label(label) for label in dossier["labels"]]
    return out


def _slim_label(label: dict[str, Any]) -> dict[str, Any]:
    out = _fields(label, LABEL_FIELDS)
    # The held status alone: with it, compare reads a label awarded after the as-of date in an
    # earlier version's report, whose verdict was `ready`, in this version's words
    # (compare.verdict_of).
    held = label.get("held")
    if isinstance(held, dict) and isinstance(held.get("status"), str):
        out["held"] = {"status": sys.intern(held["status"])}
    out["criteria"] = tuple(
        _shared_criterion(c["ref"], c["status"], c.get("title")) for c in label["criteria"]
    )
    out["findings"] = [_slim_finding(f) for f in label["findings"]]
    return out


def _slim_finding(finding: Any) -> SlimFinding:
    out = _fields(finding, FINDING_FIELDS)
    source = finding.get("source") if isinstance(finding, dict) else None
    if isinstance(source, dict):
        values = tuple(source.get(k) for k in SOURCE_FIELDS)
        shareable = all(v is None or isinstance(v, str) for v in values)
        out["source"] = _shared_source(*values) if shareable else source
    return SlimFinding(out)


class SlimFinding:
    """A finding of a label of a report read, with what a comparison reads, read as the
    report's own object is (`get`, `[]`, `in`: `compare` is given either). Its fields in
    slots: a national report's 1.5 million findings as dicts were 6.8 KB a dossier, more
    than a third of a comparison's memory; 120 bytes a finding now, 262 before."""

    __slots__ = (*FINDING_FIELDS, "source")
    FIELDS = frozenset(__slots__)  # what it may hold: never its methods, read by their name

    def __init__(self, fields: dict[str, Any]) -> None:
        for name, value in fields.items():
            setattr(self, name, value)

    def get(self, name: str, default: Any = None) -> Any:
        return getattr(self, name, default) if name in self.FIELDS else default

    def __getitem__(self, name: str) -> Any:
        if name in self:
            return getattr(self, name)
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return name in self.FIELDS and hasattr(self, name)


SOURCE_FIELDS = ("document", "section", "quote")


class SlimCriterion(NamedTuple):
    """A criterion of a label of a report read, as a comparison reads it; read with `get`, as
    the report's own object is (`compare` is given either)."""

    ref: str
    status: str
    title: str | None

    def get(self, name: str, default: Any = None) -> Any:
        return getattr(self, name) if name in self._fields else default  # never a method


@lru_cache(maxsize=4096)
def _shared_criterion(ref: str, status: str, title: str | None) -> SlimCriterion:
    """One object for every dossier that gives a criterion the same status: a national report's
    1.3 million criteria, each a dict of its three fields, were a quarter of a comparison's
    memory (4.4 KB a dossier of 18.8)."""
    return SlimCriterion(ref, status, title)


@lru_cache(maxsize=4096)
def _shared_source(*values: Any) -> dict[str, Any]:
    """A finding's source, one object for all the findings of a rule: its quote, hundreds of
    characters, repeated in every dossier, held once (60,000 dossiers, 25 findings each).
    Read, never changed."""
    return {k: v for k, v in zip(SOURCE_FIELDS, values, strict=True) if v is not None}


def _fields(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a JSON object, their short texts shared (thousands of dossiers
    repeat the same rule ids, refs and titles)."""
    if not isinstance(value, dict):
        return {}
    return {
        name: sys.intern(value[name])
        if isinstance(value[name], str) and len(value[name]) < 200
        else value[name]
        for name in names
        if name in value
    }


def _documents(file: BinaryIO, shown: str) -> Iterator[tuple[int | None, dict[str, Any]]]:
    """Each JSON object of the file with its line: the JSON writer's report dossier by
    dossier, JSON lines line by line, another layout of one object whole."""
    _not_utf16(file, shown)
    head = file.read(len(OWN_LAYOUT) + len(BOM))
    file.seek(len(BOM) if head.startswith(BOM) else 0)
    if head.removeprefix(BOM).startswith(OWN_LAYOUT):
        yield from _own_layout(_Chunks(file), shown)
        return
    _an_object_first(file, shown)
    first, number = file.readline(), 1
    while first and not first.strip():  # blank lines before the first, as between lines
        first, number = file.readline(), number + 1
    if first.strip().startswith(b"{") and first.rstrip().endswith(b"}"):  # JSON lines
        yield from _json_lines(itertools.chain([first], file), shown, number)
        return
    whole = first + file.read()
    if not whole.strip():
        raise LabelcheckError(french.colon(shown, JSON_REASONS["input data is empty"]))
    if REPORT_FORMAT.encode() not in whole:  # not JSON, or not ours: say what it is (not)
        raise _not_a_report(_at(shown, number), whole[:4096])
    document = _holding(_object(whole, shown, number), shown, number, ("dossiers",))
    _counted(document, _length(document.get("dossiers")), shown, number)
    yield number, document


def _not_utf16(file: BinaryIO, shown: str) -> None:
    """Refuse a report saved in UTF-16 (PowerShell 5's `>`) as a dossier is, not as « ce n'est
    pas un rapport de labelcheck »: it is one, to save again in UTF-8. The file is read
    again from its start."""
    problem = utf16_problem(file.read(512))
    file.seek(0)
    if problem is not None:
        raise LabelcheckError(french.typeset(f"{shown}:1 : {problem}"))


def _an_object_first(file: BinaryIO, shown: str) -> None:
    """Refuse at once a file whose first character is not a JSON object's brace: every layout
    of a report begins with one. Read whole, 3 GB of zeros took 6.4 GB of memory only to be
    told not a report (the robustness audit). The file is left where it was."""
    start, lines = file.tell(), 1
    while chunk := file.read(1 << 16):
        text = chunk.lstrip()
        lines += chunk.count(b"\n", 0, len(chunk) - len(text))
        if text:
            file.seek(start)
            if not text.startswith(b"{"):
                raise _not_a_report(_at(shown, lines), text[:4096])
            return
    file.seek(start)  # blank to its end: said empty, as before


def _json_lines(
    lines: Iterable[bytes], shown: str, start: int
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each line of a JSON lines report with its number, from line `start`. A run writes its
    dossiers' lines, then a summary line counting them: dossier lines with no summary line after
    them are a truncated report (a run killed, a disk full, a copy cut short), never one whose
    other schools were removed; a second summary line, two reports put end to end. A report of
    one object on one line holds its dossiers itself."""
    since, number = 0, 0  # the dossier lines since the last summary line; the last line read
    summed = 0  # the line of the summary, once read
    for number, line in enumerate(lines, start):
        if not line.strip():
            continue
        document = _holding(_object(line, shown, number), shown, number, LINE_KEYS)
        since += "dossier" in document or _is_dossier(document)
        if "summary" in document:
            if summed:
                message = (
                    f"seconde ligne {french.quoted('summary')} (la première ligne {summed})"
                    f"{french.NNBSP}: un rapport n'en a qu'une (deux rapports mis bout à bout"
                    f"{french.NNBSP}?)"
                )
                raise LabelcheckError(french.colon(f"{shown}:{number}", message))
            dossiers = document.get("dossiers")
            _counted(document, since if dossiers is None else _length(dossiers), shown, number)
            since, summed = 0, number
        yield number, document
    if since:
        raise _truncated(
            f"{shown}:{number}", f"pas de ligne {french.quoted('summary')} après le dernier dossier"
        )


def _length(dossiers: Any) -> int | None:
    return len(dossiers) if isinstance(dossiers, list) else None


def _counted(document: dict[str, Any], read: int | None, shown: str, number: int) -> None:
    """A report's summary, if it counts its dossiers, counts those read."""
    if miscount := _miscount(document, read):
        raise LabelcheckError(f"{shown}:{number}{french.NNBSP}: {miscount}")


def _miscount(document: dict[str, Any], read: int | None) -> str | None:
    """What is wrong with the count of a report's summary, if it counts other dossiers than
    those read (a count that is no number of dossiers is the shape's error to say, in `_take`)."""
    summary = document.get("summary")
    count = summary.get("dossiers") if isinstance(summary, dict) else None
    if read is None or type(count) is not int or count < 0 or count == read:
        return None
    return (
        f"rapport tronqué ou incomplet (son résumé compte {french.plural(count, 'dossier')}, "
        f"il en contient {read})"
    )


def _truncated(at: str, what: str) -> LabelcheckError:
    return LabelcheckError(
        f"{at}{french.NNBSP}: rapport tronqué après cette ligne ({what}"
        f"{french.NNBSP}: l'évaluation a-t-elle été interrompue{french.NNBSP}?)"
    )


# What a JSON line of a report holds (one of): a dossier, or the run's summary. A dossier's line
# is the dossier object of a JSON report's `dossiers`, `format` added first; earlier versions
# (0.1.0) wrapped it, `{"format", "profile", "dossier": {…}}`, and their reports are still read.
# A report of one object on one line reads as one line too.
DOSSIER_KEYS = ("path", "labels")
LINE_KEYS = ("dossiers", "summary", *DOSSIER_KEYS, "dossier")


def _is_dossier(document: dict[str, Any]) -> bool:
    """Whether a JSON line is a dossier itself: not the summary line, a whole report on one
    line, nor an earlier version's line holding its dossier under `dossier`."""
    return (
        any(key in document for key in DOSSIER_KEYS)
        and "summary" not in document
        and "dossiers" not in document
        and "dossier" not in document
    )


def _holding(
    document: dict[str, Any], shown: str, number: int, keys: tuple[str, ...]
) -> dict[str, Any]:
    """`document`, if it holds one of `keys`: a report without its dossiers is not one with
    none (a truncated or hand-made file would compare as its schools removed)."""
    if document.get("format") != REPORT_FORMAT or any(key in document for key in keys):
        return document
    message = f"clé obligatoire {french.quoted('dossiers')} absente"
    if len(keys) > 1:  # a JSON line may be one dossier, or the summary
        message += (
            f" (en JSON lines, un dossier, {french.quoted('path')} et {french.quoted('labels')},"
            f" ou {french.quoted('summary')})"
        )
    raise LabelcheckError(f"{shown}:{number}{french.NNBSP}: {message}")


class _Chunks:
    """A file read a megabyte at a time, searched in place: what is before `position` is done."""

    SIZE = 1 << 20

    def __init__(self, file: BinaryIO):
        # Its offset from where the file is (after a BOM): `line_at` counts from the start.
        self.file, self.data, self.position, self.offset = file, b"", 0, file.tell()

    def find(self, needle: bytes) -> int:
        """The position of `needle` from `position` on, reading more as needed; -1 at the end."""
        while (found := self.data.find(needle, self.position)) < 0:
            more = self.file.read(self.SIZE)
            if not more:
                return -1
            self.offset += self.position
            self.data = self.data[self.position :] + more
            self.position = 0
        return found

    def line_at(self, index: int) -> int:
        """The file's line at `index` of the data in hand (counted only for an error)."""
        self.file.seek(0)
        before = self.file.read(self.offset + index)
        return before.count(b"\n") + 1


def _own_layout(chunks: _Chunks, shown: str) -> Iterator[tuple[int | None, dict[str, Any]]]:
    """A report as the JSON writer lays it out: its head (up to the dossiers), then each
    dossier alone (its line not counted: a long read), then what follows the array (the
    summary)."""
    array = chunks.find(DOSSIERS_START)
    if array < 0:
        # Read to its end: a file cut before its dossiers is said cut (or unreadable), not a
        # report lacking the key (the new-user walk's baseline cut at 1,000 bytes).
        try:
            orjson.loads(chunks.data)
        except orjson.JSONDecodeError as error:
            raise LabelcheckError(
                f"{shown}:{error.lineno}{french.NNBSP}: JSON illisible ({json_reason(error.msg)})"
            ) from None
        raise LabelcheckError(
            f"{shown}{french.NNBSP}: clé obligatoire {french.quoted('dossiers')} absente"
        )
    head = _object(chunks.data[:array].rstrip(b",") + b"}", shown, 1)
    # A summary moved before the dossiers (by a tool that sorts keys) counts them as well.
    first: tuple[dict[str, Any], int] = ({}, 0)
    if "summary" in head:
        at = chunks.data.find(b'\n  "summary"', 0, array) + 1
        first = {"summary": head.pop("summary")}, chunks.data.count(b"\n", 0, at) + 1
    yield 1, head
    chunks.position = array + len(DOSSIERS_START)
    read = 0  # dossiers
    while (start := chunks.find(DOSSIER_START)) >= 0:
        if chunks.data[chunks.position : start].strip(b", \n"):
            break  # the array ended before: this brace is not one of its dossiers
        chunks.position = start
        end = chunks.find(DOSSIER_END)
        if end < 0:
            line = chunks.line_at(chunks.position + 1)  # DOSSIER_START's newline is before it
            raise LabelcheckError(
                f"{shown}:{line}{french.NNBSP}: rapport tronqué{french.NNBSP}: le dossier qui "
                "commence à cette ligne n'a pas de fin"
            )
        start = chunks.position  # the data may have moved while reading on
        try:
            dossier = orjson.loads(chunks.data[start : end + len(DOSSIER_END)])
        except orjson.JSONDecodeError as error:
            line = chunks.line_at(start) + error.lineno
            raise LabelcheckError(
                f"{shown}:{line}{french.NNBSP}: JSON illisible ({json_reason(error.msg)})"
            ) from None
        yield None, {"format": REPORT_FORMAT, "dossier": dossier}
        read += 1
        chunks.position = end + len(DOSSIER_END)
    yield from _own_end(chunks, read, shown, first)


def _own_end(
    chunks: _Chunks, read: int, shown: str, first: tuple[dict[str, Any], int]
) -> Iterator[tuple[int | None, dict[str, Any]]]:
    """What follows the dossiers of the JSON writer's report: the array closed, then the rest
    of the object (the summary, unless `first` holds it, with its line), read whole. A report
    cut after a dossier (a run killed, a disk full) is refused as truncated, never read as one
    whose other schools were removed."""
    rest = chunks.data[chunks.position :] + chunks.file.read()
    closed = rest.lstrip(b", \r\n\t")
    if closed and not closed.startswith((b"]", b"{")):  # a null, a number…: no dossier, no end
        at = chunks.line_at(chunks.position + len(rest) - len(closed))
        raise LabelcheckError(
            french.colon(f"{shown}:{at}", f"dossiers[{read}] : objet JSON attendu (un dossier)")
        )
    if not closed.startswith(b"]"):
        raise _truncated(
            f"{shown}:{chunks.line_at(chunks.position)}",
            f"liste {french.quoted('dossiers')} sans fin",
        )
    bracket = chunks.position + len(rest) - len(closed)
    after = closed[1:]
    rest_of_object = after.lstrip()
    if rest_of_object.startswith(b","):  # kept on its lines, for an error's line
        after = after[: len(after) - len(rest_of_object)] + b" " + rest_of_object[1:]
    try:
        tail = orjson.loads(b"{" + after)
    except orjson.JSONDecodeError as error:
        line = chunks.line_at(bracket) + error.lineno - 1
        raise LabelcheckError(
            f"{shown}:{line}{french.NNBSP}: JSON illisible ({json_reason(error.msg)})"
        ) from None
    summary, line = first
    if "summary" in tail:
        summary, line = tail, 0  # its line counted only if wrong: a long read
    if "summary" not in summary:
        raise _no_summary(shown)
    summary = {"format": REPORT_FORMAT, "summary": summary["summary"]}
    if miscount := _miscount(summary, read):
        raise LabelcheckError(
            f"{shown}:{line or chunks.line_at(bracket)}{french.NNBSP}: {miscount}"
        )
    yield None, summary


def _object(text: bytes, shown: str, number: int) -> dict[str, Any]:
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        line, problem = _not_utf8(text) or (
            error.lineno,
            f"JSON illisible ({json_reason(error.msg)}, colonne {error.colno})",
        )
        raise LabelcheckError(f"{shown}:{number + line - 1}{french.NNBSP}: {problem}") from None
    if not isinstance(document, dict):
        raise LabelcheckError(f"{shown}:{number}{french.NNBSP}: un objet JSON est attendu")
    return document


def _not_utf8(text: bytes) -> tuple[int, str] | None:
    """Where `text` is not UTF-8, as (line, message): orjson says only « not valid UTF-8 » at
    column 1."""
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as bad:
        line, problem = utf8_problem(text, bad)
        return line, french.typeset(problem)
    return None


# -- the shape of what is read -----------------------------------------------------------------
# A report may be another program's output or a file edited by hand. What a comparison reads
# of it is checked to have the types the JSON writer gives (strictly: "5" is no number, 5 no
# text), so that a malformed one is an input error naming its key and what was expected
# (exit 2): never a crash further on (exit 3), nor a dossier compared as if it had no findings.
# Fields not read are not checked: the contract lets a report carry more.


def _day(value: str) -> str:
    """An ISO date as the JSON writer gives it (AAAA-MM-JJ)."""
    if iso_day(value) is not None:
        return value
    shown = french.quoted(visible(value))
    raise ValueError(f"date attendue (AAAA-MM-JJ){french.NNBSP}; reçu {shown}")


Day = Annotated[str, AfterValidator(_day)]


class _Shape(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


class _Plugin(_Shape):
    name: str
    version: str


class _Tool(_Shape):
    name: str
    version: str
    plugins: list[_Plugin] = []


class _Summary(_Shape):
    # What tells a complete report from one cut short or interrupted (`_miscount`, `_take`).
    dossiers: int = Field(ge=0)
    interrupted: bool = False


class _Head(_Shape):  # its summary is checked alone (`_take`), the head of `_own_layout` lacks it
    profile: str | None = None
    profile_digest: str | None = None
    tool: _Tool | None = None


class _Finding(_Shape):
    rule: str
    kind: str
    severity: Severity
    ref: str
    subject: str
    message: str
    due: Day | None = None
    remedy: str | None = None
    new: bool | None = None
    severity_reason: str | None = None


class _Criterion(_Shape):
    ref: str
    status: CriterionStatus
    title: str | None = None


# The verdicts a report may carry: this version's, which gives `not-yet-awarded` again as the
# earliest versions did (whatever its findings then; compare.verdict_of reads every version's).
ReportVerdict = Verdict


class _Label(_Shape):
    label: str
    name: str | None = None
    application: str | None = None
    as_of: Day | None = None
    verdict: ReportVerdict
    criteria: list[_Criterion]
    findings: list[_Finding]


class _Error(_Shape):
    path: str
    line: int | None = None
    message: str


class _Dossier(_Shape):
    path: str = Field(min_length=1)
    uai: str | None = None
    name: str | None = None
    digest: str | None = None
    profile_digest: str | None = None
    errors: list[_Error]
    internal_error: str | None = None
    labels: list[_Label]


# The errors of one malformed dossier shown at most: the first ones tell what is wrong.
SHOWN_ERRORS = 10
# explain() speaks of TOML, as dossiers and profiles are written in it; a report is JSON.
_JSON_WORDS = {
    "table (clé = valeur) attendue": "objet JSON attendu",
    "reçu une table vide": "reçu un objet vide",
    "reçu une table": "reçu un objet",
}


def _check(shape: type[_Shape], value: Any, at: str, where: tuple) -> Any:
    """`value`, if it has the shape; else an input error naming each key wrong and why."""
    try:
        shape.model_validate(value)
    except ValidationError as error:
        suggestions = Suggestions()
        raise _invalid(
            at, [_problem(e, shape, where, suggestions) for e in error.errors(include_url=False)]
        ) from None
    return value


def _invalid(at: str, problems: list[str]) -> LabelcheckError:
    """A report's shape wrong, each problem on its line (the first ones: they tell what is)."""
    more = len(problems) - SHOWN_ERRORS
    return LabelcheckError(
        f"{at}{french.NNBSP}: rapport invalide, {french.plural(len(problems), 'erreur')}",
        problems[:SHOWN_ERRORS] + ([f"… et {more} autres erreurs"] if more > 0 else []),
    )


def _problem(e: Any, shape: type[_Shape], where: tuple, suggestions: Suggestions) -> str:
    loc = tuple(e["loc"])
    message = french.suggestion(*explain(e, loc, shape, suggestions))
    for toml, json_words in _JSON_WORDS.items():
        message = message.replace(toml, json_words)
    return french.colon(format_path((*where, *loc)) or "rapport", message)


def baseline_of(report: Report) -> Baseline:
    """The findings of a report, as a baseline for `evaluate --baseline`."""
    baseline = Baseline()
    for dossier in report.dossiers:
        add_to_baseline(baseline, dossier)
    return baseline


def read_baseline(path: Path) -> Baseline:
    """The findings of the report in `path`, as a baseline: each dossier's taken as it is
    read, the report never held whole (a national one is gigabytes)."""
    baseline = Baseline()
    read_report(path, lambda dossier: add_to_baseline(baseline, dossier), BASELINE_READS)
    return baseline


def add_to_baseline(baseline: Baseline, dossier: dict[str, Any]) -> None:
    path = dossier.get("path", "")
    identity = dossier_key(dossier.get("uai"), path)
    baseline.hold(identity, path)
    errors = dossier.get("errors")
    if errors:
        baseline.add_errors(
            identity, ((e.get("path", ""), e.get("message", "")) for e in errors), path
        )
    for label in dossier.get("labels", []):
        findings = (
            (*identity_of(finding), finding.get("message", ""), _severity(finding))
            for finding in label.get("findings", [])
        )
        baseline.add_label(identity, label.get("label", ""), path, findings)


def _severity(finding: dict[str, Any]) -> str:
    """A finding's severity as its report gives it; "" when it says none (known then whatever
    its severity now)."""
    severity = finding.get("severity")
    return severity if isinstance(severity, str) else ""


def identities(label: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """Each finding of a label of a read report, as (rule, subject, ref)."""
    return map(identity_of, label.get("findings", []))


def identity_of(finding: dict[str, Any]) -> tuple[str, str, str]:
    return finding.get("rule", ""), finding.get("subject", ""), finding.get("ref", "")


# The reasons orjson gives for a JSON it cannot read, in French (its own are English: « JSON
# illisible (unexpected character, expected a JSON value) »). orjson joins a reason and what it
# expected with « , ».
JSON_REASONS = {
    "Input is a zero-length, empty document": "fichier vide",
    "input data is empty": "fichier vide",
    "unexpected character": "caractère inattendu",
    "invalid literal": "mot inconnu",
    "expected a JSON value": "valeur JSON attendue",
    "expected a string key": "nom de clé entre guillemets doubles attendu",
    "expected ':' after key": "«\u202f:\u202f» attendu après le nom de la clé",
    "expected ',' or ']'": "«\u202f,\u202f» ou «\u202f]\u202f» attendu",
    "expected ',' or '}'": "«\u202f,\u202f» ou «\u202f}\u202f» attendu",
    "unexpected end of data": "fin inattendue\u202f: fichier tronqué",
    "trailing comma is not allowed": "virgule en trop avant «\u202f]\u202f» ou «\u202f}\u202f»",
    "unexpected content after document": "texte en trop après la fin du document JSON",
    "number with leading zero is not allowed": "nombre commençant par un zéro",
    "number is infinity when parsed as double": "nombre trop grand",
    "invalid escaped sequence in string": "séquence d'échappement invalide dans un texte",
    "unexpected control character in string": "caractère de contrôle dans un texte",
    "no low surrogate in string": "séquence \\uXXXX incomplète dans un texte",
    "str is not valid UTF-8: surrogates not allowed": "texte qui n'est pas en UTF-8",
    "depth limit exceeded": "objets ou listes imbriqués trop profondément",
}
_WORD_EXPECTED = re.compile(r"expected '(?P<word>\w+)'")


def json_reason(reason: str) -> str:
    """orjson's reason in French: whole, or as « what it met, what it expected »."""
    if reason in JSON_REASONS:
        return JSON_REASONS[reason]
    met, _, expected = reason.partition(", ")
    word = _WORD_EXPECTED.fullmatch(expected)
    said = JSON_REASONS.get(expected) or (word and f"{word['word']} attendu")
    if met in JSON_REASONS and said:
        return f"{JSON_REASONS[met]}, {said}"
    # A reason of a later orjson not in the table: the line and column still say where.
    return "syntaxe JSON invalide"
