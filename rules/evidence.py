"""At least N pieces of evidence (or indicators) per criterion, or per applicable item."""

from __future__ import annotations

from typing import Literal

from labelcheck.core.evidence import ALL_KINDS, EvidenceKind
from labelcheck.core.facts import LabelFacts
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

    def check(self, facts, application):
        minimum = self.params.min
        for criterion in facts.criteria_to_examine():
            ref = facts.criterion_ref(criterion)
            if self.params.per == "criterion":
                targets = [(ref, criterion.title)]
            else:
                items = facts.applicable_items(criterion)
                targets = [(f"{ref}.{item.number}", item.title) for item in items]
            for target, title in targets:
                if violation := _too_few(facts, target, title, self.kinds, minimum):
                    yield violation


class IndicatorParams(Params):
    min: int = Field(1, description="Fewest indicators each criterion needs (a count).")


class IndicatorPerCriterion(RuleKind):
    """Each criterion not met by equivalence is monitored by at least `min` indicators.

    Scope: `application`.
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
        for criterion in facts.criteria_to_examine():
            ref = facts.criterion_ref(criterion)
            if violation := _too_few(facts, ref, criterion.title, ("indicators",), self.params.min):
                yield violation


def _too_few(
    facts: LabelFacts, ref: str, title: str, kinds: tuple[str, ...], minimum: int
) -> Violation | None:
    """A violation when `ref` has fewer than `minimum` pieces of evidence of `kinds`; a value,
    not a generator, as it is asked for every item of a référentiel (LDM's 46 descriptors)."""
    count = facts.evidence_count(ref, kinds)
    if count < minimum:
        return Violation(ref, ref, {"ref": ref, "title": title, "count": count, "min": minimum})
    return None
