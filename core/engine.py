"""Evaluation: a validated dossier and the compiled rules give one result per label."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any, NamedTuple

from labelcheck.core import french
from labelcheck.core.applicability import applies_under
from labelcheck.core.asof import Later, dated_until, view_at
from labelcheck.core.dossier import Dossier
from labelcheck.core.errors import (
    InputError,
    LabelcheckError,
    format_path,
)
from labelcheck.core.evidence import ALL_KINDS, Evidence, label_named, with_enclosing
from labelcheck.core.expressions import (
    CompiledExpression,
    ExpressionFailed,
    PluginExpressionFailed,
)
from labelcheck.core.facts import LabelFacts
from labelcheck.core.identity import (
    Baseline,
    dossier_digest,
    dossier_key,
    profile_digest,
    profiles_digest,
    tool,
)
from labelcheck.core.loading import Loaded, load
from labelcheck.core.locate import entry_of
from labelcheck.core.profiles import (
    DECIDED_BY_PROFILE,
    NATIONAL,
    Profile,
    Profiles,
    academies_served_twice,
    bases_unknown,
    builtin_profile_part,
    shipped_severities_never_applied,
    trespasses,
)
from labelcheck.core.refs import criterion_of, label_of, within
from labelcheck.core.registry import Registry, defined_at, type_name
from labelcheck.core.report import (
    EXPIRED,
    MET,
    MET_BY_EQUIVALENCE,
    NOT_APPLICABLE,
    NOT_EVALUATED,
    NOT_MET,
    NOT_READY,
    NOT_YET_AWARDED,
    READY,
    RENEWAL_DUE,
    UNSUPPORTED,
    VALID,
    Citation,
    CriterionResult,
    CriterionStatus,
    DossierResult,
    EquivalenceUse,
    EvidenceLink,
    Finding,
    Grade,
    HeldInfo,
    HeldState,
    LabelResult,
    SetAside,
    Severity,
    SharedEvidence,
    Step,
    Verdict,
    WaiverUse,
    ref_sort_key,
)
from labelcheck.core.ruleset import (
    ANY_LABEL,
    CompiledRule,
    Compiler,
    RuleSpec,
    declared_rule_ids,
    format_message,
    load_rules,
)
from labelcheck.core.timeline import steps_for
from labelcheck.core.validation import meant_label
from labelcheck.core.visible import visible
from labelcheck.rules.base import RuleKind, Violation


def _built_in(kind: RuleKind) -> bool:
    """Whether the kind ships with labelcheck (its findings' refs are tested there)."""
    return type(kind).__module__.startswith("labelcheck.")


class _RefsChecked:
    """A third party's kind's `check`, each violation checked: a `Violation` (`yield "oops"`
    was an AttributeError in the engine), on the label itself, or one of its criteria or items
    under the profile. `qualeduc:9` (no such criterion) or `ldm:7` (another label's) was
    reported as given, on nothing the label has, without a word (the plugin author's audit).
    Only the kinds of other packages pay for it: those labelcheck ships, whose violations its
    tests check, keep their `check` as it is."""

    __slots__ = ("kind",)

    def __init__(self, kind: RuleKind):
        self.kind = kind

    def __call__(self, facts: LabelFacts, subject: Any) -> Iterator[Violation]:
        for violation in self.kind.check(facts, subject):
            if not isinstance(violation, Violation):
                raise _not_a_violation(self.kind, violation)
            if not _ref_of(facts, violation.ref):
                raise _ref_refused(self.kind, facts, violation.ref)
            yield violation


def _ref_of(facts: LabelFacts, ref: str) -> bool:
    """Whether `ref` names the label of `facts`, or one of its criteria or items."""
    if ref == facts.label.id:
        return True
    criterion_ref, _, item = ref.partition(".")
    for criterion in facts.criteria:
        if facts.criterion_ref(criterion) == criterion_ref:
            return not item or any(str(i.number) == item for i in criterion.items)
    return False


def _ref_refused(kind: RuleKind, facts: LabelFacts, ref: str) -> ValueError:
    label = facts.label.id
    return ValueError(
        _check_gave(
            kind,
            f"une Violation sur {french.quoted(visible(str(ref)))}, que le label {label} n'a pas "
            f"sous le profil {facts.profile.name} ; attendu le label ({label}), l'un de ses "
            f"critères ({label}:1…) ou l'un de leurs éléments ({label}:1.1…)",
        )
    )


def _not_a_violation(kind: RuleKind, given: object) -> TypeError:
    """A kind's `check` giving what is not a `Violation` (`yield "oops"`): read as one, it was
    « AttributeError: 'str' object has no attribute 'entry' » in the engine (the plugin
    author's audit). Named as a hook returning the wrong thing is: the kind, its class and
    module, what it gave and what was expected."""
    said = f"{type_name(given)} ; attendu une Violation (from labelcheck.plugin import Violation)"
    return TypeError(_check_gave(kind, said))


def _check_gave(kind: RuleKind, what: str) -> str:
    """`le type de contrôle « k » (classe K du module m) : sa méthode check a produit …`, with
    the line its `check` is written at."""
    cls = type(kind)
    return french.typeset(
        f"le type de contrôle {french.quoted(kind.name)} (classe {cls.__qualname__} du module "
        f"{cls.__module__}) : sa méthode check a produit {what}"
        f"{defined_at(getattr(cls, 'check', None))}"
    )


def _with_setting(source: str, cited: Citation, setting: str) -> tuple[str, Citation]:
    """The rule's source with the profile's value the finding rests on said after its section
    (`Violation.setting`): the text cited and its quote stay as they are."""
    section = french.with_setting(cited.section, setting)
    return french.with_setting(source, setting), cited._replace(section=section)


def _finding_nature(nature: str, violation: Violation, on_added: bool) -> str:
    """The rule's nature, but an academy's choice on a criterion the profile adds, and, for a
    rule of the texts, the nature its kind gives the finding (`Violation.nature`: an expiry
    counted from the profile's term, an equivalence the profile adopts)."""
    if on_added:
        return "academy"
    if violation.nature and nature == "text":
        return violation.nature
    return nature


# Why a finding of a rule of the texts blocks though the academy's choice (nature `academy`):
# the profile set a value the rule applies, not its gravity.
VALUE_SET_BY_PROFILE = (
    "la règle des textes reste bloquante ; ce profil n'en fixe que la valeur qu'elle applique"
)


def _added_reason(ref: str, severity: Severity) -> str | None:
    """Why a finding on a criterion the profile adds blocks, though of nature `academy`: the
    rule is the label's, blocking on each of its criteria, and the profile made this one of
    them. Without it, « bloquant · choix académique » read as an academy's rule that the
    profile never raised (the plugin author's audit)."""
    if severity != "blocking":
        return None
    return (
        f"le critère {criterion_of(ref)} est ajouté par ce profil, et la règle du label "
        "s'applique, bloquante, à chacun de ses critères"
    )


@dataclass
class Engine:
    """Plugins, profile and rules, loaded and compiled once; then any number of dossiers."""

    registry: Registry
    profiles: Profiles
    rules: list[CompiledRule]
    # Per profile name: the compiled `applies_when` of every item (profiles add criteria).
    item_conditions: dict[str, dict[tuple[str, int, int], CompiledExpression]] = field(
        default_factory=dict
    )
    as_of: dt.date | None = None
    only_labels: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    baseline: Baseline | None = None  # --baseline: each finding is then marked new or not
    # The date up to which the dossier's recorded dates give the échéancier's steps, when later
    # than the as-of date (`campaign`: its period's end); else the as-of date.
    steps_until: dt.date | None = None
    # Each result carries its dossier's digest, which reading every piece's content makes: the
    # JSON reports show it (`compare` tells by it a dossier changed); `evaluate` in another
    # format, or `campaign`, do without (30 to 60 µs of CPU a dossier, and its pieces not
    # read from the disk: 120,000 files for the 60,000 schools of bench/generate.py).
    digests: bool = True

    @classmethod
    def create(
        cls,
        profile: str | None = None,
        as_of: dt.date | None = None,
        labels: Iterable[str] = (),
        registry: Registry | None = None,
        baseline: Baseline | None = None,
        steps_until: dt.date | None = None,
        digests: bool = True,
    ) -> Engine:
        registry = registry or Registry.from_plugins()
        # Every error of a profile (its waivers' rules, its expressions…) is reported as it is read.
        rules, profiles = settle_with_profiles(registry, profile)
        conditions = {}
        for resolved in profiles.all:
            conditions[resolved.name], errors = _compile_item_conditions(registry, resolved)
            if errors:
                raise LabelcheckError(
                    "les conditions des référentiels ne se compilent pas (erreur d'un plugin ou du profil)",
                    errors,
                )
        only = tuple(labels)
        for label in only:
            if label not in registry.labels:
                raise unknown_label(label, registry)
        return cls(
            registry,
            profiles,
            rules,
            conditions,
            as_of,
            only,
            baseline=baseline,
            steps_until=steps_until,
            digests=digests,
        )

    @property
    def profile(self) -> Profile:
        """The profile given with `--profile`, else `national` (each dossier may still be
        judged under its own academy's: see `Profiles.for_academy`)."""
        return self.profiles.for_academy(None).profile

    # -- one dossier --------------------------------------------------------

    @cached_property
    def profile_digests(self) -> dict[str, str]:
        """Each profile's digest, by name: reports carry the one each dossier was judged under."""
        return {profile.name: profile_digest(profile) for profile in self.profiles.all}

    def run_info(self, version: str, profile_given: bool) -> dict[str, Any]:
        """The run's provenance for the JSON reports: the tool and the profile's digest (of
        every academy's profile when each dossier is judged under its own)."""
        return {
            "tool": tool(self.registry, version),
            "profile_digest": self.profile_digests[self.profile.name]
            if profile_given
            else profiles_digest(self.profile_digests),
        }

    def evaluate_path(self, path: Path, display_path: str | None = None) -> DossierResult:
        return self.evaluate_loaded(load(path, self.registry, self.profiles), display_path)

    def unevaluated(
        self,
        loaded: Loaded,
        display_path: str,
        errors: tuple[InputError, ...] = (),
        internal_error: str | None = None,
        digest: bool = True,
    ) -> DossierResult:
        """The result of a dossier read but not evaluated (invalid: its `errors`; or failed:
        its `internal_error`), naming the school as far as its file does, with what judged it:
        reports list it under its UAI, and comparisons find it by that. Without its `digest`
        when reading its pieces is what outlasted --timeout."""
        choice = loaded.choice or self.profiles.for_academy(None)
        raw = loaded.raw if isinstance(loaded.raw, dict) else {}
        establishment = raw.get("establishment")
        get = establishment.get if isinstance(establishment, dict) else (lambda _key: None)
        uai, name = get("uai"), get("name")
        return DossierResult(
            display_path,
            uai if isinstance(uai, str) else None,
            name if isinstance(name, str) else None,
            errors=errors,
            internal_error=internal_error,
            profile=choice.profile.name,
            profile_reason=choice.reason,
            profile_lost=choice.lost,
            digest=self.digest_of(loaded) if digest else None,
            profile_digest=self.profile_digests[choice.profile.name],
        )

    def digest_of(self, loaded: Loaded) -> str | None:
        return dossier_digest(loaded.path, loaded.text, loaded.dossier) if self.digests else None

    def evaluate_loaded(self, loaded: Loaded, display_path: str | None = None) -> DossierResult:
        shown = display_path or str(loaded.path)
        if loaded.dossier is None:
            return self.unevaluated(loaded, shown, errors=loaded.errors)
        choice = loaded.choice or self.profiles.for_academy(None)
        # What was judged, so that a comparison of two reports can tell why a result changed.
        digest = self.digest_of(loaded)
        judged_under = self.profile_digests[choice.profile.name]
        dossier = loaded.dossier
        views = _Views(dossier, self.registry.key_evidence)
        try:
            labels = tuple(
                self._evaluate_label(loaded, label, choice.profile, views)
                for label in self._labels_of(dossier)
            )
            if self.baseline is not None:
                self.baseline.mark(dossier_key(dossier.establishment.uai, shown), labels, shown)
        except ExpressionFailed as failure:
            return DossierResult(
                shown,
                dossier.establishment.uai,
                dossier.establishment.name,
                errors=(_profile_error(shown, failure),),
                profile=choice.profile.name,
                profile_reason=choice.reason,
                profile_lost=choice.lost,
                digest=digest,
                profile_digest=judged_under,
            )
        # What serves several labels: as the dossier stood at the latest as-of date of its labels.
        view, _later, evidence = views.at(
            max((r.as_of for r in labels), default=self.as_of or self.today)
        )
        return DossierResult(
            shown,
            dossier.establishment.uai,
            dossier.establishment.name,
            (),
            labels,
            shared_evidence(evidence, {r.label for r in labels}, self._serves_all),
            self._links(views, view, labels, choice.profile),
            dossier=dossier,
            profile=choice.profile.name,
            profile_reason=choice.reason,
            profile_lost=choice.lost,
            digest=digest,
            profile_digest=judged_under,
        )

    @cached_property
    def _serves_all(self) -> set[str]:
        return {t.id for t in self.registry.document_types.values() if t.serves_all}

    def _labels_of(self, dossier) -> list[str]:
        present = dossier.label_ids() & self.registry.labels.keys()  # not a disabled plugin's
        if self.only_labels:
            present &= set(self.only_labels)
        return sorted(present)

    def _as_of(self, dossier, label: str) -> dt.date:
        if self.as_of:
            return self.as_of
        application = dossier.application(label)
        return (application.audit if application and application.audit else None) or self.today

    def _evaluate_label(
        self, loaded: Loaded, label_id: str, profile: Profile, views: _Views
    ) -> LabelResult:
        as_of = self._as_of(loaded.dossier, label_id)
        facts = views.judged[label_id, as_of] = self._facts(loaded, label_id, profile, views, as_of)
        findings = sorted(self._findings(facts), key=Finding.sort_key)
        kept, waived, waivers = self._apply_waivers(findings, facts.as_of, profile)
        set_aside = _set_aside(facts, kept)
        criteria = tuple(self._criteria(facts, kept, set_aside))
        steps = list(steps_for(facts))
        if self.steps_until is not None and self.steps_until > as_of:
            steps += self._later_steps(loaded, label_id, profile, views, steps, as_of)
        steps += _deadline_steps(kept, steps, label_id, facts)
        steps += self._waiver_ends(profile, label_id, waivers)
        return LabelResult(
            label=label_id,
            name=facts.label.name,
            application=facts.application.type if facts.application else None,
            as_of=facts.as_of,
            verdict=_verdict(facts, kept),
            criteria=criteria,
            findings=tuple(kept),
            held=_held_info(facts),
            equivalences=tuple(_equivalences_used(facts, set_aside)),
            waivers=tuple(waivers),
            waived=tuple(waived),
            level=facts.application.level if facts.application else None,
            steps=tuple(sorted(steps, key=lambda s: (s.date, s.what))),
            criterion_name=facts.label.criterion_name,
            renewal_name=facts.label.renewal_name,
            renewal_feminine=facts.label.renewal_name_feminine,
            audit_names=facts.label.audit_names,
            seen_from=self.today if self.as_of is None and facts.as_of > self.today else None,
        )

    def _later_steps(
        self,
        loaded: Loaded,
        label_id: str,
        profile: Profile,
        views: _Views,
        steps: list[Step],
        as_of: dt.date,
    ) -> list[Step]:
        """A campaign's steps that only dates recorded after the label's as-of date, up to the
        period's end, give (a fiche raised within the period, and its deadline). A step the
        as-of date gives keeps its date there: `evaluate --format ics` at that date gives the
        same event under the same id (cli-and-report), and importing both never moves it."""
        assert self.steps_until is not None
        known = {step.id for step in steps}
        planned = self._facts(loaded, label_id, profile, views, self.steps_until)
        later = [step for step in steps_for(planned) if step.id not in known]
        known.update(step.id for step in later)
        return later + [
            step
            for step in self._lifting_deadlines(
                loaded, label_id, profile, views, as_of, steps + later
            )
            if step.id not in known
        ]

    def _lifting_deadlines(
        self,
        loaded: Loaded,
        label_id: str,
        profile: Profile,
        views: _Views,
        as_of: dt.date,
        steps: list[Step],
    ) -> Iterator[Step]:
        """The deadline of each nonconformity found after `as_of` within the period that the
        texts or the profile set (the 30 September of Centre-Val de Loire), not a fiche's own
        `due`: of each fiche raised then, and of each audit's finding without its fiche (an
        open nonconformity too, dossier format 1.1), as their findings carry it the day the
        fiche is raised or the audit held. Past that date, the finding is no longer told
        (Eduform's minor, said late by another rule), so each is read on its own day."""
        assert self.steps_until is not None
        fiches = self._raised_in_period(views.dossier, label_id, as_of)
        audits = {
            audit.date
            for audit in views.dossier.audits
            if audit.label == label_id and as_of < audit.date <= self.steps_until
        }
        plans = self._plans[label_id, profile.name]
        on_fiches = [plan for plan in plans if plan.kind == "open-nonconformity"]
        on_audits = [plan for plan in plans if plan.scope == "audit"]
        for day in sorted(fiches.keys() | audits):
            facts = self._facts(loaded, label_id, profile, views, day)
            raised = fiches.get(day, set())
            # The fiche's own steps as that day gives them (its `due`), under the ids a later
            # as-of date gives them: lifted by the period's end, a fiche had only its deadline's
            # step, under another id, and a calendar imported again doubled the event.
            own = [s for s in steps_for(facts) if s.id.rpartition(":")[2] in raised]
            yield from own
            # Those of that day alone: a fiche raised before is still open, and was read then.
            findings = [
                f
                for f in self._findings(facts, on_fiches)
                if f.kind == "open-nonconformity" and f.subject in raised
            ]
            if day in audits:
                held = f"audit:{day.isoformat()}:"
                findings += [
                    f
                    for f in self._findings(facts, on_audits)
                    if f.subject.startswith(held) and _lifting_deadline(f) is not None
                ]
            yield from _deadline_steps(findings, steps + own, label_id, facts)

    def _raised_in_period(
        self, dossier: Dossier, label_id: str, as_of: dt.date
    ) -> dict[dt.date, set[str]]:
        """The label's fiches raised on each day after `as_of` within the period."""
        assert self.steps_until is not None
        raised: dict[dt.date, set[str]] = {}
        for nc in dossier.nonconformities:
            if label_of(nc.ref) == label_id and as_of < nc.raised <= self.steps_until:
                raised.setdefault(nc.raised, set()).add(nc.id)
        return raised

    def _facts(
        self, loaded: Loaded, label_id: str, profile: Profile, views: _Views, as_of: dt.date
    ) -> LabelFacts:
        """What the rules of `label_id` read: the dossier as it stood at `as_of`."""
        view, later, evidence = views.at(as_of)
        return LabelFacts(
            view,
            loaded.path.parent,
            self.registry,
            profile,
            self.registry.labels[label_id],
            as_of,
            loaded.missing_files,
            self.item_conditions[profile.name],
            evidence,
            later,
            loaded.files_meant,
            self.profiles,
            views.dossier,
        )

    @cached_property
    def _rules_by_label(self) -> dict[str, list[CompiledRule]]:
        return {
            label: [r for r in self.rules if r.spec.label in (label, ANY_LABEL)]
            for label in self.registry.labels
        }

    @cached_property
    def _severities(self) -> dict[str, dict[str, Severity]]:
        """Each rule's severity under each profile of the run, worked out once per engine."""
        return {
            profile.name: {rule.id: profile.rule_severity(rule.spec) for rule in self.rules}
            for profile in self.profiles.all
        }

    @cached_property
    def _plans(self) -> dict[tuple[str, str], list[_RulePlan]]:
        """Per (label, profile): what `_findings` reads of each rule, read once per engine."""
        severities = self._severities
        return {
            (label, profile.name): [
                _RulePlan.of(
                    rule,
                    severities[profile.name][rule.id],
                    profile.severity_reason(rule.spec),
                    partial(self._profile_setting, rule.spec, profile),
                )
                for rule in rules
                if applies_under(rule, profile, self.registry)
            ]
            for label, rules in self._rules_by_label.items()
            for profile in self.profiles.all
        }

    def _profile_setting(
        self, spec: RuleSpec, profile: Profile, names: Sequence[str]
    ) -> str | None:
        """The values of the label's parameters the rule reads that `profile` sets otherwise
        than the text the rule cites (Profiles.setting). A finding then rests on the profile's
        choice: LDM-TITLE at 40 characters said « exigence des textes » and quoted the
        circular's 100, Normandie's 21 days before the audit quoted Centre-Val de Loire's
        « 15 jours minimum » (the profile author's audit)."""
        return self.profiles.rule_setting(self.registry, profile, spec, names)

    @cached_property
    def _plans_unapplied(self) -> dict[tuple[str, str], list[_RulePlan]]:
        """`_plans` for a label held with no application (half of those judged): without the
        rules on the application, which have none to examine (`LabelFacts.subjects`), each
        asked for its subjects in vain, a dozen at each such label."""
        return {
            key: [
                plan
                for plan in plans
                if plan.scope != "application" or plan.subjects is not LabelFacts.subjects
            ]
            for key, plans in self._plans.items()
        }

    @cached_property
    def _added_criteria(self) -> dict[tuple[str, str], frozenset[str]]:
        """Per (label, profile): the refs of the criteria the profile adds (LDM's ninth), read
        once per engine. A finding on one is the academy's to ask, whatever the rule's own
        nature: the national texts know no such criterion."""
        return {
            (label, profile.name): frozenset(
                f"{label}:{c.number}" for c in profile.extra_criteria(label)
            )
            for label in self.registry.labels
            for profile in self.profiles.all
        }

    def _findings(
        self, facts: LabelFacts, plans: list[_RulePlan] | None = None
    ) -> Iterator[Finding]:
        """The findings of the label's rules (or of `plans`, some of them) on its facts."""
        added = self._added_criteria[facts.label.id, facts.profile.name]
        if plans is None:
            plans = (self._plans if facts.application else self._plans_unapplied)[
                facts.label.id, facts.profile.name
            ]
        for plan in plans:
            # Every field named once per rule: read per finding, a plan's attributes were a
            # tenth of a finding's making (LDM's descriptors: some twenty findings a dossier).
            (
                rule_id,
                scope,
                when,
                check,
                message,
                remedy,
                kind,
                severity,
                title,
                source,
                nature,
                counted,
                cited,
                applies,
                severity_reason,
                subjects,
                narrowed,
                severity_kept,
            ) = plan
            if applies is not None and not applies(facts):
                continue
            try:
                for subject in subjects(facts, scope):
                    if when is not None and not facts.holds(when.text, when, scope, subject):
                        continue
                    entry = None  # looked up once the rule finds something: most subjects pass
                    for violation in check(facts, subject):
                        if violation.entry is None:
                            entry = entry or entry_of(facts.dossier, facts.later, scope, subject)
                        where: tuple[str | int, ...] | None = violation.entry or entry
                        if violation.within and where:
                            where = (*where, *violation.within)
                        values = violation.values
                        on_added = criterion_of(violation.ref) in added if added else False
                        said, cites, rests_on = source, cited, nature
                        reason, kept = severity_reason, severity_kept
                        if violation.reads is not None and narrowed is not None:
                            said, cites, rests_on = narrowed(violation.reads)
                            if reason is VALUE_SET_BY_PROFILE and rests_on == "text":
                                reason, kept = None, False  # on values the text's own
                        if violation.setting:
                            said, cites = _with_setting(said, cites, violation.setting)
                        if on_added and reason is None:
                            reason = _added_reason(violation.ref, severity)
                            kept = reason is not None
                        yield Finding(  # by position: a finding is made for most subjects that fail
                            rule_id,
                            kind,
                            severity,
                            violation.ref,
                            violation.subject,
                            format_message(message, values),
                            title,
                            said,
                            _finding_nature(rests_on, violation, on_added),
                            format_message(remedy, values) if remedy else None,
                            violation.due,
                            counted,
                            None,  # new: marked by the baseline, if any
                            where,
                            cites,
                            reason,
                            violation.due_what,
                            violation.due_exclusive,
                            kept,
                            violation.deadline,
                        )
            except Exception as error:
                # A check that raises is a bug of the plugin whose rule it is: the dossier's
                # internal error names the rule, so the academy knows whom to tell.
                if isinstance(error, PluginExpressionFailed):
                    error.rule_place = self._rule(rule_id).place_of(self.registry, error.text)
                # And its plugin: the report alone, sent on, then says whom to tell (a file
                # and line named no plugin a school head could name).
                owner = self.registry.owner(str(self._rule(rule_id).file))
                error.add_note(
                    f"règle {rule_id} du plugin {owner}" if owner else f"règle {rule_id}"
                )
                raise

    def _rule(self, rule_id: str) -> CompiledRule:
        return next(rule for rule in self.rules if rule.id == rule_id)

    def _waiver_ends(
        self, profile: Profile, label_id: str, used: list[WaiverUse]
    ) -> Iterator[Step]:
        """The end of each waiver of the profile on one of the label's own rules, or on a rule
        whose findings it set aside here (cli-and-report: a campaign's steps include « waivers
        expiring »): the day after, those findings count again. Whether the rule finds anything
        at the as-of date or not: a campaign judges each label at its period's start."""
        if not profile.waivers:
            return
        mine = {use.rule for use in used} | self._rule_ids_by_label[label_id]
        for waiver in sorted(profile.waivers, key=lambda w: w.rule):
            if waiver.expires is None or waiver.rule not in mine:
                continue
            yield Step(
                waiver.expires,
                label_id,
                f"Fin d'une dérogation du profil académique ({waiver.reason})",
                f"Profil académique {profile.name} : dérogation accordée jusqu'au "
                f"{french.date(waiver.expires)}",
                kind="deadline",
                id=f"waiver-end:{waiver.rule}",
            )

    @cached_property
    def _rule_ids_by_label(self) -> dict[str, set[str]]:
        """Each label's own rules (not those every label shares), by id."""
        return {
            label: {r.id for r in rules if r.spec.label == label}
            for label, rules in self._rules_by_label.items()
        }

    def _apply_waivers(self, findings: list[Finding], as_of: dt.date, profile: Profile):
        if not profile.waivers:  # the national profile's case: nothing to set aside
            return findings, [], []
        kept: list[Finding] = []
        waived: list[Finding] = []
        uses: list[WaiverUse] = []
        waivers = {w.rule: w for w in profile.waivers}
        for finding in findings:
            waiver = waivers.get(finding.rule)
            (waived if waiver and waiver.active_on(as_of) else kept).append(finding)
        titles = {f.rule: f.title for f in findings}
        for waiver in sorted(profile.waivers, key=lambda w: w.rule):
            if waiver.rule not in titles:
                continue
            active = waiver.active_on(as_of)
            count = sum(1 for f in (waived if active else kept) if f.rule == waiver.rule)
            uses.append(
                WaiverUse(
                    waiver.rule,
                    waiver.reason,
                    waiver.expires,
                    "active" if active else "expired",
                    count if active else 0,
                    titles[waiver.rule],
                )
            )
        return kept, waived, uses

    def _criteria(
        self, facts: LabelFacts, findings: list[Finding], set_aside: dict[str, SetAside]
    ) -> Iterator[CriterionResult]:
        """Each criterion's status (cli-and-report 1.1): a statement about the dossier, never
        the auditors' judgement, whose grades are given beside it. An equivalence stands in
        for a criterion unless an open nonconformity bears on it (`_set_aside`)."""
        # Every ref a blocking finding bears on, and those enclosing it: a criterion is not met
        # when its own ref is one (`within`, asked once per finding and criterion, was 2 %).
        blocked = {
            enclosing
            for finding in findings
            if finding.severity == "blocking"
            for enclosing in with_enclosing(finding.ref)
        }
        grades = _grades(facts)  # most labels have none: each criterion then skips them
        index, met_by_equivalence = facts.applicable_evidence, facts.met_by_equivalence
        for criterion in facts.criteria:
            ref = facts.criterion_ref(criterion)
            evidence = tuple(index.supporting(ref, ALL_KINDS))
            graded = tuple(g for g in grades if within(g.ref, ref)) if grades else ()
            eq = met_by_equivalence.get(ref)
            if eq and ref not in set_aside:
                yield CriterionResult(
                    ref,
                    criterion.title,
                    MET_BY_EQUIVALENCE,
                    eq.via,
                    eq.id,
                    eq.source,
                    evidence,
                    graded,
                    criterion.wording,
                    facts.label_name(eq.via),
                )
                continue
            status: CriterionStatus
            if facts.application is None:
                status = NOT_EVALUATED  # a label held, not applied for: no current evaluation
            elif criterion.items and not facts.applicable_items(criterion):
                status = NOT_APPLICABLE  # none of its items applies (Eduform, by action category)
            elif ref in blocked:
                status = NOT_MET
            elif not index.supported(ref):
                status = UNSUPPORTED  # nothing required is missing, and nothing supports it
            else:
                status = MET
            yield CriterionResult(
                ref,
                criterion.title,
                status,
                evidence=evidence,
                grades=graded,
                wording=criterion.wording,
                set_aside=set_aside.get(ref),
            )

    def _links(
        self,
        views: _Views,
        dossier: Dossier,
        labels: tuple[LabelResult, ...],
        profile: Profile,
    ) -> tuple[EvidenceLink, ...]:
        """Evidence links between labels (not equivalences) that this dossier makes use of."""
        judged = {r.label: views.judged[r.label, r.as_of] for r in labels}
        held = {h.label for h in dossier.held}
        specs = self.registry.labels
        return tuple(
            {
                "id": eq.id,
                "from": eq.via,
                "from_name": specs[eq.via].name if eq.via in specs else eq.via,
                "to": eq.target,
                "title": eq.title,
                "source": eq.source,
            }
            for eq in self.registry.equivalences
            if eq.effect == "evidence"
            and profile.links(eq)
            and label_of(eq.target) in judged
            and eq.via in held
            and _in_force(judged[label_of(eq.target)], eq.via)
        )


def _in_force(facts: LabelFacts, label: str) -> bool:
    """Whether `label`, that an evidence link comes from, is valid at the as-of date of the
    label it serves, whose `facts` these are (those it was judged on), as a `meets` equivalence
    requires of its own (LabelFacts.equivalences): an Eduform certificate expired since 2023 no
    longer feeds the self-assessment of 2026."""
    status = facts.held_status(label, facts.as_of)
    return status is not None and status.in_force


class _RulePlan(NamedTuple):
    """What `_findings` reads of a rule, under one profile's severities."""

    id: str
    scope: str
    when: CompiledExpression | None
    check: Callable[[LabelFacts, Any], Iterable[Violation]]
    message: str
    remedy: str | None
    kind: str
    severity: Severity
    title: str
    source: str
    nature: str
    counted: tuple[str, str] | None
    cited: Citation
    # The kind's `applies`, when it has its own (None: the rule always applies).
    applies: Callable[[LabelFacts], bool] | None
    # Why the finding has its severity under the profile: the reason of its `[[severity]]`, or
    # why the rule's own severity holds under it (`severity_kept`, Finding.severity_kept).
    severity_reason: str | None
    # The kind's `subjects`, when it has its own, else the facts' (the same call, unbound).
    subjects: Callable[[LabelFacts, Any], Sequence[Any]]
    # Source, citation and nature of a finding resting on some of the parameters the profile
    # sets (`Violation.reads`); None when the profile sets none the rule reads.
    narrowed: Callable[[Sequence[str]], tuple[str, Citation, str]] | None = None
    severity_kept: bool = False

    @classmethod
    def of(
        cls,
        rule: CompiledRule,
        severity: Severity,
        reason: str | None = None,
        setting_of: Callable[[Sequence[str]], str | None] | None = None,
    ) -> _RulePlan:
        """`setting_of`: the profile's values, in words, of the parameters named
        (Engine._profile_setting), said after the rule's source; the findings of a rule of the
        texts are then the academy's choice, and, blocking, say why, as those on a criterion
        the profile adds do (`_added_reason`): « bloquant · choix académique » alone read as an
        academy's rule the profile never raised. A finding resting on some of the rule's
        parameters only (`Violation.reads`) says those (`narrowed`)."""
        spec = rule.spec
        own_applies = type(rule.kind).applies is not RuleKind.applies
        own_subjects = type(rule.kind).subjects is not RuleKind.subjects
        setting = setting_of(rule.parameters_read) if setting_of and rule.parameters_read else None
        source, cited, nature, reason, kept = settled(rule, severity, reason, setting)
        narrowed = None
        if setting_of is not None and setting:
            narrowed = partial(_narrowed, rule, setting_of)
        return cls(
            rule.id,
            spec.scope,
            rule.when,
            rule.kind.check if _built_in(rule.kind) else _RefsChecked(rule.kind),
            spec.message,
            spec.remedy,
            rule.finding_kind,
            severity,
            spec.title,
            source,
            nature,
            spec.counted,
            cited,
            rule.kind.applies if own_applies else None,
            reason,
            rule.kind.subjects if own_subjects else LabelFacts.subjects,
            narrowed,
            kept,
        )


def _with_values(rule: CompiledRule, setting: str | None) -> tuple[str, Citation, str]:
    """The rule's source, citation and nature, the profile's values (`setting`) said after
    its source: a rule of the texts resting on them is then the academy's choice."""
    spec = rule.spec
    cited = Citation(spec.source.document, spec.source.section, spec.source.quote)
    if not setting:
        return rule.source_text, cited, spec.source.nature
    source, cited = _with_setting(rule.source_text, cited, setting)
    return source, cited, "academy" if spec.source.nature == "text" else spec.source.nature


def settled(
    rule: CompiledRule, severity: Severity, reason: str | None, setting: str | None
) -> tuple[str, Citation, str, str | None, bool]:
    """The rule's source, citation and nature under a profile giving its parameters the values
    `setting` says (Profiles.rule_setting), with why its findings have `severity` there (the
    profile's `reason`) and whether that reason keeps the rule's own (Finding.severity_kept):
    what `evaluate` reports and `explain` says under that profile."""
    source, cited, nature = _with_values(rule, setting)
    if setting and rule.spec.source.nature == "text" and severity == "blocking" and reason is None:
        # Not the profile's gravity: the texts', with the profile's value, which the source
        # says (« délai … fixé par le profil … »). The French reader's audit: « gravité fixée
        # par le profil académique » contradicted the reason said after it.
        return source, cited, nature, VALUE_SET_BY_PROFILE, True
    # An academy's rule its profile puts in force blocks as the rule says: the profile set
    # the parameter, not the gravity (the new user's check: « gravité fixée par le profil »
    # above « bloquante comme l'écrit la règle »).
    return source, cited, nature, reason, reason is DECIDED_BY_PROFILE


def _narrowed(
    rule: CompiledRule, setting_of: Callable[[Sequence[str]], str | None], reads: Sequence[str]
) -> tuple[str, Citation, str]:
    """`_with_values` for a finding resting on the parameters `reads` alone (Violation.reads):
    the audit plan returned late says the plan's delay, not the report's."""
    return _with_values(rule, setting_of(reads))


class _Views:
    """The dossier as it stood at each as-of date its labels are judged at, with the evidence
    index of each view: labels judged at one date share both."""

    def __init__(self, dossier: Dossier, key_evidence: tuple = ()):
        self.dossier = dossier
        self.key_evidence = key_evidence  # the registry's `[[key_evidence]]`, for each index
        self._at: dict[dt.date, tuple[Dossier, tuple[Later, ...], Evidence]] = {}
        self._evidence: dict[tuple[int, ...], Evidence] = {}
        # Each label's facts at the date it was judged, which its evidence links read again.
        self.judged: dict[tuple[str, dt.date], LabelFacts] = {}

    def at(self, as_of: dt.date) -> tuple[Dossier, tuple[Later, ...], Evidence]:
        known = self._at.get(as_of)
        if known is None:
            view, later = self._view_at(as_of)
            known = self._at[as_of] = (view, later, self._evidence_of(view))
        return known

    def _view_at(self, as_of: dt.date) -> tuple[Dossier, tuple[Later, ...]]:
        """`view_at`'s answer. From the second date on (labels judged at their own audit
        dates), dates past all the dossier records take no pass over it."""
        if not self._at:  # one date (`--as-of`): one pass, and none to find the last date
            return view_at(self.dossier, as_of)
        last = self._last_dated
        if last is None or as_of >= last:
            return self.dossier, ()
        return view_at(self.dossier, as_of)

    @cached_property
    def _last_dated(self) -> dt.date | None:
        """From this date on, the view is the dossier itself; None: at any date."""
        return dated_until(self.dossier)

    def _evidence_of(self, view: Dossier) -> Evidence:
        """One index for the views whose evidence is the same: most views differ only by their
        audits or fiches, if at all, and building the index was a fifth of an evaluation.
        Keyed by the identity of the lists it reads, which the views kept in `_at` hold."""
        key = tuple(id(getattr(view, name)) for name in Evidence.READS)
        evidence = self._evidence.get(key)
        if evidence is None:
            evidence = self._evidence[key] = Evidence(view, self.key_evidence)
        return evidence


def _grades(facts: LabelFacts) -> list[Grade]:
    """The auditors' grades of this label's audits held by the as-of date, oldest first."""
    grades = {
        Grade(f.ref, f.grade, a.date, a.type) for a in facts.subjects("audit") for f in a.findings
    }
    return sorted(grades, key=lambda g: (g.date, ref_sort_key(g.ref), g.grade, g.audit))


def _verdict(facts: LabelFacts, findings: list[Finding]) -> Verdict:
    blocked = any(f.severity == "blocking" for f in findings)
    if facts.application is not None:
        return NOT_READY if blocked else READY
    # A held label's dates decide (facts.held_status reads an award set aside as later).
    status = facts.held_status(facts.label.id, facts.as_of)
    if status is None:
        return NOT_READY
    if status.status == NOT_YET_AWARDED and blocked:
        # Not held yet, yet something already blocks it (an Eduform major nonconformity of its
        # certification audit still open): « pas encore attribué » would hide it.
        return NOT_READY
    return HELD_VERDICTS[status.status]


# The verdict of a label held without an application, by its state at the as-of date. Not
# `ready` for one awarded after that date: nothing was applied for (report.py, NOT_YET_AWARDED).
HELD_VERDICTS: dict[HeldState, Verdict] = {
    VALID: VALID,
    RENEWAL_DUE: RENEWAL_DUE,
    EXPIRED: EXPIRED,
    NOT_YET_AWARDED: NOT_YET_AWARDED,
}


def _lifting_deadline(finding: Finding) -> dt.date | None:
    """The date by which the nonconformity a finding is about is to be lifted, as the
    échéancier announces it: the deadline its kind gives (the texts' or the profile's, before
    it passes and, the nonconformity still open, after), else an open nonconformity's due date
    (Eduform's next audit plus three months)."""
    if finding.deadline is not None:
        return finding.deadline
    return finding.due if finding.kind == "open-nonconformity" else None


def _deadline_steps(
    findings: list[Finding], steps: list[Step], label_id: str, facts: LabelFacts
) -> Iterator[Step]:
    """The date by which an open nonconformity is to be lifted, as its findings carry it (the
    texts' or the profile's deadline, cli-and-report: the échéancier lists « nonconformity
    deadlines »), when no step of the label's milestones gives that day. A fiche's own `due`
    is a milestone of its own: the academy's 30 September after it is announced too, as the
    two have their own consequences (the lifecycle audit: a fiche due on 30 June had no 30
    September step until the day after it passed). Named by the fiche's grade: an écart is no
    non-conformité. Once passed with the fiche still open, the finding that says it missed
    gives it: the échéancier marks past steps, it does not drop a deadline once missed."""
    due = [(day, f) for f in findings if (day := _lifting_deadline(f)) is not None]
    if not due:  # most labels of most dossiers
        return
    known = {(step.date, step.id.rpartition(":")[2]) for step in steps}
    grades = {nc.id: facts.nonconformity_grade(nc) for nc in facts.dossier.nonconformities}
    for day, finding in due:
        if (day, finding.subject) in known:
            continue  # a milestone gives it
        known.add((day, finding.subject))
        what = finding.due_what or french.LIFTING.get(
            grades.get(finding.subject, ""), french.LIFTING["nonconformity"]
        )
        # A fiche is named by its id; a finding without one by its `due_what` alone (its
        # subject, `audit:2025-11-20:eduform:3.11`, is no name a school head knows).
        named = f" ({finding.subject})" if finding.subject in grades or not finding.due_what else ""
        yield Step(
            day,
            label_id,
            f"Échéance de levée {what}{named}",
            finding.source,
            kind="deadline",
            id=f"nonconformity-deadline:{finding.subject}",
        )


def _held_info(facts: LabelFacts) -> HeldInfo | None:
    status = facts.held_status(facts.label.id, facts.as_of)
    if status is None:
        return None
    held = facts.held
    info: HeldInfo = {
        "awarded": status.awarded,
        "expires": status.expires,
        "renewal_due_from": status.renewal_due_from,
        "status": status.status,
    }
    if held is not None and held.level is not None:
        info["level"] = held.level
    if held is not None and held.holder:
        info["holder"] = held.holder
    return info


# The kind of finding an open nonconformity gives (cli-and-report, finding `kind`), whichever
# rule kind found it: a fiche d'écart still open, or a graded finding without its fiche.
OPEN_NONCONFORMITY = "open-nonconformity"


def _set_aside(facts: LabelFacts, findings: list[Finding]) -> dict[str, SetAside]:
    """The criteria an equivalence would stand in for, on which an open nonconformity blocks:
    « non-conformité [...] empêchant de satisfaire le critère correspondant », blocking the
    award or renewal until lifted (dossier format 1.1). The equivalence only spares the audit
    the criterion's evidence; it lifts no nonconformity. Warnings (an écart, a follow-up
    audit's nonconformity) never make a criterion unmet, so they leave the equivalence be."""
    met = facts.met_by_equivalence
    if not met:  # most labels
        return {}
    blocking: dict[str, set[str]] = {}
    for finding in findings:
        if finding.kind == OPEN_NONCONFORMITY and finding.severity == "blocking":
            for ref in with_enclosing(finding.ref):  # one on an item bears on its criterion
                blocking.setdefault(ref, set()).add(finding.subject)
    fiches = {nc.id for nc in facts.dossier.nonconformities}
    return {
        ref: SetAside(
            eq.id, eq.via, facts.label_name(eq.via), tuple(sorted(blocking[ref] & fiches))
        )
        for ref, eq in met.items()
        if ref in blocking
    }


def _equivalences_used(
    facts: LabelFacts, set_aside: dict[str, SetAside]
) -> Iterator[EquivalenceUse]:
    for use in facts.equivalences:
        eq, status = use.equivalence, use.status
        if use.adopted_by is None and (status is None or not status.in_force):
            continue  # neither adopted nor possible: nothing to say
        out: EquivalenceUse = {
            "id": eq.id,
            "criterion": eq.target,
            "via": eq.via,
            "applied": use.applies and eq.target not in set_aside,
            "via_status": status.status if status else "not-held",
            "adopted_by": use.adopted_by,
            "source": eq.source,
            "title": eq.title,
        }
        if use.applies and eq.target in set_aside:
            out["set_aside_by"] = list(set_aside[eq.target].fiches)
        if use.decision is not None:
            out["decision"] = {
                "by": use.decision.by,
                "date": use.decision.date.isoformat(),
                "reference": use.decision.reference,
            }
        yield out


def shared_evidence(
    evidence: Evidence, labels: set[str], serves_all: set[str]
) -> tuple[SharedEvidence, ...]:
    """Each document, indicator, action or partner serving criteria of two or more labels."""
    dossier = evidence.dossier
    applied = {a.label for a in dossier.applications} & labels
    # A pv-ca without `supports` serves every application (spec/dossier-format.md).
    for_every_application = {
        d.id for d in dossier.documents if not d.supports and d.type in serves_all
    }
    out = []
    for (kind, entry_id), refs in evidence.entry_refs.items():
        if kind == "document" and entry_id in for_every_application:
            refs = refs | applied
        if len(refs) < 2:  # most entries: one ref cannot span two labels
            continue
        # Each ref's label told in C (`label_named`): asked of every entry naming two or more.
        named = labels.intersection(map(label_named, refs))
        if len(named) >= 2:
            kept = sorted([r for r in refs if label_named(r) in named])
            out.append(SharedEvidence(entry_id, kind, tuple(kept)))
    return tuple(sorted(out, key=lambda s: (s.id, s.kind)))


def unknown_label(label: str, registry: Registry) -> LabelcheckError:
    """The error for a label asked for (`--label`, `rules --label`…) that is not installed, or
    whose plugin is set aside: one wording wherever a command meets it."""
    broken = registry.label_owner(label)
    if broken:  # installed, but its plugin's data has errors: not « inconnu »
        return LabelcheckError(
            f"label {french.quoted(visible(label))} désactivé{french.NNBSP}: "
            f"son plugin {broken} a des erreurs",
            registry.plugins[broken].errors,
        )
    message = french.suggestion(
        f"label inconnu {french.quoted(visible(label))}", meant_label(label, registry.labels)
    )
    if not registry.labels:  # every plugin disabled: their errors are said apart
        return LabelcheckError(f"{message}{french.NNBSP}; aucun label installé")
    installed = ", ".join(sorted(registry.labels))
    return LabelcheckError(f"{message}{french.NNBSP}; labels installés{french.NNBSP}: {installed}")


def settle(registry: Registry) -> list[CompiledRule]:
    """The rules of the working plugins, compiled; a plugin whose rules, profiles or
    référentiel conditions do not compile is disabled (`registry.broken`), and the rest
    compiled again without it. An error no plugin owns is raised (LabelcheckError)."""
    while True:
        rules, errors = load_rules(registry)
        # A rule that does not compile still exists: a profile naming it is not blamed for it.
        ids = {r.id for r in rules} | (declared_rule_ids(registry) if errors else set())
        # A plugin whose rules file does not parse (its one error with no key) declares no
        # rule: what its profiles say of its rules is no error of theirs, and is not said.
        unreadable = {registry.owner(error.file) for error in errors if not error.path}
        errors += _profile_errors(registry, ids, rules, unreadable)
        if not errors:
            errors += _compile_item_conditions(
                registry, Profile.model_validate({"name": NATIONAL})
            )[1]
        if not errors:
            return rules
        _disable_owners(
            registry,
            errors,
            "les règles des plugins installés ne se compilent pas (erreur d'un plugin)",
        )


def settle_with_profiles(
    registry: Registry, given: str | None = None
) -> tuple[list[CompiledRule], Profiles]:
    """`settle`, then the profiles of a run (`given`: --profile's name or file): a rule naming
    an item that no profile of the run adds disables its plugin too. It stopped every run
    (exit 2, no report), its plugin still said « actif » (the plugin author's audit); it is
    known only with the profiles, since one given as a file may add the item."""
    while True:
        rules = settle(registry)
        # The rules by id: a profile file's [[severity]] is checked against them as compiled.
        profiles = Profiles(registry, given, rule_ids={r.id: r for r in rules})
        errors = unknown_profile_items(registry, rules, profiles)
        if not errors:
            return rules, profiles
        _disable_owners(
            registry,
            errors,
            "des règles portent sur des items qu'aucun profil n'ajoute (erreur d'un plugin)",
        )


def _disable_owners(registry: Registry, errors: list[InputError], heading: str) -> None:
    """Each plugin owning one of `errors`, disabled with its own; an error no plugin owns stops
    the run (LabelcheckError with `heading`)."""
    owners: dict[str, list[InputError]] = {}
    for error in errors:
        owner = registry.owner(error.file)
        if owner is None:
            raise LabelcheckError(heading, errors)
        owners.setdefault(owner, []).append(error)
    for owner, owned in owners.items():
        registry.disable(owner, owned)


def unknown_profile_items(
    registry: Registry, rules: Iterable[CompiledRule], profiles: Profiles
) -> list[InputError]:
    """The items rules name that neither their label's référentiel nor a criterion that a
    profile of the run adds to it has (`items = [48]` where an academy's ninth LDM criterion
    holds 47 alone): the rule would never examine them, without a word. Known only once the
    profiles are: a profile given with `--profile FILE` may add the item (`ProfileItem`)."""
    errors = []
    places_of: dict[str, dict[int, str]] = {}  # by label, made at its first item
    for rule in rules:
        for item in rule.profile_items:
            label = registry.labels.get(item.label)
            if label is None:
                continue
            if label.id not in places_of:
                places_of[label.id] = _item_places(label, profiles.known)
            places = places_of[label.id]
            if item.number in places:
                continue
            by_place: dict[str, list[int]] = {}
            for number, place in sorted(places.items()):
                by_place.setdefault(place, []).append(number)
            existing = ", ".join(
                f"{_spans(numbers)} ({place})" for place, numbers in by_place.items()
            )
            message = (
                f"{item.named} : le label {label.id} n'a pas d'item {item.number}, ni dans son "
                f"référentiel ni dans un critère qu'un profil lui ajoute ; items existants : "
                f"{existing}"
            )
            errors.append(InputError(item.file, item.line, item.path, french.typeset(message)))
    return errors


def _item_places(label, profiles: Iterable[Profile]) -> dict[int, str]:
    """Each item number of `label`, and where it is: its référentiel, or the criterion a
    profile adds."""
    places = {i.number: "référentiel" for c in label.criteria for i in c.items}
    for profile in profiles:
        for criterion in profile.extra_criteria(label.id):
            where = f"critère {criterion.number} du profil {french.quoted(profile.name)}"
            for item in criterion.items:
                places.setdefault(item.number, where)
    return places


def _spans(numbers: list[int]) -> str:
    """`1 à 46`, `47, 48`: sorted numbers, runs of three or more as spans."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(
        f"{run[0]} à {run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs
    )


def _profile_errors(
    registry: Registry,
    rule_ids: set[str],
    rules: list[CompiledRule],
    skipped: AbstractSet[str | None] = frozenset(),
) -> list[InputError]:
    """The errors of each profile file the plugins ship, read alone, then of the parts of one
    profile that several plugins ship, read together; not those of the `skipped` plugins."""
    errors: list[InputError] = []
    parts = []
    for resource in registry.profile_files():
        if skipped and registry.owner(str(resource)) in skipped:
            continue
        try:
            parts.append((str(resource), *builtin_profile_part(registry, resource, rule_ids)))
        except LabelcheckError as error:
            details = error.errors or [str(error)]
            errors += [
                e if isinstance(e, InputError) else InputError(str(resource), None, "", e)
                for e in details
            ]
    if len(parts) > 1:
        file_owner = {
            str(file): plugin.name
            for plugin in registry.plugins.values()
            for file in plugin.rule_files
        }
        rule_owner = {rule.id: file_owner.get(rule.file, "") for rule in rules}
        errors += trespasses(registry, parts, rule_owner)
    errors += academies_served_twice(registry, parts) + bases_unknown(parts)
    if not errors:  # whole profiles are made of parts read without error
        errors += shipped_severities_never_applied(registry, parts, {r.id: r for r in rules})
    return errors


def _compile_item_conditions(registry: Registry, profile: Profile):
    """The `applies_when` of every item (network-only descriptors…): the référentiels' compiled
    once here, those of criteria the profile adds as the profile was read."""
    conditions, errors = {}, []
    for label in registry.labels.values():
        for c_index, criterion in enumerate(label.criteria):
            for i_index, item in enumerate(criterion.items):
                if not item.applies_when:
                    continue
                at = ("criteria", c_index, "items", i_index, "applies_when")
                compiler = Compiler(
                    registry,
                    label.id,
                    "application",
                    label.file,
                    label.line_of,  # the path given below is the item's, from the file's top
                    f"{label.id}:{criterion.number}.{item.number}",
                    named=f"élément {label.id}:{criterion.number}.{item.number} (applies_when)",
                )
                rule = compiler.expression(item.applies_when, format_path(at))
                errors.extend(compiler.errors)
                if rule is not None:
                    conditions[(label.id, criterion.number, item.number)] = rule
        for criterion in profile.extra_criteria(label.id):
            for number, rule in criterion.conditions.items():
                conditions[(label.id, criterion.number, number)] = rule
    return conditions, errors


def _profile_error(dossier: str, failure: ExpressionFailed) -> InputError:
    """A profile's expression failing on this dossier: an error of its input, which names the
    profile's file, line and key (the dossier itself may be right)."""
    return InputError(dossier, None, "", f"profil {failure.origin} : {failure.reason}")
