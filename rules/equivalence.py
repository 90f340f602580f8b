"""Equivalences between labels, as findings: which one stands in, which one cannot."""

from __future__ import annotations

from typing import Literal

from labelcheck.rules.base import Params, RuleKind, Violation, describe_date


class EquivalenceParams(Params):
    # Report the equivalences that apply, or those enabled but not applying
    # (the other label is held but not valid at the as-of date).
    report: Literal["applied", "lapsed"]


class Equivalence(RuleKind):
    """A criterion met (or no longer met) because another label is held."""

    name = "equivalence"
    scopes = ("application", "dossier")
    message_fields = frozenset({"criterion", "via", "via_name", "status", "expires", "situation", "source"})
    Params = EquivalenceParams

    def check(self, facts, _subject):
        for eq, status, applies in facts.equivalences:
            if status is None or applies != (self.params.report == "applied"):
                continue  # not held at all: nothing to say, the criterion is examined as usual
            via = facts.registry.labels.get(eq.via)
            yield Violation(eq.target, eq.target, {
                "criterion": eq.target, "via": eq.via, "via_name": via.name if via else eq.via,
                "status": status.status, "expires": describe_date(status.expires),
                "situation": _situation(status, facts.as_of), "source": eq.source})


def _situation(status, as_of) -> str:
    """Why the other label cannot stand in, in French: not yet awarded, or expired."""
    if as_of < status.awarded:
        return f"n'est attribué qu'à compter du {describe_date(status.awarded)}"
    return f"a expiré le {describe_date(status.expires)}"
