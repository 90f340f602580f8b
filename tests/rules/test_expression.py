"""Kind `expression` (rules/expression.py): a rule-engine expression true for each subject of its scope."""

from __future__ import annotations

from kinds import Case, cases, check
from labelcheck.core.ruleset import compile_rule_file

MODULE = "expression"


@cases(
    Case("application-true", "T-EXPR-APPLICATION", "denominations.toml"),
    Case(
        "application-false-subject-the-label",
        "T-EXPR-APPLICATION",
        "no-denomination.toml",
        ("ldm",),
    ),
    Case("document-true", "T-EXPR-DOCUMENT", "denominations.toml"),
    Case("document-false-subject-its-id", "T-EXPR-DOCUMENT", "no-denomination.toml", ("fiche",)),
    # The label's pieces only: a piece no label claims is DocumentFile's (its missing file), not
    # a plugin's document rule's.
    Case("document-of-the-label-only", "T-EXPR-DOCUMENT", "unclaimed-piece.toml", ("fiche",)),
    # LDM has criteria 1 to 8: the even ones are false.
    Case(
        "criterion-subject-its-ref",
        "T-EXPR-CRITERION",
        "denominations.toml",
        ("ldm:2", "ldm:4", "ldm:6", "ldm:8"),
    ),
)
def test_expression_is_true_for_each_subject_of_its_scope(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    Case("subject-given-true", "T-EXPR-SUBJECT", "denominations.toml"),
    Case("subject-given-false", "T-EXPR-SUBJECT", "no-denomination.toml", ("denominations",)),
)
def test_expression_subject_may_be_named(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    # `params` are the profile's: LDM's national title_max_length is 100, the profile's 60.
    Case("national-params", "T-EXPR-PARAMS", "denominations.toml"),
    Case("profile-params", "T-EXPR-PARAMS", "denominations.toml", ("ldm",), "short-titles.toml"),
)
def test_expression_reads_the_profile_params(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    Case("when-false-not-checked", "T-EXPR-WHEN", "no-denomination.toml"),
    Case("when-true-checked", "T-EXPR-WHEN", "renewal-no-denomination.toml", ("ldm",)),
)
def test_expression_checked_only_when_the_rule_applies(engine, registry, case):
    check(engine, registry, MODULE, case)


UNKNOWN_SYMBOL = """\
label = "ldm"

[[rules]]
id = "T-EXPR-UNKNOWN"
title = "Symbole inconnu"
severity = "warning"
kind = "expression"
scope = "application"
message = "{subject}"
source = { document = "test", section = "rules/expression.py" }
check = { expression = "application.denomination.length > 0" }
"""


def test_expression_unknown_symbol_fails_when_rules_load(registry):
    rules, [error] = compile_rule_file(registry, "expression.toml", UNKNOWN_SYMBOL)
    assert rules == [] and error.path == "rules[0].check.expression"
    assert "denomination" in error.message
