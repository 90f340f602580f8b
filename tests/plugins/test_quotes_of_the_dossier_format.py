"""The rules every label shares quote the dossier format's French page in its own words.

The requirement behind DOC-FILE-MISSING quoted « Un fichier nommé mais absent est un constat du
rapport, pas une erreur de lecture. », where `docs/fr/format-du-dossier.md` writes « du rapport
(DOC-FILE-MISSING), pas une erreur de lecture » : a cut without « […] ». The page ships with
labelcheck, so its quotes can be checked word for word, fragment by fragment.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import catalog_sources

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "fr" / "format-du-dossier.md"
THE_FORMAT = ("format-dossier", "Format du dossier labelcheck")


def _flat(text):
    return re.sub(r"\s+", " ", text).strip()


def _quotes():
    return [
        source["quote"]
        for _, source in catalog_sources("common")
        if str(source.get("document")).startswith(THE_FORMAT)
    ]


def test_the_common_catalogs_quote_the_format():
    assert len(_quotes()) >= 3


@pytest.mark.parametrize("quote", _quotes())
def test_a_quote_of_the_format_is_its_words(quote):
    page = _flat(PAGE.read_text(encoding="utf-8"))
    for fragment in quote.split("[…]"):
        fragment = _flat(fragment).strip(" .,;:")
        assert fragment in page, fragment
