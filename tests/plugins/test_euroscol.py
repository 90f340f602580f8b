"""The Euroscol plugin: each rule passes on one small dossier and fails on another.

Dossiers are judged on 1 May 2026, under the national texts (they name no
academy) unless a test gives a profile. A failing dossier breaks one rule only:
the findings are exactly that rule's, so a fixture failing for another reason shows.
"""

from __future__ import annotations

import json

import pytest
from labelcheck.core.french import NNBSP, typeset
from labelcheck.core.profiles import DECIDED_BY_PROFILE
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

EUROSCOL = Plugin("euroscol", as_of="2026-05-01")
FIXTURES = EUROSCOL.fixtures
AS_OF = EUROSCOL.as_of
# An academy's profile: its academy rules block, and it makes EUROSCOL-EVIDENCE-PER-DOMAIN block.
ACADEMY = "profile-academy.toml"

CASES = (
    Case("EUROSCOL-ELIGIBILITY", "complete.toml", "not-eligible.toml"),
    Case("EUROSCOL-DOC-CANDIDATURE", "complete.toml", "no-candidature.toml"),
    Case("EUROSCOL-DOC-PROJET", "relabelling.toml", "projet-for-ldm-only.toml"),
    Case(
        "EUROSCOL-EVIDENCE-PER-DOMAIN",
        "self-assessment-evidence.toml",
        "domain-without-evidence.toml",
    ),
    Case(
        "EUROSCOL-NC-OPEN",
        "nonconformity-lifted.toml",
        "nonconformity-open.toml",
        profile=ACADEMY,
    ),
    Case("EUROSCOL-VALIDITY-RENEWAL-DUE", "held-valid.toml", "held-renewal-due.toml"),
    Case("EUROSCOL-VALIDITY-EXPIRED", "held-valid.toml", "held-expired.toml"),
    Case("EUROSCOL-RENEWAL-HELD", "relabelling.toml", "renewal-not-held.toml"),
    # A first application: from a school whose 2022 label expired in 2025, as it should be; from
    # one whose 2024 label is valid until 2027, where the procedure is a re-labelling.
    Case(
        "EUROSCOL-INITIAL-WHILE-HELD",
        "initial-after-expiry.toml",
        "initial-while-held.toml",
        severity="warning",
        subject="euroscol",
        ref="euroscol",
    ),
)


def test_every_euroscol_rule_has_a_passing_and_a_failing_dossier(registry):
    check_every_rule_has_a_case(registry, EUROSCOL, CASES)


@cases(*CASES)
def test_rule_passes(evaluate, case):
    check_met(evaluate, EUROSCOL, case)


@cases(*CASES)
def test_rule_fails(evaluate, case):
    check_broken(evaluate, EUROSCOL, case)


def test_a_complete_first_application_is_ready(evaluate):
    label = EUROSCOL.result(evaluate, "complete.toml")
    assert label.verdict == "ready"
    assert [c.status for c in label.criteria] == ["met"] * 4


def test_the_projet_d_etablissement_is_asked_for_as_labelcheck_s_reading(evaluate):
    # « intégrer dans leur projet d'établissement un plan de développement européen »: the text
    # asks the plan of the projet, not the projet of the dossier (the commission « se fonde sur
    # le cahier des charges et le dossier de candidature »): asking for the piece is
    # labelcheck's way of checking the plan (the plugin's fact required_document_types says so),
    # so a missing one warns under national. It blocked as « exigence des textes ».
    label = EUROSCOL.result(evaluate, "projet-for-ldm-only.toml")
    [finding] = findings_of(label, "EUROSCOL-DOC-PROJET")
    assert (finding.nature, finding.severity) == ("operational", "warning")
    assert label.verdict == "ready"


def test_a_domain_without_evidence_is_named_and_unsupported(evaluate):
    # One evidence per domain is labelcheck's reading (operational): under 1.1 it warns
    # and never blocks unless a profile says so; the domain is "unsupported", not "met".
    label = EUROSCOL.result(evaluate, "domain-without-evidence.toml")
    [finding] = findings_of(label, "EUROSCOL-EVIDENCE-PER-DOMAIN")
    assert finding.ref == "euroscol:3"
    assert finding.nature == "operational"
    assert finding.severity == "warning"
    assert label.verdict == "ready"
    assert {c.ref: c.status for c in label.criteria} == {
        "euroscol:1": "met",
        "euroscol:2": "met",
        "euroscol:3": "unsupported",
        "euroscol:4": "met",
    }


def test_an_academy_may_make_a_domain_without_evidence_block(evaluate):
    label = EUROSCOL.result(evaluate, "domain-without-evidence.toml", ACADEMY)
    [finding] = findings_of(label, "EUROSCOL-EVIDENCE-PER-DOMAIN")
    assert finding.severity == "blocking"
    assert label.verdict == "not-ready"
    assert {c.ref: c.status for c in label.criteria}["euroscol:3"] == "not-met"


@pytest.mark.parametrize("profile", [None, "centre-val-de-loire-2026"])
def test_an_academys_nonconformities_are_not_asked_nationally_nor_by_another_academy(
    evaluate, profile
):
    # No national text defines a Euroscol nonconformity (nature academy): it belongs to the
    # profile of the academy that decided it, not to national (cli-and-report 1.1).
    check_academy_rule_not_applied(
        evaluate, EUROSCOL, "nonconformity-open.toml", "EUROSCOL-NC-OPEN", profile, "ready"
    )


def test_an_academys_nonconformity_blocks_under_the_profile_that_decided_it(evaluate):
    check_academy_rule(
        evaluate,
        EUROSCOL,
        "nonconformity-open.toml",
        "EUROSCOL-NC-OPEN",
        ACADEMY,
        "blocking",
        "not-ready",
    )


@pytest.mark.parametrize(
    ("as_of", "verdict", "held"),
    [("2023-08-31", "not-yet-awarded", "not-yet-awarded"), ("2023-09-01", "valid", "valid")],
)
def test_an_award_dated_after_the_as_of_date_is_not_yet_awarded(evaluate, as_of, verdict, held):
    """Not held yet, never expired (dossier format 1.1), nor ready: nothing was applied for."""
    label = EUROSCOL.result(evaluate, "held-renewal-due.toml", as_of=as_of)
    assert (label.verdict, label.held["status"]) == (verdict, held)
    assert "EUROSCOL-VALIDITY-EXPIRED" not in rule_ids(label)


def test_validity_is_three_years_with_renewal_due_in_the_last(evaluate):
    label = EUROSCOL.result(evaluate, "held-renewal-due.toml")
    assert label.verdict == "renewal-due"
    assert str(label.held["expires"]) == "2026-09-01"
    assert str(label.held["renewal_due_from"]) == "2025-09-01"


def test_a_relabelling_in_the_last_year_is_not_told_to_renew(evaluate):
    label = EUROSCOL.result(evaluate, "relabelling.toml")
    assert "EUROSCOL-VALIDITY-RENEWAL-DUE" not in rule_ids(label)


def test_a_level_on_a_euroscol_application_is_an_input_error(evaluate):
    result = evaluate(FIXTURES / "level-on-application.toml", as_of=AS_OF)
    assert not result.labels
    [error] = result.errors
    assert error.path == "applications[0].level"
    assert "ne s'applique pas au label euroscol" in error.message
    assert "e3d" in error.message


def test_cli_lists_the_label_and_its_rules(cli):
    labels = cli("labels")
    assert labels.exit_code == 0
    assert any(line.startswith("euroscol ") for line in labels.stdout.splitlines())
    rules = cli("rules", "--label", "euroscol")
    assert rules.exit_code == 0
    listed = {line.split()[0] for line in rules.stdout.splitlines()}
    assert {case.rule for case in CASES} <= listed
    assert not any(rule.startswith(("LDM-", "E3D-")) for rule in listed)


def test_cli_explains_a_rule_with_its_source_and_nature(cli):
    result = cli("explain", "EUROSCOL-EVIDENCE-PER-DOMAIN")
    assert result.exit_code == 0
    assert "langues-01.enseigne.ac-lyon.fr" in result.stdout
    assert "operational" in result.stdout


def test_an_expired_label_applied_for_again_is_not_told_to_apply_again(evaluate):
    """A re-labelling « examined as a first application »: the dossier is that application, and
    « Déposer une nouvelle candidature » was told to it (the fidelity audit)."""
    label = EUROSCOL.result(evaluate, "relabelling.toml", as_of="2030-01-01")
    assert label.held["status"] == "expired"
    assert "EUROSCOL-VALIDITY-EXPIRED" not in rule_ids(label)


def test_a_first_application_while_labelled_is_told_it_is_a_relabelling(evaluate):
    """« qu'il s'agisse d'une première demande ou d'une procédure de re-labellisation »: a school
    whose label is valid filed a « labellisation initiale » and was told nothing, where the
    DAREIC reads a re-labelling (as LDM-INITIAL-WHILE-HELD says of the Lycée des métiers)."""
    label = EUROSCOL.result(evaluate, "initial-while-held.toml")
    [finding] = findings_of(label, "EUROSCOL-INITIAL-WHILE-HELD")
    assert finding.nature == "operational"
    assert "la démarche d'un établissement labellisé est la relabellisation" in finding.message
    assert label.verdict == "ready"


def test_the_label_a_first_application_obtained_is_not_a_label_held_before_it(evaluate):
    """Sent on 10 March 2026 and awarded on 15 June: from then on, the award is its outcome,
    not a label the school should have re-labelled."""
    for as_of in ("2026-06-15", "2026-09-01"):
        label = EUROSCOL.result(evaluate, "initial-awarded-since.toml", as_of=as_of)
        assert "EUROSCOL-INITIAL-WHILE-HELD" not in rule_ids(label)


def test_a_relabelling_before_the_award_it_declares_is_not_told_the_label_is_undeclared(evaluate):
    """A label declared in [[held]] but awarded after the as-of date is not held on that day:
    the message said « sans label Euroscol déclaré parmi les labels détenus », of a dossier that
    declares it (the LDM, E3D and Eduform messages say « détenu à la date d'évaluation »)."""
    label = EUROSCOL.result(evaluate, "renewal-held-later.toml")
    [finding] = findings_of(label, "EUROSCOL-RENEWAL-HELD")
    assert "déclaré parmi" not in finding.message
    assert "détenu à la date d'évaluation" in finding.message


def test_a_relabelling_is_named_so_where_the_reports_name_the_application(cli, tmp_path):
    """Euroscol's texts and its own findings say « relabellisation »; the report's heading said
    « Euroscol — renouvellement », `labelcheck init` « renewal (renouvellement) » and the
    campaign « Dépôt de la candidature (renouvellement) », beside « Relabellisation à
    préparer ». The Lycée des métiers' renewal keeps its word. (The overview's short « à
    renouveler » is every label's.)"""
    report = cli("evaluate", FIXTURES / "relabelling.toml", "--as-of", AS_OF)
    assert "Euroscol — relabellisation, au 01/05/2026" in report.stdout
    assert "Euroscol — renouvellement" not in report.stdout

    start = cli("init", "--label", "euroscol", "--label", "ldm", tmp_path / "start")
    assert start.exit_code == 0, start.output
    lines = (tmp_path / "start" / "dossier.toml").read_text("utf-8").splitlines()
    types = [line for line in lines if line.startswith("type = ")]
    assert "renewal (relabellisation)" in types[0] and "renewal (renouvellement)" in types[1]

    school = tmp_path / "campagne" / "lurcat"
    school.mkdir(parents=True)
    dossier = (FIXTURES / "relabelling.toml").read_text("utf-8")
    dossier = dossier.replace('type = "renewal"\n', 'type = "renewal"\nsubmitted = 2026-03-10\n')
    (school / "dossier.toml").write_text(dossier, "utf-8")
    for jobs in ("1", "2"):  # a worker sends the stage back as data: the word goes with it
        plan = cli(
            "campaign",
            school.parent,
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--jobs",
            jobs,
        )
        assert "Dépôt de la candidature (relabellisation)" in plan.stdout, plan.output
        assert "candidature (relabellisation) en préparation" in plan.stdout
        assert "label détenu, relabellisation engagée" in plan.stdout
        assert "(renouvellement)" not in plan.stdout


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_a_relabelling_applied_for_is_engaged_in_the_feminine(cli, fmt):
    """A label in its last year whose relabelling is applied for: its held state said
    « renouvellement engagé », a word Euroscol's texts do not use; « relabellisation » is
    feminine (the référentiel says so: renewal_name_feminine), hence « engagée »."""
    report = cli(
        "evaluate", FIXTURES / "relabelling.toml", "--as-of", AS_OF, "--format", fmt
    ).stdout
    assert "relabellisation engagée" in report.replace("\u202f", " ")
    assert "renouvellement engagé" not in report and "relabellisation engagé " not in report


def test_a_relabelling_to_engage_is_said_so_in_the_verdict(cli, tmp_path):
    """A label held in its last year with no application: its verdict read « RENOUVELLEMENT À
    ENGAGER » (text), « Verdict : renouvellement à engager » (JUnit) and the campaign's stage
    « label détenu, renouvellement à engager », beside a finding saying « la relabellisation
    est à préparer ». The JSON keeps the contract's `renewal-due`."""
    dossier = (FIXTURES / "relabelling.toml").read_text("utf-8")
    dossier = dossier.replace('[[applications]]\nlabel = "euroscol"\ntype = "renewal"\n', "")
    school = tmp_path / "campagne" / "lurcat" / "dossier.toml"
    school.parent.mkdir(parents=True)
    school.write_text(dossier, "utf-8")
    text = cli("evaluate", school, "--as-of", AS_OF, "--fail-on", "never").stdout
    assert (
        "Euroscol — label détenu, sans candidature, au 01/05/2026 : RELABELLISATION À ENGAGER "
        "AVANT LE 01/09/2026" in (text.replace("\u202f", " "))
    )
    junit = cli("evaluate", school, "--as-of", AS_OF, "--fail-on", "never", "--format", "junit")
    assert (
        "relabellisation à engager avant le 01/09/2026 (label détenu, sans candidature"
        in junit.stdout
    )
    data = cli("evaluate", school, "--as-of", AS_OF, "--fail-on", "never", "--format", "json")
    assert '"verdict": "renewal-due"' in data.stdout
    period = ("--from", AS_OF, "--to", "2026-12-31")
    plan = cli("campaign", school.parents[1], *period).stdout.replace("\u202f", " ")
    assert "Euroscol : label détenu, relabellisation à engager" in plan
    page = cli("campaign", school.parents[1], *period, "--format", "html").stdout
    assert ">relabellisation à engager</span>" in page
    for report in (text, junit.stdout, plan, page[page.index("<body") :]):  # not its CSS
        assert "renouvellement à engager" not in report.casefold()


def test_an_expiry_counted_from_the_profile_s_term_cites_it_beside_the_text_s(evaluate):
    # From the DAREIC and E3D referent's audit: the profile's term was cited with the text's
    # « trois ans », of nature text, in the finding and the échéancier's step alike.
    label = EUROSCOL.result(evaluate, "held-expired.toml", "profile-two-years.toml", "2025-01-01")
    said = typeset("durée de validité de 2 ans fixée par le profil « test-euroscol-deux-ans »")
    [expired] = findings_of(label, "EUROSCOL-VALIDITY-EXPIRED")
    assert "01/06/2024" in expired.message and expired.nature == "academy"
    assert f"{said} (le texte cité{NNBSP}: 3 ans)" in expired.source
    assert expired.cited is not None and "trois ans" in (expired.cited.quote or "")
    steps = {step.id: step for step in label.steps}
    assert said in steps["expiry"].source and said in steps["renewal-due"].source
    national = EUROSCOL.result(evaluate, "held-expired.toml", as_of="2025-07-01")
    assert "profil" not in national.steps[-1].source
    assert findings_of(national, "EUROSCOL-VALIDITY-EXPIRED")[0].nature == "text"


def test_the_commission_s_nonconformity_blocks_under_the_profile_setting_its_parameter(
    evaluate, cli
):
    # From the DAREIC and E3D referent's audit: `sources` said they block under the profile
    # of an academy whose commission raises them, but with the parameter alone the dossier
    # was « PRÊT (1 avertissement) », exit 0.
    check_academy_rule(
        evaluate,
        EUROSCOL,
        "nonconformity-open.toml",
        "EUROSCOL-NC-OPEN",
        "profile-commission.toml",
        "blocking",
        "not-ready",
    )
    label = EUROSCOL.result(evaluate, "nonconformity-open.toml", "profile-commission.toml")
    assert findings_of(label, "EUROSCOL-NC-OPEN")[0].severity_reason == DECIDED_BY_PROFILE
    profile = str(FIXTURES / "profile-commission.toml")
    explained = cli("explain", "EUROSCOL-NC-OPEN", "--profile", profile, "--format", "json")
    assert json.loads(explained.stdout)["rule"]["under_profile"]["severity"] == "blocking"


def test_the_commission_s_nonconformity_says_the_rule_s_own_gravity_not_the_profile_s(cli):
    """The profile sets the parameter that puts the academy's rule in force, no [[severity]]:
    the finding blocks as the rule says, and the reports say « gravité écrite dans la règle »,
    not « fixée par le profil » above a reason saying the opposite (the new user's check);
    JSON tells it apart from a [[severity]] reason by `severity_kept`."""
    dossier = FIXTURES / "nonconformity-open.toml"
    profile = FIXTURES / "profile-commission.toml"
    args = ("evaluate", dossier, "--profile", profile, "--as-of", "2026-05-01")
    text = cli(*args).stdout
    assert typeset("gravité écrite dans la règle : " + DECIDED_BY_PROFILE) in text
    assert "gravité fixée par le profil" not in text
    [label] = json.loads(cli(*args, "--format", "json").stdout)["dossiers"][0]["labels"]
    [finding] = [f for f in label["findings"] if f["rule"] == "EUROSCOL-NC-OPEN"]
    assert (finding["severity_reason"], finding["severity_kept"]) == (DECIDED_BY_PROFILE, True)


def test_a_label_awarded_after_the_as_of_date_counts_from_the_profile_s_term_and_says_so(
    evaluate,
):
    # From the review: not yet awarded at the as-of date, its expiry was counted from the
    # profile's two years, but the échéancier cited the text's three alone.
    label = EUROSCOL.result(evaluate, "held-expired.toml", "profile-two-years.toml", "2022-05-01")
    said = typeset("durée de validité de 2 ans fixée par le profil « test-euroscol-deux-ans »")
    steps = {step.id: step for step in label.steps}
    assert str(steps["expiry"].date) == "2024-06-01"
    assert said in steps["expiry"].source and said in steps["renewal-due"].source
