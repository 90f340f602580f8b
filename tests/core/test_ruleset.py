"""Rule files: compiled once, every mistake reported with its file, line and key; messages filled."""

from __future__ import annotations

import pytest
from labelcheck.core.ruleset import compile_rule_file, format_message

RULE = """\
label = "ldm"

[[rules]]
id = "LDM-TEST-RULE"
title = "Un test"
severity = "warning"
kind = "expression"
scope = "application"
when = "{when}"
check = {{ expression = "application.network" }}
message = "{message}"
source = {{ document = "LDM 004", section = "partie 1" }}
"""


def compiled(
    registry, when: str = "application.type == 'initial'", message: str = "Pour {subject}."
):
    return compile_rule_file(registry, "test-rules.toml", RULE.format(when=when, message=message))


def test_a_correct_rule_compiles(registry):
    rules, errors = compiled(registry)
    assert errors == [] and [r.id for r in rules] == ["LDM-TEST-RULE"]
    assert rules[0].when.text == "application.type == 'initial'"


def test_an_unknown_symbol_in_when_is_reported_with_the_rule_and_line(registry):
    rules, [error] = compiled(registry, when="aplication.type == 'initial'")
    assert rules == []
    assert (error.file, error.line, error.path) == ("test-rules.toml", 3, "when")
    assert "règle LDM-TEST-RULE\u202f: symbole inconnu «\u202faplication\u202f»" in error.message


def test_a_syntax_error_in_when_gives_its_position(registry):
    _, [error] = compiled(registry, when="application.type ==")
    assert "erreur de syntaxe à la fin dans l'expression" in error.message


def test_an_unknown_placeholder_is_reported_with_the_closest(registry):
    _, [error] = compiled(registry, message="Pour {subjet}.")
    assert error.path == "message" and "champ {subjet} inconnu" in error.message
    assert error.suggestion == "subject"


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        (
            "Pièce {ref} : {count} sur {min}",
            {"ref": "ldm:6", "count": 0, "min": 1},
            "Pièce ldm:6 : 0 sur 1",
        ),
        ("{ref}{ref}", {"ref": "x"}, "xx"),
        ("Sans champ", {}, "Sans champ"),
        ("Manque {absent}", {}, "Manque {absent}"),  # left as written, never an error
        (
            "{ref.__class__} {0} {ref!r}",
            {"ref": "x"},
            "{ref.__class__} {0} {ref!r}",
        ),  # no str.format
        ("{}", {}, "{}"),
    ],
)
def test_format_message_fills_placeholders_and_nothing_else(template, values, expected):
    assert format_message(template, values) == expected
