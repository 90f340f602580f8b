"""A school head's reading of the same dossier in every format (the French head's audit of
lp-gaudier: LDM held since 10/12/2021, Euroscol since 15/06/2024, E3D applied for)."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from labelcheck.core.engine import Engine
from report_fixtures import render
from report_reading import plain

GAUDIER = Path(__file__).parent / "fixtures" / "lp-gaudier" / "dossier.toml"
HUMAN_FORMATS = ["text", "markdown", "html"]


def gaudier(as_of: dt.date):
    return Engine.create(as_of=as_of).evaluate_path(GAUDIER, "lp-gaudier/dossier.toml")


def read(fmt: str, as_of: dt.date) -> str:
    written = render(fmt, [gaudier(as_of)])
    assert isinstance(written, str)  # text, markdown, html: the writers of text
    report = plain(written)
    return html.unescape(re.sub(r"<[^>]+>", " ", report)) if fmt == "html" else report


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_every_format_says_the_label_own_word_for_its_renewal_to_engage(fmt):
    """« RELABELLISATION À ENGAGER » in the terminal, « à renouveler » in Markdown and HTML for
    the same Euroscol verdict; the docs promise « relabellisation à engager »."""
    report = read(fmt, dt.date(2026, 6, 20)).casefold()
    assert "relabellisation à engager" in report  # Euroscol's
    assert "renouvellement à engager" in report  # LDM's, in its fifth year
    assert "à renouveler" not in report.replace("2 à renouveler", "")  # the run's count


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_a_renewal_to_engage_says_by_when_in_every_format(fmt):
    """Four days before LDM's expiry, the terminal's verdict said « RENOUVELLEMENT À ENGAGER »
    with no date where Markdown gave « avant le 10/12/2026 »."""
    report = read(fmt, dt.date(2026, 12, 6)).casefold()
    assert "renouvellement à engager avant le 10/12/2026" in report


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_footnote_says_the_auditors_judge_whether_a_criterion_is_met(fmt):
    report = read(fmt, dt.date(2026, 6, 1))
    assert "c'est aux auditeurs de juger si le critère est atteint" in report
    assert "les auditeurs en jugent" not in report


def test_markdown_sets_a_message_or_source_key_as_code_as_the_html_does():
    """« fichiers des pièces (\\`file\\`) » showed its backticks, escaped, where the « À faire »
    column beside it set its code spans."""
    report = render("markdown", [gaudier(dt.date(2026, 6, 1))])
    assert "(`file`)" in report
    assert "\\`" not in report


def test_a_dossier_text_with_backticks_neither_breaks_the_table_nor_makes_markup(tmp_path):
    """A piece's title is the dossier's text, quoted in the missing file's message: a code span
    in it stays one cell (its pipe escaped), and markup in it stays text."""
    dossier = GAUDIER.read_text("utf-8").replace(
        'title = "Convention Région – rénovation des ateliers"',
        'title = "Convention `a|b` <b>gras</b> `<i>x</i>` | *fin*"',
    )
    (tmp_path / "dossier.toml").write_text(dossier, "utf-8")
    result = Engine.create(as_of=dt.date(2026, 6, 1)).evaluate_path(tmp_path / "dossier.toml")
    report = render("markdown", [result])
    [row] = [line for line in report.splitlines() if "Convention `a" in line]
    assert "Convention `a\\|b` \\<b\\>gras\\</b\\> \\`\\<i\\>x\\</i\\>\\` \\| \\*fin\\*" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # five cells
