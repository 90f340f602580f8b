"""`labelcheck campaign` over a school with several dossiers (one UAI): last year's copy left
beside this year's dossier, a dossier copied by mistake, one dossier per label.

Each of its steps and stage lines names its dossier's path, as `compare` names a school with
several dossiers (« Nom (UAI, chemin) »): two alike read as one step listed twice. A school
with one dossier is written as before.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

ACADEMY = Path(__file__).parent / "fixtures" / "academy-campaign"
PERIOD = ("--from", "2026-01-01", "--to", "2026-06-30")

ANATOLE = "0450001G"  # Lycée professionnel Anatole-France, in the fixture academy


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


def test_html_names_the_dossier_under_the_school(cli, tmp_path):
    folder, first, copy = academy_with_a_copy(tmp_path / "academie")
    alone = cli("campaign", ACADEMY, *PERIOD, "--format", "html").stdout
    assert "dossier.toml" not in alone
    page = campaign(cli, folder, "--format", "html").stdout
    for path in (first, copy):
        named = f'<span class="uai">{ANATOLE}</span><span class="line small">{path}</span></th>'
        # In the calendar, once per step of its dossier; in the stages table, once.
        assert page.count(named) >= 2, path


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
