"""What evaluation remembers never changes an answer: each subject, each dossier, its own.

Evaluation keeps values and results it would otherwise work out again: the values an
expression reads, per subject of a dossier; the items of a criterion that apply; the
results of each condition, across dossiers, by the values it read (core/expressions.py).
These tests judge subjects and dossiers side by side, and in a row, to show that none
of it leaks from one to the next.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from labelcheck.core import facts
from labelcheck.core.engine import Engine
from labelcheck.core.report import DossierResult
from labelcheck.core.toml import loads
from support import findings_of, label_facts, ldm

FIXTURES = Path(__file__).parent / "fixtures"
PLUGINS = Path(__file__).parents[1] / "plugins" / "fixtures"
TWO_ACTIONS = FIXTURES / "fast" / "two-actions.toml"
AUDIT_DAY = dt.date(2026, 5, 20)

# Dossiers whose answers differ in what the memory could mix up: the application's type
# (LDM rules skipped for a follow-up), its categories (Eduform indicators that apply),
# the actions' owners and dates.
DOSSIERS = [
    TWO_ACTIONS,
    PLUGINS / "ldm" / "actions" / "no-owner.toml",
    PLUGINS / "ldm" / "actions" / "followed.toml",
    PLUGINS / "eduform" / "categories-training.toml",
    PLUGINS / "eduform" / "categories-vae.toml",
    PLUGINS / "eduform" / "categories-skills-assessment.toml",
    PLUGINS / "eduform" / "categories-apprenticeship.toml",
]


def subjects(result: DossierResult, rule: str) -> list[str]:
    return sorted(f.subject for f in findings_of(ldm(result), rule))


def test_each_action_of_a_dossier_is_judged_on_its_own_values(evaluate):
    result = evaluate(TWO_ACTIONS, as_of=AUDIT_DAY)
    assert subjects(result, "LDM-ACTION-NO-OWNER") == ["A0-1"]
    assert subjects(result, "LDM-ACTION-LATE") == ["A0-1"]


def test_two_dossiers_in_a_row_get_their_own_findings(evaluate_data):
    late = loads(TWO_ACTIONS.read_text("utf-8"))
    on_time = loads(TWO_ACTIONS.read_text("utf-8"))
    on_time["actions"][1].update(owner="Proviseur", end=dt.date(2026, 12, 31))
    follow_up = loads(TWO_ACTIONS.read_text("utf-8"))
    follow_up["applications"][0]["type"] = "follow-up"
    for _ in range(2):  # the second time round, every condition has been seen before
        assert subjects(evaluate_data(late, as_of=AUDIT_DAY), "LDM-ACTION-LATE") == ["A0-1"]
        assert subjects(evaluate_data(on_time, as_of=AUDIT_DAY), "LDM-ACTION-LATE") == []
        assert subjects(evaluate_data(late, as_of=AUDIT_DAY), "LDM-ACTION-NO-OWNER") == ["A0-1"]
        # A follow-up's descriptors are not asked for evidence (`when`): the renewal's are.
        assert subjects(evaluate_data(follow_up, as_of=AUDIT_DAY), "LDM-DESCRIPTOR-EVIDENCE") == []
        assert subjects(evaluate_data(late, as_of=AUDIT_DAY), "LDM-DESCRIPTOR-EVIDENCE")


@pytest.mark.parametrize("order", ["forwards", "backwards"])
def test_a_dossier_gets_the_result_a_fresh_engine_gives_it(registry, order):
    """Judged in a row by one engine, each dossier gets what an engine judging it alone does."""
    dossiers = DOSSIERS if order == "forwards" else DOSSIERS[::-1]
    in_a_row = Engine.create(registry=registry)
    for path in dossiers:
        alone = Engine.create(registry=registry).evaluate_path(path)
        assert not alone.errors, alone.errors
        assert in_a_row.evaluate_path(path).labels == alone.labels, path.name


def test_the_values_of_a_subject_are_made_once(evaluate, monkeypatch):
    """An action's values are read by LDM-ACTION-LATE's `when`, then by its expression and
    LDM-ACTION-NO-OWNER's: made once, for the three."""
    made: list[str] = []

    def counted(entry, **extra):
        made.append(getattr(entry, "id", type(entry).__name__))
        return to_value(entry, **extra)

    to_value = facts.to_value
    monkeypatch.setattr(facts, "to_value", counted)
    evaluate(TWO_ACTIONS, as_of=AUDIT_DAY)
    assert made.count("A3-1") == 1
    assert made.count("A0-1") == 1


def _facts_of(registry, path: Path, label: str) -> facts.LabelFacts:
    return label_facts(Engine.create(registry=registry, as_of=AUDIT_DAY), path, label, AUDIT_DAY)


def test_an_expression_given_its_symbols_reads_what_every_symbol_gives(registry):
    """Values made for one expression's symbols, then for another's, hold the very values
    that making every symbol gives: each made once per label, whoever asks first."""
    first = _facts_of(registry, TWO_ACTIONS, "ldm")
    action = first.subjects("action")[0]
    narrow = first.values_for("action", action, frozenset({"action", "as_of", "k"}))
    assert "establishment" not in narrow and "k" not in narrow  # `k`: a comprehension's
    wider = first.values_for("action", action, frozenset({"establishment", "application"}))
    assert wider is narrow
    everything = _facts_of(registry, TWO_ACTIONS, "ldm")
    full = everything.values_for("action", everything.subjects("action")[0])
    assert set(full) == set(first.expression_values()) | {"action"}
    for name in ("action", "as_of", "establishment", "application"):
        assert wider[name] == full[name], name
    # The label's own values were made once and shared with the subject's.
    assert first.expression_values()["application"] is wider["application"]


@pytest.mark.parametrize("path", DOSSIERS, ids=lambda p: p.name)
def test_making_only_the_symbols_read_never_changes_a_result(registry, monkeypatch, path):
    """Every expression evaluated with every symbol made gets the same results."""
    lazy = Engine.create(registry=registry).evaluate_path(path)
    every_symbol = facts.LabelFacts.values_for

    def with_every_symbol(self, scope, subject, symbols=None):
        return every_symbol(self, scope, subject)

    monkeypatch.setattr(facts.LabelFacts, "values_for", with_every_symbol)
    assert Engine.create(registry=registry).evaluate_path(path).labels == lazy.labels


def test_a_kind_that_says_it_does_not_apply_is_asked_about_no_subject(registry, monkeypatch):
    """`RuleKind.applies`, asked once per label: DocumentFile has nothing to check when every
    file the dossier names is there, and is then asked about none of its pieces."""
    from labelcheck.rules.documents import DocumentFile

    asked: list[str] = []
    real_check = DocumentFile.check

    def recording(self, facts, document):
        asked.append(document.id)
        return real_check(self, facts, document)

    monkeypatch.setattr(DocumentFile, "check", recording)
    engine = Engine.create(registry=registry, as_of=AUDIT_DAY)  # its plans read the patched check
    present = engine.evaluate_path(PLUGINS / "ldm" / "files" / "present" / "dossier.toml")
    assert asked == []
    assert not findings_of(ldm(present), "DOC-FILE-MISSING")
    missing = engine.evaluate_path(PLUGINS / "ldm" / "files" / "missing" / "dossier.toml")
    assert asked  # a file missing: every piece of the label is asked about, as before
    assert len(findings_of(ldm(missing), "DOC-FILE-MISSING")) == 1


def test_the_engine_asks_applies_only_of_kinds_that_have_their_own(registry):
    engine = Engine.create(registry=registry)
    plans = [plan for plans in engine._plans.values() for plan in plans]
    assert {plan.id for plan in plans if plan.applies is not None} == {
        "DOC-FILE-MISSING",
        "LDM-EVIDENCE-ITEM-NOT-APPLICABLE",  # asked only when an item that does not apply is named
    }


def test_a_label_held_with_no_application_is_asked_no_rule_on_its_application(
    registry, monkeypatch
):
    """A label held, not applied for, has no application for a rule on one to examine: the
    engine does not ask those rules for their subjects (a dozen a label), and the label gets
    the very result it got when each was asked in vain."""
    path = PLUGINS / "ldm" / "equivalence" / "euroscol-valid.toml"  # Euroscol held, LDM applied
    every_rule = Engine.create(registry=registry, as_of=AUDIT_DAY)
    every_rule._plans_unapplied = every_rule._plans  # as before: each rule asked
    asked: list[tuple[str, str]] = []
    find_subjects = facts.LabelFacts._find_subjects

    def recording(self, scope):
        asked.append((self.label.id, scope))
        return find_subjects(self, scope)

    monkeypatch.setattr(facts.LabelFacts, "_find_subjects", recording)
    result = Engine.create(registry=registry, as_of=AUDIT_DAY).evaluate_path(path)
    assert ("ldm", "application") in asked
    assert ("euroscol", "application") not in asked
    assert result.labels == every_rule.evaluate_path(path).labels
    assert [label.label for label in result.labels] == ["euroscol", "ldm"]


def _before_expiry(registry, folder: Path, text: str) -> bool:
    """The application's `before_expiry` in the dossier `text`, written in `folder`."""
    (folder / "dossier.toml").write_text(text, encoding="utf-8")
    engine = Engine.create(registry=registry, as_of=AUDIT_DAY)
    facts_ = label_facts(engine, folder / "dossier.toml", "ldm", AUDIT_DAY)
    return facts_.expression_values()["application"].fields["before_expiry"]


@pytest.mark.parametrize(
    ("submitted", "before"),
    [
        (dt.date(2026, 3, 10), True),  # in the label's fifth year
        (dt.date(2026, 6, 27), True),  # the day before it expires
        (dt.date(2026, 6, 28), False),  # its expiry day: it has expired
        (None, True),  # unsent: judged at the as-of date, 20 May 2026
    ],
)
def test_a_renewal_sent_before_the_expiry_is_a_value_of_the_application(
    registry, tmp_path, submitted, before
):
    """`application.before_expiry`, which LDM's renewal rules read: a boolean the memory
    answers, where comparing the dates in each rule's condition missed it for every dossier
    (the memory is keyed by the values read, and these dates differ from one to the next)."""
    text = TWO_ACTIONS.read_text(encoding="utf-8").replace(
        "submitted = 2026-03-10\n", f"submitted = {submitted}\n" if submitted else ""
    )
    assert _before_expiry(registry, tmp_path, text) is before
    result = Engine.create(registry=registry, as_of=AUDIT_DAY).evaluate_path(
        tmp_path / "dossier.toml"
    )
    assert bool(findings_of(ldm(result), "LDM-RENEWAL-EXPIRED")) is not before


def test_without_a_label_held_no_application_is_before_its_expiry(registry, tmp_path):
    text = TWO_ACTIONS.read_text(encoding="utf-8").replace(
        '[[held]]\nlabel = "ldm"\nawarded = 2021-06-28\n', ""
    )
    assert _before_expiry(registry, tmp_path, text) is False


@pytest.mark.parametrize(
    ("audit", "submitted", "before"),
    [
        (dt.date(2026, 3, 9), dt.date(2026, 3, 10), True),  # the day before it was sent
        (dt.date(2026, 3, 10), dt.date(2026, 3, 10), False),  # the day it was sent
        (dt.date(2026, 5, 20), dt.date(2026, 3, 10), False),  # after, as it should be
        (dt.date(2026, 3, 9), None, False),  # no date of sending: nothing to be before
    ],
)
def test_an_audit_before_the_sending_is_a_value_of_the_audit(
    registry, tmp_path, audit, submitted, before
):
    """`audit.before_submission`, which AUDIT-BEFORE-SUBMISSION reads: a boolean the memory
    answers, where comparing the audit's date with the sending's had rule-engine run for every
    audit of every dossier (the memory is keyed by the values read)."""
    text = TWO_ACTIONS.read_text(encoding="utf-8").replace(
        "submitted = 2026-03-10\n", f"submitted = {submitted}\n" if submitted else ""
    ) + (f'\n[[audits]]\nlabel = "ldm"\ntype = "renewal"\ndate = {audit}\n')
    (tmp_path / "dossier.toml").write_text(text, encoding="utf-8")
    engine = Engine.create(registry=registry, as_of=AUDIT_DAY)
    facts_ = label_facts(engine, tmp_path / "dossier.toml", "ldm", AUDIT_DAY)
    [entry] = facts_.dossier.audits
    assert facts_.before_submission(entry) is before
    result = engine.evaluate_path(tmp_path / "dossier.toml")
    assert bool(findings_of(ldm(result), "AUDIT-BEFORE-SUBMISSION")) is before
