"""Where each problem of a dossier is in its file, for the CI formats (SARIF, GitLab Code Quality).

The contract (cli-and-report 1.1, « More CI formats ») locates a finding at « the dossier file and
the line of the entry concerned ». The engine knows that entry when the rule's scope is one (a
document, an indicator, an action, a nonconformity, an audit, an application): `entry_of` gives
its key path in the dossier as written, `("nonconformities", 2)`. A finding about a criterion or
the whole dossier points at the label's `[[applications]]` entry, else its `[[held]]` entry,
else the file's first line. Lines come from the dossier file, read again here (core/sourcemap.py):
an entry of an array of tables is at its header line (`[[nonconformities]]`), where an editor
shows the whole entry; a JSON entry at its opening brace.

Each problem carries a fingerprint made from its identity (core/identity.py), never from its
line or message: moving an entry in the file or rewording a message keeps it the same problem.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from labelcheck.core import french
from labelcheck.core.identity import FindingKey, dossier_key, finding_keys
from labelcheck.core.report import SEVERITY_ORDER
from labelcheck.core.sourcemap import LazyLines, line_of

if TYPE_CHECKING:
    from labelcheck.core.asof import Later
    from labelcheck.core.dossier import Dossier
    from labelcheck.core.report import DossierResult, Finding

KeyPath = tuple[str | int, ...]

# The dossier list each entry scope's subjects come from.
ENTRY_LISTS: dict[str, str] = {
    "application": "applications",
    "document": "documents",
    "indicator": "indicators",
    "action": "actions",
    "nonconformity": "nonconformities",
    "audit": "audits",
}
# Check names of what is not a rule's finding: a dossier that could not be read or validated,
# labelcheck's own failure on a dossier.
INPUT_ERROR = "labelcheck/input-error"
INTERNAL_ERROR = "labelcheck/internal-error"

_ENTRY = re.compile(r"(\w+)\[(\d+)\]")  # `audits[2]`, the start of `nonconformities[0].lifted`


def entry_of(
    view: Dossier, later: Iterable[Later], scope: str, subject: object
) -> tuple[str, int] | None:
    """The key path, in the dossier as written, of the entry a rule of `scope` judged: `subject`,
    found by identity in `view`, the dossier as it stood at the as-of date."""
    kind = ENTRY_LISTS.get(scope)
    if kind is None:
        return None
    index = _places(view, later, kind).get(id(subject))
    return None if index is None else (kind, index)


class _Places:
    """Each entry's place in the dossier as written, by identity, for the view being judged:
    made once a kind, where finding each subject in its list was quadratic (64,000 pieces
    missing their files took 65 s, past the default timeout: the robustness audit). The
    view and its `later` are held, so that an identity stays its entry's while it is used."""

    view: object = None
    later: object = None
    by_kind: dict[str, dict[int, int]] = {}


def _places(view: Dossier, later: Iterable[Later], kind: str) -> dict[int, int]:
    if _Places.view is not view or _Places.later is not later:
        _Places.view, _Places.later, _Places.by_kind = view, later, {}
    places = _Places.by_kind.get(kind)
    if places is None:
        # The view drops the entries dated after the as-of date (core/asof.py), each listed as
        # `Later` with its place in the dossier as written: count them back in, lowest first.
        dropped = sorted(_dropped(later, kind))
        places = {}
        for index, entry in enumerate(getattr(view, kind)):
            for place in dropped:
                if place <= index:
                    index += 1
            places[id(entry)] = index
        _Places.by_kind[kind] = places
    return places


def _dropped(later: Iterable[Later], kind: str) -> Iterator[int]:
    for entry in later:
        match = _ENTRY.fullmatch(entry.path)  # `nonconformities[2].lifted` is kept, reverted
        if match and match[1] == kind:
            yield int(match[2])


def entry_at(path: str) -> tuple[str, int] | None:
    """The entry a key path of the dossier as written lies in: `("audits", 2)` for `audits[2]`
    or `audits[2].date`; None for a key outside the arrays of entries."""
    match = _ENTRY.match(path)
    return (match[1], int(match[2])) if match else None


def label_entry(dossier: Dossier, label: str) -> tuple[str, int] | None:
    """Where a label stands in the dossier: its application, else its award that counts."""
    for index, application in enumerate(dossier.applications):
        if application.label == label:
            return "applications", index
    held = dossier.held_label(label)
    award = next((i for i, entry in enumerate(dossier.held) if entry is held), None)
    return None if award is None else ("held", award)


def report_path(shown: str) -> str:
    """A dossier's path as CI tools want it: relative to the folder the run started in (the
    repository's root in CI), `/`-separated, without a leading `./`. A path outside that folder
    stays absolute: no relative path names it."""
    if os.path.isabs(shown):
        relative = os.path.relpath(shown)
        shown = shown if relative.startswith("..") else relative
    posix = Path(shown).as_posix()
    return posix[2:] if posix.startswith("./") else posix


@dataclass(frozen=True, slots=True)
class Problem:
    """One line of a CI report: a rule's finding, an input error, or an internal error."""

    kind: Literal["finding", "input-error", "internal-error"]
    check: str  # the rule's id, or INPUT_ERROR, INTERNAL_ERROR
    message: str
    path: str  # as report_path gives it
    line: int
    key: FindingKey
    label: str = ""
    finding: Finding | None = None
    new: bool | None = None  # with --baseline: the finding's mark, or the input error's


class DossierLines:
    """The lines of a dossier file's keys, the file read again only when first asked."""

    def __init__(self, path: str):
        self.path = path
        self._lines: LazyLines | None = None

    def line(self, key_path: KeyPath | None) -> int:
        if not key_path:
            return 1
        if self._lines is None:
            try:
                text = Path(self.path).read_text(encoding="utf-8-sig", errors="replace")
            except OSError:  # moved or removed since it was evaluated: its first line
                text = ""
            self._lines = LazyLines(text, self.path.lower().endswith(".json"))
        return line_of(self._lines, key_path) or 1


def problems(result: DossierResult) -> Iterator[Problem]:
    """Each problem of one dossier, located, in the report's order: its input errors, its
    internal error, then each label's findings."""
    path = report_path(result.path)
    dossier = dossier_key(result.uai, result.path)
    seen: Counter[str] = Counter()
    for error in result.errors:
        key = FindingKey(dossier, "", INPUT_ERROR, error.path, "", seen[error.path])
        seen[error.path] += 1
        where = report_path(error.file) if error.file else path
        message = french.colon(error.path, error.full_message) if error.path else error.full_message
        yield Problem(
            "input-error", INPUT_ERROR, message, where, error.line or 1, key, new=error.new
        )
    if result.internal_error:
        key = FindingKey(dossier, "", INTERNAL_ERROR, "", "")
        yield Problem("internal-error", INTERNAL_ERROR, result.internal_error, path, 1, key)
    lines = DossierLines(result.path)
    for label in result.labels:
        fallback = label_entry(result.dossier, label.label) if result.dossier else None
        for finding, key in zip(
            label.findings, finding_keys(dossier, label.label, label.findings), strict=True
        ):
            line = lines.line(finding.entry or fallback)
            yield Problem(
                "finding",
                finding.rule,
                finding.message,
                path,
                line,
                key,
                label.label,
                finding,
                finding.new,
            )


def at_least(found: Iterator[Problem], severity: str) -> Iterator[Problem]:
    """The problems a code-scanning report keeps with `--min-severity`: every input error and
    internal error, and the findings of that severity or above (GitHub keeps 5,000 results of
    a SARIF run and refuses 25,000, some 26 a dossier with the `info` ones)."""
    least = SEVERITY_ORDER[severity]  # the gravest first: rank 0
    return (p for p in found if p.finding is None or SEVERITY_ORDER[p.finding.severity] <= least)
