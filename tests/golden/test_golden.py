"""The golden reports: the examples' reports kept byte for byte, in every format a person reads.

`lp-jean-lurcat.json` is the JSON report of examples/lp-jean-lurcat judged on 20 May 2026;
`lycee-multilabel.*` the terminal, Markdown and HTML reports of the multi-label example, and
the text of its PDF, judged on 2 December 2026 and dated by SOURCE_DATE_EPOCH;
`comparaison.*` the comparison, in the same three formats, of both examples judged on
20 May 2026 and on 1 March 2027 (a renewal come due, an expiry, a gap closed). A change of a
rule, a message or a report's layout shows here as a diff. When the change is intended,
regenerate the files and review them in the commit: `pytest tests/golden --update-golden`
(or LABELCHECK_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from labelcheck.core.writers import pdf_available

HERE = Path(__file__).parent
ROOT = Path(__file__).parents[2]
PRODUCED = "1796169600"  # 2026-12-02, the day the reports say they were produced

CASES = {
    "lp-jean-lurcat.json": (
        "evaluate",
        "examples/lp-jean-lurcat",
        "--as-of",
        "2026-05-20",
        "--format",
        "json",
    ),
    "lycee-multilabel.txt": ("evaluate", "examples/lycee-multilabel", "--as-of", "2026-12-02"),
    "lycee-multilabel.md": (
        "evaluate",
        "examples/lycee-multilabel",
        "--as-of",
        "2026-12-02",
        "--format",
        "markdown",
    ),
    "lycee-multilabel.html": (
        "evaluate",
        "examples/lycee-multilabel",
        "--as-of",
        "2026-12-02",
        "--format",
        "html",
    ),
}


# The HTML page inlines report.css and report-phone.css: its golden keeps the page, not a second
# copy of the style sheets.
STYLE = re.compile(r"(<style[^>]*>\n).*?(</style>)", re.DOTALL)


# A plugin's digest changes with any edit of its data files (core/identity.py): the golden keeps
# the rules' effects on the report, not a hash to update after every change of a rule's wording.
PLUGIN_DIGEST = re.compile(r'(\n        "digest": )"sha256:[0-9a-f]{64}"')


def check(name: str, produced: str, update: bool) -> None:
    if name.endswith(".html"):
        produced = STYLE.sub(r"\1/* core/writers/report*.css */\n\2", produced)
    if name.endswith(".json"):
        produced = PLUGIN_DIGEST.sub(r'\1"sha256:…"', produced)
    golden = HERE / name
    if update:
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text("utf-8"), (
        f"the report {name} changed; if intended: pytest tests/golden --update-golden"
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_example_report_is_the_golden_one(name, cli, monkeypatch, update_golden):
    monkeypatch.chdir(ROOT)  # the report names the dossier by the path given
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PRODUCED)
    result = cli(*CASES[name])
    assert result.exit_code == 0, result.output
    check(name, result.stdout, update_golden)


COMPARISONS = {"comparaison.txt": "text", "comparaison.md": "markdown", "comparaison.html": "html"}


@pytest.mark.parametrize("name", sorted(COMPARISONS))
def test_the_comparison_of_the_examples_is_the_golden_one(
    name, cli, monkeypatch, tmp_path, update_golden
):
    """Written a school at a time (core/writers/compare.py), it must read as it did whole."""
    monkeypatch.chdir(tmp_path)  # the comparison names the reports by the paths given
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PRODUCED)
    examples = [ROOT / "examples" / name for name in ("lp-jean-lurcat", "lycee-multilabel")]
    for report, as_of in (("avant.json", "2026-05-20"), ("apres.json", "2027-03-01")):
        result = cli("evaluate", *examples, "--as-of", as_of, "--format", "json", "-o", report)
        assert result.exit_code == 0, result.output
    result = cli("compare", "avant.json", "apres.json", "--format", COMPARISONS[name])
    assert result.exit_code == 1, result.output  # two verdicts went down
    check(name, result.stdout, update_golden)


@pytest.mark.skipif(
    not pdf_available(), reason="the pdf extra (WeasyPrint, pypdf) is not installed"
)
def test_the_pdf_says_what_the_golden_text_says(cli, monkeypatch, tmp_path, update_golden):
    """The PDF's text, page by page: what a reader finds on each page (its bytes hold a timestamp)."""
    from pypdf import PdfReader

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PRODUCED)
    target = tmp_path / "rapport.pdf"
    result = cli(
        "evaluate", "examples/lycee-multilabel", "--as-of", "2026-12-02", "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    pages = PdfReader(io.BytesIO(target.read_bytes())).pages
    text = "".join(
        f"--- page {number} ---\n{page.extract_text()}\n" for number, page in enumerate(pages, 1)
    )
    check("lycee-multilabel.pdf.txt", text, update_golden)
