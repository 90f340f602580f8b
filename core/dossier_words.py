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
    school writes French (« attribue »), which no spelling of `awarded` comes close to."""
    return suggestions.closest(written, choices) or meant(written, choices, table)


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
