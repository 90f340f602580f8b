"""The rules every label shares (plugins/common): what they say a school head reads."""

from __future__ import annotations

import json
import re
from pathlib import Path

FORMAT_DOC = Path(__file__).parents[2] / "docs" / "fr" / "format-du-dossier.md"


def test_a_missing_file_is_said_to_be_reported_without_stopping_and_quoted_as_written(cli):
    """« un fichier nommé mais absent est un constat, pas une panne » (the developers' idiom)
    was the source a head read under each missing file; the quote, a quote of the format's
    own page, gave it words it does not have."""
    rule = json.loads(cli("explain", "DOC-FILE-MISSING", "--format", "json").stdout)["rule"]
    assert "panne" not in rule["source"]["reference"]
    assert "sans arrêter l'évaluation" in rule["source"]["reference"]
    page = " ".join(FORMAT_DOC.read_text("utf-8").split())
    for part in re.split(r"\s*\[…\]\s*", rule["source"]["quote"]):
        assert part in page, part
