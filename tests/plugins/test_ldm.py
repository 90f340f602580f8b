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
NATIONAL = "national"
NO_EQUIVALENCE = str(FIXTURES / "profiles" / "no-euroscol-equivalence.toml")
# An academy whose groupe Lycée des métiers adopted the Euroscol equivalence for every school.
ADOPTED = str(FIXTURES / "profiles" / "euroscol-equivalence-adopted.toml")
# An academy making two operational readings (LDM-DENOMINATIONS, LDM-PV-CA-DATE) blocking.
STRICT = str(FIXTURES / "profiles" / "operational-rules-blocking.toml")


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
    # Operational readings (nature "operational") warn unless a profile makes them block (1.1).
    Broken("denominations/none.toml", "LDM-DENOMINATIONS", "warning", "ldm", "ldm"),
    Broken(
        "denominations/none.toml", "LDM-DENOMINATIONS", "blocking", "ldm", "ldm", profile=STRICT
    ),
    Broken("pieces/pv-ca-missing.toml", "LDM-DOC-REQUIRED", "blocking", "pv-ca", "ldm"),
    Broken("pieces/leaflet-one-missing.toml", "LDM-DOC-LEAFLET", "blocking", "plaquette", "ldm"),
    Broken(
        "pieces/dashboard-missing-2021.toml",
        "LDM-DOC-DASHBOARD-YEARS",
        "blocking",
        "tableau-bord-effectifs",
        "ldm",
    ),
    Broken(
        "pieces/dashboard-submitted-2025-late.toml",
        "LDM-DOC-DASHBOARD-YEARS",
        "blocking",
        "tableau-bord-effectifs",
        "ldm",
    ),
    Broken("pieces/pv-ca-after.toml", "LDM-PV-CA-DATE", "warning", "pv-ca", "ldm"),
    Broken("pieces/pv-ca-undated.toml", "LDM-PV-CA-DATE", "warning", "pv-ca", "ldm"),
    Broken("pieces/pv-ca-after.toml", "LDM-PV-CA-DATE", "blocking", "pv-ca", "ldm", profile=STRICT),
    Broken(
        "pieces/pv-ca-undated.toml", "LDM-PV-CA-DATE", "blocking", "pv-ca", "ldm", profile=STRICT
    ),
    Broken(
        "indicators/criterion-8-missing.toml",
        "LDM-INDICATOR-PER-CRITERION",
        "blocking",
        "ldm:8",
        "ldm:8",
    ),
    Broken(
        "descriptors/non-network.toml", "LDM-DESCRIPTOR-EVIDENCE", "info", "ldm:6.32", "ldm:6.32"
    ),
    Broken("nonconformities/open-renewal.toml", "LDM-NC-OPEN", "blocking", "FE-2026-01", "ldm:7"),
    Broken(
        "nonconformities/nonconformity-open.toml", "LDM-NC-OPEN", "blocking", "FE-2026-01", "ldm:7"
    ),
    # Lifted on 5 October, after the as-of date (the audit): still open at that date (1.1).
    Broken("nonconformities/lifted-late.toml", "LDM-NC-OPEN", "blocking", "FE-2026-01", "ldm:7"),
    Broken(
        "nonconformities/lifted.toml",
        "LDM-NC-OPEN",
        "blocking",
        "FE-2026-01",
        "ldm:7",
        as_of="2026-06-01",
    ),
    Broken(
        "nonconformities/lifted.toml",
        "DATED-LATER",
        "info",
        "FE-2026-01",
        "ldm",
        as_of="2026-06-01",
    ),
    Broken(
        "nonconformities/deviation-open.toml",
        "LDM-DEVIATION-OPEN",
        "warning",
        "FE-2026-01",
        "ldm:7",
    ),
    Broken(
        "nonconformities/finding-without-fiche.toml",
        "LDM-FINDING-NO-FICHE",
        "blocking",
        "ldm:3.13",
        "ldm:3.13",
    ),
    Broken(
        "nonconformities/finding-at-follow-up.toml",
        "LDM-FOLLOWUP-NO-FICHE",
        "warning",
        "ldm:3.13",
        "ldm:3.13",
    ),
    Broken(
        "nonconformities/open-renewal.toml",
        "LDM-NC-DUE",
        "warning",
        "FE-2026-01",
        "ldm:7",
        as_of="2026-10-01",
    ),
    Broken(
        "nonconformities/open-without-engagements.toml",
        "LDM-NC-ENGAGEMENT",
        "warning",
        "FE-2026-01",
        "ldm:7",
        profile=CVL,
        as_of="2026-06-10",
    ),  # raised 20 May + 20 days
    Broken(
        "nonconformities/open-renewal.toml",
        "LDM-NC-DEADLINE",
        "blocking",
        "FE-2026-01",
        "ldm:7",
        profile=CVL,
        as_of="2026-10-01",
    ),
    Broken(
        "nonconformities/open-renewal-orleans-tours.toml",
        "LDM-NC-DEADLINE",
        "blocking",
        "FE-2026-01",
        "ldm:7",
        as_of="2026-10-01",
    ),  # its academy's profile, chosen without --profile
    # Lifted on 5 October: judged once that lift counts (as of 5 October), it came after 30 September.
    Broken(
        "nonconformities/lifted-late.toml",
        "LDM-NC-DEADLINE",
        "blocking",
        "FE-2026-01",
        "ldm:7",
        profile=CVL,
        as_of="2026-10-05",
    ),
    # 1.1: an equivalence applies only where decided (a recorded decision, or the profile).
    Broken(
        "equivalence/euroscol-valid-decided.toml",
        "LDM-EQUIVALENCE-APPLIED",
        "info",
        "ldm:6",
        "ldm:6",
    ),
    Broken(
        "equivalence/euroscol-valid.toml",
        "LDM-EQUIVALENCE-APPLIED",
        "info",
        "ldm:6",
        "ldm:6",
        profile=ADOPTED,
    ),
    Broken(
        "equivalence/euroscol-expired.toml",
        "LDM-EQUIVALENCE-LAPSED",
        "warning",
        "ldm:6",
        "ldm:6",
        profile=ADOPTED,
    ),
    Broken(
        "equivalence/euroscol-valid.toml", "LDM-EQUIVALENCE-UNDECIDED", "info", "ldm:6", "ldm:6"
    ),
    Broken(
        "equivalence/euroscol-valid-decided-later.toml",
        "LDM-EQUIVALENCE-UNDECIDED",
        "info",
        "ldm:6",
        "ldm:6",
    ),
    Broken(
        "equivalence/euroscol-valid-decided-later.toml",
        "DATED-LATER",
        "info",
        "euroscol-ldm-6",
        "ldm",
    ),
    Broken(
        "validity/held-2021.toml",
        "LDM-VALIDITY-RENEWAL-DUE",
        "warning",
        "ldm",
        "ldm",
        as_of="2026-01-15",
    ),
    Broken(
        "validity/held-2021.toml",
        "LDM-VALIDITY-EXPIRED",
        "warning",
        "ldm",
        "ldm",
        as_of="2026-06-28",
    ),
    Broken("validity/renewal-without-held.toml", "LDM-RENEWAL-HELD", "warning", "ldm", "ldm"),
    Broken("validity/renewal-after-expiry.toml", "LDM-RENEWAL-EXPIRED", "blocking", "ldm", "ldm"),
    Broken("audits/team-1.toml", "LDM-AUDIT-TEAM", "warning", "auditors", "ldm"),
    Broken("audits/team-5.toml", "LDM-AUDIT-TEAM", "warning", "auditors", "ldm"),
    Broken("audits/team-2.toml", "LDM-AUDIT-TEAM", "warning", "auditors", "ldm", profile=CVL),
    Broken("audits/team-3-no-lead.toml", "LDM-AUDIT-TEAM", "warning", "lead", "ldm", profile=CVL),
    # 1.1: the referent inspector among the auditors is a rule of its own, and it blocks.
    Broken(
        "audits/referent-inspector.toml",
        "LDM-AUDIT-INSPECTOR",
        "blocking",
        "referent_inspector",
        "ldm",
    ),
    Broken(
        "audits/ready-inspector-auditing.toml",
        "LDM-AUDIT-INSPECTOR",
        "blocking",
        "referent_inspector",
        "ldm",
    ),
    # 1.1: the audit calendar is Centre-Val de Loire's (cahier des charges 2026), not the circular's.
    Broken(
        "audits/calendar-plan-late.toml",
        "LDM-AUDIT-CALENDAR",
        "warning",
        "plan_returned",
        "ldm",
        profile=CVL,
    ),
    Broken(
        "audits/calendar-plan-late-orleans-tours.toml",
        "LDM-AUDIT-CALENDAR",
        "warning",
        "plan_returned",
        "ldm",
    ),
    Broken(
        "audits/calendar-report-late.toml",
        "LDM-AUDIT-CALENDAR",
        "warning",
        "report_sent",
        "ldm",
        profile=CVL,
    ),
    Broken(
        "audits/calendar-report-pending.toml",
        "LDM-AUDIT-CALENDAR",
        "warning",
        "report_sent",
        "ldm",
        profile=CVL,
        as_of="2026-06-15",
    ),
    # The action plan followed (LDM 002): judged at the audit date, 20 May 2026.
    Broken("actions/late.toml", "LDM-ACTION-LATE", "warning", "A6-1", "ldm:6"),
    Broken("actions/no-owner.toml", "LDM-ACTION-NO-OWNER", "warning", "A3-1", "ldm:3"),
    # An action tied to no criterion belongs to the plan as a whole: filed under the label.
    Broken("actions/no-owner.toml", "LDM-ACTION-NO-OWNER", "warning", "A0-1", "ldm"),
    Broken(
        "nonconformities/deviation-no-engagements.toml",
        "LDM-DEVIATION-NO-OWNER",
        "warning",
        "FE-2026-02",
        "ldm:3",
        profile=CVL,
        as_of="2026-06-10",
    ),  # raised 20 May + 20 days
    Broken(
        "nonconformities/deviation-no-engagements.toml",
        "LDM-DEVIATION-INCOMPLETE",
        "warning",
        "FE-2026-02",
        "ldm:3",
        profile=CVL,
        as_of="2026-06-10",
    ),
    Broken("audits/before-submission.toml", "AUDIT-BEFORE-SUBMISSION", "warning", "audit", "ldm"),
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
    # Lifted on 12 June 2026: judged from that day on (1.1: at the audit it was still open).
    Met("nonconformities/lifted.toml", "LDM-NC-OPEN", as_of="2026-06-12"),
    Met("nonconformities/lifted.toml", "LDM-NC-OPEN", as_of="2026-06-30"),
    Met("nonconformities/lifted.toml", "DATED-LATER", as_of="2026-06-12"),
    Met("nonconformities/deviation-open.toml", "LDM-NC-OPEN"),  # an écart is not a non-conformité
    Met("nonconformities/nonconformity-open.toml", "LDM-DEVIATION-OPEN"),
    Met("nonconformities/finding-with-fiche.toml", "LDM-FINDING-NO-FICHE"),
    Met("nonconformities/finding-at-follow-up.toml", "LDM-FINDING-NO-FICHE"),
    Met(
        "nonconformities/finding-without-fiche.toml", "LDM-FOLLOWUP-NO-FICHE"
    ),  # a renewal audit's finding
    Met("nonconformities/open-renewal.toml", "LDM-NC-DUE", as_of="2026-09-30"),
    Met(
        "nonconformities/open-without-engagements.toml",
        "LDM-NC-ENGAGEMENT",
        profile=CVL,
        as_of="2026-06-09",
    ),
    Met("nonconformities/open-renewal.toml", "LDM-NC-ENGAGEMENT", profile=CVL, as_of="2026-06-10"),
    Met(
        "nonconformities/open-without-engagements.toml", "LDM-NC-ENGAGEMENT", as_of="2026-06-10"
    ),  # national
    Met("nonconformities/lifted.toml", "LDM-NC-DEADLINE", profile=CVL),
    Met(
        "nonconformities/lifted.toml", "LDM-NC-DEADLINE", profile=CVL, as_of="2026-10-01"
    ),  # lifted 12 June
    Met("nonconformities/open-renewal.toml", "LDM-NC-DEADLINE", profile=CVL, as_of="2026-09-30"),
    Met(
        "nonconformities/open-renewal.toml", "LDM-NC-DEADLINE", as_of="2026-10-01"
    ),  # national: no deadline
    Met("nonconformities/open-renewal-orleans-tours.toml", "LDM-NC-DEADLINE", as_of="2026-09-30"),
    Met(
        "nonconformities/open-renewal-orleans-tours.toml",
        "LDM-NC-DEADLINE",
        profile=NATIONAL,
        as_of="2026-10-01",
    ),
    Met(
        "nonconformities/deviation-open.toml", "LDM-NC-DEADLINE", profile=CVL, as_of="2026-10-01"
    ),  # an écart
    Met("nonconformities/open-follow-up.toml", "LDM-NC-DEADLINE", profile=CVL, as_of="2026-10-01"),
    Met("nonconformities/raised-in-october.toml", "LDM-NC-DEADLINE", profile=CVL),
    Met("equivalence/no-euroscol.toml", "LDM-EQUIVALENCE-APPLIED"),
    Met("equivalence/euroscol-expired.toml", "LDM-EQUIVALENCE-APPLIED"),
    Met("equivalence/euroscol-expired.toml", "LDM-EQUIVALENCE-APPLIED", profile=ADOPTED),
    Met(
        "equivalence/euroscol-valid.toml", "LDM-EQUIVALENCE-APPLIED"
    ),  # national, no decision (1.1)
    Met("equivalence/euroscol-valid-decided-later.toml", "LDM-EQUIVALENCE-APPLIED"),
    Met("equivalence/euroscol-valid.toml", "LDM-EQUIVALENCE-LAPSED"),
    Met("equivalence/euroscol-valid-decided.toml", "LDM-EQUIVALENCE-LAPSED"),
    Met(
        "equivalence/euroscol-expired.toml", "LDM-EQUIVALENCE-LAPSED"
    ),  # never decided: nothing lapsed
    Met("equivalence/no-euroscol.toml", "LDM-EQUIVALENCE-LAPSED"),
    Met("equivalence/euroscol-valid-decided.toml", "LDM-EQUIVALENCE-UNDECIDED"),
    Met("equivalence/euroscol-valid.toml", "LDM-EQUIVALENCE-UNDECIDED", profile=ADOPTED),
    Met("equivalence/euroscol-expired.toml", "LDM-EQUIVALENCE-UNDECIDED"),  # nothing left to decide
    Met("equivalence/no-euroscol.toml", "LDM-EQUIVALENCE-UNDECIDED"),
    Met("equivalence/euroscol-valid-decided.toml", "DATED-LATER"),
    Met("validity/held-2021.toml", "LDM-VALIDITY-RENEWAL-DUE", as_of="2025-06-27"),
    Met("validity/renewal-with-held.toml", "LDM-VALIDITY-RENEWAL-DUE"),
    Met("validity/held-2021.toml", "LDM-VALIDITY-EXPIRED", as_of="2026-06-27"),
    Met("validity/renewal-with-held.toml", "LDM-RENEWAL-HELD"),
    Met(
        "validity/renewal-with-held.toml", "LDM-RENEWAL-EXPIRED"
    ),  # sent 10 March 2026, valid until 28 June
    Met("audits/team-2.toml", "LDM-AUDIT-TEAM"),
    Met("audits/team-3-no-lead.toml", "LDM-AUDIT-TEAM"),  # national: no lead required
    Met("audits/team-3-lead.toml", "LDM-AUDIT-TEAM", profile=CVL),
    Met("audits/follow-up-team-1.toml", "LDM-AUDIT-TEAM"),
    Met(
        "audits/referent-inspector.toml", "LDM-AUDIT-TEAM"
    ),  # 1.1: the inspector is LDM-AUDIT-INSPECTOR's
    Met("audits/team-3-lead.toml", "LDM-AUDIT-INSPECTOR"),
    Met("ready.toml", "LDM-AUDIT-INSPECTOR"),  # the referent inspector named, not auditing
    Met("audits/ready-team-5.toml", "LDM-AUDIT-INSPECTOR"),
    Met("audits/calendar-on-time.toml", "LDM-AUDIT-CALENDAR"),
    Met("audits/calendar-on-time.toml", "LDM-AUDIT-CALENDAR", profile=CVL),
    Met(
        "audits/calendar-report-pending.toml", "LDM-AUDIT-CALENDAR", profile=CVL, as_of="2026-05-25"
    ),
    # The national texts fix no audit calendar: never under national, whatever the academy.
    Met("audits/calendar-plan-late.toml", "LDM-AUDIT-CALENDAR"),
    Met("audits/calendar-plan-late-orleans-tours.toml", "LDM-AUDIT-CALENDAR", profile=NATIONAL),
    Met("audits/calendar-on-time.toml", "AUDIT-BEFORE-SUBMISSION"),
    Met("files/present/dossier.toml", "DOC-FILE-MISSING"),
    Met("actions/followed.toml", "LDM-ACTION-LATE"),  # finalised before its end, or still to end
    Met("actions/late.toml", "LDM-ACTION-LATE", as_of="2026-06-20"),  # finalised 15 June
    Met("actions/late.toml", "LDM-ACTION-LATE", as_of="2026-03-31"),  # its last planned day
    Met("actions/followed.toml", "LDM-ACTION-NO-OWNER"),  # the Euroscol action is not LDM's
    Met(
        "nonconformities/deviation-no-engagements.toml",
        "LDM-DEVIATION-NO-OWNER",
        profile=CVL,
        as_of="2026-06-09",
    ),  # the 20 days for its engagements run on
    Met(
        "nonconformities/deviation-no-engagements.toml",
        "LDM-DEVIATION-NO-OWNER",
        as_of="2026-06-10",
    ),  # national: no fiche LDM 010
    Met(
        "nonconformities/deviation-open.toml",
        "LDM-DEVIATION-NO-OWNER",
        profile=CVL,
        as_of="2026-10-01",
    ),
    Met(
        "nonconformities/deviation-no-engagements.toml",
        "LDM-DEVIATION-INCOMPLETE",
        profile=CVL,
        as_of="2026-06-09",
    ),
    Met(
        "nonconformities/deviation-open.toml",
        "LDM-DEVIATION-INCOMPLETE",
        profile=CVL,
        as_of="2026-10-01",
    ),
    # A non-conformité's engagements are LDM-NC-ENGAGEMENT's: the écart rules leave it alone.
    Met(
        "nonconformities/open-without-engagements.toml",
        "LDM-DEVIATION-INCOMPLETE",
        profile=CVL,
        as_of="2026-06-10",
    ),
]


def _id(case: Broken | Met) -> str:
    settings = "".join(f"@{v}" for v in (case.profile, case.as_of) if v)
    return f"{case.rule}:{case.fixture}{settings}"


@pytest.fixture
def result_of(evaluate):
    def run(fixture: str, profile: str | None = None, as_of: str | None = None):
        return ldm(evaluate(FIXTURES / fixture, profile=profile, as_of=as_of))

    return run


# -- every rule, met and broken ----------------------------------------------------


@pytest.mark.parametrize("case", BROKEN, ids=_id)
def test_a_dossier_breaking_a_rule_gets_its_finding(case: Broken, result_of):
    label = result_of(case.fixture, case.profile, case.as_of)
    found = findings_of(label, case.rule)
    assert found, f"{case.rule} expected, got {sorted(rule_ids(label))}"
    assert (case.severity, case.subject, case.ref) in {
        (f.severity, f.subject, f.ref) for f in found
    }


@pytest.mark.parametrize("case", MET, ids=_id)
def test_a_dossier_meeting_a_rule_has_no_finding_of_it(case: Met, result_of):
    label = result_of(case.fixture, case.profile, case.as_of)
    assert case.rule not in rule_ids(label), [f.message for f in findings_of(label, case.rule)]


def test_every_ldm_rule_has_a_dossier_meeting_it_and_one_breaking_it(engine):
    rules = {
        r.id
        for r in engine().rules
        if r.spec.label in ("ldm", "*") and r.file.endswith(("ldm/rules.toml", "common/rules.toml"))
    }
    assert rules, "no LDM rule loaded"
    # The rules of the 1.1 readings (écart, fiche, inspector, expired label, undecided equivalence).
    assert {
        "LDM-DEVIATION-OPEN",
        "LDM-FINDING-NO-FICHE",
        "LDM-AUDIT-INSPECTOR",
        "LDM-RENEWAL-EXPIRED",
        "LDM-EQUIVALENCE-UNDECIDED",
    } <= rules
    assert rules <= {c.rule for c in BROKEN}, "rules never broken by a fixture"
    assert rules <= {c.rule for c in MET}, "rules never met by a fixture"


def test_the_complete_application_is_ready_with_every_criterion_met(result_of):
    label = result_of("ready.toml")
    assert label.verdict == "ready"
    assert {f.severity for f in label.findings} <= {"info"}
    assert [(c.ref, c.status) for c in label.criteria] == [(f"ldm:{n}", "met") for n in range(1, 9)]


# -- required pieces (annex 3) ------------------------------------------------------

REQUIRED = [
    "fiche-candidature",
    "projet-etablissement",
    "plan-actions",
    "auto-evaluation",
    "pv-ca",
    "cartographie-formations",
    "tableau-bord-effectifs",
]


@pytest.mark.parametrize("missing", REQUIRED)
def test_each_required_piece_missing_is_a_blocking_finding_naming_it(missing, evaluate_data):
    data = loads((FIXTURES / "pieces/all-seven.toml").read_text("utf-8"))
    data["documents"] = [d for d in data["documents"] if d["type"] != missing]
    label = ldm(evaluate_data(data))
    found = findings_of(label, "LDM-DOC-REQUIRED")
    assert [(f.subject, f.severity, f.kind) for f in found] == [
        (missing, "blocking", "required-document")
    ]
    assert label.verdict == "not-ready"


def test_a_leaflet_is_due_for_each_denomination(result_of):
    label = result_of("pieces/leaflet-one-missing.toml")
    [finding] = findings_of(label, "LDM-DOC-LEAFLET")
    assert "« peinture en carrosserie »" in finding.message


def test_dashboards_cover_the_five_years_before_the_application_year(result_of):
    [finding] = findings_of(
        result_of("pieces/dashboard-missing-2021.toml"), "LDM-DOC-DASHBOARD-YEARS"
    )
    assert "2021" in finding.message and "2026" not in finding.message


def test_the_submitted_date_decides_the_application_year(result_of):
    # Submitted in December 2025, audited in May 2026: 2020 to 2024 are due, not 2021 to 2025.
    [finding] = findings_of(
        result_of("pieces/dashboard-submitted-2025-late.toml"), "LDM-DOC-DASHBOARD-YEARS"
    )
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
    subjects = {
        f.subject
        for f in findings_of(result_of("descriptors/non-network.toml"), "LDM-DESCRIPTOR-EVIDENCE")
    }
    assert subjects and not subjects & NETWORK_ONLY
    assert len(subjects) == 46 - 4


def test_network_only_descriptors_are_asked_of_a_network(result_of):
    subjects = {
        f.subject
        for f in findings_of(result_of("descriptors/network.toml"), "LDM-DESCRIPTOR-EVIDENCE")
    }
    assert subjects >= NETWORK_ONLY and len(subjects) == 46


def test_self_assessment_evidence_supports_its_descriptor(result_of):
    subjects = {
        f.subject
        for f in findings_of(result_of("descriptors/with-evidence.toml"), "LDM-DESCRIPTOR-EVIDENCE")
    }
    assert "ldm:6.32" not in subjects and "ldm:6.33" in subjects


# -- nonconformities (fiches d'écart) ------------------------------------------------------


def test_an_open_nonconformity_blocks_and_fails_its_criterion(result_of):
    label = result_of("nonconformities/open-renewal.toml")
    [finding] = findings_of(label, "LDM-NC-OPEN")
    assert finding.kind == "open-nonconformity" and finding.due == dt.date(2026, 9, 30)
    assert label.verdict == "not-ready"
    assert criterion(label, "ldm:7").status == "not-met"


@pytest.mark.parametrize(
    "fixture, as_of",
    [
        ("nonconformities/open-follow-up.toml", None),
        (
            "nonconformities/lifted.toml",
            "2026-06-12",
        ),  # lifted that day (1.1: judged once it is lifted)
    ],
)
def test_a_follow_up_or_lifted_nonconformity_does_not_block(fixture, as_of, result_of):
    label = result_of(fixture, as_of=as_of)
    assert not findings_of(label, "LDM-NC-OPEN")
    assert criterion(label, "ldm:7").status == "met"


def test_an_open_deviation_warns_and_never_blocks_nor_fails_its_criterion(result_of):
    # Seed 004, part 1 § 5 and LDM 013: an écart is followed in the school's internal table.
    label = result_of("nonconformities/deviation-open.toml")
    [finding] = findings_of(label, "LDM-DEVIATION-OPEN")
    assert (finding.severity, finding.kind, finding.subject) == (
        "warning",
        "open-nonconformity",
        "FE-2026-01",
    )
    assert not findings_of(label, "LDM-NC-OPEN")
    assert label.verdict == "ready"
    assert criterion(label, "ldm:7").status == "met"
    assert {f.severity for f in label.findings} <= {"warning", "info"}


def test_an_open_deviation_never_blocks_even_past_30_september_in_centre_val_de_loire(result_of):
    label = result_of("nonconformities/deviation-open.toml", CVL, "2026-10-01")
    assert not findings_of(label, "LDM-NC-OPEN") and not findings_of(label, "LDM-NC-DEADLINE")
    assert [f.severity for f in findings_of(label, "LDM-DEVIATION-OPEN")] == ["warning"]
    assert criterion(label, "ldm:7").status == "met"


def test_an_open_nonconformity_of_a_complete_renewal_blocks_it(result_of):
    # No grade on the fiche: a non-conformité, the default (dossier format 1.1).
    label = result_of("nonconformities/nonconformity-open.toml")
    [finding] = findings_of(label, "LDM-NC-OPEN")
    assert (finding.severity, finding.subject, finding.ref) == ("blocking", "FE-2026-01", "ldm:7")
    assert not findings_of(label, "LDM-DEVIATION-OPEN")
    assert label.verdict == "not-ready"
    assert criterion(label, "ldm:7").status == "not-met"
    assert [f.rule for f in label.findings if f.severity == "blocking"] == ["LDM-NC-OPEN"]


def test_a_nonconformity_finding_at_a_renewal_audit_without_its_fiche_blocks(result_of):
    label = result_of("nonconformities/finding-without-fiche.toml")
    [finding] = findings_of(label, "LDM-FINDING-NO-FICHE")
    assert (finding.severity, finding.kind, finding.ref) == (
        "blocking",
        "open-nonconformity",
        "ldm:3.13",
    )
    assert "sans fiche d'écart" in finding.message and "20/05/2026" in finding.message
    assert label.verdict == "not-ready"
    assert criterion(label, "ldm:3").status == "not-met"


def test_a_nonconformity_finding_with_its_fiche_is_followed_through_the_fiche(result_of):
    label = result_of("nonconformities/finding-with-fiche.toml")
    assert not findings_of(label, "LDM-FINDING-NO-FICHE")
    assert [(f.subject, f.ref) for f in findings_of(label, "LDM-NC-OPEN")] == [
        ("FE-2026-02", "ldm:3")
    ]


def test_a_nonconformity_finding_at_a_follow_up_audit_without_fiche_does_not_block(result_of):
    # LDM 013, 4.1.2: a follow-up audit's nonconformities have no bearing on the label.
    label = result_of("nonconformities/finding-at-follow-up.toml")
    assert not findings_of(label, "LDM-FINDING-NO-FICHE")
    assert [f.severity for f in findings_of(label, "LDM-FOLLOWUP-NO-FICHE")] == ["warning"]
    assert label.verdict == "ready"


def test_a_fiche_lifted_after_the_as_of_date_is_open_at_that_date(result_of):
    # Lifted on 12 June 2026: open on 1 June, and the report says why.
    before = result_of("nonconformities/lifted.toml", as_of="2026-06-01")
    assert [f.severity for f in findings_of(before, "LDM-NC-OPEN")] == ["blocking"]
    assert before.verdict == "not-ready" and criterion(before, "ldm:7").status == "not-met"
    [later] = findings_of(before, "DATED-LATER")
    assert later.severity == "info" and "12/06/2026" in later.message
    after = result_of("nonconformities/lifted.toml", as_of="2026-06-12")
    assert not findings_of(after, "LDM-NC-OPEN") and not findings_of(after, "DATED-LATER")


def test_centre_val_de_loire_nonconformities_are_lifted_by_30_september(result_of):
    [finding] = findings_of(
        result_of("nonconformities/open-renewal.toml", CVL, "2026-10-01"), "LDM-NC-DEADLINE"
    )
    assert finding.kind == "deadline" and finding.due == dt.date(2026, 9, 30)
    assert "30/09/2026" in finding.message


def test_the_30_september_deadline_applies_to_an_orleans_tours_school_without_option(evaluate):
    # Establishment of the academy of Orléans-Tours: judged under centre-val-de-loire-2026.
    result = evaluate(
        FIXTURES / "nonconformities/open-renewal-orleans-tours.toml", as_of="2026-10-01"
    )
    assert (result.profile, result.profile_reason) == (CVL, "academy")
    [finding] = findings_of(ldm(result), "LDM-NC-DEADLINE")
    assert (finding.severity, finding.due) == ("blocking", dt.date(2026, 9, 30))
    national = evaluate(
        FIXTURES / "nonconformities/open-renewal-orleans-tours.toml", NATIONAL, "2026-10-01"
    )
    assert (national.profile, national.profile_reason) == (NATIONAL, "option")
    assert not findings_of(ldm(national), "LDM-NC-DEADLINE")


def test_a_nonconformity_raised_after_30_september_has_until_the_next_one(result_of):
    assert not findings_of(
        result_of("nonconformities/raised-in-october.toml", CVL, "2027-09-30"), "LDM-NC-DEADLINE"
    )
    [finding] = findings_of(
        result_of("nonconformities/raised-in-october.toml", CVL, "2027-10-01"), "LDM-NC-DEADLINE"
    )
    assert finding.due == dt.date(2027, 9, 30)


# -- the Euroscol equivalence for criterion 6 ------------------------------------------------


def test_euroscol_valid_at_the_audit_meets_criterion_6_by_a_recorded_decision(result_of):
    label = result_of("equivalence/euroscol-valid-decided.toml")
    ldm6 = criterion(label, "ldm:6")
    assert (ldm6.status, ldm6.via) == ("met-by-equivalence", "euroscol")
    assert "ldm:6" not in {f.subject for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION")}
    assert [(e["criterion"], e["via"], e["applied"]) for e in label.equivalences] == [
        ("ldm:6", "euroscol", True)
    ]
    [equivalence] = label.equivalences
    assert equivalence["adopted_by"] == "decision"
    assert equivalence["decision"]["date"] == "2026-02-02"
    [applied] = findings_of(label, "LDM-EQUIVALENCE-APPLIED")
    assert "décision du 02/02/2026" in applied.message
    assert not findings_of(label, "LDM-EQUIVALENCE-UNDECIDED")


def test_under_national_without_decision_euroscol_does_not_stand_in(result_of):
    # Circular § 3: the groupe « peut décider »; `national` adopts no equivalence (1.1).
    label = result_of("equivalence/euroscol-valid.toml")
    ldm6 = criterion(label, "ldm:6")
    assert (ldm6.status, ldm6.via) == (
        "not-met",
        None,
    )  # examined on its own evidence: no indicator
    assert "ldm:6" in {f.subject for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION")}
    assert [(e["criterion"], e["applied"], e["adopted_by"]) for e in label.equivalences] == [
        ("ldm:6", False, None)
    ]
    [undecided] = findings_of(label, "LDM-EQUIVALENCE-UNDECIDED")
    assert (undecided.severity, undecided.ref) == ("info", "ldm:6")
    assert not findings_of(label, "LDM-EQUIVALENCE-APPLIED")


def test_a_profile_adopting_the_equivalence_applies_it_to_every_school_it_serves(result_of):
    label = result_of("equivalence/euroscol-valid.toml", profile=ADOPTED)
    assert criterion(label, "ldm:6").status == "met-by-equivalence"
    assert [(e["criterion"], e["applied"], e["adopted_by"]) for e in label.equivalences] == [
        ("ldm:6", True, "profile")
    ]
    assert findings_of(label, "LDM-EQUIVALENCE-APPLIED") and not findings_of(
        label, "LDM-EQUIVALENCE-UNDECIDED"
    )


def test_a_decision_dated_after_the_as_of_date_does_not_apply_yet(result_of):
    # Decided on 15 June 2026, after the audit of 20 May 2026.
    label = result_of("equivalence/euroscol-valid-decided-later.toml")
    assert criterion(label, "ldm:6").status == "not-met"
    assert [(e["applied"], e["adopted_by"]) for e in label.equivalences] == [(False, None)]
    assert findings_of(label, "LDM-EQUIVALENCE-UNDECIDED") and not findings_of(
        label, "LDM-EQUIVALENCE-APPLIED"
    )
    [later] = findings_of(label, "DATED-LATER")
    assert "15/06/2026" in later.message
    decided = result_of("equivalence/euroscol-valid-decided-later.toml", as_of="2026-06-15")
    assert criterion(decided, "ldm:6").status == "met-by-equivalence"


def test_the_equivalence_wins_over_the_criterion_own_evidence_which_is_still_listed(result_of):
    ldm6 = criterion(
        result_of("equivalence/euroscol-and-own-evidence.toml"), "ldm:6"
    )  # decision recorded
    assert ldm6.status == "met-by-equivalence" and ldm6.evidence == ("mobilites",)


@pytest.mark.parametrize(
    "fixture", ["equivalence/euroscol-expired.toml", "equivalence/euroscol-later.toml"]
)
def test_euroscol_not_valid_at_the_audit_does_not_stand_in(fixture, result_of):
    label = result_of(fixture, profile=ADOPTED)  # adopted (1.1: only then could it stand in)
    assert criterion(label, "ldm:6").status == "not-met"
    assert [f.subject for f in findings_of(label, "LDM-EQUIVALENCE-LAPSED")] == ["ldm:6"]
    assert "ldm:6" in {f.subject for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION")}


def test_euroscol_valid_at_one_date_and_expired_at_another(result_of):
    # Awarded 15 January 2025 for three years; the decision of 2 February 2026 is recorded.
    assert (
        criterion(
            result_of("equivalence/euroscol-valid-decided.toml", as_of="2028-01-14"), "ldm:6"
        ).status
        == "met-by-equivalence"
    )
    assert (
        criterion(
            result_of("equivalence/euroscol-valid-decided.toml", as_of="2028-01-15"), "ldm:6"
        ).status
        == "not-met"
    )


def test_a_profile_may_switch_the_equivalence_off(result_of):
    label = result_of("equivalence/euroscol-valid.toml", profile=NO_EQUIVALENCE)
    assert criterion(label, "ldm:6").status == "not-met"
    assert not findings_of(label, "LDM-EQUIVALENCE-APPLIED")
    # 1.1: the equivalence the school could be granted is listed, not applied, adopted by no one.
    assert [(e["applied"], e["adopted_by"]) for e in label.equivalences] == [(False, None)]


# -- title, eligibility ----------------------------------------------------------------------


def test_the_title_length_counts_the_mention_lycee_des_metiers(result_of):
    [finding] = findings_of(result_of("title/mention-counted.toml"), "LDM-TITLE")
    assert "101 caractères" in finding.message and finding.message.count("Lycée des métiers") == 1


# -- validity of the label held -----------------------------------------------------------------


@pytest.mark.parametrize(
    "as_of, verdict",
    [
        ("2025-06-27", "valid"),
        ("2025-06-28", "renewal-due"),  # the fifth year starts
        ("2026-06-27", "renewal-due"),
        ("2026-06-28", "expired"),  # awarded 28 June 2021 + 5 years
    ],
)
def test_the_validity_of_a_label_held_is_computed_from_its_award(as_of, verdict, result_of):
    label = result_of("validity/held-2021.toml", as_of=as_of)
    assert label.verdict == verdict
    assert label.held["expires"] == dt.date(2026, 6, 28) and label.held["status"] == verdict
    assert label.application is None


def test_an_explicit_expiry_date_overrides_the_computed_one(result_of):
    assert result_of("validity/held-explicit-expires.toml", as_of="2026-01-30").verdict == "valid"
    assert (
        result_of("validity/held-explicit-expires.toml", as_of="2026-06-28").verdict
        == "renewal-due"
    )
    assert result_of("validity/held-explicit-expires.toml", as_of="2027-01-31").verdict == "expired"


def test_a_renewal_in_progress_is_judged_ready_or_not_not_by_validity(result_of):
    label = result_of("validity/renewal-with-held.toml")
    assert label.verdict == "not-ready" and label.held["status"] == "renewal-due"


def test_a_renewal_sent_after_the_label_expired_blocks(result_of):
    # Awarded 1 March 2021, expired 1 March 2026; the renewal was sent on 10 March 2026.
    label = result_of("validity/renewal-after-expiry.toml")
    [finding] = findings_of(label, "LDM-RENEWAL-EXPIRED")
    assert (finding.severity, finding.subject) == ("blocking", "ldm")
    assert label.verdict == "not-ready"
    assert not findings_of(result_of("validity/renewal-with-held.toml"), "LDM-RENEWAL-EXPIRED")


# -- audits ----------------------------------------------------------------------------------------


def test_the_audit_team_problem_is_named(result_of):
    [finding] = findings_of(result_of("audits/team-1.toml"), "LDM-AUDIT-TEAM")
    assert "1 auditeur(s) au lieu de 2 à 4" in finding.message
    found = findings_of(result_of("audits/team-2.toml", CVL), "LDM-AUDIT-TEAM")
    assert {f.subject: f.message for f in found} == {
        "auditors": "Audit du 20/05/2026 : 2 auditeur(s) au lieu de 3",
        "lead": "Audit du 20/05/2026 : aucun auditeur référent (lead) désigné",
    }


def test_the_referent_inspector_among_the_auditors_blocks(result_of):
    # Circular § 4: the referent inspector « ne peut être membre de l'équipe d'audit ».
    label = result_of("audits/ready-inspector-auditing.toml")
    [finding] = findings_of(label, "LDM-AUDIT-INSPECTOR")
    assert (finding.severity, finding.kind) == ("blocking", "audit-team")
    assert "D. Leroy" in finding.message
    assert not findings_of(label, "LDM-AUDIT-TEAM")
    assert label.verdict == "not-ready"


def test_an_audit_team_of_five_only_warns(result_of):
    label = result_of("audits/ready-team-5.toml")
    [finding] = findings_of(label, "LDM-AUDIT-TEAM")
    assert (finding.severity, finding.subject) == ("warning", "auditors")
    assert "5 auditeur(s) au lieu de 2 à 4" in finding.message
    assert not findings_of(label, "LDM-AUDIT-INSPECTOR")
    assert label.verdict == "ready"


def test_audit_calendar_findings_are_deadlines(result_of):
    # The calendar is Centre-Val de Loire's (1.1): judged under its profile.
    [plan] = findings_of(result_of("audits/calendar-plan-late.toml", CVL), "LDM-AUDIT-CALENDAR")
    assert plan.kind == "deadline" and plan.due == dt.date(2026, 5, 5)
    [report] = findings_of(result_of("audits/calendar-report-late.toml", CVL), "LDM-AUDIT-CALENDAR")
    assert report.due == dt.date(2026, 5, 30)


def test_the_audit_calendar_applies_under_the_academy_profile_and_never_under_national(evaluate):
    orleans_tours = evaluate(FIXTURES / "audits/calendar-plan-late-orleans-tours.toml")
    assert (orleans_tours.profile, orleans_tours.profile_reason) == (CVL, "academy")
    assert [f.subject for f in findings_of(ldm(orleans_tours), "LDM-AUDIT-CALENDAR")] == [
        "plan_returned"
    ]
    elsewhere = evaluate(FIXTURES / "audits/calendar-plan-late.toml")  # no academy: national
    assert (elsewhere.profile, elsewhere.profile_reason) == (NATIONAL, "default")
    assert not findings_of(ldm(elsewhere), "LDM-AUDIT-CALENDAR")
    given = evaluate(FIXTURES / "audits/calendar-plan-late.toml", CVL)
    assert (given.profile, given.profile_reason) == (CVL, "option")
    assert findings_of(ldm(given), "LDM-AUDIT-CALENDAR")
    assert not findings_of(
        ldm(evaluate(FIXTURES / "audits/calendar-plan-late-orleans-tours.toml", NATIONAL)),
        "LDM-AUDIT-CALENDAR",
    )


# -- operational readings: warn unless a profile says they block --------------------------------


@pytest.mark.parametrize(
    "fixture, rule",
    [
        ("denominations/none.toml", "LDM-DENOMINATIONS"),
        ("pieces/pv-ca-after.toml", "LDM-PV-CA-DATE"),
    ],
)
def test_an_operational_rule_warns_under_national_and_blocks_where_a_profile_says_so(
    fixture, rule, result_of
):
    [national] = findings_of(result_of(fixture), rule)
    assert (national.severity, national.nature) == ("warning", "operational")
    [strict] = findings_of(result_of(fixture, STRICT), rule)
    assert strict.severity == "blocking"


# -- files ---------------------------------------------------------------------------------------------


def test_a_missing_file_is_a_warning_naming_it(result_of):
    [finding] = findings_of(result_of("files/missing/dossier.toml"), "DOC-FILE-MISSING")
    assert "pieces/absente.pdf" in finding.message and finding.kind == "required-document"
