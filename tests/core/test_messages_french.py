"""Every message a dossier author reads about a mistake is French (issue 10, item 1):
no pydantic text ever reaches a user, whatever error type pydantic raises.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest
from labelcheck.core.errors import listing, with_suggestion
from labelcheck.core.french import NNBSP
from labelcheck.core.loading import load, validate

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
GOOD = FIXTURES / "good" / "dossier.toml"

ENGLISH = (
    " should ",
    "expected",
    "input",
    "unknown",
    "missing",
    "did you mean",
    "got ",
    "must ",
    " is ",
    " the ",
    " no ",
    " not ",
)


# Messages written by the validators of core/dossier.py, still in English.
def _english(message: str) -> list[str]:
    return [word for word in ENGLISH if word in message.lower()]


# path-symlink.toml is only invalid once its test has made the link.
@pytest.mark.parametrize(
    "fixture", [p.name for p in sorted(INVALID.iterdir()) if p.name != "path-symlink.toml"]
)
def test_no_message_of_an_invalid_fixture_is_english(fixture: str, engine):
    built = engine()
    errors = load(INVALID / fixture, built.registry, built.profile).errors
    assert errors
    for error in errors:
        assert not _english(error.full_message), error.full_message


def _good() -> dict:
    return tomllib.loads(GOOD.read_text("utf-8"))


def _errors(engine, change) -> list[str]:
    """The messages of the good dossier once `change` has spoilt it."""
    data = copy.deepcopy(_good())
    change(data)
    built = engine()
    loaded = validate(GOOD, data, None, {}, built.registry, built.profile)
    return [error.full_message for error in loaded.errors]


def _set(*path_and_value):
    *path, key, value = path_and_value

    def change(data: dict) -> None:
        for part in path:
            data = data[part]
        data[key] = value

    return change


def _delete(*path):
    def change(data: dict) -> None:
        for part in path[:-1]:
            data = data[part]
        del data[path[-1]]

    return change


def _held(value):
    return lambda data: data.update(held=[{"label": "ldm", "awarded": value}])


# A change for each pydantic error type a dossier can meet, and the French it must give.
CASES = [
    (
        "literal format",
        _set("format", 2),
        f"version de format 2 inconnue{NNBSP}: cette version de labelcheck lit le format 1 "
        "(écrire `format = 1`, ou mettre labelcheck à jour)",
    ),
    (
        # « format 1 attendu ; reçu « 1 » » showed no difference (the new user's check).
        "literal format, a text",
        _set("format", "1"),
        f"format 1 attendu, un nombre{NNBSP}; reçu «{NNBSP}1{NNBSP}», un texte{NNBSP}: écrire "
        "`format = 1`, le 1 sans guillemets",
    ),
    (
        "literal enum",
        _set("establishment", "sector", "publique"),
        f"valeur «{NNBSP}publique{NNBSP}» non reconnue{NNBSP}; valeurs possibles{NNBSP}: public, "
        f"private-contract, private (vouliez-vous dire «{NNBSP}public{NNBSP}»{NNBSP}?)",
    ),
    (
        "extra key",
        _set("establishment", "nom", "x"),
        f"clé inconnue «{NNBSP}nom{NNBSP}»{NNBSP}; clés possibles",
    ),
    (
        "missing key",
        _delete("establishment", "name"),
        f"clé obligatoire «{NNBSP}name{NNBSP}» absente",
    ),
    (
        "table",
        _set("establishment", "x"),
        f"table (clé = valeur) attendue{NNBSP}; reçu «{NNBSP}x{NNBSP}»",
    ),
    ("string", _set("applications", 0, "title", 3), f"texte attendu{NNBSP}; reçu 3"),
    (
        "bool",
        _set("applications", 0, "network", "oui"),
        f"vrai ou faux (true/false) attendu{NNBSP}; reçu «{NNBSP}oui{NNBSP}»",
    ),
    (
        "int",
        _set("applications", 0, "level", "3"),
        f"nombre entier attendu{NNBSP}; reçu «{NNBSP}3{NNBSP}»",
    ),
    (
        "int from float",
        _set("applications", 0, "level", 2.5),
        f"nombre entier attendu{NNBSP}; reçu 2.5",
    ),
    ("bound", _set("applications", 0, "level", 5), f"nombre ≤ 3 attendu{NNBSP}; reçu 5"),
    (
        "list",
        _set("applications", 0, "denominations", "maçonnerie"),
        f"liste attendue{NNBSP}; reçu «{NNBSP}maçonnerie{NNBSP}»",
    ),
    (
        "quoted date",
        _set("applications", 0, "submitted", "2026-03-10"),
        f"une date s'écrit sans guillemets en TOML{NNBSP}: `submitted = 2026-03-10`",
    ),
    (
        "not a date",
        _set("applications", 0, "submitted", "demain"),
        f"date attendue (AAAA-MM-JJ, sans heure){NNBSP}; reçu «{NNBSP}demain{NNBSP}»",
    ),
    (
        "date written otherwise, quoted as any value is",
        _set("applications", 0, "submitted", "15/06/2024"),
        f"date attendue (AAAA-MM-JJ, sans heure){NNBSP}; reçu «{NNBSP}15/06/2024{NNBSP}» "
        f"(vouliez-vous dire «{NNBSP}2024-06-15{NNBSP}»{NNBSP}?)",
    ),
    (
        "date and time",
        _set("applications", 0, "submitted", dt.datetime(2026, 3, 10, 9, 30)),
        f"date attendue (AAAA-MM-JJ, sans heure){NNBSP}; reçu 2026-03-10T09:30:00",
    ),
    (
        "quoted date, held",
        _held("2024-09-01"),
        f"une date s'écrit sans guillemets en TOML{NNBSP}: `awarded = 2024-09-01`",
    ),
]


@pytest.mark.parametrize(
    ("change", "french"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_each_pydantic_error_type_reads_in_french(change, french: str, engine):
    messages = _errors(engine, change)
    assert any(french in message for message in messages), messages
    for message in messages:
        assert not _english(message), message


def test_a_suggestion_and_a_listing_follow_french_typography():
    assert (
        with_suggestion("clé inconnue", "title")
        == f"clé inconnue (vouliez-vous dire «{NNBSP}title{NNBSP}»{NNBSP}?)"
    )
    assert with_suggestion("clé inconnue", None) == "clé inconnue"
    assert listing("x", ["a", "b"]) == f"x{NNBSP}; valeurs possibles{NNBSP}: a, b"


def test_a_date_is_written_with_four_digits_of_year():
    """strftime's %Y wrote the year 1 as « 1 »: « au 01/01/1 »."""
    from labelcheck.core import french

    assert french.date(dt.date(1, 1, 1)) == "01/01/0001"
    assert french.date(dt.date(2026, 5, 20)) == "20/05/2026"


@pytest.mark.parametrize(
    "academy, shown",
    [
        ("orleans-tours", "national (académie d'Orléans-Tours)"),
        ("la-reunion", "national (académie de La Réunion)"),
        ("guadeloupe", "national (académie de la Guadeloupe)"),
        ("aix-marseille", "national (académie d'Aix-Marseille)"),
        ("bretagne-sud", "national (académie bretagne-sud)"),  # not an academy's slug: as written
        (None, "national (académie du dossier)"),
    ],
)
def test_an_academy_is_named_as_people_say_it(academy, shown):
    """« académie d'Orléans-Tours », not the dossier's slug `orleans-tours`: the report is
    read by a school head, who knows the academy's name."""
    from labelcheck.core import french

    assert french.profile("national", "academy", academy) == shown


def test_an_unknown_label_with_no_label_installed_says_so():
    """Every plugin disabled: « labels installés : » followed by nothing told the user nothing."""
    from labelcheck.core.engine import unknown_label
    from labelcheck.core.registry import Registry, plugin_manager

    empty = Registry(plugin_manager())
    assert (
        str(unknown_label("ldm", empty))
        == f"label inconnu «{NNBSP}ldm{NNBSP}»{NNBSP}; aucun label installé"
    )


# « vouliez-vous dire » is a question; « assez » and « chez » are no imperatives.
_NOT_IMPERATIVES = {"vouliez-vous", "assez", "chez"}
_IMPERATIVE = re.compile(r"\b[a-zà-ÿ]+ez\b(?:-(?:le|la|les|en|y|vous))?", re.IGNORECASE)


def test_messages_say_what_to_do_in_the_infinitive_never_to_vous():
    """Every message says what to do as « choisir un autre répertoire », none « choisissez »:
    two addressed the user as « vous » among hundreds in the infinitive."""
    root = Path(__file__).parents[2]
    found = [
        f"{path.relative_to(root)}:{node.lineno}: {word}"
        for folder in ("core", "rules", "plugins")
        for path in sorted((root / folder).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for word in _IMPERATIVE.findall(node.value)
        if word.casefold() not in _NOT_IMPERATIVES
    ]
    assert found == []
