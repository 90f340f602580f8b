"""Kinds `audit-team` and `audit-calendar` (rules/audits.py): who audits, and when things are due."""

from __future__ import annotations

from kinds import Case, cases, check

MODULE = "audits"
AFTER = "2026-06-15"  # well after every deadline of the fixtures' audit (20 May 2026)


@cases(
    Case("one-below-the-minimum", "T-TEAM-SIZE", "team-1.toml", ("auditors",)),
    Case("at-the-minimum", "T-TEAM-SIZE", "team-2.toml"),
    Case("at-the-maximum", "T-TEAM-SIZE", "team-4.toml"),
    Case("one-above-the-maximum", "T-TEAM-SIZE", "team-5.toml", ("auditors",)),
    Case("auditors-counted-once", "T-TEAM-SIZE", "team-2-named-twice.toml", ("auditors",)),
    # A person is one auditor whatever the case, spacing or accents of the name, as
    # `campaign` counts them: « A. Martin » and « a.  MARTIN » made a team of two.
    Case(
        "auditors-counted-once-however-written",
        "T-TEAM-SIZE",
        "team-2-named-twice-written-otherwise.toml",
        ("auditors",),
    ),
    # Size is checked only when both bounds are set.
    Case("min-alone-checks-nothing", "T-TEAM-MIN-ONLY", "team-1.toml"),
)
def test_audit_team_size_within_bounds(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_audit_team_size_message_gives_size_and_bounds(engine, registry):
    [finding] = check(
        engine, registry, MODULE, Case("5", "T-TEAM-SIZE", "team-5.toml", ("auditors",))
    )
    assert finding.message == "5 auditeurs au lieu de 2 à 4"


@cases(
    Case("lead-named", "T-TEAM-LEAD", "team-3-lead.toml"),
    Case("no-lead", "T-TEAM-LEAD", "team-2.toml", ("lead",)),
    Case("not-asked-not-checked", "T-TEAM-SIZE", "team-2.toml"),
)
def test_audit_team_lead_required(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    Case("inspector-not-auditing", "T-TEAM-INSPECTOR", "inspector-not-auditing.toml"),
    Case(
        "inspector-auditing", "T-TEAM-INSPECTOR", "inspector-auditing.toml", ("referent_inspector",)
    ),
    Case("not-asked-not-checked", "T-TEAM-SIZE", "inspector-auditing.toml"),
    # As `campaign` finds them: the inspector's name typed otherwise among the auditors
    # passed the rule, while `campaign` reported the same audit.
    Case(
        "inspector-auditing-name-written-otherwise",
        "T-TEAM-INSPECTOR",
        "inspector-auditing-written-otherwise.toml",
        ("referent_inspector",),
    ),
)
def test_audit_team_excludes_the_referent_inspector(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    # National: two to four auditors, no lead required; the profile: three, one the lead.
    Case("national-team-of-two", "T-TEAM-PROFILE", "team-2.toml"),
    Case(
        "profile-team-of-two",
        "T-TEAM-PROFILE",
        "team-2.toml",
        ("auditors", "lead"),
        "team-of-three.toml",
    ),
    Case(
        "profile-team-of-three-lead", "T-TEAM-PROFILE", "team-3-lead.toml", (), "team-of-three.toml"
    ),
)
def test_audit_team_bounds_and_lead_from_the_profile(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    Case("both-on-their-deadline", "T-CALENDAR", "on-time.toml", as_of=AFTER),
    Case("plan-a-day-late", "T-CALENDAR", "plan-late.toml", ("plan_returned",), as_of=AFTER),
    Case("report-a-day-late", "T-CALENDAR", "report-late.toml", ("report_sent",), as_of=AFTER),
    Case("report-not-done-not-yet-due", "T-CALENDAR", "report-pending.toml", as_of="2026-05-30"),
    Case(
        "report-not-done-and-due",
        "T-CALENDAR",
        "report-pending.toml",
        ("report_sent",),
        as_of="2026-05-31",
    ),
    Case("plan-not-done-and-due", "T-CALENDAR", "team-2.toml", ("plan_returned",)),
    # Sent on 31/05, a day late: not yet sent on the audit day nor on the deadline, so not late
    # then (the dossier as it stood at the as-of date); late from the day it was sent.
    Case(
        "report-sent-late-judged-on-the-audit-day",
        "T-CALENDAR",
        "report-late.toml",
        (),
        as_of="2026-05-20",
    ),
    Case(
        "report-sent-late-judged-on-its-deadline",
        "T-CALENDAR",
        "report-late.toml",
        (),
        as_of="2026-05-30",
    ),
    Case(
        "report-sent-late-judged-the-day-it-was-sent",
        "T-CALENDAR",
        "report-late.toml",
        ("report_sent",),
        as_of="2026-05-31",
    ),
)
def test_audit_calendar_plan_early_enough_report_soon_enough(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_audit_calendar_message_says_how_late(engine, registry):
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("late", "T-CALENDAR", "plan-late.toml", ("plan_returned",), as_of=AFTER),
    )
    assert finding.message == (
        "retour du plan d'audit validé : échéance 05/05/2026, fait le 06/05/2026, 1 jour après l'échéance"
    )
    # Done, though late: nothing is due any more (the échéancier shows its « date passée »).
    assert finding.due is None


def test_audit_calendar_a_step_not_done_is_due_at_its_deadline(engine, registry):
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("due", "T-CALENDAR", "report-pending.toml", ("report_sent",), as_of="2026-05-31"),
    )
    assert "aucune date n'est portée au dossier" in finding.message
    assert str(finding.due) == "2026-05-30"


def test_audit_calendar_a_date_after_the_as_of_date_is_said_so(engine, registry):
    """Sent on 05/06, judged on 02/06, its deadline 30/05: not sent at that date, and late; the
    message said « aucune date n'est portée au dossier », an inspector then asking the school
    for a date it gave (the third grader)."""
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("later", "T-CALENDAR", "report-sent-later.toml", ("report_sent",), as_of="2026-06-02"),
    )
    assert "aucune date" not in finding.message
    assert (
        "la date portée au dossier, le 05/06/2026, est après la date d'évaluation (02/06/2026)"
        "\u202f: elle ne compte qu'à partir de sa date" in finding.message
    )
    assert str(finding.due) == "2026-05-30"  # still to do at the as-of date


@cases(
    # National: no deadline set, nothing checked; the profile: 20 days before, 5 days after.
    Case("national-unset", "T-CALENDAR-PROFILE", "report-late.toml", as_of=AFTER),
    Case(
        "profile-deadlines",
        "T-CALENDAR-PROFILE",
        "on-time.toml",
        ("plan_returned", "report_sent"),
        "deadlines.toml",
        AFTER,
    ),
)
def test_audit_calendar_deadlines_from_the_profile(engine, registry, case):
    check(engine, registry, MODULE, case)
