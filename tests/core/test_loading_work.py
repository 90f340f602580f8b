"""The loader does each piece of work once, and its shortcuts read what the long way read.

An invalid TOML dossier is checked twice (toml_rs's values, then tomli's, whose errors are
shown): only the second reading maps the file's lines, a scan of the whole text. A dossier
file is read with `os.read`, until its end, however little each read returns.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from labelcheck.core import loading, sourcemap
from labelcheck.core.loading import load
from labelcheck.core.profiles import resolve_profile

ROOT = Path(__file__).parents[2]
GOOD = ROOT / "tests" / "core" / "fixtures" / "good" / "dossier.toml"


@pytest.fixture(scope="module")
def national(registry):
    return resolve_profile(registry, None)


def test_an_invalid_dossier_has_its_lines_mapped_once(tmp_path, registry, national, monkeypatch):
    dossier = tmp_path / "dossier.toml"
    dossier.write_text(GOOD.read_text(encoding="utf-8") + '\n[[partners]]\nid = "p-9"\n')
    scans: list[str] = []
    toml_lines = sourcemap.toml_lines

    def counted(text: str) -> dict:
        scans.append(text)
        return toml_lines(text)

    monkeypatch.setattr(sourcemap, "toml_lines", counted)
    loaded = load(dossier, registry, national)
    assert loaded.dossier is None
    assert any(error.line and error.path.startswith("partners") for error in loaded.errors)
    assert len(scans) == 1


def test_the_errors_of_an_invalid_dossier_keep_their_lines(tmp_path, registry, national):
    dossier = tmp_path / "dossier.toml"
    text = GOOD.read_text(encoding="utf-8") + '\n[[partners]]\nid = "p-9"\n'
    dossier.write_text(text)
    line = text.count("\n", 0, text.index('[[partners]]\nid = "p-9"')) + 1
    errors = load(dossier, registry, national).errors
    assert {error.line for error in errors if error.path.startswith("partners")} == {line}


def test_a_file_read_a_few_bytes_at_a_time_is_read_whole(tmp_path, registry, national, monkeypatch):
    dossier = tmp_path / "dossier.toml"
    dossier.write_bytes(GOOD.read_bytes())
    read = loading.os.read
    monkeypatch.setattr(loading.os, "read", lambda fd, n: read(fd, min(n, 7)))
    assert loading._read_text(dossier) == GOOD.read_text(encoding="utf-8")
    assert load(dossier, registry, national).dossier is not None


def test_a_file_read_in_pieces_is_still_refused_past_the_limit(tmp_path, monkeypatch):
    dossier = tmp_path / "dossier.toml"
    dossier.write_bytes(b"x" * 1000)
    read = loading.os.read
    monkeypatch.setattr(loading.os, "read", lambda fd, n: read(fd, min(n, 7)))
    monkeypatch.setattr(loading, "MAX_BYTES", 100)
    unreadable = loading._read_text(dossier)
    assert not isinstance(unreadable, str)
    assert "fichier trop gros" in unreadable.error.message
    assert unreadable.text is None  # a file too large is not kept, even for its digest
