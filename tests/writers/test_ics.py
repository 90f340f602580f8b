"""iCalendar output: `evaluate --format ics` (one school's échéancier) and `campaign --format ics`.

Contract: spec/cli-and-report.md 1.1: stable event ids made of UAI, label and step, so that
importing again updates events instead of doubling them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from labelcheck.core.campaign import place_of, school_plan
from labelcheck.core.writers.ics import event_stamp, event_text, with_uid

ROOT = Path(__file__).parents[2]
LURCAT = ROOT / "examples" / "lp-jean-lurcat"
ACADEMY = ROOT / "tests" / "cli" / "fixtures" / "academy-campaign"
PERIOD = ("--from", "2026-01-01", "--to", "2026-06-30")


@pytest.fixture(autouse=True)
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 01/01/2026 00:00 UTC


def events(text: str) -> list:
    return list(Calendar.from_ical(text).walk("VEVENT"))


def test_a_schools_echeancier_parses_with_one_event_per_step(cli):
    result = cli("evaluate", LURCAT, "--format", "ics", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    found = {str(event["UID"]) for event in events(result.stdout)}
    assert {
        "0451442Y-ldm-audit-plan@labelcheck",
        "0451442Y-ldm-audit@labelcheck",
        "0451442Y-ldm-expiry@labelcheck",
        "0451442Y-ldm-nonconformity-due:FE-2026-01@labelcheck",
    } <= found


def test_events_are_all_day_dated_in_french_with_their_source(cli):
    result = cli("evaluate", LURCAT, "--format", "ics", "--fail-on", "never")
    assert "DTSTART;VALUE=DATE:20260505" in result.stdout
    plan = next(
        e for e in events(result.stdout) if str(e["UID"]).endswith("-audit-plan@labelcheck")
    )
    assert plan.decoded("DTSTART") == dt.date(2026, 5, 5)
    assert plan.decoded("DTEND") == dt.date(2026, 5, 6)  # exclusive: one day
    assert str(plan["SUMMARY"]).startswith("Retour du plan d'audit validé")
    assert "Lycée professionnel Jean Lurçat" in str(plan["SUMMARY"])
    description = str(plan["DESCRIPTION"])
    assert (
        "UAI 0451442Y" in description
        and "Source\u202f: «\u202fLabel Lycées des métiers" in description
    )


def test_dtstamp_is_the_production_date_so_two_runs_are_identical(cli):
    first = cli("evaluate", LURCAT, "--format", "ics", "--fail-on", "never").stdout
    second = cli("evaluate", LURCAT, "--format", "ics", "--fail-on", "never").stdout
    assert first == second
    assert all(
        e.decoded("DTSTAMP") == dt.datetime(2026, 1, 1, tzinfo=dt.UTC) for e in events(first)
    )


def test_importing_twice_gives_one_calendar(cli):
    """A calendar keyed by UID (as clients import) holds as many events after two imports as
    after one, and UIDs never repeat within a file."""
    runs = [cli("campaign", ACADEMY, *PERIOD, "--format", "ics").stdout for _ in range(2)]
    first, second = (events(run) for run in runs)
    uids = [str(e["UID"]) for e in first]
    assert len(uids) == len(set(uids)) == 11  # 8 steps, and the 3 submissions
    merged = {str(e["UID"]): e for e in [*first, *second]}
    assert len(merged) == len(first)


def test_a_window_is_one_event_over_its_days(cli):
    result = cli("campaign", ACADEMY, *PERIOD, "--format", "ics")
    window = next(e for e in events(result.stdout) if "surveillance-window" in str(e["UID"]))
    assert window.decoded("DTSTART") == dt.date(2025, 11, 1)
    assert window.decoded("DTEND") == dt.date(2026, 7, 2)  # its last day, 01/07/2026, included


def test_an_audit_event_names_its_team(cli):
    result = cli("campaign", ACADEMY, *PERIOD, "--format", "ics")
    audit = next(
        e for e in events(result.stdout) if str(e["UID"]) == "0450001G-ldm-audit@labelcheck"
    )
    # The lead first, then the others by name, whatever the dossier's order
    assert "Émilie Roux, Inès Carré, Paul Henry" in str(audit["DESCRIPTION"])


def test_lines_end_with_crlf_and_are_folded(cli):
    # click's runner turns CRLF into LF in `stdout`: its bytes are as written.
    data = cli("campaign", ACADEMY, *PERIOD, "--format", "ics").stdout_bytes
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_ics_is_inferred_from_the_file_name(cli, tmp_path):
    target = tmp_path / "echeancier.ics"
    result = cli("evaluate", LURCAT, "-o", target, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")  # CRLF kept in a file
    assert events(target.read_text("utf-8"))


RABELAIS = """format = 1

[establishment]
uai = "0000002C"
name = "Collège Rabelais"
kind = "lp"
sector = "public"

[[applications]]
label = "e3d"
type = "initial"
level = 1
audit = {e3d_audit}

[[applications]]
label = "eduform"
type = "initial"
categories = ["training"]
audit = 2027-03-25

[[audits]]
label = "eduform"
type = "surveillance"
date = 2027-09-01

[[audits]]
label = "eduform"
type = "surveillance"
date = {surveillance}
"""


def rabelais_uids(cli, folder: Path, e3d_audit: str, surveillance: str) -> dict[str, dt.date]:
    """The campaign's events of a school whose e3d audit (no milestone of its own) and second
    Eduform surveillance audit fall on the dates given: UID -> date."""
    (folder / "e").mkdir(parents=True)
    dossier = RABELAIS.format(e3d_audit=e3d_audit, surveillance=surveillance)
    (folder / "e" / "dossier.toml").write_text(dossier, "utf-8")
    result = cli(
        "campaign", folder, "--from", "2027-01-01", "--to", "2028-12-31", "--format", "ics"
    )
    found = events(result.stdout)
    uids = [str(e["UID"]) for e in found]
    assert len(uids) == len(set(uids))  # unique within the file
    return {str(e["UID"]): e.decoded("DTSTART") for e in found}


def test_an_audit_moved_keeps_its_uid_so_importing_again_updates_it(cli, tmp_path):
    before = rabelais_uids(cli, tmp_path / "before", "2027-03-01", "2027-10-01")
    after = rabelais_uids(cli, tmp_path / "after", "2027-03-08", "2027-11-15")
    assert before.keys() == after.keys()  # the same events, none doubled
    assert before["0000002C-e3d-audit:initial@labelcheck"] == dt.date(2027, 3, 1)
    assert after["0000002C-e3d-audit:initial@labelcheck"] == dt.date(2027, 3, 8)
    # Two audits of one label and type: told apart by their rank, not by their dates.
    assert after["0000002C-eduform-audit:surveillance@labelcheck"] == dt.date(2027, 9, 1)
    assert after["0000002C-eduform-audit:surveillance:2@labelcheck"] == dt.date(2027, 11, 15)
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", uid) for uid in after)


def test_a_schools_echeancier_gives_its_events_the_campaigns_uids(cli, tmp_path):
    campaign = rabelais_uids(cli, tmp_path, "2027-03-01", "2027-10-01")
    result = cli("evaluate", tmp_path, "--format", "ics", "--as-of", "2027-01-01")
    assert {str(e["UID"]) for e in events(result.stdout)} == campaign.keys()


def test_a_dossier_s_text_cannot_reorder_what_a_calendar_shows(cli, tmp_path):
    """Bidirectional overrides in a school's name reached the calendar (the hardening audit):
    removed, as the other control characters are."""
    school = tmp_path / "lycee"
    example = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat"
    text = (example / "dossier.toml").read_text(encoding="utf-8")
    name = 'name = "Lycée professionnel Jean Lurçat"'
    assert name in text
    school.mkdir()
    (school / "dossier.toml").write_text(
        text.replace(name, 'name = "Lycée \\u202etaçruL\\u202c Jean"'), encoding="utf-8"
    )
    calendar = cli("evaluate", school, "--format", "ics", "--fail-on", "never").stdout
    assert "Lycée taçruL Jean" in calendar
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", calendar)


def test_the_calendars_name_escapes_a_schools_commas_semicolons_and_backslashes(cli, tmp_path):
    """X-WR-CALNAME is TEXT, as SUMMARY is (RFC 5545 3.8.8.2, 3.3.11): it was written raw
    (the fuzzing audit), and a calendar reading it as TEXT lost its backslashes."""
    school = tmp_path / "lycee"
    text = (LURCAT / "dossier.toml").read_text(encoding="utf-8")
    name = 'name = "Lycée professionnel Jean Lurçat"'
    school.mkdir()
    (school / "dossier.toml").write_text(
        text.replace(name, 'name = "Lurçat, ; \\\\ x"'), encoding="utf-8"
    )
    calendar = cli("evaluate", school, "--format", "ics", "--fail-on", "never").stdout
    unfolded = calendar.replace("\r\n", "\n").replace("\n ", "").split("\n")
    [written] = [line.removeprefix("X-WR-CALNAME:") for line in unfolded if "CALNAME:" in line]
    assert "Lurçat\\," in written and "\\;" in written and "\\\\ x" in written, written


def two_copies_of_one_school(folder: Path) -> Path:
    """Last year's copy left beside this year's dossier: one UAI, two dossiers."""
    text = (LURCAT / "dossier.toml").read_text(encoding="utf-8")
    for name in ("a-2026", "b-copie"):
        (folder / name).mkdir(parents=True)
        (folder / name / "dossier.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ("evaluate", "--format", "ics", "--fail-on", "never"),
        ("campaign", *PERIOD, "--format", "ics"),
    ],
)
def test_two_dossiers_of_one_school_give_each_event_a_uid_of_its_own(cli, tmp_path, command):
    # A UID names one event (RFC 5545): the same UID twice, a calendar kept one audit of two.
    folder = two_copies_of_one_school(tmp_path / "ecoles")
    alone = cli(command[0], LURCAT, *command[1:]).stdout
    result = cli(command[0], folder, *command[1:])
    assert result.exit_code == 0, result.output
    uids = [str(e["UID"]) for e in events(result.stdout)]
    assert len(uids) == len(set(uids)) == 2 * len(events(alone))
    # The first in path order keeps the UIDs it has alone: moving a school's only dossier, or
    # adding a copy after it, changes none of them.
    assert {str(e["UID"]) for e in events(alone)} < set(uids)
    assert cli(command[0], folder, *command[1:], "--jobs", "2").stdout == result.stdout


def test_an_event_given_its_place_after_rendering_is_the_event_rendered_with_it(evaluate):
    # evaluate's workers render events before the parent knows a school came twice: the parent
    # changes the UID of those, which must give what rendering with the place would have.
    result = evaluate(LURCAT / "dossier.toml")
    stamp, place = event_stamp(), place_of("ecoles/b-copie/dossier.toml")
    steps = school_plan(result).steps
    assert steps
    for step in steps:
        key = (step.date, step.uai, step.label, step.id)
        rendered = event_text(dataclasses.replace(step, place=place), stamp)
        assert with_uid(event_text(step, stamp), key, place) == rendered


@pytest.mark.parametrize("command", ["campaign", "evaluate"])
def test_a_calendar_with_no_step_still_holds_a_component(cli, tmp_path, command):
    """RFC 5545 § 3.4: `icalbody = calprops component`, one component at least. A campaign over
    quiet months, or a school with no dated step, gave none (the contract audit): it holds the
    time zone of the steps' days."""
    from icalendar import Calendar

    if command == "campaign":
        examples = Path(__file__).parents[2] / "examples"
        args = ["campaign", examples, "--from", "2030-01-01", "--to", "2030-06-30"]
    else:
        (tmp_path / "ecole").mkdir()
        cli("init", tmp_path / "ecole", "--label", "euroscol")
        text = (tmp_path / "ecole" / "dossier.toml").read_text("utf-8")
        (tmp_path / "ecole" / "dossier.toml").write_text(
            "\n".join(line for line in text.splitlines() if not line.startswith("submitted")),
            "utf-8",
        )
        args = ["evaluate", tmp_path / "ecole"]
    out = tmp_path / "sortie.ics"
    cli(*args, "--format", "ics", "-o", out)
    calendar = Calendar.from_ical(out.read_bytes())
    names = [component.name for component in calendar.subcomponents]
    # In 2030 the examples' écarts and expiries are late: their to-dos are the components.
    assert names == (["VTODO"] * len(names) if command == "campaign" else ["VTIMEZONE"]), names
    assert names
