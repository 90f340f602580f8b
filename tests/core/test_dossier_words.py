"""A dossier written with French words for the format's keys and values is told which ones
they mean (the French head's audit: `attribue = 2021-12-10` under `[[held]]`)."""

from __future__ import annotations

import pytest
from labelcheck.core.loading import load

GAUDIER = """format = 1

[establishment]
uai = "0450786K"
name = "Lycée professionnel Henri Gaudier-Brzeska"
kind = "lp"
sector = "public"
academy = "orleans-tours"

[[held]]
label = "ldm"
awarded = 2021-12-10

[[documents]]
id = "pe"
type = "projet-etablissement"
title = "Projet d'établissement 2024-2028"

[[partners]]
id = "region"
name = "Région Centre-Val de Loire"
kind = "local-authority"
"""


def errors(tmp_path, engine, old: str, new: str):
    path = tmp_path / "dossier.toml"
    path.write_text(GAUDIER.replace(old, new), "utf-8")
    built = engine()
    return load(path, built.registry, built.profile).errors


@pytest.mark.parametrize(
    ("old", "new", "path", "meant"),
    [
        ("awarded = 2021-12-10", "attribue = 2021-12-10", "held[0].attribue", "awarded"),
        ("awarded = 2021-12-10", '"attribué" = 2021-12-10', "held[0].attribué", "awarded"),
        ("awarded = 2021-12-10", "Date_attribution = 2021-12-10", None, "awarded"),
        ('title = "Projet', 'intitule = "Projet', "documents[0].intitule", "title"),
        ("[[partners]]", "[[partenaires]]", "partenaires", "partners"),
    ],
)
def test_a_french_key_is_offered_the_format_s_key_it_means(tmp_path, engine, old, new, path, meant):
    """Said once: the key it means is not said missing as well, as for a typo."""
    [error] = errors(tmp_path, engine, old, new)
    assert error.suggestion == meant
    assert f"(vouliez-vous dire «\u202f{meant}\u202f»\u202f?)" in error.full_message
    if path:
        assert error.path == path


def test_a_french_value_is_offered_the_format_s_value_it_means(tmp_path, engine):
    [error] = errors(tmp_path, engine, 'kind = "local-authority"', 'kind = "collectivité"')
    assert error.path == "partners[0].kind" and error.suggestion == "local-authority"


def test_a_french_word_meaning_no_key_allowed_there_is_offered_none(tmp_path, engine):
    """« pilote » is an action's `owner` or an audit's `lead`, never a piece's key."""
    [error] = errors(tmp_path, engine, 'title = "Projet', 'pilote = "Projet')
    assert error.suggestion is None
