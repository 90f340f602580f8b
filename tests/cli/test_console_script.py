"""The installed `labelcheck` console script, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SCRIPT = Path(sys.executable).parent / "labelcheck"
GOLDEN = ROOT / "tests" / "golden" / "lp-jean-lurcat.json"
INVALID = ROOT / "tests" / "core" / "fixtures" / "invalid"

pytestmark = pytest.mark.skipif(
    not SCRIPT.exists(), reason="the labelcheck console script is not installed"
)


def labelcheck(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )


def test_the_console_script_evaluates_the_example_as_the_golden_report_says():
    result = labelcheck(
        "evaluate", "examples/lp-jean-lurcat", "--as-of", "2026-05-20", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    produced = json.loads(result.stdout)
    for plugin in produced["tool"]["plugins"]:  # the golden masks them (tests/golden)
        plugin["digest"] = "sha256:…"
    assert produced == json.loads(GOLDEN.read_text("utf-8"))


def test_the_console_script_exits_2_on_an_invalid_dossier_without_a_traceback():
    result = labelcheck("evaluate", str(INVALID / "three-errors.toml"))
    assert result.returncode == 2
    assert "dossier invalide, 3 erreurs" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_the_console_script_reports_its_version():
    result = labelcheck("--version")
    assert result.returncode == 0 and "version" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_on_standard_output_is_utf8_whatever_its_encoding(fmt):
    """JSON is UTF-8 by its standard (RFC 8259 § 8.1): a Latin-1 standard output neither
    changes its bytes nor refuses the French it holds that Latin-1 cannot (« œ », « — »):
    it was an internal error, exit status 3."""
    args = ["evaluate", "examples/lp-jean-lurcat", "--as-of", "2026-05-20", "--format", fmt]
    environment = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    latin = subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        cwd=ROOT,
        env=environment,
        timeout=60,
        check=False,
    )
    written = labelcheck(*args)
    assert latin.returncode == written.returncode == 0, latin.stderr
    assert "œ" in latin.stdout.decode("utf-8")
    assert latin.stdout.decode("utf-8") == written.stdout
