"""The SARIF 2.1.0 report (`--format sarif`), for GitHub code scanning and other SARIF readers.

One run: the tool (`driver`: labelcheck, its version, and each rule that produced a result,
with its title, its remedy and the text it comes from), then one result per finding, located at
the line of the dossier entry it is about (core/locate.py) relative to `%SRCROOT%`, the
repository's root where GitHub resolves it. `partialFingerprints` carries the finding's identity
(core/identity.py): GitHub matches alerts across commits and branches by it, so a finding moved
in the file or reworded stays the same alert. With `--baseline`, `baselineState` says whether
a finding, or an input error, is new. An invalid dossier's errors are results of their own
rule; labelcheck's own failure on a dossier is a tool execution notification, as SARIF files
a tool's failure.

Results are streamed to a temporary file; the driver's rules, known once every dossier is done,
are written before them at `close`.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import orjson
from labelcheck.core import french
from labelcheck.core.identity import SharedIdentities, fingerprint_groups
from labelcheck.core.locate import Problem, at_least, problems
from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.writers import Rendered, Spool, Writer, labelcheck_version
from labelcheck.core.writers.json import dumps

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"blocking": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "labelcheck/v1"  # the fingerprint's name: a new way of making it takes a new name
SOURCE_ROOT = "%SRCROOT%"
# GitHub code scanning refuses a run of more results, and shows the 5,000 gravest of one it
# takes (« SARIF file limits », docs.github.com, troubleshooting SARIF uploads).
GITHUB_MAX_RESULTS = 25_000
GITHUB_SHOWN_RESULTS = 5_000
# A rule whose remedy names the entry concerned has one per entry: the help lists a few.
MAX_REMEDIES = 5
INPUT_ERROR_RULE = {
    "title": "Dossier illisible ou invalide",
    "remedies": [
        french.colon(
            "Corriger le dossier à la ligne indiquée",
            "aucun label n'est évalué tant qu'il ne se lit ni ne se valide.",
        )
    ],
    "source": "",
    "nature": "",
}


def artifact_location(path: str) -> dict[str, str]:
    """A relative path is a URI reference resolved against the repository's root."""
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path, safe="/"), "uriBaseId": SOURCE_ROOT}


def location(problem: Problem) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": artifact_location(problem.path),
            "region": {"startLine": problem.line},
        }
    }


def result(problem: Problem, uai: str | None) -> dict[str, Any]:
    finding = problem.finding
    out: dict[str, Any] = {
        "ruleId": problem.check,
        "level": LEVELS[finding.severity] if finding else "error",
        "message": {"text": problem.message},
        "locations": [location(problem)],
        "partialFingerprints": {FINGERPRINT: problem.key.fingerprint()},
    }
    if problem.new is not None:
        out["baselineState"] = "new" if problem.new else "unchanged"
    properties: dict[str, Any] = {"uai": uai} if uai else {}
    if finding:
        properties |= {"label": problem.label, "ref": finding.ref, "subject": finding.subject}
        if finding.due:
            properties["due"] = finding.due.isoformat()
        if finding.remedy:
            properties["remedy"] = finding.remedy
        if finding.severity_reason:
            properties["severity_reason"] = finding.severity_reason
            if finding.severity_kept:  # not the profile's [[severity]] (writers/json.py)
                properties["severity_kept"] = True
    if properties:
        out["properties"] = properties
    return out


def rule_parts(problem: Problem) -> dict[str, Any]:
    """What the driver says of the rule a result comes from, as this result knows it."""
    finding = problem.finding
    if finding is None:
        return INPUT_ERROR_RULE
    return {
        "title": finding.title or finding.rule,
        "remedies": [finding.remedy] if finding.remedy else [],
        "source": finding.source,
        "nature": finding.nature,
    }


def rule_descriptor(rule: str, parts: dict[str, Any]) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"id": rule, "shortDescription": {"text": parts["title"]}}
    remedies = sorted(parts["remedies"])
    if remedies:
        shown = remedies[:MAX_REMEDIES] + (["…"] if len(remedies) > MAX_REMEDIES else [])
        descriptor["help"] = {"text": "\n".join(shown)}
    properties = {key: parts[key] for key in ("source", "nature") if parts[key]}
    if properties:
        descriptor["properties"] = properties
    return descriptor


def information_uri() -> str | None:
    """labelcheck's address as its package declares it: none until it has a public one."""
    try:
        meta = metadata("labelcheck")
    except PackageNotFoundError:
        return None
    urls = [url.partition(",")[2].strip() for url in meta.get_all("Project-URL") or []]
    return next((url for url in [*(meta.get_all("Home-page") or []), *urls] if url), None)


class SarifWriter(Writer):
    utf8 = True

    def __init__(
        self,
        out: IO[Any] | None,
        profile: str,
        color=False,
        details=False,
        min_severity: str = "info",
    ):
        super().__init__(out, profile, color, details)
        self.min_severity = min_severity
        self.results = Spool()  # the run's results, before the rules they come from
        self.rules: dict[str, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.result_count = 0
        self.shared = SharedIdentities()

    def render(self, result_: DossierResult, position: int = 0) -> Rendered[bytes]:
        """The dossier's results, as the run's list holds them; kept: the rules they come from
        and labelcheck's failure on it."""
        results: list[dict[str, Any]] = []
        rules: dict[str, dict[str, Any]] = {}
        notifications: list[dict[str, Any]] = []
        fingerprints: list[tuple[str, str]] = []  # (label, fingerprint) of each result
        for problem in at_least(problems(result_), self.min_severity):
            if problem.kind == "internal-error":
                notifications.append(
                    {"level": "error", "message": {"text": problem.message}}
                    | {"locations": [location(problem)]}
                )
                continue
            results.append(result(problem, result_.uai))
            fingerprints.append((problem.label, results[-1]["partialFingerprints"][FINGERPRINT]))
            parts = rule_parts(problem)
            known = rules.setdefault(problem.check, {**parts, "remedies": []})
            known["remedies"] = sorted({*known["remedies"], *parts["remedies"]})
        text = b",\n        ".join(orjson.dumps(item) for item in results)
        groups = fingerprint_groups(result_, fingerprints)
        return Rendered(text, (rules, notifications, len(results), groups))

    def options(self) -> dict[str, Any]:
        return {**super().options(), "min_severity": self.min_severity}

    def add(self, rendered: Rendered[bytes]) -> None:
        rules, notifications, count, groups = rendered.keep
        self.result_count += count
        text = self.shared.placed(rendered.text, groups)  # its pairs met, even without results
        if text:
            self.results.write((b"," if self.results.written else b"") + b"\n        " + text)
        for rule, parts in rules.items():
            known = self.rules.setdefault(rule, {**parts, "remedies": []})
            known["remedies"] = sorted({*known["remedies"], *parts["remedies"]})
        self.notifications += notifications

    def driver(self) -> dict[str, Any]:
        driver: dict[str, Any] = {"name": "labelcheck", "version": labelcheck_version()}
        uri = information_uri()
        if uri:
            driver["informationUri"] = uri
        driver["rules"] = [rule_descriptor(rule, self.rules[rule]) for rule in sorted(self.rules)]
        return driver

    def close(self, summary: Summary) -> None:
        # Stopped by a signal, the run did not succeed: its log holds only the dossiers done.
        invocation: dict[str, Any] = {
            "executionSuccessful": not self.notifications and not summary.interrupted
        }
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        head = {
            "tool": {"driver": self.driver()},
            "invocations": [invocation],
            "properties": {"profile": self.profile},
        }
        head_text = dumps(head, indent=2).replace("\n", "\n    ")[:-1].rstrip()
        self.stream.write(
            f'{{\n  "$schema": "{SCHEMA}",\n  "version": "2.1.0",\n  "runs": [\n    '
            f'{head_text},\n      "results": ['.encode()
        )
        written = self.results.written
        self.results.copy_to(self.stream)
        self.stream.write((b"\n      ]" if written else b"]") + b"\n    }\n  ]\n}\n")
        if self.result_count > GITHUB_MAX_RESULTS:
            self.notices.append(
                f"le journal SARIF compte {french.number(self.result_count)} résultats : GitHub "
                f"refuse un journal de plus de {french.number(GITHUB_MAX_RESULTS)} résultats "
                f"(et n'affiche que les {french.number(GITHUB_SHOWN_RESULTS)} plus graves) ; "
                "répartir les dossiers entre plusieurs journaux (--shard 1/N … N/N)"
            )
