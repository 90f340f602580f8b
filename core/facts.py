"""What one label sees of a dossier: its application, its evidence, its dates.

Built once per (dossier, label) and handed to every rule of the label, so that
the rules never re-derive "which documents serve this label".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, overload

from labelcheck.core.asof import Later
from labelcheck.core.catalog import Criterion, Equivalence, Item, LabelSpec
from labelcheck.core.context import Record, to_datetime, to_value
from labelcheck.core.dossier import Application, Decision, Document, Dossier, Held, Nonconformity
from labelcheck.core.profiles import Profile
from labelcheck.core.registry import Registry

_T = TypeVar("_T")


class cached(Generic[_T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """functools.cached_property without the lock Python 3.11 takes at each first read
    (removed in 3.12): facts are made per dossier, read by one thread, and some ten of
    them per label were 4 % of an evaluation."""

    def __init__(self, compute: Callable[[Any], _T]):
        self.compute = compute
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object, owner: type | None = None) -> _T | cached[_T]:
        if instance is None:
            return self
        value: _T = self.compute(instance)
        instance.__dict__[self.name] = value
        return value


def label_of(ref: str) -> str:
    return ref.partition(":")[0]


def criterion_of(ref: str) -> str:
    """`ldm:6.32` -> `ldm:6`; `ldm` -> `ldm`."""
    return ref.split(".", 1)[0]


def within(ref: str, criterion_ref: str) -> bool:
    """Whether `ref` names `criterion_ref` or one of its items."""
    return ref == criterion_ref or ref.startswith(criterion_ref + ".")


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    if not months:
        return day  # most milestones count in days only
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# What counts as evidence, as rules' `check.evidence` name it.
EvidenceKind = Literal["documents", "indicators", "actions", "partners"]
ALL_KINDS: tuple[EvidenceKind, ...] = ("documents", "indicators", "actions", "partners")


class Evidence:
    """Which evidence supports which ref, for one dossier: built once, shared by its labels."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self._by_kinds: dict[tuple[str, ...], set[str]] = {}

    @cached
    def entry_refs(self) -> dict[tuple[str, str], set[str]]:
        """For each evidence entry, as (kind, id), the refs it supports: its own `supports`
        and those of the self-assessment lines citing its id (an id shared by a document
        and an indicator, which the format allows, cites both)."""
        refs = {
            (kind, entry.id): set(entry.supports)
            for kind, entries in self.pools.items()
            for entry in entries
        }
        if self.dossier.self_assessment:
            keys_of: dict[str, list[tuple[str, str]]] = {}
            for key in refs:
                keys_of.setdefault(key[1], []).append(key)
            for line in self.dossier.self_assessment:
                for evidence_id in line.evidence:
                    for key in keys_of.get(evidence_id, ()):
                        refs[key].add(line.ref)
        return refs

    @property
    def pools(self) -> dict[str, list]:
        dossier = self.dossier
        return {
            "document": dossier.documents,
            "indicator": dossier.indicators,
            "action": dossier.actions,
            "partner": dossier.partners,
        }

    @cached
    def assessed(self) -> set[str]:
        """Every ref a self-assessment line names, and the refs enclosing it (`ldm:6.32` also
        marks `ldm:6`): a line is support even before evidence is attached to it."""
        refs = set()
        for line in self.dossier.self_assessment:
            ref = line.ref
            refs.add(ref)
            dot = ref.find(".")
            while dot != -1:
                refs.add(ref[:dot])
                dot = ref.find(".", dot + 1)
        return refs

    def supported(self, ref: str) -> bool:
        """Whether anything at all supports `ref` or one of its items (cli-and-report 1.1:
        otherwise the criterion is `unsupported`)."""
        return bool(self.evidence_index.get(ref)) or ref in self.assessed

    @cached
    def evidence_index(self) -> dict[str, set[str]]:
        """For each ref, the evidence ids supporting it or one of its items (`ldm:6` gets
        what supports `ldm:6.32`). Built once: rules ask for every criterion and item
        (bench/README.md: scanning all evidence per ask was half of the evaluation time)."""
        index: dict[str, set[str]] = {}
        for (_kind, evidence_id), refs in self.entry_refs.items():
            for ref in refs:
                index.setdefault(ref, set()).add(evidence_id)
                dot = ref.find(".")
                while dot != -1:  # every enclosing ref, as `within` reads it
                    index.setdefault(ref[:dot], set()).add(evidence_id)
                    dot = ref.find(".", dot + 1)
        return index

    @cached
    def _evidence_ids(self) -> dict[str, set[str]]:
        """The ids of each kind, by the plural `check.evidence` of rules names it with."""
        return {f"{kind}s": {e.id for e in entries} for kind, entries in self.pools.items()}

    @cached
    def _by_label(self) -> dict[str, dict[str, list]]:
        """label -> kind -> the entries whose `supports` name the label (or one of its
        criteria), in dossier order. One pass for all labels: each asks for its own."""
        by_label: dict[str, dict[str, list]] = {}
        for kind, entries in self.pools.items():
            for entry in entries:
                for label in {label_of(ref) for ref in entry.supports}:
                    by_label.setdefault(label, {}).setdefault(kind, []).append(entry)
        return by_label

    def serving(self, label: str, kind: str) -> list:
        """The entries of a kind (document, indicator, action, partner) whose `supports`
        name `label` (or one of its criteria), in dossier order."""
        return self._by_label.get(label, {}).get(kind, [])

    def supporting(self, ref: str, kinds: tuple[str, ...]) -> list[str]:
        """Ids of the evidence of the given kinds supporting `ref` (a criterion or an item)."""
        return sorted(self._supporting(ref, kinds))

    def count_supporting(self, ref: str, kinds: tuple[str, ...]) -> int:
        """How many pieces of evidence of the given kinds support `ref`."""
        return len(self._supporting(ref, kinds))

    def _supporting(self, ref: str, kinds: tuple[str, ...]) -> set[str] | frozenset[str]:
        """The index's own set when every kind is asked for: read it, never change it."""
        supporting = self.evidence_index.get(ref)
        if not supporting:
            return frozenset()
        return supporting if kinds == ALL_KINDS else supporting & self._ids_of(kinds)

    def _ids_of(self, kinds: tuple[str, ...]) -> set[str]:
        """The ids of the evidence of these kinds (rules ask with a few fixed tuples)."""
        if kinds not in self._by_kinds:
            self._by_kinds[kinds] = set().union(*(self._evidence_ids[kind] for kind in kinds))
        return self._by_kinds[kinds]


@dataclass(frozen=True)
class HeldStatus:
    label: str
    awarded: dt.date
    expires: dt.date
    renewal_due_from: dt.date
    status: str  # valid | renewal-due | expired | not-yet-awarded

    @property
    def in_force(self) -> bool:
        return self.status in ("valid", "renewal-due")


@dataclass(frozen=True)
class EquivalenceUse:
    """An equivalence into this label: the award behind it, who adopted it, whether it applies."""

    equivalence: Equivalence
    status: HeldStatus | None  # the other label's award at the as-of date
    adopted_by: str | None  # "profile" | "decision" | None (not adopted for this school)
    decision: Decision | None = None

    @property
    def applies(self) -> bool:
        return self.adopted_by is not None and self.status is not None and self.status.in_force


@dataclass
class LabelFacts:
    dossier: Dossier
    folder: Path
    registry: Registry
    profile: Profile
    label: LabelSpec
    as_of: dt.date
    missing_files: frozenset[str] = frozenset()
    item_conditions: dict[tuple[str, int, int], Any] = field(default_factory=dict)
    evidence: Evidence | None = None  # shared by the labels of a dossier; made here when not given
    # What the dossier dated after the as-of date (the dossier above is the view at that date).
    later: tuple[Later, ...] = ()
    _held_statuses: dict = field(default_factory=dict, init=False, repr=False)
    _subjects: dict = field(default_factory=dict, init=False, repr=False)
    _conditions: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.evidence is None:
            self.evidence = Evidence(self.dossier)

    @cached
    def evidence_index(self) -> Evidence:
        """`evidence`, typed as set: __post_init__ made it when the caller gave none."""
        return self.evidence or Evidence(self.dossier)

    @cached
    def params(self) -> dict[str, Any]:
        return self.profile.params(self.registry, self.label.id)

    @cached
    def application(self) -> Application | None:
        return self.dossier.application(self.label.id)

    @cached
    def held(self) -> Held | None:
        return self.dossier.held_label(self.label.id)

    @cached
    def criteria(self) -> list[Criterion]:
        return [*self.label.criteria, *self.profile.extra_criteria(self.label.id)]

    def criterion_ref(self, criterion: Criterion) -> str:
        return f"{self.label.id}:{criterion.number}"

    # -- validity ---------------------------------------------------------

    def held_status(self, label_id: str, on: dt.date) -> HeldStatus | None:
        """Where the award of `label_id` stands on a date (any label: equivalences ask)."""
        key = (label_id, on)
        if key not in self._held_statuses:  # asked by many rules, the verdict, the timeline
            self._held_statuses[key] = self._held_status(label_id, on)
        return self._held_statuses[key]

    def _held_status(self, label_id: str, on: dt.date) -> HeldStatus | None:
        held = self.dossier.held_label(label_id)
        spec = self.registry.labels.get(label_id)
        if spec is None:
            return None
        params = self.profile.params(self.registry, label_id)
        years = params.get("validity_years", spec.validity_years) or 0
        if held is None:
            # Awarded only after the as-of date (set aside in the view): not held yet, and
            # said so, so that an equivalence relying on it can tell why it cannot apply.
            later = sorted(e.date for e in self.later if e.what == "award" and e.id == label_id)
            if not later:
                return None
            expires = add_years(later[0], years)
            return HeldStatus(
                label_id,
                later[0],
                expires,
                add_years(expires, -spec.renewal_due_years),
                "not-yet-awarded",
            )
        expires = held.expires or add_years(held.awarded, years)
        due_from = add_years(expires, -spec.renewal_due_years)
        status = "expired" if on >= expires else "renewal-due" if on >= due_from else "valid"
        if on < held.awarded:
            status = "not-yet-awarded"  # never "expired": it is not held yet on that date
        return HeldStatus(label_id, held.awarded, expires, due_from, status)

    # -- equivalences -----------------------------------------------------

    @cached
    def equivalences(self) -> list[EquivalenceUse]:
        """Each `meets` equivalence into this label, with the award behind it and who adopted
        it: a decision (circular § 3, « peut décider »), by the profile for every school it
        serves or recorded in the dossier's [[decisions]] by the as-of date."""
        out = []
        for eq in self.registry.equivalences:
            if label_of(eq.target) != self.label.id or eq.effect != "meets":
                continue
            decision = next((d for d in self.dossier.decisions if d.equivalence == eq.id), None)
            adopted_by = "profile" if self.profile.adopts(eq) else "decision" if decision else None
            out.append(
                EquivalenceUse(eq, self.held_status(eq.via, self.as_of), adopted_by, decision)
            )
        return out

    @cached
    def met_by_equivalence(self) -> dict[str, Equivalence]:
        return {use.equivalence.target: use.equivalence for use in self.equivalences if use.applies}

    # -- applicability ----------------------------------------------------

    def item_applies(self, criterion: Criterion, item: Item) -> bool:
        rule = self.item_conditions.get((self.label.id, criterion.number, item.number))
        if rule is None or self.application is None:
            return True
        return self.holds(
            rule.text, rule, "application", self.application
        )  # items share conditions

    def item(self, ref: str) -> Item | None:
        """The item a ref names (`eduform:3.11`), if it names one of this label's."""
        number, _, item = ref.partition(":")[2].partition(".")
        if not (number.isdigit() and item.isdigit()):
            return None
        criterion = next((c for c in self.criteria if c.number == int(number)), None)
        return (
            next((i for i in criterion.items if i.number == int(item)), None) if criterion else None
        )

    def nonconformity_grade(self, nc: Nonconformity) -> str:
        """The grade a nonconformity counts as: the item's own where the texts fix it (Eduform's
        major-only indicators), else the grade given, else the label's default."""
        item = self.item(nc.ref)
        if item is not None and item.nonconformity_grade:
            return item.nonconformity_grade
        return nc.grade or self.label.default_nonconformity_grade or ""

    def applicable_items(self, criterion: Criterion) -> list[Item]:
        return [i for i in criterion.items if self.item_applies(criterion, i)]

    def criteria_to_examine(self) -> list[Criterion]:
        """Criteria the label's rules look at: not those met by equivalence."""
        return self._to_examine

    @cached
    def _to_examine(self) -> list[Criterion]:  # asked by every per-criterion rule
        return [c for c in self.criteria if self.criterion_ref(c) not in self.met_by_equivalence]

    # -- evidence ---------------------------------------------------------

    @cached
    def documents(self) -> list[Document]:
        """The pieces of this label's dossier, in dossier order: those whose `supports` name
        it, and those without `supports` whose type is the label's or serves all (dossier spec)."""
        named = {id(d) for d in self.evidence_index.serving(self.label.id, "document")}
        types = self.registry.document_types
        mine = self.label.id

        def by_type(document: Document) -> bool:
            doc_type = types.get(document.type)
            return doc_type is not None and (doc_type.serves_all or doc_type.label == mine)

        return [d for d in self.dossier.documents if (id(d) in named if d.supports else by_type(d))]

    @cached
    def _documents_by_type(self) -> dict[str, list[Document]]:
        by_type: dict[str, list[Document]] = {}
        for document in self.documents:
            by_type.setdefault(document.type, []).append(document)
        return by_type

    def documents_of_type(self, doc_type: str) -> list[Document]:
        return self._documents_by_type.get(doc_type, [])

    def evidence_for(self, ref: str, kinds: tuple[str, ...] = ALL_KINDS) -> list[str]:
        """Ids of the evidence of the given kinds supporting `ref` (a criterion or an item)."""
        return self.evidence_index.supporting(ref, kinds)

    def evidence_count(self, ref: str, kinds: tuple[str, ...] = ALL_KINDS) -> int:
        return self.evidence_index.count_supporting(ref, kinds)

    # -- scopes ------------------------------------------------------------

    def subjects(self, scope: str) -> list[Any]:
        """What a rule of the scope is checked against, one by one."""
        if scope not in self._subjects:
            self._subjects[scope] = self._find_subjects(scope)
        return self._subjects[scope]

    def _find_subjects(self, scope: str) -> list[Any]:
        mine = self.label.id
        if scope == "dossier":
            return [None]
        if scope == "application":
            return [self.application] if self.application else []
        if scope == "criterion":
            return self.criteria_to_examine()
        if scope == "document":
            return self.documents
        if scope == "indicator":
            return self.evidence_index.serving(mine, "indicator")
        if scope == "nonconformity":
            return [n for n in self.dossier.nonconformities if label_of(n.ref) == mine]
        if scope == "audit":
            return [a for a in self.dossier.audits if a.label == mine]
        raise ValueError(f"portée inconnue « {scope} »")

    def holds(self, text: str, condition: Any, scope: str, subject: Any) -> bool:
        """Whether a rule's `when` (or an item's `applies_when`) holds for a subject. Rules
        sharing a condition (LDM's `application.type != 'follow-up'`, eight of them; Eduform's
        indicators by action category) have it evaluated once."""
        key = (text, scope, id(subject))
        if key not in self._conditions:
            self._conditions[key] = bool(condition.evaluate(self.values_for(scope, subject)))
        return self._conditions[key]

    def values_for(self, scope: str, subject: Any) -> dict[str, Any]:
        """The values an expression of the scope reads for one subject."""
        base = self.expression_values()
        if scope in ("dossier", "application"):
            return base
        if scope == "criterion":
            ref = self.criterion_ref(subject)
            return {
                **base,
                "criterion": Record({"ref": ref, "number": subject.number, "title": subject.title}),
            }
        extra = {"finding_grades": [f.grade for f in subject.findings]} if scope == "audit" else {}
        return {**base, scope: to_value(subject, **extra)}

    # -- expression values -------------------------------------------------

    def expression_values(self) -> dict[str, Any]:
        if "_values" not in self.__dict__:
            held = self.held_status(self.label.id, self.as_of)
            partners = self.evidence_index.serving(self.label.id, "partner")
            self.__dict__["_values"] = {
                "label": self.label.id,
                "as_of": to_datetime(self.as_of),
                "establishment": to_value(self.dossier.establishment),
                "application": _application_value(self.application),
                "held": to_value(
                    self.held,
                    expires=to_datetime(held.expires),
                    categories=self.held.categories or [],
                )
                if self.held and held
                else None,
                "document_types": sorted({d.type for d in self.documents}),
                "partner_kinds": sorted({p.kind for p in partners}),
                "partner_countries": sorted({p.country for p in partners}),
                "indicator_count": len(self.evidence_index.serving(self.label.id, "indicator")),
                "action_count": len(self.evidence_index.serving(self.label.id, "action")),
                "open_nonconformity_grades": [
                    self.nonconformity_grade(n)
                    for n in self.subjects("nonconformity")
                    if n.status == "open"
                ],
                "params": Record(self.params),
            }
        return self.__dict__["_values"]


def _application_value(application: Application | None) -> Record | None:
    if application is None:
        return None
    return to_value(
        application,
        categories=application.categories or [],
        new_entrant=bool(application.new_entrant),
        subcontracting=bool(application.subcontracting),
    )
