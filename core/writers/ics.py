"""iCalendar (RFC 5545): a school's échéancier (`evaluate --format ics`) or an academy's campaign.

Each step is an all-day event whose UID is made of the school's UAI, the label and the step's
id (`0451442Y-ldm-audit-plan@labelcheck`), so that importing a newer calendar updates its
events instead of doubling them; a window (Eduform's surveillance audit) spans its days.
DTSTAMP is the production date (SOURCE_DATE_EPOCH when set): the same inputs give the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from labelcheck.core import french
from labelcheck.core.campaign import PlannedStep, school_plan
from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.writers import Writer, production_date

if TYPE_CHECKING:
    from icalendar import Event

PRODUCT = "-//labelcheck//Échéancier des labels qualité//FR"


def calendar(steps: Iterable[PlannedStep], name: str) -> str:
    """The steps as one VCALENDAR, its lines ended by CRLF as the RFC asks."""
    from icalendar import Calendar  # a quarter of a second to import: only when asked for

    stamp = dt.datetime.combine(production_date(), dt.time(), tzinfo=dt.UTC)
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODUCT)
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", french.typeset(name))
    for step in steps:
        cal.add_component(event(step, stamp))
    return cal.to_ical().decode("utf-8")


def event(step: PlannedStep, stamp: dt.datetime) -> Event:
    from icalendar import Event

    item = Event()
    item.add("uid", step.uid)
    item.add("dtstamp", stamp)
    item.add("dtstart", step.date)
    # An all-day event ends the day after its last day (DTEND is exclusive).
    item.add("dtend", (step.end or step.date) + dt.timedelta(days=1))
    item.add("summary", french.typeset(f"{step.what} — {step.label_name}, {step.school}"))
    item.add("description", description(step))
    item.add("categories", [step.label_name])
    item.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return item


def description(step: PlannedStep) -> str:
    lines = [
        f"Établissement : {step.school} (UAI {step.uai})",
        f"Label : {step.label_name}",
    ]
    if step.end:
        lines.append(f"Du {french.date(step.date)} au {french.date(step.end)}")
    if step.auditors:
        lines.append(f"Équipe d'audit : {', '.join(step.auditors)}")
    if step.source:
        lines.append(f"Source : {step.source}")
    return french.typeset("\n".join(lines))


class IcsWriter(Writer):
    """`evaluate --format ics`: every label's steps of the dossiers evaluated, in one calendar."""

    def __init__(self, out, profile: str, color: bool = False, details: bool = False):
        super().__init__(out, profile, color, details)
        self.steps: list[PlannedStep] = []
        self.schools: list[str] = []

    def dossier(self, result: DossierResult) -> None:
        if result.invalid or result.internal_error is not None:
            return  # stderr names it; it has no dated step to give
        plan = school_plan(result)
        self.steps.extend(plan.steps)
        self.schools.append(plan.name)

    def close(self, summary: Summary) -> None:
        name = (
            f"Échéancier des labels — {self.schools[0]}"
            if len(self.schools) == 1
            else "Échéancier des labels"
        )
        ordered = sorted(self.steps, key=lambda s: (s.date, s.uai, s.label, s.id))
        self.stream.write(calendar(ordered, name))
