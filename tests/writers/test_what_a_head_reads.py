"""What a school head reads in the combined report: each fact told once, in French."""

from __future__ import annotations

import re

import pytest
from report_fixtures import load_result, render
from report_reading import plain


@pytest.fixture(scope="module")
def expired_euroscol():
    """wide-result.toml: its Euroscol label expired on 15/06/2024, four years before."""
    return load_result("wide-result.toml")


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_an_expired_label_says_it_has_expired_once_in_the_synthesis(expired_euroscol, fmt):
    """« a expiré le 15/06/2024 » then « expiré » in the same cell told it twice (the text
    report already says it once: « a expiré le » says it)."""
    report = plain(render(fmt, [expired_euroscol]))
    if fmt == "html":
        report = re.sub(r"<[^>]+>", " | ", report)
    cell = report[report.index("attribué le 15/06/2019") :][:200]
    assert "a expiré le 15/06/2024" in cell
    assert not re.search(r"\bexpiré\b", cell.replace("a expiré le", "")), cell
