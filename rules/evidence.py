"""At least N pieces of evidence (or indicators) per criterion, or per applicable item."""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

from functools import lru_cache
from typing import Literal

from labelcheck.core.errors import listing
from labelcheck.core.evidence import ALL_KINDS, EvidenceKind
from labelcheck.core.french import quoted
from labelcheck.core.report import ref_sort_key
from labelcheck.rules.base import Params, RuleKind, Violation
from pydantic import Field


class EvidenceParams(Params):
    min: int = Field(
        1, description="Fewest pieces of evidence each criterion (or item) needs (a count)."
    )
    per: Literal["criterion", "item"] = Field(
        "criterion",
        description="Count evidence per criterion, or per applicable item (descriptor / indicator).",
    )
    evidence: list[EvidenceKind] = Field(
        list(ALL_KINDS),
        description="What counts as evidence: documents, indicators, actions, partners.",
    )
    items: list[int] | None = Field(
        None,
        description='With `per = "item"`: only the applicable items of these numbers (Eduform\'s '
        "surveillance audit reviews at least indicators 1, 3, 17, 19 and the major-only ones); "
        "unset: every applicable item. A number no item of the label has, in its référentiel "
        "or in a criterion a profile of the run adds (`ldm:9.47`), is an error.",
    )
    also_with_nonconformity: bool = Field(
        False,
        description="With `items`: also the items a nonconformity of the label bore on, raised "
        "by the as-of date (the surveillance audit reviews them again).",
    )


class EvidencePerCriterion(RuleKind):
    """Each criterion (or applicable item) not met by equivalence has enough evidence.

    The self-assessment's `evidence` counts too: a piece attached there to
    `ldm:6.32` supports descriptor 32. Scope: `application`.
    """

    name = "evidence-per-criterion"
    summary = (
        "Chaque critère (ou item applicable) non satisfait par équivalence a assez "
        "d'éléments de preuve."
    )
    scopes = ("application",)
    message_fields = frozenset({"ref", "title", "count", "min"})
    Params = EvidenceParams
    params: EvidenceParams

    def prepare(self, compiler) -> None:
        self.kinds = tuple(self.params.evidence)
        items = self.params.items
        if items is None:
            if self.params.also_with_nonconformity:
                compiler.error(
                    "check.also_with_nonconformity",
                    "`also_with_nonconformity` ne vaut qu'avec `items` : sans eux, chaque item "
                    "est déjà examiné",
                )
            return
        # `items` picks the items to count evidence for: counting per criterion ignores it,
        # and a number the label has no item of picks nothing; either would leave the rule
        # asking less than its author wrote, with no word said.
        if self.params.per != "item":
            compiler.error(
                "check.items",
                '`items` ne vaut qu\'avec `per = "item"` : le contrôle compte par critère '
                "et ignorerait ces items",
            )
            return
        spec = compiler.registry.labels.get(compiler.label)
        if spec is None:
            return  # every label's rule
        known = sorted(item.number for criterion in spec.criteria for item in criterion.items)
        for index, number in enumerate(items):
            if number not in known and spec.max_extra_criteria:
                # A label an academy's profile may add items to (`ldm:9.47`): checked against
                # the run's profiles, a `--profile` file's included.
                compiler.profile_item(f"check.items[{index}]", number)
            elif number not in known:
                compiler.error(
                    f"check.items[{index}]",
                    listing(
                        f"le label {spec.id} n'a pas d'item {number}",
                        [str(n) for n in known],
                        "items du label",
                    ),
                )

    def check(self, facts, application):
        minimum, kinds = self.params.min, self.kinds
        # Asked for every item of every criterion (LDM's 46 descriptors): the index's count
        # read directly, as a bound method, with no list of targets made per criterion.
        count = facts.applicable_evidence.count_supporting
        per_item = self.params.per == "item"
        reviewed = self._reviewed(facts)
        for criterion in facts.criteria_to_examine():
            ref = facts.criterion_ref(criterion)
            if not per_item:
                if (found := count(ref, kinds)) < minimum:
                    yield _too_few(ref, criterion.title, found, minimum)
                continue
            for item in facts.applicable_items(criterion):
                target = f"{ref}.{item.number}"
                # Examined: a number asked, or a fiche on the item or on its whole criterion.
                if reviewed is not None and reviewed.isdisjoint((item.number, target, ref)):
                    continue
                if (found := count(target, kinds)) < minimum:
                    yield _too_few(target, item.title, found, minimum)

    def _reviewed(self, facts) -> set | None:
        """The item numbers to examine, and the refs of the fiches (an item's, or a whole
        criterion's: all its items); None: all."""
        if self.params.items is None:
            return None
        reviewed: set = set(self.params.items)
        if self.params.also_with_nonconformity:
            reviewed |= {
                nc.ref for nc in facts.subjects("nonconformity") if nc.raised <= facts.as_of
            }
        return reviewed


class IndicatorParams(Params):
    min: int = Field(1, description="Fewest indicators each criterion needs (a count).")


class IndicatorPerCriterion(RuleKind):
    """Each criterion not met by equivalence is monitored by at least `min` indicators:
    indicators whose own `supports` name it or one of its items (citing an indicator in a
    self-assessment line makes it evidence, not the criterion's indicator). Scope: `application`.
    """

    name = "indicator-per-criterion"
    summary = (
        "Chaque critère non satisfait par équivalence est suivi par au moins le nombre "
        "d'indicateurs demandé."
    )
    scopes = EvidencePerCriterion.scopes
    message_fields = EvidencePerCriterion.message_fields
    Params = IndicatorParams
    params: IndicatorParams

    def check(self, facts, application):
        monitoring = facts.applicable_evidence.monitoring
        for criterion in facts.criteria_to_examine():
            ref = facts.criterion_ref(criterion)
            found = monitoring.get(ref, 0)
            if found < self.params.min:
                yield _too_few(ref, criterion.title, found, self.params.min)


class EvidenceItemNotApplicable(RuleKind):
    """An item that, by the dossier, does not apply to the application (its `applies_when`:
    LDM's network-only descriptors for a school applying alone), named by evidence, an
    indicator, an action or a self-assessment line. What names it supports nothing there:
    it neither documents the criterion nor counts as its indicator (LabelFacts.
    applicable_evidence); the school is told, either the dossier misdescribes the
    application or the entry names the wrong item. No parameters.

    Scope: `application`; subject and ref the item's ref, one finding an item.
    """

    name = "evidence-item-not-applicable"
    summary = (
        "Un élément du dossier (preuve, indicateur, action, ligne d'auto-évaluation) se "
        "rattache à un item qui, d'après le dossier, ne s'applique pas à la candidature : il "
        "ne compte pas pour son critère."
    )
    finding_kind = "reference"
    scopes = ("application",)
    message_fields = frozenset({"ref", "item", "criterion", "cited"})

    def applies(self, facts) -> bool:
        return facts.applicable_evidence is not facts.evidence_index

    def check(self, facts, application):
        index = facts.evidence_index
        named = index.named
        for ref in sorted(facts.not_applicable_refs & named, key=ref_sort_key):
            cited = index.citing(ref)
            if not cited:
                continue  # only enclosing a ref named (a criterion's): not this item
            criterion, _, item = ref.rpartition(".")
            yield Violation(
                ref,
                ref,
                {
                    "ref": ref,
                    "item": item,
                    "criterion": criterion,
                    "cited": ", ".join(_cited(kind, what) for kind, what in cited),
                },
            )


# How a finding names what cites an item, by its kind.
_CITING = {
    "document": "la pièce",
    "indicator": "l'indicateur",
    "action": "l'action",
    "partner": "le partenaire",
    "membership": "l'adhésion",
}


def _cited(kind: str, what: str) -> str:
    """« l'indicateur « mobilites » », « la ligne d'auto-évaluation citant « A6-1 » »."""
    if kind == "self_assessment":  # `what`: the ids the line cites, one a line
        ids = what.split("\n") if what else []
        return "la ligne d'auto-évaluation" + (
            f" citant {', '.join(map(quoted, ids))}" if ids else ""
        )
    return f"{_CITING.get(kind, kind)} {quoted(what)}"


# The same descriptors lack evidence in dossier after dossier (LDM's 46: some twenty findings a
# dossier): each violation made once and handed again, as engines only read violations.
@lru_cache(maxsize=4096)
def _too_few(ref: str, title: str, count: int, minimum: int) -> Violation:
    """The violation of `ref`, which has `count` pieces of evidence where `minimum` are needed."""
    return Violation(ref, ref, {"ref": ref, "title": title, "count": count, "min": minimum})
