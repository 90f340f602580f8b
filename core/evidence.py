"""Which evidence of a dossier supports which criterion or item: the index its labels share."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, NamedTuple

from labelcheck.core.cache import cached
from labelcheck.core.dossier import Dossier
from labelcheck.core.refs import label_of

# What counts as evidence, as rules' `check.evidence` name it.
EvidenceKind = Literal["documents", "indicators", "actions", "partners"]
ALL_KINDS: tuple[EvidenceKind, ...] = ("documents", "indicators", "actions", "partners")


class Membership(NamedTuple):
    """A value of a dossier key that the labels count as evidence (`[[key_evidence]]`): a Campus
    des métiers the school is a member of, for LDM descriptor 24."""

    id: str
    supports: tuple[str, ...]


class Evidence:
    """Which evidence supports which ref, for one dossier: built once, shared by its labels."""

    # The dossier's lists it reads: two views holding the same ones share an index.
    READS = ("documents", "indicators", "actions", "partners", "self_assessment", "establishment")

    def __init__(
        self,
        dossier: Dossier,
        key_evidence: tuple[tuple[str, frozenset[str]], ...] = (),
        excluded: frozenset[str] = frozenset(),
        base: Evidence | None = None,
    ):
        self.dossier = dossier
        self.key_evidence = key_evidence  # the registry's: (key, refs) its values support
        # Refs naming nothing here (`without`): an application's items that do not apply.
        self.excluded = excluded
        # The dossier's whole index, which this one is made from (`without`), or None.
        self.base = base
        self._by_kinds: dict[tuple[str, ...], set[str]] = {}

    def without(self, refs: frozenset[str]) -> Evidence:
        """This dossier's index with `refs`, and what they enclose, naming nothing: the items
        that do not apply to one label's application (a network-only LDM descriptor, in a
        school applying alone). An entry or a self-assessment line naming only them supports
        no criterion and monitors none; one naming others too still supports those. Its
        entries serve the label as before (`serving`): it is still a piece of its dossier.
        Made from this index, the entries that name none of `refs` shared with it: built
        anew, a second index was 12 % more of an evaluation where most dossiers named such
        an item (the generated ones)."""
        base = self.base or self
        return Evidence(self.dossier, self.key_evidence, self.excluded | refs, base)

    def _kept(self, ref: str) -> bool:
        """Whether `ref` names something here: not an excluded ref nor one within it."""
        return not self.excluded or ref not in self._cut

    @cached
    def _cut(self) -> frozenset[str]:
        """The refs the dossier names (`named`) that are excluded or within one: every ref an
        entry or a line names is among them, so that `_kept` is one lookup."""
        excluded = self.excluded
        named = (self.base or self).named  # the whole index's, made already
        return frozenset(ref for ref in named if not excluded.isdisjoint(with_enclosing(ref)))

    def citing(self, ref: str) -> list[tuple[str, str]]:
        """What names `ref` or a ref within it, in dossier order: (kind, id) of the entries
        whose own `supports` do, then ("self_assessment", the ids it cites, one a line) of
        the self-assessment lines on it, whatever the refs excluded."""
        cited: list[tuple[str, str]] = []
        for kind, entries in self.pools.items():
            for entry in entries:
                if any(ref in with_enclosing(named) for named in entry.supports):
                    cited.append((kind, entry.id))
        for line in self.dossier.self_assessment:
            if ref in with_enclosing(line.ref):
                cited.append(("self_assessment", "\n".join(line.evidence)))
        return cited

    @cached
    def named(self) -> frozenset[str]:
        """Every ref an entry's `supports` or a self-assessment line names, and those
        enclosing it: made once for the labels sharing the index, which ask whether it names
        any of their items that do not apply."""
        refs = {ref for entries in self.pools.values() for e in entries for ref in e.supports}
        refs.update(line.ref for line in self.dossier.self_assessment)
        return frozenset(key for ref in refs for key in with_enclosing(ref))

    @cached
    def entry_refs(self) -> dict[tuple[str, str], set[str]]:
        """For each evidence entry, as (kind, id), the refs it supports: its own `supports`
        and those of the self-assessment lines citing its id (an id shared by an indicator
        and an action, which the format allows, cites both; a piece's id is unique in the
        dossier)."""
        if self.base is not None:
            return {**self.base.entry_refs, **self._narrowed}
        entries = self._entries
        refs = entries.refs
        # Each id cited looked up among each kind's ids (a handful of sets, by the kind's plural),
        # not in a map of every entry's key made first: most lines cite one or two ids.
        for line in self.dossier.self_assessment:
            for evidence_id in line.evidence:
                for plural, kind_ids in entries.ids.items():
                    if evidence_id in kind_ids:
                        refs[plural[:-1], evidence_id].add(line.ref)
        return refs

    @cached
    def _narrowed(self) -> dict[tuple[str, str], set[str]]:
        """The entries of the base index naming an excluded ref, each with the refs it still
        names (a self-assessment line on an excluded ref, whose own ref is excluded too,
        adds none)."""
        assert self.base is not None
        cut = self._cut
        return {
            key: refs - cut
            for key, refs in self.base.entry_refs.items()
            if not cut.isdisjoint(refs)
        }

    @property
    def pools(self) -> dict[str, list]:
        dossier = self.dossier
        pools: dict[str, list] = {
            "document": dossier.documents,
            "indicator": dossier.indicators,
            "action": dossier.actions,
            "partner": dossier.partners,
        }
        if self.key_evidence and (memberships := self._memberships()):
            pools["membership"] = memberships
        return pools

    def _memberships(self) -> list[Membership]:
        """The values of the keys the labels count as evidence, each with the refs it supports."""
        campus = self.dossier.establishment.campus  # the one key `KeyEvidence.key` names
        refs: dict[str, set[str]] = {}
        for key, supports in self.key_evidence:
            if key == "establishment.campus":
                for value in campus:
                    refs.setdefault(value, set()).update(supports)
        return [Membership(value, tuple(sorted(supports))) for value, supports in refs.items()]

    @cached
    def assessed(self) -> set[str]:
        """Every ref a self-assessment line names, and the refs enclosing it (`ldm:6.32` also
        marks `ldm:6`): a line is support even before evidence is attached to it."""
        refs: set[str] = set()
        for line in self.dossier.self_assessment:
            if self._kept(line.ref):
                refs.update(with_enclosing(line.ref))
        return refs

    def supported(self, ref: str) -> bool:
        """Whether anything at all supports `ref` or one of its items (cli-and-report 1.1:
        otherwise the criterion is `unsupported`)."""
        return bool(self.evidence_index.get(ref)) or ref in self.assessed

    @cached
    def monitoring(self) -> dict[str, int]:
        """For each ref, how many indicators name it, or one of its items, in their own
        `supports`. An indicator monitors what its `supports` name (LDM 002: « au moins un
        indicateur par critère »); one cited in a self-assessment line is evidence there,
        not that criterion's indicator."""
        counts: dict[str, int] = {}
        kept = self._kept
        for indicator in self.dossier.indicators:
            supports = [named for named in indicator.supports if kept(named)]
            for ref in {key for named in supports for key in with_enclosing(named)}:
                counts[ref] = counts.get(ref, 0) + 1
        return counts

    @cached
    def evidence_index(self) -> dict[str, set[str]]:
        """For each ref, the evidence ids supporting it or one of its items (`ldm:6` gets
        what supports `ldm:6.32`). Built once: rules ask for every criterion and item
        (bench/RECORD.md: scanning all evidence per ask was half of the evaluation time)."""
        if self.base is not None:
            return self._index_narrowed()
        # The ids naming each ref first, then each ref's ids added to the refs enclosing it:
        # the enclosing refs are looked up once per ref, not once per entry naming it.
        index: dict[str, set[str]] = {}
        for (_kind, evidence_id), refs in self.entry_refs.items():
            for ref in refs:
                ids = index.get(ref)
                if ids is None:  # not setdefault: it would make a set at every call
                    index[ref] = {evidence_id}
                else:
                    ids.add(evidence_id)
        for ref, ids in list(index.items()):
            for key in with_enclosing(ref)[1:]:
                enclosing = index.get(key)
                if enclosing is None:
                    index[key] = set(ids)
                else:
                    enclosing |= ids
        return index

    def _index_narrowed(self) -> dict[str, set[str]]:
        """The base index, the refs the narrowed entries named (and those enclosing them)
        given again the ids of the entries still naming them: an id is an entry's, or two's
        of different kinds (an indicator and an action), so each id narrowed is given back
        to every ref any entry of its still names."""
        assert self.base is not None
        base, narrowed = self.base, self._narrowed
        index = dict(base.evidence_index)
        ids = {evidence_id for _, evidence_id in narrowed}
        touched = {
            key
            for entry in narrowed
            for ref in base.entry_refs[entry]
            for key in with_enclosing(ref)
        }
        still: dict[str, set[str]] = {}
        for (_kind, evidence_id), refs in self.entry_refs.items():
            if evidence_id in ids:
                for ref in refs:
                    for key in with_enclosing(ref):
                        still.setdefault(key, set()).add(evidence_id)
        for key in touched:
            kept = (index.get(key, set()) - ids) | still.get(key, set())
            if kept:
                index[key] = kept
            else:
                index.pop(key, None)
        return index

    @cached
    def _entries(self) -> _Entries:
        """One pass over the evidence entries (three were 3 % of an evaluation); a narrowed
        index reads its base's, as they are: `serving` and the ids do not change."""
        if self.base is not None:
            return self.base._entries
        refs: dict[tuple[str, str], set[str]] = {}
        serving: dict[tuple[str, str], list] = {}
        ids: dict[str, set[str]] = {}
        for kind, entries in self.pools.items():
            kind_ids: set[str] = set()
            ids[f"{kind}s"] = kind_ids
            by_label: dict[str, list] = {}  # this kind's: no (label, kind) made per entry
            for entry in entries:
                supports, entry_id = entry.supports, entry.id
                refs[kind, entry_id] = set(supports)
                kind_ids.add(entry_id)
                # Most entries name one ref: no set of labels made then (label_of, inlined);
                # the others' labels told in C (`label_named`), with no frame made.
                if len(supports) == 1:
                    labels: tuple[str, ...] | set[str] = (supports[0].partition(":")[0],)
                else:
                    labels = set(map(label_named, supports))
                for label in labels:
                    known = by_label.get(label)
                    if known is None:
                        by_label[label] = [entry]
                    else:
                        known.append(entry)
            for label, served in by_label.items():
                serving[label, kind] = served
        return _Entries(refs, serving, ids)

    def serving(self, label: str, kind: str) -> list:
        """The entries of a kind (document, indicator, action, partner) whose `supports`
        name `label` (or one of its criteria), in dossier order."""
        return self._entries.serving.get((label, kind), [])

    def supporting(self, ref: str, kinds: tuple[str, ...]) -> list[str]:
        """Ids of the evidence of the given kinds supporting `ref` (a criterion or an item),
        sorted: the index's own set read when every kind is asked for, never changed."""
        supporting = self.evidence_index.get(ref)
        if not supporting:
            return []
        return sorted(supporting if kinds == ALL_KINDS else supporting & self._ids_of(kinds))

    def count_supporting(self, ref: str, kinds: tuple[str, ...]) -> int:
        """How many pieces of evidence of the given kinds support `ref` (asked for every item
        of every criterion: the index read here, with no set made)."""
        supporting = self.evidence_index.get(ref)
        if not supporting:
            return 0
        return len(supporting if kinds == ALL_KINDS else supporting & self._ids_of(kinds))

    def _ids_of(self, kinds: tuple[str, ...]) -> set[str]:
        """The ids of the evidence of these kinds (rules ask with a few fixed tuples)."""
        if kinds not in self._by_kinds:
            self._by_kinds[kinds] = set().union(*(self._entries.ids[kind] for kind in kinds))
        return self._by_kinds[kinds]


class _Entries(NamedTuple):
    """What one pass over the evidence entries gives."""

    # each entry's own `supports`, by (kind, id): `entry_refs` adds the self-assessment's
    refs: dict[tuple[str, str], set[str]]
    # by (label, kind), the entries whose `supports` name the label (or one of its criteria),
    # in dossier order: each label asks for its own (`serving`)
    serving: dict[tuple[str, str], list]
    # the ids of each kind, by the plural `check.evidence` of rules names it with
    ids: dict[str, set[str]]


@lru_cache(maxsize=4096)  # the référentiels' few hundred refs, met again in every dossier
def with_enclosing(ref: str) -> tuple[str, ...]:
    """The ref and every ref enclosing it, as `within` reads them: `ldm:6.32` -> `ldm:6`."""
    refs = [ref]
    dot = ref.find(".")
    while dot != -1:
        refs.append(ref[:dot])
        dot = ref.find(".", dot + 1)
    return tuple(refs)


# `refs.label_of`, remembered (`ldm:6.32` -> `ldm`): mapped over an entry's refs, in C, it
# makes no frame and no comprehension for each entry. Bounded as `with_enclosing`: the same
# few hundred refs in every dossier.
label_named = lru_cache(maxsize=4096)(label_of)
