"""Equivalences between labels, as findings: which one stands in, which one cannot, which one
an academic body could decide."""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

from typing import TYPE_CHECKING, Literal

from labelcheck.core.french import quoted
from labelcheck.core.visible import visible
from labelcheck.rules.base import Params, RuleKind, Violation, describe_date
from pydantic import Field

if TYPE_CHECKING:
    from labelcheck.core.catalog import Equivalence as EquivalenceSpec
    from labelcheck.core.facts import HeldStatus


class EquivalenceParams(Params):
    report: Literal[
        "applied", "lapsed", "undecided", "refused", "unconfirmed", "lapses-before-audit"
    ] = Field(
        description="Which equivalences to report: `applied`, those that apply; `lapsed`, those "
        "adopted but not applying (the other label is not valid at the as-of date); "
        "`undecided`, those that could apply but no body decided; `refused`, those whose "
        "decision the dossier records as taken by another body than the one that may decide "
        "(the equivalence's `decided_by_names`, `not_decided_by_words` and "
        "`not_decided_by_others`); `unconfirmed`, those that apply on a recorded decision whose "
        "author names neither that body nor another; `lapses-before-audit`, those that apply at the "
        "as-of date but not at the application's audit, the other label expiring first."
    )


class Equivalence(RuleKind):
    """A criterion met (or no longer met) because another label is held; or one that an
    academic body may decide to treat so (an equivalence is a decision, never automatic).

    Scopes: `application` or `dossier`; one finding per equivalence reported, subject the
    target criterion.
    """

    name = "equivalence"
    summary = (
        "Un critère réputé satisfait (ou qui ne l'est plus) parce qu'un autre label est "
        "détenu, ou dont l'équivalence reste à décider."
    )
    scopes = ("application", "dossier")
    message_fields = frozenset(
        {
            "criterion",
            "via",
            "via_name",
            "status",
            "expires",
            "situation",
            "source",
            "decided_by",
            "adoption",
            "recorded",
            "decision_step",
            "next_step",
            "audit",
        }
    )
    Params = EquivalenceParams
    params: EquivalenceParams

    def check(self, facts, _subject):
        for use in facts.equivalences:
            if not self._reported(use, facts):
                continue
            eq, status = use.equivalence, use.status
            via = facts.registry.labels.get(eq.via)
            decided_by = eq.decided_by or "l'instance académique compétente"
            yield Violation(
                eq.target,
                eq.target,
                {
                    "criterion": eq.target,
                    "via": eq.via,
                    "via_name": via.name if via else eq.via,
                    "status": status.status if status else "not-held",
                    "expires": describe_date(status.expires) if status else "",
                    "situation": _situation(status, facts.as_of, use.held_by),
                    "next_step": _next_step(status, facts.as_of, via.name if via else eq.via),
                    "source": eq.source,
                    "decided_by": decided_by,
                    "adoption": _adoption(use, facts.profile.name),
                    "recorded": _recorded(use),
                    "decision_step": _decision_step(use, decided_by, eq.id),
                    "audit": describe_date(_audit(facts)) if _audit(facts) else "",
                },
                nature=self._nature(eq, status, use.adopted_by),
                setting=facts.term_setting(status),
            )

    def _nature(
        self,
        equivalence: "EquivalenceSpec",
        status: "HeldStatus | None",
        adopted_by: str | None,
    ) -> Literal["academy", "operational"] | None:
        """An equivalence applied because the profile adopts it is the profile's choice: the
        equivalence's own nature (`academy`), where the rule reporting it stays the text's,
        which opens it (the DAREIC audit: « exigence des textes » for an academy's adoption).
        One applied on a decision the dossier records keeps the rule's: no profile chose it,
        and under `national` no finding is the academy's (cli-and-report 1.1). The other
        label's dates counted from the term the profile set are the profile's choice too."""
        if status is not None and status.term_by_profile is not None:
            return "academy"
        if self.params.report != "applied" or adopted_by != "profile":
            return None
        return None if equivalence.nature == "text" else equivalence.nature

    def _reported(self, use, facts) -> bool:
        if use.status is None:
            # The other label not held at all: the criterion is examined as usual, and said to
            # be when the school recorded a decision counting on it (a profile adopting the
            # equivalence for every school says nothing of one that does not hold it).
            return self.params.report == "lapsed" and use.adopted_by == "decision"
        if self.params.report == "applied":
            return use.applies
        if self.params.report == "lapses-before-audit":
            # « Les critères doivent être satisfaits au moment où intervient l'audit »: judged
            # before its audit, the criterion stands in only until the other label expires.
            audit = _audit(facts)
            return use.applies and audit is not None and use.status.expires <= audit
        if self.params.report == "lapsed":
            return use.adopted_by is not None and not use.status.in_force
        if self.params.report == "refused":  # said when nothing else adopts it for the school
            return use.refused is not None and use.adopted_by is None
        if self.params.report == "unconfirmed":
            return use.applies and use.adopted_by == "decision" and use.unconfirmed
        return use.adopted_by is None and use.status.in_force and use.refused is None


def _audit(facts):
    """The application's audit, when it comes after the as-of date (else None)."""
    application = facts.application
    audit = application.audit if application else None
    return audit if audit is not None and audit > facts.as_of else None


def _situation(status, as_of, held_by: str | None = None) -> str:
    """Why the other label cannot stand in, in French: held by another body, not held, not
    yet awarded, or expired."""
    if held_by:
        return f"est détenu par {held_by}, non par l'établissement"
    if status is None:
        return "n'est pas détenu par l'établissement"
    if as_of < status.awarded:
        return f"n'est attribué qu'à compter du {describe_date(status.awarded)}"
    return f"a expiré le {describe_date(status.expires)}"


def _next_step(status, as_of, via_name: str) -> str:
    """What gives the school the other label back, in French: one never held is obtained, one
    not yet awarded is waited for, only an expired one is renewed."""
    if status is None:
        return f"Obtenir le label {via_name}"
    if as_of < status.awarded:
        return f"Attendre l'attribution du label {via_name}, le {describe_date(status.awarded)},"
    return f"Renouveler le label {via_name}"


def _adoption(use, profile: str) -> str:
    """Who adopted the equivalence, in French."""
    if use.adopted_by == "profile":
        return f"équivalence adoptée pour tous les établissements par le profil « {profile} »"
    if use.decision is not None:
        return _decision(use.decision)
    return "aucune décision enregistrée"


def _decision(decision, author_said: bool = False) -> str:
    """`décision du 12/03/2026, groupe LDM, PV n° 4`; its author quoted as the dossier writes
    it when `author_said` (one the rule refuses: the message says who may decide)."""
    reference = f", {decision.reference}" if decision.reference else ""
    by = f"auteur indiqué : {quoted(visible(decision.by))}" if author_said else decision.by
    return f"décision du {describe_date(decision.date)}, {by}{reference}"


def _decision_step(use, decided_by: str, equivalence: str) -> str:
    """What to do about the decision, in French: wait for one recorded with a later date (it
    counts from that date), else record the decision if it was taken, with every key the
    dossier format requires of it (`kind` alone was refused: the remedy audit)."""
    if use.decided_later is not None and use.refused is None:
        return (
            f"La décision enregistrée vaudra à sa date, le {describe_date(use.decided_later)} : "
            "juger le dossier à cette date ou après (--as-of), ou corriger sa date si elle a été "
            "prise plus tôt"
        )
    return (
        f"Si {decided_by} l'a décidé, enregistrer sa décision dans le dossier : qui a décidé, quand, "
        'et la référence de la décision (un [[decisions]] avec `kind = "equivalence"`, '
        f'`equivalence = "{equivalence}"`, `by` qui nomme {decided_by}, `date` et `reference`)'
    )


def _recorded(use) -> str:
    """What the dossier records of a decision that does not count, in French: one by another
    body (the decision itself: the rule reporting it says why it does not count), one dated
    after the as-of date, or none (a clause: the rule's message goes on after it); or of one
    that counts, its author unconfirmed (the decision, its author quoted)."""
    if use.refused is not None or use.unconfirmed:
        return _decision(use.refused or use.decision, author_said=True)
    if use.decided_later is not None:
        return (
            f"la décision enregistrée, du {describe_date(use.decided_later)}, est postérieure "
            "à la date d'évaluation"
        )
    return "aucune décision n'est enregistrée"
