"""A national run renders some 30,000 schools in each worker process: what the writers keep
from one school to the next (their caches of rendered texts) must not grow with their
number. A cache keyed by a school's own dates fills, row by row, for tens of thousands of
schools before reaching its bound: the run's memory grew with them (issue 13: 60,000
dossiers within 10 % of 1,000)."""

from __future__ import annotations

import datetime as dt

import pytest
from labelcheck.core.writers import html, markdown
from labelcheck.core.writers.combined import StepLine


def cached_rows(module) -> int:
    """How many entries the module's caches hold, all together."""
    return sum(f.cache_info().currsize for f in vars(module).values() if hasattr(f, "cache_info"))


def step(day: dt.date, end: dt.date | None = None) -> StepLine:
    return StepLine(
        day, end, "Lycée des métiers", "Audit de renouvellement", "Vademecum", "upcoming"
    )


@pytest.mark.parametrize("writer", [html, markdown], ids=["html", "markdown"])
def test_a_schools_step_dates_fill_no_cache_of_a_report(writer):
    first = dt.date(2026, 1, 5)
    writer.timeline_part([step(first), step(first, first + dt.timedelta(days=30))])
    before = cached_rows(writer)
    for day in range(600):  # 600 schools, each its own dates for the same step
        date = first + dt.timedelta(days=day)
        writer.timeline_part([step(date), step(date, date + dt.timedelta(days=30))])
    assert cached_rows(writer) == before
