"""The PDF report: the HTML page laid out on A4 by WeasyPrint, when the `pdf` extra is installed."""

from __future__ import annotations

import pytest
from labelcheck.core import writers
from report_fixtures import EXAMPLES, render


def test_without_weasyprint_pdf_is_not_offered_and_the_hint_says_what_to_install(monkeypatch):
    monkeypatch.setattr(writers, "pdf_available", lambda: False)
    assert "pdf" not in writers.writer_classes()
    assert writers.unavailable("pdf") == ("format 'pdf' is not available in this installation: "
                                          "pip install labelcheck[pdf]")


def test_the_pdf_is_the_html_report_on_a4_each_school_from_a_new_page(multilabel, lurcat, invalid, caplog):
    weasyprint = pytest.importorskip("weasyprint")
    assert render("pdf", [multilabel, lurcat, invalid]).startswith(b"%PDF-")
    pages = weasyprint.HTML(string=render("html", [multilabel, lurcat, invalid])).render().pages
    on_page = [sorted(parts_on(page)) for page in pages]
    # The overview alone, then each school on pages of its own.
    assert on_page[0] == ["overview"]
    assert all(len(ids) == 1 for ids in on_page)
    assert [ids[0] for ids in on_page[1:]] == sorted(ids[0] for ids in on_page[1:])
    assert {ids[0] for ids in on_page} == {"overview", "etablissement-1", "etablissement-2", "etablissement-3"}
    assert (round(pages[0].width * 25.4 / 96), round(pages[0].height * 25.4 / 96)) == (210, 297)  # A4, mm
    assert not [r for r in caplog.records if r.name == "weasyprint" and r.levelname == "WARNING"]


def parts_on(page) -> set[str]:
    """The report's parts laid out on a page: "overview", or the id of a school's article."""
    found, stack = set(), [page._page_box]
    while stack:
        box = stack.pop()
        stack.extend(getattr(box, "children", ()))
        if box.element_tag == "article":
            found.add(box.element.get("id"))
        elif box.element_tag == "section" and box.element.get("class") == "overview":
            found.add("overview")
    return found


def test_the_pdf_writer_fetches_nothing(multilabel):
    pytest.importorskip("weasyprint")
    from labelcheck.core.writers.pdf import refuse_fetch

    with pytest.raises(ValueError):
        refuse_fetch("https://example.org/font.woff")
    assert len(render("pdf", [multilabel])) > 1000


def test_the_command_line_says_how_to_get_the_pdf_format(monkeypatch, tmp_path):
    from click.testing import CliRunner
    from labelcheck.core.cli import main

    monkeypatch.setattr(writers, "pdf_available", lambda: False)
    dossier = str(EXAMPLES / "lp-jean-lurcat")
    result = CliRunner().invoke(main, ["evaluate", dossier, "--format", "pdf", "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    assert "pip install labelcheck[pdf]" in result.output


def test_the_command_line_writes_each_format(tmp_path):
    from click.testing import CliRunner
    from labelcheck.core.cli import main

    dossier = str(EXAMPLES / "lp-jean-lurcat")
    for fmt in ("html", "markdown", "junit"):
        out = tmp_path / f"report.{fmt}"
        result = CliRunner().invoke(main, ["evaluate", dossier, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "Lycée professionnel Jean Lurçat" in out.read_text(encoding="utf-8")


def test_other_formats_do_not_pay_for_importing_weasyprint(monkeypatch):
    def slow_import() -> bool:
        raise AssertionError("WeasyPrint imported for a format that does not need it")

    monkeypatch.setattr(writers, "pdf_available", slow_import)
    assert {"text", "json", "jsonl", "junit", "markdown", "html"} <= set(writers.writer_classes("html"))
