"""The PDF report laid out school by school (issue 9, point 4).

Laid out whole, the report took some 15 MB per school (2.3 GB for 200, still running):
its memory must now stay flat in the number of dossiers. And it must be the same
document as when laid out whole: the same pages with the same text, the page numbers
« i / n » running across the document, the overview's links to each school, the
outline of the headings.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from labelcheck.core import writers
from labelcheck.core.engine import Engine
from labelcheck.core.report import DossierResult, Summary
from writers.report_fixtures import EXAMPLES, load_result, render

pytestmark = pytest.mark.skipif(
    not writers.pdf_available(), reason="WeasyPrint (or Pango) is not installed"
)
TESTS = Path(__file__).parents[1]

# Writes the PDF report of `count` copies of one invalid school (60 errors: 3 pages each) and
# prints the process's peak RSS in KiB.
PEAK_RSS = f"""
import os, resource, sys
from dataclasses import replace
sys.path.insert(0, {str(TESTS)!r})
from writers.report_fixtures import load_result
from labelcheck.core.errors import InputError
from labelcheck.core.report import Summary
from labelcheck.core.writers.pdf import PdfWriter

errors = tuple(InputError("dossier.toml", line, f"documents[{{line}}].title", "Input should be a valid string " * 3)
               for line in range(60))
school = replace(load_result("invalid-result.toml"), errors=errors)
with open(os.devnull, "wb") as out:
    writer = PdfWriter(out, "auto")
    for _ in range(int(sys.argv[1])):
        writer.dossier(school)
    writer.close(Summary(dossiers=int(sys.argv[1])))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_kib(schools: int) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(schools)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return int(done.stdout)


def test_memory_stays_flat_in_the_number_of_schools():
    few, many = peak_rss_kib(4), peak_rss_kib(20)
    # Laid out whole, 16 more schools took 75 MB more (+80 %); school by school, ~4 MB
    # (the overview's rows, laid out together).
    assert many < few * 1.25, (few, many)


# -- the same document as laid out whole -----------------------------------------------------


@pytest.fixture(scope="module")
def schools() -> list[DossierResult]:
    lurcat = Engine.create().evaluate_path(
        EXAMPLES / "lp-jean-lurcat" / "dossier.toml", "examples/lp-jean-lurcat/dossier.toml"
    )
    return [load_result("lycee-multilabel-result.toml"), lurcat, load_result("invalid-result.toml")]


def pdf_reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data), strict=True)


@pytest.fixture(scope="module")
def by_school(schools):
    """The report as the PDF writer makes it: each school laid out alone, then put together."""
    return pdf_reader(render("pdf", schools))


@pytest.fixture(scope="module")
def whole(schools):
    """The same HTML page laid out by WeasyPrint at once, as the PDF writer did before."""
    import weasyprint

    return pdf_reader(weasyprint.HTML(string=render("html", schools)).write_pdf())


def lines(page) -> list[str]:
    return sorted(line.strip() for line in page.extract_text().splitlines() if line.strip())


def test_the_pages_and_their_text_are_those_of_the_whole_document(by_school, whole):
    assert len(by_school.pages) == len(whole.pages) > 4
    for number, (page, expected) in enumerate(zip(by_school.pages, whole.pages, strict=True)):
        assert lines(page) == lines(expected), f"page {number + 1}"
        assert page.mediabox == expected.mediabox


def test_page_numbers_run_across_the_document(by_school):
    total = len(by_school.pages)
    for number, page in enumerate(by_school.pages, start=1):
        assert re.search(rf"^{number} / {total}$", page.extract_text(), re.MULTILINE), number


def outline(reader) -> list[tuple[int, str, int]]:
    """(depth, title, page) of each outline entry, in order."""
    entries = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return entries


def test_the_outline_is_the_whole_documents(by_school, whole):
    assert outline(by_school) == outline(whole)
    under_the_title = [title for depth, title, _ in outline(by_school) if depth == 1]
    assert (
        under_the_title[0] == "Vue d'ensemble" and len(under_the_title) == 4
    )  # and the three schools


def test_the_overview_links_each_school_to_its_first_page(by_school):
    schools = [page for depth, _, page in outline(by_school) if depth == 1][
        1:
    ]  # after the overview
    targets = []
    for annotation in by_school.pages[0]["/Annots"]:
        annotation = annotation.get_object()
        if annotation["/Subtype"] == "/Link":
            targets.append(by_school.get_page_number(annotation["/Dest"][0].get_object()))
    assert sorted(set(targets)) == schools and len(schools) == 3


def test_one_school_is_laid_out_with_the_head_as_before(schools):
    import weasyprint

    alone = pdf_reader(render("pdf", schools[2:]))
    expected = pdf_reader(weasyprint.HTML(string=render("html", schools[2:])).write_pdf())
    assert [lines(page) for page in alone.pages] == [lines(page) for page in expected.pages]


def test_no_school_gives_the_head_alone():
    out = io.BytesIO()
    writer = writers.writer_classes("pdf")["pdf"](out, "auto")
    writer.close(Summary())
    report = pdf_reader(out.getvalue())
    assert len(report.pages) == 1 and "1 / 1" in report.pages[0].extract_text()
