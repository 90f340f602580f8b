"""Line numbers of keys in a TOML or JSON file, so that errors can point at them.

Neither tomli nor json keep positions, so we scan the text once: cheap, and
only done for a file that has errors.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Mapping
from functools import cached_property

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=""")
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*\.?""")


def _split_key(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(dotted)]


def toml_lines(text: str) -> dict[Path, int]:
    """Map each key path of a TOML document to the line (1-based) that sets it."""
    lines: dict[Path, int] = {}
    array_len: dict[Path, int] = {}
    prefix: Path = ()
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        header = _HEADER.match(line)
        if header:
            prefix = _resolve(_split_key(header.group(2)), array_len)
            if header.group(1) == "[[":
                index = array_len.get(prefix, 0)
                array_len[prefix] = index + 1
                prefix = (*prefix, index)
            lines.setdefault(prefix, number)
            continue
        key = _KEY.match(line)
        if key:
            path = (*prefix, *_split_key(key.group(1)))
            lines.setdefault(path, number)
            rest = line[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_multiline = quote
    return lines


def _resolve(parts: list[str], array_len: dict[Path, int]) -> Path:
    """A header path with the current index of each array of tables it crosses."""
    path: Path = ()
    for i, part in enumerate(parts):
        path = (*path, part)
        if path in array_len and i < len(parts) - 1:
            path = (*path, array_len[path] - 1)
    return path


def json_lines(text: str) -> dict[Path, int]:
    """Map each key path of a JSON document to the line (1-based) where its value starts."""
    lines: dict[Path, int] = {}
    decoder = json.JSONDecoder()

    def line_at(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    def skip(pos: int) -> int:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        return pos

    def value(pos: int, path: Path) -> int:
        pos = skip(pos)
        lines.setdefault(path, line_at(pos))
        if text.startswith("{", pos):
            pos = skip(pos + 1)
            while not text.startswith("}", pos):
                key, pos = json.decoder.scanstring(text, pos + 1)
                pos = skip(skip(pos) + 1)  # the colon
                pos = skip(value(pos, (*path, key)))
                if text.startswith(",", pos):
                    pos = skip(pos + 1)
            return pos + 1
        if text.startswith("[", pos):
            pos, index = skip(pos + 1), 0
            while not text.startswith("]", pos):
                pos = skip(value(pos, (*path, index)))
                index += 1
                if text.startswith(",", pos):
                    pos = skip(pos + 1)
            return pos + 1
        _, end = decoder.raw_decode(text, pos)
        return end

    with contextlib.suppress(ValueError, IndexError):  # malformed JSON: the parser reports it
        value(0, ())
    return lines


class LazyLines(Mapping):
    """The line map of a dossier's text, made when first asked: a valid file never asks
    (making it for every file was 15 % of a run: bench/README.md)."""

    def __init__(self, text: str, is_json: bool):
        self.text, self.is_json = text, is_json

    @cached_property
    def lines(self) -> dict[Path, int]:
        return json_lines(self.text) if self.is_json else toml_lines(self.text)

    def __getitem__(self, path: Path) -> int:
        return self.lines[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)


def line_of(lines: Mapping[Path, int], path: Path) -> int | None:
    """The line of `path`, or of its closest enclosing key."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None
