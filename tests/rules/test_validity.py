"""Kind `validity` (rules/validity.py): where a held label stands at the as-of date."""

from __future__ import annotations

from kinds import Case, cases, check
from labelcheck.core.french import typeset

MODULE = "validity"


@cases(
    Case("valid-the-day-before-renewal", "T-RENEWAL-DUE", "held-2021.toml", as_of="2025-05-31"),
    Case(
        "renewal-due-from-its-first-day",
        "T-RENEWAL-DUE",
        "held-2021.toml",
        ("ldm",),
        as_of="2025-06-01",
    ),
    Case(
        "renewal-due-the-day-before-expiry",
        "T-RENEWAL-DUE",
        "held-2021.toml",
        ("ldm",),
        as_of="2026-05-31",
    ),
    Case("expired-is-not-renewal-due", "T-RENEWAL-DUE", "held-2021.toml", as_of="2026-06-01"),
    Case("not-held-no-status", "T-RENEWAL-DUE", "not-held.toml", as_of="2026-05-20"),
)
def test_validity_renewal_due(engine, registry, case):
    check(engine, registry, MODULE, case)


@cases(
    Case("not-yet-expired", "T-EXPIRED", "held-2021.toml", as_of="2026-05-31"),
    Case("expired-on-its-expiry-day", "T-EXPIRED", "held-2021.toml", ("ldm",), as_of="2026-06-01"),
    Case(
        "expiry-given-by-the-dossier",
        "T-EXPIRED",
        "held-until-march.toml",
        ("ldm",),
        as_of="2026-03-01",
    ),
    # `validity_years` from the profile: three years, so expired on 1 June 2024.
    Case("national-five-years", "T-EXPIRED", "held-2021.toml", as_of="2024-06-01"),
    Case(
        "profile-three-years",
        "T-EXPIRED",
        "held-2021.toml",
        ("ldm",),
        "three-years.toml",
        "2024-06-01",
    ),
    Case("not-held-no-status", "T-EXPIRED", "not-held.toml", as_of="2030-01-01"),
)
def test_validity_expired(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_validity_message_gives_the_award_and_its_dates(engine, registry):
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("due", "T-RENEWAL-DUE", "held-2021.toml", ("ldm",), as_of="2025-09-01"),
    )
    assert finding.message == (
        "Lycée des métiers attribué le 01/06/2021, à renouveler dès le 01/06/2025, expire le 01/06/2026"
    )
    assert str(finding.due) == "2026-06-01"


def test_an_expiry_counted_from_the_profile_s_term_is_the_academy_s_and_says_so(engine, registry):
    # From the DAREIC and E3D referent's audit: the profile's five years of Euroscol were cited
    # with the text's « trois ans », nature `text`. The quote stays the text's; the source
    # names the profile's term beside the text's, and the finding is the academy's choice.
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("three", "T-EXPIRED", "held-2021.toml", ("ldm",), "three-years.toml", "2024-06-01"),
    )
    assert finding.nature == "academy"
    setting = typeset(
        "durée de validité de 3 ans fixée par le profil « trois-ans » (le texte cité : 5 ans)"
    )
    assert finding.cited is not None
    assert finding.cited.section == f"rules/validity.py ; {setting}"
    assert finding.source == f"test, rules/validity.py ; {setting}"


def test_an_expiry_the_dossier_records_or_the_text_s_term_gives_is_the_text_s(engine, registry):
    for case in (
        Case("five", "T-EXPIRED", "held-2021.toml", ("ldm",), as_of="2026-06-01"),
        Case(
            "given",
            "T-EXPIRED",
            "held-until-march.toml",
            ("ldm",),
            "three-years.toml",
            "2026-03-01",
        ),
    ):
        [finding] = check(engine, registry, MODULE, case)
        assert finding.nature == "text" and "profil" not in finding.source
