"""core/french.py: French set as French readers expect it."""

from __future__ import annotations

from typing import get_args

import pytest
from labelcheck.core import french
from labelcheck.core.french import after_colon, person, plural


@pytest.mark.parametrize(
    ("title", "after"),
    [
        # A common noun starting a step's title, after « Eduform : »
        ("Audit de surveillance à tenir", "audit de surveillance à tenir"),
        ("Rapport d'audit (LDM 011)", "rapport d'audit (LDM 011)"),
        ("Échéance de la fiche d'écart", "échéance de la fiche d'écart"),
        # Acronyms, words with inner capitals and the labels' names keep their capitals.
        ("LDM 008 : plan d'audit", "LDM 008 : plan d'audit"),
        ("PFMP à déclarer", "PFMP à déclarer"),
        ("E3D : charte", "E3D : charte"),
        ("Euroscol à renouveler", "Euroscol à renouveler"),
        ("A", "A"),
        ("", ""),
        ("« Retour » du plan", "« Retour » du plan"),
    ],
)
def test_a_title_after_a_colon_starts_lower_case_where_a_common_noun_starts_it(title, after):
    assert after_colon(title, {"Euroscol", "Lycée des métiers"}) == after


@pytest.mark.parametrize(
    ("application", "level", "held_level", "state"),
    [
        ("renewal", None, None, "renouvellement engagé"),
        # An application for a level above the one held answers the renewal (E3D).
        ("initial", 2, 1, "candidature au niveau 2 engagée"),
        # The same level, a lower one, or a level held unknown: the renewal is still to engage.
        ("initial", 1, 1, "renouvellement à engager"),
        ("initial", 1, 2, "renouvellement à engager"),
        ("initial", 2, None, "renouvellement à engager"),
        (None, None, None, "renouvellement à engager"),
    ],
)
def test_a_held_label_in_its_last_period_is_engaged_by_what_answers_its_renewal(
    application, level, held_level, state
):
    from labelcheck.core.french import held_state

    assert held_state("renewal-due", "renouvellement", False, application, level, held_level) == (
        state
    )


def test_a_renewal_is_said_in_the_labels_word_and_agrees_with_its_gender():
    """The gender is the label's data (renewal_name_feminine), never guessed from the word."""
    from labelcheck.core.french import held_state, verdict

    assert verdict("renewal-due", "relabellisation") == "relabellisation à engager"
    assert verdict("renewal-due") == "renouvellement à engager"
    assert verdict("valid", "relabellisation") == "valide"
    assert held_state("renewal-due", "relabellisation", True, "renewal") == (
        "relabellisation engagée"
    )
    assert held_state("renewal-due", "relabellisation", False, "renewal") == (
        "relabellisation engagé"
    )


def test_a_name_is_made_comparable_once_however_often_it_is_compared():
    """Asked of each auditor of each audit, by the dossier's checks and by each label's
    audit-team rule: the same few names from one dossier to the next, worked out once."""
    person.cache_clear()
    assert person("É.  DUPONT") == person("e. dupont") == "e. dupont"
    person("É.  DUPONT")
    assert person.cache_info().hits == 1


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (0, "0 dossier"),
        (1, "1 dossier"),
        (2, "2 dossiers"),
        (999, "999 dossiers"),
        (1000, "1\u202f000 dossiers"),
        (60000, "60\u202f000 dossiers"),
        (1234567, "1\u202f234\u202f567 dossiers"),
    ],
)
def test_a_count_sets_its_thousands_apart_the_french_way(count, said):
    assert plural(count, "dossier") == said


def test_only_the_count_is_set_apart_never_the_words():
    assert plural(2000, "point", "points, dits") == "2\u202f000 points, dits"


def test_an_enumeration_names_its_last_item_with_the_conjunction():
    from labelcheck.core.french import enumeration

    assert enumeration([]) == "" and enumeration(["a"]) == "a"
    assert enumeration(["a", "b"]) == "a et b"
    assert enumeration(["a", "b", "c"], "ou") == "a, b ou c"


def test_a_set_an_expression_gives_is_said_sorted_not_in_its_hash_order():
    """`.to_set` gives a set, whose order is the hash seed's: its words are sorted, so that a
    report says the same from one run to the next ({8, 1} iterates 8 first)."""
    assert list({8, 1}) == [8, 1]
    assert french.said({8, 1}) == "1 et 8" and french.said(frozenset({8, 1})) == "1 et 8"
    assert french.said(set()) == "aucune"


def test_nothing_is_said_alike_in_a_message_and_in_a_profiles_value():
    """An expression's empty list or null and a profile's empty list: one word."""
    assert french.said([]) == french.said(None) == french.setting_value([]) == "aucune"


def test_a_value_an_expression_gives_is_said_in_words():
    """`french.said`, for an expression rule's `values`: a code of the format with its
    French; one two tables give (`initial`: an application, an audit) in the first table's
    words, the application's, which say the procedure both belong to."""
    import datetime as dt
    from decimal import Decimal

    assert french.said(["vae", "training"]) == (
        "training (actions de formation) et "
        "vae (actions permettant de faire valider les acquis de l'expérience)"
    )
    # In order whatever the dossier's order or a set's: a report never depends on either.
    assert french.said(("c", "a", "b")) == french.said({"b", "c", "a"}) == "a, b et c"
    assert french.said([dt.date(2027, 1, 2), dt.date(2026, 12, 31)]) == "31/12/2026 et 02/01/2027"
    assert french.said([Decimal(10), Decimal(9)]) == "9 et 10"
    assert french.said([]) == "aucune" and french.said(None) == "aucune"
    assert french.said(dt.datetime(2026, 6, 5, 0, 0)) == "05/06/2026"
    assert french.said(Decimal("2.5")) == "2,5" and french.said(Decimal(1250)) == "1\u202f250"
    assert french.said(True) == "oui"
    assert french.said("initial") == "initial (labellisation initiale)"
    assert french.said("renewal") == "renewal (renouvellement)"
    assert french.said("major") == "major (non-conformité majeure)"


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("Diagnostic sexué de l'établissement", "diagnostic sexué de l'établissement"),
        ("Élection des éco-délégués", "élection des éco-délégués"),
        ("PV du conseil d'administration", "PV du conseil d'administration"),
        ("E3D : fichier d'auto-positionnement", "E3D : fichier d'auto-positionnement"),
    ],
)
def test_a_title_in_a_sentence_keeps_its_acronym(title, named):
    """A document type named in a message (« pièces jointes : … »): « pV du CA » and « e3D »
    are no French."""
    assert french.in_sentence(title) == named


def test_a_partner_kind_is_said_with_its_french():
    """`local-authority` alone in a report or in `explain`: only `other` had its French (the
    plugin author's audit)."""
    from labelcheck.core.dossier import Partner

    kinds = set(get_args(Partner.model_fields["kind"].annotation))
    assert kinds == set(french.PARTNER_KINDS)
    assert french.said(["local-authority", "company"]) == (
        "company (entreprise) et local-authority (collectivité territoriale)"
    )
