"""Kind `expression` (rules/expression.py): a rule-engine expression true for each subject of its scope."""

from __future__ import annotations

import datetime as dt

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


def test_expression_values_are_said_in_the_message_of_a_failing_subject(engine, registry):
    """A rule's `values` fill its message and remedy, in words: a number, a date, a list as
    French lists it, document types by their titles (the plugin author's audit: « pièces
    jointes : egalite-diagnostic et pv-ca », ids where the required-document rule names the
    same types by their titles), an empty list as « aucune », a condition as oui or non."""
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("values-said", "T-EXPR-VALUES", "no-denomination.toml", ("ldm",)),
    )
    assert finding.message == (
        "Intitulé de 62 caractères ; audit le 20/05/2026 ; pièces : fiche de candidature "
        "(LDM 001) et procès-verbal du conseil d'administration ; dénominations : aucune ; "
        "renouvellement : non"
    )
    assert finding.remedy == "Raccourcir l'intitulé de 62 caractères."


def test_document_types_a_comprehension_keeps_are_said_by_their_titles(engine, registry):
    """The types a comprehension keeps of `document_types` are still types; a text that only
    spells like one (a piece's id) is not the type."""
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("kept-types-said", "T-EXPR-KEPT-TYPES", "no-denomination.toml", ("ldm",)),
    )
    assert finding.message == (
        "Pièces hors procès-verbal : fiche de candidature (LDM 001) ; titre : pv-ca"
    )


def _rule_with(check: str, message: str = "{subject}") -> str:
    return (
        'label = "ldm"\n\n[[rules]]\nid = "T-EXPR-V"\ntitle = "Valeurs"\nseverity = "warning"\n'
        f'kind = "expression"\nscope = "application"\nmessage = "{message}"\n'
        'source = { document = "test", section = "rules/expression.py" }\n'
        f"[rules.check]\n{check}\n"
    )


def test_expression_values_are_compiled_when_rules_load(registry):
    """A value naming an unknown symbol, or giving an entry whole, which has no words, is
    an error of its rule file where the value is written."""
    cases = {
        'values = { t = "application.denomination" }': ("check.values.t", "denomination"),
        'values = { t = "application" }': ("check.values.t", "qu'un message ne peut pas dire"),
    }
    for values, (path, said) in cases.items():
        rules, [error] = compile_rule_file(
            registry, "v.toml", _rule_with(f'expression = "true"\n{values}', "{t}")
        )
        assert rules == [] and error.path == f"rules[0].{path}", error
        assert said in error.message


def test_expression_values_are_named_as_message_fields(registry):
    """A value's name is a message field: lower case, not one the kind gives; a message
    naming a value the rule does not declare is refused as before."""
    for values, said in {
        'values = { Beyond = "application.title" }': "minuscules",
        'values = { ref = "application.title" }': "donne déjà ce champ",
    }.items():
        rules, errors = compile_rule_file(
            registry, "v.toml", _rule_with(f'expression = "true"\n{values}')
        )
        assert rules == [] and any(said in e.message for e in errors), errors
    rules, [error] = compile_rule_file(
        registry, "v.toml", _rule_with('expression = "true"', "{beyond}")
    )
    assert rules == [] and error.path == "rules[0].message" and "beyond" in error.message
    rules, errors = compile_rule_file(
        registry,
        "v.toml",
        _rule_with('expression = "true"\nvalues = { beyond = "application.title" }', "{beyond}"),
    )
    assert errors == [] and len(rules) == 1


def test_an_expression_rule_gives_its_finding_the_date_its_due_names(engine, registry):
    """`due`: the date « À faire » gives and the échéancier's step of that day reads late by
    (LDM's engagements, the new user's check: « date passée » beside a finding saying they
    were still to do)."""
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("due", "T-EXPR-DUE", "no-denomination.toml", ("ldm",)),
    )
    assert finding.due == dt.date(2026, 5, 10)


def test_an_expression_rules_due_that_is_no_date_is_refused_as_it_loads(registry):
    rules, [error] = compile_rule_file(
        registry, "v.toml", _rule_with('expression = "true"\ndue = "application.title"')
    )
    assert rules == [] and error.path == "rules[0].check.due"
    assert "ne donne pas une date" in error.message


def test_an_expression_rule_reports_the_kind_of_what_it_checks(registry):
    """`reports_as`: a rule checking a deadline reports `deadline`, as the contract's kinds
    name what was checked (the fifth contract grader: a fiche's delay passed read
    `expression`); by default `expression`; a kind the contract does not name is refused."""
    kinds = {}
    for written, kind in {"": "expression", 'reports_as = "deadline"': "deadline"}.items():
        [rule], errors = compile_rule_file(
            registry, "v.toml", _rule_with(f'expression = "true"\n{written}')
        )
        assert errors == []
        kinds[kind] = rule.finding_kind
    assert kinds == {"expression": "expression", "deadline": "deadline"}
    [rule], errors = compile_rule_file(
        registry, "v.toml", _rule_with('expression = "true"\nreports_as = "dated-later"')
    )
    assert errors == [] and rule.finding_kind == "dated-later", "a rule kind's own is known"
    rules, [error] = compile_rule_file(
        registry, "v.toml", _rule_with('expression = "true"\nreports_as = "deadlines"')
    )
    assert rules == [] and error.path == "rules[0].check.reports_as", error
    assert "inconnu" in error.message and error.suggestion == "deadline", error
