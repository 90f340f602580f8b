"""Properties of the engine over generated LDM dossiers (hypothesis).

- a valid dossier never crashes the engine, under any profile;
- reordering any array of a dossier never changes its report;
- adding a required piece never adds a finding;
- an invalid dossier (a mutation of a valid one) always gives input errors, so exit 2.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from labelcheck.core.engine import Engine
from labelcheck.core.loading import validate
from labelcheck.core.registry import Registry
from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.run import EXIT_INPUT, exit_status
from labelcheck.core.writers.json import dossier_dict
from labelcheck.core.writers.text import TextWriter
from labelcheck.rules.documents import RequiredDocumentParams, school_year
from ldm_dossiers import LABEL, MUTATIONS, referentiel, valid_ldm_dossiers

REGISTRY = Registry.from_plugins()
REFERENTIEL = referentiel(REGISTRY)
AS_OF = dt.date(2026, 5, 20)
# "today" pinned, not the day the tests run: an application without audit, evaluated without
# as-of, is judged at today, and a run next year must judge the generated dossiers (dated
# 2019-2027) as this one does.
ENGINES = {
    name: dataclasses.replace(built, today=AS_OF)
    for name, built in {
        "national": Engine.create(registry=REGISTRY),
        "national-as-of": Engine.create(registry=REGISTRY, as_of=AS_OF),
        "centre-val-de-loire-2026": Engine.create("centre-val-de-loire-2026", registry=REGISTRY),
    }.items()
}
# A folder that does not exist: files named by generated dossiers are missing (a finding).
PATH = Path("/nonexistent-labelcheck-properties/dossier.toml")

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DOSSIERS = valid_ldm_dossiers(REFERENTIEL)


def evaluate(engine: Engine, data: dict[str, Any]) -> DossierResult:
    loaded = validate(PATH, data, None, {}, engine.registry, engine.profile)
    assert not loaded.errors, "a generated dossier is invalid:\n" + "\n".join(
        map(str, loaded.errors)
    )
    return engine.evaluate_loaded(loaded, PATH.as_posix())


def as_json(result: DossierResult) -> str:
    return json.dumps(dossier_dict(result), ensure_ascii=False, sort_keys=True)


def findings(result: DossierResult) -> set[tuple]:
    return {
        (label.label, f.rule, f.subject, f.ref, f.message)
        for label in result.labels
        for f in label.findings
    }


@FAST
@given(data=DOSSIERS, profile=st.sampled_from(sorted(ENGINES)))
def test_a_valid_dossier_never_crashes_the_engine(data, profile):
    result = evaluate(ENGINES[profile], data)
    assert result.internal_error is None and not result.errors
    assert [label.label for label in result.labels] == sorted(
        {e["label"] for k in ("held", "applications") for e in data.get(k, [])}
    )
    as_json(result)
    TextWriter(io.StringIO(), profile).dossier(result)


def shuffled(value: Any, rng: random.Random) -> Any:
    """The same dossier with every array, at every depth, in another order."""
    if isinstance(value, dict):
        return {key: shuffled(item, rng) for key, item in value.items()}
    if isinstance(value, list):
        items = [shuffled(item, rng) for item in value]
        rng.shuffle(items)
        return items
    return value


@FAST
@given(data=DOSSIERS, rng=st.randoms(use_true_random=False))
def test_reordering_any_array_never_changes_the_report(data, rng):
    engine = ENGINES["national-as-of"]
    assert as_json(evaluate(engine, shuffled(data, rng))) == as_json(evaluate(engine, data))


def required_pieces(engine: Engine) -> dict[str, list[RequiredDocumentParams]]:
    """Each document type LDM requires, with the conditions of every rule requiring it."""
    pieces: dict[str, list[RequiredDocumentParams]] = {}
    for rule in engine.rules:
        if rule.spec.label == LABEL and rule.spec.kind == "required-document":
            params = rule.kind.params
            assert isinstance(params, RequiredDocumentParams), rule.spec
            for doc_type in params.types:
                pieces.setdefault(doc_type, []).append(params)
    return pieces


def piece_meeting(
    doc_type: str, rules: list[RequiredDocumentParams], data: dict, draw
) -> dict[str, Any]:
    """A piece of `doc_type` meeting every rule about it (dated in time, covering the years…)."""
    application: dict[str, Any] = next(iter(data.get("applications", [])), {})
    piece: dict[str, Any] = {"id": "added-piece", "type": doc_type}
    for conditions in rules:
        if conditions.per == "denomination":
            piece["denomination"] = draw(
                st.sampled_from(application.get("denominations") or ["carrosserie"])
            )
        if conditions.years_before_application:
            year = school_year(application.get("submitted", AS_OF))
            piece["years"] = list(range(year - conditions.years_before_application, year))
        if conditions.dated_no_later_than:
            # No later than the date the rule names, nor than the as-of date: a piece dated
            # after it does not count yet (dossier format 1.1).
            piece["date"] = min(
                application.get(conditions.dated_no_later_than) or dt.date(2020, 1, 1), AS_OF
            )
    if (
        any(c.dated_after_award or "renewal" in c.dated_after_award_for for c in rules)
        and application.get("type") == "renewal"
    ):
        # And no earlier than the award renewed (LDM-PV-CA-DATE and -CYCLE): where the application's date
        # comes before it, no piece meets both, and the example says nothing.
        awarded = [
            held["awarded"]
            for held in data.get("held", [])
            if held.get("label") == LABEL and held.get("awarded") and held["awarded"] <= AS_OF
        ]
        assume(not awarded or "date" not in piece or piece["date"] >= max(awarded))
    return piece


@FAST
@given(data=DOSSIERS, choice=st.data())
def test_adding_a_required_piece_never_adds_a_finding(data, choice):
    engine = ENGINES["national-as-of"]
    pieces = required_pieces(engine)
    doc_type = choice.draw(st.sampled_from(sorted(pieces)))
    completed = copy.deepcopy(data)
    completed.setdefault("documents", []).append(
        piece_meeting(doc_type, pieces[doc_type], data, choice.draw)
    )
    before, after = findings(evaluate(engine, data)), findings(evaluate(engine, completed))
    assert after <= before, f"added by a {doc_type}: {after - before}"


@FAST
@given(data=DOSSIERS, mutation=st.sampled_from(MUTATIONS), choice=st.data())
def test_an_invalid_dossier_always_gives_input_errors_and_exit_2(data, mutation, choice):
    engine = ENGINES["national"]
    mutant = copy.deepcopy(data)
    what = mutation(choice.draw, mutant, REFERENTIEL)
    loaded = validate(PATH, mutant, None, {}, engine.registry, engine.profile)
    assert loaded.errors, f"no error for: {what}"
    result = engine.evaluate_loaded(loaded, PATH.as_posix())
    assert result.errors and not result.labels
    summary = Summary()
    summary.add(result)
    assert exit_status(summary, result.worst_severity(), "blocking") == EXIT_INPUT
