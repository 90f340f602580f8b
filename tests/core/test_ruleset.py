"""Rule files: compiled once, every mistake reported with its file, line and key; messages filled."""

from __future__ import annotations

import pytest
from labelcheck.core.context import Record
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


def test_a_rule_names_no_label_of_its_own(registry):
    """The file's label is its rules': a rule naming another (a built-in label, from a
    third-party plugin) would add itself to a label its plugin does not own."""
    text = RULE.format(when="true", message="Pour {subject}.").replace(
        'id = "LDM-TEST-RULE"', 'id = "LDM-TEST-RULE"\nlabel = "euroscol"'
    )
    rules, [error] = compile_rule_file(registry, "test-rules.toml", text)
    assert rules == []
    assert (error.path, error.line) == ("rules[0].label", 5)
    assert "celui du fichier" in error.message


def test_a_misspelt_key_is_not_offered_the_label_a_rule_may_not_name(registry):
    """`clés possibles` listed `label`, which a rule is then refused for naming (the plugin
    author's audit): the keys offered are those a rule may write."""
    text = RULE.format(when="true", message="Pour {subject}.").replace(
        'title = "Un test"', 'titel = "Un test"'
    )
    _rules, errors = compile_rule_file(registry, "test-rules.toml", text)
    [error] = [e for e in errors if e.path == "rules[0].titel"]
    offered = error.message.partition("clés possibles")[2]
    assert "title" in offered and "severity" in offered
    assert "label" not in offered
    assert error.suggestion == "title"


def kind_rule(kind: str, scope: str, message: str, check: str) -> str:
    """A rule of `kind` whose check table is the one line `check`, at line 12."""
    return f"""\
label = "ldm"

[[rules]]
id = "LDM-TEST-KIND"
title = "Un test"
severity = "warning"
kind = "{kind}"
scope = "{scope}"
message = "{message}"
source = {{ document = "LDM 004", section = "partie 1" }}
[rules.check]
{check}
"""


@pytest.mark.parametrize("written", ['"1"', "1.0", "true"])
def test_a_kind_parameter_of_the_wrong_type_is_refused_not_converted(registry, written):
    text = kind_rule("evidence-per-criterion", "application", "Pour {ref}.", f"min = {written}")
    rules, [error] = compile_rule_file(registry, "test-rules.toml", text)
    assert rules == []
    assert (error.line, error.path) == (12, "rules[0].check.min"), error
    assert "nombre entier attendu" in error.message


def test_a_parameter_taking_a_value_or_a_profile_parameter_is_refused_once(registry):
    """`int | FromProfile`: pydantic fails both ways, at months.int and months.FromProfile;
    the author reads one error, at the key they wrote, naming both ways."""
    check = "months_after_raised = 2.5"
    text = kind_rule("nonconformity-deadline", "nonconformity", "Pour {id}.", check)
    rules, [error] = compile_rule_file(registry, "test-rules.toml", text)
    assert rules == []
    assert (error.line, error.path) == (12, "rules[0].check.months_after_raised")
    assert 'nombre entier attendu (ou `{ param = "nom" }`, un paramètre du profil)' in error.message


def test_one_expression_written_twice_is_compiled_once_and_judges_alike(registry):
    """Rules sharing a condition (LDM's `application.type != 'follow-up'`) share one
    compiled expression: parsed once, its remembered results serve both."""
    [first], _ = compiled(registry, when="application.type == 'renewal'")
    [second], _ = compiled(registry, when="application.type == 'renewal'")
    [other], _ = compiled(registry, when="application.type == 'initial'")
    assert first.when is second.when and first.when is not other.when
    for kind, holds in (("renewal", True), ("initial", False), ("renewal", True)):
        values = {"application": Record({"type": kind})}
        assert first.when.evaluate(values) is holds and second.when.evaluate(values) is holds


def test_an_unknown_symbol_in_when_is_reported_with_the_rule_and_line(registry):
    rules, [error] = compiled(registry, when="aplication.type == 'initial'")
    assert rules == []
    assert (error.file, error.line, error.path) == ("test-rules.toml", 9, "rules[0].when")
    assert "règle LDM-TEST-RULE\u202f: symbole inconnu «\u202faplication\u202f»" in error.message


@pytest.mark.parametrize(
    "when, meant",
    [
        ("aplication.type == 'initial'", "application"),
        ("establishment.kindd == 'lp'", "kind"),
        ("as_off > application.submitted", "as_of"),
        # rule-engine names the nearest symbol however far: no typo, no suggestion
        ("foo == 1", None),
        ("xyz > 1", None),
        ("establishment.foo == 'x'", None),
    ],
)
def test_an_unknown_name_suggests_only_a_symbol_it_may_be_a_typo_of(registry, when, meant):
    _, [error] = compiled(registry, when=when)
    assert error.suggestion == meant


def test_a_syntax_error_in_when_gives_its_position(registry):
    _, [error] = compiled(registry, when="application.type ==")
    assert "erreur de syntaxe à la fin (une parenthèse ou un opérande manque)" in error.message


@pytest.mark.parametrize(
    ("when", "position", "meant"),
    [
        ("application.network && application.type == 'initial'", "22 (« & »)", "and"),
        ("application.network || application.type == 'initial'", "22 (« | »)", "or"),
        ("application.type = 'initial'", "18 (« = »)", "=="),
        ("!application.network", "1 (« ! »)", "not"),
        ("application.denominations.length => 1", "34 (« = »)", ">="),
    ],
)
def test_a_syntax_error_says_what_it_found_and_how_the_language_spells_it(
    registry, when, position, meant
):
    """« erreur de syntaxe à la position 23 » alone left a plugin's author to count (the plugin
    audit of 6 December): the character found there is quoted, and the rule language's
    spelling of an operator another language writes is suggested."""
    _, [error] = compiled(registry, when=when)
    said = error.message.replace("\u202f", " ")
    assert f"erreur de syntaxe à la position {position}" in said, said
    assert error.suggestion == meant


@pytest.mark.parametrize(
    ("when", "gives"), [("application.title", "un texte"), ("indicator_count", "un nombre")]
)
def test_an_expression_that_is_no_condition_is_refused(registry, when, gives):
    """Judged by its truthiness, `application.title` would hold for any title."""
    _, [error] = compiled(registry, when=when)
    assert error.path == "rules[0].when" and f"donne {gives}, pas une condition" in error.message


@pytest.mark.parametrize(
    ("when", "said"),
    [
        (
            "application.level == '2'",
            "«\u202fapplication.level\u202f» est un nombre et «\u202f'2'\u202f» un texte",
        ),
        (
            "'2' != application.level",
            "«\u202f'2'\u202f» est un texte et «\u202fapplication.level\u202f» un nombre",
        ),
        (
            "application.submitted == '2026-03-10'",
            "est une date et «\u202f'2026-03-10'\u202f» un texte",
        ),
    ],
)
def test_an_equality_of_two_types_is_refused(registry, when, said):
    """`criterion.number == '2'` compiles and never holds (`!=`: always): its rule was off for
    every dossier without a word (the plugin author's audit)."""
    _, [error] = compiled(registry, when=when)
    assert error.path == "rules[0].when"
    assert said in error.message and "ne dépend pas du dossier" in error.message


def test_an_equality_of_one_type_or_with_null_compiles(registry):
    for when in ("(application.level ?? 1) == 2", "application.submitted == null"):
        assert compiled(registry, when=when)[1] == [], when


@pytest.mark.parametrize(
    ("when", "chain", "literal", "meant"),
    [
        ("application.type == 'initiale'", "application.type", "initiale", "initial"),
        ("application&.type != 'renouvellement'", "application.type", "renouvellement", None),
        ("establishment.kind in ['lp', 'lpo ']", "establishment.kind", "lpo ", "lpo"),
        ("'cahier-des-charge' in document_types", "document_types", "cahier-des-charge", None),
        (
            "[g for g in open_nonconformity_grades if g == 'majeure'].length > 0",
            "g",
            "majeure",
            None,
        ),
        (
            "(application.type ?? 'renewal') == 'suivi'",
            "application.type",
            "suivi",
            None,
        ),
        ("(application&.type ?? 'inital') == 'renewal'", "application.type", "inital", "initial"),
    ],
)
def test_a_text_the_dossier_never_holds_is_refused(registry, when, chain, literal, meant):
    """`application.type == 'initiale'` would be false for every dossier: the rule it guards
    would never report anything, and nobody would know (`!=`: always true)."""
    _, [error] = compiled(registry, when=when)
    assert error.path == "rules[0].when"
    assert f"{chain} ne vaut jamais «\u202f{literal}\u202f»" in error.message
    assert "ne dépend pas du dossier" in error.message
    if meant:
        assert error.suggestion == meant


def test_a_misspelt_type_lists_the_types_of_the_rule_s_label(registry):
    """`application.type == 'initiale'` in a label of two types listed the format's four
    (« follow-up, initial, renewal, surveillance »); the guide (§ 9) checks one label's rule
    against its label's `application_types`: those are the ones listed."""
    text = RULE.format(when="application.type == 'initiale'", message="m")
    text = text.replace('label = "ldm"', 'label = "e3d"').replace("LDM-TEST", "E3D-TEST")
    _, [error] = compile_rule_file(registry, "test-rules.toml", text)
    message = error.message.replace("\u202f", " ")
    assert message.endswith("; types du label (application_types) : initial, renewal"), message
    assert error.suggestion == "initial"


def test_a_null_read_names_the_value_that_may_be_null(registry):
    """`application.title.as_upper` in scope application: the title may be null, not the
    application; « comme held … ou application hors de la portée application » blamed
    neither (the plugin author's audit)."""
    _, [error] = compiled(registry, when="application.title.as_upper == 'X'")
    message = error.message.replace("\u202f", " ")
    assert "lit un attribut de application.title, qui peut être absent (null)" in message
    assert "(application.title&.as_upper)" in message and "held" not in message
    _, [error] = compiled(registry, when="'x' in application.denominations and held.level > 1")
    assert "lit un attribut de held, qui" in error.message.replace("\u202f", " ")


@pytest.mark.parametrize(
    "when", ["application.type == 'surveillance'", "application.type in ['surveillance']"]
)
def test_a_type_the_label_lacks_is_refused_in_an_equality(registry, when):
    """LDM has no surveillance audit: the format knows the type, so the check above let it
    through, and the rule it guards reported nothing for any dossier, without a word."""
    _, [error] = compiled(registry, when=when)
    assert error.path == "rules[0].when" and error.suggestion is None
    message = error.message.replace("\u202f", " ")
    assert "le label ldm n'a pas de candidature ni d'audit de type « surveillance »" in message
    assert "n'est vraie pour aucun dossier" in message
    assert "types du label (application_types) : follow-up, initial, renewal" in message


@pytest.mark.parametrize(
    "when",
    [
        # A guard copied from a label with surveillance audits: it always holds, harmless.
        "application.type != 'surveillance'",
        # A list shared between labels: one of LDM's types among them.
        "application.type in ['initial', 'surveillance']",
    ],
)
def test_a_type_the_label_lacks_is_let_through_where_harmless(registry, when):
    assert compiled(registry, when=when, message="m")[1] == []


@pytest.mark.parametrize(
    "when",
    [
        "application.type in ['initial', 'renewal'] and establishment.sector == 'public'",
        "application.title == 'Lycée des métiers' and 'x' in application.denominations",
        "held&.label == application.label and held&.holder != 'GRETA X'",
        # The guide's default for « no value » (the plugin author's audit: it was refused).
        "(application&.type ?? '') != 'initial'",
        "(establishment&.kind ?? '') in ['lp', 'lpo']",
    ],
)
def test_texts_the_dossier_may_hold_or_free_texts_compile(registry, when):
    rules, errors = compiled(registry, when=when, message="m")
    assert errors == [] and [r.id for r in rules] == ["LDM-TEST-RULE"]


def test_an_unknown_placeholder_is_reported_with_the_closest(registry):
    _, [error] = compiled(registry, message="Pour {subjet}.")
    assert error.path == "rules[0].message" and "champ {subjet} inconnu" in error.message
    assert error.suggestion == "subject"
    assert error.line == 11  # the message's own line, not the rule's [[rules]]


@pytest.mark.parametrize("message", ["Pour {subject", "Pour {0}.", "Pour {subject!r}.", "Pour }."])
def test_a_brace_that_is_no_field_is_refused(registry, message):
    """It would reach the schools as written: `{subject` unclosed, `{0}`, a conversion."""
    _, [error] = compiled(registry, message=message)
    assert error.path == "rules[0].message" and "hors d'un champ" in error.message


def test_a_remedy_names_only_the_fields_of_its_kind(registry):
    text = RULE.format(when="application.type == 'initial'", message="m")
    _, [error] = compile_rule_file(
        registry, "test-rules.toml", text + 'remedy = "Compléter {subjet}."\n'
    )
    assert (error.path, error.suggestion) == ("rules[0].remedy", "subject")


CHECK_TABLE = """\
label = "ldm"

[[rules]]
id = "LDM-TEST-DOCS"
title = "Un test"
severity = "warning"
kind = "required-document"
scope = "application"
message = "Pièce absente : {type}"
source = { document = "LDM 004", section = "partie 1" }
[rules.check]
types = [
    "pv-ca",
    "pv-cz",
]
"""


def test_an_error_in_the_check_table_is_at_its_own_line(registry):
    """A rule kind's error names the key, and the element, it bears on, at their line."""
    _, [error] = compile_rule_file(registry, "test-rules.toml", CHECK_TABLE)
    assert (error.line, error.path, error.suggestion) == (14, "rules[0].check.types[1]", "pv-ca")
    _, [error] = compile_rule_file(
        registry, "test-rules.toml", CHECK_TABLE.replace('    "pv-cz",\n', "") + "extra = 1\n"
    )
    assert (error.line, error.path) == (15, "rules[0].check.extra")


def test_an_error_in_an_inline_check_is_at_its_line(registry):
    _, [error] = compile_rule_file(
        registry,
        "test-rules.toml",
        RULE.format(when="application.type == 'initial'", message="m").replace(
            "application.network", "application.netwrk"
        ),
    )
    assert (error.line, error.path) == (10, "rules[0].check.expression")


TEAM = """\
label = "ldm"

[[rules]]
id = "LDM-TEST-TEAM"
title = "Un test"
severity = "warning"
kind = "audit-team"
scope = "audit"
message = "Audit : {problem}"
source = { document = "LDM 004", section = "partie 1" }
[rules.check]
min = { param = "PARAM" }
"""


def test_a_profile_parameter_is_checked_as_the_rule_loads(registry):
    """A `{ param = … }` naming no parameter of the label was None in every dossier (a
    TypeError, each dossier an internal error): it is the rule's error, at its line."""
    _, [error] = compile_rule_file(
        registry, "test-rules.toml", TEAM.replace("PARAM", "audit_team_mni")
    )
    assert (error.line, error.path, error.suggestion) == (
        12,
        "rules[0].check.min.param",
        "audit_team_min",
    )
    assert "paramètre «\u202faudit_team_mni\u202f» inconnu du label ldm" in error.message
    rules, errors = compile_rule_file(
        registry, "test-rules.toml", TEAM.replace("PARAM", "audit_team_min")
    )
    assert errors == [] and len(rules) == 1


def test_the_parameter_deciding_an_academy_s_rule_is_one_of_its_label_s(registry):
    """Misspelt, no profile would ever decide the rule, without a word."""
    deciding = RULE.format(when="params.lead_required", message="M").replace(
        'section = "partie 1" }',
        'section = "partie 1", nature = "academy", decided_by_parameter = "lead_requird" }',
    )
    _, [error] = compile_rule_file(registry, "test-rules.toml", deciding)
    assert (error.path, error.suggestion) == (
        "rules[0].source.decided_by_parameter",
        "lead_required",
    )
    rules, errors = compile_rule_file(
        registry, "test-rules.toml", deciding.replace("lead_requird", "lead_required")
    )
    assert errors == [] and rules[0].spec.source.decided_by_parameter == "lead_required"


def _deciding(parameter: str, nature: str = "academy", label: str = "ldm") -> str:
    return (
        RULE.format(when="application.network", message="M")
        .replace('label = "ldm"', f'label = "{label}"')
        .replace(
            'section = "partie 1" }',
            f'section = "partie 1", nature = "{nature}", decided_by_parameter = "{parameter}" }}',
        )
    )


@pytest.mark.parametrize(
    ("rules", "said"),
    [
        # An operational reading would block of itself, with no academy deciding it.
        (_deciding("lead_required", nature="operational"), "seule une règle académique"),
        (_deciding("lead_required", nature="text"), "seule une règle académique"),
        # Any profile setting a term would « decide » the rule.
        (_deciding("validity_years"), "est de type `integer`"),
        # Every label has its own parameters: the rule could never be decided.
        (_deciding("lead_required", label="*"), "une règle de tous les labels"),
    ],
)
def test_only_an_academy_s_rule_of_one_label_is_decided_by_a_yes_or_no_parameter(
    registry, rules, said
):
    """From the review: `decided_by_parameter` was accepted on a rule of any nature, of every
    label, naming a parameter of any type."""
    _, [error] = compile_rule_file(registry, "test-rules.toml", rules)
    assert (error.file, error.line, error.path) == (
        "test-rules.toml",
        12,
        "rules[0].source.decided_by_parameter",
    )
    assert said in error.message


@pytest.mark.parametrize(
    ("check", "key", "expected"),
    [
        ('min = { parm = "audit_team_min" }', "min", "nombre entier attendu"),
        (
            'lead_required = { parm = "audit_lead_required" }',
            "lead_required",
            "vrai ou faux (true/false) attendu",
        ),
    ],
)
def test_a_misspelt_param_key_is_one_error_at_the_parameter_with_the_key_meant(
    registry, check, key, expected
):
    """`min = { parm = … }` gave three errors whose key paths held pydantic's names of the
    union's ways (`min.int`, `min.FromProfile.param`, `min.FromProfile.parm`), and no
    suggestion (the plugin author's audit)."""
    text = TEAM.replace('min = { param = "PARAM" }', check)
    _, [error] = compile_rule_file(registry, "test-rules.toml", text)
    assert (error.line, error.path, error.suggestion) == (12, f"rules[0].check.{key}", "param")
    assert f'{expected} (ou `{{ param = "nom" }}`, un paramètre du profil)' in error.message
    assert "clé inconnue «\u202fparm\u202f»" in error.message


def test_a_param_table_of_any_kind_is_said_at_its_parameter_by_what_is_wrong_in_it(registry):
    """Every `value | FromProfile` parameter alike, whatever its value's type."""
    check = "by_month_day = { param = 3 }"
    text = kind_rule("nonconformity-deadline", "nonconformity", "Pour {id}.", check)
    _, [error] = compile_rule_file(registry, "test-rules.toml", text)
    assert (error.line, error.path) == (12, "rules[0].check.by_month_day")
    assert ": texte attendu (ou `{ param" in error.message
    assert "param\u202f: texte attendu\u202f; reçu 3" in error.message


def test_a_profile_parameter_of_another_type_is_refused(registry):
    _, [error] = compile_rule_file(
        registry, "test-rules.toml", TEAM.replace("PARAM", "lead_required")
    )
    assert error.path == "rules[0].check.min.param"
    assert "lead_required du label ldm est de type boolean" in error.message
    assert "min attend le type integer" in error.message


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


def test_a_field_the_kind_did_not_give_is_its_plugin_s_error_not_the_school_s_reading():
    """The message's fields were checked against its kind's as the rule loaded: one the kind's
    check then did not give is its plugin's bug. Left as written, « {date} » reached the
    schools (the plugin author's audit)."""
    from labelcheck.core.ruleset import MissingMessageField

    with pytest.raises(MissingMessageField, match=r"\{date\}.*valeurs données : dat, type"):
        format_message("Le diagnostic date du {date}", {"type": "x", "dat": 1})


def test_a_rule_id_given_twice_names_both_places(registry, monkeypatch, tmp_path):
    """A third party's rule reusing an id: its plugin is set aside, the message giving the
    line of each, so that its author finds both."""
    from labelcheck.core.registry import Registry
    from labelcheck.core.ruleset import load_rules

    second = tmp_path / "second-rules.toml"
    rule = RULE.format(when="application.type == 'initial'", message="m")
    second.write_text(rule + "\n" + rule.replace('label = "ldm"\n', ""), encoding="utf-8")
    files = registry.rule_files()
    monkeypatch.setattr(Registry, "rule_files", lambda self: [*files, second])
    _rules, errors = load_rules(registry)
    assert [(e.file, e.line, e.path) for e in errors] == [(str(second), 16, "rules[1].id")]
    assert f"LDM-TEST-RULE déjà défini dans {second}, ligne 4" in errors[0].message


def test_a_value_that_may_be_null_is_named_so_with_what_to_write(registry):
    """The plugin guide (§ 9): « a nullable value must be handled: held&.level ». A rule
    reading `held.level` is told that, not « types incompatibles »."""
    _, [error] = compiled(registry, when="held.level >= 2")
    assert "peut être absent (null)" in error.message
    assert "held&.level" in error.message
    _, [error] = compiled(registry, when="held&.level >= 2")
    assert "peut être absente (null)" in error.message
    assert "valeur par défaut" in error.message


def test_an_indicator_rule_reads_its_direction(registry):
    """Format 1.1 gives an indicator its `direction`: a rule of scope indicator may read it
    (the plugin guide's table of subjects lists it)."""
    text = RULE.format(when="indicator.direction == 'maximum'", message="Pour {subject}.")
    text = text.replace('scope = "application"', 'scope = "indicator"').replace(
        'expression = "application.network"', 'expression = "indicator.target != null"'
    )
    rules, errors = compile_rule_file(registry, "test-rules.toml", text)
    assert errors == [] and [r.id for r in rules] == ["LDM-TEST-RULE"]


def test_an_indicator_direction_the_format_does_not_know_is_refused(registry):
    text = RULE.format(when="indicator.direction == 'max'", message="Pour {subject}.")
    text = text.replace('scope = "application"', 'scope = "indicator"').replace(
        'expression = "application.network"', 'expression = "indicator.target != null"'
    )
    _, [error] = compile_rule_file(registry, "test-rules.toml", text)
    assert "indicator.direction ne vaut jamais" in error.message
    assert error.suggestion == "maximum"


CRITERION_RULE = """\
label = "{label}"

[[rules]]
id = "EUROSCOL-TEST-CRITERION"
title = "Un test"
severity = "warning"
kind = "expression"
scope = "criterion"
when = "{when}"
check = {{ expression = "true" }}
message = "Un critère."
source = {{ document = "Test", section = "1" }}
"""


@pytest.mark.parametrize("when", ["criterion.number == 7", "criterion.number in [1, 7]"])
def test_a_criterion_number_the_label_does_not_have_is_refused(registry, when):
    """The guide's own form, `criterion.number == 3`: a number the label has not made the rule
    never fire, where the ref was refused (the plugin author's audit)."""
    text = CRITERION_RULE.format(label="euroscol", when=when)
    _rules, [error] = compile_rule_file(registry, "test-rules.toml", text)
    assert "criterion.number ne vaut jamais « 7 »" in error.message.replace("\u202f", " ")
    for fine in ("criterion.number in [1, 4]", "criterion.number != 3"):
        text = CRITERION_RULE.format(label="euroscol", when=fine)
        assert compile_rule_file(registry, "test-rules.toml", text)[1] == [], fine


def test_a_criterion_ref_the_label_does_not_have_is_refused(registry):
    """`criterion.ref == 'euroscol:7'` on a label of four criteria, to which no academy may
    add one: the rule never fires, without a word (the plugin author's audit)."""
    text = CRITERION_RULE.format(label="euroscol", when="criterion.ref == 'euroscol:7'")
    _rules, [error] = compile_rule_file(registry, "test-rules.toml", text)
    assert error.path == "rules[0].when"
    assert "criterion.ref ne vaut jamais" in error.message.replace("\u202f", " ")
    for when in ("criterion.ref == 'euroscol:4'", "criterion.number == 2"):
        text = CRITERION_RULE.format(label="euroscol", when=when)
        assert compile_rule_file(registry, "test-rules.toml", text)[1] == [], when


def test_a_criterion_ref_an_academy_may_add_compiles(registry):
    """LDM admits an academy's ninth criterion: `ldm:9` may be a profile's."""
    text = CRITERION_RULE.format(label="ldm", when="criterion.ref == 'ldm:9'").replace(
        "EUROSCOL-TEST", "LDM-TEST"
    )
    assert compile_rule_file(registry, "test-rules.toml", text)[1] == []
