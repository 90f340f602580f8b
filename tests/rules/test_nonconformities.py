"""Kinds of rules/nonconformities.py: open fiches d'écart, their deadlines, their grade, the next
audit, and audit findings without a fiche."""

from __future__ import annotations

import datetime as dt

from kinds import Case, cases, check
from labelcheck.core.ruleset import compile_rule_file

MODULE = "nonconformities"  # LDM: raised at the renewal audit of 20/05/2026
GRADES = "nonconformity_grade"  # Eduform: the only label whose texts fix grades per item


@cases(
    Case("open", "T-OPEN", "open.toml", ("NC-1",)),
    Case("lifted", "T-OPEN", "lifted.toml", as_of="2026-09-01"),
    Case("any-grade-by-default", "T-OPEN", "open-deviation.toml", ("NC-1",)),
    Case("any-audit-by-default", "T-OPEN", "open-follow-up.toml", ("NC-1",)),
    Case("grade-counted", "T-OPEN-COUNTED", "open.toml", ("NC-1",)),
    Case("grade-not-counted", "T-OPEN-COUNTED", "open-deviation.toml"),
    Case(
        "no-grade-counts-as-the-labels-default", "T-OPEN-COUNTED", "open-no-grade.toml", ("NC-1",)
    ),
    Case("audit-type-ignored", "T-OPEN-COUNTED", "open-follow-up.toml"),
)
def test_open_nonconformity(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    # Three months after 20/05/2026: 20/08/2026.
    Case("open-on-the-deadline", "T-DEADLINE-MONTHS", "open.toml", as_of="2026-08-20"),
    Case(
        "open-after-the-deadline", "T-DEADLINE-MONTHS", "open.toml", ("NC-1",), as_of="2026-08-21"
    ),
    Case("lifted-in-time", "T-DEADLINE-MONTHS", "lifted.toml", as_of="2026-12-01"),
    Case("lifted-late", "T-DEADLINE-MONTHS", "lifted-late.toml", ("NC-1",), as_of="2026-12-01"),
    # The first 30 September on or after the raise.
    Case("month-day-lifted-in-time", "T-DEADLINE-DAY", "lifted.toml", as_of="2026-12-01"),
    Case(
        "month-day-lifted-late", "T-DEADLINE-DAY", "lifted-late.toml", ("NC-1",), as_of="2026-12-01"
    ),
    Case("month-day-open-after", "T-DEADLINE-DAY", "open.toml", ("NC-1",), as_of="2026-10-01"),
    Case("month-day-next-year", "T-DEADLINE-DAY", "raised-october.toml", as_of="2027-09-30"),
    Case(
        "month-day-next-year-passed",
        "T-DEADLINE-DAY",
        "raised-october.toml",
        ("NC-1",),
        as_of="2027-10-01",
    ),
    # Months win over the month-day when both are set.
    Case("months-win", "T-DEADLINE-BOTH", "lifted.toml", ("NC-1",), as_of="2026-12-01"),
    Case("no-deadline-nothing-checked", "T-DEADLINE-NONE", "open.toml", as_of="2030-01-01"),
)
def test_nonconformity_deadline(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    # `{ param = "nonconformity_deadline" }`: unset nationally, 30 June in the profile.
    Case("national-unset", "T-DEADLINE-PROFILE", "open.toml", as_of="2026-12-01"),
    Case(
        "profile-month-day",
        "T-DEADLINE-PROFILE",
        "open.toml",
        ("NC-1",),
        "deadline-june.toml",
        "2026-07-01",
    ),
    Case(
        "profile-before-the-day",
        "T-DEADLINE-PROFILE",
        "open.toml",
        (),
        "deadline-june.toml",
        "2026-06-30",
    ),
    Case(
        "profile-grade-not-counted",
        "T-DEADLINE-PROFILE",
        "open-deviation.toml",
        (),
        "deadline-june.toml",
        "2026-07-01",
    ),
)
def test_nonconformity_deadline_from_the_profile(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_nonconformity_deadline_message_gives_the_deadline(engine, registry):
    case = Case("late", "T-DEADLINE-DAY", "lifted-late.toml", ("NC-1",), as_of="2026-12-01")
    [finding] = check(engine, registry, MODULE, case)
    assert finding.message == "NC-1 : échéance 30/09/2026"
    assert str(finding.due) == "2026-09-30"


@cases(
    Case(
        "open-after-the-next-audit",
        "T-NEXT-AUDIT",
        "open-then-audit.toml",
        ("NC-1",),
        as_of="2026-12-01",
    ),
    Case("no-next-audit", "T-NEXT-AUDIT", "open.toml", as_of="2026-12-01"),
    Case(
        "lifted-before-the-next-audit", "T-NEXT-AUDIT", "lifted-then-audit.toml", as_of="2026-12-01"
    ),
    Case(
        "grade-not-counted", "T-NEXT-AUDIT-DEVIATIONS", "open-then-audit.toml", as_of="2026-12-01"
    ),
    # The application's own audit is the next one once held, recorded in [[audits]] or not…
    Case(
        "open-at-the-applications-audit",
        "T-NEXT-AUDIT",
        "open-then-application-audit.toml",
        ("NC-1",),
        as_of="2026-11-15",
    ),
    # … and not before its date.
    Case(
        "before-the-applications-audit",
        "T-NEXT-AUDIT",
        "open-then-application-audit.toml",
        as_of="2026-11-14",
    ),
)
def test_nonconformity_at_next_audit(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    Case(
        "finding-without-fiche",
        "T-FICHE",
        "finding-without-fiche.toml",
        ("audit:2026-05-20:ldm:3.13",),
    ),
    Case("fiche-on-its-criterion", "T-FICHE", "finding-with-fiche.toml"),
    # Only the audit's own fiche answers it: of its type, raised on its date or later.
    Case(
        "fiche-of-an-older-audit",
        "T-FICHE",
        "finding-with-older-fiche.toml",
        ("audit:2026-05-20:ldm:3.13",),
    ),
    Case(
        "fiche-of-a-follow-up-audit",
        "T-FICHE",
        "finding-with-follow-up-fiche.toml",
        ("audit:2026-05-20:ldm:3.13",),
    ),
    Case("grade-needing-no-fiche", "T-FICHE", "finding-remark.toml"),
    Case("audit-type-not-counted", "T-FICHE", "follow-up-finding.toml"),
    # At an audit of a `grace_at` type, said once `months_after` have passed (20/08/2026)…
    Case("in-its-grace", "T-FICHE-GRACE", "finding-without-fiche.toml", as_of="2026-08-20"),
    Case(
        "past-its-grace",
        "T-FICHE-GRACE",
        "finding-without-fiche.toml",
        ("audit:2026-05-20:ldm:3.13",),
        as_of="2026-08-21",
    ),
    # … or, `in_grace`, only until then.
    Case(
        "in-grace-said",
        "T-FICHE-IN-GRACE",
        "finding-without-fiche.toml",
        ("audit:2026-05-20:ldm:3.13",),
        as_of="2026-08-20",
    ),
    Case("in-grace-past", "T-FICHE-IN-GRACE", "finding-without-fiche.toml", as_of="2026-08-21"),
)
def test_finding_without_fiche(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    # An audit finding with no fiche counts as open: the deadline binds it from the audit.
    Case(
        "unrecorded-on-the-day",
        "T-DEADLINE-UNRECORDED",
        "finding-without-fiche.toml",
        as_of="2026-09-30",
    ),
    Case(
        "unrecorded-past-the-day",
        "T-DEADLINE-UNRECORDED",
        "finding-without-fiche.toml",
        ("audit:2026-05-20:ldm:3.13",),
        as_of="2026-10-01",
    ),
    Case(
        "recorded-is-the-fiche-s",
        "T-DEADLINE-UNRECORDED",
        "finding-with-fiche.toml",
        as_of="2026-10-01",
    ),
    Case(
        "unrecorded-at-an-ignored-audit",
        "T-DEADLINE-UNRECORDED",
        "follow-up-finding.toml",
        as_of="2026-10-01",
    ),
)
def test_nonconformity_deadline_of_an_audit_finding_without_fiche(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_a_finding_without_fiche_is_due_with_its_fiche_and_announces_its_deadline(engine, registry):
    """The fiche first (its days after the audit), the lifting deadline apart: the échéancier
    announces the deadline, and the step of the fiche's day reads late while it is missing."""
    case = Case(
        "dates", "T-FICHE-DATES", "finding-without-fiche.toml", ("audit:2026-05-20:ldm:3.13",)
    )
    [finding] = check(engine, registry, MODULE, case)
    assert (finding.due, finding.deadline) == (dt.date(2026, 6, 9), dt.date(2026, 9, 30))
    assert finding.message.endswith("au plus tard le 30/09/2026")


def test_a_finding_without_fiche_is_due_by_the_lifting_deadline_when_the_fiche_would_be_later(
    engine, registry
):
    """An audit on 20 September: the fiche's 20 days would fall on 10 October, after the 30
    September the deadline rule blocks from; the finding is due by the deadline, so that the
    échéancier does not read « à venir » beside a blocking finding."""
    case = Case(
        "late-september",
        "T-FICHE-DATES",
        "finding-without-fiche-late-september.toml",
        ("audit:2026-09-20:ldm:3.13",),
        as_of="2026-09-25",
    )
    [finding] = check(engine, registry, MODULE, case)
    assert (finding.due, finding.deadline) == (dt.date(2026, 9, 30), dt.date(2026, 9, 30))


@cases(
    Case("graded-below-the-texts", "T-GRADE", "minor-on-4.toml", ("NC-1",)),
    Case("graded-as-the-texts", "T-GRADE", "major-on-4.toml"),
    Case("item-without-fixed-grade", "T-GRADE", "minor-on-12.toml"),
)
def test_nonconformity_grade_is_the_one_the_texts_fix(engine, registry, case):
    check(engine, registry, GRADES, case)


@cases(
    Case(
        "finding-graded-below-the-texts",
        "T-FINDING-GRADE",
        "finding-minor-on-4.toml",
        ("audit:2025-12-10:eduform:2.4",),
    ),
    Case("finding-graded-as-the-texts", "T-FINDING-GRADE", "finding-major-on-4.toml"),
    Case("finding-on-an-item-without-fixed-grade", "T-FINDING-GRADE", "finding-minor-on-12.toml"),
)
def test_an_audit_findings_grade_is_the_one_the_texts_fix(engine, registry, case):
    check(engine, registry, GRADES, case)


def test_the_finding_grade_message_gives_both_grades_and_the_audit(engine, registry):
    case = Case(
        "minor", "T-FINDING-GRADE", "finding-minor-on-4.toml", ("audit:2025-12-10:eduform:2.4",)
    )
    [finding] = check(engine, registry, GRADES, case)
    assert finding.message == (
        "eduform:2.4 constaté non-conformité mineure, compte non-conformité majeure "
        "(indicateur 4, audit initial du 10/12/2025)"  # as Eduform's texts call it
    )


def test_nonconformity_grade_message_gives_both_grades(engine, registry):
    [finding] = check(
        engine, registry, GRADES, Case("minor", "T-GRADE", "minor-on-4.toml", ("NC-1",))
    )
    assert (
        finding.message
        == "NC-1 notée non-conformité mineure, compte non-conformité majeure (indicateur 4)"
    )


@cases(
    Case("on-an-item-that-does-not-apply", "T-NOT-APPLICABLE", "on-27-alone.toml", ("NC-27",)),
    Case("on-an-item-that-applies", "T-NOT-APPLICABLE", "on-27-subcontracting.toml"),
    Case("lifted", "T-NOT-APPLICABLE", "on-27-lifted.toml", as_of="2026-02-01"),
    Case("by-category", "T-NOT-APPLICABLE", "on-14-training.toml", ("NC-14",)),
    Case("on-an-item-with-no-condition", "T-NOT-APPLICABLE", "major-on-4.toml"),
)
def test_a_nonconformity_on_an_item_that_does_not_apply_is_questioned(engine, registry, case):
    check(engine, registry, GRADES, case)


def test_the_item_not_applicable_message_names_it(engine, registry):
    [finding] = check(
        engine, registry, GRADES, Case("27", "T-NOT-APPLICABLE", "on-27-alone.toml", ("NC-27",))
    )
    assert finding.message == "NC-27 sur l'indicateur 27 (eduform:6.27), non-conformité majeure"


def _deadline_rule(scope: str, message: str) -> str:
    return (
        'label = "ldm"\n\n[[rules]]\nid = "T-DEADLINE-FIELDS"\ntitle = "Échéance"\n'
        f'severity = "blocking"\nkind = "nonconformity-deadline"\nscope = "{scope}"\n'
        f'message = "{message}"\n'
        'source = { document = "test", section = "rules/nonconformities.py" }\n'
        'check = { by_month_day = "09-30" }\n'
    )


def test_a_deadline_rule_names_only_the_fields_its_scope_fills(registry):
    """An audit finding without its fiche has no id, raise nor action; a fiche names no
    audit date: a message asking for them is refused as the rule loads, where it was an
    internal error the day the rule fired."""
    refused = [
        ("audit", "id"),
        ("audit", "raised"),
        ("audit", "action"),
        ("nonconformity", "audit"),
        ("nonconformity", "date"),
    ]
    for scope, field in refused:
        rules, [error] = compile_rule_file(
            registry, "r.toml", _deadline_rule(scope, f"{{{field}}} : échéance {{deadline}}")
        )
        assert rules == [] and error.path == "rules[0].message", (scope, field)
        assert f"champ {{{field}}} inconnu" in error.message
    for scope, message in {
        "audit": "{ref} ({audit} du {date}) : échéance {deadline}",
        "nonconformity": "{id} ({ref}, {raised}, {action}) : échéance {deadline}",
    }.items():
        rules, errors = compile_rule_file(registry, "r.toml", _deadline_rule(scope, message))
        assert errors == [] and len(rules) == 1, errors
