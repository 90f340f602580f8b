"""The combined report's « Plan d'actions »: the school's LDM 002 read back to it, after the six
sections of the contract, each action with its pilot, dates, state at the as-of date and indicators."""

from __future__ import annotations

import datetime as dt

import pytest
from labelcheck.core.engine import Engine
from labelcheck.core.report import DossierResult
from report_fixtures import FIXTURES, render
from report_reading import parse_html
from test_html_report import SECTIONS

PLAN = "7. Plan d'actions"


@pytest.fixture(scope="module")
def plan() -> DossierResult:
    """Judged at its audit date, 20 May 2026."""
    return Engine.create(as_of=dt.date(2026, 5, 20)).evaluate_path(
        FIXTURES / "action-plan.toml", "action-plan.toml"
    )


@pytest.fixture(scope="module")
def rows(plan) -> dict[str, str]:
    """Each action's row of the HTML section, by action id, as its text reads."""
    school = parse_html(render("html", [plan])).root.find("article", "school")
    assert school is not None
    section = next(s for s in school.iter("section") if s.find("h3").text() == PLAN)
    return {
        row.find("th").find("span", "ref").text(): row.text()
        for row in section.find("table").iter("tr")
        if row.find("th") is not None and row.find("th").find("span", "ref") is not None
    }


def test_the_action_plan_comes_after_the_six_sections_of_the_contract(plan):
    titles = [h3.text() for h3 in parse_html(render("html", [plan])).root.iter("h3")]
    assert titles == [*SECTIONS, PLAN]


def test_a_dossier_without_actions_has_no_action_plan_section(multilabel):
    assert multilabel.dossier is not None and not multilabel.dossier.actions
    assert PLAN not in render("html", [multilabel])
    assert PLAN not in render("markdown", [multilabel])


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("A6-1", "terminée le 15/04/2026"),
        # Finalised on 15 June, after the as-of date: not yet, and its end (31 March) has passed.
        ("A6-2", "en retard"),
        ("A3-1", "en cours"),
        ("A4-1", "à venir"),
        ("A0-1", "non datée"),
    ],
)
def test_each_action_shows_its_state_at_the_as_of_date(rows, action, state):
    assert state in rows[action]


def test_an_action_shows_its_pilot_its_dates_and_its_indicators_last_value_and_target(rows):
    row = rows["A6-1"]
    assert "Référente Erasmus+" in row and "du 01/09/2024 au 30/06/2026" in row
    # The 2027 measure is after the as-of date: the last one is 2025's.
    assert "Mobilités Erasmus+ : 21 en 2025, cible 25 au moins" in row.replace("\u202f", " ")
    assert "non désigné" in rows["A3-1"]  # no pilot: said, not left blank


def test_actions_are_grouped_under_the_criterion_they_serve_with_its_title(plan):
    page = render("html", [plan])
    section = page.split(f"<h3>{PLAN.replace(chr(39), '&#x27;')}</h3>")[1]
    headings = [
        th.text()
        for th in parse_html(section).root.iter("th")
        if th.attrs.get("scope") == "rowgroup"
    ]
    assert [h.split(" — ")[0] for h in headings] == [
        "ldm:3",
        "ldm:4",
        "ldm:6",
        "Actions rattachées à aucun critère (état au 20/05/2026)",
    ]
    assert "ldm:6 — La mise en œuvre d'actions visant à l'ouverture internationale" in headings[2]
    # An action serving a criterion and one of its items is listed once under the criterion.
    assert section.count("A6-2") == 1


def test_markdown_shows_the_same_plan(plan):
    text = render("markdown", [plan])
    part = text.split(f"### {PLAN}\n")[1].split("\n---")[0]
    headings = [line[5:].split(" — ")[0] for line in part.splitlines() if line.startswith("#### ")]
    assert headings == [
        "ldm:3",
        "ldm:4",
        "ldm:6",
        "Actions rattachées à aucun critère (état au 20/05/2026)",
    ]
    rows = [line for line in part.splitlines() if line.startswith("| ") and "`A" in line]
    assert len(rows) == 5
    assert any("`A6-2`" in row and "**en retard**" in row for row in rows)
    assert any("`A3-1`" in row and "_non désigné_" in row for row in rows)
    assert "Mobilités Erasmus+\u202f: 21 en 2025, cible 25 au moins" in part


def test_the_plan_is_set_the_french_way(plan):
    """A narrow no-break space before the colon, in both formats."""
    for fmt in ("html", "markdown"):
        assert "Mobilités Erasmus+\u202f: 21 en 2025" in render(fmt, [plan])


def test_a_measure_of_a_later_year_does_not_reach_the_target_in_the_indicators_table(plan):
    """Dossier format 1.1: the 2027 measure (40, above the target 25) does not count on
    20 May 2026. The indicators of « Preuves partagées » read 2025's, as the action plan does."""
    markdown = render("markdown", [plan]).replace("\u202f", " ")
    row = next(line for line in markdown.splitlines() if line.startswith("| Mobilités Erasmus+ |"))
    assert "2024 : 18 ; 2025 : 21 |" in row and "2027" not in row
    assert "non atteinte en 2025 (21)" in row
    html = render("html", [plan])
    assert "atteinte en 2027" not in html and "non atteinte en 2025" in html


def test_the_text_report_does_not_count_a_target_reached_by_a_later_measure(plan):
    text = render("text", [plan]).replace("\u202f", " ")
    assert "Indicateurs : 0 cible atteinte, 1 non atteinte" in text
