"""The golden report: the JSON report of examples/lp-jean-lurcat judged on 20 May 2026, kept byte for byte.

A change of a rule, a message or the report format shows here as a diff. When
the change is intended, regenerate the file and review it in the commit:
`pytest tests/golden --update-golden` (or LABELCHECK_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).parent / "lp-jean-lurcat.json"
ROOT = Path(__file__).parents[2]
ARGS = ("evaluate", "examples/lp-jean-lurcat", "--as-of", "2026-05-20", "--format", "json")


def test_the_example_report_is_the_golden_one(cli, monkeypatch, update_golden):
    monkeypatch.chdir(ROOT)  # the report names the dossier by the path given
    result = cli(*ARGS)
    assert result.exit_code == 0, result.output
    if update_golden:
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == GOLDEN.read_text("utf-8"), (
        "the report of examples/lp-jean-lurcat changed; if intended: pytest tests/golden --update-golden")
