"""The combined report's content, in French and format-neutral: what HTML and Markdown both show.

Each section of spec/cli-and-report.md "The combined report" is one function
turning a DossierResult into rows of words and dates. The HTML and Markdown
writers only add markup, so the two formats cannot tell different stories.
`CombinedWriter` streams: each school's section goes to a temporary file as it
comes, and the document (title, overview table, sections, summary) is
assembled at `close`, when the overview's columns are known.

The rows are plain dataclasses, not frozen ones, though nothing changes them once made: a
frozen dataclass sets each field through object.__setattr__, three times slower, and a
report makes some eighty rows per school.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import IO, Any

from labelcheck.core import french
from labelcheck.core.dossier import Action, Indicator
from labelcheck.core.refs import criterion_of, label_of
from labelcheck.core.report import (
    MET,
    MET_BY_EQUIVALENCE,
    NOT_APPLICABLE,
    NOT_EVALUATED,
    NOT_MET,
    RENEWAL_DUE,
    SEVERITY_ORDER,
    UNSUPPORTED,
    CriterionResult,
    DossierResult,
    Finding,
    HeldInfo,
    LabelResult,
    Step,
    Summary,
    overdue,
    ref_sort_key,
)
from labelcheck.core.writers import Rendered, Spill, Spool, Writer, colophon
from labelcheck.core.writers.pages import Pages, link

TITLE = "Rapport combiné des labels qualité"
# The contract's order (cli-and-report, "The combined report"); the indicators are a part of
# « Preuves partagées », under a heading of their own.
SECTIONS = (
    "1. Synthèse",
    "2. Critères",
    "3. À faire",
    "4. Échéancier",
    "5. Preuves partagées",
    "6. Constats d'audit",
)
# After the contract's six: the school's action plan read back to it, when it has one.
ACTION_PLAN = "7. Plan d'actions"
INDICATORS = "Indicateurs de suivi"
# The links between labels under « Preuves partagées », headed as the text report says them.
LINKS = "Liens entre labels"
LABEL_LEVEL = "Ensemble du label"
NEW_MARK = "nouveau"  # a finding absent from the --baseline report
# The reader adds the option to the command they ran (its paths and dates are theirs).
DETAILS_HINT = "— le détail\u202f: la même commande avec --details"
# A page or a file is read by people who did not run the command (a head sent the PDF).
DETAILS_HINT_IN_A_DOCUMENT = "— le détail\u202f: dans le rapport produit avec l'option --details"
GRADE_ORDER = tuple(french.GRADES)  # point fort first, gravest last
FOOTNOTE = (
    "Verdicts et constats au regard des textes cités en source ; « documenté » dit que les preuves "
    "demandées figurent au dossier : c'est aux auditeurs de juger si le critère est atteint. "
    # Every finding shows its nature, which the report never explained (the French review).
    "La nature de chaque constat : « exigence des textes », ce que les textes du label imposent ; "
    "« choix académique », ce que le profil de l'académie a décidé ; « lecture opérationnelle », "
    "la lecture de labelcheck là où les textes se taisent, qui ne bloque que si un profil le "
    "décide. Dates au format jj/mm/aaaa."
)

# A remedy's `clé = "valeur"` to write in the dossier: the HTML and Markdown reports set it as
# code (rules write it between backticks, which the text report shows as they are).
CODE_SPAN = re.compile(r"`([^`<>]+)`")


# -- 1 Synthèse ------------------------------------------------------------------------------


@dataclass(frozen=True)  # hashable: the HTML report keys a cache with it
class Readiness:
    """Criteria documented (by the school's own evidence, or deemed met by equivalence) out of
    those evaluated: never « satisfaits », which is the auditors' word (cli-and-report 1.1).
    Criteria with no evidence at all are counted apart; those not evaluated (a label held with
    no application) are not to do."""

    met: int
    by_equivalence: int
    applicable: int  # evaluated and applicable: neither not-applicable nor not-evaluated
    unsupported: int = 0
    not_evaluated: int = 0
    unit: str = "critère"  # what the label calls its criteria (« axe », « domaine »)

    @property
    def documented(self) -> int:
        return self.met + self.by_equivalence

    @property
    def share(self) -> float:
        return self.documented / self.applicable if self.applicable else 0.0

    @property
    def text(self) -> str:
        if not self.applicable:
            if self.not_evaluated:
                return not_evaluated_text(self.not_evaluated, self.unit)
            return f"aucun {self.unit} applicable"
        share = f"{round(self.share * 100)}{french.NNBSP}%"
        if self.by_equivalence:
            # Two kinds counted apart: « documentés … dont réputé satisfait » read as a
            # criterion both documented and not.
            documented = "documenté" if self.met < 2 else "documentés"
            deemed = "réputé satisfait" if self.by_equivalence < 2 else "réputés satisfaits"
            text = (
                f"{self.documented}/{self.applicable} {self.unit}s ({share}){french.NNBSP}: "
                f"{self.met} {documented}, {self.by_equivalence} {deemed} (équivalence)"
            )
        else:
            text = f"{self.documented}/{self.applicable} {self.unit}s documentés ({share})"
        if self.unsupported:
            text += f" ; {self.unsupported} {french.STATUSES[UNSUPPORTED]}"
        if self.to_complete:  # named: the bar's grey part alone left a head to guess which
            text += f" ; {self.to_complete} {french.STATUSES[NOT_MET]}"
        return text

    @property
    def to_complete(self) -> int:
        """The criteria not met: a blocking finding bears on them."""
        return self.applicable - self.documented - self.unsupported


@dataclass
class LabelLine:
    label: str
    name: str
    verdict: str  # the report's id: ready, not-ready, valid, renewal-due, expired
    awarded: str
    expires: str
    renewal_due: str
    held_status: str  # "" when the label is not held
    held_by: str  # level and holder, when the label has them: "niveau 2", "titulaire : GRETA Cher"
    application: str
    as_of: str
    profile: str  # the dossier's, which the contract has on every line of the synthesis
    readiness: Readiness
    expired: bool = False  # the held label's end has passed at the as-of date
    blocking: int = 0  # its blocking findings: what a « non prêt » beside 8/8 comes from
    warning: int = 0  # its warnings, which a « prêt » alone would hide
    renewal_name: str = "renouvellement"  # the label's word (Euroscol: « relabellisation »)
    state_said: bool = False  # the held label's state is said already (held_state_said)
    coming: bool = False  # awarded after the as-of date: « attribution le », not « attribué le »

    @property
    def counts_text(self) -> str:
        """« 1 bloquant, 2 avertissements » under the verdict, or "" when there are none."""
        return french.severity_counts(self.blocking, self.warning)

    @property
    def expiry(self) -> str:
        """« expire le 28/06/2026 », or « expiré le 28/06/2026 »."""
        return f"{french.expiry(self.expired)} {self.expires}"

    @property
    def held_facts(self) -> tuple[str, ...]:
        """A label held: its award, its expiry, its renewal period, its state (unless said
        already), its holder; the HTML and Markdown reports each set them in their own way.
        Expired, no renewal period: there is no label left to renew."""
        facts = (
            f"{french.award(self.coming)} {self.awarded}",
            self.expiry,
            "" if self.expired else f"{self.renewal_name} dès le {self.renewal_due}",
            "" if self.state_said else self.held_status,
            self.held_by,
        )
        return tuple([fact for fact in facts if fact])

    @property
    def verdict_text(self) -> str:
        """As the terminal says it: a renewal in the label's own word, and by when
        (« relabellisation à engager avant le 15/06/2027 »), where « à renouveler » said it
        otherwise for every label, and without its date."""
        return french.verdict(self.verdict, self.renewal_name, self.expires)


def readiness(label: LabelResult) -> Readiness:
    return _readiness(tuple([c.status for c in label.criteria]), label.criterion_name)


@lru_cache(maxsize=1024)
def _readiness(statuses: tuple[str, ...], unit: str) -> Readiness:
    """Cached, and bounded: schools have their labels' criteria in the same few states, and a
    frozen Readiness, shared, was a fifth of a label's line."""
    return Readiness(
        statuses.count(MET),
        statuses.count(MET_BY_EQUIVALENCE),
        len(statuses) - statuses.count(NOT_APPLICABLE) - statuses.count(NOT_EVALUATED),
        statuses.count(UNSUPPORTED),
        statuses.count(NOT_EVALUATED),
        unit,
    )


def synthesis(result: DossierResult) -> list[LabelLine]:
    profile = result.profile or "—"
    lines = []
    for label in result.labels:
        held = label.held
        # Its findings' severities read in one pass, then counted in C: two passes of
        # LabelResult.count, a generator each, were a fifth of the synthesis.
        severities = [finding.severity for finding in label.findings]
        lines.append(
            LabelLine(
                label.label,
                label.name,
                label.verdict,
                french.date(held["awarded"] if held else None),
                french.date(held["expires"] if held else None),
                french.date(held["renewal_due_from"] if held else None),
                held_state(label),
                held_by(held) if held else "",
                french.application(label),
                french.date(label.as_of),
                profile,
                readiness(label),
                held is not None and held["status"] == "expired",
                severities.count("blocking"),
                severities.count("warning"),
                label.renewal_name,
                held_state_said(label),
                held is not None and held["status"] == "not-yet-awarded",
            )
        )
    return lines


def held_state_said(label: LabelResult) -> bool:
    """Whether the held label's state is said already beside its dates: by « expiré le », or
    by the verdict, which is the state of a label held with no application (« pas encore
    attribué » twice in a row, « valide » twice)."""
    held = label.held
    return held is not None and held["status"] in ("expired", label.verdict)


def held_state(label: LabelResult) -> str:
    """The held label's state in words (« valide »…), "" when it is not held; in its last
    period with the renewal or a higher level applied for, « renouvellement engagé » or
    « candidature au niveau 2 engagée », no longer « à engager » (french.held_state)."""
    held = label.held
    if not held:
        return ""
    return french.held_state(
        held["status"],
        label.renewal_name,
        label.renewal_feminine,
        label.application,
        label.level,
        held.get("level"),
    )


def held_by(held: HeldInfo) -> str:
    """`niveau 2`, `titulaire : GRETA Cher`: a holder is a name, with or without its article."""
    parts = [f"niveau {held['level']}"] if held.get("level") else []
    return ", ".join(
        parts + ([french.colon("titulaire", held["holder"])] if held.get("holder") else [])
    )


# -- 2 Critères ------------------------------------------------------------------------------


@dataclass
class CriterionLine:
    label_name: str
    ref: str
    title: str
    status: str
    via: str  # the name of the label that stood in, for met-by-equivalence
    # What allows it (the equivalence's title and its source text); without `via`, why an
    # equivalence in force did not stand in (an open nonconformity), else "".
    equivalence: str
    evidence: str
    adoption: str = (
        ""  # who adopted the equivalence: « adoptée par le profil … », « décision de … du … »
    )
    grades: str = (
        ""  # the auditors' grades: « écart (ldm:7.35, audit de renouvellement du 20/05/2026) »
    )
    paraphrase: bool = False  # the title is our wording, not the text's

    @property
    def status_text(self) -> str:
        return french.STATUSES[self.status]

    @property
    def title_note(self) -> str:
        return french.PARAPHRASE if self.paraphrase else ""


def criteria(result: DossierResult) -> list[CriterionLine]:
    """Every criterion of every label, one line each, with or without --details: the matrix is
    the contract's (cli-and-report, « Critères »), so a label held with no application shows
    each of its criteria « non évalué », not a count of them."""
    names = label_names(result)
    lines = []
    for label in result.labels:
        equivalences = {e["id"]: e for e in label.equivalences}
        for criterion in label.criteria:
            allowing, adoption = "", ""
            if criterion.via:
                equivalence = equivalences.get(criterion.equivalence or "")
                allowing = " — ".join(
                    p
                    for p in (
                        equivalence["title"] if equivalence else "",
                        criterion.equivalence_source or "",
                    )
                    if p
                )
                adoption = french.adoption(equivalence, result.profile) if equivalence else ""
            elif aside := criterion.set_aside:  # named with why it did not stand in
                allowing = french.equivalence_set_aside(aside.via_name, aside.fiches)
            lines.append(
                CriterionLine(
                    label.name,
                    criterion.ref,
                    criterion.title,
                    criterion.status,
                    criterion.via_name or names.get(criterion.via or "", criterion.via or ""),
                    allowing,
                    _evidence_text(criterion),
                    adoption,
                    french.grade_list(criterion.grades, label.audit_names)
                    if criterion.grades
                    else "",
                    criterion.wording == "paraphrase",
                )
            )
    return lines


def _evidence_text(criterion: CriterionResult) -> str:
    """The ids of the evidence supporting a criterion; for one documented by a self-assessment
    line alone (no id to list), that line said: the status must be seen to rest on something."""
    if criterion.evidence:
        return ", ".join(criterion.evidence)
    return french.SELF_ASSESSED_ONLY if criterion.status == MET else ""


def not_evaluated_text(count: int, unit: str = "critère") -> str:
    """`7 critères non évalués (sans candidature)`: a label held, or awarded only after the
    as-of date (not held yet: « label détenu » would say otherwise), with no application.
    `unit`: what the label calls its criteria (« 4 domaines non évalués »)."""
    return (
        f"{french.plural(count, f'{unit} non évalué', f'{unit}s non évalués')} (sans candidature)"
    )


def criterion_title(criterion: CriterionResult) -> str:
    """A criterion's title as a heading reads it, marked when it is our paraphrase."""
    return (
        f"{criterion.title} {french.PARAPHRASE}"
        if criterion.wording == "paraphrase"
        else criterion.title
    )


def label_names(result: DossierResult) -> dict[str, str]:
    return {label.label: label.name for label in result.labels}


# -- 3 À faire -------------------------------------------------------------------------------


@dataclass
class Task:
    severity: str
    message: str
    rule: str
    source: str
    remedy: str
    due: str
    nature: str = "text"  # text | academy | operational: who asks it (cli-and-report 1.1)
    new: bool | None = None  # with --baseline: absent from the baseline report
    overdue: bool = False  # its due date is before the label's as-of date
    due_exclusive: bool = False  # its due date is the first day too late (Finding.due_exclusive)
    severity_reason: str = ""  # the profile's reason, when it set the severity
    severity_kept: bool = False  # the reason says why the rule's own severity holds (Finding)
    kind: str = ""  # the rule's kind: a `validity` finding's date is the label's expiry

    @property
    def expired(self) -> bool:
        """Past the date of a validity finding, the label has expired: no task done late, as
        the échéancier says it (« label expiré », `step_state`)."""
        return self.overdue and self.kind == "validity"

    @property
    def severity_note(self) -> str:
        """« gravité fixée par le profil académique : … », or nothing."""
        if not self.severity_reason:
            return ""
        return french.severity_set(self.severity_reason, self.severity_kept)

    @property
    def due_text(self) -> str:
        """The due date as a column shows it: `30/09/2026`, or `30/09/2026 (en retard)`, as the
        steps say it; a first day too late (an expiry) `avant le 01/09/2027`, as the text
        report says it: a bare date there reads as the last day still in time."""
        if self.due and self.overdue:
            return f"{self.due} ({STEP_STATES['expired'] if self.expired else 'en retard'})"
        return f"avant le {self.due}" if self.due and self.due_exclusive else self.due

    @property
    def new_text(self) -> str:
        """« nouveau » for a finding a run with --baseline did not know, else nothing."""
        return NEW_MARK if self.new else ""

    @property
    def severity_text(self) -> str:
        return french.SEVERITIES[self.severity]

    @property
    def nature_text(self) -> str:
        return french.nature(self.nature)


@dataclass
class TaskGroup:
    ref: str
    title: str
    tasks: tuple[Task, ...]


@dataclass
class LabelTasks:
    label: str
    name: str
    groups: tuple[TaskGroup, ...]  # what blocks and what warns: the « À faire » rows
    waivers: tuple[str, ...]
    information: str = (
        ""  # information items folded to one line: « 33 descripteurs … — facultatif »
    )
    notes: tuple[Task, ...] = ()  # the same items in full, with --details only


def by_criterion(label: LabelResult, findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """`findings` of the label, in their order, under the ref of the criterion they name; those
    naming no criterion of the label (the label itself, a criterion outside its référentiel)
    under the label's id. Every writer groups a label's findings with this."""
    refs = {c.ref for c in label.criteria}
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        ref = criterion_of(finding.ref)
        grouped.setdefault(ref if ref in refs else label.label, []).append(finding)
    return grouped


def todo(result: DossierResult, details: bool = False) -> list[LabelTasks]:
    """Per label, blocking findings and warnings grouped by criterion, groups holding blocking
    findings first; information items out of the rows, folded to one line (and, with
    --details, kept in full: two dozen a dossier, made into tasks only to be shown)."""
    out = []
    for label in result.labels:
        # In Finding.sort_key's order already: the engine sorts a label's findings so.
        infos: list[Finding] = []
        rows: list[Finding] = []
        for finding in label.findings:
            (infos if finding.severity == "info" else rows).append(finding)
        if rows and infos:
            infos = _not_outweighed(infos, rows)
        # Most labels have nothing to do: their criteria are then not looked through.
        by_ref = by_criterion(label, rows) if rows else {}
        titles = {c.ref: c for c in label.criteria if c.ref in by_ref} if rows else {}
        groups = [
            TaskGroup(
                ref,
                criterion_title(titles[ref]) if ref in titles else LABEL_LEVEL,
                tuple([task(finding, label.as_of) for finding in found]),
            )
            for ref, found in by_ref.items()
        ]
        groups.sort(
            key=lambda g: (
                SEVERITY_ORDER[g.tasks[0].severity],
                g.ref != label.label,
                ref_sort_key(g.ref),
            )
        )
        out.append(
            LabelTasks(
                label.label,
                label.name,
                tuple(groups),
                tuple(waivers(label)),
                information(infos),
                tuple([task(finding, label.as_of) for finding in infos]) if details else (),
            )
        )
    return out


def _not_outweighed(infos: list[Finding], rows: list[Finding]) -> list[Finding]:
    """The information items but those on an item (`ldm:9.47`) that a blocking finding or a
    warning of the label names too: an academy's rule requiring an action for a descriptor,
    while the folded line still counted it among the descriptors « sans élément de preuve —
    facultatif » (the plugin author's audit). The graver word is the one said; JSON keeps
    both."""
    graver = {finding.ref for finding in rows if "." in finding.ref}
    if not graver:
        return infos
    return [finding for finding in infos if finding.ref not in graver]


def task(finding: Finding, as_of: dt.date | None = None) -> Task:
    """The finding as a row of a to-do list; past its due date at `as_of`, said overdue."""
    return Task(
        finding.severity,
        finding.message,
        finding.rule,
        finding.source,
        finding.remedy or "",
        french.date(finding.due) if finding.due else "",
        finding.nature,
        finding.new,
        overdue=overdue(finding, as_of),
        due_exclusive=finding.due_exclusive,
        severity_reason=finding.severity_reason or "",
        severity_kept=finding.severity_kept,
        kind=finding.kind,
    )


def information(findings: list[Finding]) -> str:
    """`Pour information : 33 descripteurs sans élément de preuve — facultatif (lecture
    opérationnelle) ; …`, one phrase per rule, counted in the rule's own words, with the nature
    every finding is shown with (cli-and-report 1.1); "" when there is nothing to tell."""
    # By rule and nature: a rule's findings may rest on different grounds (Violation.nature).
    by_rule: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault((finding.rule, finding.nature), []).append(finding)
    phrases = []
    for found in by_rule.values():
        first, count = found[0], len(found)
        if first.counted:
            phrase = french.plural(count, *first.counted)
        else:  # a rule that does not say how to count its findings (a profile made it info)
            phrase = (
                first.title
                if count == 1
                else french.colon(first.title, french.plural(count, "constat"))
            )
        about = french.nature(first.nature)
        if first.severity_reason:  # lowered to information by the profile: say why
            about += f", {french.severity_set(first.severity_reason, first.severity_kept)}"
        phrases.append(f"{phrase} ({about})")
    return french.colon("Pour information", " ; ".join(phrases)) if phrases else ""


_INNER_QUOTES = re.compile(r"«\s*(.*?)\s*»")


def waivers(label: LabelResult) -> Iterable[str]:
    for waiver in label.waivers:
        until = french.date(waiver.expires) if waiver.expires else ""
        if waiver.status == "active":
            state = f"active jusqu'au {until}" if until else "active"
        else:
            again = french.date(waiver.expires + dt.timedelta(days=1)) if waiver.expires else ""
            state = f"échue le {until} : la règle s'applique de nouveau depuis le {again}"
        # The school reads the rule by its title (docs/messages.md: no rule ids in prose); the
        # title's own « » become “ ” inside the quotes, as French quotes within quotes do.
        rule = (
            french.quoted(_INNER_QUOTES.sub(r"“\1”", waiver.title)) if waiver.title else waiver.rule
        )
        yield f"Dérogation du profil à la règle {rule} ({state}) : {waiver.reason}"


# -- 4 Échéancier ----------------------------------------------------------------------------

# Where a step stands at its label's as-of date. A deadline the dossier records done (its
# milestone's `done_by`: the audit plan returned, the report sent) is « fait le … », early or
# late. Another deadline passed is « en retard » when a finding still says so (due that day),
# else only « date passée » : the dossier does not record every step done, and the report
# claims neither done nor late what it cannot see (« passée » read as done, of a plan no one
# had returned: the lifecycle audit). An event (the audit) has taken place when the dossier
# records it, not when its date has passed.
STEP_STATES = {
    "upcoming": "à venir",
    "planned": "prévu",
    "open": "en cours",
    "started": "période ouverte",
    "closed": "période close",
    "missed": "manquée",
    "late": "en retard",
    "expired": french.LABEL_EXPIRED,
    "passed": "date passée",
    "held": "a eu lieu",
    "done": "fait",
    "unrecorded": "date passée, aucun audit au dossier",
}


# Hashable, the HTML and Markdown reports keying a cache with it, but not frozen, as the other
# rows: a frozen one, its fields each set through object.__setattr__, took 1.4 µs to make
# against 0.4 (eight steps a school).
@dataclass(unsafe_hash=True)
class StepLine:
    date: dt.date
    end: dt.date | None
    label_name: str
    what: str
    source: str
    state: str  # a key of STEP_STATES
    at: str = ""  # the date `state` is judged at, shown when the labels' as-of dates differ
    held_on: dt.date | None = None  # a window's audit, when it took place
    done_on: dt.date | None = None  # a deadline the dossier records done, when

    @property
    def when(self) -> str:
        return french.day_or_period(self.date, self.end)

    @property
    def past(self) -> bool:
        return self.state not in ("upcoming", "planned", "open")

    @property
    def state_text(self) -> str:
        if self.held_on is not None and self.end is not None:  # a window, its audit held: say when
            return f"{STEP_STATES[self.state]} le {french.date(self.held_on)}"
        if self.done_on is not None:
            return f"{STEP_STATES[self.state]} le {french.date(self.done_on)}"
        return f"{STEP_STATES[self.state]} au {self.at}" if self.at else STEP_STATES[self.state]


def timeline(result: DossierResult) -> list[StepLine]:
    """Every label's dated steps in one calendar, each with where it stands at its label's as-of
    date, or on the day the report was made when the label is judged ahead of it (`seen_from`:
    an audit still to come is « prévu », not « a eu lieu »). When the labels are seen from
    different dates (an application judged at a past audit, a held label today), each state
    says its date: « à venir » would otherwise read against the day the report was made."""
    several = len({seen_on(label) for label in result.labels}) > 1
    lines = [
        StepLine(
            step.date,
            step.end,
            label.name,
            step.what,
            step.source,
            step_state(step, label),
            french.date(seen_on(label)) if several else "",
            *_recorded_by(step, seen_on(label)),
        )
        for label in result.labels
        for step in label.steps
    ]
    return sorted(lines, key=lambda s: (s.date, s.end or s.date, s.label_name, s.what))


def seen_on(label: LabelResult) -> dt.date:
    """The day the label's échéancier is read from: its as-of date, or the run's, earlier."""
    return label.as_of if label.seen_from is None else label.seen_from


def _recorded_by(step: Step, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The days the step's audit was held and its deadline done, if by `day`."""
    held_on = step.held_on if step.held_on is not None and step.held_on <= day else None
    done_on = step.done_on if step.done_on is not None and step.done_on <= day else None
    return held_on, done_on


def step_state(step: Step, label: LabelResult) -> str:
    as_of = seen_on(label)
    held_on, done_on = _recorded_by(step, as_of)
    if step.end is not None:  # a window
        if held_on is not None:
            return "held"
        if as_of < step.date:
            return "upcoming"
        if as_of <= step.end:
            return "open"
        return "missed" if _flagged(label, step.end) is not None else "closed"
    if done_on is not None:  # recorded done by the as-of date, early or late
        return "done"
    if step.validity_end and as_of >= step.date and _expired_on(label, step.date):
        # A label's end of validity is no deadline still to meet on its day: it has expired
        # that day (« a expiré le » two lines above « à venir » read false), and after it,
        # a renewal pending or not (Euroscol's read « date passée » where LDM's read « label
        # expiré »: only LDM has a finding then; the cross-label audit).
        return "expired"
    if as_of < step.date or (
        as_of == step.date and step.kind == "deadline"
    ):  # due today: still to do
        return "planned" if step.kind == "event" else "upcoming"
    if step.kind == "event":
        if held_on is not None:
            return "held"
        # Only the application's audit is known to be recorded in [[audits]]: another label's
        # event is no audit, and the dossier may have no place to record it.
        return "unrecorded" if step.application_audit else "passed"
    if step.kind == "start":
        # A period that opens before an end of validity (the renewal's) closes with it: once
        # the label has expired, « période ouverte » two lines above « label expiré » read false.
        return "closed" if label.held and label.held["status"] == "expired" else "started"
    if as_of > step.date and (flagged := _flagged(label, step.date)):
        # An end of validity is no task done late: the label has expired.
        return "expired" if flagged == "validity" else "late"
    return "passed"


def _expired_on(label: LabelResult, day: dt.date) -> bool:
    """Whether the label held expired on `day`."""
    held = label.held
    return held is not None and held["status"] == "expired" and held["expires"] == day


def _flagged(label: LabelResult, due: dt.date) -> str | None:
    """The kind of a blocking finding or a warning of the label due that day (the step was
    missed or late, or the label expired then), or None."""
    return next((f.kind for f in label.findings if f.due == due and f.severity != "info"), None)


# -- 5 Preuves partagées ---------------------------------------------------------------------


@dataclass
class SharedLine:
    id: str
    kind: str
    title: str
    refs: str


BOUNDS = {"minimum": " au moins", "maximum": " au plus"}


def target_text(target: int | float | None, direction: str | None) -> str:
    """`40 au moins`, `5 au plus`, `40` when the dossier does not say which."""
    if target is None:
        return "—"
    return french.number(target) + BOUNDS.get(direction or "", "")


@dataclass
class Trend:
    id: str
    name: str
    refs: str
    values: tuple[tuple[str, int | float], ...]  # (year, value), by year
    target: int | float | None
    shared: bool
    direction: str | None = None  # minimum: to reach; maximum: not to pass; None: not said
    # Made with the trend, every writer reading both (HTML twice: the table, the chart's
    # description), not on first reading: a descriptor's call each was a sixth of their cost.
    values_text: str = field(init=False, repr=False)
    plain_years: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """values_text: `2024 : 24 ; 2025 : 31`, typeset as it is made (the space before each
        colon and semicolon narrow and no-break): the writers' typesetting then finds nothing
        to do in it, where it was 5 % of a school's HTML. Each measure as french.colon writes
        it, here at once: a call a measure was a fifth of the cost.

        plain_years: whether its years are digits, as a dossier's are (dossier format 1.1):
        its values_text, then, holds nothing of the dossier's that a writer escapes. A list,
        not a generator, for a trend's few years: a third of the cost."""
        number, space = french.number, french.NNBSP
        measures = [f"{year}{space}: {number(value)}" for year, value in self.values]
        self.values_text = f"{space}; ".join(measures) or "—"
        self.plain_years = all([year.isdigit() for year, _ in self.values])

    @property
    def target_text(self) -> str:
        return target_text(self.target, self.direction)

    @property
    def state(self) -> str:
        """met | unmet | none: see target_state."""
        last = self.values[-1][1] if self.values else None
        return target_state(last, self.target, self.direction)

    @property
    def state_text(self) -> str:
        """`atteinte en 2025`, `non atteinte en 2025 (6,3)`, or why it cannot be said."""
        if self.target is None:
            return "sans cible"
        if not self.values:
            return "aucune mesure"
        if self.direction is None:  # with the key to write, as the text report says it
            return (
                'sens de la cible non précisé (direction = "minimum" pour une cible à atteindre, '
                '"maximum" pour un plafond)'
            )
        year, value = self.values[-1]
        if self.state == "met":
            return f"atteinte en {year}"
        return f"non atteinte en {year} ({french.number(value)})"


def shared_evidence(result: DossierResult) -> list[SharedLine]:
    if not result.shared_evidence:
        return []
    titles = _entry_titles(result.dossier, {(s.kind, s.id) for s in result.shared_evidence})
    return [
        SharedLine(
            s.id,
            french.EVIDENCE_KINDS.get(s.kind, s.kind),
            titles.get((s.kind, s.id), ""),
            ", ".join(s.refs),
        )
        for s in result.shared_evidence
    ]


def links(result: DossierResult) -> list[str]:
    return [
        f"{link['title']} ({link.get('from_name') or link['from']} → {link['to']}) — "
        f"{link['source']}"
        for link in result.links
    ]


def no_label(result: DossierResult) -> str:
    """What a valid dossier with no label judged says: that it holds and asks for none, or
    which of its labels this run left aside (`--label`, or a plugin disabled for its errors):
    « aucun label détenu ni demandé » would be false of a school holding two. "" for a
    dossier with labels judged, or not judged at all (invalid, or an internal error)."""
    if result.labels or result.errors or result.internal_error or not result.profile:
        return ""
    dossier = result.dossier
    aside = sorted(dossier.label_ids()) if dossier else []
    if not aside:
        return "Aucun label détenu ni demandé dans ce dossier."
    named = f"les labels {french.enumeration(aside)}" if len(aside) > 1 else f"le label {aside[0]}"
    return (
        f"Aucun label évalué : ce dossier détient ou demande {named}, que cette évaluation "
        "laisse de côté (option --label, ou plugin désactivé pour ses erreurs)."
    )


def target_state(
    last: int | float | None, target: int | float | None, direction: str | None
) -> str:
    """met | unmet | none: an indicator's last year's value against its target, when both and
    the direction are known."""
    if target is None or last is None or direction is None:
        return "none"
    met = last >= target if direction == "minimum" else last <= target
    return "met" if met else "unmet"


def trends(result: DossierResult) -> list[Trend]:
    """The dossier's indicators monitoring at least one evaluated label."""
    keyed = []
    for indicator, labels, measures, (refs, first) in _monitoring(result):
        # Its refs and the indicators in the order of the criteria they serve: the dossier's
        # own orders change nothing.
        trend = Trend(
            indicator.id,
            indicator.name,
            refs,
            tuple(sorted(measures.items())),
            indicator.target,
            len(labels) > 1,
            indicator.direction,
        )
        keyed.append(((first, indicator.id), trend))
    keyed.sort(key=itemgetter(0))
    return [trend for _, trend in keyed]


def target_states(result: DossierResult) -> list[str]:
    """The `state` each of `trends(result)` has, in no particular order, without making them:
    what the text report counts without --details (making every Trend was 35 µs a school)."""
    return [
        target_state(
            measures[max(measures)] if measures else None, indicator.target, indicator.direction
        )
        for indicator, _, measures, _ in _monitoring(result)
    ]


def undirected_targets(result: DossierResult) -> int:
    """How many of `trends(result)` have a target and a measure but not the target's direction:
    their state is `none`, and the text report counts them apart, not left out (« 1 non
    atteinte » for five targets set: the new user's audit)."""
    return sum(
        1
        for indicator, _, measures, _ in _monitoring(result)
        if indicator.target is not None and measures and indicator.direction is None
    )


def _monitoring(
    result: DossierResult,
) -> Iterator[tuple[Indicator, frozenset[str], dict[str, int | float], tuple[str, tuple]]]:
    """The dossier's indicators monitoring at least one evaluated label, with those labels,
    the measures known at the latest as-of date of the labels, as the shared evidence is read,
    and its refs in order (`_served`). A measure of a later year is not counted (dossier format
    1.1): the report's notices name it, and the target it would reach is not reached yet."""
    if result.dossier is None or not result.labels:
        return
    evaluated = frozenset([label.label for label in result.labels])
    year = max(label.as_of for label in result.labels).year
    for indicator in result.dossier.indicators:
        labels, in_order = _served(tuple(indicator.supports), evaluated)
        if labels:
            measures = indicator.values
            if measures and _last_year(tuple(measures)) > year:
                measures = {y: value for y, value in measures.items() if int(y) <= year}
            yield indicator, labels, measures, in_order


# Cached, and bounded: schools' indicators serve the same few sets of criteria, and are
# measured over the same few years; each was made anew for each of some fifteen indicators.
@lru_cache(maxsize=4096)
def _served(
    refs: tuple[str, ...], evaluated: frozenset[str]
) -> tuple[frozenset[str], tuple[str, tuple]]:
    """What an indicator's refs tell of the labels `evaluated`, in one lookup: those whose
    criteria they name; those refs in the order of the criteria, as a list says them, and the
    sort key of the first (sorting them by ref_sort_key was a third of making a trend). A
    ref of a label the school neither holds nor asks for, or that --label left aside, is not
    said: the shared evidence just above leaves it out (the cross-label audit)."""
    kept = [ref for ref in refs if label_of(ref) in evaluated]
    if not kept:
        return frozenset(), ("", ())
    ordered = sorted(kept, key=ref_sort_key)
    labels = frozenset([label_of(ref) for ref in kept])
    return labels, (", ".join(ordered), ref_sort_key(ordered[0]))


@lru_cache(maxsize=1024)
def _last_year(years: tuple[str, ...]) -> int:
    """The last of these years."""
    return max(map(int, years))


# The dossier's entries a shared element may be, by kind: where they are, and their title.
ENTRIES: dict[str, tuple[str, Callable[[Any], str]]] = {
    "document": ("documents", lambda d: d.title or d.type),
    "indicator": ("indicators", lambda i: i.name),
    "action": ("actions", lambda a: a.title),
    "partner": ("partners", lambda p: p.name),
}


def _entry_titles(dossier, shared: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The titles of these entries of the dossier, by kind and id: those shared alone, some
    ten of its fifty entries (each title made by a call, for all of them, was a third of the
    section)."""
    if dossier is None:
        return {}
    titles = {}
    for kind in {kind for kind, _ in shared} & ENTRIES.keys():
        where, title = ENTRIES[kind]
        for entry in getattr(dossier, where):
            if (kind, entry.id) in shared:
                titles[kind, entry.id] = title(entry)
    return titles


# -- 6 Constats d'audit ----------------------------------------------------------------------


@dataclass
class AuditColumn:
    label_name: str
    audit: str
    date: str
    lead: str


@dataclass
class AuditGrid:
    """Audits side by side: one column per audit, one row per grade, findings in the cells."""

    columns: tuple[AuditColumn, ...]
    rows: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]  # (grade in French, cells)


def audit_grid(result: DossierResult) -> AuditGrid:
    if result.dossier is None:
        return AuditGrid((), ())
    names = label_names(result)
    audits = sorted(
        (a for a in result.dossier.audits if a.label in names),
        key=lambda a: (a.label, a.date, a.type),
    )
    as_of = {label.label: label.as_of for label in result.labels}
    seen = {label.label: seen_on(label) for label in result.labels}
    audit_names = {label.label: label.audit_names for label in result.labels}
    columns = tuple(
        AuditColumn(
            names[a.label],
            french.audit_name(audit_names[a.label], a.type),
            _audit_date(a.date, as_of[a.label], seen[a.label]),
            a.lead or "",
        )
        for a in audits
    )
    grades = {f.grade for a in audits for f in a.findings}
    ordered = [g for g in GRADE_ORDER if g in grades] + sorted(grades - set(GRADE_ORDER))
    # Each audit's findings sorted once, not once for each grade.
    found = [sorted(a.findings, key=lambda f: (ref_sort_key(f.ref), f.text or "")) for a in audits]
    rows = tuple(
        (
            french.GRADES.get(grade, grade),
            tuple(
                tuple([f"{f.ref} — {f.text}" if f.text else f.ref for f in its if f.grade == grade])
                for its in found
            ),
        )
        for grade in ordered
    )
    return AuditGrid(columns, rows)


def _audit_date(date: dt.date, as_of: dt.date, seen: dt.date) -> str:
    """An audit's date; one held after its label's as-of date does not count yet (dossier format
    1.1), and the grid says so, as its grades are not shown beside the criteria. One still to
    come on the day of the report (a label judged at its audit, `seen_on`) is said to come:
    « Aucun constat consigné » under it read as an audit held without findings."""
    if seen < date <= as_of:
        return f"{french.date(date)} (à venir)"
    if date <= as_of:
        return french.date(date)
    return french.typeset(
        f"{french.date(date)} (après la date d'évaluation du {french.date(as_of)} : "
        "pas encore pris en compte)"
    )


# -- 7 Plan d'actions ------------------------------------------------------------------------

# Where an action stands at its label's as-of date; « terminée le … » carries its date.
ACTION_STATES = {
    "done": "terminée",
    "running": "en cours",
    "late": "en retard",
    "upcoming": "à venir",
    "undated": "non datée",
}
NO_CRITERION = "Actions rattachées à aucun critère"
NO_OWNER = "non désigné"  # an action whose plan names no pilot


@dataclass
class ActionLine:
    id: str
    title: str
    owner: str  # "" when the plan names no pilot
    dates: str  # « du 01/09/2024 au 30/06/2026 », « à partir du … », « jusqu'au … », ""
    state: str  # a key of ACTION_STATES
    done: str  # the date it was finalised, when done by the as-of date
    indicators: tuple[str, ...]  # « Mobilités : 24 en 2025, cible 30 au moins »
    also: str  # the other criteria it serves: « sert aussi euroscol:3 »

    @property
    def state_text(self) -> str:
        return f"terminée le {self.done}" if self.state == "done" else ACTION_STATES[self.state]

    @property
    def owner_text(self) -> str:
        return self.owner or NO_OWNER


@dataclass
class ActionGroup:
    label_name: str  # "" for the actions tied to no criterion
    ref: str
    title: str
    actions: tuple[ActionLine, ...]
    as_of: str  # the date the states are read at: each label has its own (cli-and-report)


def action_heading(label_name: str, ref: str, title: str, as_of: str) -> str:
    """`ldm:6 — La mise en œuvre … (Lycée des métiers, état au 20/05/2026)`: a group's
    heading, made from these four alone (the HTML and Markdown reports cache it by them)."""
    text = " — ".join(part for part in (ref, title) if part)
    where = ", ".join(part for part in (label_name, f"état au {as_of}") if part)
    return f"{text} ({where})"


def action_plan(result: DossierResult) -> list[ActionGroup]:
    """The dossier's action plan (LDM 002 for a Lycée des métiers) by criterion of each label
    evaluated, as its label's as-of date sees it; an action serving two criteria is under both.
    Actions tied to no criterion come last, under their own heading."""
    if result.dossier is None or not result.dossier.actions:
        return []
    actions = result.dossier.actions
    write = _ActionWriter(result.dossier.indicators)
    serving = _serving(actions)
    groups = []
    for label in result.labels:
        served = serving.get(label.label)
        if not served:
            continue
        by_ref: dict[str, list[ActionLine]] = {}
        criteria = {c.ref: c for c in label.criteria}
        for action, mine, every in served:
            for ref in mine:
                others = sorted(every - {ref}) if len(every) > 1 else []
                line = write.line(action, label.as_of, others)
                by_ref.setdefault(ref if ref in criteria else label.label, []).append(line)
        as_of_text = french.date(label.as_of)
        for ref in sorted(by_ref, key=lambda r: (r != label.label, ref_sort_key(r))):
            title = criterion_title(criteria[ref]) if ref in criteria else LABEL_LEVEL
            # By id, as the other lists of the report: the order of [[actions]] changes nothing.
            # Most criteria have one action: sorting it alone was a tenth of the plan.
            served_here = by_ref[ref]
            if len(served_here) > 1:
                served_here.sort(key=lambda line: line.id)
            groups.append(ActionGroup(label.name, ref, title, tuple(served_here), as_of_text))
    loose = [a for a in actions if not a.supports]
    if loose and result.labels:
        as_of = max(label.as_of for label in result.labels)
        lines = tuple([write.line(a, as_of, []) for a in sorted(loose, key=lambda a: a.id)])
        groups.append(ActionGroup("", "", NO_CRITERION, lines, french.date(as_of)))
    return groups


def _serving(actions: list[Action]) -> dict[str, list[tuple[Action, set[str], set[str]]]]:
    """Each label's actions, with the criteria each serves there and those it serves in all,
    in one pass over the plan; an action naming one ref (most do) without a set made per label."""
    serving: dict[str, list[tuple[Action, set[str], set[str]]]] = {}
    for action in actions:
        supports = action.supports
        if len(supports) == 1:
            every = {criterion_of(supports[0])}
            serving.setdefault(label_of(supports[0]), []).append((action, every, every))
            continue
        every = {criterion_of(ref) for ref in supports}
        for label_id in {label_of(ref) for ref in supports}:
            mine = {criterion_of(ref) for ref in supports if label_of(ref) == label_id}
            serving.setdefault(label_id, []).append((action, mine, every))
    return serving


class _ActionWriter:
    """The lines of one dossier's action plan: an indicator several actions follow is
    written once per as-of date (its text was half the cost of a line)."""

    def __init__(self, indicators: list[Indicator]):
        self.indicators = {i.id: i for i in indicators}
        self.said: dict[tuple[str, dt.date], str] = {}

    def line(self, action: Action, as_of: dt.date, others: list[str]) -> ActionLine:
        """An action as its label's as-of date sees it; `others`: the other criteria it serves."""
        done = action.done if action.done and action.done <= as_of else None
        return ActionLine(
            action.id,
            action.title,
            action.owner or "",
            action_dates(action.start, action.end),
            action_state(action.start, action.end, done, as_of),
            french.date(done) if done else "",
            tuple(
                [
                    self.indicator_text(self.indicators[i], as_of)
                    for i in sorted(action.indicators)
                    if i in self.indicators
                ]
            ),
            f"sert aussi {', '.join(others)}" if others else "",
        )

    def indicator_text(self, indicator: Indicator, as_of: dt.date) -> str:
        key = (indicator.id, as_of)
        text = self.said.get(key)
        if text is None:
            text = self.said[key] = indicator_text(indicator, as_of)
        return text


def action_state(
    start: dt.date | None, end: dt.date | None, done: dt.date | None, as_of: dt.date
) -> str:
    """A finalisation dated after the as-of date is not one yet (the dossier as it stood then);
    late is the planned end passed, as LDM-ACTION-LATE reads it."""
    if done is not None:
        return "done"
    if start is not None and start > as_of:
        return "upcoming"
    if end is not None and end < as_of:
        return "late"
    return "running" if start or end else "undated"


@lru_cache(maxsize=1024)
def action_dates(start: dt.date | None, end: dt.date | None) -> str:
    """Cached, and bounded: schools run their actions over the same few school years."""
    if start and end:
        return f"du {french.date(start)} au {french.date(end)}"
    if start:
        return f"à partir du {french.date(start)}"
    return f"jusqu'au {french.date(end)}" if end else ""


def indicator_text(indicator: Indicator, as_of: dt.date) -> str:
    """`Mobilités : 24 en 2025, cible 30 au moins`: its last measure by the as-of date's year."""
    year = _last_measured(tuple(indicator.values), as_of.year)
    last = (
        f"{french.number(indicator.values[year])} en {year}"
        if year is not None
        else "aucune mesure"
    )
    target = (
        f"cible {target_text(indicator.target, indicator.direction)}"
        if indicator.target is not None
        else "sans cible"
    )
    return f"{indicator.name} : {last}, {target}"


@lru_cache(maxsize=4096)
def _last_measured(years: tuple[str, ...], by: int) -> str | None:
    """The last of these years not after `by`, or None. Cached, and bounded: schools measure
    their indicators over the same few years."""
    measured = [year for year in years if int(year) <= by]
    return max(measured) if measured else None


# -- invalid dossiers ------------------------------------------------------------------------


@dataclass
class ErrorLine:
    line: str
    path: str
    message: str


def errors(result: DossierResult) -> list[ErrorLine]:
    return [ErrorLine(str(e.line) if e.line else "", e.path, e.full_message) for e in result.errors]


# -- one school, and the overview ------------------------------------------------------------


@dataclass
class SchoolView:
    anchor: str
    name: str
    uai: str
    path: str
    profile: str  # judged under, and why: "national (par défaut)"; "" when not judged
    errors: list[ErrorLine]
    internal_error: str
    synthesis: list[LabelLine]
    criteria: list[CriterionLine]
    todo: list[LabelTasks]
    timeline: list[StepLine]
    shared: list[SharedLine]
    links: list[str]
    trends: list[Trend]
    audits: AuditGrid
    actions: list[ActionGroup] = field(default_factory=list)  # none: the section is left out
    no_label: str = ""  # what a valid dossier with no label judged says instead (`no_label`)


def school_view(result: DossierResult, anchor: str, details: bool = False) -> SchoolView:
    judged = result.profile and not result.errors and not result.internal_error
    return SchoolView(
        anchor,
        result.name or "(établissement sans nom)",
        result.uai or "numéro UAI inconnu",
        result.path,
        french.dossier_profile(result) if judged else "",
        errors(result),
        result.internal_error or "",
        synthesis(result),
        criteria(result),
        todo(result, details),
        timeline(result),
        shared_evidence(result),
        links(result),
        trends(result),
        audit_grid(result),
        action_plan(result),
        no_label(result),
    )


@dataclass
class OverviewRow:
    anchor: str
    name: str
    uai: str
    verdicts: dict[str, str]  # label id -> verdict id
    invalid: bool  # not evaluated: its input errors, or an error inside labelcheck
    blocking: int
    warning: int = 0
    internal_error: bool = False
    as_of: dict[str, dt.date] = field(default_factory=dict)  # label id -> its as-of date
    # label id -> its renewal's word, where the label has its own (« relabellisation »)
    renewal_names: dict[str, str] = field(default_factory=dict)
    page: str = ""  # its own page, in a report written as a folder (--pages), else ""

    @property
    def link(self) -> str:
        """Where the overview's row leads: its school's section, or its school's page."""
        return link(self.page) if self.page else f"#{self.anchor}"

    def verdict_text(self, label: str) -> str:
        """A label's verdict in the overview's narrow column: its renewal in its own word, as
        the school's section says it, without the date its section gives."""
        return french.verdict(
            self.verdicts[label], self.renewal_names.get(label, french.APPLICATIONS["renewal"])
        )

    @property
    def counts(self) -> tuple[str, str]:
        """Its blocking findings and warnings as the overview's cells: « — » for a dossier not
        evaluated, whose 0 would read as nothing to do."""
        return ("—", "—") if self.invalid else (str(self.blocking), str(self.warning))

    @property
    def problem(self) -> str:
        """What stopped its evaluation, as the overview says it; "" for a dossier evaluated."""
        return (
            "erreur interne" if self.internal_error else "dossier invalide" if self.invalid else ""
        )


NO_UAI = "—"  # the overview's cell of a dossier giving no UAI


def overview_row(result: DossierResult, anchor: str, lines: list[LabelLine]) -> OverviewRow:
    """The school's row of the overview; `lines`, its synthesis (`synthesis(result)`), whose
    verdicts and counts it reads: each label's findings counted again were half the row."""
    return OverviewRow(
        anchor,
        result.name or result.path,
        result.uai or NO_UAI,
        {line.label: line.verdict for line in lines},
        result.invalid or result.internal_error is not None,
        sum([line.blocking for line in lines]),
        sum([line.warning for line in lines]),
        result.internal_error is not None,
        {label.label: label.as_of for label in result.labels},
        {line.label: line.renewal_name for line in lines if line.verdict == RENEWAL_DUE},
    )


def report_title(school: OverviewRow | None) -> str:
    """The report's title as a browser's tab and a PDF reader show it: for a report of one
    school, the school first, named as its heading names it (a tab shows the title's start;
    every report had the same title, the accessibility audit, RGAA 8.6)."""
    if school is None:
        return TITLE
    uai = f" ({school.uai})" if school.uai != NO_UAI else ""
    return f"{school.name}{uai} – {TITLE}"


# Verdict counts of a run, singular and plural (French takes the singular for 0 and 1).
SUMMARY_VERDICTS = (
    ("ready", "prêt", "prêts"),
    ("not_ready", "non prêt", "non prêts"),
    ("valid", "valide", "valides"),
    ("renewal_due", "à renouveler", "à renouveler"),
    ("expired", "expiré", "expirés"),
    ("not_yet_awarded", "pas encore attribué", "pas encore attribués"),
)


def summary_text(summary: Summary) -> str:
    """`2 dossiers, 0 invalide ; 4 labels : 2 prêts, 0 non prêt, 2 valides ; 0 bloquant, 2 avertissements`:
    ready and not ready always said, the other verdicts when some label has them."""
    verdicts = [
        french.plural(getattr(summary, attribute), one, many)
        for attribute, one, many in SUMMARY_VERDICTS
        if attribute in ("ready", "not_ready") or getattr(summary, attribute)
    ]
    # A dossier an internal error stopped is said whenever there is one: it is in no other count.
    failed = (
        f", {summary.internal_errors} en erreur interne (non évalué{'s' if summary.internal_errors > 1 else ''})"
        if summary.internal_errors
        else ""
    )
    return (
        f"{french.plural(summary.dossiers, 'dossier')}, {french.plural(summary.invalid, 'invalide')}{failed} ; "
        f"{french.plural(summary.labels, 'label')} : {', '.join(verdicts)} ; "
        f"{french.plural(summary.blocking, 'bloquant')}, {french.plural(summary.warning, 'avertissement')}"
        + (
            f" ; {french.plural(summary.new, 'constat nouveau', 'constats nouveaux')} depuis le rapport de référence"
            if summary.new is not None
            else ""
        )
        # A run stopped by a signal writes what it did: the partial report says it is one.
        + (
            " ; rapport interrompu : seuls les dossiers évalués avant l'arrêt y figurent"
            if summary.interrupted
            else ""
        )
    )


class CombinedWriter(Writer):
    """A document whose overview, at the top, needs every school: each school's section is
    streamed to a temporary file and its overview row pickled to another; `close` writes the
    head, the overview row by row, then copies the sections. Memory does not grow with the
    number of schools."""

    utf8 = True

    def __init__(
        self,
        out: IO[Any],
        profile: str,
        color: bool = False,
        details: bool = False,
        pages: Pages | None = None,
    ):
        super().__init__(out, profile, color, details)
        self.colophon = colophon()  # "Rapport établi le 02/12/2026 par labelcheck 0.1.0"
        self.sections = Spool()  # the schools' sections, in their order
        self.rows = Spill()  # the overview's rows, in the schools' order
        self.label_columns: dict[str, str] = {}  # label id -> name, as first met
        # A report written as a folder: each school's page written where it is rendered, the
        # stream then the index's (core/writers/pages.py).
        self.pages = pages

    def options(self) -> dict[str, Any]:
        return {**super().options(), "pages": self.pages} if self.pages else super().options()

    def render(self, result: DossierResult, position: int = 0) -> Rendered[bytes]:
        """The school's section, anchored by its position; kept: its overview row and its labels
        (and, the report a folder, whether its page could not be written)."""
        # On its own page, the first and only school there.
        anchor = f"etablissement-{1 if self.pages else position + 1}"
        labels = tuple([(label.label, label.name) for label in result.labels])
        view = school_view(result, anchor, self.details)
        row = overview_row(result, anchor, view.synthesis)
        if self.pages is not None:
            return self.render_page(result, position, self.pages, view, (row, labels))
        return Rendered(self.school(view).encode(), (row, labels))

    def render_page(
        self,
        result: DossierResult,
        position: int,
        pages: Pages,
        view: SchoolView,
        keep: tuple[OverviewRow, tuple[tuple[str, str], ...]],
    ) -> Rendered[bytes]:
        """The school's page written, the document a run on its dossier alone writes; nothing
        for the index but its overview row (`keep`), leading to the page."""
        row, labels = keep
        alone = Summary()
        alone.add(result)
        document = self.start(alone, row) + self.school(view) + self.end(alone)
        row.page = pages.name(result.path, position)
        return Rendered(b"", (row, labels, pages.write(row.page, document.encode())))

    def add(self, rendered: Rendered[bytes]) -> None:
        self.sections.write(rendered.text)
        self.note(rendered.keep)

    def note(self, keep: tuple) -> None:
        """A school written: its overview row, and its labels' columns."""
        row, labels, *failed = keep
        if failed and failed[0]:  # its page could not be written: the report fails
            from labelcheck.core.output import OutputError

            raise OutputError(f"impossible d'écrire la page {failed[0]}")
        self.rows.add(row)
        for label, name in labels:
            self.label_columns.setdefault(label, name)

    @property
    def columns(self) -> dict[str, str]:
        """The overview's label columns, by label id."""
        return dict(sorted(self.label_columns.items()))

    def one_school(self) -> OverviewRow | None:
        """The overview's row of the report's school, when it has one school only (and is no
        folder's index, which leads to its page)."""
        return next(iter(self.rows), None) if self.count == 1 and not self.pages else None

    def head(self, summary: Summary) -> Iterator[str]:
        """The document's start: its title and, for more than one school (or a folder's index,
        the way to each page), the overview row by row."""
        yield self.start(summary, self.one_school())
        if self.count > 1 or (self.pages and self.count):
            yield from self.overview(self.rows, self.columns)

    def close(self, summary: Summary) -> None:
        for part in self.head(summary):
            self.stream.write(part.encode())
        self.sections.copy_to(self.stream)
        if self.pages and summary.interrupted:
            self.pages.keep_only(row.page for row in self.rows)
        self.rows.close()
        self.stream.write(self.end(summary).encode())

    @property
    def profile_text(self) -> str:
        """The run's profile: « automatique (celui de l'académie de chaque dossier) » without --profile."""
        return f"Profil : {french.run_profile(self.profile)}"

    # What a format writes: the document's start (title; `school`, the row of a report's only
    # school), the overview in pieces, a school, the end.
    def start(self, summary: Summary, school: OverviewRow | None = None) -> str:
        raise NotImplementedError

    def overview(self, rows: Iterable[OverviewRow], columns: dict[str, str]) -> Iterator[str]:
        raise NotImplementedError

    def school(self, view: SchoolView) -> str:
        raise NotImplementedError

    def end(self, summary: Summary) -> str:
        raise NotImplementedError
