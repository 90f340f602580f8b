"""Finding dossiers on disk and reading each into a validated Dossier, or its errors."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labelcheck.core.dossier import Dossier
from labelcheck.core.errors import InputError, closest, format_path
from labelcheck.core.profiles import Profile, ProfileChoice, Profiles
from labelcheck.core.registry import Registry
from labelcheck.core.sourcemap import LazyLines, line_of
from labelcheck.core.toml import TOMLDecodeError, loads
from labelcheck.core.validation import DossierChecks
from pydantic import BaseModel, ValidationError

DOSSIER_FILES = ("dossier.toml", "dossier.json")


@dataclass(frozen=True)
class Loaded:
    """A dossier file read: the model when valid, else every error found."""

    path: Path
    dossier: Dossier | None
    errors: tuple[InputError, ...] = ()
    missing_files: frozenset[str] = frozenset()
    raw: dict | None = None
    choice: ProfileChoice | None = None  # the profile it was validated (and is judged) under


def discover(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Each dossier file under `paths`, in a stable order; an error for a path that holds none."""
    for given in paths:
        path = Path(given)
        if path.is_file():
            yield path
        elif path.is_dir():
            found_any = False
            for found in _dossier_files(path):
                found_any = True
                yield found
            if not found_any:
                yield InputError(str(path), None, "", "no dossier.toml or dossier.json in this folder")
        else:
            yield InputError(str(path), None, "", "no such file or folder")


def _dossier_files(folder: Path) -> Iterator[Path]:
    """The dossier files under `folder`, in sorted path order, found as the walk goes.

    Only the names of the folders being walked are held, never the list of every
    path: sorting 10,000 paths first made peak memory grow with the repository
    (bench/README.md). Symbolic links to folders are not followed, as with rglob.
    """
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        child = folder / name
        if child.is_dir() and not child.is_symlink():
            yield from _dossier_files(child)
        elif name in DOSSIER_FILES and child.is_file():
            yield child


def load(path: Path, registry: Registry, profile: Profile | Profiles) -> Loaded:
    """Read and validate one dossier file. Given `Profiles`, the dossier is validated under
    the profile of its academy (its refs may name that profile's extra criterion)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Loaded(path, None, (InputError(str(path), None, "", f"cannot read the file: {error}"),))
    is_json = path.suffix.lower() == ".json"
    data, syntax_error = _parse(path, text, is_json)
    if syntax_error:
        return Loaded(path, None, (syntax_error,))
    lines = LazyLines(text, is_json)
    return validate(path, data, text if is_json else None, lines, registry, profile)


def validate(path: Path, data: Any, json_text: str | None, lines: dict, registry: Registry,
             profile: Profile | Profiles) -> Loaded:
    """Model validation and cross-entry checks, every error of both collected."""
    choice = _choose(profile, data)
    profile = choice.profile
    errors: list[InputError] = []
    dossier = None
    try:
        # JSON has no dates: validating the text lets pydantic read ISO strings as dates.
        dossier = Dossier.model_validate_json(json_text) if json_text is not None else Dossier.model_validate(data)
    except ValidationError as error:
        errors.extend(_model_errors(str(path), error, lines))
    if not isinstance(data, dict):
        return Loaded(path, None, tuple(errors))
    checks = DossierChecks(registry, profile, path.parent).run(data)
    for problem in checks.problems:
        errors.append(InputError(str(path), line_of(lines, problem.path), format_path(problem.path),
                                 problem.message, problem.suggestion))
    errors = sorted(set(errors), key=lambda e: (e.line or 0, e.path, e.message))
    if errors:
        return Loaded(path, None, tuple(errors), raw=data, choice=choice)
    return Loaded(path, dossier, (), frozenset(checks.missing_files), raw=data, choice=choice)


def _choose(profile: Profile | Profiles, data: Any) -> ProfileChoice:
    if isinstance(profile, Profile):
        return ProfileChoice(profile, "option")
    establishment = data.get("establishment") if isinstance(data, dict) else None
    return profile.for_academy(establishment.get("academy") if isinstance(establishment, dict) else None)


def _parse(path: Path, text: str, is_json: bool) -> tuple[Any, InputError | None]:
    try:
        return (json.loads(text) if is_json else loads(text)), None
    except json.JSONDecodeError as error:
        return None, InputError(str(path), error.lineno, "", f"JSON syntax error: {error.msg} (column {error.colno})")
    except TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        message = getattr(error, "msg", None) or str(error)
        return None, InputError(str(path), line, "", f"TOML syntax error: {message}")


_NUMBER_BRANCHES = ("int", "float")


def _model_errors(file: str, error: ValidationError, lines: dict) -> Iterator[InputError]:
    seen: set[tuple] = set()
    for e in error.errors(include_url=False):
        loc = tuple(e["loc"])
        if loc and loc[-1] == "[key]":  # pydantic's tag for a mapping key: the key is the place
            loc = loc[:-1]
        if loc and loc[-1] in _NUMBER_BRANCHES and e["type"].startswith(loc[-1]):
            # A number is `int | float`: pydantic reports each branch under its own tag
            # (`target.int`, `target.float`); the user wrote one value at `target`.
            loc, e = loc[:-1], {**e, "msg": "expected a number"}
            if loc in seen:
                continue
            seen.add(loc)
        yield InputError(file, line_of(lines, loc), format_path(loc), *_explain(e, loc))


def _explain(e: dict, loc: tuple) -> tuple[str, str | None]:
    """A pydantic error in the words of the contract, with a suggestion for typos."""
    kind, message = e["type"], e["msg"]
    if kind == "extra_forbidden":
        fields = _fields_at(loc[:-1])
        hint = closest(str(loc[-1]), fields)
        return f"unknown key '{loc[-1]}'; expected one of: {', '.join(sorted(fields))}", hint
    if kind == "missing":
        return f"required key '{loc[-1]}' is missing", None
    if kind == "literal_error":
        expected = e.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        return f"{message}; got {e['input']!r}", closest(str(e["input"]), choices)
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        given = e["input"]
        shown = given.isoformat(sep=" ") if isinstance(given, dt.datetime) else repr(given)
        return f"expected a date (YYYY-MM-DD, no time); got {shown}", None
    if kind.startswith("value_error"):
        return message.removeprefix("Value error, "), None
    return f"{message}; got {e['input']!r}" if "input" in e and not isinstance(e["input"], (dict, list)) else message, None


def _fields_at(loc: tuple) -> list[str]:
    """The valid keys of the model found at a key path of the dossier."""
    model: type[BaseModel] = Dossier
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation if part in model.model_fields else None
        inner = _model_in(annotation)
        if inner is None:
            return []
        model = inner
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None
