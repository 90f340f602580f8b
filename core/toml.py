"""TOML reading: `tomli`, whose errors labelcheck words in French, and for dossiers a fast
path through `toml_rs`; and the syntax errors of TOML and JSON in French, at their line and
column."""

from __future__ import annotations

import ast
import json
import os
import re
import unicodedata
from collections.abc import Callable
from importlib.resources.abc import Traversable
from typing import Any, Literal

# toml_rs brings its own allocator, mimalloc, which asks Linux for transparent huge pages
# (2 MiB each) for the 1 GiB it reserves: a run's peak memory counted them whole, 35 MiB
# more (1,000 dossiers in HTML: 54 MiB without, 89 with), and moved by 4 to 9 MiB from one
# run to the next, as the kernel gave huge pages or not. The same parsing time without them.
# Set before the library loads, which is when mimalloc reads it; a value already set wins.
os.environ.setdefault("MIMALLOC_ALLOW_THP", "0")

import toml_rs  # noqa: E402 - a dependency (pyproject.toml): the fast path for dossiers
import tomli as toml_parser  # a dependency (pyproject.toml)
from labelcheck.core.cache import lazy_pattern
from labelcheck.core.dates import day_written_otherwise, impossible_day
from labelcheck.core.french import quoted, typeset

TOMLDecodeError = toml_parser.TOMLDecodeError


def toml_text(value: str) -> str:
    """`value` as a TOML text in a message telling what to type (`grade = "major"`), not in
    French quotes, which TOML would refuse. JSON's escapes are a subset of TOML's."""
    return json.dumps(value, ensure_ascii=False)


def loads(text: str) -> dict[str, Any]:
    return toml_parser.loads(text)


# toml_rs recurses on the machine stack for nested arrays and inline tables, and crashes the
# process (no exception) near 10,000 levels: a text with more openings than this is left to
# tomli, whose RecursionError gets its French message. A dossier has a few hundred.
FAST_MAX_OPENINGS = 1000


# TOML 1.0, stricter than the 1.1 dossiers are written in (tomli 2.4 and later, required):
# toml_rs's 1.1 takes line breaks inside an inline table that tomli refuses (`{ 2024` then
# `= 14 }` on the next line); its 1.0 refuses them all. Being stricter costs only a second
# reading of a rare file, by tomli.
_FAST_TOML_VERSION: Literal["1.0.0"] = "1.0.0"


def fast_loads(text: str, max_openings: int = FAST_MAX_OPENINGS) -> dict[str, Any] | None:
    """The document as toml_rs reads it (six times faster than tomli, the same values); None
    when it refuses the text, or it is not safe to ask. The caller then reads the text with
    `loads`: toml_rs's messages are English and placed differently, and only tomli's verdict
    on a text counts (a test holds both parsers to the same values and the same refusals)."""
    if text.count("[") + text.count("{") > max_openings:
        return None
    try:
        return toml_rs.loads(text, toml_version=_FAST_TOML_VERSION)
    except Exception:  # its TOMLDecodeError, and the ValueError of a date that does not exist
        return None


def read_toml(text: str) -> dict[str, Any]:
    """A plugin's TOML file (référentiel, rules, requirements), read as a dossier is: by
    toml_rs when it accepts the text, else by tomli, whose TOMLDecodeError the caller words. A
    cold start reads twenty of them: tomli took 15 ms of it. Not for a profile, which anyone
    may write: tomli's limits (huge integers, deep nesting) are its errors.

    What tomli refuses past its limits, toml_rs would read: nesting deeper than 400 levels (a
    text with fewer openings has none; the plugins' files have under 300) and integers Python
    will not write out (over 4,300 digits: any message naming one would fail). Those texts
    are left to tomli, whose refusal is a `TOMLLimitError`: the plugin's error, never a crash."""
    data = fast_loads(text, max_openings=TOMLI_MAX_NESTING)
    if data is not None and _writable_integers(data):
        return data
    return loads_within_limits(text)


def loads_within_limits(text: str) -> dict[str, Any]:
    """tomli's reading, a text past its limits refused as a `TOMLLimitError` (a
    TOMLDecodeError) rather than with Python's RecursionError or ValueError."""
    try:
        return loads(text)
    except TOMLDecodeError:
        raise
    except RecursionError:
        raise TOMLLimitError("tableaux ou tables imbriqués sur plus de 400 niveaux", None) from None
    except ValueError as error:  # an integer Python will not read
        if "integer string conversion" not in str(error):
            raise
        long = _LONG_DIGITS().search(text)
        line = text.count("\n", 0, long.start()) + 1 if long else None
        raise TOMLLimitError("nombre entier de plus de 4 300 chiffres", line) from None


TOMLI_MAX_NESTING = 400  # tomli: « nested more than the allowed 400 levels »
_LARGEST_WRITABLE = 10**4300  # sys.get_int_max_str_digits()'s default
_LONG_DIGITS = lazy_pattern(r"\d[\d_]{4300,}")


class TOMLLimitError(TOMLDecodeError):
    """A text tomli reads no further (too deep, too long an integer), with its French message
    and its line, which `toml_syntax` gives as they are."""

    def __init__(self, message: str, line: int | None):
        ValueError.__init__(self, message)  # not tomli's own: it wants a document and a place
        self.msg, self.line = message, line


def _writable_integers(value: dict | list) -> bool:
    """Whether every integer in the parsed `value` can be written out in a message."""
    for item in value.values() if type(value) is dict else value:
        kind = type(item)
        if kind is dict or kind is list:
            if not _writable_integers(item):
                return False
        elif kind is int and not -_LARGEST_WRITABLE < item < _LARGEST_WRITABLE:
            return False
    return True


def load_toml_resource(resource: Traversable) -> dict[str, Any]:
    """Read a data file shipped in a package (read with importlib.resources)."""
    return read_toml(resource.read_text(encoding="utf-8"))


# -- syntax errors in French ------------------------------------------------------------------------
# The parsers' messages are English: each known one has its French here, found by its
# English text (tomli 2.x and Python's tomllib, json's C and Python scanners). A message
# not in these tables (a newer parser) gives the French heading alone, never the English.

_STRING_WRITTEN = (
    "un texte s'écrit entre guillemets, une date AAAA-MM-JJ sans guillemets, un nombre en chiffres"
)

_TOML_MESSAGES: dict[str, str] = {
    "Invalid statement": "ligne illisible : une ligne est une clé = valeur, un en-tête [table] ou un commentaire #",
    "Expected newline or end of document after a statement": "fin de ligne attendue après la valeur : une seule clé = valeur par ligne",
    "Expected '=' after a key in a key/value pair": "« = » attendu après la clé (clé = valeur)",
    "Invalid initial character for a key part": "clé attendue : lettres sans accent, chiffres, - et _, ou une clé entre guillemets",
    "Expected ']' at the end of a table declaration": "« ] » attendu pour fermer l'en-tête de table",
    "Expected ']]' at the end of an array declaration": "« ]] » attendu pour fermer l'en-tête [[…]]",
    "Cannot overwrite a value": "cette clé a déjà une valeur plus haut dans le fichier : n'en garder qu'une",
    "Unclosed array": "liste non fermée : « , » ou « ] » attendu",
    "Unclosed inline table": "table { … } non fermée : « , » ou « } » attendu",
    "Unescaped '\\' in a string": "barre oblique inverse seule dans un texte : l'écrire \\\\, ou mettre le texte "
    "entre apostrophes",
    "Invalid hex value": "séquence \\u ou \\U invalide : quatre ou huit chiffres hexadécimaux attendus",
    "Escaped character is not a Unicode scalar value": "la séquence \\u ou \\U ne désigne pas un caractère Unicode",
    "Unterminated string": "texte non fermé : le guillemet de fin manque sur cette ligne",
    "Invalid date or datetime": "date invalide : AAAA-MM-JJ attendu, avec un mois de 01 à 12 et un jour qui existe",
    "Invalid value": f"valeur illisible : {_STRING_WRITTEN}, true ou false",
}

# Messages that name a key or a character: their French, from the part the pattern captures.
_DECLARED_TWICE = lazy_pattern(r"Cannot declare (.+) twice")
_TOML_PATTERNS: tuple[tuple[Callable[[], re.Pattern[str]], Callable[[str], str]], ...] = (
    (
        _DECLARED_TWICE,
        lambda key: f"table [{_key(key)}] déclarée deux fois : n'en garder qu'un en-tête",
    ),
    (
        lazy_pattern(r"Cannot mutate immutable namespace (.+)"),
        lambda key: (
            f"la table {_key(key)} est déjà complète (écrite en ligne ou par un tableau) : elle ne peut plus "
            "recevoir de clé ici"
        ),
    ),
    (
        lazy_pattern(r"Cannot redefine namespace (.+)"),
        lambda key: f"la table {_key(key)} est déjà définie",
    ),
    (
        lazy_pattern(r"Duplicate inline table key (.+)"),
        lambda key: f"clé {quoted(_key(key))} donnée deux fois dans la même table {{ … }}",
    ),
    (
        lazy_pattern(r"Found invalid character (.+)"),
        lambda char: f"caractère interdit ici : {_character(char)}",
    ),
    (
        lazy_pattern(r"Illegal character (.+)"),
        lambda char: (
            _TOML_MESSAGES["Unterminated string"]
            if _unrepr(char) == "\n"
            else f"caractère interdit dans un texte : {_character(char)}"
        ),
    ),  # a newline: the closing quote is missing
    (
        lazy_pattern(r"Expected (.+)"),
        lambda what: f"{quoted(_unrepr(what))} attendu pour fermer le texte",
    ),
)

# Python's tomllib (3.11) puts the place in its message: `Invalid value (at line 3, column 7)`.
_PLACE = lazy_pattern(
    r"^(?P<message>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$",
    re.DOTALL,
)


def toml_syntax(
    error: TOMLDecodeError, text: str, lists: Callable[[str], bool] = lambda table: False
) -> tuple[int | None, str]:
    """The line of a TOML syntax error, and its French message with the column. `lists` tells
    the tables the file's format makes lists of entries (a dossier's `documents`): one written
    `[documents]` for each entry is declared twice, and « keep one header » alone would have
    the secretary delete every piece but one."""
    if isinstance(error, TOMLLimitError):
        return error.line, error.msg
    message = getattr(error, "msg", None) or str(error)
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if (place := _PLACE().match(message)) is not None:
        message = place["message"]
        line = line or (int(place["line"]) if place["line"] else text.count("\n") + 1)
        column = column or (int(place["column"]) if place["column"] else None)
    if _lone_carriage_return(text, line, column):
        return line, _syntax("TOML", column, _OLD_MAC_LINES)
    if (opened := _multiline_opened(message, text, line)) is not None:
        # tomli finds its end missing at the document's end: the text opens far above.
        delimiter, line, column = opened
        said = f"texte sur plusieurs lignes non fermé : le {quoted(delimiter)} de fin manque"
        return line, _syntax("TOML", column, said)
    if (percent := _percent_written(text, line)) is not None:
        return line, _syntax("TOML", column, percent)
    if message == "Unclosed inline table" and (
        table_at := _inline_table_opened(text, line, column)
    ):
        # TOML 1.1 lets a table { … } go on over lines: tomli reads the keys below it as its
        # own, and stops lines further, under another key (the readers audit: a `}` missing
        # at the end of line 134, told at 135 under `values.target`). Told where it opens.
        at_line, at_column = table_at
        if at_line != line:
            said = (
                f"table {{ … }} ouverte ligne {at_line} et non fermée : « , » ou « }} » attendu "
                f"(ligne {line}, colonne {column})"
            )
            return at_line, _syntax("TOML", at_column, said)
    if message in _AFTER_A_VALUE and (date := _date_written_otherwise(text, line)):
        return line, _syntax("TOML", column, date)
    if message in _AFTER_A_VALUE and (timed := _date_with_a_time(text, line)):
        return line, _syntax("TOML", column, timed)
    if message in _AFTER_A_VALUE and (unquoted := _text_unquoted(text, line)):
        return line, _syntax("TOML", column, unquoted)
    if message in _AFTER_A_VALUE and (boolean := _boolean_capitalised(text, line)):
        named, written, meant = boolean
        said = f"{written} s'écrit {meant} en TOML, en minuscules : `{named} = {meant}`"
        return line, _syntax("TOML", column, said)
    if message in _AFTER_A_VALUE and (closed := _closed_inside(text, line)):
        return line, _syntax("TOML", column, closed)
    if message in _AFTER_A_NUMBER and (number := _decimal_comma(text, line)):
        return line, _syntax("TOML", column, f"un nombre décimal s'écrit avec un point : {number}")
    if message == "Unclosed array" and (list_line := _list_opened(text, line)):
        # tomli stops where « , » or « ] » was due: the line after the list, when its « ] »
        # is missing, which holds no list at all.
        said = f"{_TOML_MESSAGES[message]} (liste ouverte ligne {list_line})"
        return line, _syntax("TOML", column, said)
    if message in _KEY_CUT and (key := _accented_key(text, line)):
        return line, _syntax("TOML", column, _not_ascii(key))
    if message == "Invalid date or datetime" and (why := _impossible_day_on(text, line)):
        return line, _syntax("TOML", column, f"date invalide : {why}")
    if not message.startswith(_OF_A_STRING) and (look_alike := _look_alike(text, line)):
        return line, _syntax("TOML", column, look_alike)
    if (twice := _DECLARED_TWICE().fullmatch(message)) and lists(table := _key(twice[1])):
        # At the second `[documents]`, or at one after `[[documents]]` entries: « déclarée
        # deux fois » was false of that one, written once.
        return line, _syntax("TOML", column, _one_bracket(table))
    if message == "Cannot overwrite a value" and (above := _one_bracket_above(text, line, lists)):
        # `[documents]` first, `[[documents]]` below: tomli stops at the second header, and
        # « cette clé a déjà une valeur : n'en garder qu'une » would have the secretary delete a
        # piece. The header to change is the one above.
        line, table = above
        return line, _syntax("TOML", 1, _one_bracket(table))
    if message == "Cannot overwrite a value" and (before := _sub_table_above(text, line)):
        # `[[audits.findings]]` above the first `[[audits]]`: tomli made `audits` a table of
        # it, then stops at `[[audits]]`. « n'en garder qu'une » had an entry deleted.
        header_line, sub_table, table = before
        said = (
            f"l'en-tête {sub_table} est écrit avant celui de son entrée, [[{table}]] "
            f"(ligne {line}) : le placer sous l'en-tête [[{table}]] auquel il appartient"
        )
        return header_line, _syntax("TOML", 1, said)
    if message == "Cannot overwrite a value" and (set_above := _set_twice(text, line, column)):
        column, first = set_above
        said = _TOML_MESSAGES[message]
        if first is not None:
            said = said.replace(" : ", f", ligne {first} : ", 1)
        return line, _syntax("TOML", column, said)
    return line, _syntax("TOML", column, _toml_message(message))


def _set_twice(text: str, line: int | None, column: int | None) -> tuple[int, int | None] | None:
    """For a `key = value` line whose key has a value above, the key's column and the line of
    its first value (None when it cannot be told). tomli stops past the line's end: the
    column it gives pointed at nothing (the readers audit), and « plus haut » said not where."""
    written = _line_of(text, line)
    found = _KEY_SET().match(written or "")
    if line is None or found is None:
        return None
    if column is not None and column <= len((written or "").rstrip()):
        return None  # a key inside the line (`{ 2024 = 1, 2024.1 = 2 }`): tomli's column is it
    # Imported here: the source map reads TOML with this module's parser.
    from labelcheck.core.sourcemap import toml_key_on, toml_lines

    key = toml_key_on(text, line)
    above = "".join(text.splitlines(keepends=True)[: line - 1])
    try:
        first = toml_lines(above).get(key) if key else None
    except (IndexError, ValueError, KeyError):  # a text the scan cannot follow
        first = None
    return found.start("key") + 1, first


_KEY_PART = r"(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_KEY_SET = lazy_pattern(rf"\s*(?P<key>{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")


def _lone_carriage_return(text: str, line: int | None, column: int | None) -> bool:
    """Whether line `line` (as tomli counts lines, by LF) holds a carriage return not followed
    by LF before `column`: a file saved with the old Mac line endings (CR alone), which tomli
    reads as one line holding a character it refuses."""
    if not line or "\r" not in text:
        return False
    written = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
    lone = written.removesuffix("\r")  # CRLF's own CR is no fault
    return "\r" in lone[: column or len(lone)]


_OLD_MAC_LINES = (
    "fin de ligne en retour chariot seul (CR, celle des anciens Mac) : enregistrer le fichier "
    "avec des fins de ligne LF ou CRLF"
)


def _sub_table_above(text: str, line: int | None) -> tuple[int, str, str] | None:
    """For a `[[table]]` header at `line`, the line and the header (as written) of one of its
    sub-tables (`[[table.key]]`, `[table.key]`) written above any `[[table]]`; None otherwise."""
    header = _ENTRY_HEADER().fullmatch(_line_of(text, line) or "")
    if line is None or header is None:
        return None
    table = _key_words(header["table"])
    first = None
    for number, written in enumerate(text.split("\n")[: line - 1], start=1):
        found = _ENTRY_HEADER().fullmatch(written) or _TABLE_HEADER().fullmatch(written)
        name = _key_words(found["table"]) if found else ""
        if name == table:
            return None  # an entry is above: the header below is not the one misplaced
        if first is None and name.startswith(f"{table}."):
            first = number, written.split("#")[0].strip()  # as written: one bracket or two
    return (*first, table) if first else None


def _one_bracket(table: str) -> str:
    return f"en-tête [{table}] à un seul crochet : {two_brackets(table)}"


def two_brackets(table: str) -> str:
    """How a list of entries is written in TOML, said wherever one was written as a table."""
    return (
        f"chaque entrée de la liste {table} s'écrit sous un en-tête [[{table}]], avec deux crochets"
    )


def _one_bracket_above(
    text: str, line: int | None, lists: Callable[[str], bool]
) -> tuple[int, str] | None:
    """For a `[[table]]` header of a list at `line`, the line of a `[table]` header above it,
    with one bracket, and the table; None otherwise."""
    header = _ENTRY_HEADER().fullmatch(_line_of(text, line) or "")
    if line is None or header is None or not lists(table := _key_words(header["table"])):
        return None
    lines = text.splitlines()
    for number in range(line - 1, 0, -1):
        found = _TABLE_HEADER().fullmatch(lines[number - 1])
        if found and _key_words(found["table"]) == table:
            return number, table
    return None


def _key_words(written: str) -> str:
    return ".".join(part.strip() for part in written.split("."))


_ENTRY_HEADER = lazy_pattern(r"\s*\[\[\s*(?P<table>[A-Za-z0-9_.\s-]+?)\s*\]\]\s*(?:#.*)?")
_TABLE_HEADER = lazy_pattern(r"\s*\[\s*(?P<table>[A-Za-z0-9_.\s-]+?)\s*\]\s*(?:#.*)?")


# A string's own errors (one not closed…): a space inside it is no cause of theirs.
_OF_A_STRING = (
    "Unterminated string",
    "Unescaped '\\' in a string",
    "Invalid hex value",
    "Illegal character",  # a line's end in a string: its closing quote is missing
)


# Spaces a word processor or a copy from a web page leaves, that no one sees: `name = "…"`
# read as a key `name ` and no « = » (the CI audit).
_INVISIBLE = {
    "\u00a0": "une espace insécable",
    "\u202f": "une espace fine insécable",
    "\u2007": "une espace tabulaire",
    "\u2009": "une espace fine",
    "\u200b": "une espace sans chasse",
    "\u3000": "une espace idéographique",
    "\ufeff": "une marque d'ordre des octets (BOM)",
}
_STRINGS = lazy_pattern(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')
# A value opened by typographic quotes, as a word processor turns "…" into “…” or « … ».
_CURLY_VALUE = lazy_pattern(r"=\s*[“”«»‘’„]")


def _look_alike(text: str, line: int | None) -> str | None:
    """For a line holding an invisible space, or a value in typographic quotes, what it is and
    what to write instead; None otherwise."""
    if (written := _line_of(text, line)) is None:
        return None
    # What stands outside the line's strings: French text in a string holds no-break spaces
    # that are no error (the review: the real error was hidden behind them).
    written = _STRINGS().sub('""', written)
    if _CURLY_VALUE().search(written):  # « … » holds no-break spaces: the quotes are the fault
        return (
            "texte entre guillemets typographiques (“ ”, « ») : TOML veut des guillemets "
            'droits, "…" (un traitement de texte les a peut-être changés)'
        )
    for character, name in _INVISIBLE.items():
        if character in written:
            return (
                f"la ligne contient {name} (U+{ord(character):04X}), invisible : la remplacer par "
                "une espace ordinaire"
            )
    return None


# What tomli says of `audit = 20/05/2026` or `2026-5-20`: it reads a number, then text it did
# not expect after it. Said so, the author looks for a second key on the line.
_AFTER_A_VALUE = ("Expected newline or end of document after a statement", "Invalid value")
_KEY_AND_VALUE = lazy_pattern(r"\s*(?P<key>[A-Za-z0-9_-]+)\s*=\s*(?P<value>[^\s#]+)\s*(?:#.*)?")


# What tomli says of `target = 12,5` (a number, then text) and of `{ 2025 = 12,5 }` (a number,
# then « 5 » read as the next key): the French decimal comma, said so.
_AFTER_A_NUMBER = (*_AFTER_A_VALUE, "Expected '=' after a key in a key/value pair")
_DECIMAL_COMMA = lazy_pattern(r"=\s*(\d+),(\d+)\s*(?:[,}\]#]|$)")


# A percentage as a school writes it, a value `5%`, `7,4 %` (a no-break space before the sign,
# as French typesets it): TOML reads the number, then stops at the sign, and « fin de ligne
# attendue » or « table { … } non fermée » said nothing of it. Strings are matched first, to
# be kept as they are, and a comment, to be left out of the line to write.
_PERCENT_OR_KEPT = lazy_pattern(
    r'(?P<string>"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')|(?P<comment>#.*)'
    r"|(?P<before>[=,\[][ \t]*)(?P<number>[+-]?\d+(?:[.,]\d+)?)[ \t\u00a0\u202f]*%"
)
# A value that starts as a number, a table or a list: `name = Taux 12,5 %` is a text without
# its quotes, which `_text_unquoted` says.
_NUMBER_VALUE = lazy_pattern(r"[^=#]*=\s*[-+\d{\[]")


def _percent_written(text: str, line: int | None) -> str | None:
    """For a line holding a percentage (`target = 5%`), the line as TOML writes it, the number
    alone; None for any other line."""
    written = _line_of(text, line)
    if written is None or "%" not in written:
        return None
    percents = _PERCENT_OR_KEPT()
    if not _NUMBER_VALUE().match(_STRINGS().sub('""', written)) or not any(
        found["number"] for found in percents.finditer(written)
    ):
        return None
    meant = percents.sub(_number_alone, written).strip()
    return (
        f"un pourcentage s'écrit par son seul nombre, sans « % » : `{meant}` (l'unité se dit "
        "dans le nom de l'indicateur, par exemple « Taux de décrochage (%) »)"
    )


def _number_alone(found: re.Match[str]) -> str:
    """A percentage's number as TOML writes it (a point for the comma); a string kept, a
    comment left out."""
    if found["number"] is None:
        return found["string"] or ""
    return found["before"] + found["number"].replace(",", ".")


def _line_of(text: str, line: int | None) -> str | None:
    """Line `line` (1-based) of `text`, or None when there is no such line."""
    lines = text.splitlines()
    return lines[line - 1] if line and line <= len(lines) else None


def _decimal_comma(text: str, line: int | None) -> str | None:
    """For a line holding `12,5`, the number as TOML writes it (`12.5`); None otherwise."""
    written = _line_of(text, line)
    found = _DECIMAL_COMMA().search(written) if written is not None else None  # not in a text
    return f"{found[1]}.{found[2]}" if found else None


def _key_and_value(text: str, line: int | None) -> re.Match | None:
    """The key and the value of line `line`, when it is a plain `key = value`."""
    written = _line_of(text, line)
    return _KEY_AND_VALUE().fullmatch(written) if written is not None else None


def _text_unquoted(text: str, line: int | None) -> str | None:
    """For a line `uai = 0451442Y` (a text that starts as a number: a UAI, « 3D »), that a
    text is quoted; None for any other line. tomli reads a number, then wants the line's end:
    « fin de ligne attendue après la valeur » said nothing of the quotes missing."""
    found = _key_and_value(text, line)
    if found is None or not _NUMBER_THEN_TEXT().fullmatch(value := found["value"]):
        return None
    return f'un texte s\'écrit entre guillemets : `{found["key"]} = "{value}"`'


def _date_with_a_time(text: str, line: int | None) -> str | None:
    """For a line `audit = 2026-05-20T` (a stray T) or `2026-05-20T25:00:00` (a time that
    cannot be), that a date is written without a time; None for any other line. tomli reads
    the date, then wants the line's end: « un texte s'écrit entre guillemets » was said of
    the first, and quoting it only brought « une date s'écrit sans guillemets »."""
    found = _key_and_value(text, line)
    timed = _DATE_THEN_TIME().fullmatch(found["value"]) if found else None
    if found is None or timed is None:
        return None
    meant = f"`{found['key']} = {timed['day']}`"
    if not timed["time"]:
        return f"une date s'écrit sans « T » ni heure : {meant}"
    return f"heure impossible ({timed['time']}), et une date s'écrit sans heure : {meant}"


_DATE_THEN_TIME = lazy_pattern(r"(?P<day>\d{4}-\d{2}-\d{2})[Tt](?P<time>[\d:.+Zz-]*)")


def boolean_meant(text: str, line: int | None) -> str | None:
    """For a line `network = False` (Python's word, or `TRUE`), the boolean TOML writes,
    `false`; None for any other line. tomli finds no value there: « valeur illisible »."""
    boolean = _boolean_capitalised(text, line)
    return boolean[2] if boolean else None


def _boolean_capitalised(text: str, line: int | None) -> tuple[str, str, str] | None:
    """The key, the boolean as written and as TOML writes it, for a line `network = False`."""
    found = _key_and_value(text, line)
    if found is None:
        return None
    written = found["value"]
    meant = written.lower()
    if meant not in ("true", "false") or written == meant:
        return None
    return found["key"], written, meant


def _closed_inside(text: str, line: int | None) -> str | None:
    """For a line `title = 'Projet d'établissement'` (an apostrophe closing a text between
    apostrophes, French's commonest) or `title = "Le "projet" 2026"`, how to write it; None
    for any other line. tomli reads the text to the inner quote, then wants the line's end."""
    found = _QUOTED_VALUE().fullmatch(_line_of(text, line) or "")
    if found is None:
        return None
    key, value = found["key"], found["value"]
    mark, inner = value[0], value[1:-1]
    after = value[value.index(mark, 1) + 1 :]  # what follows the text tomli read
    if (
        value.count(mark) < 3
        or "\\" in inner
        or (mark == '"' and "'" in inner)
        or _SECOND_STATEMENT().match(after)  # `name = "…" kind = "lp"`: two keys on a line
    ):
        return None
    if mark == "'":
        return f'une apostrophe ferme un texte écrit entre apostrophes : l\'écrire entre guillemets, `{key} = "{inner}"`'
    return f"un guillemet ferme un texte écrit entre guillemets : l'écrire entre apostrophes, `{key} = '{inner}'`"


def _multiline_opened(message: str, text: str, line: int | None) -> tuple[str, int, int] | None:
    """For a text on several lines never closed, its delimiter, and the line and column it
    opens at; None for any other error."""
    delimiter = _MULTILINE_UNCLOSED.get(message)
    if delimiter is None or line is None or line <= text.count("\n"):
        return None  # not at the document's end: a one-line text's error, told there
    if text.count(delimiter) % 2 == 0:
        return None
    at = text.rfind(delimiter)
    start = text.rfind("\n", 0, at) + 1
    return delimiter, text.count("\n", 0, at) + 1, at - start + 1


def _inline_table_opened(text: str, line: int | None, column: int | None) -> tuple[int, int] | None:
    """The line and column of the `{` of the inline table left open at `line` and `column`:
    the last one not closed before there, outside texts and comments; None if there is none."""
    if not line or not column:
        return None
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if not start:
            return None
    opened: list[tuple[str, int]] = []
    for token in _BRACKETS_OUTSIDE_TEXTS().finditer(text, 0, start + column - 1):
        found = token[0]
        if found in "[{":
            opened.append((found, token.start()))
        elif found in "]}" and opened:
            opened.pop()
    tables = [at for bracket, at in opened if bracket == "{"]
    if not tables:
        return None
    at = tables[-1]
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


# Brackets, and what hides them: texts (on several lines first) and comments, matched whole.
_BRACKETS_OUTSIDE_TEXTS = lazy_pattern(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[][{}]',
    re.DOTALL,
)


_MULTILINE_UNCLOSED = {"Unterminated string": '"""', "Expected \"'''\"": "'''"}


def _list_opened(text: str, line: int | None) -> int | None:
    """The line of the `key = [` whose list tomli found unclosed at `line`, when another."""
    if not line:
        return None
    lines = text.splitlines()
    for number in range(min(line, len(lines)), 0, -1):
        if _LIST_OPENS().match(lines[number - 1]):
            return number if number != line else None
    return None


_LIST_OPENS = lazy_pattern(r"\s*[\w\"'.-]+\s*=\s*\[")


def _accented_key(text: str, line: int | None) -> str | None:
    """For a line `intitulé = "…"`, its key: tomli stops at the `é`, wanting « = »."""
    found = _KEY_BEFORE_EQUALS().match(_line_of(text, line) or "")
    return found["key"] if found and not found["key"].isascii() else None


# Letters of other alphabets drawn as Latin ones: a key copied from a web page or typed on
# another keyboard looks right and is not (the robustness audit: `kіnd`, its « і » Cyrillic).
LOOK_ALIKES = str.maketrans(
    {
        **dict(zip("аеіјорсухАВЕІЈКМНОРСТХ", "aeijopcyxABEIJKMHOPCTX", strict=True)),  # Cyrillic
        **dict(zip("αικνορτυΑΒΕΗΙΚΜΝΟΡΤΥΧ", "aikvoptuABEHIKMNOPTYX", strict=True)),  # Greek
    }
)


def _not_ascii(key: str) -> str:
    """What is wrong with a bare key's letters: an accent, or a letter of another alphabet drawn
    as a Latin one, then named with the key meant."""
    strange = [c for c in key if not c.isascii() and c.translate(LOOK_ALIKES).isascii()]
    if not strange:
        return (
            f"la clé {quoted(key)} a une lettre accentuée : une clé sans guillemets ne prend "
            "que des lettres sans accent, des chiffres, - et _ (les clés du format sont "
            "en anglais : title, name…)"
        )
    letter, meant = strange[0], key.translate(LOOK_ALIKES)
    script = "grec" if "GREEK" in unicodedata.name(letter, "") else "cyrillique"
    said = (
        f"la clé {quoted(key)} a une lettre d'un autre alphabet, {quoted(letter)} "
        f"(U+{ord(letter):04X}, {script}), qui ressemble à {quoted(letter.translate(LOOK_ALIKES))}"
    )
    # With an accent too, the key meant is not known: the look-alike is the surprise to tell.
    return f"{said} : écrire {meant}" if meant.isascii() else said


# What tomli says of a bare key cut at a letter it does not take (`intitul` then `é`).
_KEY_CUT = ("Expected '=' after a key in a key/value pair", "Invalid statement")
_KEY_BEFORE_EQUALS = lazy_pattern(r"\s*(?P<key>[\w.-]+)\s*=")
_SECOND_STATEMENT = lazy_pattern(r"\s+[\w\"'.-]+\s*=")
# `key = '…'` or `key = "…"` and nothing else (a comment would hold its own quotes).
_QUOTED_VALUE = lazy_pattern(r"\s*(?P<key>[A-Za-z0-9_-]+)\s*=\s*(?P<value>(['\"]).*\3)\s*")


# A digit, then what no TOML number or date holds (a letter, or more digits after a 0).
_NUMBER_THEN_TEXT = lazy_pattern(r"(?=\d)(?=.*[^\W\d_]|0\d)[\w-]+")


def _impossible_day_on(text: str, line: int | None) -> str | None:
    """For a line `key = 2021-06-31`, why that day does not exist (« le 31 juin 2021 n'existe
    pas… »); None for any other line."""
    found = _key_and_value(text, line)
    return impossible_day(found["value"]) if found else None


_DATE_SHAPED = lazy_pattern(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")


def _date_written_otherwise(text: str, line: int | None) -> str | None:
    """For a line `key = 20/05/2026`, how to write the date; None for any other line."""
    found = _key_and_value(text, line)
    if found is None or not _DATE_SHAPED().fullmatch(found["value"]):
        return None
    day = day_written_otherwise(found["value"])
    if day is None:
        if why := impossible_day(found["value"]):  # 2026-13-01: the form is right
            return f"date invalide : {why}"
        return (
            "une date s'écrit AAAA-MM-JJ, sans guillemets, avec un mois de 01 à 12 et un jour "
            "qui existe"
        )
    return f"une date s'écrit AAAA-MM-JJ, sans guillemets : `{found['key']} = {day.isoformat()}`"


def _toml_message(message: str) -> str | None:
    if message in _TOML_MESSAGES:
        return _TOML_MESSAGES[message]
    for pattern, french in _TOML_PATTERNS:
        if found := pattern().fullmatch(message):
            return french(found[1])
    return None


_JSON_MESSAGES: dict[str, str] = {
    "Expecting value": "valeur attendue : un texte entre guillemets doubles, un nombre, true, false, null, "
    "un objet { … } ou une liste [ … ]",
    "Expecting ',' delimiter": "« , » attendu entre deux éléments (ou « } », « ] » pour fermer)",
    "Expecting ':' delimiter": "« : » attendu après le nom de la clé",
    "Expecting property name enclosed in double quotes": "nom de clé entre guillemets doubles attendu",
    "Extra data": "texte en trop après la fin du document JSON",
    "Unterminated string starting at": "texte non fermé : le guillemet de fin manque",
    "Invalid control character at": "caractère de contrôle dans un texte : l'écrire \\n, \\t…",
    "Invalid \\escape": "séquence d'échappement invalide : \\ est suivi de \" \\ / b f n r t ou u",
    "Invalid \\uXXXX escape": "séquence \\uXXXX invalide : quatre chiffres hexadécimaux attendus",
    "Illegal trailing comma before end of object": "virgule en trop avant « } » : la retirer",
    "Illegal trailing comma before end of array": "virgule en trop avant « ] » : la retirer",
}

_JSON_CUT_SHORT = (
    "le fichier s'arrête avant la fin du document JSON (il manque une valeur, un « } » ou un « ] »)"
)


def json_syntax(error: json.JSONDecodeError, text: str) -> tuple[int, str]:
    """The line of a JSON syntax error, and its French message with the column."""
    if not text.strip():
        return 1, typeset("fichier vide : un dossier JSON est un objet { … }")
    if (comma := _trailing_comma(error, text)) is not None:
        return comma
    if error.msg.startswith("Expecting") and not text[error.pos :].strip():
        # A file cut short (an export interrupted): the scanner stops at its end.
        return error.lineno, _syntax("JSON", error.colno, _JSON_CUT_SHORT)
    if error.msg.startswith(("Expecting property name", "Expecting value")) and (
        seen := _json_seen(text, error.pos)
    ):
        return error.lineno, _syntax("JSON", error.colno, seen)
    if day := _JSON_BARE_DAY().match(text, max(error.pos - 4, 0)):
        # `"audit": 2026-05-20`: the scanner read 2026 and wants a comma at the hyphen.
        return error.lineno, _syntax(
            "JSON", error.colno, f'une date s\'écrit entre guillemets en JSON : "{day[0]}"'
        )
    # Python's own scanner adds the character (`Invalid \escape: 'q'`): the message is the part before.
    message = _JSON_MESSAGES.get(error.msg) or _JSON_MESSAGES.get(
        error.msg.split(":", 1)[0].rsplit(" '", 1)[0]
    )
    return error.lineno, _syntax("JSON", error.colno, message)


_JSON_BARE_DAY = lazy_pattern(r"(?<![\d\"])\d{4}-\d{2}-\d{2}(?![\d\"])")


def _json_seen(text: str, at: int) -> str | None:
    """For a key or a value the JSON scanner could not start at `at`, what it found there
    when it tells why: a comment, apostrophes, typographic quotes, a key without quotes. (A
    comma before « } » has its own message: « une virgule en trop » guessed wrong here.)"""
    found = text[at : at + 1]
    if found == "," and text[:at].rstrip().endswith(","):
        return "deux virgules de suite : en retirer une"
    if text.startswith(("//", "/*"), at) or found == "#":
        return "JSON n'admet pas de commentaire : le retirer"
    if found == "'":
        return 'un texte ou une clé s\'écrit entre guillemets doubles " ", pas entre apostrophes'
    if found and found in "“”«»„":  # at the end of the text, found is "", in every string
        return f'guillemets typographiques {quoted(found)} : écrire des guillemets droits " "'
    word = re.match(r"[A-Za-z_][\w-]*(?=\s*:)", text[at : at + 100])
    if word:
        return f'nom de clé entre guillemets doubles attendu : écrire "{word[0]}"'
    constant = re.match(r"(true|false|null|none)\b", text[at : at + 6], re.IGNORECASE)
    if constant:  # Python's True, None: JSON writes its words in lower case
        if constant[1].lower() == "none":  # another word, not None in lower case
            return f"{constant[1]} s'écrit null en JSON"
        return f"{constant[1]} s'écrit {constant[1].lower()} en JSON, en minuscules"
    return None


def json_error_at(error: json.JSONDecodeError, text: str) -> int:
    """Where a JSON syntax error is: the parser's position, or a comma left before « ] » or
    « } », which Python 3.11's scanner reports at the bracket, often lines after it."""
    comma = trailing_comma(error, text)
    return error.pos if comma is None else comma


def trailing_comma(error: json.JSONDecodeError, text: str) -> int | None:
    """The position of a comma left before the « ] » or « } » the parser stopped at."""
    closing = text[error.pos : error.pos + 1]
    if closing not in ("]", "}") or not error.msg.startswith("Expecting"):
        return None
    comma = len(text[: error.pos].rstrip()) - 1
    return comma if comma >= 0 and text[comma] == "," else None


def _trailing_comma(error: json.JSONDecodeError, text: str) -> tuple[int, str] | None:
    """A comma left before « ] » or « } », at its own line and column."""
    comma = trailing_comma(error, text)
    if comma is None:
        return None
    closing = text[error.pos]
    line = text.count("\n", 0, comma) + 1
    column = comma - (text.rfind("\n", 0, comma) + 1) + 1
    return line, _syntax("JSON", column, f"virgule en trop avant « {closing} » : la retirer")


def _syntax(language: str, column: int | None, message: str | None) -> str:
    heading = f"erreur de syntaxe {language}" + (f", colonne {column}" if column else "")
    return typeset(f"{heading} : {message}") if message else heading


def _key(text: str) -> str:
    """tomli names a key by its tuple's repr, `('establishment', 'name')`: `establishment.name`."""
    try:
        parts = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return ".".join(map(str, parts)) if isinstance(parts, tuple) else str(parts)


def _unrepr(text: str) -> str:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def _character(text: str) -> str:
    """A character tomli refused, named so that it can be seen: `U+0001`, `tabulation`…"""
    char = _unrepr(text)
    if len(char) != 1:
        return char
    if char.isprintable() and not char.isspace():
        return quoted(char)
    names = {"\t": "tabulation", "\n": "fin de ligne", "\r": "retour chariot", "\x7f": "DEL"}
    return names.get(char, f"U+{ord(char):04X}") + " (caractère de contrôle)"
