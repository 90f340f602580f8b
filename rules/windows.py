"""A date of the dossier inside a window counted in months from the held label's award."""

from __future__ import annotations

from typing import Literal

from labelcheck.core.facts import add_months
from labelcheck.rules.base import FromProfile, Params, RuleKind, Violation, describe_date

# The dates each scope may check: the subject's own fields.
DATES = {"application": ("audit", "submitted"), "audit": ("date",)}


class WindowParams(Params):
    # The date checked, a field of the subject: application `audit` or `submitted`, audit `date`.
    date: Literal["audit", "submitted", "date"]
    # Counted from this date of the label held.
    anchor: Literal["held.awarded", "held.expires"] = "held.awarded"
    # The window runs from `from_months` to `to_months` after the anchor, both days included.
    from_months: int | FromProfile
    to_months: int | FromProfile


class DateWindow(RuleKind):
    """The subject's date falls between anchor + `from_months` and anchor + `to_months`.

    A kind of its own because "the 14th to the 22nd month after the award"
    (Eduform's surveillance audit) is month arithmetic, and rule-engine
    expressions only add fixed durations (`t"P420D"`). With no date yet (audit
    not planned) or no label held, there is nothing to judge here; the
    timeline shows the window and other rules ask for the award.
    """

    name = "date-window"
    finding_kind = "deadline"
    scopes = tuple(DATES)
    message_fields = frozenset({"date", "start", "end", "anchor_date", "from_months", "to_months"})
    Params = WindowParams

    def prepare(self, compiler) -> None:
        allowed = DATES.get(compiler.scope, ())
        if self.params.date not in allowed:
            compiler.error("check.date", f"scope {compiler.scope} has no date '{self.params.date}'; "
                           f"it has: {', '.join(allowed)}")

    def check(self, facts, subject):
        day = getattr(subject, self.params.date)
        status = facts.held_status(facts.label.id, facts.as_of)
        if day is None or status is None:
            return
        anchor = getattr(status, self.params.anchor.removeprefix("held."))
        low, high = _setting(facts, self.params.from_months), _setting(facts, self.params.to_months)
        start, end = add_months(anchor, low), add_months(anchor, high)
        if not start <= day <= end:
            yield Violation(self.params.date, facts.label.id, {
                "date": describe_date(day), "start": describe_date(start), "end": describe_date(end),
                "anchor_date": describe_date(anchor), "from_months": low, "to_months": high}, due=end)


def _setting(facts, value):
    return facts.params.get(value.param) if isinstance(value, FromProfile) else value
