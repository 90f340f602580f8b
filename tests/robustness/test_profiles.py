"""Profiles validated at load (issue 9, point 6, and the regular expressions of point 4).

A profile comes from elsewhere: whatever it holds, labelcheck neither hangs nor
crashes. Its mistakes are profile errors (exit 2) naming its file, line and key,
all of them at once: parameters typed and range-checked against the plugins'
[parameters] tables, expressions compiled and typed at load, regular expressions
that could backtrack without end refused, and an expression failing on a dossier
reported as that dossier's error naming the profile, never an internal error.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from cli.processes import labelcheck
from labelcheck.core.catalog import LabelSpec, parameter_problem
from labelcheck.core.engine import Engine
from labelcheck.core.errors import LabelcheckError
from labelcheck.core.expressions import MAX_REGEX_SUBJECT

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "lycee-multilabel"
HEAD = 'name = "essai"\nextends = "national"\n'


def write(tmp_path: Path, body: str | bytes, name: str = "profil.toml") -> Path:
    path = tmp_path / name
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(HEAD + body, encoding="utf-8")
    return path


def profile_errors(registry, path: Path) -> list:
    """The errors of loading the profile at `path` (it must fail)."""
    with pytest.raises(LabelcheckError) as raised:
        Engine.create(str(path), registry=registry)
    assert raised.value.errors, str(raised.value)
    return raised.value.errors


def only_error(registry, path: Path):
    [error] = profile_errors(registry, path)
    return error


def criterion(applies_when: str) -> str:
    """A ninth LDM criterion whose one item applies when `applies_when` holds."""
    quoted = applies_when.replace("\\", "\\\\").replace('"', '\\"')
    return (
        '\n[[criteria]]\nlabel = "ldm"\nnumber = 9\ntitle = "Égalité"\n\n'
        f'[[criteria.items]]\nnumber = 47\ntitle = "Mixité"\napplies_when = "{quoted}"\n'
    )


# -- parameters: typed and range-checked ----------------------------------------------------


def test_a_negative_validity_is_a_profile_error(registry, tmp_path):
    error = only_error(registry, write(tmp_path, "[labels.ldm]\nvalidity_years = -1\n"))
    assert (error.line, error.path) == (4, "labels.ldm.validity_years")
    assert "-1 est hors des bornes\u202f: un entier de 1 à 10 est attendu" in error.message


@pytest.mark.parametrize(
    "value, expected",
    [
        ('"02-30"', "le 30 février n'existe pas"),
        ('"04-31"', "le 31 avril n'existe pas"),
        ('"02-29"', "le 29 février n'existe pas chaque année"),
        ('"13-01"', "il n'y a pas de mois 13"),
        ('"9-30"', "«\u202fMM-JJ\u202f» est attendu"),
        ('"０９-３０"', "«\u202fMM-JJ\u202f» est attendu"),  # full-width digits are not a date
        ("930", "«\u202fMM-JJ\u202f» est attendu"),
    ],
)
def test_a_month_day_that_does_not_exist_every_year_is_refused(registry, tmp_path, value, expected):
    error = only_error(
        registry, write(tmp_path, f"[labels.ldm]\nnonconformity_deadline = {value}\n")
    )
    assert error.path == "labels.ldm.nonconformity_deadline" and expected in error.message


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("validity_years = 5.0", "un nombre entier est attendu\u202f; reçu 5,0"),
        ("validity_years = nan", "un nombre entier est attendu\u202f; reçu nan"),
        ("validity_years = true", "un nombre entier est attendu\u202f; reçu true"),
        ("validity_years = 11", "11 est hors des bornes"),
        # The French audit: « pas "trois" », « pas 2.5 », ASCII quotes and Python's values.
        ("validity_years = 2.5", "un nombre entier est attendu\u202f; reçu 2,5"),
        (
            'audit_team_max = "trois"',
            "un nombre entier est attendu\u202f; reçu «\u202ftrois\u202f», un texte",
        ),
        (
            'lead_required = "oui"',
            "vrai ou faux attendu (`true` ou `false`)\u202f; reçu «\u202foui\u202f», un texte",
        ),
        ("lead_required = 1", "vrai ou faux attendu (`true` ou `false`)\u202f; reçu 1"),
        (
            "audit_team_min = 4\naudit_team_max = 3",
            "audit_team_min (4) ne peut pas dépasser audit_team_max (3)",
        ),
    ],
)
def test_parameters_are_typed_and_bounded(registry, tmp_path, setting, expected):
    assert expected in only_error(registry, write(tmp_path, f"[labels.ldm]\n{setting}\n")).message


def test_a_list_parameter_holds_texts(registry, tmp_path):
    error = only_error(registry, write(tmp_path, "[labels.e3d]\naudit_grades = [1, 2]\n"))
    assert "une liste de textes est attendue" in error.message


def test_values_within_the_ranges_load(registry, tmp_path):
    path = write(
        tmp_path,
        '[labels.ldm]\nvalidity_years = 10\nnonconformity_deadline = "12-31"\n'
        "audit_team_min = 3\naudit_team_max = 3\n",
    )
    params = Engine.create(str(path), registry=registry).profile.params(registry, "ldm")
    assert (params["validity_years"], params["nonconformity_deadline"]) == (10, "12-31")


def test_every_shipped_label_gives_values_within_its_own_ranges(registry):
    for label in registry.labels.values():
        for name, spec in label.parameter_specs.items():
            if spec.default is not None:
                assert parameter_problem(label.parameter_specs, name, label.parameters) is None, (
                    label.id,
                    name,
                )


def test_a_plugin_whose_own_value_is_out_of_its_range_does_not_load(registry):
    data = registry.labels["ldm"].model_dump()
    data["parameter_specs"]["validity_years"]["default"] = 0
    with pytest.raises(ValueError, match="validity_years\u202f: 0 est hors des bornes"):
        LabelSpec.model_validate(data)


# -- expressions: compiled, typed and bounded at load -----------------------------------------


def test_a_text_no_dossier_holds_is_a_profile_error(registry, tmp_path):
    """`establishment.kind == 'lycee'` would be false in every dossier: the academy's item
    would never apply, and nothing would say so."""
    error = only_error(registry, write(tmp_path, criterion("establishment.kind == 'LP'")))
    assert (error.line, error.path) == (12, "criteria[0].items[0].applies_when")
    assert "establishment.kind ne vaut jamais «\u202fLP\u202f»" in error.message
    assert error.suggestion == "lp"


def test_a_catastrophic_regular_expression_is_refused_at_load(registry, tmp_path):
    started = time.monotonic()
    error = only_error(registry, write(tmp_path, criterion('establishment.name =~ "(a+)+$"')))
    assert time.monotonic() - started < 10
    assert (error.line, error.path) == (12, "criteria[0].items[0].applies_when")
    assert "motif «\u202f(a+)+$\u202f» refusé" in error.message and "groupe répété" in error.message


# Written as in the expression, whose strings have escapes of their own: "\\1" is \1.
@pytest.mark.parametrize("pattern", ["(a*)*", "(a|aa)+", "(a?)+$", r"(\\w+\\s?)+$", r"(.)\\1"])
def test_patterns_that_backtrack_without_end_are_refused(registry, tmp_path, pattern):
    assert (
        "refusé"
        in only_error(
            registry, write(tmp_path, criterion(f'establishment.name =~ "{pattern}"'))
        ).message
    )


def test_a_bounded_regular_expression_runs_on_a_41_character_name(
    registry, tmp_path, evaluate_copy
):
    path = write(tmp_path, criterion('establishment.name =~ "^a+$"'))
    started = time.monotonic()
    result = evaluate_copy(path, name="a" * 40 + "!")
    assert time.monotonic() - started < 10
    assert not result.errors and result.internal_error is None and result.labels


def test_a_regular_expression_is_not_tried_on_a_text_too_long(registry, tmp_path, evaluate_copy):
    # Python's re backtracks: even a pattern it runs fast takes seconds on a long enough text.
    path = write(tmp_path, criterion('establishment.name =~~ "x.*y"'))
    result = evaluate_copy(path, name="x" * (MAX_REGEX_SUBJECT + 1))
    [error] = result.errors
    assert "profil.toml, ligne 12, criteria[0].items[0].applies_when" in error.message
    assert (
        f"textes de {MAX_REGEX_SUBJECT} caractères au plus ; ce dossier en a un de {MAX_REGEX_SUBJECT + 1}"
        in error.message
    )


def test_a_pattern_read_from_the_dossier_is_refused(registry, tmp_path):
    error = only_error(
        registry, write(tmp_path, criterion("establishment.name =~ application.type"))
    )
    assert "le motif d'une expression régulière doit être écrit dans l'expression" in error.message


def test_a_100_kb_expression_is_refused_without_being_parsed(registry, tmp_path):
    started = time.monotonic()
    expression = " or ".join(["application.network"] * 5000)
    error = only_error(registry, write(tmp_path, criterion(expression)))
    assert time.monotonic() - started < 10
    assert f"expression de {len(expression)} caractères\u202f; 2000 au plus" in error.message


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("establishment.name + 1", "types incompatibles"),
        ("application.netwrk", "attribut inconnu «\u202fnetwrk\u202f»"),
        (
            "application.network and",
            "erreur de syntaxe à la fin (une parenthèse ou un opérande manque)",
        ),
        ('establishment.name =~ "("', "expression régulière invalide"),
        ("$range(1000000000000).length > 0", "$range peut construire une liste sans fin"),
        ("$today > as_of", "utiliser as_of"),
        ("not " * 60 + "application.network", "expression trop imbriquée"),
        ('d"9999-12-31" + t"P3D" > as_of', "ne se calcule pas"),
        # Texts doubled in nested comprehensions (ten levels: a dossier's text 1,024 times),
        # or joined past the length a regular expression is tried on (the hardening audit).
        (
            "[(d+d) for d in [(d+d) for d in application.denominations]].length > 0",
            "une expression de profil ne joint pas de textes (+)",
        ),
        (
            "[z for z in [d+d+d for d in application.denominations] if z =~~ 'a*c'].length > 0",
            "une expression de profil ne joint pas de textes (+)",
        ),
    ],
)
def test_expressions_are_compiled_and_typed_at_load(registry, tmp_path, expression, expected):
    error = only_error(registry, write(tmp_path, criterion(expression)))
    assert error.path == "criteria[0].items[0].applies_when" and expected in error.message


@pytest.mark.parametrize(
    "expression",
    ["(application.level ?? 1) + 1 >= 2", 'as_of + t"P30D" > as_of', "application.network"],
)
def test_numbers_and_dates_still_add_up(registry, tmp_path, expression):
    Engine.create(str(write(tmp_path, criterion(expression))), registry=registry)  # loads


def test_a_condition_on_an_added_criterion_itself_is_refused(registry, tmp_path):
    body = criterion("application.network").replace(
        'title = "Égalité"', 'title = "Égalité"\napplies_when = "true"'
    )
    # A criterion carries no condition (its items do): the key is unknown there, as in a référentiel.
    error = only_error(registry, write(tmp_path, body))
    assert error.path == "criteria[0].applies_when" and "clé inconnue" in error.message


@pytest.mark.parametrize(
    "expression, read, written",
    [
        (
            "application.denominations[0] == 'x'",
            "une liste peut être vide",
            "`application.denominations&[0]`",
        ),
        (
            "[d for d in application.denominations if d[2] == 'a'].length > 0",
            "un texte peut être plus court",
            "`d&[2]`",
        ),
    ],
)
def test_an_element_a_valid_dossier_may_lack_is_refused_at_load(
    registry, tmp_path, expression, read, written
):
    """`[0]` on a list a dossier may leave out loaded, then made every dossier without a
    denomination « invalide », with no report (the fuzzing audit)."""
    error = only_error(registry, write(tmp_path, criterion(expression)))
    assert error.path == "criteria[0].items[0].applies_when"
    assert read in error.message and f"le lire par {written}," in error.message, error.message


def test_an_element_read_by_its_safe_lookup_judges_a_dossier_without_it(registry, tmp_path):
    profile = write(tmp_path, criterion("application.denominations&[0] == 'x'"))
    dossier = tmp_path / "lp" / "dossier.toml"
    dossier.parent.mkdir()
    dossier.write_text(
        'format = 1\n[establishment]\nuai = "0451442Y"\nname = "LP"\nkind = "lp"\n'
        'sector = "public"\nacademy = "orleans-tours"\n[[applications]]\nlabel = "ldm"\n'
        'type = "initial"\ntitle = "Lycée des métiers de l\'automobile"\n',
        encoding="utf-8",
    )
    result = Engine.create(str(profile), registry=registry).evaluate_path(dossier)
    assert not result.errors and [label.label for label in result.labels] == ["ldm"]


def test_an_expression_failing_on_a_dossier_is_that_dossiers_error_naming_the_profile(
    registry, tmp_path, evaluate_copy
):
    result = evaluate_copy(write(tmp_path, criterion("$parse_float(application.type) > 1")))
    assert result.internal_error is None and not result.labels
    [error] = result.errors
    assert "profil.toml, ligne 12, criteria[0].items[0].applies_when" in error.message
    assert "« $parse_float(application.type) > 1 » a échoué sur ce dossier" in error.message


# -- reasons and item numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '\n[[severity]]\nrule = "LDM-TITLE"\nseverity = "info"\nreason = ""\n',
        '\n[[waivers]]\nrule = "LDM-TITLE"\nreason = ""\n',
    ],
    ids=["severity", "waiver"],
)
def test_a_severity_change_or_a_waiver_without_a_reason_is_refused(registry, tmp_path, body):
    # Reports show the reason beside what the academy decided: an empty one says nothing.
    error = only_error(registry, write(tmp_path, body))
    key = "severity" if "severity =" in body else "waivers"
    assert (error.line, error.path) == (body.count("\n") + 2, f"{key}[0].reason")
    assert error.message == "valeur non vide attendue\u202f; reçu un texte vide"


@pytest.mark.parametrize("reason", [" ", "\\u00a0", "\\t\\u202f"])
@pytest.mark.parametrize("key", ["severity", "waivers"])
def test_a_reason_made_of_spaces_is_refused_as_an_empty_one(registry, tmp_path, key, reason):
    """A reason of spaces or no-break spaces passed where `""` was refused, and reports showed
    a blank reason (the fuzzing audit); a dossier's required texts refuse them alike."""
    severity = 'severity = "info"\n' if key == "severity" else ""
    body = f'\n[[{key}]]\nrule = "LDM-TITLE"\n{severity}reason = "{reason}"\n'
    error = only_error(registry, write(tmp_path, body))
    assert error.path == f"{key}[0].reason"
    assert error.message.startswith("valeur non vide attendue\u202f; reçu un texte fait d'espaces")


def test_an_added_item_numbered_as_an_item_of_the_referentiel_is_refused(registry, tmp_path):
    # The référentiel's item 32 is in criterion 6 (ldm:6.32): a ninth criterion may not take it.
    ldm = registry.labels["ldm"]
    assert 32 in {item.number for item in ldm.criterion(6).items}
    error = only_error(registry, write(tmp_path, criterion("true").replace("= 47", "= 32")))
    assert (error.line, error.path) == (10, "criteria[0].items[0].number")
    assert error.message == (
        "l'élément 32 est numéroté deux fois dans le label ldm (critères 6 et 9)\u202f: les "
        "numéros des éléments sont uniques dans le référentiel"
    )


def test_items_numbered_after_the_referentiels_are_accepted(registry, tmp_path):
    Engine.create(str(write(tmp_path, criterion("true"))), registry=registry)


# -- the file itself ----------------------------------------------------------------------------


def test_a_profile_not_in_utf8_gives_its_line_and_column(registry, tmp_path):
    error = only_error(
        registry, write(tmp_path, (HEAD + 'title = "Acad\xe9mie"\n').encode("latin-1"))
    )
    assert (
        error.line == 3
        and "n'est pas en UTF-8\u202f: octet 0xE9 invalide, colonne 14" in error.message
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_profile_in_utf16_is_said_so_as_a_dossier_is(registry, tmp_path, encoding):
    """Said « l'octet 0xff n'est pas de l'UTF-8 » (the robustness audit): the dossier loader
    names Windows' « Unicode », and what to do."""
    error = only_error(registry, write(tmp_path, HEAD.encode(encoding)))
    assert error.line == 1 and "le fichier est en UTF-16" in error.message
    assert "l'enregistrer en UTF-8" in error.message


def test_a_byte_order_mark_is_no_part_of_a_profile(registry, tmp_path):
    """An editor's « UTF-8 avec BOM »: the profile loads as without it, as a dossier does."""
    profile = Engine.create(
        str(write(tmp_path, b"\xef\xbb\xbf" + HEAD.encode())), registry=registry
    )
    assert profile.profile.name == "essai"


def test_a_toml_syntax_error_gives_its_line(registry, tmp_path):
    error = only_error(registry, write(tmp_path, "[labels.ldm]\nvalidity_years = \n"))
    assert error.line == 4 and "erreur de syntaxe TOML" in error.message


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "[labels.ldm]\nvalidity_years = " + "1" * 5000 + "\n",
            "nombre entier de plus de 4 300 chiffres",
        ),
        ("title = " + "[" * 1000 + "]" * 1000 + "\n", "imbriqués sur plus de 400 niveaux"),
    ],
)
def test_huge_integers_and_deep_nesting_are_profile_errors(registry, tmp_path, body, expected):
    assert expected in only_error(registry, write(tmp_path, body)).message


def test_a_folder_is_not_a_profile(registry, tmp_path):
    with pytest.raises(LabelcheckError, match="c'est un répertoire"):
        Engine.create(str(tmp_path), registry=registry)


def test_an_unreadable_profile_is_a_profile_error(registry, tmp_path, monkeypatch):
    path = write(tmp_path, "")
    read_bytes = Path.read_bytes

    def refuse(self):  # as root, which CI runs as, chmod 000 would not keep it from being read
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(LabelcheckError, match="illisible\u202f: permission refusée"):
        Engine.create(str(path), registry=registry)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_given_as_profile_does_not_hang(tmp_path):
    fifo = tmp_path / "profil.toml"
    os.mkfifo(fifo)
    run = labelcheck("evaluate", EXAMPLE, "--profile", fifo)  # 60 s timeout
    assert run.returncode == 2 and b"ce n'est pas un fichier ordinaire" in run.stderr


# -- every error at once ----------------------------------------------------------------------

MANY = (
    """colour = "bleu"

[labels.ldm]
validity_years = -1
nonconformity_deadline = "02-30"
lead_required = 1

[labels.ldn]
audit_team_min = 3
"""
    + criterion('establishment.name =~ "(a+)+$"')
    + """
[[waivers]]
rule = "LDM-TITEL"
reason = "Faute de frappe"

[[waivers]]
rule = "LDM-TITLE"
reason = "Une"

[[waivers]]
rule = "LDM-TITLE"
reason = "Deux"
"""
)


def test_all_the_errors_of_a_profile_come_at_once_sorted_by_line(registry, tmp_path):
    errors = profile_errors(registry, write(tmp_path, MANY))
    assert [(e.line, e.path) for e in errors] == [
        (3, "colour"),  # the model
        (6, "labels.ldm.validity_years"),  # the plugins' ranges
        (7, "labels.ldm.nonconformity_deadline"),
        (8, "labels.ldm.lead_required"),
        (10, "labels.ldn"),  # the plugins
        (21, "criteria[0].items[0].applies_when"),  # the expressions
        (24, "waivers[0].rule"),  # the rules
        (32, "waivers[2].rule"),
    ]
    assert (
        errors[-2].suggestion == "LDM-TITLE"
        and "waivers[1] porte déjà sur la règle LDM-TITLE" in errors[-1].message
    )


def test_extending_an_unknown_profile_names_its_line(registry, tmp_path):
    path = tmp_path / "profil.toml"
    path.write_text('name = "essai"\nextends = "centre-val-de-loire"\n', encoding="utf-8")
    error = only_error(registry, path)
    assert (error.line, error.path, error.suggestion) == (2, "extends", "centre-val-de-loire-2026")


# -- through the command line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "[labels.ldm]\nvalidity_years = -1\n",
            "profil.toml:4: labels.ldm.validity_years: -1 est hors des bornes",
        ),
        ('[labels.ldm]\nnonconformity_deadline = "02-30"\n', "le 30 février n'existe pas"),
        (
            criterion("application.netwrk"),
            "profil.toml:12: criteria[0].items[0].applies_when: attribut inconnu",
        ),
    ],
)
def test_the_cli_exits_2_with_the_profile_errors(cli, tmp_path, body, expected):
    result = cli("evaluate", EXAMPLE, "--profile", write(tmp_path, body))
    assert result.exit_code == 2, result.output
    assert (
        "profil" in result.stderr
        and "invalide\u202f: 1 erreur" in result.stderr
        and expected in result.stderr
    )
    assert "Traceback" not in result.output and result.stdout == ""


def test_the_cli_gives_every_error_of_a_profile(cli, tmp_path):
    result = cli("evaluate", EXAMPLE, "--profile", write(tmp_path, MANY))
    assert result.exit_code == 2 and "invalide\u202f: 8 erreurs" in result.stderr
    assert result.stderr.count("profil.toml:") == 8, result.stderr


def test_a_catastrophic_pattern_neither_hangs_nor_crashes_a_real_run(tmp_path):
    run = labelcheck(
        "evaluate",
        EXAMPLE,
        "--profile",
        write(tmp_path, criterion('establishment.name =~ "(a+)+$"')),
    )
    stderr = run.stderr.decode()  # labelcheck() allows 60 s: a hang fails with TimeoutExpired
    assert (
        run.returncode == 2
        and "motif «\u202f(a+)+$\u202f» refusé" in stderr
        and "Traceback" not in stderr
    )


def test_the_cli_reports_a_failing_expression_as_the_dossiers_error(cli, tmp_path):
    result = cli(
        "evaluate",
        EXAMPLE,
        "--format",
        "json",
        "--profile",
        write(tmp_path, criterion("$parse_float(application.type) > 1")),
    )
    assert result.exit_code == 2, result.output
    [dossier] = json.loads(result.stdout)["dossiers"]
    [error] = dossier["errors"]
    assert "profil.toml, ligne 12, criteria[0].items[0].applies_when" in error["message"]
    assert dossier["labels"] == [] and "Traceback" not in result.output


# -- helpers -----------------------------------------------------------------------------------------


@pytest.fixture
def evaluate_copy(registry, tmp_path):
    """`evaluate_copy(profile, name=None)`: the multi-label example under the profile file, its
    school renamed when `name` is given."""

    def run(profile: Path, name: str | None = None):
        folder = tmp_path / "dossier"
        shutil.copytree(EXAMPLE, folder)
        if name is not None:
            dossier = folder / "dossier.toml"
            text = dossier.read_text(encoding="utf-8")
            dossier.write_text(
                text.replace('name = "Lycée polyvalent Jacques-Cœur"', f'name = "{name}"'),
                encoding="utf-8",
            )
        return Engine.create(str(profile), registry=registry).evaluate_path(folder / "dossier.toml")

    return run


@pytest.mark.parametrize(
    "expression",
    ["$now() > as_of", "$now > 3", "$now == null", "application.network and $now > as_of"],
)
def test_now_in_a_profile_expression_is_refused_for_what_it_is_whatever_else_fails(
    registry, tmp_path, expression
):
    """`$now() > as_of` and `$now > 3` were refused as « types incompatibles », which rule-engine
    finds first, where `$now == null` said to use as_of (the profile author's audit)."""
    error = only_error(registry, write(tmp_path, criterion(expression)))
    assert error.message == (
        "$now dépend du jour où labelcheck tourne\u202f; utiliser as_of, la date d'évaluation"
    )


def test_now_in_a_quoted_text_is_no_builtin(registry, tmp_path):
    error = only_error(registry, write(tmp_path, criterion("establishment.name + '$now' > 1")))
    assert "types incompatibles" in error.message
