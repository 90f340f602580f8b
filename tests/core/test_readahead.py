"""core/readahead.py: the parent asks the kernel for queued dossiers' files, and only asks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from labelcheck.core import readahead
from labelcheck.core.errors import InputError

pytestmark = pytest.mark.skipif(not readahead.SUPPORTED, reason="no posix_fadvise here")


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The paths read_ahead opens (to ask for their content), in order."""
    paths: list[str] = []
    real_open = os.open

    def recording(path, flags, *args):
        paths.append(os.fspath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(readahead.os, "open", recording)
    return paths


def school(tmp_path: Path) -> Path:
    folder = tmp_path / "lycee"
    (folder / "pieces").mkdir(parents=True)
    (folder / "dossier.toml").write_text("format = 1\n", "utf-8")
    (folder / "pieces" / "pv-ca.pdf").write_bytes(b"%PDF-1.4\n")
    return folder


def test_the_dossier_and_its_pieces_are_asked_for_when_their_content_is_read(tmp_path, opened):
    folder = school(tmp_path)
    readahead.read_ahead([folder / "dossier.toml"], pieces=True)
    assert sorted(Path(p).name for p in opened) == ["dossier.toml", "pv-ca.pdf"]


def test_without_the_digest_only_the_dossier_file_is_opened(tmp_path, opened):
    # The pieces' content would be read for nothing: only their inodes are asked (lstat).
    folder = school(tmp_path)
    readahead.read_ahead([folder / "dossier.toml"], pieces=False)
    assert [Path(p).name for p in opened] == ["dossier.toml"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_a_link_or_a_large_file_is_never_opened(tmp_path, opened, monkeypatch):
    folder = school(tmp_path)
    os.mkfifo(folder / "pieces" / "tube.pdf")
    (folder / "pieces" / "ailleurs.pdf").symlink_to(tmp_path / "hors-du-dossier.pdf")
    (tmp_path / "hors-du-dossier.pdf").write_bytes(b"x")
    (folder / "pieces" / "video.mp4").write_bytes(b"x" * 100)
    monkeypatch.setattr(readahead, "MAX_PIECE_BYTES", 99)
    pipe = tmp_path / "ailleurs" / "dossier.toml"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    readahead.read_ahead([folder / "dossier.toml", pipe], pieces=True)  # returns: never waits
    assert sorted(Path(p).name for p in opened) == ["dossier.toml", "pv-ca.pdf"]
    assert all(Path(p).parent.name != "ailleurs" for p in opened)


def test_what_is_missing_or_not_a_dossier_is_left_to_the_worker(tmp_path, opened):
    error = InputError("x/dossier.toml", None, "", "illisible")
    readahead.read_ahead([error, tmp_path / "absent" / "dossier.toml"], pieces=True)
    assert opened == []


def test_a_folder_full_of_files_is_read_ahead_only_in_part(tmp_path, opened, monkeypatch):
    folder = school(tmp_path)
    for number in range(10):
        (folder / "pieces" / f"piece-{number}.pdf").write_bytes(b"%PDF")
    monkeypatch.setattr(readahead, "MAX_FILES", 4)
    readahead.read_ahead([folder / "dossier.toml"], pieces=True)
    assert len(opened) <= 1 + 4


@pytest.mark.parametrize(("fmt", "pieces"), [("jsonl", True), ("text", False)])
def test_the_parallel_run_reads_ahead_what_its_workers_will_read(cli, monkeypatch, fmt, pieces):
    from labelcheck.core import run

    calls: list[tuple[int, bool]] = []
    monkeypatch.setattr(run, "read_ahead", lambda chunk, p: calls.append((len(chunk), p)))
    folder = Path(__file__).parents[1] / "cli" / "fixtures" / "campaign"
    result = cli("evaluate", folder, "--format", fmt, "--jobs", "2", "--as-of", "2026-05-20")
    assert result.exit_code in (0, 1), result.output
    assert calls and {p for _, p in calls} == {pieces}
    assert sum(count for count, _ in calls) == sum(1 for _ in folder.rglob("dossier.toml"))
