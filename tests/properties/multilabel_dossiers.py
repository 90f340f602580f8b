"""Hypothesis strategies: valid dossiers of every installed label at once, as dicts.

Built from the entry strategies of ldm_dossiers.py, each given the label it
generates for, with what the contract asks across labels
(spec/dossier-format.md, "Keys for the other labels"):

- an E3D application carries its `level`, an Eduform application its `categories`;
- only a GRETA or a CFA applies for Eduform; a lycée declares its GRETA's
  Eduform in `[[held]]` with `holder`;
- Euroscol is held or applied for (the label the LDM equivalence reads);
- documents, indicators, actions and partners support criteria of any label
  (bare label ids too), and the self-assessment attaches them across labels;
- audits and nonconformities carry the grades of their own label.

The labels, criteria, items, document types and grades all come from the
registry, so a new plugin is generated for without editing this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from labelcheck.core.registry import Registry
from ldm_dossiers import (
    CATEGORIES,
    TEXT,
    Referentiel,
    _action,
    _application,
    _audit,
    _document,
    _entry,
    _held,
    _indicator,
    _maybe,
    _nonconformity,
    _partner,
    _self_assessment,
    numbered,
    referentiel,
    uais,
)

EUROSCOL, EDUFORM = "euroscol", "eduform"
EDUFORM_APPLICANTS = (
    "greta",
    "cfa",
)  # who applies for Eduform in its own name (the others hold their GRETA's)
GRETAS = st.sampled_from(["GRETA Cher", "GRETA Cœur de France", "GRETA Loiret"])
ABSENT, HELD, APPLIED, BOTH = (), ("held",), ("applied",), ("held", "applied")


@dataclass(frozen=True)
class AllLabels(Referentiel):
    """What entries shared by all labels may name: every label's criteria, items and document types."""

    labels: tuple[str, ...] = ()

    @property
    def refs(self) -> tuple[str, ...]:
        return (*self.labels, *self.criteria, *self.items)


@dataclass(frozen=True)
class Catalog:
    labels: dict[str, Referentiel]  # each label's own référentiel
    every: AllLabels


def catalog(registry: Registry) -> Catalog:
    labels = {label: referentiel(registry, label) for label in sorted(registry.labels)}
    first = next(iter(labels.values()))
    every = AllLabels(
        first.spec,  # not read: entries shared by all labels name refs, not a label's keys
        tuple(c for r in labels.values() for c in r.criteria),
        tuple(i for r in labels.values() for i in r.items),
        tuple(sorted({t for r in labels.values() for t in r.document_types})),
        first.kinds,
        first.sectors,
        first.partner_kinds,
        labels=tuple(labels),
    )
    return Catalog(labels, every)


def _presences(label: str, kind: str) -> tuple[tuple[str, ...], ...]:
    """How a label may appear in the dossier of an establishment of this kind."""
    if label == EUROSCOL:
        return HELD, APPLIED, BOTH
    if label == EDUFORM and kind not in EDUFORM_APPLICANTS:
        return ABSENT, HELD
    return ABSENT, HELD, APPLIED, BOTH


@st.composite
def _award(draw, ref: Referentiel, kind: str) -> dict:
    """A `[[held]]` entry with the keys the label gives a meaning to."""
    spec = ref.spec
    own = {
        "level": _maybe(draw, st.integers(1, 3), 0.9),
        # A lycée holds its GRETA's Eduform: the holder is then always named.
        "holder": draw(GRETAS) if kind not in EDUFORM_APPLICANTS else _maybe(draw, GRETAS, 0.3),
        "categories": _maybe(draw, CATEGORIES),
    }
    return {
        **draw(_held(spec.id)),
        **{key: value for key, value in own.items() if key in spec.held_keys and value is not None},
    }


@st.composite
def _awards(draw, ref: Referentiel, kind: str) -> list[dict]:
    """One award of the label; now and then a second one, at times on the same date."""
    first = draw(_award(ref, kind))
    if draw(st.floats(0, 1)) < 0.8:
        return [first]
    second = draw(_award(ref, kind))
    if draw(st.booleans()):
        second = {**second, "awarded": first["awarded"]}
        second.pop("expires", None)  # an expiry before the new award date would be an input error
    return [first, second]


@st.composite
def multilabel_dossiers(draw, catalog: Catalog) -> dict:
    every = catalog.every
    kind = draw(st.sampled_from(every.kinds))
    data: dict = {
        "format": 1,
        "establishment": _entry(
            uai=draw(uais()),
            name=draw(TEXT),
            kind=kind,
            sector=draw(st.sampled_from(every.sectors)),
            academy=_maybe(draw, st.just("orleans-tours")),
        ),
        "held": [],
        "applications": [],
    }
    for label, ref in catalog.labels.items():
        presence = draw(st.sampled_from(_presences(label, kind)))
        if HELD[0] in presence:
            data["held"] += draw(_awards(ref, kind))
        if APPLIED[0] in presence:
            data["applications"].append(draw(_application(ref.spec)))
    ldm: dict[str, Any] = next((a for a in data["applications"] if "denominations" in a), {})
    # A label first, then one of its refs: LDM's 46 descriptors must not drown Euroscol's 4 domains.
    labels = st.sampled_from(list(catalog.labels.values()))
    refs = labels.flatmap(lambda r: st.sampled_from(r.refs))
    data["documents"] = draw(
        numbered("d", _document(every, ldm.get("denominations", []), refs), 12)
    )
    data["indicators"] = draw(numbered("i", _indicator(refs), 8))
    indicator_ids = [i["id"] for i in data["indicators"]]
    data["actions"] = draw(numbered("a", _action(refs, indicator_ids), 5))
    document_ids = [d["id"] for d in data["documents"]]
    data["partners"] = draw(numbered("p", _partner(every, refs, document_ids), 4))
    evidence_ids = (
        document_ids
        + indicator_ids
        + [a["id"] for a in data["actions"]]
        + [p["id"] for p in data["partners"]]
    )
    assessed = labels.flatmap(lambda r: st.sampled_from(r.items + r.criteria))
    data["self_assessment"] = draw(
        st.lists(_self_assessment(every, evidence_ids, assessed), max_size=8)
    )
    data["audits"] = draw(
        st.lists(labels.flatmap(lambda r: _audit(r.spec, st.sampled_from(r.refs))), max_size=3)
    )
    nonconformities = draw(
        st.lists(labels.flatmap(lambda r: _nonconformity(r.spec, r)), max_size=4)
    )
    data["nonconformities"] = [{"id": f"NC-{n}", **nc} for n, nc in enumerate(nonconformities)]
    # An absent array means "none": leave some out, as people do.
    return {key: value for key, value in data.items() if value != [] or draw(st.booleans())}
