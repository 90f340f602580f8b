"""`evaluate --format ics` on an invalid dossier: the to-do a campaign's calendar gives it.

Contract: spec/cli-and-report.md, "Campaign planning across schools": "`evaluate --format ics`
gives one school's timeline the same way" as `labelcheck campaign`, whose calendar names each
dossier it left out in a to-do (VTODO); `evaluate` wrote nothing for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

ROOT = Path(__file__).parents[2]
MULTILABEL = ROOT / "examples" / "lycee-multilabel"
EVALUATE = ("--format", "ics", "--as-of", "2026-05-20", "--fail-on", "never")
CAMPAIGN = ("--format", "ics", "--from", "2026-05-20", "--to", "2027-05-19")


@pytest.fixture(autouse=True)
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 01/01/2026 00:00 UTC


def copy(target: Path, broken: bool) -> Path:
    """The example's dossier, its first label's award on a 30 February when `broken`."""
    shutil.copytree(MULTILABEL, target)
    if broken:
        dossier = target / "dossier.toml"
        text = dossier.read_text("utf-8")
        assert "awarded = 2021-06-28" in text
        dossier.write_text(text.replace("awarded = 2021-06-28", "awarded = 2026-02-30"), "utf-8")
    return target


def todo_block(data: bytes) -> bytes:
    start, end = data.index(b"BEGIN:VTODO\r\n"), data.index(b"END:VTODO\r\n")
    return data[start : end + len(b"END:VTODO\r\n")]


def test_an_invalid_dossier_gets_the_campaigns_to_do(cli, tmp_path):
    dossier = copy(tmp_path / "lycee", broken=True)
    result = cli("evaluate", dossier, *EVALUATE)
    assert result.exit_code == 2, result.output
    todos = list(Calendar.from_ical(result.stdout_bytes).walk("VTODO"))
    assert len(todos) == 1
    path = f"{dossier}/dossier.toml"
    assert str(todos[0]["UID"]) == f"invalid-{path}@labelcheck"
    assert "le 30 février 2026 n'existe pas" in str(todos[0]["DESCRIPTION"])
    # The same bytes as the campaign's to-do for it: one code, one UID.
    campaign = cli("campaign", dossier, *CAMPAIGN)
    assert campaign.exit_code == 2, campaign.output
    assert todo_block(result.stdout_bytes) == todo_block(campaign.stdout_bytes)


def test_the_to_do_is_valid_icalendar_escaped_and_folded(cli, tmp_path):
    # A folder named with RFC 5545's TEXT separators and accents, long enough to be folded.
    dossier = copy(tmp_path / "lycée; métiers, bâtiment — établissement à réparer", broken=True)
    data = cli("evaluate", dossier, *EVALUATE).stdout_bytes
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # no UTF-8 character split by folding
    unfolded = data.replace(b"\r\n ", b"")
    assert "lycée\\; métiers\\, bâtiment".encode() in unfolded
    summary = next(line for line in unfolded.split(b"\r\n") if line.startswith(b"SUMMARY:"))
    assert summary.startswith("SUMMARY:Dossier invalide\\, non planifié".encode())
    todo = next(iter(Calendar.from_ical(data).walk("VTODO")))
    assert f"{dossier}/dossier.toml" in str(todo["SUMMARY"])


def test_fixed_dossier_gets_back_its_events_uids_and_the_to_do_takes_none(cli, tmp_path):
    """Importing again once the dossier is fixed updates its events, removes none: the to-do's
    UID is not an event's, and the events have the UIDs they had before it was invalid."""
    before = cli("evaluate", copy(tmp_path / "avant" / "lycee", broken=False), *EVALUATE)
    dossier = copy(tmp_path / "lycee", broken=True)
    invalid = Calendar.from_ical(cli("evaluate", dossier, *EVALUATE).stdout_bytes)
    (todo,) = invalid.walk("VTODO")
    (dossier / "dossier.toml").write_text((MULTILABEL / "dossier.toml").read_text("utf-8"), "utf-8")
    fixed = cli("evaluate", dossier, *EVALUATE)
    assert b"VTODO" not in fixed.stdout_bytes
    uids = {str(e["UID"]) for e in Calendar.from_ical(fixed.stdout_bytes).walk("VEVENT")}
    assert uids
    assert uids == {str(e["UID"]) for e in Calendar.from_ical(before.stdout_bytes).walk("VEVENT")}
    assert str(todo["UID"]) not in uids


def test_a_folder_mixing_valid_and_invalid_dossiers(cli, tmp_path):
    folder = tmp_path / "academie"
    alone = cli("evaluate", copy(folder / "a-lycee", broken=False), *EVALUATE)
    copy(folder / "b-lycee", broken=True)
    copy(folder / "c-lycee", broken=True)
    one = cli("evaluate", folder, *EVALUATE, "--jobs", "1")
    assert one.exit_code == 2, one.output
    assert cli("evaluate", folder, *EVALUATE, "--jobs", "2").stdout_bytes == one.stdout_bytes
    calendar = Calendar.from_ical(one.stdout_bytes)
    assert [str(t["UID"]) for t in calendar.walk("VTODO")] == [
        f"invalid-{folder}/{name}/dossier.toml@labelcheck" for name in ("b-lycee", "c-lycee")
    ]
    # The valid school's events are the bytes it gives alone, before the to-dos.
    events = alone.stdout_bytes[alone.stdout_bytes.index(b"BEGIN:VEVENT") :]
    events = events.removesuffix(b"END:VCALENDAR\r\n")
    assert one.stdout_bytes.index(events) < one.stdout_bytes.index(b"BEGIN:VTODO")


def test_a_valid_dossier_gives_no_to_do(cli, tmp_path):
    data = cli("evaluate", copy(tmp_path / "lycee", broken=False), *EVALUATE).stdout_bytes
    assert b"VTODO" not in data and b"BEGIN:VEVENT" in data
