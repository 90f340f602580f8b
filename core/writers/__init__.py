"""Report writers: each turns DossierResults into one output format, streaming.

A writer receives the results one by one (`dossier`) and the run's summary at
the end (`close`); it never re-derives a verdict. `dossier` is two steps:
`render` turns a result into its output and the little the writer needs at
`close` (a `Rendered`), which a `--jobs` worker does; `write_rendered`, in the
parent, writes it. So the parent never receives a whole result, and what a
writer must hold until `close` stays small (or goes to a temporary file).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import import_module
from typing import IO, Any, BinaryIO, Generic, NamedTuple, TypeVar

from labelcheck.core import french
from labelcheck.core.errors import LabelcheckError
from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.visible import visible

Text = TypeVar("Text", str, bytes)


class Rendered(NamedTuple, Generic[Text]):
    """One dossier's output (`text`), and what its writer keeps of it for `close` (`keep`: an
    overview row, counts, calendar events…): small and picklable, never the DossierResult.
    A `utf8` writer's text is bytes, already encoded (`Rendered[bytes]`)."""

    text: Text
    keep: Any = None


class Writer:
    """Base writer: subclasses override what they need."""

    binary = False  # writes bytes that are not text (PDF): to a file, never a terminal
    # Writes its text as UTF-8 bytes, whatever the terminal's encoding: the formats whose
    # standard says UTF-8 (JSON: RFC 8259 § 8.1; the XML declaration of JUnit; HTML's meta
    # charset; iCalendar: RFC 5545 § 3.1.4), which a Latin-1 standard output made an internal
    # error. A worker's output then crosses to the parent and on to the file as bytes, never
    # decoded and encoded again (for a 28 KB JSON line, three passes: ~60 µs of ~2 ms).
    utf8 = False
    # Shows each dossier's `digest` (the JSON reports, which `compare` reads). The others spare
    # the engine reading every piece's content to make it (core/identity.py).
    shows_digest = False
    # What the run judged with (`tool`, `profile_digest`: core/identity.py), set by the
    # command before the first dossier; the JSON reports carry it.
    run_info: dict[str, Any] | None = None
    # For a disabled plugin some of whose labels another plugin declares too, what is said of
    # it instead of « ses labels ne sont pas évalués » (Registry.judged_otherwise); set by the
    # command with `run_info`, never in a report's JSON.
    judged_otherwise: Mapping[str, str] = {}

    def provenance(self) -> dict[str, Any]:
        return dict(self.run_info or {})

    @property
    def disabled_text(self) -> str:
        """« Attention : plugin « x » désactivé pour ses erreurs… », or "": a human report
        handed to a school says that a label was left out, or a plugin's rules on another
        label (its verdict may then be too favourable), not only the run's stderr."""
        disabled = (self.run_info or {}).get("tool", {}).get("disabled_plugins", [])
        if not disabled:
            return ""
        otherwise = [p["name"] for p in disabled if p["name"] in self.judged_otherwise]
        disabled = [p for p in disabled if p["name"] not in self.judged_otherwise]
        with_labels = [p["name"] for p in disabled if p.get("declares_labels", True)]
        rules_only = [p["name"] for p in disabled if not p.get("declares_labels", True)]
        said = [_disabled([name], self.judged_otherwise[name], "") for name in otherwise]
        if with_labels:
            said.append(
                _disabled(with_labels, *french.LEFT_OUT[True])
                + " dans ce rapport, ni les candidatures qui les visent"
            )
        if rules_only:
            said.append(
                _disabled(rules_only, *french.LEFT_OUT[False])
                + " dans ce rapport : les verdicts des labels qu'elles visent peuvent être trop "
                "favorables"
            )
        return french.typeset("Attention : " + " ; ".join(said))

    def __init__(
        self, out: IO[Any] | None, profile: str, color: bool = False, details: bool = False
    ):
        self.out = out  # None for a writer that only renders (in a worker process)
        self.profile = profile
        self.color = color
        # Human reports fold information items and criteria not evaluated; --details shows them.
        self.details = details
        self.count = 0  # dossiers written
        # What the reader of the run's stderr should know of the report once written (a SARIF
        # log GitHub would refuse): the command prints them after `close`.
        self.notices: list[str] = []

    def options(self) -> dict[str, Any]:
        """What makes another writer of this class render the same: `type(self)(None, **options)`
        is a `--jobs` worker's renderer."""
        return {"profile": self.profile, "color": self.color, "details": self.details}

    @property
    def stream(self) -> IO[Any]:
        """Where the report is written (text, or bytes for a `binary` writer)."""
        if self.out is None:  # a bug: a writer made to render only never writes
            raise RuntimeError(f"{type(self).__name__} was made to render only: it has no stream")
        return self.out

    def dossier(self, result: DossierResult) -> None:
        self.write_rendered(self.render(result, self.count))

    def render(self, result: DossierResult, position: int = 0) -> Rendered[Any]:
        """One dossier's output, from its result alone and its `position` in the report (from 0:
        a combined report anchors each school by it). Changes nothing in the writer."""
        raise NotImplementedError

    def write_rendered(self, rendered: Rendered[Any]) -> None:
        """Write a dossier rendered by `render` (here or in a worker), the next in the report."""
        self.add(rendered)
        self.count += 1

    def add(self, rendered: Rendered[Any]) -> None:
        """What writing one rendered dossier does (`count` is kept by `write_rendered`); by
        default, its text to the stream."""
        self.stream.write(rendered.text)

    def close(self, summary: Summary) -> None:
        pass


class Spool:
    """UTF-8 text written to a temporary file, made at the first write, and copied out whole
    at `close`: a part of the report that comes after what needs every dossier (totals, an
    overview), so that memory does not grow with their number. Bytes, as `utf8` writers
    render them: copied out as they are. Failing to write it (TMPDIR full) is the report's
    failure (TemporaryFileError), never a dossier's."""

    def __init__(self) -> None:
        self.file: IO[bytes] | None = None

    @property
    def written(self) -> bool:
        return self.file is not None

    def write(self, data: bytes) -> None:
        try:  # inline, not `in_temporary_file`: once per dossier, at no cost until it fails
            if self.file is None:
                self.file = _temporary_file()
            self.file.write(data)
        except OSError as error:
            raise _temporary_file_failed(error) from error

    def copy_to(self, stream: IO[bytes]) -> None:
        """Everything written, onto `stream`; the temporary file is then gone."""
        if self.file is None:
            return
        with in_temporary_file():  # what the spool's buffer still held is written here
            size = self.file.tell()
            self.file.flush()
        sent = _send(self.file.fileno(), stream, size)
        # What the kernel did not send (a stream with no file, a sendfile refused, a write
        # error), copied through `stream`: a write error is then reported as any other, a
        # read error as the temporary file's.
        with in_temporary_file():
            self.file.seek(sent)
        while chunk := _read(self.file):
            stream.write(chunk)
        self.file.close()


def _read(file: IO[bytes]) -> bytes:
    with in_temporary_file():
        return file.read(1024 * 1024)


def temporary_file() -> BinaryIO:
    """A file of the temporary directory that a part of the report waits in until `close`."""
    with in_temporary_file():
        return _temporary_file()


def _temporary_file() -> BinaryIO:
    import tempfile  # a JSON run never needs it

    return tempfile.TemporaryFile()  # noqa: SIM115 - its writer closes it


@contextmanager
def in_temporary_file() -> Iterator[None]:
    """An OSError of the block, making or using a temporary file (TMPDIR full, an I/O error),
    is the report's TemporaryFileError: taken for the dossier being written, it made each one
    an internal error (exit 3), and the part written copied into the report (the FS audit)."""
    try:
        yield
    except OSError as error:
        raise _temporary_file_failed(error) from error


def _temporary_file_failed(error: OSError) -> Exception:
    from labelcheck.core.output import TemporaryFileError  # the output's: imported when it fails

    return TemporaryFileError(error)


def _send(source: int, stream: IO[bytes], size: int) -> int:
    """How much of `source` (from its start) os.sendfile copied onto `stream`'s file: the
    kernel copies it, where reading it into Python to write it again was most of the time a
    60,000-school HTML report (2.2 GB) spent on its sections at the end of the run."""
    try:
        stream.flush()
        target = stream.fileno()
    except (AttributeError, OSError, ValueError):  # no file under it (a test's BytesIO)
        return 0
    sent = 0
    try:
        while sent < size and (step := os.sendfile(target, source, sent, size - sent)):
            sent += step
    except OSError:  # refused by this pair of files, or a write error: the copy below says it
        pass
    return sent


class Spill:
    """Items pickled one after another into a temporary file and read back in their order: what a
    writer needs at `close` from every dossier, kept out of memory."""

    def __init__(self) -> None:
        self.file: IO[bytes] | None = None
        self.size = 0

    def add(self, item: Any) -> None:
        import pickle

        try:  # inline, as Spool.write: once per dossier
            if self.file is None:
                self.file = _temporary_file()
            # One pickle each, no Pickler kept: its memo would hold every item.
            pickle.dump(item, self.file, pickle.HIGHEST_PROTOCOL)
        except OSError as error:
            raise _temporary_file_failed(error) from error
        self.size += 1

    def __iter__(self) -> Iterator[Any]:
        import pickle

        if self.file is None:
            return
        # One block for every item, not one each (60,000 rows: 0.31 s against 0.18, the
        # review); what the reader does with an item raises in its own frame, never here.
        with in_temporary_file():
            self.file.seek(0)
            for _ in range(self.size):
                yield pickle.load(self.file)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def labelcheck_version() -> str:
    from labelcheck.core.registry import installed_version  # read once, for its plugins too

    return installed_version() or "(version inconnue)"


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
            f"SOURCE_DATE_EPOCH vaut {french.quoted(visible(epoch))}, qui n'est pas une date"
            f"{french.NNBSP}: attendu un nombre entier de secondes depuis le 1er janvier 1970 "
            "à 0\u00a0h UTC, par exemple 1779235200 (le 20/05/2026)"
        ) from None


def colophon() -> str:
    """What a human report says of itself: `Rapport établi le 02/12/2026 par labelcheck 0.1.0`."""
    return (
        f"Rapport établi le {french.date(production_date())} par labelcheck {labelcheck_version()}"
    )


# Formats that need an optional extra, and how to get it.
INSTALL_HINTS = {
    "pdf": "l'installer avec pip install 'labelcheck[pdf]' (WeasyPrint, qui demande aussi les "
    f"bibliothèques Pango du système{french.NNBSP}: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
}


# Each format's writer, as `module:class` under labelcheck.core.writers: imported when asked for,
# so that a JSON run never imports the HTML, Markdown or PDF writers.
WRITERS = {
    "text": "text:TextWriter",
    "json": "json:JsonWriter",
    "jsonl": "json:JsonLinesWriter",
    "junit": "junit:JunitWriter",
    "sarif": "sarif:SarifWriter",
    "codequality": "codequality:CodeQualityWriter",
    "markdown": "markdown:MarkdownWriter",
    "html": "html:HtmlWriter",
    "ics": "ics:IcsWriter",
    "pdf": "pdf:PdfWriter",
}


class WriterClasses(Mapping[str, type[Writer]]):
    """The available formats, each writer class imported when it is looked up."""

    def __init__(self, formats: list[str]):
        self.formats = formats

    def __getitem__(self, fmt: str) -> type[Writer]:
        if fmt not in self.formats:
            raise KeyError(fmt)
        module, name = WRITERS[fmt].split(":")
        return getattr(import_module(f"labelcheck.core.writers.{module}"), name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.formats)

    def __len__(self) -> int:
        return len(self.formats)


def writer_classes(wanted: str | None = None) -> Mapping[str, type[Writer]]:
    """The available formats. An optional one is checked only when `wanted` is it (or None):
    importing WeasyPrint takes most of a second that a text or JSON run should not pay."""
    formats = [fmt for fmt in WRITERS if fmt != "pdf"]
    if wanted in (None, "pdf") and pdf_available():
        formats.append("pdf")
    return WriterClasses(formats)


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
    said = f"le format {fmt} n'est pas disponible dans cette installation"
    return f"{said}{french.NNBSP}; {hint}" if hint else said


def _disabled(names: list[str], one: str, several: str) -> str:
    """« plugin « x » désactivé pour ses erreurs : {one} », or the plural for several."""
    quoted = ", ".join(french.quoted(name) for name in names)
    if len(names) == 1:
        return f"plugin {quoted} désactivé pour ses erreurs : {one}"
    return f"plugins {quoted} désactivés pour leurs erreurs : {several}"
