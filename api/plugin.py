"""The public surface for label plugin authors: import from here, nothing else.

A label plugin is a module registered under the entry-point group ``labelcheck``
whose functions, decorated with :data:`hookimpl`, return its data::

    from importlib.resources import files
    from labelcheck.plugin import hookimpl, load_label

    DATA = files(__name__)

    @hookimpl
    def labelcheck_labels():
        return [load_label(DATA / "referentiel.toml")]

The hooks are documented in :mod:`labelcheck.core.hookspecs`. A new kind of check
subclasses :class:`RuleKind`, declares its ``Params`` (a :class:`Params` model, whose
values an academy's profile may set with :class:`FromProfile`), and yields a
:class:`Violation` per subject not meeting it; its ``check`` reads the dossier only
through the :class:`LabelFacts` protocol below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from labelcheck.core.catalog import (
    Criterion,
    DocumentType,
    Equivalence,
    Item,
    LabelSpec,
    Milestone,
    Parameter,
    PluginDataError,
    load_document_types,
    load_equivalences,
    load_label,
)
from labelcheck.core.hookspecs import hookimpl
from labelcheck.core.scopes import Scope
from labelcheck.rules.base import FromProfile, Params, RuleKind, Violation, describe_date, resolve

if TYPE_CHECKING:
    from labelcheck.core.dossier import (
        Action,
        Application,
        Audit,
        Document,
        Dossier,
        Establishment,
        Held,
        Indicator,
        Nonconformity,
        Partner,
    )
    from labelcheck.core.expressions import CompiledExpression
    from labelcheck.core.profiles import Profile
    from labelcheck.core.registry import Registry
    from labelcheck.core.ruleset import Compiler

# Types a plugin annotates its kind with (a `check`'s subject, `prepare`'s compiler), imported
# when first asked for: the dossier's models and the rule compiler are not needed to list
# plugins (`labelcheck labels`), and a plugin is imported at every start.
_LAZY = {
    **{
        name: "labelcheck.core.dossier"
        for name in (
            "Action",
            "Application",
            "Audit",
            "Document",
            "Dossier",
            "Establishment",
            "Held",
            "Indicator",
            "Nonconformity",
            "Partner",
        )
    },
    "CompiledExpression": "labelcheck.core.expressions",
    "Compiler": "labelcheck.core.ruleset",
    "Profile": "labelcheck.core.profiles",
    "Registry": "labelcheck.core.registry",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Action",
    "Application",
    "Audit",
    "CompiledExpression",
    "Compiler",
    "Criterion",
    "Document",
    "DocumentType",
    "Dossier",
    "Equivalence",
    "Establishment",
    "FromProfile",
    "Held",
    "Indicator",
    "Item",
    "LabelFacts",
    "LabelSpec",
    "Milestone",
    "Nonconformity",
    "Parameter",
    "Params",
    "Partner",
    "PluginDataError",
    "Profile",
    "Registry",
    "RuleKind",
    "Scope",
    "Violation",
    "describe_date",
    "hookimpl",
    "load_document_types",
    "load_equivalences",
    "load_label",
    "resolve",
]


class LabelFacts(Protocol):
    """What a rule kind's ``check`` may read about one label of one dossier, at its as-of date.

    The engine passes its own implementation; a kind that uses a member not listed
    here depends on internals that may change.
    """

    @property
    def dossier(self) -> Dossier:
        """The dossier as it stood at :attr:`as_of` (entries dated later set aside)."""

    @property
    def label(self) -> LabelSpec:
        """The label being evaluated: its référentiel and parameters."""

    @property
    def as_of(self) -> dt.date:
        """The date the label is judged at."""

    @property
    def profile(self) -> Profile:
        """The academy's profile the dossier is judged under."""

    @property
    def registry(self) -> Registry:
        """Every installed label, document type and equivalence."""

    @property
    def params(self) -> Mapping[str, Any]:
        """The label's parameters under the profile (national values, then the academy's)."""

    @property
    def held(self) -> Held | None:
        """The dossier's award of this label, if it holds it."""

    @property
    def missing_files(self) -> frozenset[str]:
        """Document files the dossier names that are not on disk."""

    @property
    def later(self) -> Sequence[Any]:
        """What the dossier dates after :attr:`as_of` (set aside from :attr:`dossier`)."""

    @property
    def equivalences(self) -> Sequence[Any]:
        """Each ``meets`` equivalence into this label, with the award behind it."""

    def subjects(self, scope: str) -> Sequence[Any]:
        """What a rule of `scope` is checked against, one by one."""

    @property
    def pieces_no_label_claims(self) -> Sequence[Document]:
        """The dossier's pieces that serve none of its labels (a ``preuve`` naming no criterion),
        given to every label applied for, else to every label of the dossier: not among
        ``subjects("document")``; a kind that must see every piece adds them in its own
        ``subjects`` (DocumentFile, so that a missing file is always told)."""

    def criterion_ref(self, criterion: Criterion) -> str:
        """`label:number`, as findings and dossiers name a criterion."""

    def criteria_to_examine(self) -> Sequence[Criterion]:
        """The criteria rules look at: not those met by equivalence."""

    def applicable_items(self, criterion: Criterion) -> Sequence[Item]:
        """The criterion's items that apply to this dossier (`applies_when`)."""

    def item(self, ref: str) -> Item | None:
        """The item a ref names (`eduform:3.11`), if it is one of this label's."""

    def documents_of_type(self, doc_type: str) -> Sequence[Document]:
        """The dossier's documents of a type."""

    def evidence_count(self, ref: str, kinds: tuple[str, ...] = ...) -> int:
        """How many entries (documents, indicators, actions…) support a criterion or item."""

    def held_status(self, label_id: str, on: dt.date) -> Any:
        """Where the award of any label stands on a date (valid, renewal due, expired), or None."""

    def nonconformity_grade(self, nc: Nonconformity) -> str:
        """The grade a nonconformity counts as (an item may fix it)."""

    def values_for(self, scope: str, subject: Any) -> Mapping[str, Any]:
        """The values an expression of `scope` reads for one subject."""


if TYPE_CHECKING:
    from labelcheck.core import facts as _facts

    def _engine_facts_conform(facts: _facts.LabelFacts) -> LabelFacts:
        """mypy checks here that the engine's facts provide every member of the protocol."""
        return facts
