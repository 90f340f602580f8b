"""The combined Markdown report: the same facts as the HTML page, as inert Markdown."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from labelcheck.core.writers.markdown import with_code
from report_fixtures import render
from report_reading import html_facts, md_facts, plain


@pytest.fixture(scope="module")
def results(multilabel, lurcat, invalid):
    return [multilabel, lurcat, invalid]


@pytest.fixture(scope="module")
def text(results) -> str:
    """The report with its narrow no-break spaces read as spaces (test_typography checks them)."""
    return plain(render("markdown", results))


def test_markdown_holds_the_same_facts_as_html(results, text):
    html, markdown = html_facts(render("html", results)), md_facts(text)
    assert markdown == html
    assert "ldm: non prêt" in markdown.verdicts and "euroscol: valide" in markdown.verdicts
    # What the « non prêt » comes from, and the warnings a « prêt » alone would hide.
    assert "| **non prêt** (2 bloquants, 1 avertissement) |" in text
    assert "ldm:6: réputé satisfait (équivalence)" in markdown.statuses
    assert "Fiche d'écart FE-2026-01 ouverte sur le critère 7" in markdown.messages
    assert "du 05/05/2026 au 05/11/2026" in markdown.timeline


def test_each_school_has_the_six_sections_in_order(text):
    school = text.split("## Lycée polyvalent Jacques Cœur")[1].split("\n## ")[0]
    assert re.findall(r"^### (.+)$", school, re.MULTILINE) == [
        "1. Synthèse",
        "2. Critères",
        "3. À faire",
        "4. Échéancier",
        "5. Preuves partagées",
        "6. Constats d'audit",
    ]
    assert (
        "#### Indicateurs de suivi"
        in school.split("### 5. Preuves partagées")[1].split("### 6.")[0]
    )


def test_headings_go_down_one_level_at_a_time(text):
    levels = [len(m) for m in re.findall(r"^(#+) ", text, re.MULTILINE)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in pairwise(levels))


def test_the_overview_links_each_school_to_its_anchor(text):
    links = re.findall(r"\]\(#(etablissement-\d+)\)", text)
    anchors = re.findall(r'<a id="(etablissement-\d+)"></a>', text)
    assert links == anchors == ["etablissement-1", "etablissement-2", "etablissement-3"]


def test_steps_say_where_they_stand(text):
    assert "| 28/06/2025 (période ouverte) | Lycée des métiers |" in text
    assert "| 20/05/2026 (a eu lieu) | Lycée des métiers | Audit sur site |" in text
    assert "| 05/05/2026 (fait le 01/05/2026) | Lycée des métiers |" in text  # plan_returned
    assert "| 28/06/2026 (à venir) | Lycée des métiers | Fin de validité du label |" in text


def test_indicators_give_their_yearly_values_and_target(text):
    assert (
        "| Mobilités Erasmus+ réalisées (partagé) | euroscol:2, ldm:6 | 2023 : 9 ; 2024 : 14 ; 2025 : 21 "
        '| 25 | sens de la cible non précisé (direction = "minimum" pour une cible à atteindre, '
        '"maximum" pour un plafond) |'
    ) in text


def test_information_is_one_line_per_label(text):
    assert (
        "_Pour information : Éléments de preuve par descripteur (indicatif) : 2 constats (lecture opérationnelle) "
        "— le détail : dans le rapport produit avec l'option --details_"
    ) in text
    assert "Descripteur ldm:7.35" not in text


def test_typography(results):
    raw = render("markdown", results)
    assert "Profil\u202f: " in raw and "(50\u202f%)" in raw and " : " not in raw.replace("`", "")


def test_summary_only_gives_one_row_per_dossier_and_no_section(results):
    from io import BytesIO

    from labelcheck.core.report import Summary
    from labelcheck.core.writers.markdown import MarkdownWriter

    out, summary = BytesIO(), Summary()
    writer = MarkdownWriter(out, "auto", summary_only=True)
    for result in results:
        summary.add(result)
        writer.dossier(result)
    writer.close(summary)
    text = plain(out.getvalue().decode())
    rows = [
        line
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith(("| Établissement", "| ---"))
    ]
    assert len(rows) == len(results)
    assert rows[2].startswith("| Lycée \\<script\\>") and "**(dossier invalide)**" in rows[2]
    assert "](#" not in text and "### " not in text and "<a id=" not in text
    assert "3 dossiers, 1 invalide" in text
    # No school's section says when each label was judged: its cell does (a human report
    # states each label's as-of date, cli-and-report 1.1; the contract audit found none).
    for result, row in zip(results, rows, strict=True):
        for label in result.labels:
            assert f" au {label.as_of:%d/%m/%Y}" in row, row


def test_audits_side_by_side_with_french_grades(text):
    assert (
        "| non-conformité mineure | eduform:6.26 — Référent handicap non identifié sur le site | — |"
        in text
    )


def test_dossier_strings_cannot_become_markup(invalid):
    text = plain(render("markdown", [invalid]))
    assert "<script>" not in text
    assert 'Lycée \\<script\\>alert("x")\\</script\\> & Cie' in text
    assert "### Dossier invalide : 2 erreurs" in text


def test_every_table_row_has_as_many_cells_as_its_header(text):
    widths = []
    for line in text.splitlines():
        if line.startswith("|"):
            widths.append(len(re.split(r"(?<!\\)\|", line)))
        elif widths:
            assert len(set(widths)) == 1, widths
            widths = []


def test_indicators_are_drawn_as_inline_svg_trend_charts(text):
    """cli-and-report, the combined report (HTML, Markdown, PDF), 5: « the indicators with
    their yearly values and targets drawn as small trend charts (inline SVG) »; Markdown gave
    the table alone (the contract audit). Each chart well-formed, in its row's last cell."""
    import xml.etree.ElementTree as ET

    rows = [
        line
        for line in text.splitlines()
        if line.startswith("| Mobilités Erasmus+") and "2023 : 9 ; 2024 : 14" in line
    ]
    assert rows
    for row in rows:
        cell = re.split(r"(?<!\\)\|", row)[-2].strip()
        assert cell.startswith('<svg class="trend"') and cell.endswith("</svg>"), cell
        chart = ET.fromstring(cell)
        assert chart.get("aria-label", "").startswith("Mobilités Erasmus+ réalisées")
        assert len(chart.findall("{*}circle") or chart.findall("circle")) == 3  # 2023-2025


def test_a_chart_keeps_a_name_s_bar_and_line_break_within_its_cell():
    from labelcheck.core.writers.combined import Trend
    from labelcheck.core.writers.markdown import indicators_part

    part = indicators_part(
        [Trend("i", "Taux | <b>x</b>\nsuite", "ldm:1", (("2024", 1), ("2025", 2)), 3, False)]
    )
    [row] = [line for line in part.splitlines() if line.startswith("| Taux")]
    assert len(re.split(r"(?<!\\)\|", row)) == len(re.split(r"(?<!\\)\|", part.splitlines()[2]))
    assert "<b>" not in row and "&#124;" in row


def test_the_trend_column_has_the_html_report_s_name(multilabel):
    """One word for one thing: « Évolution » in Markdown as in HTML, never « Tendance »."""
    markdown, html = render("markdown", [multilabel]), render("html", [multilabel])
    assert "| Atteinte | Évolution |" in markdown and "Tendance" not in markdown
    assert '<th scope="col">Évolution</th>' in html


def test_an_error_with_no_key_leaves_its_cell_empty(tmp_path):
    """An error about the whole file (empty, not UTF-8, two dossiers side by side)
    names no key: its « Clé » cell was an empty code span, « `` », which Markdown shows as
    two backticks. Empty, as the HTML report leaves it."""
    from labelcheck.core.engine import Engine

    (tmp_path / "dossier.toml").write_text("")
    result = Engine.create().evaluate_path(tmp_path / "dossier.toml", "vide/dossier.toml")
    text = plain(render("markdown", [result]))
    row = next(line for line in text.splitlines() if "le fichier est vide" in line)
    assert "``" not in row
    assert re.match(r"\| 1 \|\s+\| le fichier est vide", row), row


def test_a_remedy_sets_what_to_write_in_the_dossier_as_code():
    """As the HTML report does (`<code>`): escaped, the backticks showed as they were typed."""
    said = with_code('Indiquer la levée (`status = "lifted"`) et `a|b`, puis *relire*.')
    assert said == 'Indiquer la levée (`status = "lifted"`) et `a\\|b`, puis \\*relire\\*.'
    # A lone backtick is no code span: escaped, as any text the writer did not write.
    assert with_code("un ` seul") == "un \\` seul"
