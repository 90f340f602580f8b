"""What one label sees of a dossier: its application, its evidence, its dates.

Built once per (dossier, label) and handed to every rule of the label, so that
the rules never re-derive "which documents serve this label".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from labelcheck.core.asof import Later
from labelcheck.core.cache import ByIdentity, cached
from labelcheck.core.catalog import Criterion, DossierKey, Equivalence, Item, KeyEntry, LabelSpec
from labelcheck.core.context import Record, declared_dates, to_datetime, to_value
from labelcheck.core.countries import countries
from labelcheck.core.dates import add_months, add_years
from labelcheck.core.dossier import (
    Action,
    Application,
    Audit,
    Decision,
    Document,
    Dossier,
    Held,
    Nonconformity,
)
from labelcheck.core.evidence import ALL_KINDS, Evidence
from labelcheck.core.french import plural, quoted, typeset, words
from labelcheck.core.profiles import Profile, Profiles
from labelcheck.core.refs import label_of, number_in
from labelcheck.core.registry import Registry
from labelcheck.core.report import (
    EXPIRED,
    NOT_YET_AWARDED,
    RENEWAL_DUE,
    VALID,
    HeldState,
    ref_sort_key,
)

_T = TypeVar("_T")

# Per registry, label, profile and item conditions: what the facts of every dossier judged
# for that label under that profile share (`LabelFacts.per_profile`).
_SHARED: ByIdentity[dict[str, Any]] = ByIdentity(kept=256)


@dataclass(frozen=True)
class HeldStatus:
    label: str
    awarded: dt.date
    expires: dt.date
    renewal_due_from: dt.date
    status: HeldState
    # The years of validity the academy's profile set, when the expiry is counted from them and
    # not from the label's national term (the dossier records no expiry): what is dated from it
    # is the profile's, not the text's (the DAREIC audit: the text's « trois ans » was cited).
    term_by_profile: int | None = None

    @property
    def in_force(self) -> bool:
        return self.status in (VALID, RENEWAL_DUE)

    def months_from_expiry(self, months: int) -> dt.date:
        """The day `months` months after the expiry (before it, when negative), counted from
        the award when the expiry is whole years after it (`_from_expiry`)."""
        return _from_expiry(self.awarded, self.expires, months)


def _from_expiry(awarded: dt.date, expires: dt.date, months: int) -> dt.date:
    """The day `months` months after `expires` (before it, when negative), counted from the
    award when the expiry falls whole years after it: awarded on 29 February 2024 for five
    years, a label expires on 28 February 2029 (that year has no 29th), but its fifth year
    begins on 29 February 2028, four years after the award, not a year before the expiry.
    The end of a shorter month is taken only where the day does not exist. Never before the
    award: an expiry set less than that period after it (« attribué le 10/01/2026 », « à
    préparer depuis le 30/09/2025 » read false), the period began with the award."""
    years = expires.year - awarded.year
    if add_years(awarded, years) != expires:  # an expiry the dossier sets otherwise
        day = add_months(expires, months)
    else:
        day = add_months(awarded, 12 * years + months)
    return max(day, awarded)


@dataclass(frozen=True)
class EquivalenceUse:
    """An equivalence into this label: the award behind it, who adopted it, whether it applies."""

    equivalence: Equivalence
    status: HeldStatus | None  # the other label's award at the as-of date
    adopted_by: str | None  # "profile" | "decision" | None (not adopted for this school)
    decision: Decision | None = None
    # A decision recorded but not counted: by another body than the one that may decide, or
    # dated after the as-of date (its date then; the report says why the criterion is examined).
    refused: Decision | None = None
    decided_later: dt.date | None = None
    # The other label held by another body than the establishment (its `holder`): not the
    # school's own award, so `status` is None.
    held_by: str | None = None
    # The decision counted, but its `by` does not name the body that may decide (nor shows
    # another author): its author is for the school to check.
    unconfirmed: bool = False

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
    # For a missing file, the dossier's file it likely means (DossierChecks.files_meant).
    files_meant: Mapping[str, str] = field(default_factory=dict)
    # The run's profiles: a step counted from a value `profile` sets is said beside the value
    # of the text it cites (Profiles.setting). None: not said.
    profiles: Profiles | None = None
    # The dossier whatever its dates (None: `dossier` is it): an audit dated after the as-of
    # date is the audit as planned, whose date the échéancier announces.
    whole: Dossier | None = None
    _held_statuses: dict = field(default_factory=dict, init=False, repr=False)
    _subjects: dict = field(default_factory=dict, init=False, repr=False)
    _conditions: dict = field(default_factory=dict, init=False, repr=False)
    _subject_values: dict = field(default_factory=dict, init=False, repr=False)
    _applicable: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.evidence is None:
            self.evidence = Evidence(self.dossier, self.registry.key_evidence)

    @cached
    def evidence_index(self) -> Evidence:
        """`evidence`, typed as set: __post_init__ made it when the caller gave none."""
        return self.evidence or Evidence(self.dossier, self.registry.key_evidence)

    @cached
    def applicable_evidence(self) -> Evidence:
        """The evidence index as this label's application reads it: a ref naming one of its
        items that does not apply (`not_applicable_refs`) supports nothing and monitors
        nothing. A network-only LDM descriptor, in a school applying alone, neither documents
        its criterion nor gives it its indicator (LDM-EVIDENCE-ITEM-NOT-APPLICABLE says so).
        The shared index itself when the dossier names no such ref (most dossiers)."""
        index = self.evidence_index
        # Whether the dossier names any item with a condition at all, first: most do not,
        # and then which items apply to the application need not be asked.
        conditioned = self._conditioned_refs
        if not conditioned or conditioned.isdisjoint(index.named):
            return index
        excluded = self.not_applicable_refs
        if not excluded or excluded.isdisjoint(index.named):
            return index
        return index.without(excluded)

    @cached
    def _conditioned_refs(self) -> frozenset[str]:
        """The refs of this label's items that have a condition (`applies_when`)."""
        return self.per_profile("conditioned refs", self._refs_with_conditions)

    def _refs_with_conditions(self) -> frozenset[str]:
        conditioned = self._conditioned
        return frozenset(
            f"{self.criterion_ref(criterion)}.{number}"
            for criterion in self.criteria
            for number in conditioned.get(criterion.number, ())
        )

    @cached
    def not_applicable_refs(self) -> frozenset[str]:
        """The refs of this label's items that, by the dossier, do not apply to its application
        (their `applies_when` false); none without an application."""
        if self.application is None or not self._conditioned:
            return frozenset()
        refs: set[str] = set()
        for criterion in self.criteria:
            if criterion.number not in self._conditioned:
                continue
            applicable = {id(item) for item in self.applicable_items(criterion)}
            ref = self.criterion_ref(criterion)
            refs.update(
                f"{ref}.{item.number}" for item in criterion.items if id(item) not in applicable
            )
        return frozenset(refs)

    def per_profile(self, name: str, make: Callable[[], _T]) -> _T:
        """A value made from the label, the profile and the registry alone (its criteria, its
        milestones' offsets…), made once: the facts of every dossier judged for the label
        under the profile share it, to be read, never changed."""
        shared = self._shared
        if name not in shared:
            shared[name] = make()
        return shared[name]

    @cached
    def _shared(self) -> dict[str, Any]:
        owners = (self.registry, self.label, self.profile, self.item_conditions)
        return _SHARED.get(owners, (), dict)

    @cached
    def params(self) -> dict[str, Any]:
        return self.per_profile("params", lambda: self.profile.params(self.registry, self.label.id))

    @cached
    def application(self) -> Application | None:
        return self.dossier.application(self.label.id)

    @cached
    def application_audit(self) -> Audit | None:
        """The application's audit as the dossier plans or records it, whatever its date
        (Dossier.audit_of); None with no application, or no `[[audits]]` entry that is its
        audit."""
        application = self.application
        whole = self.whole or self.dossier
        return whole.audit_of(application) if application is not None else None

    @cached
    def audit_held(self) -> Audit | None:
        """The application's audit once held, by the as-of date; None before."""
        audit = self.application_audit
        return audit if audit is not None and audit.date <= self.as_of else None

    @cached
    def held(self) -> Held | None:
        return self.dossier.held_label(self.label.id)

    @cached
    def criteria(self) -> list[Criterion]:
        """The référentiel's criteria, then those the profile adds (to be read, never
        changed: every dossier judged under the profile shares them)."""
        return self._criteria_and_refs[0]

    def label_name(self, label_id: str) -> str:
        """A label's name (« Euroscol »), whether this run evaluates it or not (`--label`)."""
        spec = self.registry.labels.get(label_id)
        return spec.name if spec else label_id

    def criterion_ref(self, criterion: Criterion) -> str:
        """`label:number`, made once per label and profile: asked some four times per
        criterion and label, formatting it was 2 % of an evaluation."""
        return self._criteria_and_refs[1].get(id(criterion)) or (
            f"{self.label.id}:{criterion.number}"  # a criterion of another label
        )

    @cached
    def _criteria_and_refs(self) -> tuple[list[Criterion], dict[int, str]]:
        return self.per_profile("criteria", self._list_criteria)

    def _list_criteria(self) -> tuple[list[Criterion], dict[int, str]]:
        """The criteria, and by identity (each kept in the list) their refs."""
        criteria = [*self.label.criteria, *self.profile.extra_criteria(self.label.id)]
        return criteria, {id(c): f"{self.label.id}:{c.number}" for c in criteria}

    # -- validity ---------------------------------------------------------

    def held_status(self, label_id: str, on: dt.date) -> HeldStatus | None:
        """Where the award of `label_id` stands on a date (any label: equivalences ask)."""
        key = (label_id, on)
        if key not in self._held_statuses:  # asked by many rules, the verdict, the timeline
            self._held_statuses[key] = self._held_status(label_id, on)
        return self._held_statuses[key]

    def _held_status(self, label_id: str, on: dt.date) -> HeldStatus | None:
        mine = label_id == self.label.id  # most asks: the label's own award, already read
        held = self.held if mine else self.dossier.held_label(label_id)
        spec = self.registry.labels.get(label_id)
        if spec is None:
            return None
        params = self.params if mine else self.profile.params(self.registry, label_id)
        # The profile's term, else the référentiel's: a `validity_years` parameter declared
        # with no national value is None in `params`, and read as 0 years it made every
        # award expire the day it was granted (LabelSpec requires one of the two).
        years = params.get("validity_years")
        national = spec.national_validity_years
        if years is None:
            years = national or 0
        # The profile's own term, said where it, not an expiry the dossier records, gives the
        # expiry (`term_setting`).
        by_profile = years if years != national else None
        if held is None:
            # Awarded only after the as-of date (set aside in the view): not held yet, and
            # said so, so that an equivalence relying on it can tell why it cannot apply.
            # Its expiry is the one the dossier gives, as once awarded: the échéancier of the
            # day before the award would otherwise show another end of validity. Two awards
            # on that date: the latest stated expiry, as Dossier.held_label picks.
            later = [e for e in self.later if e.what == "award" and e.id == label_id]
            if not later:
                return None
            awarded = min(e.date for e in later)
            given = max((e.expires for e in later if e.date == awarded and e.expires), default=None)
            expires = given or add_years(awarded, years)
            due_from = _from_expiry(awarded, expires, -12 * spec.renewal_due_years)
            counted_by = None if given else by_profile
            return HeldStatus(label_id, awarded, expires, due_from, NOT_YET_AWARDED, counted_by)
        expires = held.expires or add_years(held.awarded, years)
        # The last year(s) of validity begin on an anniversary of the award (`_from_expiry`).
        due_from = _from_expiry(held.awarded, expires, -12 * spec.renewal_due_years)
        status: HeldState = EXPIRED if on >= expires else RENEWAL_DUE if on >= due_from else VALID
        if on < held.awarded:
            status = NOT_YET_AWARDED  # never expired: it is not held yet on that date
        counted_by = None if held.expires else by_profile
        return HeldStatus(label_id, held.awarded, expires, due_from, status, counted_by)

    def term_setting(self, status: HeldStatus | None) -> str | None:
        """The profile's term of validity a held label's dates are counted from, said beside
        the label's national one, the cited text's (`Violation.setting`); None when they are
        counted from the latter, or from the expiry the dossier records."""
        if status is None or status.term_by_profile is None:
            return None
        national = self.registry.labels[status.label].national_validity_years
        by_text = f" (le texte cité : {plural(national, 'an')})" if national else ""
        return typeset(
            f"durée de validité de {plural(status.term_by_profile, 'an')} fixée par le profil "
            f"{quoted(self.profile.name)}{by_text}"
        )

    # -- equivalences -----------------------------------------------------

    @cached
    def equivalences(self) -> list[EquivalenceUse]:
        """Each `meets` equivalence into this label, with the award behind it and who adopted
        it: a decision (circular § 3, « peut décider »), by the profile for every school it
        serves or recorded in the dossier's [[decisions]] by the as-of date. None for a label
        held with no application: an equivalence stands in for a criterion that an application
        is judged on, and such a label's criteria are not evaluated (cli-and-report)."""
        out: list[EquivalenceUse] = []
        if self.application is None:
            return out
        for eq in self.registry.equivalences:
            if label_of(eq.target) != self.label.id or eq.effect != "meets":
                continue
            decision, author = _decision_for(
                eq, [d for d in self.dossier.decisions if d.equivalence == eq.id]
            )
            refused = decision if author == "another" else None
            unconfirmed = author == "unconfirmed"
            if refused is not None:
                decision = None
            # Dated after the as-of date, the one that will count first: the groupe's, however
            # the file orders them (the review: a refused one listed first was said to count).
            later_decision, _ = _decision_for(
                eq, [x for x in self.later if x.what == "decision" and x.id == eq.id], latest=False
            )
            later = later_decision.date if later_decision is not None else None
            adopted_by = "profile" if self.profile.adopts(eq) else "decision" if decision else None
            elsewhere = self._held_elsewhere(eq.via)
            status = None if elsewhere else self.held_status(eq.via, self.as_of)
            out.append(
                EquivalenceUse(
                    eq, status, adopted_by, decision, refused, later, elsewhere, unconfirmed
                )
            )
        return out

    def _held_elsewhere(self, label_id: str) -> str | None:
        """Who holds `label_id` when the dossier names another body as its `holder` (a
        neighbouring school, a GRETA): « un établissement labellisé Euroscol » (circular § 3)
        is the school whose criterion is deemed met, not another."""
        held = self.dossier.held_label(label_id)
        if held is None or not held.holder:
            return None
        if words(held.holder) == words(self.dossier.establishment.name):
            return None  # the school's own name, however capitalised
        return held.holder

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
        found = self._criterion_and_item(ref)
        return found[1] if found else None

    def item_applies_to(self, ref: str) -> bool:
        """Whether the item a ref names applies to the application; a ref naming no item does."""
        found = self._criterion_and_item(ref)
        return found is None or self.item_applies(*found)

    def _criterion_and_item(self, ref: str) -> tuple[Criterion, Item] | None:
        number, _, item = ref.partition(":")[2].partition(".")
        criterion_number, item_number = number_in(number), number_in(item)
        if criterion_number is None or item_number is None:
            return None
        criterion = next((c for c in self.criteria if c.number == criterion_number), None)
        found = (
            next((i for i in criterion.items if i.number == item_number), None)
            if criterion
            else None
        )
        return (criterion, found) if criterion and found else None

    def nonconformity_grade(self, nc: Nonconformity) -> str:
        """The grade a nonconformity counts as: the item's own where the texts fix it (Eduform's
        major-only indicators), else the grade given, else the label's default."""
        item = self.item(nc.ref)
        if item is not None and item.nonconformity_grade:
            return item.nonconformity_grade
        return nc.grade or self.label.default_nonconformity_grade or ""

    def applicable_items(self, criterion: Criterion) -> Sequence[Item]:
        """The criterion's items that apply, worked out once: the verdict and the per-item
        evidence rules ask for every criterion. Keyed by identity, the criterion kept with
        its items so that its id is never another's. Only the items with a condition are
        asked about (LDM: 4 of 46), and a criterion without any gives its own items: asking
        about every item was 1 % of an evaluation."""
        conditioned = self._conditioned.get(criterion.number)
        if conditioned is None:
            return criterion.items
        known = self._applicable.get(id(criterion))
        if known is None:
            items = [
                i
                for i in criterion.items
                if i.number not in conditioned or self.item_applies(criterion, i)
            ]
            known = self._applicable[id(criterion)] = (criterion, items)
        return known[1]

    @cached
    def _conditioned(self) -> dict[int, frozenset[int]]:
        """By criterion number, the numbers of its items that have a condition."""
        return self.per_profile("conditioned", self._items_with_conditions)

    def _items_with_conditions(self) -> dict[int, frozenset[int]]:
        numbers: dict[int, set[int]] = {}
        for label, criterion, item in self.item_conditions:
            if label == self.label.id:
                numbers.setdefault(criterion, set()).add(item)
        return {criterion: frozenset(items) for criterion, items in numbers.items()}

    def criteria_to_examine(self) -> list[Criterion]:
        """Criteria the label's rules look at: not those met by equivalence."""
        return self._to_examine

    @cached
    def _to_examine(self) -> list[Criterion]:  # asked by every per-criterion rule
        met = self.met_by_equivalence
        if not met:  # most labels: nothing met by equivalence, no ref to look up
            return self.criteria
        return [c for c in self.criteria if self.criterion_ref(c) not in met]

    # -- evidence ---------------------------------------------------------

    @cached
    def documents(self) -> list[Document]:
        """The pieces of this label's dossier, in dossier order: those whose `supports` name
        it, and those without `supports` whose type is the label's or, for a label applied
        for, serves all: such a piece « serves every application of the dossier » (dossier
        spec), and a label held with no application has none (its warnings are not about the
        board minutes of another label's renewal)."""
        named = {id(d) for d in self.evidence_index.serving(self.label.id, "document")}
        return [
            d
            for d in self.dossier.documents
            if (id(d) in named if d.supports else self.serves_by_type(d.type))
        ]

    def serves_by_type(self, type_id: str) -> bool:
        """Whether a piece of this type naming no `supports` is this label's: the label's own
        type, or one that serves all when this label is applied for."""
        doc_type = self.registry.document_types.get(type_id)
        return doc_type is not None and (
            doc_type.label == self.label.id
            or (doc_type.serves_all and self.application is not None)
        )

    @cached
    def pieces_no_label_claims(self) -> list[Document]:
        """The dossier's pieces that serve none of its labels (a `preuve` naming no criterion, a
        piece for a label the school neither holds nor applies for, board minutes when nothing
        is applied for), given to every label applied for, else to every label of the dossier:
        « a file named but missing is a finding » (dossier format), so DocumentFile checks
        them too. A disabled plugin's pieces are not judged (`SetAside`): not these."""
        dossier, registry = self.dossier, self.registry
        applied = {a.label for a in dossier.applications} & registry.labels.keys()
        present = dossier.label_ids() & registry.labels.keys()
        if self.label.id not in (applied or present):
            return []
        aside = registry.set_aside

        def claimed(document: Document) -> bool:
            if document.supports:
                named = {label_of(ref) for ref in document.supports}
                return bool(named & present or named & aside.labels.keys())
            doc_type = registry.document_types.get(document.type)
            if doc_type is None:  # a disabled plugin's type (validation refuses any other)
                return True
            return doc_type.label in present or (doc_type.serves_all and bool(applied))

        return [d for d in dossier.documents if not claimed(d)]

    @cached
    def _documents_by_type(self) -> dict[str, list[Document]]:
        by_type: dict[str, list[Document]] = {}
        for document in self.documents:
            by_type.setdefault(document.type, []).append(document)
        return by_type

    def documents_of_type(self, doc_type: str) -> list[Document]:
        return self._documents_by_type.get(doc_type, [])

    def evidence_for(self, ref: str, kinds: tuple[str, ...] = ALL_KINDS) -> list[str]:
        """Ids of the evidence of the given kinds supporting `ref` (a criterion or an item), of
        those naming items that apply (`applicable_evidence`)."""
        return self.applicable_evidence.supporting(ref, kinds)

    def evidence_count(self, ref: str, kinds: tuple[str, ...] = ALL_KINDS) -> int:
        return self.applicable_evidence.count_supporting(ref, kinds)

    @cached
    def actions(self) -> list[Action]:
        """The actions of the school's plan (LDM 002) this label follows, in dossier order:
        those whose `supports` name it or one of its criteria, and those naming nothing, which
        belong to the plan as a whole (a committee follows every action of its plan, and one
        not yet tied to a criterion must not escape the checks on owners and dates)."""
        serving = {id(a) for a in self.evidence_index.serving(self.label.id, "action")}
        return [a for a in self.dossier.actions if not a.supports or id(a) in serving]

    def action_ref(self, action: Action) -> str:
        """What an action's findings bear on: the first, in the référentiel's order, of the refs
        of its `supports` naming a criterion or item of this label (whatever order the dossier
        lists them in), else the label itself."""
        mine = self.label.id
        refs = [ref for ref in action.supports if label_of(ref) == mine and ref != mine]
        return min(refs, key=ref_sort_key) if refs else mine

    # -- scopes ------------------------------------------------------------

    @cached
    def audits_held(self) -> list[tuple[dt.date, str]]:
        """The label's audits held by the as-of date, by date (and type): its [[audits]], and
        the application's own audit, recorded or not (the date its criteria must be met).
        Made once, for the rules that look for the audit after a fiche was raised: each asks
        for each open fiche."""
        held = [(audit.date, audit.type) for audit in self.subjects("audit")]
        application = self.application
        planned = application.audit if application is not None else None
        # Moved, the audit is held on its entry's day, not on the day the application gives.
        if (
            application is not None
            and planned
            and planned <= self.as_of
            and self.application_audit is None
        ):
            held.append((planned, application.type))
        return sorted(held)

    def subjects(self, scope: str) -> list[Any]:
        """What a rule of the scope is checked against, one by one."""
        subjects = self._subjects.get(scope)  # asked by every rule of every label: one lookup
        if subjects is None:
            subjects = self._subjects[scope] = self._find_subjects(scope)
        return subjects

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
        if scope == "action":
            return self.actions
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
        holds = self._conditions.get(key)
        if holds is None:
            values = self.values_for(scope, subject, condition.symbols)
            holds = self._conditions[key] = bool(condition.evaluate(values))
        return holds

    def values_for(
        self, scope: str, subject: Any, symbols: AbstractSet[str] | None = None
    ) -> dict[str, Any]:
        """The values an expression of the scope reads for one subject, made once per subject:
        a rule's `when` and its expression read the same ones (an LDM action: three times).
        Given the names the expression reads (`CompiledExpression.symbols`), only those
        symbols are made: most read `application` or `held`, and making every symbol (the
        establishment, the documents' types, the open nonconformities' grades…) for each
        label was a tenth of an evaluation. Without them, every symbol."""
        if scope in ("dossier", "application"):
            values = self._values
        else:
            key = (scope, id(subject))
            known = self._subject_values.get(key)
            if known is None:
                # The subject is kept beside its values: alive, its id is never another's.
                known = self._subject_values[key] = (subject, self._values_of(scope, subject))
            values = known[1]
        if symbols is None or not symbols <= values.keys():
            self._make_symbols(values, _SYMBOLS.keys() if symbols is None else symbols)
        return values

    def _values_of(self, scope: str, subject: Any) -> dict[str, Any]:
        if scope == "criterion":
            ref = self.criterion_ref(subject)
            return {
                **self._values,
                "criterion": Record({"ref": ref, "number": subject.number, "title": subject.title}),
            }
        extra: dict[str, Any] = {}
        if scope == "audit":
            extra = {
                "finding_grades": [f.grade for f in subject.findings],
                "earlier_cycle": self.of_an_earlier_cycle(subject),
                "expired_cycle": self.of_an_expired_cycle(subject.date),
                "before_submission": self.before_submission(subject),
            }
        elif scope == "nonconformity":
            audit = self.audit_raising(subject)
            extra = {
                "audit_date": to_datetime(audit.date if audit else None),
                # The audit found above, not looked up again.
                "expired_cycle": self._raised_in_an_expired_cycle(subject, audit),
                "earlier_cycle": self._raised_in_an_earlier_cycle(subject, audit),
            }
        return {**self._values, scope: to_value(subject, **extra)}

    def after_award(self) -> bool:
        """Whether the application was sent after the award of the label held (before its
        audit, when it gives no date of sending; before the as-of date, when it gives neither).
        The label held is then the one it renews, or one held already; otherwise it is its
        outcome, the award the application obtained, which no rule on the application reads as
        a label held before it. A boolean, not a date comparison in each rule: the rules'
        conditions are answered from memory by the values they read (expressions.py)."""
        application, held = self.application, self.held
        if application is None or held is None:
            return False
        return held.awarded < (application.submitted or application.audit or self.as_of)

    def before_expiry(self) -> bool:
        """Whether the application was sent before the expiry of the label held (unsent: the
        as-of date), the renewal of a label still valid; false with no label held. A boolean,
        as `after_award` is: compared in a rule's condition, the two dates differ from one
        dossier to the next and defeat the memory that answers conditions."""
        application, status = self.application, self.held_status(self.label.id, self.as_of)
        if application is None or not (self.held and status):
            return False
        return (application.submitted or self.as_of) < status.expires

    def taken_from_held(self) -> dict[str, Any]:
        """The keys the application gives none of and takes from the label held, as its label
        says (LabelSpec.from_held: an Eduform surveillance application, the categories the
        certification it surveils holds)."""
        application, held = self.application, self.held
        keys = self.label.from_held.get(application.type, ()) if application and held else ()
        taken = {
            key: getattr(held, key, None) for key in keys if not getattr(application, key, None)
        }
        return {key: value for key, value in taken.items() if value is not None}

    def before_submission(self, audit: Audit) -> bool:
        """Whether an audit is dated before the application was sent; false when the
        application gives no date of sending, or there is none. A boolean, as `after_award`
        is: the two dates differ from one dossier to the next, and compared in a rule they
        had rule-engine run it for every audit (half of its time on the benchmark set)."""
        application = self.application
        sent = application.submitted if application is not None else None
        return sent is not None and audit.date < sent

    def of_an_earlier_cycle(self, audit: Audit) -> bool:
        """Whether an audit belongs to a cycle before the label held: held before its award,
        and not this application's own audit (the label may have been awarded after it). Such
        an audit was judged then: an award requires the nonconformities found lifted (the LDM
        cahier des charges, Qualiopi's major ones), and its calendar and team were that cycle's."""
        held = self.held
        return (
            held is not None
            and audit.date < held.awarded
            and not self._own_audit(audit.date)
            and not self._holds_its_outcome()
        )

    def _holds_its_outcome(self) -> bool:
        """Whether the label held is the award this application obtained (sent before it): its
        audits and fiches before the award are then this application's, not an earlier cycle's."""
        return self.application is not None and not self.after_award()

    def _raised_in_an_earlier_cycle(self, nc: Nonconformity, audit: Audit | None) -> bool:
        """Whether a fiche belongs to a cycle before the label held: raised before its award,
        at an audit of that cycle (`of_an_earlier_cycle`), or, when the dossier records no
        such audit, before this application's own audit. The award required it lifted (the
        LDM cahier des charges, 1re partie § 5): still open, the dossier contradicts itself,
        which is no finding against this application."""
        held = self.held
        if held is None or nc.raised >= held.awarded or self._holds_its_outcome():
            return False
        if audit is not None:
            return self.of_an_earlier_cycle(audit)
        application = self.application
        own = application.audit if application is not None else None
        return own is None or nc.raised < own

    def _own_audit(self, day: dt.date) -> bool:
        """Whether `day` is this application's audit, on the day it gives or moved
        (Dossier.audit_of): one of an earlier or an expired cycle never is, whatever the award
        (it may have been made after it)."""
        application, own = self.application, self.application_audit
        return application is not None and (
            application.audit == day or (own is not None and own.date == day)
        )

    @cached
    def _expired_cycle_end(self) -> dt.date | None:
        """The expiry of the label held when the application is a new candidature after it
        (`initial`, that label expired at the as-of date), else None: the day the cycle of
        the expired award ended, and with it what its audits and fiches were judged for."""
        application = self.application
        if application is None or application.type != "initial" or self.held is None:
            return None
        status = self.held_status(self.label.id, self.as_of)
        if status is None or status.status != EXPIRED:
            return None
        return status.expires

    def of_an_expired_cycle(self, day: dt.date) -> bool:
        """Whether an audit, or a fiche raised at an audit, of that day belongs to the cycle of
        a label held that expired before this new candidature: held before its expiry, and
        not this application's own audit. That certificate is no longer in force: its
        surveillance, the nonconformities found under it and their lifting deadlines were
        its own (the Qualiopi audit arrêté suspends or withdraws a certification in force),
        and the new candidature's initial audit examines the référentiel afresh. A boolean
        per record, made once: the rules' conditions are answered from memory by the values
        they read, which a date comparison in each would defeat."""
        end = self._expired_cycle_end
        return end is not None and day < end and not self._own_audit(day)

    def nonconformity_of_an_expired_cycle(self, nc: Nonconformity) -> bool:
        """`of_an_expired_cycle` for a fiche: the day of the audit it was raised at, or of its
        raise when the dossier records no such audit."""
        if self._expired_cycle_end is None:
            return False  # most dossiers: no audit looked up
        return self._raised_in_an_expired_cycle(nc, self.audit_raising(nc))

    def _raised_in_an_expired_cycle(self, nc: Nonconformity, audit: Audit | None) -> bool:
        """`nonconformity_of_an_expired_cycle` given the audit it was raised at, found already."""
        return self.of_an_expired_cycle(audit.date if audit else nc.raised)

    def audit_raising(self, nc: Nonconformity) -> Audit | None:
        """The audit a fiche was raised at: the latest audit of its label and of its
        `audit_type` held on or before the day it was raised, in its cycle (a fiche d'écart's
        delays count from the audit: « audit + 20j »); None when the dossier records no such
        audit."""
        label = label_of(nc.ref)
        held = [
            audit
            for audit in self.dossier.audits
            if audit.label == label and audit.type == nc.audit_type and audit.date <= nc.raised
        ]
        if label == self.label.id and self.held is not None and nc.raised >= self.held.awarded:
            # A fiche raised under the award held was not raised at an audit of the cycle
            # before it: that audit's fiches were raised then (a renewal's écart of 2019 is not
            # the 2023 one's, whose engagements would count from 2019).
            held = [audit for audit in held if not self.of_an_earlier_cycle(audit)]
        return max(held, key=lambda audit: audit.date, default=None)

    def _make_symbols(self, values: dict[str, Any], names: AbstractSet[str]) -> None:
        """Adds to `values` those of `names` that are symbols not made yet; each made once per
        label, in its own values, and shared by its subjects'."""
        own = self._values
        for name in names:
            if name in values or name not in _SYMBOLS:
                continue  # made, or a comprehension's variable (`[k for k in partner_kinds…]`)
            if name not in own:
                own[name] = _SYMBOLS[name](self)
            values[name] = own[name]

    @cached
    def _values(self) -> dict[str, Any]:
        """The label's symbols made so far: the two that cost nothing at first."""
        return {name: _SYMBOLS[name](self) for name in ("label", "as_of")}

    # -- expression values -------------------------------------------------

    def _keys(self, entry: KeyEntry) -> Mapping[str, DossierKey]:
        """The keys the label declares for one kind of dossier entry."""
        return self.label.new_keys.get(entry, {})

    def expression_values(self) -> dict[str, Any]:
        """Every symbol the label's expressions may read."""
        return self.values_for("dossier", None)

    def _held_value(self) -> Record | None:
        held = self.held_status(self.label.id, self.as_of)
        if not (self.held and held):
            return None
        return to_value(
            self.held,
            expires=to_datetime(held.expires),
            expired=held.status == EXPIRED,
            categories=self.held.categories or [],
            **declared_dates(self.held, self._keys("held")),
        )

    def _partners(self) -> list:
        return self.evidence_index.serving(self.label.id, "partner")


# How each symbol of a label's expressions is made from its facts (core/context.py types
# them), in the order the symbols are listed.
_SYMBOLS: dict[str, Callable[[LabelFacts], Any]] = {
    "label": lambda facts: facts.label.id,
    "as_of": lambda facts: to_datetime(facts.as_of),
    "establishment": lambda facts: to_value(
        facts.dossier.establishment,
        **declared_dates(facts.dossier.establishment, facts._keys("establishment")),
    ),
    "application": lambda facts: _application_value(
        facts.application,
        facts._keys("applications"),
        facts.after_award(),
        facts.before_expiry(),
        facts.taken_from_held(),
    ),
    "held": LabelFacts._held_value,
    "document_types": lambda facts: sorted({d.type for d in facts.documents}),
    "partner_kinds": lambda facts: sorted({p.kind for p in facts._partners()}),
    "partner_countries": lambda facts: sorted({p.country for p in facts._partners()}),
    "partner_kinds_in_france": lambda facts: sorted(
        # FR first: the territories' codes are read only for a partner elsewhere.
        {p.kind for p in facts._partners() if p.country == "FR" or p.country in countries().france}
    ),
    "indicator_count": lambda facts: len(facts.evidence_index.serving(facts.label.id, "indicator")),
    "action_count": lambda facts: len(facts.evidence_index.serving(facts.label.id, "action")),
    "open_nonconformity_grades": lambda facts: [
        facts.nonconformity_grade(n)
        for n in facts.subjects("nonconformity")
        if n.status == "open" and not facts.nonconformity_of_an_expired_cycle(n)
    ],
    "params": lambda facts: Record(facts.params),
}


def _application_value(
    application: Application | None,
    keys: Mapping[str, DossierKey],
    after_award: bool,
    before_expiry: bool,
    taken_from_held: dict[str, Any],
) -> Record | None:
    if application is None:
        return None
    return to_value(
        application,
        **{"categories": application.categories or [], **taken_from_held},
        new_entrant=bool(application.new_entrant),
        subcontracting=bool(application.subcontracting),
        after_award=after_award,
        before_expiry=before_expiry,
        **declared_dates(application, keys),
    )


# A decision recorded (Decision), or one dated after the as-of date (Later, its `by` kept).
_Decided = TypeVar("_Decided", Decision, Later)

# A decision's author, the most telling first: the body's decision settles the equivalence
# whatever else the dossier records, one whose author is to be checked counts next, and a
# refused one is said only when no other stands.
_AUTHOR_RANK = {"body": 0, "unconfirmed": 1, "another": 2}


def _decision_for(
    equivalence: Equivalence, decisions: Sequence[_Decided], latest: bool = True
) -> tuple[_Decided | None, str | None]:
    """The dossier's decision on `equivalence` and its author (Equivalence.author_of). Every
    decision recorded is read: the first alone was, and a school that recorded the groupe's
    decision, as LDM-EQUIVALENCE-NOT-BY-GROUP's remedy asks, after a refused one (« DRAFPIC,
    après avis du groupe… ») was still refused (the remedies' audit). Among decisions alike,
    the latest (`latest`; else the earliest: of those to come, the first to count), then by
    its author's words: their order in the file changes nothing. `decisions`: those on
    `equivalence`, recorded (Decision) or dated after the as-of date (Later)."""
    judged = [(equivalence.author_of(d.by or ""), d) for d in decisions]
    if not judged:
        return None, None
    sign = -1 if latest else 1
    author, decision = min(
        judged,
        key=lambda pair: (_AUTHOR_RANK[pair[0]], sign * pair[1].date.toordinal(), pair[1].by or ""),
    )
    return decision, author
