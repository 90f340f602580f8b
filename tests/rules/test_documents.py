"""Kinds `required-document` and `document-file` (rules/documents.py): the pieces an application needs."""

from __future__ import annotations

import dataclasses

from kinds import FIXTURES, Case, cases, check, compiled
from labelcheck.core.ruleset import compile_rule_file
from support import ldm

MODULE = "documents"


@cases(
    Case("every-type-given", "T-REQUIRED", "both.toml"),
    Case(
        "each-missing-type-its-finding",
        "T-REQUIRED",
        "none.toml",
        ("fiche-candidature", "plan-actions"),
    ),
    Case("one-type-missing", "T-REQUIRED", "plan-only.toml", ("fiche-candidature",)),
)
def test_required_document_each_type_has_a_piece(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_a_missing_piece_names_the_one_of_its_type_serving_other_labels(engine, registry):
    """« absente » alone reads as false to whoever filed it: the piece there is named."""
    case = Case("other", "T-REQUIRED", "form-for-another-label.toml", ("fiche-candidature",))
    [finding] = check(engine, registry, MODULE, case)
    assert finding.message == (
        "Fiche de candidature (LDM 001) manquant\u202f; la pièce «\u202ffiche-e3d\u202f» du "
        "dossier ne sert pas ce label (ses supports ne citent pas ldm)"
    )
    [alone] = check(
        engine,
        registry,
        MODULE,
        Case("one", "T-REQUIRED", "plan-only.toml", ("fiche-candidature",)),
    )
    assert alone.message == "Fiche de candidature (LDM 001) manquant"


@cases(
    Case("a-leaflet-per-denomination-any-case", "T-PER-DENOMINATION", "leaflet-each.toml"),
    # The same words in another Unicode form or spacing are the same denomination: the
    # report showed « absente pour … » beside a leaflet reading exactly the same.
    Case(
        "a-leaflet-per-denomination-any-form-or-spacing",
        "T-PER-DENOMINATION",
        "leaflet-each-written-otherwise.toml",
    ),
    Case(
        "denomination-without-leaflet",
        "T-PER-DENOMINATION",
        "leaflet-one.toml",
        ("plaquette:peinture",),
    ),
    # Each its own identity: compare must tell one leaflet added from another gone missing.
    Case(
        "no-leaflet-at-all",
        "T-PER-DENOMINATION",
        "none.toml",
        ("plaquette:carrosserie", "plaquette:peinture"),
    ),
)
def test_required_document_per_denomination(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_required_document_per_denomination_names_the_one_missing(engine, registry):
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("one", "T-PER-DENOMINATION", "leaflet-one.toml", ("plaquette:peinture",)),
    )
    assert finding.message == "Plaquette manquante pour peinture"


@cases(
    Case("years-covered-across-pieces", "T-YEARS", "dashboards-all.toml"),
    Case("a-year-missing", "T-YEARS", "dashboards-gap.toml", ("tableau-bord-effectifs",)),
    # With conditions, the rule judges the pieces given: absence is another rule's finding.
    Case("no-piece-nothing-to-judge", "T-YEARS", "none.toml"),
)
def test_required_document_years_before_application(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_required_document_years_names_the_missing_years(engine, registry):
    [finding] = check(
        engine,
        registry,
        MODULE,
        Case("gap", "T-YEARS", "dashboards-gap.toml", ("tableau-bord-effectifs",)),
    )
    assert finding.message == "Années manquantes : 2023"


@cases(
    Case("dated-the-limit-day", "T-DATED", "pv-same-day.toml"),
    Case("dated-after-the-limit", "T-DATED", "pv-after.toml", ("pv-ca",)),
    Case("one-piece-in-time-is-enough", "T-DATED", "pv-one-in-time.toml"),
    Case("no-piece-nothing-to-judge", "T-DATED", "none.toml"),
)
def test_required_document_dated_no_later_than(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_required_document_dated_message_gives_the_dates_and_limit(engine, registry):
    [finding] = check(
        engine, registry, MODULE, Case("after", "T-DATED", "pv-after.toml", ("pv-ca",))
    )
    assert finding.message == "Pièce datée du 11/03/2026, après le 10/03/2026"


@cases(
    Case("renewal-minutes-of-this-cycle", "T-DATED-CYCLE", "pv-renewal-this-cycle.toml"),
    Case("renewal-minutes-of-the-award-day", "T-DATED-CYCLE", "pv-renewal-award-day.toml"),
    Case(
        "renewal-minutes-of-the-last-cycle",
        "T-DATED-CYCLE",
        "pv-renewal-last-cycle.toml",
        ("pv-ca",),
    ),
    # An initial application: the date before sending alone, as without the parameter.
    Case("initial-any-minutes-in-time", "T-DATED-CYCLE", "pv-one-in-time.toml"),
    Case("initial-minutes-after", "T-DATED-CYCLE", "pv-after.toml", ("pv-ca",)),
)
def test_required_document_dated_after_award_for_a_renewal(engine, registry, case):
    """`dated_after_award_for`: a renewal's piece dated before sending counts only if of this
    cycle, dated no earlier than the award renewed (the circular of 23 October 2023, § 4:
    the accord of the board precedes the application sent, not the last one)."""
    check(engine, registry, MODULE, case)


def test_a_renewal_s_minutes_of_the_last_cycle_are_said_so(engine, registry):
    case = Case("last", "T-DATED-CYCLE", "pv-renewal-last-cycle.toml", ("pv-ca",))
    [finding] = check(engine, registry, MODULE, case)
    assert finding.message == (
        "Pièce datée du 11/01/2021, 11/03/2026, après le 10/03/2026 et au plus tôt du jour de "
        "l'attribution du label détenu (28/06/2021), que la candidature renouvelle\u202f: la "
        "seule pièce antérieure à l'envoi du dossier date du cycle précédent (11/01/2021)"
    )


@cases(
    Case("file-in-the-folder", "T-FILE", "file-present.toml"),
    Case("file-not-in-the-folder", "T-FILE", "file-missing.toml", ("fiche",)),
    Case("piece-naming-no-file", "T-FILE", "both.toml"),
)
def test_document_file_is_in_the_dossier_folder(engine, registry, case):
    check(engine, registry, MODULE, case)


def test_the_values_naming_a_type_are_made_once_and_each_finding_has_its_own(engine, registry):
    """Each dossier read each type's title from the registry again, to make the same values:
    made once as the rule is compiled now, and copied into each finding, which never shares
    them."""
    rules = compiled(registry, MODULE)
    judge = dataclasses.replace(engine(), rules=rules)
    kind = next(rule.kind for rule in rules if rule.id == "T-REQUIRED")
    folder = FIXTURES / MODULE
    named = kind._types_named
    assert [doc_type for doc_type, _values in named] == kind.params.types
    none = ldm(judge.evaluate_path(folder / "none.toml"))
    plan_only = ldm(judge.evaluate_path(folder / "plan-only.toml"))
    assert kind._types_named is named
    missing = [f.message for f in none.findings if f.rule == "T-REQUIRED"]
    assert [f.message for f in plan_only.findings if f.rule == "T-REQUIRED"] == [
        "Fiche de candidature (LDM 001) manquant"
    ]
    assert "Fiche de candidature (LDM 001) manquant" in missing and len(missing) == 2
    assert named[0][1]["aside"] == ""  # no finding's own values written into the shared ones


NAMED = """label = "ldm"

[[rules]]
id = "T-NAMED"
title = "Fiche de candidature et plan d'actions"
severity = "blocking"
kind = "required-document"
scope = "application"
message = "{type_name} manquant"
source = { document = "test", section = "rules/documents.py" }
check = { types = ["fiche-candidature", "plan-actions"], named = { "plan-actions" = "Plan d'actions de l'équipe" } }
"""


def test_a_rule_may_name_a_type_as_its_texts_do(engine, registry):
    """E3D's circular says « conseil d'école ou d'administration » where the shared type's
    title says « conseil d'administration » alone, which was told to écoles (the fidelity
    audit): `named` gives a rule's own words for a type; the others keep their title."""
    rules, errors = compile_rule_file(registry, "named.toml", NAMED)
    assert errors == []
    judge = dataclasses.replace(engine(), rules=rules)
    none = ldm(judge.evaluate_path(FIXTURES / MODULE / "none.toml"))
    assert sorted(f.message for f in none.findings if f.rule == "T-NAMED") == [
        "fiche de candidature (LDM 001) manquant",
        "plan d'actions de l'équipe manquant",
    ]


def test_a_name_for_a_type_the_rule_does_not_ask_for_is_an_error(registry):
    text = NAMED.replace('"plan-actions" = ', '"plan-action" = ')
    rules, [error] = compile_rule_file(registry, "named.toml", text)
    assert rules == [] and error.path == "rules[0].check.named.plan-action"
    assert "n'est pas l'un des types de la règle" in error.message
    assert error.suggestion == "plan-actions"


def test_e3d_names_the_board_of_an_ecole_too(engine):
    [rule] = [r for r in engine().rules if r.id == "E3D-BOARD"]
    assert [values["type_name"] for _, values in rule.kind._types_named] == [
        "procès-verbal du conseil d'école ou d'administration",
        "projet d'école ou d'établissement",
    ]


def test_denominations_are_read_once_however_many_are_missing(
    engine, registry, tmp_path, monkeypatch
):
    """20,000 denominations without their leaflet took over 60 s: the application's were read
    again for each one missing (the robustness audit). Each denomination and piece is read a
    bounded number of times: counted, not timed."""
    from labelcheck.rules import documents

    count = 2000
    leaflet = (FIXTURES / MODULE / "leaflet-one.toml").read_text("utf-8")
    names = ", ".join(f'"d{n}"' for n in range(count))
    dossier = tmp_path / "dossier.toml"
    dossier.write_text(
        leaflet.replace('["carrosserie", "peinture"]', f'[{names}, "carrosserie", "peinture"]')
        # A leaflet whose denomination is a typo: the misnamed piece is looked for.
        + '\n[[documents]]\nid = "p2"\ntype = "plaquette"\ndenomination = "peinturre"\n',
        encoding="utf-8",
    )
    reads = 0
    words = documents._words

    def counted(denomination: str) -> str:
        nonlocal reads
        reads += 1
        return words(denomination)

    monkeypatch.setattr(documents, "_words", counted)
    missing = (*(f"plaquette:d{n}" for n in range(count)), "plaquette:peinture")
    check(engine, registry, MODULE, Case("many", "T-PER-DENOMINATION", str(dossier), missing))
    assert reads <= 3 * (count + 4), reads  # each denomination and piece a few times, not count²
