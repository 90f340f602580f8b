"""core/formats.py: one table of the formats, from which each command infers a report's format
from its name and `compare` names the other outputs of labelcheck it is given."""

from __future__ import annotations

import pytest
from labelcheck.core import cli
from labelcheck.core.formats import FORMATS
from labelcheck.core.reports import other_output

WRITTEN = {
    *cli.EXTENSIONS.items(),
    *cli.COMPARE_EXTENSIONS.items(),
    *cli.CAMPAIGN_EXTENSIONS.items(),
}


@pytest.mark.parametrize(("extension", "fmt"), sorted(WRITTEN))
def test_every_file_a_command_writes_is_named_where_a_report_is_read(extension, fmt):
    """A format the CLI writes was named only if a second, hand-kept table had it (the
    review): a report in it, given to compare, got the generic « pas un rapport »."""
    assert other_output(b"", f"ancien{extension}") == FORMATS[fmt].called
    assert FORMATS[fmt].called or fmt in ("json", "jsonl")  # a `.json` that is no report


@pytest.mark.parametrize(
    ("name", "called"),
    [
        ("a.md", "un rapport Markdown"),
        ("a.markdown", "un rapport Markdown"),
        ("a.html", "un rapport HTML"),
        ("a.HTM", "un rapport HTML"),
        ("a.xml", "un fichier XML"),
        ("a.sarif", "un rapport SARIF"),
        ("a.csv", "un tableau CSV"),
        ("a.ics", "un calendrier iCalendar (ICS)"),
        ("a.pdf", "un document PDF"),
        ("a.txt", "un fichier texte"),
        ("a.text", "un fichier texte"),
        ("a.json", None),
        ("a.ndjson", None),
        ("a.docx", None),
    ],
)
def test_a_file_is_named_by_its_extension_as_before(name, called):
    assert other_output(b"", name) == called
