"""The JSON report (contract: spec/cli-and-report.md), as one object or as JSON lines."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import orjson
from labelcheck.core.report import DossierResult, Finding, LabelResult, Summary
from labelcheck.core.writers import Rendered, Writer

FORMAT = "labelcheck-report/1"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _citation(finding: Finding) -> dict[str, Any]:
    """`source` as the contract has findings carry it: document, section, quote (null when
    the rule quotes nothing)."""
    cited = finding.cited
    if cited is None:  # a finding made outside the engine (a test, a plugin's own): its line
        return {"document": finding.source, "section": "", "quote": None}
    return {"document": cited.document, "section": cited.section, "quote": cited.quote}


def finding_dict(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": finding.rule,
        "kind": finding.kind,
        "severity": finding.severity,
        "ref": finding.ref,
        "subject": finding.subject,
        "message": finding.message,
        "source": _citation(finding),
        "nature": finding.nature,
    }
    if finding.due:
        out["due"] = _date(finding.due)
    if finding.remedy:
        out["remedy"] = finding.remedy
    if finding.new is not None:  # a run with --baseline
        out["new"] = finding.new
    if finding.severity_reason:
        out["severity_reason"] = finding.severity_reason
        # The reason is the profile's [[severity]] unless it says why the rule's own holds:
        # a program tells the two apart as the human reports' headings do.
        if finding.severity_kept:
            out["severity_kept"] = True
    return out


def label_dict(result: LabelResult) -> dict[str, Any]:
    criteria = []
    for criterion in result.criteria:
        item: dict[str, Any] = {"ref": criterion.ref, "status": criterion.status}
        if criterion.via:
            item["via"] = criterion.via
            item["equivalence"] = criterion.equivalence
        elif criterion.set_aside:  # never `via`: the other label did not stand in
            item["equivalence_set_aside"] = criterion.set_aside.equivalence
        item["title"] = criterion.title
        item["evidence"] = list(criterion.evidence)
        if criterion.grades:
            item["grades"] = [
                {"ref": g.ref, "grade": g.grade, "date": _date(g.date), "audit": g.audit}
                for g in criterion.grades
            ]
        if criterion.wording != "official":
            item["wording"] = criterion.wording
        criteria.append(item)
    out = {
        "label": result.label,
        "name": result.name,
        # The label's word for a renewal (Euroscol's « relabellisation »): `compare` says a
        # verdict from the report alone as `evaluate` says it.
        "renewal_name": result.renewal_name,
        "application": result.application,
        "level": result.level,
        "as_of": _date(result.as_of),
        "verdict": result.verdict,
        "criteria": criteria,
        "findings": [finding_dict(f) for f in result.findings],
        "held": {k: (_date(v) if isinstance(v, dt.date) else v) for k, v in result.held.items()}
        if result.held
        else None,
        "equivalences": [{k: v for k, v in e.items()} for e in result.equivalences],
        "waivers": [
            {
                "rule": w.rule,
                "reason": w.reason,
                "expires": _date(w.expires),
                "status": w.status,
                "findings": w.findings,
            }
            for w in result.waivers
        ],
        "waived": [finding_dict(f) for f in result.waived],
        "timeline": [
            {
                "id": s.id,
                "date": _date(s.date),
                "end": _date(s.end),
                "kind": s.kind,
                "what": s.what,
                "source": s.source,
                # A window whose audit took place: when (Eduform's surveillance audit).
                **({"held_on": _date(s.held_on)} if s.held_on else {}),
                # A deadline the dossier records done (the audit plan returned): when.
                **({"done_on": _date(s.done_on)} if s.done_on else {}),
            }
            for s in result.steps
        ],
    }
    return out


def dossier_dict(result: DossierResult) -> dict[str, Any]:
    out = {
        "path": result.path,
        "uai": result.uai,
        "name": result.name,
        "profile": result.profile,
        "profile_reason": result.profile_reason,
        "profile_digest": result.profile_digest,
        "digest": result.digest,
        "errors": [e.as_dict() for e in result.errors],
        "labels": [label_dict(label) for label in result.labels],
        "shared_evidence": [
            {"id": s.id, "kind": s.kind, "refs": list(s.refs)} for s in result.shared_evidence
        ],
        "links": list(result.links),
    }
    if result.internal_error:
        out["internal_error"] = result.internal_error
    return out


def summary_dict(summary: Summary) -> dict[str, Any]:
    """The counts; `"interrupted": true` only for a run stopped by a signal, so that a complete
    run's report stays what it was."""
    out = dataclasses.asdict(summary)
    if not summary.not_yet_awarded:
        # A verdict beyond the contract's list: its count is given when some label has it, so
        # that a report without one keeps the contract's fields alone.
        del out["not_yet_awarded"]
    if not summary.interrupted:
        del out["interrupted"]
    if summary.new is None:  # a run without --baseline
        del out["new"]
    return out


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON text, UTF-8 as is; `indent=2` lays it out as `json.dumps(..., indent=2)` does.
    orjson, not the json module: encoding was a tenth of a JSONL run (bench/RECORD.md)."""
    if indent not in (None, 2):
        raise ValueError("indent is None or 2")
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else 0).decode()


def dumps_within(value: Any, margin: str) -> bytes:
    """`dumps(value, indent=2)` in UTF-8, each of its lines after the first set `margin`
    further in: indented while still bytes (a newline is one byte in UTF-8)."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n" + margin.encode())


class JsonWriter(Writer):
    """One JSON object, written as results come so that memory does not grow."""

    utf8 = True
    shows_digest = True

    def _start(self) -> None:
        if self.count == 0:
            head = "".join(
                f"\n  {dumps(name)}: {dumps(value, indent=2).replace(chr(10), chr(10) + '  ')},"
                for name, value in self.provenance().items()
            )
            start = f'{{\n  "format": "{FORMAT}",\n  "profile": {dumps(self.profile)},{head}'
            self.stream.write((start + '\n  "dossiers": [').encode())

    def render(self, result: DossierResult, position: int = 0) -> Rendered[bytes]:
        return Rendered(dumps_within(dossier_dict(result), "    "))

    def add(self, rendered: Rendered[bytes]) -> None:
        self._start()
        self.stream.write((b",\n    " if self.count else b"\n    ") + rendered.text)

    def close(self, summary: Summary) -> None:
        self._start()
        closing = "\n  ]" if self.count else "]"
        summary_text = dumps(summary_dict(summary), indent=2).replace("\n", "\n  ")
        self.stream.write((closing + ',\n  "summary": ' + summary_text + "\n}\n").encode())


class JsonLinesWriter(Writer):
    """One line per dossier as soon as it is evaluated, then a summary line.

    A dossier's line is the object the JSON report puts in its `dossiers` (so `line["uai"]`
    as the contract reads it), `format` first so that a line alone says what it is; the
    dossier's own `profile` is the one it was judged under. Earlier versions (0.1.0) wrapped it,
    `{"format", "profile", "dossier": {…}}`: `compare` and `--baseline` still read those."""

    utf8 = True
    shows_digest = True

    def render(self, result: DossierResult, position: int = 0) -> Rendered[bytes]:
        line = {"format": FORMAT, **dossier_dict(result)}
        return Rendered(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))

    def add(self, rendered: Rendered[bytes]) -> None:
        self.stream.write(rendered.text)
        self.stream.flush()

    def close(self, summary: Summary) -> None:
        # The run's provenance on the summary line, so that dossier lines stay short.
        last = {"format": FORMAT, "profile": self.profile, **self.provenance()}
        line = {**last, "summary": summary_dict(summary)}
        self.stream.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
