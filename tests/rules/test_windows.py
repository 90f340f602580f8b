"""Kinds `date-window` and `audit-in-window` (rules/windows.py): dates counted in months from an award.

On Eduform, held since 15/06/2024: its 14th to 22nd month run from 15/08/2025 to 15/04/2026.
"""

from __future__ import annotations

from kinds import Case, cases, check
from labelcheck.core.ruleset import compile_rule_file

MODULE = "windows"


@cases(
    Case("inside-the-window", "T-WINDOW", "audit-in-window.toml"),
    Case("first-day-included", "T-WINDOW", "audit-first-day.toml"),
    Case("day-before-it-opens", "T-WINDOW", "audit-day-before.toml", ("audit",)),
    Case("last-day-included", "T-WINDOW", "audit-last-day.toml"),
    Case("day-after-it-closes", "T-WINDOW", "audit-day-after.toml", ("audit",)),
    # No date yet, or no label held: nothing to judge here.
    Case("no-date-yet", "T-WINDOW", "audit-not-planned.toml", as_of="2025-11-20"),
    Case("no-label-held", "T-WINDOW", "not-held.toml"),
)
def test_date_window_the_application_date_falls_in_the_window(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_date_window_message_gives_the_window(engine, registry):
    [finding] = check(
        engine, registry, MODULE, Case("after", "T-WINDOW", "audit-day-after.toml", ("audit",))
    )
    assert finding.message == (
        "16/04/2026 hors de la fenêtre du 15/08/2025 au 15/04/2026 (14 à 22 mois après le 15/06/2024)"
    )
    assert str(finding.due) == "2026-04-15"


@cases(
    Case("submitted-in-window", "T-WINDOW-SUBMITTED", "audit-in-window.toml"),
    Case("submitted-before", "T-WINDOW-SUBMITTED", "audit-day-before.toml", ("submitted",)),
    Case("audit-scope-in-window", "T-WINDOW-AUDIT", "audit-in-window.toml"),
    Case("audit-scope-no-audit", "T-WINDOW-AUDIT", "audit-day-before.toml"),
    Case(
        "audit-scope-before-award",
        "T-WINDOW-AUDIT",
        "held-audit-before-award.toml",
        ("date",),
        as_of="2025-01-01",
    ),
)
def test_date_window_checks_the_date_it_names(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    # Anchored on the expiry (15/06/2027): six months before it, from 15/12/2026.
    Case("before-expiry-in-window", "T-WINDOW-EXPIRES", "audit-before-expiry.toml"),
    Case("award-anchored-too-early", "T-WINDOW-EXPIRES", "audit-in-window.toml", ("audit",)),
    # The expiry day is not within the label's validity: the window closes the day before.
    Case("on-the-eve-of-expiry", "T-WINDOW-EXPIRES", "audit-eve-of-expiry.toml"),
    Case("on-the-expiry-day", "T-WINDOW-EXPIRES", "audit-on-expiry.toml", ("audit",)),
)
def test_date_window_anchor_may_be_the_expiry(engine, registry, case):
    findings = check(engine, registry, MODULE, case)
    if case.id == "on-the-expiry-day":
        [finding] = findings
        assert finding.message == "15/06/2027 hors de la fenêtre du 15/12/2026 au 14/06/2027"


@cases(
    # National: 14th to 22nd month; the profile: 10th to 12th (15/04/2025 to 15/06/2025).
    Case("national-window", "T-WINDOW-PROFILE", "audit-in-window.toml"),
    Case(
        "profile-window",
        "T-WINDOW-PROFILE",
        "audit-in-window.toml",
        ("audit",),
        "early-window.toml",
    ),
)
def test_date_window_months_from_the_profile(engine, registry, case):
    check(engine, registry, MODULE, case)


# An audit has no `submitted` date: the rule must not compile.
WRONG_DATE = """\
label = "eduform"

[[rules]]
id = "T-WINDOW-WRONG-DATE"
title = "Audit envoyé dans la fenêtre"
severity = "blocking"
kind = "date-window"
scope = "audit"
message = "{date}"
source = { document = "test", section = "rules/windows.py" }
check = { date = "submitted", from_months = 14, to_months = 22 }
"""


def test_date_window_date_must_be_one_of_the_scope(registry):
    rules, [error] = compile_rule_file(registry, "windows.toml", WRONG_DATE)
    assert rules == [] and error.path == "rules[0].check.date"
    assert "la portée audit n'a pas de date" in error.message


@cases(
    Case("window-still-open", "T-IN-WINDOW", "held-no-audit.toml", as_of="2026-04-15"),
    Case(
        "closed-without-audit",
        "T-IN-WINDOW",
        "held-no-audit.toml",
        ("surveillance",),
        as_of="2026-04-16",
    ),
    Case("closed-with-audit", "T-IN-WINDOW", "audit-in-window.toml", as_of="2026-04-16"),
    Case(
        "audit-before-the-award-not-counted",
        "T-IN-WINDOW",
        "held-audit-before-award.toml",
        ("surveillance",),
        as_of="2026-04-16",
    ),
    Case(
        "audit-of-another-type-not-counted",
        "T-IN-WINDOW",
        "held-other-audit.toml",
        ("surveillance",),
        as_of="2026-04-16",
    ),
    Case("no-label-held", "T-IN-WINDOW", "not-held.toml", as_of="2026-05-01"),
    # A window closing when the label expires is not judged.
    Case(
        "window-closing-at-expiry",
        "T-IN-WINDOW-AT-EXPIRY",
        "held-no-audit.toml",
        as_of="2027-07-01",
    ),
)
def test_audit_in_window_held_once_the_window_has_closed(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_audit_in_window_message_names_the_window_and_holder(engine, registry):
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("closed", "T-IN-WINDOW", "held-no-audit.toml", ("surveillance",), as_of="2026-05-01"),
    )
    assert finding.message == (
        "Fenêtre du 15/08/2025 au 15/04/2026 close sans audit depuis le 15/06/2024 (GRETA Centre-Val de Loire)"
    )


@cases(
    Case("national-window-open", "T-IN-WINDOW-PROFILE", "held-no-audit.toml", as_of="2025-06-16"),
    Case(
        "profile-window-closed",
        "T-IN-WINDOW-PROFILE",
        "held-no-audit.toml",
        ("surveillance",),
        "early-window.toml",
        "2025-06-16",
    ),
)
def test_audit_in_window_months_from_the_profile(engine, registry, case):
    check(engine, registry, MODULE, case)
