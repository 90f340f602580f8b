"""The Lycée des métiers label: each rule met by one small dossier and broken by another.

Requirements from the cahier des charges 2026 (seed 004) and the national
circular of 23 October 2023 it reproduces; the dossiers are in fixtures/ldm/.
A dossier "meets" a rule when the rule's id is absent from its findings, even
if other rules fire: each fixture is kept to what its rule looks at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from labelcheck.core.toml import loads
from support import criterion, findings_of, ldm, rule_ids

FIXTURES = Path(__file__).parent / "fixtures" / "ldm"
CVL = "centre-val-de-loire-2026"
NO_EQUIVALENCE = str(FIXTURES / "profiles" / "no-euroscol-equivalence.toml")


@dataclass(frozen=True)
class Broken:
    """A dossier that breaks `rule`, and the finding it must get."""

    fixture: str
    rule: str
    severity: str
    subject: str
    ref: str
    profile: str | None = None
    as_of: str | None = None


@dataclass(frozen=True)
class Met:
    """A dossier that meets `rule`: no finding of it."""

    fixture: str
    rule: str
    profile: str | None = None
    as_of: str | None = None


BROKEN = [
    Broken("eligibility/lgt.toml", "LDM-ELIGIBILITY", "blocking", "lgt", "ldm"),
    Broken("eligibility/college.toml", "LDM-ELIGIBILITY", "blocking", "college", "ldm"),
    Broken("eligibility/lp-private.toml", "LDM-ELIGIBILITY", "blocking", "lp", "ldm"),
    Broken("title/101.toml", "LDM-TITLE", "blocking", "title", "ldm"),
    Broken("title/mention-counted.toml", "LDM-TITLE", "blocking", "title", "ldm"),
    Broken("title/missing.toml", "LDM-TITLE", "blocking", "title", "ldm"),
    Broken("denominations/none.toml", "LDM-DENOMINATIONS", "blocking", "ldm", "ldm"),
    Broken("pieces/pv-ca-missing.toml", "LDM-DOC-REQUIRED", "blocking", "pv-ca", "ldm"),
    Broken("pieces/leaflet-one-missing.toml", "LDM-DOC-LEAFLET", "blocking", "plaquette", "ldm"),
    Broken("pieces/dashboard-missing-2021.toml", "LDM-DOC-DASHBOARD-YEARS", "blocking", "tableau-bord-effectifs", "ldm"),
    Broken("pieces/dashboard-submitted-2025-late.toml", "LDM-DOC-DASHBOARD-YEARS", "blocking",
           "tableau-bord-effectifs", "ldm"),
    Broken("pieces/pv-ca-after.toml", "LDM-PV-CA-DATE", "blocking", "pv-ca", "ldm"),
    Broken("pieces/pv-ca-undated.toml", "LDM-PV-CA-DATE", "blocking", "pv-ca", "ldm"),
    Broken("indicators/criterion-8-missing.toml", "LDM-INDICATOR-PER-CRITERION", "blocking", "ldm:8", "ldm:8"),
    Broken("descriptors/non-network.toml", "LDM-DESCRIPTOR-EVIDENCE", "info", "ldm:6.32", "ldm:6.32"),
    Broken("nonconformities/open-renewal.toml", "LDM-NC-OPEN", "blocking", "FE-2026-01", "ldm:7"),
    Broken("nonconformities/open-renewal.toml", "LDM-NC-DEADLINE", "blocking", "FE-2026-01", "ldm:7",
           profile=CVL, as_of="2026-10-01"),
    Broken("nonconformities/lifted-late.toml", "LDM-NC-DEADLINE", "blocking", "FE-2026-01", "ldm:7", profile=CVL),
    Broken("equivalence/euroscol-valid.toml", "LDM-EQUIVALENCE-APPLIED", "info", "ldm:6", "ldm:6"),
    Broken("equivalence/euroscol-expired.toml", "LDM-EQUIVALENCE-LAPSED", "warning", "ldm:6", "ldm:6"),
    Broken("validity/held-2021.toml", "LDM-VALIDITY-RENEWAL-DUE", "warning", "ldm", "ldm", as_of="2026-01-15"),
    Broken("validity/held-2021.toml", "LDM-VALIDITY-EXPIRED", "warning", "ldm", "ldm", as_of="2026-06-28"),
    Broken("validity/renewal-without-held.toml", "LDM-RENEWAL-HELD", "warning", "ldm", "ldm"),
    Broken("audits/team-1.toml", "LDM-AUDIT-TEAM", "warning", "auditors", "ldm"),
    Broken("audits/team-5.toml", "LDM-AUDIT-TEAM", "warning", "auditors", "ldm"),
    Broken("audits/team-2.toml", "LDM-AUDIT-TEAM", "warning", "auditors", "ldm", profile=CVL),
    Broken("audits/team-3-no-lead.toml", "LDM-AUDIT-TEAM", "warning", "lead", "ldm", profile=CVL),
    Broken("audits/referent-inspector.toml", "LDM-AUDIT-TEAM", "warning", "referent_inspector", "ldm"),
    Broken("audits/calendar-plan-late.toml", "LDM-AUDIT-CALENDAR", "warning", "plan_returned", "ldm"),
    Broken("audits/calendar-report-late.toml", "LDM-AUDIT-CALENDAR", "warning", "report_sent", "ldm"),
    Broken("audits/calendar-report-pending.toml", "LDM-AUDIT-CALENDAR", "warning", "report_sent", "ldm",
           as_of="2026-06-15"),
    Broken("files/missing/dossier.toml", "DOC-FILE-MISSING", "warning", "fiche-candidature", "ldm"),
]

MET = [
    Met("eligibility/lp-public.toml", "LDM-ELIGIBILITY"),
    Met("eligibility/lpo-public.toml", "LDM-ELIGIBILITY"),
    Met("eligibility/erea-private-contract.toml", "LDM-ELIGIBILITY"),
    Met("title/exactly-100.toml", "LDM-TITLE"),
    Met("title/short-without-mention.toml", "LDM-TITLE"),
    Met("denominations/one.toml", "LDM-DENOMINATIONS"),
    Met("denominations/follow-up.toml", "LDM-DENOMINATIONS"),
    Met("pieces/all-seven.toml", "LDM-DOC-REQUIRED"),
    Met("denominations/follow-up.toml", "LDM-DOC-REQUIRED"),
    Met("pieces/leaflet-each.toml", "LDM-DOC-LEAFLET"),
    Met("pieces/dashboard-2021-2025.toml", "LDM-DOC-DASHBOARD-YEARS"),
    Met("pieces/dashboard-split.toml", "LDM-DOC-DASHBOARD-YEARS"),
    Met("pieces/dashboard-submitted-2025.toml", "LDM-DOC-DASHBOARD-YEARS"),
    Met("pieces/pv-ca-before.toml", "LDM-PV-CA-DATE"),
    Met("pieces/pv-ca-same-day.toml", "LDM-PV-CA-DATE"),
    Met("indicators/all-criteria.toml", "LDM-INDICATOR-PER-CRITERION"),
    Met("denominations/follow-up.toml", "LDM-DESCRIPTOR-EVIDENCE"),
    Met("nonconformities/open-follow-up.toml", "LDM-NC-OPEN"),
    Met("nonconformities/lifted.toml", "LDM-NC-OPEN"),
    Met("nonconformities/lifted.toml", "LDM-NC-DEADLINE", profile=CVL),
    Met("nonconformities/open-renewal.toml", "LDM-NC-DEADLINE", profile=CVL, as_of="2026-09-30"),
    Met("nonconformities/open-renewal.toml", "LDM-NC-DEADLINE", as_of="2026-10-01"),  # national: no deadline
    Met("nonconformities/open-follow-up.toml", "LDM-NC-DEADLINE", profile=CVL, as_of="2026-10-01"),
    Met("nonconformities/raised-in-october.toml", "LDM-NC-DEADLINE", profile=CVL),
    Met("equivalence/no-euroscol.toml", "LDM-EQUIVALENCE-APPLIED"),
    Met("equivalence/euroscol-expired.toml", "LDM-EQUIVALENCE-APPLIED"),
    Met("equivalence/euroscol-valid.toml", "LDM-EQUIVALENCE-LAPSED"),
    Met("equivalence/no-euroscol.toml", "LDM-EQUIVALENCE-LAPSED"),
    Met("validity/held-2021.toml", "LDM-VALIDITY-RENEWAL-DUE", as_of="2025-06-27"),
    Met("validity/renewal-with-held.toml", "LDM-VALIDITY-RENEWAL-DUE"),
    Met("validity/held-2021.toml", "LDM-VALIDITY-EXPIRED", as_of="2026-06-27"),
    Met("validity/renewal-with-held.toml", "LDM-RENEWAL-HELD"),
    Met("audits/team-2.toml", "LDM-AUDIT-TEAM"),
    Met("audits/team-3-no-lead.toml", "LDM-AUDIT-TEAM"),  # national: no lead required
    Met("audits/team-3-lead.toml", "LDM-AUDIT-TEAM", profile=CVL),
    Met("audits/follow-up-team-1.toml", "LDM-AUDIT-TEAM"),
    Met("audits/calendar-on-time.toml", "LDM-AUDIT-CALENDAR"),
    Met("audits/calendar-report-pending.toml", "LDM-AUDIT-CALENDAR", as_of="2026-05-25"),
    Met("files/present/dossier.toml", "DOC-FILE-MISSING"),
]

EUROSCOL_FIXTURES = ("equivalence/",)


def _id(case: Broken | Met) -> str:
    settings = "".join(f"@{v}" for v in (case.profile, case.as_of) if v)
    return f"{case.rule}:{case.fixture}{settings}"


def require_euroscol(registry) -> None:
    """The Euroscol plugin is written beside this one: its tests wait for it to be installed."""
    if "euroscol" not in registry.labels:
        pytest.skip("the euroscol label plugin is not installed yet")


@pytest.fixture
def result_of(evaluate, registry):
    def run(fixture: str, profile: str | None = None, as_of: str | None = None):
        if fixture.startswith(EUROSCOL_FIXTURES):
            require_euroscol(registry)
        return ldm(evaluate(FIXTURES / fixture, profile=profile, as_of=as_of))

    return run


# -- every rule, met and broken ----------------------------------------------------

@pytest.mark.parametrize("case", BROKEN, ids=_id)
def test_a_dossier_breaking_a_rule_gets_its_finding(case: Broken, result_of):
    label = result_of(case.fixture, case.profile, case.as_of)
    found = findings_of(label, case.rule)
    assert found, f"{case.rule} expected, got {sorted(rule_ids(label))}"
    assert (case.severity, case.subject, case.ref) in {(f.severity, f.subject, f.ref) for f in found}


@pytest.mark.parametrize("case", MET, ids=_id)
def test_a_dossier_meeting_a_rule_has_no_finding_of_it(case: Met, result_of):
    label = result_of(case.fixture, case.profile, case.as_of)
    assert case.rule not in rule_ids(label), [f.message for f in findings_of(label, case.rule)]


def test_every_ldm_rule_has_a_dossier_meeting_it_and_one_breaking_it(engine):
    rules = {r.id for r in engine().rules if r.spec.label in ("ldm", "*") and r.file.endswith(
        ("ldm/rules.toml", "common/rules.toml"))}
    assert rules, "no LDM rule loaded"
    assert rules <= {c.rule for c in BROKEN}, "rules never broken by a fixture"
    assert rules <= {c.rule for c in MET}, "rules never met by a fixture"


def test_the_complete_application_is_ready_with_every_criterion_met(result_of):
    label = result_of("ready.toml")
    assert label.verdict == "ready"
    assert {f.severity for f in label.findings} <= {"info"}
    assert [(c.ref, c.status) for c in label.criteria] == [(f"ldm:{n}", "met") for n in range(1, 9)]


# -- required pieces (annex 3) ------------------------------------------------------

REQUIRED = ["fiche-candidature", "projet-etablissement", "plan-actions", "auto-evaluation", "pv-ca",
            "cartographie-formations", "tableau-bord-effectifs"]


@pytest.mark.parametrize("missing", REQUIRED)
def test_each_required_piece_missing_is_a_blocking_finding_naming_it(missing, evaluate_data):
    data = loads((FIXTURES / "pieces/all-seven.toml").read_text("utf-8"))
    data["documents"] = [d for d in data["documents"] if d["type"] != missing]
    label = ldm(evaluate_data(data))
    found = findings_of(label, "LDM-DOC-REQUIRED")
    assert [(f.subject, f.severity, f.kind) for f in found] == [(missing, "blocking", "required-document")]
    assert label.verdict == "not-ready"


def test_a_leaflet_is_due_for_each_denomination(result_of):
    label = result_of("pieces/leaflet-one-missing.toml")
    [finding] = findings_of(label, "LDM-DOC-LEAFLET")
    assert "« peinture en carrosserie »" in finding.message


def test_dashboards_cover_the_five_years_before_the_application_year(result_of):
    [finding] = findings_of(result_of("pieces/dashboard-missing-2021.toml"), "LDM-DOC-DASHBOARD-YEARS")
    assert "2021" in finding.message and "2026" not in finding.message


def test_the_submitted_date_decides_the_application_year(result_of):
    # Submitted in December 2025, audited in May 2026: 2020 to 2024 are due, not 2021 to 2025.
    [finding] = findings_of(result_of("pieces/dashboard-submitted-2025-late.toml"), "LDM-DOC-DASHBOARD-YEARS")
    assert "2020" in finding.message


def test_board_minutes_dated_after_the_dossier_was_sent_are_refused(result_of):
    [finding] = findings_of(result_of("pieces/pv-ca-after.toml"), "LDM-PV-CA-DATE")
    assert "11/03/2026" in finding.message and "10/03/2026" in finding.message


# -- indicators (LDM 002) -------------------------------------------------------------

def test_an_indicator_on_a_descriptor_counts_for_its_criterion(result_of):
    label = result_of("indicators/all-criteria.toml")  # criterion 8's indicator is on ldm:8.40
    assert not findings_of(label, "LDM-INDICATOR-PER-CRITERION")


def test_a_criterion_without_indicator_is_not_met(result_of):
    label = result_of("indicators/criterion-8-missing.toml")
    assert [f.subject for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION")] == ["ldm:8"]
    assert criterion(label, "ldm:8").status == "not-met"
    assert criterion(label, "ldm:7").status == "met"


# -- descriptors: guides, never obligations ---------------------------------------------

NETWORK_ONLY = {"ldm:4.25", "ldm:5.31", "ldm:6.34", "ldm:8.45"}


def test_descriptors_without_evidence_are_information_never_blocking(result_of):
    label = result_of("ready.toml")
    found = findings_of(label, "LDM-DESCRIPTOR-EVIDENCE")
    assert found and {f.severity for f in found} == {"info"}
    assert label.verdict == "ready"


def test_network_only_descriptors_are_not_asked_of_a_single_school(result_of):
    subjects = {f.subject for f in findings_of(result_of("descriptors/non-network.toml"), "LDM-DESCRIPTOR-EVIDENCE")}
    assert subjects and not subjects & NETWORK_ONLY
    assert len(subjects) == 46 - 4


def test_network_only_descriptors_are_asked_of_a_network(result_of):
    subjects = {f.subject for f in findings_of(result_of("descriptors/network.toml"), "LDM-DESCRIPTOR-EVIDENCE")}
    assert subjects >= NETWORK_ONLY and len(subjects) == 46


def test_self_assessment_evidence_supports_its_descriptor(result_of):
    subjects = {f.subject for f in findings_of(result_of("descriptors/with-evidence.toml"), "LDM-DESCRIPTOR-EVIDENCE")}
    assert "ldm:6.32" not in subjects and "ldm:6.33" in subjects


# -- nonconformities (fiches d'écart) ------------------------------------------------------

def test_an_open_nonconformity_blocks_and_fails_its_criterion(result_of):
    label = result_of("nonconformities/open-renewal.toml")
    [finding] = findings_of(label, "LDM-NC-OPEN")
    assert finding.kind == "open-nonconformity" and finding.due == dt.date(2026, 9, 30)
    assert label.verdict == "not-ready"
    assert criterion(label, "ldm:7").status == "not-met"


@pytest.mark.parametrize("fixture", ["nonconformities/open-follow-up.toml", "nonconformities/lifted.toml"])
def test_a_follow_up_or_lifted_nonconformity_does_not_block(fixture, result_of):
    label = result_of(fixture)
    assert not findings_of(label, "LDM-NC-OPEN")
    assert criterion(label, "ldm:7").status == "met"


def test_centre_val_de_loire_nonconformities_are_lifted_by_30_september(result_of):
    [finding] = findings_of(result_of("nonconformities/open-renewal.toml", CVL, "2026-10-01"), "LDM-NC-DEADLINE")
    assert finding.kind == "deadline" and finding.due == dt.date(2026, 9, 30)
    assert "30/09/2026" in finding.message


def test_a_nonconformity_raised_after_30_september_has_until_the_next_one(result_of):
    assert not findings_of(result_of("nonconformities/raised-in-october.toml", CVL, "2027-09-30"), "LDM-NC-DEADLINE")
    [finding] = findings_of(result_of("nonconformities/raised-in-october.toml", CVL, "2027-10-01"), "LDM-NC-DEADLINE")
    assert finding.due == dt.date(2027, 9, 30)


# -- the Euroscol equivalence for criterion 6 ------------------------------------------------

def test_euroscol_valid_at_the_audit_meets_criterion_6(result_of):
    label = result_of("equivalence/euroscol-valid.toml")
    ldm6 = criterion(label, "ldm:6")
    assert (ldm6.status, ldm6.via) == ("met-by-equivalence", "euroscol")
    assert "ldm:6" not in {f.subject for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION")}
    assert [(e["criterion"], e["via"], e["applied"]) for e in label.equivalences] == [("ldm:6", "euroscol", True)]


def test_the_equivalence_wins_over_the_criterion_own_evidence_which_is_still_listed(result_of):
    ldm6 = criterion(result_of("equivalence/euroscol-and-own-evidence.toml"), "ldm:6")
    assert ldm6.status == "met-by-equivalence" and ldm6.evidence == ("mobilites",)


@pytest.mark.parametrize("fixture", ["equivalence/euroscol-expired.toml", "equivalence/euroscol-later.toml"])
def test_euroscol_not_valid_at_the_audit_does_not_stand_in(fixture, result_of):
    label = result_of(fixture)
    assert criterion(label, "ldm:6").status == "not-met"
    assert [f.subject for f in findings_of(label, "LDM-EQUIVALENCE-LAPSED")] == ["ldm:6"]
    assert "ldm:6" in {f.subject for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION")}


def test_euroscol_valid_at_one_date_and_expired_at_another(result_of):
    # Awarded 15 January 2025 for three years.
    assert criterion(result_of("equivalence/euroscol-valid.toml", as_of="2028-01-14"), "ldm:6").status \
        == "met-by-equivalence"
    assert criterion(result_of("equivalence/euroscol-valid.toml", as_of="2028-01-15"), "ldm:6").status == "not-met"


def test_a_profile_may_switch_the_equivalence_off(result_of):
    label = result_of("equivalence/euroscol-valid.toml", profile=NO_EQUIVALENCE)
    assert criterion(label, "ldm:6").status == "not-met"
    assert not findings_of(label, "LDM-EQUIVALENCE-APPLIED")
    assert not label.equivalences


# -- title, eligibility ----------------------------------------------------------------------

def test_the_title_length_counts_the_mention_lycee_des_metiers(result_of):
    [finding] = findings_of(result_of("title/mention-counted.toml"), "LDM-TITLE")
    assert "101 caractères" in finding.message and finding.message.count("Lycée des métiers") == 1


# -- validity of the label held -----------------------------------------------------------------

@pytest.mark.parametrize("as_of, verdict", [
    ("2025-06-27", "valid"),
    ("2025-06-28", "renewal-due"),  # the fifth year starts
    ("2026-06-27", "renewal-due"),
    ("2026-06-28", "expired"),  # awarded 28 June 2021 + 5 years
])
def test_the_validity_of_a_label_held_is_computed_from_its_award(as_of, verdict, result_of):
    label = result_of("validity/held-2021.toml", as_of=as_of)
    assert label.verdict == verdict
    assert label.held["expires"] == dt.date(2026, 6, 28) and label.held["status"] == verdict
    assert label.application is None


def test_an_explicit_expiry_date_overrides_the_computed_one(result_of):
    assert result_of("validity/held-explicit-expires.toml", as_of="2026-01-30").verdict == "valid"
    assert result_of("validity/held-explicit-expires.toml", as_of="2026-06-28").verdict == "renewal-due"
    assert result_of("validity/held-explicit-expires.toml", as_of="2027-01-31").verdict == "expired"


def test_a_renewal_in_progress_is_judged_ready_or_not_not_by_validity(result_of):
    label = result_of("validity/renewal-with-held.toml")
    assert label.verdict == "not-ready" and label.held["status"] == "renewal-due"


# -- audits ----------------------------------------------------------------------------------------

def test_the_audit_team_problem_is_named(result_of):
    [finding] = findings_of(result_of("audits/team-1.toml"), "LDM-AUDIT-TEAM")
    assert "1 auditeur(s) au lieu de 2 à 4" in finding.message
    found = findings_of(result_of("audits/team-2.toml", CVL), "LDM-AUDIT-TEAM")
    assert {f.subject: f.message for f in found} == {
        "auditors": "Audit du 20/05/2026 : 2 auditeur(s) au lieu de 3",
        "lead": "Audit du 20/05/2026 : aucun auditeur référent (lead) désigné",
    }


def test_audit_calendar_findings_are_deadlines(result_of):
    [plan] = findings_of(result_of("audits/calendar-plan-late.toml"), "LDM-AUDIT-CALENDAR")
    assert plan.kind == "deadline" and plan.due == dt.date(2026, 5, 5)
    [report] = findings_of(result_of("audits/calendar-report-late.toml"), "LDM-AUDIT-CALENDAR")
    assert report.due == dt.date(2026, 5, 30)


# -- files ---------------------------------------------------------------------------------------------

def test_a_missing_file_is_a_warning_naming_it(result_of):
    [finding] = findings_of(result_of("files/missing/dossier.toml"), "DOC-FILE-MISSING")
    assert "pieces/absente.pdf" in finding.message and finding.kind == "required-document"
