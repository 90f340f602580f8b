"""What the facts of a label share from one dossier to the next, and what they never share.

A label's criteria and their refs, which of its items have a condition, the offsets of its
milestones, its parameters: made from the label, the profile and the registry alone, once
(`LabelFacts.per_profile`), and read by the facts of every dossier judged for that label
under that profile.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from labelcheck.core import timeline
from labelcheck.core.engine import Engine
from labelcheck.core.facts import LabelFacts
from support import label_facts

FIXTURES = Path(__file__).parent / "fixtures"
PLUGINS = Path(__file__).parents[1] / "plugins" / "fixtures"
TWO_ACTIONS = FIXTURES / "fast" / "two-actions.toml"
TRAINING = PLUGINS / "eduform" / "categories-training.toml"
AUDIT_DAY = dt.date(2026, 5, 20)


def _facts(engine: Engine, path: Path, label: str) -> LabelFacts:
    return label_facts(engine, path, label, AUDIT_DAY)


def test_the_facts_of_two_dossiers_share_what_the_label_and_profile_make(registry):
    engine = Engine.create(registry=registry, as_of=AUDIT_DAY)
    first, second = _facts(engine, TWO_ACTIONS, "ldm"), _facts(engine, TRAINING, "ldm")
    assert first.criteria is second.criteria
    assert first.params is second.params
    assert [first.criterion_ref(c) for c in first.criteria] == [
        f"ldm:{c.number}" for c in first.criteria
    ]
    # Another label, another profile: their own.
    assert _facts(engine, TWO_ACTIONS, "eduform").criteria is not first.criteria
    academy = Engine.create("centre-val-de-loire-2026", registry=registry, as_of=AUDIT_DAY)
    assert _facts(academy, TWO_ACTIONS, "ldm").params is not first.params


def test_a_criterion_ref_of_another_label_is_still_made(registry):
    engine = Engine.create(registry=registry, as_of=AUDIT_DAY)
    ldm = _facts(engine, TWO_ACTIONS, "ldm")
    criterion = registry.labels["eduform"].criteria[0]
    assert ldm.criterion_ref(criterion) == f"ldm:{criterion.number}"


def test_only_the_items_with_a_condition_are_asked_about(registry):
    engine = Engine.create(registry=registry, as_of=AUDIT_DAY)
    for label in ("ldm", "eduform"):
        facts = _facts(engine, TRAINING, label)
        conditions = facts.item_conditions
        for criterion in facts.criteria:
            applicable = facts.applicable_items(criterion)
            assert list(applicable) == [
                i for i in criterion.items if facts.item_applies(criterion, i)
            ]
            if not any((label, criterion.number, i.number) in conditions for i in criterion.items):
                assert applicable is criterion.items  # none asked: the criterion's own


def test_the_milestones_offsets_are_read_once_per_label_and_profile(registry, monkeypatch):
    read: list[str] = []
    plans = timeline._plans

    def counted(milestones, params):
        read.append("once")
        return plans(milestones, params)

    monkeypatch.setattr(timeline, "_plans", counted)
    engine = Engine.create(registry=registry, as_of=AUDIT_DAY, labels=["ldm"])
    first = engine.evaluate_path(TWO_ACTIONS).labels[0].steps
    assert engine.evaluate_path(TWO_ACTIONS).labels[0].steps == first
    assert first  # the audit's calendar
    assert read == ["once"]
