"""The README's checks in a copy of the project without git (a source archive): ruff cannot
read .gitignore there, so the folders a build leaves must be excluded by its configuration."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
# What `pip install .` and a wheel build leave beside the sources.
GENERATED = ("build/lib/labelcheck/core", "dist", "labelcheck.egg-info", "bench/out")
# Imports ruff's isort rule refuses wherever it looks (unsorted), and an unused one.
UNTIDY = "import sys\nimport os\nimport json\n"


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff (extra dev) missing")
def test_ruff_leaves_the_generated_folders_alone_without_git(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "tidy.py").write_text('"""Nothing to say."""\n', encoding="utf-8")
    for folder in GENERATED:
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "cli.py").write_text(UNTIDY, encoding="utf-8")
    checked = ruff_check(tmp_path)
    assert checked.returncode == 0, checked.stdout
    # The same file outside them is reported: the configuration was read and applied.
    (tmp_path / "untidy.py").write_text(UNTIDY, encoding="utf-8")
    checked = ruff_check(tmp_path)
    assert checked.returncode == 1 and "untidy.py" in checked.stdout
    assert not any(folder in checked.stdout for folder in GENERATED)


def ruff_check(folder) -> subprocess.CompletedProcess:
    """`ruff check .` in `folder`, as the lint step runs it, without a cache."""
    return subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
