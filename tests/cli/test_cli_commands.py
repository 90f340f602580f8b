"""`labelcheck labels`, `rules` and `explain`: the registry seen from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from labelcheck.core import french
from labelcheck.core import registry as registry_module
from labelcheck.plugin import hookimpl


def test_labels_lists_the_installed_label_plugins(cli, engine):
    result = cli("labels")
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split()[:5] == ["identifiant", "nom", "version", "critères", "règles"]
    ldm = next(row for row in rows if row.startswith("ldm "))
    ldm_rules = sum(1 for rule in engine().rules if rule.spec.label == "ldm")
    assert "Lycée des métiers" in ldm and "livré avec labelcheck" in ldm
    assert re.search(rf" 8 +{ldm_rules} ", ldm)  # 8 criteria, its rules


def test_rules_lists_every_rule_with_label_severity_and_title(cli, engine):
    result = cli("rules")
    assert result.exit_code == 0, result.output
    header, *lines = result.stdout.splitlines()
    assert header.split() == [
        "règle",
        "label",
        "gravité",
        "sous",
        "national",
        "dans",
        "la",
        "règle",
        "intitulé",
    ]
    listed = {line.split()[0] for line in lines}
    assert listed == {rule.id for rule in engine().rules}
    title = next(line for line in result.stdout.splitlines() if line.startswith("LDM-TITLE "))
    assert title.split()[1:3] == ["ldm", "bloquant"]


def test_rules_show_each_severity_in_the_words_of_the_reports(cli, engine):
    """bloquant, avertissement, information, as the text report says them; JSON keeps the ids."""
    header, *lines = cli("rules").stdout.splitlines()
    column = header.index("dans la règle")
    shown = {line[column:].split()[0] for line in lines}
    assert shown == {french.SEVERITIES[rule.spec.severity] for rule in engine().rules}
    assert not shown & {"blocking", "warning", "info"}


def test_rules_say_what_an_operational_rule_is_under_national(cli):
    """A declared « bloquant » of labelcheck's own reading only warns under national (1.1):
    the listing says so first, the declared severity after it (a head read « bloquant » first,
    of a rule that only warns under both shipped profiles)."""
    lines = cli("rules").stdout.splitlines()
    line = next(row for row in lines if row.startswith("LDM-DENOMINATIONS "))
    assert line.split()[1:4] == ["ldm", "avertissement", "bloquant"]
    [rule] = [
        r
        for r in json.loads(cli("rules", "--format", "json").stdout)["rules"]
        if r["id"] == "LDM-DENOMINATIONS"
    ]
    assert (rule["severity"], rule["nature"], rule["national_severity"]) == (
        "blocking",
        "operational",
        "warning",
    )


def test_rules_and_explain_say_an_academy_rule_is_not_applied_under_national(cli):
    """E3D's commission nonconformities are an academy's rule: not national's (1.1), and
    applied only where a profile sets their parameter. The listing does not call them
    « avertissement » under national, nor does explain."""
    lines = cli("rules").stdout.splitlines()
    line = next(row for row in lines if row.startswith("E3D-NC-OPEN "))
    assert line.split()[1:5] == ["e3d", "non", "appliquée", "bloquant"]
    [rule] = [
        r
        for r in json.loads(cli("rules", "--format", "json").stdout)["rules"]
        if r["id"] == "E3D-NC-OPEN"
    ]
    assert rule["national_applies"] is False
    said = " ".join(cli("explain", "E3D-NC-OPEN").stdout.split())
    assert "gravité sous le profil national : non appliquée (règle d'une académie" in said
    ldm = json.loads(cli("rules", "--format", "json").stdout)["rules"]
    assert next(r for r in ldm if r["id"] == "LDM-NC-OPEN")["national_applies"] is True


def test_rules_for_one_label_include_the_rules_for_every_label(cli):
    result = cli("rules", "--label", "ldm")
    lines = result.stdout.splitlines()[1:]
    ids = {line.split()[0] for line in lines}
    assert {"LDM-TITLE", "LDM-NC-OPEN", "DOC-FILE-MISSING"} <= ids
    assert all(line.split()[1] in ("ldm", "*") for line in lines)


@pytest.mark.parametrize("label", ["ldn", ""])
def test_rules_for_an_unknown_label_exits_2_naming_the_installed_ones(cli, label):
    # An empty one too (a CI variable left unset): it listed the rules of no label, exit 0.
    result = cli("rules", "--label", label)
    assert result.exit_code == 2 and "ldm" in result.stderr


def test_explain_shows_a_rule_in_full(cli):
    result = cli("explain", "LDM-TITLE")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("LDM-TITLE — Intitulé du label dans la longueur fixée")
    for part in (
        "gravité",
        "\u202f: bloquant\n",
        "contrôle",
        "title",
        "max_length",
        "Circulaire du 23 octobre 2023",
        "\u202f: exigence des textes\n",
        "«\u202fl'intitulé du label est limité à 100 caractères",
    ):
        assert part in out, part


def test_explain_says_each_value_in_french_alone_the_codes_on_a_line_for_developers(cli):
    """« bloquant (blocking) », « chaque candidature (application) », « exigence des textes
    (text) » read as a developer's output to the school head the first steps send there (the
    new-user walk): French alone, the codes the rule file writes on one line of their own,
    named for whom they are."""
    out = cli("explain", "EUROSCOL-DOC-CANDIDATURE").stdout
    *head, developers = out.splitlines()
    for code in ("blocking", "required-document", "(application)", "(text)", "{"):
        assert not [line for line in head if code in line], code
    name, _, codes = developers.partition("\u202f: ")
    assert name.strip() == "pour les auteurs de plugins"
    assert codes == (
        'severity = "blocking" · kind = "required-document" · scope = "application" · '
        'source.nature = "text" · {type_name} ‹type de pièce› · {aside} ‹précision éventuelle›'
    )


def test_explain_says_each_value_in_french(cli):
    """« gravité : blocking (bloquant) », « nature du texte : text (exigence des textes) »,
    « label : * » read as a developer's output (the French head's audit). The label keeps its
    id, which `--label` takes; the other codes are on the developers' line."""
    said = dict(
        (name.strip(), value.strip())
        for name, _, value in (
            line.partition("\u202f: ")
            for line in cli("explain", "LDM-TITLE").stdout.splitlines()[1:]
        )
    )
    assert said["label"] == "Lycée des métiers (ldm)"
    assert said["gravité sous le profil national"] == "bloquant"
    assert said["portée"] == "chaque candidature"
    assert said["nature du texte"] == "exigence des textes"
    assert said["contrôle"].endswith("préfixe compris")
    assert "tous les labels (*)" in cli("explain", "DOC-FILE-MISSING").stdout
    # From the review: the parameters said « oui (true) », the checked values a bare `true`.
    checked = cli("explain", "LDM-AUDIT-INSPECTOR-ALIKE").stdout.replace("\u202f", " ")
    assert "vérifie referent_inspector_alike : oui (true)" in checked


def test_explain_says_what_fills_the_message_s_placeholders(cli):
    """« message : Intitulé du label {problem} », « Pièce obligatoire absente :
    {type_name}{aside} » read as a text not filled in: each placeholder in words, ‹…›."""
    out = cli("explain", "LDM-TITLE").stdout.replace("\u202f", " ")
    assert "message                         : Intitulé du label ‹problème relevé›" in out
    assert (
        "entre ‹ ›                       : complétés pour chaque constat, d'après le dossier et "
        "le profil\n" in out
    )
    # The colon held to its word, as everywhere (the review: a plain space here).
    held = re.sub(" +\u202f", "\u202f", cli("explain", "LDM-TITLE").stdout)
    assert "entre ‹ ›\u202f: complétés" in held
    assert "entre ‹ ›" not in cli("explain", "LDM-DENOMINATIONS").stdout
    said = cli("explain", "EUROSCOL-DOC-CANDIDATURE").stdout
    assert "Pièce obligatoire absente\u202f: ‹type de pièce›‹précision éventuelle›\n" in said


def test_every_placeholder_of_the_shipped_rules_is_said_in_words(engine):
    """A placeholder missing from PLACEHOLDER_WORDS would be shown by its English name."""
    from labelcheck.core.explain import _PLACEHOLDER, PLACEHOLDER_WORDS

    used = {
        name
        for rule in engine().rules
        for name in _PLACEHOLDER().findall(f"{rule.spec.message} {rule.spec.remedy or ''}")
    }
    assert used and not used - PLACEHOLDER_WORDS.keys(), used - PLACEHOLDER_WORDS.keys()


def test_explain_of_an_academy_s_rule_says_under_which_profile_it_applies(cli):
    """« gravité sous le profil national : non appliquée » alone, where the first steps'
    school (academy orleans-tours) gets the rule as a warning: explain names the profile
    that applies it, as the option to give."""
    out = cli("explain", "LDM-AUDIT-CALENDAR").stdout.replace("\u202f", " ")
    assert "non appliquée (règle d'une académie" in out
    assert re.search(r"\n  avec --profile centre-val-de-loire-2026 +: avertissement\n", out), out
    academy = cli("explain", "LDM-AUDIT-CALENDAR", "--profile", "centre-val-de-loire-2026")
    assert "avec --profile" not in academy.stdout
    assert "avec --profile" not in cli("explain", "LDM-TITLE").stdout


@pytest.mark.parametrize("profile", ["national", "centre-val-de-loire-2026"])
def test_explain_gives_first_the_severity_under_the_profile(cli, profile):
    """LDM-DENOMINATIONS only warns under both shipped profiles: « gravité : blocking
    (bloquant) » came first, the profile's severity after it."""
    lines = cli("explain", "LDM-DENOMINATIONS", "--profile", profile).stdout.splitlines()
    first = next(line for line in lines if line.lstrip().startswith("gravité"))
    assert first.split("\u202f: ")[1].startswith("avertissement (lecture de labelcheck")
    [declared] = [line for line in lines if "gravité écrite dans la règle" in line]
    assert declared.endswith(": bloquant")


def test_explain_gives_the_rule_s_file_and_line_as_errors_do(cli):
    """`fichier : …/rules.toml` said which file, not where in it (a plugin author's audit):
    its line, `file:line`, as every error gives it; JSON gives `line` beside `file`."""
    rules = Path(registry_module.__file__).parents[1] / "plugins" / "ldm" / "rules.toml"
    line = rules.read_text("utf-8").splitlines().index('id = "LDM-TITLE"') + 1
    out = cli("explain", "LDM-TITLE").stdout
    # Where in its plugin, not an absolute path inside site-packages (the French head's audit).
    assert f"\u202f: rules.toml, ligne {line}, du plugin ldm\n" in out
    assert str(rules) not in out
    document = json.loads(cli("explain", "LDM-TITLE", "--format", "json").stdout)
    assert (document["rule"]["file"], document["rule"]["line"]) == (str(rules), line)
    assert document["rule"]["plugin"] == "ldm"


def test_explain_shows_the_expression_of_an_expression_rule(cli):
    out = cli("explain", "LDM-DENOMINATIONS").stdout
    assert (
        "application.denominations.length > 0" in out
        and "\u202f: application.type != 'follow-up'" in out
    )


def test_explain_accepts_a_rule_id_in_lower_case(cli):
    assert cli("explain", "ldm-title").exit_code == 0


@pytest.mark.parametrize(
    "typo, closest", [("LDM-TITEL", "LDM-TITLE"), ("LDM-NC-OPN", "LDM-NC-OPEN")]
)
def test_explain_an_unknown_rule_suggests_the_closest(typo, closest, cli):
    result = cli("explain", typo)
    assert result.exit_code == 2
    assert (
        f"vouliez-vous dire «\u202f{closest}\u202f»\u202f?" in result.stderr
        and "Traceback" not in result.output
    )


def test_explain_an_equivalence_id_says_it_is_one_with_its_text(cli, registry):
    """A report's `equivalence` (« euroscol-ldm-6 ») given to `explain` was « règle inconnue
    (vouliez-vous dire « EUROSCOL-NC-OPEN » ?) » (the plugin author's audit): it says what
    the equivalence allows, by which label, and its source."""
    [equivalence] = [e for e in registry.equivalences if e.id == "euroscol-ldm-6"]
    result = cli("explain", "euroscol-ldm-6")
    assert result.exit_code == 2 and "Traceback" not in result.output
    said = result.stderr
    assert french.typeset("« euroscol-ldm-6 » est une équivalence, pas une règle : ") in said
    assert "(ldm:6, par le label Euroscol)" in said and "règle inconnue" not in said
    assert french.typeset(equivalence.source) in said


def test_explain_a_parameter_says_its_values_its_value_and_what_reads_it(cli):
    """A profile's author writes `audit_team_min = 3` under [labels.ldm]: `explain` says what a
    profile may give it, the value in force, and which rule it changes (the README's profile
    said « labelcheck explain shows which rule reads which », of rules alone, the newcomer's
    audit)."""
    result = cli("explain", "ldm.audit_team_min", "--profile", "centre-val-de-loire-2026")
    assert result.exit_code == 0, result.output
    lines = [line.split("\u202f: ", 1) for line in result.stdout.splitlines()[1:]]
    said = {key.strip(): value for key, value in lines}
    assert result.stdout.startswith("ldm.audit_team_min — paramètre du label Lycée des métiers")
    assert said["type"] == "nombre entier, de 1 à 10, au plus ldm.audit_team_max"
    assert said["valeur nationale"] == "2 auditeurs"
    assert said["sous le profil centre-val-de-loire-2026"] == "3 auditeurs (choix du profil)"
    assert said["lu par"].startswith("LDM-AUDIT-TEAM-ACADEMY (")
    plan = cli("explain", "ldm.plan_returned_days_before", "--format", "json").stdout
    parameter = json.loads(plan)["parameter"]
    assert (parameter["national"], parameter["set_by"]) == (None, "unset")
    assert [r["id"] for r in parameter["read_by"]["rules"]] == ["LDM-AUDIT-CALENDAR"]
    assert parameter["read_by"]["steps"] == ["Retour du plan d'audit validé (LDM 008)"]


def test_every_parameter_of_every_label_is_read_by_something(cli, registry):
    """A parameter nothing reads is a profile's value that changes nothing, silently."""
    unread = []
    for label_id, spec in registry.labels.items():
        for name in spec.parameter_specs:
            result = cli("explain", f"{label_id}.{name}", "--format", "json")
            read_by = json.loads(result.stdout)["parameter"]["read_by"]
            if not any(read_by.values()):
                unread.append(f"{label_id}.{name}")
    assert unread == []


def test_explain_an_unknown_parameter_lists_the_label_s(cli):
    result = cli("explain", "ldm.audit_team_mn")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "le label ldm n'a pas de paramètre «\u202faudit_team_mn\u202f»" in result.stderr
    assert "vouliez-vous dire «\u202faudit_team_min\u202f»\u202f?" in result.stderr
    assert "audit_team_max, audit_team_min, ecart_engagements_days_after" in result.stderr


def test_plugins_lists_each_plugin_with_its_package_hooks_labels_and_kinds(cli):
    result = cli("plugins", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["format"] == "labelcheck-plugins/1"
    plugins = {plugin["name"]: plugin for plugin in document["plugins"]}
    assert {"common", "ldm", "euroscol", "e3d", "eduform", "labelcheck.rules"} <= set(plugins)
    ldm = plugins["ldm"]
    assert (ldm["package"], ldm["labels"]) == ("labelcheck", ["ldm"])
    assert {"labelcheck_labels", "labelcheck_rule_files", "labelcheck_equivalences"} <= set(
        ldm["hooks"]
    )
    assert "required-document" in plugins["labelcheck.rules"]["rule_kinds"]
    assert not any("errors" in plugin for plugin in plugins.values())
    # What a plugin brings besides labels: its piece types (its labels' and its own) and its
    # equivalences, which `rules` and `labels` do not list.
    assert "plaquette" in ldm["document_types"]
    assert "projet-etablissement" in plugins["common"]["document_types"]
    assert ldm["equivalences"] == ["euroscol-ldm-6", "eduform-ldm-2"]
    assert plugins["euroscol"]["equivalences"] == []
    shown = cli("plugins").stdout
    assert f"  équivalences{french.NNBSP}: euroscol-ldm-6, eduform-ldm-2\n" in shown
    assert f"  types de pièces{french.NNBSP}: fiche-candidature, plan-actions," in shown


def test_plugins_in_text_says_each_is_active(cli):
    result = cli("plugins")
    assert result.exit_code == 0, result.output
    assert re.search(r"^ldm — labelcheck \S+ \(actif\)$", result.stdout, re.M)
    assert "  labels\u202f: ldm" in result.stdout
    assert "  points d'extension (hooks)\u202f: labelcheck_labels" in result.stdout


class _AcademyPlugin:
    """An academy's plugin (the guide's § 7): its profile, and a rule for LDM's ninth criterion."""

    def __init__(self, folder):
        self.folder = folder

    @hookimpl
    def labelcheck_profiles(self):
        return [self.folder / "profile.toml"]

    @hookimpl
    def labelcheck_rule_files(self):
        return [self.folder / "rules.toml"]


def test_plugins_show_the_profiles_a_plugin_ships_and_its_rules_for_another_s_label(
    cli, tmp_path, monkeypatch
):
    """An academy's plugin showed its hooks and nothing else: neither its profile nor its rule
    for LDM (the plugin author's audit), which the author could not see loaded."""
    (tmp_path / "profile.toml").write_text(
        'name = "normandie-test"\nacademies = ["normandie"]\n', encoding="utf-8"
    )
    (tmp_path / "rules.toml").write_text(
        'label = "ldm"\n\n[[rules]]\nid = "NORMANDIE-TEST-TITLE"\ntitle = "Un test"\n'
        'severity = "warning"\nkind = "expression"\nscope = "application"\n'
        'message = "Test"\nsource = { document = "Test", section = "1", nature = "academy" }\n'
        '[rules.check]\nexpression = "true"\n',
        encoding="utf-8",
    )
    original = registry_module.plugin_manager

    def with_the_academy(load_entry_points: bool = True):
        pm = original(load_entry_points)
        pm.register(_AcademyPlugin(tmp_path), name="academie-test")
        return pm

    monkeypatch.setattr(registry_module, "plugin_manager", with_the_academy)
    text = cli("plugins")
    assert text.exit_code == 0, text.output
    academy = text.stdout.split("academie-test — ")[1].split("\n\n")[0]
    assert "  profils\u202f: normandie-test\n" in academy
    assert "  règles ajoutées au label ldm\u202f: NORMANDIE-TEST-TITLE" in academy
    assert "  profils\u202f: centre-val-de-loire-2026" in text.stdout  # LDM's own
    assert "  règles ajoutées à tous les labels\u202f: DATED-LATER, DOC-FILE-MISSING" in text.stdout
    plugins = {
        p["name"]: p for p in json.loads(cli("plugins", "--format", "json").stdout)["plugins"]
    }
    assert plugins["academie-test"]["profiles"] == ["normandie-test"]
    assert plugins["academie-test"]["rules_for_other_labels"] == {"ldm": ["NORMANDIE-TEST-TITLE"]}
    assert plugins["ldm"]["rules_for_other_labels"] == {}


def test_the_exit_statuses_say_a_broken_plugin_exits_2_and_a_raising_one_3(cli):
    shown = " ".join(cli("evaluate", "--help").stdout.split())
    assert "plugin aux données en erreur" in shown
    assert "un rapport qui n'a pas pu être écrit" in shown
    assert "3 erreur interne (un plugin a levé une exception, ou un dossier a dépassé" in shown


_PLAIN_SPACE_TYPOGRAPHY = re.compile(r" [:;?!»]|« ")


def test_explain_sets_every_rule_s_prose_in_french(cli, engine):
    """Title, message, remedy, source and the kind's summary with their narrow spaces, as
    `rules` and the reports show them (the French audit: explain alone had plain spaces).
    The condition and checked values are code, shown as the rule file writes them."""
    for rule in engine().rules:
        title, *lines = cli("explain", rule.id).stdout.splitlines()
        prose = [title] + [
            line
            for line in lines
            if not line.split()[0].startswith(("condition", "vérifie", "fichier"))
        ]
        assert not [line for line in prose if _PLAIN_SPACE_TYPOGRAPHY.search(line)], rule.id


def test_explain_says_a_boolean_parameter_in_words_then_as_written(cli):
    """« oui (true) », as explain says each value (the French audit: « true (choix du
    profil) », « valeur nationale : false »)."""
    profile = ("--profile", "centre-val-de-loire-2026")
    said = cli("explain", "ldm.lead_required", *profile).stdout.replace("\u202f", " ")
    assert "valeur nationale                        : non (false)" in said
    assert ": oui (true) (choix du profil)" in said
    rule = cli("explain", "LDM-AUDIT-TEAM-ACADEMY", *profile).stdout.replace("\u202f", " ")
    assert re.search(r"paramètre lead_required +: oui \(true\) \(choix du profil", rule)


def test_explain_says_a_list_parameter_as_reports_say_it(cli):
    """`["local-authority", …]` as the profile writes it, where reports give the list in
    words (the plugin author's audit): explain enumerates it as they do, each code as a
    profile types it, with its French where the format gives one."""
    said = cli("explain", "e3d.territorial_partner_kinds").stdout.replace("\u202f", " ")
    assert '["' not in said
    assert (
        "valeur nationale        : `local-authority` (collectivité territoriale), `public-body` "
        "(organisme public), `association`, `company` (entreprise) et `other` (autre)\n"
    ) in said
