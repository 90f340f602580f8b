"""Spool: the part of a report held in a temporary file until `close`, copied out whole,
by the kernel when the report has a file under it, else through the stream."""

from __future__ import annotations

import errno
import io
import os
import tempfile

import pytest
from labelcheck.core.output import OutputError
from labelcheck.core.writers import Spill, Spool

PARTS = [b"<section>\xc3\xa9cole %d</section>\n" % i for i in range(2000)]


def spooled() -> Spool:
    spool = Spool()
    for part in PARTS:
        spool.write(part)
    return spool


def test_copied_onto_a_file_between_what_comes_before_and_after(tmp_path):
    path = tmp_path / "rapport.html"
    with open(path, "wb") as stream:
        stream.write(b"<head>")  # still in the stream's buffer: written first all the same
        spooled().copy_to(stream)
        stream.write(b"</html>")
    assert path.read_bytes() == b"<head>" + b"".join(PARTS) + b"</html>"


def test_copied_onto_a_stream_with_no_file():
    stream = io.BytesIO()
    stream.write(b"<head>")
    spooled().copy_to(stream)
    assert stream.getvalue() == b"<head>" + b"".join(PARTS)


def test_what_the_kernel_did_not_send_is_copied_through_the_stream(tmp_path, monkeypatch):
    offsets = []

    def first_hundred_bytes_then_refused(target, source, offset, count):
        offsets.append(offset)
        if offset:
            raise OSError(errno.EINVAL, "Invalid argument")
        return os.write(target, os.pread(source, 100, offset))  # moves the target's offset too

    monkeypatch.setattr(os, "sendfile", first_hundred_bytes_then_refused)
    path = tmp_path / "rapport.html"
    with open(path, "wb") as stream:
        spooled().copy_to(stream)
    assert offsets == [0, 100]
    assert path.read_bytes() == b"".join(PARTS)


def test_a_write_error_is_the_streams_own(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as stream, pytest.raises(OSError):
        spooled().copy_to(stream)


def test_nothing_written_copies_nothing():
    stream = io.BytesIO()
    Spool().copy_to(stream)
    assert stream.getvalue() == b""


class UnflushableFile(io.BytesIO):
    """A temporary file whose buffered bytes meet a full disk when flushed."""

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_temporary_file_the_disk_refuses_is_the_reports_failure(monkeypatch):
    """Not an OSError, which the run took for the dossier being written (an internal error),
    and after which the part spooled was copied into the report (the FS audit)."""
    monkeypatch.setattr(tempfile, "TemporaryFile", UnflushableFile)
    stream = io.BytesIO()
    with pytest.raises(
        OutputError, match="plus de place sur le disque dans le répertoire temporaire"
    ):
        spooled().copy_to(stream)
    assert stream.getvalue() == b""


def test_a_spill_the_disk_refuses_is_the_reports_failure(monkeypatch):
    def refused() -> io.BytesIO:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(tempfile, "TemporaryFile", refused)
    with pytest.raises(OutputError, match="erreur d'entrée-sortie dans le répertoire temporaire"):
        Spill().add(("ligne", 1))
