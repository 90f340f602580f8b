"""An academy's campaign: every school's dated steps in a period, its stage per label, and the
checks that need several dossiers at once (auditors' bookings, referent inspectors, joint visits).

Contract: spec/cli-and-report.md 1.1, « Campaign planning across schools ». A dossier's result
is reduced at once to its `SchoolPlan` (stages, dated steps, audits): a campaign over 10,000
dossiers holds their steps, never their full results.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal

from labelcheck.core import french
from labelcheck.core.dates import add_months
from labelcheck.core.french import person
from labelcheck.core.identity import SharedIdentities
from labelcheck.core.report import DossierResult, LabelResult, overdue
from labelcheck.core.timeline import APPLICATION_AUDIT_SOURCE, AUDIT_ENTRY_SOURCE

if TYPE_CHECKING:
    from labelcheck.core.catalog import CampaignCheck
    from labelcheck.core.errors import InputError
    from labelcheck.core.registry import Registry

FORMAT = "labelcheck-campaign/1"

# What a check's source says when no installed label declares one (`[[campaign_checks]]`).
NO_SOURCE = ("Vérification de labelcheck sur l'ensemble des dossiers de la campagne", "operational")

Check = Literal[
    "auditor-double-booked",
    "referent-inspector-auditing",
    "audits-to-join",
    # The core's own: no label's text states it, no `[[campaign_checks]]` may declare it
    # (catalog.CampaignCheckName); its source is always NO_SOURCE.
    "label-in-several-dossiers",
]
# A problem makes the command exit 1 (an academy's CI wants to know); a suggestion does not.
CheckSeverity = Literal["problem", "suggestion"]


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A dated step of one school and label: a milestone, an audit, a waiver's end."""

    date: dt.date
    uai: str
    school: str
    label: str
    label_name: str
    id: str  # stable within the school and label: `audit-plan`, `nonconformity-due:FE-2026-01`
    what: str
    source: str
    kind: str = "deadline"  # deadline | start | event
    end: dt.date | None = None  # a window's last day (Eduform's surveillance audit)
    auditors: tuple[str, ...] = ()
    # Where its dossier is, for the second dossier of a school judging this label (`placed`).
    place: str = ""
    # Its dossier's path, where its school has several dossiers in the campaign: the reports
    # name it, as compare does (`Campaign.steps`); else empty, the school named as always.
    dossier: str = ""
    # The day the dossier records it done, by the as-of date (the audit plan returned, the
    # report sent: the échéancier's « fait le »): a plan listed a report sent two days
    # before its due date as a step still to come.
    done_on: dt.date | None = None

    @property
    def school_and_dossier(self) -> str:
        """Its school's name, and its dossier's path where the school has several in the
        campaign (the UAI said apart: the CSV's column, the calendar's description)."""
        return school_and_dossier(self.school, self.dossier)

    @property
    def done_text(self) -> str:
        """« fait le 28/05/2026 » of a step the dossier records done, else empty."""
        return f"fait le {french.date(self.done_on)}" if self.done_on else ""

    @property
    def uid(self) -> str:
        """The iCalendar event id: importing again updates the event instead of doubling it."""
        return step_uid(self.uai, self.label, self.id, self.place)

    def in_period(self, start: dt.date, end: dt.date) -> bool:
        """A dated step within the period; a window overlapping it."""
        return self.date <= end and (self.end or self.date) >= start


def step_uid(uai: str, label: str, step_id: str, place: str = "") -> str:
    """A step's UID: its school, label and id; its dossier's place where one is needed."""
    return f"{uai}-{label}-{step_id}{f'-{place}' if place else ''}@labelcheck"


@dataclass(frozen=True, slots=True)
class PlannedAudit:
    uai: str
    school: str
    label: str
    label_name: str
    type: str | None  # initial, renewal, follow-up, surveillance; None: not said
    date: dt.date
    auditors: tuple[str, ...] = ()  # the lead included


@dataclass(frozen=True, slots=True)
class Stage:
    """Where a school stands with a label: its application (ready or not) and its award."""

    label: str
    label_name: str
    verdict: str
    application: str | None = None
    level: int | None = None
    held: str | None = None  # valid | renewal-due | expired | not-yet-awarded
    # The application's `submitted` date (ISO) when it comes after the as-of date: at the
    # period's start the application is still being prepared, neither ready nor « non prête ».
    submitted: str | None = None
    # The award's date (ISO) when it comes after the as-of date: not held yet, to come.
    awarded: str | None = None
    renewal_name: str = french.APPLICATIONS["renewal"]  # the label's word (« relabellisation »)
    renewal_feminine: bool = False  # whether it is feminine (« relabellisation engagée »)
    held_level: int | None = None  # the level held, which an application may be above
    # What was already late at the as-of date (the period's start): each finding past its due
    # date, as its message and that date say it (`late_findings`). A plan made at the period's
    # start said nothing of a fiche overdue since the month before (the reading audit).
    late: tuple[str, ...] = ()

    @property
    def ready(self) -> bool | None:
        return self.verdict == "ready" if self.application else None

    def text(self) -> str:
        """`candidature (renouvellement) prête ; label détenu, valide`."""
        parts = []
        if self.application:
            kind = french.application_kind(self.application, self.renewal_name, self.level)
            if self.submitted:
                sent = french.date(dt.date.fromisoformat(self.submitted))
                parts.append(f"candidature ({kind}) en préparation (envoi le {sent})")
            else:
                parts.append(f"candidature ({kind}) {'prête' if self.ready else 'non prête'}")
        if self.held == "not-yet-awarded":
            # « label détenu, pas encore attribué » said it held and not awarded at once.
            awarded = dt.date.fromisoformat(self.awarded) if self.awarded else None
            parts.append(
                f"label à venir, {french.award(True)} {french.date(awarded)}"
                if awarded
                else "label à venir"
            )
        elif self.held == "expired":
            # No longer held: « label détenu, expiré » said it held and expired at once.
            parts.append("label expiré")
        elif self.held:
            # In its last period with the renewal or a higher level applied for, the renewal
            # is engaged, as the combined report's synthesis says (writers/combined.py).
            state = french.held_state(
                self.held,
                self.renewal_name,
                self.renewal_feminine,
                self.application,
                self.level,
                self.held_level,
            )
            parts.append(f"label détenu, {state}")
        return " ; ".join(parts) or self.verdict_text

    @property
    def verdict_text(self) -> str:
        """The verdict as shown, in French, a renewal in the label's word (« relabellisation à
        engager »)."""
        if self.verdict in french.VERDICTS:
            return french.verdict(self.verdict, self.renewal_name)
        return self.verdict


@dataclass(frozen=True, slots=True)
class SchoolPlan:
    """What a campaign keeps of one dossier."""

    path: str
    uai: str
    name: str
    stages: tuple[Stage, ...] = ()
    steps: tuple[PlannedStep, ...] = ()
    audits: tuple[PlannedAudit, ...] = ()
    referent_inspectors: tuple[str, ...] = ()  # from its audits' `referent_inspector`

    def within(self, start: dt.date, end: dt.date) -> SchoolPlan:
        return SchoolPlan(
            self.path,
            self.uai,
            self.name,
            self.stages,
            tuple(s for s in self.steps if s.in_period(start, end)),
            tuple(a for a in self.audits if start <= a.date <= end),
            self.referent_inspectors,
        )


def placed(plan: SchoolPlan, shared: SharedIdentities) -> SchoolPlan:
    """A school's plan, the UIDs of its steps given its dossier's place (`place_of`) for each
    label another dossier of its UAI judged before it in the run: two dossiers of one school
    (one per label, each holding the other's label; last year's copy left in the folder)
    gave their steps the same UIDs, and a calendar keeps one event of each pair. The first
    keeps its UIDs, so that moving the only dossier of a school changes none: as SARIF's and
    Code Quality's fingerprints are told apart (identity.SharedIdentities)."""
    again = {s.label for s in plan.stages if shared.met_before(plan.uai, s.label)}
    if not again:
        return plan
    where = place_of(plan.path)
    return replace(
        plan, steps=tuple(replace(s, place=where) if s.label in again else s for s in plan.steps)
    )


def late_uid(plan: SchoolPlan, stage: Stage, item: str, shared: set[str]) -> str:
    """A finding late at the period's start, as the calendar's to-do and the CSV's row name it:
    its school, label and words (its message and due date), so that importing again updates
    the to-do while it is late; its dossier's place when its school has several."""
    said = hashlib.sha256(item.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    place = place_of(plan.path) if plan.uai in shared else ""
    return step_uid(plan.uai, stage.label, f"late-{said}", place)


def place_of(path: str) -> str:
    """A short digest of a dossier's path, for the UIDs of a school's second dossier."""
    return hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class CampaignFinding:
    check: Check
    severity: CheckSeverity
    date: dt.date
    message: str
    source: str
    nature: str  # text | operational
    schools: tuple[str, ...]  # UAIs
    auditor: str | None = None

    @property
    def remedy(self) -> str:
        """What the academy can do about it."""
        return REMEDIES[self.check]


# What to do about each cross-school check, as each finding of a report says it.
REMEDIES: dict[Check, str] = {
    "auditor-double-booked": "Déplacer l'un des audits, ou remplacer cette personne dans l'une des "
    "équipes.",
    "referent-inspector-auditing": "Remplacer l'inspecteur référent dans l'équipe d'audit : il "
    "peut accompagner la démarche de l'établissement, mais pas l'auditer.",
    "audits-to-join": "Si les calendriers le permettent, fixer les deux audits le même jour, "
    "avec une équipe commune.",
    "label-in-several-dossiers": "Ne garder qu'un dossier de l'établissement par label : retirer "
    "la copie de l'année précédente laissée à côté du dossier de l'année, ou le dossier copié "
    "par erreur. Tant qu'ils sont là, les étapes du label sont planifiées une fois par dossier.",
}


def check_sources(registry: Registry) -> dict[str, tuple[str, str]]:
    """Each cross-school check's source and nature, from the labels declaring one (their texts
    joined when several do)."""
    found: dict[str, list[CampaignCheck]] = defaultdict(list)
    for label in sorted(registry.labels.values(), key=lambda spec: spec.id):
        for check in label.campaign_checks:
            found[check.check].append(check)
    return {
        name: ("\u202f; ".join(c.source for c in checks), checks[0].nature)
        for name, checks in found.items()
    }


def check_declarers(registry: Registry) -> dict[str, dict[str, str]]:
    """For each cross-school check, the labels whose texts state it, id → name: a check that
    one label's text states is that text's requirement for that label's audits only."""
    declared: dict[str, dict[str, str]] = defaultdict(dict)
    for label in sorted(registry.labels.values(), key=lambda spec: spec.id):
        for check in label.campaign_checks:
            declared[check.check][label.id] = label.name
    return dict(declared)


def school(item: PlannedStep | PlannedAudit) -> str:
    return school_name(item.school, item.uai)


def school_and_dossier(name: str, path: str) -> str:
    """`Lycée X (lycee-x/dossier.toml)`, the UAI said apart; the name alone without a path."""
    return f"{name} ({path})" if path else name


def school_name(name: str, uai: str, path: str = "") -> str:
    """`Lycée X (0451442Y)`; `Lycée X (0451442Y, lycee-x/dossier.toml)` given the path of its
    dossier, the school having several in the campaign (as compare names them)."""
    return f"{name} ({uai}, {path})" if path else f"{name} ({uai})"


# -- one dossier ---------------------------------------------------------------------------


def school_plan(result: DossierResult) -> SchoolPlan:
    """The stages, every dated step and every audit of a valid dossier's result."""
    uai, name = result.uai or "", result.name or result.path
    names = {label.label: label.name for label in result.labels}
    steps = [
        PlannedStep(
            s.date,
            uai,
            name,
            r.label,
            r.name,
            s.id or s.what,
            s.what,
            s.source,
            s.kind,
            s.end,
            done_on=s.done_on,
        )
        for r in result.labels
        for s in r.steps
    ]
    audits = list(_audits(result, uai, name, names))
    audit_names = {label.label: label.audit_names for label in result.labels}
    steps = _with_audit_steps(steps, audits, audit_names)
    inspectors = (
        sorted({a.referent_inspector for a in result.dossier.audits if a.referent_inspector})
        if result.dossier
        else []
    )
    return SchoolPlan(
        result.path,
        uai,
        name,
        tuple(_stage(label, result) for label in result.labels),
        tuple(_unique_ids(sorted(steps, key=_step_order))),
        tuple(sorted(audits, key=lambda a: (a.date, a.label))),
        tuple(inspectors),
    )


def _stage(result: LabelResult, school: DossierResult) -> Stage:
    held = result.held["status"] if result.held else None
    application = school.dossier.application(result.label) if school.dossier else None
    sent = application.submitted if application else None
    return Stage(
        result.label,
        result.name,
        result.verdict,
        result.application,
        result.level,
        held,
        sent.isoformat() if sent and sent > result.as_of else None,
        result.held["awarded"].isoformat() if held == "not-yet-awarded" and result.held else None,
        result.renewal_name,
        result.renewal_feminine,
        result.held.get("level") if result.held else None,
        late_findings(result),
    )


def late_findings(label: LabelResult) -> tuple[str, ...]:
    """The findings of a label past their due date at its as-of date, each said with that
    date, as the text report says it: « Écart FE-2026-01 non clos (ldm:7) : … — échéance du
    30/09/2026 dépassée ». Not information, nor a held label's expiry, which its stage says."""
    return tuple(
        finding.message
        + french.due_said(finding.message, finding.severity, french.date(finding.due), True, False)
        for finding in label.findings
        if overdue(finding, label.as_of)
        and finding.severity != "info"
        and not finding.due_exclusive  # an expiry: the stage's « label expiré » says it
    )


def _audits(
    result: DossierResult, uai: str, name: str, names: dict[str, str]
) -> Iterator[PlannedAudit]:
    """Each audit of an evaluated label: the `[[audits]]` entries, and each application's audit
    date that no entry describes (its team not yet known). An entry that is the application's
    audit (Dossier.audit_of) describes it, moved or not: counted twice, a moved audit booked
    its auditors twice."""
    dossier = result.dossier
    if dossier is None:
        return
    for entry in dossier.audits:
        if entry.label in names:
            # The lead first, then the others by name: the order of `auditors` in the dossier
            # changes no report (the lead, when given, is among them). Each person once, as
            # names are compared (« A. Martin » as lead, « a. martin » among the auditors):
            # counted twice, they were booked twice on their own audit.
            team = _one_each([entry.lead] if entry.lead else [])
            team += _one_each(sorted(entry.auditors, key=lambda n: (person(n), n)), team)
            yield PlannedAudit(
                uai, name, entry.label, names[entry.label], entry.type, entry.date, team
            )
    for application in dossier.applications:
        if (
            application.label in names
            and application.audit
            and dossier.audit_of(application) is None
        ):
            yield PlannedAudit(
                uai,
                name,
                application.label,
                names[application.label],
                application.type,
                application.audit,
            )


def _with_audit_steps(
    steps: list[PlannedStep],
    audits: list[PlannedAudit],
    audit_names: Mapping[str, french.AuditNames] | None = None,
) -> list[PlannedStep]:
    """Each audit as a step, given its team: the step the label's échéancier has for it on that
    day (its `audit` milestone, or `audit:TYPE`: timeline._audit_steps), else a step of its
    own. An audit moved from its application's date is that milestone, which the échéancier
    puts on its new day, held or still to come: one event under the milestone's id, which a
    calendar imported again moves."""
    # The milestone by label and day; an `audit:TYPE` step by label, day and type, each taken
    # once: two audits of one day have a step each, each with its own team.
    milestones = {(s.label, s.date): i for i, s in enumerate(steps) if s.id == "audit"}
    typed: dict[tuple[str, dt.date, str | None], list[int]] = defaultdict(list)
    for i, s in enumerate(steps):
        if s.id.startswith("audit:"):
            typed[s.label, s.date, s.id.split(":")[1]].append(i)
    for audit in audits:
        own = typed.get((audit.label, audit.date, audit.type))
        where = own.pop(0) if own else milestones.get((audit.label, audit.date))
        if where is not None:
            step = steps[where]
            steps[where] = replace(
                step,
                # An [[audits]] entry gives a team; an application's date alone gives none.
                source=step.source
                or (AUDIT_ENTRY_SOURCE if audit.auditors else APPLICATION_AUDIT_SOURCE),
                auditors=audit.auditors,
            )
            continue
        # As its label names it (Eduform's « audit initial »), by label (`audit_names`).
        names = (audit_names or {}).get(audit.label, french.NO_AUDIT_NAMES)
        what = french.audit_name(names, audit.type).capitalize()
        steps.append(
            PlannedStep(
                audit.date,
                audit.uai,
                audit.school,
                audit.label,
                audit.label_name,
                f"audit:{audit.type}" if audit.type else "audit",  # its date may move
                what,
                AUDIT_ENTRY_SOURCE if audit.auditors else APPLICATION_AUDIT_SOURCE,
                "event",
                None,
                audit.auditors,
            )
        )
    return steps


def _unique_ids(steps: list[PlannedStep]) -> Iterator[PlannedStep]:
    """A step id seen twice for one label (a milestone on each of several audits) gets its rank
    among them, in date order (`audit-plan:2`), so that every calendar event keeps a UID of its
    own: never its date, which moving the audit would change, doubling the event on import."""
    seen: set[tuple[str, str]] = set()
    # The rank each id last took: the ranks below are all taken, seen only grows. Searched
    # from 1 each time, N audits of one day took N² tries (16 s for 8,000, the scaling audit).
    last: dict[tuple[str, str], int] = {}
    for step in steps:
        rank = last.get((step.label, step.id), 1)
        unique = _ranked(step.id, rank)
        while (step.label, unique) in seen:
            rank += 1
            unique = _ranked(step.id, rank)
        last[(step.label, step.id)] = rank
        if unique != step.id:
            step = replace(step, id=unique)
        seen.add((step.label, step.id))
        yield step


def _ranked(step_id: str, rank: int) -> str:
    return f"{step_id}:{rank}" if rank > 1 else step_id


def _step_order(step: PlannedStep) -> tuple:
    return (step.date, step.uai, step.label, step.id)


# -- across schools ----------------------------------------------------------------------------


@dataclass
class Campaign:
    """The schools of a campaign, each reduced to its period, and what they make together."""

    start: dt.date
    end: dt.date
    as_of: dt.date
    profile: str
    join_within: int  # days: audits of one school this close could be one visit (0: never)
    schools: list[SchoolPlan] = field(default_factory=list)
    # The dossiers left out, by path, in the order met: each is named with all its errors.
    invalid: dict[str, tuple[InputError, ...]] = field(default_factory=dict)
    # The dossiers a plugin or labelcheck failed on (internal error), by path: left out too, and
    # named, so that a school's steps do not vanish from the plan without a word.
    failed: dict[str, str] = field(default_factory=dict)
    # Each check's source and nature, as the installed labels' texts give them (check_sources).
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Each check's labels, whose texts state it (check_declarers); empty: every label's.
    declared_by: dict[str, dict[str, str]] = field(default_factory=dict)
    met: SharedIdentities = field(default_factory=SharedIdentities)
    # `_school_audits` as computed for the first `count` schools: every report and check asks.
    _audits_cache: tuple[int, list[tuple[list[SchoolPlan], list[PlannedAudit]]]] = field(
        default_factory=lambda: (-1, []), init=False, repr=False, compare=False
    )

    def source(self, check: Check) -> tuple[str, str]:
        return self.sources.get(check, NO_SOURCE)

    def source_for(self, check: Check, label: str, label_name: str) -> tuple[str, str]:
        """The check's source and nature for an audit of `label`: those of its texts when they
        state it for their own label's audits, else labelcheck's reading of them (the Lycée
        des métiers circular bars a school's referent inspector from its audit team; the
        same person in the team of its Eduform audit is a conflict of interest the academy
        wants to know of, but no text of Eduform's says so)."""
        text, nature = self.source(check)
        declared = self.declared_by.get(check)
        if not declared or label in declared:
            return text, nature
        names = " ; ".join(declared.values())
        return (
            f"{text} (texte du label {names} ; pour un audit {label_name}, lecture "
            "opérationnelle de labelcheck)",
            "operational",
        )

    def add(self, plan: SchoolPlan) -> None:
        """A school's plan, added in the order of the dossiers' paths (the UIDs' places)."""
        self.schools.append(placed(plan, self.met).within(self.start, self.end))

    def add_invalid(self, path: str, errors: Iterable[InputError]) -> None:
        """A dossier left out because it could not be validated, with its errors."""
        self.invalid[path] = tuple(errors)

    def add_failed(self, path: str, internal_error: str) -> None:
        """A dossier left out because its evaluation failed, with the error's detail."""
        self.failed[path] = internal_error

    def steps(self) -> list[PlannedStep]:
        """Every step of the period, in date order; a window begun earlier at the period's start,
        those in the order they began (not by UAI: the new-user walk read July after August)."""
        shared = self.shared_uais()
        return sorted(
            (
                replace(step, dossier=plan.path) if plan.uai in shared else step
                for plan in self.schools
                for step in plan.steps
            ),
            key=lambda s: (max(s.date, self.start), s.date, s.uai, s.label, s.id),
        )

    def late(self) -> list[tuple[SchoolPlan, Stage, str]]:
        """What was already late at the as-of date, school by school (in the schools' order)
        and label by label: each stage's `late` findings."""
        return [
            (plan, stage, item)
            for plan in sorted(self.schools, key=lambda p: (p.name.casefold(), p.uai, p.path))
            for stage in plan.stages
            for item in stage.late
        ]

    def shared_uais(self) -> set[str]:
        """The UAIs of the schools with several dossiers in the campaign: the reports name each
        of their dossiers' path beside the school, else two alike would read as one listed
        twice (last year's copy left beside this year's dossier)."""
        counts = Counter(plan.uai for plan in self.schools if plan.uai)
        return {uai for uai, count in counts.items() if count > 1}

    def by_month(self) -> list[tuple[str, str, list[PlannedStep]]]:
        """(`2026-05`, `mai 2026`, its steps) for each month holding a step."""
        months: dict[str, list[PlannedStep]] = defaultdict(list)
        for step in self.steps():
            months[max(step.date, self.start).strftime("%Y-%m")].append(step)
        return [(key, month_name(key), steps) for key, steps in months.items()]

    def audits(self) -> list[PlannedAudit]:
        """The period's audits, each once (`_audits_of`): one audit that two dossiers of a
        school record was counted twice for its auditors (the contract audit)."""
        return sorted(
            (a for _, audits in self._school_audits() for a in audits),
            key=lambda a: (a.date, a.uai, a.label),
        )

    def _school_audits(self) -> list[tuple[list[SchoolPlan], list[PlannedAudit]]]:
        """Each school's plans and its audits (`_audits_of`), once for the schools added: a
        report asks for them eight times (audits, auditors, checks, exit status)."""
        count, found = self._audits_cache
        if count != len(self.schools):
            found = [(plans, _audits_of(plans)) for plans in self._by_school().values()]
            self._audits_cache = (len(self.schools), found)
        return found

    def auditors(self) -> list[tuple[str, list[PlannedAudit]]]:
        """Each auditor (as first spelt, in alphabetical order) and their audits in the period."""
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        booked: dict[str, list[PlannedAudit]] = defaultdict(list)
        for audit in self.audits():
            for name in audit.auditors:
                key = person(name)
                spellings[key][" ".join(name.split())] += 1
                booked[key].append(audit)
        return [(_best_spelling(spellings[key]), booked[key]) for key in sorted(booked)]

    def findings(self) -> list[CampaignFinding]:
        found = [
            *self._double_bookings(),
            *self._referents_auditing(),
            *self._audits_to_join(),
            *self._labels_in_several_dossiers(),
        ]
        # Problems first (they fail the run), each kind in date order.
        return sorted(
            found,
            key=lambda f: (f.severity != "problem", f.date, f.check, f.schools, f.auditor or ""),
        )

    def problems(self) -> int:
        return sum(1 for f in self.findings() if f.severity == "problem")

    def _double_bookings(self) -> Iterator[CampaignFinding]:
        """An auditor on audits of two schools one day. Two labels of one school the same day
        are one visit, not a double booking."""
        for name, audits in self.auditors():
            days: dict[dt.date, list[PlannedAudit]] = defaultdict(list)
            for audit in audits:
                days[audit.date].append(audit)
            for day, same_day in sorted(days.items()):
                schools = sorted({a.uai for a in same_day})
                if len(schools) < 2:
                    continue
                listed = "\u202f; ".join(f"{school(a)}, {a.label_name}" for a in same_day)
                yield CampaignFinding(
                    "auditor-double-booked",
                    "problem",
                    day,
                    f"{name} est dans l'équipe de {len(schools)} audits d'établissements "
                    f"différents le {french.date(day)} : {listed}",
                    *self.source("auditor-double-booked"),
                    tuple(schools),
                    name,
                )

    def school_count(self) -> int:
        """The schools of the campaign: one per UAI, however many dossiers it keeps (one per
        label, say); a dossier without a UAI counts alone."""
        return len(self._by_school())

    def _by_school(self) -> dict[str, list[SchoolPlan]]:
        """The plans of each school, by UAI (else by the dossier's path)."""
        schools: dict[str, list[SchoolPlan]] = defaultdict(list)
        for plan in self.schools:
            schools[plan.uai or f"path:{plan.path}"].append(plan)
        return schools

    def _referents_auditing(self) -> Iterator[CampaignFinding]:
        """An auditor of a school's audit who is its referent inspector, whichever of the
        school's dossiers names each (one per label: the E3D one may name the inspector)."""
        for plans, audits in self._school_audits():
            inspectors = {person(n) for plan in plans for n in plan.referent_inspectors}
            for audit in audits:
                for name in audit.auditors:
                    if person(name) not in inspectors:
                        continue
                    yield CampaignFinding(
                        "referent-inspector-auditing",
                        "problem",
                        audit.date,
                        f"{name}, inspecteur référent de l'établissement {school(audit)}, est dans l'équipe de "
                        f"son audit {audit.label_name} du {french.date(audit.date)}",
                        *self.source_for(
                            "referent-inspector-auditing", audit.label, audit.label_name
                        ),
                        (audit.uai,),
                        name,
                    )

    def _audits_to_join(self) -> Iterator[CampaignFinding]:
        """Audits of one school for two labels at most `join_within` days apart, not the same day
        (that is one visit already), whichever of the school's dossiers holds each."""
        for _, audits in self._school_audits():
            for first, second in combinations(audits, 2):
                gap = abs((second.date - first.date).days)
                if first.label == second.label or not 0 < gap <= self.join_within:
                    continue
                earlier, later = sorted((first, second), key=lambda a: a.date)
                yield CampaignFinding(
                    "audits-to-join",
                    "suggestion",
                    earlier.date,
                    f"{school(earlier)} : audits {earlier.label_name} du "
                    f"{french.date(earlier.date)} et {later.label_name} du "
                    f"{french.date(later.date)}, à {french.plural(gap, 'jour')} d'écart : "
                    "une seule visite sur site pourrait les réunir",
                    *self.source("audits-to-join"),
                    (earlier.uai,),
                )

    def _labels_in_several_dossiers(self) -> Iterator[CampaignFinding]:
        """Dossiers of one school (UAI) judging the same label: last year's copy left beside
        this year's dossier, a dossier copied by mistake, or a school keeping one dossier per
        label, each holding the other's. Each step of that label is planned once per dossier.
        One finding per set of dossiers, naming the labels they share: a whole dossier copied
        is one thing to fix, not one per label. A suggestion: the campaign stays right (each
        audit and the school counted once, each event a UID of its own), and a school may
        have its reasons; an academy's CI does not fail on how a folder is kept."""
        for uai, plans in self._by_school().items():
            if len(plans) < 2 or uai.startswith("path:"):
                continue
            judged: dict[str, list[str]] = defaultdict(list)  # label -> its dossiers' paths
            names: dict[str, str] = {}
            for plan in plans:
                for stage in plan.stages:
                    judged[stage.label].append(plan.path)
                    names[stage.label] = stage.label_name
            shared: dict[tuple[str, ...], list[str]] = defaultdict(list)  # paths -> label names
            for label, paths in judged.items():
                if len(paths) > 1:
                    shared[tuple(paths)].append(names[label])
            for dossiers, labels in shared.items():
                labels.sort(key=lambda name: (french.unaccented(name).casefold(), name))
                which = (
                    f"le label {labels[0]}"
                    if len(labels) == 1
                    else f"les labels {french.enumeration(labels)}"
                )
                yield CampaignFinding(
                    "label-in-several-dossiers",
                    "suggestion",
                    self.start,
                    f"{school_name(plans[0].name, uai)} : {_count(len(dossiers))} dossiers de "
                    f"l'établissement sont évalués pour {which} ({', '.join(dossiers)})",
                    *NO_SOURCE,
                    (uai,),
                )


# Dossiers of one school, in words: « deux dossiers de l'établissement ».
_COUNTS = ("deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")


def _count(number: int) -> str:
    return _COUNTS[number - 2] if 2 <= number <= 10 else str(number)


def _audits_of(plans: list[SchoolPlan]) -> list[PlannedAudit]:
    """The audits of a school's dossiers, in date order, each once: two dossiers may record
    the same audit (a copy kept for another label, say); its team, the names either gives."""
    teams: dict[tuple, _Team] = {}
    for plan in plans:
        for audit in plan.audits:
            key = (audit.label, audit.type, audit.date)
            if (team := teams.get(key)) is None:
                teams[key] = _Team(audit)
            else:
                team.join(audit.auditors)
    return sorted((team.audit() for team in teams.values()), key=lambda a: (a.date, a.label))


class _Team:
    """One audit's team as its records are met, each person once. The people met are kept as
    they come: rebuilt from the team for each record, N records of one audit (a dossier
    copied N times, say) took N² comparisons (58 s for 2,000, the scaling audit)."""

    __slots__ = ("first", "names", "met")

    def __init__(self, first: PlannedAudit) -> None:
        self.first = first
        self.names = list(first.auditors)
        self.met = {person(name) for name in first.auditors}

    def join(self, names: Iterable[str]) -> None:
        for name in names:
            if (key := person(name)) not in self.met:
                self.met.add(key)
                self.names.append(name)

    def audit(self) -> PlannedAudit:
        if len(self.names) == len(self.first.auditors):
            return self.first
        return replace(self.first, auditors=tuple(self.names))


def _one_each(names: list[str], known: tuple[str, ...] = ()) -> tuple[str, ...]:
    """`names` but those naming a person already met (in `known`, or earlier in `names`)."""
    seen = {person(n) for n in known}
    kept = []
    for name in names:
        if person(name) not in seen:
            seen.add(person(name))
            kept.append(name)
    return tuple(kept)


def _best_spelling(spellings: Counter[str]) -> str:
    """The name as most audits write it; on a tie the one with the most accents, then the one
    written as a name is (« Émilie Roux » before « EMILIE roux »), then alphabetical order."""
    return min(
        spellings,
        key=lambda name: (
            -spellings[name],
            -sum(not c.isascii() for c in name),
            not name.istitle(),
            name,
        ),
    )


def month_name(key: str) -> str:
    """`2026-05` → `mai 2026`."""
    year, month = key.split("-")
    return f"{french.MONTHS[int(month) - 1]} {year}"


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Today and twelve months on, both included (03/12/2026 to 03/12/2027): the contract's
    « today and twelve months on », the step on the anniversary counted (29 February: the 28th)."""
    return today, add_months(today, 12)


# -- a plan sent by a --jobs worker, as JSON text ------------------------------------------------


def plan_to_data(plan: SchoolPlan) -> dict[str, Any]:
    return {
        "path": plan.path,
        "uai": plan.uai,
        "name": plan.name,
        "stages": [_fields(stage) for stage in plan.stages],
        "steps": [_fields(step) for step in plan.steps],
        "audits": [_fields(audit) for audit in plan.audits],
        "referent_inspectors": list(plan.referent_inspectors),
    }


def plan_from_data(data: dict[str, Any]) -> SchoolPlan:
    return SchoolPlan(
        data["path"],
        data["uai"],
        data["name"],
        tuple(Stage(**{**stage, "late": tuple(stage.get("late", ()))}) for stage in data["stages"]),
        tuple(PlannedStep(**_dated(step)) for step in data["steps"]),
        tuple(PlannedAudit(**_dated(audit)) for audit in data["audits"]),
        tuple(data["referent_inspectors"]),
    )


def _fields(record: Any) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in record.__slots__}
    return {
        k: (v.isoformat() if isinstance(v, dt.date) else list(v) if isinstance(v, tuple) else v)
        for k, v in values.items()
    }


def _dated(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("date", "end", "done_on"):
        if out.get(key):
            out[key] = dt.date.fromisoformat(out[key])
    if "auditors" in out:
        out["auditors"] = tuple(out["auditors"])
    return out


def plans(results: Iterable[DossierResult]) -> Iterator[SchoolPlan]:
    """The plan of each valid result (a library's shortcut; the command streams them)."""
    for result in results:
        if not result.invalid and result.internal_error is None:
            yield school_plan(result)
