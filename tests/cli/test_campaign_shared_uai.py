"""`labelcheck campaign` over a school with several dossiers (one UAI): last year's copy left
beside this year's dossier, a dossier copied by mistake, one dossier per label.

Each of its steps and stage lines names its dossier's path, as `compare` names a school with
several dossiers (« Nom (UAI, chemin) »): two alike read as one step listed twice. A school
with one dossier is written as before. And a cross-school check says when two dossiers of a
school are judged for the same label (`label-in-several-dossiers`, a suggestion).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar
from labelcheck.core.campaign import NO_SOURCE, Campaign, SchoolPlan, Stage

ACADEMY = Path(__file__).parent / "fixtures" / "academy-campaign"
PERIOD = ("--from", "2026-01-01", "--to", "2026-06-30")
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)

ANATOLE = "0450001G"  # Lycée professionnel Anatole-France, in the fixture academy
CHECK = "label-in-several-dossiers"


@pytest.fixture(autouse=True)
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 01/01/2026


def academy_with_a_copy(folder: Path) -> tuple[Path, str, str]:
    """The fixture academy, Anatole-France's dossier copied beside it (last year's copy):
    the folder, and the paths of its two dossiers as the campaign names them."""
    shutil.copytree(ACADEMY, folder)
    shutil.copytree(folder / "anatole-france", folder / "anatole-france-copie")
    return (
        folder,
        str(folder / "anatole-france" / "dossier.toml"),
        str(folder / "anatole-france-copie" / "dossier.toml"),
    )


def campaign(cli, folder: Path, *args: str):
    return cli("campaign", folder, *PERIOD, *args)


def test_each_step_of_a_school_with_two_dossiers_names_its_dossier(cli, tmp_path):
    folder, first, copy = academy_with_a_copy(tmp_path / "academie")
    out = campaign(cli, folder).stdout
    anatole = [line for line in out.splitlines() if f"({ANATOLE}" in line and " · " in line]
    assert anatole, out
    # Each step twice, once per dossier, each named: no two lines alike.
    assert len(anatole) == len(set(anatole))
    assert sum(f"({ANATOLE}, {first})" in line for line in anatole) == len(anatole) // 2
    assert sum(f"({ANATOLE}, {copy})" in line for line in anatole) == len(anatole) // 2
    # The stage lines too.
    assert f"  Lycée professionnel Anatole-France ({ANATOLE}, {first})\n" in out
    assert f"  Lycée professionnel Anatole-France ({ANATOLE}, {copy})\n" in out


def test_a_school_with_one_dossier_is_written_as_before(cli, tmp_path):
    """The other schools of the campaign: their step and stage lines, byte for byte those of
    the campaign without the copy; and a campaign of one dossier per school names no path."""
    folder, _, _ = academy_with_a_copy(tmp_path / "academie")
    alone = cli("campaign", ACADEMY, *PERIOD).stdout
    assert "dossier.toml" not in alone
    others = [line for line in alone.splitlines() if " · " in line and ANATOLE not in line]
    with_copy = campaign(cli, folder).stdout.splitlines()
    assert (
        others and [line for line in with_copy if " · " in line and ANATOLE not in line] == others
    )
    for school in ("Lycée Condorcet (0450003J)", "Lycée polyvalent Blaise-Pascal (0450002H)"):
        assert f"  {school}" in with_copy


def test_two_dossiers_judged_for_one_label_are_a_suggestion_in_json(cli, tmp_path):
    folder, first, copy = academy_with_a_copy(tmp_path / "academie")
    alone = json.loads(cli("campaign", ACADEMY, *PERIOD, "--format", "json").stdout)
    result = campaign(cli, folder, "--format", "json")
    report = json.loads(result.stdout)
    [found] = [f for f in report["findings"] if f["check"] == CHECK]
    assert found["severity"] == "suggestion" and found["nature"] == "operational"
    assert found["schools"] == [ANATOLE] and found["auditor"] is None
    assert found["source"] == NO_SOURCE[0]
    assert found["message"] == (
        f"Lycée professionnel Anatole-France ({ANATOLE})\u202f: deux dossiers de l'établissement "
        f"sont évalués pour le label Lycée des métiers ({first}, {copy})"
    )
    assert "copie de l'année précédente" in found["remedy"]
    # The other findings are those of the academy alone: one audit two dossiers record is one.
    assert [f for f in report["findings"] if f["check"] != CHECK] == alone["findings"]
    assert report["summary"]["suggestions"] == alone["summary"]["suggestions"] + 1
    assert report["summary"]["problems"] == alone["summary"]["problems"]
    # Four schools, five dossiers: the count says both, in JSON and in words.
    assert (report["summary"]["schools"], report["summary"]["dossiers"]) == (4, 5)
    text = campaign(cli, folder).stdout
    assert "4 établissements (5 dossiers)," in text


def test_the_suggestion_alone_does_not_fail_the_run(cli, tmp_path):
    lurcat = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat"
    shutil.copytree(lurcat, tmp_path / "a")
    shutil.copytree(lurcat, tmp_path / "b")
    result = cli("campaign", tmp_path, *PERIOD)
    assert result.exit_code == 0, result.output
    assert "0 problème, 1 suggestion" in result.stdout
    text = result.stdout.replace("\u202f", " ")
    assert "suggestion : Lycée professionnel Jean Lurçat (0451442Y) : deux dossiers" in text
    assert "→ Ne garder qu'un dossier de l'établissement par label" in text
    assert "source (lecture opérationnelle) : Vérification de labelcheck" in text


def test_the_check_names_the_labels_each_set_of_dossiers_shares():
    """A whole dossier copied is one finding naming its labels, not one per label; dossiers
    of a school sharing different labels, one finding each; one dossier per label, each
    judged for its own only, nothing; a school with one dossier, nothing."""

    def plan(path: str, uai: str, *labels: tuple[str, str]) -> SchoolPlan:
        return SchoolPlan(path, uai, "Lycée D", tuple(Stage(i, n, "ready") for i, n in labels))

    ldm, e3d, edu = ("ldm", "Lycée des métiers"), ("e3d", "E3D"), ("eduform", "Eduform")
    campaign = Campaign(START, END, START, "auto", join_within=30)
    for school in (
        plan("a/dossier.toml", "0454001E", ldm, e3d, edu),
        plan("b/dossier.toml", "0454001E", edu, ldm, e3d),  # a copy, its labels in another order
        plan("c/dossier.toml", "0454002F", ldm),
        plan("c/e3d/dossier.toml", "0454002F", e3d),  # one dossier per label
        plan("d/dossier.toml", "0454003G", ldm, e3d),
        plan("e/ldm/dossier.toml", "0454004H", ldm, e3d),
        plan("e/e3d/dossier.toml", "0454004H", e3d),
        plan("e/old/dossier.toml", "0454004H", ldm),
    ):
        campaign.add(school)
    found = [(f.schools, f.message.split(" : ", 1)[1]) for f in campaign.findings()]
    assert found == [
        (
            ("0454001E",),
            "deux dossiers de l'établissement sont évalués pour les labels E3D, Eduform et "
            "Lycée des métiers (a/dossier.toml, b/dossier.toml)",
        ),
        (
            ("0454004H",),
            "deux dossiers de l'établissement sont évalués pour le label Lycée des métiers "
            "(e/ldm/dossier.toml, e/old/dossier.toml)",
        ),
        (
            ("0454004H",),
            "deux dossiers de l'établissement sont évalués pour le label E3D "
            "(e/ldm/dossier.toml, e/e3d/dossier.toml)",
        ),
    ]
    assert all(f.date == START and f.severity == "suggestion" for f in campaign.findings())
    assert campaign.problems() == 0
    assert campaign.shared_uais() == {"0454001E", "0454002F", "0454004H"}


def test_csv_names_the_dossier_beside_the_school(cli, tmp_path):
    folder, first, copy = academy_with_a_copy(tmp_path / "academie")
    alone = cli("campaign", ACADEMY, *PERIOD, "--format", "csv").stdout
    result = campaign(cli, folder, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(result.removeprefix("\ufeff")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header == next(csv.reader(io.StringIO(alone.removeprefix("\ufeff")), delimiter=";"))
    school = header.index("établissement")
    anatole = [row[school] for row in body if row[header.index("UAI")] == ANATOLE]
    assert set(anatole) == {
        f"Lycée professionnel Anatole-France ({first})",
        f"Lycée professionnel Anatole-France ({copy})",
    }
    # The other schools' rows, as without the copy.
    before = [r for r in csv.reader(io.StringIO(alone), delimiter=";") if r[3] != ANATOLE]
    assert [r for r in csv.reader(io.StringIO(result), delimiter=";") if r[3] != ANATOLE] == before


def test_html_names_the_dossier_under_the_school_and_gives_the_suggestion(cli, tmp_path):
    folder, first, copy = academy_with_a_copy(tmp_path / "academie")
    alone = cli("campaign", ACADEMY, *PERIOD, "--format", "html").stdout
    assert "dossier.toml" not in alone
    page = campaign(cli, folder, "--format", "html").stdout
    for path in (first, copy):
        named = f'<span class="uai">{ANATOLE}</span><span class="line small">{path}</span></th>'
        # In the calendar, once per step of its dossier; in the stages table, once.
        assert page.count(named) >= 2, path
    assert "sont évalués pour le label Lycée des métiers" in page
    assert "copie de l" in page and page.count("Vérification de labelcheck") == 1


def test_ics_names_the_dossier_in_each_event_of_a_school_with_two(cli, tmp_path):
    folder, first, copy = academy_with_a_copy(tmp_path / "academie")
    alone = {
        str(e["UID"]): e
        for e in Calendar.from_ical(
            cli("campaign", ACADEMY, *PERIOD, "--format", "ics").stdout
        ).walk("VEVENT")
    }
    events = Calendar.from_ical(campaign(cli, folder, "--format", "ics").stdout).walk("VEVENT")
    anatole = [e for e in events if str(e["UID"]).startswith(ANATOLE)]
    assert anatole and len(anatole) == 2 * sum(u.startswith(ANATOLE) for u in alone)
    for event in anatole:
        summary, description = str(event["SUMMARY"]), str(event["DESCRIPTION"])
        [path] = [p for p in (first, copy) if p in summary]
        assert f"Dossier\u202f: {path}" in description
    # The first dossier's events keep their UIDs; those of the other schools are unchanged.
    for event in events:
        uid = str(event["UID"])
        if not uid.startswith(ANATOLE):
            assert event.to_ical() == alone[uid].to_ical()
        elif uid in alone:
            assert first in str(event["SUMMARY"])


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "html", "ics"])
def test_jobs_2_gives_the_same_bytes(cli, tmp_path, fmt):
    folder, _, _ = academy_with_a_copy(tmp_path / "academie")
    one = campaign(cli, folder, "--format", fmt, "--jobs", "1")
    two = campaign(cli, folder, "--format", fmt, "--jobs", "2")
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 1
