"""Where a report goes: standard output, or a file written whole or not at all.

A report file is written beside its target under a temporary name and renamed
over it at the end: a run that fails leaves the previous report as it was. It
is never written onto an input, nor into a school's dossier folder, nor under a
name that a later run would read as a dossier. On standard output, nothing but
the report reaches the stream: a plugin printing there is sent to stderr.
"""

from __future__ import annotations

import codecs
import errno
import os
import shlex
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any, cast

from labelcheck.core.cache import lazy_pattern
from labelcheck.core.errors import LabelcheckError, os_reason
from labelcheck.core.french import NNBSP, unaccented
from labelcheck.core.loading import DOSSIER_FILES
from labelcheck.core.visible import visible

STANDARD_OUTPUT = "sur la sortie standard"
# The nearest character a terminal has (a Latin-1 one) for those French typography uses that
# it lacks: the text report, the help and the messages are shown, not made an internal error
# (`nearest_on_terminals`; the text report keeps standard output's setting). Other writers
# are UTF-8.
NEAREST = "labelcheck-nearest"
_NEAREST = {"\u202f": " ", "\u2009": " ", "\u2019": "'", "\u2013": "-", "\u2014": "-"}
_NEAREST |= {"\u2026": "...", "\u2192": "->", "\u2717": "x", "œ": "oe", "Œ": "OE", "€": "EUR"}
_NEAREST |= {"«": '"', "»": '"', "\u00a0": " ", "·": "."}  # for an ASCII terminal


def _nearest(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    lacking = error.object[error.start : error.end]
    return "".join(_nearest_to(character, error.encoding) for character in lacking), error.end


def _nearest_to(character: str, encoding: str) -> str:
    """What stands for `character` in `encoding`: the typography's nearest, else the letter
    without its accent (« é » on an ASCII terminal is « e », not « ? »), else « ? »."""
    if character in _NEAREST:
        return _NEAREST[character]
    bare = unaccented(character)
    try:
        return bare.encode(encoding).decode(encoding) if bare else "?"
    except UnicodeError:
        return "?"


codecs.register_error(NEAREST, _nearest)


def nearest_on_terminals() -> None:
    """Standard output and error, when they are not UTF-8, show the nearest character for one
    they lack: a message or the help is shown, not made an internal error on the first
    narrow no-break space (stderr's default would show « \\u202f »)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding and codecs.lookup(encoding).name != "utf-8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=NEAREST)


# Where a name is a stream, not a file to replace: /dev/stdout, /dev/fd/3, /proc/self/fd/1.
STREAM_FOLDERS = ("/dev", "/dev/fd", "/proc/self/fd")


class OutputError(Exception):
    """The report could not be written (the message says where and why), told apart from
    any other OSError of the run."""


class TemporaryFileError(OutputError):
    """A temporary file a writer assembles part of the report in (`Spool`, under TMPDIR) could
    not be made, written or read: the run's failure to write its report, not a dossier's
    internal error. `report_stream` says which report it was and that it was not written."""

    def __init__(self, error: OSError):
        self.reason = f"{os_reason(error)} dans {temporary_folder()}, où il est assemblé"
        super().__init__(f"impossible d'écrire le rapport{NNBSP}: {self.reason}")


def temporary_folder() -> str:
    """« le répertoire temporaire /tmp », naming the variable that chose it (TMPDIR) when one did:
    the place to free or change."""
    folder = tempfile.gettempdir()
    chosen_by = next(
        (
            name
            for name in ("TMPDIR", "TEMP", "TMP")  # tempfile's order
            if os.environ.get(name) and os.path.abspath(os.environ[name]) == folder
        ),
        None,
    )
    return f"le répertoire temporaire {visible(folder)}" + (
        f" (fixé par {chosen_by})" if chosen_by else ""
    )


class CommandOutput:
    """sys.stdout while a command runs (the CLI's entry point sets it): what a listing, the
    help or `init`'s confirmation prints failing (a full disk, a reader gone) is an
    OutputError, which the entry point says as evaluate says its report's, exit 2. It was
    an internal error (exit 3); and a closed standard output, None to Python, printed nothing
    and exited 0 (the FS audit): `stream` None, it is an OutputError at the first write."""

    def __init__(self, stream: IO[str] | None):
        self.stream = stream

    def write(self, text: str) -> int:
        return _printing(lambda: self._open().write(text))

    def flush(self) -> None:
        if self.stream is not None:
            _printing(self.stream.flush)

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def fileno(self) -> int:
        if self.stream is None:
            raise ValueError("standard output is closed")
        return self.stream.fileno()

    def _open(self) -> IO[str]:
        if self.stream is None:
            raise OutputError(f"impossible d'écrire {STANDARD_OUTPUT}{NNBSP}: elle est fermée")
        return self.stream

    def __getattr__(self, name: str):
        return getattr(self._open(), name)


def _printing(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except BrokenPipeError:
        raise OutputError("le programme qui lisait la sortie standard s'est arrêté") from None
    except OSError as error:
        raise OutputError(
            f"impossible d'écrire {STANDARD_OUTPUT}{NNBSP}: {os_reason(error, writing=True)}"
        ) from error


def _is_closed(stdout: object) -> bool:
    return stdout is None or (isinstance(stdout, CommandOutput) and stdout.stream is None)


def cannot_write(place: str, error: OSError) -> OutputError:
    """`place`: « dans rapport.json », « sur la sortie standard »."""
    return OutputError(
        f"impossible d'écrire le rapport {place}{NNBSP}: {os_reason(error, writing=True)}"
    )


def _in(output: str) -> str:
    return f"dans {visible(output)}"


# -- never onto an input ----------------------------------------------------------------------


def refuse_input_overwrite(output: str, paths: Iterable[str]) -> None:
    """LabelcheckError if `output` would overwrite an input of this run, or land in any school's
    dossier folder (this run's or another's: a report named dossier.json would replace that
    school's dossier), or be read as a dossier by a later run. Paths are compared resolved
    (symbolic links, `..`); a device or a pipe given as output is none of these."""
    if not os.path.isabs(output) and not _current_folder_exists():
        # Every path below is made absolute through it: an internal error (the FS audit).
        raise LabelcheckError(
            f"--output {visible(output)}{NNBSP}: le répertoire courant n'existe plus (il a "
            f"été supprimé){NNBSP}; donner un chemin complet, ou se placer dans un répertoire "
            "existant"
        )
    if is_stream(output):
        return
    target = Path(os.path.realpath(output))
    problem = next(
        filter(None, (_overwrites(target, Path(os.path.realpath(p))) for p in paths)), None
    )
    problem = problem or _in_a_dossier(target, os.path.isabs(output))
    if problem:
        raise LabelcheckError(f"--output {visible(output)}{NNBSP}: {problem}")


def _current_folder_exists() -> bool:
    try:
        os.getcwd()
    except FileNotFoundError:
        return False
    return True


def _overwrites(target: Path, given: Path) -> str | None:
    if given.is_file() and (
        target == given or (target.exists() and os.path.samefile(target, given))
    ):
        return (
            f"c'est un fichier d'entrée de cette évaluation ({visible(given)}){NNBSP}: le "
            f"rapport l'écraserait{NNBSP}; l'écrire ailleurs, hors des dossiers évalués."
        )
    return None


def _in_a_dossier(target: Path, absolute: bool = False, option: str = "-o") -> str | None:
    """Why `target` is a dossier's place: its name, or a folder above it holding a dossier;
    `absolute`: the output was given as a full path (and a full path is suggested), with
    `option`."""
    if target.name.casefold() in DOSSIER_FILES:
        return (
            f"un fichier nommé {visible(target.name)} serait lu comme un dossier par les "
            "évaluations suivantes, ou remplacerait celui d'un établissement"
            f"{NNBSP}; donner au rapport un autre nom, par exemple rapport.json ou rapport.html."
        )
    holding = [
        (folder, held)
        for folder in (target.parent, *target.parent.parents)
        if (held := next((name for name in DOSSIER_FILES if (folder / name).is_file()), None))
    ]
    if not holding:
        return None
    (folder, held), outermost = holding[0], holding[-1][0]
    # The same name beside the outermost dossier folder, as a path to paste: run from inside
    # the folder, as the starter's « labelcheck evaluate . » invites, that is ../rapport.html.
    place = outermost.parent / target.name
    beside = pasteable(place if absolute else _near(place))
    return (
        f"{visible(folder)} est le dossier d'un établissement (il contient {held})"
        f"{NNBSP}: le rapport s'y mêlerait à ses pièces{NNBSP}; l'écrire hors des "
        f"dossiers des établissements, par exemple {option} {beside}"
    )


def _near(path: Path) -> str:
    """`path` relative to the current folder when it is near (../rapport.html), else whole."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive, on Windows
        return str(path)
    return relative if relative.count("..") <= 2 else str(path)


def pasteable(path: object) -> str:
    """A path as a shell takes it back, pasted after a command the CLI prints: quoted where a
    space, an apostrophe or another sign the shell reads would cut or change it (`t/Nouveau
    Lycée d’Été`, pasted unquoted, was three paths and « chemin introuvable »); as it is
    otherwise, accents included, which shlex alone would quote."""
    text = str(path)
    if text.startswith("-"):
        text = f"./{text}"  # not read as an option
    if _SHELL_WORD().fullmatch(text):
        return visible(text)
    if not _SPECIAL_IN_DOUBLE_QUOTES().search(text):  # French names hold apostrophes: "l'Été"
        return visible(f'"{text}"')
    return visible(shlex.quote(text))


_SHELL_WORD = lazy_pattern(r"[\w@%+=:,./-]+")  # \w: letters of any script, as shells take them
_SPECIAL_IN_DOUBLE_QUOTES = lazy_pattern(r'["$`\\!]')


def is_stream(output: str) -> bool:
    """A device, a pipe, /dev/stdout: what the user named is written to as it is."""
    if os.path.dirname(os.path.abspath(output)) in STREAM_FOLDERS:
        return True
    try:
        return not stat.S_ISREG(os.stat(output).st_mode)
    except OSError:  # not there yet (or not reachable: opening it will say why)
        return False


# -- writing -----------------------------------------------------------------------------------


@contextmanager
def report_stream(
    output: str | None, binary: bool = False, interrupted: Callable[[], bool] = lambda: False
) -> Iterator[IO]:
    """The stream a report is written to: standard output, the file `output` (replaced only when
    the block ends without an exception), or the device or pipe `output` names. A run
    `interrupted` (asked as the block ends) leaves `output` as it was: its part of the report
    goes to `partial_report(output)`, never over the complete report of an earlier run.
    An error writing it is an OutputError."""
    try:
        with _stream_of(output, binary, interrupted) as stream:
            yield stream
    except TemporaryFileError as error:
        raise OutputError(
            f"impossible d'écrire le rapport {_in(output) if output else STANDARD_OUTPUT}{NNBSP}: "
            f"{error.reason}{NNBSP}; {_left(output)}"
        ) from error


@contextmanager
def _stream_of(output: str | None, binary: bool, interrupted: Callable[[], bool]) -> Iterator[IO]:
    opened = standard_descriptor(output) if output is not None else STDOUT
    if output is None or opened == STDOUT:
        with _standard_output(binary) as stream:
            yield _guarded(stream, STANDARD_OUTPUT)
    elif opened == STDERR:
        with suppress(AttributeError, OSError, ValueError):
            sys.stderr.flush()  # its messages so far before the report
        with _opened_stream(output, lambda: _open(os.dup(STDERR), binary)) as stream:
            yield stream
    elif is_stream(output):
        with _opened_stream(output, lambda: _open(output, binary)) as stream:
            yield stream
    else:
        with _replacing(output, binary, interrupted) as stream:
            yield stream


@contextmanager
def _opened_stream(output: str, opening: Callable[[], IO]) -> Iterator[IO]:
    """A stream `-o` names (a FIFO, a device, standard error by another name), written to as
    it is: opened, guarded, closed, each failure said as the report's."""
    stream = _attempt(_in(output), opening)
    try:
        yield _guarded(stream, _in(output))
        _attempt(_in(output), stream.close)
    finally:
        with suppress(OSError):
            stream.close()


STDOUT, STDERR = 1, 2


def standard_descriptor(output: str) -> int | None:
    """STDOUT or STDERR when `output` is the very file standard output or error already is,
    whatever its spelling (/dev/stdout, /dev/fd/1, /proc/self/fd/1, or the name of the file the
    shell redirected it to): it is written through that descriptor, at its offset. Opened
    again, it was truncated (O_TRUNC), erasing what the shell had written before (the FS audit)."""
    try:
        named = os.stat(output)
    except (OSError, ValueError):
        return None
    for descriptor in (STDOUT, STDERR):
        try:
            opened = os.fstat(descriptor)
        except OSError:  # closed
            continue
        if (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino):
            return descriptor
    return None


def written_in_place(output: str | None) -> bool:
    """Whether the report `output` is written as it goes, not replaced whole at the end."""
    return output is None or standard_descriptor(output) is not None or is_stream(output)


def _left(output: str | None) -> str:
    """What a failed run left of the report `output` (None: standard output)."""
    if output is None or written_in_place(output):
        return "le rapport n'est pas écrit en entier"
    if os.path.exists(output):
        return f"{visible(output)} n'est pas modifié"
    return "le rapport n'est pas écrit"


def partial_report(output: str) -> str:
    """Where an interrupted run's report goes: `rapport.json` → `rapport.interrompu.json`."""
    root, extension = os.path.splitext(output)
    return f"{root}.interrompu{extension}"


def partial_report_written(output: str) -> str:
    """The partial report of `output` as written: beside the file a symbolic link leads to
    (`_replacing`), where the message named one beside the link, which did not exist (the
    FS audit). Said as the user wrote it when that is the same file."""
    written = partial_report(os.path.realpath(output))
    said = partial_report(output)
    return said if os.path.realpath(said) == written else written


def _open(target: str | int, binary: bool, **options) -> IO:
    if binary:
        return open(target, "wb", **options)  # noqa: SIM115 - closed by the caller
    return open(target, "w", encoding=options.pop("encoding", "utf-8"), **options)  # noqa: SIM115


def _attempt(place: str, action: Callable[[], object]):
    try:
        return action()
    except OSError as error:
        raise cannot_write(place, error) from error


@contextmanager
def _replacing(output: str, binary: bool, interrupted: Callable[[], bool]) -> Iterator[IO]:
    """A temporary file beside the target (a link's target), renamed over it at the end (or,
    the run `interrupted`, renamed to the partial report's name beside it)."""
    target = os.path.realpath(output)
    try:
        whole = WholeFile(target, binary)
    except OSError as error:
        raise _no_new_file(output, os.path.dirname(target), error) from None
    place = _in(output)
    with whole:
        yield _guarded(whole.stream, place)
        _attempt(
            place, lambda: whole.finish(lambda: partial_report(target) if interrupted() else target)
        )


def _no_new_file(output: str, folder: str, error: OSError) -> OutputError:
    if error.errno == errno.ENOENT and not os.path.isdir(folder):
        return OutputError(
            f"impossible d'écrire le rapport {_in(output)}{NNBSP}: le répertoire "
            f"{visible(os.path.dirname(output) or '.')} n'existe pas{NNBSP}; le créer d'abord"
        )
    # The folder is there: ENOENT then says it takes no file at all (/proc, /sys).
    why = (
        "le système n'y crée aucun fichier"
        if error.errno == errno.ENOENT
        else os_reason(error, writing=True)
    )
    return OutputError(
        f"impossible d'écrire le rapport {_in(output)}{NNBSP}: le répertoire {visible(folder)} "
        f"n'accepte pas de nouveau fichier ({why}){NNBSP}; le rapport y est "
        "écrit sous un nom provisoire puis renommé"
    )


class WholeFile:
    """A file written whole or not at all: a temporary file beside `target` (mkstemp's hidden
    `.name.XXXXXXXX.part`), given its name by `finish`, removed when the `with` block ends
    without it. It takes the mode, group and owner of the file it replaces (the umask's mode
    for a new one), as editors do. `exclusive`, it never replaces one (`finish` raises
    FileExistsError): the name is claimed by link(), which the system checks as it takes it,
    so nothing slips in between, and which, as rename(), never follows a symbolic link out of
    the folder. Its own failures are OSErrors, said by its user (`-o`'s report, `init`)."""

    def __init__(self, target: str, binary: bool = False, *, exclusive: bool = False) -> None:
        folder, name = os.path.split(target)
        descriptor, self._temporary = tempfile.mkstemp(
            dir=folder or os.curdir, prefix=f".{name}.", suffix=".part"
        )
        self.target, self._exclusive = target, exclusive
        self.stream: IO = _open(descriptor, binary)

    def finish(self, named: Callable[[], str] | None = None) -> None:
        """The file, flushed, given its name: `named()`, asked once its text is on disk (a run
        interrupted by then names its partial report), else the target's."""
        self.stream.flush()
        final = named() if named else self.target
        descriptor = self.stream.fileno()
        _keep_owner(descriptor, final)
        # On the descriptor, not the name: in a folder others write to, the name may be theirs.
        os.fchmod(descriptor, _mode_for(final))
        self.stream.close()
        if self._exclusive:
            _claim(self._temporary, final)
        else:
            os.replace(self._temporary, final)

    def __enter__(self) -> WholeFile:
        return self

    def __exit__(self, *raised: object) -> None:
        with suppress(OSError):
            self.stream.close()
        with suppress(FileNotFoundError):  # renamed into place
            os.unlink(self._temporary)  # or the claimed file's second name


def _claim(temporary: str, path: str) -> None:
    """`temporary` also named `path`, which must not exist."""
    try:
        os.link(temporary, path)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise
        # No hard links on this file system (a FAT USB key, some network shares): the name
        # is claimed, empty for an instant, then the whole file renamed over it.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        os.close(os.open(path, flags, 0o666))
        os.replace(temporary, path)


def _keep_owner(descriptor: int, target: str) -> None:
    """The previous report's group, and its owner when the system permits, given to the file
    replacing it, as editors do: it had the runner's (the FS audit), so that a report shared
    with a group (0660) was no longer readable by it, and one replaced by root no longer by
    its owner. Best effort: a group the runner is not in, or a file system that keeps no
    owners (EINVAL, EOPNOTSUPP on some FUSE or CIFS mounts), leaves the runner's."""
    try:
        previous, made = os.stat(target), os.fstat(descriptor)
    except OSError:  # no previous report
        return
    if (previous.st_uid, previous.st_gid) == (made.st_uid, made.st_gid):
        return
    for owner in (previous.st_uid, -1):  # -1: the group alone, when the owner is refused
        try:
            os.fchown(descriptor, owner, previous.st_gid)
            return
        except PermissionError:
            continue
        except OSError:
            return


def _mode_for(target: str, new: int = 0o666) -> int:
    """The permissions the file (or folder: `new` 0o777) would have had written in place: the
    previous one's, else the umask's (mkstemp and mkdtemp make theirs their owner's only)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return new & ~umask


@contextmanager
def _standard_output(binary: bool) -> Iterator[IO]:
    """The report's stream on stdout. Meanwhile anything else written to stdout — a plugin's
    print() or os.write(1, …), in this process or in a worker forked from it — goes to stderr:
    it cannot corrupt a JSON report that a program reads."""
    stdout = sys.stdout
    if _is_closed(stdout):  # `>&-`: Python has no stream for it
        raise OutputError(
            f"impossible d'écrire le rapport {STANDARD_OUTPUT}{NNBSP}: elle est fermée{NNBSP}; "
            "l'écrire dans un fichier avec -o FICHIER"
        )
    try:
        descriptor = stdout.fileno()
    except (
        AttributeError,
        OSError,
        ValueError,
    ):  # no descriptor (click's test runner): print() only
        descriptor = None
    sys.stdout = sys.stderr
    try:
        if descriptor is None:
            yield stdout.buffer if binary else stdout
            return
        stdout.flush()
        saved = os.dup(descriptor)
        try:
            _point_at_stderr(descriptor)
            options = (
                {}
                if binary
                else {
                    "encoding": stdout.encoding,
                    "errors": stdout.errors,
                    "buffering": 1 if stdout.line_buffering else -1,
                }
            )
            stream = _open(os.dup(saved), binary, **options)
            try:
                yield stream
                _attempt(STANDARD_OUTPUT, stream.close)
            finally:
                with suppress(OSError):
                    stream.close()
        finally:
            with suppress(OSError, ValueError):  # what a plugin holding the real sys.stdout printed
                stdout.flush()
            os.dup2(saved, descriptor)
            os.close(saved)
    finally:
        sys.stdout = stdout


def _point_at_stderr(descriptor: int) -> None:
    try:
        os.dup2(sys.stderr.fileno(), descriptor)
    except (AttributeError, OSError, ValueError):  # no stderr either: what a plugin prints is lost
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, descriptor)
        os.close(null)


def _guarded(stream: IO, place: str) -> IO:
    """`stream` behind a _Guarded: an IO to its users, which __getattr__ passes through."""
    return cast(IO, _Guarded(stream, place))


class _Guarded:
    """The report's stream, its write errors (disk full, reader gone) made OutputErrors."""

    def __init__(self, stream: IO, place: str):
        self._stream = stream
        self._place = place

    def write(self, data):
        try:
            return self._stream.write(data)
        except OSError as error:
            raise cannot_write(self._place, error) from error

    def flush(self) -> None:
        _attempt(self._place, self._stream.flush)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


# -- a folder of pages (--pages) --------------------------------------------------------------

PAGES_MARK = ".labelcheck-pages"  # what says a folder is a report's, to be replaced whole
_PAGES_MARK_TEXT = (
    "Ce répertoire est un rapport écrit par « labelcheck evaluate --pages » : chaque "
    "évaluation le remplace en entier.\n"
)


class PagesFolder:
    """The folder a report written as pages goes to, made whole beside it under a hidden
    temporary name and put in its place by `finish`: an earlier run's folder is replaced whole,
    never mixed with this run's pages, and a run that fails leaves it as it was (`discard`).
    Only an empty folder, or one an earlier run wrote (PAGES_MARK), is ever replaced: the
    pages of a folder holding anything else would be lost with it."""

    def __init__(self, target: str, inputs: Iterable[str]) -> None:
        _refuse_pages_folder(target, inputs)
        # A link's folder is the one replaced, the link kept (as -o writes through a link);
        # normalised: `rapports/` is interrupted as `rapports.interrompu`.
        self.target = target = os.path.realpath(target)
        folder, name = os.path.split(target)
        try:
            self.staging = tempfile.mkdtemp(dir=folder, prefix=f".{name}.", suffix=".part")
            os.chmod(self.staging, _mode_for(target, 0o777))
            _keep_folder_group(self.staging, target)
            with open(os.path.join(self.staging, PAGES_MARK), "w", encoding="utf-8") as mark:
                mark.write(_PAGES_MARK_TEXT)
        except OSError as error:
            raise _no_new_file(target, folder, error) from None

    def index(self, suffix: str) -> str:
        """Where the index page is written."""
        return os.path.join(self.staging, f"index{suffix}")

    def finish(self, interrupted: bool) -> str:
        """The folder put in its place (`partial_report`'s name, the run interrupted); its path."""
        final = partial_report(self.target) if interrupted else self.target
        try:
            if interrupted and os.path.lexists(final) and not _replaceable(final):
                # Not an earlier partial report: kept, this one named beside it.
                folder, name = os.path.split(final)
                final = tempfile.mkdtemp(dir=folder or os.curdir, prefix=f"{name}.")
            _replace_folder(self.staging, final)
        except OSError as error:
            self.discard()
            raise cannot_write(_in(final), error) from error
        return final

    def discard(self) -> None:
        """The pages written so far removed: the run failed."""
        import shutil

        shutil.rmtree(self.staging, ignore_errors=True)


def _keep_folder_group(made: str, target: str) -> None:
    """The earlier folder's group given to the one replacing it (a report shared with a
    group), best effort, as `_keep_owner` does for a file."""
    try:
        group = os.stat(target).st_gid
    except OSError:  # no earlier folder
        return
    with suppress(OSError):
        os.chown(made, -1, group)


def _refuse_pages_folder(target: str, inputs: Iterable[str]) -> None:
    """LabelcheckError if `target` may not be replaced by a report's folder."""
    said = f"--pages {visible(target)}{NNBSP}: "
    if not os.path.isabs(target) and not _current_folder_exists():
        raise LabelcheckError(
            said + "le répertoire courant n'existe plus (il a été supprimé)"
            f"{NNBSP}; donner un chemin complet, ou se placer dans un répertoire existant"
        )
    real = Path(os.path.realpath(target))
    if real == Path(os.getcwd()).resolve() or os.path.ismount(real):
        # Neither can be renamed, nor should be (a shell standing in it; a share mounted there).
        what = "un point de montage" if os.path.ismount(real) else "le répertoire courant"
        raise LabelcheckError(
            said + f"c'est {what}, qui ne peut pas être remplacé en entier{NNBSP}; donner un "
            f"répertoire à l'intérieur, par exemple --pages {pasteable(Path(target) / 'rapports')}"
        )
    if problem := _in_a_dossier(real, os.path.isabs(target), "--pages"):
        raise LabelcheckError(said + problem)
    for given in inputs:
        if real == (place := Path(os.path.realpath(given))) or real in place.parents:
            raise LabelcheckError(
                said + f"ce répertoire contient {visible(given)}, à évaluer{NNBSP}: le rapport "
                "le remplacerait en entier\u202f; l'écrire hors des dossiers évalués"
            )
    if os.path.lexists(target) and not os.path.isdir(target):
        raise LabelcheckError(said + "ce n'est pas un répertoire")
    if os.path.isdir(target) and not _replaceable(target):
        raise LabelcheckError(
            said + "ce répertoire n'est pas vide, et aucune évaluation ne l'a écrit"
            f"{NNBSP}: le rapport le remplacerait en entier, avec ce qu'il contient"
            f"{NNBSP}; donner un répertoire vide ou nouveau"
        )


def _replaceable(folder: str) -> bool:
    try:
        names = os.listdir(folder)
    except OSError:
        return False  # said when it is replaced, if ever
    return not names or PAGES_MARK in names


def _replace_folder(made: str, target: str) -> None:
    """`made` renamed `target`, an earlier folder of that name set aside first and removed."""
    import shutil

    if not os.path.lexists(target):
        os.rename(made, target)
        return
    folder, name = os.path.split(os.path.abspath(target))
    aside = tempfile.mkdtemp(dir=folder, prefix=f".{name}.", suffix=".old")
    try:
        old = os.path.join(aside, name)
        os.rename(target, old)
        try:
            os.rename(made, target)
        except OSError:
            os.rename(old, target)  # the earlier folder back in its place
            raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)
