"""Hypothesis strategies: valid LDM dossiers as dicts, and mutations that make them invalid.

The entry strategies take the label they generate for (`referentiel(registry,
label)`, `_application(spec)`…), so that multilabel_dossiers.py builds
dossiers of every label from the same pieces.

A dossier is generated in the shape a parsed dossier.toml has (dates as
dates). Everything the contract constrains comes from what the installed
plugins declare, read through the registry: the criteria and descriptors of
the référentiel, the document types serving LDM, the application types,
audit and nonconformity grades, and the dossier model's own choices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

from hypothesis import strategies as st
from labelcheck.core.catalog import LabelSpec
from labelcheck.core.dossier import UAI_KEYS, Category, Establishment, Partner, uai_check_letter
from labelcheck.core.registry import Registry

LABEL = "ldm"
DATES = st.dates(dt.date(2019, 1, 1), dt.date(2027, 12, 31))
YEARS = st.integers(2015, 2027)
NAMES = st.sampled_from(["A. Martin", "B. Durand", "C. Petit", "D. Leroy", "E. Roux", "F. Blanc"])
DENOMINATIONS = st.sampled_from(
    ["carrosserie", "maintenance des véhicules", "peinture", "logistique", "cuisine"]
)
# Never blank: a required text of spaces only is an input error (the model's `Text`).
TEXT = st.text(min_size=1, max_size=30).filter(str.strip)
NUMBERS = st.integers(-1000, 1000) | st.floats(-1000, 1000, allow_nan=False, allow_infinity=False)
CATEGORIES = st.lists(st.sampled_from(get_args(Category)), min_size=1, max_size=4, unique=True)


@dataclass(frozen=True)
class Referentiel:
    """What a valid dossier may name for one label (LDM unless said), as the installed plugins declare it."""

    spec: LabelSpec
    criteria: tuple[str, ...]  # "ldm:6"
    items: tuple[str, ...]  # "ldm:6.32"
    document_types: tuple[str, ...]  # the types serving the label: its own and the shared ones
    kinds: tuple[str, ...]
    sectors: tuple[str, ...]
    partner_kinds: tuple[str, ...]
    label: str = LABEL

    @property
    def refs(self) -> tuple[str, ...]:
        return (self.label, *self.criteria, *self.items)


def referentiel(registry: Registry, label: str = LABEL) -> Referentiel:
    spec = registry.labels[label]
    criteria = tuple(f"{label}:{c.number}" for c in spec.criteria)
    items = tuple(f"{label}:{c.number}.{i.number}" for c in spec.criteria for i in c.items)
    types = tuple(
        sorted(t.id for t in registry.document_types.values() if t.label in (None, label))
    )
    return Referentiel(
        spec,
        criteria,
        items,
        types,
        kinds=get_args(Establishment.model_fields["kind"].annotation),
        sectors=get_args(Establishment.model_fields["sector"].annotation),
        partner_kinds=get_args(Partner.model_fields["kind"].annotation),
        label=label,
    )


def _maybe(draw, strategy, probability: float = 0.5):
    """A value of `strategy`, or None (the key is then left out)."""
    return draw(strategy) if draw(st.floats(0, 1)) < probability else None


def _entry(**keys: Any) -> dict[str, Any]:
    """A table of the dossier: keys with a None value are left out, as a writer would."""
    return {key: value for key, value in keys.items() if value is not None}


def numbered(
    prefix: str, entries: st.SearchStrategy[dict], max_size: int
) -> st.SearchStrategy[list[dict]]:
    """Lists of entries with the ids `d0`, `d1`… (unique within their kind, as the contract asks)."""
    return st.lists(entries, max_size=max_size).map(
        lambda drawn: [{"id": f"{prefix}{n}", **entry} for n, entry in enumerate(drawn)]
    )


@st.composite
def uais(draw) -> str:
    digits = draw(st.from_regex(r"[0-9]{7}", fullmatch=True))
    return digits + uai_check_letter(digits)


@st.composite
def valid_ldm_dossiers(draw, ref: Referentiel) -> dict[str, Any]:
    spec = ref.spec
    refs = st.sampled_from(ref.refs)
    data: dict[str, Any] = {
        "format": 1,
        "establishment": _entry(
            uai=draw(uais()),
            name=draw(TEXT),
            kind=draw(st.sampled_from(ref.kinds)),
            sector=draw(st.sampled_from(ref.sectors)),
            academy=_maybe(draw, st.just("orleans-tours")),
        ),
    }
    held = _maybe(draw, _held(), 0.4)
    if held:
        data["held"] = [held]
    if draw(st.floats(0, 1)) < 0.9:
        data["applications"] = [draw(_application(spec))]
    denominations = data.get("applications", [{}])[0].get("denominations", [])
    data["documents"] = draw(numbered("d", _document(ref, denominations), 10))
    data["indicators"] = draw(numbered("i", _indicator(refs), 9))
    indicator_ids = [i["id"] for i in data["indicators"]]
    data["actions"] = draw(numbered("a", _action(refs, indicator_ids), 4))
    document_ids = [d["id"] for d in data["documents"]]
    data["partners"] = draw(numbered("p", _partner(ref, refs, document_ids), 3))
    evidence_ids = (
        document_ids
        + indicator_ids
        + [a["id"] for a in data["actions"]]
        + [p["id"] for p in data["partners"]]
    )
    data["self_assessment"] = draw(st.lists(_self_assessment(ref, evidence_ids), max_size=6))
    data["audits"] = draw(st.lists(_audit(spec, refs), max_size=2))
    nonconformities = draw(st.lists(_nonconformity(spec, ref), max_size=3))
    data["nonconformities"] = [{"id": f"FE-{n}", **nc} for n, nc in enumerate(nonconformities)]
    # An absent array means "none": leave some out, as people do.
    return {key: value for key, value in data.items() if value != [] or draw(st.booleans())}


@st.composite
def _held(draw, label: str = LABEL) -> dict:
    awarded = draw(DATES)
    expires = _maybe(draw, st.integers(1, 3000), 0.3)
    return _entry(
        label=label,
        awarded=awarded,
        expires=awarded + dt.timedelta(days=expires) if expires else None,
    )


@st.composite
def _application(draw, spec: LabelSpec) -> dict:
    submitted = _maybe(draw, DATES, 0.8)
    after = submitted or dt.date(2026, 1, 5)
    own = {
        "title": _maybe(draw, st.text(max_size=120), 0.9),
        "denominations": _maybe(draw, st.lists(DENOMINATIONS, max_size=3, unique=True), 0.9),
        "network": _maybe(draw, st.booleans()),
        "level": draw(st.integers(1, 3)),  # E3D: always the level applied for
        "categories": draw(CATEGORIES),  # Eduform: always the categories applied for
        "new_entrant": _maybe(draw, st.booleans()),
    }
    return _entry(
        label=spec.id,
        type=draw(st.sampled_from(spec.application_types)),
        submitted=submitted,
        audit=_maybe(
            draw, st.integers(0, 200).map(lambda days: after + dt.timedelta(days=days)), 0.8
        ),
        **{key: value for key, value in own.items() if key in spec.application_keys},
    )


@st.composite
def _document(draw, ref: Referentiel, denominations: list[str], refs=None) -> dict:
    refs = st.sampled_from(ref.refs) if refs is None else refs
    return _entry(
        type=draw(st.sampled_from(ref.document_types)),
        title=_maybe(draw, TEXT),
        date=_maybe(draw, DATES),
        years=_maybe(draw, st.lists(YEARS, max_size=6)),
        denomination=_maybe(
            draw, st.sampled_from(denominations) if denominations else DENOMINATIONS
        ),
        supports=_maybe(draw, st.lists(refs, max_size=3)),
        file=_maybe(draw, st.sampled_from(["pieces/piece.pdf", "annexes/tableau.ods"]), 0.2),
    )


@st.composite
def _indicator(draw, refs) -> dict:
    return _entry(
        name=draw(TEXT),
        # criteria it monitors: never a label as a whole (a piece's supports may name one)
        supports=draw(st.lists(refs.filter(lambda ref: ":" in ref), min_size=1, max_size=3)),
        values=_maybe(draw, st.dictionaries(YEARS.map(str), NUMBERS, max_size=4)),
        target=_maybe(draw, NUMBERS),
    )


@st.composite
def _action(draw, refs, indicator_ids: list[str]) -> dict:
    return _entry(
        title=draw(TEXT),
        supports=_maybe(draw, st.lists(refs, max_size=2)),
        indicators=_maybe(draw, st.lists(st.sampled_from(indicator_ids), max_size=2))
        if indicator_ids
        else None,
        owner=_maybe(draw, NAMES),
        start=_maybe(draw, DATES),
        end=_maybe(draw, DATES),
        done=_maybe(draw, DATES),
    )


@st.composite
def _partner(draw, ref: Referentiel, refs, document_ids: list[str]) -> dict:
    return _entry(
        name=draw(TEXT),
        kind=draw(st.sampled_from(ref.partner_kinds)),
        country=_maybe(draw, st.sampled_from(["FR", "DE", "ES"])),
        agreement=_maybe(draw, st.sampled_from(document_ids)) if document_ids else None,
        supports=_maybe(draw, st.lists(refs, max_size=2)),
    )


@st.composite
def _self_assessment(draw, ref: Referentiel, evidence_ids: list[str], refs=None) -> dict:
    return _entry(
        ref=draw(st.sampled_from(ref.items + ref.criteria) if refs is None else refs),
        evidence=_maybe(draw, st.lists(st.sampled_from(evidence_ids), max_size=3))
        if evidence_ids
        else None,
        note=_maybe(draw, TEXT),
    )


@st.composite
def _audit(draw, spec: LabelSpec, refs) -> dict:
    date = draw(DATES)
    auditors = draw(st.lists(NAMES, min_size=1, max_size=5))
    findings = (
        draw(
            st.lists(
                st.builds(
                    lambda r, g, t: _entry(ref=r, grade=g, text=t),
                    refs.filter(lambda r: r != spec.id),
                    st.sampled_from(spec.audit_grades),
                    st.none() | TEXT,
                ),
                max_size=3,
            )
        )
        if spec.audit_grades
        else []
    )
    return _entry(
        label=spec.id,
        type=draw(st.sampled_from(spec.application_types)),
        date=date,
        auditors=auditors,
        lead=_maybe(draw, st.sampled_from(auditors)),
        referent_inspector=_maybe(draw, NAMES),
        plan_returned=_maybe(draw, st.integers(-40, 10).map(lambda d: date + dt.timedelta(days=d))),
        report_sent=_maybe(draw, st.integers(0, 40).map(lambda d: date + dt.timedelta(days=d))),
        findings=findings or None,
    )


@st.composite
def _nonconformity(draw, spec: LabelSpec, ref: Referentiel) -> dict:
    raised = draw(DATES)
    lifted = draw(st.booleans())
    grades = st.sampled_from(spec.nonconformity_grades) if spec.nonconformity_grades else st.none()
    return _entry(
        ref=draw(st.sampled_from(ref.criteria + ref.items)),
        # A grade is required where the label has grades but no default (Eduform).
        grade=draw(grades) if spec.default_nonconformity_grade is None else _maybe(draw, grades),
        audit_type=draw(st.sampled_from(spec.application_types)),
        raised=raised,
        due=_maybe(draw, DATES),
        status="lifted" if lifted else "open",
        corrective_action=_maybe(draw, TEXT),
        owner=_maybe(draw, NAMES),
        lifted=raised + dt.timedelta(days=draw(st.integers(0, 400))) if lifted else None,
    )


# -- mutations: each makes a valid dossier invalid ------------------------------------------

Mutation = Callable[
    [Any, dict, Referentiel], str
]  # (draw, data) -> what it did; edits data in place


def unknown_key(draw, data: dict, ref: Referentiel) -> str:
    key = "x_" + draw(
        st.from_regex(r"[a-z]{2,8}", fullmatch=True)
    )  # no key of the contract starts so
    tables = [
        data,
        data["establishment"],
        *(
            e
            for k in ("applications", "documents", "indicators", "audits")
            for e in data.get(k, [])
        ),
    ]
    table = draw(st.sampled_from(tables))
    table[key] = "valeur"
    return f"unknown key {key}"


def bad_reference(draw, data: dict, ref: Referentiel) -> str:
    numbers = {int(c.split(":")[1]) for c in ref.criteria}
    items = {int(i.split(".")[1]) for i in ref.items}
    bad = draw(
        st.one_of(
            st.integers(max(numbers) + 1, 99).map(lambda n: f"{LABEL}:{n}"),
            st.integers(max(items) + 1, 999).map(lambda n: f"{LABEL}:{min(numbers)}.{n}"),
            st.from_regex(r"zz[a-z]{1,5}", fullmatch=True).map(lambda label: f"{label}:1"),
        )
    )
    if draw(st.booleans()):
        data.setdefault("indicators", []).append(
            {"id": "mutant", "name": "Indicateur", "supports": [bad]}
        )
    else:
        data.setdefault("self_assessment", []).append({"ref": bad})
    return f"bad reference {bad}"


def bad_uai_letter(draw, data: dict, ref: Referentiel) -> str:
    uai = data["establishment"]["uai"]
    wrong = draw(st.sampled_from([k for k in UAI_KEYS if k != uai[7]]))
    data["establishment"]["uai"] = uai[:7] + wrong
    return f"UAI check letter {wrong}"


def dangling_id(draw, data: dict, ref: Referentiel) -> str:
    where = draw(st.sampled_from(["self_assessment", "actions", "partners"]))
    if where == "self_assessment":
        data.setdefault("self_assessment", []).append(
            {"ref": ref.criteria[0], "evidence": ["ghost"]}
        )
    elif where == "actions":
        data.setdefault("actions", []).append(
            {"id": "ghost-action", "title": "Action", "indicators": ["ghost"]}
        )
    else:
        data.setdefault("partners", []).append(
            {
                "id": "ghost-partner",
                "name": "Partenaire",
                "kind": ref.partner_kinds[0],
                "agreement": "ghost",
            }
        )
    return f"dangling id in {where}"


def lifted_without_date(draw, data: dict, ref: Referentiel) -> str:
    data.setdefault("nonconformities", []).append(
        {
            "id": "FE-mutant",
            "ref": ref.criteria[0],
            "audit_type": ref.spec.application_types[0],
            "raised": draw(DATES),
            "status": "lifted",
        }
    )
    return "lifted without a date"


def lifted_before_raised(draw, data: dict, ref: Referentiel) -> str:
    raised = draw(DATES)
    data.setdefault("nonconformities", []).append(
        {
            "id": "FE-mutant",
            "ref": ref.criteria[0],
            "audit_type": ref.spec.application_types[0],
            "raised": raised,
            "status": "lifted",
            "lifted": raised - dt.timedelta(days=draw(st.integers(1, 400))),
        }
    )
    return "lifted before it was raised"


def wrong_type(draw, data: dict, ref: Referentiel) -> str:
    """A text the contract asks for (a label, a type, an id, the UAI) given as a list or a
    table: every check reading it must look past it, for the model to say what it expected."""
    places = [(data["establishment"], "uai")] + [
        (entry, key)
        for kind in ("held", "applications", "documents", "indicators", "audits")
        for entry in data.get(kind, [])
        for key in ("label", "type", "id")
        if isinstance(entry.get(key), str)
    ]
    entry, key = draw(st.sampled_from(places))
    entry[key] = draw(st.sampled_from([[entry[key]], {"id": entry[key]}]))
    return f"{key} given as a {type(entry[key]).__name__}"


MUTATIONS: tuple[Mutation, ...] = (
    unknown_key,
    bad_reference,
    bad_uai_letter,
    dangling_id,
    lifted_without_date,
    lifted_before_raised,
    wrong_type,
)
