"""What `compare` calls worse (exit 1, cli-and-report 1.1: « when anything got worse »):
beside a verdict down and a new blocking finding, a finding still there that now blocks and a
criterion now to complete or without evidence; never a label's criteria no longer evaluated."""

from __future__ import annotations

from typing import Any

import pytest
from labelcheck.core.compare import Cause, LabelComparison, _label
from labelcheck.core.compare import DossierComparison as Dossier

CAUSES: dict[Cause, bool] = {"dossier": False, "rules": True, "time": False}


def label(verdict: str, statuses: dict[str, str], *findings: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": "ldm",
        "name": "Lycée des métiers",
        "as_of": "2026-05-20",
        "verdict": verdict,
        "criteria": [{"ref": ref, "status": status} for ref, status in statuses.items()],
        "findings": list(findings),
    }


def finding(severity: str) -> dict[str, Any]:
    return {
        "rule": "LDM-ACTION-LATE",
        "kind": "expression",
        "severity": severity,
        "ref": "ldm:1",
        "subject": "A1-1",
        "message": "Action A1-1 en retard",
    }


def compared(old: dict[str, Any], new: dict[str, Any]) -> LabelComparison:
    dossier = Dossier("0451442Y", "0451442Y", "Lycée", {}, {}, dict(CAUSES))
    return _label(old, new, dossier)


def test_a_finding_still_there_that_now_blocks_is_worse_and_says_what_it_was():
    result = compared(
        label("not-ready", {"ldm:1": "not-met"}, finding("warning")),
        label("not-ready", {"ldm:1": "not-met"}, finding("blocking")),
    )
    assert result.worse and result.changed
    [change] = result.now_blocking
    assert change.before is not None and change.before["severity"] == "warning"
    assert change.causes == ("rules",)


def test_a_finding_that_no_longer_blocks_is_no_worse():
    result = compared(
        label("not-ready", {"ldm:1": "not-met"}, finding("blocking")),
        label("not-ready", {"ldm:1": "not-met"}, finding("warning")),
    )
    assert not result.worse and result.changed and not result.now_blocking


@pytest.mark.parametrize("now", ["unsupported", "not-met"])
def test_a_criterion_now_without_evidence_or_to_complete_is_worse(now):
    result = compared(label("ready", {"ldm:5": "met"}), label("ready", {"ldm:5": now}))
    assert result.verdict_trend == "same" and result.worse


def test_criteria_no_longer_evaluated_are_no_loss():
    """The label awarded, its application gone: its criteria are not evaluated any more."""
    result = compared(label("ready", {"ldm:5": "met"}), label("valid", {"ldm:5": "not-evaluated"}))
    assert not result.worse


@pytest.mark.parametrize("status", ["met", "not-met", "unsupported", "met-by-equivalence"])
@pytest.mark.parametrize("outside", ["not-evaluated", None], ids=["not-evaluated", "not-listed"])
@pytest.mark.parametrize("leaving", [True, False], ids=["leaving", "entering"])
def test_a_criterion_leaving_or_entering_evaluation_is_neither_better_nor_worse(
    status, outside, leaving
):
    """« documenté → non évalué » was a `worse` criterion the label and the exit status did
    not count, « à compléter → non évalué » a `better` one (the versions audit): a criterion
    entering or leaving evaluation, or the référentiel, says nothing of the school."""
    evaluated, elsewhere = {"ldm:5": status}, {} if outside is None else {"ldm:5": outside}
    old, new = (evaluated, elsewhere) if leaving else (elsewhere, evaluated)
    result = compared(label("ready", old), label("ready", new))
    [criterion] = result.criteria
    assert criterion.trend == "same" and not criterion.worse and not result.worse


def test_a_report_read_holds_each_criterion_once_and_compares_as_its_dicts():
    """A report read keeps each (ref, status, title) once for all its dossiers (a national
    report's 1.3 million criteria as dicts were a quarter of a comparison's memory); read
    that way, its criteria compare as the report's own objects do."""
    from labelcheck.core.reports import _slim_label

    old = label("ready", {"ldm:1": "met", "ldm:2": "met"})
    new = label("not-ready", {"ldm:1": "met", "ldm:2": "not-met", "ldm:3": "unsupported"})
    slim_old, slim_new = _slim_label(old), _slim_label(new)
    assert slim_old["criteria"][0] is slim_new["criteria"][0]
    assert slim_old["criteria"][0].get("count") is None and slim_old["criteria"][0].get("ref")
    changes = [
        [(c.ref, c.title, c.old, c.new) for c in compared(*sides).criteria]
        for sides in ((old, new), (slim_old, slim_new), (old, slim_new), (slim_old, new))
    ]
    assert changes[0] == [("ldm:2", "", "met", "not-met"), ("ldm:3", "", None, "unsupported")]
    assert all(change == changes[0] for change in changes)


def test_a_report_read_holds_its_findings_as_slots_and_compares_as_its_dicts():
    """Each finding of a report read is a SlimFinding (120 bytes, its dict's 262: a national
    report's 1.5 million were more than a third of a comparison's memory), read as the dict:
    its fields, never its methods."""
    from labelcheck.core.reports import SlimFinding, _slim_label

    gone, kept, came = finding("blocking"), finding("warning"), finding("blocking")
    kept["subject"], came["subject"], came["due"] = "A2-1", "A3-1", "2026-06-01"
    old, new = label("ready", {}, gone, kept), label("not-ready", {}, kept, came)
    slim_old, slim_new = _slim_label(old), _slim_label(new)
    read = slim_new["findings"][1]
    assert isinstance(read, SlimFinding)
    assert read["subject"] == read.get("subject") == "A3-1" and "due" in read
    assert "remedy" not in read and read.get("remedy", "—") == "—"
    assert "get" not in read and read.get("get") is None
    with pytest.raises(KeyError):
        read["remedy"]

    def moves(comparison: LabelComparison) -> list[list[tuple[Any, ...]]]:
        changes = (comparison.new_findings, comparison.resolved, comparison.unchanged)
        return [
            [(c.finding["subject"], c.finding.get("due"), c.causes) for c in of] for of in changes
        ]

    expected = [
        [("A3-1", "2026-06-01", ("rules",))],
        [("A1-1", None, ("rules",))],
        [("A2-1", None, ())],
    ]
    for sides in ((old, new), (slim_old, slim_new), (old, slim_new), (slim_old, new)):
        assert moves(compared(*sides)) == expected
