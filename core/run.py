"""A run over many dossiers: discover, evaluate one by one, stream to a writer.

With `--jobs N`, worker processes each build their engine once and evaluate
dossiers in chunks; results come back in input order, so the output is the
same whatever N.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TextIO

from labelcheck.core.engine import Engine
from labelcheck.core.errors import InputError
from labelcheck.core.report import SEVERITY_ORDER, DossierResult, Outcome, Summary
from labelcheck.core.writers import Writer

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
CHUNK = 16  # dossiers per task sent to a worker: amortises pickling, keeps order cheap


@dataclass(frozen=True)
class EngineSettings:
    """What a worker process needs to build the same engine as the parent."""

    profile: str | None = None
    as_of: dt.date | None = None
    labels: tuple[str, ...] = ()


def display(path: Path) -> str:
    return path.as_posix()


def evaluate_one(engine: Engine, path: Path) -> DossierResult:
    """Evaluate one dossier; a plugin that raises is reported, never propagated."""
    try:
        return engine.evaluate_path(path, display(path))
    except Exception as error:  # noqa: BLE001 - a bug in a plugin or in labelcheck
        where = traceback.extract_tb(error.__traceback__)[-1]
        return DossierResult(display(path), None, None, internal_error=(
            f"{type(error).__name__}: {error} (in {Path(where.filename).name}:{where.lineno})"))


@dataclass(frozen=True)
class Evaluated:
    """One dossier done: its outcome, with its result, or its output already rendered
    (by a `--jobs` worker, for a writer that `renders_alone`)."""

    outcome: Outcome
    result: DossierResult | None = None
    text: str | None = None

    @classmethod
    def of(cls, result: DossierResult, renderer: Writer | None = None) -> Evaluated:
        if renderer is None:
            return cls(Outcome.of(result), result)
        return cls(Outcome.of(result), text=renderer.render(result))


def evaluate_all(engine: Engine, targets: Iterable[Path | InputError], jobs: int = 1,
                 settings: EngineSettings | None = None, writer: Writer | None = None) -> Iterator[Evaluated]:
    """Each dossier evaluated, in input order. With jobs > 1 and a writer that renders
    alone, workers send back rendered text: the parent only writes it."""
    if jobs > 1 and settings is not None:
        spec = (type(writer), writer.profile, writer.color) if writer and writer.renders_alone else None
        yield from _evaluate_parallel(engine, targets, jobs, settings, spec)
        return
    for target in targets:
        yield Evaluated.of(_evaluate_target(engine, target))


def _evaluate_target(engine: Engine, target: Path | InputError) -> DossierResult:
    if isinstance(target, InputError):
        return DossierResult(target.file, None, None, errors=(target,))
    return evaluate_one(engine, target)


# -- worker processes -----------------------------------------------------------

_worker_engine: Engine | None = None
_worker_renderer: Writer | None = None
RendererSpec = tuple[type, str, bool]  # writer class, profile name, colour


def _start_worker(settings: EngineSettings | None, spec: RendererSpec | None) -> None:
    global _worker_engine, _worker_renderer
    if settings is not None:
        _worker_engine = Engine.create(settings.profile, settings.as_of, settings.labels)
    if spec is not None:
        writer_class, profile, color = spec
        _worker_renderer = writer_class(None, profile, color)


def _evaluate_chunk(targets: list[Path | InputError]) -> list[Evaluated]:
    assert _worker_engine is not None
    return [Evaluated.of(_evaluate_target(_worker_engine, t), _worker_renderer) for t in targets]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _evaluate_parallel(engine: Engine, targets, jobs: int, settings: EngineSettings,
                       spec: RendererSpec | None) -> Iterator[Evaluated]:
    """Chunks of dossiers to `jobs` processes, results in input order.

    At most 2 chunks per process are in flight, so memory does not grow with the
    number of dossiers. Forked workers inherit the parent's compiled engine; a
    worker that dies is reported as an internal error of its dossiers, never a hang.
    Sending back rendered text rather than results spares the parent unpickling
    hundreds of objects per dossier (bench/README.md: it capped --jobs 2 at x1.5).
    """
    global _worker_engine
    forking = sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if forking else "spawn")
    if forking:
        _worker_engine = engine
    initargs = (None if forking else settings, spec)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=initargs) as pool:
        in_flight: deque[tuple[list, Future]] = deque()
        for chunk in _chunks(targets, CHUNK):
            in_flight.append((chunk, pool.submit(_evaluate_chunk, chunk)))
            if len(in_flight) >= 2 * jobs:
                yield from _collect(*in_flight.popleft())
        while in_flight:
            yield from _collect(*in_flight.popleft())


def _collect(chunk: list, future: Future) -> list[Evaluated]:
    try:
        return future.result()
    except BrokenProcessPool:
        return [Evaluated.of(DossierResult(t.file if isinstance(t, InputError) else display(t), None, None,
                                           internal_error="a worker process died while evaluating this dossier"))
                for t in chunk]


# -- selection, progress, exit status ------------------------------------------------

def take_shard(targets: Iterable, index: int, count: int) -> Iterator:
    """The index-th of count shares (1-based), by position in the stable discovery order."""
    for position, target in enumerate(targets):
        if position % count == index - 1:
            yield target


class Progress:
    """A progress line on stderr, only when stderr is a terminal and the run is long."""

    def __init__(self, stream: TextIO | None):
        self.stream = stream
        self.shown = 0  # length of the line on screen, to blank it

    @classmethod
    def for_terminal(cls, stream: TextIO, report_on_terminal: bool = False) -> Progress:
        # A report streamed to the same terminal shows the run going on by itself,
        # and a progress line would cut into its lines.
        return cls(stream if stream.isatty() and not report_on_terminal else None)

    def track(self, results: Iterable[Evaluated]) -> Iterator[Evaluated]:
        start, last = time.monotonic(), 0.0
        for count, result in enumerate(results, start=1):
            now = time.monotonic()
            if self.stream and now - start > 1.0 and now - last > 0.2:
                self._show(f"{count} dossier(s) évalué(s)… {count / (now - start):.0f}/s")
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
    if fail_on != "never" and worst is not None and SEVERITY_ORDER[worst] <= SEVERITY_ORDER[fail_on]:
        return EXIT_FINDINGS
    return EXIT_OK


def worse(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if SEVERITY_ORDER[a] <= SEVERITY_ORDER[b] else b
