"""What the documentation shows a user is what labelcheck does.

Read as a school head, an academy's CI and a plugin author would: the sections of the
combined report the French reference lists, and the validation errors the README shows,
are the ones labelcheck writes.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from labelcheck.core.cli import main
from labelcheck.core.writers.combined import ACTION_PLAN, SECTIONS

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ROOT / "docs" / "fr" / "commandes-et-rapports.md"
FIXTURE = Path(__file__).parent / "fixtures" / "docs" / "readme-errors"


def test_the_french_reference_lists_every_section_of_the_combined_report() -> None:
    text = COMMANDS.read_text("utf-8")
    for heading in (*SECTIONS, ACTION_PLAN):
        number, title = heading.split(". ", 1)
        assert f"{number}. **{title}**" in text, f"« {heading} » is not described"


def _readme_errors() -> list[str]:
    """The lines of the README's block of validation errors."""
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"Validation is strict.*?```\n(.*?)```", readme, re.S)
    assert block, "the README no longer shows validation errors"
    return block.group(1).strip().splitlines()


def test_the_readme_shows_the_validation_errors_labelcheck_prints(monkeypatch) -> None:
    monkeypatch.chdir(FIXTURE)
    result = CliRunner().invoke(main, ["evaluate", "dossier.toml"])
    assert result.exit_code == 2
    printed = result.stderr.splitlines()
    shown = _readme_errors()
    assert shown
    for line in shown:
        assert line in printed, f"the README shows an error labelcheck does not print:\n{line}"
