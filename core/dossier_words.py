"""The French words a school writes for the dossier format's keys and values, and what each means.

The words are data, shipped in `dossier-words.toml` beside this module. A key the format
does not know, or a value out of its list, that spelling brings close to none, is offered the
one its French word means (« attribue » → « awarded »), when that one is right where it is
written. Read only for an input error: a valid dossier never loads the table.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Literal

from labelcheck.core.french import unaccented
from labelcheck.core.toml import load_toml_resource

if TYPE_CHECKING:
    from labelcheck.core.errors import Suggestions

DATA_FILE = "dossier-words.toml"
Table = Literal["keys", "values"]


def meant(written: object, choices: Collection[str], table: Table) -> str | None:
    """The key (or value) of `choices` that the French `written` means, else None."""
    if not isinstance(written, str):
        return None
    return next((c for c in _words(table).get(plain(written), ()) if c in choices), None)


def closest_or_meant(
    suggestions: Suggestions, written: str, choices: Collection[str], table: Table
) -> str | None:
    """The choice `written` is closest to in spelling, else the one its French word means: a
    school writes French (« attribue »), which no spelling of `awarded` comes close to; else
    the one a French word it misspells means (« renouvelement », one l short)."""
    return (
        suggestions.closest(written, choices)
        or meant(written, choices, table)
        or _misspelt(suggestions, written, choices, table)
    )


def _misspelt(
    suggestions: Suggestions, written: object, choices: Collection[str], table: Table
) -> str | None:
    """For a value, the choice meant by the French word (of the table, or a gloss of the
    reports) that `written` misspells, within the file's budget of suggestions. Closer than
    a typo of an id must be: a key (`version`) was not to be offered a French word near it
    (« decision »)."""
    if table != "values" or not isinstance(written, str):
        return None
    from labelcheck.core.french import gloss_forms

    words: dict[str, set[str]] = {}
    for word, targets in (*_words(table).items(), *gloss_forms().items()):
        words.setdefault(plain(word), set()).update(t for t in targets if t in choices)
    french = sorted(word for word, targets in words.items() if targets)
    if not french or len(french) > suggestions.left:
        return None
    suggestions.left -= len(french)
    import difflib  # only for an error

    near = difflib.get_close_matches(plain(written), french, n=1, cutoff=MISSPELT)
    found = words[near[0]] if near else set()
    return next(iter(found)) if len(found) == 1 else None


# How alike a French word misspelt must be (difflib's ratio): « renouvelement », one l short
# of « renouvellement », is 0.96; « relabelisation » 0.97.
MISSPELT = 0.85


def plain(written: str) -> str:
    """« Date d'attribution », « date-attribution », « Attribué » as the table writes them:
    `date_d_attribution`, `date_attribution`, `attribue`."""
    return re.sub(r"[\W_]+", "_", unaccented(written).casefold()).strip("_")


@cache
def _words(table: Table) -> dict[str, tuple[str, ...]]:
    """Each French word of `table` with the format's words it may mean, in the file's order."""
    data = load_toml_resource(files("labelcheck.core").joinpath(DATA_FILE))
    means: dict[str, tuple[str, ...]] = {}
    for target, words in data[table].items():
        for word in words:
            means[plain(word)] = (*means.get(plain(word), ()), target)
    return means
