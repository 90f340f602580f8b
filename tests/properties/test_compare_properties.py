"""Properties of comparing evaluations and of `--baseline`, over generated four-label dossiers.

Issue 12, "done means": compare(X, X) is empty for any generated dossier; compare is
antisymmetric (new ↔ resolved when swapped); a finding is `new` under `--baseline` iff it is
absent from the baseline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from labelcheck.core.compare import compare
from labelcheck.core.reports import Report, baseline_of
from labelcheck.core.writers.json import dossier_dict
from test_ldm_properties import evaluate
from test_multilabel_properties import AS_OF, DOSSIERS, FAST, engine

AS_OFS = st.sampled_from([AS_OF, dt.date(2027, 3, 1), None])


def report(*results) -> Report:
    return Report(
        "generated",
        "national",
        "sha256:profile",
        {"name": "labelcheck"},
        [dossier_dict(result) for result in results],
    )


def same_school(data: dict, other: dict) -> dict:
    """`other` with `data`'s establishment: the same school, another state of its dossier."""
    return {**other, "establishment": data["establishment"]}


def moves(comparison) -> tuple[set, set, set]:
    """Findings new and resolved (label, rule, subject, ref) and criteria changed (ref, old, new)."""
    new, resolved, criteria = set(), set(), set()
    for dossier in comparison.dossiers:
        for label in dossier.labels:
            new |= {_identity(label.label, c.finding) for c in label.new_findings}
            resolved |= {_identity(label.label, c.finding) for c in label.resolved}
            criteria |= {(label.label, c.ref, c.old, c.new) for c in label.criteria}
    return new, resolved, criteria


def _identity(label: str, finding: dict) -> tuple[str, str, str, str]:
    return label, finding["rule"], finding["subject"], finding["ref"]


@FAST
@given(data=DOSSIERS, as_of=AS_OFS)
def test_an_evaluation_compared_with_itself_changes_nothing(data, as_of):
    result = evaluate(engine("national", as_of), data)
    comparison = compare(report(result), report(result))
    assert moves(comparison) == (set(), set(), set())
    assert not comparison.worse
    assert [d.state for d in comparison.dossiers] == ["unchanged"]


@FAST
@given(first=DOSSIERS, second=DOSSIERS, as_of=AS_OFS)
def test_compare_is_antisymmetric(first, second, as_of):
    second = same_school(first, second)
    a = report(evaluate(engine("national", as_of), first))
    b = report(evaluate(engine("national", as_of), second))
    new, resolved, criteria = moves(compare(a, b))
    back_new, back_resolved, back_criteria = moves(compare(b, a))
    assert (new, resolved) == (back_resolved, back_new)
    assert criteria == {(label, ref, after, before) for label, ref, before, after in back_criteria}
    # A verdict down one way is a verdict up the other.
    flip = {"worse": "better", "better": "worse", "same": "same"}
    assert trends(compare(a, b)) == {(name, flip[t]) for name, t in trends(compare(b, a))}


def trends(comparison) -> set[tuple[str, str]]:
    return {(label.label, label.verdict_trend) for d in comparison.dossiers for label in d.labels}


@FAST
@given(first=DOSSIERS, second=DOSSIERS, as_of=AS_OFS)
def test_a_finding_is_new_under_a_baseline_iff_it_is_absent_from_it(first, second, as_of):
    """As many findings of an identity are known as the baseline has of it (the message only
    says which, `identity.paired`): the others are new; and one whose identity and message
    the baseline has is known before any other."""
    second = same_school(first, second)
    before = evaluate(engine("national", as_of), first)
    baseline = baseline_of(report(before))
    judged = dataclasses.replace(engine("national", as_of), baseline=baseline)
    after = evaluate(judged, second)
    had = {label.label: label.findings for label in before.labels}
    for label in after.labels:
        old = Counter((f.rule, f.subject, f.ref) for f in had.get(label.label, ()))
        known = Counter((f.rule, f.subject, f.ref) for f in label.findings if not f.new)
        found = Counter((f.rule, f.subject, f.ref) for f in label.findings)
        assert known == found & old
        old_messages = Counter(
            (f.rule, f.subject, f.ref, f.message) for f in had.get(label.label, ())
        )
        for f in label.findings:
            if f.new:
                assert (
                    old_messages[f.rule, f.subject, f.ref, f.message] == 0
                    or known[f.rule, f.subject, f.ref] >= old[f.rule, f.subject, f.ref]
                )
