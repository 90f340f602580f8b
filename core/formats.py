"""The formats labelcheck writes: each one's file-name extensions, and what a file so named is
called in French. The commands infer a report's format from `-o`'s extension by it, and a file
given where a JSON report is read is said to be what its name announces."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Format(NamedTuple):
    extensions: tuple[str, ...]
    # « un rapport Markdown »: what a file with one of `extensions` is, refused where a JSON
    # report is read. None for the JSON formats: a `.json` that is no report says nothing more.
    called: str | None


FORMATS: dict[str, Format] = {
    "text": Format((".txt",), "un fichier texte"),
    "json": Format((".json",), None),
    "jsonl": Format((".jsonl", ".ndjson"), None),  # newline-delimited JSON, the same lines
    # Any XML file is named so: only its content (`<testsuite`) says it is labelcheck's JUnit.
    "junit": Format((".xml",), "un fichier XML"),
    "sarif": Format((".sarif",), "un rapport SARIF"),
    "codequality": Format((), None),  # GitLab's usual name is a `.json`: no extension of its own
    "markdown": Format((".md", ".markdown"), "un rapport Markdown"),
    "html": Format((".html", ".htm"), "un rapport HTML"),
    "pdf": Format((".pdf",), "un document PDF"),
    "ics": Format((".ics",), "un calendrier iCalendar (ICS)"),
    "csv": Format((".csv",), "un tableau CSV"),
}


def extensions_of(formats: Iterable[str]) -> dict[str, str]:
    """{extension: format} of the formats a command writes."""
    return {extension: name for name in formats for extension in FORMATS[name].extensions}


def called_by_extension() -> dict[str, str]:
    """{extension: what a file so named is} of every format that names its files."""
    return {
        extension: shape.called
        for shape in FORMATS.values()
        if shape.called
        for extension in shape.extensions
    }
