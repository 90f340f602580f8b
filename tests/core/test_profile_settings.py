"""A finding resting on a value a profile sets says so (Engine._profile_setting): its source
names the profile and the value the cited text gives, and a rule of the texts' finding is then
the academy's choice (cli-and-report 1.1: `academy`, « the profile's choice »). The profile
author's audit: LDM-TITLE at 40 characters said « exigence des textes » and quoted the
circular's 100; Normandie's 21 days before the audit quoted Centre-Val de Loire's 15."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat"


def findings(cli, school: Path, *options: str) -> dict[str, dict]:
    result = cli("evaluate", school, "--format", "json", "--fail-on", "never", *options)
    [dossier] = json.loads(result.stdout)["dossiers"]
    return {f["rule"]: f for label in dossier["labels"] for f in label["findings"]}


def spaced(text: str) -> str:
    """French typography's narrow no-break spaces as plain ones, to read the words."""
    return text.replace("\u202f", " ")


def profile(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "profil.toml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("limit", "academy"),
    [(40, True), (100, False)],  # the circular's own 100: the text's requirement still
)
def test_a_text_rule_under_a_value_the_profile_sets_is_the_academy_s(cli, tmp_path, limit, academy):
    chosen = profile(
        tmp_path, f'name = "t"\nextends = "national"\n[labels.ldm]\ntitle_max_length = {limit}\n'
    )
    # The example's title is 50 characters: over 40, and a finding only under the profile.
    school = tmp_path / "lp"
    shutil.copytree(EXAMPLE, school)
    if not academy:  # a title over the circular's 100, found under either
        dossier = school / "dossier.toml"
        text = dossier.read_text(encoding="utf-8")
        long = "Lycée des métiers de l'automobile, " + "des mobilités et " * 5 + "de la route"
        dossier.write_text(
            text.replace('"Lycée des métiers de l\'automobile et des mobilités"', f'"{long}"', 1),
            encoding="utf-8",
        )
    title = findings(cli, school, "--profile", chosen)["LDM-TITLE"]
    said = (
        "longueur maximale de l'intitulé du label fixée par le profil « t » : 40 caractères "
        "(le texte cité : 100 caractères)"
    )
    assert (title["nature"], said in spaced(title["source"]["section"])) == (
        ("academy", True) if academy else ("text", False)
    )
    assert "limité à 100 caractères" in title["source"]["quote"]  # the text's own words, kept
    # Blocking though the academy's choice, it says why (as a criterion the profile adds does).
    assert ("n'en fixe que la valeur" in (title.get("severity_reason") or "")) is academy
    national = findings(cli, school, "--profile", "national")
    assert ("LDM-TITLE" in national) is not academy
    if not academy:
        assert national["LDM-TITLE"]["source"] == title["source"]


def test_an_academy_rule_under_another_academy_s_values_says_them(cli, tmp_path):
    """Centre-Val de Loire's audit calendar (15 days before, 10 after) is the text the rule
    cites; another academy's profile setting 21 and 15 says its values beside it, and under
    Centre-Val de Loire's own profile nothing is added (its text says them)."""
    chosen = profile(
        tmp_path,
        'name = "normandie-2027"\nextends = "national"\n[labels.ldm]\n'
        "plan_returned_days_before = 21\nreport_sent_days_after = 10\n",
    )
    school = tmp_path / "lp"
    shutil.copytree(EXAMPLE, school)
    dossier = school / "dossier.toml"
    text = dossier.read_text(encoding="utf-8")
    assert "plan_returned = 2026-05-01" in text  # 19 days before the audit of 20/05/2026
    calendar = findings(cli, school, "--profile", chosen)["LDM-AUDIT-CALENDAR"]
    section = spaced(calendar["source"]["section"])
    assert section.endswith(
        "délai de retour du plan d'audit validé avant l'audit fixé par le profil "
        "« normandie-2027 » : 21 jours (le texte cité : 15 jours)"
    ), section  # report_sent_days_after = 10, the text's own: not said
    assert calendar["nature"] == "academy"
    dossier.write_text(text.replace("plan_returned = 2026-05-01", "plan_returned = 2026-05-10"))
    own = findings(cli, school, "--profile", "centre-val-de-loire-2026")["LDM-AUDIT-CALENDAR"]
    assert "par le profil" not in own["source"]["section"]


def test_the_echeancier_steps_counted_from_a_profile_s_value_say_it(cli, tmp_path):
    """The audit plan's step dated 21 days before the audit cited « retour 15 jours minimum »."""
    chosen = profile(
        tmp_path,
        'name = "normandie-2027"\nextends = "national"\n[labels.ldm]\n'
        "plan_returned_days_before = 21\nreport_sent_days_after = 10\n",
    )
    result = cli("evaluate", EXAMPLE, "--format", "json", "--fail-on", "never", "--profile", chosen)
    [dossier] = json.loads(result.stdout)["dossiers"]
    [ldm] = [label for label in dossier["labels"] if label["label"] == "ldm"]
    sources = {step["id"]: spaced(step["source"]) for step in ldm["timeline"]}
    assert sources["audit-plan"].endswith(
        "retour 15 jours minimum avant la date d'audit ; délai de retour du plan d'audit validé "
        "avant l'audit fixé par le profil « normandie-2027 » : 21 jours (le texte cité : 15 jours)"
    )
    assert "par le profil" not in sources["audit-report"]  # 10 days, the text's own
    national = cli("evaluate", EXAMPLE, "--format", "json", "--fail-on", "never")
    [school] = json.loads(national.stdout)["dossiers"]
    assert all(
        "par le profil" not in step["source"]
        for label in school["labels"]
        for step in label["timeline"]
    )


def test_a_setting_without_words_says_the_parameter_and_each_value_in_words():
    """A third-party plugin's parameter with no `title` is said by its name, as before."""
    from labelcheck.core.french import profile_setting

    chosen = [
        ("nonconformity_deadline", "10-15", "09-30", None),
        ("lead_required", True, None, None),
    ]
    assert spaced(profile_setting("n", chosen)) == (
        "valeurs fixées par le profil « n » : nonconformity_deadline = 15 octobre (le texte "
        "cité : 30 septembre) ; lead_required = oui (le texte cité n'en fixe pas)"
    )
    # An operational reading's value is no text's.
    assert spaced(profile_setting("n", chosen[1:], by_text=False)) == (
        "valeur fixée par le profil « n » : lead_required = oui (aucune valeur nationale)"
    )


def words(title: str, unit: tuple[str, str] | None = None, feminine: bool = False):
    from labelcheck.core.catalog import Parameter

    return Parameter(type="integer", title=title, unit=unit, feminine=feminine)


def test_a_setting_with_words_says_what_the_value_is_and_its_unit():
    """No parameter's name in what a school reads (docs/messages.md, « No internal words »):
    « ecart_engagements_days_after = 1 (le texte cité : 20) », the French reader's audit."""
    from labelcheck.core.french import profile_setting

    delay = words("délai de transmission des engagements après l'audit", ("jour", "jours"))
    assert spaced(profile_setting("test-1j", [("d", 1, 20, delay)])) == (
        "délai de transmission des engagements après l'audit fixé par le profil « test-1j » : "
        "1 jour (le texte cité : 20 jours)"
    )
    team = [
        ("a", 1, 3, words("nombre minimal d'auditeurs", ("auditeur", "auditeurs"))),
        ("b", 1, 3, words("nombre maximal d'auditeurs", ("auditeur", "auditeurs"))),
        ("c", "06-01", None, words("échéance de levée", feminine=True)),
        ("d", ["remark", "deviation"], [], words("liste des appréciations", feminine=True)),
        ("e", 2, 3, None),  # a third-party parameter with no words, beside them
    ]
    assert spaced(profile_setting("t", team)) == (
        "nombre minimal d'auditeurs fixé par le profil « t » : 1 auditeur (le texte cité : "
        "3 auditeurs) ; nombre maximal d'auditeurs fixé par ce profil : 1 auditeur (le texte "
        "cité : 3 auditeurs) ; échéance de levée fixée par ce profil : 1er juin (le texte cité "
        "n'en fixe pas) ; liste des appréciations fixée par ce profil : remark (remarque) et "
        "deviation (écart) (le texte cité : aucune) ; valeur fixée par ce profil : e = 2 (le "
        "texte cité : 3)"
    )


def test_every_parameter_of_the_built_in_labels_has_its_words(registry):
    """What a school reads names the value, never the parameter (« ecart_engagements_days_after
    = 1 »): each built-in parameter says what it is, and an integer counting days, months,
    years, auditors or characters says its unit."""
    missing = [
        f"{label.id}.{name}"
        for label in registry.labels.values()
        if label.origin == "built in"
        for name, spec in label.parameter_specs.items()
        if not spec.title or (spec.type == "integer" and "_level" not in name and spec.unit is None)
    ]
    assert missing == []


def test_a_finding_says_the_value_it_rests_on_not_the_rule_s_others(cli, tmp_path):
    """The audit calendar reads two delays: the plan returned late said « report_sent_days_after
    = 7 (le texte cité : 10) », the report's, which the profile set (the new user's check)."""
    chosen = profile(
        tmp_path,
        'name = "t2"\nextends = "national"\n[labels.ldm]\n'
        "plan_returned_days_before = 21\nreport_sent_days_after = 7\n",
    )
    school = tmp_path / "lp"
    shutil.copytree(EXAMPLE, school)
    result = cli(
        "evaluate",
        school,
        "--format",
        "json",
        "--fail-on",
        "never",
        "--profile",
        chosen,
        "--as-of",
        "2026-06-10",
    )
    [dossier] = json.loads(result.stdout)["dossiers"]
    calendar = {
        f["subject"]: spaced(f["source"]["section"])
        for label in dossier["labels"]
        for f in label["findings"]
        if f["rule"] == "LDM-AUDIT-CALENDAR"
    }
    # Returned on 01/05 (19 days before), sent on 28/05 (8 days after): both late.
    assert set(calendar) == {"plan_returned", "report_sent"}
    assert calendar["plan_returned"].endswith(
        "délai de retour du plan d'audit validé avant l'audit fixé par le profil « t2 » : "
        "21 jours (le texte cité : 15 jours)"
    )
    assert calendar["report_sent"].endswith(
        "délai d'envoi du rapport d'audit après l'audit fixé par le profil « t2 » : 7 jours "
        "(le texte cité : 10 jours)"
    )


FIXTURES = Path(__file__).parent / "fixtures"
OPEN_NONCONFORMITY = FIXTURES / "dossiers" / "open-nonconformity.toml"
DEADLINE_JUNE = FIXTURES / "profiles" / "deadline-june.toml"


def test_a_value_the_profile_sets_is_not_said_to_fix_the_gravity(cli):
    """The French proofreader's audit: under a profile lifting nonconformities by 1 June, the
    open nonconformity's finding read « gravité fixée par le profil académique : la règle des
    textes s'applique, bloquante, avec la valeur que fixe ce profil », which contradicts
    itself. The profile set a value (its source says which), the texts the gravity."""
    args = ("evaluate", OPEN_NONCONFORMITY, "--profile", DEADLINE_JUNE, "--as-of", "2026-06-10")
    text = spaced(cli(*args, "--fail-on", "never").stdout)
    assert "[bloquant · choix académique] Non-conformité NC-1 non levée" in text
    assert (
        "gravité écrite dans la règle : la règle des textes reste bloquante ; ce profil n'en "
        "fixe que la valeur qu'elle applique"
    ) in text
    assert "gravité fixée par le profil" not in text
    nc = findings(cli, OPEN_NONCONFORMITY, *args[2:])["LDM-NC-OPEN"]
    assert nc["nature"] == "academy"
    assert spaced(nc["source"]["section"]).endswith(
        "échéance de levée des non-conformités fixée par le profil « deadline-june » : "
        "1er juin (le texte cité : 30 septembre)"
    )


def test_explain_under_a_profile_says_what_evaluate_says(cli):
    """`explain` said « nature du texte : exigence des textes » alone where `evaluate`, under
    the same profile, said « choix académique » (the French proofreader's audit)."""
    text = spaced(cli("explain", "LDM-NC-OPEN", "--profile", DEADLINE_JUNE).stdout)
    assert re.search(r"nature sous le profil deadline-june +: choix académique\n", text)
    assert 'nature sous le profil = "academy"' in text  # the code, on the plugin authors' line
    assert (
        "; échéance de levée des non-conformités fixée par le profil « deadline-june » : "
        "1er juin (le texte cité : 30 septembre)"
    ) in text
    assert "gravité écrite dans la règle : la règle des textes reste bloquante" in text
    under = json.loads(
        cli("explain", "LDM-NC-OPEN", "--profile", DEADLINE_JUNE, "--format", "json").stdout
    )["rule"]["under_profile"]
    assert (under["nature"], under["severity_kept"]) == ("academy", True)
    national = spaced(cli("explain", "LDM-NC-OPEN").stdout)
    assert "nature sous le profil" not in national
    assert "fixée par le profil" not in national
