"""What plugins declare: labels and their référentiels, document types, equivalences.

These are facts read from each plugin's data files; the core only reads them.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from importlib.resources.abc import Traversable
from typing import Any, Literal

from labelcheck.core.toml import load_toml_resource
from pydantic import BaseModel, ConfigDict, Field, model_validator

Nature = Literal["text", "academy", "operational"]
# Whether a title is the text's own wording or a paraphrase of ours (reports say which).
Wording = Literal["official", "paraphrase"]


class Fact(BaseModel):
    """A frozen data model; unknown keys in a plugin's data are a plugin bug."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Item(Fact):
    """A numbered descriptor (LDM) or indicator (Qualiopi/Eduform) of a criterion."""

    number: int
    title: str
    source: str = ""
    # A rule-engine expression over the application: the item applies only when true
    # (LDM network-only descriptors, Eduform indicators per action category).
    applies_when: str | None = None
    nature: Nature = "text"
    wording: Wording = "official"
    # The grade any nonconformity on this item counts as, whatever grade it was given
    # (Eduform: the indicators of the audit arrêté, art. 5, that give only major ones).
    nonconformity_grade: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class Criterion(Fact):
    number: int
    title: str
    source: str = ""
    indicators: tuple[str, ...] = ()  # indicators the text suggests
    items: tuple[Item, ...] = ()
    applies_when: str | None = None
    nature: Nature = "text"
    wording: Wording = "official"
    added_by_profile: bool = False


class DocumentType(Fact):
    id: str
    title: str
    source: str = ""
    nature: Nature = "text"
    label: str | None = None  # the declaring label; None for a type shared by all
    # True for pieces that, without `supports`, serve every application (pv-ca,
    # projet-etablissement: dossier spec, "Keys for the other labels").
    serves_all: bool = False


class Equivalence(Fact):
    """A criterion of `target` standing in for the holder of label `via` (or evidence for it)."""

    id: str
    target: str  # a criterion ref, "ldm:6"
    via: str  # a label id, "euroscol"
    effect: Literal["meets", "evidence"] = "meets"
    title: str
    source: str
    nature: Nature = "text"
    # Who may decide a `meets` equivalence, in French (« le groupe académique Lycée des
    # métiers »): the report says who may decide one that could apply and is not adopted.
    decided_by: str = ""


ParameterType = Literal["integer", "boolean", "text", "list", "month-day"]
_TYPE_OF = {bool: "boolean", int: "integer", str: "text", list: "list"}
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")
_DAYS_IN = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 February is not in every year
_MONTH_DAY = re.compile(r"(?a)(\d\d)-(\d\d)")


class Parameter(Fact):
    """A label parameter as its plugin declares it in `[parameters]`, and the values a
    profile may give it.

    `name = { type = "integer", min = 1, max = 10, default = 5 }`: `default` is the
    national value (absent: the national texts leave it unset, a profile sets it);
    `min` and `max` bound an integer, `at_most` names a parameter it may not exceed.
    Types: integer, boolean, text, list (of texts), month-day ("09-30", every year).
    A plain value (`name = 5`), as older plugins write, is the national value of a
    parameter of its type, within the default bounds below.
    """

    type: ParameterType
    default: Any = None
    # A count, a length, or days, months or years added to a date: never negative, and
    # bounded, so that no date computed from it leaves the calendar.
    min: int = 0
    max: int = 10_000
    at_most: str | None = None

    def problem(self, value: Any) -> str | None:
        """Why `value` cannot be this parameter's value (French), or None if it can."""
        if self.type == "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                return f"un nombre entier est attendu, pas {_shown(value)}"
            if not self.min <= value <= self.max:
                return f"{value} est hors des bornes : un entier de {self.min} à {self.max} est attendu"
            return None
        if self.type == "list":
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                return f"une liste de textes est attendue, pas {_shown(value)}"
            return None
        if self.type == "month-day":
            return _month_day_problem(value)
        expected = {"boolean": (bool, "true ou false"), "text": (str, "un texte")}[self.type]
        return None if isinstance(value, expected[0]) else f"{expected[1]} est attendu, pas {_shown(value)}"


def _month_day_problem(value: Any) -> str | None:
    match = _MONTH_DAY.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return f"un jour de l'année « MM-JJ » est attendu (ex. \"09-30\"), pas {_shown(value)}"
    month, day = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return f'"{value}" : il n\'y a pas de mois {month} (« MM-JJ », mois de 01 à 12)'
    if day == 29 and month == 2:
        return f'"{value}" : le 29 février n\'existe pas chaque année ; choisissez le 28 février ou le 1er mars'
    if not 1 <= day <= _DAYS_IN[month - 1]:
        return f'"{value}" : le {day} {_MONTHS[month - 1]} n\'existe pas ({_DAYS_IN[month - 1]} jours au plus)'
    return None


def _shown(value: Any) -> str:
    """A value of a data file as a message quotes it: its TOML spelling, cut short."""
    if isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)  # "trois", as TOML writes a text
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def parameter_problem(specs: dict[str, Parameter], name: str, values: dict[str, Any]) -> str | None:
    """Why `values[name]` cannot be that parameter's value, `values` being all the
    parameters of the label as they would be used (French), or None if it can."""
    spec = specs[name]
    problem = spec.problem(values[name])
    bound = values.get(spec.at_most) if spec.at_most else None
    if problem is None and bound is not None and specs[spec.at_most].problem(bound) is None and values[name] > bound:
        return f"{name} ({values[name]}) ne peut pas dépasser {spec.at_most} ({bound})"
    return problem


def _parameters(declared: dict[str, Any]) -> dict[str, Parameter]:
    """A label's `[parameters]`: each a table (see Parameter), or a plain national value."""
    return {name: Parameter.model_validate(value) if isinstance(value, dict)
            else Parameter(type=_TYPE_OF[type(value)], default=value)
            for name, value in declared.items()}


Anchor = Literal[
    "application.audit", "application.submitted", "audit.date", "held.awarded", "held.expires",
    "held.renewal_due_from", "nonconformity.raised", "nonconformity.due",
]


class Milestone(Fact):
    """A dated step of the label's calendar, counted from an anchor date of the dossier.

    An offset is a number or the name of a label parameter (the profile decides).
    """

    id: str
    title: str  # French, as the timeline shows it
    anchor: Anchor
    days: int | str = 0
    months: int | str = 0
    window_months: int | str | None = None  # a window: its end, counted from the anchor
    # What the date is, so that a report badges it rightly once past: a deadline is met or
    # missed, a period's start opens it, an event (the audit) has taken place.
    kind: Literal["deadline", "start", "event"] = "deadline"
    source: str = ""
    nature: Nature = "text"


class LabelSpec(Fact):
    """One label's référentiel and the dossier keys that apply to it."""

    id: str
    name: str
    version: str
    item_name: str = "descripteur"
    validity_years: int | None = None
    renewal_due_years: int = 1
    source: str = ""
    criteria: tuple[Criterion, ...] = ()
    document_types: tuple[DocumentType, ...] = ()
    application_types: tuple[str, ...] = ("initial", "renewal", "follow-up")
    # Optional dossier keys this label gives a meaning to; others are rejected.
    application_keys: tuple[str, ...] = ()
    held_keys: tuple[str, ...] = ()
    audit_grades: tuple[str, ...] = ()
    nonconformity_grades: tuple[str, ...] = ()
    default_nonconformity_grade: str | None = None
    milestones: tuple[Milestone, ...] = ()
    parameter_specs: dict[str, Parameter] = Field(default_factory=dict)
    # How many criteria an academy's profile may add (LDM: one; Eduform: none), and the text saying so.
    max_extra_criteria: int = 0
    extra_criteria_source: str = ""
    facts: dict[str, Any] = Field(default_factory=dict)
    offered_by_init: bool = False  # `labelcheck init` applies for it when no --label is given
    origin: str = "built in"

    def criterion(self, number: int) -> Criterion | None:
        return next((c for c in self.criteria if c.number == number), None)

    @cached_property
    def parameters(self) -> dict[str, Any]:
        """National values (None: not set nationally, a profile sets it)."""
        return {name: spec.default for name, spec in self.parameter_specs.items()}

    @cached_property
    def parameter_types(self) -> dict[str, ParameterType]:
        return {name: spec.type for name, spec in self.parameter_specs.items()}

    @model_validator(mode="after")
    def _national_values_fit(self) -> LabelSpec:
        """A plugin's own values must be ones a profile could give (a plugin bug otherwise)."""
        for name, spec in self.parameter_specs.items():
            if spec.at_most and self.parameter_types.get(spec.at_most) != "integer":
                raise ValueError(f"label {self.id}, paramètre {name}\u202f: at_most ne nomme aucun paramètre entier")
            problem = parameter_problem(self.parameter_specs, name, self.parameters)
            if spec.default is not None and problem:
                raise ValueError(f"label {self.id}, paramètre {name}\u202f: {problem}")
        return self


def load_label(resource: Traversable, **overrides: Any) -> LabelSpec:
    """Read a plugin's `referentiel.toml` into a LabelSpec."""
    data = load_toml_resource(resource)
    label = dict(data.pop("label"))
    label["criteria"] = data.pop("criteria", [])
    label["document_types"] = [
        {**d, "label": label["id"]} for d in data.pop("document_types", [])
    ]
    label["facts"] = data.pop("facts", {})
    label["milestones"] = data.pop("milestones", [])
    label["parameter_specs"] = _parameters(data.pop("parameters", {}))
    label.update(data.pop("dossier_keys", {}))
    label.update(overrides)
    if data:
        raise ValueError(f"{resource}\u202f: sections inconnues {', '.join(sorted(data))}")
    return LabelSpec.model_validate(label)


def load_equivalences(resource: Traversable) -> list[Equivalence]:
    return [Equivalence.model_validate(e) for e in load_toml_resource(resource).get("equivalences", [])]


def load_document_types(resource: Traversable) -> list[DocumentType]:
    return [DocumentType.model_validate(d) for d in load_toml_resource(resource).get("document_types", [])]
