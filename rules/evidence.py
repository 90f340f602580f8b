"""At least N pieces of evidence (or indicators) per criterion, or per applicable item."""

from __future__ import annotations

from collections.abc import Iterator
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

    def check(self, facts, application):
        kinds = tuple(self.params.evidence)
        for criterion in facts.criteria_to_examine():
            ref = facts.criterion_ref(criterion)
            if self.params.per == "criterion":
                yield from _too_few(facts, ref, criterion.title, kinds, self.params.min)
            else:
                for item in facts.applicable_items(criterion):
                    yield from _too_few(
                        facts, f"{ref}.{item.number}", item.title, kinds, self.params.min
                    )


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
            yield from _too_few(
                facts,
                facts.criterion_ref(criterion),
                criterion.title,
                ("indicators",),
                self.params.min,
            )


def _too_few(
    facts: LabelFacts, ref: str, title: str, kinds: tuple[str, ...], minimum: int
) -> Iterator[Violation]:
    """A violation when `ref` has fewer than `minimum` pieces of evidence of `kinds`."""
    count = facts.evidence_count(ref, kinds)
    if count < minimum:
        yield Violation(ref, ref, {"ref": ref, "title": title, "count": count, "min": minimum})
