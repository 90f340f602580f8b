"""The dossier as it stood at an as-of date (dossier format 1.1).

What is dated after the as-of date did not exist yet at that date: a piece
dated later, an audit held later, a nonconformity raised later, a decision taken
later, an award made later, a measure of a later year. A nonconformity lifted
later was still open; an action done later was not done. The view drops or
reverts those entries, and lists each one as `Later` so that the report can say
what it did not count, and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter

from labelcheck.core.dossier import Dossier


@dataclass(frozen=True, slots=True)
class Later:
    """An entry dated after the as-of date, set aside (or reverted) in the view."""

    path: str  # where it is in the dossier: "documents[3]"
    what: str  # piece | audit | nonconformity | lifted | done | award | decision | measure
    id: str  # the entry's id, or what names it (a label, an audit's date, a year)
    date: dt.date
    labels: frozenset[str] | None  # the labels it concerns; None: every label
    grade: str | None = None  # a fiche's grade as given (deviation, major…), for its name
    type: str | None = None  # a piece's document type: a rule asking for the type names it
    expires: dt.date | None = None  # an award's expiry, when the dossier gives it


def view_at(dossier: Dossier, as_of: dt.date) -> tuple[Dossier, tuple[Later, ...]]:
    """The dossier as it stood at `as_of`, and what was dated after it. Most dossiers have
    nothing dated later: they are returned as they are, uncopied."""
    later: list[Later] = []
    update: dict[str, list] = {}

    def set_aside(
        kind: str, what: str, date_of, id_of, labels_of, type_of=None, expires_of=None
    ) -> None:
        """Drop the entries of `kind` dated after the as-of date, each one listed. Their
        dates read in C (`date_of`, an attrgetter), the other getters only for those dropped:
        most dossiers have none, and a lambda called for each entry was a tenth of a view."""
        entries, kept = getattr(dossier, kind), []
        for index, entry in enumerate(entries):
            date = date_of(entry)
            if date and date > as_of:
                typed = type_of(entry) if type_of else None
                path = f"{kind}[{index}]"
                expires = expires_of(entry) if expires_of else None
                later.append(
                    Later(
                        path,
                        what,
                        id_of(entry),
                        date,
                        labels_of(entry),
                        type=typed,
                        expires=expires,
                    )
                )
            else:
                kept.append(entry)
        if len(kept) != len(entries):  # entries only dropped here: same length, same list
            update[kind] = kept

    set_aside(
        "documents",
        "piece",
        attrgetter("date"),
        lambda d: d.id,
        lambda d: _labels_of(d.supports),
        lambda d: d.type,
    )
    set_aside(
        "audits", "audit", attrgetter("date"), lambda a: a.label, lambda a: frozenset({a.label})
    )
    set_aside(
        "held",
        "award",
        attrgetter("awarded"),
        lambda h: h.label,
        lambda h: frozenset({h.label}),
        expires_of=lambda h: h.expires,
    )
    set_aside("decisions", "decision", attrgetter("date"), lambda d: d.equivalence, lambda _d: None)

    # Each list below is replaced in the view only when one of its entries was dropped or
    # reverted, which its loop tells as it goes (not by comparing the lists after).
    nonconformities, changed = [], False
    for index, nc in enumerate(dossier.nonconformities):
        labels = frozenset({nc.ref.partition(":")[0]})
        if nc.raised > as_of:
            later.append(
                Later(
                    f"nonconformities[{index}]", "nonconformity", nc.id, nc.raised, labels, nc.grade
                )
            )
            changed = True
        elif nc.lifted and nc.lifted > as_of:
            later.append(
                Later(f"nonconformities[{index}].lifted", "lifted", nc.id, nc.lifted, labels)
            )
            nonconformities.append(nc.model_copy(update={"status": "open", "lifted": None}))
            changed = True
        else:
            nonconformities.append(nc)
    if changed:
        update["nonconformities"] = nonconformities

    actions, changed = [], False
    for index, action in enumerate(dossier.actions):
        if action.done and action.done > as_of:
            later.append(
                Later(
                    f"actions[{index}].done",
                    "done",
                    action.id,
                    action.done,
                    _labels_of(action.supports),
                )
            )
            actions.append(action.model_copy(update={"done": None}))
            changed = True
        else:
            actions.append(action)
    if changed:
        update["actions"] = actions

    indicators, changed = [], False
    # A measure of a year after the as-of date's year cannot have been taken yet. Years are
    # keyed by four digits (YEAR_PATTERN): compared as texts, they compare as numbers, with
    # no int() made of each measure's year in every view.
    this_year = f"{as_of.year:04d}"
    for index, indicator in enumerate(dossier.indicators):
        future = [year for year in indicator.values if year > this_year]
        if not future:  # most indicators: kept as they are
            indicators.append(indicator)
            continue
        future.sort()
        for year in future:
            later.append(
                Later(
                    f"indicators[{index}].values.{year}",
                    "measure",
                    indicator.id,
                    dt.date(int(year), 1, 1),
                    _labels_of(indicator.supports),
                )
            )
        indicators.append(
            indicator.model_copy(
                update={
                    "values": {
                        year: value
                        for year, value in indicator.values.items()
                        if year not in future
                    }
                }
            )
        )
        changed = True
    if changed:
        update["indicators"] = indicators

    if not update:
        return dossier, ()
    return dossier.model_copy(update=update), tuple(later)


def dated_until(dossier: Dossier) -> dt.date | None:
    """The latest date `view_at` sets entries aside by: at it or after it, the view is the
    dossier itself. One pass, where `view_at` makes one per as-of date (labels are judged at
    two or three dates, and most dossiers have nothing dated after any of them)."""
    dates = [
        *(d.date for d in dossier.documents if d.date),
        *(a.date for a in dossier.audits if a.date),
        *(h.awarded for h in dossier.held if h.awarded),
        *(d.date for d in dossier.decisions if d.date),
        *(nc.raised for nc in dossier.nonconformities),
        *(nc.lifted for nc in dossier.nonconformities if nc.lifted),
        *(a.done for a in dossier.actions if a.done),
        # A measure of year Y is set aside at any date before 1 January of Y (year 0000, which
        # the format allows, is never set aside: 1 January of year 1 stands for it).
        *(dt.date(max(int(year), 1), 1, 1) for i in dossier.indicators for year in i.values),
    ]
    return max(dates, default=None)


def _labels_of(refs: list[str]) -> frozenset[str] | None:
    """The labels an entry's `supports` name; None when it names none (it may serve all)."""
    return frozenset(ref.partition(":")[0] for ref in refs) or None
