"""What the documentation shows a user is what labelcheck does.

Read as a school head, an academy's CI and a plugin author would: the sections of the
combined report the French reference lists, and the validation errors the README shows,
are the ones labelcheck writes.
"""

from __future__ import annotations

import json
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


def _shared(*labels: str) -> list[dict]:
    options = [arg for label in labels for arg in ("--label", label)]
    example = ROOT / "examples" / "lycee-multilabel"
    result = CliRunner().invoke(main, ["evaluate", str(example), "--format", "json", *options])
    return json.loads(result.stdout)["dossiers"][0]["shared_evidence"]


def test_shared_evidence_under_label_is_among_the_labels_evaluated_as_documented() -> None:
    # From the DAREIC and E3D referent's audit: `--label e3d` gave `"shared_evidence": []`
    # and two labels trimmed the refs, which the reference never said. Kept, and said where
    # --label, shared_evidence and « Preuves partagées » are described.
    assert _shared("e3d") == []
    pairs = _shared("e3d", "ldm")
    assert pairs and all(
        {ref.partition(":")[0] for ref in e["refs"]} == {"e3d", "ldm"} for e in pairs
    )
    text = COMMANDS.read_text("utf-8")
    label_row = next(line for line in text.splitlines() if line.startswith("| `--label L` |"))
    shared_row = next(
        line for line in text.splitlines() if line.startswith("| `shared_evidence` |")
    )
    assert "labels évalués" in label_row and "avec un seul label, il n'y en a aucune" in label_row
    assert "avec `--label`, celles des labels nommés" in shared_row
    assert "des labels évalués (avec `--label`, ceux qu'il nomme)" in text
