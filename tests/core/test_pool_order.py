"""The parallel run's window of chunks, driven without processes.

`_Pool.results` keeps at most two chunks per job in flight and yields them in input
order. These tests replace the workers with a script saying which chunk each wait
completes, so the orders that real workers produce only now and then are forced.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from labelcheck.core import run


class ScriptedPool(run._Pool):
    """A pool whose `_wait` completes the chunks a strategy picks among those in flight."""

    def __init__(self, jobs: int, pick):
        super().__init__(jobs, context=None, initargs=())
        self.pick = pick  # in-flight chunk indexes -> the ones completed by this wait

    def _dispatch(self) -> None:
        self.queue.clear()  # "sent": what is in self.slots is in flight

    def _wait(self) -> None:
        pending = sorted(i for i, slot in self.slots.items() if None in slot)
        for index in self.pick(pending) or pending[:1]:
            done: list[Any] = [f"{index}:{n}" for n in range(len(self.slots[index]))]
            self.slots[index] = done  # labels standing for results: only their order matters


def chunks(count: int, size: int = 2) -> Iterator[list]:
    return ([f"d{i}-{n}" for n in range(size)] for i in range(count))


def expected(count: int, size: int = 2) -> list[str]:
    return [f"{i}:{n}" for i in range(count) for n in range(size)]


def test_the_run_goes_on_when_the_whole_window_completes_at_once():
    # The first chunk finishes last: once it is in, every chunk in flight is done and the
    # window empties. The run used to end there, dropping every chunk not yet sent.
    def first_last(pending: list[int]) -> list[int]:
        return pending[1:] if len(pending) > 1 else pending

    pool = ScriptedPool(jobs=1, pick=first_last)
    assert list(pool.results(chunks(7))) == expected(7)


@given(
    jobs=st.integers(1, 4),
    count=st.integers(0, 30),
    choices=st.lists(st.sets(st.integers(0, 7)), max_size=200),
)
def test_every_chunk_comes_back_in_input_order_whatever_order_they_complete_in(
    jobs, count, choices
):
    script = iter(choices)

    def scripted(pending: list[int]) -> list[int]:
        picked: set[int] = next(script, set())
        return [index for position, index in enumerate(pending) if position in picked]

    pool = ScriptedPool(jobs, scripted)
    assert list(pool.results(chunks(count))) == expected(count)


def ahead_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "labelcheck-ahead" and t.is_alive()]


def test_the_chunks_after_the_first_window_are_found_by_a_thread_stopped_with_the_run():
    found_by: set[str] = set()

    def watched() -> Iterator[list]:
        for chunk in chunks(40):
            found_by.add(threading.current_thread().name)
            yield chunk

    pool = ScriptedPool(jobs=2, pick=lambda pending: pending[:1])
    results = pool.results(watched())
    assert [next(results) for _ in range(6)] == expected(40)[:6]
    assert found_by == {threading.main_thread().name, "labelcheck-ahead"}
    results.close()  # a run stopped early (Ctrl-C, a writer failing): no thread left behind
    assert not ahead_threads()


class _Pipe:
    def send(self, message: object) -> None:
        pass

    def poll(self) -> bool:
        return False

    def close(self) -> None:
        pass


class _Process:
    """A worker that never runs: its start records the read-ahead threads alive then."""

    exitcode = 1

    def __init__(self, forks: list[list[threading.Thread]]):
        self.forks = forks
        self.sentinel = object()

    def start(self) -> None:
        self.forks.append(ahead_threads())

    def join(self, timeout: float | None = None) -> None:
        pass

    def is_alive(self) -> bool:
        return False


class _Context:
    def __init__(self) -> None:
        self.forks: list[list[threading.Thread]] = []

    def Pipe(self) -> tuple[_Pipe, _Pipe]:  # noqa: N802 - multiprocessing's name
        return _Pipe(), _Pipe()

    def Process(self, target, args, daemon) -> _Process:  # noqa: N802 - multiprocessing's name
        return _Process(self.forks)


class DyingWorkerPool(run._Pool):
    """The real dispatch, whose first wait, the read-ahead thread started just before, loses a
    worker (a plugin's os._exit): the worker is forked again. Every other wait completes a
    task of each worker."""

    def __init__(self, jobs: int):
        super().__init__(jobs, context=_Context(), initargs=())
        self.died = False

    def _wait(self) -> None:
        if not self.died:
            self.died = True
            self._lost(self.workers[0])
            return
        for worker in self.workers:
            if worker.tasks:
                task = worker.tasks.popleft()
                done: list[Any] = [
                    f"{task.chunk}:{task.offset + n}" for n in range(len(task.targets))
                ]
                self.slots[task.chunk][task.offset : task.offset + len(done)] = done


def test_a_worker_that_died_is_forked_again_with_no_read_ahead_thread_running():
    """fork copies the forking thread alone: a lock the read-ahead held would stay locked in
    the new worker (Python 3.12 warned « multi-threaded, use of fork() may lead to deadlocks »)."""
    pool = DyingWorkerPool(jobs=2)
    assert list(pool.results(chunks(40))) == expected(40)
    forks = pool.context.forks
    assert len(forks) == 3  # the two workers, then the one forked again
    assert forks == [[], [], []]
    assert not ahead_threads()


def test_a_short_run_starts_no_thread():
    pool = ScriptedPool(jobs=2, pick=lambda pending: pending)
    assert list(pool.results(chunks(3))) == expected(3)
    assert not ahead_threads()


def test_one_process_finds_the_dossiers_a_chunk_at_a_time(engine):
    """With --jobs 1 too, the walk finds a chunk of dossiers before the first is judged: its
    listings made one after the other cost half the CPU (core/run.py, evaluate_all); the
    results still come one by one, in input order."""
    from labelcheck.core.errors import InputError

    found: list[int] = []

    def targets() -> Iterator[InputError]:  # errors stand for dossiers: nothing to read
        for number in range(run.CHUNK + 3):
            found.append(number)
            yield InputError(f"d{number}", None, "", "introuvable")

    results = run.evaluate_all(engine(), targets(), jobs=1)
    assert next(results).outcome.path == "d0"
    assert found == list(range(run.CHUNK))
    assert [r.outcome.path for r in results] == [f"d{n}" for n in range(1, run.CHUNK + 3)]


class _Connection:
    def recv(self) -> list:
        return ["result"]


class _Sent:
    """A worker whose tasks come back at once, one result each."""

    def __init__(self, count: int):
        self.connection = _Connection()
        self.tasks = deque(run._Task(i, 0, ["d"], i) for i in range(count))


def test_the_parent_gives_its_heap_back_every_so_many_tasks_received():
    """The schools' reports pass through the parent: the holes they leave in its heap grew a
    national Markdown run's parent by 4.6 MiB until it trimmed them (bench/RECORD.md)."""
    pool = run._Pool(2, context=None, initargs=())
    trims: list[int] = []
    pool.trim = lambda: trims.append(pool.received)
    count = 3 * run.TRIM_EVERY + 5
    pool.slots = {i: [None] for i in range(count)}
    worker = _Sent(count)
    for _ in range(count):
        pool._receive(worker)
    assert trims == [run.TRIM_EVERY, 2 * run.TRIM_EVERY, 3 * run.TRIM_EVERY]
    assert all(slot == ["result"] for slot in pool.slots.values())


def test_the_heap_trimmer_is_glibcs_or_nothing():
    trim = run._heap_trimmer()
    trim()  # glibc: malloc_trim(0), which gives back what is free; elsewhere, nothing
