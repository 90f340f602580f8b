"""What plugins declare: labels and their référentiels, document types, equivalences.

These are facts read from each plugin's data files; the core only reads them.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable
from typing import Any, Literal

from labelcheck.core.toml import load_toml_resource
from pydantic import BaseModel, ConfigDict, Field

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


ParameterType = Literal["integer", "boolean", "text", "list"]
_TYPE_OF = {bool: "boolean", int: "integer", str: "text", list: "list"}


def _parameters(declared: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """National values and types of a label's parameters. A plain value is both; a table
    `{ type = "integer" }` declares a parameter the national texts leave unset (a profile
    sets it: Centre-Val de Loire's audit calendar)."""
    values, types = {}, {}
    for name, value in declared.items():
        if isinstance(value, dict):
            values[name], types[name] = value.get("default"), value["type"]
        else:
            values[name], types[name] = value, _TYPE_OF[type(value)]
    return values, types


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
    parameters: dict[str, Any] = Field(default_factory=dict)  # national values (None: not set nationally)
    parameter_types: dict[str, ParameterType] = Field(default_factory=dict)
    # How many criteria an academy's profile may add (LDM: one; Eduform: none), and the text saying so.
    max_extra_criteria: int = 0
    extra_criteria_source: str = ""
    facts: dict[str, Any] = Field(default_factory=dict)
    offered_by_init: bool = False  # `labelcheck init` applies for it when no --label is given
    origin: str = "built in"

    def criterion(self, number: int) -> Criterion | None:
        return next((c for c in self.criteria if c.number == number), None)


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
    label["parameters"], label["parameter_types"] = _parameters(data.pop("parameters", {}))
    label.update(data.pop("dossier_keys", {}))
    label.update(overrides)
    if data:
        raise ValueError(f"{resource}: unknown sections {sorted(data)}")
    return LabelSpec.model_validate(label)


def load_equivalences(resource: Traversable) -> list[Equivalence]:
    return [Equivalence.model_validate(e) for e in load_toml_resource(resource).get("equivalences", [])]


def load_document_types(resource: Traversable) -> list[DocumentType]:
    return [DocumentType.model_validate(d) for d in load_toml_resource(resource).get("document_types", [])]
