"""Report writers: each turns DossierResults into one output format, streaming.

A writer receives the results one by one (`dossier`) and the run's summary at
the end (`close`); it never re-derives a verdict. A writer whose output for a
dossier depends on that dossier alone (`renders_alone`) also offers `render`,
so that `--jobs` workers format their dossiers and send back text, not results.
"""

from __future__ import annotations

import datetime as dt
import os
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any

from labelcheck.core import french
from labelcheck.core.errors import LabelcheckError
from labelcheck.core.report import DossierResult, Summary


class Writer:
    """Base writer: subclasses override what they need."""

    binary = False
    renders_alone = False
    # What the run judged with (`tool`, `profile_digest`: core/identity.py), set by the
    # command before the first dossier; the JSON reports carry it.
    run_info: dict[str, Any] | None = None

    def provenance(self) -> dict[str, Any]:
        return dict(self.run_info or {})

    def __init__(
        self, out: IO[Any] | None, profile: str, color: bool = False, details: bool = False
    ):
        self.out = out  # None for a writer that only renders (in a worker process)
        self.profile = profile
        self.color = color
        # Human reports fold information items and criteria not evaluated; --details shows them.
        self.details = details

    @property
    def stream(self) -> IO[Any]:
        """Where the report is written (text, or bytes for a `binary` writer)."""
        if self.out is None:  # a bug: a writer made to render only never writes
            raise RuntimeError(f"{type(self).__name__} was made to render only: it has no stream")
        return self.out

    def dossier(self, result: DossierResult) -> None:
        self.write_rendered(self.render(result))

    def render(self, result: DossierResult) -> str:
        """The output for one dossier, for writers that `renders_alone`."""
        raise NotImplementedError

    def write_rendered(self, text: str) -> None:
        self.stream.write(text)

    def close(self, summary: Summary) -> None:
        pass


def labelcheck_version() -> str:
    try:
        return version("labelcheck")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(version inconnue)"


def production_date() -> dt.date:
    """The day a human report is produced: SOURCE_DATE_EPOCH's (seconds since the epoch, UTC) when
    set, so that the same inputs give the same report (reproducible-builds.org); else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        # reproducible-builds.org: a malformed value is an error, never silently today.
        raise LabelcheckError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970-01-01T00:00:00Z"
        ) from None


def colophon() -> str:
    """What a human report says of itself: `Rapport établi le 02/12/2026 par labelcheck 0.1.0`."""
    return (
        f"Rapport établi le {french.date(production_date())} par labelcheck {labelcheck_version()}"
    )


# Formats that need an optional extra, and how to get it.
INSTALL_HINTS = {"pdf": "pip install labelcheck[pdf]"}


def writer_classes(wanted: str | None = None) -> dict[str, type[Writer]]:
    """The available formats. An optional one is checked only when `wanted` is it (or None):
    importing WeasyPrint takes most of a second that a text or JSON run should not pay."""
    from labelcheck.core.writers.codequality import CodeQualityWriter
    from labelcheck.core.writers.html import HtmlWriter
    from labelcheck.core.writers.ics import IcsWriter
    from labelcheck.core.writers.json import JsonLinesWriter, JsonWriter
    from labelcheck.core.writers.junit import JunitWriter
    from labelcheck.core.writers.markdown import MarkdownWriter
    from labelcheck.core.writers.sarif import SarifWriter
    from labelcheck.core.writers.text import TextWriter

    classes: dict[str, type[Writer]] = {
        "text": TextWriter,
        "json": JsonWriter,
        "jsonl": JsonLinesWriter,
        "junit": JunitWriter,
        "sarif": SarifWriter,
        "codequality": CodeQualityWriter,
        "markdown": MarkdownWriter,
        "html": HtmlWriter,
        "ics": IcsWriter,
    }
    if wanted in (None, "pdf") and pdf_available():
        from labelcheck.core.writers.pdf import PdfWriter

        classes["pdf"] = PdfWriter
    return classes


def pdf_available() -> bool:
    """Whether WeasyPrint imports (installed, its system libraries such as Pango present), pypdf beside it."""
    import importlib.util

    if importlib.util.find_spec("weasyprint") is None or importlib.util.find_spec("pypdf") is None:
        return False
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def unavailable(fmt: str) -> str:
    """Why a known format cannot be used here, and what to install."""
    hint = INSTALL_HINTS.get(fmt)
    return f"format {fmt!r} is not available in this installation" + (f": {hint}" if hint else "")
