"""The échéancier: dated steps of one label, from the milestones its plugin declares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from labelcheck.core import french
from labelcheck.core.catalog import Milestone
from labelcheck.core.dates import add_months
from labelcheck.core.refs import label_of
from labelcheck.core.report import Step

if TYPE_CHECKING:
    from labelcheck.core.facts import LabelFacts


class _Plan(NamedTuple):
    """A milestone with its offsets read from the label's parameters."""

    milestone: Milestone
    kind: str  # the anchor's entry: application, held, audit, nonconformity
    field: str  # the anchor's date in it
    days: int
    months: int
    window_months: int | None
    recorded: tuple[str, str, int] | None  # (kind, field, days) of a date counted from once known
    source: str  # the milestone's, and the profile's values it is counted from (Profiles.setting)


# The application's submission is a step of every label's échéancier, whatever its milestones:
# a date to keep before it comes, and `evaluate --format ics` gives it as campaign does.
SUBMISSION_ID = "application-submitted"
SUBMISSION_SOURCE = "Date de dépôt de la candidature, portée au dossier de l'établissement"
# So is each of its audits (the contract's échéancier lists « audit »): an [[audits]] entry, or
# the application's audit date that no entry describes. Where the label's milestone of the
# application's audit stands on that day (LDM, Eduform), the milestone is that step.
APPLICATION_AUDIT_SOURCE = "Date d'audit de la candidature, portée au dossier de l'établissement"
AUDIT_ENTRY_SOURCE = "Audit porté au dossier de l'établissement (équipe d'audit)"


def steps_for(facts: LabelFacts) -> Iterator[Step]:
    audits_on: set[dt.date] = set()  # the days of the application's audit milestone
    for step in _milestone_steps(facts):
        if step.application_audit:
            audits_on.add(step.date)
        yield step
    submission = _submission(facts)
    if submission is not None:
        yield submission
    yield from _audit_steps(facts, audits_on)


def _milestone_steps(facts: LabelFacts) -> Iterator[Step]:
    # The offsets depend on the label's parameters alone: read once per label and profile
    # (read at each step of each dossier, they were 1.4 % of an evaluation).
    plans = facts.per_profile("milestones", lambda: _plans(facts.label.milestones, facts))
    for plan in plans:
        milestone = plan.milestone
        source = _source(facts, plan)
        for anchor, subject, days in _counted_from(facts, plan):
            date = add_months(anchor, plan.months) + dt.timedelta(days=days)
            window = plan.window_months
            end = add_months(anchor, window) if window is not None else None
            what = _title(facts, milestone) + (f" ({subject})" if subject else "")
            step_id = milestone.id + (f":{subject}" if subject else "")
            audit = milestone.kind == "event" and (plan.kind, plan.field) == _APPLICATION_AUDIT
            if milestone.held_by:
                held_on = _held_on(facts, milestone.held_by, date, end)
            elif audit:
                # The audit took place when the dossier records it, not when its date passed.
                held_on = date if facts.audit_held is not None else None
            else:
                held_on = None
            validity_end = (plan.kind, plan.field) == _VALIDITY_END
            done_on = _done_on(facts, milestone.done_by, subject) if milestone.done_by else None
            yield Step(
                date,
                facts.label.id,
                what,
                source,
                end,
                milestone.kind,
                step_id,
                held_on,
                audit,
                validity_end,
                done_on,
            )


_APPLICATION_AUDIT = ("application", "audit")
_VALIDITY_END = ("held", "expires")


def _submission(facts: LabelFacts) -> Step | None:
    """The application's submission, on the date the dossier gives: an event, which has taken
    place once that date has come (the dossier records it)."""
    application = facts.application
    sent = application.submitted if application is not None else None
    if application is None or sent is None:
        return None
    kind = french.application_kind(application.type, facts.label.renewal_name, application.level)
    held_on = sent if sent <= facts.as_of else None
    what = f"Dépôt de la candidature ({kind})"
    return Step(
        sent, facts.label.id, what, SUBMISSION_SOURCE, None, "event", SUBMISSION_ID, held_on
    )


def _audit_steps(facts: LabelFacts, audits_on: set[dt.date]) -> Iterator[Step]:
    """Each audit of the label that no milestone of the application's audit stands for, from
    the whole dossier (one planned after the as-of date included, as a calendar plans it): an
    event under `audit:TYPE`, ranked by date where a type comes back (`audit:surveillance:2`),
    so that a calendar imported again finds each one under its id. Held once its entry's day
    has come; the application's date alone records no audit."""
    label = facts.label.id
    found = [
        (entry.date, entry.type, bool(entry.lead or entry.auditors), entry.date <= facts.as_of)
        for entry in (facts.whole or facts.dossier).audits
        if entry.label == label
    ]
    application = facts.application
    if application is not None and application.audit and facts.application_audit is None:
        found.append((application.audit, application.type, False, False))
    if not found:
        return
    ranks: dict[str, int] = {}
    for date, kind, team, held in sorted(found):
        if date in audits_on:
            continue  # the milestone is this audit's step
        base = f"audit:{kind}" if kind else "audit"
        ranks[base] = rank = ranks.get(base, 0) + 1
        what = french.audit_name(facts.label.audit_names, kind).capitalize()
        source = AUDIT_ENTRY_SOURCE if team else APPLICATION_AUDIT_SOURCE
        step_id = f"{base}:{rank}" if rank > 1 else base
        yield Step(date, label, what, source, None, "event", step_id, date if held else None)


def _source(facts: LabelFacts, plan: _Plan) -> str:
    """The milestone's source; for a date counted from the held label's expiry that the
    academy's profile's term gave, with that term beside the text's (whose quote it keeps)."""
    source = plan.source
    if plan.kind != "held" or plan.field == "awarded":
        return source
    setting = facts.term_setting(facts.held_status(facts.label.id, facts.as_of))
    return french.with_setting(source, setting) if setting else source


def _title(facts: LabelFacts, milestone: Milestone) -> str:
    """The step's title, by the type of the application when the label names each."""
    if milestone.titles and facts.application is not None:
        return milestone.titles.get(facts.application.type, milestone.title)
    return milestone.title


def _held_on(facts: LabelFacts, audit_type: str, start: dt.date, end: dt.date | None):
    """The day an audit of `audit_type` of the label took place within the window, by the
    as-of date: the window's step is done (Eduform's surveillance audit, recorded, read
    « en cours » until its window closed: the fidelity audit)."""
    last = min(end, facts.as_of) if end is not None else facts.as_of
    # The label's audits held, the application's own among them, recorded in [[audits]] or
    # not, as the rules read them (a surveillance audit held on 10/12/2025 was still « à
    # tenir (en cours) » five days later: the new user's check).
    days = (day for day, kind in facts.audits_held if kind == audit_type and start <= day <= last)
    return min(days, default=None)


def _done_on(facts: LabelFacts, done_by: str, subject: str) -> dt.date | None:
    """The day the dossier records the step done (`done_by`), if by the as-of date: on an
    audit, the application's audit as planned or held (its plan is returned before it takes
    place); on another entry, the one the step is about. A date after the as-of date is not
    known yet at that date (dossier format 1.1)."""
    kind, _, field = done_by.partition(".")
    if kind == "audit":
        audit = facts.application_audit
        day = getattr(audit, field) if audit is not None else None
    else:
        day = next((date for date, about in _anchors(facts, kind, field) if about == subject), None)
    return day if day is not None and day <= facts.as_of else None


def _counted_from(facts: LabelFacts, plan: _Plan) -> Iterator[tuple[dt.date, str, int]]:
    """Each date the step is counted from, with its subject and the days after it: the date
    the dossier recorded, once it is known, else the milestone's anchor."""
    if plan.recorded is not None:
        kind, field, days = plan.recorded
        # A date recorded after the as-of date is not known yet at that date (dossier format
        # 1.1), as LDM-AUDIT-CALENDAR reads it: the step keeps its anchor until then.
        recorded = [
            (date, subject, days)
            for date, subject in _recorded(facts, kind, field)
            if date <= facts.as_of
        ]
        if recorded:
            yield from recorded
            return
    for anchor, subject in _anchors(facts, plan.kind, plan.field):
        yield anchor, subject, plan.days


def _recorded(facts: LabelFacts, kind: str, field: str) -> Iterator[tuple[dt.date, str]]:
    """A recorded date; on an audit, this application's audit as held (an earlier cycle's
    audit report says nothing of this one)."""
    if kind != "audit":
        yield from _anchors(facts, kind, field)
        return
    audit = facts.audit_held
    date = getattr(audit, field) if audit is not None else None
    if date:
        yield date, ""


def _plans(milestones: Iterable[Milestone], facts: LabelFacts) -> list[_Plan]:
    """The milestones the profile keeps, with their offsets, and their sources saying the
    profile's values they are counted from (Normandie's 21 days before the audit cited
    Centre-Val de Loire's « retour 15 jours minimum »: the profile author's audit)."""
    params = facts.params

    def offset(value: int | str | None) -> int | None:
        if value is None:
            return None
        if not isinstance(value, str):
            return value
        sign, name = _parameter_of(value)
        setting = params.get(name)
        return (
            sign * setting if isinstance(setting, int) and not isinstance(setting, bool) else None
        )

    plans = []
    for milestone in milestones:
        days, months = offset(milestone.days), offset(milestone.months)
        if days is None or months is None:
            continue  # the profile switched this step off
        kind, _, field = milestone.anchor.partition(".")
        recorded = None
        after = offset(milestone.recorded.days) if milestone.recorded is not None else None
        if milestone.recorded is not None and after is not None:
            on, _, date = milestone.recorded.anchor.partition(".")
            recorded = (on, date, after)
        window = offset(milestone.window_months)
        source = _with_profile_values(facts, milestone)
        plans.append(_Plan(milestone, kind, field, days, months, window, recorded, source))
    return plans


def _parameter_of(offset: str) -> tuple[int, str]:
    """An offset a milestone reads from a label parameter, its sign and the parameter's name:
    "-name" counts backwards by `name` (days before the audit…)."""
    return (-1, offset[1:]) if offset.startswith("-") else (1, offset)


def _with_profile_values(facts: LabelFacts, milestone: Milestone) -> str:
    """The milestone's source, with the values of its offsets' parameters that the profile
    sets otherwise than the text it cites (Profiles.setting): its quote stays the text's."""
    offsets = [milestone.days, milestone.months, milestone.window_months]
    if milestone.recorded is not None:
        offsets.append(milestone.recorded.days)
    names = [_parameter_of(o)[1] for o in offsets if isinstance(o, str)]
    setting = (
        facts.profiles.setting(
            facts.registry, facts.profile, facts.label.id, names, milestone.source
        )
        if facts.profiles is not None
        else None
    )
    return french.with_setting(milestone.source, setting) if setting else milestone.source


def _anchors(facts: LabelFacts, kind: str, field: str) -> Iterator[tuple[dt.date, str]]:
    if (kind, field) == _APPLICATION_AUDIT and facts.application_audit is not None:
        # Moved, the steps around it count from its new day, as the findings on its calendar
        # do; held or still to come: a campaign plans ahead, and its as-of date before a moved
        # audit put it back on the day it left, and the plan due two weeks too early.
        yield facts.application_audit.date, ""
    elif kind == "application" and facts.application is not None:
        date = getattr(facts.application, field)
        if date:
            yield date, ""
    elif kind == "held":
        status = facts.held_status(facts.label.id, facts.as_of)
        if status:
            yield getattr(status, field), ""
    elif kind == "audit":
        for audit in facts.dossier.audits:
            date = getattr(audit, field)
            if audit.label == facts.label.id and date:
                yield date, ""
    elif kind == "nonconformity":
        for nc in facts.dossier.nonconformities:
            date = getattr(nc, field)
            if label_of(nc.ref) == facts.label.id and nc.status == "open" and date:
                yield date, nc.id
