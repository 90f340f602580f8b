"""The HTML report in a real browser: headless Chromium draws it, prints it on A4 and finds its facts.

Skipped where /usr/bin/chromium is absent. Each run captures the browser's log:
the page must raise no console message (no script error, nothing refused by its
Content-Security-Policy, so nothing fetched).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from labelcheck.core import french
from labelcheck.core.engine import Engine
from labelcheck.core.writers.combined import timeline
from png_pixels import read_png
from report_fixtures import EXAMPLES, load_result, render
from report_reading import html_facts

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]
BLUE = bytes((0x00, 0x00, 0x91))  # the report's header rule and headings (report.css --blue)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


@pytest.fixture(scope="module")
def example():
    """The multi-label example when it is there, else the LDM one."""
    folder = EXAMPLES / "lycee-multilabel"
    if not (folder / "dossier.toml").exists():
        folder = EXAMPLES / "lp-jean-lurcat"
    return Engine.create().evaluate_path(folder / "dossier.toml", f"examples/{folder.name}/dossier.toml")


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
        capture_output=True, text=True, timeout=180, check=False)
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
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data)), [f"{float(w):.0f}x{float(h):.0f}" for w, h in boxes]


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
    assert once == 1 + school + 1  # the overview, the school, the invalid dossier: each from a new page
    assert set(once_sizes + twice_sizes) == {"595x842"}  # A4 in points, from @page


def test_the_dom_holds_each_label_verdict_and_the_timeline(example, workdir):
    page = write_page(workdir, "dom", [example])
    dom = chromium(workdir, page, "--dump-dom").stdout
    facts = html_facts(dom)
    assert facts.verdicts == [f"{label.label}: {french.VERDICTS[label.verdict]}" for label in example.labels]
    assert facts.timeline == [step.when for step in timeline(example)]
    assert len(facts.timeline) >= len(example.labels)

