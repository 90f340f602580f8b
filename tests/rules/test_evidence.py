"""Kinds `evidence-per-criterion` and `indicator-per-criterion` (rules/evidence.py): enough evidence per criterion."""

from __future__ import annotations

from kinds import Case, cases, check, findings

MODULE = "evidence"
EVERY_CRITERION = tuple(f"ldm:{n}" for n in range(1, 9))  # LDM's criteria 1 to 8


@cases(
    Case("one-piece-for-every-criterion", "T-EVIDENCE", "piece-for-all.toml"),
    Case("no-evidence", "T-EVIDENCE", "none.toml", EVERY_CRITERION),
    Case("indicators-and-a-piece-count", "T-EVIDENCE", "indicators-but-8.toml"),
    Case("min-two-one-piece-each", "T-EVIDENCE-TWO", "piece-for-all.toml", EVERY_CRITERION),
    Case("min-two-two-indicators", "T-EVIDENCE-TWO", "indicators-but-8.toml", ("ldm:8",)),
    Case("only-indicators-count", "T-EVIDENCE-INDICATORS", "piece-for-all.toml", EVERY_CRITERION),
    Case(
        "only-indicators-count-some", "T-EVIDENCE-INDICATORS", "indicators-but-8.toml", ("ldm:8",)
    ),
)
def test_evidence_per_criterion_at_least_min_of_the_kinds_counted(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_evidence_per_criterion_not_examined_when_met_by_equivalence(engine, registry):
    national = Case("national", "T-EVIDENCE", "euroscol-no-evidence.toml", EVERY_CRITERION)
    check(engine, registry, MODULE, national)
    without_6 = tuple(ref for ref in EVERY_CRITERION if ref != "ldm:6")
    adopted = Case(
        "adopted", "T-EVIDENCE", "euroscol-no-evidence.toml", without_6, "euroscol-adopted.toml"
    )
    check(engine, registry, MODULE, adopted)


def test_evidence_per_criterion_message_counts(engine, registry):
    found = findings(
        engine, registry, MODULE, Case("two", "T-EVIDENCE-TWO", "indicators-but-8.toml")
    )
    assert [f.message for f in found] == ["ldm:8 : 1 sur 2"]


def test_evidence_per_item_counts_each_descriptor(engine, registry):
    subjects = {
        f.subject
        for f in findings(engine, registry, MODULE, Case("item", "T-EVIDENCE-ITEM", "item-1.toml"))
    }
    assert "ldm:1.1" not in subjects
    assert {"ldm:1.2", "ldm:2.6"} <= subjects
    assert not subjects & set(EVERY_CRITERION)  # items, never whole criteria


@cases(
    Case("an-indicator-for-each-but-8", "T-INDICATOR", "indicators-but-8.toml", ("ldm:8",)),
    Case("pieces-are-not-indicators", "T-INDICATOR", "piece-for-all.toml", EVERY_CRITERION),
    Case("min-two-met", "T-INDICATOR-TWO", "indicators-but-8.toml", ("ldm:8",)),
    Case("no-indicator", "T-INDICATOR-TWO", "none.toml", EVERY_CRITERION),
)
def test_indicator_per_criterion_at_least_min_indicators(engine, registry, case):
    check(engine, registry, MODULE, case)


ITEMS_RULE = """\
label = "{label}"

[[rules]]
id = "{prefix}-TEST-ITEMS"
title = "Un test"
severity = "warning"
kind = "evidence-per-criterion"
scope = "application"
message = "{{ref}}"
source = {{ document = "Test", section = "1" }}
[rules.check]
{check}
"""


def _items_errors(registry, check: str, label: str = "eduform"):
    from labelcheck.core.ruleset import compile_rule_file

    text = ITEMS_RULE.format(label=label, prefix=label.upper(), check=check)
    return compile_rule_file(registry, "test-rules.toml", text)[1]


def test_evidence_items_the_label_does_not_have_are_refused(registry):
    """`items = [99]` on a label of 32 indicators picked nothing: the rule asked for nothing,
    without a word (the plugin author's audit)."""
    [error] = _items_errors(registry, 'per = "item"\nitems = [1, 99]')
    assert (error.path, error.line) == ("rules[0].check.items[1]", 13)
    assert "le label eduform n'a pas d'item 99" in error.message.replace("\u202f", " ")
    assert _items_errors(registry, 'per = "item"\nitems = [1, 3, 17, 19]') == []
    # An academy's profile may add items to LDM (`ldm:9.47`): not known when rules load.
    assert _items_errors(registry, 'per = "item"\nitems = [47]', label="ldm") == []


def test_evidence_items_counted_per_criterion_are_refused(registry):
    """Counted per criterion (the default), `items` was ignored: every criterion was asked."""
    [error] = _items_errors(registry, "items = [1]")
    assert error.path == "rules[0].check.items"
    assert 'per = "item"' in error.message


def test_evidence_also_with_nonconformity_without_items_is_refused(registry):
    """Without `items` every item is examined already: the key said something it did not do."""
    [error] = _items_errors(registry, 'per = "item"\nalso_with_nonconformity = true')
    assert error.path == "rules[0].check.also_with_nonconformity"
    assert (
        _items_errors(registry, 'per = "item"\nitems = [1]\nalso_with_nonconformity = true') == []
    )
