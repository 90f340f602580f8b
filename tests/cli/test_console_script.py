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


UTF8_FORMATS = ["json", "jsonl", "html", "markdown", "junit", "sarif", "codequality", "ics"]


def evaluated(fmt: str, encoding: str) -> subprocess.CompletedProcess:
    args = ["evaluate", "examples/lp-jean-lurcat", "--as-of", "2026-05-20", "--format", fmt]
    environment = {**os.environ, "PYTHONIOENCODING": encoding, "SOURCE_DATE_EPOCH": "1796169600"}
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        cwd=ROOT,
        env=environment,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("fmt", UTF8_FORMATS)
def test_a_report_on_standard_output_is_utf8_whatever_its_encoding(fmt):
    """These formats are UTF-8 by their standards (JSON: RFC 8259 § 8.1; the XML declaration;
    HTML's charset; iCalendar: RFC 5545): a Latin-1 standard output changes none of their bytes
    and refuses none of the French they hold that Latin-1 lacks (« œ », narrow no-break
    spaces). It was an internal error, exit status 3."""
    latin, utf8 = evaluated(fmt, "latin-1"), evaluated(fmt, "utf-8")
    assert latin.returncode == utf8.returncode == 0, latin.stderr
    assert latin.stdout == utf8.stdout
    assert set(latin.stdout.decode("utf-8")) & {"œ", "\u202f"}


@pytest.mark.parametrize(
    ("encoding", "school"),
    [
        ("latin-1", "Lycée professionnel Jean Lurçat"),
        # « é » is « e » there, « « » a quote: words stay words, never « ?tabli »
        ("ascii", "Lycee professionnel Jean Lurcat"),
    ],
)
def test_the_text_report_shows_on_a_narrower_terminal_with_the_nearest_characters(encoding, school):
    shown = evaluated("text", encoding)
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout.decode(encoding)
    assert school in text and "Profil : " in text
    # None left as "?": each character the terminal lacks has its nearest (a space, "oe"…).
    assert text.count("?") == evaluated("text", "utf-8").stdout.decode("utf-8").count("?")


def test_the_help_and_the_messages_show_on_a_latin1_terminal():
    environment = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    helped, invalid = (
        subprocess.run(
            [str(SCRIPT), *args], capture_output=True, env=environment, timeout=60, check=False
        )
        for args in (["evaluate", "--help"], ["evaluate", str(INVALID / "three-errors.toml")])
    )
    assert helped.returncode == 0 and "Évalue des dossiers" in helped.stdout.decode("latin-1")
    message = invalid.stderr.decode("latin-1")
    assert invalid.returncode == 2 and "labelcheck : " in message
    assert "\\u202f" not in message and "dossier invalide, 3 erreurs" in message
