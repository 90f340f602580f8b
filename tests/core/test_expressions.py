"""Compiled expressions: what each one reads, and results remembered by those values.

The property that a remembered result is always rule-engine's own, over
generated four-label dossiers, is in tests/properties/test_multilabel_properties.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
import rule_engine
from labelcheck.core import expressions
from labelcheck.core.context import Record, rule_context
from labelcheck.core.expressions import CompiledExpression

PARAMS = {"board_from_level": 2, "kinds": ["lp", "lpo"]}


def compiled(text: str, scope: str = "application") -> CompiledExpression:
    return CompiledExpression(rule_engine.Rule(text, context=rule_context(scope, PARAMS, "e3d")))


def values(application: dict | None = None, held: dict | None = None, **more) -> dict:
    base = {
        "label": "e3d",
        "as_of": dt.datetime(2026, 5, 20, tzinfo=dt.UTC),
        "establishment": Record({"kind": "lp"}),
        "partner_kinds": ["company"],
        "params": Record(PARAMS),
        "application": None,
        "held": None,
    }
    base["application"] = Record(application) if application is not None else None
    base["held"] = Record(held) if held is not None else None
    return base | more


@pytest.mark.parametrize(
    ("text", "reads", "null_tests"),
    [
        ("application.type == 'renewal'", [("application", "type")], []),
        (
            "(application.level ?? 1) >= params.board_from_level",
            [("application", "level"), ("params", "board_from_level")],
            [],
        ),
        ("held != null", [], [("held",)]),
        (
            "held&.level != null and (held&.expires ?? as_of) > as_of",
            [("as_of",), ("held", "expires")],
            [("held", "level")],
        ),
        # an array's length is decided by the array: the chain stops at the record's field
        ("application.categories.length > 0", [("application", "categories", "length")], []),
        # the comprehension's own variable is read too: always absent, so harmless
        (
            "[k for k in partner_kinds if k in params.kinds].length > 0",
            [("k",), ("params", "kinds"), ("partner_kinds",)],
            [],
        ),
        # compared with null *and* read: its value is in the key
        ("held != null and (held&.level ?? 0) > 1", [("held", "level")], [("held",)]),
    ],
)
def test_an_expression_knows_the_attribute_chains_it_reads(text, reads, null_tests):
    expression = compiled(text)
    assert list(expression.reads) == reads
    assert list(expression.null_tests) == null_tests


def test_an_expression_reading_a_builtin_is_never_remembered():
    expression = compiled("as_of < $now")
    assert expression.reads is None
    assert expression.evaluate(values()) is True
    assert expression._results == {}


def test_the_same_values_are_evaluated_once(monkeypatch):
    expression = compiled("application.type == 'renewal' and held != null")
    calls = []
    evaluate = expression.rule.evaluate
    monkeypatch.setattr(
        expression.rule, "evaluate", lambda thing: calls.append(1) or evaluate(thing)
    )
    renewal = values({"type": "renewal", "audit": dt.datetime(2026, 1, 1)}, {"level": 1})
    assert expression.evaluate(renewal) is True
    # another dossier: other dates, same type, held present with another level: same key
    other = values({"type": "renewal", "audit": dt.datetime(2027, 3, 3)}, {"level": 3})
    assert expression.evaluate(other) is True
    assert len(calls) == 1
    assert expression.evaluate(values({"type": "renewal"})) is False  # no held: a new key
    assert expression.evaluate(values({"type": "initial"}, {"level": 1})) is False
    assert len(calls) == 3


def test_a_length_is_keyed_by_the_length_alone(monkeypatch):
    """`application.denominations.length > 0` read each dossier's list: every school's own
    denominations made a new key, and rule-engine evaluated the expression anew each time."""
    expression = compiled("application.categories.length > 0")
    calls = []
    evaluate = expression.rule.evaluate
    monkeypatch.setattr(
        expression.rule, "evaluate", lambda thing: calls.append(1) or evaluate(thing)
    )
    assert expression.evaluate(values({"categories": ["training"]})) is True
    assert expression.evaluate(values({"categories": ["vae"]})) is True  # same length
    assert len(calls) == 1
    assert expression.evaluate(values({"categories": []})) is False
    assert expression.evaluate(values({"categories": ["training", "vae"]})) is True
    assert len(calls) == 3


def test_a_length_key_is_no_value_key_and_a_records_own_length_field_is_its_value():
    expression = compiled("application.categories.length > 0")
    by_length = expression.key(values({"categories": ["a", "b"]}))
    assert by_length == expression.key(values({"categories": ("x", "y")}))
    assert by_length != expression.key(values({"categories": 2}))  # no length: its value
    assert expression.key(values({"categories": None})) == (None,)
    # A record read further than `length`'s owner: keyed as the chain's own value.
    record = values({"categories": Record({"length": 3})})
    assert expression.key(record) == (expressions._frozen(3),)


def test_values_equal_in_python_but_of_other_types_are_other_keys():
    expression = compiled("application.network")
    assert expression.key(values({"network": True})) != expression.key(values({"network": 1}))
    assert expression.key(values({"network": 1.0})) != expression.key(values({"network": 1}))


def test_an_unhashable_value_is_evaluated_not_remembered():
    expression = compiled("application.type == 'renewal'")
    odd = values({"type": {"renewal"}})  # a set: no key can hold it
    assert expression.evaluate(odd) is expression.rule.evaluate(odd) is False
    assert expression._results == {}


def test_an_evaluation_error_is_raised_every_time_and_not_remembered():
    expression = compiled("(application.level ?? 0) > 1")
    with pytest.raises(expressions.PluginExpressionFailed) as raised:
        expression.evaluate(values({"level": "two"}))
    assert isinstance(raised.value.__cause__, rule_engine.errors.EvaluationError)
    with pytest.raises(expressions.PluginExpressionFailed):
        expression.evaluate(values({"level": "two"}))
    assert expression._results == {}


def test_a_plugin_expression_failing_on_a_dossier_says_so_in_french():
    """A key the mapping lacks passes the load-time checks: the dossier's internal error said
    « LookupError: (OrderedDict([…]), '2023') (dans expression/access.py:315…) » (the plugin
    author's audit). It names the expression, and how to read a key that may be absent."""
    expression = compiled("indicator.values['2023'] > 0", scope="indicator")
    with pytest.raises(expressions.PluginExpressionFailed) as raised:
        expression.evaluate(values(indicator=Record({"values": {"2024": 8.0}})))
    message = str(raised.value).replace("\u202f", " ")
    assert message.startswith("l'expression « indicator.values['2023'] > 0 » a échoué")
    assert "élément absent de la liste ou de la table" in message
    assert "indicator.values&['2023'] ?? 0" in message


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("indicator.values['2025'] >= 0", "la clé '2025' manque à la table"),
        ("indicator.values['2025'] >= 0", "`indicator.values&['2025'] ?? 0`"),
        ("partner_kinds[3] == 'school'", "la position 3 manque à la liste"),
        ("partner_kinds[3] == 'school'", "`partner_kinds&[3] ?? ''`"),
        # Computed, the key is the one the dossier gave it: said as the dossier's.
        ("indicator.values[label] >= 0", "`indicator.values&['e3d'] ?? 0`"),
    ],
)
def test_the_hint_of_a_failed_lookup_names_the_key_the_expression_read(text, told):
    """The hint quoted `indicator.values&['2023']` whatever key the rule read (the plugin
    author's audit: a rule reading '2025')."""
    expression = compiled(text, scope="indicator")
    with pytest.raises(expressions.PluginExpressionFailed) as raised:
        expression.evaluate(values(indicator=Record({"values": {"2024": 8.0}})))
    assert told in str(raised.value)


def test_remembered_results_are_bounded(monkeypatch):
    monkeypatch.setattr(expressions, "MAX_REMEMBERED", 8)
    expression = compiled("(held&.expires ?? as_of) > as_of")
    for day in range(1, 29):
        held = {"expires": dt.datetime(2027, 2, day, tzinfo=dt.UTC)}
        assert expression.evaluate(values(held=held)) is True
        assert len(expression._results) <= 8


def test_a_key_reads_each_chain_as_split_when_compiled(monkeypatch):
    """The key is made at every ask: each chain is split into its symbol and the names after
    it once, when the expression is compiled, not sliced again at each ask (`_follow`)."""
    expression = compiled("application.type == 'renewal' and held&.level != null")
    renewal = values({"type": "renewal"}, {"level": 1})
    key = expression.key(renewal)
    monkeypatch.setattr(expressions, "_follow", lambda *_: pytest.fail("a chain split again"))
    assert expression.key(renewal) == key
    assert expression.key(values({"type": "initial"})) != key


def test_a_text_or_a_null_read_is_its_own_key_without_a_call(monkeypatch):
    """Most values an expression reads are texts or null: keyed as they are, with no call to
    `_frozen` (which gives them unchanged); a number still gets its type beside it."""
    expression = compiled("application.type == 'renewal' and application.level == 2")
    frozen = expressions._frozen
    called: list = []
    monkeypatch.setattr(expressions, "_frozen", lambda value: called.append(value) or frozen(value))
    assert expression.key(values({"type": "renewal", "level": 2})) == ((int, 2), "renewal")
    assert expression.key(values({"type": None, "level": None})) == (None, None)
    assert called == [2]


def test_a_date_or_a_boolean_read_is_keyed_without_a_call(monkeypatch):
    """Dates (an action's end, the as-of date) and booleans (`after_award`, `earlier_cycle`)
    are most of the rest of what conditions read: keyed with no call to `_frozen`, a date
    as itself (equal to no text, number or boolean), a boolean with its type as `_frozen`
    keys it (`true` is not 1)."""
    expression = compiled("application.type == 'renewal' and application.after_award")
    day = compiled("(application.submitted ?? as_of) >= as_of")
    frozen = expressions._frozen
    called: list = []
    monkeypatch.setattr(expressions, "_frozen", lambda value: called.append(value) or frozen(value))
    assert expression.key(values({"type": "renewal", "after_award": True})) == (
        frozen(True),
        "renewal",
    )
    assert expression.key(values({"type": "renewal", "after_award": 1})) == (frozen(1), "renewal")
    sent = dt.datetime(2026, 2, 9, tzinfo=dt.UTC)
    key = day.key(values({"submitted": sent}))
    assert key == (sent, values()["as_of"])
    assert key != day.key(values({"submitted": "2026-02-09"}))
    assert called == [1]
