"""Input errors as values: what went wrong, where, and what would be right."""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import json
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_args, get_origin

from labelcheck.core import french
from labelcheck.core.cache import lazy_pattern
from labelcheck.core.dates import (
    YEAR_PATTERN,
    day_written_otherwise,
    impossible_day,
    iso_day,
    not_a_year,
    out_of_range,
    school_year_meant,
)
from labelcheck.core.refs import number_in
from labelcheck.core.visible import visible
from pydantic import BaseModel

if TYPE_CHECKING:
    from labelcheck.core.dossier_words import Table

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """`('documents', 3, 'date')` -> `documents[3].date`; a key that a dot, a bracket, a
    blank or nothing at all would make read as another path (`"a.b" = 1` was `establishment.a.b`,
    a nested key, the format audit) in quotes, as TOML writes it: `establishment."a.b"`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = printable(part)
            if not key or _NOT_BARE.search(key):
                key = json.dumps(key, ensure_ascii=False)
            out += f".{key}" if out else key
    return out


_NOT_BARE = re.compile(r'[.\[\]"\s]')  # what a key path cannot show unquoted


_PATH_PART = lazy_pattern(r"\[(\d+)\]|\.?([^.\[]+)")


def parse_path(text: str) -> Path:
    """`documents[3].date` -> `('documents', 3, 'date')`: format_path's inverse, for the
    plain keys of labelcheck's own files (a key holding a dot or a bracket is not one)."""
    return tuple(int(index) if index else key for index, key in _PATH_PART().findall(text))


def printable(text: str) -> str:
    """`text` with each lone surrogate (JSON allows "\\ud800") spelt out as `\\ud800`:
    text holding one cannot be written in UTF-8, and would end the whole run."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def printable_path(path: object) -> str:
    """A file name as it can be shown: bytes that are not UTF-8 (kept by Python as
    surrogates, « surrogateescape ») spelt out as `\\xe9`."""
    text = str(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return printable(text)


# What a "…" string of TOML or JSON makes of a Windows path's `\` before these letters
# (`pieces\rapport.pdf`, `pieces\bilan.pdf`): a control character, the path's `\` gone.
ESCAPES = {  # each control character: the letter after the `\`, and its name
    "\b": ("b", "un retour arrière"),
    "\t": ("t", "une tabulation"),
    "\n": ("n", "un saut de ligne"),
    "\f": ("f", "un saut de page"),
    "\r": ("r", "un retour chariot"),
}
_ESCAPED = lazy_pattern("[\b\t\n\f\r]")


def path_as_typed(name: str) -> str:
    """A piece's file name written the Windows way, as it reads with `/`: each `\\` a `/`, and
    each control character a "…" string made of a `\\` and its letter (`\\r`, `\\t`…) the
    `/` and letter its author typed. `name` itself when it holds neither."""
    typed = _ESCAPED().sub(lambda m: "/" + ESCAPES[m[0]][0], name)
    return typed.replace("\\", "/")


# Why the system refused to open, list or write something, in words; absent: its code.
_OS_REASONS: dict[int | None, str] = {
    errno.ENOENT: "introuvable",
    errno.EACCES: "permission refusée",
    errno.EPERM: "permission refusée",
    errno.ELOOP: "boucle de liens symboliques",
    errno.ENAMETOOLONG: "nom trop long pour le système de fichiers",
    errno.ENOTDIR: "un élément du chemin n'est pas un répertoire",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EPIPE: "le programme qui lisait le rapport s'est arrêté",
    errno.EIO: "erreur d'entrée-sortie",
    # A name taken: by a file, or by a symbolic link whose target is missing (`init` into one
    # said « erreur du système (EEXIST) »: the robustness audit).
    errno.EEXIST: "ce nom est déjà pris (un fichier, ou un lien symbolique vers ce qui n'existe pas)",
    errno.EISDIR: "c'est un répertoire",
}
# Where a report being written says it otherwise: a missing file there is its folder.
_WRITING_REASONS: dict[int | None, str] = {
    errno.ENOENT: "ce répertoire n'existe pas",
    errno.EPERM: "opération non permise",
    errno.ELOOP: f"trop de liens symboliques (une boucle{french.NNBSP}?)",
    errno.ENAMETOOLONG: "nom de fichier trop long",
}


def os_reason(error: OSError, *, writing: bool = False) -> str:
    """Why the system refused to open, list or (`writing`) write something, in words."""
    reason = _WRITING_REASONS.get(error.errno) if writing else None
    return reason or _OS_REASONS.get(error.errno) or system_reason(error)


def system_reason(error: OSError) -> str:
    """An error of the system with no French words here: its code, never its English text."""
    code = errno.errorcode.get(error.errno) if isinstance(error.errno, int) else None
    return f"erreur du système ({code})" if code else f"erreur du système ({type(error).__name__})"


# Nobody mistypes a 64-character id: past that, difflib's cost (quadratic in the
# length) would be spent on text that is not a name at all.
LONGEST_SUGGESTED = 64
# Comparisons of a word with a valid choice allowed for one file's suggestions: at
# most ~40 µs each (ids alike, such as doc-00001, doc-00002), about half a second.
SUGGESTION_BUDGET = 10_000


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The valid choice a typo most likely meant, if any is close enough."""
    word = str(word)
    if len(word) > LONGEST_SUGGESTED:
        return None
    options = sorted(set(choices))
    # To difflib, `LDM` is nothing like `ldm`: a word that differs from one choice only by
    # its case means that choice.
    same_but_case = [option for option in options if option.casefold() == word.casefold()]
    if len(same_but_case) == 1:
        return same_but_case[0]
    # Two letters swapped (`lop` for `lpo`): difflib likes `lp` better, one letter short.
    swapped = [option for option in options if _one_swap(word, option)]
    if len(swapped) == 1:
        return swapped[0]
    matches = _close_matches(word, options, 1)
    return matches[0] if matches else None


def _one_swap(word: str, option: str) -> bool:
    """Whether `option` is `word` with two neighbouring letters swapped."""
    if len(word) != len(option) or word == option:
        return False
    apart = [i for i, (a, b) in enumerate(zip(word, option, strict=True)) if a != b]
    return (
        len(apart) == 2
        and apart[1] == apart[0] + 1
        and word[apart[0]] == option[apart[1]]
        and word[apart[1]] == option[apart[0]]
    )


def _close_matches(word: str, choices: Iterable[str], n: int) -> list[str]:
    import difflib  # only for a typo: not loaded by a run with nothing to suggest

    choices = list(choices)
    # A word cut short (`max` for `maximum`) means the one choice it begins; past that, a
    # likeness of 0.65: at difflib's 0.6, `version` was offered `decisions` (the format audit).
    started = [choice for choice in choices if len(word) >= 3 and choice.startswith(word)]
    if len(started) == 1:
        return started
    return difflib.get_close_matches(word, choices, n=n, cutoff=0.65)


def as_name(word: str) -> str:
    """`word` spelt as a name declared in data is (`pv-ca`): lower case, no accents, its words
    joined by hyphens. `PV du CA` is then `pv-du-ca`, which difflib finds close to `pv-ca`,
    where the words as written share almost no letter with it."""
    return _NAME_GAPS().sub("-", french.unaccented(word).casefold()).strip("-")


_NAME_GAPS = lazy_pattern(r"[\s_'’-]+")  # what stands between the words of a name


def nearest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The valid names closest to `word` read as a name (`as_name`), closest first; a choice
    that is the same name is the only one."""
    word = str(word)
    if len(word) > LONGEST_SUGGESTED:
        return []
    named = {as_name(choice): choice for choice in sorted(set(choices))}
    key = as_name(word)
    if key in named:
        return [named[key]]
    return [named[match] for match in _close_matches(key, named, n)]


class Suggestions:
    """Closest matches for the typos of one file, within a bounded amount of work.

    difflib compares a word with every choice: thousands of dangling ids, each
    against thousands of ids, took minutes (bench/RECORD.md, « Suggestions and
    line numbers »). The first errors of a file get their suggestion; once the
    budget is spent, the later ones come without.
    """

    def __init__(self, budget: int = SUGGESTION_BUDGET):
        self.left = budget

    def closest(self, word: str, choices: Iterable[str]) -> str | None:
        """The choice `word` likely means: the one whose French it is (« renouvellement » for
        renewal, never counted: looked up, not compared), else the closest spelling, within
        this file's budget."""
        options = choices if isinstance(choices, Collection) else list(choices)
        if isinstance(word, str) and (meant := french.gloss_meant(word, options)):
            return meant
        if len(options) > self.left:
            return None
        self.left -= len(options)
        return closest(word, options)

    def nearest(self, word: str, choices: Collection[str], n: int = 3) -> list[str]:
        """`nearest`, counted in this file's budget; none once it is spent."""
        if len(choices) > self.left:
            return []
        self.left -= len(choices)
        return nearest(word, choices, n)

    def message(self, base: str, word: str, choices: Iterable[str]) -> tuple[str, str | None]:
        """`suggest_message`, its suggestion counted in this file's budget."""
        choices = sorted(set(choices), key=natural_order)
        return listing(base, choices), self.closest(word, choices)


def natural_order(text: str) -> tuple:
    """A sort key putting `eduform:3.9` before `eduform:3.10`: numbers by their value."""
    return tuple(
        (0, written, "") if (written := number_in(part)) is not None else (1, 0, part)
        for part in _DIGITS().split(text)
        if part
    )


_DIGITS = lazy_pattern(r"(\d+)")


def utf16_problem(raw: bytes) -> str | None:
    """Why a file that should be UTF-8 is not, when it is UTF-16 (what Windows' « Unicode »,
    and PowerShell 5's `>`, write), else None: said alike for a dossier, a report, a profile."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return (
            "le fichier est en UTF-16 (il commence par sa marque d'ordre d'octets) : "
            "l'enregistrer en UTF-8 sans BOM"
        )
    if b"\0" in raw and _utf16_without_bom(raw):
        return (
            "le fichier est en UTF-16 sans marque d'ordre d'octets (un octet sur deux est nul, "
            "le « Unicode » de Windows) : l'enregistrer en UTF-8"
        )
    return None


def utf8_problem(raw: bytes, error: UnicodeDecodeError) -> tuple[int, str]:
    """Where and why `raw`, which should be UTF-8, is not, as (line, message): said alike for
    a dossier, a profile, a plugin's file and a report. A text cut inside a character (a copy
    stopped short) is said cut; any other bad byte, named with its column, is most often
    Latin-1 or Windows-1252, what French editors and spreadsheets save by default."""
    from labelcheck.core.sourcemap import byte_position

    line, column = byte_position(raw, error.start)
    if error.end == len(raw) and error.reason == "unexpected end of data":
        return line, (
            f"le fichier est coupé au milieu d'un caractère, colonne {column} (une copie "
            "interrompue ?) : le copier de nouveau"
        )
    return line, (
        f"le fichier n'est pas en UTF-8 : octet 0x{raw[error.start]:02X} invalide, colonne "
        f"{column} (enregistré en Latin-1 ou Windows-1252 ?) ; l'enregistrer en UTF-8"
    )


def _utf16_without_bom(raw: bytes) -> bool:
    """Whether NUL bytes fall on every other byte, as a text of Latin letters in UTF-16 has them."""
    sample = raw[:512]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return max(odd, even) > len(sample) // 4 and min(odd, even) < max(odd, even) // 8


# The longest value or key an error repeats whole; past it, its start and its length.
MAX_ECHOED = 200


def shorten(text: str) -> str:
    """`text`, or when longer than MAX_ECHOED, its start, « … » and its length in characters."""
    if len(text) <= MAX_ECHOED:
        return text
    return f"{text[:MAX_ECHOED]}… ({french.number(len(text))} caractères)"


def shorten_quotes(message: str) -> str:
    """`message` with each « quoted » text past MAX_ECHOED characters shortened: « its
    start… » (its length)."""
    return _QUOTED().sub(_shortened_quote, message)


def _shortened_quote(match: re.Match[str]) -> str:
    text = match[1]
    if len(text) <= MAX_ECHOED:
        return match[0]
    return f"{french.quoted(text[:MAX_ECHOED] + '…')} ({french.number(len(text))} caractères)"


def _shorten_keys(path: str) -> str:
    """A key path with each key past MAX_ECHOED characters shortened."""
    return _LONG_KEY().sub(lambda match: shorten(match[0]), path)


_QUOTED = lazy_pattern(f"«{french.NNBSP}(.*?){french.NNBSP}»", re.DOTALL)
_LONG_KEY = lazy_pattern(rf"[^.\[\]]{{{MAX_ECHOED + 1},}}")


@dataclass(frozen=True, order=True)
class InputError:
    """One problem of an input file (a dossier, a profile, a rule file)."""

    file: str
    line: int | None
    path: str
    message: str
    suggestion: str | None = field(default=None, compare=False)
    # With --baseline, of a dossier's error: absent from the baseline report (else None).
    new: bool | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # Every error quoting what an input wrote goes through here: a 4 MB value was echoed
        # whole, on one line of stderr and in every report format (the robustness audit).
        if len(self.message) > MAX_ECHOED:
            object.__setattr__(self, "message", shorten_quotes(self.message))
        if len(self.path) > MAX_ECHOED:
            object.__setattr__(self, "path", _shorten_keys(self.path))

    def as_dict(self) -> dict:
        out = {"path": self.path, "line": self.line, "message": self.full_message}
        if self.suggestion:
            out["suggestion"] = self.suggestion
        return out

    @property
    def full_message(self) -> str:
        return with_suggestion(self.message, self.suggestion)

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        key = f" {self.path}:" if self.path else ""
        return f"{where}:{key} {self.full_message}"


def with_suggestion(message: str, suggestion: str | None) -> str:
    """`message (vouliez-vous dire « x » ?)`, or the message alone when there is nothing to
    suggest or the message already says to write it (« écrire ldm:8.40 … (vouliez-vous dire
    « ldm:8.40 » ?) » said the fix twice: the French proofreader's audit)."""
    if suggestion and re.search(rf"écrire {re.escape(suggestion)}(?![\w.:-])", message):
        return message
    return french.suggestion(message, suggestion)


def suggest_message(base: str, word: str, choices: Iterable[str]) -> tuple[str, str | None]:
    """A message listing the valid choices, with the closest one to `word`."""
    choices = sorted(set(choices))
    return listing(base, choices), closest(word, choices)


def listing(base: str, choices: list[str], what: str = "valeurs possibles") -> str:
    """`base ; valeurs possibles : a, b, c`, the first twelve sorted choices; `base` alone when
    there are none (« paramètres possibles : » with nothing after it read as cut off)."""
    if not choices:
        return base
    listed = ", ".join(choices) if len(choices) <= 12 else ", ".join(choices[:12]) + ", …"
    return f"{base}{french.NNBSP}; {french.colon(what, listed)}"


class LabelcheckError(Exception):
    """Bad usage or unreadable configuration, reported to the user (exit 2)."""

    def __init__(self, message: str, errors: Sequence[InputError | str] | None = None):
        super().__init__(message)
        self.errors: list[InputError | str] = list(
            errors or []
        )  # details, each printed on its line


# -- pydantic's errors in French ----------------------------------------------------------------


def error_loc(e: Mapping[str, Any]) -> tuple:
    """A pydantic error's key path, without pydantic's `[key]` tag for a mapping's key (the
    key itself is the place: `dossier_keys.new_keys.application`, not `….[key]`)."""
    loc = tuple(e["loc"])
    return loc[:-1] if loc and loc[-1] == "[key]" else loc


def said_once(errors: list[Any], root: type[BaseModel]) -> list[Any]:
    """Pydantic's errors but a required key reported missing because it was misspelt: the
    unknown key beside it, whose closest valid key it is, is said with that suggestion
    (« clé inconnue « severty » … vouliez-vous dire « severity » ? »); « clé obligatoire
    « severity » absente » would say the same slip twice, at another line."""
    misspelt = set()
    suggestions = Suggestions()
    for e in errors:
        if e["type"] == "extra_forbidden" and (loc := error_loc(e)):
            near = _meant(str(loc[-1]), _fields_at(root, loc[:-1]), root, suggestions, "keys")
            if near is not None:
                misspelt.add((*loc[:-1], near))
    if not misspelt:
        return errors
    return [e for e in errors if e["type"] != "missing" or error_loc(e) not in misspelt]


def _meant(
    written: str,
    choices: Collection[str],
    root: type[BaseModel],
    suggestions: Suggestions,
    table: Table,
) -> str | None:
    """The key (`table` "keys") or value ("values") an unknown one likely means: its closest
    spelling, else, in a dossier, the one its French word is (« attribue » → awarded,
    « collectivité » → local-authority)."""
    if not getattr(root, "french_words", False):
        return suggestions.closest(written, choices)
    from labelcheck.core.dossier_words import closest_or_meant  # its table: for an error only

    return closest_or_meant(suggestions, written, choices, table)


def explain(
    e: Mapping[str, Any],
    loc: tuple,
    root: type[BaseModel],
    suggestions: Suggestions | None = None,
    json: bool = False,
) -> tuple[str, str | None]:
    """A pydantic error in French, in the words of the contract, with a suggestion for typos;
    `root` is the model validated (a dossier, a profile, a rule), `loc` the error's key path;
    its class attribute `pattern_words`, if any, words its text patterns; `json`, a JSON
    dossier's: objects and arrays where TOML has tables and lists.
    Pydantic's own `msg` is English: it never reaches the user (except our validators')."""
    suggestions = suggestions or Suggestions()
    kind = e["type"]
    if json and (expected := _JSON_EXPECTED.get(kind)):
        return f"{expected}{french.NNBSP}; reçu {_json_shown(e.get('input'))}", None
    name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        fields = _fields_at(root, loc[:-1])
        base = f"clé inconnue {french.quoted(name)}"
        return listing(base, sorted(fields), "clés possibles"), _meant(
            name, fields, root, suggestions, "keys"
        )
    if kind == "missing":
        return f"clé obligatoire {french.quoted(name)} absente", None
    if kind == "literal_error":
        return _literal(e, name, suggestions, root, json)
    if kind in _DATE_ERRORS:
        return not_a_date(e["input"], name)
    if kind in _BOUNDS and (day := _day(e.get("input"))):  # the model's `Date` bounds
        return out_of_range(day), None
    if kind == "string_pattern_mismatch" and e.get("ctx", {}).get("pattern") == YEAR_PATTERN:
        return not_a_year(str(e["input"])), school_year_meant(str(e["input"]))
    if kind.startswith("value_error") or kind == "assertion_error":
        return e["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, "), None
    pattern_words = getattr(root, "pattern_words", {})
    message = _received(_expected(kind, e.get("ctx", {}), pattern_words), e)
    if isinstance(e.get("input"), str) and (unquoted := _unquoted(kind, e["input"])):
        # « nombre attendu ; reçu « 25 » » left a school wondering: 25 is a number.
        return f"{message}, un texte{french.NNBSP}: {unquoted}", None
    if kind == "string_pattern_mismatch":
        hint = getattr(root, "pattern_hints", {}).get(e.get("ctx", {}).get("pattern"))
        return message, hint(e.get("input")) if hint else None
    return message, None


def _unquoted(kind: str, given: str) -> str | None:
    """For a number or a boolean written in quotes (`target = "25"`, `"false"` in JSON), how
    to write it, as the format reads it; None when the text is no such value."""
    kind = kind.removesuffix("_type").removesuffix("_parsing")
    written = given.strip()
    if kind == "bool" and written.lower() in ("true", "false"):
        return f"true et false s'écrivent sans guillemets ({written.lower()})"
    if kind not in ("int", "float", "number"):
        return None
    # « 7,4 % », as a spreadsheet exports a rate: the number, without its sign.
    number = written.removesuffix("%").rstrip(" \u00a0\u202f")
    decimal = number.replace(",", ".") if number.count(",") == 1 and "." not in number else number
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", decimal) or (kind == "int" and "." in decimal):
        return None
    meant = decimal.lstrip("+")
    if number != written:
        return (
            f"un pourcentage s'écrit par son seul nombre, sans {french.quoted('%')} ni "
            f"guillemets ({meant})"
        )
    comma = ", avec un point décimal" if decimal != written else ""
    return f"un nombre s'écrit sans guillemets{comma} ({meant})"


def _day(value: Any) -> dt.date | None:
    """A date out of bounds, as TOML gives it (a date) or JSON (its ISO text); else None."""
    if type(value) is dt.date:
        return value
    return iso_day(value) if isinstance(value, str) else None


JSON_FORMAT_1 = '"format": 1'


def _literal(
    e: Mapping[str, Any],
    name: str,
    suggestions: Suggestions,
    root: type[BaseModel],
    json: bool = False,
) -> tuple[str, str | None]:
    """An enum value out of its list: the list, and the closest choice."""
    expected = e.get("ctx", {}).get("expected", "")
    choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",") if c.strip()]
    given = str(e["input"])
    if name == "format" and type(e["input"]) is int and choices == ["1"]:
        # A dossier of a later (or unknown) version of the format: this labelcheck cannot read it.
        return (
            f"version de format {e['input']} inconnue{french.NNBSP}: cette version de labelcheck "
            f"lit le format 1 (écrire `{JSON_FORMAT_1 if json else 'format = 1'}`, ou mettre "
            "labelcheck à jour)"
        ), None
    if name == "format" and isinstance(e["input"], str) and given.strip() == "1":
        # « format 1 attendu ; reçu « 1 » » showed no difference: the quotes are it.
        written = JSON_FORMAT_1 if json else "format = 1"
        return (
            f"format 1 attendu, un nombre{french.NNBSP}; reçu «{french.NNBSP}1{french.NNBSP}», "
            f"un texte{french.NNBSP}: écrire `{written}`, le 1 sans guillemets"
        ), None
    if len(choices) == 1:  # `format = 1`: only one value is right, say which
        # Suggested as the lists' values are, unless it reads as what was written (`"1"`
        # for 1): the type is then what is wrong, as the message says.
        hint = suggestions.closest(given, choices)
        if (
            isinstance(e["input"], str) and name != "format"
        ):  # a word misspelt: say it as the lists do
            base = unrecognised(given)
            return f"{base}{french.NNBSP}; seule valeur possible{french.NNBSP}: {choices[0]}", hint
        return _received(f"{name} {choices[0]} attendu", e), hint if hint != given else None
    if not isinstance(e["input"], str):  # null, true, a list…: the type is what is wrong
        return listing(_received("texte attendu", e), choices), None
    return listing(unrecognised(given), choices), _meant(
        given, choices, root, suggestions, "values"
    )


def unrecognised(given: str) -> str:
    """« valeur « lpp » non reconnue »; « valeur vide » for "" or spaces, which « «  » » hid."""
    if not given.strip():
        return "valeur vide"
    return f"valeur {french.quoted(printable(given))} non reconnue"


def not_a_date(given: Any, name: str) -> tuple[str, str | None]:
    """A value that is not a date, and the AAAA-MM-JJ of the day it writes otherwise
    (« 20/05/2026 »); a date in quotes is a string to TOML, say to remove them (JSON reads
    its dates from such strings, so only TOML gets there with one)."""
    if isinstance(given, str):
        if (day := iso_day(given)) is not None:
            return f"une date s'écrit sans guillemets en TOML{french.NNBSP}: `{name} = {day}`", None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", given):  # 2026-02-30: the form is right
            why = impossible_day(given)
            said = f"date invalide{french.NNBSP}: {why}" if why else _NO_SUCH_DAY
            return _received(said, {"input": given}), None
        meant = day_written_otherwise(given)
        return _received(_DATE_EXPECTED, {"input": given}), meant.isoformat() if meant else None
    return _received(_DATE_EXPECTED, {"input": given}), None


_DATE_EXPECTED = "date attendue (AAAA-MM-JJ, sans heure)"
_NO_SUCH_DAY = "date invalide : AAAA-MM-JJ attendu, avec un mois de 01 à 12 et un jour qui existe"


_DATE_ERRORS = (
    "date_type",
    "date_parsing",
    "date_from_datetime_inexact",
    "date_from_datetime_parsing",
)


def _expected(kind: str, ctx: dict, pattern_words: Mapping[str, str]) -> str:
    """What the contract wanted where pydantic raised an error of `kind`; a text pattern
    in the words `pattern_words` gives it, if any."""
    if kind in _BOUNDS:
        return f"nombre {_BOUNDS[kind]} {_shown(next(iter(ctx.values()), ''))} attendu"
    if kind in ("string_too_short", "too_short"):
        return "valeur non vide attendue"
    if kind in ("string_too_long", "too_long"):
        return f"au plus {ctx.get('max_length', '?')} éléments attendus"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "?")
        return pattern_words.get(pattern) or f"texte de la forme {pattern} attendu"
    expected = _EXPECTED.get(kind.removesuffix("_type").removesuffix("_parsing"))
    return expected or "valeur d'un autre type attendue"


_BOUNDS = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<", "less_than_equal": "≤"}

# What a pydantic type error expected, by its kind less `_type`/`_parsing`, each phrase with its
# own agreement (« liste attendue », « nombre attendu »).
_EXPECTED = {
    "int": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "float": "nombre attendu",
    "number": "nombre attendu",
    "finite_number": "nombre fini attendu",
    "bool": "vrai ou faux (true/false) attendu",
    "string": "texte attendu",
    "list": "liste attendue",
    "tuple": "liste attendue",
    "set": "liste attendue",
    "dict": "table (clé = valeur) attendue",
    "model": "table (clé = valeur) attendue",
    "model_attributes": "table (clé = valeur) attendue",
    "datetime": "date et heure attendues",
    "none_required": "aucune valeur attendue",
}


# A table or a list expected in a JSON dossier, in JSON's words: « table (clé = valeur) » and
# « reçu une table » are TOML's.
_JSON_EXPECTED = {
    "dict_type": "objet { … } attendu",
    "model_type": "objet { … } attendu",
    "model_attributes_type": "objet { … } attendu",
    "list_type": "liste attendue",
}


def _json_shown(value: Any) -> str:
    """A JSON value, as `_shown` gives it, objects and arrays in JSON's words."""
    if isinstance(value, dict):
        return "un objet { … }" if value else "un objet vide"
    if isinstance(value, list):
        return "une liste (tableau [ … ])" if value else "une liste vide"
    return _shown(value)


def _received(message: str, e: Mapping[str, Any]) -> str:
    """`message ; reçu <value>`, the value as the dossier wrote it."""
    if "input" not in e:
        return message
    return f"{message}{french.NNBSP}; reçu {_shown(e['input'])}"


def received(value: Any, texts_expected: bool = False) -> str:
    """`reçu « trois », un texte`, `reçu 2,5`: what a data file gave in place of a value of
    another type, as a dossier's errors say it (the text named as such where no text is
    expected: « trois » is not a number; a decimal the French way, its decimal kept: 5,0)."""
    if isinstance(value, float) and math.isfinite(value):
        return f"reçu {repr(value).replace('.', ',')}"
    said = f"reçu {_shown(value)}"
    return f"{said}, un texte" if isinstance(value, str) and not texts_expected else said


LONGEST_SHOWN = 200  # characters of a text value an error quotes whole


def _shown(value: Any) -> str:
    """A dossier value written as in TOML (or JSON, for null), strings in « » as every message
    quotes what it was given (« 15 », a text, is told from 15, a number); tables and lists named
    (and said empty when they are: `« »` or `une liste` would not tell why)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:  # only JSON has it
        return "null"
    if isinstance(value, str):
        if len(value) > LONGEST_SHOWN:
            # A value of megabytes, given whole, filled the log, the JSON and the JUnit reports
            # ten times over (the CI audit): its start, and its length.
            start = _one_line(value[: LONGEST_SHOWN // 2])
            return f"{french.quoted(start + '…')} ({french.number(len(value))} caractères)"
        if not value.strip():  # « «   » » showed nothing: what is there, said
            return "un texte fait d'espaces seulement" if value else "un texte vide"
        return french.quoted(_one_line(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()  # with its T, as TOML writes it
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return "une table" if value else "une table vide"
    if isinstance(value, list):
        return "une liste" if value else "une liste vide"
    return printable(str(value))


def _one_line(text: str) -> str:
    """A text value on one line, as a message quotes it: its control characters shown (a
    newline as ␊), as JSON's escapes did when values were quoted as JSON strings."""
    return visible(printable(text))


def _fields_at(root: type[BaseModel], loc: tuple) -> list[str]:
    """The valid keys of the model found at a key path of `root`."""
    model = root
    keys = 0  # the parts still to come that are keys of a table of models, not fields
    for part in loc:
        if isinstance(part, int) or keys:
            keys -= not isinstance(part, int)
            continue
        annotation = model.model_fields[part].annotation if part in model.model_fields else None
        inner = _model_in(annotation)
        if inner is None:
            return []
        model, keys = inner, _tables_around(annotation)
    # A key the dossier writes otherwise than its field's name (`$schema`) by what it writes;
    # none the file never writes there (a rule's `label`, its file's: `keys_not_written`).
    hidden: frozenset[str] = getattr(model, "keys_not_written", frozenset())
    return [info.alias or name for name, info in model.model_fields.items() if name not in hidden]


def _tables_around(annotation: Any) -> int:
    """How many keys a path names between a field and the model it holds: 1 for
    `dict[str, Parameter]` (`parameters.audit_team_min.titel`), 0 for a model or a list of them."""
    if get_origin(annotation) in (dict, Mapping):
        return 1 + _tables_around(get_args(annotation)[-1])
    return next((_tables_around(a) for a in get_args(annotation) if _model_in(a)), 0)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None
