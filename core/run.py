"""A run over many dossiers: discover, evaluate one by one, stream to a writer.

With `--jobs N`, worker processes each build their engine once and evaluate
dossiers in chunks; results come back in input order, so the output is the
same whatever N.

Every dossier is untrusted, and so are the plugins that judge it: whatever a
check does (raise anything, call sys.exit, loop, kill its process), it costs
that dossier only. SIGINT and SIGTERM stop the run between two dossiers, the
report ending with the last complete one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, cast

from labelcheck.core import french
from labelcheck.core.engine import Engine
from labelcheck.core.errors import InputError, printable_path
from labelcheck.core.expressions import PluginExpressionFailed
from labelcheck.core.identity import Baseline
from labelcheck.core.loading import DOSSIER_FILES, Loaded, chunks, load
from labelcheck.core.readahead import Ahead, read_ahead
from labelcheck.core.report import SEVERITY_ORDER, DossierResult, Outcome, Summary
from labelcheck.core.writers import Rendered, Writer

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
CHUNK = 16  # dossiers per task sent to a worker: amortises pickling, keeps order cheap
# The parent's heap given back to the system every so many tasks received (`_heap_trimmer`).
TRIM_EVERY = 64
# Chunks found and read ahead beyond those queued (core/readahead.py, Ahead): from disk, 8
# chunks did as well as 64 (60,000 dossiers, JSONL, --jobs 2: 56.9 and 57.9 s).
AHEAD_CHUNKS = 8
DEFAULT_TIMEOUT: float = (
    60  # seconds per dossier: a real one takes milliseconds (help shows « 60 », not 60.0)
)


@dataclass(frozen=True)
class EngineSettings:
    """What a worker process needs to build the same engine as the parent, and to bound its work."""

    profile: str | None = None
    as_of: dt.date | None = None
    labels: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT  # seconds per dossier, 0 for none
    baseline: Baseline | None = None  # --baseline's findings, to mark the new ones
    steps_until: dt.date | None = None  # campaign: recorded dates up to its period's end
    digests: bool = True  # each result carries its dossier's digest (Engine.digests)


def display(path: Path) -> str:
    # A name that is not UTF-8 (a lone surrogate in Python) can go into neither JSON nor XML.
    return printable_path(path.as_posix())


# -- signals: stopping the run, bounding a dossier ----------------------------------------


class Interrupted(BaseException):
    """SIGINT or SIGTERM, raised only where abandoning the work in hand loses nothing."""


class EvaluationTimeout(BaseException):
    """A dossier took longer than --timeout. A BaseException, so that a plugin's
    `except Exception` cannot swallow it."""


class _State:
    stop_signal: int | None = None  # the signal that asked the run to stop
    abandonable = False  # the main thread is at work that may be dropped at any point
    evaluating = False  # a dossier is being evaluated: the alarm may interrupt it


_state = _State()


def stop_signal() -> int | None:
    """The signal (SIGINT, SIGTERM) that asked the run to stop, if one did."""
    return _state.stop_signal


def _on_stop_signal(signum: int, frame) -> None:
    # Outside abandonable work a signal only asks: what the run does then (write a
    # dossier, the end of the report) must not be cut, by a second Ctrl-C either.
    if _state.stop_signal is None:
        _state.stop_signal = signum
    if _state.abandonable:
        raise Interrupted(_state.stop_signal)


def _on_alarm(signum: int, frame) -> None:
    if _state.evaluating:
        raise EvaluationTimeout


@contextmanager
def run_signals() -> Iterator[None]:
    """For a run: SIGINT and SIGTERM ask it to stop (`stop_signal`), SIGALRM bounds each dossier.
    Signal handlers belong to the main thread; elsewhere the run is neither stoppable nor bounded."""
    _state.stop_signal = None
    try:
        previous = {
            number: signal.signal(number, handler)
            for number, handler in (
                (signal.SIGINT, _on_stop_signal),
                (signal.SIGTERM, _on_stop_signal),
                (signal.SIGALRM, _on_alarm),
            )
        }
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _in_main_thread() -> bool:
    """Signals are handled by the main thread: only there can they interrupt work."""
    return threading.current_thread() is threading.main_thread()


@contextmanager
def abandonable() -> Iterator[None]:
    """Work a stop signal may interrupt at once (raising Interrupted): nothing of it is kept."""
    if not _in_main_thread():
        yield
        return
    _state.abandonable = True
    try:
        if _state.stop_signal is not None:
            raise Interrupted(_state.stop_signal)
        yield
    finally:
        _state.abandonable = False


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """EvaluationTimeout raised in this block after `seconds`, then every second if a plugin
    swallows it. Only where `run_signals` (or a worker) handles SIGALRM: its default kills."""
    if not _in_main_thread():
        yield
        return
    armed = seconds > 0 and signal.getsignal(signal.SIGALRM) is _on_alarm
    _state.evaluating = True
    if armed:
        signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        _state.evaluating = False
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)


# -- one dossier ---------------------------------------------------------------------------


def evaluate_one(engine: Engine, path: Path, timeout: float = 0) -> DossierResult:
    """Evaluate one dossier; whatever a plugin raises (SystemExit, KeyboardInterrupt…) or a
    check that outlasts `timeout` is that dossier's internal error, never propagated."""
    shown = display(path)
    loaded: Loaded | None = None
    try:
        with abandonable(), _deadline(timeout):
            loaded = load(path, engine.registry, engine.profiles)
            return engine.evaluate_loaded(loaded, shown)
    except Interrupted:
        raise
    except EvaluationTimeout as error:
        message = (
            f"évaluation interrompue après {timeout:g} s (--timeout), alors dans {_where(error)}"
        )
        return _failed(engine, loaded, shown, message, timeout, digest=False)
    except BaseException as error:  # noqa: BLE001 - a bug in a plugin or in labelcheck
        if _state.stop_signal is not None:  # a real Ctrl-C, caught and changed by a plugin
            raise Interrupted(_state.stop_signal) from None
        if (
            isinstance(error, KeyboardInterrupt)
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        ):
            raise  # outside a run (a library call, a test), Python's own Ctrl-C
        return _failed(engine, loaded, shown, describe(error), timeout)


def failed(path: str, internal_error: str) -> DossierResult:
    return DossierResult(path, None, None, internal_error=internal_error)


def _failed(
    engine: Engine,
    loaded: Loaded | None,
    shown: str,
    message: str,
    timeout: float = 0,
    digest: bool = True,
) -> DossierResult:
    """A dossier's internal error, naming its school (UAI, name, digest, profile) when its
    file was read before the failure: reports list it, comparisons find it, by its UAI. Its
    digest reads its pieces, within the same --timeout, and not at all when reading them is
    what outlasted it: a dossier naming a huge file (a sparse 8 GB one zips to a few MB)
    held the run for as long as it took, whatever --timeout said (the security audit)."""
    if loaded is None:
        return failed(shown, message)
    try:
        if digest:
            with _deadline(timeout):
                return engine.unevaluated(loaded, shown, internal_error=message)
        return engine.unevaluated(loaded, shown, internal_error=message, digest=False)
    except EvaluationTimeout:
        return engine.unevaluated(loaded, shown, internal_error=message, digest=False)
    except Exception:  # noqa: BLE001 - its pieces unreadable now…: the error alone, then
        return failed(shown, message)


def describe(error: BaseException) -> str:
    """`RuntimeError: message (dans plugin.py:12)`: what was raised, and where."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    notes = getattr(error, "__notes__", None) or []  # the rule it was in (core/engine.py)
    where = _where(error)
    if isinstance(error, PluginExpressionFailed) and error.rule_place:
        where = error.rule_place  # the rule's own line: the code that ran it is labelcheck's
    return f"{text} (dans {', '.join([where, *map(str, notes)])})"


def _where(error: BaseException) -> str:
    """The file and line the error came from, this module's signal handlers left out."""
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename != __file__
    ]
    if not frames:
        return "?"
    # With its folder: « __init__.py:37 » named no plugin (the new-user walk).
    file = Path(frames[-1].filename)
    return f"{file.parent.name}/{file.name}:{frames[-1].lineno}"


@dataclass(frozen=True)
class Evaluated:
    """One dossier done: its outcome, with its result, or with its output already rendered
    (by a `--jobs` worker): the parent then only writes it."""

    outcome: Outcome
    result: DossierResult | None = None
    rendered: Rendered | None = None
    # An invalid dossier's errors: stderr shows them whatever the format (a JSONL or JUnit log
    # would otherwise say only that the dossier is invalid), and a campaign lists them.
    errors: tuple[InputError, ...] = ()

    @classmethod
    def of(
        cls, result: DossierResult, renderer: Writer | None = None, position: int = 0
    ) -> Evaluated:
        """`result` done; rendered by `renderer` if given, as the `position`-th of the report."""
        errors = tuple(result.errors)
        if renderer is None:
            return cls(Outcome.of(result), result, errors=errors)
        try:
            return cls(
                Outcome.of(result), rendered=renderer.render(result, position), errors=errors
            )
        except Exception as error:  # noqa: BLE001 - a writer's bug on this dossier: the batch goes on
            failure = failed(result.path, describe(error))
            return cls(Outcome.of(failure), rendered=renderer.render(failure, position))


def evaluate_all(
    engine: Engine,
    targets: Iterable[Path | InputError],
    jobs: int = 1,
    settings: EngineSettings | None = None,
    writer: Writer | None = None,
) -> Generator[Evaluated, None, None]:
    """Each dossier evaluated, in input order, until the targets end or a stop signal
    (`stop_signal()` then says which). With jobs > 1 and a writer, workers render each
    dossier for it (`Writer.render`): the parent only writes what they send back."""
    settings = settings or EngineSettings(timeout=0)
    try:
        if jobs > 1 or _third_party(engine):
            spec = (type(writer), writer.options()) if writer else None
            # One worker for a third party's plugin alone: dossier by dossier, so that a
            # report streams as it does in one process (JSON lines as they come).
            size = CHUNK if jobs > 1 else 1
            yield from _evaluate_parallel(engine, targets, jobs, settings, spec, size)
            return
        # The dossiers found a chunk at a time: the walk's listings made one after the other
        # took half the CPU they took each between two dossiers' evaluations, which leave the
        # processor's caches cold for it (1,000 dossiers: 68 → 33 µs a dossier, thread CPU time).
        for chunk in chunks(targets, CHUNK):
            for target in chunk:
                if _state.stop_signal is not None:
                    return
                yield Evaluated.of(_evaluate_target(engine, target, settings.timeout))
    except Interrupted:
        return


def _third_party(engine: Engine) -> bool:
    """Whether a plugin not shipped with labelcheck runs. Its dossiers are then evaluated in
    a worker process even with --jobs 1: a plugin that ends its process (os._exit, a crash
    in C) costs the dossier it was on, reported (exit 3), never the run and its report."""
    return not all(plugin.built_in for plugin in engine.registry.working)


def _shown(target: Path | InputError) -> str:
    return printable_path(target.file) if isinstance(target, InputError) else display(target)


def _evaluate_target(engine: Engine, target: Path | InputError, timeout: float) -> DossierResult:
    result = _result_of(engine, target, timeout)
    if result.errors and engine.baseline is not None:
        return engine.baseline.errors_marked(result)
    return result


def _result_of(engine: Engine, target: Path | InputError, timeout: float) -> DossierResult:
    if isinstance(target, InputError):
        # Not read, so no academy: the profile an unreadable dossier is reported under, as the
        # engine reports one it cannot validate (every dossier object names one).
        choice = engine.profiles.for_academy(None)
        return DossierResult(
            _shown(target),
            None,
            None,
            errors=(target,),
            profile=choice.profile.name,
            profile_reason=choice.reason,
        )
    return evaluate_one(engine, target, timeout)


# -- worker processes -----------------------------------------------------------------------

_worker_engine: Engine | None = None
_worker_renderer: Writer | None = None
_worker_timeout: float = 0
RendererSpec = tuple[type[Writer], dict]  # the writer's class, its options()
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _work(
    connection,
    parent: int,
    settings: EngineSettings | None,
    spec: RendererSpec | None,
    timeout: float,
) -> None:
    """A worker process: evaluate the chunks the parent sends until it sends None or is gone."""
    _start_worker(parent, settings, spec, timeout)
    while _parent_alive(connection, parent):
        try:
            chunk = connection.recv()
        except (EOFError, OSError):  # the parent closed its end
            return
        if chunk is None:
            return
        position, targets = chunk
        results = _evaluate_chunk(position, targets)
        try:
            connection.send(results)
        except (
            _pickling_error(),
            TypeError,
            AttributeError,
        ) as error:  # a plugin's object that cannot be pickled
            connection.send(
                [
                    Evaluated.of(failed(_shown(t), describe(error)), _worker_renderer, position + i)
                    for i, t in enumerate(targets)
                ]
            )


def _start_worker(
    parent: int, settings: EngineSettings | None, spec: RendererSpec | None, timeout: float
) -> None:
    global _worker_engine, _worker_renderer, _worker_timeout
    # The parent decides when to stop: a Ctrl-C reaching the whole process group must not
    # raise in the workers. SIGTERM kills, whatever handler the parent had (inherited by fork).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGALRM, _on_alarm)
    _state.stop_signal, _state.abandonable = None, False
    _die_with(parent)
    if settings is not None:
        _worker_engine = Engine.create(
            settings.profile,
            settings.as_of,
            settings.labels,
            baseline=settings.baseline,
            steps_until=settings.steps_until,
            digests=settings.digests,
        )
    if spec is not None:
        writer_class, options = spec
        _worker_renderer = writer_class(None, **options)
    _worker_timeout = timeout


def _pickling_error() -> type[Exception]:
    import pickle  # a worker's: multiprocessing has it loaded (a one-process run never needs it)

    return pickle.PicklingError


def _die_with(parent: int) -> None:
    """Linux kills this worker when its parent dies, even in the middle of a check (SIGKILL:
    a plugin may have caught SIGTERM). Elsewhere, `_parent_alive` notices within a second."""
    if sys.platform.startswith("linux"):
        import ctypes  # here, in a worker: 2 ms of every start otherwise

        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # died before prctl: nobody would have told us
        os._exit(0)


def _parent_alive(connection, parent: int) -> bool:
    """Wait for the parent's next message; False if the parent died meanwhile."""
    while not connection.poll(1.0):
        if os.getppid() != parent:
            return False
    return True


def _evaluate_chunk(position: int, targets: list[Path | InputError]) -> list[Evaluated]:
    """The targets evaluated (and rendered), the first being the `position`-th of the run."""
    assert _worker_engine is not None
    return [
        Evaluated.of(
            _evaluate_target(_worker_engine, t, _worker_timeout), _worker_renderer, position + i
        )
        for i, t in enumerate(targets)
    ]


def _evaluate_parallel(
    engine: Engine,
    targets,
    jobs: int,
    settings: EngineSettings,
    spec: RendererSpec | None,
    size: int = CHUNK,
) -> Iterator[Evaluated]:
    """Chunks of dossiers to `jobs` processes, results in input order.

    At most 2 chunks per process are waiting to be written, so memory does not grow
    with the number of dossiers. Forked workers inherit the parent's compiled engine.
    Sending back rendered output rather than results spares the parent unpickling
    hundreds of objects per dossier (bench/RECORD.md: it capped --jobs 2 at x1.5).
    """
    import multiprocessing  # here: a run in one process never pays for importing it

    global _worker_engine
    forking = sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if forking else "spawn")
    if forking:
        _worker_engine = engine
    initargs = (os.getpid(), None if forking else settings, spec, settings.timeout)
    pool = _Pool(jobs, context, initargs, size, pieces=engine.digests)
    finished = False
    try:
        yield from pool.results(chunks(targets, size))
        finished = _state.stop_signal is None
    finally:
        pool.close(kill=not finished)


def _heap_trimmer() -> Callable[[], object]:
    """glibc's malloc_trim, or nothing elsewhere. Every school's report passes through the
    parent (tens of kB, under glibc's threshold for a mapping of its own) on its way to the
    output: the holes it leaves in the heap are kept, and the parent of a 60,000-school
    Markdown run grew by 4.6 MiB of them, all in its heap (bench/RECORD.md). Trimming gives
    them back; mapping each report apart instead (a lower M_MMAP_THRESHOLD) would be
    inherited by the forked workers, whose many such strings it made 5 to 8 % dearer."""
    try:
        import ctypes

        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        return lambda: None
    return lambda: trim(0)


@dataclass
class _Task:
    """Dossiers sent together to a worker: a chunk, or a part of one."""

    chunk: int  # the chunk's index, in input order
    offset: int  # where its first dossier is in that chunk
    targets: list
    position: int  # its first dossier's position in the run
    alone: bool = False  # one dossier retried by itself, its worker having died on its chunk


class _Worker:
    """One worker process and the tasks sent to it, oldest first: it works them in that order."""

    def __init__(self, context, initargs: tuple):
        self.connection, their_end = context.Pipe()
        self.process = context.Process(target=_work, args=(their_end, *initargs), daemon=True)
        self.process.start()
        their_end.close()
        self.tasks: deque[_Task] = deque()
        self.broken = False  # a send failed: it is dying

    def send(self, task: _Task) -> bool:
        try:
            self.connection.send((task.position, task.targets))
        except OSError:
            self.broken = True
            return False
        self.tasks.append(task)
        return True

    def stop(self) -> None:
        """Ask it to end once its tasks are done."""
        with suppress(OSError):
            self.connection.send(None)

    def how_it_ended(self) -> str:
        self.process.join(1.0)
        if self.process.is_alive():  # its end of the pipe closed, yet it runs: end it
            self.process.kill()
            self.process.join(1.0)
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"tué par le signal {signal.Signals(-code).name}"
        return f"code de sortie {code}"


class _Pool:
    """Worker processes fed with tasks. A worker that dies costs only the dossier it was on:
    the dossiers of its task are retried one by one, alone, in a new worker; one whose
    worker dies again is that dossier's internal error. The tasks it had not begun are sent
    to another worker as they were."""

    def __init__(
        self, jobs: int, context, initargs: tuple, size: int = CHUNK, pieces: bool = False
    ):
        self.jobs, self.context, self.initargs = jobs, context, initargs
        self.size = size  # dossiers per chunk: every chunk but the last holds as many
        self.pieces = pieces  # the workers read the pieces' content: read it ahead too
        self.workers: list[_Worker] = []
        self.queue: deque[_Task] = deque()  # tasks to send, retried ones first
        self.slots: dict[int, list[Evaluated | None]] = {}  # chunk index -> its results so far
        self.received = 0  # tasks received, to trim the heap every TRIM_EVERY
        self.trim = _heap_trimmer()
        self.ahead: Ahead[tuple[int, list]] | None = None  # the chunks after the first window

    def results(self, chunks: Iterator[list]) -> Iterator[Evaluated]:
        numbered: Iterator[tuple[int, list]] = enumerate(chunks)
        next_chunk, more = 0, True
        try:
            while True:
                while more and len(self.slots) < 2 * self.jobs and _state.stop_signal is None:
                    numbered_chunk = next(numbered, None)
                    if numbered_chunk is None:
                        more = False
                        break
                    if self.ahead is None:  # the first window: read ahead here, as it is queued
                        self._read_ahead(numbered_chunk)
                    index, chunk = numbered_chunk
                    self.slots[index] = [None] * len(chunk)
                    self.queue.append(_Task(index, 0, chunk, index * self.size))
                while next_chunk in self.slots and None not in self.slots[next_chunk]:
                    yield from cast(
                        list[Evaluated], self.slots.pop(next_chunk)
                    )  # no None left: see above
                    next_chunk += 1
                if _state.stop_signal is not None or not (self.slots or more):
                    return
                if not self.slots:  # the whole window came in at once: fill it again
                    continue
                self._dispatch()
                if self.ahead is None and more:
                    # The workers forked (by the first dispatch) before any thread runs: the
                    # chunks after the first window are found and read ahead by a thread,
                    # paused while a worker that died is forked again (`_forked`).
                    numbered = self.ahead = Ahead(numbered, AHEAD_CHUNKS, self._read_ahead)
                self._wait()
        finally:
            if self.ahead is not None:
                self.ahead.close()

    def _read_ahead(self, numbered_chunk: tuple[int, list]) -> None:
        read_ahead(numbered_chunk[1], self.pieces)  # core/readahead.py: while the workers judge

    def _dispatch(self) -> None:
        while self.queue and (worker := self._available()):
            task = self.queue.popleft()
            if not worker.send(task):
                self.queue.appendleft(task)

    def _available(self) -> _Worker | None:
        """An idle worker, else a new one while there are fewer than jobs, else one with a single task."""
        usable = [w for w in self.workers if not w.broken and len(w.tasks) < 2]
        idle = [w for w in usable if not w.tasks]
        if idle:
            return idle[0]
        if len(self.workers) < self.jobs:
            self.workers.append(self._forked())
            return self.workers[-1]
        return usable[0] if usable else None

    def _forked(self) -> _Worker:
        """A new worker, the read-ahead thread paused: a fork copies the forking thread alone,
        and a lock the other held would stay locked in the worker (Python 3.12 warns of it)."""
        if self.ahead is None:
            return _Worker(self.context, self.initargs)
        with self.ahead.paused():
            return _Worker(self.context, self.initargs)

    def _wait(self) -> None:
        """Until a worker answers or ends. A stop signal interrupts the wait (Interrupted)."""
        from multiprocessing.connection import wait

        watched = [w.connection for w in self.workers if w.tasks] + [
            w.process.sentinel for w in self.workers
        ]
        with abandonable():
            ready = set(wait(watched))
        for worker in list(self.workers):
            if worker.process.sentinel in ready:
                self._lost(worker)
            elif worker.connection in ready:
                try:
                    self._receive(worker)
                except (EOFError, OSError):
                    self._lost(worker)

    def _receive(self, worker: _Worker) -> None:
        results = worker.connection.recv()
        task = worker.tasks.popleft()
        self.slots[task.chunk][task.offset : task.offset + len(results)] = results
        self.received += 1
        if self.received % TRIM_EVERY == 0:
            self.trim()

    def _lost(self, worker: _Worker) -> None:
        try:  # what it sent before it ended is good
            while worker.tasks and worker.connection.poll():
                self._receive(worker)
        except (EOFError, OSError):
            pass
        self.workers.remove(worker)
        worker.connection.close()
        ended = worker.how_it_ended()
        if not worker.tasks:
            return
        running, *waiting = worker.tasks
        self.queue.extendleft(reversed(waiting))
        if running.alone:
            shown = _shown(running.targets[0])
            message = f"le processus qui l'évaluait s'est arrêté deux fois, la seconde en l'évaluant seul ({ended})"
            self.slots[running.chunk][running.offset] = Evaluated.of(failed(shown, message))
        else:
            self.queue.extendleft(
                reversed(
                    [
                        _Task(
                            running.chunk,
                            running.offset + i,
                            [target],
                            running.position + i,
                            alone=True,
                        )
                        for i, target in enumerate(running.targets)
                    ]
                )
            )

    def close(self, kill: bool) -> None:
        """Stop the workers: asked to end once their work is done, or killed (an interrupted run)."""
        for worker in self.workers:
            if kill:
                worker.process.kill()
            else:
                worker.stop()
        deadline = time.monotonic() + (1.0 if kill else 5.0)
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1.0)
            worker.connection.close()
        self.workers.clear()


# -- selection, progress, exit status ------------------------------------------------


def distinct_paths(paths: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The paths given, less those whose dossiers another path given already reaches (the same
    path twice; a folder, or a dossier file, inside a folder given), so that no dossier is
    evaluated and counted twice; and each path left out with the one reaching it.

    Only the arguments are compared, resolved (links, `..`), never the dossiers found: a set
    of every dossier seen would grow with a repository of 60,000. The walk follows no link
    inside a folder, so a resolved path under a resolved folder is one the walk reaches."""
    resolved = [Path(os.path.realpath(given)) for given in paths]
    folders: dict[Path, str] = {}
    for given, real in zip(paths, resolved, strict=True):
        if os.path.isdir(real):  # Path.is_dir raises for a folder on the way not readable
            folders.setdefault(real, given)
    kept: dict[Path, str] = {}
    skipped: list[tuple[str, str]] = []
    for given, real in zip(paths, resolved, strict=True):
        reached_by = kept.get(real) or _folder_reaching(real, folders)
        if reached_by is None:
            kept[real] = given
        else:
            skipped.append((given, reached_by))
    return list(kept.values()), skipped


def _folder_reaching(real: Path, folders: dict[Path, str]) -> str | None:
    """The folder given whose walk reaches `real`: its outermost ancestor given (never itself
    left out), if `real` is a folder or a file the walk yields (one named as a dossier:
    another file is evaluated only when given)."""
    if not os.path.isdir(real) and real.name not in DOSSIER_FILES:
        return None
    return next((folders[parent] for parent in reversed(real.parents) if parent in folders), None)


def take_shard(targets: Iterable, index: int, count: int) -> Iterator:
    """The index-th of count shares (1-based), each dossier's by a digest of its path as
    found: the shards cover each dossier once, in the discovery order, and a school added or
    removed moves no other to another shard. By position, one school more moved almost every
    other: GitHub, which keeps each shard's code-scanning alerts apart (a SARIF category per
    shard), then showed them all as fixed in one and new in another (the CI audit)."""
    for target in targets:
        if shard_of(target, count) == index:
            yield target


def shard_of(target: Path | InputError, count: int) -> int:
    """The shard (1 to count) of a dossier, or of the error of a path that holds none."""
    path = target.file if isinstance(target, InputError) else target.as_posix()
    digest = hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count + 1


class Progress:
    """A progress line on stderr, only when stderr is a terminal and the run is long."""

    def __init__(self, stream: TextIO | None):
        self.stream = stream
        self.shown = 0  # length of the line on screen, to blank it

    @classmethod
    def for_terminal(cls, stream: TextIO | None, report_on_terminal: bool = False) -> Progress:
        # A report streamed to the same terminal shows the run going on by itself,
        # and a progress line would cut into its lines.
        # None: stderr closed (`2>&-`); the run goes on, its messages are lost, not its report
        on_terminal = stream is not None and stream.isatty()
        return cls(stream if on_terminal and not report_on_terminal else None)

    def track(self, results: Iterable[Evaluated]) -> Iterator[Evaluated]:
        start, last = time.monotonic(), 0.0
        for count, result in enumerate(results, start=1):
            now = time.monotonic()
            if self.stream and now - start > 1.0 and now - last > 0.2:
                self._show(
                    f"{french.plural(count, 'dossier évalué', 'dossiers évalués')}… {count / (now - start):.0f}/s"
                )
                last = now
            yield result
        self.clear()

    def _show(self, text: str) -> None:
        assert self.stream is not None
        self.stream.write("\r" + text.ljust(self.shown))
        self.stream.flush()
        self.shown = len(text)

    def clear(self) -> None:
        """Blank the progress line: call it before writing anything else to its terminal."""
        if self.stream and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


def exit_status(summary: Summary, worst: str | None, fail_on: str) -> int:
    if summary.internal_errors:
        return EXIT_INTERNAL
    if summary.invalid:
        return EXIT_INPUT
    if (
        fail_on != "never"
        and worst is not None
        and SEVERITY_ORDER[worst] <= SEVERITY_ORDER[fail_on]
    ):
        return EXIT_FINDINGS
    return EXIT_OK


def worse(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if SEVERITY_ORDER[a] <= SEVERITY_ORDER[b] else b
