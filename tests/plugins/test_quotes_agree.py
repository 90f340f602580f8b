"""The texts' words that the catalogs quote twice are the same words both times.

From the audit of the quotes against their texts: a référentiel fact quoted « la commission se
fonde sur… » where the page, and the requirement quoting the same sentence, say « Cette
commission se fonde sur… »; two Eduform rules quoted « Les indicateurs 4, 5, 6, … » where the
arrêté, and the requirement quoting it, write « 4,5,6,… ». A sentence copied once from its text
and retyped elsewhere drifts; reports and `explain` show both as the text's own words.

So: two fragments of quotes (split at « […] ») of the same label that are nearly the same
words, aligned on their longest common run, must be exactly the same words. Only a difference
inside the shared passage counts: where one quote starts or ends a sentence elsewhere (« La
commission » / « la commission », « Critère 6 : La mise » / « portant sur la mise ») it frames
the text differently, which this cannot tell from a slip.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import combinations

import pytest
from support import CATALOG_LABELS, catalog_sources

LABELS = CATALOG_LABELS
MIN_FRAGMENT = 25  # shorter fragments ("fichier d'auto-positionnement") align by chance
MIN_ANCHOR = 15  # common run that makes two fragments the same passage of a text
NEARLY = 0.85  # above this, a difference is a retyping slip, not another sentence
# Two documents that say the same thing in their own words: each quote is its own text's.
OWN_WORDS = {
    (
        "5 non-conformités mineures non levées à la prise de décision constitue une non-conformité majeure",
        "5 non-conformités mineures non levées à la prise de décision du certificateur constituera une non-conformité majeure",
    ),  # Certipilot's page; Cap Métiers' summary of the arrêté
}


def _fragments(label):
    quotes = [source["quote"] for _, source in catalog_sources(label)]
    pieces = {piece.strip(" .;:,") for quote in quotes for piece in quote.split("[…]")}
    return sorted(piece for piece in pieces if len(piece) >= MIN_FRAGMENT)


def _lower_first(text):
    return text[:1].lower() + text[1:]


def _common_prefix(one, other):
    size = 0
    while size < min(len(one), len(other)) and one[size] == other[size]:
        size += 1
    return size


def _drift(short, long):
    """The passage of `long` facing `short` when it nearly repeats it with other words."""
    matcher = SequenceMatcher(None, short, long, autojunk=False)
    if matcher.find_longest_match().size < MIN_ANCHOR:
        return None
    runs = [run for run in matcher.get_matching_blocks() if run.size >= 4]
    first, last = runs[0], runs[-1]
    start = first.b - first.a
    end = last.b + last.size + (len(short) - last.a - last.size)
    if start < 0 or end > len(long):
        return None  # the two run past each other: different spans of the text
    window = long[start:end]
    if _lower_first(window) == _lower_first(short):
        return None
    if (
        _common_prefix(short, window) < MIN_ANCHOR
        or _common_prefix(short[::-1], window[::-1]) < MIN_ANCHOR
    ):
        return None
    if SequenceMatcher(None, short, window, autojunk=False).ratio() < NEARLY:
        return None
    return window


@pytest.mark.parametrize("label", LABELS)
def test_a_sentence_quoted_twice_is_quoted_with_the_same_words(label):
    drifts = []
    for one, other in combinations(_fragments(label), 2):
        short, long = sorted((one, other), key=len)
        window = _drift(short, long)
        if window is not None and (short, window) not in OWN_WORDS:
            drifts.append((short, window))
    assert drifts == []
