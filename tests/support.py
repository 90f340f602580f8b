"""Small helpers the tests share: pick a label's result, its findings, a criterion, a JSON report."""

from __future__ import annotations

import json

from click.testing import Result
from labelcheck.core.report import DossierResult, Finding, LabelResult


def ldm(result: DossierResult) -> LabelResult:
    """The LDM result of a valid dossier (failing with the input errors otherwise)."""
    assert not result.errors, "\n".join(map(str, result.errors))
    assert result.internal_error is None, result.internal_error
    return next(label for label in result.labels if label.label == "ldm")


def findings_of(label: LabelResult, rule: str) -> list[Finding]:
    return [f for f in label.findings if f.rule == rule]


def rule_ids(label: LabelResult) -> set[str]:
    return {f.rule for f in label.findings}


def criterion(label: LabelResult, ref: str):
    return next(c for c in label.criteria if c.ref == ref)


def report(result: Result) -> dict:
    """The JSON report a `--format json` run printed."""
    return json.loads(result.stdout)
