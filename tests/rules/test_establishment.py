"""Kinds `eligibility` and `title` (rules/establishment.py): who may apply, how long a title may be."""

from __future__ import annotations

from kinds import Case, cases, check

MODULE = "establishment"


@cases(
    Case("admitted-kind-and-sector", "T-ELIGIBILITY", "lp-public.toml"),
    Case("kind-not-admitted", "T-ELIGIBILITY", "lgt-public.toml", ("lgt",)),
    # The subject is the kind even when the sector is what fails: one finding per application.
    Case("sector-not-admitted", "T-ELIGIBILITY", "lp-private.toml", ("lp",)),
)
def test_eligibility_admits_only_the_listed_kinds_and_sectors(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_eligibility_message_names_what_the_label_admits(engine, registry):
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("lp-private", "T-ELIGIBILITY", "lp-private.toml", ("lp",)),
    )
    # The dossier's codes with their French; what the label admits in words alone (the
    # French audit: « admis : greta, cfa, other (autre) »).
    assert finding.message == (
        "lp (lycée professionnel) private (privé hors contrat) hors de lycée professionnel, "
        "lycée polyvalent / secteur public"
    )


@cases(
    Case("short-title", "T-TITLE", "lp-public.toml"),
    Case("exactly-at-the-limit", "T-TITLE", "title-exactly-40.toml"),
    # « é » written e + accent (NFD, as macOS does) is one character, and the prefix's « é »
    Case("decomposed-accents-counted-once", "T-TITLE", "title-exactly-40-nfd.toml"),
    Case("one-character-over", "T-TITLE", "title-41.toml", ("title",)),
    Case("prefix-counted-when-not-written", "T-TITLE", "title-prefix-counted.toml", ("title",)),
    Case("prefix-matched-whatever-its-case", "T-TITLE", "title-prefix-other-case.toml"),
    # « mention Lycée des métiers comprise »: wherever the title writes it.
    Case("prefix-written-within-the-title", "T-TITLE", "title-prefix-within.toml"),
    # « Lycée(s) des métiers en réseau »: a form the rule lists counts as the prefix written…
    Case("prefix-written-in-another-form", "T-TITLE", "title-prefix-other-form.toml"),
    # …a form it does not list, not: the prefix is added (18 + 24 characters, over 40).
    Case("unlisted-form-adds-the-prefix", "T-TITLE", "title-prefix-unlisted-form.toml", ("title",)),
    Case("blank-title-is-missing", "T-TITLE", "title-blank.toml", ("title",)),
    Case("no-title-is-missing", "T-TITLE", "title-missing.toml", ("title",)),
)
def test_title_is_given_and_within_the_limit_prefix_included(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_title_length_counts_the_prefix_the_dossier_left_out(engine, registry):
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("prefix", "T-TITLE", "title-prefix-counted.toml", ("title",)),
    )
    assert finding.message == (
        "« Lycée des métiers de la carrosserie et de la peinture » : 53 sur 40"
    )


@cases(
    # `{ param = "title_max_length" }`: LDM's national value is 100, the profile's 60.
    Case("national-limit", "T-TITLE-PROFILE", "title-62.toml"),
    Case("profile-limit", "T-TITLE-PROFILE", "title-62.toml", ("title",), "short-titles.toml"),
    Case("within-profile-limit", "T-TITLE-PROFILE", "lp-public.toml", (), "short-titles.toml"),
)
def test_title_limit_may_come_from_the_profile(engine, registry, case):
    check(engine, registry, MODULE, case)
