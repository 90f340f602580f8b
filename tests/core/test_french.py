"""core/french.py: French set as French readers expect it."""

from __future__ import annotations

import pytest
from labelcheck.core.french import after_colon


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
