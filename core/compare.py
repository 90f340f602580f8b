"""Two evaluations compared (cli-and-report 1.1, « Comparing evaluations »): per school and
label, what got better, what got worse, what is still to do, and why each thing changed.

Both sides are reports as the JSON writer writes them (read back, or evaluated on the spot
and turned into the same dicts), so one code path serves reports and dossiers. Dossiers are
matched by UAI (else path), those of a school keeping one dossier per label (one UAI) by UAI
and path, else by the labels they hold; findings by dossier, label, rule, subject and ref
(core/identity.py). The cause of a change is read from what the reports carry:

- `dossier`: the dossier's digest changed (its file or a piece it names);
- `rules`: labelcheck, a plugin or the profile the dossier was judged under changed;
- `time`: same content and rules, another as-of date (a deadline passed, a label expired).

When several changed at once, a finding whose due date lies between the two as-of dates is
the passing of time; any other change is put down to every cause that may explain it (`causes`,
`cause` being the first of them), never to one picked at random.

A dossier invalid on one side was not evaluated there: its labels and findings are not
compared (neither resolved nor new), the dossier is said to have become invalid or valid
again, and becoming invalid is a change for the worse.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from labelcheck.core.dates import iso_day
from labelcheck.core.identity import FindingKey, dossier_key, keys_of, paired
from labelcheck.core.report import NOT_READY, NOT_YET_AWARDED
from labelcheck.core.reports import FINDING_FIELDS, Report, identities
from labelcheck.core.writers.json import dumps_within

Cause = Literal["dossier", "time", "rules"]
CAUSES: tuple[Cause, ...] = ("dossier", "rules", "time")  # the order a change is put down to
FORMAT = "labelcheck-compare/1"

# How good a verdict is, lower is better: a change to a higher rank is a verdict down. A label
# not awarded yet has nothing wrong with it, as one ready or valid.
VERDICT_RANK = {
    "ready": 0,
    "valid": 0,
    "not-yet-awarded": 0,
    "renewal-due": 1,
    "not-ready": 2,
    "expired": 2,
}


def verdict_of(label: dict[str, Any]) -> str | None:
    """A label's verdict in this version's words. Earlier versions said a label held with no
    application, awarded after the as-of date, `not-yet-awarded` whatever its findings, then
    `not-ready`, then `ready` when none blocked it; it is now `not-ready` when a finding
    blocks it, else `not-yet-awarded`, and a report of any version is compared so."""
    verdict = label.get("verdict")
    held = (label.get("held") or {}).get("status")
    if label.get("application") or NOT_YET_AWARDED not in (verdict, held):
        return verdict
    blocked = any(f.get("severity") == "blocking" for f in label.get("findings") or ())
    return NOT_READY if blocked else NOT_YET_AWARDED


def _renewal_name(label: dict[str, Any] | None) -> str | None:
    word = label.get("renewal_name") if label else None
    return word if isinstance(word, str) and word.strip() else None


SEVERITY_RANK = {"info": 0, "warning": 1, "blocking": 2}
STATUS_RANK = {
    "met": 0,
    "met-by-equivalence": 0,
    "not-applicable": 0,
    "unsupported": 1,
    "not-met": 2,
}
# A criterion outside one side's evaluation: not evaluated there (a held label with no
# application) or not listed (another référentiel). Entering or leaving evaluation says
# nothing of the school: neither better nor worse, as the exit status counts it.
OUTSIDE_EVALUATION = (None, "not-evaluated")


@dataclass
class FindingChange:
    finding: dict[str, Any]  # as the report gives it (rule, severity, message, due…)
    causes: tuple[Cause, ...] = ()  # what may explain it; none for a finding still there as it was
    before: dict[str, Any] | None = None  # a finding still there: as the old report gave it

    @property
    def cause(self) -> Cause | None:
        return self.causes[0] if self.causes else None

    @property
    def severity_trend(self) -> str:
        """For a finding still there: whether its severity rose (a profile made it blocking),
        fell, or stayed."""
        if self.before is None:
            return "same"
        return _trend(
            SEVERITY_RANK.get(self.before.get("severity", ""), 0),
            SEVERITY_RANK.get(self.finding.get("severity", ""), 0),
        )


@dataclass
class CriterionChange:
    ref: str
    title: str
    old: str | None  # its status before, None when the criterion was not listed
    new: str | None
    causes: tuple[Cause, ...]

    @property
    def cause(self) -> Cause:
        return self.causes[0]

    @property
    def trend(self) -> str:
        """`same` for a criterion entering or leaving evaluation (« documenté → non évalué »
        was listed as worse, « à compléter → non évalué » as better, neither counted)."""
        if self.old in OUTSIDE_EVALUATION or self.new in OUTSIDE_EVALUATION:
            return "same"
        return _trend(STATUS_RANK.get(self.old or "", 1), STATUS_RANK.get(self.new or "", 1))

    @property
    def worse(self) -> bool:
        """Now to complete or without evidence, from better."""
        return self.trend == "worse"


@dataclass
class LabelComparison:
    label: str
    name: str
    old: dict[str, Any] | None  # the label's result before, None when it was not evaluated
    new: dict[str, Any] | None
    causes: dict[Cause, bool]  # what changed between the two evaluations of this label
    criteria: list[CriterionChange] = field(default_factory=list)
    new_findings: list[FindingChange] = field(default_factory=list)
    resolved: list[FindingChange] = field(default_factory=list)
    unchanged: list[FindingChange] = field(default_factory=list)
    verdict_causes: tuple[Cause, ...] = ()

    @property
    def verdict_cause(self) -> Cause | None:
        return self.verdict_causes[0] if self.verdict_causes else None

    # On one side only while neither the dossier nor the rules changed: the other side's run
    # did not judge it (`--label`), which says nothing of the label itself.
    left_out: bool = False

    @property
    def state(self) -> str:
        if self.left_out:
            return "not-evaluated"
        return "added" if self.old is None else "removed" if self.new is None else "compared"

    @property
    def old_verdict(self) -> str | None:
        return verdict_of(self.old) if self.old else None

    @property
    def new_verdict(self) -> str | None:
        return verdict_of(self.new) if self.new else None

    @property
    def renewal_names(self) -> tuple[str | None, str | None]:
        """Each side's word for a renewal (Euroscol's « relabellisation »), as its report gives
        it; reports of labelcheck before 0.7.0 give none."""
        return _renewal_name(self.old), _renewal_name(self.new)

    @property
    def verdict_trend(self) -> str:
        if self.old is None or self.new is None:
            return "same"
        return _trend(
            VERDICT_RANK.get(self.old_verdict or "", 2), VERDICT_RANK.get(self.new_verdict or "", 2)
        )

    @property
    def changed(self) -> bool:
        return bool(
            self.state != "compared"
            or self.old_verdict != self.new_verdict
            or self.criteria
            or self.new_findings
            or self.resolved
            or any(c.severity_trend != "same" for c in self.unchanged)
        )

    @property
    def now_blocking(self) -> list[FindingChange]:
        """Findings still there that block now and did not (a profile raised them)."""
        return [
            c
            for c in self.unchanged
            if c.severity_trend == "worse" and c.finding.get("severity") == "blocking"
        ]

    @property
    def worse(self) -> bool:
        """Anything worse (what makes `compare` exit 1): a verdict down, a new blocking
        finding or one that now blocks, a criterion now to complete or without evidence."""
        return (
            self.verdict_trend == "worse"
            or any(c.finding.get("severity") == "blocking" for c in self.new_findings)
            or bool(self.now_blocking)
            or any(c.worse for c in self.criteria)
        )

    def worse_at(self, fail_on: str) -> bool:
        """Worse as `--fail-on` counts it: `blocking`, what `worse` says; `warning`, a new
        warning too, or one that now warns; `never`, nothing."""
        if fail_on == "never":
            return False
        if fail_on != "warning":
            return self.worse
        return (
            self.worse
            or any(c.finding.get("severity") == "warning" for c in self.new_findings)
            or any(
                c.severity_trend == "worse" and c.finding.get("severity") == "warning"
                for c in self.unchanged
            )
        )


@dataclass
class DossierComparison:
    key: str
    uai: str | None
    name: str | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    causes: dict[Cause, bool]
    labels: list[LabelComparison] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if evaluated(self.old) != evaluated(self.new):
            if evaluated(self.new):
                return "became-valid"
            # Not evaluated now: a plugin (or labelcheck) raised, or the dossier is invalid.
            return "became-failed" if self.new.get("internal_error") else "became-invalid"
        return "changed" if self.changed else "unchanged"

    @property
    def validity_causes(self) -> tuple[Cause, ...]:
        """What may explain its becoming invalid or valid, or its errors' count moving: its
        content or the rules it is checked against (a later release refusing what an earlier
        one accepted), as the JSON's `changed` says."""
        return _causes(self.causes, {}, None)

    @property
    def compared(self) -> bool:
        """Whether its labels were compared: present and evaluated on both sides."""
        return evaluated(self.old) and evaluated(self.new)

    def errors(self, side: dict[str, Any] | None) -> int:
        return len(side.get("errors") or []) + bool(side.get("internal_error")) if side else 0

    @property
    def changed(self) -> bool:
        return (
            self.old is None
            or self.new is None
            or self.errors(self.old) != self.errors(self.new)
            or any(label.changed for label in self.labels)
        )

    @property
    def worse(self) -> bool:
        """Newly invalid (or failing), a verdict down or a new blocking finding."""
        return self.worse_at("blocking")

    def worse_at(self, fail_on: str) -> bool:
        """`worse`, a label's counted as `--fail-on` says (a dossier newly invalid is worse
        unless it is `never`)."""
        if fail_on == "never":
            return False
        became_invalid = self.new is not None and self.errors(self.new) > self.errors(self.old)
        return became_invalid or any(label.worse_at(fail_on) for label in self.labels)


@dataclass
class Comparison:
    old: Report
    new: Report
    dossiers: list[DossierComparison]

    @property
    def worse(self) -> bool:
        return self.worse_at("blocking")

    def worse_at(self, fail_on: str) -> bool:
        return any(d.worse_at(fail_on) for d in self.dossiers)

    def summary(self) -> dict[str, int]:
        labels = [label for d in self.dossiers for label in d.labels]
        return {
            "dossiers": len(self.dossiers),
            "changed": sum(d.state == "changed" for d in self.dossiers),
            "unchanged": sum(d.state == "unchanged" for d in self.dossiers),
            "added": sum(d.state == "added" for d in self.dossiers),
            "removed": sum(d.state == "removed" for d in self.dossiers),
            "became_invalid": sum(d.state == "became-invalid" for d in self.dossiers),
            "became_valid": sum(d.state == "became-valid" for d in self.dossiers),
            "became_failed": sum(d.state == "became-failed" for d in self.dossiers),
            "worse": sum(d.worse for d in self.dossiers),
            "verdicts_down": sum(label.verdict_trend == "worse" for label in labels),
            "verdicts_up": sum(label.verdict_trend == "better" for label in labels),
            "new_findings": sum(len(label.new_findings) for label in labels),
            "new_blocking": sum(
                c.finding.get("severity") == "blocking"
                for label in labels
                for c in label.new_findings
            ),
            "now_blocking": sum(len(label.now_blocking) for label in labels),
            "resolved_findings": sum(len(label.resolved) for label in labels),
            "unchanged_findings": sum(len(label.unchanged) for label in labels),
        }


def evaluated(side: dict[str, Any] | None) -> bool:
    """Whether a dossier was evaluated on that side: present, valid and without internal error."""
    if not side:
        return False
    return not side.get("errors") and not side.get("internal_error")


def _trend(old_rank: int, new_rank: int) -> str:
    return "worse" if new_rank > old_rank else "better" if new_rank < old_rank else "same"


# -- comparing ---------------------------------------------------------------------------------


def compare(old: Report, new: Report) -> Comparison:
    """Every dossier of either report, in the new report's order, then those only in the old."""
    rules_changed = (old.tool or {}) != (new.tool or {})
    # One dossier on each side: the two are the comparison's subject, whatever their folders.
    alone = len(old.dossiers) == len(new.dossiers) == 1
    roots = (_root(old.dossiers, alone), _root(new.dossiers, alone))
    pairs, before = _paired_by_key(old.dossiers, new.dossiers, *roots)
    pairs = list(_paired_by_path(pairs, before, *roots))
    dossiers = [_dossier(was, now, rules_changed) for was, now in pairs]
    dossiers.extend(_dossier(gone, None, rules_changed) for gone in before.values())
    return Comparison(old, new, dossiers)


def _paired_by_key(
    old: list[dict[str, Any]], new: list[dict[str, Any]], old_root: str, new_root: str
) -> tuple[list[tuple[dict[str, Any] | None, dict[str, Any]]], dict[int, dict[str, Any]]]:
    """Each new dossier with the old one of its UAI (else path), or None; and the old ones
    left, by their place in the old report. A school may keep one dossier per label, all
    with its UAI: those are told apart (`_one_school`), never merged nor dropped."""
    olds: dict[str, list[int]] = {}
    for index, dossier in enumerate(old):
        olds.setdefault(_key(dossier), []).append(index)
    news: dict[str, list[int]] = {}
    for index, dossier in enumerate(new):
        news.setdefault(_key(dossier), []).append(index)
    match: dict[int, int] = {}  # a new dossier's index: its old one's
    for key, indexes in news.items():
        sides = ([(i, old[i]) for i in olds.get(key, ())], [(i, new[i]) for i in indexes])
        match.update(_one_school(*sides, old_root, new_root))
    pairs = [(old[match[i]] if i in match else None, dossier) for i, dossier in enumerate(new)]
    taken = set(match.values())
    return pairs, {i: dossier for i, dossier in enumerate(old) if i not in taken}


# Dossiers of one side, each with its index in its report.
Side = list[tuple[int, dict[str, Any]]]


def _one_school(old: Side, new: Side, old_root: str, new_root: str) -> dict[int, int]:
    """The dossiers of one UAI paired (new index: old index): with the same content (digest);
    else at the same place below each side's folder; else, the folders having moved, holding
    the same labels; else the one left on each side (the usual case of one dossier a school,
    wherever it went). Content first: two dossiers of a school whose folders were renamed were
    crossed by their labels, an unchanged school reported worse."""
    if len(old) == len(new) == 1:
        return {new[0][0]: old[0][0]}
    match: dict[int, int] = {}
    ways = ((_digest, _digest), (_place(old_root), _place(new_root)), (_label_ids, _label_ids))
    for old_way, new_way in ways:
        old, new = _alike(old, new, old_way, new_way, match)
    if len(old) == len(new) == 1:
        match[new[0][0]] = old[0][0]
    return match


def _alike(
    old: Side, new: Side, old_way: Callable, new_way: Callable, match: dict[int, int]
) -> tuple[Side, Side]:
    """`match` gains the dossiers alike in `old_way`/`new_way` (None is like nothing), in
    order; the others of each side are returned."""
    found: dict[Any, list[int]] = {}
    for index, dossier in old:
        found.setdefault(old_way(dossier), []).append(index)
    found.pop(None, None)
    left: Side = []
    for index, dossier in new:
        if same := found.get(new_way(dossier)):
            match[index] = same.pop(0)
        else:
            left.append((index, dossier))
    taken = set(match.values())
    return [(i, d) for i, d in old if i not in taken], left


def _place(root: str) -> Callable[[dict[str, Any]], str]:
    return lambda dossier: _below(dossier.get("path", ""), root)


def _digest(dossier: dict[str, Any]) -> str | None:
    """A dossier's content as its report gives it (None when the report has none)."""
    return dossier.get("digest") or None


def _label_ids(dossier: dict[str, Any]) -> frozenset[str] | None:
    """The labels a dossier was judged for; None when none (an invalid dossier holds none that
    could tell it from another)."""
    return frozenset(label.get("label") for label in dossier.get("labels", [])) or None


def _paired_by_path(
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any]]],
    unmatched: dict[int, dict[str, Any]],
    old_root: str,
    new_root: str,
) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any]]]:
    """A dossier invalid on one side, whose UAI is missing or may be the very thing wrong,
    matched by its path below each side's folder (`old/x` ↔ `new/x`), as the contract's « by
    UAI (else path) » says; `unmatched` loses what is matched."""
    by_path = {_below(d.get("path", ""), old_root): key for key, d in unmatched.items()}
    for was, now in pairs:
        key = by_path.get(_below(now.get("path", ""), new_root)) if was is None else None
        if key is not None and key in unmatched and _path_decides(unmatched[key], now):
            was = unmatched.pop(key)
        yield was, now


def _path_decides(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Two dossiers at one path are one when the UAI cannot tell: one side has none, or one
    side was not evaluated for an error in its UAI (two valid UAIs are two schools)."""
    if not (old.get("uai") and new.get("uai")):
        return True
    return any(not evaluated(side) and _uai_refused(side) for side in (old, new))


def _uai_refused(dossier: dict[str, Any]) -> bool:
    return any(error.get("path") == "establishment.uai" for error in dossier.get("errors") or ())


def _root(dossiers: list[dict[str, Any]], alone: bool = False) -> str:
    """The folder one side's dossiers are found in ("" when none is common): the folder they
    all lie in, or, when they are all in one school's folder (a side holding one dossier
    among several on the other), the folder above it, so that `old/x/dossier.toml` and
    `new/x/dossier.toml` (the other side holding more) are both `x/dossier.toml` there.
    `alone`: the one dossier of each side, compared with the other's, its own folder."""
    folders = [os.path.dirname(d.get("path") or "") for d in dossiers]
    try:
        common = os.path.commonpath(folders) if folders else ""
    except ValueError:  # absolute and relative paths mixed
        return ""
    return common if alone or len(set(folders)) > 1 else os.path.dirname(common)


def _below(path: str, root: str) -> str:
    return os.path.relpath(path, root) if root else path


def _key(dossier: dict[str, Any]) -> str:
    return dossier_key(dossier.get("uai"), dossier.get("path", ""))


def _dossier(
    old: dict[str, Any] | None, new: dict[str, Any] | None, rules_changed: bool
) -> DossierComparison:
    # Named as evaluated: an invalid side's UAI or name may be the very thing wrong.
    either = (new if evaluated(new) or not evaluated(old) else old) or old or {}
    causes: dict[Cause, bool] = {
        # A report without digests cannot show the dossier unchanged: assume it changed.
        "dossier": not (
            old and new and old.get("digest") and old.get("digest") == new.get("digest")
        ),
        "rules": rules_changed
        or bool(old and new and old.get("profile_digest") != new.get("profile_digest")),
        "time": False,
    }
    comparison = DossierComparison(
        _key(either), either.get("uai"), either.get("name"), old, new, causes
    )
    if old and new and not evaluated(new):
        return comparison  # not evaluated now: its findings are neither resolved nor still there
    # Evaluated now only (became valid): its labels are all new, as an added school's are, and
    # their blocking findings new, as `--baseline` counts them (the old side held none).
    old_labels = {label.get("label"): label for label in (old or {}).get("labels", [])}
    for label in (new or {}).get("labels", []):
        comparison.labels.append(
            _label(old_labels.pop(label.get("label"), None), label, comparison)
        )
    comparison.labels.extend(_label(gone, None, comparison) for gone in old_labels.values())
    if not (causes["dossier"] or causes["rules"]):
        # The same content under the same rules is judged for the same labels: one on one side
        # only was left out of the other side's run (`--label`), not added nor withdrawn. Its
        # findings are neither new nor resolved there, as a dossier's left out of a run are not.
        for label in comparison.labels:
            if label.old is None or label.new is None:
                label.left_out = True
                label.new_findings, label.resolved, label.criteria = [], [], []
                label.verdict_causes = ()
    return comparison


def _label(
    old: dict[str, Any] | None, new: dict[str, Any] | None, dossier: DossierComparison
) -> LabelComparison:
    either = new or old or {}
    causes = dict(dossier.causes)
    causes["time"] = bool(old and new and old.get("as_of") != new.get("as_of"))
    result = LabelComparison(either.get("label", ""), either.get("name", ""), old, new, causes)
    window = _as_of_window(old, new)
    before_keyed, after_keyed = list(_keyed(dossier.key, old)), list(_keyed(dossier.key, new))
    before_keys, after_keys = paired(
        [(key, f.get("message", "")) for key, f in before_keyed],
        [(key, f.get("message", "")) for key, f in after_keyed],
    )
    before = dict(zip(before_keys, (f for _, f in before_keyed), strict=True))
    for key, finding in zip(after_keys, (f for _, f in after_keyed), strict=True):
        was = before.pop(key, None)
        if was is not None:  # its severity may have changed (a profile): say why then
            moved = was.get("severity") != finding.get("severity")
            why = _causes(causes, finding, window) if moved else ()
            result.unchanged.append(FindingChange(finding, why, was))
        else:
            result.new_findings.append(FindingChange(finding, _causes(causes, finding, window)))
    # A dossier absent from the new evaluation (removed, or left out of a partial run) was not
    # judged there: its findings are not resolved, as those of a dossier now invalid are not.
    if dossier.new is not None:
        result.resolved = [FindingChange(f, _causes(causes, f, window)) for f in before.values()]
    result.criteria = list(_criteria(old, new, causes))
    if result.old_verdict != result.new_verdict:
        result.verdict_causes = _verdict_causes(result, causes, window)
    return result


def _verdict_causes(
    label: LabelComparison, causes: dict[Cause, bool], window: tuple[dt.date, dt.date] | None
) -> tuple[Cause, ...]:
    """Every cause of the findings that may have moved the verdict: the blocking ones that
    came or went (ready ↔ not ready), else all that did (a held label's validity), in the
    order a change is put down to. Not the first finding's alone: two labels making the same
    move were given different causes, by the order of their findings."""
    moved = [*label.new_findings, *label.resolved]
    drivers = [c for c in moved if c.finding.get("severity") == "blocking"] or moved
    if not drivers:
        return _causes(causes, {}, window)
    found = {cause for change in drivers for cause in change.causes}
    return tuple(cause for cause in CAUSES if cause in found)


def _keyed(dossier: str, label: dict[str, Any] | None) -> Iterator[tuple[FindingKey, dict]]:
    if not label:
        return iter(())
    return zip(
        keys_of(dossier, label.get("label", ""), identities(label)),
        label.get("findings", []),
        strict=True,
    )


def _criteria(
    old: dict[str, Any] | None, new: dict[str, Any] | None, causes: dict[Cause, bool]
) -> Iterator[CriterionChange]:
    if old is None or new is None:
        return
    before = {c.get("ref"): c for c in old.get("criteria", [])}
    after = {c.get("ref"): c for c in new.get("criteria", [])}
    for ref in [*after, *(r for r in before if r not in after)]:
        was, now = before.get(ref, {}), after.get(ref, {})
        if was.get("status") != now.get("status"):
            title = now.get("title") or was.get("title") or ""
            yield CriterionChange(
                ref, title, was.get("status"), now.get("status"), _causes(causes, {}, None)
            )


def _as_of_window(
    old: dict[str, Any] | None, new: dict[str, Any] | None
) -> tuple[dt.date, dt.date] | None:
    dates = [report_date(side.get("as_of")) for side in (old, new) if side]
    if len(dates) != 2 or None in dates or dates[0] == dates[1]:
        return None
    first, second = sorted(d for d in dates if d is not None)
    return first, second


def _causes(
    causes: dict[Cause, bool], finding: dict[str, Any], window: tuple[dt.date, dt.date] | None
) -> tuple[Cause, ...]:
    """Why a finding appeared or went: time when its due date was passed between the two
    as-of dates, else each thing that changed (dossier, rules, time): when several did, nothing
    recorded tells which one it was."""
    due = report_date(finding.get("due"))
    if window and due and window[0] < due <= window[1]:
        return ("time",)
    # Nothing recorded changed, yet the result did: only the tool can explain it.
    return tuple(cause for cause in CAUSES if causes[cause]) or ("rules",)


def report_date(value: Any) -> dt.date | None:
    """A date as a report gives it (`as_of`, `due`: AAAA-MM-JJ), None when there is none."""
    return iso_day(value) if isinstance(value, str) else None


# -- the JSON document -------------------------------------------------------------------------


def as_json(comparison: Comparison) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "old": _side(comparison.old),
        "new": _side(comparison.new),
        "dossiers": [_dossier_json(d) for d in comparison.dossiers],
        "summary": comparison.summary(),
    }


def json_chunks(comparison: Comparison) -> Iterator[bytes]:
    """`as_json` laid out as `dumps(…, indent=2)` with a final newline, a dossier at a time:
    the whole object, then its text, were four times the two reports' memory (10,000
    dossiers: 2.1 GB, the scale audit), each dossier's part made and written alone."""
    head = {"format": FORMAT, "old": _side(comparison.old), "new": _side(comparison.new)}
    yield dumps_within(head, "")[:-2] + b',\n  "dossiers": ['
    for index, dossier in enumerate(comparison.dossiers):
        yield (b"," if index else b"") + b"\n    " + dumps_within(_dossier_json(dossier), "    ")
    summary = dumps_within(comparison.summary(), "  ")
    yield (b"\n  ]" if comparison.dossiers else b"]") + b',\n  "summary": ' + summary + b"\n}\n"


def _side(report: Report) -> dict[str, Any]:
    return {
        "source": report.source,
        "profile": report.profile,
        "profile_digest": report.profile_digest,
        "tool": report.tool,
    }


def _pair(old: dict[str, Any] | None, new: dict[str, Any] | None, name: str) -> dict[str, Any]:
    return {"old": old.get(name) if old else None, "new": new.get(name) if new else None}


def _dossier_json(d: DossierComparison) -> dict[str, Any]:
    return {
        "uai": d.uai,
        "name": d.name,
        "path": _pair(d.old, d.new, "path"),
        "state": d.state,
        "worse": d.worse,
        "errors": {"old": d.errors(d.old), "new": d.errors(d.new)},
        "evaluated": {"old": evaluated(d.old), "new": evaluated(d.new)},
        "changed": {"dossier": d.causes["dossier"], "rules": d.causes["rules"]},
        "labels": [_label_json(label) for label in d.labels],
    }


def _label_json(label: LabelComparison) -> dict[str, Any]:
    return {
        "label": label.label,
        "name": label.name,
        "state": label.state,
        "verdict": {"old": label.old_verdict, "new": label.new_verdict},
        "trend": label.verdict_trend,
        "verdict_cause": label.verdict_cause,
        "verdict_causes": list(label.verdict_causes),
        "as_of": _pair(label.old, label.new, "as_of"),
        "worse": label.worse,
        "criteria": [
            {
                "ref": c.ref,
                "title": c.title,
                "old": c.old,
                "new": c.new,
                "trend": c.trend,
                "cause": c.cause,
                "causes": list(c.causes),
            }
            for c in label.criteria
        ],
        "findings": {
            "new": [_finding_json(c) for c in label.new_findings],
            "resolved": [_finding_json(c) for c in label.resolved],
            "unchanged": [_finding_json(c) for c in label.unchanged],
        },
    }


# What a finding carries, as a report read gives it (cli-and-report 1.1: every finding its
# source and nature too); its baseline mark is not the comparison's.
_FINDING_FIELDS = (*(name for name in FINDING_FIELDS if name != "new"), "source")


def _finding_json(change: FindingChange) -> dict[str, Any]:
    out = {name: change.finding[name] for name in _FINDING_FIELDS if name in change.finding}
    if change.severity_trend != "same" and change.before is not None:
        out["old_severity"] = change.before.get("severity")
    if change.causes:
        out["cause"] = change.cause
        out["causes"] = list(change.causes)
    return out
