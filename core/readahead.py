"""Reading ahead: the kernel asked to fetch a queued dossier's files while the workers judge
the ones before it.

With `--jobs N`, the parent process mostly waits for its workers. A national set does not
stay in the page cache, and a worker that opens a dossier read from disk waits for it, one
file at a time. So, a few chunks before they are queued, the parent asks the kernel to start
reading their files (`posix_fadvise(POSIX_FADV_WILLNEED)`, which returns at once), from a
thread of its own (`Ahead`, below), which finds the dossiers too: the dossier file, and
the pieces beside it: their content when it is to be read (the digest of the JSON reports),
else their inodes, which the check that a piece is there reads. Measured on 60,000 dossiers
read from disk, JSONL, `--jobs 2`: 76.5 s without, 60.2 s with; with the files already in
memory, 2.8 % more (README.md, Performance).

A hint, never a reading: nothing here is parsed or judged, nothing is followed out of the
dossier's folder (links are not opened), and whatever fails is left to the worker, which
reads the file itself and says what is wrong with it.
"""

from __future__ import annotations

import os
import queue
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Generic, TypeVar, cast

_T = TypeVar("_T")

# Bounds on what one dossier's reading ahead asks for: the files of its folder and of the
# folders in it (`pieces/`), not a whole tree; and no piece larger than a dossier's pieces
# usually are, so that a folder of videos does not fill the page cache ahead of the workers.
MAX_FILES = 64
MAX_PIECE_BYTES = 8 * 2**20
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
SUPPORTED = hasattr(os, "posix_fadvise")


def read_ahead(targets: Iterable[object], pieces: bool) -> None:
    """Ask for each dossier file of `targets` (other items, input errors, are skipped) and
    for the files of its folder and of the folders in it: their content when `pieces` (small
    regular files), else only what a worker's check that they are there reads (their inode)."""
    if not SUPPORTED:
        return
    for target in targets:
        if isinstance(target, Path):
            dossier = os.fspath(target)
            _will_need(dossier)
            _folder(os.path.dirname(dossier) or ".", dossier, pieces)


def _folder(folder: str, dossier: str, contents: bool) -> None:
    budget = MAX_FILES
    for path in _files(folder):
        if budget == 0:
            return
        budget -= 1
        if path == dossier:
            continue
        if contents:
            _will_need(path, MAX_PIECE_BYTES)
        else:
            with suppress(OSError):
                os.lstat(path)


def _files(folder: str) -> Iterator[str]:
    """The files of `folder` and of the folders directly in it, no link followed."""
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError:
        return
    for entry in listed:
        try:
            if entry.is_dir(follow_symlinks=False):
                with os.scandir(entry.path) as inner:
                    yield from (e.path for e in inner if e.is_file(follow_symlinks=False))
            elif entry.is_file(follow_symlinks=False):
                yield entry.path
        except OSError:
            continue


def _will_need(path: str, largest: int | None = None) -> None:
    """The kernel asked to read `path`, a regular file (of at most `largest` bytes): asked
    first without opening it, since opening a device or a pipe is not without effect."""
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or (largest is not None and status.st_size > largest):
            return
        descriptor = os.open(path, _FLAGS)
    except OSError:
        return
    try:
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
    except OSError:  # a file swapped for a pipe since the lstat: ESPIPE, nothing asked
        pass
    finally:
        os.close(descriptor)


class Ahead(Generic[_T]):
    """`items`, in their order, produced by a thread that stays up to `depth` items ahead of
    the reader and calls `prepare` on each as it goes.

    The pool's parent reads its chunks through it: finding the dossiers (a listing of each
    folder) and reading them ahead (a `stat` per file) wait on the disk, one file at a time,
    when a national set is not in memory. Done by the process's main thread, those waits
    held back the chunks the workers were waiting for; done by this thread, they are not in
    its way (60,000 dossiers read from disk, JSONL, `--jobs 2`: 61 against 57 s; the same
    in memory). Whatever `items` raises is raised to the reader, where the thread had got
    to. `close()` stops the thread, which never outlives the run (a daemon besides)."""

    _END = object()

    def __init__(self, items: Iterable[_T], depth: int, prepare: Callable[[_T], object]):
        self._box: queue.Queue = queue.Queue(depth)
        self._items, self._prepare = iter(items), prepare
        self._stop = threading.Event()  # the reader closed
        self._pause = threading.Event()  # the reader wants no thread running: see `paused`
        self._held: list[object] = []  # the item made when a pause came, queued after it
        self._finished = False  # the end, or what the items raised, is queued
        self._thread = self._started()

    def _started(self) -> threading.Thread:
        thread = threading.Thread(target=self._produce, name="labelcheck-ahead", daemon=True)
        thread.start()
        return thread

    def _produce(self) -> None:
        while not self._pause.is_set():
            item = self._held.pop() if self._held else self._next_prepared()
            if not self._put(item):
                if not self._stop.is_set():  # paused: kept for the thread that follows
                    self._held.append(item)
                return
            if item is self._END or isinstance(item, _Raised):
                self._finished = True
                return

    def _next_prepared(self) -> object:
        try:
            item = next(self._items, self._END)
            if item is not self._END:
                self._prepare(cast(_T, item))
        except BaseException as error:  # noqa: BLE001 - handed to the reader, raised there
            return _Raised(error)
        return item

    def _put(self, item: object) -> bool:
        """Whether `item` was queued: not once the reader has closed, nor when it pauses."""
        while not (self._stop.is_set() or self._pause.is_set()):
            try:
                self._box.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    @contextmanager
    def paused(self) -> Iterator[None]:
        """No thread of ours runs inside: for a fork, which copies only the forking thread, so
        that a lock this one held (the allocator's, a file's) would stay locked in the child
        for ever (Python 3.12 and later warn of it). The thread ends after the item it is on,
        and the next one goes on from there: the items come in the same order."""
        self._pause.set()
        self._thread.join()
        _ended(self._thread)
        try:
            yield
        finally:
            self._pause.clear()
            if not (self._stop.is_set() or self._finished):
                self._thread = self._started()

    def __iter__(self) -> Ahead[_T]:
        return self

    def __next__(self) -> _T:
        item = self._box.get() if not self._stop.is_set() else self._END
        if item is self._END:
            self._stop.set()
            raise StopIteration
        if isinstance(item, _Raised):
            self._stop.set()
            raise item.error
        return cast(_T, item)

    def close(self) -> None:
        """Stop the thread: it stops at its next item, or within 0.1 s when it waits for room.
        Waited for a second at most: a listing stuck on a dead network disk must not hold
        the report back (the thread is a daemon: it does not hold the process either)."""
        self._stop.set()
        self._thread.join(timeout=1)


def _ended(thread: threading.Thread, within: float = 0.1) -> None:
    """Until the system thread under `thread` has exited too: `join` returns as the thread
    lets go of its last lock, a moment before the system ends it, and a fork in that moment
    counts it (Python 3.12 and later read the process's threads from /proc/self/stat, and
    warned of a fork « multi-threaded » in one run out of three under load). Linux only,
    and bounded: the fork is made after `within` seconds whatever the system says."""
    task = Path(f"/proc/self/task/{thread.native_id}")
    if thread.native_id is None or not task.parent.is_dir():
        return
    deadline = time.monotonic() + within
    while task.exists() and time.monotonic() < deadline:
        time.sleep(0.0005)


class _Raised:
    """What the thread raised, carried to the reader."""

    def __init__(self, error: BaseException):
        self.error = error
