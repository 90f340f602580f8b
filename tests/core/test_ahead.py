"""core/readahead.py, Ahead: the parallel run's chunks found and read ahead by a thread,
handed over in their order, never far ahead, and never left running."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from labelcheck.core.readahead import Ahead, _ended


@settings(deadline=None)
@given(items=st.lists(st.integers()), depth=st.integers(1, 5))
def test_every_item_comes_in_its_order_each_prepared_once(items, depth):
    prepared: list[int] = []
    ahead = Ahead(items, depth, prepared.append)
    try:
        assert list(ahead) == items
    finally:
        ahead.close()
    assert prepared == items


def test_the_items_are_prepared_by_another_thread():
    threads: set[int] = set()
    ahead = Ahead(range(5), 2, lambda _item: threads.add(threading.get_ident()))
    try:
        list(ahead)
    finally:
        ahead.close()
    assert threads and threading.get_ident() not in threads


def test_it_stays_at_most_depth_items_ahead_of_the_reader():
    taken: list[int] = []
    enough = threading.Event()

    def counted() -> Iterator[int]:
        for number in itertools.count():
            taken.append(number)
            if len(taken) > 10:
                enough.set()
            yield number

    ahead = Ahead(counted(), 3, lambda _item: None)
    try:
        assert next(ahead) == 0
        enough.wait(0.5)  # what it would have taken, had it no bound
        # One read, three queued, one more taken and waiting for room.
        assert len(taken) <= 1 + 3 + 1
    finally:
        ahead.close()


def test_what_the_items_raise_reaches_the_reader_after_the_items_before():
    def failing() -> Iterator[int]:
        yield 1
        yield 2
        raise OSError("disque illisible")

    ahead = Ahead(failing(), 4, lambda _item: None)
    try:
        assert next(ahead) == 1
        assert next(ahead) == 2
        with pytest.raises(OSError, match="disque illisible"):
            next(ahead)
        with pytest.raises(StopIteration):  # and nothing after it
            next(ahead)
    finally:
        ahead.close()


def test_closing_stops_the_thread_of_a_reader_that_stopped_early():
    ahead = Ahead(itertools.count(), 2, lambda _item: None)
    assert next(ahead) == 0
    ahead.close()
    assert not ahead._thread.is_alive()
    with pytest.raises(StopIteration):
        next(ahead)


def ahead_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "labelcheck-ahead" and t.is_alive()]


@pytest.mark.parametrize("read_before", [0, 1, 4, 30])
def test_paused_no_thread_runs_and_the_items_come_in_their_order_each_prepared_once(read_before):
    """The pool forks a worker that died while paused: fork copies the forking thread alone."""
    prepared: list[int] = []
    ahead = Ahead(range(30), 3, prepared.append)
    try:
        read = [next(ahead) for _ in range(read_before)]
        for _ in range(3):
            with ahead.paused():
                assert not ahead_threads()
        read += list(ahead)
    finally:
        ahead.close()
    assert read == list(range(30))
    assert prepared == list(range(30))


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="Linux's /proc")
def test_a_paused_thread_is_gone_from_the_system_before_the_fork():
    """`join` returns a moment before the system thread exits, and Python 3.12's fork counts
    the process's threads from /proc: a replacement worker was forked « multi-threaded » in
    one run out of ten under load. `_ended` waits for the system thread itself."""
    for _ in range(50):
        thread = threading.Thread(target=lambda: None)
        thread.start()
        thread.join()
        _ended(thread)
        assert not Path(f"/proc/self/task/{thread.native_id}").exists()
