"""Input errors as values: what went wrong, where, and what would be right."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """`('documents', 3, 'date')` -> `documents[3].date`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The valid choice a typo most likely meant, if any is close enough."""
    matches = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else None


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
    """`message (did you mean 'x'?)`, or the message alone when there is nothing to suggest."""
    return f"{message} (did you mean '{suggestion}'?)" if suggestion else message


def suggest_message(base: str, word: str, choices: Iterable[str]) -> tuple[str, str | None]:
    """A message listing the valid choices, with the closest one to `word`."""
    choices = sorted(set(choices))
    listed = ", ".join(choices) if len(choices) <= 12 else ", ".join(choices[:12]) + ", …"
    return f"{base}; expected one of: {listed}", closest(word, choices)


class LabelcheckError(Exception):
    """Bad usage or unreadable configuration, reported to the user (exit 2)."""

    def __init__(self, message: str, errors: list[InputError] | None = None):
        super().__init__(message)
        self.errors = errors or []
