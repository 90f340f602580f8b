"""The PDF report of a dossier holding a very long word (dossiers are untrusted).

The school's name runs in every page's header (`@top-left`, `string(school)`). Allowed to
break anywhere there, WeasyPrint measured the header's narrowest width one character at a
time on each page, in time growing as the square of the word: a name of 1,000 characters
took 10 s, one of 5,000 more than 200 s, and a few more ran for hours, deaf to SIGTERM,
stopping a whole academy's run for one dossier.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from labelcheck.core import writers

pytestmark = pytest.mark.skipif(
    not writers.pdf_available(), reason="WeasyPrint (or Pango) is not installed"
)
EXAMPLE = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat" / "dossier.toml"

LAY_OUT = """
import os, sys
from pathlib import Path
from labelcheck.core.engine import Engine
from labelcheck.core.report import Summary
from labelcheck.core.writers.pdf import PdfWriter

result = Engine.create().evaluate_path(Path(sys.argv[1]), sys.argv[1])
with open(os.devnull, "wb") as out:
    writer = PdfWriter(out, "auto")
    writer.dossier(result)
    writer.close(Summary(dossiers=1))
"""


def test_a_school_name_of_one_long_word_is_laid_out_in_seconds(tmp_path):
    text = EXAMPLE.read_text("utf-8").replace(
        'name = "Lycée professionnel Jean Lurçat"', f'name = "{"x" * 4000}"'
    )
    dossier = tmp_path / "dossier.toml"
    dossier.write_text(text, "utf-8")
    # About 3 s here (1.6 s for the example as it is); more than 100 s before.
    subprocess.run([sys.executable, "-c", LAY_OUT, str(dossier)], timeout=40, check=True)


def test_a_finding_quoting_a_text_of_50000_letters_is_laid_out_in_seconds(tmp_path):
    """A piece's title of 50,000 letters, quoted by the finding that it is missing, in a table
    cell: minutes to lay out, and never ended at 50,000 (the hardening audit). Cut to 4,000
    characters, with break opportunities, saying so."""
    title = "Projet d'établissement 2024-2028"
    text = EXAMPLE.read_text("utf-8")
    assert title in text
    school = tmp_path / "lycee"
    school.mkdir()  # without its pieces: the finding quotes the missing piece's title
    (school / "dossier.toml").write_text(text.replace(title, "é" * 50_000, 1), "utf-8")
    subprocess.run(
        [sys.executable, "-c", LAY_OUT, str(school / "dossier.toml")], timeout=60, check=True
    )
