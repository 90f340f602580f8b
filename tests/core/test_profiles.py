"""Academic profiles: what an academy decides on top of the national texts.

A profile (a TOML file extending `national`) may add a ninth criterion, set
the audit team size, adopt or switch off an equivalence, set a rule's severity
and grant waivers; a mistake in it stops the run with exit 2 and says where and
what was meant. Without --profile, each dossier is judged under the profile
serving its academy (centre-val-de-loire-2026 serves orleans-tours), else
`national`, and the report says which and why (dossier format and
cli-and-report, 1.1).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from labelcheck.core.errors import LabelcheckError
from support import criterion, findings_of, ldm, report

FIXTURES = Path(__file__).parent / "fixtures"
PROFILES = FIXTURES / "profiles"
DOSSIERS = FIXTURES / "dossiers"


def profile(name: str) -> str:
    return str(PROFILES / f"{name}.toml")


# -- a ninth criterion -------------------------------------------------------------------


def test_a_ninth_criterion_makes_its_references_valid(evaluate):
    label = ldm(evaluate(DOSSIERS / "ninth-criterion.toml", profile=profile("ninth-criterion")))
    assert [c.ref for c in label.criteria][-1] == "ldm:9"
    ldm9 = criterion(label, "ldm:9")
    assert ldm9.status == "met" and ldm9.evidence == ("mixite",)


def test_without_the_profile_a_ninth_criterion_is_an_input_error(evaluate):
    result = evaluate(DOSSIERS / "ninth-criterion.toml")
    assert not result.labels
    by_path = {e.path: e for e in result.errors}
    assert set(by_path) == {"indicators[0].supports[0]", "self_assessment[0].ref"}
    assert "le label ldm n'a pas de critère 9" in by_path["indicators[0].supports[0]"].message
    assert "valeurs possibles\u202f: ldm:1, ldm:2" in by_path["indicators[0].supports[0]"].message


def test_the_ninth_criterion_is_held_to_the_label_rules(evaluate):
    # LDM 002 asks one indicator per criterion: the academy's criterion too.
    label = ldm(evaluate(FIXTURES / "good" / "dossier.toml", profile=profile("ninth-criterion")))
    assert "ldm:9" in {f.subject for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION")}
    assert {"ldm:9.47", "ldm:9.48"} <= {
        f.subject for f in findings_of(label, "LDM-DESCRIPTOR-EVIDENCE")
    }
    # The academy asks it, not the national texts, which know no ninth criterion: a school
    # head looking for it in the circular would not find it.
    on_nine = [f for f in label.findings if f.ref.partition(".")[0] == "ldm:9"]
    assert on_nine and {f.nature for f in on_nine} == {"academy"}
    assert "text" in {f.nature for f in label.findings if f.ref.partition(".")[0] == "ldm:1"}
    # Blocking, the label's rule on each of its criteria: said beside the finding, where
    # « bloquant · choix académique » read as an academy's rule the profile never raised.
    [indicator] = [f for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION") if f.ref == "ldm:9"]
    assert indicator.severity == "blocking"
    assert indicator.severity_reason == (
        "le critère ldm:9 est ajouté par ce profil, et la règle du label s'applique, bloquante, "
        "à chacun de ses critères"
    )
    assert {f.severity_reason for f in on_nine if f.severity != "blocking"} == {None}


@pytest.mark.parametrize("fmt", ["text", "markdown", "junit"])
def test_a_finding_on_an_added_criterion_does_not_say_the_profile_fixed_its_gravity(cli, fmt):
    """The profile adds the criterion; the gravity is the label's rule's (the French
    proofreader's audit: « gravité fixée par le profil académique » said otherwise)."""
    school = FIXTURES / "good" / "dossier.toml"
    args = ("evaluate", school, "--profile", profile("ninth-criterion"), "--as-of", "2026-05-20")
    result = cli(*args, "--format", fmt, "--fail-on", "never")
    said = "gravité écrite dans la règle\u202f: le critère ldm:9 est ajouté par ce profil"
    assert said in result.stdout, result.stdout
    assert "gravité fixée par le profil académique" not in result.stdout


def test_one_extra_ldm_criterion_is_accepted_but_two_are_a_profile_error(engine):
    # Circular of 23 October 2023, § 2: « un critère supplémentaire », one at most.
    assert [c.number for c in engine(profile("ninth-criterion")).profile.extra_criteria("ldm")] == [
        9
    ]
    with pytest.raises(LabelcheckError) as raised:
        engine(profile("two-extra-criteria"))
    [error] = raised.value.errors
    assert (error.line, error.path) == (15, "criteria[1]")
    assert "le label ldm admet au plus 1 critère ajouté par une académie" in error.message


@pytest.mark.parametrize("number", [10, 12])
def test_the_extra_ldm_criterion_is_the_ninth_not_any_free_number(engine, tmp_path, number):
    # « ldm:9 exists only where the academic profile in force adds a ninth criterion »: a
    # criterion 10 would have dossiers of that academy cite ldm:10, and ldm:9 stay an error.
    file = tmp_path / "profil.toml"
    file.write_text(
        'name = "dixieme"\nextends = "national"\n\n[[criteria]]\nlabel = "ldm"\n'
        f'number = {number}\ntitle = "Égalité filles-garçons"\nsource = "Décision rectorale"\n'
    )
    with pytest.raises(LabelcheckError) as raised:
        engine(str(file))
    [error] = raised.value.errors
    assert (error.line, error.path) == (6, "criteria[0].number")
    assert "un critère ajouté au label ldm porte le numéro 9, à la suite des 8" in error.message


def test_an_academy_misspelt_in_a_profile_is_an_error(engine, tmp_path):
    """`normandy` for `normandie`: the profile served no school, Normandie's judged under
    `national` without a word (the plugin author's audit). A slug like none of the
    academies (`polynesie`, a vice-rectorat) is a territory the profile serves."""
    file = tmp_path / "profil.toml"
    file.write_text('name = "normandie-2027"\nextends = "national"\nacademies = ["normandy"]\n')
    with pytest.raises(LabelcheckError) as raised:
        engine(str(file))
    [error] = raised.value.errors
    assert (error.line, error.path, error.suggestion) == (3, "academies[0]", "normandie")
    assert "académie «\u202fnormandy\u202f» inconnue" in error.message
    file.write_text('name = "polynesie-2026"\nextends = "national"\nacademies = ["polynesie"]\n')
    assert engine(str(file)).profile.academies == ["polynesie"]
    # A slug of letters and digits too (`acad9`): an acceptance test's academy was refused.
    other = tmp_path / "acad9.toml"
    other.write_text('name = "acad9"\nextends = "national"\nacademies = ["acad9"]\n')
    assert engine(str(other)).profile.academies == ["acad9"]


def test_two_extra_ldm_criteria_exit_2_naming_the_profile(cli):
    result = cli("evaluate", FIXTURES / "good", "--profile", profile("two-extra-criteria"))
    assert result.exit_code == 2, result.output
    assert "two-extra-criteria.toml:15" in result.stderr and "criteria[1]" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


# -- parameters, equivalences ---------------------------------------------------------------


def test_a_profile_sets_the_audit_team(evaluate):
    national = ldm(evaluate(DOSSIERS / "profiled.toml"))
    assert not findings_of(national, "LDM-AUDIT-TEAM")
    three = ldm(evaluate(DOSSIERS / "profiled.toml", profile=profile("team-of-three")))
    assert {f.subject for f in findings_of(three, "LDM-AUDIT-TEAM-ACADEMY")} == {"auditors", "lead"}


def test_a_profile_extending_national_keeps_the_other_national_values(engine):
    params = engine(profile("team-of-three")).profile.params(engine().registry, "ldm")
    assert (params["audit_team_min"], params["audit_team_max"]) == (3, 3)
    # 1.1: the national texts fix no audit calendar; the 15 days are Centre-Val de Loire's.
    assert params["title_max_length"] == 100 and params["plan_returned_days_before"] is None
    cvl = engine("centre-val-de-loire-2026").profile.params(engine().registry, "ldm")
    assert (cvl["plan_returned_days_before"], cvl["report_sent_days_after"]) == (15, 10)
    assert cvl["nonconformity_deadline"] == "09-30" and params["nonconformity_deadline"] is None


def test_a_profile_may_switch_the_euroscol_equivalence_off(evaluate):
    # 1.1: `national` adopts no equivalence (the groupe « peut décider »); a profile may adopt it.
    national = ldm(evaluate(DOSSIERS / "euroscol-held.toml"))
    assert criterion(national, "ldm:6").status == "not-met"
    assert findings_of(national, "LDM-EQUIVALENCE-UNDECIDED")
    adopted = ldm(evaluate(DOSSIERS / "euroscol-held.toml", profile=profile("adopt-equivalence")))
    assert criterion(adopted, "ldm:6").status == "met-by-equivalence"
    assert [(e["applied"], e["adopted_by"]) for e in adopted.equivalences] == [(True, "profile")]
    off = ldm(evaluate(DOSSIERS / "euroscol-held.toml", profile=profile("no-equivalence")))
    assert criterion(off, "ldm:6").status == "not-met"
    assert not [e for e in off.equivalences if e["applied"]] and not findings_of(
        off, "LDM-EQUIVALENCE-APPLIED"
    )


def test_the_report_names_the_profile_used(cli):
    result = cli(
        "evaluate",
        DOSSIERS / "profiled.toml",
        "--format",
        "json",
        "--profile",
        profile("team-of-three"),
    )
    assert report(result)["profile"] == "equipe-de-trois"
    [dossier] = report(result)["dossiers"]
    assert (dossier["profile"], dossier["profile_reason"]) == ("equipe-de-trois", "option")


# -- each dossier under its academy's profile ------------------------------------------------------


def dossier_profiles(result) -> list[tuple[str, str, list[str]]]:
    """Each dossier's profile, why, and its audit-calendar findings."""
    return [
        (
            d["profile"],
            d["profile_reason"],
            [
                f["rule"]
                for label in d["labels"]
                for f in label["findings"]
                if f["rule"] == "LDM-AUDIT-CALENDAR"
            ],
        )
        for d in report(result)["dossiers"]
    ]


def test_without_option_each_dossier_is_judged_under_its_academy_profile(cli):
    result = cli(
        "evaluate",
        DOSSIERS / "academy-orleans-tours.toml",
        DOSSIERS / "academy-versailles.toml",
        DOSSIERS / "profiled.toml",
        "--format",
        "json",
    )
    assert report(result)["profile"] == "auto"
    assert dossier_profiles(result) == [
        (
            "centre-val-de-loire-2026",
            "academy",
            ["LDM-AUDIT-CALENDAR"],
        ),  # plan returned 14 days before
        ("national", "default", []),  # Versailles: no profile serves it
        ("national", "default", []),  # no academy given
    ]


@pytest.mark.parametrize(
    "given, expected",
    [
        ("national", ("national", "option", [])),  # the national texts fix no audit calendar
        (
            "centre-val-de-loire-2026",
            ("centre-val-de-loire-2026", "option", ["LDM-AUDIT-CALENDAR"]),
        ),
    ],
)
def test_the_profile_option_judges_every_dossier_under_it(given, expected, cli):
    result = cli(
        "evaluate",
        DOSSIERS / "academy-orleans-tours.toml",
        DOSSIERS / "academy-versailles.toml",
        "--format",
        "json",
        "--profile",
        given,
    )
    assert report(result)["profile"] == given
    assert dossier_profiles(result) == [expected, expected]


# -- an academy's rules are not national's ---------------------------------------------------

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.mark.parametrize("as_of", ["2026-05-20", "2028-09-01", "2031-01-01"])
@pytest.mark.parametrize("example", ["lycee-multilabel", "lp-jean-lurcat"])
def test_under_national_no_finding_is_an_academys(evaluate, registry, example, as_of):
    """cli-and-report 1.1: academy rules belong to the profile of the academy that decided
    them, not to national. Checked on both examples from their audit to long after their
    labels expired; under their academy's profile, academy rules do speak."""
    path = EXAMPLES / example / "dossier.toml"
    national = evaluate(path, profile="national", as_of=as_of)
    assert national.labels and not national.errors
    natures = {f.rule: f.nature for label in national.labels for f in label.findings}
    # An equivalence the dossier records the groupe decided included: no profile chose it.
    assert "academy" not in natures.values(), natures
    own = evaluate(path, as_of="2026-05-20")  # judged under centre-val-de-loire-2026
    assert own.profile == "centre-val-de-loire-2026"
    if example == "lycee-multilabel":
        assert any(f.nature == "academy" for label in own.labels for f in label.findings)


# -- waivers ---------------------------------------------------------------------------------


def test_an_active_waiver_removes_the_findings_and_the_report_lists_it(evaluate):
    label = ldm(
        evaluate(DOSSIERS / "profiled.toml", profile=profile("waiver-title"), as_of="2026-06-30")
    )
    assert not findings_of(label, "LDM-TITLE")
    assert [f.rule for f in label.waived] == ["LDM-TITLE"]
    [waiver] = label.waivers
    assert (waiver.rule, waiver.status, waiver.findings) == ("LDM-TITLE", "active", 1)


def test_an_expired_waiver_stops_applying_and_the_report_says_so(evaluate):
    label = ldm(
        evaluate(DOSSIERS / "profiled.toml", profile=profile("waiver-title"), as_of="2026-07-01")
    )
    assert findings_of(label, "LDM-TITLE")
    assert not label.waived
    [waiver] = label.waivers
    assert (waiver.status, waiver.findings) == ("expired", 0)


def test_waivers_appear_in_the_json_and_text_reports(cli):
    active = cli(
        "evaluate",
        DOSSIERS / "profiled.toml",
        "--format",
        "json",
        "--profile",
        profile("waiver-title"),
    )
    [label] = report(active)["dossiers"][0]["labels"]
    assert label["waivers"] == [
        {
            "rule": "LDM-TITLE",
            "reason": "Intitulé historique maintenu par décision du recteur",
            "expires": "2026-06-30",
            "status": "active",
            "findings": 1,
        }
    ]
    assert [f["rule"] for f in label["waived"]] == ["LDM-TITLE"]
    expired = cli(
        "evaluate",
        DOSSIERS / "profiled.toml",
        "--profile",
        profile("waiver-title"),
        "--as-of",
        "2026-07-01",
    )
    # The school reads the rule by its title, never its id (docs/messages.md).
    assert (
        "Dérogation du profil à la règle «\u202fIntitulé du label dans la longueur fixée, "
        "mention “Lycée des métiers” comprise\u202f» (échue le 30/06/2026\u202f: la règle "
        "s'applique de nouveau depuis le 01/07/2026)" in expired.stdout
    )
    assert "LDM-TITLE" not in expired.stdout


# -- mistakes in a profile: exit 2, where and what was meant ---------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "bad-parameter",
            [
                "bad-parameter.toml:6",
                "labels.ldm.audit_team_mn",
                "le label ldm n'a pas de paramètre «\u202faudit_team_mn\u202f»",
                "vouliez-vous dire «\u202faudit_team_min\u202f»\u202f?",
            ],
        ),
        (
            "bad-label",
            [
                "bad-label.toml:5",
                "labels.ldn",
                "aucun plugin installé ne le fournit",
                "vouliez-vous dire «\u202fldm\u202f»\u202f?",
            ],
        ),
        (
            "bad-waiver",
            [
                "waivers[0].rule",
                "aucune règle n'a l'identifiant «\u202fLDM-TITEL\u202f»",
                "vouliez-vous dire «\u202fLDM-TITLE\u202f»\u202f?",
            ],
        ),
    ],
)
def test_a_profile_error_exits_2_with_a_clear_message(name, expected, cli):
    result = cli("evaluate", FIXTURES / "good", "--profile", profile(name))
    assert result.exit_code == 2, result.output
    for part in expected:
        assert part in result.stderr, result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_profile_error_is_an_error_value_not_a_crash(engine):
    with pytest.raises(LabelcheckError) as raised:
        engine(profile("bad-parameter"))
    [error] = raised.value.errors
    assert (error.line, error.path, error.suggestion) == (
        6,
        "labels.ldm.audit_team_mn",
        "audit_team_min",
    )


def test_an_unknown_profile_name_suggests_the_closest(cli):
    result = cli("evaluate", FIXTURES / "good", "--profile", "centre-val-de-loire")
    assert result.exit_code == 2
    assert "vouliez-vous dire «\u202fcentre-val-de-loire-2026\u202f»\u202f?" in result.stderr


@pytest.mark.parametrize("name", ["national", "centre-val-de-loire-2026"])
def test_a_profile_file_may_not_take_a_builtin_profiles_name(name, cli, tmp_path):
    """Reports name the profile a dossier was judged under: a file calling itself « national »
    could make an operational rule block while the report read « national »."""
    file = tmp_path / "profil.toml"
    file.write_text(
        f'name = "{name}"\n\n[[severity]]\nrule = "LDM-DENOMINATIONS"\nseverity = "blocking"\n'
        'reason = "essai"\n',
        encoding="utf-8",
    )
    result = cli("evaluate", FIXTURES / "good", "--profile", file)
    assert result.exit_code == 2, result.output
    assert f"s'appelle «\u202f{name}\u202f», comme un profil livré" in result.stderr
    # What to type, as TOML writes it: « extends = « national » » was no TOML.
    assert f'(`name = "…"`), et `extends = "{name}"` s\'il en reprend' in result.stderr
    assert result.stdout == ""


REASON = "Dans l'académie, tout descripteur est documenté"


@pytest.mark.parametrize("fmt", ["json", "text", "markdown", "html", "junit", "sarif"])
def test_a_severity_the_profile_sets_is_shown_with_its_reason(cli, tmp_path, fmt):
    """cli-and-report 1.1: a profile raises or lowers a rule's severity « with a reason »; the
    reason decides the verdict, so every report shows it beside the finding. It was shown by
    `explain` alone (the contract audit)."""
    import json

    profile = tmp_path / "profil.toml"
    profile.write_text(
        'name = "essai"\nextends = "national"\n\n[[severity]]\n'
        f'rule = "LDM-DESCRIPTOR-EVIDENCE"\nseverity = "blocking"\nreason = "{REASON}"\n',
        encoding="utf-8",
    )
    school = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat"
    args = ("evaluate", school, "--as-of", "2026-05-20", "--profile", profile, "--format", fmt)
    result = cli(*args)
    assert result.exit_code == 1, result.output
    if fmt == "json":
        [dossier] = json.loads(result.stdout)["dossiers"]
        findings = [f for label in dossier["labels"] for f in label["findings"]]
        raised = [f for f in findings if f["rule"] == "LDM-DESCRIPTOR-EVIDENCE"]
        assert raised and all(f["severity_reason"] == REASON for f in raised)
        assert all("severity_kept" not in f for f in raised)  # the profile's [[severity]]
        assert all("severity_reason" not in f for f in findings if f not in raised)
    elif fmt == "sarif":
        assert f'"severity_reason":"{REASON}"' in result.stdout
    else:
        shown = REASON.replace("'", "&#x27;") if fmt == "html" else REASON
        assert f"gravité fixée par le profil académique\u202f: {shown}" in result.stdout


def test_a_rule_the_profile_lowers_to_information_is_counted_with_the_reason(cli, tmp_path):
    """A rule with no words of its own to count its findings (`counted`), made information by
    a profile: « titre : 2 constats », with the profile's reason, not « titre (2) »."""
    profile = tmp_path / "profil.toml"
    profile.write_text(
        'name = "essai"\nextends = "national"\n\n[[severity]]\nrule = "LDM-ACTION-LATE"\n'
        'severity = "info"\nreason = "Suivi en comité de pilotage"\n',
        encoding="utf-8",
    )
    school = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
    result = cli("evaluate", school, "--as-of", "2027-08-20", "--profile", profile)
    assert (
        "Action du plan d'actions dont la date de fin prévue est passée sans qu'elle soit "
        "finalisée\u202f: 2 constats (lecture opérationnelle, gravité fixée par le profil "
        "académique\u202f: Suivi en comité de pilotage)" in result.stdout
    ), result.stdout


def test_a_severity_written_in_french_suggests_its_code(cli, tmp_path):
    """A profile's `[[severity]]` written « bloquant », as reports and --fail-on's own error
    say it: no suggestion came, as none does by spelling."""
    written = tmp_path / "profil.toml"
    written.write_text(
        'name = "x"\n[[severity]]\nrule = "LDM-TITLE"\nseverity = "bloquant"\nreason = "r"\n',
        "utf-8",
    )
    result = cli("evaluate", FIXTURES / "good", "--profile", written)
    assert result.exit_code == 2, result.output
    assert "severity[0].severity" in result.stderr
    assert "(vouliez-vous dire «\u202fblocking\u202f»\u202f?)" in result.stderr, result.stderr


def test_shipped_profiles_extending_each_other_are_told_at_their_extends_line():
    """Two plugin profiles extending each other: each is said at its `extends` line, in one
    wording, the key written as code (« boucle d'extends » read as a French word)."""
    from labelcheck.core.profiles import Profile, bases_unknown

    parts = [
        (f"{name}.toml", f'name = "{name}"\nextends = "{base}"\n', Profile(name=name, extends=base))
        for name, base in (("a", "b"), ("b", "a"))
    ]
    errors = bases_unknown(parts)
    assert [(e.file, e.line, e.path) for e in errors] == [
        ("a.toml", 2, "extends"),
        ("b.toml", 2, "extends"),
    ]
    assert errors[0].message == (
        "le profil «\u202fa\u202f» s'étend lui-même, par «\u202fb\u202f»\u202f: retirer cette "
        "boucle (`extends`)"
    )


def test_a_severity_on_a_rule_waiting_for_a_parameter_the_profile_leaves_unset_is_an_error(
    engine,
):
    """A [[severity]] raising an academy's rule whose parameter the profile does not set (its
    kind then checks nothing, or its condition on the parameters is false) was accepted and
    never applied, while `explain` said it blocked (the profile author's audit): each is an
    error at its line naming what to set."""
    with pytest.raises(LabelcheckError) as raised:
        engine(profile("severity-without-parameter"))
    said = {(e.line, e.path): e.message.replace("\u202f", " ") for e in raised.value.errors}
    assert set(said) == {(7, "severity[0].rule"), (12, "severity[1].rule")} | {
        (17, "severity[2].rule"),
        (22, "severity[3].rule"),
    }
    assert "`plan_returned_days_before` ou `report_sent_days_after`" in said[7, "severity[0].rule"]
    assert "sous [labels.ldm], `nonconformity_deadline`" in said[12, "severity[1].rule"]
    assert "`ecart_engagements_days_after`" in said[17, "severity[2].rule"]
    assert "`audit_team_max`, `audit_team_min` ou `lead_required`" in said[22, "severity[3].rule"]
    assert all(m.startswith("la règle LDM-") for m in said.values())


def test_a_severity_on_a_rule_whose_parameter_the_extended_profile_sets_is_accepted(
    engine, tmp_path
):
    """The value may come from the profile it extends: Centre-Val de Loire's calendar."""
    file = tmp_path / "profil.toml"
    file.write_text(
        'name = "cvl-strict"\nextends = "centre-val-de-loire-2026"\n\n[[severity]]\n'
        'rule = "LDM-AUDIT-CALENDAR"\nseverity = "blocking"\nreason = "Calendrier strict"\n',
        encoding="utf-8",
    )
    assert engine(str(file)).profile.severity_change("LDM-AUDIT-CALENDAR") is not None


@pytest.mark.parametrize("academy", ["", " ", "Caen"])
def test_an_academy_a_profile_serves_is_refused_as_a_dossiers_academy_is(
    engine, evaluate, tmp_path, academy
):
    """`academies = ["Caen"]` loaded, and then a dossier written `academy = "Caen"`, itself
    refused otherwise, was judged under it (the profile author's audit): the profile's
    academies are checked as the dossier's is, in its words."""
    file = tmp_path / "profil.toml"
    file.write_text(f'name = "caen-2027"\nextends = "national"\nacademies = ["{academy}"]\n')
    with pytest.raises(LabelcheckError) as raised:
        engine(str(file))
    [error] = raised.value.errors
    assert (error.line, error.path) == (3, "academies[0]")
    dossier = tmp_path / "dossier.toml"
    good = (FIXTURES / "good" / "dossier.toml").read_text(encoding="utf-8")
    dossier.write_text(
        good.replace('sector = "public"\n', f'sector = "public"\nacademy = "{academy}"\n')
    )
    [refused] = evaluate(dossier).errors
    assert refused.path == "establishment.academy" and refused.message == error.message


def test_the_profile_title_is_said_to_be_for_the_files_readers_as_no_report_shows_it(cli):
    """The reference said of `title` « reports show it »; none did (the profile author's
    audit). It says who reads it, and a report under a titled profile still shows the name."""
    from labelcheck.core.profiles import Profile

    said = Profile.model_fields["title"].description or ""
    assert "reports show it" not in said and "never show its title" in said
    cvl = "centre-val-de-loire-2026"
    result = cli("evaluate", FIXTURES / "good", "--profile", cvl)
    assert cvl in result.stdout and "cahier des charges Lycée des métiers 2026" not in result.stdout


@pytest.mark.parametrize("name", ["auto", " auto", "", "  ", "\u00a0"])
def test_a_profile_may_not_be_called_auto_nor_have_no_name(name, cli, tmp_path):
    """`auto` is the run without --profile in every report (cli-and-report 1.1): a file called
    so, or with no name, was judged under while the report said no profile was given (the
    fuzzing audit)."""
    file = tmp_path / "normandie-2027.toml"
    file.write_text(f'name = "{name}"\nextends = "national"\n', encoding="utf-8")
    result = cli("evaluate", FIXTURES / "good", "--profile", file)
    assert result.exit_code == 2, result.output
    assert "normandie-2027.toml:1: name: le profil " in result.stderr, result.stderr
    assert '`name = "normandie-2027"`' in result.stderr
    assert result.stdout == ""


CALENDAR_RAISED = '[[severity]]\nrule = "LDM-AUDIT-CALENDAR"\nseverity = "info"\nreason = "r"\n'


@pytest.mark.parametrize(
    "before, first",
    [
        ('[[waivers]]\nrule = "LDM-DENOMINATIONS"\nreason = ""\n', "waivers[0].reason"),
        ("[labels.ldm]\nvalidity_years = 0\n", "labels.ldm.validity_years"),
        ("", "name"),
    ],
)
def test_a_severity_on_a_rule_never_in_force_is_said_with_the_profiles_other_errors(
    engine, tmp_path, before, first
):
    """The docs promise every error of a profile at once: a [[severity]] on a rule waiting for
    a parameter the profile leaves unset was said only once a blank reason, a bad parameter or
    a shipped profile's name was fixed (the fuzzing audit)."""
    name = "national" if first == "name" else "x"
    file = tmp_path / "profil.toml"
    file.write_text(f'name = "{name}"\n{before}{CALENDAR_RAISED}', encoding="utf-8")
    with pytest.raises(LabelcheckError) as raised:
        engine(str(file))
    said = {error.path: error.message for error in raised.value.errors}
    assert set(said) == {first, "severity[0].rule"}, said
    assert "`plan_returned_days_before` ou" in said["severity[0].rule"]


def test_a_severity_on_a_rule_awaiting_a_parameter_set_wrong_waits_for_it_to_be_right(
    engine, tmp_path
):
    """The profile does set the value the rule waits for: only that value is the error."""
    file = tmp_path / "profil.toml"
    file.write_text(
        f'name = "x"\n[labels.ldm]\nplan_returned_days_before = "a"\n{CALENDAR_RAISED}',
        encoding="utf-8",
    )
    with pytest.raises(LabelcheckError) as raised:
        engine(str(file))
    assert [e.path for e in raised.value.errors] == ["labels.ldm.plan_returned_days_before"]
