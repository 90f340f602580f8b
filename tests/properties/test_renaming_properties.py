"""Properties of ids (hypothesis): an id is a name the dossier gives its entries, nothing more.

- renaming every id consistently (the entries' `id` and every place naming one: `evidence`,
  an action's `indicators`, a partner's `agreement`) never changes a verdict, a criterion's
  status, which rules find what, nor which criteria share evidence;
- an id renamed only where the entry is declared, not where it is named, is an input error
  (a dangling id never passes silently).
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from labelcheck.core.loading import validate
from labelcheck.core.report import DossierResult
from test_ldm_properties import PATH
from test_multilabel_properties import AS_OFS, DOSSIERS, FAST, PROFILES, engine, evaluate

# Ids as an author may write them (core/dossier.py, ID_PATTERN): a letter or digit first,
# then letters, digits, dots, dashes and underscores, upper case too.
IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,15}", fullmatch=True)
KINDS_WITH_IDS = ("documents", "indicators", "actions", "partners", "nonconformities")


def ids_of(data: dict) -> list[str]:
    """Every id the dossier declares, each once (kinds may share one: `evidence` names it)."""
    return sorted({e["id"] for kind in KINDS_WITH_IDS for e in data.get(kind, [])})


def renamed(data: dict, names: dict[str, str], *, references: bool = True) -> dict:
    """The dossier with each id `old` called `names[old]`, where declared and, with
    `references`, wherever named."""
    data = copy.deepcopy(data)
    for kind in KINDS_WITH_IDS:
        for entry in data.get(kind, []):
            entry["id"] = names.get(entry["id"], entry["id"])
    if not references:
        return data
    for action in data.get("actions", []):
        action["indicators"] = [names.get(i, i) for i in action.get("indicators", [])]
    for partner in data.get("partners", []):
        if partner.get("agreement") is not None:
            partner["agreement"] = names.get(partner["agreement"], partner["agreement"])
    for line in data.get("self_assessment", []):
        line["evidence"] = [names.get(i, i) for i in line.get("evidence", [])]
    return data


def judgement(result: DossierResult) -> Any:
    """What the dossier is judged, ids aside: verdicts, statuses, and which rule found what
    about which criterion, at which severity (a finding's subject and message may be an id)."""
    assert result.internal_error is None and not result.errors, result.errors
    return [
        (
            label.label,
            label.verdict,
            sorted((c.ref, c.status, c.via) for c in label.criteria),
            sorted((f.rule, f.kind, f.severity, f.ref) for f in label.findings),
        )
        for label in result.labels
    ]


def shared_refs(result: DossierResult) -> list:
    return sorted(tuple(sorted(shared.refs)) for shared in result.shared_evidence)


@st.composite
def renamings(draw, data: dict) -> dict[str, str]:
    old = ids_of(data)
    new = draw(st.lists(IDS, min_size=len(old), max_size=len(old), unique=True))
    return dict(zip(old, new, strict=True))


@FAST
@given(data=DOSSIERS, as_of=AS_OFS, profile=st.sampled_from(PROFILES), choice=st.data())
def test_renaming_every_id_consistently_never_changes_the_judgement(data, as_of, profile, choice):
    names = choice.draw(renamings(data))
    built = engine(profile, as_of)
    before, after = evaluate(built, data), evaluate(built, renamed(data, names))
    assert judgement(after) == judgement(before)
    assert shared_refs(after) == shared_refs(before)


@FAST
@given(data=DOSSIERS, choice=st.data())
def test_an_id_renamed_where_declared_alone_is_an_input_error_when_named(data, choice):
    named = sorted(
        {i for a in data.get("actions", []) for i in a.get("indicators", [])}
        | {i for line in data.get("self_assessment", []) for i in line.get("evidence", [])}
        | {p["agreement"] for p in data.get("partners", []) if p.get("agreement")}
    )
    assume(named)
    old = choice.draw(st.sampled_from(named))
    new = choice.draw(IDS.filter(lambda i: i not in ids_of(data)))
    built = engine()
    loaded = validate(
        PATH, renamed(data, {old: new}, references=False), None, {}, built.registry, built.profile
    )
    assert any(old in error.message for error in loaded.errors), loaded.errors
