"""A school's dossiers read across time: invariants of the as-of sweep, on the boundary days.

The sweep (every dossier the product ships or documents, weekly from 2023 to 2031 and on every
day a dossier's dates imply, ±1) is summed up here on a few dossiers and their boundary days:

- a held label's state follows its dates exactly: not yet awarded before its award, valid,
  renewal due from the first day of its last year, expired on its expiry day, and never back;
- the échéancier is in date order, each step once, and the audit's aftermath never before it;
- each step of the calendar (its ICS UID) keeps its date, but for a date counted from one the
  dossier records (the report sent), which moves once, when that date comes, and never back;
- the terminal report counts days and months in French: never « 0 jours », « -3 jours »,
  « 1 jours », « 2 jour », « 1e mois ».

A label awarded on 29 February keeps its anniversaries (LDM, five years: its fifth year from
29/02/2028, expired on 28/02/2029; Euroscol, three: its last year from 28/02/2026).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from functools import cache
from pathlib import Path

import pytest
from labelcheck.core.campaign import school_plan
from labelcheck.core.engine import Engine
from labelcheck.core.registry import Registry
from labelcheck.core.report import DossierResult
from labelcheck.core.writers.json import dossier_dict
from labelcheck.core.writers.text import TextWriter

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 5, 20)  # never the day the tests run
LEAP_DAY = """\
format = 1

[establishment]
uai = "0451442Y"
name = "Lycée professionnel Jean Lurçat"
kind = "lp"
sector = "public"

[[held]]
label = "euroscol"
awarded = 2024-02-29

[[held]]
label = "ldm"
awarded = 2024-02-29

[[held]]
label = "eduform"
awarded = 2024-02-29
"""


@cache
def registry() -> Registry:
    return Registry.from_plugins()


@cache
def engine(as_of: dt.date) -> Engine:
    return dataclasses.replace(Engine.create(registry=registry(), as_of=as_of), today=TODAY)


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory) -> dict[str, Path]:
    leap = tmp_path_factory.mktemp("leap") / "dossier.toml"
    leap.write_text(LEAP_DAY, encoding="utf-8")
    return {
        "multilabel": ROOT / "examples/lycee-multilabel/dossier.toml",
        "lurcat": ROOT / "examples/lp-jean-lurcat/dossier.toml",
        "eduform-nc": ROOT / "tests/plugins/fixtures/eduform/nc-minor-open.toml",
        "leap-day": leap,
    }


def evaluate(path: Path, day: dt.date) -> DossierResult:
    result = engine(day).evaluate_path(path)
    assert not result.errors and result.internal_error is None, (day, result.errors)
    return result


def boundary_days(path: Path) -> list[dt.date]:
    """The days the dossier's dates imply, each with the day before and after: its own dates
    and those of its labels (award, last year, expiry) and of every step of its échéancier."""
    days = {dt.date.fromisoformat(d) for d in re.findall(r"\d{4}-\d\d-\d\d", path.read_text())}
    for as_of in (dt.date(2024, 3, 1), TODAY, dt.date(2028, 3, 1)):
        for label in evaluate(path, as_of).labels:
            if label.held:
                held = label.held
                days |= {held["awarded"], held["renewal_due_from"], held["expires"]}
            days |= {step.date for step in label.steps} | {s.end for s in label.steps if s.end}
    around = {day + dt.timedelta(days=k) for day in days for k in (-1, 0, 1)}
    return sorted(around | {dt.date(2024, 2, 29), dt.date(2028, 2, 29)})


@cache
def sweep(path: Path) -> list[tuple[dt.date, DossierResult]]:
    return [(day, evaluate(path, day)) for day in boundary_days(path)]


NAMES = ["multilabel", "lurcat", "eduform-nc", "leap-day"]
STATES = ["not-yet-awarded", "valid", "renewal-due", "expired"]


def expected_state(held: dict, day: dt.date) -> str:
    awarded, due, expires = (
        dt.date.fromisoformat(str(held[k])) for k in ("awarded", "renewal_due_from", "expires")
    )
    if day < awarded:
        return "not-yet-awarded"
    return "expired" if day >= expires else "renewal-due" if day >= due else "valid"


@pytest.mark.parametrize("name", NAMES)
def test_a_held_label_changes_state_on_its_own_dates_and_never_back(dossiers, name):
    reached: dict[str, int] = {}
    for day, result in sweep(dossiers[name]):
        for label in dossier_dict(result)["labels"]:
            held = label["held"]
            if not held:
                continue
            assert held["status"] == expected_state(held, day), (label["label"], day, held)
            rank = STATES.index(held["status"])
            assert rank >= reached.get(label["label"], 0), (label["label"], day, held)
            reached[label["label"]] = rank


@pytest.mark.parametrize("name", NAMES)
def test_the_echeancier_is_in_order_each_step_once_the_audit_before_its_aftermath(dossiers, name):
    for day, result in sweep(dossiers[name]):
        for label in result.labels:
            dates = [step.date for step in label.steps]
            ids = [step.id for step in label.steps]
            assert dates == sorted(dates), (label.label, day)
            assert len(ids) == len(set(ids)), (label.label, day, ids)
            by_id = {step.id: step.date for step in label.steps}
            for after in ("audit-report", "audit-report-returned", "ecart-engagements"):
                if "audit" in by_id and after in by_id:
                    assert by_id[after] >= by_id["audit"], (label.label, day, after)


# Counted from a date the dossier records once that date has come (timeline._counted_from).
COUNTED_FROM_A_RECORDED_DATE = {"audit-report-returned"}


@pytest.mark.parametrize("name", NAMES)
def test_a_calendar_event_keeps_its_uid_and_its_date(dossiers, name):
    dates: dict[str, list[dt.date]] = {}
    for day, result in sweep(dossiers[name]):
        steps = _uids(result)
        uids = [uid for uid, _ in steps]
        assert len(uids) == len(set(uids)), (day, uids)
        for uid, date in steps:
            seen = dates.setdefault(uid, [])
            if not seen or seen[-1] != date:
                seen.append(date)
    for uid, moves in dates.items():
        allowed = 2 if uid.split("/")[1] in COUNTED_FROM_A_RECORDED_DATE else 1
        assert len(moves) <= allowed, (uid, moves)


def _uids(result: DossierResult) -> list[tuple[str, dt.date]]:
    """Each event of the school's calendar, by its UID's label and step, with its date."""
    return [(f"{s.label}/{s.id}", s.date) for s in school_plan(result).steps]


WRONG_FRENCH = re.compile(
    r"\b0 jours?\b|-\d+ jours?\b|\b1 jours\b|\b(?:[2-9]|\d{2,}) jour\b|\b1e\b|\b0 mois\b|-\d+ mois"
)


@pytest.mark.parametrize("name", NAMES)
def test_the_report_counts_days_in_french_at_every_boundary_day(dossiers, name):
    writer = TextWriter(io.StringIO(), "auto", False, True)
    for day, result in sweep(dossiers[name]):
        text = writer.render(result).text
        assert not WRONG_FRENCH.search(text), (day, WRONG_FRENCH.findall(text))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-02-27", {"euroscol": "valid", "ldm": "valid", "eduform": "valid"}),
        ("2026-02-28", {"euroscol": "renewal-due", "ldm": "valid", "eduform": "renewal-due"}),
        ("2027-02-28", {"euroscol": "expired", "ldm": "valid", "eduform": "expired"}),
        ("2028-02-28", {"ldm": "valid"}),
        ("2028-02-29", {"ldm": "renewal-due"}),
        ("2029-02-27", {"ldm": "renewal-due"}),
        ("2029-02-28", {"ldm": "expired"}),
    ],
)
def test_a_label_awarded_on_29_february_keeps_its_anniversaries(dossiers, day, expected):
    result = evaluate(dossiers["leap-day"], dt.date.fromisoformat(day))
    states = {label.label: label.held["status"] for label in result.labels if label.held}
    assert {label: states[label] for label in expected} == expected
