"""core/output.py's WholeFile: a file written whole or not at all, the one way both `-o`'s
report and `init`'s files are written (tests/robustness/test_output_file.py runs `-o`)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from labelcheck.core import output
from labelcheck.core.output import WholeFile


def leftovers(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.endswith(".part")]


def test_an_exclusive_file_never_replaces_one_already_there(tmp_path):
    kept = tmp_path / "dossier.toml"
    kept.write_text("ORIGINAL", encoding="utf-8")
    with pytest.raises(FileExistsError), WholeFile(str(kept), exclusive=True) as whole:
        whole.stream.write("nouveau")
        whole.finish()
    assert kept.read_text(encoding="utf-8") == "ORIGINAL"
    assert leftovers(tmp_path) == []


def test_an_exclusive_file_gets_a_new_files_mode_and_leaves_one_name(tmp_path):
    written = tmp_path / "dossier.toml"
    umask = os.umask(0o027)
    try:
        with WholeFile(str(written), exclusive=True) as whole:
            whole.stream.write("format = 1\n")
            whole.finish()
    finally:
        os.umask(umask)
    assert written.read_text(encoding="utf-8") == "format = 1\n"
    assert stat.S_IMODE(written.stat().st_mode) == 0o640  # not mkstemp's 0600
    assert written.stat().st_nlink == 1 and leftovers(tmp_path) == []


@pytest.mark.parametrize("refusal", [errno.EPERM, errno.EOPNOTSUPP])
def test_without_hard_links_an_exclusive_file_is_still_written(refusal, tmp_path, monkeypatch):
    """A FAT USB key, some network shares: link() refused, the name is claimed otherwise."""

    def no_link(source, destination):
        raise OSError(refusal, os.strerror(refusal))

    monkeypatch.setattr(output.os, "link", no_link)
    written = tmp_path / "dossier.toml"
    with WholeFile(str(written), exclusive=True) as whole:
        whole.stream.write("format = 1\n")
        whole.finish()
    assert written.read_text(encoding="utf-8") == "format = 1\n"
    assert leftovers(tmp_path) == []


def test_a_file_left_unfinished_leaves_nothing(tmp_path):
    with WholeFile(str(tmp_path / "rapport.json"), binary=True) as whole:
        whole.stream.write(b"{")
    assert list(tmp_path.iterdir()) == []
