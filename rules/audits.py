"""Audits: the team that audits, and the calendar around the audit day."""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

import datetime as dt
from typing import TYPE_CHECKING

from labelcheck.core.french import NNBSP, person, plural
from labelcheck.rules.base import FromProfile, Params, RuleKind, Violation, describe_date, resolve
from pydantic import Field

if TYPE_CHECKING:
    from collections.abc import Iterator

    from labelcheck.core.dossier import Audit
    from labelcheck.core.facts import LabelFacts


class TeamParams(Params):
    # Team size bounds; none: not checked by this rule.
    min: int | FromProfile | None = Field(
        None,
        description="Fewest auditors the team may have (a number of distinct auditors, "
        "names compared whatever their case, spacing, accents, apostrophes, dashes and ligatures); "
        "the size is checked only when `min` and `max` are both set.",
    )
    max: int | FromProfile | None = Field(
        None,
        description="Most auditors the team may have (a number of distinct auditors); "
        "the size is checked only when `min` and `max` are both set.",
    )
    lead_required: bool | FromProfile = Field(
        False, description="Whether the audit must name a lead auditor (`lead`)."
    )
    exclude_referent_inspector: bool = Field(
        False,
        description="Whether the school's own referent inspector is forbidden among the auditors "
        "(names compared whatever their case, spacing, accents, apostrophes, dashes and ligatures).",
    )
    referent_inspector_alike: bool = Field(
        False,
        description="Whether an auditor named like the referent inspector, the same surname "
        "and a first name or initial that agrees (« D. Leroy », « Daniel Leroy »), is said: "
        "perhaps the same person, written otherwise.",
    )


class AuditTeam(RuleKind):
    """Team size within bounds, a lead designated, the referent inspector not auditing: each
    what the rule's parameters ask, so that each can have its own severity.

    Scope: `audit`, one finding per audit and problem (subject `auditors`, `lead` or
    `referent_inspector`).
    """

    name = "audit-team"
    summary = (
        "L'équipe d'audit a la taille voulue, un auditeur référent désigné, et l'inspecteur "
        "référent n'y audite pas."
    )
    scopes = ("audit",)
    message_fields = frozenset({"date", "size", "min", "max", "problem"})
    Params = TeamParams
    params: TeamParams

    def check(self, facts, audit):
        low, high = resolve(self.params.min, facts), resolve(self.params.max, facts)
        # People, not spellings: « A. Martin » and « a.  MARTIN » are one auditor, as `campaign`
        # counts them.
        people = {person(name) for name in audit.auditors}
        size = len(people)
        values = {"date": describe_date(audit.date), "size": size, "min": low, "max": high}
        if low is not None and high is not None and not low <= size <= high:
            bounds = f"{low}" if low == high else f"{low} à {high}"
            yield Violation(
                "auditors",
                facts.label.id,
                {**values, "problem": f"{plural(size, 'auditeur')} au lieu de {bounds}"},
            )
        if resolve(self.params.lead_required, facts) and not audit.lead:
            yield Violation(
                "lead",
                facts.label.id,
                {**values, "problem": "aucun auditeur référent désigné"},
            )
        inspector = audit.referent_inspector
        if self.params.exclude_referent_inspector and inspector and person(inspector) in people:
            yield Violation(
                "referent_inspector",
                facts.label.id,
                {
                    **values,
                    "problem": f"l'inspecteur référent de l'établissement ({inspector}) fait partie des auditeurs",
                },
            )
        if self.params.referent_inspector_alike and inspector:
            alike = sorted(a for a in set(audit.auditors) if _alike(a, inspector))
            if alike:
                yield Violation(
                    "referent_inspector_alike",
                    facts.label.id,
                    {
                        **values,
                        "problem": f"{', '.join(alike)}, dans l'équipe, porte le nom de "
                        f"l'inspecteur référent de l'établissement ({inspector})",
                    },
                )


def _alike(auditor: str, inspector: str) -> bool:
    """Two spellings that may name one person, though not the same as `person` compares them:
    the same surname (the last word), and first names that agree, an initial standing for any
    name it begins (« D. Leroy », « Daniel Leroy »; not « A. Leroy »)."""
    a, b = person(auditor).replace(".", ". ").split(), person(inspector).replace(".", ". ").split()
    if a == b or len(a) < 2 or len(b) < 2 or a[-1] != b[-1]:
        return False
    first_a, first_b = a[0].rstrip("."), b[0].rstrip(".")
    return first_a.startswith(first_b) or first_b.startswith(first_a)


class CalendarParams(Params):
    plan_returned_days_before: int | FromProfile | None = Field(
        None,
        description="The school returns the validated audit plan at least this many days "
        "before the audit day (days); unset: not checked.",
    )
    report_sent_days_after: int | FromProfile | None = Field(
        None,
        description="The auditors send their report at most this many days after the audit "
        "day (days); unset: not checked.",
    )


class AuditCalendar(RuleKind):
    """Audit plan returned early enough, report sent soon enough: a date done late, or not
    done once it is due at the as-of date, is a finding; not done and not yet due is not. A
    date after the as-of date is not done yet at that date.

    Scope: `audit`.
    """

    name = "audit-calendar"
    summary = "Le plan d'audit est retourné assez tôt et le rapport envoyé dans les délais."
    finding_kind = "deadline"
    scopes = ("audit",)
    # `todo`: what to do, by case (`_todo`), for the rule's remedy: one remedy for all asked a
    # school whose dates were there, though late, to write them (the new-user walk).
    message_fields = frozenset({"date", "what", "deadline", "actual", "todo"})
    checks_nothing_without = frozenset({"plan_returned_days_before", "report_sent_days_after"})
    Params = CalendarParams
    params: CalendarParams

    def check(self, facts, audit):
        before = resolve(self.params.plan_returned_days_before, facts)
        if before is not None:
            deadline = audit.date - dt.timedelta(days=before)
            yield from self._late(
                "plan_returned",
                audit,
                audit.plan_returned,
                deadline,
                "retour du plan d'audit validé",
                facts,
                _read(self.params.plan_returned_days_before),
            )
        after = resolve(self.params.report_sent_days_after, facts)
        if after is not None:
            deadline = audit.date + dt.timedelta(days=after)
            yield from self._late(
                "report_sent",
                audit,
                audit.report_sent,
                deadline,
                "envoi du rapport d'audit",
                facts,
                _read(self.params.report_sent_days_after),
            )

    def _late(
        self,
        subject: str,
        audit: "Audit",
        given: dt.date | None,
        deadline: dt.date,
        what: str,
        facts: "LabelFacts",
        reads: tuple[str, ...],
    ) -> "Iterator[Violation]":
        # Done after the as-of date is not done yet at that date (dossier format 1.1): the
        # delay it will have is not a finding before the deadline passes.
        actual = given if given and given <= facts.as_of else None
        # Not yet done and not yet due is fine; done late, or due and not done, is not.
        if (actual and actual > deadline) or (actual is None and facts.as_of > deadline):
            yield Violation(
                subject,
                facts.label.id,
                {
                    "date": describe_date(audit.date),
                    "what": what,
                    "deadline": describe_date(deadline),
                    "actual": _done(given, deadline, facts.as_of),
                    "todo": _todo(subject, given, facts.as_of),
                },
                # Done, though late: nothing is due any more, and the échéancier must not show
                # the step « en retard » as if it were still to do (the message says how late).
                due=None if actual else deadline,
                reads=reads,
            )


def _read(setting: int | FromProfile | None) -> tuple[str, ...]:
    """The profile parameter a delay is read from, if any: a finding on the plan's delay rests
    on it alone, not on the report's (Violation.reads)."""
    return (setting.param,) if isinstance(setting, FromProfile) else ()


# Each step's words for `_todo`: the key, what it records, and how the next audit keeps the
# delay (the plan is the school's to return, the report the auditor's to send).
_STEPS = {
    "plan_returned": (
        "la date du retour du plan d'audit validé",
        "retourner le plan d'audit validé à l'auditeur référent",
    ),
    "report_sent": (
        "la date de l'envoi du rapport d'audit",
        "convenir avec l'auditeur référent de l'envoi du rapport",
    ),
}


def _todo(subject: str, given: dt.date | None, as_of: dt.date) -> str:
    """What the school does about a step late or undated (`{todo}`, without its final
    period): write the date the dossier lacks; check one after the as-of date; for a date
    there but late, nothing to write, the next audit to keep in time."""
    recorded, next_time = _STEPS[subject]
    if given is None:
        return (
            f"Indiquer dans l'audit du dossier {recorded} (`{subject} = AAAA-MM-JJ`), dans le "
            "délai que fixe le profil de l'académie"
        )
    if given > as_of:
        return (
            f"Vérifier {recorded} portée au dossier (`{subject}`){NNBSP}: postérieure à la date "
            "d'évaluation, elle ne compte qu'à partir de ce jour-là"
        )
    return (
        f"Rien à corriger{NNBSP}: le dossier porte {recorded}, après l'échéance{NNBSP}; aux "
        f"prochains audits, {next_time} dans le délai que fixe le profil de l'académie"
    )


def _done(given: dt.date | None, deadline: dt.date, as_of: dt.date) -> str:
    """« fait le 08/05/2026, 3 jours après l'échéance », that the dossier has no date for it, or
    that the date it gives is after the as-of date: « aucune date » there had an inspector
    ask the school for a date it gave."""
    if given is None:
        return "aucune date n'est portée au dossier"
    if given > as_of:
        return (
            f"la date portée au dossier, le {describe_date(given)}, est après la date "
            f"d'évaluation ({describe_date(as_of)}){NNBSP}: elle ne compte qu'à partir de sa date"
        )
    late = (given - deadline).days
    return f"fait le {describe_date(given)}, {late} jour{'s' if late > 1 else ''} après l'échéance"
