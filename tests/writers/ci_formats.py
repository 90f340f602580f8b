"""What the SARIF and GitLab Code Quality tests share: a repository of dossiers, the published
schemas, labelcheck run as CI runs it, and a dossier file rewritten with its entries reordered."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from report_fixtures import EXAMPLES

SCHEMAS = Path(__file__).parent / "schemas"
AS_OF = "2026-06-30"
MULTILABEL = "dossiers/lycee-multilabel/dossier.toml"
INVALID = "dossiers/zz-invalide/dossier.toml"
# An invalid dossier: its UAI's key letter is wrong (line 4), and its name missing.
INVALID_TEXT = 'format = 1\n\n[establishment]\nuai = "0180036T"\n'


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def repository(root: Path) -> Path:
    """The examples and an invalid dossier, under `dossiers/`, as an academy's repository."""
    shutil.copytree(EXAMPLES, root / "dossiers")
    invalid = root / INVALID
    invalid.parent.mkdir()
    invalid.write_text(INVALID_TEXT, encoding="utf-8")
    return root


def evaluate(root: Path, *args: str, paths: tuple[str, ...] = ("dossiers",)) -> tuple[int, str]:
    """`labelcheck evaluate` run in `root`, as a CI job runs it: its exit status and stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "labelcheck.core.cli", "evaluate", *paths, "--as-of", AS_OF, *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout


_TOP_ENTRY = re.compile(r"^\[\[(\w+)\]\]\s*$")


def reordered(text: str) -> str:
    """The same TOML dossier with its entries in reverse order: each `[[kind]]` entry (with the
    sub-tables and comments that follow it) moved, the tables before the first one kept first."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if _TOP_ENTRY.match(line)]
    head = "".join(lines[: starts[0]])
    entries = ["".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    return head + "".join(
        entry if entry.endswith("\n") else entry + "\n" for entry in entries[::-1]
    )


def header_line(text: str, kind: str, entry_id: str) -> int:
    """The line (1-based) of the `[[kind]]` header of the entry whose id is `entry_id`."""
    lines = text.splitlines()
    id_line = lines.index(f'id = "{entry_id}"')
    return max(i for i in range(id_line) if lines[i] == f"[[{kind}]]") + 1
