"""At least N pieces of evidence (or indicators) per criterion, or per applicable item."""

from __future__ import annotations

from typing import Literal

from labelcheck.core.facts import ALL_KINDS
from labelcheck.rules.base import Params, RuleKind, Violation


class EvidenceParams(Params):
    min: int = 1
    # Count evidence per criterion, or per applicable item (descriptor / indicator).
    per: Literal["criterion", "item"] = "criterion"
    evidence: list[Literal["documents", "indicators", "actions", "partners"]] = list(ALL_KINDS)


class EvidencePerCriterion(RuleKind):
    """Each criterion (or applicable item) not met by equivalence has enough evidence.

    The self-assessment's `evidence` counts too: a piece attached there to
    `ldm:6.32` supports descriptor 32.
    """

    name = "evidence-per-criterion"
    summary = ("Chaque critère (ou item applicable) non satisfait par équivalence a assez "
               "d'éléments de preuve.")
    scopes = ("application",)
    message_fields = frozenset({"ref", "title", "count", "min"})
    Params = EvidenceParams

    def check(self, facts, application):
        kinds = tuple(self.params.evidence)
        for criterion in facts.criteria_to_examine():
            ref = facts.criterion_ref(criterion)
            if self.params.per == "criterion":
                yield from self._count(facts, ref, criterion.title, kinds)
            else:
                for item in facts.applicable_items(criterion):
                    yield from self._count(facts, f"{ref}.{item.number}", item.title, kinds)

    def _count(self, facts, ref: str, title: str, kinds):
        count = facts.evidence_count(ref, kinds)
        if count < self.params.min:
            yield Violation(ref, ref, {"ref": ref, "title": title, "count": count, "min": self.params.min})


class IndicatorParams(Params):
    min: int = 1


class IndicatorPerCriterion(EvidencePerCriterion):
    """Each criterion not met by equivalence is monitored by at least `min` indicators."""

    name = "indicator-per-criterion"
    summary = ("Chaque critère non satisfait par équivalence est suivi par au moins le nombre "
               "d'indicateurs demandé.")
    Params = IndicatorParams

    def check(self, facts, application):
        for criterion in facts.criteria_to_examine():
            yield from self._count(facts, facts.criterion_ref(criterion), criterion.title, ("indicators",))
