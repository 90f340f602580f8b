"""A date of the dossier inside a window counted in months from the held label's award."""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

import datetime as dt
from typing import Literal

from labelcheck.core import french
from labelcheck.core.dates import add_months
from labelcheck.core.errors import closest, listing
from labelcheck.core.scopes import Scope
from labelcheck.rules.base import FromProfile, Params, RuleKind, Violation, describe_date, resolve
from pydantic import Field

# The dates each scope may check: the subject's own fields.
DATES: dict[Scope, tuple[str, ...]] = {"application": ("audit", "submitted"), "audit": ("date",)}


class WindowParams(Params):
    date: Literal["audit", "submitted", "date"] = Field(
        description="The date checked, a field of the subject: for an application `audit` or "
        "`submitted`, for an audit `date`."
    )
    anchor: Literal["held.awarded", "held.expires"] = Field(
        "held.awarded",
        description="The date of the label held the window is counted from. From "
        "`held.expires`, months count from the award when the expiry is an anniversary of it "
        "(awarded on 29/02/2024 for five years: 12 months before the expiry is 29/02/2028).",
    )
    from_months: int | FromProfile = Field(
        description="The window opens this many months after the anchor (months, day included)."
    )
    to_months: int | FromProfile = Field(
        description="The window closes this many months after the anchor (months, day included)."
    )


class DateWindow(RuleKind):
    """The subject's date falls between anchor + `from_months` and anchor + `to_months`.

    A kind of its own because "the 14th to the 22nd month after the award"
    (Eduform's surveillance audit) is month arithmetic, and rule-engine
    expressions only add fixed durations (`t"P420D"`). With no date yet (audit
    not planned) or no label held, there is nothing to judge here; the
    timeline shows the window and other rules ask for the award. Counted from
    `held.expires` where the profile's term of validity, not the text's, gives
    the expiry, a finding is the academy's choice (nature `academy`), the term
    said after its source, as the validity rules' findings are.

    Scopes: `application` or `audit`.
    """

    name = "date-window"
    summary = (
        "La date de l'élément tombe dans la fenêtre comptée en mois depuis sa date de référence."
    )
    finding_kind = "deadline"
    scopes = tuple(DATES)
    # `from_month` and `to_month` are the ranks as French writes them (« 1er », « 14e »): a
    # message writing « {from_months}e » read « du 1e mois » under a profile opening at one month.
    message_fields = frozenset(
        {
            "date",
            "start",
            "end",
            "anchor_date",
            "from_months",
            "to_months",
            "from_month",
            "to_month",
        }
    )
    Params = WindowParams
    params: WindowParams

    def prepare(self, compiler) -> None:
        allowed = DATES.get(compiler.scope, ())
        if self.params.date not in allowed:
            compiler.error(
                "check.date",
                listing(
                    f"la portée {compiler.scope} n'a pas de date «\u202f{self.params.date}\u202f»",
                    list(allowed),
                    "dates possibles",
                ),
                closest(self.params.date, allowed),
            )

    def check(self, facts, subject):
        day = getattr(subject, self.params.date)
        status = facts.held_status(facts.label.id, facts.as_of)
        if day is None or status is None or status.status == "not-yet-awarded":
            return
        anchor = getattr(status, self.params.anchor.removeprefix("held."))
        low, high = resolve(self.params.from_months, facts), resolve(self.params.to_months, facts)
        if self.params.anchor == "held.expires":
            # Counted from the award where the expiry is an anniversary of it: the last year
            # of a label awarded on 29 February 2024 begins on 29 February 2028, not the 28th.
            start, end = status.months_from_expiry(low), status.months_from_expiry(high)
            # On its expiry day a label has expired (as everywhere in labelcheck): a window
            # counted up to the expiry closes the day before, and says so.
            end = min(end, status.expires - dt.timedelta(days=1))
        else:
            start, end = add_months(anchor, low), add_months(anchor, high)
        if not start <= day <= end:
            yield Violation(
                self.params.date,
                facts.label.id,
                {
                    "date": describe_date(day),
                    "start": describe_date(start),
                    "end": describe_date(end),
                    "anchor_date": describe_date(anchor),
                    "from_months": low,
                    "to_months": high,
                    "from_month": french.ordinal(low),
                    "to_month": french.ordinal(high),
                },
                due=end,
                **_term_of_profile(facts, status, self.params.anchor),
            )


def _term_of_profile(facts, status, anchor: str) -> dict:
    """A window counted from an expiry the academy's profile set (its term of validity, not
    the text's, and no expiry recorded) is the academy's choice: said so, with that term
    after the source, as the validity rules' findings are (the new user's check: the
    renewal's year under a four-year profile said « exigence des textes », the fifth year)."""
    if anchor != "held.expires" or status.term_by_profile is None:
        return {}
    return {"nature": "academy", "setting": facts.term_setting(status)}


class AuditInWindowParams(Params):
    audit_type: str = Field(
        description="The type of audit that must be held in the window (Eduform: `surveillance`)."
    )
    from_months: int | FromProfile = Field(
        description="The window opens this many months after the award (months, day included)."
    )
    to_months: int | FromProfile = Field(
        description="The window closes this many months after the award (months, day included)."
    )


class AuditInWindow(RuleKind):
    """A held label whose window for an audit (counted from its award) has closed by the as-of
    date with no audit of that type held in it (Eduform's surveillance audit, 14th to 22nd
    month): one held outside the window is not that audit. A window closing after the label
    expires is not judged.

    Scope: `dossier`.
    """

    name = "audit-in-window"
    summary = (
        "Un label détenu dont la fenêtre d'audit, comptée depuis son attribution, est close "
        "sans audit à la date d'évaluation."
    )
    finding_kind = "deadline"
    scopes = ("dossier",)
    message_fields = frozenset(
        {"start", "end", "anchor_date", "from_months", "to_months", "holder"}
    )
    Params = AuditInWindowParams
    params: AuditInWindowParams

    def check(self, facts, _dossier):
        status = facts.held_status(facts.label.id, facts.as_of)
        if status is None or status.status == "not-yet-awarded":
            return
        low, high = resolve(self.params.from_months, facts), resolve(self.params.to_months, facts)
        start, end = add_months(status.awarded, low), add_months(status.awarded, high)
        if facts.as_of <= end or end >= status.expires:
            return  # the window is still open (or the label ends before it closes)
        # Held in the window, its bounds included, as the date-window kind reads them: an
        # audit outside it was blocking when planned, it cannot count once held.
        held = any(
            a.type == self.params.audit_type and start <= a.date <= end
            for a in facts.subjects("audit")
        )
        if not held:
            holder = facts.held.holder if facts.held else None
            yield Violation(
                self.params.audit_type,
                facts.label.id,
                {
                    "start": describe_date(start),
                    "end": describe_date(end),
                    "anchor_date": describe_date(status.awarded),
                    "from_months": low,
                    "to_months": high,
                    "holder": holder or facts.dossier.establishment.name,
                },
                due=end,
            )
