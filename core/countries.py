"""The country codes a partner's `country` may take: ISO 3166-1 alpha-2 (dossier format).

The codes are data, shipped in `iso3166-alpha2.toml` beside this module, with the codes in
common use that are not ISO's (the European Union's UK and EL) and the ISO code each means.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from labelcheck.core.french import NNBSP, quoted
from labelcheck.core.toml import load_toml_resource

DATA_FILE = "iso3166-alpha2.toml"
WHAT = "code pays ISO 3166-1 alpha-2"


@dataclass(frozen=True)
class Countries:
    codes: frozenset[str]
    not_iso: dict[str, tuple[str, str]]  # a code in use that is not ISO's: (the ISO code, why)
    alpha3: dict[str, str]  # ISO's three-letter codes (« FRA »), each with its alpha-2 (« FR »)
    france: frozenset[str]  # FR and the codes of France's overseas territories (RE, GP…)
    # Country names in French and English (`name_key`'s form), each with its alpha-2 code.
    names: dict[str, str] = field(default_factory=dict)

    def meant(self, written: object) -> str | None:
        """The alpha-2 code a value that is not one most likely means: « de » and « fr » are
        DE and FR, the alpha-3 « FRA » is FR, the EU's « UK » is GB, the name « Allemagne »
        (or « Germany ») is DE; else None."""
        if not isinstance(written, str):
            return None
        code = written.strip().upper()
        if code in self.codes:
            return code
        if code in self.not_iso:
            return self.not_iso[code][0]
        return self.alpha3.get(code) or self.names.get(name_key(written))

    def problem(self, code: str) -> tuple[str, str | None] | None:
        """Why `code` is not a country code, with the ISO code it means when known; None if it is."""
        if code in self.codes:
            return None
        meant = self.not_iso.get(code)
        if meant is None:  # two letters have no « closest » code worth suggesting
            return f"{quoted(code)} n'est pas un {WHAT} (FR, DE, IT…)", None
        iso, why = meant
        return f"{quoted(code)} n'est pas un {WHAT}{NNBSP}: c'est {why}{NNBSP}; écrire {iso}", iso


def name_key(name: str) -> str:
    """A country's name as the data file keys it: « Côte d'Ivoire » is « cote d ivoire »."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


@cache
def countries() -> Countries:
    """The shipped codes, read once a process, when a dossier first names a partner."""
    data = load_toml_resource(files("labelcheck.core").joinpath(DATA_FILE))
    return Countries(
        frozenset(data["codes"]),
        {code: (meant["iso"], meant["why"]) for code, meant in data["not_iso"].items()},
        data["alpha3"],
        frozenset(data["france"]),
        data["names"],
    )
