"""The HTML report in a real browser: headless Chromium draws it, prints it on A4, finds its facts
and measures its tables.

Skipped where /usr/bin/chromium is absent. Each run captures the browser's log:
the page must raise no console message (no script error, nothing refused by its
Content-Security-Policy, so nothing fetched).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from a4_page import content_width_px
from labelcheck.core import french
from labelcheck.core.engine import Engine
from labelcheck.core.writers.combined import timeline
from labelcheck.core.writers.html import PHONE
from png_pixels import read_png
from report_fixtures import EXAMPLES, example_folder, load_result, render, wide_folder
from report_reading import html_facts

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]
BLUE = bytes((0x00, 0x00, 0x91))  # the report's header rule and headings (report.css --blue)
MEASURE = Path(__file__).with_name("measure_tables.js")
PT_PER_PX = 0.75  # a CSS pixel in PDF points, as Chromium prints a page it does not shrink

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


@pytest.fixture(scope="module")
def example():
    """The multi-label example when it is there, else the LDM one."""
    folder = EXAMPLES / "lycee-multilabel"
    if not (folder / "dossier.toml").exists():
        folder = EXAMPLES / "lp-jean-lurcat"
    return Engine.create().evaluate_path(
        folder / "dossier.toml", f"examples/{folder.name}/dossier.toml"
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("chromium")


def write_page(workdir: Path, name: str, results) -> Path:
    page = workdir / f"{name}.html"
    page.write_text(render("html", results), encoding="utf-8")
    return page


def chromium(workdir: Path, page: Path, *action: str) -> subprocess.CompletedProcess:
    run = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={workdir / 'profile'}", *action, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
    return run


def pdf_pages(workdir: Path, page: Path) -> tuple[int, list[str]]:
    pdf = workdir / f"{page.stem}.pdf"
    chromium(workdir, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data)), [
        f"{float(w):.0f}x{float(h):.0f}" for w, h in boxes
    ]


def test_the_screenshot_shows_the_styled_report(example, workdir):
    page = write_page(workdir, "report", [example])
    shot = workdir / "report.png"
    chromium(workdir, page, f"--screenshot={shot}", "--window-size=1280,2000")
    image = read_png(shot.read_bytes())
    assert (image.width, image.height) == (1280, 2000)
    colors = image.colors(step=2)
    assert len(colors) > 50  # text, badges, bars: far from a blank page
    assert BLUE in {color[:3] for color in colors}  # the style sheet was applied


def test_printing_gives_a4_pages_and_each_school_starts_a_page(example, workdir):
    invalid = load_result("invalid-result.toml")
    once, once_sizes = pdf_pages(workdir, write_page(workdir, "one", [example, invalid]))
    twice, twice_sizes = pdf_pages(workdir, write_page(workdir, "two", [example, example, invalid]))
    school = twice - once  # the pages one more copy of the school adds
    assert school >= 1
    assert (
        once == 1 + school + 1
    )  # the overview, the school, the invalid dossier: each from a new page
    assert set(once_sizes + twice_sizes) == {"595x842"}  # A4 in points, from @page


def test_the_dom_holds_each_label_verdict_and_the_timeline(example, workdir):
    page = write_page(workdir, "dom", [example])
    dom = chromium(workdir, page, "--dump-dom").stdout
    facts = html_facts(dom)
    assert facts.verdicts == [
        f"{label.label}: {french.label_verdict(label)}" for label in example.labels
    ]
    assert facts.timeline == [step.when for step in timeline(example)]
    assert len(facts.timeline) >= len(example.labels)


@pytest.fixture(scope="module", params=["examples", "wide"])
def folder(request) -> tuple[str, list]:
    """`labelcheck evaluate examples/`, and five schools made to stretch every table."""
    return request.param, {"examples": example_folder, "wide": wide_folder}[request.param]()


def measuring_copy(page: Path, media: str) -> Path:
    """The page, made to measure itself: its Content-Security-Policy dropped so that the script of
    measure_tables.js may run, and for `print` its print rules applied on screen."""
    text, policies = re.subn(
        r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", page.read_text(encoding="utf-8")
    )
    if media == "print":
        text, prints = re.subn(r"@media print\b", "@media all", text)
        # The narrow screens' rules left aside, as printing does.
        text, narrow = re.subn(
            f'<style media="{re.escape(PHONE)}">', '<style media="not all">', text
        )
        assert (prints, narrow) == (1, 1)
    text, ends = re.subn(
        "</body>",
        # A function: the script's backslashes inserted as written, not read as a template's
        lambda _: f"<script>\n{MEASURE.read_text(encoding='utf-8')}</script>\n</body>",
        text,
    )
    assert (policies, ends) == (1, 1)
    copy = page.with_name(f"{page.stem}-{media}-measured.html")
    copy.write_text(text, encoding="utf-8")
    return copy


def measured_at(workdir: Path, page: Path, width: int) -> tuple[dict, str]:
    """What measure_tables.js found in a measuring copy of a page `width` px wide, and its DOM."""
    dom = chromium(
        workdir,
        page,
        "--dump-dom",
        "--virtual-time-budget=5000",
        "--hide-scrollbars",
        f"--window-size={width},1000",
    ).stdout
    found = re.search(r'<pre id="measured"[^>]*>(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-2000:]
    return json.loads(html.unescape(found[1])), dom


@pytest.mark.parametrize("media", ["print", "screen"])
def test_no_table_of_the_page_passes_the_width_of_an_a4_page(folder, media, workdir):
    """At the width of an A4 page's content box, no table passes the body's right edge nor holds a
    cell whose content spills out of it; the page does not scroll sideways."""
    name, results = folder
    page = measuring_copy(write_page(workdir, name, results), media)
    # 182 mm, A4 less report.css's page margins; on screen, the narrowest width that lays the
    # tables out as the PDF does (narrower, cards and tables scrolling sideways take over).
    width = content_width_px() if media == "print" else narrowest_with_tables()
    measured, _ = measured_at(workdir, page, width)
    assert measured["viewport"] == width
    tables = measured["tables"]
    assert len(tables) >= 2 * len(results)  # every school's tables were measured, not an empty page
    past = [
        f"table {t['index']} ({t['class']}) ends at {t['right']:.1f} px, scrolls {t['scrollWidth']} px "
        f"for {t['clientWidth']} px"
        for t in tables
        if t["right"] > measured["contentRight"] + 0.5 or t["scrollWidth"] > t["clientWidth"]
    ]
    assert past == [], f"the body's content box ends at {measured['contentRight']:.1f} px"
    assert [(t["class"], cell) for t in tables for cell in t["spilling"]] == []
    assert measured["scrollWidth"] <= width


def test_printing_does_not_shrink_the_pages_to_fit_a4(folder, workdir):
    """Chromium prints a page holding something wider than A4 shrunk to fit, every page alike, its
    text smaller: each page's text must be drawn at its own size."""
    pypdf = pytest.importorskip("pypdf")
    name, results = folder
    page = write_page(workdir, f"{name}-printed", results)
    printed = workdir / f"{page.stem}.pdf"
    chromium(workdir, page, f"--print-to-pdf={printed}", "--no-pdf-header-footer")
    scales = [text_scale(sheet) for sheet in pypdf.PdfReader(printed).pages]
    assert scales == [PT_PER_PX] * len(scales)


def text_scale(page) -> float:
    """The scale most of a printed page's text is drawn at, in PDF points per CSS pixel."""
    drawn: Counter[float] = Counter()

    def visit(text, cm, tm, font, size):
        drawn[round(cm[0] * tm[0], 3)] += len(text.strip())

    page.extract_text(visitor_text=visit)
    return drawn.most_common(1)[0][0]


def narrowest_with_tables() -> int:
    """The narrowest screen, in CSS px, not given the narrow screens' rules."""
    found = re.fullmatch(r"screen and \(max-width: (\d+)px\)", PHONE)
    assert found, PHONE
    return int(found[1]) + 1


@pytest.mark.parametrize("width", [640, 720, 800, 880, narrowest_with_tables(), 1024])
def test_no_date_id_or_badge_is_cut_across_two_lines_at_any_width(width, workdir):
    """A laptop at 200 % zoom or a tablet (640 to 800 px) cut « 30/09/20 » / « 26 », « eurosco » /
    « l:1 » and « avertisse » / « ment » in columns too narrow for them (the accessibility audit,
    RGAA 10.4): the cards take over where the tables no longer fit."""
    page = measuring_copy(write_page(workdir, f"examples-{width}", example_folder()), "screen")
    measured, _ = measured_at(workdir, page, width)
    assert measured["cut"] == []


@pytest.mark.parametrize("width", [640, 720, 800])
def test_no_date_of_a_campaign_is_cut_across_two_lines(width, workdir):
    from click.testing import CliRunner
    from labelcheck.core.cli import main

    page = workdir / f"campaign-{width}.html"
    arguments = ["campaign", str(EXAMPLES), "--from", "2026-01-01", "--to", "2026-12-31"]
    result = CliRunner().invoke(main, [*arguments, "--format", "html", "-o", str(page)])
    assert page.exists(), result.output  # its exit code says whether it found problems
    measured, _ = measured_at(workdir, measuring_copy(page, "screen"), width)
    assert measured["cut"] == []


def test_on_a_phone_what_to_do_and_the_criteria_read_without_scrolling_sideways(folder, workdir):
    """On a 390 px screen, each task of « À faire » and each criterion is a card: their tables
    do not scroll sideways (the others may), and their columns' values say what they are."""
    name, results = folder
    page = measuring_copy(write_page(workdir, f"{name}-phone", results), "screen")
    measured, dom = measured_at(workdir, page, 390)
    cards = [t for t in measured["tables"] if t["class"] in ("todo", "criteria")]
    assert {t["class"] for t in cards} == {"todo", "criteria"}  # the fixtures have both
    assert [t for t in cards if t["scrollWidth"] > t["clientWidth"]] == []
    for label in ("À faire", "Échéance", "Équivalence", "Preuves"):
        assert f'data-label="{label}"' in dom
