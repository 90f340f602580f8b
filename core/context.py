"""The typed context rule expressions are written against (rule-engine).

Every symbol and attribute has a declared type, so a misspelt name or a type
error fails when the rule is compiled, with its position, never while a
dossier is evaluated. The symbols are documented in README "Writing rules".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import rule_engine
from labelcheck.core.scopes import SCOPES
from pydantic import BaseModel

T = rule_engine.DataType


class Record:
    """A dossier entry as rule expressions read it, attribute by attribute.

    Deliberately not a Mapping: rule-engine converts every member of a mapping
    symbol each time an expression reads it, but reads an OBJECT through its
    accessor, one attribute at a time (2.7 times faster on an application;
    the profile of a 4-label evaluation had a fifth of its time in that conversion).
    """

    __slots__ = ("fields",)

    def __init__(self, fields: dict[str, Any]):
        self.fields = fields

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and other.fields == self.fields

    # Defining __eq__ sets __hash__ to None: a record is unhashable (mutable fields), like
    # the dict it wraps.


def _get(value: Record, name: str) -> Any:
    return value.fields.get(name)


def _object(type_name: str, **attributes) -> Any:
    return T.OBJECT(type_name, attributes, accessor=_get)


STRINGS = T.ARRAY(T.STRING)
DATE = T.NULLABLE(T.DATETIME)

ESTABLISHMENT_ATTRIBUTES = dict(
    uai=T.STRING,
    name=T.STRING,
    kind=T.STRING,
    sector=T.STRING,
    academy=T.NULLABLE(T.STRING),
    campus=STRINGS,
)
APPLICATION_ATTRIBUTES = dict(
    label=T.STRING,
    type=T.STRING,
    title=T.NULLABLE(T.STRING),
    denominations=STRINGS,
    network=T.BOOLEAN,
    submitted=DATE,
    audit=DATE,
    level=T.NULLABLE(T.FLOAT),
    categories=STRINGS,
    new_entrant=T.BOOLEAN,
    subcontracting=T.BOOLEAN,
    # Sent after the award of the label held: that label is the one it renews, not its
    # outcome (LabelFacts.after_award).
    after_award=T.BOOLEAN,
    # Sent (unsent: at the as-of date) before the expiry of the label held; false with none
    # (LabelFacts.before_expiry).
    before_expiry=T.BOOLEAN,
)
HELD_ATTRIBUTES = dict(
    label=T.STRING,
    awarded=T.DATETIME,
    expires=T.DATETIME,
    # Expired at the as-of date (on its expiry day, it has): a boolean rather than each rule
    # comparing `expires` with `as_of`, dates that differ from one dossier to the next.
    expired=T.BOOLEAN,
    level=T.NULLABLE(T.FLOAT),
    holder=T.NULLABLE(T.STRING),
    categories=STRINGS,
)
ESTABLISHMENT = _object("Establishment", **ESTABLISHMENT_ATTRIBUTES)
APPLICATION = _object("Application", **APPLICATION_ATTRIBUTES)
HELD = _object("Held", **HELD_ATTRIBUTES)
CRITERION = _object("Criterion", ref=T.STRING, number=T.FLOAT, title=T.STRING)
DOCUMENT = _object(
    "Document",
    id=T.STRING,
    type=T.STRING,
    title=T.NULLABLE(T.STRING),
    date=DATE,
    file=T.NULLABLE(T.STRING),
    years=T.ARRAY(T.FLOAT),
    denomination=T.NULLABLE(T.STRING),
    supports=STRINGS,
)
INDICATOR = _object(
    "Indicator",
    id=T.STRING,
    name=T.STRING,
    supports=STRINGS,
    values=T.MAPPING(T.STRING, T.FLOAT),
    target=T.NULLABLE(T.FLOAT),
    direction=T.NULLABLE(T.STRING),  # format 1.1: minimum | maximum; null when not given
)
ACTION = _object(
    "Action",
    id=T.STRING,
    title=T.STRING,
    supports=STRINGS,
    indicators=STRINGS,
    owner=T.NULLABLE(T.STRING),
    start=DATE,
    end=DATE,  # the planned end
    done=DATE,  # null until done by the as-of date (a later `done` is not done yet)
)
NONCONFORMITY = _object(
    "Nonconformity",
    id=T.STRING,
    ref=T.STRING,
    grade=T.NULLABLE(T.STRING),
    audit_type=T.STRING,
    raised=T.DATETIME,
    # The date of the audit the fiche was raised at: the label's latest audit of its
    # `audit_type` held on or before `raised`; null when the dossier records none.
    audit_date=DATE,
    # Raised (at an audit held) in the cycle of a label held that expired before this new
    # candidature (an `initial` application), not at its own audit: that certificate's, moot
    # for the new one (LabelFacts.of_an_expired_cycle).
    expired_cycle=T.BOOLEAN,
    # Raised before the award of the label held, at an audit of that earlier cycle (or before
    # this application's audit, when the dossier records none): the previous cycle's, which
    # the award required lifted (LabelFacts._raised_in_an_earlier_cycle).
    earlier_cycle=T.BOOLEAN,
    due=DATE,
    status=T.STRING,
    corrective_action=T.NULLABLE(T.STRING),
    owner=T.NULLABLE(T.STRING),
    lifted=DATE,
)
AUDIT = _object(
    "Audit",
    label=T.STRING,
    type=T.STRING,
    date=T.DATETIME,
    auditors=STRINGS,
    lead=T.NULLABLE(T.STRING),
    referent_inspector=T.NULLABLE(T.STRING),
    plan_returned=DATE,
    report_sent=DATE,
    finding_grades=STRINGS,
    # Held before the award of the label held, and not this application's audit: the
    # previous cycle's, judged then (LabelFacts.of_an_earlier_cycle).
    earlier_cycle=T.BOOLEAN,
    # Held in the cycle of a label held that expired before this new candidature (an
    # `initial` application), and not its own audit (LabelFacts.of_an_expired_cycle).
    expired_cycle=T.BOOLEAN,
    # Dated before the application was sent; false when it gives no date of sending, or
    # there is none (LabelFacts.before_submission).
    before_submission=T.BOOLEAN,
)

# Symbols every expression may use, whatever its scope.
COMMON_SYMBOLS = {
    "label": T.STRING,
    "as_of": T.DATETIME,
    "establishment": ESTABLISHMENT,
    "application": T.NULLABLE(APPLICATION),
    "held": T.NULLABLE(HELD),
    "document_types": STRINGS,  # types of the documents serving this label
    "partner_kinds": STRINGS,  # kinds of the partners supporting this label
    "partner_countries": STRINGS,
    # Kinds of those in France (country FR, the format's default, or an overseas territory's
    # code: RE, GP…): a partner abroad is no partner of the school's territory (E3D's
    # « partenaires territoriaux »).
    "partner_kinds_in_france": STRINGS,
    "indicator_count": T.FLOAT,
    "action_count": T.FLOAT,
    "open_nonconformity_grades": STRINGS,  # one per open fiche of the label, to count them (Eduform minors)
}

# The subject symbol of each scope.
SCOPE_SYMBOLS: dict[str, dict[str, Any]] = {
    "dossier": {},
    "application": {"application": APPLICATION},
    "criterion": {"criterion": CRITERION},
    "document": {"document": DOCUMENT},
    "indicator": {"indicator": INDICATOR},
    "action": {"action": ACTION},
    "nonconformity": {"nonconformity": NONCONFORMITY},
    "audit": {"audit": AUDIT},
}
assert set(SCOPE_SYMBOLS) == set(SCOPES), "every scope has its symbols"


def _type_of(value: Any) -> Any:
    if isinstance(value, bool):
        return T.BOOLEAN
    if isinstance(value, (int, float)):
        return T.FLOAT
    if isinstance(value, str):
        return T.STRING
    if isinstance(value, (dt.date, dt.datetime)):
        return T.DATETIME
    if isinstance(value, list):
        return T.ARRAY(_type_of(value[0]) if value else T.UNDEFINED)
    return T.UNDEFINED


_PARAMETER_TYPES = {
    "integer": T.FLOAT,
    "boolean": T.BOOLEAN,
    "text": T.STRING,
    "list": STRINGS,
    "month-day": T.STRING,
}


def params_type(label: str, params: dict[str, Any], types: Mapping[str, str]) -> Any:
    """The type of `params`, from the label's declared parameter types; a parameter the
    national texts leave unset may be null (a profile sets it, or not)."""
    attributes = {}
    for name, value in sorted(params.items()):
        kind = _PARAMETER_TYPES[types[name]] if name in types else _type_of(value)
        attributes[name] = T.NULLABLE(kind) if value is None else kind
    return _object(f"Params_{label}", **attributes)


# The types of the keys a plugin adds to the dossier (`[dossier_keys.new_keys.<entry>]`).
_KEY_TYPES = {
    "text": T.STRING,
    "boolean": T.BOOLEAN,
    "integer": T.FLOAT,
    "date": T.DATETIME,
    "choice": T.STRING,
}


def with_new_keys(label: str, new_keys: Mapping[Any, Mapping[str, Any]]) -> dict[str, Any]:
    """The establishment, application and held symbols with the keys the label adds to them,
    each nullable (a dossier may leave a declared key out)."""

    def extended(name: str, attributes: dict[str, Any], entry: str) -> Any:
        keys = new_keys.get(entry, {})
        added = {key: T.NULLABLE(_KEY_TYPES[declared.type]) for key, declared in keys.items()}
        return _object(f"{name}_{label}", **attributes, **added)

    application = extended("Application", APPLICATION_ATTRIBUTES, "applications")
    return {
        "establishment": extended("Establishment", ESTABLISHMENT_ATTRIBUTES, "establishment"),
        "application": T.NULLABLE(application),
        "held": T.NULLABLE(extended("Held", HELD_ATTRIBUTES, "held")),
        "_application": application,  # the subject of the application scope, never null
    }


def rule_context(
    scope: str,
    params: dict[str, Any],
    label: str,
    types: Mapping[str, str] | None = None,
    new_keys: Mapping[Any, Mapping[str, Any]] | None = None,
) -> rule_engine.Context:
    """The typed symbols of an expression of `scope`, for a rule of `label`: its parameters
    (`types`) and the dossier keys the label declares (`new_keys`) typed too."""
    symbols = {
        **COMMON_SYMBOLS,
        **SCOPE_SYMBOLS[scope],
        "params": params_type(label, params, types or {}),
    }
    if new_keys:
        entries = with_new_keys(label, new_keys)
        subject = entries.pop("_application")
        symbols.update(entries)
        if scope == "application":
            symbols["application"] = subject
    return rule_engine.Context(
        type_resolver=rule_engine.type_resolver_from_dict(symbols), default_timezone="utc"
    )


@lru_cache(maxsize=8192)  # a few thousand dates recur (as-of dates, terms, deadlines)
def to_datetime(value: dt.date | None) -> dt.datetime | None:
    """A date as expressions read it: midnight UTC. Remembered: every entry's dates are
    converted for each label, and a datetime is immutable, so one can serve every read."""
    if value is None:
        return None
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def declared_dates(entry: BaseModel | None, keys: Mapping[str, Any]) -> dict[str, Any]:
    """The date keys a plugin declares, given as ISO texts (a JSON dossier has no dates), as
    the dates expressions type them."""
    if not keys:  # most labels declare none: no extras read (with to_value's list below, 1 %)
        return {}
    extras = (entry.model_extra or {}) if entry is not None else {}
    return {
        key: to_datetime(dt.date.fromisoformat(value))
        for key, value in extras.items()
        if isinstance(value, str) and key in keys and keys[key].type == "date"
    }


# Values an expression reads as they are (a subclass, like bool's own, takes the long way).
_PLAIN = frozenset({str, int, float, bool})


def to_value(entry: BaseModel | dict | None, **extra: Any) -> Record | None:
    """An entry of the dossier as rule expressions read it."""
    if entry is None:
        return None
    if isinstance(entry, dict):
        items: Any = entry.items()
    else:  # the keys a plugin adds (core/dossier.py Extensible) are the model's extras
        items, extras = entry.__dict__.items(), entry.model_extra
        if extras:  # most entries have none: no list of both made
            items = [*items, *extras.items()]
    out = {}
    for key, value in items:
        if value is None or type(value) in _PLAIN:
            pass  # most fields: nothing to convert, and no isinstance chain to walk
        elif isinstance(value, dt.date):
            value = to_datetime(value)
        elif isinstance(value, list):
            value = [v for v in value if not isinstance(v, BaseModel)]
        elif isinstance(value, BaseModel):
            value = to_value(value)
        out[key] = value
    out.update(extra)
    return Record(out)
