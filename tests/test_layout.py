"""The repository's top level is the layout its users asked for (the engine, the rule kinds,
one folder per label, the tests) and the project's own files: nothing else lands there.
Four scratch outputs of a debugging run (`err-dbl`, `out-early`…) were committed once."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
TOP_LEVEL = {
    # The layout: the package `labelcheck` (api/), the engine, the rule kinds, the labels.
    "api", "core", "rules", "plugins", "tests", "examples", "docs", "bench",
    # The project's files.
    "pyproject.toml", "README.md", "CHANGELOG.md", "CONTRIBUTING.md", "noxfile.py",
    ".ci", ".gitignore", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml",
}  # fmt: skip


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout"
)
def test_the_top_level_holds_the_layout_and_the_project_s_files_only():
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    stray = sorted({path.split("/", 1)[0] for path in listed} - TOP_LEVEL)
    assert not stray, f"files committed at the top level: {stray}"


def test_what_users_read_or_copy_names_no_file_of_ours():
    """The texts are cited by their own titles: « seed 004 » is a file name of ours. The
    example plugin the README offers to copy cited two in a label's source."""
    readable = [
        *ROOT.glob("docs/**/*.md"),
        ROOT / "README.md",
        *ROOT.glob("examples/**/*.toml"),
        *ROOT.glob("plugins/**/*.toml"),
        *(p for p in ROOT.glob("tests/thirdparty/*/*/*") if p.suffix in (".toml", ".py")),
    ]
    said = {
        str(path.relative_to(ROOT))
        for path in readable
        if re.search(r"\bseeds? ?0\d\d|\b00\d_", path.read_text("utf-8"), re.IGNORECASE)
    }
    assert readable and not said, said
