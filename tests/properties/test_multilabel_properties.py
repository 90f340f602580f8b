"""Properties of evaluating several labels together, over generated four-label dossiers (hypothesis).

Issue 3, "done means":
- a generated dossier never crashes the engine and never gives an input error;
- one label evaluated alone gives the same result as with all the others;
- removing a held label changes another label only through an equivalence it allows;
- shared evidence is what the dossier says, whichever labels are evaluated together;
- reordering any array of a dossier never changes its report.
And of the engine's speed-ups: a remembered expression result is always rule-engine's own;
the view of a dossier at a date, and its evidence index, are those worked out afresh.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any, get_args

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from labelcheck.core.asof import dated_until, view_at
from labelcheck.core.engine import Engine, _Views
from labelcheck.core.evidence import Evidence
from labelcheck.core.expressions import PluginExpressionFailed
from labelcheck.core.facts import LabelFacts
from labelcheck.core.loading import validate
from labelcheck.core.registry import Registry
from labelcheck.core.report import DossierResult, LabelResult, Summary, Verdict
from labelcheck.core.writers import writer_classes
from labelcheck.core.writers.json import summary_dict
from labelcheck.core.writers.text import TextWriter
from multilabel_dossiers import catalog, multilabel_dossiers
from test_ldm_properties import PATH, as_json, evaluate, shuffled

REGISTRY = Registry.from_plugins()
CATALOG = catalog(REGISTRY)
LABELS = tuple(CATALOG.labels)
AS_OF = dt.date(2026, 5, 20)
# Pinned, not the day the tests run: engines built at different moments must agree on "today",
# and a run next month or next year must judge the generated dossiers (dated 2019-2027) as
# this one does (an application without audit, evaluated without as-of, is judged at today).
TODAY = AS_OF
NO_EQUIVALENCE = (
    Path(__file__).parents[1]
    / "core"
    / "fixtures"
    / "articulation"
    / "profile-without-euroscol-equivalence.toml"
)
PROFILES = ("national", str(NO_EQUIVALENCE))
# Pieces that, without `supports`, serve every application (spec/dossier-format.md).
SERVE_EVERY_APPLICATION = {"projet-etablissement", "pv-ca"}

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DOSSIERS = multilabel_dossiers(CATALOG)
AS_OFS = st.sampled_from([AS_OF, None])  # one date for the run, or each application's own


@cache
def engine(
    profile: str = "national", as_of: dt.date | None = AS_OF, labels: tuple[str, ...] = ()
) -> Engine:
    built = Engine.create(
        None if profile == "national" else profile, as_of, labels, registry=REGISTRY
    )
    return dataclasses.replace(built, today=TODAY)


def present(data: dict) -> list[str]:
    return sorted({e["label"] for key in ("held", "applications") for e in data.get(key, [])})


def label_of(ref: str) -> str:
    return ref.split(":", 1)[0]


# -- no crash, no input error -----------------------------------------------------------------


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, profile=st.sampled_from(PROFILES))
def test_a_generated_dossier_never_crashes_the_engine_nor_gives_an_input_error(
    data, as_of, profile
):
    result = evaluate(engine(profile, as_of), data)
    assert result.internal_error is None and not result.errors
    assert [label.label for label in result.labels] == present(data)
    as_json(result)
    TextWriter(io.StringIO(), profile).dossier(result)


@FAST
@given(data=DOSSIERS, as_of=AS_OFS)
def test_a_label_is_ready_exactly_when_nothing_blocks_it(data, as_of):
    """cli-and-report: « `ready` (no blocking finding), `not-ready` » for an application, and
    for a label not held yet; a held label's dates give the others."""
    for label in evaluate(engine("national", as_of), data).labels:
        blocked = any(f.severity == "blocking" for f in label.findings)
        if label.verdict in ("ready", "not-ready"):
            assert (label.verdict == "not-ready") == blocked, label
        else:
            assert label.application is None and label.held is not None


@FAST
@given(data=DOSSIERS, as_of=AS_OFS)
def test_every_label_is_counted_once_in_the_summary_and_none_unapplied_for_is_ready(data, as_of):
    """A label held with no application is never `ready` (nothing was applied for; one awarded
    after the as-of date counted in `ready` and again in `not_yet_awarded`), and the JSON
    summary's verdict counts add up to its `labels`."""
    result = evaluate(engine("national", as_of), data)
    for label in result.labels:
        assert label.application is not None or label.verdict != "ready", label
    summary = Summary()
    summary.add(result)
    counts = summary_dict(summary)
    verdicts = [verdict.replace("-", "_") for verdict in get_args(Verdict)]
    assert sum(counts.get(verdict, 0) for verdict in verdicts) == counts["labels"], counts


# -- one label alone, or with all the others ----------------------------------------------------


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, profile=st.sampled_from(PROFILES))
def test_one_label_evaluated_alone_gives_the_same_result_as_with_all_labels(data, as_of, profile):
    together = evaluate(engine(profile, as_of), data)
    for label in together.labels:
        alone = evaluate(engine(profile, as_of, (label.label,)), data)
        assert alone.labels == (label,), (
            f"{label.label} alone differs from {label.label} with the others"
        )


# -- removing a held label ---------------------------------------------------------------------


def _within(ref: str, criterion: str) -> bool:
    return ref == criterion or ref.startswith(criterion + ".")


def _beside_equivalences(result: LabelResult, targets: set[str]) -> LabelResult:
    """The result with what an equivalence may change left out: its target criteria, the
    findings on them, the equivalence findings and the equivalences listed; the verdict
    follows the findings kept."""
    return dataclasses.replace(
        result,
        verdict="ready",  # left out (the same on both sides): it follows the findings kept
        equivalences=(),
        criteria=tuple(c for c in result.criteria if c.ref not in targets),
        # Where a finding points in the file (`entry`) moves with the entries removed: the
        # judgement is compared, not the line.
        findings=tuple(
            dataclasses.replace(f, entry=None)
            for f in result.findings
            if f.kind != "equivalence" and not any(_within(f.ref, t) for t in targets)
        ),
    )


def _unlocated(result: LabelResult) -> LabelResult:
    """The result without where its findings point in the file (`entry`), which moves with the
    entries removed before them."""
    return dataclasses.replace(
        result, findings=tuple(dataclasses.replace(f, entry=None) for f in result.findings)
    )


def _pieces_of(data: dict, label: str) -> set[str]:
    """The ids of the pieces that name `label` in their `supports`, or are of one of its types."""
    types = {t.id for t in REGISTRY.document_types.values() if t.label == label}
    return {
        d["id"]
        for d in data.get("documents", [])
        if any(ref.split(":")[0] == label for ref in d.get("supports") or ())
        or (not d.get("supports") and d.get("type") in types)
    }


def _files_told_apart(result: LabelResult, pieces: set[str]) -> LabelResult:
    """The result without the missing files of `pieces`."""
    kept = [
        f for f in result.findings if not (f.rule == "DOC-FILE-MISSING" and f.subject in pieces)
    ]
    return dataclasses.replace(result, findings=tuple(kept))


def _blocking(result: LabelResult) -> set:
    return {
        (f.rule, f.ref, f.subject, f.message) for f in result.findings if f.severity == "blocking"
    }


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, profile=st.sampled_from(PROFILES), choice=st.data())
def test_removing_a_held_label_changes_the_others_only_through_a_declared_equivalence(
    data, as_of, profile, choice
):
    held = sorted({h["label"] for h in data.get("held", [])})
    assume(held)
    removed = choice.draw(st.sampled_from(held), label="removed")
    without = {**data, "held": [h for h in data["held"] if h["label"] != removed]}
    built = engine(profile, as_of)
    targets = {
        eq.target
        for eq in REGISTRY.equivalences
        if eq.via == removed
        and eq.effect == "meets"
        and (
            built.profile.adopts(eq)
            or any(d["equivalence"] == eq.id for d in data.get("decisions", []))
        )
    }
    before = {r.label: r for r in evaluate(built, data).labels if r.label != removed}
    after = {r.label: r for r in evaluate(built, without).labels if r.label != removed}
    assert before.keys() == after.keys()
    if removed not in {a["label"] for a in data.get("applications", [])}:
        # The school no longer has the label: its pieces are the dossier's, and their missing
        # files are told with the other labels (« a file named but missing is a finding »).
        pieces = _pieces_of(data, removed)
        before = {label: _files_told_apart(r, pieces) for label, r in before.items()}
        after = {label: _files_told_apart(r, pieces) for label, r in after.items()}
    for label, result in before.items():
        if _unlocated(result) == _unlocated(after[label]):
            continue
        mine = {t for t in targets if label_of(t) == label}
        assert _beside_equivalences(result, mine) == _beside_equivalences(after[label], mine), (
            f"removing {removed} changed {label} beyond the equivalences {sorted(mine)}"
        )
        if result.verdict != after[label].verdict:
            assert _blocking(result) != _blocking(after[label])


# -- shared evidence ------------------------------------------------------------------------------


def expected_shared_evidence(
    data: dict, evaluated: set[str], as_of: dt.date = AS_OF
) -> dict[tuple[str, str], tuple[str, ...]]:
    """(id, kind) -> refs, read from the dossier itself: what each entry supports, what the
    self-assessment attaches it to; a pv-ca or projet-etablissement without `supports`
    serves every application; a piece dated after the as-of date is not evidence yet
    (dossier format 1.1). Listed when the refs of evaluated labels span two labels."""
    applied = {a["label"] for a in data.get("applications", [])}
    refs: dict[tuple[str, str], set[str]] = {}
    for kind, key in (
        ("document", "documents"),
        ("indicator", "indicators"),
        ("action", "actions"),
        ("partner", "partners"),
    ):
        for entry in data.get(key, []):
            if kind == "document" and entry.get("date") and entry["date"] > as_of:
                continue
            own = set(entry.get("supports", []))
            if kind == "document" and not own and entry["type"] in SERVE_EVERY_APPLICATION:
                own = set(applied)
            refs[(entry["id"], kind)] = own
    for line in data.get("self_assessment", []):
        for evidence_id in line.get("evidence", []):
            for (entry_id, _kind), entry_refs in refs.items():
                if entry_id == evidence_id:  # ids are unique within a kind: a shared one cites both
                    entry_refs.add(line["ref"])
    expected: dict[tuple[str, str], tuple[str, ...]] = {}
    for entry_key, entry_refs in refs.items():
        kept = {r for r in entry_refs if label_of(r) in evaluated}
        if len({label_of(r) for r in kept}) >= 2:
            expected[entry_key] = tuple(sorted(kept))
    return expected


def shared(result: DossierResult) -> dict[tuple[str, str], tuple[str, ...]]:
    return {(s.id, s.kind): s.refs for s in result.shared_evidence}


@FAST
@given(data=DOSSIERS)
def test_shared_evidence_is_what_the_dossier_says_and_symmetric_between_labels(data):
    labels = present(data)
    everything = shared(evaluate(engine(), data))
    assert everything == expected_shared_evidence(data, set(labels))
    for pair in combinations(labels, 2):
        both = shared(evaluate(engine(labels=pair), data))
        assert both == expected_shared_evidence(data, set(pair)), f"evaluated together: {pair}"
        # Each entry serving both labels of the pair appears, with the refs of those two only.
        spanning = {
            key: tuple(r for r in refs if label_of(r) in pair)
            for key, refs in everything.items()
            if set(pair) <= {label_of(r) for r in refs}
        }
        assert both == spanning, f"evaluated together: {pair}"


# -- reordering -------------------------------------------------------------------------------------


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, rng=st.randoms(use_true_random=False))
def test_reordering_any_array_never_changes_the_report(data, as_of, rng):
    built = engine("national", as_of)
    assert as_json(evaluate(built, shuffled(data, rng))) == as_json(evaluate(built, data))


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, rng=st.randoms(use_true_random=False))
def test_reordering_any_array_never_changes_a_human_report(data, as_of, rng):
    """Nor what a school head reads: an indicator's criteria, an audit team (ICS) are written
    in an order of their own, never the dossier's."""
    built = engine("national", as_of)
    first, second = evaluate(built, data), evaluate(built, shuffled(data, rng))
    for name in ("text", "markdown", "html", "ics"):
        writer = writer_classes()[name](None, "national", details=True)
        assert writer.render(second, 0).text == writer.render(first, 0).text, name


# -- remembered expression results ----------------------------------------------------------


def _expression_evaluations(built: Engine, data: dict[str, Any]):
    """Every (expression, values) the engine evaluates for a dossier: rules' `when`,
    expression rules, items' `applies_when`."""
    loaded = validate(PATH, data, None, {}, built.registry, built.profile)
    dossier = loaded.dossier
    assert dossier is not None, loaded.errors
    evidence = Evidence(dossier)
    item_conditions = built.item_conditions[built.profile.name]
    for label in present(data):
        facts = LabelFacts(
            dossier,
            PATH.parent,
            built.registry,
            built.profile,
            built.registry.labels[label],
            built._as_of(dossier, label),
            loaded.missing_files,
            item_conditions,
            evidence,
        )
        for rule in built.rules:
            if rule.spec.label != label:
                continue
            for subject in facts.subjects(rule.spec.scope):
                values = facts.values_for(rule.spec.scope, subject)
                yield from (
                    (e, values)
                    for e in (rule.when, getattr(rule.kind, "rule", None))
                    if e is not None
                )
        for (of_label, *_), condition in item_conditions.items():
            if of_label == label:
                yield condition, facts.expression_values()


def _outcome(evaluate, values) -> tuple:
    try:
        return ("value", evaluate(values))
    except Exception as error:  # noqa: BLE001 - an error must be the same error
        # rule-engine's own error, said in French
        raised = error.__cause__ if isinstance(error, PluginExpressionFailed) else error
        return ("error", type(raised), str(raised))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=DOSSIERS, as_of=AS_OFS)
def test_a_remembered_expression_result_is_always_rule_engines_own(data, as_of):
    # The engine is shared by every example: results remembered from earlier dossiers are reused here.
    for expression, values in _expression_evaluations(engine("national", as_of), data):
        remembered = _outcome(expression.evaluate, values)
        assert remembered == _outcome(expression.rule.evaluate, values), expression.text
        assert type(remembered[1]) is type(_outcome(expression.rule.evaluate, values)[1])


# -- views shared between dates ----------------------------------------------------------------


def _dates_around(dossier) -> list[dt.date]:
    """The dates where a view may change: each date the dossier records, the day before, and
    the day after; and the run's as-of date."""
    dates = {AS_OF}
    for day in (dated_until(dossier), *(d.date for d in dossier.documents if d.date)):
        if day is not None:
            dates |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
    return sorted(dates)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=DOSSIERS, rng=st.randoms(use_true_random=False))
def test_a_shared_view_and_index_are_those_made_afresh(data, rng):
    """The engine skips the pass over a dossier at dates past everything it records, and
    shares an evidence index between views that hold the same evidence."""
    dossier = validate(PATH, data, None, {}, REGISTRY, engine().profile).dossier
    assert dossier is not None
    last = dated_until(dossier)
    dates = _dates_around(dossier)
    rng.shuffle(dates)  # the order the labels ask in never matters
    views = _Views(dossier)
    for day in dates:
        view, later, evidence = views.at(day)
        fresh_view, fresh_later = view_at(dossier, day)
        assert (view, later) == (fresh_view, fresh_later)
        # The last date set aside is exact: nothing is set aside from it on, something before.
        assert (not fresh_later) == (last is None or day >= last)
        fresh = Evidence(fresh_view)
        assert evidence.entry_refs == fresh.entry_refs
        assert evidence.evidence_index == fresh.evidence_index
        assert evidence.monitoring == fresh.monitoring
        for label in LABELS:
            for kind in ("document", "indicator", "action", "partner"):
                assert evidence.serving(label, kind) == fresh.serving(label, kind)
