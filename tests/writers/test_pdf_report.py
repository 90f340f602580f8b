"""The PDF report: the HTML page laid out on A4 by WeasyPrint, when the `pdf` extra is installed."""

from __future__ import annotations

import io

import pytest
from a4_page import overflows, page_margins_mm
from labelcheck.core import writers
from report_fixtures import EXAMPLES, example_folder, render, wide_folder

MM_TO_PT = 72 / 25.4


def test_without_weasyprint_pdf_is_not_offered_and_the_hint_says_what_to_install(monkeypatch):
    monkeypatch.setattr(writers, "pdf_available", lambda: False)
    assert "pdf" not in writers.writer_classes()
    assert writers.unavailable("pdf").startswith(
        "le format pdf n'est pas disponible dans cette installation\u202f; l'installer avec "
        "pip install 'labelcheck[pdf]'"
    )


def test_the_pdf_is_the_html_report_on_a4_each_school_from_a_new_page(
    multilabel, lurcat, invalid, caplog
):
    weasyprint = pytest.importorskip("weasyprint")
    assert render("pdf", [multilabel, lurcat, invalid]).startswith(b"%PDF-")
    pages = weasyprint.HTML(string=render("html", [multilabel, lurcat, invalid])).render().pages
    on_page = [sorted(parts_on(page)) for page in pages]
    # The overview alone, then each school on pages of its own.
    assert on_page[0] == ["overview"]
    assert all(len(ids) == 1 for ids in on_page)
    assert [ids[0] for ids in on_page[1:]] == sorted(ids[0] for ids in on_page[1:])
    assert {ids[0] for ids in on_page} == {
        "overview",
        "etablissement-1",
        "etablissement-2",
        "etablissement-3",
    }
    assert (round(pages[0].width * 25.4 / 96), round(pages[0].height * 25.4 / 96)) == (
        210,
        297,
    )  # A4, mm
    assert not [r for r in caplog.records if _layout_warning(r)]


def _layout_warning(record) -> bool:
    """A warning of WeasyPrint's about the report, not about the machine: without the system's
    HarfBuzz-Subset (libharfbuzz-subset0) it subsets fonts with fontTools and says so, the
    pages the same."""
    return (
        record.name == "weasyprint"
        and record.levelname == "WARNING"
        and "HarfBuzz-Subset" not in record.getMessage()
    )


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
    result = CliRunner().invoke(
        main, ["evaluate", dossier, "--format", "pdf", "-o", str(tmp_path / "r.pdf")]
    )
    assert result.exit_code == 2
    assert "le format pdf n'est pas disponible" in result.output
    assert "pip install 'labelcheck[pdf]'" in result.output


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
    assert {"text", "json", "jsonl", "junit", "markdown", "html"} <= set(
        writers.writer_classes("html")
    )


@pytest.fixture(scope="module", params=["examples", "wide", "one school"])
def folder(request) -> list:
    """`labelcheck evaluate examples/`, five schools made to stretch every table, and one school
    (laid out with the report's head, on its first page: no overview)."""
    cases = {
        "examples": example_folder,
        "wide": wide_folder,
        "one school": lambda: example_folder()[-1:],
    }
    return cases[request.param]()


@pytest.fixture(scope="module")
def laid_out(folder) -> tuple[bytes, list[str]]:
    """The PDF report of `folder`, and what passes the margins in the layouts it was made of."""
    pytest.importorskip("weasyprint")
    from labelcheck.core.writers import pdf

    found, render_alone = [], pdf.render

    def measured(html: str, fonts):
        document = render_alone(html, fonts)
        found.extend(overflows(document))
        return document

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "render", measured)
        report = render("pdf", folder)
    return report, found


def test_no_table_of_the_pdf_passes_the_right_margin(laid_out):
    """Every page as WeasyPrint laid it out: no table ends past the page's content box, and
    nothing in a table spills out of its cell (a cut « Bloquants » column, an id running over)."""
    report, found = laid_out
    assert report.startswith(b"%PDF-")
    assert found == []


def test_every_page_of_a_school_names_it_in_its_running_header(folder, laid_out):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(laid_out[0]))
    starts = school_starts(reader, folder)
    assert list(starts) == sorted(starts) and len(starts) == len(folder)
    ends = [*list(starts)[1:], len(reader.pages)]
    headers = [running_header(page) for page in reader.pages]
    for (first, school), end in zip(starts.items(), ends, strict=True):
        assert [
            (number + 1, header)
            for number, header in enumerate(headers[first:end], first)
            if unspaced(school) not in unspaced(header)
        ] == []
    assert not any(headers[: min(starts)])  # the report's head and overview belong to no school


def school_starts(reader, results) -> dict[int, str]:
    """The page each school's section starts on (its heading in the PDF's outline), and its
    name and UAI as its heading says them."""
    entries, pending = [], list(reader.outline)
    while pending:
        entry = pending.pop(0)
        if isinstance(entry, list):
            pending[:0] = entry
        else:
            entries.append(entry)
    starts = {}
    for result in results:
        heading = next(
            entry
            for entry in entries
            if entry.title.startswith(result.name or "(établissement sans nom)")
        )
        starts[reader.get_destination_page_number(heading)] = heading.title
    return dict(sorted(starts.items()))


def unspaced(text: str) -> str:
    """The text without its spaces: a long name takes two lines in the header."""
    return "".join(text.split())


def running_header(page) -> str:
    """The text drawn in the page's top margin."""
    top_margin = float(page.mediabox.top) - page_margins_mm()[0] * MM_TO_PT
    found = []

    def visit(text, cm, tm, fonts, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # the text's origin on the page, in points
        if text.strip() and y > top_margin:
            found.append(text)

    page.extract_text(visitor_text=visit)
    return " ".join(" ".join(found).split())


def test_a_word_too_long_for_a_line_is_given_places_to_break_in_text_only():
    """A dossier's title of 20,000 letters took WeasyPrint 81 s to lay out, 50,000 never ended
    (the hardening audit): such a word gets a zero-width space every 50 characters, in the
    page's text, never in a tag, a style or an entity."""
    from labelcheck.core.writers.pdf import breakable

    word = "é" * 120 + "&amp;" + "a" * 60
    html = f'<style>.x{{content:"{"b" * 200}"}}</style><p title="{"c" * 200}">{word} court</p>'
    out = breakable(html)
    assert f'<style>.x{{content:"{"b" * 200}"}}</style><p title="{"c" * 200}">' in out
    text = out.split('">', 1)[1]
    assert text.replace("\u200b", "") == f"{word} court</p>"
    assert max(len(piece) for piece in text.split("\u200b")) <= 50 + len("&amp;")
    assert "&am\u200b" not in out and "\u200bamp;" not in out
    plain = "<p>un titre ordinaire, et un chemin dossiers/lycee-jean-lurcat/dossier.toml</p>"
    assert breakable(plain) == plain


def test_a_text_longer_than_a_page_and_a_half_is_cut_saying_so():
    """50,000 letters in a table's cell took minutes to lay out however cut into lines: the
    PDF shows the first LONGEST_TEXT characters and says where the whole text is."""
    from labelcheck.core.writers.pdf import LONGEST_TEXT, breakable

    long = "mot " * 20_000  # 80,000 characters, words of a normal length
    out = breakable(f"<td>{long}</td>")
    text = out.removeprefix("<td>").removesuffix("</td>")
    assert text.startswith(long[:LONGEST_TEXT])
    assert text.endswith(
        " […] (texte coupé à 4\u202f000 caractères sur 80\u202f000\u202f: le rapport JSON le "
        "donne en entier)"
    )
    entities = "&lt;" * (LONGEST_TEXT + 1)  # an entity is one character: never cut inside one
    cut = breakable(f"<td>{entities}</td>").replace("\u200b", "")
    assert cut.startswith("<td>" + "&lt;" * LONGEST_TEXT + " […]")


def test_the_pdf_is_tagged_for_screen_readers_its_title_shown(laid_out, folder):
    """RGAA 13.3: one structure tree over the parts laid out apart, its headings and table
    headers in it; every page's content found from the parent tree; the report's title shown
    rather than its file name, its language and outline kept (the accessibility audit)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(laid_out[0]))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert catalog["/Lang"] == "fr" and reader.outline
    school = f" ({folder[0].uai}) – " if len(folder) == 1 else ""
    assert school in reader.metadata.title and "Rapport combiné" in reader.metadata.title
    tree = catalog["/StructTreeRoot"]
    (document,) = tree["/K"]
    kinds = [element["/S"] for element in structure_elements(document.get_object())]
    assert kinds.count("/H1") == 1 and kinds.count("/H2") >= len(folder)
    assert "/TH" in kinds and "/Table" in kinds
    content = parent_tree(tree["/ParentTree"])
    keys = [page["/StructParents"] for page in reader.pages]
    assert len(set(keys)) == len(keys) and all(key in content for key in keys)
    assert tree["/ParentTreeNextKey"] > max(content)
    ids = [
        element["/ID"] for element in structure_elements(document.get_object()) if "/ID" in element
    ]
    assert len(set(ids)) == len(ids)  # a cell's headers are found by their ids


def structure_elements(element) -> list:
    """The structure elements under `element`, in reading order."""
    found = []
    for kid in element.get("/K", []):
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and kid.get("/Type") == "/StructElem":
            found += [kid, *structure_elements(kid)]
    return found


def parent_tree(node) -> dict[int, object]:
    """A number tree's entries, from its branches."""
    node = node.get_object()
    entries = dict(zip(node.get("/Nums", [])[::2], node.get("/Nums", [])[1::2], strict=True))
    for kid in node.get("/Kids", []):
        entries |= parent_tree(kid)
    return entries
