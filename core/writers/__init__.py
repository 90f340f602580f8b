"""Report writers: each turns DossierResults into one output format, streaming.

A writer receives the results one by one (`dossier`) and the run's summary at
the end (`close`); it never re-derives a verdict.
"""

from __future__ import annotations

from typing import TextIO

from labelcheck.core.report import DossierResult, Summary


class Writer:
    """Base writer: subclasses override what they need."""

    binary = False

    def __init__(self, out: TextIO, profile: str, color: bool = False):
        self.out = out
        self.profile = profile
        self.color = color

    def dossier(self, result: DossierResult) -> None:
        raise NotImplementedError

    def close(self, summary: Summary) -> None:
        pass


def writer_classes() -> dict[str, type[Writer]]:
    from labelcheck.core.writers.json import JsonLinesWriter, JsonWriter
    from labelcheck.core.writers.text import TextWriter

    return {"text": TextWriter, "json": JsonWriter, "jsonl": JsonLinesWriter}
