"""Nonconformities (fiches d'écart): none open that blocks, each lifted in time, each graded
as the texts grade it, each audit finding that needs a fiche having one."""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

from labelcheck.core import french
from labelcheck.core.dates import add_months
from labelcheck.core.refs import criterion_of
from labelcheck.rules.base import FromProfile, Params, RuleKind, Violation, describe_date, resolve
from pydantic import Field


class _DeadlineParams(Params):
    months_after_raised: int | FromProfile | None = Field(
        None,
        description="Deadline: this many months after the nonconformity was raised "
        "(months; Eduform minor: 6). Wins over `by_month_day` when both are set.",
    )
    by_month_day: str | FromProfile | None = Field(
        None,
        description='Deadline: the first such month-day ("MM-DD", e.g. "09-30") on or after '
        "the raise (Centre-Val de Loire).",
    )

    def deadline(self, facts, raised: dt.date) -> dt.date | None:
        """The date the texts (or the profile) set for lifting a nonconformity raised on
        `raised`; None when neither parameter is set."""
        return _lifting_deadline(facts, raised, self.months_after_raised, self.by_month_day)


def _lifting_deadline(
    facts,
    start: dt.date,
    months_after: int | FromProfile | None,
    month_day: str | FromProfile | None,
) -> dt.date | None:
    """`months_after` months after `start`, else the first `month_day` on or after it (the
    months win when both are set); None when neither is set."""
    months = resolve(months_after, facts)
    if months:
        return add_months(start, months)
    day = resolve(month_day, facts)
    return _month_day_on_or_after(start, day) if day else None


def _month_day_on_or_after(start: dt.date, month_day: str) -> dt.date:
    """The first `month_day` ("MM-DD") on or after `start`: the 30 September that follows."""
    month, day = (int(p) for p in month_day.split("-"))
    candidate = dt.date(start.year, month, day)
    return candidate if candidate >= start else dt.date(start.year + 1, month, day)


class OpenParams(_DeadlineParams):
    """The deadline parameters give the finding its `due` date, when earlier than the fiche's
    own or the fiche records none (cli-and-report: « À faire » gives the date a thing must be
    done by): a school learns it before it has passed, not once `nonconformity-deadline`
    finds it missed."""

    ignore_audit_types: list[str] = Field(
        [],
        description="Nonconformities raised at audits of these types do not count (LDM: follow-up audits).",
    )
    audit_types: list[str] = Field(
        [],
        description="Only nonconformities raised at audits of these types count; empty: every "
        "type (Eduform: a major one raised at the surveillance audit leaves the certification "
        "standing for three months, a rule of its own says so).",
    )
    grades: list[str] = Field(
        [], description="Only nonconformities counted at these grades count; empty: all grades."
    )
    until_deadline: bool = Field(
        False,
        description="Said only until its deadline (the deadline parameters'): past it, a "
        "`nonconformity-deadline` rule says it is late (Eduform minor).",
    )
    until_next_audit: bool = Field(
        False,
        description="Said only until the label's next audit after the raise: from then on, "
        "that audit's outcome is said instead (Eduform minor: requalified major, rule kind "
        "nonconformity-at-next-audit).",
    )


class OpenNonconformity(RuleKind):
    """A nonconformity still open (of the grades and audit types that count).

    Scope: `nonconformity`.
    """

    name = "open-nonconformity"
    summary = "Une non-conformité encore ouverte (parmi les gravités et les audits qui comptent)."
    scopes = ("nonconformity",)
    message_fields = frozenset({"id", "ref", "grade", "raised", "due", "action"})
    Params = OpenParams
    params: OpenParams

    def check(self, facts, nc):
        if nc.status != "open" or nc.audit_type in self.params.ignore_audit_types:
            return
        if self.params.audit_types and nc.audit_type not in self.params.audit_types:
            return
        grade = _counted_grade(facts, nc, self.params.grades)
        if grade is not None:
            # The fiche's own date or the texts', whichever comes first: both bind.
            deadline = self.params.deadline(facts, nc.raised)
            if self.params.until_deadline and deadline and facts.as_of > deadline:
                return
            if self.params.until_next_audit and _next_audit(facts, nc):
                return
            due = _earliest(nc.due, deadline)
            yield Violation(
                nc.id,
                nc.ref,
                {**_values(nc, grade), "due": describe_date(due)},
                due=due,
                deadline=deadline,
            )


class DeadlineParams(_DeadlineParams):
    ignore_audit_types: list[str] = Field(
        [], description="Nonconformities raised at audits of these types do not count."
    )
    grades: list[str] = Field(
        [], description="Only nonconformities counted at these grades count; empty: all grades."
    )
    until_next_audit: bool = Field(
        False,
        description="Judged only until the label's next audit after the raise: from then on, "
        "that audit's outcome is judged instead (Eduform minor: requalified major, rule kind "
        "nonconformity-at-next-audit).",
    )


class NonconformityDeadline(RuleKind):
    """A nonconformity not lifted by its deadline (still open after it, or lifted late).
    With neither deadline parameter set, nothing is checked.

    Scope: `nonconformity`; or `audit`: an audit finding graded as a nonconformity with no
    fiche of that audit for its criterion (as `finding-without-fiche` tells them), which counts
    as open, its deadline counted from the audit. Its messages have no `id`, `raised`, `due`
    nor `action`, but the audit's `date` and name (`audit`).
    """

    name = "nonconformity-deadline"
    summary = "Une non-conformité non levée à son échéance (encore ouverte, ou levée en retard)."
    finding_kind = "deadline"
    scopes = ("nonconformity", "audit")
    # A fiche's fields, or an audit finding's without its fiche: no id, raise nor action.
    _SCOPE_FIELDS = {
        "nonconformity": OpenNonconformity.message_fields | {"deadline"},
        "audit": frozenset({"ref", "grade", "date", "audit", "deadline"}),
    }
    message_fields = _SCOPE_FIELDS["nonconformity"] | _SCOPE_FIELDS["audit"]
    checks_nothing_without = frozenset({"months_after_raised", "by_month_day"})
    Params = DeadlineParams
    params: DeadlineParams

    @classmethod
    def fields_for(cls, check: Mapping[str, Any], scope: str) -> frozenset[str]:
        return cls._SCOPE_FIELDS.get(scope, cls.message_fields)

    def prepare(self, compiler) -> None:
        self._on_audits = compiler.scope == "audit"

    def check(self, facts, subject):
        if self._on_audits:
            yield from self._unrecorded(facts, subject)
        else:
            yield from self._recorded(facts, subject)

    def _unrecorded(self, facts, audit):
        """The audit's findings without their fiche, open at the as-of date past the deadline:
        counted as open nonconformities, the deadline binds them as a fiche (the lifecycle
        audit: unrecorded, a non-conformité escaped the academy's 30 September)."""
        if audit.type in self.params.ignore_audit_types:
            return
        deadline = self.params.deadline(facts, audit.date)
        if deadline is None or facts.as_of <= deadline:
            return
        if self.params.until_next_audit and _next_audit_after(facts, audit.date):
            return
        grades = self.params.grades or facts.label.nonconformity_grades
        for position, finding, counted, _graded in _unanswered(facts, audit, grades, grades):
            yield Violation(
                _unrecorded_subject(audit, finding),
                finding.ref,
                {
                    "ref": finding.ref,
                    "grade": french.GRADES.get(counted, counted),
                    "date": describe_date(audit.date),
                    "audit": facts.label.audit_name(audit.type),
                    "deadline": describe_date(deadline),
                },
                due=deadline,
                deadline=deadline,
                within=("findings", position),
            )

    def _recorded(self, facts, nc):
        if nc.audit_type in self.params.ignore_audit_types:
            return
        grade = _counted_grade(facts, nc, self.params.grades)
        if grade is None or (self.params.until_next_audit and _next_audit(facts, nc)):
            return
        deadline = self.params.deadline(facts, nc.raised)
        if deadline is None:
            return
        late = (nc.status == "open" and facts.as_of > deadline) or (
            nc.lifted and nc.lifted > deadline
        )
        if late:
            yield Violation(
                nc.id,
                nc.ref,
                {**_values(nc, grade), "deadline": describe_date(deadline)},
                due=deadline,
                # Still open, the échéancier keeps the deadline it announced, marked late.
                deadline=deadline if nc.status == "open" else None,
            )


class NonconformityGrade(RuleKind):
    """A nonconformity graded otherwise than the texts fix for its item: it counts as the
    item's grade (Eduform: the indicators of the audit arrêté that give only major ones).
    No parameters: the grade comes from the référentiel item's `nonconformity_grade`.

    Scope: `nonconformity`.
    """

    name = "nonconformity-grade"
    summary = (
        "Une non-conformité notée autrement que les textes ne le fixent pour son item\u202f: "
        "elle compte avec la gravité des textes."
    )
    finding_kind = "open-nonconformity"
    scopes = ("nonconformity",)
    message_fields = OpenNonconformity.message_fields | {"given", "counted", "item"}

    def check(self, facts, nc):
        item = facts.item(nc.ref)
        counted = item.nonconformity_grade if item else None
        given = nc.grade or facts.label.default_nonconformity_grade or ""
        if counted and given != counted:
            yield Violation(
                nc.id,
                nc.ref,
                {
                    **_values(nc, counted),
                    "given": french.GRADES.get(given, given),
                    "counted": french.GRADES.get(counted, counted),
                    "item": item.number,
                },
                due=nc.due,
            )


class FindingGrade(RuleKind):
    """An audit finding graded as a nonconformity otherwise than the texts fix for its item: it
    counts as the item's grade (Eduform: a minor finding on an indicator of the audit arrêté
    that gives only major ones), as a fiche so graded does (`nonconformity-grade`), and is said
    so whether or not its fiche is recorded. No parameters: the grade comes from the
    référentiel item's `nonconformity_grade`.

    Scope: `audit`, one finding per audit finding so graded.
    """

    name = "finding-grade"
    summary = (
        "Un constat d'audit noté non-conformité d'une autre gravité que celle que les textes "
        "fixent pour son item\u202f: il compte avec la gravité des textes."
    )
    finding_kind = "open-nonconformity"
    scopes = ("audit",)
    message_fields = frozenset({"ref", "given", "counted", "item", "date", "audit"})

    def check(self, facts, audit):
        for position, finding in enumerate(audit.findings):
            # Counted as `finding-without-fiche` counts it: the same requalification.
            counted = _finding_grade(facts, finding)
            if counted != finding.grade:
                item = facts.item(finding.ref)  # the item whose grade the texts fix
                yield Violation(
                    # As the finding without its fiche is named: the audit's date in it.
                    f"audit:{audit.date.isoformat()}:{finding.ref}",
                    finding.ref,
                    {
                        "ref": finding.ref,
                        "given": french.GRADES.get(finding.grade, finding.grade),
                        "counted": french.GRADES.get(counted, counted),
                        "item": item.number,
                        "date": describe_date(audit.date),
                        "audit": facts.label.audit_name(audit.type),
                    },
                    within=("findings", position),
                )


class NonconformityItemNotApplicable(RuleKind):
    """An open nonconformity on an item that, by the dossier, does not apply to the
    application (its `applies_when`: Eduform's indicator 27 without `subcontracting`, 14
    without apprenticeship). The auditors found it, so it still counts: either the dossier
    misdescribes the application, or the fiche names the wrong item. No parameters.

    Scope: `nonconformity`.
    """

    name = "nonconformity-item-not-applicable"
    summary = (
        "Une non-conformité ouverte sur un item qui, d'après le dossier, ne s'applique pas à "
        "la candidature : le dossier ou la fiche se trompe."
    )
    finding_kind = "reference"
    scopes = ("nonconformity",)
    message_fields = OpenNonconformity.message_fields | {"item"}

    def check(self, facts, nc):
        if nc.status == "open" and not facts.item_applies_to(nc.ref):
            grade = facts.nonconformity_grade(nc)
            item = nc.ref.rpartition(".")[2]
            yield Violation(nc.id, nc.ref, {**_values(nc, grade), "item": item})


class NextAuditParams(Params):
    grades: list[str] = Field(
        [], description="Only nonconformities counted at these grades count; empty: all grades."
    )
    months_after: int | FromProfile | None = Field(
        None,
        description="The nonconformity, requalified at that audit, is to be lifted this many "
        "months after it (Eduform: a major's three): the finding's due date, and its "
        "`consequence` says whether that date has passed.",
    )
    requalified_as: str | None = Field(
        None,
        description="The grade the nonconformity is requalified at by that audit (Eduform: "
        "`major`), as the échéancier names its deadline.",
    )
    grace_at: list[str] = Field(
        [],
        description="At a next audit of these types, the certification stands until "
        "`months_after` has passed (Eduform: the surveillance audit; past them it is "
        "suspended): the nonconformity is said only once that date has passed, unless "
        "`in_grace`.",
    )
    in_grace: bool = Field(
        False,
        description="Said only in that grace: the next audit is of a `grace_at` type and "
        "`months_after` has not passed (a warning of the date to come).",
    )


class NonconformityAtNextAudit(RuleKind):
    """A nonconformity raised at one audit and still open after the next audit of its label
    (Eduform: a minor one not lifted at the next audit is requalified major). The next audit is
    one of the dossier's [[audits]] or the application's own (`audit`), once held by the
    as-of date.

    Scope: `nonconformity`.
    """

    name = "nonconformity-at-next-audit"
    summary = "Une non-conformité relevée à un audit et encore ouverte après l'audit suivant du même label."
    finding_kind = "open-nonconformity"
    scopes = ("nonconformity",)
    message_fields = OpenNonconformity.message_fields | {"next_audit", "consequence"}
    Params = NextAuditParams
    params: NextAuditParams

    def check(self, facts, nc):
        grade = _counted_grade(facts, nc, self.params.grades)
        if nc.status != "open" or grade is None:
            return
        audit = _next_audit_of(facts, nc)
        if audit is None:
            return
        next_audit = audit.date
        months = resolve(self.params.months_after, facts)
        due = add_months(next_audit, months) if months else None
        in_grace = audit.type in self.params.grace_at and due is not None and facts.as_of <= due
        if in_grace != self.params.in_grace:
            return
        yield Violation(
            nc.id,
            nc.ref,
            {
                **_values(nc, grade),
                "next_audit": describe_date(next_audit),
                "consequence": _consequence(due, facts.as_of),
            },
            due=due,
            due_what=_requalified(self.params.requalified_as),
        )


def _requalified(grade: str | None) -> str | None:
    """« de la non-conformité requalifiée majeure », as the échéancier names its deadline."""
    if grade is None:
        return None
    named = french.GRADES.get(grade, grade)
    return f"de la non-conformité requalifiée {named.removeprefix('non-conformité ')}"


def _consequence(due: dt.date | None, as_of: dt.date) -> str:
    """What the deadline of a requalified nonconformity makes of it at the as-of date."""
    if due is None:
        return ""
    if as_of > due:
        return (
            f", non levée au {describe_date(due)} : la certification n'est pas délivrée ou est "
            "suspendue"
        )
    return f", à lever au plus tard le {describe_date(due)}"


def _next_audit(facts, nc) -> dt.date | None:
    """The date of the label's first audit after the nonconformity was raised, if any."""
    audit = _next_audit_of(facts, nc)
    return audit.date if audit else None


class _HeldAudit(NamedTuple):
    date: dt.date
    type: str


def _next_audit_of(facts, nc) -> _HeldAudit | None:
    """The label's first audit after the nonconformity was raised and held by the as-of date,
    if any: one of its [[audits]], or the application's own audit (the date its criteria must
    be met), recorded or not. Counting only the recorded ones, a minor one open on the day of
    the renewal audit was still « to be lifted at the next audit » (the Eduform audit: the
    arrêté of 6 June 2019, art. 5, requalifies it at that audit)."""
    return _next_audit_after(facts, nc.raised)


def _next_audit_after(facts, day: dt.date) -> _HeldAudit | None:
    """The label's first audit held after `day` and by the as-of date, if any."""
    return next((_HeldAudit(*a) for a in facts.audits_held if a[0] > day), None)


class FicheParams(Params):
    grades: list[str] = Field(
        description="Audit findings of these grades need a fiche d'écart (LDM: `nonconformity`)."
    )
    audit_types: list[str] = Field(
        [],
        description="Only findings given at audits of these types (LDM: initial and renewal); "
        "empty: every audit.",
    )
    answered_by: list[str] = Field(
        [],
        description="The grades (as counted) of the fiches that answer such a finding; empty: "
        "`grades` (Eduform: a minor finding is answered by a fiche counted major too, as on "
        "the indicators that give only major nonconformities).",
    )
    months_after: int | FromProfile | None = Field(
        None,
        description="The nonconformity found is to be lifted this many months after the audit "
        "(Eduform: a major's three): the finding's due date.",
    )
    by_month_day: str | FromProfile | None = Field(
        None,
        description="The nonconformity found is to be lifted by the first such month-day "
        '("MM-DD", e.g. "09-30") on or after the audit (Centre-Val de Loire), as its fiche '
        "would be: the date the échéancier announces. `months_after` wins when both are set.",
    )
    fiche_due_days_after: int | FromProfile | None = Field(
        None,
        description="The fiche is due this many days after the audit (LDM 010: its "
        "engagements within 20 days): the finding's due date, before the lifting deadline, "
        "and the échéancier's step of that day is late while the fiche is missing.",
    )
    grace_at: list[str] = Field(
        [],
        description="At audits of these types, the certification stands until `months_after` "
        "has passed (Eduform: the surveillance audit; past them it is suspended): the finding "
        "is said only once that date has passed, unless `in_grace`, as a fiche of that audit "
        "is (`open-nonconformity`'s `until_deadline`, then `nonconformity-deadline`).",
    )
    in_grace: bool = Field(
        False,
        description="Said only in that grace: the audit is of a `grace_at` type and "
        "`months_after` has not passed (a warning of the date to come).",
    )

    def lifting(self, facts, audit_day: dt.date) -> dt.date | None:
        """The date the nonconformity found is to be lifted by; None when neither is set."""
        return _lifting_deadline(facts, audit_day, self.months_after, self.by_month_day)


class FindingWithoutFiche(RuleKind):
    """An audit finding that needs a fiche d'écart and has none in [[nonconformities]] for its
    label and criterion: it counts as an open nonconformity until the fiche is recorded. The
    fiche is that audit's: of its type (`audit_type`) and raised on the audit's date or later.

    Scope: `audit`, one finding per audit finding without a fiche.
    """

    name = "finding-without-fiche"
    summary = (
        "Un constat d'audit qui demande une fiche d'écart et n'en a pas parmi les "
        "non-conformités du dossier."
    )
    finding_kind = "open-nonconformity"
    scopes = ("audit",)
    message_fields = frozenset({"ref", "grade", "date", "audit", "aside", "due"})
    Params = FicheParams
    params: FicheParams

    def check(self, facts, audit):
        if self.params.audit_types and audit.type not in self.params.audit_types:
            return
        lifting = self.params.lifting(facts, audit.date)
        in_grace = (
            audit.type in self.params.grace_at and lifting is not None and facts.as_of <= lifting
        )
        if in_grace != self.params.in_grace:
            return
        days = resolve(self.params.fiche_due_days_after, facts)
        joined_by = audit.date + dt.timedelta(days=days) if days is not None else None
        answering = self.params.answered_by or self.params.grades
        for position, finding, counted, graded in _unanswered(
            facts, audit, self.params.grades, answering
        ):
            yield Violation(
                _unrecorded_subject(audit, finding),
                finding.ref,
                {
                    "ref": finding.ref,
                    "grade": french.GRADES.get(finding.grade, finding.grade),
                    "date": describe_date(audit.date),
                    "audit": facts.label.audit_name(audit.type),
                    "aside": _counted_as(finding.grade, counted) + _graded_otherwise(graded),
                    "due": describe_date(lifting),
                },
                # The fiche first, when it is due before the lifting (LDM 010: audit + 20
                # days): the step of that day is late while it is missing, the lifting
                # deadline still announced apart. An audit so close to the lifting deadline
                # that the fiche would come after it: the fiche is due by the deadline, not
                # days after the deadline rule already blocks.
                due=_earliest(joined_by, lifting),
                deadline=lifting,
                # « Échéance de levée de la non-conformité majeure constatée sur eduform:3.11
                # à l'audit de surveillance du 20/11/2025, non enregistrée au dossier »: no
                # fiche's id to name, the finding said by its ref and its audit.
                due_what=f"{french.LIFTING.get(counted, french.LIFTING['nonconformity'])} "
                f"constatée sur {finding.ref} à l'{facts.label.audit_name(audit.type)} "
                f"du {describe_date(audit.date)}, non enregistrée au dossier"
                if lifting
                else None,
                within=("findings", position),
            )


def _earliest(*dates: dt.date | None) -> dt.date | None:
    return min((d for d in dates if d is not None), default=None)


def _unrecorded_subject(audit, finding) -> str:
    """An audit finding without its fiche, named by its audit's date and its ref: the same
    criterion found at two audits is two findings (compare, --baseline, the CI fingerprints
    tell them apart)."""
    return f"audit:{audit.date.isoformat()}:{finding.ref}"


def _unanswered(facts, audit, grades, answering):
    """Each finding of the audit counted at one of `grades` that no fiche of that audit for
    its criterion answers (one counted at one of `answering`): its position, the finding, its
    grade as counted and the grades of its criterion's fiches (grade -> first fiche's id).

    A fiche answers the finding when it carries the auditors' grade: one the school graded
    lower (an écart for their non-conformité) would otherwise make it never block. Only that
    audit's fiches answer its findings: an older one (lifted years ago) or one of a follow-up
    audit (which never blocks) would make its non-conformité pass."""
    fiches: dict[str, dict[str, str]] = {}  # criterion -> grade counted -> first fiche's id
    for nc in facts.subjects("nonconformity"):
        if nc.audit_type != audit.type or nc.raised < audit.date:
            continue
        graded = fiches.setdefault(criterion_of(nc.ref), {})
        grade = facts.nonconformity_grade(nc)
        # The smallest id, not the first met: the message names it, in any dossier order.
        graded[grade] = min(graded.get(grade, nc.id), nc.id)
    for position, finding in enumerate(audit.findings):
        # Graded as the texts fix it on its item, as a fiche is (Eduform: a minor finding on
        # a major-only indicator is a major, and blocks unrecorded as recorded).
        counted = _finding_grade(facts, finding)
        if counted not in grades:
            continue
        graded = fiches.get(criterion_of(finding.ref), {})
        if not any(grade in graded for grade in answering):
            yield position, finding, counted, graded


def _finding_grade(facts, finding) -> str:
    """The grade an audit finding counts as: its item's own where the texts fix it. Only a
    finding graded as one of the label's nonconformities is looked up (Eduform's minor and
    major): strengths, remarks and compliant indicators are never requalified, and most
    findings are those."""
    if finding.grade not in facts.label.nonconformity_grades:
        return finding.grade
    item = facts.item(finding.ref)
    return (
        item.nonconformity_grade if item is not None and item.nonconformity_grade else finding.grade
    )


def _counted_as(given: str, counted: str) -> str:
    """What the message adds when the texts count the finding at another grade."""
    if given == counted:
        return ""
    adjective = _ADJECTIVES.get(counted, counted)
    return (
        f" (comptée {adjective}{french.NNBSP}: l'indicateur ne donne lieu qu'à des "
        f"non-conformités {adjective}s)"
    )


_ADJECTIVES = {"major": "majeure", "minor": "mineure"}


def _graded_otherwise(graded: dict[str, str]) -> str:
    """What the finding's message adds when its criterion has a fiche of another grade."""
    if not graded:
        return ""
    grade, fiche = min(graded.items())  # whatever order the fiches came in
    shown = french.GRADES.get(grade, grade)
    return f" de cette gravité (la fiche {fiche} de ce critère est classée {french.quoted(shown)})"


def _counted_grade(facts, nc, grades: list[str]) -> str | None:
    """The grade a nonconformity counts as, when it is one of `grades` (empty: any); else None."""
    grade = facts.nonconformity_grade(nc)
    return grade if not grades or grade in grades else None


def _values(nc, grade: str) -> dict:
    return {
        "id": nc.id,
        "ref": nc.ref,
        "grade": french.GRADES.get(grade, grade),
        "raised": describe_date(nc.raised),
        "due": describe_date(nc.due),
        "action": nc.corrective_action or "aucune action corrective renseignée",
    }
