"""What every label's rules say of a fiche and of its lifting, in the same words.

From the French proofreader's audit: LDM's rule on a fiche of an earlier cycle was titled
« Fiche de non-conformité » where every other message says « fiche d'écart », and its
remedy wrote `lifted` where every other one writes `lifted = AAAA-MM-JJ`; Euroscol's and
E3D's « Aucune non-conformité relevée par la commission académique encore ouverte » read
« encore ouverte » as the commission's.
"""

from __future__ import annotations

import pytest
from labelcheck.core.ruleset import load_rules


@pytest.fixture(scope="module")
def rules(registry):
    return load_rules(registry)[0]


def test_a_remedy_telling_to_record_a_lift_says_what_to_type_for_its_date(rules):
    short = [
        rule.id
        for rule in rules
        if '`status = "lifted"`' in (rule.spec.remedy or "")
        and "`lifted = AAAA-MM-JJ`" not in (rule.spec.remedy or "")
    ]
    assert short == []


def test_ldm_calls_its_fiches_fiches_d_ecart(rules):
    said = [
        rule.id
        for rule in rules
        if rule.spec.label == "ldm"
        and "fiche de non-conformité" in f"{rule.spec.title} {rule.spec.message}".lower()
    ]
    assert said == []


@pytest.mark.parametrize("rule_id", ["EUROSCOL-NC-OPEN", "E3D-NC-OPEN"])
def test_still_open_is_said_of_the_nonconformity_not_of_the_commission(rules, rule_id):
    [rule] = [r for r in rules if r.id == rule_id]
    assert rule.spec.title == (
        "Aucune non-conformité encore ouverte parmi celles relevées par la commission académique"
    )
