"""Reading ahead: the kernel asked to fetch a queued dossier's files while the workers judge
the ones before it.

With `--jobs N`, the parent process mostly waits for its workers. A national set does not
stay in the page cache, and a worker that opens a dossier read from disk waits for it, one
file at a time. So, as each chunk is queued, the parent asks the kernel to start reading its
files (`posix_fadvise(POSIX_FADV_WILLNEED)`, which returns at once): the dossier file, and
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
import stat
from collections.abc import Iterable, Iterator
from contextlib import suppress
from pathlib import Path

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
