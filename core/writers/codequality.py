"""The GitLab Code Quality report (`--format codequality`): a JSON array, one entry per finding.

GitLab reads it from `artifacts: reports: codequality:` and, on a merge request, shows the
entries the branch adds and those it fixes, telling them apart by `fingerprint` alone
(https://docs.gitlab.com/ci/testing/code_quality/, « Code Quality report format »). The
fingerprint is the finding's identity (core/identity.py), so a finding moved in the file or
reworded is not shown as fixed and new. Each entry is located at the line of the dossier entry
it is about (core/locate.py). An invalid dossier's errors are entries too, at their lines, and
so is labelcheck's own failure on a dossier.
"""

from __future__ import annotations

from typing import Any

import orjson
from labelcheck.core.identity import SharedIdentities, fingerprint_groups
from labelcheck.core.locate import Problem, at_least, problems
from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.writers import Rendered, Writer

# GitLab's five severities, from info to blocker. A blocking finding stops the label's
# application: critical. A dossier that cannot be read or validated, or that labelcheck failed
# on, stops every label of the school and is judged no further: blocker, the only thing graver.
# `major` is left unused so that the gap between what stops an application (critical) and
# advice (minor, info) stays visible in GitLab's widget, which sorts by severity.
SEVERITIES = {"blocking": "critical", "warning": "minor", "info": "info"}
NOT_JUDGED = "blocker"


def severity(problem: Problem) -> str:
    return SEVERITIES[problem.finding.severity] if problem.finding else NOT_JUDGED


def entry(problem: Problem) -> dict[str, Any]:
    return {
        "description": problem.message,
        "check_name": problem.check,
        "fingerprint": problem.key.fingerprint(),
        "severity": severity(problem),
        "location": {"path": problem.path, "lines": {"begin": problem.line}},
    }


class CodeQualityWriter(Writer):
    """The array written as dossiers come, so that memory does not grow with their number."""

    utf8 = True

    def __init__(self, out, profile, color=False, details=False, min_severity: str = "info"):
        super().__init__(out, profile, color, details)
        self.min_severity = min_severity
        self.written = False
        self.shared = SharedIdentities()

    def options(self) -> dict[str, Any]:
        return {**super().options(), "min_severity": self.min_severity}

    def render(self, result: DossierResult, position: int = 0) -> Rendered[bytes]:
        entries = [(p, entry(p)) for p in at_least(problems(result), self.min_severity)]
        groups = fingerprint_groups(result, ((p.label, e["fingerprint"]) for p, e in entries))
        return Rendered(b",\n".join(b"  " + orjson.dumps(e) for _, e in entries), groups)

    def add(self, rendered: Rendered[bytes]) -> None:
        text = self.shared.placed(rendered.text, rendered.keep)  # its pairs met, even without text
        if text:  # a dossier with nothing to show adds nothing, not an empty element
            self.stream.write((b"[\n" if not self.written else b",\n") + text)
            self.written = True

    def close(self, summary: Summary) -> None:
        self.stream.write(b"\n]\n" if self.written else b"[]\n")
