"""The rules every label shares quote the dossier format's French page in its own words.

The requirement behind DOC-FILE-MISSING quoted « Un fichier nommé mais absent est un constat du
rapport, pas une erreur de lecture. », where `docs/fr/format-du-dossier.md` writes « du rapport
(DOC-FILE-MISSING), pas une erreur de lecture » : a cut without « […] ». The page ships with
labelcheck, so its quotes can be checked word for word, fragment by fragment.
"""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "fr" / "format-du-dossier.md"
THE_FORMAT = ("format-dossier", "Format du dossier labelcheck")


def _flat(text):
    return re.sub(r"\s+", " ", text).strip()


def _format_quotes(node, found):
    if isinstance(node, dict):
        document = node.get("document")
        if isinstance(node.get("quote"), str) and str(document).startswith(THE_FORMAT):
            found.append(node["quote"])
        for value in node.values():
            _format_quotes(value, found)
    elif isinstance(node, list):
        for value in node:
            _format_quotes(value, found)
    return found


def _quotes():
    found = []
    for path in sorted(files("labelcheck.plugins.common").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".toml"):
            _format_quotes(tomllib.loads(path.read_text(encoding="utf-8")), found)
    return found


def test_the_common_catalogs_quote_the_format():
    assert len(_quotes()) >= 3


@pytest.mark.parametrize("quote", _quotes())
def test_a_quote_of_the_format_is_its_words(quote):
    page = _flat(PAGE.read_text(encoding="utf-8"))
    for fragment in quote.split("[…]"):
        fragment = _flat(fragment).strip(" .,;:")
        assert fragment in page, fragment
