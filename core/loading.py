"""Finding dossiers on disk and reading each into a validated Dossier, or its errors.

Every dossier is untrusted: whatever a file holds, or whatever it is (a link, a
pipe, a folder that cannot be read), the outcome is that dossier's input errors,
and the other dossiers of the run go on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import functools
import heapq
import json
import math
import os
import re
import stat
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from labelcheck.core.cache import lazy_pattern
from labelcheck.core.catalog import LabelSpec
from labelcheck.core.dossier import Dossier
from labelcheck.core.errors import (
    InputError,
    Suggestions,
    error_loc,
    explain,
    format_path,
    not_a_date,
    os_reason,
    printable,
    printable_path,
    said_once,
    utf8_problem,
    utf16_problem,
)
from labelcheck.core.errors import Path as KeyPath
from labelcheck.core.french import ACADEMIES, NNBSP, quoted, typeset
from labelcheck.core.profiles import (
    Profile,
    ProfileChoice,
    Profiles,
    likely_meant,
    unknown_academy,
)
from labelcheck.core.refs import label_of
from labelcheck.core.registry import Registry
from labelcheck.core.sourcemap import (
    MAX_DEPTH,
    LazyLines,
    json_duplicates,
    json_key_at,
    line_of,
    toml_key_on,
    too_deep_at,
)
from labelcheck.core.toml import (
    TOMLDecodeError,
    boolean_meant,
    fast_loads,
    json_error_at,
    json_syntax,
    loads,
    toml_syntax,
    two_brackets,
)
from labelcheck.core.validation import DossierChecks, Problem, type_not_of, ungraded_finding
from pydantic import BaseModel, ValidationError

DOSSIER_FILES = ("dossier.toml", "dossier.json")
# Far beyond any dossier (10,000 entries make about 1 MB): a bigger file is a mistake,
# and read whole it would take the memory of the run. Parsing, then locating its errors,
# takes about twenty times a file's size: at 64 MiB, one such file took a worker 1 GB.
MAX_BYTES = 16 * 1024 * 1024
# No count or measure of a dossier comes near: beyond, sums and charts lose precision or overflow.
LARGEST_NUMBER = 10**15


@dataclass(frozen=True)
class Loaded:
    """A dossier file read: the model when valid, else every error found."""

    path: Path
    dossier: Dossier | None
    errors: tuple[InputError, ...] = ()
    missing_files: frozenset[str] = frozenset()
    files_meant: Mapping[str, str] = field(default_factory=dict)  # of missing files, if any
    raw: dict | None = None
    choice: ProfileChoice | None = None  # the profile it was validated (and is judged) under
    # The file as read; bytes that are not UTF-8 kept as lone surrogates (surrogateescape), so
    # that its digest still tells one such file from another. None when it could not be read.
    text: str | None = None


# -- finding the dossiers ------------------------------------------------------------


def discover(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Each dossier file under `paths`, in a stable order; an error for a path that holds
    none, and for each place that cannot be read (never skipped without a word)."""
    two_forms_named: set[Path] = set()  # folders of both forms named already, for files given
    for given in paths:
        yield from _discover(Path(given), two_forms_named)


def _discover(path: Path, two_forms_named: set[Path]) -> Iterator[Path | InputError]:
    try:
        is_folder = stat.S_ISDIR(path.stat().st_mode)  # a path given is followed, even a link
    except FileNotFoundError:
        yield _path_error(path, "chemin introuvable : ni fichier ni répertoire de ce nom")
        return
    except OSError as error:
        yield _path_error(path, f"inaccessible : {os_reason(error)}")
        return
    if not is_folder:
        yield from _given_file(path, two_forms_named)
        return
    found_any = False
    for found in _dossier_files(path):
        found_any = True
        yield found
    if not found_any:
        yield _path_error(
            path, "aucun dossier trouvé : ni dossier.toml ni dossier.json dans ce répertoire"
        )


def _dossier_files(folder: Path, links: bool = True) -> Iterator[Path | InputError]:
    """The dossier files under `folder`, in sorted path order, found as the walk goes.

    Only the names of the folders being walked are held, never the list of every
    path: sorting 10,000 paths first made peak memory grow with the repository
    (bench/RECORD.md). And they are held as one text, each name made again when its
    turn comes: a list of 60,000 names was 4 MiB of objects for the whole run, the text
    0.4 MiB. Symbolic links to folders are not followed, as with rglob; a dossier file
    that is a link is yielded, for `load` to refuse. Walked with a stack of the folders
    open, not by recursion: a tree a thousand folders deep ended the whole run.
    """
    walking = [_in_folder(folder, links)]
    while walking:
        for found in walking[-1]:
            if isinstance(found, _Folder):
                walking.append(_in_folder(found.path, links))
                break
            yield found
        else:
            walking.pop()


def holds_a_dossier(folder: Path, links: bool = True) -> bool:
    """Whether a dossier file lies under `folder`, the walk stopping at the first one. A folder
    that cannot be read counts as holding one: the run names it with its reason."""
    return next(_dossier_files(folder, links), None) is not None


@dataclass(frozen=True, slots=True)
class _Folder:
    """A folder met by `_in_folder`, for `_dossier_files` to walk next."""

    path: Path


def _in_folder(folder: Path, links: bool = True) -> Iterator[Path | InputError | _Folder]:
    """What `folder` itself holds, in sorted order: its dossier file, its subfolders (to walk),
    and an error for each thing that cannot be read or is not followed (`links`: a link to a
    folder holding a dossier; False, looking behind a link, where others are not looked into)."""
    try:
        joined, both, not_folders = _listing(folder)
    except OSError as error:
        yield _path_error(
            folder,
            f"répertoire illisible ({os_reason(error)}) : les dossiers qu'il "
            "contient ne peuvent pas être évalués",
        )
        return
    if both:
        yield _two_forms(folder)
    pieces = named = False  # a folder of pieces met; a near dossier file named
    has_dossier = any(n in not_folders for n in DOSSIER_FILES)
    for name in _names_in(joined):
        kind = not_folders.get(name, _FOLDER)
        if kind is _FOLDER and name in DOSSIER_FILES:
            named = True  # the school is named once: not again for its pieces without a dossier
            yield _path_error(
                folder / name, "c'est un répertoire, pas un fichier de dossier : le renommer"
            )
        elif kind is _FOLDER and name == PIECES and has_dossier:
            # A school's own pieces: its dossier names each and says what is wrong with them.
            # Walked, an unreadable one was a second « dossier » of the school (the robustness
            # audit), and every school's cost a listing.
            continue
        elif kind is _FOLDER and name == MACOS_FORKS:
            # What macOS adds to a zip beside each file (its `._` twin): never a school's.
            continue
        elif kind is _FOLDER:
            pieces = pieces or name == PIECES
            yield _Folder(folder / name)
        elif kind is _LINK_TO_FOLDER:
            # Named when a dossier lies behind it (a school's folder linked into the
            # repository), so that none is left out without a word; any other (a school's
            # pieces shared with another) is no dossier's business.
            if links and holds_a_dossier(folder / name, links=False):
                yield _path_error(
                    folder / name,
                    "lien symbolique vers un répertoire qui contient un dossier : non suivi (il "
                    "pourrait mener hors du dépôt, ou y boucler) ; donner le répertoire lui-même",
                )
        elif isinstance(kind, OSError):
            yield _path_error(folder / name, f"inaccessible : {os_reason(kind)}")
        elif name in DOSSIER_FILES and not both:
            yield _nameable(folder / name)
        elif folder.name != PIECES and (right := _meant(name)) and not has_dossier:
            # `Dossier.toml`, `dossier (1).toml`: a school left out of the run without a word.
            named = True
            yield _path_error(
                folder / name,
                f"ce fichier n'est pas lu : le fichier d'un dossier s'appelle exactement "
                f"{right} ; le renommer",
            )
    if pieces and not named and not has_dossier:
        # A school's folder whose dossier file was not copied: its pieces alone.
        yield _path_error(
            folder,
            f"ce répertoire a des pièces ({PIECES}/) mais ni dossier.toml ni dossier.json : "
            "l'établissement n'est pas évalué ; y mettre son fichier de dossier",
        )


# Names a dossier file is given by mistake (another case, an editor's `.txt`), by their
# case-folded form: each is named, never skipped, unless a dossier file lies beside it.
_MISNAMED = {
    **{name: name for name in DOSSIER_FILES},
    **{f"{name}.txt": name for name in DOSSIER_FILES},
}
PIECES = "pieces"  # the folder of a school's pieces, as the format's examples name it
MACOS_FORKS = "__MACOSX"  # the folder of a Mac's zip holding its files' `._` metadata
_COPY_MARK = lazy_pattern(r"(?:\.txt|\.bak|\.old|\.orig|~|\(\d+\)|-\d+|\.\d+)*")


def _meant(name: str) -> str | None:
    """The dossier file a file's name most likely meant to be, or None: another case or an
    editor's `.txt` (_MISNAMED), and what a browser, an editor or a hurried hand makes of it —
    `dossier (1).toml`, `dossier .toml`, `dossier.toml.bak`, `dossier-2026.toml`,
    `dosier.toml`, `dossier.tml` (the CI audit: each left its school out without a word)."""
    folded = name.casefold()
    if folded in _MISNAMED:
        return _MISNAMED[folded]
    if not folded.lstrip().startswith("dos"):  # a school's pieces, most names of a walk: at once
        return None
    squeezed = "".join(folded.split())
    for right in DOSSIER_FILES:
        # A copy an editor or a download leaves (`.bak`, `~`, ` (1)`), not a piece named after
        # it (`Dossier.TOML.pdf`: the review).
        if squeezed.startswith(right):
            return right if _COPY_MARK().fullmatch(squeezed[len(right) :]) else None
    stem, _, extension = squeezed.partition(".")
    if stem.startswith("dossiers") or not (
        stem.startswith("dossier") or _one_edit("dossier", stem)
    ):
        return None  # `dossiers.json`, an export of many
    extension = extension.partition(".")[0]
    for right in DOSSIER_FILES:
        wanted = right.partition(".")[2]
        if extension == wanted or _one_edit(wanted, extension):
            return right
    return None


def _one_edit(right: str, word: str) -> bool:
    """Whether `word` is `right` with one letter left out, added or changed."""
    if abs(len(right) - len(word)) > 1 or right == word:
        return False
    if len(right) == len(word):
        return sum(a != b for a, b in zip(right, word, strict=True)) == 1
    short, long = sorted((right, word), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_FOLDER = object()  # `_listing`'s kind of an entry that is a folder (not a link to one)
_LINK_TO_FOLDER = object()  # and of a symbolic link to a folder, never followed


def _listing(folder: Path) -> tuple[str, bool, dict[str, object]]:
    """A folder's names, sorted and joined by NULs (no name holds one); whether it holds both
    dossier files; and its entries that are not folders (None; _LINK_TO_FOLDER for a link to
    one), or whose kind could not be told (the error). A folder of schools holds only
    folders: nothing is kept for them.

    The kind is the one the folder's listing gives (os.scandir): asking each entry with
    `lstat` as well was a third of the walk's time in a run."""
    not_folders: dict[str, object] = {}
    dossier_files: list[str] = []

    def names(entries: Iterator[os.DirEntry[str]]) -> Iterator[str]:
        for entry in entries:
            if entry.name in DOSSIER_FILES:
                dossier_files.append(entry.name)
            try:
                if not entry.is_dir(follow_symlinks=False):
                    # A link to a folder is named, not followed: asked of links alone (a stat).
                    linked = entry.is_symlink() and entry.is_dir(follow_symlinks=True)
                    not_folders[entry.name] = _LINK_TO_FOLDER if linked else None
            except OSError as error:
                # A link in a loop leads nowhere: no folder, so nothing to walk nor name, and
                # if it bears a dossier file's name, `load` says what it is. Any other failure
                # (a file system that does not say, a target out of reach) is named.
                not_folders[entry.name] = None if error.errno == errno.ELOOP else error
            yield entry.name

    with os.scandir(folder) as entries:
        joined = sorted_text(names(entries))
    return joined, len(dossier_files) == len(DOSSIER_FILES), not_folders


# How many names are sorted as objects at once (`sorted_text`): a folder of 60,000 schools,
# sorted whole, held 4.5 MiB of names at the start of a run, a tenth of its memory; joined,
# they are 0.4 MiB.
SORTED_RUN = 4096


def sorted_text(names: Iterable[str], run: int | None = None) -> str:
    """`names` sorted and joined by NULs, never more than `run` of them (SORTED_RUN) held as
    objects at once: sorted by runs, each joined as soon as it is sorted, then merged. The
    same text as sorting them whole (a folder's names are distinct); a folder of fewer names
    than a run, nearly every one, is sorted whole as before."""
    run = run or SORTED_RUN
    texts = [_joined(batch) for batch in chunks(names, run)]
    if len(texts) < 2:
        return texts[0] if texts else ""
    merged = heapq.merge(*[_names_in(text) for text in texts])
    # Joined a run at a time too: str.join makes a list of whatever it is given.
    return "\0".join(["\0".join(batch) for batch in chunks(merged, run)])


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """`items` in lists of `size` (the last one shorter), taken as they come."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _joined(names: list[str]) -> str:
    names.sort()
    return "\0".join(names)


def _names_in(joined: str) -> Iterator[str]:
    """The names `_dossier_files` joined with NULs, one at a time."""
    start = 0
    while joined:
        end = joined.find("\0", start)
        if end < 0:
            yield joined[start:]
            return
        yield joined[start:end]
        start = end + 1


def _given_file(path: Path, two_forms_named: set[Path]) -> Iterator[Path | InputError]:
    """A file given by name: itself, unless its folder holds both dossier files. Then it is
    the folder's error, as a walk finds it, said once however many paths name its files: given
    one by one (a pre-commit hook), they were two dossiers of one school, and the commit
    passed that CI refused (the CI audit)."""
    folder = path.parent
    if path.name in DOSSIER_FILES and _other_form_beside(path):
        # Resolved, as distinct_paths compares the paths given: `lp/dossier.toml` and
        # `./lp/../lp/dossier.json` name one folder, said twice (the review of that change).
        real = Path(os.path.realpath(folder))
        if real not in two_forms_named:
            two_forms_named.add(real)
            yield _two_forms(folder)
        return
    yield _nameable(path)


def _other_form_beside(path: Path) -> bool:
    """Whether the other dossier file's name lies beside `path`, whatever it is (as `_listing`
    counts the names): one stat, for a file given by name."""
    other = next(name for name in DOSSIER_FILES if name != path.name)
    return os.path.lexists(path.with_name(other))


def _two_forms(folder: Path) -> InputError:
    return _path_error(
        folder,
        "dossier.toml et dossier.json dans le même répertoire : deux dossiers "
        "au même endroit ; garder l'un des deux",
    )


def _nameable(path: Path) -> Path | InputError:
    """`path`, unless its name is not UTF-8: no report could name it (writing it would fail)."""
    if printable_path(path) == str(path):
        return path
    return _path_error(
        path,
        "ce nom n'est pas en UTF-8 (ses octets invalides sont montrés \\xNN) : "
        "renommer le fichier ou le répertoire en UTF-8",
    )


def _path_error(path: Path, message: str) -> InputError:
    return InputError(printable_path(path), None, "", typeset(message))


# -- reading one ------------------------------------------------------------------------


def load(path: Path, registry: Registry, profile: Profile | Profiles) -> Loaded:
    """Read and validate one dossier file. Given `Profiles`, the dossier is validated under
    the profile of its academy (its refs may name that profile's extra criterion)."""
    text = _read_text(path)
    if isinstance(text, _Unreadable):
        return Loaded(path, None, (text.error,), text=text.text)
    is_json = path.suffix.lower() == ".json"
    if not is_json and (data := fast_loads(text)) is not None:
        loaded = _valid_at_once(path, text, data, registry, profile)
        if loaded is not None:
            return loaded
    return dataclasses.replace(_load_text(path, text, is_json, registry, profile), text=text)


def _valid_at_once(
    path: Path, text: str, data: dict, registry: Registry, profile: Profile | Profiles
) -> Loaded | None:
    """The dossier toml_rs read, when it is valid through and through; None at the first
    doubt, for `_load_text` to read it again and say why. A valid dossier keeps toml_rs's
    values, the same as tomli's, from a text tomli accepts too: tests/core/test_fast_toml.py
    holds the two parsers to that.

    Only validity is asked, so the model is asked first: the values nothing could cope with
    (`_unsafe_values`) are then looked for only where it takes any value, not in the whole
    file (a walk of some 180 tables and lists, 5 % of a dossier's instructions). What it
    refuses, or holds such a value, or fails a check across entries, is read again as before."""
    try:
        dossier = Dossier.model_validate(data)
    except ValidationError:
        return None
    if not _unbounded_safe(dossier):
        return None
    choice = _choose(profile, data)
    checks = DossierChecks(registry, choice.profile, path.parent).run(data)
    if checks.problems or any(_academy_problems(data, profile)):
        return None
    return _valid(path, dossier, checks, data, choice, text)


def _unbounded_safe(dossier: Dossier) -> bool:
    """Whether what the model takes without bounds holds nothing `_plainly_safe` would find:
    an indicator's measures and target, any number; the keys labels add to the
    establishment, an award or an application, any value. The model holds all the others to
    its types: texts, dates, lists of them, levels and years within their bounds."""
    for indicator in dossier.indicators:
        for number in indicator.values.values():
            if not -_LARGEST_FLOAT <= number <= _LARGEST_FLOAT:  # NaN too
                return False
        target = indicator.target
        if target is not None and not -_LARGEST_FLOAT <= target <= _LARGEST_FLOAT:
            return False
    # Each value at its depth in the file (the length of its key path), as the walk meets it.
    added = dossier.establishment.model_extra or {}
    if not all(_plainly_safe_at(value, 2) for value in added.values()):
        return False
    for entry in (*dossier.held, *dossier.applications):
        added = entry.model_extra or {}
        if not all(_plainly_safe_at(value, 3) for value in added.values()):
            return False
    return True


# LARGEST_NUMBER as a float, the same bound (Python compares an int and a float exactly):
# a float compared with it is compared at once, not through the int's digits (2.5 times as long).
_LARGEST_FLOAT = float(LARGEST_NUMBER)


def _plainly_safe_at(value: Any, depth: int) -> bool:
    """Whether `_plainly_safe` finds nothing in a value at `depth`, as a table or list
    holding it at `depth - 1` would find it."""
    kind = type(value)
    if kind is dict or kind is list:
        return depth < MAX_DEPTH and _plainly_safe(value, depth)
    return not (kind is int or kind is float) or -LARGEST_NUMBER <= value <= LARGEST_NUMBER


def _load_text(
    path: Path, text: str, is_json: bool, registry: Registry, profile: Profile | Profiles
) -> Loaded:
    """A JSON dossier, or a TOML one the fast path did not find valid (`_valid_at_once`), read
    by json or tomli and checked, every error said with its line: for TOML, tomli's messages
    and lines, exactly as before the fast path."""
    data, errors = _parse(printable_path(path), text, is_json)
    if errors and data is not None:
        # A JSON key given twice, said with the dossier's other errors, which its last values
        # let the checks find: alone, it hid them until it was fixed (the security audit).
        checked = _checked(path, text, data, is_json, registry, profile)
        found = tuple(sorted((*errors, *checked.errors), key=_in_file_order))
        return replace(checked, dossier=None, errors=found)
    if errors:
        return _with_the_dates_quoted(path, text, errors, registry, profile) or Loaded(
            path, None, errors
        )
    if not is_json and not data and not _written(text):
        # Said as two keys missing, `format` and `establishment` (the CI audit): it is empty.
        return Loaded(path, None, (InputError(printable_path(path), 1, "", _EMPTY),))
    return _checked(path, text, data, is_json, registry, profile)


_EMPTY = typeset(
    "le fichier est vide (ou n'a que des commentaires) : un dossier commence par `format = 1` "
    "et sa table `[establishment]` ; `labelcheck init` en écrit un modèle"
)


def _written(text: str) -> bool:
    """Whether a TOML text holds anything but blanks and comments."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def _with_the_dates_quoted(
    path: Path,
    text: str,
    errors: tuple[InputError, ...],
    registry: Registry,
    profile: Profile | Profiles,
) -> Loaded | None:
    """TOML syntax errors that are dates written wrong (`date = 2026-02-30`, `20/05/2026`):
    the file read again with each such value quoted, one after the other as the parser finds
    them, so that each error gets its key path (`documents[4].date`) and the file's other
    errors are found too, as JSON's are. When the parser then stops at another syntax error,
    the dates' errors and that one are given, with their lines. None for any other syntax
    error: it stands alone, as before."""
    if len(errors) != 1:  # a TOML syntax error is one; JSON's keys given twice are several
        return None
    lines = text.splitlines(keepends=True)
    quoted: list[InputError] = []  # the parser's errors, each on a date now quoted
    error: InputError | None = errors[0]
    while error is not None and len(quoted) < _DATES_QUOTED:
        at = error.line if error.line is not None and 0 < error.line <= len(lines) else None
        found = _DATE_VALUE().fullmatch(lines[at - 1]) if at else None
        if at is None or found is None:
            break
        written = lines[at - 1]
        lines[at - 1] = f'{found["head"]}"{found["value"]}"{found["tail"]}'
        data, again = _parse(printable_path(path), "".join(lines), False)
        if again and again[0].line == at:
            # Quoted, the line fails still: its error was no date's (a key given twice, whose
            # value is a date), and stands as the parser first said it, once (the format audit:
            # said twice, at columns past the line's end).
            lines[at - 1] = written
            break
        quoted.append(error)
        error = again[0] if again else None
    if not quoted:
        return None
    if error is not None:  # another syntax error: the file cannot be read past it
        return Loaded(path, None, (*quoted, error))
    loaded = _checked(path, "".join(lines), data, False, registry, profile)
    # The parser's words, which speak of each value as written (unquoted), at its key path;
    # the school named as that reading found it (reports list an invalid dossier by its name).
    by_line = {e.line: e for e in quoted}
    errors = tuple(
        dataclasses.replace(by_line.pop(e.line), path=e.path, suggestion=e.suggestion)
        if e.line in by_line and e.path
        else e
        for e in loaded.errors
    )
    if by_line:  # a value quoted that was not due to be a date: its syntax error stands
        errors = tuple(sorted((*errors, *by_line.values()), key=lambda e: e.line or 0))
        return dataclasses.replace(loaded, dossier=None, errors=errors)
    return dataclasses.replace(loaded, errors=errors)


# Dates written wrong read again one by one: past that, a file whose every line is one (a
# hostile one) would be read as many times as it has lines.
_DATES_QUOTED = 20


# `key = value` whose value is shaped like a date (digits and separators), and what is around it.
_DATE_VALUE = lazy_pattern(
    r"(?P<head>\s*[A-Za-z0-9_-]+\s*=\s*)(?P<value>\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})"
    r"(?P<tail>\s*(?:#.*)?\r?\n?)"
)


def _checked(
    path: Path,
    text: str,
    data: Any,
    is_json: bool,
    registry: Registry,
    profile: Profile | Profiles,
) -> Loaded:
    """A parsed dossier screened for values nothing after the parser could cope with, then
    validated."""
    lines = LazyLines(text, is_json)
    model_text = text if is_json else None
    if is_json and _null_collections_dropped(data, _null_as_absent(Dossier)):
        model_text = json.dumps(data, ensure_ascii=False)  # the model reads what is left
    problems: list[Problem] = []
    # A JSON document that is a lone value: the model refuses it. TOML has no text that is not
    # Unicode (see `_unsafe_values`), and a TOML dossier found plainly safe has nothing to say.
    if isinstance(data, dict | list) and (is_json or not _plainly_safe(data)):
        _unsafe_values(data, (), problems, is_json)
        problems = [_too_large_if_written_so(problem, lines) for problem in problems]
    if problems and is_json and _beyond_every_json_parser(text):  # only past MAX_DEPTH: rare
        return Loaded(path, None, (_too_deep_for_the_parser(printable_path(path), text, True),))
    if problems:  # never handed on: the model, the rules and the writers could not cope
        return Loaded(
            path, None, _with_the_others(path, data, is_json, lines, problems, registry, profile)
        )
    return validate(path, data, model_text, lines, registry, profile)


def _null_collections_dropped(value: Any, keys: Mapping[str, tuple[bool, dict]]) -> bool:
    """Takes out of a JSON dossier's `value` (a table of the model whose keys `keys` maps, as
    `_null_as_absent` gives them) the lists and tables written null that it may leave out: null
    is absent there, as it is for a date or a number (`"submitted": null`), where « liste
    attendue ; reçu null » refused `"held": null` (the audit of dossiers as schools make
    them); whether it took any out."""
    if type(value) is not dict:
        return False
    dropped = False
    for key, (optional, inner) in keys.items():
        item = value.get(key)
        if item is None and optional and key in value:
            del value[key]
            dropped = True
        elif inner and type(item) is list:
            for entry in item:
                dropped = _null_collections_dropped(entry, inner) or dropped
        elif inner:
            dropped = _null_collections_dropped(item, inner) or dropped
    return dropped


@functools.cache
def _null_as_absent(model: type[BaseModel]) -> dict[str, tuple[bool, dict]]:
    """The keys of `model` that are a list or a table empty by default (the model's only
    default factories: True), or that hold entries with such keys (their own map)."""
    found: dict[str, tuple[bool, dict]] = {}
    for name, info in model.model_fields.items():
        entries = _entries_model(info.annotation)
        inner = _null_as_absent(entries) if entries else {}
        if info.default_factory is not None or inner:
            found[info.alias or name] = (info.default_factory is not None, inner)
    return found


def _entries_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a table, of a list of tables, or of an optional one; None for others."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, Annotated, Union, types.UnionType):
        return next((model for arg in get_args(annotation) if (model := _entries_model(arg))), None)
    return None


def _with_the_others(
    path: Path,
    data: dict | list,
    is_json: bool,
    lines: Mapping[KeyPath, int],
    problems: list[Problem],
    registry: Registry,
    profile: Profile | Profiles,
) -> tuple[InputError, ...]:
    """The unsafe values' errors, and every other error of the dossier: it is validated with
    those values taken out (a list's item made null, a table's key removed), and the errors
    the taking out causes, at or under their places, are dropped: each has its own already."""
    if isinstance(lines, LazyLines):
        lines.map_all()  # these errors and the others are located in two rounds
    places = [problem.path for problem in problems]
    blanked = _blanked(data, places)
    json_text = json.dumps(blanked, ensure_ascii=False) if is_json else None
    others = validate(path, blanked, json_text, lines, registry, profile).errors
    taken_out = tuple(format_path(place) for place in places)
    kept = [e for e in others if not any(_within(e.path, place) for place in taken_out)]
    return tuple(sorted({*_located(path, lines, problems), *kept}, key=_in_file_order))


def _blanked(data: dict | list, places: list[KeyPath]) -> dict | list:
    """A copy of `data` without the values at `places`."""
    copy = _copied(data)
    # The deepest first: a key taken out (one that is not Unicode) may hold other places.
    for place in sorted(places, key=len, reverse=True):
        parent: Any = copy
        for key in place[:-1]:
            parent = parent[key]
        if type(parent) is dict:
            parent.pop(place[-1], None)
        else:
            parent[place[-1]] = None
    return copy


def _copied(value: Any, depth: int = 0) -> Any:
    """Tables and lists copied, every other value shared: all `_blanked` changes. Not below
    MAX_DEPTH, where nothing is changed: what lies deeper is taken out whole."""
    if depth >= MAX_DEPTH:
        return value
    if type(value) is dict:
        return {key: _copied(item, depth + 1) for key, item in value.items()}
    if type(value) is list:
        return [_copied(item, depth + 1) for item in value]
    return value


def _within(path: str, place: str) -> bool:
    return path == place or path.startswith((f"{place}.", f"{place}["))


def _in_file_order(error: InputError) -> tuple:
    # Errors on one line (an inline array) in the order of their positions: `supports[2]`
    # before `supports[10]`, which sorting the texts put first.
    parts: list = _NUMBERS().split(error.path)  # texts at even places, the numbers between them
    # A number by its length, then its digits: no int() of a key of 5,000 digits (refused).
    parts[1::2] = [(len(number), number) for number in parts[1::2]]
    return (error.line or 0, parts, error.message)


_NUMBERS = lazy_pattern(r"([0-9]+)")


class _Refused(Exception):
    """A dossier file that is not one to read, and why."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class _Unreadable:
    """A dossier file that could not be read as one: why, and its bytes when they were read
    (not UTF-8, a BOM), as `Loaded.text` keeps them, for its digest."""

    error: InputError
    text: str | None = None


def _read_text(path: Path) -> str | _Unreadable:
    """The text of a dossier file: a regular file (never a link, a pipe or a device), in UTF-8."""
    raw = None
    try:
        raw = _read_regular(path)
        return _decoded(raw)
    except _Refused as refused:
        error = InputError(printable_path(path), refused.line, "", typeset(str(refused)))
    except OSError as error_:
        error = _path_error(path, f"impossible de lire le fichier : {os_reason(error_)}")
    except UnicodeDecodeError as error_:
        error = _not_utf8(path, error_)
    return _Unreadable(error, raw.decode("utf-8", "surrogateescape") if raw is not None else None)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX: opening a link fails (ELOOP)
# Not blocking: a pipe (FIFO) named dossier.toml would otherwise wait for a writer forever.
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
_LINK = (
    "le fichier du dossier est un lien symbolique : labelcheck ne suit pas ces liens, "
    "pour ne jamais lire hors du dépôt ; mettre ici le fichier lui-même"
)


_NOT_REGULAR = (
    "ce n'est pas un fichier ordinaire (un tube, un socket, un périphérique…) : il n'est pas lu"
)


def _read_regular(path: Path) -> bytes:
    # Where opening refuses links, a link is asked about only when the opening failed: one
    # `lstat` less for every dossier.
    if not _NOFOLLOW and path.is_symlink():
        raise _Refused(_LINK)
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as error:
        if path.is_symlink():
            raise _Refused(_LINK) from None
        if error.errno == errno.ENXIO:  # a socket, which open() cannot read as a file
            raise _Refused(_NOT_REGULAR) from None
        raise
    try:
        status = os.fstat(descriptor)
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            raise _Refused("c'est un répertoire, pas un fichier")
        if not stat.S_ISREG(mode):
            raise _Refused(_NOT_REGULAR)
        raw = _read_bounded(descriptor, status.st_size)
    finally:
        os.close(descriptor)
    if len(raw) > MAX_BYTES:
        raise _Refused(
            f"fichier trop gros : plus de {MAX_BYTES // 2**20} Mo, quand un dossier en fait "
            "quelques dizaines de Ko"
        )
    return raw


def _read_bounded(descriptor: int, size: int) -> bytes:
    """The file's bytes, MAX_BYTES + 1 at most, read with `os.read`: a file object over the
    descriptor (its FileIO and buffer, made and closed) was a fifth of the reading's CPU.
    First a read of the size fstat told, not of MAX_BYTES: read(n) allocates n bytes first,
    and 64 MiB per dossier was a memory map made and unmade for every file. Then reads until
    the end, as a read may return less, and the file may have grown since fstat."""
    chunks: list[bytes] = []
    read, wanted = 0, min(size, MAX_BYTES) + 1
    while read <= MAX_BYTES and (chunk := os.read(descriptor, wanted)):
        chunks.append(chunk)
        read += len(chunk)
        wanted = min(max(read, _CHUNK), MAX_BYTES + 1 - read)  # growing with what came
    return b"".join(chunks)


_CHUNK = 64 * 1024


def _decoded(raw: bytes) -> str:
    """The file's text. A UTF-8 byte order mark before it is not part of it: the « UTF-8 avec
    BOM » of Windows' Notepad and of many editors, which JSON lets a reader ignore (RFC 8259,
    § 8.1); refused, it sent a school head to an encoding menu for a dossier that was right.
    Dropped, the dossier reads, and hashes, as the same file saved without it."""
    if (problem := utf16_problem(raw)) is not None:
        raise _Refused(problem, line=1)
    return raw.decode("utf-8").removeprefix("\ufeff")


_ZIP = b"PK\x03\x04"  # the signature a zip archive starts with


def _not_utf8(path: Path, error: UnicodeDecodeError) -> InputError:
    """Where the first byte that is not UTF-8 is, as a line and a column (not a byte offset);
    a file that also holds NUL bytes is no text at all (a PDF or a picture renamed)."""
    raw = error.object
    if raw.startswith(_ZIP):
        # The dossiers as an academy collects them, or as a school sends its own: one archive.
        return InputError(
            printable_path(path),
            None,
            "",
            typeset(
                "le fichier est une archive zip, pas un dossier : l'extraire, puis évaluer "
                "le répertoire obtenu"
            ),
        )
    if b"\0" in raw:
        return InputError(
            printable_path(path),
            None,
            "",
            typeset(
                "le fichier n'est pas un texte (il contient des octets nuls : un PDF, une image, "
                "un tableur ?) ; un dossier s'écrit en TOML ou en JSON, en UTF-8"
            ),
        )
    line, problem = utf8_problem(raw, error)
    return InputError(printable_path(path), line, "", typeset(problem))


class _KeysTwice:
    """json's object_pairs_hook: a dict, noting whether a key came twice (json would keep
    the last value without a word: a second "applications": [] emptied a dossier)."""

    def __init__(self) -> None:
        self.found = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict:
        data = dict(pairs)
        self.found = self.found or len(data) != len(pairs)
        return data


# An integer too long for Python to read (4,300 digits): a value after `=`, `:`, `,` or `[`.
_LONG_INTEGER = lazy_pattern(r"[=:,\[\s][+-]?(?:0[xob])?[0-9a-f_]{4300}", re.IGNORECASE)
_TOO_DEEP = typeset(
    f"tableaux ou objets imbriqués sur plus de {MAX_DEPTH} niveaux, quand un dossier en "
    "compte au plus cinq : retirer cette imbrication"
)


def _parse(file: str, text: str, is_json: bool) -> tuple[Any, tuple[InputError, ...]]:
    keys_twice = _KeysTwice()
    line: int | None
    try:
        data = json.loads(text, object_pairs_hook=keys_twice) if is_json else loads(text)
    except json.JSONDecodeError as error:
        line, message = json_syntax(error, text)
        key = json_key_at(text, json_error_at(error, text))
        return None, (InputError(file, line, format_path(key) if key else "", message),)
    except TOMLDecodeError as error:
        line, message = toml_syntax(error, text, entry_list)
        key = toml_key_on(text, line) if line else None
        meant = boolean_meant(text, line)  # `False`: the value meant, as a typo's (dossier format)
        return None, (InputError(file, line, format_path(key) if key else "", message, meant),)
    except RecursionError:
        return None, (_too_deep_for_the_parser(file, text, is_json),)
    except ValueError as error:
        if "integer string conversion" not in str(error):
            raise
        found = _LONG_INTEGER().search(text)
        line = text.count("\n", 0, found.start() + 1) + 1 if found else None
        key = None
        if found:  # the key it is given to, as a syntax error names its own
            key = json_key_at(text, found.start() + 1) if is_json else toml_key_on(text, line or 0)
        return None, (
            InputError(
                file,
                line,
                format_path(key) if key else "",
                typeset("nombre entier de plus de 4 300 chiffres : aucun dossier n'en a besoin"),
            ),
        )
    if keys_twice.found:  # the data as JSON reads it (each key's last value): for its checks
        return data, _duplicate_errors(file, text)
    return data, ()


def _too_deep_for_the_parser(file: str, text: str, is_json: bool) -> InputError:
    """The nesting refused alone, at its line and key: nothing else can be said of a file
    whose parser gave up."""
    line, offset = too_deep_at(text) or (None, 0)
    key = None
    if line:  # the key it is given to, as a syntax error names its own
        key = json_key_at(text, offset) if is_json else toml_key_on(text, line)
        while key and isinstance(key[-1], int):
            key = key[:-1]  # `campus`, not `campus[0][0]…` sixty times
    return InputError(file, line, format_path(key) if key else "", _TOO_DEEP)


# Levels past which a JSON dossier is refused as if its parser had given up, whatever the
# Python: 3.11's json ran out of recursion near 1,000 levels (less the stack in use), 3.12's
# and 3.13's, bounded by the C recursion limit instead, read thousands and gave other errors.
JSON_PARSED_DEPTH = 500


def _beyond_every_json_parser(text: str) -> bool:
    return too_deep_at(text, JSON_PARSED_DEPTH) is not None


def entry_list(table: str) -> bool:
    """Whether the dotted key `table` (`documents`, `audits.findings`) of a dossier is a list
    of entries, each written under its own `[[table]]` header."""
    model: Any = Dossier
    listed = False
    for part in table.split("."):
        if model is None or part not in model.model_fields:
            return False
        annotation = model.model_fields[part].annotation
        listed = get_origin(annotation) is list
        inner = get_args(annotation)[0] if listed else annotation
        model = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
    return listed and model is not None


def _duplicate_errors(file: str, text: str) -> tuple[InputError, ...]:
    return tuple(
        InputError(
            file,
            twice.line,
            format_path(twice.path),
            typeset(
                f"clé {quoted(printable(str(twice.path[-1])))} donnée deux fois dans le même objet (déjà "
                f"ligne {twice.first_line}) : JSON ne garderait que la dernière valeur ; n'en garder "
                "qu'une"
            ),
        )
        for twice in json_duplicates(text)
    ) or (
        InputError(
            file,
            None,
            "",
            typeset("une clé est donnée deux fois dans un même objet : n'en garder qu'une"),
        ),
    )


def _unsafe_values(
    value: dict | list, path: KeyPath, problems: list[Problem], texts: bool = True
) -> None:
    """What the parsers let through and nothing after them could cope with: nesting deeper
    than any dossier's, NaN and infinite numbers, numbers beyond any count, and text that is
    not Unicode (JSON allows a lone surrogate, "\\ud800", that no output can write).
    Run on every dossier, so written for speed: types compared, paths made only when needed.
    `texts` False skips the texts: TOML has none that is not Unicode (the file is decoded as
    strict UTF-8, and both parsers refuse an escape that names a surrogate)."""
    if len(path) >= MAX_DEPTH:
        problems.append(Problem(path, _TOO_DEEP))
        return
    for key, item in value.items() if type(value) is dict else enumerate(value):
        kind = type(item)
        if kind is dict or kind is list:
            _unsafe_values(item, (*path, key), problems, texts)
        elif kind is str:
            if texts and not _is_unicode(item):
                problems.append(Problem((*path, key), _NOT_UNICODE))
        elif (
            kind is float or kind is int
        ) and not -LARGEST_NUMBER <= item <= LARGEST_NUMBER:  # NaN too
            problems.append(Problem((*path, key), _number_problem(item)))
        if texts and type(key) is str and not _is_unicode(key):
            problems.append(Problem((*path, key), _NOT_UNICODE))


def _plainly_safe(value: dict | list, depth: int = 0) -> bool:
    """Whether `_unsafe_values`, texts aside, would find nothing in `value` (at `depth`):
    the same walk, quicker (no path is made, and it stops at the first doubt)."""
    for item in value.values() if type(value) is dict else value:
        kind = type(item)
        if kind is str:
            continue
        if kind is dict or kind is list:
            if depth + 1 >= MAX_DEPTH or not _plainly_safe(item, depth + 1):
                return False
        elif (kind is int or kind is float) and not -LARGEST_NUMBER <= item <= LARGEST_NUMBER:
            return False
    return True


_NOT_UNICODE = typeset(
    "texte invalide : il contient une moitié de paire de substitution seule (\\ud800 à "
    "\\udfff), qui n'est pas un caractère ; la retirer"
)


def _number_problem(number: float) -> str:
    if isinstance(number, float) and not math.isfinite(number):
        return typeset(
            f"nombre non fini ({number}) : donner un nombre (ni inf ni nan, ni Infinity ni NaN)"
        )
    return typeset("nombre hors limites : au plus 10^15 en valeur absolue")


_INFINITE = (_number_problem(math.inf), _number_problem(-math.inf))


def _too_large_if_written_so(problem: Problem, lines: LazyLines) -> Problem:
    """An infinite number's problem, said of a finite number too large where the file writes
    one (`1e400`, which the parsers read as inf): « nombre non fini (inf) : ni inf ni nan »
    was said of a number that was neither."""
    if problem.message not in _INFINITE:
        return problem
    line = line_of(lines, problem.path)
    written = lines.written_on(line) if line else ""
    if _INFINITY_WRITTEN().search(written):
        return problem
    return Problem(problem.path, _number_problem(LARGEST_NUMBER + 1))


_INFINITY_WRITTEN = lazy_pattern(r"[=:,\[{]\s*[+-]?(?:inf|Infinity)\b")


def _is_unicode(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def validate(
    path: Path,
    data: Any,
    json_text: str | None,
    lines: Mapping[KeyPath, int],
    registry: Registry,
    profile: Profile | Profiles,
) -> Loaded:
    """Model validation and cross-entry checks, every error of both collected."""
    choice = _choose(profile, data)
    suggestions = Suggestions()  # one budget for the whole file: its first typos get theirs
    problems: list[Problem] = []
    dossier = None
    model_error: ValidationError | None = None
    try:
        # JSON has no dates: validating the text lets pydantic read ISO strings as dates.
        dossier = (
            Dossier.model_validate_json(json_text)
            if json_text is not None
            else Dossier.model_validate(data)
        )
    except ValidationError as error:
        model_error = error
        problems.extend(
            _model_problems(
                error,
                suggestions,
                _label_types(data, registry),
                _ungraded(data, registry, choice.profile),
                toml=json_text is None,
                written=_written_at(lines),
            )
        )
    if json_text is not None:
        unix_times = list(_json_dates_not_iso(data, _date_keys(Dossier), (), _locs(model_error)))
        problems.extend(unix_times)
        dossier = None if unix_times else dossier
    if not isinstance(data, dict):
        return Loaded(path, None, _located(path, lines, problems))
    checks = DossierChecks(registry, choice.profile, path.parent, suggestions=suggestions).run(data)
    if checks.misspelt and model_error is not None:
        # `awardd`, said unknown with its suggestion « awarded »: not said missing as well.
        missing = checks.misspelt & {
            error_loc(e) for e in model_error.errors(include_url=False) if e["type"] == "missing"
        }
        problems = [p for p in problems if tuple(p.path) not in missing]
    problems.extend(checks.problems)
    problems.extend(_academy_problems(data, profile))
    if problems:
        return Loaded(path, None, _located(path, lines, problems), raw=data, choice=choice)
    return _valid(path, dossier, checks, data, choice)


def _locs(error: ValidationError | None) -> set[tuple]:
    return {error_loc(e) for e in error.errors(include_url=False)} if error else set()


# A date of a JSON dossier, as the format writes it: pydantic's JSON reading of a date also
# takes a text of digits as a Unix time (in seconds, or milliseconds past a bound), strict as
# the model is: « 1781913600 » was an audit on 2026-06-20, judged so without a word.
_ISO_DAY = lazy_pattern(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_DATE = "date"  # `_date_keys`'s mark of a key whose value is a date


def _json_dates_not_iso(
    value: Any, keys: Mapping[str, Any], path: KeyPath, refused: set[tuple]
) -> Iterator[Problem]:
    """The dates of a JSON dossier's `value` (a table of the model whose date keys are `keys`)
    not written AAAA-MM-JJ that the model took all the same (it said why of those in `refused`)."""
    if type(value) is not dict:
        return
    for key, kind in keys.items():
        item = value.get(key)
        at = (*path, key)
        if kind is _DATE:
            if type(item) is str and not _ISO_DAY().fullmatch(item) and at not in refused:
                yield Problem(at, *not_a_date(item, key))
        elif type(item) is list:
            for index, entry in enumerate(item):
                yield from _json_dates_not_iso(entry, kind, (*at, index), refused)
        else:
            yield from _json_dates_not_iso(item, kind, at, refused)


@functools.cache
def _date_keys(model: type[BaseModel]) -> dict[str, Any]:
    """The keys of `model` whose value is a date (_DATE), or a table or a list of tables that
    holds some (its own `_date_keys`): where `_json_dates_not_iso` looks, found once."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        kind = _dates_in(info.annotation)
        if kind:
            found[info.alias or name] = kind
    return found


def _dates_in(annotation: Any) -> Any:
    """_DATE for a date (or an optional one), the date keys of a model or of a list of models;
    None for any other type."""
    if annotation is dt.date:
        return _DATE
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _date_keys(annotation) or None
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list:
        kind = _dates_in(args[0])
        return kind if kind is not _DATE else None  # no list of dates in the format
    if origin is Annotated or origin in (Union, types.UnionType):
        return next((kind for arg in args if (kind := _dates_in(arg))), None)
    return None


def _valid(
    path: Path,
    dossier: Dossier | None,
    checks: DossierChecks,
    data: dict,
    choice: ProfileChoice,
    text: str | None = None,
) -> Loaded:
    """A valid dossier, as the checks across its entries leave it: the files it names that
    are missing, and those it means."""
    return Loaded(
        path,
        dossier,
        (),
        frozenset(checks.missing_files),
        checks.files_meant,
        raw=data,
        choice=choice,
        text=text,
    )


def _located(
    path: Path, lines: Mapping[KeyPath, int], problems: list[Problem]
) -> tuple[InputError, ...]:
    """The problems of a file as its input errors, with their lines, in line order. A key
    missing from the document itself (`format`, `[establishment]`, or all of an empty file)
    is at line 1, its start: `file:line: key: message` as editors and CI logs link it, and
    the line the SARIF and Code Quality reports give it."""
    if isinstance(lines, LazyLines):
        lines.focus([problem.path for problem in problems])  # one scan for all, not one per error
    file = printable_path(path)
    errors = {
        InputError(file, line_of(lines, p.path) or 1, format_path(p.path), p.message, p.suggestion)
        for p in problems
    }
    return tuple(sorted(errors, key=_in_file_order))


def _academy_problems(data: dict, profile: Profile | Profiles) -> Iterator[Problem]:
    """An academy that is none of the thirty, nor one a profile serves: a typo (« orleans-tour »)
    would have the dossier judged under `national`, its academy's checks left out without a
    word (dossier format: « a typo must never pass silently »)."""
    establishment = data.get("establishment")
    academy = establishment.get("academy") if isinstance(establishment, dict) else None
    if not isinstance(academy, str):
        return  # absent, or the model's error already
    served = profile.academies if isinstance(profile, Profiles) else profile.academies
    if academy in ACADEMIES or academy in served:  # no set made per dossier: this is every one
        return
    known = ACADEMIES.keys() | set(served)
    yield Problem(
        ("establishment", "academy"),
        typeset(unknown_academy(printable(academy))),
        likely_meant(academy, known),
    )


def _choose(profile: Profile | Profiles, data: Any) -> ProfileChoice:
    if isinstance(profile, Profile):
        return ProfileChoice(profile, "option")
    establishment = data.get("establishment") if isinstance(data, dict) else None
    return profile.for_academy(
        establishment.get("academy") if isinstance(establishment, dict) else None
    )


_NUMBER_BRANCHES = ("int", "float")


def _label_types(data: Any, registry: Registry) -> Callable[[tuple], LabelSpec | None]:
    """For the key path of an application's or audit's `type`, the label it names, if
    installed: a type the format does not know is listed among that label's types (an Euroscol
    application offered « surveillance », which only Eduform has, was then refused for it)."""

    def label_at(loc: tuple) -> LabelSpec | None:
        if len(loc) != 3 or (loc[0], loc[2]) not in _TYPED:
            return None
        entry = _entry_at(data, loc[0], loc[1])
        if entry is None:
            return None
        # A fiche d'écart's label is its ref's: an LDM fiche was offered « surveillance ».
        label = entry.get("label") if loc[0] != "nonconformities" else entry.get("ref")
        if loc[0] == "nonconformities" and isinstance(label, str):
            label = label_of(label)
        return registry.labels.get(label) if isinstance(label, str) else None

    return label_at


_TYPED = {("applications", "type"), ("audits", "type"), ("nonconformities", "audit_type")}


def _entry_at(data: Any, key: str, index: object) -> dict | None:
    """The table at `data[key][index]`, as the model's error found it, or None where the data
    holds none there (the model says why)."""
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not isinstance(index, int) or index >= len(entries):
        return None
    entry = entries[index]
    return entry if isinstance(entry, dict) else None


def _ungraded(data: Any, registry: Registry, profile: Profile) -> Callable[[tuple], str | None]:
    """For the key path of an audit finding's `grade`, the label of its audit when that label
    grades no finding (Euroscol, E3D, unless the profile adds grades): its finding is then said
    to be none the label has, not to lack the grade that would be refused next (the format
    audit: no input could be valid, each message sending to the other)."""

    def label_at(loc: tuple) -> str | None:
        if len(loc) != 5 or loc[0] != "audits" or loc[2] != "findings" or loc[4] != "grade":
            return None
        audit = _entry_at(data, "audits", loc[1])
        label = audit.get("label") if audit is not None else None
        spec = registry.labels.get(label) if isinstance(label, str) else None
        if spec is None or spec.audit_grades or profile.labels.get(spec.id, {}).get("audit_grades"):
            return None
        return spec.name

    return label_at


def _model_problems(
    error: ValidationError,
    suggestions: Suggestions,
    label_at: Callable[[tuple], LabelSpec | None] = lambda loc: None,
    ungraded_at: Callable[[tuple], str | None] = lambda loc: None,
    toml: bool = False,
    written: Callable[[tuple], str | None] = lambda loc: None,
) -> Iterator[Problem]:
    seen: set[tuple] = set()
    for e in said_once(error.errors(include_url=False), Dossier):
        loc = error_loc(e)
        if toml and isinstance(e["input"], dt.datetime | dt.time) and (as_written := written(loc)):
            # Python's text of it had a space for the T and seconds the file did not write.
            meant = e["input"].date().isoformat() if isinstance(e["input"], dt.datetime) else None
            yield Problem(
                loc, explain({**e, "input": _AsWritten(as_written)}, loc, Dossier)[0], meant
            )
            continue
        if toml and e["type"] == "list_type" and isinstance(e["input"], dict):
            table = ".".join(str(part) for part in loc if not isinstance(part, int))
            if entry_list(table):  # `[held]`, one bracket: a table, where a list was due
                yield Problem(
                    loc,
                    f"liste attendue{NNBSP}; reçu une seule table{NNBSP}: {two_brackets(table)}",
                )
                continue
        if e["type"] == "missing" and (label := ungraded_at(loc)):
            yield Problem(loc[:-1], ungraded_finding(label))
            continue
        if e["type"] == "literal_error" and isinstance(e["input"], str) and (spec := label_at(loc)):
            yield Problem(loc, *type_not_of(spec, e["input"], suggestions, str(loc[-1])))
            continue
        if loc and loc[-1] in _NUMBER_BRANCHES and e["type"].startswith(loc[-1]):
            # A number is `int | float`: pydantic reports each branch under its own tag
            # (`target.int`, `target.float`); the user wrote one value at `target`.
            loc, e = loc[:-1], {**e, "type": "number"}
            if loc in seen:
                continue
            seen.add(loc)
        yield Problem(loc, *explain(e, loc, Dossier, suggestions, json=not toml))


@dataclass(frozen=True, slots=True)
class _AsWritten:
    """A value a message shows as the file writes it."""

    text: str

    def __str__(self) -> str:
        return self.text


def _written_at(lines: Mapping[KeyPath, int]) -> Callable[[tuple], str | None]:
    """For a key path of a TOML dossier, its date and time or its time as written on its line;
    None when that line does not show it plainly."""

    def written(loc: tuple) -> str | None:
        if not isinstance(lines, LazyLines) or not loc or not isinstance(loc[-1], str):
            return None
        line = line_of(lines, loc)
        if line is None:
            return None
        text = lines.written_on(line)
        found = re.search(rf"(?:^|[\s{{,\"'])(?:{re.escape(loc[-1])})[\"']?\s*=\s*{_TIME}", text)
        return found["time"] if found else None

    return written


_TIME = r"(?P<time>(?:\d{4}-\d{2}-\d{2}[Tt ])?\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)"
