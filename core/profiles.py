"""Academic profiles: what an academy decides on top of the national texts.

A profile sets label parameters (audit team size, deadlines, validity…),
adopts equivalences for every school it serves, may add extra criteria where a
label's texts allow them, sets the severity of rules (with a reason), and
grants waivers. `national` is the national texts only: every label's own
defaults, no equivalence adopted. Plugins contribute named profiles; a user may
pass a TOML file of their own. A profile names the academies it serves, so that
each dossier is judged under its own academy's profile unless `--profile` says
otherwise.

A profile comes from elsewhere: reading one never hangs nor crashes. Every mistake
in it (a parameter of the wrong type or out of its plugin's range, an unknown label,
rule or equivalence, an expression that does not compile or could run away) is
reported at once, with its file, line and key, as a LabelcheckError (exit 2).
"""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

import datetime as dt
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from labelcheck.core.applicability import parameters_awaited
from labelcheck.core.cache import lazy_pattern
from labelcheck.core.catalog import (
    Criterion,
    LabelSpec,
    numbered_twice,
    parameter_problem,
    unreadable,
)
from labelcheck.core.context import rule_context
from labelcheck.core.domains import never_holding
from labelcheck.core.dossier import NOT_BLANK_PATTERN, new_list
from labelcheck.core.errors import (
    InputError,
    LabelcheckError,
    closest,
    error_loc,
    explain,
    format_path,
    listing,
    os_reason,
    said_once,
    utf8_problem,
    utf16_problem,
    with_suggestion,
)
from labelcheck.core.expressions import CompiledExpression, ExpressionRefused, Origin, untrusted
from labelcheck.core.french import (
    ACADEMIES,
    FORMER_ACADEMIES,
    ChosenValue,
    enumeration,
    plural,
    profile_setting,
    quoted,
    same_academy,
    typeset,
    unaccented,
)
from labelcheck.core.registry import Registry
from labelcheck.core.report import Severity
from labelcheck.core.ruleset import rules_named
from labelcheck.core.sourcemap import LazyLines, line_of
from labelcheck.core.toml import TOMLDecodeError, loads_within_limits, toml_syntax, toml_text
from labelcheck.core.visible import visible

if TYPE_CHECKING:
    from labelcheck.core.ruleset import CompiledRule, RuleSpec
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

NATIONAL = "national"


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    rule: str = Field(description="The id of the rule whose findings are set aside.")
    reason: str = Field(
        min_length=1, pattern=NOT_BLANK_PATTERN, description="Why, in French: reports show it."
    )
    expires: dt.date | None = Field(
        None, description="The last day the waiver applies; unset: no end."
    )

    def active_on(self, day: dt.date) -> bool:
        return self.expires is None or day <= self.expires


class SeverityChange(BaseModel):
    """An academy's choice to make a rule block, warn or inform, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    rule: str = Field(description="The id of the rule whose severity changes.")
    severity: Severity = Field(description="The severity its findings get.")
    reason: str = Field(
        min_length=1, pattern=NOT_BLANK_PATTERN, description="Why, in French: reports show it."
    )


class ExtraCriterion(Criterion):
    label: str = Field(description="The id of the label the academy adds this criterion to.")
    # The compiled `applies_when` of its items, by item number, set when its profile is read.
    _conditions: dict[int, CompiledExpression] = PrivateAttr(default_factory=dict)

    @property
    def conditions(self) -> dict[int, CompiledExpression]:
        return self._conditions


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    # Its text patterns in words, for its errors (errors.explain): a blank reason says nothing
    # where reports show it, as a blank `""` does (the fuzzing audit).
    pattern_words: ClassVar[dict[str, str]] = {NOT_BLANK_PATTERN: "valeur non vide attendue"}

    name: str = Field(
        description="The profile's name, as `--profile` names it and reports show it: "
        "neither blank nor `auto`, which reports give a run without `--profile`."
    )
    title: str = Field(
        "",
        description="What the profile is, in French, for whoever reads the file: reports, "
        "`explain` and `plugins` name a profile by its `name`, never show its title.",
    )
    extends: str | None = Field(
        None, description="The name of the profile it starts from and overrides."
    )
    source: str = Field("", description="The academy's text the profile rests on.")
    academies: list[str] = Field(
        default_factory=new_list,
        description="The academies (slugs) this profile serves: their schools' "
        "dossiers are judged under it by default. Each is one of the thirty, as a dossier's "
        "`establishment.academy`, or a territory's own slug in lower case (`polynesie`).",
    )
    labels: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="By label id, the values of the label's `[parameters]`."
    )
    # Equivalences the academy's groupe adopts for every school it serves (circular § 3,
    # « peut décider »): a decision, so none by default.
    equivalences: dict[str, bool] = Field(
        default_factory=dict,
        description="By equivalence id, whether the academy adopts it for every "
        "school it serves (none is adopted by default).",
    )
    criteria: list[ExtraCriterion] = Field(default_factory=new_list)
    severity: list[SeverityChange] = Field(default_factory=new_list)
    waivers: list[Waiver] = Field(default_factory=new_list)

    @property
    def is_national(self) -> bool:
        return self.name == NATIONAL

    def applies(self, nature: str, academies: Collection[str] = (), rule: str = "") -> bool:
        """Whether a rule of this nature applies under this profile (cli-and-report 1.1,
        « Honest verdicts »): an academy's rule belongs to the profile of the academy that
        decided it, not to `national`, which judges by the labels' texts alone, nor to another
        academy's (Lyon's and Dijon's one E3D level at a time is no rule of Orléans-Tours, the
        fidelity audit), unless that profile adopts the rule by naming it in `[[severity]]`.
        A rule naming no academy applies under every academy's profile."""
        if nature != "academy":
            return True
        if self.is_national:
            return False
        if not academies or not _canonical(academies).isdisjoint(_canonical(self.academies)):
            return True
        return bool(rule) and self.severity_change(rule) is not None

    def params(self, registry: Registry, label: str) -> dict[str, Any]:
        return {**registry.labels[label].parameters, **self.labels.get(label, {})}

    def adopts(self, equivalence) -> bool:
        """Whether this profile adopts a `meets` equivalence for every school it serves."""
        return self.equivalences.get(equivalence.id, False)

    def links(self, equivalence) -> bool:
        """Whether an `evidence` link holds: the texts state those, so unless switched off."""
        return self.equivalences.get(equivalence.id, True)

    def rule_severity(self, spec: "RuleSpec") -> Severity:
        """The severity a rule has under this profile (cli-and-report 1.1, « Honest verdicts»):
        the profile's own choice first; else only the label's texts block. An operational
        reading warns, and so does an academy's rule: it belongs to the profile of the academy
        that decided it, which raises it with its `[[severity]]` (one academy's rule never
        blocks the schools of another), or by setting the parameter that puts it in force
        (see `decides`): the academy then decided the rule as the rule is."""
        change = self.severity_change(spec.id)
        if change is not None:
            return change.severity
        if self.decides(spec.label, spec.source.decided_by_parameter):
            return spec.severity
        if spec.severity == "blocking" and spec.source.nature in ("operational", "academy"):
            return "warning"
        return spec.severity

    def severity_reason(self, spec: "RuleSpec") -> str | None:
        """Why the rule's findings have the severity they have under this profile, when the
        profile decides it: its `[[severity]]` reason, or that it puts in force an academy's
        rule that blocks (« bloquant · choix académique » read as a rule never raised)."""
        change = self.severity_change(spec.id)
        if change is not None:
            return change.reason
        if spec.severity == "blocking" and self.decides(
            spec.label, spec.source.decided_by_parameter
        ):
            return DECIDED_BY_PROFILE
        return None

    def decides(self, label: str, parameter: str | None) -> bool:
        """Whether this profile itself sets the parameter that puts an academy's rule in force
        (its source's `decided_by_parameter`): Euroscol's and E3D's commissions' nonconformities,
        which an academy whose commission raises them decided to be nonconformities, blocking
        until lifted (the DAREIC audit: they warned where `sources` said they block)."""
        return parameter is not None and bool(self.labels.get(label, {}).get(parameter))

    def severity_change(self, rule_id: str) -> SeverityChange | None:
        """The profile's own `[[severity]]` for a rule, with its reason, if it gives one."""
        return next((c for c in self.severity if c.rule == rule_id), None)

    def extra_criteria(self, label: str) -> list[ExtraCriterion]:
        return [c for c in self.criteria if c.label == label]

    def merged_over(self, base: "Profile") -> "Profile":
        labels = {k: dict(v) for k, v in base.labels.items()}
        for label, params in self.labels.items():
            labels.setdefault(label, {}).update(params)
        own = {(c.label, c.number) for c in self.criteria}
        return self.model_copy(
            update={
                "labels": labels,
                "equivalences": {**base.equivalences, **self.equivalences},
                "criteria": [c for c in base.criteria if (c.label, c.number) not in own]
                + self.criteria,
                "severity": [
                    *(c for c in base.severity if c.rule not in {s.rule for s in self.severity}),
                    *self.severity,
                ],
                "waivers": [*base.waivers, *self.waivers],
                # Parts of one profile (each plugin ships its own) serve together; a profile that
                # extends another serves its own academies.
                "academies": sorted({*base.academies, *self.academies})
                if self.name == base.name
                else self.academies,
            }
        )


# Why an academy's rule keeps the severity it declares under a profile deciding it (`decides`).
DECIDED_BY_PROFILE = (
    "exigence que l'académie met en œuvre par son profil, bloquante comme l'écrit la règle"
)


def builtin_profiles(
    registry: Registry, rule_ids: Collection[str] | None = None
) -> dict[str, Profile]:
    """`national` plus the profiles plugins contribute, parts with one name merged."""
    return _merged(
        _parse(registry, str(resource), _plugin_profile_text(resource), rule_ids)
        for resource in sorted(registry.profile_files(), key=str)
    )


def _merged(parts: Iterable[Profile]) -> dict[str, Profile]:
    """`national` and the profiles plugins ship, by name, the parts of each merged in order."""
    profiles = {NATIONAL: Profile(name=NATIONAL, title="Textes nationaux")}
    for part in parts:
        known = profiles.get(part.name)
        profiles[part.name] = part.merged_over(known) if known else part
    return profiles


def shipped_severities_never_applied(
    registry: Registry,
    parts: list[tuple[str, str, Profile]],
    compiled: "Mapping[str, CompiledRule]",
) -> list[InputError]:
    """`severity_never_applied` for the profiles plugins ship, part by part, each against its
    profile whole (its parts merged, what it extends folded in): a plugin's profile raising a
    rule that never applies under it was said to block, as a file's was (the review)."""
    if not any(part.severity for _, _, part in parts):
        return []
    merged = _merged(part for _, _, part in sorted(parts, key=lambda p: p[0]))
    errors: list[InputError] = []
    for file, text, part in parts:
        if part.severity:
            whole = _unfold(merged[part.name], merged, seen=set())
            errors += severity_never_applied(registry, file, text, part, whole, compiled)
    return errors


def builtin_profile_part(
    registry: Registry, resource: Any, rule_ids: Collection[str] | None = None
) -> tuple[str, Profile]:
    """One profile file a plugin ships, read alone: its text (which `trespasses` places its
    errors in) and the profile (LabelcheckError with its errors)."""
    text = _plugin_profile_text(resource)
    return text, _parse(registry, str(resource), text, rule_ids)


def profile_name(resource: Any) -> str | None:
    """The `name` of a profile file a plugin ships (`labelcheck plugins` lists them); None if
    the file cannot be read as a profile (its plugin's error, said apart)."""
    name = _plugin_profile_data(resource).get("name")
    return name if isinstance(name, str) else None


def _plugin_profile_data(resource: Any) -> dict[str, Any]:
    """A profile file a plugin ships, read as TOML and no further, whatever else is wrong in
    it; empty when it cannot be read (its plugin's error, said apart)."""
    try:
        return _toml(str(resource), _plugin_profile_text(resource))
    except LabelcheckError:
        return {}


def _plugin_profile_text(resource: Any) -> str:
    """A profile file a plugin's hook names, as text; one that cannot be read (misnamed in
    the hook) is its plugin's error, not an internal error of every run."""
    try:
        data = resource.read_bytes()
    except OSError as error:
        raise _invalid(str(resource), [unreadable(resource, error)]) from None
    return _decode(str(resource), data)


def trespasses(
    registry: Registry, parts: list[tuple[str, str, Profile]], rule_owner: Mapping[str, str]
) -> list[InputError]:
    """What a part of a profile that several plugins ship says of another plugin's labels.

    Parts of one name merge, each plugin bringing what concerns its own labels (LDM's part of
    `centre-val-de-loire-2026`, a third party's for its own label). A part changing another
    plugin's label — a parameter, a rule's severity or waiver, an added criterion, an
    equivalence — changed that label's verdicts with nothing said (the plugin author's audit):
    it is refused, naming the plugin whose label it is. A profile one plugin ships alone (an
    academy's own plugin) may speak of every label. `parts`: (file, text, profile) each;
    `rule_owner`: each rule's plugin, by rule id."""
    owned = _owned(registry, parts)
    owners: dict[str, set[str]] = {}
    for owner, _, _, profile in owned:
        owners.setdefault(profile.name, set()).add(owner)
    served = _served_by_base(registry, owned, owners)
    errors: list[InputError] = []
    for mine, file, text, profile in owned:
        if profile.name not in served:
            continue  # one plugin ships it: it may speak of every label
        first, academies = served[profile.name]
        if mine == first and academies:
            continue  # the academy's own part: the others add their labels' settings to it
        academies = _canonical(academies)
        own_labels = sorted(label.id for label in registry.plugins[mine].labels) if mine else []
        lines = LazyLines(text, is_json=False)
        for index, academy in enumerate(profile.academies):
            # The academies a profile serves choose it for every label of their schools: a
            # part adds none the profile's first plugin does not serve (the review: a third
            # party's part had Lyon's schools judged by Centre-Val de Loire's LDM settings).
            if mine != first and same_academy(academy)[0] not in academies:
                path = ("academies", index)
                message = (
                    f"l'académie {quoted(academy)} n'est pas servie par le profil "
                    f"{quoted(profile.name)} du plugin {quoted(first)} : une partie de ce profil "
                    "n'y ajoute pas d'académie ; en servir une autre est l'affaire d'un profil "
                    "propre (un autre `name`)"
                )
                errors.append(
                    InputError(file, line_of(lines, path), format_path(path), typeset(message))
                )
        for path, whose in _others(registry, profile, set(own_labels), mine, rule_owner):
            message = (
                f"{whose} : le profil {quoted(profile.name)}, que plusieurs plugins composent, "
                f"ne se règle ici que pour les labels du plugin {quoted(mine)} "
                f"({', '.join(own_labels) or 'aucun'}) ; le réglage d'un autre label est à son "
                "plugin, ou à un profil propre (un autre `name`, qui peut étendre celui-ci par "
                "`extends`)"
            )
            errors.append(
                InputError(file, line_of(lines, path), format_path(path), typeset(message))
            )
    return errors


def _served_by_base(
    registry: Registry,
    owned: list[tuple[str, str, str, Profile]],
    owners: Mapping[str, set[str]],
) -> dict[str, tuple[str, set[str]]]:
    """For each profile several plugins ship, its base plugin and the academies that plugin's
    parts serve; `owned`: (plugin, file, text, profile) of each part.

    The base is a built-in plugin's part, else the part that serves academies (the academy's
    own plugin), then the first by name: by name alone, a plugin shipping its label's part of
    `normandie-2027` and sorting before the academy's plugin made itself the base, and the
    academy's plugin was disabled for its own academy and criterion (the third-party plugins
    audit). Two third-party parts that both serve academies clash: the academies only the
    second serves are refused (`trespasses`)."""
    serving = {(owner, profile.name) for owner, _, _, profile in owned if profile.academies}
    served: dict[str, tuple[str, set[str]]] = {}
    for name, plugins in owners.items():
        if len(plugins) < 2:
            continue
        first = min(plugins, key=lambda p: _base_precedence(registry, p, (p, name) in serving))
        academies = {
            academy
            for owner, _, _, profile in owned
            if profile.name == name and owner == first
            for academy in profile.academies
        }
        served[name] = (first, academies)
    return served


def _base_precedence(registry: Registry, plugin: str, serves: bool) -> tuple[bool, bool, str]:
    """A built-in plugin's part first, then one serving academies, then by plugin name."""
    third_party, name = _precedence(registry, plugin)
    return third_party, not serves, name


def academies_served_twice(
    registry: Registry, parts: list[tuple[str, str, Profile]]
) -> list[InputError]:
    """Each academy that two profiles the plugins ship serve, at the line of the second: a
    school is judged under its academy's one profile, and a third party's profile serving
    Orléans-Tours beside LDM's `centre-val-de-loire-2026` stopped every run, naming no plugin
    nor file (the plugin author's audit). The first to serve it keeps it (a built-in plugin's
    before a third party's, then by plugin name), the other's plugin is disabled alone.
    `parts`: (file, text, profile) of each profile file the plugins ship."""
    owned = sorted(
        _owned(registry, parts), key=lambda part: (*_precedence(registry, part[0]), part[1])
    )
    served: dict[str, tuple[str, str]] = {}  # academy -> (profile, its first plugin)
    errors = []
    for owner, file, text, profile in owned:
        lines = LazyLines(text, is_json=False)
        for index, academy in enumerate(profile.academies):
            first = served.setdefault(same_academy(academy)[0], (profile.name, owner))
            if first[0] == profile.name:
                continue  # the parts of one profile serve together (`trespasses` checks them)
            path = ("academies", index)
            message = (
                f"l'académie {quoted(academy)} est déjà servie par le profil {quoted(first[0])} "
                f"du plugin {quoted(first[1])} : un seul profil par académie ; pour régler les "
                f"labels du plugin {quoted(owner)} dans cette académie, les donner dans une "
                f"partie du profil {quoted(first[0])} (le même `name`), ou ne pas servir "
                "cette académie ici"
            )
            errors.append(
                InputError(file, line_of(lines, path), format_path(path), typeset(message))
            )
    return errors


def extends_itself(name: str, base: str) -> str:
    """A profile that extends itself, through `base` and the profiles it extends."""
    return (
        f"le profil {quoted(name)} s'étend lui-même, par {quoted(base)} : retirer cette "
        "boucle (`extends`)"
    )


def bases_unknown(parts: list[tuple[str, str, Profile]]) -> list[InputError]:
    """Each profile file the plugins ship whose `extends` names no profile they ship, or leads
    back to itself: read alone, it loads, and the run building the profiles stopped, naming
    no plugin nor file. `parts`: (file, text, profile) of each profile file."""
    bases: dict[str, set[str]] = {NATIONAL: set()}
    for _, _, profile in parts:
        bases.setdefault(profile.name, set()).add(profile.extends or NATIONAL)
    errors = []
    for file, text, profile in parts:
        if profile.extends is None:
            continue
        if profile.extends not in bases:
            others = sorted(bases.keys() - {profile.name})
            message = listing(
                f"aucun profil {quoted(profile.extends)} à étendre", others, "profils connus"
            )
            hint = closest(profile.extends, others)
        elif _leads_to(profile.name, profile.extends, bases):
            message = extends_itself(profile.name, profile.extends)
            hint = None
        else:
            continue
        line = line_of(LazyLines(text, is_json=False), ("extends",))
        errors.append(InputError(file, line, "extends", typeset(message), hint))
    return errors


def _leads_to(name: str, base: str, bases: Mapping[str, set[str]]) -> bool:
    """Whether extending `base`, and what it extends in turn, comes back to `name`."""
    seen, todo = set(), [base]
    while todo:
        current = todo.pop()
        if current == name:
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(bases.get(current, ()))
    return False


def _owned(
    registry: Registry, parts: list[tuple[str, str, Profile]]
) -> list[tuple[str, str, str, Profile]]:
    """Each profile part with its plugin: (plugin, file, text, profile)."""
    return [(registry.owner(file) or "", file, text, profile) for file, text, profile in parts]


def _precedence(registry: Registry, plugin: str) -> tuple[bool, str]:
    """Which plugin comes first where two ship one profile or serve one academy: a built-in
    plugin before a third party's, then by name."""
    built_in = plugin in registry.plugins and registry.plugins[plugin].built_in
    return not built_in, plugin


def _others(
    registry: Registry,
    profile: Profile,
    own_labels: set[str],
    mine: str,
    rule_owner: Mapping[str, str],
) -> Iterator[tuple[tuple, str]]:
    """Where `profile` speaks of a label or rule that is not its plugin's, and whose it is."""

    def label_of_another(label: str) -> str:
        owner = registry.label_owner(label)
        return f"le label {quoted(label)} est " + (
            f"celui du plugin {quoted(owner)}" if owner else "celui d'un autre plugin"
        )

    for label in profile.labels:
        if label not in own_labels:
            yield ("labels", label), label_of_another(label)
    for index, criterion in enumerate(profile.criteria):
        if criterion.label not in own_labels:
            yield ("criteria", index, "label"), label_of_another(criterion.label)
    targets = {e.id: e.target.partition(":")[0] for e in registry.equivalences}
    for equivalence in profile.equivalences:
        target = targets.get(equivalence)
        if target is not None and target not in own_labels:
            yield ("equivalences", equivalence), label_of_another(target)
    for key in ("severity", "waivers"):
        for index, entry in enumerate(getattr(profile, key)):
            owner = rule_owner.get(entry.rule)
            if owner is not None and owner != mine:
                yield (
                    (key, index, "rule"),
                    f"la règle {quoted(entry.rule)} est celle du plugin {quoted(owner)}",
                )


AUTO = "auto"  # no --profile: each dossier under its academy's profile


@dataclass(frozen=True)
class ProfileChoice:
    """The profile one dossier is judged under, and why (cli-and-report 1.1)."""

    profile: Profile
    reason: Literal["option", "academy", "default"]
    # The profile serving the dossier's academy that a plugin disabled for its errors ships,
    # and that plugin: `national` judges the dossier in its stead (reports say so).
    lost: tuple[str, str] | None = None


class Profiles:
    """The profiles of a run: the one given with `--profile` for every dossier, else the
    profile that serves each dossier's academy, else `national`. `rule_ids`: the rules
    waivers and severity changes may name (None: not checked)."""

    def __init__(
        self, registry: Registry, given: str | None = None, rule_ids: Collection[str] | None = None
    ):
        builtins = builtin_profiles(registry, rule_ids)
        self._builtins = builtins
        self.name = given or AUTO
        self._fixed = (
            ProfileChoice(resolve_profile(registry, given, builtins, rule_ids), "option")
            if given
            else None
        )
        self.all: list[Profile] = (
            [self._fixed.profile]
            if self._fixed
            else [_unfold(p, builtins, seen=set()) for _, p in sorted(builtins.items())]
        )
        self._national = (
            ProfileChoice(next(p for p in self.all if p.is_national), "default")
            if not self._fixed
            else self._fixed
        )
        # Every spelling of each academy served (`clermont`, `clermont-ferrand`): a dossier's
        # academy is looked up as written, with no cost per dossier.
        self._by_academy: dict[str, ProfileChoice] = {}
        if not self._fixed:
            for profile in self.all:
                for academy in profile.academies:
                    known = self._by_academy.get(academy)
                    # Its own other spelling (`clermont` beside `clermont-ferrand`, as two
                    # parts of one profile may write them) is no second profile.
                    if known and known.profile is not profile:
                        raise LabelcheckError(
                            typeset(
                                f"les profils {quoted(known.profile.name)} et {quoted(profile.name)} servent tous deux "
                                f"l'académie {quoted(academy)} : un seul profil par académie"
                            )
                        )
                    for spelling in same_academy(academy):
                        self._by_academy[spelling] = ProfileChoice(profile, "academy")
        # `national` in the stead of an academy's profile that a disabled plugin ships.
        self._lost: dict[str, ProfileChoice] = (
            {
                spelling: ProfileChoice(self._national.profile, "default", lost)
                for academy, lost in _lost_profiles(registry).items()
                for spelling in same_academy(academy)
                if spelling not in self._by_academy
            }
            if not self._fixed and registry.broken
            else {}
        )

    @cached_property
    def known(self) -> list[Profile]:
        """Every profile the run knows: the plugins' and the one given with `--profile` (a
        file's). A criterion an academy adds to a label is in one of them."""
        return [*self._builtins.values(), *self.all]

    @cached_property
    def _resting_on_texts(self) -> list[Profile]:
        """The profiles that name the text they rest on (`source`), each with what it extends
        folded in: a profile extending Centre-Val de Loire's holds its values too."""
        builtins = (
            [_unfold(p, self._builtins, seen=set()) for _, p in sorted(self._builtins.items())]
            if self._fixed
            else self.all
        )
        fixed = [self._fixed.profile] if self._fixed else []
        return [p for p in [*builtins, *fixed] if p.source]

    def cited_values(self, registry: Registry, label: str, source: str) -> dict[str, Any] | None:
        """The label's parameters as the academy's text `source` cites sets them: those of the
        profile resting on that text (`source` is its `source`, or opens with it before a
        comma, a semicolon or a bracket: Centre-Val de Loire's cahier des charges, then its
        section); None when no profile rests on it (the national texts)."""
        for profile in self._resting_on_texts:
            rest = source.removeprefix(profile.source)
            if rest != source and (not rest or rest[0] in ",;( "):
                return profile.params(registry, label)
        return None

    def setting(
        self,
        registry: Registry,
        profile: Profile,
        label: str,
        names: list[str],
        source: str,
        by_text: bool = True,
    ) -> str | None:
        """The values of the parameters `names` that `profile` sets otherwise than the text
        `source` cites (the national values, or the academy's that text is), in words, or
        None: a finding or a step counted from them rests on the profile's choice. `by_text`:
        the national values are the cited text's (not an operational reading's)."""
        if profile.is_national or not names or label not in registry.labels:
            return None
        cited = self.cited_values(registry, label, source)
        reference = registry.labels[label].parameters if cited is None else cited
        values = profile.params(registry, label)
        specs = registry.labels[label].parameter_specs
        chosen: list[ChosenValue] = [
            (name, values[name], reference.get(name), specs.get(name))
            for name in names
            if values.get(name) is not None and values[name] != reference.get(name)
        ]
        return (
            profile_setting(profile.name, chosen, by_text or cited is not None) if chosen else None
        )

    def rule_setting(
        self, registry: Registry, profile: Profile, spec: "RuleSpec", names: Sequence[str]
    ) -> str | None:
        """`setting` for a rule reading the parameters `names`: against the text its source
        cites, whose values are the national ones when it is a text's (not an operational
        reading's)."""
        source = spec.source
        return self.setting(
            registry, profile, spec.label, list(names), source.document, source.nature == "text"
        )

    @cached_property
    def academies(self) -> frozenset[str]:
        """The academies a profile of the run serves (the one given with --profile, or each)."""
        fixed = self._fixed.profile.academies if self._fixed else ()
        return frozenset(self._by_academy).union(fixed)

    def for_academy(self, academy: object) -> ProfileChoice:
        if self._fixed:
            return self._fixed
        if not isinstance(academy, str):
            return self._national
        # Any other is `national`: one of the thirty no profile serves (a misspelt one is an
        # input error, loading._academy_problems).
        return self._by_academy.get(academy) or self._lost.get(academy) or self._national


def _lost_profiles(registry: Registry) -> dict[str, tuple[str, str]]:
    """By academy, the profile serving it that a plugin disabled for its errors ships, and
    that plugin: read as far as its `name` and `academies`, whatever else is wrong in it."""
    lost: dict[str, tuple[str, str]] = {}
    for plugin in sorted(registry.broken, key=lambda p: p.name):
        for resource in plugin.profile_files:
            data = _plugin_profile_data(resource)
            name, academies = data.get("name"), data.get("academies")
            if isinstance(name, str) and isinstance(academies, list):
                for academy in academies:
                    if isinstance(academy, str):
                        lost.setdefault(academy, (name, plugin.name))
    return lost


def likely_meant(academy: str, served: Collection[str]) -> str | None:
    """The served academy a slug no profile serves most likely means: the same once lower-cased
    and stripped of accents (« Orléans-Tours »), else the closest spelling (« orleans-tour »)."""
    folded = {_folded(name): name for name in served}
    former = FORMER_ACADEMIES.get(_folded(academy))
    return folded.get(_folded(academy)) or former or closest(academy, served)


def unknown_academy(shown: str) -> str:
    """What a dossier's `establishment.academy` and a profile's `academies` say of a slug that
    is no academy (`shown`: the slug as written, made printable)."""
    return (
        f"académie {quoted(shown)} inconnue : écrire le nom de son adresse ac-….fr, en "
        "minuscules (orleans-tours, lyon, aix-marseille…)"
    )


# A slug as an address writes it: a territory of its own may be served (`polynesie`), or an
# academy's test profile (`acad9`), as profiles were before their academies were checked.
ACADEMY_SLUG = lazy_pattern(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _folded(academy: str) -> str:
    return unaccented(academy.casefold())


def resolve_profile(
    registry: Registry,
    name_or_file: str | None,
    builtins: dict[str, Profile] | None = None,
    rule_ids: Collection[str] | None = None,
) -> Profile:
    """The profile a run uses, with what it extends folded in."""
    builtins = builtins if builtins is not None else builtin_profiles(registry, rule_ids)
    name_or_file = name_or_file or NATIONAL
    if name_or_file in builtins:
        profile = builtins[name_or_file]
    else:
        text = _read_file(name_or_file)
        if text is None:
            hint = closest(name_or_file, builtins)
            raise LabelcheckError(
                with_suggestion(
                    listing(
                        typeset(
                            f"profil inconnu {quoted(visible(name_or_file))} : ni un fichier, ni un profil livré"
                        ),
                        sorted(builtins),
                        "profils livrés",
                    ),
                    hint,
                )
            )
        return _profile_file(registry, name_or_file, text, builtins, rule_ids)
    return _unfold(profile, builtins, seen=set())


def _profile_file(
    registry: Registry,
    file: str,
    text: str,
    builtins: dict[str, Profile],
    rule_ids: Collection[str] | None,
) -> Profile:
    """A profile file given with --profile, with what it extends folded in. Its errors come
    all at once (LabelcheckError), those that need the profile whole too: a `[[severity]]`
    on a rule it never puts in force was said only once every other error was fixed (the
    fuzzing audit)."""
    data = _toml(file, text)
    checks = _Checks(registry, file, LazyLines(text, is_json=False), rule_ids, builtins)
    profile = checks.profile(data)
    compiled = rule_ids if isinstance(rule_ids, Mapping) else None
    errors = [*checks.errors, *checks.severities_never_applied(data, builtins, compiled)]
    if errors or profile is None:
        raise _invalid(file, errors)
    return _unfold(profile, builtins, seen=set())


def severity_never_applied(
    registry: Registry,
    file: str,
    text: str,
    own: Profile,
    profile: Profile,
    compiled: "Mapping[str, CompiledRule] | None" = None,
) -> list[InputError]:
    """Each `[[severity]]` of a profile file on a rule that waits for a parameter value the
    profile (with what it extends) does not give: said to block, it never applied, without a
    word (the profile author's audit). Asked once the profile is whole, since the profile it
    extends may give the value. `compiled`: the run's rules by id, as the run compiled them;
    without them, those named are compiled again."""
    changes = [(index, change.rule) for index, change in enumerate(own.severity)]
    return _never_applied(
        registry,
        file,
        LazyLines(text, is_json=False),
        changes,
        lambda label: profile.params(registry, label),
        compiled,
    )


def _never_applied(
    registry: Registry,
    file: str,
    lines: Mapping,
    changes: list[tuple[int, str]],
    params_of: Callable[[str], Mapping[str, Any]],
    compiled: "Mapping[str, CompiledRule] | None",
    refused: Mapping[str, set[str]] | None = None,
) -> list[InputError]:
    """`severity_never_applied` for `changes`, (index, rule id) each, under the parameters
    `params_of` gives by label. `refused`: by label, the parameters the profile sets to a
    value refused (`"*"`: all of them), said apart: a rule awaiting one of those is not
    judged, since the profile does set it."""
    if not changes:
        return []
    rules = (
        compiled
        if compiled is not None
        else rules_named(registry, {rule_id for _, rule_id in changes})
    )
    errors = []
    for index, rule_id in changes:
        rule = rules.get(rule_id)
        if rule is None or rule.spec.label not in registry.labels:
            continue
        label = rule.spec.label
        awaited = parameters_awaited(rule, params_of(label))
        doubtful = (refused or {}).get(label, set())
        if not awaited or "*" in doubtful or not doubtful.isdisjoint(awaited):
            continue
        either = enumeration([f"`{name}`" for name in awaited], "ou")
        path = ("severity", index, "rule")
        message = (
            f"la règle {rule_id} ne s'applique que sous un profil qui fixe, sous "
            f"[labels.{label}], {either} (une valeur qui la met en œuvre), ce que celui-ci ne "
            "fait pas : la fixer, ou retirer ce [[severity]], qui ne changerait rien"
        )
        errors.append(InputError(file, line_of(lines, path), format_path(path), typeset(message)))
    return errors


def _unfold(profile: Profile, builtins: dict[str, Profile], seen: set[str]) -> Profile:
    base_name = profile.extends or (None if profile.name == NATIONAL else NATIONAL)
    if base_name is None:
        return profile
    if base_name in seen or base_name == profile.name:
        raise LabelcheckError(typeset(extends_itself(profile.name, base_name)))
    base = builtins.get(base_name)
    if base is None:
        raise LabelcheckError(
            with_suggestion(
                listing(
                    typeset(
                        f"le profil {quoted(profile.name)} étend un profil inconnu, {quoted(base_name)}"
                    ),
                    sorted(builtins),
                    "profils connus",
                ),
                closest(base_name, builtins),
            )
        )
    return profile.merged_over(_unfold(base, builtins, seen | {profile.name}))


# -- reading a profile file ------------------------------------------------------------------

MAX_PROFILE_BYTES = 1_000_000  # the Centre-Val de Loire profile has 1.3 KB


def _read_file(name: str) -> str | None:
    """The text of the profile file `name`, None if there is none; LabelcheckError if it
    cannot be read as one (a folder, a FIFO that would never end, too big, not UTF-8)."""
    path = Path(name)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise LabelcheckError(
                typeset(
                    f"profil {visible(name)} : c'est un répertoire ; "
                    "donner un fichier .toml ou le nom d'un profil"
                )
            )
        if not stat.S_ISREG(info.st_mode):
            raise LabelcheckError(
                typeset(f"profil {visible(name)} : ce n'est pas un fichier ordinaire")
            )
        if info.st_size > MAX_PROFILE_BYTES:
            raise LabelcheckError(
                typeset(
                    f"profil {visible(name)} : {info.st_size} octets, {MAX_PROFILE_BYTES} au plus"
                )
            )
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise LabelcheckError(
            typeset(f"profil {visible(name)} illisible : {os_reason(error)}")
        ) from None
    return _decode(name, data)


def _decode(file: str, data: bytes) -> str:
    """UTF-8 text, without the byte order mark an editor may write before it (as a dossier's:
    loading._decoded); else the line and column of the first byte that is not UTF-8."""
    if (problem := utf16_problem(data)) is not None:
        raise _invalid(file, [InputError(file, 1, "", typeset(problem))])
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line, problem = utf8_problem(data, error)
        raise _invalid(file, [InputError(file, line, "", typeset(problem))]) from None


def _toml(file: str, text: str) -> dict[str, Any]:
    # tomli alone, not the fast parser of plugin files (`read_toml`): a profile comes from
    # anyone (academies exchange them), and tomli's limits are its errors (an integer of more
    # than 4,300 digits, nesting deeper than 400 levels), which toml_rs lets through.
    try:
        return loads_within_limits(text)
    except TOMLDecodeError as error:
        line, message = toml_syntax(error, text)
        raise _invalid(file, [InputError(file, line, "", message)]) from None


def _invalid(file: str, errors: list[InputError]) -> LabelcheckError:
    errors = sorted(errors, key=lambda e: (e.line or 0, e.path, e.message))
    return LabelcheckError(
        typeset(f"profil {visible(file)} invalide : {plural(len(errors), 'erreur')}"), errors
    )


def _parse(
    registry: Registry,
    file: str,
    text: str,
    rule_ids: Collection[str] | None = None,
    profiles: Collection[str] | None = None,
) -> Profile:
    """A profile read from TOML, every problem of it reported at once (LabelcheckError)."""
    data = _toml(file, text)
    checks = _Checks(registry, file, LazyLines(text, is_json=False), rule_ids, profiles)
    profile = checks.profile(data)
    if profile is None:
        raise _invalid(file, checks.errors)
    return profile


# -- checking a profile ------------------------------------------------------------------------


@dataclass
class _Checks:
    """What a profile file's model cannot tell alone: its labels, parameters, equivalences,
    criteria, expressions and rules checked against the installed plugins. Each check reads
    the raw data and skips what is not of the right type (the model reports that), so that
    every error of a file is found in one run."""

    registry: Registry
    file: str
    lines: Mapping
    rule_ids: Collection[str] | None
    profiles: Collection[str] | None  # the profiles one may extend (None: not checked here)
    errors: list[InputError] = field(default_factory=list)
    # By label, the parameters the profile sets to a value refused ("*": its table is no table).
    refused: dict[str, set[str]] = field(default_factory=dict)
    # criterion index -> item number -> its compiled `applies_when`
    conditions: dict[int, dict[int, CompiledExpression]] = field(default_factory=dict)

    def error(self, path: tuple, message: str, suggestion: str | None = None) -> None:
        self.errors.append(
            InputError(
                self.file,
                line_of(self.lines, path),
                visible(format_path(path)),
                typeset(message),
                suggestion,
            )
        )

    def unknown_label(self, path: tuple, label_id: str) -> None:
        """A label no working plugin declares. One that only a plugin disabled for its errors
        declares is not judged here: that plugin's error is the run's, as it is for a dossier
        naming it (validation.py), and « aucun plugin installé ne le fournit » would be false."""
        if label_id in self.registry.set_aside.labels:
            return
        self.error(
            path,
            listing(
                f"label {quoted(visible(label_id))} inconnu : aucun plugin installé ne le fournit",
                sorted(self.registry.labels),
                "labels installés",
            ),
            closest(label_id, self.registry.labels),
        )

    def profile(self, data: dict) -> Profile | None:
        """The profile `data` writes, its criteria's conditions compiled; None when it has
        errors (`errors`)."""
        self.run(data)
        try:
            profile = Profile.model_validate(data)
        except ValidationError as error:
            self.model_errors(error)
            return None
        if self.errors:
            return None
        for index, criterion in enumerate(profile.criteria):
            criterion._conditions = self.conditions.get(index, {})
        return profile

    def run(self, data: dict) -> None:
        self.name(data.get("name"))
        self.extends(data.get("extends"))
        self.academies(data.get("academies"))
        self.parameters(data.get("labels"))
        self.equivalences(data.get("equivalences"))
        self.criteria(data.get("criteria"))
        for key in ("waivers", "severity"):
            self.rules(key, data.get(key))

    def model_errors(self, error: ValidationError) -> None:
        for e in said_once(error.errors(include_url=False), Profile):
            self.error(error_loc(e), *explain(e, error_loc(e), Profile))

    def academies(self, academies: Any) -> None:
        """An academy the profile serves is refused as a dossier's `establishment.academy`
        is, in its words: one written like one of the thirty (`normandy`) would serve no
        school, the academy's schools judged under `national` without a word; one that is no
        slug (`""`, `"Caen"`) would then make a dossier written so valid (the profile
        author's audit). A slug like none may be a territory of its own (`polynesie`, a
        vice-rectorat): the profile serves it, and dossiers naming it are valid."""
        if not isinstance(academies, list):
            return
        for index, academy in enumerate(academies):
            if not isinstance(academy, str) or academy in ACADEMIES:
                continue
            meant = likely_meant(academy, ACADEMIES)
            if meant is not None or not ACADEMY_SLUG().fullmatch(academy):
                self.error(("academies", index), unknown_academy(visible(academy)), meant)

    def name(self, name: Any) -> None:
        """Reports name the profile each dossier was judged under, and `auto` the run without
        --profile (cli-and-report 1.1): a file called like a shipped profile, `auto`, or
        nothing, read as another profile or none (the fuzzing audit)."""
        if not isinstance(name, str):
            return
        if self.profiles is not None and name in self.profiles:
            self.error(
                ("name",),
                f"le profil s'appelle {quoted(visible(name))}, comme un profil livré : les "
                'rapports ne les distingueraient pas ; lui donner son propre nom (`name = "…"`), '
                f"et `extends = {toml_text(name)}` s'il en reprend les valeurs",
            )
        elif not name.strip():
            self.error(
                ("name",),
                "le profil n'a pas de nom, que les rapports donnent pour chaque dossier ; lui "
                f"en donner un, {_name_to_write(self.file)}",
            )
        elif name.strip() == AUTO:
            self.error(
                ("name",),
                f"le profil s'appelle {quoted(AUTO)}, comme les rapports nomment le choix du "
                "profil de chaque académie, sans --profile : ils ne les distingueraient pas ; "
                f"lui donner son propre nom, {_name_to_write(self.file)}",
            )

    def extends(self, name: Any) -> None:
        if isinstance(name, str) and self.profiles is not None and name not in self.profiles:
            self.error(
                ("extends",),
                listing(
                    f"aucun profil {quoted(visible(name))} à étendre",
                    sorted(self.profiles),
                    "profils connus",
                ),
                closest(name, self.profiles),
            )

    def parameters(self, labels: Any) -> None:
        for label_id, params in _table(labels):
            label = self.registry.labels.get(label_id)
            if label is None:
                self.unknown_label(("labels", label_id), label_id)
                continue
            if not isinstance(params, dict):
                self.refused.setdefault(label_id, set()).add("*")
                continue
            specs = label.parameter_specs
            values = {**label.parameters, **{k: v for k, v in params.items() if k in specs}}
            for key in params:
                path = ("labels", label_id, key)
                if key not in specs:
                    self.error(
                        path,
                        listing(
                            f"le label {label_id} n'a pas de paramètre {quoted(visible(key))}",
                            sorted(specs),
                            "paramètres possibles",
                        ),
                        closest(key, specs),
                    )
                elif problem := parameter_problem(specs, key, values):
                    self.error(path, problem)
                    self.refused.setdefault(label_id, set()).add(key)

    def severities_never_applied(
        self,
        data: dict,
        builtins: Mapping[str, Profile],
        compiled: "Mapping[str, CompiledRule] | None",
    ) -> list[InputError]:
        """`severity_never_applied` for a profile file, whatever else is wrong in it: on the
        values it extends and those of its own it sets right. Not asked when what it extends
        is unknown, or its `[labels]` no table: which values it gives is then unknown."""
        base_name = data.get("extends", NATIONAL)
        labels = data.get("labels", {})
        if not isinstance(base_name, str) or base_name not in builtins:
            return []
        if not isinstance(labels, dict):
            return []
        base = _unfold(builtins[base_name], dict(builtins), seen=set())
        changes = [
            (index, entry["rule"])
            for index, entry in _entries(data.get("severity"))
            if isinstance(entry.get("rule"), str)
            and (self.rule_ids is None or entry["rule"] in self.rule_ids)
        ]

        def params_of(label: str) -> dict[str, Any]:
            own = labels.get(label)
            refused = self.refused.get(label, set())
            set_right = {k: v for k, v in own.items() if k not in refused} if own else {}
            return {**base.params(self.registry, label), **set_right}

        return _never_applied(
            self.registry, self.file, self.lines, changes, params_of, compiled, self.refused
        )

    def equivalences(self, equivalences: Any) -> None:
        known = {e.id for e in self.registry.equivalences}
        for eq_id, _adopted in _table(equivalences):
            # one only a disabled plugin declares: that plugin's error is the run's
            if eq_id not in known and eq_id not in self.registry.set_aside.equivalences:
                self.error(
                    ("equivalences", eq_id),
                    listing(
                        f"aucun label installé ne déclare l'équivalence {quoted(visible(eq_id))}",
                        sorted(known),
                        "équivalences connues",
                    ),
                    closest(eq_id, known),
                )

    def criteria(self, criteria: Any) -> None:
        added: dict[str, list] = {}  # the numbers of the criteria added to each label
        # By label, each item number taken and the criterion holding it: the référentiel's,
        # then those of the criteria added before.
        items: dict[str, dict[int, Any]] = {}
        for index, criterion in _entries(criteria):
            label_id = criterion.get("label")
            if not isinstance(label_id, str):
                continue
            label = self.registry.labels.get(label_id)
            if label is None:
                self.unknown_label(("criteria", index, "label"), label_id)
                continue
            number = criterion.get("number")
            numbers = added.setdefault(label.id, [])
            if isinstance(number, int) and (label.criterion(number) or number in numbers):
                self.error(
                    ("criteria", index, "number"),
                    f"le label {label.id} a déjà un critère {number} : donner un autre numéro",
                )
            elif isinstance(number, int) and len(numbers) < label.max_extra_criteria:
                self.follows_referentiel(index, label, number)
            numbers.append(number)
            if len(numbers) > label.max_extra_criteria:
                allowed = label.max_extra_criteria
                admitted = (
                    f"admet au plus {plural(allowed, 'critère ajouté', 'critères ajoutés')}"
                    if allowed
                    else "n'admet aucun critère ajouté"
                )
                self.error(
                    ("criteria", index),
                    f"le label {label.id} {admitted} par une académie "
                    f"({label.extra_criteria_source or 'ses textes'})",
                )
            taken = items.setdefault(
                label.id, {i.number: c.number for c in label.criteria for i in c.items}
            )
            self.items(index, label, number, criterion.get("items"), taken)

    def follows_referentiel(self, index: int, label: LabelSpec, number: int) -> None:
        """An added criterion is numbered after the référentiel's (LDM: a ninth criterion,
        `ldm:9`), so that dossiers of every academy name it alike."""
        last = max(c.number for c in label.criteria)
        allowed = range(last + 1, last + 1 + label.max_extra_criteria)
        if number not in allowed:
            numbers = " ou ".join(str(n) for n in allowed)
            self.error(
                ("criteria", index, "number"),
                f"un critère ajouté au label {label.id} porte le numéro {numbers}, à la suite "
                f"des {last} de son référentiel ({label.extra_criteria_source or 'ses textes'})",
            )

    def items(
        self, index: int, label: LabelSpec, criterion: Any, items: Any, taken: dict[int, Any]
    ) -> None:
        """The items of an added criterion: numbered once within it, and apart from the
        label's other items (`ldm:6.32` says where 32 is: it is nowhere else)."""
        context = rule_context(
            "application", label.parameters, label.id, label.parameter_types, label.new_keys
        )
        seen: list = []
        for position, item in _entries(items):
            path = ("criteria", index, "items", position)
            number = item.get("number")
            if isinstance(number, int) and number in seen:
                self.error((*path, "number"), f"l'item {number} figure deux fois dans ce critère")
            elif isinstance(number, int) and number in taken:
                holders = [taken[number], *([criterion] if criterion != taken[number] else [])]
                self.error(
                    (*path, "number"),
                    numbered_twice(number, holders, f"dans le label {label.id}"),
                )
            elif isinstance(number, int):
                taken[number] = criterion
            seen.append(number)
            grade = item.get("nonconformity_grade")
            if isinstance(grade, str) and grade not in label.nonconformity_grades:
                self.error(
                    (*path, "nonconformity_grade"),
                    f"le label {label.id} n'a pas de gravité de non-conformité « {visible(grade)} » ; "
                    f"il a : {', '.join(label.nonconformity_grades) or 'aucune'}",
                    closest(grade, label.nonconformity_grades),
                )
            text = item.get("applies_when")
            if isinstance(text, str) and isinstance(number, int):
                self.condition(
                    index,
                    number,
                    (*path, "applies_when"),
                    text,
                    context,
                    label.id,
                    f"item {label.id}:{criterion}.{number}",
                )

    def condition(
        self, index: int, number: int, path: tuple, text: str, context, label: str, item: str
    ) -> None:
        origin = Origin(
            self.file, line_of(self.lines, path), f"{visible(format_path(path))} ({item})"
        )
        try:
            compiled = untrusted(text, context, origin)
        except ExpressionRefused as refused:
            self.error(path, refused.message, refused.suggestion)
            return
        never = never_holding(self.registry, label, compiled.rule.statement.expression, text)
        for message, meant in never:
            self.error(path, message, meant)
        if not never:
            self.conditions.setdefault(index, {})[number] = compiled

    def rules(self, key: str, entries: Any) -> None:
        if self.rule_ids is None:
            return
        first: dict[str, int] = {}
        for index, entry in _entries(entries):
            rule = entry.get("rule")
            if not isinstance(rule, str):
                continue
            if rule not in self.rule_ids:
                # one only a disabled plugin declares: that plugin's error is the run's
                if rule not in self.registry.set_aside.rules:
                    self.error(
                        (key, index, "rule"),
                        f"aucune règle n'a l'identifiant {quoted(visible(rule))}",
                        closest(rule, self.rule_ids),
                    )
            elif rule in first:
                self.error(
                    (key, index, "rule"),
                    f"{key}[{first[rule]}] porte déjà sur la règle {rule} : n'en garder qu'une",
                )
            first.setdefault(rule, index)


def _name_to_write(file: str) -> str:
    """The line naming a profile, as its file's own name would write it when that can be one
    (`normandie-2027.toml`), else an academy's and a year's as an example."""
    stem = Path(file).stem
    usable = ACADEMY_SLUG().fullmatch(stem) and stem != AUTO
    return f"`name = {toml_text(stem)}`" if usable else '`name = "normandie-2027"` par exemple'


def _canonical(academies: Collection[str]) -> set[str]:
    """The academies by their canonical slug: `clermont-ferrand` is `clermont`."""
    return {same_academy(academy)[0] for academy in academies}


def _table(value: Any) -> Iterator[tuple[str, Any]]:
    return iter(value.items()) if isinstance(value, dict) else iter(())


def _entries(value: Any) -> Iterator[tuple[int, dict]]:
    """The tables of an array of tables, with their index; nothing if it is not one."""
    if isinstance(value, list):
        yield from ((index, entry) for index, entry in enumerate(value) if isinstance(entry, dict))
