"""The échéancier: dated steps of one label, from the milestones its plugin declares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from labelcheck.core.catalog import Milestone
from labelcheck.core.dates import add_months
from labelcheck.core.refs import label_of
from labelcheck.core.report import Step

if TYPE_CHECKING:
    from labelcheck.core.facts import LabelFacts


def steps_for(facts: LabelFacts) -> Iterator[Step]:
    def offset(value: int | str | None) -> int | None:
        if value is None:
            return None
        if not isinstance(value, str):
            return value
        # "-name" counts backwards by the parameter `name` (days before the audit…).
        sign, name = (-1, value[1:]) if value.startswith("-") else (1, value)
        setting = facts.params.get(name)
        return (
            sign * setting if isinstance(setting, int) and not isinstance(setting, bool) else None
        )

    for milestone in facts.label.milestones:
        for anchor, subject in _anchors(facts, milestone):
            days, months = offset(milestone.days), offset(milestone.months)
            if days is None or months is None:
                continue  # the profile switched this step off
            date = add_months(anchor, months) + dt.timedelta(days=days)
            window = offset(milestone.window_months)
            end = add_months(anchor, window) if window is not None else None
            what = milestone.title + (f" ({subject})" if subject else "")
            step_id = milestone.id + (f":{subject}" if subject else "")
            yield Step(date, facts.label.id, what, milestone.source, end, milestone.kind, step_id)


def _anchors(facts: LabelFacts, milestone: Milestone) -> Iterator[tuple[dt.date, str]]:
    kind, _, field = milestone.anchor.partition(".")
    if kind == "application" and facts.application is not None:
        date = getattr(facts.application, field)
        if date:
            yield date, ""
    elif kind == "held":
        status = facts.held_status(facts.label.id, facts.as_of)
        if status:
            yield getattr(status, field), ""
    elif kind == "audit":
        for audit in facts.dossier.audits:
            if audit.label == facts.label.id:
                yield audit.date, ""
    elif kind == "nonconformity":
        for nc in facts.dossier.nonconformities:
            date = getattr(nc, field)
            if label_of(nc.ref) == facts.label.id and nc.status == "open" and date:
                yield date, nc.id
