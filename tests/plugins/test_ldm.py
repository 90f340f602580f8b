"""The Lycée des métiers label: each rule met by one small dossier and broken by another.

Requirements from the cahier des charges 2026 of the région académique
Centre-Val de Loire and the national circular of 23 October 2023 it reproduces;
the dossiers are in fixtures/ldm/ and each is judged on its own day (its audit's)
unless a case or test gives one. The rule-by-rule table follows the plugins'
idiom (plugin_cases): a failing dossier breaks its rule and no other but those
its case names, with the finding's severity, subject and ref. Each fixture is
kept to what its rule looks at, so most leave out pieces, indicators and
descriptor evidence (`INCOMPLETE`), which their cases name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from labelcheck.core.ruleset import load_rules
from labelcheck.core.toml import loads
from labelcheck.core.writers.combined import step_state
from plugin_cases import (
    AUDIT_DAY,
    Case,
    Plugin,
    cases,
    check_broken,
    check_every_rule_has_a_case,
    check_met,
)
from support import EXAMPLES, criterion, findings_of, ldm

LDM = Plugin("ldm", as_of=AUDIT_DAY)
FIXTURES = LDM.fixtures
CVL = "centre-val-de-loire-2026"
NATIONAL = "national"
NO_EQUIVALENCE = "profiles/no-euroscol-equivalence.toml"
# An academy whose groupe Lycée des métiers adopted the Euroscol equivalence for every school.
ADOPTED = "profiles/euroscol-equivalence-adopted.toml"
# An academy making an operational reading (LDM-DENOMINATIONS) blocking.
STRICT = "profiles/operational-rules-blocking.toml"

# What the small fixtures leave out: the pieces and the descriptors' evidence, and the indicators.
UNDOCUMENTED = (
    "LDM-DESCRIPTOR-EVIDENCE",
    "LDM-DOC-LEAFLET",
    "LDM-DOC-LEAFLET-ANY",
    "LDM-DOC-REQUIRED",
)
INCOMPLETE = (*UNDOCUMENTED, "LDM-INDICATOR-PER-CRITERION")

CASES = (
    Case(
        "LDM-ELIGIBILITY",
        "eligibility/lp-public.toml",
        "eligibility/lgt.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="lgt",
        ref="ldm",
    ),
    Case(
        "LDM-ELIGIBILITY",
        "eligibility/lpo-public.toml",
        "eligibility/college.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="college",
        ref="ldm",
    ),
    Case(
        "LDM-ELIGIBILITY",
        "eligibility/erea-private-contract.toml",
        "eligibility/lp-private.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="lp",
        ref="ldm",
    ),
    Case(
        "LDM-TITLE",
        "title/exactly-100.toml",
        "title/101.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="title",
        ref="ldm",
    ),
    Case(
        "LDM-TITLE",
        "title/short-without-mention.toml",
        "title/mention-counted.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="title",
        ref="ldm",
    ),
    Case(
        "LDM-TITLE",
        "title/exactly-100.toml",
        "title/missing.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="title",
        ref="ldm",
    ),
    # Operational readings (nature "operational") warn unless a profile makes them block (1.1).
    Case(
        "LDM-DENOMINATIONS",
        "denominations/one.toml",
        "denominations/none.toml",
        also=INCOMPLETE,
        severity="warning",
        subject="ldm",
        ref="ldm",
    ),
    # A follow-up application: no denomination is asked for (it names no title either).
    Case(
        "LDM-DENOMINATIONS",
        "denominations/follow-up.toml",
        "denominations/none.toml",
        also=(*INCOMPLETE, "LDM-TITLE"),
        severity="warning",
        subject="ldm",
        ref="ldm",
    ),
    Case(
        "LDM-DENOMINATIONS",
        "denominations/one.toml",
        "denominations/none.toml",
        profile=STRICT,
        also=INCOMPLETE,
        severity="blocking",
        subject="ldm",
        ref="ldm",
    ),
    Case(
        "LDM-DOC-REQUIRED",
        "pieces/all-seven.toml",
        "pieces/pv-ca-missing.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE", "LDM-INDICATOR-PER-CRITERION"),
        severity="blocking",
        subject="pv-ca",
        ref="ldm",
    ),
    Case(
        "LDM-DOC-REQUIRED",
        "denominations/follow-up.toml",
        "pieces/pv-ca-missing.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE", "LDM-INDICATOR-PER-CRITERION", "LDM-TITLE"),
        severity="blocking",
        subject="pv-ca",
        ref="ldm",
    ),
    Case(
        "LDM-DOC-LEAFLET",
        "pieces/leaflet-each.toml",
        "pieces/leaflet-one-missing.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE", "LDM-DOC-REQUIRED", "LDM-INDICATOR-PER-CRITERION"),
        severity="blocking",
        subject="plaquette:peinture en carrosserie",  # one identity a denomination (compare)
        ref="ldm",
    ),
    # No denomination declared: still a leaflet, the 7th piece of the list (it blocked nothing).
    Case(
        "LDM-DOC-LEAFLET-ANY",
        "pieces/leaflet-no-denomination.toml",
        "pieces/leaflet-none-no-denomination.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE", "LDM-DENOMINATIONS", "LDM-INDICATOR-PER-CRITERION"),
        severity="blocking",
        subject="plaquette",
        ref="ldm",
    ),
    Case(
        "LDM-DOC-DASHBOARD-YEARS",
        "pieces/dashboard-2021-2025.toml",
        "pieces/dashboard-missing-2021.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="tableau-bord-effectifs",
        ref="ldm",
    ),
    Case(
        "LDM-DOC-DASHBOARD-YEARS",
        "pieces/dashboard-split.toml",
        "pieces/dashboard-missing-2021.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="tableau-bord-effectifs",
        ref="ldm",
    ),
    Case(
        "LDM-DOC-DASHBOARD-YEARS",
        "pieces/dashboard-submitted-2025.toml",
        "pieces/dashboard-submitted-2025-late.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="tableau-bord-effectifs",
        ref="ldm",
    ),
    # The board minutes of a renewal not sent yet: this cycle's, not those of the award being
    # renewed (sent, LDM-PV-CA-DATE judges them, below).
    Case(
        "LDM-PV-CA-CYCLE",
        "pieces/pv-ca-this-cycle.toml",
        "pieces/pv-ca-last-cycle-unsent.toml",
        also=(*INCOMPLETE, "LDM-VALIDITY-RENEWAL-DUE"),
        severity="warning",
        subject="pv-ca",
        ref="ldm",
    ),
    # A renewal sent: the minutes approving it are this cycle's and dated before sending.
    Case(
        "LDM-PV-CA-DATE",
        "pieces/pv-ca-this-cycle.toml",
        "pieces/pv-ca-last-cycle.toml",
        also=(*INCOMPLETE, "LDM-VALIDITY-RENEWAL-DUE"),
        severity="blocking",
        subject="pv-ca",
        ref="ldm",
    ),
    Case(
        "LDM-PV-CA-DATE",
        "pieces/pv-ca-this-cycle.toml",
        "pieces/pv-ca-late-and-last-cycle.toml",
        also=(*INCOMPLETE, "LDM-VALIDITY-RENEWAL-DUE"),
        severity="blocking",
        subject="pv-ca",
        ref="ldm",
    ),
    Case(
        "LDM-PV-CA-DATE",
        "pieces/pv-ca-before.toml",
        "pieces/pv-ca-after.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="pv-ca",
        ref="ldm",
    ),
    Case(
        "LDM-PV-CA-DATE",
        "pieces/pv-ca-same-day.toml",
        "pieces/pv-ca-undated.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="pv-ca",
        ref="ldm",
    ),
    Case(
        "LDM-INDICATOR-PER-CRITERION",
        "indicators/all-criteria.toml",
        "indicators/criterion-8-missing.toml",
        also=UNDOCUMENTED,
        severity="blocking",
        subject="ldm:8",
        ref="ldm:8",
    ),
    # A network-only descriptor, in a school applying alone: what names it counts for nothing.
    Case(
        "LDM-EVIDENCE-ITEM-NOT-APPLICABLE",
        "indicators/criterion-6-network-only-network.toml",
        "indicators/criterion-6-network-only.toml",
        also=(*UNDOCUMENTED, "LDM-INDICATOR-PER-CRITERION"),
        severity="warning",
        subject="ldm:6.34",
        ref="ldm:6.34",
    ),
    Case(
        "LDM-DESCRIPTOR-EVIDENCE",
        "denominations/follow-up.toml",
        "descriptors/non-network.toml",
        also=("LDM-DOC-LEAFLET", "LDM-DOC-REQUIRED", "LDM-TITLE"),
        severity="info",
        subject="ldm:6.32",
        ref="ldm:6.32",
    ),
    Case(
        "LDM-NC-OPEN",
        "nonconformities/open-follow-up.toml",
        "nonconformities/open-renewal.toml",
        also=(*UNDOCUMENTED, "LDM-NC-FOLLOW-UP-OPEN"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # A fiche on a descriptor of network applications, the application not in a network.
    Case(
        "LDM-NC-ITEM-NOT-APPLICABLE",
        "nonconformities/open-renewal.toml",
        "nonconformities/open-on-a-network-descriptor.toml",
        also=(*UNDOCUMENTED, "LDM-NC-OPEN"),
        severity="warning",
        subject="FE-2026-01",
        ref="ldm:4.25",
    ),
    # A non-conformité of a follow-up audit does not block, but is never silent.
    Case(
        "LDM-NC-FOLLOW-UP-OPEN",
        "nonconformities/open-renewal.toml",
        "nonconformities/open-follow-up.toml",
        also=(*UNDOCUMENTED, "LDM-NC-OPEN"),
        severity="warning",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # An écart is not a non-conformité.
    Case(
        "LDM-NC-OPEN",
        "nonconformities/deviation-open.toml",
        "nonconformities/nonconformity-open.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE", "LDM-DEVIATION-OPEN"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # Lifted on 5 October, after the audit: still open at that date (1.1).
    Case(
        "LDM-NC-OPEN",
        "nonconformities/open-follow-up.toml",
        "nonconformities/lifted-late.toml",
        also=(*UNDOCUMENTED, "DATED-LATER", "LDM-NC-FOLLOW-UP-OPEN"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # Lifted on 12 June 2026: judged from that day on (1.1: before, it was still open).
    Case(
        "LDM-NC-OPEN",
        "nonconformities/lifted.toml",
        "nonconformities/lifted.toml",
        as_of="2026-06-12",
        failing_as_of="2026-06-01",
        also=(*UNDOCUMENTED, "DATED-LATER"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    Case(
        "LDM-NC-OPEN",
        "nonconformities/lifted.toml",
        "nonconformities/lifted.toml",
        as_of="2026-06-30",
        failing_as_of="2026-06-01",
        also=(*UNDOCUMENTED, "DATED-LATER", "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    Case(
        "LDM-DEVIATION-OPEN",
        "nonconformities/nonconformity-open.toml",
        "nonconformities/deviation-open.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE", "LDM-NC-OPEN"),
        severity="warning",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # An écart found at the audit, with no fiche: open, a warning, never blocking.
    Case(
        "LDM-DEVIATION-FINDING-OPEN",
        "nonconformities/deviation-finding-with-fiche.toml",
        "nonconformities/deviation-finding-without-fiche.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE", "LDM-DEVIATION-OPEN"),
        severity="warning",
        subject="audit:2026-05-20:ldm:3.13",
        ref="ldm:3.13",
    ),
    Case(
        "LDM-FINDING-NO-FICHE",
        "nonconformities/finding-with-fiche.toml",
        "nonconformities/finding-without-fiche.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE", "LDM-NC-OPEN"),
        severity="blocking",
        subject="audit:2026-05-20:ldm:3.13",
        ref="ldm:3.13",
    ),
    Case(
        "LDM-FINDING-NO-FICHE",
        "nonconformities/finding-at-follow-up.toml",
        "nonconformities/finding-without-fiche.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE", "LDM-FOLLOWUP-NO-FICHE"),
        severity="blocking",
        subject="audit:2026-05-20:ldm:3.13",
        ref="ldm:3.13",
    ),
    # A renewal audit's finding is LDM-FINDING-NO-FICHE's.
    Case(
        "LDM-FOLLOWUP-NO-FICHE",
        "nonconformities/finding-without-fiche.toml",
        "nonconformities/finding-at-follow-up.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE", "LDM-FINDING-NO-FICHE"),
        severity="warning",
        subject="audit:2024-05-20:ldm:3.13",
        ref="ldm:3.13",
    ),
    Case(
        "LDM-NC-DUE",
        "nonconformities/open-renewal.toml",
        "nonconformities/open-renewal.toml",
        as_of="2026-09-30",
        failing_as_of="2026-10-01",
        also=(*UNDOCUMENTED, "LDM-NC-OPEN", "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="warning",
        subject="FE-2026-01",
        ref="ldm:7",
        kind="deadline",  # the contract's kind for what it checks, not `expression`
    ),
    # Raised on 20 May: 20 days for its engagements.
    Case(
        "LDM-NC-ENGAGEMENT",
        "nonconformities/open-without-engagements.toml",
        "nonconformities/open-without-engagements.toml",
        profile=CVL,
        as_of="2026-06-09",
        failing_as_of="2026-06-10",
        also=(*UNDOCUMENTED, "LDM-NC-OPEN"),
        severity="warning",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    Case(
        "LDM-NC-ENGAGEMENT",
        "nonconformities/open-renewal.toml",
        "nonconformities/open-without-engagements.toml",
        profile=CVL,
        as_of="2026-06-10",
        also=(*UNDOCUMENTED, "LDM-NC-OPEN"),
        severity="warning",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # The national texts ask no engagements within 20 days.
    Case(
        "LDM-NC-ENGAGEMENT",
        "nonconformities/open-without-engagements.toml",
        "nonconformities/open-without-engagements.toml",
        as_of="2026-06-10",
        failing_profile=CVL,
        also=(*UNDOCUMENTED, "LDM-NC-OPEN"),
        severity="warning",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    Case(
        "LDM-NC-DEADLINE",
        "nonconformities/open-renewal.toml",
        "nonconformities/open-renewal.toml",
        profile=CVL,
        as_of="2026-09-30",
        failing_as_of="2026-10-01",
        also=(*UNDOCUMENTED, "LDM-NC-DUE", "LDM-NC-OPEN", "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # Found at the audit with no fiche, the non-conformité counts as open: the 30 September
    # binds it as it binds a fiche (the lifecycle audit).
    Case(
        "LDM-NC-DEADLINE-NO-FICHE",
        "nonconformities/finding-without-fiche.toml",
        "nonconformities/finding-without-fiche.toml",
        profile=CVL,
        as_of="2026-09-30",
        failing_as_of="2026-10-01",
        also=(*UNDOCUMENTED, "LDM-FINDING-NO-FICHE", "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="blocking",
        subject="audit:2026-05-20:ldm:3.13",
        ref="ldm:3.13",
    ),
    Case(
        "LDM-NC-DEADLINE-NO-FICHE",
        "nonconformities/finding-without-fiche.toml",
        "nonconformities/finding-without-fiche.toml",
        as_of="2026-10-01",
        failing_profile=CVL,
        also=(*UNDOCUMENTED, "LDM-FINDING-NO-FICHE", "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="blocking",
        subject="audit:2026-05-20:ldm:3.13",
        ref="ldm:3.13",
    ),
    # A fiche of the cycle before the award held, open: the dossier contradicts itself.
    Case(
        "LDM-NC-EARLIER-CYCLE",
        "nonconformities/earlier-cycle-lifted.toml",
        "nonconformities/earlier-cycle-open.toml",
        profile=CVL,
        also=UNDOCUMENTED,
        severity="warning",
        subject="FE-2021",
        ref="ldm:5",
    ),
    # National: no deadline.
    Case(
        "LDM-NC-DEADLINE",
        "nonconformities/open-renewal.toml",
        "nonconformities/open-renewal.toml",
        as_of="2026-10-01",
        failing_profile=CVL,
        also=(*UNDOCUMENTED, "LDM-NC-DUE", "LDM-NC-OPEN", "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # Its academy's profile, chosen without --profile.
    Case(
        "LDM-NC-DEADLINE",
        "nonconformities/open-renewal-orleans-tours.toml",
        "nonconformities/open-renewal-orleans-tours.toml",
        as_of="2026-09-30",
        failing_as_of="2026-10-01",
        also=(*UNDOCUMENTED, "LDM-NC-DUE", "LDM-NC-OPEN", "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    Case(
        "LDM-NC-DEADLINE",
        "nonconformities/open-renewal-orleans-tours.toml",
        "nonconformities/open-renewal-orleans-tours.toml",
        profile=NATIONAL,
        as_of="2026-10-01",
        failing_profile=CVL,
        also=(*UNDOCUMENTED, "LDM-NC-DUE", "LDM-NC-OPEN", "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # One lifted on 12 June, the other on 5 October: judged once that lift counts, it came too late.
    Case(
        "LDM-NC-DEADLINE",
        "nonconformities/lifted.toml",
        "nonconformities/lifted-late.toml",
        profile=CVL,
        as_of="2026-10-05",
        also=(*UNDOCUMENTED, "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    Case(
        "LDM-NC-DEADLINE",
        "nonconformities/lifted.toml",
        "nonconformities/open-renewal.toml",
        profile=CVL,
        failing_as_of="2026-10-01",
        also=(
            *UNDOCUMENTED,
            "DATED-LATER",
            "LDM-NC-DUE",
            "LDM-NC-OPEN",
            "LDM-VALIDITY-EXPIRED-RENEWING",
        ),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    Case(
        "LDM-NC-DEADLINE",
        "nonconformities/lifted.toml",
        "nonconformities/open-renewal.toml",
        profile=CVL,
        as_of="2026-10-01",
        also=(*UNDOCUMENTED, "LDM-NC-DUE", "LDM-NC-OPEN", "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # An écart, and a non-conformité of a follow-up audit, have no deadline.
    Case(
        "LDM-NC-DEADLINE",
        "nonconformities/deviation-open.toml",
        "nonconformities/open-renewal.toml",
        profile=CVL,
        as_of="2026-10-01",
        also=(
            *UNDOCUMENTED,
            "LDM-DEVIATION-OPEN",
            "LDM-NC-DUE",
            "LDM-NC-OPEN",
            "LDM-VALIDITY-EXPIRED-RENEWING",
        ),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    Case(
        "LDM-NC-DEADLINE",
        "nonconformities/open-follow-up.toml",
        "nonconformities/open-renewal.toml",
        profile=CVL,
        as_of="2026-10-01",
        also=(
            *UNDOCUMENTED,
            "LDM-NC-DUE",
            "LDM-NC-OPEN",
            "LDM-VALIDITY-EXPIRED-RENEWING",
            "LDM-NC-FOLLOW-UP-OPEN",
        ),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # Raised in October 2026: until 30 September 2027.
    Case(
        "LDM-NC-DEADLINE",
        "nonconformities/raised-in-october.toml",
        "nonconformities/raised-in-october.toml",
        profile=CVL,
        failing_as_of="2027-10-01",
        also=(*UNDOCUMENTED, "LDM-NC-DUE", "LDM-NC-OPEN", "LDM-VALIDITY-EXPIRED-RENEWING"),
        severity="blocking",
        subject="FE-2026-01",
        ref="ldm:7",
    ),
    # 1.1: an equivalence applies only where decided (a recorded decision, or the profile).
    Case(
        "LDM-EQUIVALENCE-APPLIED",
        "equivalence/no-euroscol.toml",
        "equivalence/euroscol-valid-decided.toml",
        also=INCOMPLETE,
        severity="info",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-EQUIVALENCE-APPLIED",
        "equivalence/euroscol-expired.toml",
        "equivalence/euroscol-valid-decided.toml",
        also=INCOMPLETE,
        severity="info",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-EQUIVALENCE-APPLIED",
        "equivalence/euroscol-valid.toml",
        "equivalence/euroscol-valid-decided.toml",
        also=(*INCOMPLETE, "LDM-EQUIVALENCE-UNDECIDED"),
        severity="info",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-EQUIVALENCE-APPLIED",
        "equivalence/euroscol-valid-decided-later.toml",
        "equivalence/euroscol-valid-decided.toml",
        also=(*INCOMPLETE, "DATED-LATER", "LDM-EQUIVALENCE-UNDECIDED"),
        severity="info",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-EQUIVALENCE-APPLIED",
        "equivalence/euroscol-expired.toml",
        "equivalence/euroscol-valid.toml",
        profile=ADOPTED,
        also=(*INCOMPLETE, "LDM-EQUIVALENCE-LAPSED"),
        severity="info",
        subject="ldm:6",
        ref="ldm:6",
    ),
    # « Les critères doivent être satisfaits au moment où intervient l'audit » (circulaire,
    # § 2): judged before the audit, Euroscol stands in only until it expires, and it expires
    # before the audit (the fidelity audit: the report said nothing of it).
    Case(
        "LDM-EQUIVALENCE-LAPSES-BEFORE-AUDIT",
        "equivalence/euroscol-valid-decided.toml",
        "equivalence/euroscol-expires-before-audit-decided.toml",
        as_of="2026-03-15",
        also=(*INCOMPLETE, "LDM-EQUIVALENCE-APPLIED"),
        severity="warning",
        subject="ldm:6",
        ref="ldm:6",
    ),
    # Never decided: nothing lapsed.
    Case(
        "LDM-EQUIVALENCE-LAPSED",
        "equivalence/euroscol-expired.toml",
        "equivalence/euroscol-expired.toml",
        failing_profile=ADOPTED,
        also=INCOMPLETE,
        severity="warning",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-EQUIVALENCE-LAPSED",
        "equivalence/euroscol-valid.toml",
        "equivalence/euroscol-expired.toml",
        failing_profile=ADOPTED,
        also=(*INCOMPLETE, "LDM-EQUIVALENCE-UNDECIDED"),
        severity="warning",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-EQUIVALENCE-LAPSED",
        "equivalence/euroscol-valid-decided.toml",
        "equivalence/euroscol-expired.toml",
        failing_profile=ADOPTED,
        also=(*INCOMPLETE, "LDM-EQUIVALENCE-APPLIED"),
        severity="warning",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-EQUIVALENCE-LAPSED",
        "equivalence/no-euroscol.toml",
        "equivalence/euroscol-expired.toml",
        failing_profile=ADOPTED,
        also=INCOMPLETE,
        severity="warning",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-EQUIVALENCE-UNDECIDED",
        "equivalence/euroscol-valid-decided.toml",
        "equivalence/euroscol-valid.toml",
        also=(*INCOMPLETE, "LDM-EQUIVALENCE-APPLIED"),
        severity="info",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-EQUIVALENCE-UNDECIDED",
        "equivalence/euroscol-valid.toml",
        "equivalence/euroscol-valid.toml",
        profile=ADOPTED,
        failing_profile=NATIONAL,
        also=(*INCOMPLETE, "LDM-EQUIVALENCE-APPLIED"),
        severity="info",
        subject="ldm:6",
        ref="ldm:6",
    ),
    # Nothing left to decide.
    Case(
        "LDM-EQUIVALENCE-UNDECIDED",
        "equivalence/euroscol-expired.toml",
        "equivalence/euroscol-valid-decided-later.toml",
        also=(*INCOMPLETE, "DATED-LATER"),
        severity="info",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-EQUIVALENCE-UNDECIDED",
        "equivalence/no-euroscol.toml",
        "equivalence/euroscol-valid-decided-later.toml",
        also=(*INCOMPLETE, "DATED-LATER"),
        severity="info",
        subject="ldm:6",
        ref="ldm:6",
    ),
    # Circular § 3: the groupe Lycée des métiers decides, not the school.
    Case(
        "LDM-EQUIVALENCE-NOT-BY-GROUP",
        "equivalence/euroscol-valid-decided.toml",
        "equivalence/euroscol-valid-decided-by-school.toml",
        also=(*INCOMPLETE, "LDM-EQUIVALENCE-APPLIED"),
        severity="warning",
        subject="ldm:6",
        ref="ldm:6",
    ),
    # Neither the groupe nor another author named: the decision counts, its author checked.
    Case(
        "LDM-EQUIVALENCE-AUTHOR-UNCONFIRMED",
        "equivalence/euroscol-valid-decided.toml",
        "equivalence/euroscol-valid-decided-author-unconfirmed.toml",
        also=(*INCOMPLETE, "LDM-EQUIVALENCE-APPLIED"),
        severity="warning",
        subject="ldm:6",
        ref="ldm:6",
    ),
    Case(
        "LDM-VALIDITY-RENEWAL-DUE",
        "validity/held-2021.toml",
        "validity/held-2021.toml",
        as_of="2025-06-27",
        failing_as_of="2026-01-15",
        severity="warning",
        subject="ldm",
        ref="ldm",
    ),
    Case(
        "LDM-VALIDITY-RENEWAL-DUE",
        "validity/renewal-with-held.toml",
        "validity/held-2021.toml",
        failing_as_of="2026-01-15",
        also=INCOMPLETE,
        severity="warning",
        subject="ldm",
        ref="ldm",
    ),
    Case(
        "LDM-VALIDITY-EXPIRED",
        "validity/held-2021.toml",
        "validity/held-2021.toml",
        as_of="2026-06-27",
        failing_as_of="2026-06-28",
        also=("LDM-VALIDITY-RENEWAL-DUE",),
        severity="warning",
        subject="ldm",
        ref="ldm",
    ),
    # Renewal sent on 10 March 2026, the label expiring on 28 June: it follows its course.
    Case(
        "LDM-VALIDITY-EXPIRED-RENEWING",
        "validity/renewal-with-held.toml",
        "validity/renewal-with-held.toml",
        as_of="2026-06-27",
        failing_as_of="2026-06-28",
        also=INCOMPLETE,
        severity="warning",
        subject="ldm",
        ref="ldm",
    ),
    Case(
        "LDM-RENEWAL-HELD",
        "validity/renewal-with-held.toml",
        "validity/renewal-without-held.toml",
        also=INCOMPLETE,
        severity="warning",
        subject="ldm",
        ref="ldm",
    ),
    # An initial application: from a school whose 2016 label has expired, as it should be; from
    # one whose 2021 label is valid until 28 June 2026, where renewing is the procedure.
    Case(
        "LDM-INITIAL-WHILE-HELD",
        "validity/initial-after-expiry.toml",
        "validity/initial-while-held.toml",
        # the one expired says so; the other, in its fifth year with no renewal asked, too
        also=(*INCOMPLETE, "LDM-VALIDITY-EXPIRED", "LDM-VALIDITY-RENEWAL-DUE"),
        severity="warning",
        subject="ldm",
        ref="ldm",
    ),
    # Sent on 10 March 2026: the one held until 28 June, the other expired on 1 March.
    Case(
        "LDM-RENEWAL-EXPIRED",
        "validity/renewal-with-held.toml",
        "validity/renewal-after-expiry.toml",
        also=(*INCOMPLETE, "LDM-VALIDITY-EXPIRED"),
        severity="warning",
        subject="ldm",
        ref="ldm",
    ),
    # Sent on 10 March 2026: in the fifth year of the one awarded in 2021, the third of 2023's.
    Case(
        "LDM-RENEWAL-YEAR",
        "validity/renewal-with-held.toml",
        "validity/renewal-in-third-year.toml",
        also=INCOMPLETE,
        severity="warning",
        subject="submitted",
        ref="ldm",
    ),
    Case(
        "LDM-AUDIT-TEAM",
        "audits/team-2.toml",
        "audits/team-1.toml",
        also=INCOMPLETE,
        severity="warning",
        subject="auditors",
        ref="ldm",
    ),
    # National: no lead required.
    Case(
        "LDM-AUDIT-TEAM",
        "audits/team-3-no-lead.toml",
        "audits/team-5.toml",
        also=INCOMPLETE,
        severity="warning",
        subject="auditors",
        ref="ldm",
    ),
    Case(
        "LDM-AUDIT-TEAM-ACADEMY",
        "audits/team-3-lead.toml",
        "audits/team-2.toml",
        profile=CVL,
        also=INCOMPLETE,
        severity="warning",
        subject="auditors",
        ref="ldm",
    ),
    Case(
        "LDM-AUDIT-TEAM-ACADEMY",
        "audits/team-3-lead.toml",
        "audits/team-3-no-lead.toml",
        profile=CVL,
        also=INCOMPLETE,
        severity="warning",
        subject="lead",
        ref="ldm",
    ),
    # The circular's two to four auditors hold under an academy's profile too: its own
    # narrower team is LDM-AUDIT-TEAM-ACADEMY's (nature academy), not the circular's.
    Case(
        "LDM-AUDIT-TEAM",
        "audits/team-3-lead.toml",
        "audits/team-5.toml",
        profile=CVL,
        also=(*INCOMPLETE, "LDM-AUDIT-TEAM-ACADEMY"),
        severity="warning",
        subject="auditors",
        ref="ldm",
    ),
    Case(
        "LDM-AUDIT-TEAM",
        "audits/follow-up-team-1.toml",
        "audits/team-1.toml",
        also=INCOMPLETE,
        severity="warning",
        subject="auditors",
        ref="ldm",
    ),
    # 1.1: the inspector among the auditors is LDM-AUDIT-INSPECTOR's.
    Case(
        "LDM-AUDIT-TEAM",
        "audits/referent-inspector.toml",
        "audits/team-5.toml",
        also=(*INCOMPLETE, "LDM-AUDIT-INSPECTOR"),
        severity="warning",
        subject="auditors",
        ref="ldm",
    ),
    # 1.1: the referent inspector among the auditors is a rule of its own, and it blocks.
    Case(
        "LDM-AUDIT-INSPECTOR",
        "audits/team-3-lead.toml",
        "audits/referent-inspector.toml",
        also=INCOMPLETE,
        severity="blocking",
        subject="referent_inspector",
        ref="ldm",
    ),
    # An auditor named like the referent inspector, written otherwise: said, to be checked.
    Case(
        "LDM-AUDIT-INSPECTOR-ALIKE",
        "audits/team-3-lead.toml",
        "audits/referent-inspector-alike.toml",
        also=INCOMPLETE,
        severity="warning",
        subject="referent_inspector_alike",
        ref="ldm",
    ),
    # The referent inspector named, not auditing.
    Case(
        "LDM-AUDIT-INSPECTOR",
        "ready.toml",
        "audits/ready-inspector-auditing.toml",
        also=("LDM-DESCRIPTOR-EVIDENCE",),
        severity="blocking",
        subject="referent_inspector",
        ref="ldm",
    ),
    Case(
        "LDM-AUDIT-INSPECTOR",
        "audits/ready-team-5.toml",
        "audits/ready-inspector-auditing.toml",
        also=("LDM-AUDIT-TEAM", "LDM-DESCRIPTOR-EVIDENCE"),
        severity="blocking",
        subject="referent_inspector",
        ref="ldm",
    ),
    # 1.1: the audit calendar is Centre-Val de Loire's (cahier des charges 2026), not the circular's.
    Case(
        "LDM-AUDIT-CALENDAR",
        "audits/calendar-on-time.toml",
        "audits/calendar-plan-late.toml",
        profile=CVL,
        also=(*INCOMPLETE, "LDM-AUDIT-TEAM-ACADEMY"),
        severity="warning",
        subject="plan_returned",
        ref="ldm",
    ),
    Case(
        "LDM-AUDIT-CALENDAR",
        "audits/calendar-on-time.toml",
        "audits/calendar-report-late.toml",
        profile=CVL,
        # Judged once the report was sent (31/05): on the audit day it was not sent yet.
        failing_as_of="2026-06-01",
        also=(*INCOMPLETE, "LDM-AUDIT-TEAM-ACADEMY"),
        severity="warning",
        subject="report_sent",
        ref="ldm",
    ),
    Case(
        "LDM-AUDIT-CALENDAR",
        "audits/calendar-report-pending.toml",
        "audits/calendar-report-pending.toml",
        profile=CVL,
        as_of="2026-05-25",
        failing_as_of="2026-06-15",
        also=(*INCOMPLETE, "LDM-AUDIT-TEAM-ACADEMY"),
        severity="warning",
        subject="report_sent",
        ref="ldm",
    ),
    # Orléans-Tours: judged under its academy's profile without --profile.
    Case(
        "LDM-AUDIT-CALENDAR",
        "audits/calendar-on-time.toml",
        "audits/calendar-plan-late-orleans-tours.toml",
        also=(*INCOMPLETE, "LDM-AUDIT-TEAM-ACADEMY"),
        severity="warning",
        subject="plan_returned",
        ref="ldm",
    ),
    # The national texts fix no audit calendar: never under national, whatever the academy.
    Case(
        "LDM-AUDIT-CALENDAR",
        "audits/calendar-plan-late.toml",
        "audits/calendar-plan-late.toml",
        failing_profile=CVL,
        also=(*INCOMPLETE, "LDM-AUDIT-TEAM-ACADEMY"),
        severity="warning",
        subject="plan_returned",
        ref="ldm",
    ),
    Case(
        "LDM-AUDIT-CALENDAR",
        "audits/calendar-plan-late-orleans-tours.toml",
        "audits/calendar-plan-late-orleans-tours.toml",
        profile=NATIONAL,
        failing_profile=CVL,
        also=(*INCOMPLETE, "LDM-AUDIT-TEAM-ACADEMY"),
        severity="warning",
        subject="plan_returned",
        ref="ldm",
    ),
    # The action plan followed (LDM 002): judged at the audit date, 20 May 2026; finalised before its end, or still to end.
    Case(
        "LDM-ACTION-LATE",
        "actions/followed.toml",
        "actions/late.toml",
        also=(*UNDOCUMENTED, "DATED-LATER"),
        severity="warning",
        subject="A6-1",
        ref="ldm:6",
        kind="deadline",
    ),
    # Finalised on 15 June.
    Case(
        "LDM-ACTION-LATE",
        "actions/late.toml",
        "actions/late.toml",
        as_of="2026-06-20",
        failing_as_of="2026-05-20",
        also=(*UNDOCUMENTED, "DATED-LATER"),
        severity="warning",
        subject="A6-1",
        ref="ldm:6",
    ),
    # Its last planned day.
    Case(
        "LDM-ACTION-LATE",
        "actions/late.toml",
        "actions/late.toml",
        as_of="2026-03-31",
        failing_as_of="2026-05-20",
        also=(*UNDOCUMENTED, "DATED-LATER"),
        severity="warning",
        subject="A6-1",
        ref="ldm:6",
    ),
    # The Euroscol action of the passing plan is not LDM's.
    Case(
        "LDM-ACTION-NO-OWNER",
        "actions/followed.toml",
        "actions/no-owner.toml",
        also=UNDOCUMENTED,
        severity="warning",
        subject="A3-1",
        ref="ldm:3",
    ),
    # An action tied to no criterion belongs to the plan as a whole: filed under the label.
    Case(
        "LDM-ACTION-NO-OWNER",
        "actions/followed.toml",
        "actions/no-owner.toml",
        also=UNDOCUMENTED,
        severity="warning",
        subject="A0-1",
        ref="ldm",
    ),
    # Raised on 20 May: the 20 days for its engagements run on until 9 June.
    Case(
        "LDM-DEVIATION-NO-OWNER",
        "nonconformities/deviation-no-engagements.toml",
        "nonconformities/deviation-no-engagements.toml",
        profile=CVL,
        as_of="2026-06-09",
        failing_as_of="2026-06-10",
        also=(*UNDOCUMENTED, "LDM-DEVIATION-INCOMPLETE", "LDM-DEVIATION-OPEN"),
        severity="warning",
        subject="FE-2026-02",
        ref="ldm:3",
    ),
    # National: no fiche LDM 010.
    Case(
        "LDM-DEVIATION-NO-OWNER",
        "nonconformities/deviation-no-engagements.toml",
        "nonconformities/deviation-no-engagements.toml",
        as_of="2026-06-10",
        failing_profile=CVL,
        also=(*UNDOCUMENTED, "LDM-DEVIATION-INCOMPLETE", "LDM-DEVIATION-OPEN"),
        severity="warning",
        subject="FE-2026-02",
        ref="ldm:3",
    ),
    Case(
        "LDM-DEVIATION-NO-OWNER",
        "nonconformities/deviation-open.toml",
        "nonconformities/deviation-no-engagements.toml",
        profile=CVL,
        as_of="2026-10-01",
        failing_as_of="2026-06-10",
        also=(
            *UNDOCUMENTED,
            "LDM-DEVIATION-INCOMPLETE",
            "LDM-DEVIATION-OPEN",
            "LDM-VALIDITY-EXPIRED-RENEWING",
        ),
        severity="warning",
        subject="FE-2026-02",
        ref="ldm:3",
    ),
    Case(
        "LDM-DEVIATION-INCOMPLETE",
        "nonconformities/deviation-no-engagements.toml",
        "nonconformities/deviation-no-engagements.toml",
        profile=CVL,
        as_of="2026-06-09",
        failing_as_of="2026-06-10",
        also=(*UNDOCUMENTED, "LDM-DEVIATION-NO-OWNER", "LDM-DEVIATION-OPEN"),
        severity="warning",
        subject="FE-2026-02",
        ref="ldm:3",
    ),
    Case(
        "LDM-DEVIATION-INCOMPLETE",
        "nonconformities/deviation-open.toml",
        "nonconformities/deviation-no-engagements.toml",
        profile=CVL,
        as_of="2026-10-01",
        failing_as_of="2026-06-10",
        also=(
            *UNDOCUMENTED,
            "LDM-DEVIATION-NO-OWNER",
            "LDM-DEVIATION-OPEN",
            "LDM-VALIDITY-EXPIRED-RENEWING",
        ),
        severity="warning",
        subject="FE-2026-02",
        ref="ldm:3",
    ),
    # A non-conformité's engagements are LDM-NC-ENGAGEMENT's: the écart rules leave it alone.
    Case(
        "LDM-DEVIATION-INCOMPLETE",
        "nonconformities/open-without-engagements.toml",
        "nonconformities/deviation-no-engagements.toml",
        profile=CVL,
        as_of="2026-06-10",
        also=(
            *UNDOCUMENTED,
            "LDM-DEVIATION-NO-OWNER",
            "LDM-DEVIATION-OPEN",
            "LDM-NC-ENGAGEMENT",
            "LDM-NC-OPEN",
        ),
        severity="warning",
        subject="FE-2026-02",
        ref="ldm:3",
    ),
    # LDM's own since the texts of the other labels order things otherwise (Eduform's audit
    # comes before its application).
    Case(
        "AUDIT-BEFORE-SUBMISSION",
        "audits/calendar-on-time.toml",
        "audits/before-submission.toml",
        also=INCOMPLETE,
        severity="warning",
        subject="audit",
        ref="ldm",
    ),
)

# The rules every label shares, judged here on LDM's dossiers.
SHARED = (
    Case(
        "DATED-LATER",
        "nonconformities/lifted.toml",
        "nonconformities/lifted.toml",
        as_of="2026-06-12",
        failing_as_of="2026-06-01",
        also=(*UNDOCUMENTED, "LDM-NC-OPEN"),
        severity="info",
        subject="FE-2026-01",
        ref="ldm",
    ),
    Case(
        "DATED-LATER",
        "equivalence/euroscol-valid-decided.toml",
        "equivalence/euroscol-valid-decided-later.toml",
        also=(*INCOMPLETE, "LDM-EQUIVALENCE-APPLIED", "LDM-EQUIVALENCE-UNDECIDED"),
        severity="info",
        subject="euroscol-ldm-6",
        ref="ldm",
    ),
    Case(
        "DOC-FILE-MISSING",
        "files/present/dossier.toml",
        "files/missing/dossier.toml",
        also=INCOMPLETE,
        severity="warning",
        subject="fiche",  # the piece, not its type: two pieces' files missing, two identities
        ref="ldm",
    ),
)


@pytest.fixture
def result_of(evaluate):
    def run(fixture: str, profile: str | None = None, as_of: str | None = None):
        return LDM.result(evaluate, fixture, profile, as_of)

    return run


# -- every rule, met and broken ----------------------------------------------------


def test_every_ldm_rule_has_a_passing_and_a_failing_dossier(registry):
    check_every_rule_has_a_case(registry, LDM, CASES)


def test_every_shared_rule_has_a_passing_and_a_failing_ldm_dossier(registry):
    rules, errors = load_rules(registry)
    assert errors == [], "\n".join(map(str, errors))
    assert {r.id for r in rules if r.spec.label == "*"} == {c.rule for c in SHARED}


@cases(*CASES, *SHARED)
def test_rule_passes(evaluate, case):
    check_met(evaluate, LDM, case)


@cases(*CASES, *SHARED)
def test_rule_fails(evaluate, case):
    check_broken(evaluate, LDM, case)


# The circular's own section titles (annex 1 of the cahier des charges 2026): a title a source
# puts between « » is the text's, word for word.
CIRCULAR = "Circulaire du 23 octobre 2023"
CIRCULAR_SECTIONS = {
    "1": "Objectifs et périmètre du label Lycée des métiers",
    "2": "Le cahier des charges national du Lycée des métiers",
    "3": "Articulation avec les autres labels et dispositifs d'évaluation",
    "4": "Le processus de labellisation Lycée des métiers",
    "5": "Dispositions transitoires",
}


def _circular_citations(registry):
    rules, errors = load_rules(registry)
    assert errors == [], "\n".join(map(str, errors))
    for rule in rules:
        if rule.spec.source.document.startswith(CIRCULAR):
            yield rule.id, rule.spec.source.section
    for equivalence in registry.equivalences:
        if equivalence.target.startswith("ldm:") and equivalence.source.startswith(CIRCULAR):
            # The circular's part, before any citation of the cahier des charges' own parts.
            yield equivalence.id, equivalence.source.split(" ; « Label Lycées")[0]


def test_sources_citing_the_circular_give_its_sections_own_titles(registry):
    wrong = [
        (who, number, title)
        for who, section in _circular_citations(registry)
        for number, title in re.findall(r"§ (\d) «\s*([^»]*?)\s*»", section)
        if CIRCULAR_SECTIONS.get(number) != title
    ]
    assert wrong == []


def test_descriptor_29_is_worded_as_the_fiche_critere_5_and_the_grid_ldm_003(registry):
    """Its source says its wording is the fiche « Critère 5 »'s and the grid LDM 003's (the
    table of the 1re partie has « leurs code EduConnect »); it read « Le « pass Culture » est
    mobilisé […] », the guillemets of the 1re partie, which neither of those has."""
    [descriptor] = [
        item for c in registry.labels["ldm"].criteria for item in c.items if item.number == 29
    ]
    assert descriptor.title == (
        "Le pass Culture est mobilisé par l'établissement pour la part collective et les élèves "
        "sont informés de la possible mobilisation de la part individuelle, notamment en leur "
        "transmettant leurs codes EduConnect."
    )


# domain.md, « How the product cites them »: the cahier des charges is named by its own title.
CAHIER = (
    "« Label Lycées des métiers — Cahier des charges 2026 », région académique Centre-Val de Loire"
)


def test_the_region_profile_cites_the_cahier_des_charges_by_its_title():
    """A report shows a severity's reason beside the finding (« gravité fixée par le profil
    académique : … »): « Cahier des charges 2026 de la région académique … » was not its title."""
    import importlib.resources
    import tomllib

    profile = importlib.resources.files("labelcheck.plugins.ldm").joinpath(
        "profile-centre-val-de-loire-2026.toml"
    )
    data = tomllib.loads(profile.read_text(encoding="utf-8"))
    reasons = [severity["reason"] for severity in data["severity"]]
    assert reasons and all(reason.startswith(CAHIER) for reason in reasons), reasons


@pytest.mark.parametrize("as_of", ["2026-05-20", "2026-06-15"])
def test_the_audit_calendar_is_not_asked_of_an_audit_of_an_earlier_cycle(result_of, as_of):
    """The initial audit of 2021, before the award of the label held, read « retour du plan
    d'audit validé attendu au plus tard le 25/04/2021 ; aucune date n'est portée au dossier »
    in the 2026 renewal, against the calendar of the cahier des charges 2026: a step of the
    previous cycle, nothing the school can still do (as the échéancier reads only this
    application's audit, and EDUFORM-SURVEILLANCE-AUDIT-WINDOW an audit of the award held)."""
    label = result_of("audits/calendar-earlier-cycle.toml", CVL, as_of)
    assert [f.message for f in label.findings if f.rule == "LDM-AUDIT-CALENDAR"] == []


EARLIER_CYCLE_RULES = (
    "LDM-FINDING-NO-FICHE",
    "LDM-AUDIT-INSPECTOR",
    "LDM-AUDIT-INSPECTOR-ALIKE",
    "LDM-AUDIT-TEAM",
    "LDM-AUDIT-TEAM-ACADEMY",
    "LDM-AUDIT-CALENDAR",
)


@pytest.mark.parametrize("profile", [CVL, NATIONAL])
def test_the_audit_of_an_earlier_cycle_does_not_block_the_renewal(result_of, profile):
    """The 2021 initial audit, before the award of the label held, blocked the 2026 renewal:
    its nonconformity with no fiche (« la non-conformité est ouverte tant que sa fiche n'est
    pas jointe »), its referent inspector among the auditors. The label was awarded after it,
    which required every nonconformity lifted (cahier des charges 2026, 1re partie, § 5):
    that audit is the previous cycle's, judged then."""
    label = result_of("audits/earlier-cycle-audit.toml", profile)
    assert [f.message for f in label.findings if f.rule in EARLIER_CYCLE_RULES] == []
    # The same audit, when it is this application's (an initial one, no label held), is judged.
    current = result_of("audits/referent-inspector.toml", profile)
    assert any(f.rule == "LDM-AUDIT-INSPECTOR" for f in current.findings)


@pytest.mark.parametrize("profile", [CVL, NATIONAL])
def test_the_renewal_audit_of_an_earlier_cycle_is_not_dated_before_the_renewal(result_of, profile):
    """The 2021 renewal audit, before the award held, read « Un audit du même type que la
    candidature est daté avant l'envoi du dossier : vérifier les dates » in the 2026 renewal:
    the audit of the cycle before always comes before this one's sending (a property test's
    counterexample, tests/properties/test_time_properties.py)."""
    label = result_of("audits/earlier-cycle-renewal-audit.toml", profile)
    assert [f.rule for f in label.findings if f.rule == "AUDIT-BEFORE-SUBMISSION"] == []
    assert [f.message for f in label.findings if f.rule in EARLIER_CYCLE_RULES] == []


def test_the_audit_calendar_still_judges_the_audit_that_led_to_the_award(result_of):
    """Once the label is awarded after its initial audit, that audit is still this
    application's: its late plan is still said."""
    label = result_of("audits/calendar-plan-late-awarded.toml", CVL, "2026-09-01")
    [finding] = [f for f in label.findings if f.rule == "LDM-AUDIT-CALENDAR"]
    assert finding.subject == "plan_returned"


def test_the_label_an_initial_application_obtained_is_not_a_label_held_before_it(result_of):
    """Awarded on 15 July at the end of this initial application, the label read, from that
    day, « Candidature de labellisation initiale alors que l'établissement détient le label
    […] la démarche d'un établissement labellisé est le renouvellement »: the award the
    application obtained taken for one it should have renewed."""
    for as_of in ("2026-07-15", "2026-09-01"):
        label = result_of("validity/initial-awarded-since.toml", None, as_of)
        assert [f.rule for f in label.findings if f.rule == "LDM-INITIAL-WHILE-HELD"] == []


def test_the_label_a_renewal_obtained_is_not_the_label_it_renewed(result_of):
    """Renewed on 15 July, the label's new award was read as the one renewed: « Renouvellement
    demandé le 10/03/2026, avant la dernière année de validité du label (du 15/07/2030 au
    14/07/2031) », and the board minutes of 3 March « approuvait la candidature précédente,
    pas ce renouvellement »."""
    asked = {"LDM-RENEWAL-YEAR", "LDM-PV-CA-CYCLE", "LDM-PV-CA-DATE", "LDM-RENEWAL-EXPIRED"}
    for as_of in ("2026-07-15", "2026-09-01"):
        label = result_of("validity/renewal-awarded-since.toml", None, as_of)
        assert [f.message for f in label.findings if f.rule in asked] == []


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


def test_a_leaflet_naming_a_misspelt_denomination_is_named_with_the_one_it_likely_means(
    evaluate_data,
):
    """A typo never passes silently (dossier format): « absente » alone would send the school
    looking for a leaflet it filed under « carosserie »."""
    data = loads((FIXTURES / "pieces/all-seven.toml").read_text("utf-8"))
    [leaflet] = [d for d in data["documents"] if d["type"] == "plaquette"]
    leaflet["denomination"] = "carosserie"
    [finding] = findings_of(ldm(evaluate_data(data)), "LDM-DOC-LEAFLET")
    assert finding.message == (
        "Plaquette d'information absente pour la dénomination « carrosserie »\u202f; la pièce "
        "«\u202fplaquette-carrosserie\u202f» du dossier porte sur la dénomination "
        "«\u202fcarosserie\u202f», qui n'est pas celle de la candidature (vouliez-vous dire "
        "«\u202fcarrosserie\u202f»\u202f?)"
    )


def test_a_leaflet_of_another_denomination_adds_nothing_to_the_finding(evaluate_data):
    data = loads((FIXTURES / "pieces/all-seven.toml").read_text("utf-8"))
    [leaflet] = [d for d in data["documents"] if d["type"] == "plaquette"]
    leaflet["denomination"] = "maintenance des matériels"
    [finding] = findings_of(ldm(evaluate_data(data)), "LDM-DOC-LEAFLET")
    assert finding.message == "Plaquette d'information absente pour la dénomination « carrosserie »"


def test_dashboards_cover_the_five_years_before_the_application_year(result_of):
    [finding] = findings_of(
        result_of("pieces/dashboard-missing-2021.toml"), "LDM-DOC-DASHBOARD-YEARS"
    )
    assert "2021" in finding.message and "2026" not in finding.message


def test_the_submitted_date_decides_the_application_year(result_of):
    # Submitted in June 2025, audited in May 2026: 2020 to 2024 are due, not 2021 to 2025.
    [finding] = findings_of(
        result_of("pieces/dashboard-submitted-2025-late.toml"), "LDM-DOC-DASHBOARD-YEARS"
    )
    assert "2020" in finding.message
    # What to do names this dossier's years, not the rule's example (2021 to 2025), which
    # was the span a school had just written (the new user's audit).
    assert finding.remedy.endswith("pour ce dossier, de 2020 à 2024.")


def test_a_dossier_sent_in_december_is_asked_for_the_years_of_its_school_year(result_of):
    """Sent in December 2025, the school year 2025-2026's application: 2021 to 2025, as one
    sent in March 2026. Counted by the calendar year of its sending, it was asked for 2020
    and refused 2025, the last year completed (the inspector's audit)."""
    label = result_of("pieces/dashboard-submitted-december.toml")
    assert not findings_of(label, "LDM-DOC-DASHBOARD-YEARS")


def test_a_dossier_sent_from_the_rentree_is_asked_for_the_year_just_completed(result_of):
    """Sent on 1 September 2025: 2025 (2024-2025) is due; 2020 to 2024 leave it out."""
    [finding] = findings_of(
        result_of("pieces/dashboard-submitted-september.toml"), "LDM-DOC-DASHBOARD-YEARS"
    )
    assert finding.message.endswith("année manquante\u202f: 2025)")


def test_board_minutes_dated_after_the_dossier_was_sent_are_refused(result_of):
    [finding] = findings_of(result_of("pieces/pv-ca-after.toml"), "LDM-PV-CA-DATE")
    assert "11/03/2026" in finding.message and "10/03/2026" in finding.message


def test_a_renewal_s_only_minutes_before_sending_of_the_last_cycle_block(result_of):
    """Circular of 23 October 2023, § 4: the application is sent « après accord du conseil
    d'administration ». A renewal's minutes dated the day after sending, beside those of the
    last cycle (before the award renewed), showed no accord of the board on this dossier and
    were ready: the 2021 minutes met the date before sending, the 2026 ones the cycle."""
    label = result_of("pieces/pv-ca-late-and-last-cycle.toml")
    [finding] = findings_of(label, "LDM-PV-CA-DATE")
    assert finding.severity == "blocking" and label.verdict == "not-ready"
    assert finding.message == (
        "Le procès-verbal du conseil d'administration (11/01/2021, 11/03/2026) doit dater au "
        "plus tard de l'envoi du dossier (10/03/2026) et au plus tôt du jour de l'attribution "
        "du label détenu (28/06/2021), que la candidature renouvelle\u202f: la seule pièce "
        "antérieure à l'envoi du dossier date du cycle précédent (11/01/2021)"
    )
    assert "LDM-PV-CA-CYCLE" not in {f.rule for f in label.findings}  # said once


def test_a_renewal_s_only_minutes_of_the_last_cycle_block_once(result_of):
    label = result_of("pieces/pv-ca-last-cycle.toml")
    assert [(f.rule, f.severity) for f in label.findings if f.rule.startswith("LDM-PV-CA")] == [
        ("LDM-PV-CA-DATE", "blocking")
    ]
    assert "du cycle précédent (11/01/2021)" in findings_of(label, "LDM-PV-CA-DATE")[0].message


def test_an_initial_application_s_minutes_are_judged_by_their_date_alone(evaluate_data):
    """An initial application (here after a label expired in 2024) keeps the date before
    sending as its one condition: the cycle is a renewal's."""
    data = loads((FIXTURES / "pieces/pv-ca-last-cycle.toml").read_text("utf-8"))
    data["held"][0]["awarded"] = dt.date(2019, 6, 28)
    data["applications"][0]["type"] = "initial"
    data["documents"][0]["date"] = dt.date(2019, 1, 11)
    label = ldm(evaluate_data(data))
    assert not findings_of(label, "LDM-PV-CA-DATE")


def test_undated_board_minutes_are_said_undated(result_of):
    # Not « procès-verbal … (—) »: a dash asked nothing of the school.
    [finding] = findings_of(result_of("pieces/pv-ca-undated.toml"), "LDM-PV-CA-DATE")
    assert "conseil d'administration (sans date) doit dater" in finding.message


# -- indicators (LDM 002) -------------------------------------------------------------


def test_an_indicator_on_a_descriptor_counts_for_its_criterion(result_of):
    label = result_of("indicators/all-criteria.toml")  # criterion 8's indicator is on ldm:8.40
    assert not findings_of(label, "LDM-INDICATOR-PER-CRITERION")


def test_a_criterion_without_indicator_is_not_met(result_of):
    label = result_of("indicators/criterion-8-missing.toml")
    assert [f.subject for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION")] == ["ldm:8"]
    assert criterion(label, "ldm:8").status == "not-met"
    assert criterion(label, "ldm:7").status == "met"


def test_an_indicator_cited_in_the_self_assessment_does_not_monitor_that_criterion(result_of):
    """LDM 002 asks for an indicator per criterion: one whose `supports` name it. Cited as
    evidence of a descriptor of criterion 8, criterion 7's indicator supports that descriptor
    and still leaves criterion 8 without an indicator of its own."""
    label = result_of("indicators/criterion-8-cited-only.toml")
    assert [f.subject for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION")] == ["ldm:8"]
    assert criterion(label, "ldm:8").status == "not-met"
    assert "ind-7" in criterion(label, "ldm:8").evidence


def test_an_indicator_on_a_descriptor_that_does_not_apply_monitors_nothing(result_of):
    """Cahier des charges 2026, 1re partie, descriptor 34: « Dans le cas des candidatures en
    réseaux […] »; LDM 002: « Indicateurs (2) (à minima 1 par critère) ». Attached to it alone
    in a school applying alone, criterion 6's indicator made it « documenté », its indicator
    found, and the self-assessment line on it passed silently."""
    label = result_of("indicators/criterion-6-network-only.toml")
    assert [f.subject for f in findings_of(label, "LDM-INDICATOR-PER-CRITERION")] == ["ldm:6"]
    assert criterion(label, "ldm:6").status == "not-met"
    assert criterion(label, "ldm:6").evidence == ()
    [warning] = findings_of(label, "LDM-EVIDENCE-ITEM-NOT-APPLICABLE")
    assert warning.message == (
        "Descripteur 34 (ldm:6.34) cité par l'indicateur «\u202find-6\u202f», la ligne "
        "d'auto-évaluation citant «\u202find-6\u202f», alors que d'après le dossier il ne "
        "s'applique pas à cette candidature (les descripteurs 25, 31, 34 et 45 ne concernent "
        "que les candidatures en réseau) : ce rattachement ne documente pas le critère ldm:6 "
        "et n'en fait pas un indicateur de suivi"
    )


def test_an_indicator_on_a_network_descriptor_counts_in_a_network_application(result_of):
    label = result_of("indicators/criterion-6-network-only-network.toml")
    assert not findings_of(label, "LDM-INDICATOR-PER-CRITERION")
    assert not findings_of(label, "LDM-EVIDENCE-ITEM-NOT-APPLICABLE")
    assert criterion(label, "ldm:6").evidence == ("ind-6",)


def test_an_entry_naming_an_applicable_descriptor_too_still_counts_for_it(evaluate_data):
    """Only the ref that does not apply is set aside: `supports = ["ldm:6.34", "ldm:6.32"]`
    still monitors criterion 6, by descriptor 32."""
    data = loads((FIXTURES / "indicators/criterion-6-network-only.toml").read_text("utf-8"))
    [indicator] = [i for i in data["indicators"] if i["id"] == "ind-6"]
    indicator["supports"] = ["ldm:6.34", "ldm:6.32"]
    label = ldm(evaluate_data(data))
    assert not findings_of(label, "LDM-INDICATOR-PER-CRITERION")
    assert criterion(label, "ldm:6").evidence == ("ind-6",)
    [warning] = findings_of(label, "LDM-EVIDENCE-ITEM-NOT-APPLICABLE")
    assert warning.subject == "ldm:6.34"


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
    # Cahier des charges 2026, part 1 § 5, and LDM 013: an écart is followed in the school's internal table.
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


@pytest.mark.parametrize(("as_of", "told"), [("2026-06-01", False), ("2026-06-10", True)])
def test_a_fiche_raised_under_the_award_counts_its_engagements_from_its_own_cycle(
    tmp_path, evaluate, as_of, told
):
    """The fiche's audit is not recorded; the renewal audit of 2021, before the award held,
    is the previous cycle's: the 2026 fiche's engagements (Centre-Val de Loire: audit + 20
    days) count from its raise, not from 2021, when they were five years late at once."""
    text = (FIXTURES / "nonconformities" / "deviation-open.toml").read_text(encoding="utf-8")
    text = text.replace("date = 2026-05-20\n", "date = 2021-05-10\n", 1)
    text = text.replace("report_sent = 2026-05-28\n", "").replace('owner = "CPE"\n', "")
    (tmp_path / "dossier.toml").write_text(text, encoding="utf-8")
    result = evaluate(tmp_path / "dossier.toml", profile=CVL, as_of=dt.date.fromisoformat(as_of))
    assert bool(findings_of(ldm(result), "LDM-DEVIATION-NO-OWNER")) is told


@pytest.mark.parametrize("profile", [CVL, NATIONAL])
def test_a_fiche_of_an_earlier_cycle_does_not_block_the_renewal(result_of, profile):
    """A fiche raised at the 2021 initial audit, still open, blocked the 2026 renewal: « Non-
    conformité FE-2021 (ldm:5) non levée au 30/09/2021 : la structure devra s'inscrire dans un
    nouveau processus de labellisation », told to a school that has held the label since. The
    award of June 2021 required it lifted (cahier des charges 2026, 1re partie, § 5): it is the
    previous cycle's, as that cycle's audit is (LDM-FINDING-NO-FICHE), and the dossier that
    keeps it open contradicts itself."""
    label = result_of("nonconformities/earlier-cycle-open.toml", profile)
    assert [f.rule for f in label.findings if f.subject == "FE-2021"] == ["LDM-NC-EARLIER-CYCLE"]
    [finding] = findings_of(label, "LDM-NC-EARLIER-CYCLE")
    assert finding.severity == "warning" and "le dossier se contredit" in finding.message
    assert criterion(label, "ldm:5").status == "met"


@pytest.mark.parametrize("audit_dated", [True, False])
def test_a_fiche_of_the_audit_that_led_to_the_award_is_still_this_application_s(
    tmp_path, evaluate, audit_dated
):
    """Awarded on 15 July after this initial application's audit, the label held does not
    make that audit's fiche one of an earlier cycle, recorded audit or not; nor when the
    application gives no audit date (the review: the label it won was read as the one before)."""
    text = (FIXTURES / "validity" / "initial-awarded-since.toml").read_text(encoding="utf-8")
    if not audit_dated:
        text = text.replace("audit = 2026-05-20\n", "", 1)
    fiche = (FIXTURES / "nonconformities" / "open-renewal.toml").read_text(encoding="utf-8")
    fiche = fiche[fiche.index("[[nonconformities]]") :].replace('"renewal"', '"initial"')
    (tmp_path / "dossier.toml").write_text(text + "\n" + fiche, encoding="utf-8")
    label = ldm(evaluate(tmp_path / "dossier.toml", as_of=dt.date(2026, 9, 1)))
    assert [f.subject for f in findings_of(label, "LDM-NC-OPEN")] == ["FE-2026-01"]
    assert not findings_of(label, "LDM-NC-EARLIER-CYCLE")


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


def test_a_fiche_graded_lower_than_the_auditors_finding_does_not_answer_it(result_of):
    """The auditors graded 3.13 a non-conformité; the school's fiche for criterion 3 says
    écart. That fiche is not the finding's: the finding still blocks, and says why."""
    label = result_of("nonconformities/finding-with-fiche-graded-lower.toml")
    [finding] = findings_of(label, "LDM-FINDING-NO-FICHE")
    assert (finding.severity, finding.ref) == ("blocking", "ldm:3.13")
    assert (
        "sans fiche d'écart de cette gravité (la fiche FE-2026-02 de ce critère est classée "
        "«\u202fécart\u202f»)" in finding.message
    )  # « gravité », the product's word (the French audit: « de ce grade »)
    assert label.verdict == "not-ready"
    assert criterion(label, "ldm:3").status == "not-met"
    assert [f.subject for f in findings_of(label, "LDM-DEVIATION-OPEN")] == ["FE-2026-02"]


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


@pytest.mark.parametrize(
    ("recorded", "due"),
    [
        (None, dt.date(2026, 9, 30)),  # no date on the fiche: the profile's 30 September
        (dt.date(2026, 12, 15), dt.date(2026, 9, 30)),  # a later one: 30 September still binds
        (dt.date(2026, 7, 1), dt.date(2026, 7, 1)),  # an earlier engagement: its own
    ],
)
def test_an_open_nonconformity_says_its_deadline_before_it_passes(
    evaluate, tmp_path, recorded, due
):
    """cli-and-report: « À faire » gives the date a thing must be done by, and the échéancier
    lists the nonconformity deadlines: the school learns 30 September on the audit's day,
    not once LDM-NC-DEADLINE finds it missed."""
    text = (FIXTURES / "nonconformities/open-renewal-orleans-tours.toml").read_text("utf-8")
    fiche = text.replace("due = 2026-09-30\n", f"due = {recorded}\n" if recorded else "", 1)
    assert fiche != text
    (tmp_path / "dossier.toml").write_text(fiche, encoding="utf-8")
    label = ldm(evaluate(tmp_path / "dossier.toml"))  # at its audit, under its academy's profile
    [finding] = findings_of(label, "LDM-NC-OPEN")
    assert finding.due == due
    steps = [(s.id, s.date) for s in label.steps if "FE-2026-01" in s.id]
    # The fiche's own date (its milestone) and the academy's deadline, each once: an earlier
    # engagement does not hide 30 September, which has its own consequence.
    academy = dt.date(2026, 9, 30)
    assert sorted(date for _id, date in steps) == sorted({d for d in (recorded, academy) if d})
    national = ldm(evaluate(tmp_path / "dossier.toml", profile=NATIONAL))
    [finding] = findings_of(national, "LDM-NC-OPEN")  # no national date: the fiche's alone
    assert finding.due == recorded


def test_the_30_september_deadline_is_announced_beside_an_earlier_due_date(evaluate, tmp_path):
    """The lifecycle audit: a fiche due on 30 June had no 30 September step until the day
    after it passed, so the school never saw the academy's deadline coming. Announced from
    the audit on, still to come on 15 September, late (the finding due that day says so)
    from 1 October, under one id throughout."""
    text = (FIXTURES / "nonconformities/open-renewal-orleans-tours.toml").read_text("utf-8")
    (tmp_path / "dossier.toml").write_text(
        text.replace("due = 2026-09-30", "due = 2026-06-30"), encoding="utf-8"
    )
    states = {}
    for as_of in ("2026-05-20", "2026-09-15", "2026-10-01"):
        label = ldm(evaluate(tmp_path / "dossier.toml", as_of=as_of))
        [step] = [s for s in label.steps if s.id == "nonconformity-deadline:FE-2026-01"]
        assert step.date == dt.date(2026, 9, 30)
        states[as_of] = step_state(step, label)
    assert states == {"2026-05-20": "upcoming", "2026-09-15": "upcoming", "2026-10-01": "late"}


def test_a_campaign_plans_the_30_september_deadline_after_an_earlier_due_date(cli, tmp_path):
    """The lifecycle audit: a campaign from 1 July said « aucune échéance dans la période » of
    a fiche due 30 June and still open; the academy's deadline of 30 September is in it, in
    the plan as in its calendar."""
    text = (FIXTURES / "nonconformities/open-renewal-orleans-tours.toml").read_text("utf-8")
    (tmp_path / "dossier.toml").write_text(
        text.replace("due = 2026-09-30", "due = 2026-06-30"), encoding="utf-8"
    )
    period = ("--from", "2026-07-01", "--to", "2026-12-31")
    report = json.loads(cli("campaign", tmp_path, *period, "--format", "json").stdout)
    steps = [(s["id"], s["date"]) for month in report["months"] for s in month["steps"]]
    assert steps == [("nonconformity-deadline:FE-2026-01", "2026-09-30")]
    calendar = cli("campaign", tmp_path, *period, "--format", "ics").stdout
    assert "DTSTART;VALUE=DATE:20260930" in calendar


def test_a_nonconformity_found_without_its_fiche_has_the_30_september_deadline(evaluate):
    """dossier-format 1.1: with no fiche, it counts as an open nonconformity. The lifecycle
    audit: it had no 30 September step and no finding past it, as if it could stay open
    forever. Announced from the audit on; past it, the academy's finding says it missed."""
    path = FIXTURES / "nonconformities/finding-without-fiche.toml"
    step_id = "nonconformity-deadline:audit:2026-05-20:ldm:3.13"
    states = {}
    for as_of in ("2026-05-20", "2026-09-30", "2026-10-01"):
        label = ldm(evaluate(path, CVL, as_of))
        [step] = [s for s in label.steps if s.id == step_id]
        assert step.date == dt.date(2026, 9, 30)
        assert "LDM 013 § 4-3" in step.source and "30 septembre" in step.source
        states[as_of] = step_state(step, label)
    assert states == {"2026-05-20": "upcoming", "2026-09-30": "upcoming", "2026-10-01": "late"}
    [finding] = findings_of(label, "LDM-NC-DEADLINE-NO-FICHE")
    assert finding.kind == "deadline" and finding.due == dt.date(2026, 9, 30)
    assert "non levée au 30/09/2026" in finding.message


def test_the_fiche_engagements_step_is_late_while_the_fiche_is_missing(evaluate):
    """docs/fr/commandes-et-rapports.md: a step is « en retard » when a finding says it is
    still to do, « passée » once done. The lifecycle audit: with no fiche at all, the step
    « Fiches d'écart (LDM 010) : engagements » read « passée ». The finding that asks for the
    fiche is due that day (audit + 20 days, LDM 010 rubrique 2), and says so."""

    def engagements(dossier: str) -> str:
        label = ldm(evaluate(FIXTURES / "nonconformities" / dossier, CVL, "2026-07-01"))
        [step] = [s for s in label.steps if s.id == "ecart-engagements"]
        assert step.date == dt.date(2026, 6, 9)
        return step_state(step, label)

    assert engagements("finding-without-fiche.toml") == "late"
    assert engagements("finding-with-fiche.toml") == "passed"
    label = ldm(
        evaluate(FIXTURES / "nonconformities/finding-without-fiche.toml", CVL, "2026-07-01")
    )
    [finding] = findings_of(label, "LDM-FINDING-NO-FICHE")
    assert finding.due == dt.date(2026, 6, 9)
    national = ldm(evaluate(FIXTURES / "nonconformities/finding-without-fiche.toml", NATIONAL))
    [finding] = findings_of(national, "LDM-FINDING-NO-FICHE")  # LDM 010 is the academy's
    assert finding.due is None


def test_the_engagements_step_is_late_while_a_fiche_s_engagements_are_missing(evaluate):
    """The new user's check: a fiche without its owner warned that « le délai de transmission
    des engagements [est] passé » with no date, while the step of that day read « date
    passée ». The finding is due that day, the date it says has passed."""
    label = ldm(
        evaluate(FIXTURES / "nonconformities/open-without-engagements.toml", CVL, "2026-07-01")
    )
    [finding] = findings_of(label, "LDM-NC-ENGAGEMENT")
    assert finding.due == dt.date(2026, 6, 9)
    [step] = [s for s in label.steps if s.id == "ecart-engagements"]
    assert (step.date, step_state(step, label)) == (dt.date(2026, 6, 9), "late")


def test_the_academic_lifting_deadline_step_cites_the_text_that_sets_it(evaluate, tmp_path):
    """The échéancier's « Échéance de levée de la non-conformité » on 30 September is the
    Centre-Val de Loire deadline (LDM 013 § 4-3, LDM 010 rubrique 4): its source must name
    it, not only § 5 and LDM 013 § 4.1.2, which say nothing of 30 September (the audit)."""
    text = (FIXTURES / "nonconformities/open-renewal-orleans-tours.toml").read_text("utf-8")
    (tmp_path / "dossier.toml").write_text(text.replace("due = 2026-09-30\n", "", 1), "utf-8")
    label = ldm(evaluate(tmp_path / "dossier.toml"))
    [step] = [s for s in label.steps if s.id == "nonconformity-deadline:FE-2026-01"]
    assert step.date == dt.date(2026, 9, 30)
    assert "LDM 013 § 4-3" in step.source and "30 septembre" in step.source


# -- the Euroscol equivalence for criterion 6 ------------------------------------------------


# How the examples, fixtures and docs name the groupe académique as who decided.
THE_GROUPE_DECIDED = (
    "groupe académique Lycée des métiers",
    "groupe académique Lycée des métiers d'Orléans-Tours",
    "Groupe académique « Lycées des métiers » (Orléans-Tours)",
    "Groupe LDM de l’académie",
    "groupe LDM",
    "Le groupe académique Lycée des métiers",
    "Décision du groupe LDM",
)
# The groupe named, but someone else decided: its advice, a request to it, a copy to it.
ANOTHER_DECIDED = (
    "Le proviseur, après avis du groupe Lycée des métiers",
    "Le chef d'établissement, sur avis du groupe LDM",
    "Demande adressée au groupe académique Lycée des métiers, sans réponse",
    "DAREIC (copie au groupe Lycée des métiers)",
    "Proviseur du lycée des métiers Jean Lurçat",
    "groupe LDM interne au lycée",
    # The school naming itself, its own steering group (the review).
    "Lycée Jean Lurçat",
    "Lycée des métiers Jean Lurçat",
    "Groupe de pilotage LDM",
    # The groupe's name leading, the school's own all the same (the new user's check).
    "groupe LDM du lycée",
    "groupe Lycée des métiers du lycée Jean Lurçat",
    "groupe LDM de l'établissement",
)


# Neither the groupe's name leading nor another author: the contract puts no condition on
# `by`, so the decision counts, its author to be checked (the CLI audit: « groupe », « GALDM
# Orléans-Tours » made ldm:6 not-met and the application not ready).
AUTHOR_UNCONFIRMED = (
    "groupe",
    "GALDM Orléans-Tours",
    "Groupe de pilotage académique Lycée des métiers",
    "Comité académique Lycée des métiers",
)


@pytest.mark.parametrize("by", THE_GROUPE_DECIDED + ANOTHER_DECIDED + AUTHOR_UNCONFIRMED)
def test_the_euroscol_equivalence_is_the_groupe_s_decision_only_when_it_decided(registry, by):
    """« le groupe Lycée des métiers peut décider » (circular of 23 October 2023, § 3): a
    decision recorded as the head's « après avis du groupe Lycée des métiers », or sent to the
    groupe in copy, made criterion 6 met by equivalence, since `by` held the groupe's name."""
    [equivalence] = [e for e in registry.equivalences if e.id == "euroscol-ldm-6"]
    assert (equivalence.author_of(by) == "body") is (by in THE_GROUPE_DECIDED)
    assert (equivalence.author_of(by) == "another") is (by in ANOTHER_DECIDED)


@pytest.mark.parametrize("by", AUTHOR_UNCONFIRMED)
def test_a_decision_whose_author_is_unconfirmed_counts_and_is_to_be_checked(cli, tmp_path, by):
    """The dossier format 1.1: the equivalence applies when « the dossier records the
    decision », with no condition on `by`: it counts, and a warning asks to check who took it
    (« Groupe de pilotage académique Lycée des métiers » was refused: ldm:6 not-met)."""
    school = tmp_path / "dossier.toml"
    text = (FIXTURES / "equivalence" / "euroscol-valid-decided.toml").read_text(encoding="utf-8")
    school.write_text(re.sub(r'(?m)^by = ".*"$', f'by = "{by}"', text), encoding="utf-8")
    [dossier] = json.loads(cli("evaluate", school, "--format", "json").stdout)["dossiers"]
    [ldm] = [label for label in dossier["labels"] if label["label"] == "ldm"]
    statuses = {c["ref"]: c["status"] for c in ldm["criteria"]}
    assert statuses["ldm:6"] == "met-by-equivalence"
    [warning] = [f for f in ldm["findings"] if f["rule"] == "LDM-EQUIVALENCE-AUTHOR-UNCONFIRMED"]
    assert (warning["severity"], warning["nature"], warning["ref"]) == (
        "warning",
        "operational",
        "ldm:6",
    )
    assert "auteur indiqué" in warning["message"] and by in warning["message"]
    assert not [f for f in ldm["findings"] if f["rule"] == "LDM-EQUIVALENCE-NOT-BY-GROUP"]


GROUPE_DECISION = """
[[decisions]]
kind = "equivalence"
equivalence = "euroscol-ldm-6"
by = "groupe académique Lycée des métiers"
date = 2026-03-02
"""


@pytest.mark.parametrize("groupe_first", [False, True])
def test_the_groupe_s_decision_recorded_beside_a_refused_one_applies(cli, tmp_path, groupe_first):
    """LDM-EQUIVALENCE-NOT-BY-GROUP's remedy asks to record the groupe's decision: recorded
    after the school's own (« Proviseur du lycée »), it was never read, the first decision
    alone was (the remedies' audit). Either order applies it, the refusal gone."""
    refused = (FIXTURES / "equivalence" / "euroscol-valid-decided-by-school.toml").read_text(
        encoding="utf-8"
    )
    head, decision = refused.split("[[decisions]]")
    text = (
        head + GROUPE_DECISION + "\n[[decisions]]" + decision
        if groupe_first
        else refused + GROUPE_DECISION
    )
    school = tmp_path / "dossier.toml"
    school.write_text(text, encoding="utf-8")
    [dossier] = json.loads(cli("evaluate", school, "--format", "json").stdout)["dossiers"]
    [ldm] = [label for label in dossier["labels"] if label["label"] == "ldm"]
    statuses = {c["ref"]: c["status"] for c in ldm["criteria"]}
    assert statuses["ldm:6"] == "met-by-equivalence"
    rules = {f["rule"] for f in ldm["findings"]}
    assert "LDM-EQUIVALENCE-NOT-BY-GROUP" not in rules
    assert "LDM-EQUIVALENCE-AUTHOR-UNCONFIRMED" not in rules


@pytest.mark.parametrize("groupe_first", [False, True])
def test_of_decisions_dated_later_the_groupe_s_is_the_one_to_count(cli, tmp_path, groupe_first):
    """Dated after the as-of date, a refused decision (« DRAFPIC, après avis… », 01/07/2030)
    listed before the groupe's (01/09/2030) was said to count from its date, the groupe's
    never named (the review of the merged change)."""
    text = (FIXTURES / "equivalence" / "euroscol-valid-decided.toml").read_text(encoding="utf-8")
    head, _ = text.split("[[decisions]]")
    refused = (
        '\n[[decisions]]\nkind = "equivalence"\nequivalence = "euroscol-ldm-6"\n'
        'by = "DRAFPIC, après avis du groupe académique Lycée des métiers"\ndate = 2030-07-01\n'
    )
    groupe = GROUPE_DECISION.replace("2026-03-02", "2030-09-01")
    school = tmp_path / "dossier.toml"
    school.write_text(head + (groupe + refused if groupe_first else refused + groupe), "utf-8")
    [dossier] = json.loads(cli("evaluate", school, "--format", "json").stdout)["dossiers"]
    [ldm] = [label for label in dossier["labels"] if label["label"] == "ldm"]
    [undecided] = [f for f in ldm["findings"] if f["rule"] == "LDM-EQUIVALENCE-UNDECIDED"]
    assert "01/09/2030" in undecided["message"] + (undecided.get("remedy") or "")
    assert "01/07/2030" not in undecided["message"] + (undecided.get("remedy") or "")


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
    assert finding.message.startswith("Intitulé du label trop long")
    assert finding.remedy == (
        "Raccourcir l'intitulé : 100 caractères au plus, « Lycée des métiers » compris."
    )


def test_a_missing_title_is_said_missing_not_too_long(result_of):
    # It quoted « Lycée des métiers » (17 caractères, 100 au plus) as if the title were long.
    [finding] = findings_of(result_of("title/missing.toml"), "LDM-TITLE")
    assert finding.message == "Intitulé du label absent"
    # Not « Raccourcir l'intitulé », the first thing `labelcheck init`'s starter is told.
    assert finding.remedy == (
        'Donner l\'intitulé du label (dans la candidature, `title = "…"`) : 100 caractères au plus, '
        "« Lycée des métiers » compris."
    )


def test_a_follow_up_without_title_is_not_blocked_for_it(result_of):
    """A follow-up audit is no application: the label, its title included, was awarded, and no
    piece is asked again. « Intitulé du label absent (clé `title` de la candidature) » blocked
    the follow-up dossier that restated no title, its only blocking finding: the circular's
    100 characters bound a title, they ask no follow-up to restate it."""
    label = result_of("title/follow-up-untitled.toml")
    assert findings_of(label, "LDM-TITLE") == []
    assert label.verdict == "ready"
    # A title a follow-up gives is still held to the circular's length.
    [finding] = findings_of(result_of("title/follow-up-too-long.toml"), "LDM-TITLE")
    assert finding.message.startswith("Intitulé du label trop long")


def test_the_due_date_of_an_ecart_is_not_called_a_fiche_d_ecart(result_of):
    """An écart is followed in the internal table, a fiche d'écart is a non-conformité's
    (cahier des charges 2026, 1re partie, § 5, tableau des constats): the échéancier read
    « Échéance de la fiche d'écart (FE-2026-01) » for an écart. Both grades' due date is that
    of their corrective actions."""
    for fixture in ("nonconformities/deviation-open.toml", "nonconformities/open-renewal.toml"):
        label = result_of(fixture, None, "2026-06-01")
        [step] = [s for s in label.steps if s.id == "nonconformity-due:FE-2026-01"]
        assert step.what == "Échéance des actions correctives (FE-2026-01)"
        assert step.source.startswith(CAHIER)  # cited by its title, not « Fiche d'écart (LDM 010) »


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


def test_a_renewal_sent_after_the_label_expired_is_questioned_not_refused(result_of):
    # Awarded 1 March 2021, expired 1 March 2026; the renewal was sent on 10 March 2026. The
    # texts do not say what becomes of a late renewal: labelcheck's reading warns (it blocked,
    # which an inspector would not sign: the groupe académique decides).
    label = result_of("validity/renewal-after-expiry.toml")
    [finding] = findings_of(label, "LDM-RENEWAL-EXPIRED")
    assert (finding.severity, finding.subject, finding.nature) == ("warning", "ldm", "operational")
    assert "groupe académique" in finding.message
    assert not findings_of(result_of("validity/renewal-with-held.toml"), "LDM-RENEWAL-EXPIRED")
    # « Déposer une nouvelle candidature : il n'y a plus de label à renouveler » beside it
    # contradicted it (the French review): LDM-VALIDITY-EXPIRED is for a dossier applying for
    # nothing; the award is still said expired.
    assert not findings_of(label, "LDM-VALIDITY-EXPIRED")
    assert label.held is not None and label.held["status"] == "expired"


def test_a_renewal_is_engaged_in_the_labels_fifth_year(result_of):
    """Circular § 1: « au cours de la cinquième année ». Sent in the third year, it is said
    (a warning: the text sets the year, it does not refuse an earlier one); sent after the
    expiry, it is LDM-RENEWAL-EXPIRED's alone."""
    [early] = findings_of(result_of("validity/renewal-in-third-year.toml"), "LDM-RENEWAL-YEAR")
    assert "du 28/06/2027 au 27/06/2028" in early.message and "10/03/2026" in early.message
    late = result_of("validity/renewal-after-expiry.toml")
    assert findings_of(late, "LDM-RENEWAL-EXPIRED") and not findings_of(late, "LDM-RENEWAL-YEAR")


def test_the_renewal_year_counted_from_the_profile_s_term_says_it_is_the_academy_s(result_of):
    """The new user's check: under a profile giving LDM four years of validity, the renewal's
    year was dated from them but said « exigence des textes » with the circular's fifth year
    alone. Its source names the profile's term, as the validity rules' findings do."""
    periods = str(FIXTURES.parent / "periods" / "profile.toml")
    label = result_of("validity/renewal-in-third-year.toml", periods)
    [early] = findings_of(label, "LDM-RENEWAL-YEAR")
    assert "du 28/06/2026 au 27/06/2027" in early.message
    assert early.nature == "academy"
    assert "durée de validité de 4 ans fixée par le profil" in early.source
    [national] = findings_of(result_of("validity/renewal-in-third-year.toml"), "LDM-RENEWAL-YEAR")
    assert national.nature == "text" and "profil" not in national.source


def test_a_label_awarded_on_29_february_enters_its_fifth_year_on_29_february(evaluate, result_of):
    """Circular § 1: « Au cours de la cinquième année »: awarded on 29 February 2024, the
    label's fifth year begins on 29 February 2028 (award + 4 years, a leap year), though it
    expires on 28 February 2029; the 28th is still its fourth year (every built-in label:
    tests/plugins/test_anniversaries.py)."""
    held = FIXTURES.parent / "anniversaries/held-29-february.toml"
    eve = ldm(evaluate(held, NATIONAL, "2028-02-28"))
    assert not findings_of(eve, "LDM-VALIDITY-RENEWAL-DUE")
    [due] = findings_of(ldm(evaluate(held, NATIONAL, "2028-02-29")), "LDM-VALIDITY-RENEWAL-DUE")
    assert "depuis le 29/02/2028" in due.message and "expire le 28/02/2029" in due.message
    [early] = findings_of(result_of("validity/renewal-29-february.toml"), "LDM-RENEWAL-YEAR")
    assert "du 29/02/2028 au 27/02/2029" in early.message and "28/02/2028" in early.message


# -- audits ----------------------------------------------------------------------------------------


def test_an_auditor_named_like_the_referent_inspector_is_to_be_checked_not_refused(result_of):
    label = result_of("audits/referent-inspector-alike.toml")
    assert not findings_of(
        label, "LDM-AUDIT-INSPECTOR"
    )  # « D. Leroy » ≠ « Daniel Leroy » as written
    [finding] = findings_of(label, "LDM-AUDIT-INSPECTOR-ALIKE")
    assert "Daniel Leroy, dans l'équipe, porte le nom de l'inspecteur référent" in finding.message
    assert "(D. Leroy)" in finding.message and finding.severity == "warning"
    # The same person written alike is the blocking rule's alone.
    assert not findings_of(result_of("audits/referent-inspector.toml"), "LDM-AUDIT-INSPECTOR-ALIKE")


def test_the_audit_team_problem_is_named(result_of):
    [finding] = findings_of(result_of("audits/team-1.toml"), "LDM-AUDIT-TEAM")
    assert "1 auditeur au lieu de 2 à 4" in finding.message
    found = findings_of(result_of("audits/team-2.toml", CVL), "LDM-AUDIT-TEAM-ACADEMY")
    assert {f.subject: f.message for f in found} == {
        "auditors": "Audit du 20/05/2026 : 2 auditeurs au lieu de 3",
        "lead": "Audit du 20/05/2026 : aucun auditeur référent désigné",
    }


def test_each_audit_team_finding_shows_whose_text_asks_it(result_of):
    # The circular asks two to four auditors (text); three with a lead is Centre-Val de
    # Loire's choice (academy): « 2 auditeurs au lieu de 3 » is not the circular's.
    national = result_of("audits/team-1.toml")
    assert {f.nature for f in findings_of(national, "LDM-AUDIT-TEAM")} == {"text"}
    assert not findings_of(national, "LDM-AUDIT-TEAM-ACADEMY")
    academy = result_of("audits/team-2.toml", CVL)
    assert not findings_of(academy, "LDM-AUDIT-TEAM")
    assert {f.nature for f in findings_of(academy, "LDM-AUDIT-TEAM-ACADEMY")} == {"academy"}


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
    assert "5 auditeurs au lieu de 2 à 4" in finding.message
    assert not findings_of(label, "LDM-AUDIT-INSPECTOR")
    assert label.verdict == "ready"


def test_audit_calendar_findings_are_deadlines(result_of):
    # The calendar is Centre-Val de Loire's (1.1): judged under its profile.
    [plan] = findings_of(result_of("audits/calendar-plan-late.toml", CVL), "LDM-AUDIT-CALENDAR")
    # Both were done, though late: the message says how late, and nothing is due any more.
    assert plan.kind == "deadline" and plan.due is None
    assert "fait le 06/05/2026, 1 jour après l'échéance" in plan.message
    late = result_of("audits/calendar-report-late.toml", CVL, "2026-06-01")
    [report] = findings_of(late, "LDM-AUDIT-CALENDAR")
    assert report.due is None and "fait le 31/05/2026" in report.message


def test_a_late_report_cites_the_text_on_the_report_not_only_the_plan_s(result_of):
    """Cahier des charges 2026, 1re partie, § 5: the plan's 15 days are « Avant l'audit », the
    report's 10 days « Après l'audit ». A finding on the report quoted the plan's sentence alone:
    an inspector reading its quote found nothing about the report."""
    late = result_of("audits/calendar-report-late.toml", CVL, "2026-06-01")
    [report] = findings_of(late, "LDM-AUDIT-CALENDAR")
    assert report.cited is not None and report.cited.quote is not None
    assert "Au plus tard 10 jours après l'audit, l'auditeur référent adresse le rapport" in (
        report.cited.quote
    )


def test_audit_calendar_judges_a_report_sent_after_the_as_of_date_not_sent_yet(result_of):
    """Dossier format 1.1: judged as it stood at the as-of date. Sent on 31/05, a day late:
    on the audit day (the application's as-of date) the report was not due yet, nor sent."""
    on_the_audit_day = result_of("audits/calendar-report-late.toml", CVL)
    assert on_the_audit_day.as_of == dt.date(2026, 5, 20)
    assert not findings_of(on_the_audit_day, "LDM-AUDIT-CALENDAR")


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


def test_an_operational_rule_warns_under_national_and_blocks_where_a_profile_says_so(result_of):
    [national] = findings_of(result_of("denominations/none.toml"), "LDM-DENOMINATIONS")
    assert (national.severity, national.nature) == ("warning", "operational")
    [strict] = findings_of(result_of("denominations/none.toml", STRICT), "LDM-DENOMINATIONS")
    assert strict.severity == "blocking"


def test_board_minutes_dated_after_the_dossier_was_sent_block_under_national(result_of):
    """The circular's « après accord du conseil d'administration » is the text's own: a
    procès-verbal dated after the dossier was sent (the date of its sitting) blocks."""
    label = result_of("pieces/pv-ca-after.toml")
    [finding] = findings_of(label, "LDM-PV-CA-DATE")
    assert (finding.severity, finding.nature) == ("blocking", "text")
    assert label.verdict == "not-ready"


# -- files ---------------------------------------------------------------------------------------------


def test_a_missing_file_is_a_warning_naming_it(result_of):
    """Kind `reference` (cli-and-report): a file the dossier names leads nowhere; a piece
    missing altogether is `required-document`."""
    [finding] = findings_of(result_of("files/missing/dossier.toml"), "DOC-FILE-MISSING")
    assert finding.kind == "reference"
    # The piece as the school named it, not its id alone (the new-user walk).
    assert finding.message == (
        "Pièce « Fiche de candidature signée » (fiche) : le fichier « pieces/absente.pdf » est "
        "introuvable dans le répertoire du dossier"
    )


@pytest.mark.parametrize(
    ("fixture", "due"),
    [
        # The report sent on 30/05: the head returns it within ten days of that.
        ("audits/calendar-on-time.toml", dt.date(2026, 6, 9)),
        # Not sent yet: at the latest ten days after the latest day it may be sent (audit + 20).
        ("audits/calendar-report-pending.toml", dt.date(2026, 6, 9)),
    ],
)
def test_the_report_s_return_is_due_ten_days_after_it_was_sent(result_of, fixture, due):
    """Cahier des charges 2026, 1re partie § 5: « dans un délai maximum de 10 jours », counted
    from the report's sending once the dossier records it (by the as-of date), not from the
    audit."""
    label = result_of(fixture, profile="centre-val-de-loire-2026", as_of="2026-06-01")
    [step] = [s for s in label.steps if s.id == "audit-report-returned"]
    assert step.date == due


@pytest.mark.parametrize(
    ("as_of", "due"),
    [
        # Sent on 22/05 and known by 01/06: returned within ten days of the sending.
        ("2026-06-01", dt.date(2026, 6, 1)),
        # Judged on 21/05, the sending is not known yet (format 1.1), as LDM-AUDIT-CALENDAR
        # reads the report as not sent: the return keeps its latest date (audit + 20).
        ("2026-05-21", dt.date(2026, 6, 9)),
    ],
)
def test_a_report_sent_early_brings_its_return_forward_once_sent(result_of, tmp_path, as_of, due):
    text = (LDM.fixtures / "audits/calendar-on-time.toml").read_text(encoding="utf-8")
    early = tmp_path / "dossier.toml"
    early.write_text(text.replace("report_sent = 2026-05-30", "report_sent = 2026-05-22"), "utf-8")
    label = result_of(str(early), profile="centre-val-de-loire-2026", as_of=as_of)
    [step] = [s for s in label.steps if s.id == "audit-report-returned"]
    assert step.date == due


def test_a_required_piece_dated_after_the_as_of_date_is_named_as_such(evaluate):
    # « Pièce obligatoire absente » alone read as false to the school head who filed it.
    example = FIXTURES.parents[3] / "examples" / "lp-jean-lurcat" / "dossier.toml"
    [finding] = findings_of(ldm(evaluate(example, as_of="2026-03-01")), "LDM-DOC-REQUIRED")[:1]
    assert "du dossier est datée du" in finding.message
    assert "après la date d'évaluation" in finding.message


@pytest.mark.parametrize(
    ("submitted", "expected", "absent"),
    [
        # The label expires on 28/06/2026: asked on that day, the renewal is asked too late.
        ("2026-06-28", "LDM-RENEWAL-EXPIRED", "LDM-RENEWAL-YEAR"),
        ("2026-06-27", "LDM-VALIDITY-EXPIRED-RENEWING", "LDM-RENEWAL-EXPIRED"),  # its last day
    ],
)
def test_a_renewal_asked_on_the_expiry_day_is_asked_after_it(
    evaluate, tmp_path, submitted, expected, absent
):
    """A `<` for `<=` on the expiry gave « demandé le 28/06/2026, avant la dernière année de
    validité du label (du 28/06/2025 au 27/06/2026) » and « déposée avant, suit son cours »;
    only a test of the fast path's values caught it (the mutation audit)."""
    example = FIXTURES.parents[3] / "examples" / "lp-jean-lurcat"
    school = tmp_path / "lp"
    shutil.copytree(example, school)
    dossier = school / "dossier.toml"
    text = dossier.read_text(encoding="utf-8")
    text = text.replace(
        "submitted = 2026-03-10\naudit = 2026-05-20", f"submitted = {submitted}\naudit = 2026-09-15"
    )
    dossier.write_text(text, encoding="utf-8")
    rules = {f.rule for f in ldm(evaluate(dossier, as_of="2026-09-15")).findings}
    assert expected in rules and absent not in rules, sorted(rules)


def test_a_leaflet_dated_after_the_as_of_date_is_said_so(evaluate, tmp_path):
    """« Plaquette d'information absente pour la dénomination « carrosserie » » alone, for a
    leaflet the school filed, dated after the as-of date (the new user's check), as the other
    required pieces say it."""
    school = tmp_path / "lp"
    shutil.copytree(FIXTURES.parents[3] / "examples" / "lp-jean-lurcat", school)
    dossier = school / "dossier.toml"
    text = dossier.read_text(encoding="utf-8")
    late = 'denomination = "carrosserie"\ndate = 2026-06-03\n'
    dossier.write_text(text.replace('denomination = "carrosserie"\n', late, 1), "utf-8")
    [finding] = findings_of(ldm(evaluate(dossier, as_of="2026-05-20")), "LDM-DOC-LEAFLET")
    assert finding.message.replace("\u202f", " ").endswith(
        "la pièce « Plaquette « Carrosserie » » (plaquette-carrosserie) du dossier est datée du "
        "03/06/2026, après la date d'évaluation (20/05/2026) : elle ne compte qu'à partir "
        "de sa date"
    ), finding.message


def test_missing_dashboard_years_are_counted_in_french(result_of):
    # « années manquantes 2020 » for one year: the noun agrees, a colon introduces them.
    [finding] = findings_of(
        result_of("pieces/dashboard-submitted-2025-late.toml"), "LDM-DOC-DASHBOARD-YEARS"
    )
    assert re.search(r"incomplets \(années? manquantes?\u202f: \d{4}", finding.message)
    count = len(re.findall(r"\d{4}", finding.message.partition("manquante")[2]))
    assert ("années manquantes" in finding.message) == (count > 1)


def test_the_fiche_a_finding_without_its_own_names_is_the_same_in_any_order(evaluate, tmp_path):
    # Two écart fiches on the criterion of a non-conformité found at the audit: the message
    # named the first one met, so reordering [[nonconformities]] changed the report.
    base = (FIXTURES / "nonconformities" / "finding-without-fiche.toml").read_text("utf-8")
    fiche = (
        '\n[[nonconformities]]\nid = "{id}"\nref = "ldm:3"\ngrade = "deviation"\n'
        'audit_type = "renewal"\nraised = 2026-05-20\nstatus = "open"\n'
        'corrective_action = "Formaliser"\nowner = "CPE"\n'
    )
    messages = []
    for ids in (("FE-2", "FE-0"), ("FE-0", "FE-2")):
        path = tmp_path / "-".join(ids) / "dossier.toml"
        path.parent.mkdir()
        path.write_text(base + "".join(fiche.format(id=i) for i in ids), "utf-8")
        [finding] = findings_of(ldm(evaluate(path, as_of="2026-05-20")), "LDM-FINDING-NO-FICHE")
        messages.append(finding.message)
    assert messages[0] == messages[1] and "FE-0" in messages[0]


def test_an_ecart_is_followed_in_the_internal_table_not_on_a_fiche(result_of):
    """LDM 010's fiche d'écart is a non-conformité's (« Une non-conformité donne lieu à la
    rédaction d'une fiche d'écart »); an écart is followed in the internal table, with no
    deadline of the texts: the écart rules said « Fiche d'écart … le délai de transmission des
    engagements étant passé », and claimed to be the academy's text (the fidelity audit)."""
    label = result_of("nonconformities/deviation-no-engagements.toml", CVL, "2026-06-10")
    found = [
        f
        for f in label.findings
        if f.rule.startswith("LDM-DEVIATION-") and f.rule != "LDM-DEVIATION-OPEN"
    ]
    assert {f.rule for f in found} == {"LDM-DEVIATION-NO-OWNER", "LDM-DEVIATION-INCOMPLETE"}
    for finding in found:
        assert finding.message.startswith(
            "Écart FE-2026-02 (ldm:3), suivi dans le tableau de suivi interne : "
        )
        assert "fiche" not in finding.message.lower() and "LDM 010" not in (finding.remedy or "")
        assert finding.nature == "operational"


def test_no_ecart_rule_gives_an_ecart_a_fiche(registry):
    """An écart is recorded in the school's « tableau de suivi interne », a fiche d'écart is a
    non-conformité's (cahier des charges 2026, 1re partie, § 5): the open écart's remedy read
    « Lever l'écart au plus tard à l'échéance de sa fiche » (lp-jean-lurcat), and an écart found
    at the audit was « sans fiche au dossier » (the inspector's audit)."""
    rules, errors = load_rules(registry)
    assert errors == []
    ecarts = [r.spec for r in rules if r.id.startswith("LDM-DEVIATION-")]
    assert len(ecarts) == 4
    for spec in ecarts:
        assert "fiche" not in f"{spec.title} {spec.message} {spec.remedy}".lower(), spec.id
    [still_open] = [spec for spec in ecarts if spec.id == "LDM-DEVIATION-OPEN"]
    # « à son échéance » only if it has one (`due`): the remedy audit's écart had none.
    assert (still_open.remedy or "").startswith(
        "Lever l'écart, au plus tard à son échéance s'il en a une, en "
    )


@pytest.mark.parametrize(
    ("as_of", "rules"),
    [
        # Before the audit and before Euroscol expires (1 April 2026): applied, and warned.
        ("2026-03-31", ["LDM-EQUIVALENCE-APPLIED", "LDM-EQUIVALENCE-LAPSES-BEFORE-AUDIT"]),
        # From its expiry, the equivalence has lapsed: nothing is « before the audit » then.
        ("2026-04-01", ["LDM-EQUIVALENCE-LAPSED"]),
        ("2026-05-20", ["LDM-EQUIVALENCE-LAPSED"]),
    ],
)
def test_an_equivalence_lapsing_before_the_audit_is_said_until_it_lapses(result_of, as_of, rules):
    label = result_of("equivalence/euroscol-expires-before-audit-decided.toml", as_of=as_of)
    assert sorted(f.rule for f in label.findings if f.kind == "equivalence") == rules
    if "LDM-EQUIVALENCE-LAPSES-BEFORE-AUDIT" in rules:
        [warned] = [f for f in label.findings if f.rule == "LDM-EQUIVALENCE-LAPSES-BEFORE-AUDIT"]
        assert warned.message.startswith(
            "Le label Euroscol ne sera plus valide à l'audit du 20/05/2026 (il expire le 01/04/2026)"
        )


@pytest.mark.parametrize(
    ("audit", "rules"),
    [
        # Euroscol expires on 01/04/2026: on its audit of that day, it no longer stands in.
        ("2026-04-01", ["LDM-EQUIVALENCE-APPLIED", "LDM-EQUIVALENCE-LAPSES-BEFORE-AUDIT"]),
        ("2026-03-31", ["LDM-EQUIVALENCE-APPLIED"]),  # its last day valid
    ],
)
def test_an_equivalence_lapsing_on_the_audit_day_is_said(evaluate, tmp_path, audit, rules):
    """The expiry day is the first without the label, as everywhere else: an audit on that day
    is after the equivalence lapsed (a `<` for `<=` survived the suite: the mutation audit)."""
    text = (FIXTURES / "equivalence" / "euroscol-expires-before-audit-decided.toml").read_text(
        encoding="utf-8"
    )
    school = tmp_path / "dossier.toml"
    school.write_text(text.replace("audit = 2026-05-20", f"audit = {audit}"), encoding="utf-8")
    label = ldm(evaluate(school, as_of="2026-03-15"))
    assert sorted(f.rule for f in label.findings if f.kind == "equivalence") == rules


def test_board_minutes_of_the_award_s_own_day_are_not_said_to_predate_it(result_of):
    """The properties found « (01/01/2020) date d'avant l'attribution du label détenu
    (01/01/2020) »: a piece of the award's day is not before it."""
    label = result_of("pieces/pv-ca-award-day.toml")
    assert "LDM-PV-CA-CYCLE" not in {f.rule for f in label.findings}


@pytest.mark.parametrize(("as_of", "warned"), [("2026-06-09", False), ("2026-06-10", True)])
def test_a_fiche_s_engagements_are_due_twenty_days_after_its_audit_not_its_raise(
    evaluate, as_of, warned
):
    """LDM 010, rubrique 2: « délai : audit + 20j ». The fiche raised on 30 May at the audit
    of 20 May has its engagements due by 9 June, not by 19 June."""
    label = ldm(evaluate(FIXTURES / "nonconformities/raised-after-the-audit.toml", as_of=as_of))
    assert bool(findings_of(label, "LDM-NC-ENGAGEMENT")) == warned


@pytest.mark.parametrize(("as_of", "warned"), [("2026-06-19", False), ("2026-06-20", True)])
def test_a_fiche_whose_audit_the_dossier_lacks_counts_its_engagements_from_its_raise(
    evaluate, tmp_path, as_of, warned
):
    text = (FIXTURES / "nonconformities/raised-after-the-audit.toml").read_text("utf-8")
    # The audit of another type: not the one the fiche was raised at.
    other = text.replace(
        'type = "initial"\ndate = 2026-05-20', 'type = "follow-up"\ndate = 2026-05-20'
    )
    assert other != text
    (tmp_path / "dossier.toml").write_text(other, encoding="utf-8")
    label = ldm(evaluate(tmp_path / "dossier.toml", as_of=as_of))
    assert bool(findings_of(label, "LDM-NC-ENGAGEMENT")) == warned


@pytest.mark.parametrize(
    "rule", ["LDM-DOC-REQUIRED", "LDM-DOC-LEAFLET", "LDM-INDICATOR-PER-CRITERION"]
)
def test_a_rule_citing_only_the_centre_val_de_loire_list_says_why_it_applies_everywhere(cli, rule):
    """The circular, § 4, leaves the application dossier to each academy's groupe (« il définit
    le dossier de candidature proposé aux établissements »): a rule applying the Centre-Val de
    Loire list under every profile says so, where `explain` shows it; nature and severity stay
    (no verdict changes)."""
    shown = cli("explain", rule).stdout.replace("\u202f", " ")
    assert "« il définit le dossier de candidature proposé aux établissements »" in shown
    assert "sous tous les profils" in shown and "Centre-Val de Loire" in shown
    # In words for the school head, the codes on the plugin authors' line.
    assert "nature du texte" in shown and "exigence des textes" in shown
    assert 'source.nature = "text"' in shown and 'severity = "blocking"' in shown
    assert "bloquant" in shown


def test_a_campus_membership_is_evidence_of_descriptor_24(tmp_path):
    """Descriptor 24 is the membership itself (« L'établissement est adhérent à un campus des
    métiers et des qualifications ») and the circular lets the school rely on it (§ 3): a
    dossier's `establishment.campus` supports ldm:4.24 ([[key_evidence]] of the référentiel),
    where « sans élément de preuve » was said of it (the inspector's audit)."""
    from click.testing import CliRunner
    from labelcheck.core.cli import main

    example = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
    text = (example / "dossier.toml").read_text("utf-8")
    assert 'campus = ["cmq-industrie-du-futur-cvl"]' in text

    def ldm_of(dossier_text: str) -> dict:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        shutil.copytree(example, folder)
        (folder / "dossier.toml").write_text(dossier_text, "utf-8")
        result = CliRunner().invoke(
            main, ["evaluate", str(folder), "--format", "json", "--as-of", "2026-05-20"]
        )
        [dossier] = json.loads(result.stdout)["dossiers"]
        return next(label for label in dossier["labels"] if label["label"] == "ldm")

    def unsupported(label: dict) -> set[str]:
        return {f["ref"] for f in label["findings"] if f["rule"] == "LDM-DESCRIPTOR-EVIDENCE"}

    member = ldm_of(text)
    assert "ldm:4.24" not in unsupported(member)
    [criterion] = [c for c in member["criteria"] if c["ref"] == "ldm:4"]
    assert "cmq-industrie-du-futur-cvl" in criterion["evidence"]
    alone = ldm_of(text.replace('campus = ["cmq-industrie-du-futur-cvl"]', "campus = []"))
    assert "ldm:4.24" in unsupported(alone)


@pytest.mark.parametrize("wrong", ["ldm:4.99", "ldm:12", "e3d:1", "ldm:4.x"])
def test_key_evidence_naming_nothing_of_its_label_disables_the_plugin_at_its_line(tmp_path, wrong):
    """A `[[key_evidence]]` whose ref names no criterion or item of its label would support
    nothing without a word: its référentiel is refused, at the ref's line."""
    from labelcheck.core.catalog import PluginDataError, load_label

    text = (Path(__file__).parents[2] / "plugins" / "ldm" / "referentiel.toml").read_text("utf-8")
    assert 'supports = ["ldm:4.24"]' in text
    path = tmp_path / "referentiel.toml"
    path.write_text(text.replace('supports = ["ldm:4.24"]', f'supports = ["{wrong}"]'), "utf-8")
    with pytest.raises(PluginDataError) as raised:
        load_label(path)
    [error] = raised.value.errors
    assert error.path == "key_evidence[0].supports[0]"
    assert f"«\u202f{wrong}\u202f» ne nomme ni critère ni item du label ldm" in error.message
    assert path.read_text("utf-8").splitlines()[error.line - 1].startswith("supports = ")


def test_what_a_rule_asks_names_no_academy_whose_profile_may_not_be_the_one_in_force(engine):
    """« Composer l'équipe d'audit comme le fixe l'académie (Centre-Val de Loire : trois
    auditeurs…) » was told under a Normandie profile too: a rule's message and remedy are told
    under every profile that runs it, so the academy's own figures stay in its profile (the
    finding's message gives them: « 2 auditeurs au lieu de 3 »), and its name in the sources."""
    said = [
        (rule.id, text)
        for rule in engine().rules
        for text in (rule.spec.message, rule.spec.remedy or "")
        if "Centre-Val de Loire" in text or "Orléans-Tours" in text
    ]
    assert said == []


def test_a_body_named_with_its_article_decides_when_by_names_it_with_or_without(registry):
    """The review: `decided_by_names = ["la commission académique"]` refused every decision,
    the article stripped from `by` and not from the name."""
    [equivalence] = [e for e in registry.equivalences if e.id == "euroscol-ldm-6"]
    body = equivalence.model_copy(update={"decided_by_names": ["la commission académique"]})
    assert body.author_of("La commission académique") == "body"
    assert body.author_of("commission académique, séance du 3 mars") == "body"
    assert body.author_of("Le proviseur, après avis de la commission académique") != "body"


REMEDY_AUDIT = Path(__file__).parent / "fixtures" / "remedies"


def test_a_piece_set_aside_is_named_by_its_title(evaluate):
    """The remedy audit: « la pièce « fiche » du dossier est datée… », its id where the school
    titled it « Fiche LDM 001 »."""
    [label] = evaluate(REMEDY_AUDIT / "ldm-fiche-dated-later.toml", None, "2026-05-20").labels
    [missing] = findings_of(label, "LDM-DOC-REQUIRED")
    assert "la pièce « Fiche LDM 001 » (fiche) du dossier est datée" in _spaced(missing.message)
    later = [_spaced(f.message) for f in findings_of(label, "DATED-LATER")]
    assert any(m.startswith("Pièce « Fiche LDM 001 » (02/06/2026") for m in later), later


@pytest.mark.parametrize(
    ("kind", "said"),
    [("greta", "groupement d'établissements"), ("cfa", "centre de formation d'apprentis")],
)
def test_an_ineligible_kind_is_said_in_words(evaluate, tmp_path, kind, said):
    """The remedy audit: « type « greta » » and « cfa » bare, where « lp (lycée
    professionnel) » had its words."""
    dossier = tmp_path / "dossier.toml"
    text = (REMEDY_AUDIT / "ldm-pv-ca-missing.toml").read_text("utf-8")
    dossier.write_text(text.replace('kind = "lp"', f'kind = "{kind}"', 1), "utf-8")
    [label] = evaluate(dossier, None, "2026-05-20").labels
    [finding] = findings_of(label, "LDM-ELIGIBILITY")
    assert f"type « {kind} ({said}) »" in _spaced(finding.message)


def _spaced(message: str) -> str:
    """A message with ordinary spaces for its narrow no-break ones, as a test writes it."""
    return message.replace("\u202f", " ")


def test_past_the_academys_deadline_the_open_fiches_remedy_does_not_say_lifting_is_enough(
    result_of,
):
    # From the French proofreader's audit: past 30 September, the open fiche's remedy told
    # to lift it and record it lifted, beside the deadline's « lever la non-conformité ne
    # suffit plus ». Said once for both dates, it names the deadline and what follows it.
    label = result_of("nonconformities/open-renewal.toml", CVL, "2026-10-01")
    [deadline] = findings_of(label, "LDM-NC-DEADLINE")
    [still_open] = findings_of(label, "LDM-NC-OPEN")
    assert "ne suffit plus" in deadline.remedy
    assert "Passé cette date limite, une levée ne suffit plus" in still_open.remedy


@pytest.mark.parametrize(
    "as_of, plan, report",
    [
        # before anything is due: the plan returned early is done already
        ("2026-05-03", ("done", dt.date(2026, 5, 1)), ("upcoming", None)),
        # the report sent two days before its deadline
        ("2026-05-29", ("done", dt.date(2026, 5, 1)), ("done", dt.date(2026, 5, 28))),
        # a date recorded after the as-of date is not known yet at that date
        ("2026-04-30", ("upcoming", None), ("upcoming", None)),
    ],
)
def test_a_step_the_dossier_records_done_says_when(evaluate, as_of, plan, report):
    """The inspector's audit: on 29/05/2026 the échéancier read « 30/05/2026 (à venir) —
    Rapport d'audit adressé » of a report the dossier says was sent on 28/05, and « date
    passée » of a plan returned on 01/05. Steps a dossier key records done say « fait le »."""
    label = ldm(evaluate(EXAMPLES / "lp-jean-lurcat" / "dossier.toml", as_of=as_of))
    steps = {s.id: s for s in label.steps}
    for step_id, (state, done_on) in (("audit-plan", plan), ("audit-report", report)):
        assert (step_state(steps[step_id], label), steps[step_id].done_on) == (state, done_on)
