"""A dossier a campaign leaves out, named with all its errors in every campaign format.

Contract: spec/cli-and-report.md, exit status 2: "every such dossier is named, with all its
errors, and the others are still evaluated".
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json

import pytest
from icalendar import Calendar
from labelcheck.core.campaign import Campaign
from labelcheck.core.errors import InputError
from labelcheck.core.writers.campaign import render

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
PATH = "academie/emile-zola/dossier.toml"
INPUT_ERRORS = (
    InputError(
        PATH, 4, "establishment.uai", "lettre de contrôle du numéro UAI « 0450005A » erronée"
    ),
    InputError(PATH, 12, "documents[0].titel", "clé inconnue « titel »", "title"),
)
# As the human formats write them: `file:line: key: message`.
ERRORS = (
    f"{PATH}:4: establishment.uai: lettre de contrôle du numéro UAI « 0450005A » erronée",
    f"{PATH}:12: documents[0].titel: clé inconnue « titel » (vouliez-vous dire «\u202ftitle\u202f»\u202f?)",
)


@pytest.fixture(autouse=True)
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 01/01/2026


@pytest.fixture
def campaign() -> Campaign:
    plan = Campaign(START, END, START, "auto", join_within=30)
    plan.add_invalid(PATH, INPUT_ERRORS)
    return plan


def shown(text: str) -> str:
    """The text as read: entities decoded, narrow no-break spaces as spaces."""
    return html.unescape(text).replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_human_formats_name_the_dossier_with_each_error(campaign, fmt):
    page = shown(render(campaign, fmt))
    assert "Dossiers invalides, non planifiés" in page
    assert f"{PATH} : dossier invalide, 2 erreurs" in page
    assert all(shown(error) in page for error in ERRORS)


def test_json_lists_each_invalid_dossier_with_its_errors(campaign):
    report = json.loads(render(campaign, "json"))
    assert report["invalid"] == [
        {
            "path": PATH,
            "errors": [
                {
                    "path": "establishment.uai",
                    "line": 4,
                    "message": "lettre de contrôle du numéro UAI « 0450005A » erronée",
                },
                {
                    "path": "documents[0].titel",
                    "line": 12,
                    "message": "clé inconnue « titel » (vouliez-vous dire «\u202ftitle\u202f»\u202f?)",
                    "suggestion": "title",
                },
            ],
        }
    ]
    assert report["summary"]["invalid"] == 1


def test_csv_has_a_row_per_error_of_the_dossier_left_out(campaign):
    rows = list(
        csv.DictReader(io.StringIO(render(campaign, "csv").lstrip("\ufeff")), delimiter=";")
    )
    assert [(r["établissement"], r["source"]) for r in rows] == [(PATH, e) for e in ERRORS]
    assert {r["étape"] for r in rows} == {"Dossier invalide, non planifié"}


def test_ics_names_it_in_a_to_do_with_a_stable_uid(campaign):
    calendar = Calendar.from_ical(render(campaign, "ics"))
    [todo] = calendar.walk("VTODO")
    assert str(todo["UID"]) == f"invalid-{PATH}@labelcheck"
    assert PATH in str(todo["SUMMARY"])
    assert all(shown(error) in shown(str(todo["DESCRIPTION"])) for error in ERRORS)
    assert render(campaign, "ics") == render(campaign, "ics")


def test_a_campaign_without_invalid_dossier_shows_no_such_part():
    plan = Campaign(START, END, START, "auto", join_within=30)
    assert "invalide" not in render(plan, "text") and "VTODO" not in render(plan, "ics")
