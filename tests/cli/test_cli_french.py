"""The command line in French: --help, click's own words, messages, `labels`/`rules`/`explain`
in text and JSON (issue 10)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import orjson
import pytest
from click.testing import CliRunner
from labelcheck.core import french
from labelcheck.core.cli import COMMAND_ORDER, Choices, main
from labelcheck.core.reports import json_reason

FIXTURES = Path(__file__).parent / "fixtures"
READY = FIXTURES / "campaign" / "lp-ready"
INVALID = Path(__file__).parents[1] / "core" / "fixtures" / "invalid" / "typo-key.toml"
NNBSP = "\u202f"
# What click writes in English when its words are not translated.
ENGLISH = (
    "Usage:",
    "Options:",
    "Commands:",
    "Show this message",
    "Show the version",
    "Error:",
    "Try '",
    "default:",
    "No such",
    "is not one of",
    "Invalid value",
    "Missing",
    "...",
)


def english_in(text: str) -> list[str]:
    return [
        phrase
        for phrase in ENGLISH
        if phrase in text.replace("[ARGUMENTS]...", "").replace("CHEMINS...", "")
    ]


# -- --help -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["", *COMMAND_ORDER])
def test_every_help_is_french(command, cli):
    result = cli(*filter(None, [command]), "--help")
    assert result.exit_code == 0, result.output
    assert english_in(result.output) == []
    assert result.output.startswith(f"Utilisation{NNBSP}:")
    assert (
        f"Options{NNBSP}:" in result.output and "Afficher cette aide et quitter." in result.output
    )


def test_the_commands_are_listed_in_order_of_use(cli):
    lines = cli("--help").output.split(f"Commandes{NNBSP}:")[1].strip().splitlines()
    assert [line.split()[0] for line in lines] == list(COMMAND_ORDER)


def test_every_option_of_every_command_is_described():
    for name, command in main.commands.items():
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help, f"{name} {param.opts}"


def test_min_severity_help_says_what_github_does_with_a_large_sarif_file(cli):
    shown = " ".join(cli("evaluate", "--help").output.split())
    assert (
        "GitHub n'affiche que 5 000 résultats d'un fichier SARIF et refuse un fichier qui en "
        "compte plus de 25 000 ; les informations en sont la plus grande part." in shown
    )


def test_compare_fail_on_help_names_each_of_its_values(cli):
    shown = " ".join(cli("compare", "--help").output.split())
    assert (
        "Ce qui fait sortir avec le code 1 : blocking : un nouveau constat bloquant (ou un verdict "
        "en baisse, un critère ou un dossier dégradé) ; warning : aussi un nouvel avertissement ; "
        "never : jamais." in shown
    )


def test_every_choice_of_every_command_is_refused_in_french():
    """click's own Choice lists its values in ASCII quotes, with no meaning and no suggestion."""
    for name, command in main.commands.items():
        for param in command.params:
            if isinstance(param.type, click.Choice):
                assert isinstance(param.type, Choices), f"{name} {param.opts}"


def test_evaluate_help_lists_the_exit_statuses_and_the_builtin_profiles(cli):
    shown = cli("evaluate", "--help").output
    for status in ("0 ", "1 ", "2 ", "3 ", "130/143 "):
        assert f"\n    {status}" in shown, status
    assert "national" in shown
    assert "centre-val-de-loire-2026" in shown.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("command", ["", *COMMAND_ORDER])
def test_every_help_is_set_in_french_typography(command):
    """No plain space before « : ; ? ! » nor inside « » (the French audit: compare's « Codes
    de sortie : », --timeout's « Dossiers évalués : », evaluate's epilogue « appliquées ; »)."""
    shown = CliRunner().invoke(main, [*filter(None, [command]), "--help"], terminal_width=80)
    assert re.findall(r".{0,20} [:;?!»]|« .{0,20}", shown.output) == []


@pytest.mark.parametrize("width", range(60, 81))
@pytest.mark.parametrize("command", ["evaluate", "compare", "campaign", "explain"])
def test_help_never_cuts_a_profile_id_at_its_hyphen(command, width):
    """Cut at a hyphen, « centre- » / « val-de-loire-2026 » was copied with a space inside."""
    shown = CliRunner().invoke(main, [command, "--help"], terminal_width=width).output
    assert "centre-val-de-loire-2026" in shown, width
    assert "-\n" not in shown


# -- click's errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (("evaluate", READY, "--format", "xml"), "valeur invalide pour «\u202f--format\u202f»"),
        (("evaluate", READY, "--bogus"), "option inconnue «\u202f--bogus\u202f»"),
        (("evaluate",), "argument manquant"),
        (("evaluate", READY, "--jobs", "0"), "0 est hors des valeurs permises (au moins 1)."),
        # The value as typed, in French numerals: click's float said « -1.0 », « 100000.0 ».
        (
            ("evaluate", READY, "--timeout", "-1"),
            f"{NNBSP}: -1 est hors des valeurs permises (de 0 à 86{NNBSP}400).",
        ),
        (
            ("evaluate", READY, "--timeout", "100000"),
            f"valeur invalide pour «{NNBSP}--timeout{NNBSP}»{NNBSP}: 100{NNBSP}000 est hors des "
            f"valeurs permises (de 0 à 86{NNBSP}400).",
        ),
        # Rounded, they contradicted the bounds beside them: « 86 400 … (de 0 à 86 400) »,
        # « -0 » (the review).
        (
            ("evaluate", READY, "--timeout", "86400.001"),
            f"{NNBSP}: 86400,001 est hors des valeurs permises (de 0 à 86{NNBSP}400).",
        ),
        (
            ("evaluate", READY, "--timeout", "-0.001"),
            f"{NNBSP}: -0,001 est hors des valeurs permises (de 0 à 86{NNBSP}400).",
        ),
        (
            ("evaluate", READY, "--jobs", "abc"),
            f"«{NNBSP}abc{NNBSP}» n'est pas un nombre entier valide",
        ),
        (
            ("evaluate", READY, "--timeout", "abc"),
            f"«{NNBSP}abc{NNBSP}» n'est pas un nombre valide",
        ),
        (
            ("init", READY / "dossier.toml"),
            f"«{NNBSP}{READY / 'dossier.toml'}{NNBSP}» est un fichier",
        ),
        (
            ("evaluat",),
            "commande inconnue «\u202fevaluat\u202f» (vouliez-vous dire «\u202fevaluate\u202f»\u202f?)",
        ),
        (
            ("evaluate", READY, "--as-of", "20/05/2026"),
            f"n'est pas au format AAAA-MM-JJ (vouliez-vous dire «{NNBSP}2026-05-20{NNBSP}»{NNBSP}?)",
        ),
        (("evaluate", READY, "--shard", "3/2"), f"n'est pas une part{NNBSP}: attendu I/N"),
        # A value's meaning beside its code, and the code a French word means.
        (
            ("evaluate", READY, "--fail-on", "bloquant"),
            f"«{NNBSP}blocking{NNBSP}» (bloquant), «{NNBSP}warning{NNBSP}» (avertissement), "
            f"«{NNBSP}never{NNBSP}» (jamais) (vouliez-vous dire «{NNBSP}blocking{NNBSP}»{NNBSP}?)",
        ),
        (
            ("evaluate", READY, "--format", "sarif", "--min-severity", "bloquant"),
            f"«{NNBSP}info{NNBSP}» (information), «{NNBSP}warning{NNBSP}» (avertissement), "
            f"«{NNBSP}blocking{NNBSP}» (bloquant) (vouliez-vous dire «{NNBSP}blocking{NNBSP}»{NNBSP}?)",
        ),
        (
            ("evaluate", READY, "--format", "sarif", "--min-severity", "avertissement"),
            f"(vouliez-vous dire «{NNBSP}warning{NNBSP}»{NNBSP}?)",
        ),
        (("evaluate",), f"argument manquant «{NNBSP}CHEMINS…{NNBSP}»"),
        # Was « Argument en trop (extra) »: capitalised after « Erreur : », the value unquoted.
        (("schema", "extra"), f"Erreur{NNBSP}: argument en trop{NNBSP}: «{NNBSP}extra{NNBSP}»"),
        # Was « Fichier « … » est un répertoire. »: click title-cases the kind of path.
        (
            ("evaluate", READY, "--baseline", READY),
            f"«{NNBSP}--baseline{NNBSP}»{NNBSP}: «{NNBSP}{READY}{NNBSP}» est un répertoire, pas un fichier.",
        ),
        # An optional argument named as the text names it, not as its usage line brackets it:
        # was « valeur invalide pour « [RÉPERTOIRE] » ».
        (
            ("init", READY / "dossier.toml"),
            f"valeur invalide pour «{NNBSP}RÉPERTOIRE{NNBSP}»{NNBSP}: «{NNBSP}{READY / 'dossier.toml'}{NNBSP}» "
            "est un fichier, pas un répertoire.",
        ),
    ],
)
def test_usage_errors_are_french(args, expected, cli):
    result = cli(*args)
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr
    assert f"Erreur{NNBSP}:" in result.stderr and english_in(result.stderr) == []


# -- messages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [("rules",), ("sources",), ("evaluate", "examples/lycee-multilabel")]
)
def test_an_unknown_label_lists_the_installed_ones_and_suggests_one(command, cli, registry):
    """Every command that takes `--label` says it in the same words."""
    result = cli(*command, "--label", "ldn")
    assert result.exit_code == 2
    assert (
        f"label inconnu «{NNBSP}ldn{NNBSP}» (vouliez-vous dire «{NNBSP}ldm{NNBSP}»{NNBSP}?)"
        in result.stderr
    )
    assert f"labels installés{NNBSP}: {', '.join(sorted(registry.labels))}" in result.stderr


def test_an_invalid_dossier_has_each_of_its_errors_on_stderr_whatever_the_format(cli):
    for fmt in ("text", "jsonl", "junit"):
        result = cli("evaluate", INVALID, "--format", fmt)
        assert result.exit_code == 2
        first, *errors = result.stderr.splitlines()
        assert first == f"labelcheck{NNBSP}: {INVALID}{NNBSP}: dossier invalide, 1 erreur"
        assert len(errors) == 1 and re.match(rf"{re.escape(str(INVALID))}:\d+: \S+: ", errors[0]), (
            errors
        )


@pytest.mark.parametrize(
    "text, reason",
    [
        (
            '{"format": "labelcheck-report/1", "dossiers": [',
            "fin inattendue : fichier tronqué, colonne 48",
        ),
        (
            '{"format": "labelcheck-report/1",\n "profile": nul}',
            "mot inconnu, null attendu, colonne 13",
        ),
        ('{"format": "labelcheck-report/1" "x": 1}', "caractère inattendu, « , » ou « } » attendu"),
        (
            '{"format": "labelcheck-report/1", "dossiers": [],}',
            "virgule en trop avant « ] » ou « } »",
        ),
    ],
)
def test_an_unreadable_baseline_says_why_in_french_with_its_place(text, reason, cli, tmp_path):
    baseline = tmp_path / "avant.json"
    baseline.write_text(text, encoding="utf-8")
    result = cli("evaluate", READY, "--baseline", baseline)
    assert result.exit_code == 2
    assert french.typeset(f"JSON illisible ({reason}") in result.stderr
    assert english_in(result.stderr) == [] and "expected" not in result.stderr


@pytest.mark.parametrize(
    "raw, place",
    [
        # a copy stopped inside « é »: orjson said « pas en UTF-8, colonne 1 »
        (
            '{"format": "labelcheck-report/1", "profile": "é'.encode()[:-1],
            "1 : le fichier est coupé au milieu d'un caractère, colonne 47 (une copie interrompue ?)",
        ),
        # saved in Latin-1 by an editor: the byte and its place
        (
            b'{"format": "labelcheck-report/1",\n "profile": "acad\xe9mie"}',
            "2 : le fichier n'est pas en UTF-8 : octet 0xE9 invalide, colonne 18 (enregistré en Latin-1",
        ),
        # an error further down is said at its own line, not at the report's first
        (
            b'{"format": "labelcheck-report/1",\n "profile": "x",\n "dossiers": [,]}',
            "3 : JSON illisible (caractère inattendu, valeur JSON attendue, colonne 15)",
        ),
    ],
)
def test_an_unreadable_baseline_is_said_at_the_line_and_column_of_its_fault(
    raw, place, cli, tmp_path
):
    baseline = tmp_path / "avant.json"
    baseline.write_bytes(raw)
    result = cli("evaluate", READY, "--baseline", baseline)
    assert result.exit_code == 2
    assert french.typeset(f"{baseline}:{place}") in result.stderr


def test_every_orjson_reason_has_its_french():
    """The reasons of the orjson in use, each found in French (the fallback is for a later one)."""
    for broken in (
        b"",
        b" ",
        b"x",
        b"{",
        b'{"a" 1}',
        b"[1 2]",
        b'{"a":1 2}',
        b"[1,]",
        b"{} x",
        b"01",
        b"[nul]",
        b'"\\q"',
        b'"\x01"',
        b"\xff",
        b"[" * 2000,
        b"{1:2}",
        b"1e999",
        b'"\\ud800"',
    ):
        with pytest.raises(orjson.JSONDecodeError) as error:
            orjson.loads(broken)
        assert json_reason(error.value.msg) != "syntaxe JSON invalide", error.value.msg


@pytest.mark.parametrize("module", ["cli.py", "explain.py"])
def test_no_english_plural_marks_in_the_command_line(module):
    source = (Path(__file__).parents[2] / "core" / module).read_text("utf-8")
    assert "(s)" not in source


# -- labels, rules, explain ------------------------------------------------------------------------


def test_labels_in_json(cli, registry):
    result = cli("labels", "--format", "json")
    document = json.loads(result.stdout)
    assert document["format"] == "labelcheck-labels/1"
    assert [label["id"] for label in document["labels"]] == sorted(registry.labels)
    assert set(document["labels"][0]) == {"id", "name", "version", "criteria", "rules", "origin"}


def test_rules_in_json(cli, engine):
    document = json.loads(cli("rules", "--format", "json").stdout)
    assert document["format"] == "labelcheck-rules/1"
    assert {rule["id"] for rule in document["rules"]} == {rule.id for rule in engine().rules}
    assert set(document["rules"][0]) == {
        *("id", "label", "severity", "nature", "national_severity", "national_applies"),
        *("kind", "title"),
    }


def test_rules_columns_fit_the_longest_cell(cli, engine):
    header, *lines = cli("rules").stdout.splitlines()
    longest = max(len(rule.id) for rule in engine().rules)
    assert header.index("label") == longest + 2
    assert all(line[longest : longest + 2] == "  " and line[longest + 2] != " " for line in lines)


def test_explain_shows_a_parameter_under_the_profile_in_force(cli):
    # The academy's rule reads the team's size from the profile (the circular's has fixed bounds).
    national = cli("explain", "LDM-AUDIT-TEAM-ACADEMY").stdout
    academy = cli(
        "explain", "LDM-AUDIT-TEAM-ACADEMY", "--profile", "centre-val-de-loire-2026"
    ).stdout
    assert "audit_team_min" in national and "valeur par défaut du label" in national
    assert "3 auditeurs (choix du profil centre-val-de-loire-2026)" in academy


def test_explain_says_a_parameters_value_in_the_words_of_the_reports(cli, tmp_path):
    """The key for the profile's author, the value as the source line and the reports say it:
    its unit, a French date, not « 40 » beside « 40 caractères », nor "09-30" beside « 30
    septembre »."""
    profile = tmp_path / "titre-40.toml"
    profile.write_text(
        'name = "titre-40"\nextends = "national"\n[labels.ldm]\ntitle_max_length = 40\n'
    )
    title = " ".join(cli("explain", "LDM-TITLE", "--profile", str(profile)).stdout.split())
    assert "paramètre title_max_length : 40 caractères (choix du profil titre-40)" in title
    deadline = " ".join(
        cli("explain", "LDM-NC-DEADLINE", "--profile", "centre-val-de-loire-2026").stdout.split()
    )
    assert (
        'paramètre nonconformity_deadline : 30 septembre ("09-30") (choix du profil '
        "centre-val-de-loire-2026)"
    ) in deadline


def test_explain_in_json(cli):
    document = json.loads(cli("explain", "LDM-AUDIT-TEAM-ACADEMY", "--format", "json").stdout)
    assert document["format"] == "labelcheck-rule/1" and document["profile"] == "national"
    rule = document["rule"]
    assert rule["id"] == "LDM-AUDIT-TEAM-ACADEMY" and rule["severity"] in (
        "blocking",
        "warning",
        "info",
    )
    names = {parameter["name"]: parameter for parameter in rule["parameters"]}
    assert {"audit_team_min", "audit_team_max"} <= set(names)
    assert all(p["set_by"] in ("profile", "label", "unset") for p in names.values())


def test_explain_reads_parameters_in_expressions_too(cli):
    document = json.loads(cli("explain", "LDM-NC-ENGAGEMENT", "--format", "json").stdout)
    assert "ecart_engagements_days_after" in {p["name"] for p in document["rule"]["parameters"]}


def test_explain_left_column_is_french(cli):
    out = cli("explain", "LDM-TITLE").stdout
    names = {line.split(NNBSP)[0].strip() for line in out.splitlines()[1:]}
    assert not names & {"type", "check", "when", "scope", "remedy", "severity", "file"}
    assert {"gravité sous le profil national", "contrôle", "portée", "source", "fichier"} <= names


@pytest.mark.parametrize(
    ("rule", "profile", "said"),
    [
        # An academy's rule is not national's (1.1)...
        ("LDM-NC-DEADLINE", "national", "national : non appliquée (règle d'une académie"),
        ("E3D-NC-OPEN", "national", "national : non appliquée (règle d'une académie"),
        # ... and under another academy's, one its parameter switches off is not applied.
        (
            "E3D-NC-OPEN",
            "centre-val-de-loire-2026",
            "centre-val-de-loire-2026 : non appliquée (les paramètres que lui donne ce profil",
        ),
        (
            "LDM-NC-DEADLINE",
            "centre-val-de-loire-2026",
            "centre-val-de-loire-2026 : bloquant — gravité fixée par le profil "
            "académique : « Label Lycées des métiers — Cahier des charges 2026 »",
        ),
        ("LDM-TITLE", "national", "national : bloquant\n"),
    ],
)
def test_explain_says_the_severity_under_the_profile_and_why(cli, rule, profile, said):
    """`labelcheck explain` gives the declared severity and, beside it, the one its findings
    get under the profile asked for, with the reason when they differ: « gravité sous le
    profil national : bloquant », the profile named once, in the line's name."""
    text = cli("explain", rule, "--profile", profile).stdout
    lines = text.splitlines(keepends=True)
    [line] = [line for line in lines if line.lstrip().startswith("gravité sous le profil")]
    assert f"gravité sous le profil {said}" in re.sub(r" +\u202f", "\u202f", line).replace(
        "\u202f", " "
    )
    assert line.split("\u202f:")[0].strip() == f"gravité sous le profil {profile}"
    under = json.loads(cli("explain", rule, "--profile", profile, "--format", "json").stdout)
    assert under["rule"]["under_profile"]["profile"] == profile


@pytest.mark.parametrize("rule", ["LDM-AUDIT-CALENDAR", "LDM-NC-DEADLINE", "LDM-NC-ENGAGEMENT"])
def test_explain_says_a_rule_waiting_for_a_parameter_the_profile_does_not_set_is_not_applied(
    cli, tmp_path, rule
):
    """An academy's rule whose kind checks nothing, or whose condition is false, without a
    parameter the profile leaves unset was said to apply under it (the profile author's
    audit): it is « non appliquée », `applies: false`."""
    file = tmp_path / "profil.toml"
    file.write_text(
        'name = "normandie-2027"\nextends = "national"\nacademies = ["normandie"]\n', "utf-8"
    )
    text = cli("explain", rule, "--profile", file).stdout.replace("\u202f", " ")
    assert (
        "non appliquée (les paramètres que lui donne ce profil ne la mettent pas en œuvre)" in text
    )
    described = json.loads(cli("explain", rule, "--profile", file, "--format", "json").stdout)
    assert described["rule"]["under_profile"]["applies"] is False
    under_cvl = cli("explain", rule, "--profile", "centre-val-de-loire-2026", "--format", "json")
    assert json.loads(under_cvl.stdout)["rule"]["under_profile"]["applies"] is True


def test_helps_say_what_the_reference_says_of_campaign_compare_and_baseline(cli):
    """The help a user reads first says what docs/fr/commandes-et-rapports.md says: campaign
    exits 130/143 when interrupted, compare's --label repeats, --baseline reads JSONL too."""
    campaign = cli("campaign", "--help").output
    assert "\n    130/143 " in campaign
    compare = " ".join(cli("compare", "--help").output.split())
    assert "ce label seulement (répétable)" in compare
    evaluate = " ".join(cli("evaluate", "--help").output.split())
    assert "Rapport JSON ou JSONL d'une évaluation précédente" in evaluate
