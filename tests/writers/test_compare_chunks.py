"""A comparison in a human format is written a school at a time (core/writers/compare.py):
its view and text are never held whole, and the parts read as the whole text would (the
whole, joined, is a golden one: tests/golden/comparaison.*)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from labelcheck.core import french
from labelcheck.core.compare import compare
from labelcheck.core.engine import Engine
from labelcheck.core.reports import Report
from labelcheck.core.writers.compare import comparison_chunks
from labelcheck.core.writers.json import dossier_dict

EXAMPLES = Path(__file__).parents[2] / "examples"
DOSSIERS = [EXAMPLES / name / "dossier.toml" for name in ("lp-jean-lurcat", "lycee-multilabel")]


def report(as_of: dt.date) -> Report:
    engine = Engine.create(as_of=as_of)
    results = [
        engine.evaluate_path(path, path.relative_to(EXAMPLES).as_posix()) for path in DOSSIERS
    ]
    return Report(
        "r.json", "national", None, {"name": "labelcheck"}, [dossier_dict(r) for r in results]
    )


@pytest.fixture(scope="module")
def comparison():
    return compare(report(dt.date(2026, 5, 20)), report(dt.date(2027, 3, 1)))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_comparison_comes_a_changed_school_at_a_time(comparison, fmt):
    changed = sum(dossier.state != "unchanged" for dossier in comparison.dossiers)
    assert changed == 2
    chunks = list(comparison_chunks(comparison, fmt))
    assert len(chunks) == 1 + changed + 1  # the head, each school, the end
    # What the parts say, joined, is kept byte for byte by tests/golden (comparaison.*).


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_its_parts_are_typeset_as_the_whole_text_would_be(comparison, fmt):
    """Each part is typeset alone: each after the first begins with a line break, which none
    of the typography's rules reads across; typesetting the whole again changes nothing."""
    chunks = list(comparison_chunks(comparison, fmt))
    assert all(chunk.startswith("\n") for chunk in chunks[1:])
    whole = "".join(chunks)
    assert french.typeset_once(whole) == whole
    assert "\u202f:" in whole
