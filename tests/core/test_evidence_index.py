"""The evidence index of a dossier: each ref with the evidence supporting it or one of its items."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from labelcheck.core import engine, evidence
from labelcheck.core.engine import shared_evidence
from labelcheck.core.evidence import ALL_KINDS, Evidence, with_enclosing
from labelcheck.core.report import SharedEvidence


def _entry(entry_id: str, *supports: str) -> SimpleNamespace:
    return SimpleNamespace(id=entry_id, supports=list(supports))


def _dossier(**lists) -> SimpleNamespace:
    given: dict[str, list] = {"documents": [], "indicators": [], "actions": [], "partners": []}
    return SimpleNamespace(**{**given, "self_assessment": [], **lists})


def test_a_criterion_gets_what_supports_it_or_one_of_its_items():
    dossier = _dossier(
        documents=[_entry("d1", "ldm:6.32"), _entry("d2", "ldm:6.32", "ldm:6")],
        indicators=[_entry("i1", "ldm:6.31"), _entry("i2", "euroscol:1")],
        self_assessment=[SimpleNamespace(ref="ldm:7.40", evidence=["d1"])],
    )
    assert Evidence(dossier).evidence_index == {
        "ldm:6.32": {"d1", "d2"},
        "ldm:6.31": {"i1"},
        "ldm:6": {"d1", "d2", "i1"},
        "ldm:7.40": {"d1"},
        "ldm:7": {"d1"},
        "euroscol:1": {"i2"},
    }


def test_the_refs_enclosing_a_ref_are_found_once_however_many_entries_name_it(monkeypatch):
    """Built for every dossier: the refs enclosing each ref named are looked up once, not once
    for each entry naming it (a dossier's ~50 entries name some 30 refs)."""
    asked: list[str] = []
    monkeypatch.setattr(
        evidence, "with_enclosing", lambda ref: asked.append(ref) or with_enclosing(ref)
    )
    dossier = _dossier(
        documents=[_entry("d1", "ldm:6.32"), _entry("d2", "ldm:6.32")],
        indicators=[_entry("i1", "ldm:6.32", "ldm:6")],
    )
    assert Evidence(dossier).evidence_index["ldm:6"] == {"d1", "d2", "i1"}
    assert sorted(asked) == ["ldm:6", "ldm:6.32"]


def test_the_evidence_of_a_ref_is_given_sorted_of_the_kinds_asked_the_index_unchanged():
    dossier = _dossier(
        documents=[_entry("d2", "ldm:1"), _entry("d1", "ldm:1.3", "e3d:2")],
        indicators=[_entry("i1", "ldm:1")],
    )
    index = Evidence(dossier)
    assert index.supporting("ldm:1", ALL_KINDS) == ["d1", "d2", "i1"]
    assert index.supporting("ldm:1", ("documents",)) == ["d1", "d2"]
    assert index.supporting("ldm:2", ALL_KINDS) == []
    assert index.evidence_index["ldm:1"] == {"d1", "d2", "i1"}  # read, never changed
    assert index.serving("e3d", "document") == index.serving("ldm", "document")[1:]


def test_evidence_serving_two_labels_is_told_without_a_call_per_ref(monkeypatch):
    """Asked of every entry naming two refs or more (some thirty a dossier): each ref's label
    told in C (`label_named`, remembered), not by a Python call to label_of."""
    monkeypatch.setattr(engine, "label_of", lambda _ref: pytest.fail("label_of called"))
    index = SimpleNamespace(
        dossier=SimpleNamespace(applications=[], documents=[]),
        entry_refs={
            ("document", "d1"): {"ldm:1", "e3d:2", "euroscol:3"},
            ("indicator", "i1"): {"ldm:1", "ldm:2"},
        },
    )
    assert shared_evidence(index, {"ldm", "e3d"}, set()) == (
        SharedEvidence("d1", "document", ("e3d:2", "ldm:1")),
    )


def test_refs_set_aside_support_nothing_and_monitor_nothing_the_others_still_do():
    """`without`: an application's items that do not apply (LDM's network-only descriptor 34
    in a school applying alone). What names only them supports no criterion and is no
    criterion's indicator; what names another ref too still supports that one."""
    dossier = _dossier(
        indicators=[_entry("i34", "ldm:6.34"), _entry("both", "ldm:6.34", "ldm:6.32")],
        actions=[_entry("a1", "ldm:1")],
        self_assessment=[SimpleNamespace(ref="ldm:6.34", evidence=["a1"])],
    )
    whole = Evidence(dossier)
    assert whole.monitoring["ldm:6"] == 2 and whole.supporting("ldm:6", ALL_KINDS) == [
        "a1",
        "both",
        "i34",
    ]
    index = whole.without(frozenset({"ldm:6.34"}))
    assert index.monitoring["ldm:6"] == 1 and "ldm:6.34" not in index.monitoring
    assert index.supporting("ldm:6", ALL_KINDS) == ["both"]
    assert index.supporting("ldm:1", ALL_KINDS) == ["a1"]
    assert "ldm:6.34" not in index.assessed
    # What cites the ref, for the finding saying so; the shared index is left as it was.
    assert index.citing("ldm:6.34") == [
        ("indicator", "i34"),
        ("indicator", "both"),
        ("self_assessment", "a1"),
    ]
    assert whole.supporting("ldm:6", ALL_KINDS) == ["a1", "both", "i34"]


# Refs of two criteria and their items, and ids that entries of two kinds may share.
_REFS = ["ldm:6", "ldm:6.31", "ldm:6.32", "ldm:6.34", "ldm:4", "ldm:4.25", "e3d:1"]
_IDS = ["x1", "x2", "x3", "x4"]
_entries = st.lists(
    st.builds(_entry, st.sampled_from(_IDS), st.sampled_from(_REFS), st.sampled_from(_REFS)),
    max_size=4,
    unique_by=lambda entry: entry.id,
)
_lines = st.lists(
    st.builds(
        lambda ref, cited: SimpleNamespace(ref=ref, evidence=cited),
        st.sampled_from(_REFS),
        st.lists(st.sampled_from(_IDS), max_size=2),
    ),
    max_size=3,
)


@given(
    documents=_entries,
    indicators=_entries,
    actions=_entries,
    lines=_lines,
    excluded=st.frozensets(st.sampled_from(_REFS), max_size=3),
)
def test_an_index_narrowed_is_the_index_of_the_dossier_without_those_refs(
    documents, indicators, actions, lines, excluded
):
    """`without` makes its index from the whole one (built anew, it was 12 % of an evaluation):
    it must be the index of the dossier whose entries and self-assessment lines never named
    the refs excluded, nor any within them, ids shared by two kinds included."""
    dossier = _dossier(
        documents=documents, indicators=indicators, actions=actions, self_assessment=lines
    )
    whole = Evidence(dossier)
    narrowed = whole.without(excluded)

    def kept(ref: str) -> bool:
        return excluded.isdisjoint(with_enclosing(ref))

    def cut(entries):
        return [_entry(e.id, *filter(kept, e.supports)) for e in entries]

    never_named = Evidence(
        _dossier(
            documents=cut(documents),
            indicators=cut(indicators),
            actions=cut(actions),
            self_assessment=[line for line in lines if kept(line.ref)],
        )
    )
    assert narrowed.evidence_index == never_named.evidence_index
    assert narrowed.entry_refs == never_named.entry_refs
    assert narrowed.monitoring == never_named.monitoring
    assert narrowed.assessed == never_named.assessed
    assert whole.evidence_index == Evidence(dossier).evidence_index  # the whole one unchanged
