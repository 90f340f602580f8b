"""Input errors as values: what went wrong, where, and what would be right."""

from __future__ import annotations

import difflib
import errno
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from labelcheck.core import french

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """`('documents', 3, 'date')` -> `documents[3].date`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{printable(part)}" if out else printable(part)
    return out


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


_OS_REASONS = {
    errno.ENOENT: "introuvable",
    errno.EACCES: "permission refusée",
    errno.EPERM: "permission refusée",
    errno.ELOOP: "boucle de liens symboliques",
    errno.ENAMETOOLONG: "nom trop long pour le système de fichiers",
    errno.ENOTDIR: "un élément du chemin n'est pas un répertoire",
}


def os_reason(error: OSError) -> str:
    """Why the system refused to open or list something, in words."""
    return _OS_REASONS.get(error.errno) or error.strerror or str(error)


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
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else None


class Suggestions:
    """Closest matches for the typos of one file, within a bounded amount of work.

    difflib compares a word with every choice: thousands of dangling ids, each
    against thousands of ids, took minutes (bench/README.md, « Suggestions and
    line numbers »). The first errors of a file get their suggestion; once the
    budget is spent, the later ones come without.
    """

    def __init__(self, budget: int = SUGGESTION_BUDGET):
        self.left = budget

    def closest(self, word: str, choices: Iterable[str]) -> str | None:
        options = choices if isinstance(choices, Collection) else list(choices)
        if len(options) > self.left:
            return None
        self.left -= len(options)
        return closest(word, options)

    def message(self, base: str, word: str, choices: Iterable[str]) -> tuple[str, str | None]:
        """`suggest_message`, its suggestion counted in this file's budget."""
        choices = sorted(set(choices))
        return listing(base, choices), self.closest(word, choices)


@dataclass(frozen=True, order=True)
class InputError:
    """One problem of an input file (a dossier, a profile, a rule file)."""

    file: str
    line: int | None
    path: str
    message: str
    suggestion: str | None = field(default=None, compare=False)

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
    """`message (vouliez-vous dire « x » ?)`, or the message alone when there is nothing to suggest."""
    return french.suggestion(message, suggestion)


def suggest_message(base: str, word: str, choices: Iterable[str]) -> tuple[str, str | None]:
    """A message listing the valid choices, with the closest one to `word`."""
    choices = sorted(set(choices))
    return listing(base, choices), closest(word, choices)


def listing(base: str, choices: list[str], what: str = "valeurs possibles") -> str:
    """`base ; valeurs possibles : a, b, c`, the first twelve sorted choices."""
    listed = ", ".join(choices) if len(choices) <= 12 else ", ".join(choices[:12]) + ", …"
    return f"{base}{french.NNBSP}; {french.colon(what, listed)}"


class LabelcheckError(Exception):
    """Bad usage or unreadable configuration, reported to the user (exit 2)."""

    def __init__(self, message: str, errors: list[InputError] | None = None):
        super().__init__(message)
        self.errors = errors or []
