"""The E3D plugin: each rule passes on one small dossier and fails on another;
level requirements follow the level applied for and the academic profile.

Dossiers are judged on 1 May 2026, under the national texts (they name no
academy) unless a test gives a profile. A failing dossier breaks one rule only:
the findings are exactly that rule's, so a fixture failing for another reason shows.
"""

from __future__ import annotations

import pytest
from plugin_cases import (
    Case,
    Plugin,
    cases,
    check_academy_rule,
    check_academy_rule_not_applied,
    check_broken,
    check_every_rule_has_a_case,
    check_met,
)
from support import findings_of, rule_ids

E3D = Plugin("e3d", as_of="2026-05-01")
FIXTURES = E3D.fixtures
AS_OF = E3D.as_of

CASES = (
    Case("E3D-ELIGIBILITY", "level-1.toml", "not-eligible.toml"),
    Case("E3D-LEVEL-MISSING", "level-1.toml", "level-missing.toml"),
    Case("E3D-HELD-LEVEL-MISSING", "level-2.toml", "held-level-missing.toml"),
    Case(
        "E3D-DOC-AUTO-POSITIONNEMENT",
        "level-1.toml",
        "no-auto-positionnement.toml",
        profile="profile-dijon.toml",
    ),
    Case("E3D-BOARD", "level-1.toml", "no-pv-ca.toml"),
    Case("E3D-PARTNER", "level-1.toml", "no-territorial-partner.toml"),
    Case("E3D-PARTNER-ABROAD", "level-1.toml", "territorial-partner-abroad.toml"),
    Case("E3D-REFERENT", "level-1.toml", "no-referent.toml"),
    Case("E3D-ACTION-PER-AXIS", "level-1.toml", "axis-without-action.toml"),
    Case("E3D-INDICATOR-PER-AXIS", "level-2.toml", "level-2-axis-without-indicator.toml"),
    Case("E3D-ECO-DELEGATES", "level-2.toml", "level-2-without-eco-delegates.toml"),
    Case("E3D-LEVEL-ALREADY-HELD", "level-2.toml", "level-already-held.toml"),
    Case("E3D-LEVEL-JUMP", "level-2.toml", "level-jump.toml", profile="profile-dijon.toml"),
    Case(
        "E3D-NC-OPEN",
        "nonconformity-lifted.toml",
        "nonconformity-open.toml",
        profile="profile-nice.toml",
    ),
    Case("E3D-VALIDITY-RENEWAL-DUE", "held-valid.toml", "held-renewal-due.toml"),
    Case("E3D-VALIDITY-EXPIRED", "held-valid.toml", "held-expired.toml"),
    Case("E3D-RENEWAL-HELD", "renewal.toml", "renewal-not-held.toml"),
)


def test_every_e3d_rule_has_a_passing_and_a_failing_dossier(registry):
    check_every_rule_has_a_case(registry, E3D, CASES)


@cases(*CASES)
def test_rule_passes(evaluate, case):
    check_met(evaluate, E3D, case)


@cases(*CASES)
def test_rule_fails(evaluate, case):
    check_broken(evaluate, E3D, case)


# -- levels ------------------------------------------------------------------


def test_level_1_asks_neither_indicators_nor_eco_delegates(evaluate):
    label = E3D.result(evaluate, "level-1.toml")
    assert label.verdict == "ready"
    text = (FIXTURES / "level-1.toml").read_text("utf-8")
    assert "[[indicators]]" not in text and "e3d-eco-delegues" not in text


def test_eco_delegates_are_not_asked_of_a_primary_school(evaluate):
    assert rule_ids(E3D.result(evaluate, "school-level-2.toml")) == set()


def test_an_academy_may_ask_eco_delegates_from_level_1(evaluate):
    profile = "profile-eco-delegates-from-level-1.toml"
    assert rule_ids(E3D.result(evaluate, "level-1.toml", profile)) == {"E3D-ECO-DELEGATES"}


def test_an_application_without_level_is_judged_against_level_1(evaluate):
    # Asking for the level is labelcheck's reading (nature operational): under 1.1 it
    # warns and does not block unless a profile says so (next test).
    label = E3D.result(evaluate, "level-missing.toml")
    assert label.verdict == "ready"
    [finding] = findings_of(label, "E3D-LEVEL-MISSING")
    assert (finding.severity, finding.nature) == ("warning", "operational")


def test_an_academy_may_make_a_missing_level_block(evaluate):
    profile = "profile-level-required.toml"
    label = E3D.result(evaluate, "level-missing.toml", profile)
    assert label.verdict == "not-ready"
    [finding] = findings_of(label, "E3D-LEVEL-MISSING")
    assert finding.severity == "blocking"


def test_each_missing_board_piece_is_named(evaluate):
    [finding] = findings_of(E3D.result(evaluate, "no-pv-ca.toml"), "E3D-BOARD")
    assert finding.subject == "pv-ca"


def test_the_board_remedy_names_the_school_s_council_and_the_types_as_code(evaluate):
    """« présentée au conseil d'école ou d'administration pour être inscrite dans le projet de
    la structure scolaire » (circulaire n° 2015-018): the remedy said « le procès-verbal du
    conseil (pv-ca) », a type bare in brackets, read as a word, and no école's council."""
    [finding] = findings_of(E3D.result(evaluate, "no-pv-ca.toml"), "E3D-BOARD")
    assert "conseil d'école" in finding.remedy
    assert '`type = "pv-ca"`' in finding.remedy
    # Only the minutes are missing, as the message says: the remedy asked for the projet too
    # (the remedy audit).
    assert '`type = "projet-etablissement"`' not in finding.remedy


def test_an_axis_without_indicator_is_named(evaluate):
    label = E3D.result(evaluate, "level-2-axis-without-indicator.toml")
    [finding] = findings_of(label, "E3D-INDICATOR-PER-AXIS")
    assert finding.ref == "e3d:3"


def test_jumping_a_level_is_a_warning_not_a_block(evaluate):
    label = E3D.result(evaluate, "level-jump.toml", profile="profile-dijon.toml")
    assert [f.severity for f in label.findings] == ["warning"]
    assert label.verdict == "ready"


def test_an_academys_rule_is_not_national(evaluate):
    # cli-and-report 1.1: an academy's rule belongs to the profile of the academy that
    # decided it, not to `national` (the texts say nothing against jumping a level).
    label = E3D.result(evaluate, "level-jump.toml", profile="national")
    assert label.findings == ()
    assert label.verdict == "ready"


def test_a_level_held_but_expired_may_be_applied_for_again(evaluate):
    label = E3D.result(evaluate, "level-held-expired.toml")
    # The application is the new candidature E3D-VALIDITY-EXPIRED would ask for: its « déposer
    # une nouvelle candidature » beside it read as a contradiction (the French review). The
    # award it held is still said expired.
    assert rule_ids(label) == set()
    assert label.held is not None and label.held["status"] == "expired"


@pytest.mark.parametrize(
    ("as_of", "verdict", "held"),
    [("2024-05-31", "not-yet-awarded", "not-yet-awarded"), ("2024-06-01", "valid", "valid")],
)
def test_an_award_dated_after_the_as_of_date_is_not_yet_awarded(evaluate, as_of, verdict, held):
    """Not held yet, never expired (dossier format 1.1), nor ready: nothing was applied for."""
    label = E3D.result(evaluate, "held-valid.toml", as_of=as_of)
    assert (label.verdict, label.held["status"]) == (verdict, held)
    assert "E3D-VALIDITY-EXPIRED" not in rule_ids(label)


def test_the_held_level_is_reported(evaluate):
    label = E3D.result(evaluate, "held-valid.toml")
    assert label.verdict == "valid"
    assert label.held["level"] == 2
    assert str(label.held["expires"]) == "2029-06-01"


def test_an_e3d_label_held_by_another_body_names_its_holder(evaluate, tmp_path):
    # The dossier format's own example: `holder` is every held label's, not Eduform's alone.
    text = (FIXTURES / "held-valid.toml").read_text(encoding="utf-8")
    held = text.replace("level = 2\n", 'level = 2\nholder = "GRETA Cœur de France"\n', 1)
    assert held != text
    (tmp_path / "dossier.toml").write_text(held, encoding="utf-8")
    result = evaluate(tmp_path / "dossier.toml", as_of=AS_OF)
    assert not result.errors, result.errors
    [label] = result.labels
    assert label.verdict == "valid"
    assert label.held["holder"] == "GRETA Cœur de France"


# -- dossier keys ------------------------------------------------------------


def test_a_title_on_an_e3d_application_is_an_input_error(evaluate):
    result = evaluate(FIXTURES / "title-on-application.toml", as_of=AS_OF)
    assert not result.labels
    [error] = result.errors
    assert error.path == "applications[0].title"
    assert "ne s'applique pas au label e3d" in error.message


# -- command line --------------------------------------------------------------


def test_cli_lists_the_label_and_its_rules(cli):
    labels = cli("labels")
    assert any(line.startswith("e3d ") for line in labels.stdout.splitlines())
    rules = cli("rules", "--label", "e3d")
    assert rules.exit_code == 0
    listed = {line.split()[0] for line in rules.stdout.splitlines()}
    assert {case.rule for case in CASES} <= listed
    assert not any(rule.startswith(("LDM-", "EUROSCOL-")) for rule in listed)


def test_cli_explains_a_level_rule_with_its_condition(cli):
    result = cli("explain", "E3D-ECO-DELEGATES")
    assert result.exit_code == 0
    assert "params.eco_delegates_from_level" in result.stdout
    assert "operational" in result.stdout


# -- academies' rules ----------------------------------------------------------------


@pytest.mark.parametrize("profile", [None, "centre-val-de-loire-2026"])
def test_an_academys_nonconformities_are_not_asked_nationally_nor_by_another_academy(
    evaluate, profile
):
    # E3D nonconformities are a commission's (the académie de Nice's campaign): they belong to
    # the profile of the academy that decided them, not to national, nor to Centre-Val de
    # Loire's (cli-and-report 1.1).
    check_academy_rule_not_applied(
        evaluate, E3D, "nonconformity-open.toml", "E3D-NC-OPEN", profile, "ready"
    )


def test_an_academys_nonconformity_blocks_under_its_own_profile(evaluate):
    check_academy_rule(
        evaluate,
        E3D,
        "nonconformity-open.toml",
        "E3D-NC-OPEN",
        "profile-nice.toml",
        "blocking",
        "not-ready",
    )


def test_a_partner_abroad_is_not_a_territorial_partner_and_the_school_is_told_why(evaluate):
    # From the DAREIC and E3D referent's audit: a twinned German town, the only partner,
    # made the application ready; « partenaires territoriaux » are the school's territory's.
    label = E3D.result(evaluate, "territorial-partner-abroad.toml")
    assert label.verdict == "not-ready" and "E3D-PARTNER" not in rule_ids(label)
    [abroad] = findings_of(label, "E3D-PARTNER-ABROAD")
    assert (abroad.severity, abroad.nature) == ("blocking", "text")
    assert "ceux déclarés à l'étranger ne comptent pas" in abroad.message


@pytest.mark.parametrize("country", ["RE", "GP", "MQ", "GF", "YT", "NC", "PF", "PM"])
def test_a_partner_in_france_overseas_is_a_territorial_partner(evaluate, tmp_path, country):
    """A lycée of La Réunion and « Région Réunion », written RE (its ISO code): « ceux déclarés
    à l'étranger ne comptent pas » (the new user's check). France's overseas territories are
    France."""
    text = (FIXTURES / "territorial-partner-abroad.toml").read_text("utf-8")
    (tmp_path / "dossier.toml").write_text(
        text.replace('country = "DE"', f'country = "{country}"'), encoding="utf-8"
    )
    result = evaluate(tmp_path / "dossier.toml", as_of=E3D.as_of)
    [label] = [label for label in result.labels if label.label == "e3d"]
    assert not {"E3D-PARTNER-ABROAD", "E3D-PARTNER"} & rule_ids(label)


def test_the_commission_s_nonconformity_blocks_under_the_profile_setting_its_parameter(
    evaluate,
):
    # From the DAREIC and E3D referent's audit: a warning, where `sources` says « où elles
    # bloquent »; no `[[severity]]` is needed to decide what the parameter decides.
    check_academy_rule(
        evaluate,
        E3D,
        "nonconformity-open.toml",
        "E3D-NC-OPEN",
        "profile-commission.toml",
        "blocking",
        "not-ready",
    )


@pytest.mark.parametrize("profile", [None, "centre-val-de-loire-2026"])
def test_another_academys_required_piece_is_not_asked_outside_its_profile(evaluate, profile):
    # The auto-positionnement file is the académie de Dijon's piece: not national, nor Centre-Val
    # de Loire's.
    check_academy_rule_not_applied(
        evaluate, E3D, "no-auto-positionnement.toml", "E3D-DOC-AUTO-POSITIONNEMENT", profile
    )


def test_an_academys_required_piece_warns_under_its_profile_unless_it_raises_it(evaluate):
    check_academy_rule(
        evaluate,
        E3D,
        "no-auto-positionnement.toml",
        "E3D-DOC-AUTO-POSITIONNEMENT",
        "profile-dijon.toml",
        "warning",
    )


@pytest.mark.parametrize(
    ("kind", "name", "eligible"),
    [("cfa", "CFA du bâtiment", True), ("lp", "Lycée professionnel privé hors contrat", False)],
)
def test_a_private_cfa_is_eligible_a_private_school_out_of_contract_is_not(
    evaluate, tmp_path, kind, name, eligible
):
    """The note de service names the CFA with no condition of sector (most are private,
    and none is « sous contrat », a contract of schools); schools must be public or under
    contract."""
    text = (FIXTURES / "level-1.toml").read_text("utf-8")
    text = text.replace('kind = "lp"\nsector = "public"', f'kind = "{kind}"\nsector = "private"')
    text = text.replace("Lycée professionnel Jean Lurçat", name)
    (tmp_path / "dossier.toml").write_text(text, encoding="utf-8")
    result = evaluate(tmp_path / "dossier.toml", as_of=E3D.as_of)
    [label] = [label for label in result.labels if label.label == "e3d"]
    assert bool(findings_of(label, "E3D-ELIGIBILITY")) is not eligible
    if not eligible:
        [finding] = findings_of(label, "E3D-ELIGIBILITY")
        assert "tout secteur pour centre de formation d'apprentis" in finding.message


def test_the_level_an_application_obtained_is_not_a_level_held_before_it(evaluate):
    """Level 2 awarded on 15 June at the end of this level-2 application read, from that day,
    « Candidature initiale à un niveau E3D déjà détenu (ou inférieur) »: the award the
    application obtained taken for one it asked again."""
    for as_of in ("2026-06-15", "2026-09-01"):
        label = E3D.result(evaluate, "level-2-awarded-since.toml", None, as_of)
        assert "E3D-LEVEL-ALREADY-HELD" not in {f.rule for f in label.findings}


def test_an_application_for_the_next_level_in_the_last_year_is_not_told_to_renew(evaluate):
    """Level 1 in its last year, level 2 applied for: the school was told « le renouvellement
    est à préparer », remedy « Déposer une demande de renouvellement […] ou une candidature au
    niveau supérieur », the very application it made."""
    label = E3D.result(evaluate, "level-2-in-last-year.toml")
    assert label.held["status"] == "renewal-due"
    assert "E3D-VALIDITY-RENEWAL-DUE" not in rule_ids(label)
    assert label.findings == ()


def test_an_application_for_the_level_held_in_the_last_year_is_still_told_to_renew(evaluate):
    """The level held asked again as an initial application answers nothing: the renewal is
    still to prepare (and E3D-LEVEL-ALREADY-HELD says the level is held)."""
    label = E3D.result(evaluate, "level-held-in-last-year.toml")
    assert rule_ids(label) >= {"E3D-VALIDITY-RENEWAL-DUE", "E3D-LEVEL-ALREADY-HELD"}
