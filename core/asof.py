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
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

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
    # A piece's document type (a rule asking for the type names it), an audit's type.
    type: str | None = None
    expires: dt.date | None = None  # an award's expiry, when the dossier gives it
    title: str | None = None  # a piece's title: findings name it as the school did
    denomination: str | None = None  # a leaflet's: the one it would cover at its date
    by: str | None = None  # a decision's author: the groupe's counts first (facts._decision_for)


def view_at(dossier: Dossier, as_of: dt.date) -> tuple[Dossier, tuple[Later, ...]]:
    """The dossier as it stood at `as_of`, and what was dated after it. Most dossiers have
    nothing dated later: they are returned as they are, uncopied."""
    later: list[Later] = []
    # Each list is replaced in the view only when one of its entries was dropped or reverted,
    # which its pass tells by returning a new list (not by comparing the lists after).
    update = {}
    for dated in _SET_ASIDE:
        entries = _set_aside(dated, getattr(dossier, dated.kind), as_of, later)
        if entries is not None:
            update[dated.kind] = entries
    for kind, entries_at in _REVERTED.items():
        entries = entries_at(getattr(dossier, kind), as_of, later)
        if entries is not None:
            update[kind] = entries
    if not update:
        return dossier, ()
    return dossier.model_copy(update=update), tuple(later)


@dataclass(frozen=True, slots=True)
class _Dated:
    """Entries of a kind dropped whole when dated after the as-of date: where their date is,
    and what names each one dropped (read only for those: most dossiers have none)."""

    kind: str  # the dossier's list: "documents"
    what: str  # Later.what: "piece"
    date_of: Callable[[Any], dt.date | None]  # read in C (an attrgetter): a lambda called
    # for each entry was a tenth of a view
    id_of: Callable[[Any], str]
    labels_of: Callable[[Any], frozenset[str] | None]
    more_of: tuple[tuple[str, Callable[[Any], Any]], ...] = ()  # Later's other fields


def _set_aside(dated: _Dated, entries: list, as_of: dt.date, later: list[Later]) -> list | None:
    """The entries of `dated.kind` at the as-of date, those dated after it listed in `later`;
    None when none was dropped."""
    kept = []
    for index, entry in enumerate(entries):
        date = dated.date_of(entry)
        if date and date > as_of:
            more = {name: of(entry) for name, of in dated.more_of}
            labels = dated.labels_of(entry)
            path = f"{dated.kind}[{index}]"
            later.append(Later(path, dated.what, dated.id_of(entry), date, labels, **more))
        else:
            kept.append(entry)
    return kept if len(kept) != len(entries) else None


_date = attrgetter("date")
_SET_ASIDE = (
    _Dated(
        "documents",
        "piece",
        _date,
        attrgetter("id"),
        lambda d: _labels_of(d.supports),
        (
            ("type", attrgetter("type")),
            ("title", attrgetter("title")),
            ("denomination", attrgetter("denomination")),
        ),
    ),
    _Dated(
        "audits",
        "audit",
        _date,
        attrgetter("label"),
        lambda a: frozenset({a.label}),
        (("type", attrgetter("type")),),
    ),
    _Dated(
        "held",
        "award",
        attrgetter("awarded"),
        attrgetter("label"),
        lambda h: frozenset({h.label}),
        (("expires", attrgetter("expires")),),
    ),
    _Dated(
        "decisions",
        "decision",
        _date,
        attrgetter("equivalence"),
        lambda _: None,
        (("by", attrgetter("by")),),
    ),
)


def _nonconformities_at(nonconformities, as_of, later):
    """Fiches raised later dropped; fiches lifted later open again."""
    kept, changed = [], False
    for index, nc in enumerate(nonconformities):
        labels = frozenset({nc.ref.partition(":")[0]})
        if nc.raised > as_of:
            path = f"nonconformities[{index}]"
            later.append(Later(path, "nonconformity", nc.id, nc.raised, labels, nc.grade))
            changed = True
        elif nc.lifted and nc.lifted > as_of:
            path = f"nonconformities[{index}].lifted"
            later.append(Later(path, "lifted", nc.id, nc.lifted, labels))
            kept.append(nc.model_copy(update={"status": "open", "lifted": None}))
            changed = True
        else:
            kept.append(nc)
    return kept if changed else None


def _actions_at(actions, as_of, later):
    """Actions done later not done yet."""
    kept, changed = [], False
    for index, action in enumerate(actions):
        if action.done and action.done > as_of:
            labels = _labels_of(action.supports)
            later.append(Later(f"actions[{index}].done", "done", action.id, action.done, labels))
            kept.append(action.model_copy(update={"done": None}))
            changed = True
        else:
            kept.append(action)
    return kept if changed else None


def _indicators_at(indicators, as_of, later):
    """Measures of a year after the as-of date's year dropped: they cannot have been taken yet.
    Years are keyed by four digits (YEAR_PATTERN): compared as texts, they compare as numbers,
    with no int() made of each measure's year in every view."""
    kept, changed = [], False
    this_year = f"{as_of.year:04d}"
    for index, indicator in enumerate(indicators):
        future = sorted(year for year in indicator.values if year > this_year)
        if not future:  # most indicators: kept as they are
            kept.append(indicator)
            continue
        labels = _labels_of(indicator.supports)
        for year in future:
            path = f"indicators[{index}].values.{year}"
            later.append(Later(path, "measure", indicator.id, dt.date(int(year), 1, 1), labels))
        values = {year: value for year, value in indicator.values.items() if year not in future}
        kept.append(indicator.model_copy(update={"values": values}))
        changed = True
    return kept if changed else None


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


# Entries kept but changed at the as-of date (a fiche lifted later is open, an action done
# later not done, a later year's measure dropped), and those raised later dropped.
_REVERTED = {
    "nonconformities": _nonconformities_at,
    "actions": _actions_at,
    "indicators": _indicators_at,
}
