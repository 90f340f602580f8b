"""Line numbers of keys in a TOML or JSON file, so that errors can point at them.

Neither tomli nor json keep positions, so we scan the text once: cheap, and
only done for a file that has errors. Both scans are linear in the text: a
3.9 MB JSON dossier with one typo once took minutes, its newlines recounted
for every value (bench/RECORD.md, « Suggestions and line numbers »).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

from labelcheck.core.cache import lazy_pattern
from labelcheck.core.toml import loads

Path = tuple[str | int, ...]

# Deeper than any real dossier (its deepest key is audits[0].findings[0].ref): the
# loader refuses more, and the scans below map no key deeper than that.
MAX_DEPTH = 64

# -- TOML --------------------------------------------------------------------------

# The text is valid TOML (it parsed), so a token is easy to tell: multi-line strings
# first, so that a `"""` is never read as an empty string and a quote; each string
# whole, so that quotes, brackets or `#` inside one are never taken for syntax.
_TOML_TOKEN = lazy_pattern(
    r"[ \t\r]*(?:#[^\n]*)?(?:"
    + "|".join(
        (  # blanks and comments: skipped with a token
            r"(?P<newline>\n)",
            # Each string unrolled (a run of plain characters, then one escape or quote and
            # the next run): `(?:[^"\\]|\\.)*` kept a backtracking frame per character, and a
            # 15 MB string took 2.8 GB to map (the CI audit).
            r'(?P<string>"""[^"\\]*(?:(?:\\.|"{1,2}(?!"))[^"\\]*)*"{3,5}'
            r"|'''[^']*(?:'{1,2}(?!')[^']*)*'{3,5}"
            r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
            r"|'[^'\n]*')",
            r"(?P<mark>[\[\]{}=,.])",
            r'(?P<word>[^\s\[\]{}=,.#"\']+)',
            r"(?P<other>.)",
        )
    )
    + ")",
    re.DOTALL,
)


@dataclass
class _Container:
    """An inline array or table being read: its key path and, for an array, the index of its value."""

    path: Path
    is_array: bool
    index: int = 0


@dataclass
class _TomlScan:
    """Key paths to lines, read token by token. `expect` says what the next token is:
    a `key` (or a header at the start of a line), a `header`'s name, a `value`, or
    what comes `after` a value (a comma, a closing bracket, the end of the line)."""

    lines: dict[Path, int] = field(default_factory=dict)
    # Each line's first key path, a key given twice too (`lines` keeps a path's first line).
    paths: dict[int, Path] = field(default_factory=dict)
    array_len: dict[Path, int] = field(default_factory=dict)
    table: Path = ()  # the table opened by the last header
    open: list[_Container] = field(default_factory=list)
    key: list[str] = field(default_factory=list)
    key_line: int = 0
    target: Path = ()  # the key path of the value to come
    expect: str = "key"
    array_header: bool = False

    def token(self, kind: str, text: str, line: int) -> None:
        if kind == "newline":
            if self.expect == "after" and not self.open:
                self.expect = "key"
        elif self.expect == "key":
            self._key(kind, text, line)
        elif self.expect == "value":
            self._value(kind, text, line)
        elif self.expect == "after":
            self._after(kind, text, line)
        else:
            self._header(kind, text, line)

    def _key(self, kind: str, text: str, line: int) -> None:
        if kind == "mark":
            if text == "[" and not self.open and not self.key:
                self.expect, self.array_header = "header", False
            elif text == "}":
                self._close()
            elif text == "=":
                self._set_target()
            return
        if not self.key:
            self.key_line = line
        if len(self.key) <= MAX_DEPTH:  # deeper, a dotted key's parts are not kept
            self.key.append(_key_text(kind, text))

    def _set_target(self) -> None:
        """The key path a `key = value` sets, its line; a dotted key's (`x.y = 1`) each of
        its tables too, which an error about `x` names (it was placed at the table's header).
        No path deeper than MAX_DEPTH: 16,000 nested inline tables, each key one longer than
        the last, took 1.3 GB to place an error."""
        base = self.open[-1].path if self.open else self.table
        room = max(MAX_DEPTH - len(base), 0)
        target = (*base, *self.key[:room])
        for end in range(len(base) + 1, len(target)):
            self.lines.setdefault(target[:end], self.key_line)
        self.lines.setdefault(target, self.key_line)
        self.paths.setdefault(self.key_line, target)
        self.target, self.key, self.expect = target, [], "value"

    def _header(self, kind: str, text: str, line: int) -> None:
        if text == "[" and kind == "mark":
            self.array_header = True
        elif text == "]" and kind == "mark":
            self._open_table(line)
        elif (text != "." or kind != "mark") and len(self.key) <= MAX_DEPTH:
            self.key.append(_key_text(kind, text))  # deeper: not kept, as in `_key`

    def _open_table(self, line: int) -> None:
        self.table = _resolve(self.key, self.array_len)
        if self.array_header:
            self.lines.setdefault(self.table, line)
            index = self.array_len.get(self.table, 0)
            self.array_len[self.table] = index + 1
            self.table = (*self.table, index)
        self.lines.setdefault(self.table, line)
        self.paths.setdefault(line, self.table)
        self.key, self.expect = [], "after"  # the second `]` of `]]` comes after: ignored

    def _value(self, kind: str, text: str, line: int) -> None:
        if kind == "mark" and text == "]" and self.open:  # an empty array, or a trailing comma
            self._close()
            return
        if self.open and self.open[-1].is_array:
            self.lines.setdefault(self.target, line)
        if kind == "mark" and text in "[{":
            # No key path deeper than a dossier may nest (MAX_DEPTH): each level made a path
            # one longer, all kept, and 30,000 nested `[` (60 KB) took 4 GB to place an error.
            deep = len(self.open) >= MAX_DEPTH
            self.open.append(_Container(self.target, is_array=text == "["))
            if not deep:  # deeper, the brackets are only counted: no key path is that deep
                self.target = (*self.target, 0)
            self.expect = "value" if text == "[" else "key"
        else:
            self.expect = "after"

    def _after(self, kind: str, text: str, line: int) -> None:
        if kind != "mark" or not self.open:
            return  # the rest of a date, a time or a float; the `]` closing a `[[header]]`
        if text == ",":
            inner = self.open[-1]
            if inner.is_array:
                inner.index += 1
                self.target, self.expect = (*inner.path, inner.index), "value"
            else:
                self.expect = "key"
        elif text in "]}":
            self._close()

    def _close(self) -> None:
        self.open.pop()
        self.expect = "after"


def _key_text(kind: str, text: str) -> str:
    if kind != "string":
        return text
    if text.startswith('"') and "\\" in text:  # an escape: let the TOML parser read it
        return loads(f"k = {text}")["k"]
    return text[1:-1]


def toml_lines(text: str) -> dict[Path, int]:
    """Map each key path of a TOML document to the line (1-based) that sets it."""
    return _scan_toml(text).lines


def toml_key_on(text: str, line: int) -> Path | None:
    """The key path a TOML text the parser refused sets on `line` (its first, if several),
    read up to that line: a syntax error, a key given twice, then names its key. None when
    the line sets none, or the text before it is too broken for the scan to follow."""
    before = "".join(text.splitlines(keepends=True)[:line])
    try:
        return _scan_toml(before).paths.get(line)
    except (IndexError, ValueError, KeyError):  # brackets closed that were never opened…
        return None


def _scan_toml(text: str) -> _TomlScan:
    scan = _TomlScan()
    line = 1
    for match in _TOML_TOKEN().finditer(text):
        kind = cast(str, match.lastgroup)  # each alternative of _TOML_TOKEN is a named group
        token = match.group(kind)
        scan.token(kind, token, line)
        if kind == "newline":
            line += 1
        elif kind == "string":
            line += token.count("\n")
    return scan


def too_deep_at(text: str, limit: int = MAX_DEPTH) -> tuple[int, int] | None:
    """The line and offset where a TOML or JSON text's arrays and tables first nest deeper than
    `limit`, for a parser whose recursion ran out before it could say where. Read as TOML
    tokens: a JSON string is a TOML one, so brackets in strings (and TOML comments) are skipped."""
    depth = dots = 0  # dots: those of the dotted key being read (`a.b.c`, each a table)
    for match in _TOML_TOKEN().finditer(text):
        mark = match.group("mark")
        if mark is None:
            if not (match.group("word") or match.group("string")):
                dots = 0
            continue
        dots = dots + 1 if mark == "." else 0
        depth += 1 if mark in "[{" else -1 if mark in "]}" else 0
        if depth + dots > limit:
            start = match.start("mark")
            return text.count("\n", 0, start) + 1, start
    return None


def _resolve(parts: list[str], array_len: dict[Path, int]) -> Path:
    """A header path with the current index of each array of tables it crosses."""
    path: Path = ()
    for i, part in enumerate(parts):
        path = (*path, part)
        if path in array_len and i < len(parts) - 1:
            path = (*path, array_len[path] - 1)
    return path


# -- JSON --------------------------------------------------------------------------

_BLANK = lazy_pattern(r"[ \t\r\n]*")
# The json module's own string scanner (C-accelerated); typeshed does not declare it.
_scanstring: Callable[[str, int], tuple[str, int]] = vars(json.decoder)["scanstring"]


def _skip_blank(text: str, position: int) -> int:
    """The position after the JSON blanks at `position`."""
    blank = _BLANK().match(text, position)
    return blank.end() if blank else position  # it matches the empty string: always a match


@dataclass(frozen=True)
class Duplicate:
    """A key given twice in one JSON object: `json` keeps the last value, silently."""

    path: Path
    first_line: int
    line: int


class _JsonScan:
    """Key paths to lines, and keys given twice, in one pass over a JSON text. Given the
    paths `wanted` (and all their prefixes), any other value is skipped whole by json's C
    decoder: a 4 MB file with one typo is mapped in a tenth of a second, not seconds."""

    def __init__(self, text: str, wanted: set[Path] | None = None):
        self.text, self.wanted = text, wanted
        self.lines: dict[Path, int] = {}
        self.duplicates: list[Duplicate] = []
        self._decoder = json.JSONDecoder()
        self._line, self._counted = 1, 0  # the line at offset `_counted`
        with contextlib.suppress(
            ValueError, IndexError, RecursionError
        ):  # malformed: the parser says so
            self._value(0, ())

    def _line_at(self, position: int) -> int:
        """The scan moves forward: count only the newlines since the last position asked."""
        if position >= self._counted:
            self._line += self.text.count("\n", self._counted, position)
        else:
            self._line -= self.text.count("\n", position, self._counted)
        self._counted = position
        return self._line

    def _skip(self, position: int) -> int:
        return _skip_blank(self.text, position)

    def _value(self, position: int, path: Path) -> int:
        position = self._skip(position)
        if len(path) > MAX_DEPTH or (self.wanted is not None and path not in self.wanted):
            return self._decoder.raw_decode(self.text, position)[1]  # skipped whole
        self.lines.setdefault(path, self._line_at(position))
        if self.text.startswith("{", position):
            return self._object(self._skip(position + 1), path)
        if self.text.startswith("[", position):
            return self._array(self._skip(position + 1), path)
        return self._decoder.raw_decode(self.text, position)[1]

    def _object(self, position: int, path: Path) -> int:
        seen: dict[str, int] = {}
        while not self.text.startswith("}", position):
            line = self._line_at(position)
            key, position = _scanstring(self.text, position + 1)
            if key in seen:
                self.duplicates.append(Duplicate((*path, key), seen[key], line))
            seen.setdefault(key, line)
            position = self._skip(self._skip(position) + 1)  # the colon
            position = self._skip(self._value(position, (*path, key)))
            if self.text.startswith(",", position):
                position = self._skip(position + 1)
        return position + 1

    def _array(self, position: int, path: Path) -> int:
        index = 0
        while not self.text.startswith("]", position):
            position = self._skip(self._value(position, (*path, index)))
            index += 1
            if self.text.startswith(",", position):
                position = self._skip(position + 1)
        return position + 1


_JSON_SCALAR = lazy_pattern(r"[-+0-9.eE]+|true|false|null|NaN|Infinity")


def json_key_at(text: str, position: int) -> Path | None:
    """The key path a JSON text the parser refused was reading at `position`: the member or
    item whose value was due there (`documents[2].date`), else the object or array it was in
    (between two members). A syntax error, then, names its key. None at the top level, or
    where the text before is too broken to follow."""
    open_: list[_Container] = []
    due: Path | None = None  # the path of the value to come: after a colon, in an array
    at = 0
    try:
        while (at := _skip_blank(text, at)) < position:
            char = text[at]
            if char in "{[":
                path = due if due is not None else ()
                open_.append(_Container(path, is_array=char == "["))
                due, at = ((*path, 0) if char == "[" else None), at + 1
            elif char in "}]":
                open_.pop()
                due, at = None, at + 1
            elif char == ",":
                inner = open_[-1]
                inner.index += 1
                due, at = ((*inner.path, inner.index) if inner.is_array else None), at + 1
            elif char == '"':
                string, end = _scanstring(text, at + 1)
                if end > position:
                    break
                if open_ and not open_[-1].is_array and due is None:  # a member's key
                    due, at = (*open_[-1].path, string), _skip_blank(text, end)
                    if at >= position or text[at] != ":":
                        break
                    at += 1
                else:
                    due, at = None, end
            elif scalar := _JSON_SCALAR().match(text, at):
                due, at = None, scalar.end()
            else:
                break
    except (ValueError, IndexError):  # a string the scanner refuses, a bracket never opened
        return None
    if due is None and open_:
        due = open_[-1].path
    return due or None


def json_lines(text: str, paths: Iterable[Path] | None = None) -> dict[Path, int]:
    """Map each key path of a JSON document (or only `paths` and their enclosing keys) to the
    line (1-based) where its value starts."""
    wanted = (
        None if paths is None else {path[:end] for path in paths for end in range(len(path) + 1)}
    )
    return _JsonScan(text, wanted).lines


def json_duplicates(text: str) -> list[Duplicate]:
    """Each key given a second time in the same object, with both its lines."""
    return _JsonScan(text).duplicates


class LazyLines(Mapping):
    """The line map of a dossier's text, made when first asked: a valid file never asks
    (making it for every file was 15 % of a run: bench/RECORD.md)."""

    def __init__(self, text: str, is_json: bool):
        self.text, self.is_json = text, is_json

    def focus(self, paths: Iterable[Path]) -> None:
        """Map only what `paths` need (a file's errors, all known at once) when that is cheaper:
        in JSON, every other value is skipped at C speed. Later lookups must be among `paths`."""
        if self.is_json and "lines" not in self.__dict__:
            self.lines = json_lines(self.text, paths)

    def map_all(self) -> None:
        """Map every key now: for errors located in several rounds, which `focus` cannot serve."""
        self.lines = self._every_key()  # a focused map held only the keys it was given

    @cached_property
    def lines(self) -> dict[Path, int]:
        return self._every_key()

    def _every_key(self) -> dict[Path, int]:
        return json_lines(self.text) if self.is_json else toml_lines(self.text)

    def written_on(self, line: int) -> str:
        """Line `line` (1-based, lines counted by LF as the maps count them) as written."""
        return self.text.split("\n", line)[line - 1] if line > 0 else ""

    def __getitem__(self, path: Path) -> int:
        return self.lines[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)


def byte_position(raw: bytes, start: int) -> tuple[int, int]:
    """The line and column (1-based, in characters) of byte `start`: where a decoding error is."""
    line_start = raw.rfind(b"\n", 0, start) + 1
    return raw.count(b"\n", 0, start) + 1, len(raw[line_start:start].decode("utf-8", "replace")) + 1


def line_of(lines: Mapping[Path, int], path: Path) -> int | None:
    """The line of `path`, or of its closest enclosing key."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None
