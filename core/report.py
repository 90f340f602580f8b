"""The report model: what evaluation found, before any writer formats it.

Writers (text, JSON, HTML…) read these objects and never re-derive a verdict.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal, NamedTuple, NotRequired, TypedDict

from labelcheck.core.french import NO_AUDIT_NAMES, AuditNames

if TYPE_CHECKING:
    from labelcheck.core.dossier import Dossier

# The report's vocabulary, defined once: rules, profiles and writers import it from here.
Severity = Literal["blocking", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("blocking", "warning", "info")  # the gravest first
SEVERITY_ORDER: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}
# A label's verdict (cli-and-report, « JSON report »): an application is ready or not; a held
# label without one is valid, its renewal due, or expired. One whose award is dated after
# the as-of date is not held yet (dossier format 1.1: never « expired »), and with no
# application it is not « ready » either: the contract's list has no word for it, so it is
# `not-yet-awarded`, the name of its held status (« pas encore attribué »), in JSON as in
# every human report and counted once in the summary (an extension of the contract).
READY: Final = "ready"
NOT_READY: Final = "not-ready"
VALID: Final = "valid"
RENEWAL_DUE: Final = "renewal-due"
EXPIRED: Final = "expired"
NOT_YET_AWARDED: Final = "not-yet-awarded"
# Criterion statuses (cli-and-report 1.1): `met` is a statement about the dossier (the
# evidence the rules ask for is there), never the auditors' judgement.
MET: Final = "met"
NOT_MET: Final = "not-met"
MET_BY_EQUIVALENCE: Final = "met-by-equivalence"
NOT_APPLICABLE: Final = "not-applicable"
NOT_EVALUATED: Final = "not-evaluated"
UNSUPPORTED: Final = "unsupported"
HeldState = Literal["valid", "renewal-due", "expired", "not-yet-awarded"]
Verdict = Literal["ready", "not-ready", "valid", "renewal-due", "expired", "not-yet-awarded"]
CriterionStatus = Literal[
    "met", "not-met", "met-by-equivalence", "not-applicable", "not-evaluated", "unsupported"
]

# The records made by the dozen for each dossier (findings, criteria, steps,
# shared evidence) are slotted, not frozen: a frozen dataclass's __init__ is four
# times slower, and was a twelfth of a four-label evaluation (bench/RECORD.md).
# Nothing changes them once the engine has made them; the results holding them
# are frozen.


class Citation(NamedTuple):
    """The text a finding rests on: its title, where in it, and its own words (if given)."""

    document: str
    section: str
    quote: str | None = None


@dataclass(slots=True)
class Finding:
    rule: str
    kind: str
    severity: Severity
    ref: str
    subject: str
    message: str
    title: str = ""  # the rule's title
    source: str = ""
    nature: str = "text"
    remedy: str | None = None
    due: dt.date | None = None
    counted: tuple[str, str] | None = (
        None  # the rule's noun, singular and plural, to fold information
    )
    new: bool | None = None  # with --baseline: absent from the baseline report (else None)
    # The dossier entry it is about, as written: ("audits", 0); or a part of one, ("audits",
    # 0, "findings", 2).
    entry: tuple[str | int, ...] | None = None
    # The text it rests on, as JSON gives it (cli-and-report 1.1: « document, section,
    # quote »); `source` above is the same reference as one line, for people.
    cited: Citation | None = None
    # Why the finding has this severity under the profile: its `[[severity]]` reason, or why
    # the rule's own holds (`severity_kept`); what decides a verdict is shown beside it
    # (cli-and-report 1.1). None: the rule's own, or the national reading, said nothing of.
    severity_reason: str | None = None
    # What is due by `due`, for the échéancier, when its kind says it (`Violation.due_what`).
    due_what: str | None = None
    # `due` is the first day too late (`Violation.due_exclusive`): « avant le », not « au plus
    # tard le ».
    due_exclusive: bool = False
    # `severity_reason` says why the rule's own severity holds under the profile (a value it
    # sets, a criterion it adds, an academy's rule it puts in force), not a `[[severity]]` of
    # its: reports then do not call it
    # « gravité fixée par le profil académique » (french.severity_set).
    severity_kept: bool = False
    # The lifting deadline the échéancier announces for its nonconformity (`Violation.deadline`).
    deadline: dt.date | None = None

    def sort_key(self) -> tuple:
        return (
            SEVERITY_ORDER[self.severity],
            ref_sort_key(self.ref),
            self.rule,
            self.subject,
            self.message,
        )


@dataclass(frozen=True)
class Grade:
    """An auditors' grade of a criterion or one of its items, at an audit held by the as-of date."""

    ref: str
    grade: str  # the label's audit grade: strength, compliant, remark, deviation, nonconformity…
    date: dt.date
    audit: str  # the audit's type: initial, renewal, follow-up, surveillance


class SetAside(NamedTuple):
    """An equivalence adopted and in force that did not stand in for its criterion: a
    non-conformité open on the criterion blocks the award or renewal until lifted (dossier
    format 1.1), which no other label's award lifts. The criterion is judged as any other."""

    equivalence: str  # its id
    via: str  # the other label's id
    via_name: str  # its name
    fiches: tuple[str, ...]  # the open fiches d'écart's ids (none: a graded NC without its fiche)


@dataclass(slots=True)
class CriterionResult:
    ref: str
    title: str
    status: CriterionStatus
    via: str | None = None
    equivalence: str | None = None  # the equivalence's id
    equivalence_source: str | None = None
    evidence: tuple[str, ...] = ()
    grades: tuple[Grade, ...] = ()  # what the auditors said of it, oldest audit first
    wording: str = "official"  # the title is the text's wording, or a paraphrase of ours
    via_name: str | None = None  # the name of `via`, evaluated in this run or not (--label)
    set_aside: SetAside | None = None  # its equivalence, not applied for an open nonconformity


@dataclass(frozen=True)
class WaiverUse:
    rule: str
    reason: str
    expires: dt.date | None
    status: str  # active | expired
    findings: int  # findings it set aside
    title: str = ""  # the rule's title, as the human reports name it (never its id)


@dataclass(slots=True)
class Step:
    """A dated step of the timeline (échéancier)."""

    date: dt.date
    label: str
    what: str
    source: str = ""
    end: dt.date | None = None  # for a window (Eduform's surveillance audit)
    kind: str = "deadline"  # deadline | start | event (a window has an end)
    # The step's identity within its label, stable across runs: the milestone's id, and the
    # entry it is about when there are several (`nonconformity-due:FE-2026-01`).
    id: str = ""
    held_on: dt.date | None = None  # a window: the day the audit it asks for took place
    # The application's audit (an event the dossier records in [[audits]]): passed with no
    # entry, the dossier lacks it. Any other event past its date is said passed, no more.
    application_audit: bool = False
    # The held label's end of validity (a milestone at `held.expires`): once past, the label
    # has expired, whatever the findings say of it.
    validity_end: bool = False
    # A deadline the dossier records done, by the as-of date (the audit plan returned, the
    # report sent): the day it was done.
    done_on: dt.date | None = None


class HeldInfo(TypedDict):
    """A held label's award at the as-of date (`LabelResult.held`); the JSON report's `held`."""

    awarded: dt.date
    expires: dt.date
    renewal_due_from: dt.date
    status: str  # valid | renewal-due | expired | not-yet-awarded
    level: NotRequired[int]  # given only when the dossier gives it (E3D)
    holder: NotRequired[str]


class DecisionInfo(TypedDict):
    """An academic body's decision to adopt an equivalence for this school."""

    by: str
    date: str  # ISO 8601
    reference: str | None


class EquivalenceUse(TypedDict):
    """An equivalence adopted or possible for a criterion of the label (`LabelResult.equivalences`)."""

    id: str
    criterion: str  # the target criterion's ref
    via: str  # the other label's id
    applied: bool
    via_status: str  # the other label's status at the as-of date, or not-held
    adopted_by: str | None  # profile | decision | None
    source: str
    title: str
    decision: NotRequired[DecisionInfo]
    # Adopted and in force but not applied: the open fiches d'écart on its criterion (SetAside).
    set_aside_by: NotRequired[list[str]]


# An evidence link between labels, not an equivalence (`DossierResult.links`); `from` is a
# Python keyword, hence the functional form. `from_name`: the linking label's name, which the
# report cannot take from its labels when `--label` left that one aside.
EvidenceLink = TypedDict(
    "EvidenceLink",
    {"id": str, "from": str, "from_name": str, "to": str, "title": str, "source": str},
)


@dataclass(frozen=True)
class LabelResult:
    label: str
    name: str
    application: str | None
    as_of: dt.date
    verdict: Verdict
    criteria: tuple[CriterionResult, ...]
    # In Finding.sort_key order (the engine sorts them): the reports' to-do lists rely on it.
    findings: tuple[Finding, ...]
    held: HeldInfo | None = None
    equivalences: tuple[EquivalenceUse, ...] = ()  # those adopted or possible for this label
    waivers: tuple[WaiverUse, ...] = ()
    waived: tuple[Finding, ...] = ()
    steps: tuple[Step, ...] = ()
    level: int | None = None  # the level applied for (E3D)
    # The label's words (LabelSpec): its criteria (« axe »), its renewal (« relabellisation »).
    criterion_name: str = "critère"
    renewal_name: str = "renouvellement"
    renewal_feminine: bool = False  # whether renewal_name is feminine (« relabellisation »)
    # Its texts' names of its audits by type (« audit initial » for Eduform), which
    # french.audit_name reads: LabelSpec.audit_names.
    audit_names: AuditNames = field(default_factory=lambda: NO_AUDIT_NAMES)
    # The day the run was made, when the label is judged ahead of it (at its application's audit,
    # no --as-of given): its échéancier is read from that day, not from the audit's, where the
    # audit itself read « a eu lieu » three months before it (the new user's audit).
    seen_from: dt.date | None = None

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass(slots=True)
class SharedEvidence:
    id: str
    kind: str  # document | indicator | action | partner
    refs: tuple[str, ...]


@dataclass(frozen=True)
class DossierResult:
    path: str
    uai: str | None
    name: str | None
    errors: tuple = ()  # InputError values
    labels: tuple[LabelResult, ...] = ()
    shared_evidence: tuple[SharedEvidence, ...] = ()
    links: tuple[EvidenceLink, ...] = ()  # evidence links between labels (not equivalences)
    internal_error: str | None = None
    dossier: Dossier | None = field(default=None, compare=False, repr=False)  # as validated
    profile: str | None = None  # the profile this dossier was judged under
    profile_reason: str | None = None  # option (--profile), academy (serves its academy), default
    # With `default`: the profile serving its academy not applied, and the plugin shipping it,
    # disabled for its errors (human reports say so; ProfileChoice.lost).
    profile_lost: tuple[str, str] | None = None
    digest: str | None = None  # of the dossier's files (core/identity.py)
    profile_digest: str | None = None  # of the profile it was judged under

    @property
    def invalid(self) -> bool:
        return bool(self.errors)

    def worst_severity(self) -> str | None:
        """The gravest finding the exit status counts (with --baseline, of the new ones)."""
        severities = [
            f.severity for label in self.labels for f in label.findings if f.new is not False
        ]
        return min(severities, key=SEVERITY_ORDER.__getitem__) if severities else None


@dataclass(frozen=True)
class Outcome:
    """What a run keeps of a dossier once written: enough for the summary, messages
    and exit status (a `--jobs` worker sends this, not the whole result)."""

    path: str
    errors: int
    internal_error: str | None
    verdicts: tuple[str, ...]
    counts: tuple[int, int, int]  # blocking, warning, info
    worst: str | None
    new: int | None = None  # with --baseline: the findings absent from the baseline

    @classmethod
    def of(cls, result: DossierResult) -> Outcome:
        blocking, warning, info = (
            sum(label.count(s) for label in result.labels) for s in SEVERITY_ORDER
        )
        return cls(
            result.path,
            len(result.errors),
            result.internal_error,
            tuple(label.verdict for label in result.labels),
            (blocking, warning, info),
            result.worst_severity(),
            _new_findings(result),
        )


def _new_findings(result: DossierResult) -> int | None:
    marks = [f.new for label in result.labels for f in label.findings]
    return None if not marks or marks[0] is None else sum(1 for new in marks if new)


@dataclass
class Summary:
    dossiers: int = 0
    invalid: int = 0
    labels: int = 0
    ready: int = 0
    not_ready: int = 0
    valid: int = 0
    renewal_due: int = 0
    expired: int = 0
    # The labels held only after the as-of date (« pas encore attribué »): JSON gives the
    # count when some are, so that a report without such labels stays as it was.
    not_yet_awarded: int = 0
    internal_errors: int = 0
    blocking: int = 0
    warning: int = 0
    info: int = 0
    interrupted: bool = False  # stopped by SIGINT or SIGTERM: the counts are of the dossiers done
    new: int | None = None  # with --baseline: the findings absent from the baseline

    def add(self, result: DossierResult | Outcome) -> None:
        outcome = result if isinstance(result, Outcome) else Outcome.of(result)
        self.dossiers += 1
        self.invalid += outcome.errors > 0
        self.internal_errors += outcome.internal_error is not None
        for verdict in outcome.verdicts:
            self.labels += 1  # each label in one verdict's count: they add up to `labels`
            attribute = verdict.replace("-", "_")
            setattr(self, attribute, getattr(self, attribute) + 1)
        for severity, count in zip(SEVERITY_ORDER, outcome.counts, strict=True):
            setattr(self, severity, getattr(self, severity) + count)
        if outcome.new is not None:
            self.new = (self.new or 0) + outcome.new


def past_due(due: dt.date, as_of: dt.date, exclusive: bool = False) -> bool:
    """Whether a due date is past at `as_of`: an « au plus tard le 30/09/2026 » read on 1
    October asks for what can no longer be; a first day too late (`exclusive`: an expiry), from
    that day."""
    return due <= as_of if exclusive else due < as_of


def overdue(finding: Finding, as_of: dt.date | None) -> bool:
    """Whether the finding's due date is past at `as_of` (`past_due`)."""
    if not (finding.due and as_of):
        return False
    return past_due(finding.due, as_of, finding.due_exclusive)


@functools.lru_cache(maxsize=8192)  # a few hundred refs, sorted again in every dossier
def ref_sort_key(ref: str) -> tuple:
    """Sort `ldm:10` after `ldm:9`."""
    label, _, rest = ref.partition(":")
    numbers = (
        tuple(int(p) if p.isascii() and p.isdigit() else 0 for p in rest.split(".")) if rest else ()
    )
    return (label, numbers, ref)
