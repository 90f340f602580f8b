"""The Eduform plugin: each rule passes on one small dossier and fails on another.

Dossiers are judged on 10 January 2026 unless a test says otherwise, as they
stood at that date (dossier format 1.1: what is dated later is set aside). The
held labels in the fixtures were awarded on 15 June 2024 (surveillance window
15/08/2025 – 15/04/2026, renewal due from 15/06/2026, expiry 15/06/2027), or,
where the window must have closed by then, on 15 January 2024 (window
15/03/2025 – 15/11/2025). The nonconformities of the nc-* fixtures were raised
at an initial audit on 10 December 2025.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from labelcheck.core.engine import Engine
from labelcheck.core.registry import Registry
from labelcheck.core.report import DossierResult, LabelResult
from labelcheck.core.ruleset import compile_rule_file, load_rules
from plugin_cases import Case, Plugin, cases, check_broken, check_every_rule_has_a_case, check_met

EDUFORM = Plugin("eduform", as_of="2026-01-10")
FIXTURES = EDUFORM.fixtures
AS_OF = dt.date.fromisoformat(EDUFORM.as_of)

# The nc-* and renewal fixtures carry neither the application's pieces nor evidence of the
# indicators: they show what their nonconformities and awards do, nothing else.
UNDOCUMENTED = ("EDUFORM-DOC-REQUIRED", "EDUFORM-INDICATOR-EVIDENCE")
# An open minor nonconformity is said, with its six months, until they have passed.
MINOR_OPEN = (*UNDOCUMENTED, "EDUFORM-NC-MINOR-OPEN")
CASES = (
    Case("EDUFORM-ELIGIBILITY", "greta-ready.toml", "lycee-applies.toml", also=UNDOCUMENTED),
    Case("EDUFORM-HELD-HOLDER", "lycee-held-by-greta.toml", "lycee-held-without-holder.toml"),
    Case("EDUFORM-CATEGORIES", "greta-ready.toml", "no-categories.toml", also=UNDOCUMENTED),
    Case(
        "EDUFORM-NEW-ENTRANT-ADAPTED",
        "greta-ready.toml",
        "new-entrant-initial.toml",
        also=UNDOCUMENTED,
        severity="info",
    ),
    Case(
        "EDUFORM-DOC-REQUIRED",
        "greta-ready.toml",
        "no-pieces.toml",
        also=("EDUFORM-INDICATOR-EVIDENCE",),
    ),
    Case(
        "EDUFORM-INDICATOR-EVIDENCE",
        "greta-ready.toml",
        "categories-apprenticeship.toml",
        also=("EDUFORM-DOC-REQUIRED",),
    ),
    Case("EDUFORM-NC-MAJOR-OPEN", "nc-major-lifted.toml", "nc-major-open.toml", also=UNDOCUMENTED),
    # The auditors found it on an indicator the dossier says does not apply: one is wrong.
    Case(
        "EDUFORM-NC-ITEM-NOT-APPLICABLE",
        "nc-major-open.toml",
        "nc-major-on-27-without-subcontracting.toml",
        also=(*UNDOCUMENTED, "EDUFORM-NC-MAJOR-OPEN"),
    ),
    # Art. 5: a nonconformity the audit found is open until the dossier shows it lifted.
    Case(
        "EDUFORM-FINDING-MAJOR-NO-RECORD",
        "finding-major-with-record.toml",
        "finding-major-without-record.toml",
        also=(*UNDOCUMENTED, "EDUFORM-NC-MAJOR-OPEN"),
    ),
    # Art. 5: found at the surveillance audit, recorded or not, a major leaves the
    # certification standing three months (to 20/02/2026), then suspended.
    Case(
        "EDUFORM-FINDING-MAJOR-NO-RECORD-SURVEILLANCE",
        "finding-major-at-surveillance-with-record.toml",
        "finding-major-at-surveillance-without-record.toml",
        also=("EDUFORM-NC-MAJOR-OPEN-SURVEILLANCE",),
        severity="warning",
    ),
    Case(
        "EDUFORM-FINDING-MAJOR-NO-RECORD",
        "finding-major-at-surveillance-without-record.toml",
        "finding-major-at-surveillance-without-record.toml",
        as_of="2026-02-20",
        failing_as_of="2026-02-21",
        also=("EDUFORM-FINDING-MAJOR-NO-RECORD-SURVEILLANCE",),
        severity="blocking",
    ),
    Case(
        "EDUFORM-FINDING-MINOR-NO-RECORD",
        "finding-minor-with-record.toml",
        "finding-minor-without-record.toml",
        also=MINOR_OPEN,
    ),
    Case(
        "EDUFORM-NC-MINOR-ACCUMULATION",
        "nc-four-open-minors.toml",
        "nc-five-minors.toml",
        also=MINOR_OPEN,
    ),
    # A minor one on a major-only indicator counts as major: it is open and blocks.
    Case(
        "EDUFORM-NC-GRADE-MAJOR-ONLY",
        "nc-minor-on-12.toml",
        "nc-minor-on-major-only.toml",
        also=(*MINOR_OPEN, "EDUFORM-NC-MAJOR-OPEN"),
    ),
    # The same for the auditors' grade itself, its fiche recorded or not (dossier-format 1.1:
    # « a `minor` grade on one of them counts as `major`, with a warning naming the article »).
    Case(
        "EDUFORM-FINDING-GRADE-MAJOR-ONLY",
        "finding-minor-with-record.toml",
        "finding-minor-on-major-only-without-record.toml",
        also=(*MINOR_OPEN, "EDUFORM-FINDING-MAJOR-NO-RECORD", "EDUFORM-NC-MAJOR-OPEN"),
    ),
    Case(
        "EDUFORM-NC-MINOR-REQUALIFIED",
        "nc-minor-open-after-surveillance.toml",
        "nc-minor-open-past-surveillance-deadline.toml",
        also=(*MINOR_OPEN, "EDUFORM-NC-MINOR-REQUALIFIED-DUE"),
    ),
    # Art. 5: requalified major at the surveillance audit, it has a major's three months, the
    # certification standing meanwhile: a warning of the date until then.
    Case(
        "EDUFORM-NC-MINOR-REQUALIFIED-DUE",
        "nc-minor-open.toml",
        "nc-minor-open-after-surveillance.toml",
        also=MINOR_OPEN,
    ),
    Case(
        "EDUFORM-NC-MAJOR-OPEN-SURVEILLANCE",
        "nc-major-open.toml",
        "nc-major-open-at-surveillance.toml",
        also=(*UNDOCUMENTED, "EDUFORM-NC-MAJOR-OPEN"),
    ),
    # Arrêté du 6 juin 2019 modifié, art. 2: the surveillance audit examines 1, 3, 17, 19 and
    # the major-only indicators, those of a nonconformity too; a new entrant, every one (the
    # fidelity audit: 31 warnings where the text examines some twenty indicators).
    Case(
        "EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE",
        "surveillance-reviewed-documented.toml",
        "surveillance-in-window.toml",
        severity="warning",
    ),
    Case(
        "EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE",
        "new-entrant-surveillance.toml",
        "surveillance-in-window.toml",
        also=("EDUFORM-INDICATOR-EVIDENCE",),
    ),
    # Arrêté du 6 juin 2019 modifié, art. 2: the surveillance audit follows « la date
    # d'obtention de la certification »; with none, nothing to surveil (the text: it blocks).
    Case(
        "EDUFORM-SURVEILLANCE-HELD",
        "surveillance-in-window.toml",
        "surveillance-without-held.toml",
        also=("EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE",),
        severity="blocking",
    ),
    # The GRETA's certification, held with its holder, is one to surveil.
    Case(
        "EDUFORM-SURVEILLANCE-HELD",
        "lycee-surveillance-of-its-greta.toml",
        "surveillance-without-held.toml",
        as_of="2025-06-12",
        # a lycée does not apply itself: the GRETA does (judged apart)
        also=("EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE", "EDUFORM-ELIGIBILITY"),
        severity="blocking",
    ),
    # The surveillance audit surveils the certification obtained, for its categories.
    Case(
        "EDUFORM-SURVEILLANCE-CATEGORIES",
        "surveillance-in-window.toml",
        "surveillance-beyond-the-held-categories.toml",
        also=("EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE",),
        severity="warning",
    ),
    Case(
        "EDUFORM-SURVEILLANCE-WINDOW",
        "surveillance-in-window.toml",
        "surveillance-too-early.toml",
        also=("EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE",),
    ),
    # Held too late, it is not the surveillance audit: the window closed without one (MISSED).
    Case(
        "EDUFORM-SURVEILLANCE-AUDIT-WINDOW",
        "surveillance-in-window.toml",
        "surveillance-audit-late.toml",
        also=("EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE", "EDUFORM-SURVEILLANCE-MISSED"),
    ),
    Case("EDUFORM-SURVEILLANCE-MISSED", "surveillance-recorded.toml", "surveillance-missed.toml"),
    # Planned out of its window, the audit blocked (EDUFORM-SURVEILLANCE-WINDOW); held there, it
    # only warned, and counted as held: the window closed without a surveillance audit.
    Case(
        "EDUFORM-SURVEILLANCE-MISSED",
        "surveillance-in-window.toml",
        "surveillance-audit-late.toml",
        also=("EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE", "EDUFORM-SURVEILLANCE-AUDIT-WINDOW"),
        severity="blocking",
    ),
    Case(
        "EDUFORM-SURVEILLANCE-MISSED-HOLDER",
        "lycee-surveillance-recorded.toml",
        "lycee-surveillance-missed.toml",
    ),
    Case("EDUFORM-RENEWAL-HELD", "renewal.toml", "renewal-without-held.toml", also=UNDOCUMENTED),
    # Three years (arrêté du 18 décembre 2019, art. 1): renewed after it, the texts do not say
    # what the application becomes (a warning, labelcheck's reading: the fidelity audit).
    Case(
        "EDUFORM-RENEWAL-EXPIRED",
        "renewal.toml",
        "renewal-audit-after-expiry.toml",
        also=UNDOCUMENTED,
        severity="warning",
        subject="eduform",
        ref="eduform",
    ),
    # Rules that depend on the date: one dossier, passing on `as_of`, failing on the day after.
    Case(
        "EDUFORM-NC-MAJOR-DEADLINE",
        "nc-major-open.toml",
        "nc-major-open.toml",
        as_of="2026-03-10",
        failing_as_of="2026-03-11",
        also=(*UNDOCUMENTED, "EDUFORM-NC-MAJOR-OPEN"),
    ),
    Case(
        "EDUFORM-NC-MINOR-DEADLINE",
        "nc-minor-open.toml",
        "nc-minor-open.toml",
        as_of="2026-06-10",
        failing_as_of="2026-06-11",
        also=MINOR_OPEN,  # said until its deadline, then only warned
    ),
    # Said with its deadline until then (arrêté du 6 juin 2019, art. 5: six months).
    Case(
        "EDUFORM-NC-MINOR-OPEN",
        "nc-minor-open.toml",
        "nc-minor-open.toml",
        as_of="2026-06-11",
        failing_as_of="2026-06-10",
        also=(*UNDOCUMENTED, "EDUFORM-NC-MINOR-DEADLINE"),
        severity="info",
        subject="NC-EDU-2",
        ref="eduform:1.2",
    ),
    # Before the surveillance audit of 20/11/2025 that audit is set aside: no next audit yet.
    Case(
        "EDUFORM-NC-MINOR-REQUALIFIED-DUE",
        "nc-minor-open-after-surveillance.toml",
        "nc-minor-open-after-surveillance.toml",
        as_of="2025-11-19",
        failing_as_of="2025-11-20",
        also=("DATED-LATER", "EDUFORM-NC-MINOR-DEADLINE", "EDUFORM-NC-MINOR-OPEN"),
    ),
    # The GRETA's window (awarded 15/06/2024) closes on 15/04/2026, its last day included.
    Case(
        "EDUFORM-SURVEILLANCE-MISSED-HOLDER",
        "lycee-held-by-greta.toml",
        "lycee-held-by-greta.toml",
        as_of="2026-04-15",
        failing_as_of="2026-04-16",
    ),
    # Its surveillance window closed unaudited, which the lycée is warned of from then on.
    Case(
        "EDUFORM-VALIDITY-RENEWAL-DUE",
        "lycee-held-by-greta.toml",
        "lycee-held-by-greta.toml",
        as_of="2026-06-14",
        failing_as_of="2026-06-15",
        also=("EDUFORM-SURVEILLANCE-MISSED-HOLDER",),
    ),
    Case(
        "EDUFORM-VALIDITY-EXPIRED",
        "lycee-held-by-greta.toml",
        "lycee-held-by-greta.toml",
        as_of="2027-06-14",
        failing_as_of="2027-06-15",
        also=("EDUFORM-SURVEILLANCE-MISSED-HOLDER", "EDUFORM-VALIDITY-RENEWAL-DUE"),
    ),
)

INDICATORS = set(range(1, 33))
APPRENTICESHIP_ONLY = {14, 15, 20, 29}
# Indicator 27 applies only when the body subcontracts (applications[].subcontracting = true,
# dossier format 1.1); the category fixtures do not.
SUBCONTRACTING_ONLY = {27}
# Arrêté du 6 juin 2019 modifié, art. 5: these indicators give only major nonconformities.
MAJOR_ONLY = {4, 5, 6, 7, 10, 11, 14, 15, 16, 20, 21, 22, 26, 27, 29, 31, 32}
# Common to the four categories: what applies to skills assessments.
COMMON = INDICATORS - {3, 7, 8, 13, 14, 15, 16, 20, 28, 29}


@cache
def engine(as_of: dt.date) -> Engine:
    return Engine.create(as_of=as_of, registry=registry())


@cache
def registry() -> Registry:
    return Registry.from_plugins()


def evaluate_file(name: str, as_of: dt.date | str = AS_OF):
    day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return engine(day).evaluate_path(FIXTURES / name)


def eduform(name: str, as_of: dt.date | str = AS_OF) -> LabelResult:
    result = evaluate_file(name, as_of)
    assert not result.errors, "\n".join(map(str, result.errors))
    return next(label for label in result.labels if label.label == "eduform")


def findings(label: LabelResult, rule: str):
    return [f for f in label.findings if f.rule == rule]


def status_of(label: LabelResult, ref: str) -> str:
    return next(c.status for c in label.criteria if c.ref == ref)


def findings_on(label: LabelResult, rule: str, ref: str):
    return [f for f in findings(label, rule) if f.ref == ref]


def evidence_asked(name: str) -> set[int]:
    """The indicators the evidence rule asks for: those that apply, since none has evidence."""
    return {
        int(f.ref.rsplit(".", 1)[1]) for f in findings(eduform(name), "EDUFORM-INDICATOR-EVIDENCE")
    }


# -- every rule passes on one dossier and fails on another ---------------------


def test_every_eduform_rule_has_a_passing_and_a_failing_dossier():
    check_every_rule_has_a_case(registry(), EDUFORM, CASES)


def test_every_eduform_rule_cites_its_source_and_speaks_french():
    rules, _ = load_rules(registry())
    for rule in (r for r in rules if r.spec.label == "eduform"):
        assert rule.spec.source.document and rule.spec.source.section, rule.id
        assert rule.spec.remedy, rule.id


def test_a_surveillance_audit_planned_after_its_window_is_said_once():
    label = eduform("surveillance-planned-day-after-window.toml", "2025-11-16")
    blocking = [f.rule for f in label.findings if f.severity == "blocking"]
    assert blocking == ["EDUFORM-SURVEILLANCE-WINDOW"]


def test_eduforms_initial_audit_is_called_audit_initial_wherever_it_is_named():
    # The arrêté du 6 juin 2019 says « audit initial »; « audit de labellisation » is LDM's.
    from labelcheck.core import french
    from labelcheck.core.campaign import school_plan

    label = eduform("finding-minor-on-major-only-without-record.toml")
    [finding] = findings(label, "EDUFORM-FINDING-GRADE-MAJOR-ONLY")
    assert "audit initial du" in finding.message
    graded = next(c for c in label.criteria if c.grades)
    assert "audit initial du" in french.grade_list(graded.grades, label.audit_names)
    plan = school_plan(evaluate_file("surveillance-earlier-cycle-major.toml"))
    assert "Audit initial" in {step.what for step in plan.steps if step.date.year == 2024}


def test_an_initial_audit_dated_after_the_as_of_date_is_called_audit_initial():
    # From the review: the set-aside audit was named « Audit de labellisation », LDM's word.
    label = eduform("finding-minor-on-major-only-without-record.toml", "2025-12-01")
    [later] = [f for f in findings(label, "DATED-LATER") if f.subject == "eduform"]
    assert later.message.startswith("Audit initial ")


def test_an_article_is_cited_next_to_its_own_text():
    # « Arrêté du 6 juin 2019 …, rendu applicable par l'arrêté du 18 décembre 2019, art. 1,
    # art. 5 » read as if art. 5 were the 18 December arrêté's (the Eduform audit).
    rules, _ = load_rules(registry())
    for rule in (r for r in rules if r.spec.label == "eduform"):
        assert "rendu applicable" not in rule.spec.source.document, rule.id


@cases(*CASES)
def test_rule_passes(evaluate, case):
    check_met(evaluate, EDUFORM, case)


@cases(*CASES)
def test_rule_fails(evaluate, case):
    check_broken(evaluate, EDUFORM, case)


# -- who applies ---------------------------------------------------------------


def test_a_complete_greta_application_is_ready_with_nothing_to_report():
    label = eduform("greta-ready.toml")
    assert label.verdict == "ready"
    assert label.findings == ()
    assert {c.status for c in label.criteria} == {"met"}


@pytest.mark.parametrize("dossier", ["lycee-applies.toml", "private-body-applies.toml"])
def test_only_the_public_bodies_of_d_122_9_1_may_apply(dossier):
    [finding] = findings(eduform(dossier), "EDUFORM-ELIGIBILITY")
    assert finding.severity == "blocking"
    assert "holder" in finding.remedy  # a lycée is told to declare its GRETA's label


def test_a_lycee_declaring_its_gretas_label_is_evaluated_as_a_held_label():
    label = eduform("lycee-held-by-greta.toml")
    assert label.application is None
    assert label.verdict == "valid"
    assert label.held["holder"] == "GRETA Centre-Val de Loire"
    assert label.findings == ()


@pytest.mark.parametrize("dossier", ["lycee-held-by-greta.toml", "surveillance-recorded.toml"])
def test_a_held_label_without_application_has_its_criteria_not_evaluated(dossier):
    # The « GRETA's Eduform shows 7/7 satisfait with no evidence » bug: with no
    # application there is no current evaluation of the criteria (cli-and-report 1.1).
    label = eduform(dossier)
    assert label.verdict == "valid"
    assert [c.status for c in label.criteria] == ["not-evaluated"] * 7


def test_a_held_label_with_an_application_has_its_criteria_evaluated():
    # The same award with a surveillance application: its criteria are judged on the
    # evidence, and with none they are unsupported, never met.
    label = eduform("surveillance-in-window.toml")
    assert [c.status for c in label.criteria] == ["unsupported"] * 7


def test_the_text_report_says_a_held_label_is_not_evaluated_never_satisfait(cli):
    result = cli("evaluate", FIXTURES / "lycee-held-by-greta.toml", "--as-of", "2026-01-10")
    assert result.exit_code == 0, result.output
    # Folded to one line, each criterion in full with --details.
    assert "    7 critères non évalués (sans candidature)\n" in result.stdout
    detailed = cli(
        "evaluate", FIXTURES / "lycee-held-by-greta.toml", "--as-of", "2026-01-10", "--details"
    ).stdout
    lines = [line.strip() for line in detailed.splitlines() if line.strip().startswith("eduform:")]
    assert len(lines) == 7
    assert all(line.endswith("\u202f: non évalué") for line in lines), (
        lines
    )  # cli-and-report 1.1 wording
    assert "satisfait" not in result.stdout + detailed


@pytest.mark.parametrize(
    ("as_of", "verdict"),
    [
        ("2024-06-14", "not-yet-awarded"),  # not held yet, nothing blocks it
        ("2024-06-15", "valid"),
        ("2026-06-14", "valid"),
        ("2026-06-15", "renewal-due"),
        ("2027-06-14", "renewal-due"),
        ("2027-06-15", "expired"),
    ],
)
def test_a_held_label_is_valid_three_years_renewal_due_in_the_last(as_of, verdict):
    assert eduform("lycee-held-by-greta.toml", as_of).verdict == verdict


@pytest.mark.parametrize("as_of", ["2024-06-14", "2020-01-01"])
def test_an_award_dated_after_the_as_of_date_is_not_yet_awarded_never_expired(as_of):
    label = eduform("lycee-held-by-greta.toml", as_of)
    # Never expired, nor ready (nothing was applied for): not yet awarded, as reports say it.
    assert label.verdict == "not-yet-awarded"
    assert label.held["status"] == "not-yet-awarded"
    assert [c.status for c in label.criteria] == ["not-evaluated"] * 7
    assert findings(label, "EDUFORM-VALIDITY-EXPIRED") == []
    [later] = findings(label, "DATED-LATER")  # the report says the award was set aside
    assert later.severity == "info" and "15/06/2024" in later.message
    assert "Attribution du label « Eduform » (" in later.message  # its name, not its id


def test_a_renewal_in_progress_is_not_told_to_start_its_renewal():
    assert findings(eduform("renewal.toml", "2026-09-01"), "EDUFORM-VALIDITY-RENEWAL-DUE") == []


def test_the_pieces_are_the_application_file_and_the_pre_audit_report():
    missing = {f.subject for f in findings(eduform("no-pieces.toml"), "EDUFORM-DOC-REQUIRED")}
    assert missing == {"eduform-candidature", "eduform-audit-prealable"}


def test_a_surveillance_audit_asks_for_no_new_application_file():
    assert findings(eduform("surveillance-in-window.toml"), "EDUFORM-DOC-REQUIRED") == []


# -- applicable indicators -----------------------------------------------------


def test_apprenticeship_makes_all_indicators_apply_but_the_subcontracting_one():
    assert evidence_asked("categories-apprenticeship.toml") == INDICATORS - SUBCONTRACTING_ONLY


def test_apprenticeship_with_subcontracting_makes_all_32_indicators_apply():
    assert evidence_asked("subcontracting.toml") == INDICATORS


@pytest.mark.parametrize(
    ("dossier", "applies"),
    [
        ("subcontracting.toml", True),
        ("categories-apprenticeship.toml", False),
    ],
)
def test_indicator_27_applies_only_when_the_body_subcontracts(dossier, applies):
    # Indicator 27 itself: « Lorsque le prestataire fait appel à la sous-traitance ou au
    # portage salarial » (dossier format 1.1: subcontracting, default false).
    label = eduform(dossier)
    assert bool(findings_on(label, "EDUFORM-INDICATOR-EVIDENCE", "eduform:6.27")) is applies


def test_training_makes_all_apply_but_the_apprenticeship_ones():
    # 3, 7, 16 (certifying), 13 (alternance) and 28 (work periods) are counted
    # as applicable to training: the dossier cannot tell (operational).
    assert evidence_asked("categories-training.toml") == (
        INDICATORS - APPRENTICESHIP_ONLY - SUBCONTRACTING_ONLY
    )


def test_vae_leaves_out_the_training_course_and_apprenticeship_indicators():
    assert evidence_asked("categories-vae.toml") == (
        INDICATORS - {7, 8, 13, 14, 15, 20, 28, 29} - SUBCONTRACTING_ONLY
    )


def test_skills_assessments_get_the_indicators_common_to_all_categories():
    assert evidence_asked("categories-skills-assessment.toml") == COMMON - SUBCONTRACTING_ONLY
    assert len(COMMON) == 22


@pytest.mark.parametrize(
    "dossier",
    ["categories-training.toml", "categories-vae.toml", "categories-skills-assessment.toml"],
)
def test_indicators_14_15_20_29_apply_only_with_apprenticeship(dossier):
    assert not evidence_asked(dossier) & APPRENTICESHIP_ONLY


def test_without_categories_only_the_common_indicators_are_asked():
    assert evidence_asked("no-categories.toml") == COMMON - SUBCONTRACTING_ONLY


def test_a_new_entrant_is_asked_every_applicable_indicator_at_the_initial_audit():
    # Arrêté du 6 juin 2019 modifié, art. 1: the eleven indicators of new entrants are audited
    # with adapted modalities at the initial audit (the formalised process), not left out.
    assert evidence_asked("new-entrant-initial.toml") == INDICATORS - SUBCONTRACTING_ONLY
    assert evidence_asked("new-entrant-surveillance.toml") == INDICATORS - SUBCONTRACTING_ONLY
    [info] = findings(eduform("new-entrant-initial.toml"), "EDUFORM-NEW-ENTRANT-ADAPTED")
    assert info.severity == "info"
    assert "à l'audit initial, la formalisation du processus" in info.message
    assert "art. 1" in info.message


def test_a_nonconformity_on_a_new_entrants_adapted_indicator_is_legitimate():
    label = eduform("new-entrant-initial-nc-on-11.toml")
    assert findings(label, "EDUFORM-NC-ITEM-NOT-APPLICABLE") == []
    [finding] = findings(label, "EDUFORM-NC-MAJOR-OPEN")
    assert finding.subject == "NC-EDU-11"


def test_a_surveillance_application_naming_no_categories_takes_the_certified_ones():
    label = eduform("surveillance-categories-of-the-held.toml")
    assert findings(label, "EDUFORM-CATEGORIES") == []
    assert findings(label, "EDUFORM-SURVEILLANCE-CATEGORIES") == []
    asked = {
        int(f.ref.rsplit(".", 1)[1])
        for f in findings(label, "EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE")
    }
    assert 14 in asked  # apprenticeship only: certified by the [[held]] alone


def test_what_a_surveillance_application_takes_from_the_held_label_is_the_referentiel_s_data():
    """From the review: the core took the held label's categories for any surveillance
    application naming none, an Eduform reading in core/facts.py; the référentiel says it
    (`from_held` in [label]), and a label saying nothing takes nothing."""
    plugins = Registry.from_plugins()
    assert plugins.labels["eduform"].from_held == {"surveillance": ("categories",)}
    plugins.labels["eduform"] = plugins.labels["eduform"].model_copy(update={"from_held": {}})
    result = Engine.create(as_of=AS_OF, registry=plugins).evaluate_path(
        FIXTURES / "surveillance-categories-of-the-held.toml"
    )
    [label] = [label for label in result.labels if label.label == "eduform"]
    assert [f.rule for f in findings(label, "EDUFORM-CATEGORIES")] == ["EDUFORM-CATEGORIES"]


def test_an_indicator_without_evidence_is_named_and_its_criterion_unsupported():
    # One evidence per indicator is labelcheck's reading (nature operational): under 1.1
    # it warns and does not block, and a criterion with no evidence at all is
    # "unsupported", not "not-met" (no blocking finding bears on it).
    label = eduform("categories-apprenticeship.toml")
    [finding] = findings_on(label, "EDUFORM-INDICATOR-EVIDENCE", "eduform:3.14")
    assert finding.severity == "warning" and finding.nature == "operational"
    assert status_of(label, "eduform:3") == "unsupported"


# -- nonconformities -----------------------------------------------------------


def test_an_open_major_nonconformity_blocks_the_award():
    label = eduform("nc-major-open.toml")
    [finding] = findings(label, "EDUFORM-NC-MAJOR-OPEN")
    assert (finding.subject, finding.ref, finding.severity) == (
        "NC-EDU-1",
        "eduform:3.11",
        "blocking",
    )
    # Its deadline, three months after the audit, is said before it passes: in « À faire »
    # and in the échéancier (cli-and-report), not only once EDUFORM-NC-MAJOR-DEADLINE finds it missed.
    assert finding.due == dt.date(2026, 3, 10)
    assert [(s.id, s.date, s.what) for s in label.steps if "NC-EDU-1" in s.id] == [
        (
            "nonconformity-deadline:NC-EDU-1",
            dt.date(2026, 3, 10),
            "Échéance de levée de la non-conformité majeure (NC-EDU-1)",
        )
    ]


def test_a_minor_one_open_at_the_applications_renewal_audit_is_requalified_there():
    # Arrêté du 6 juin 2019, art. 5: « n'est pas levée à l'audit suivant »: that audit is the
    # application's own once held, whether or not [[audits]] records it yet.
    label = eduform("nc-minor-open-at-renewal-audit.toml", "2027-01-10")
    [finding] = findings(label, "EDUFORM-NC-MINOR-REQUALIFIED")
    assert finding.severity == "blocking" and "audit suivant du 10/01/2027" in finding.message
    assert findings(label, "EDUFORM-NC-MINOR-DEADLINE") == []
    assert label.verdict == "not-ready"
    before = eduform("nc-minor-open-at-renewal-audit.toml", "2027-01-09")
    assert findings(before, "EDUFORM-NC-MINOR-REQUALIFIED") == []
    assert findings(before, "EDUFORM-NC-MINOR-DEADLINE") != []


def test_an_open_minor_nonconformity_does_not_block_before_six_months():
    label = eduform("nc-minor-open.toml", "2026-06-10")
    assert findings(label, "EDUFORM-NC-MAJOR-OPEN") == []
    assert findings(label, "EDUFORM-NC-MINOR-DEADLINE") == []


def test_a_minor_open_past_six_months_with_no_later_audit_is_only_warned():
    # Arrêté du 6 juin 2019, art. 5: a minor one is requalified major only if it is not
    # lifted at the next audit; past six months, with no later audit, the school is warned.
    label = eduform("nc-minor-open.toml", "2026-06-11")
    [finding] = findings(label, "EDUFORM-NC-MINOR-DEADLINE")
    assert finding.severity == "warning"
    assert finding.due == dt.date(2026, 6, 10)
    assert (
        "si elle n'est pas levée à l'audit suivant, elle sera requalifiée en non-conformité majeure"
        in finding.message
    )
    assert findings(label, "EDUFORM-NC-MINOR-REQUALIFIED") == []
    assert [f for f in label.findings if f.subject == "NC-EDU-2" and f.severity == "blocking"] == []


def test_a_major_finding_of_the_audit_before_the_award_does_not_block_the_surveillance():
    """The initial audit's major finding, with no nonconformity in the dossier, blocked the
    surveillance audit 18 months after the award as « une non-conformité majeure ouverte »:
    a major one blocks the certification until lifted, so it was lifted by the award."""
    label = eduform("surveillance-earlier-cycle-major.toml", "2025-11-20")
    assert findings(label, "EDUFORM-FINDING-MAJOR-NO-RECORD") == []
    assert [f.rule for f in label.findings if f.severity == "blocking"] == []


def test_a_minor_finding_on_a_major_only_indicator_of_an_earlier_cycle_is_not_counted_again():
    """« il compte comme majeure », said of the initial audit before the award held, where the
    same finding graded major is no longer counted (the previous cycle's, lifted by the award):
    one finding, two readings (the properties' audit)."""
    label = eduform("surveillance-earlier-cycle-minor-on-major-only.toml", "2025-11-20")
    assert findings(label, "EDUFORM-FINDING-GRADE-MAJOR-ONLY") == []
    # This cycle's audit is still read: the same finding at the surveillance audit warns.
    current = eduform("finding-minor-on-major-only-without-record.toml")
    assert findings(current, "EDUFORM-FINDING-GRADE-MAJOR-ONLY")


@pytest.mark.parametrize("as_of", ["2026-06-10", "2026-06-11", "2026-09-01"])
def test_a_missed_lifting_deadline_stays_in_the_timeline(as_of):
    """The échéancier marks past steps (cli-and-report, « past ones marked »): the six months
    of a minor one still open were in it until 10/06/2026 and left it the next day, when
    EDUFORM-NC-MINOR-DEADLINE said them missed, as if the deadline had never been."""
    label = eduform("nc-minor-open.toml", as_of)
    assert [(s.id, s.date) for s in label.steps if "NC-EDU-2" in s.id] == [
        ("nonconformity-deadline:NC-EDU-2", dt.date(2026, 6, 10))
    ]


def test_a_minor_still_open_after_the_next_audit_is_requalified_major():
    label = eduform("nc-minor-open-after-surveillance.toml")
    [finding] = findings(label, "EDUFORM-NC-MINOR-REQUALIFIED-DUE")
    assert (finding.subject, finding.ref, finding.severity) == (
        "NC-EDU-2",
        "eduform:1.2",
        "warning",
    )
    assert (
        "20/11/2025" in finding.message
    )  # the surveillance audit, not the initial one it was raised at


@pytest.mark.parametrize(
    ("fixture", "as_of", "rule", "severity", "verdict"),
    [
        # Raised at the surveillance audit of 20/11/2025: three months, the label held.
        (
            "nc-major-open-at-surveillance.toml",
            "2026-02-20",
            "EDUFORM-NC-MAJOR-OPEN-SURVEILLANCE",
            "warning",
            "valid",
        ),
        (
            "nc-major-open-at-surveillance.toml",
            "2026-02-21",
            "EDUFORM-NC-MAJOR-DEADLINE",
            "blocking",
            "valid",
        ),
        # Raised at the initial audit: the label is not awarded while it is open.
        ("nc-major-open.toml", "2026-01-10", "EDUFORM-NC-MAJOR-OPEN", "blocking", "not-ready"),
    ],
)
def test_a_major_at_the_surveillance_audit_suspends_only_after_three_months(
    fixture, as_of, rule, severity, verdict
):
    """Arrêté du 6 juin 2019 modifié, art. 5: « A défaut de mise en œuvre des actions
    correctives dans le délai de trois mois, la certification n'est pas délivrée ou est
    suspendue ». Raised at the surveillance audit, a major leaves the certification standing
    for three months: it blocked from its first day (the fidelity audit of Eduform)."""
    label = eduform(fixture, as_of)
    open_majors = [f for f in label.findings if f.subject.startswith("NC-EDU")]
    assert [(f.rule, f.severity) for f in open_majors] == [(rule, severity)]
    assert label.verdict == verdict
    if severity == "warning":
        [finding] = open_majors
        assert finding.due == dt.date(2026, 2, 20)
        assert "faute de quoi la certification est suspendue" in finding.message
    # Past six months too, yet no « sera requalifiée si… » warning beside what it has become.
    assert findings(label, "EDUFORM-NC-MINOR-DEADLINE") == []


@pytest.mark.parametrize(
    ("as_of", "severity", "due"),
    [
        ("2026-01-10", "warning", "20/02/2026"),
        ("2026-02-20", "warning", "20/02/2026"),
        ("2026-02-21", "blocking", None),
    ],
)
def test_a_major_found_at_the_surveillance_audit_is_judged_alike_recorded_or_not(
    as_of, severity, due
):
    """Arrêté du 6 juin 2019 modifié, art. 5: « pour une non-conformité majeure, la mise en
    œuvre d'actions correctives doit être effective sous trois mois ». The school that has not
    recorded its fiche yet is not judged harder than the one that has: the certification
    stands until then, then is suspended (it blocked from the audit's day)."""
    recorded = eduform("finding-major-at-surveillance-with-record.toml", as_of)
    unrecorded = eduform("finding-major-at-surveillance-without-record.toml", as_of)
    assert [f.severity for f in recorded.findings] == [severity]
    [finding] = unrecorded.findings
    assert finding.severity == severity
    assert finding.due == dt.date(2026, 2, 20)
    if due:
        assert f"au plus tard le {due}" in finding.message
    assert recorded.verdict == unrecorded.verdict == "valid"
    # The échéancier gives its three months as it gives the fiche's.
    [step] = [s for s in unrecorded.steps if s.id.startswith("nonconformity-deadline:")]
    assert step.date == dt.date(2026, 2, 20)
    assert step.what == (
        "Échéance de levée de la non-conformité majeure constatée sur eduform:3.11 à l'audit de "
        "surveillance du 20/11/2025, non enregistrée au dossier"
    )


def test_a_major_found_at_the_initial_audit_with_no_record_blocks_from_the_audits_day():
    # At the initial audit the certification is not delivered while it is open (art. 5):
    # recorded (EDUFORM-NC-MAJOR-OPEN) or not, it blocks at once, due three months after.
    label = eduform("finding-major-without-record.toml")
    [finding] = findings(label, "EDUFORM-FINDING-MAJOR-NO-RECORD")
    assert finding.severity == "blocking" and finding.due == dt.date(2026, 3, 10)
    assert findings(label, "EDUFORM-FINDING-MAJOR-NO-RECORD-SURVEILLANCE") == []


def test_a_major_not_lifted_within_three_months_is_dated():
    [finding] = findings(eduform("nc-major-open.toml", "2026-03-11"), "EDUFORM-NC-MAJOR-DEADLINE")
    assert finding.due == dt.date(2026, 3, 10)


def test_a_major_lifted_after_its_three_months_blocks_as_one_left_open():
    # Arrêté du 6 juin 2019, art. 5: « A défaut de mise en œuvre des actions correctives dans
    # le délai de trois mois, la certification n'est pas délivrée »: a late lift is no lift.
    label = eduform("nc-major-lifted-late.toml", "2026-05-20")
    [finding] = findings(label, "EDUFORM-NC-MAJOR-DEADLINE")
    assert (finding.severity, finding.due) == ("blocking", dt.date(2026, 3, 10))
    assert label.verdict == "not-ready"
    assert (
        findings(eduform("nc-major-lifted.toml", "2026-05-20"), "EDUFORM-NC-MAJOR-DEADLINE") == []
    )


def test_a_major_lifted_after_the_as_of_date_is_still_open_at_that_date():
    # nc-major-lifted.toml: raised 10/12/2025, lifted 08/01/2026 (dossier format 1.1).
    [finding] = findings(eduform("nc-major-lifted.toml", "2026-01-07"), "EDUFORM-NC-MAJOR-OPEN")
    assert (finding.subject, finding.severity) == ("NC-EDU-1", "blocking")


def test_the_referentiel_marks_the_indicators_that_give_only_major_nonconformities():
    label = registry().labels["eduform"]
    marked = {
        item.number
        for c in label.criteria
        for item in c.items
        if item.nonconformity_grade == "major"
    }
    assert marked == MAJOR_ONLY


def test_a_minor_on_a_major_only_indicator_counts_as_major_and_says_why():
    label = eduform("nc-minor-on-major-only.toml")
    [blocking] = findings(label, "EDUFORM-NC-MAJOR-OPEN")
    assert (blocking.subject, blocking.ref, blocking.severity) == (
        "NC-EDU-11",
        "eduform:3.11",
        "blocking",
    )
    [warning] = findings(label, "EDUFORM-NC-GRADE-MAJOR-ONLY")
    assert (warning.subject, warning.severity) == ("NC-EDU-11", "warning")
    assert "l'indicateur 11" in warning.message and "(art. 5)" in warning.message
    assert status_of(label, "eduform:3") == "not-met"  # the blocking nonconformity bears on it


def test_a_minor_on_a_major_only_indicator_has_the_major_three_month_deadline():
    label = eduform("nc-minor-on-major-only.toml", "2026-06-11")
    [finding] = findings(label, "EDUFORM-NC-MAJOR-DEADLINE")
    assert finding.due == dt.date(2026, 3, 10)
    assert findings(label, "EDUFORM-NC-MINOR-DEADLINE") == []


def test_a_nonconformity_on_indicator_27_without_subcontracting_is_questioned_and_still_counts():
    label = eduform("nc-major-on-27-without-subcontracting.toml", "2026-01-05")
    [warning] = findings(label, "EDUFORM-NC-ITEM-NOT-APPLICABLE")
    assert (warning.subject, warning.ref, warning.severity) == (
        "NC-EDU-27",
        "eduform:6.27",
        "warning",
    )
    assert "l'indicateur 27 (eduform:6.27), qui d'après le dossier ne s'applique pas" in (
        warning.message
    )
    assert findings(label, "EDUFORM-NC-MAJOR-OPEN")  # what the auditors found blocks still


def test_a_minor_on_indicator_12_stays_minor():
    label = eduform("nc-minor-on-12.toml", "2026-06-11")
    assert findings(label, "EDUFORM-NC-MAJOR-OPEN") == []
    assert findings(label, "EDUFORM-NC-GRADE-MAJOR-ONLY") == []
    assert findings(label, "EDUFORM-NC-MAJOR-DEADLINE") == []
    [finding] = findings(label, "EDUFORM-NC-MINOR-DEADLINE")
    assert (finding.subject, finding.severity) == ("NC-EDU-12", "warning")
    assert status_of(label, "eduform:3") != "not-met"


def test_five_open_minor_nonconformities_count_as_a_major_one():
    [finding] = findings(eduform("nc-five-minors.toml"), "EDUFORM-NC-MINOR-ACCUMULATION")
    # The threshold is not in the arrêté's article 5 as in force: labelcheck's reading warns
    # under the national profile, never blocks.
    assert (finding.severity, finding.nature) == ("warning", "operational")


@pytest.mark.parametrize(
    ("dossier", "path", "message"),
    [
        (
            "nc-ldm-grade.toml",
            "nonconformities[0].grade",
            "non prévue pour les non-conformités Eduform",
        ),
        ("nc-no-grade.toml", "nonconformities[0].grade", "doit indiquer sa gravité"),
        (
            "audit-ldm-grade.toml",
            "audits[0].findings[0].grade",
            "non prévu pour les audits Eduform",
        ),
    ],
)
def test_grades_are_eduforms_own_and_a_nonconformity_states_one(dossier, path, message):
    result = evaluate_file(dossier)
    assert result.labels == ()
    assert any(e.path == path and message in e.message for e in result.errors), result.errors


# -- surveillance audit window -------------------------------------------------


def test_a_surveillance_audit_outside_the_14th_to_22nd_month_is_blocking_and_dated():
    [finding] = findings(eduform("surveillance-too-early.toml"), "EDUFORM-SURVEILLANCE-WINDOW")
    assert finding.severity == "blocking" and finding.kind == "deadline"
    assert "du 15/08/2025 au 15/04/2026" in finding.message
    assert finding.due == dt.date(2026, 4, 15)


def test_the_window_includes_its_last_day():
    assert findings(eduform("surveillance-last-day.toml"), "EDUFORM-SURVEILLANCE-WINDOW") == []


def test_a_surveillance_audit_held_out_of_the_window_is_a_warning():
    [finding] = findings(
        eduform("surveillance-audit-late.toml"), "EDUFORM-SURVEILLANCE-AUDIT-WINDOW"
    )
    assert finding.severity == "warning"


def test_a_gretas_own_label_whose_surveillance_window_closed_unaudited_blocks():
    label = eduform("surveillance-missed.toml")
    [finding] = findings(label, "EDUFORM-SURVEILLANCE-MISSED")
    assert finding.severity == "blocking" and finding.kind == "deadline"
    assert "du 15/03/2025 au 15/11/2025" in finding.message
    assert finding.due == dt.date(2025, 11, 15)
    assert findings(label, "EDUFORM-SURVEILLANCE-MISSED-HOLDER") == []


def test_a_missed_surveillance_is_not_said_once_the_label_has_expired_nor_its_sanction():
    """The fidelity audit of Eduform: an expired certificate was still told its missed
    surveillance audit, blocking beside « EXPIRÉ »; and « sans lui, la certification est
    suspendue » is the certifier's decision, which the arrêté does not state."""
    running = eduform("surveillance-missed.toml", "2026-06-01")
    [finding] = findings(running, "EDUFORM-SURVEILLANCE-MISSED")
    assert "suspendue" not in (finding.remedy or "") and "certificateur" in (finding.remedy or "")
    expired = eduform("surveillance-missed.toml", "2027-02-01")
    assert expired.verdict == "expired"
    assert findings(expired, "EDUFORM-SURVEILLANCE-MISSED") == []


def test_the_renewal_alert_of_the_third_year_is_labelchecks_reading():
    """The texts set no date to start a renewal: the alert is operational (as Euroscol's and
    E3D's), and its source is the Eduform arrêté's art. 1, not the audit arrêté's."""
    [rule] = [r for r in load_rules(registry())[0] if r.id == "EDUFORM-VALIDITY-RENEWAL-DUE"]
    assert rule.spec.source.nature == "operational"
    assert rule.spec.source.document.startswith("Arrêté du 18 décembre 2019")


@pytest.mark.parametrize("as_of", ["2026-01-10", "2026-03-10"])
def test_a_new_candidature_after_expiry_is_not_blocked_by_the_old_missed_surveillance(as_of):
    # Arrêté du 6 juin 2019 modifié, art. 2: the surveillance audit keeps the certificate in
    # force between the 14th and 22nd month; once that certificate has expired (arrêté du
    # 18 décembre 2019, art. 1: three years), the body applies again for an initial audit
    # (art. 1), whose outcome its earlier cycle's missed surveillance does not decide.
    label = eduform("reapply-after-expiry.toml", as_of)
    assert label.findings == () and label.verdict == "ready"


def test_a_missed_surveillance_still_blocks_an_initial_application_while_the_label_runs():
    # The same dossier before the expiry of 15/06/2025: the certificate in force missed its
    # surveillance audit (window 15/08/2023 – 15/04/2024), which still blocks.
    label = eduform("reapply-after-expiry.toml", "2025-01-10")
    assert [f.rule for f in label.findings if f.severity == "blocking"] == [
        "EDUFORM-SURVEILLANCE-MISSED"
    ]


# The rules on fiches and audit findings that a new candidature after the expiry leaves to
# the expired certificate (nonconformity.expired_cycle, audit.expired_cycle).
OLD_CYCLE_RULES = {
    "EDUFORM-FINDING-GRADE-MAJOR-ONLY",
    "EDUFORM-FINDING-MAJOR-NO-RECORD",
    "EDUFORM-FINDING-MINOR-NO-RECORD",
    "EDUFORM-NC-GRADE-MAJOR-ONLY",
    "EDUFORM-NC-ITEM-NOT-APPLICABLE",
    "EDUFORM-NC-MAJOR-DEADLINE",
    "EDUFORM-NC-MINOR-ACCUMULATION",
    "EDUFORM-NC-MINOR-REQUALIFIED",
    "EDUFORM-SURVEILLANCE-AUDIT-WINDOW",
}


def test_a_new_candidature_after_expiry_is_not_judged_on_the_expired_certificates_fiches():
    # Arrêté du 6 juin 2019 modifié, art. 2: the surveillance audit checks « une fois la
    # certification délivrée » that it is still met; art. 5: a major not lifted within three
    # months leaves the certification « pas délivrée ou suspendue », a minor is checked « à
    # l'audit suivant ». All of it concerns the certificate in force: expired on 15/06/2025,
    # its fiches (a major, five minors, one on a major-only indicator that does not apply)
    # and its surveillance audit's findings without fiche are not the new initial audit's.
    label = eduform("reapply-after-expiry-old-fiches.toml", "2026-05-20")
    assert [f"{f.rule}: {f.message}" for f in label.findings] == []
    assert label.verdict == "ready"


def test_the_expired_certificates_fiches_counted_while_it_ran():
    # The same dossier on 10/01/2025, the certificate in force (the candidature dated later):
    # its fiches and findings count, each rule that the new candidature sets aside says so.
    label = eduform("reapply-after-expiry-old-fiches.toml", "2025-01-10")
    assert OLD_CYCLE_RULES - {"EDUFORM-NC-MINOR-REQUALIFIED"} <= {f.rule for f in label.findings}
    assert label.verdict == "not-ready"


def test_a_renewal_after_expiry_is_still_judged_on_the_cycles_fiches():
    # A renewal carries the cycle on (art. 5: a minor « n'est pas levée à l'audit suivant » is
    # requalified major at it): only a new candidature (initial audit) starts afresh.
    label = eduform("renewal-after-expiry-old-fiches.toml", "2026-05-20")
    assert {f.rule for f in label.findings} >= OLD_CYCLE_RULES
    assert label.verdict == "not-ready"


def test_a_lycee_declaring_its_gretas_label_is_only_warned_of_a_missed_surveillance():
    label = eduform("lycee-surveillance-missed.toml")
    assert [(f.rule, f.severity) for f in label.findings] == [
        ("EDUFORM-SURVEILLANCE-MISSED-HOLDER", "warning")
    ]
    assert "GRETA Centre-Val de Loire" in label.findings[0].message
    assert label.verdict == "valid"


def test_the_timeline_shows_the_surveillance_window():
    steps = eduform("lycee-held-by-greta.toml").steps
    window = next(s for s in steps if "surveillance" in s.what)
    assert (window.date, window.end) == (dt.date(2025, 8, 15), dt.date(2026, 4, 15))


def test_a_date_window_rule_must_name_a_date_of_its_scope():
    path = FIXTURES / "rules-window-wrong-date.toml"
    rules, errors = compile_rule_file(registry(), str(path), path.read_text("utf-8"))
    assert rules == []
    [error] = errors
    assert (
        error.path == "rules[0].check.date"
        and "n'a pas de date «\u202fsubmitted\u202f»" in error.message
    )


def test_a_major_found_at_the_audit_with_no_record_blocks():
    label = eduform("finding-major-without-record.toml")
    [finding] = findings(label, "EDUFORM-FINDING-MAJOR-NO-RECORD")
    assert (finding.severity, finding.ref) == ("blocking", "eduform:3.11")
    assert label.verdict == "not-ready"


def test_a_minor_finding_on_a_major_only_indicator_with_no_record_blocks():
    """Art. 5: indicator 11 gives only major nonconformities. Recorded, the minor counts as a
    major and blocks; left out of the dossier it only warned, so leaving it out made « prêt »."""
    label = eduform("finding-minor-on-major-only-without-record.toml")
    assert findings(label, "EDUFORM-FINDING-MINOR-NO-RECORD") == []
    [finding] = findings(label, "EDUFORM-FINDING-MAJOR-NO-RECORD")
    assert (finding.severity, finding.ref) == ("blocking", "eduform:3.11")
    assert (
        "sans non-conformité au dossier (comptée majeure\u202f: l'indicateur ne donne lieu "
        "qu'à des non-conformités majeures) : il compte comme une non-conformité majeure "
        "ouverte" in finding.message
    )
    assert label.verdict == "not-ready"


def test_a_minor_finding_on_a_major_only_indicator_warns_naming_the_article():
    """dossier-format 1.1: « a `minor` grade on one of them counts as `major`, with a warning
    naming the article », the auditors' grade as a fiche's (the contract audit: only the
    fiche's was said), recorded or not."""
    for fixture in (
        "finding-minor-on-major-only-without-record.toml",
        "finding-minor-on-major-only-with-record.toml",
    ):
        label = eduform(fixture)
        [warning] = findings(label, "EDUFORM-FINDING-GRADE-MAJOR-ONLY")
        assert warning.severity == "warning" and warning.nature == "text"
        assert "l'arrêté du 6 juin 2019 (art. 5)" in warning.message
        assert "compte comme non-conformité majeure" in warning.message
    assert (
        findings(eduform("finding-minor-with-record.toml"), "EDUFORM-FINDING-GRADE-MAJOR-ONLY")
        == []
    )


def test_a_minor_finding_is_answered_by_its_fiche_counted_major():
    # Indicator 4 gives only major nonconformities: the fiche graded minor counts as major,
    # and still records the finding (answered_by), with the art. 5 warning of its own.
    label = eduform("finding-minor-on-major-only-with-record.toml")
    assert findings(label, "EDUFORM-FINDING-MINOR-NO-RECORD") == []
    assert findings(label, "EDUFORM-NC-GRADE-MAJOR-ONLY")


def test_a_label_not_yet_awarded_with_a_blocking_finding_is_not_ready():
    """A label held only after the as-of date is « pas encore attribué » when nothing blocks
    it, `not-ready` when something does (the fidelity audit read `ready` beside « 1 bloquant »)."""
    label = eduform("held-later-major-open.toml", "2025-05-01")
    assert label.held["status"] == "not-yet-awarded"
    assert [f.rule for f in label.findings if f.severity == "blocking"] == ["EDUFORM-NC-MAJOR-OPEN"]
    assert label.verdict == "not-ready"


@pytest.mark.parametrize(
    ("as_of", "said"),
    [
        (
            "2026-02-20",
            "requalifiée en non-conformité majeure, à lever au plus tard le 20/02/2026, faute "
            "de quoi la certification est suspendue",
        ),
        (
            "2026-02-21",
            "requalifiée en non-conformité majeure, non levée au 20/02/2026 : la certification "
            "n'est pas délivrée ou est suspendue",
        ),
    ],
)
def test_a_minor_requalified_major_is_due_three_months_after_that_audit(as_of, said):
    """Arrêté du 6 juin 2019, art. 5: requalified major at the next audit (20/11/2025), it has
    a major's three months from it; the report gave no date, and never said it had passed
    (the fidelity audit of Eduform). At a surveillance audit the certification stands until
    then: a warning, then the block."""
    label = eduform("nc-minor-open-after-surveillance.toml", as_of)
    in_grace = as_of <= "2026-02-20"
    rule = "EDUFORM-NC-MINOR-REQUALIFIED" + ("-DUE" if in_grace else "")
    [finding] = findings(label, rule)
    assert finding.severity == ("warning" if in_grace else "blocking")
    assert finding.due == dt.date(2026, 2, 20)
    assert finding.message.endswith(said), finding.message
    # The échéancier: one deadline for it, named for what it has become.
    [step] = [s for s in label.steps if s.id == "nonconformity-deadline:NC-EDU-2"]
    assert step.date == dt.date(2026, 2, 20)
    assert step.what == "Échéance de levée de la non-conformité requalifiée majeure (NC-EDU-2)"
    # No « mineure ouverte, à lever au plus tard… » beside what it has become.
    assert findings(label, "EDUFORM-NC-MINOR-OPEN") == []


@pytest.mark.parametrize(
    ("fixture", "as_of", "held_on", "state"),
    [
        # Held on 12/06/2025, within its window (15/03/2025 – 15/11/2025).
        (
            "surveillance-recorded.toml",
            "2025-07-01",
            dt.date(2025, 6, 12),
            "a eu lieu le 12/06/2025",
        ),
        ("surveillance-recorded.toml", "2025-06-11", None, "en cours"),  # not yet
        # Its window's first and last days count, « day included » (a `<` for `<=` on either
        # bound survived the suite: the mutation audit).
        (
            "surveillance-recorded-first-day.toml",
            "2025-07-01",
            dt.date(2025, 3, 15),
            "a eu lieu le 15/03/2025",
        ),
        (
            "surveillance-recorded-last-day.toml",
            "2025-12-01",
            dt.date(2025, 11, 15),
            "a eu lieu le 15/11/2025",
        ),
        ("surveillance-missed.toml", "2025-07-01", None, "en cours"),
        # The application's own audit, held, not in [[audits]]: « à tenir (en cours) » five
        # days after it (the new user's check).
        (
            "surveillance-applied.toml",
            "2025-07-01",
            dt.date(2025, 6, 12),
            "a eu lieu le 12/06/2025",
        ),
        ("surveillance-applied.toml", "2025-06-11", None, "en cours"),
    ],
)
def test_the_surveillance_window_says_when_its_audit_took_place(fixture, as_of, held_on, state):
    """The échéancier read « Audit de surveillance à tenir (en cours) » beside the surveillance
    audit the dossier records within the window (the fidelity audit of Eduform)."""
    from labelcheck.core.writers.combined import timeline

    label = eduform(fixture, as_of)
    [step] = [s for s in label.steps if s.id == "surveillance-window"]
    assert step.held_on == held_on
    result = DossierResult("d", "0451500L", "GRETA", (), (label,))
    [line] = [
        line for line in timeline(result) if line.what.startswith("Audit de surveillance à tenir")
    ]
    assert line.state_text == state


def test_the_audit_of_a_surveillance_application_out_of_its_window_is_said_once():
    """Planned and recorded on the same day, out of its window: EDUFORM-SURVEILLANCE-WINDOW said
    it of the application, EDUFORM-SURVEILLANCE-AUDIT-WINDOW again of the audit (the fidelity
    audit of Eduform: three findings for one date, two of them the same)."""
    label = eduform("surveillance-too-early-recorded.toml", "2025-06-20")
    windows = [f.rule for f in label.findings if "WINDOW" in f.rule]
    assert windows == ["EDUFORM-SURVEILLANCE-WINDOW"]


def test_the_surveillance_audit_asks_evidence_of_the_indicators_it_examines():
    label = eduform("surveillance-in-window.toml")
    asked = {f.ref for f in label.findings if f.rule == "EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE"}
    numbers = {int(ref.rpartition(".")[2]) for ref in asked}
    assert {1, 17, 19} <= numbers and numbers <= {
        1,
        3,
        17,
        19,
        4,
        5,
        6,
        7,
        10,
        11,
        14,
        15,
        16,
        20,
        21,
        22,
        26,
        27,
        29,
        31,
        32,
    }
    assert not {2, 8, 9, 12, 13, 18, 23, 24, 25, 28, 30} & numbers  # not examined, not asked


def test_the_surveillance_audit_examines_again_the_indicators_of_a_nonconformity():
    label = eduform("surveillance-after-a-nonconformity.toml")
    asked = {f.ref for f in label.findings if f.rule == "EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE"}
    assert "eduform:3.12" in asked
    assert "eduform:3.12" not in {
        f.ref
        for f in eduform("surveillance-in-window.toml").findings
        if f.rule == "EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE"
    }


def test_a_fiche_on_a_whole_criterion_has_all_its_indicators_examined_again():
    """A fiche written at criterion level (`eduform:3`) added no indicator to the review (the
    review of the diff)."""
    label = eduform("surveillance-after-a-criterion-nonconformity.toml")
    asked = {f.ref for f in label.findings if f.rule == "EDUFORM-INDICATOR-EVIDENCE-SURVEILLANCE"}
    assert "eduform:3.12" in asked  # not among those always examined: the fiche brings it


@pytest.mark.parametrize(
    ("application_type", "title"),
    [
        ("initial", "Audit initial"),
        ("renewal", "Audit de renouvellement"),
        ("surveillance", "Audit de surveillance"),
    ],
)
def test_the_audit_step_says_which_audit_and_its_text(tmp_path, application_type, title):
    """« Audit (initial, de surveillance ou de renouvellement) » with no source, where the
    dossier says which (the French review): the step is named by the application's type."""
    text = (FIXTURES / "categories-training.toml").read_text("utf-8")
    assert 'type = "initial"' in text
    path = tmp_path / "dossier.toml"
    path.write_text(text.replace('type = "initial"', f'type = "{application_type}"', 1), "utf-8")
    result = engine(
        dt.date.fromisoformat(AS_OF) if isinstance(AS_OF, str) else AS_OF
    ).evaluate_path(path)
    label = next(label for label in result.labels if label.label == "eduform")
    [step] = [s for s in label.steps if s.id == "audit"]
    assert step.what == title
    assert "Arrêté du 6 juin 2019" in step.source


def test_a_surveillance_beyond_the_certified_categories_names_them():
    """The warning said « des catégories d'actions que le label détenu ne certifie pas »
    without naming one: the school had to compare its two lists itself."""
    [finding] = findings(
        eduform("surveillance-beyond-the-held-categories.toml"), "EDUFORM-SURVEILLANCE-CATEGORIES"
    )
    assert "ne certifie pas : vae (actions permettant de faire valider les acquis de " in (
        finding.message
    )
    assert finding.message.endswith("qu'elle certifie : training (actions de formation)")


def test_a_window_opening_one_month_after_the_award_reads_1er_mois(tmp_path):
    # A profile may open the surveillance window at one month: « du 1e au 21e mois » it read.
    profile = tmp_path / "profil.toml"
    profile.write_text(
        'name = "essai-2027"\nextends = "national"\n\n[labels.eduform]\n'
        "surveillance_from_months = 1\nsurveillance_to_months = 21\n",
        encoding="utf-8",
    )
    judged = Engine.create(str(profile), as_of=dt.date(2025, 5, 1), registry=registry())
    result = judged.evaluate_path(FIXTURES / "surveillance-planned-day-after-window.toml")
    [finding] = [f for f in result.labels[0].findings if f.rule == "EDUFORM-SURVEILLANCE-WINDOW"]
    assert "(du 1er au 21e mois après l'obtention du label" in finding.message
