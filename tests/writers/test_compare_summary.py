"""compare's summary sentence (core/writers/compare.py), in the words a French reader writes."""

from __future__ import annotations

from labelcheck.core.writers.compare import summary_sentence

SUMMARY = {
    "dossiers": 1,
    "changed": 1,
    "unchanged": 0,
    "added": 0,
    "removed": 0,
    "resolved_findings": 0,
    "verdicts_down": 0,
    "verdicts_up": 0,
}


def test_new_findings_none_blocking_say_aucun_not_dont_aucun():
    """« 8 constats nouveaux (aucun bloquant) »: « dont aucun » is not French (the French audit)."""
    said = summary_sentence({**SUMMARY, "new_findings": 8, "new_blocking": 0})
    assert "8 constats nouveaux (aucun bloquant)" in said


def test_new_findings_some_blocking_say_how_many_of_them():
    said = summary_sentence({**SUMMARY, "new_findings": 8, "new_blocking": 2})
    assert "8 constats nouveaux (dont 2 bloquants)" in said


def test_counts_dossiers_not_schools():
    """Dossiers are what compare matches: two schools' three dossiers (one school's two, one per
    label) read « 3 établissements » (the docs' new user)."""
    said = summary_sentence({**SUMMARY, "dossiers": 3, "unchanged": 2, "new_findings": 0})
    assert said.startswith("3 dossiers\u202f: 1 modifié, 2 inchangés")
    assert "établissement" not in said
    assert summary_sentence({**SUMMARY, "dossiers": 2, "changed": 0, "unchanged": 2}) == (
        "Rien n'a changé entre les deux évaluations (2 dossiers)."
    )
