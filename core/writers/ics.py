"""iCalendar (RFC 5545): a school's échéancier (`evaluate --format ics`) or an academy's campaign.

Each step is an all-day event whose UID is made of the school's UAI, the label and the step's
id (`0451442Y-ldm-audit-plan@labelcheck`), so that importing a newer calendar updates its
events instead of doubling them; a window (Eduform's surveillance audit) spans its days.
DTSTAMP is the production date (SOURCE_DATE_EPOCH when set): the same inputs give the same file.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from labelcheck.core import french
from labelcheck.core.campaign import PlannedStep, place_of, school_plan, step_uid
from labelcheck.core.errors import InputError
from labelcheck.core.identity import SharedIdentities
from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.writers import Rendered, Spill, Writer, production_date

if TYPE_CHECKING:
    from icalendar import Event

PRODUCT = "-//labelcheck//Échéancier des labels qualité//FR"

# RFC 5545 (3.3.11) allows no control character in a TEXT value but HTAB, a line break only
# escaped (icalendar writes `\n` for it): the others, from a dossier (an ESC in a school's
# name would reach the terminal of whoever reads the file), are dropped, C1's too.
# And the bidirectional overrides, which would reorder what a calendar shows (« Trojan Source »).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def allowed(text: str) -> str:
    """`text` without the control characters a TEXT value may not hold."""
    return _CONTROLS.sub("", text)


def ics_text(text: str) -> str:
    """A TEXT value as the RFC allows it, set the French way."""
    return allowed(french.typeset(text))


def calendar(steps: Iterable[PlannedStep], name: str, more: str = "") -> str:
    """The steps as one VCALENDAR, its lines ended by CRLF as the RFC asks; `more`, other
    components (a campaign's to-dos)."""
    stamp = event_stamp()
    body = "".join(event_text(step, stamp) for step in steps) + more
    return calendar_head(name) + (body or NO_STEP) + CALENDAR_END


CALENDAR_END = "END:VCALENDAR\r\n"

# RFC 5545 § 3.4 asks a calendar for one component at least: one with no step in its period
# (a campaign's quiet months) was refused by strict validators (the contract audit). It holds
# the time zone of the steps' days, a component every calendar program reads and none shows.
NO_STEP = "\r\n".join(
    [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Paris",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19810329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19961027T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
    ]
)


def calendar_head(name: str) -> str:
    """The VCALENDAR's lines before its events: a calendar without any, its last line left out."""
    from icalendar import Calendar, vText  # a quarter of a second to import: only when asked for

    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODUCT)
    cal.add("calscale", "GREGORIAN")
    # icalendar writes an unknown property raw, where a non-standard one is TEXT by default
    # (RFC 5545 3.8.8.2), escaped as SUMMARY is: `Lurçat, ; \` was written so (the fuzzing
    # audit). A calendar's name is one line: a line break in a school's name is a space.
    cal.add("x-wr-calname", vText(ics_text(name).replace("\n", " ")))
    return cal.to_ical().decode("utf-8").removesuffix(CALENDAR_END)


def event_stamp() -> dt.datetime:
    return dt.datetime.combine(production_date(), dt.time(), tzinfo=dt.UTC)


def event_text(step: PlannedStep, stamp: dt.datetime) -> str:
    """The step's VEVENT, as the calendar holds it."""
    return event(step, stamp).to_ical().decode("utf-8")


def event(step: PlannedStep, stamp: dt.datetime) -> Event:
    from icalendar import Event

    item = Event()
    item.add("uid", step.uid)
    item.add("dtstamp", stamp)
    item.add("dtstart", step.date)
    # An all-day event ends the day after its last day (DTEND is exclusive).
    item.add("dtend", (step.end or step.date) + dt.timedelta(days=1))
    # The school's dossier too, where it has several in a campaign: two events alike, else.
    item.add("summary", ics_text(f"{step.what} — {step.label_name}, {step.school_and_dossier}"))
    item.add("description", description(step))
    item.add("categories", [allowed(step.label_name)])
    item.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return item


def with_uid(text: str, key: EventKey, place: str) -> str:
    """An event's text, its UID given the place of its dossier (campaign.placed)."""
    from icalendar import Event

    item = Event.from_ical(text)
    _date, uai, label, step_id = key
    item["uid"] = step_uid(uai, label, step_id, place)
    return str(item.to_ical().decode("utf-8"))


def invalid_line(path: str, errors: tuple[InputError, ...]) -> str:
    """`lycee-x/dossier.toml : dossier invalide, 2 erreurs`."""
    count = f", {french.plural(len(errors), 'erreur')}" if errors else ""
    return f"{path} : dossier invalide{count}"


def invalid_todo(path: str, errors: tuple[InputError, ...], stamp: dt.datetime) -> str:
    """A dossier left out because it is invalid has no date to be an event: a to-do (VTODO)
    names it and its errors, in a campaign's calendar as in `evaluate --format ics`.

    Its UID is made of the dossier's path, never of a UAI, label and step as an event's: an
    invalid dossier may hold no readable UAI, and a to-do taking an event's UID would replace
    that event in a calendar that imports it. Importing again while the dossier is still
    invalid updates the to-do; once it is valid again, its events come back with the UIDs
    they had before (UAI, label, step), so they update the events imported then instead of
    doubling them, and nothing else is touched. The calendar no longer holds the to-do: a
    subscribed calendar drops it, one imported into keeps it until it is ticked off."""
    description = "\n".join([invalid_line(path, errors), *map(str, errors)])
    return _left_out_todo("invalid", path, "Dossier invalide", description, stamp)


def failed_todo(path: str, detail: str, stamp: dt.datetime) -> str:
    """A dossier left out because its evaluation failed: a to-do, as an invalid one's (its UID
    of its path, apart from an invalid one's: the same dossier may be either on another run)."""
    description = f"{french.INTERNAL_ERROR}\n{french.TECHNICAL_DETAIL} : {detail}"
    return _left_out_todo("failed", path, "Dossier en erreur interne", description, stamp)


def _left_out_todo(why: str, path: str, what: str, description: str, stamp: dt.datetime) -> str:
    """The to-do of a dossier left out of the calendar: its UID of `why` and its path."""
    return todo(f"{why}-{path}@labelcheck", f"{what}, non planifié : {path}", description, stamp)


def todo(uid: str, summary: str, description: str, stamp: dt.datetime) -> str:
    """A to-do (VTODO): what has no date in the period to be an event, yet is to be done."""
    from icalendar import Todo  # a quarter of a second to import: only when asked for

    item = Todo()
    item.add("uid", allowed(uid))
    item.add("dtstamp", stamp)
    item.add("summary", ics_text(summary))
    item.add("description", ics_text(description))
    return str(item.to_ical().decode("utf-8"))


def description(step: PlannedStep) -> str:
    lines = [
        f"Établissement : {step.school} (UAI {step.uai})",
        f"Label : {step.label_name}",
    ]
    if step.dossier:
        lines.append(f"Dossier : {step.dossier}")
    if step.end:
        lines.append(f"Du {french.date(step.date)} au {french.date(step.end)}")
    if step.auditors:
        lines.append(f"Équipe d'audit : {', '.join(step.auditors)}")
    if step.done_on:
        lines.append(step.done_text.capitalize())
    if step.source:
        lines.append(f"Source : {step.source}")
    return allowed(french.typeset_once("\n".join(lines)))


# A step's place in the calendar: by date, then school, label and step; then in the order met.
EventKey = tuple[dt.date, str, str, str]
SPILL_EVENTS = 5_000  # events held (~3 MB) before they are sorted into a temporary file


class IcsWriter(Writer):
    """`evaluate --format ics`: every label's steps of the dossiers evaluated, in one calendar.
    The events come rendered with their keys; they are sorted in runs spilled to temporary
    files and merged at close, so that memory does not grow with the number of dossiers."""

    utf8 = True

    def __init__(self, out, profile: str, color: bool = False, details: bool = False):
        super().__init__(out, profile, color, details)
        self.held: list[tuple[EventKey, int, str]] = []  # the run being gathered
        self.runs: list[Spill] = []  # sorted runs, each in a temporary file
        self.met = 0  # events met: the order of two steps with the same key
        self.schools = 0
        self.first_school = ""
        self.schools_met = SharedIdentities()
        self.todos = Spill()  # the to-dos of the dossiers left out, in the order met

    def render(self, result: DossierResult, position: int = 0) -> Rendered[bytes]:
        """Nothing to write yet; kept: the school's name and its events, each with its key; or,
        for a dossier invalid or whose evaluation failed, its to-do, as a campaign gives it."""
        if result.invalid:
            return Rendered(b"", invalid_todo(result.path, tuple(result.errors), event_stamp()))
        if result.internal_error is not None:
            return Rendered(b"", failed_todo(result.path, result.internal_error, event_stamp()))
        plan = school_plan(result)
        stamp = event_stamp()
        events = [((s.date, s.uai, s.label, s.id), event_text(s, stamp)) for s in plan.steps]
        labels = [label.label for label in result.labels]
        return Rendered(b"", (plan.name, plan.path, plan.uai, labels, events))

    def add(self, rendered: Rendered[bytes]) -> None:
        if rendered.keep is None:
            return
        if isinstance(rendered.keep, str):  # the to-do of a dossier left out
            self.todos.add(rendered.keep)
            return
        name, path, uai, labels, events = rendered.keep
        if not self.schools:
            self.first_school = name
        self.schools += 1
        again = {label for label in labels if self.schools_met.met_before(uai, label)}
        where = place_of(path) if again else ""
        for key, text in events:
            if key[2] in again:  # rendered by a worker, which could not know: rare, so redone here
                text = with_uid(text, key, where)
            self.held.append((key, self.met, text))
            self.met += 1
        if len(self.held) >= SPILL_EVENTS:
            run = Spill()
            for item in sorted(self.held):
                run.add(item)
            self.runs.append(run)
            self.held = []

    def close(self, summary: Summary) -> None:
        name = (
            f"Échéancier des labels — {self.first_school}"
            if self.schools == 1
            else "Échéancier des labels"
        )
        self.stream.write(calendar_head(name).encode())
        written = False
        for _key, _met, text in heapq.merge(*self.runs, sorted(self.held)):
            self.stream.write(text.encode())
            written = True
        # After the events, as a campaign's calendar has them.
        for todo in self.todos:
            self.stream.write(todo.encode())
            written = True
        self.stream.write(((NO_STEP if not written else "") + CALENDAR_END).encode())
        for run in self.runs:
            run.close()
        self.todos.close()
