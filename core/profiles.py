"""Academic profiles: what an academy decides on top of the national texts.

A profile sets label parameters (audit team size, deadlines, validity…),
adopts equivalences for every school it serves, may add extra criteria where a
label's texts allow them, sets the severity of rules (with a reason), and
grants waivers. `national` is the national texts only: every label's own
defaults, no equivalence adopted. Plugins contribute named profiles; a user may
pass a TOML file of their own. A profile names the academies it serves, so that
each dossier is judged under its own academy's profile unless `--profile` says
otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from labelcheck.core.catalog import Criterion
from labelcheck.core.errors import (
    InputError,
    LabelcheckError,
    closest,
    format_path,
    with_suggestion,
)
from labelcheck.core.registry import Registry
from labelcheck.core.sourcemap import line_of, toml_lines
from labelcheck.core.toml import TOMLDecodeError, loads
from pydantic import BaseModel, ConfigDict, Field, ValidationError

NATIONAL = "national"


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    rule: str
    reason: str
    expires: dt.date | None = None

    def active_on(self, day: dt.date) -> bool:
        return self.expires is None or day <= self.expires


class SeverityChange(BaseModel):
    """An academy's choice to make a rule block, warn or inform, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    rule: str
    severity: Literal["blocking", "warning", "info"]
    reason: str = Field(min_length=1)


class ExtraCriterion(Criterion):
    label: str
    added_by_profile: bool = True


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: str
    title: str = ""
    extends: str | None = None
    source: str = ""
    academies: list[str] = Field(default_factory=list)  # academy slugs this profile serves
    labels: dict[str, dict[str, Any]] = Field(default_factory=dict)  # label id -> parameters
    # Equivalences the academy's groupe adopts for every school it serves (circular § 3,
    # « peut décider »): a decision, so none by default.
    equivalences: dict[str, bool] = Field(default_factory=dict)
    criteria: list[ExtraCriterion] = Field(default_factory=list)
    severity: list[SeverityChange] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)

    @property
    def is_national(self) -> bool:
        return self.name == NATIONAL

    def params(self, registry: Registry, label: str) -> dict[str, Any]:
        return {**registry.labels[label].parameters, **self.labels.get(label, {})}

    def adopts(self, equivalence) -> bool:
        """Whether this profile adopts a `meets` equivalence for every school it serves."""
        return self.equivalences.get(equivalence.id, False)

    def links(self, equivalence) -> bool:
        """Whether an `evidence` link holds: the texts state those, so unless switched off."""
        return self.equivalences.get(equivalence.id, True)

    def severity_of(self, rule_id: str, severity: str, nature: str) -> str:
        """The severity a rule has under this profile (cli-and-report 1.1, « Honest verdicts»):
        the profile's own choice first; else an operational reading never blocks, and an
        academy's rule does not block under the national texts."""
        for change in self.severity:
            if change.rule == rule_id:
                return change.severity
        if severity == "blocking" and (nature == "operational" or (nature == "academy" and self.is_national)):
            return "warning"
        return severity

    def extra_criteria(self, label: str) -> list[ExtraCriterion]:
        return [c for c in self.criteria if c.label == label]

    def merged_over(self, base: Profile) -> Profile:
        labels = {k: dict(v) for k, v in base.labels.items()}
        for label, params in self.labels.items():
            labels.setdefault(label, {}).update(params)
        own = {(c.label, c.number) for c in self.criteria}
        return self.model_copy(update={
            "labels": labels,
            "equivalences": {**base.equivalences, **self.equivalences},
            "criteria": [c for c in base.criteria if (c.label, c.number) not in own] + self.criteria,
            "severity": [*(c for c in base.severity if c.rule not in {s.rule for s in self.severity}),
                         *self.severity],
            "waivers": [*base.waivers, *self.waivers],
            # Parts of one profile (each plugin ships its own) serve together; a profile that
            # extends another serves its own academies.
            "academies": sorted({*base.academies, *self.academies}) if self.name == base.name else self.academies,
        })


def builtin_profiles(registry: Registry) -> dict[str, Profile]:
    """`national` plus the profiles plugins contribute, parts with one name merged."""
    profiles = {NATIONAL: Profile(name=NATIONAL, title="Textes nationaux")}
    for resource in sorted(registry.profile_files(), key=str):
        part = _parse(registry, str(resource), resource.read_text("utf-8"))
        known = profiles.get(part.name)
        profiles[part.name] = part.merged_over(known) if known else part
    return profiles


AUTO = "auto"  # no --profile: each dossier under its academy's profile


@dataclass(frozen=True)
class ProfileChoice:
    """The profile one dossier is judged under, and why (cli-and-report 1.1)."""

    profile: Profile
    reason: Literal["option", "academy", "default"]


class Profiles:
    """The profiles of a run: the one given with `--profile` for every dossier, else the
    profile that serves each dossier's academy, else `national`."""

    def __init__(self, registry: Registry, given: str | None = None):
        builtins = builtin_profiles(registry)
        self.name = given or AUTO
        self._fixed = ProfileChoice(resolve_profile(registry, given, builtins), "option") if given else None
        self.all: list[Profile] = [self._fixed.profile] if self._fixed else \
            [_unfold(p, builtins, seen=set()) for _, p in sorted(builtins.items())]
        self._national = ProfileChoice(next(p for p in self.all if p.is_national), "default") \
            if not self._fixed else self._fixed
        self._by_academy: dict[str, ProfileChoice] = {}
        if not self._fixed:
            for profile in self.all:
                for academy in profile.academies:
                    known = self._by_academy.get(academy)
                    if known:
                        raise LabelcheckError(f"profiles {known.profile.name!r} and {profile.name!r} "
                                              f"both serve the academy {academy!r}")
                    self._by_academy[academy] = ProfileChoice(profile, "academy")

    def for_academy(self, academy: object) -> ProfileChoice:
        if self._fixed:
            return self._fixed
        return self._by_academy.get(academy, self._national) if isinstance(academy, str) else self._national


def resolve_profile(registry: Registry, name_or_file: str | None,
                    builtins: dict[str, Profile] | None = None) -> Profile:
    """The profile a run uses, with what it extends folded in."""
    builtins = builtins if builtins is not None else builtin_profiles(registry)
    name_or_file = name_or_file or NATIONAL
    if name_or_file in builtins:
        profile = builtins[name_or_file]
    elif Path(name_or_file).is_file():
        path = Path(name_or_file)
        profile = _parse(registry, str(path), path.read_text("utf-8"))
    else:
        hint = closest(name_or_file, builtins)
        raise LabelcheckError(with_suggestion(
            f"unknown profile {name_or_file!r}: not a file, nor one of {', '.join(sorted(builtins))}", hint))
    return _unfold(profile, builtins, seen=set())


def _unfold(profile: Profile, builtins: dict[str, Profile], seen: set[str]) -> Profile:
    base_name = profile.extends or (None if profile.name == NATIONAL else NATIONAL)
    if base_name is None:
        return profile
    if base_name in seen or base_name == profile.name:
        raise LabelcheckError(f"profile {profile.name!r} extends itself through {base_name!r}")
    base = builtins.get(base_name)
    if base is None:
        raise LabelcheckError(f"profile {profile.name!r} extends unknown profile {base_name!r}")
    return profile.merged_over(_unfold(base, builtins, seen | {profile.name}))


def _parse(registry: Registry, file: str, text: str) -> Profile:
    try:
        data = loads(text)
    except TOMLDecodeError as error:
        raise LabelcheckError(f"{file}: TOML syntax error: {error}") from None
    lines = toml_lines(text)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as error:
        raise LabelcheckError(f"invalid profile {file}", [
            InputError(file, line_of(lines, e["loc"]), format_path(e["loc"]), e["msg"],
                       closest(str(e["loc"][-1]), Profile.model_fields) if e["type"] == "extra_forbidden" else None)
            for e in error.errors()]) from None
    errors = list(_check_against_plugins(registry, profile, file, lines))
    if errors:
        raise LabelcheckError(f"invalid profile {file}", errors)
    return profile


PARAMETER_TYPES = {"integer": "a whole number", "boolean": "true or false", "text": "a string",
                   "list": "a list"}


def parameter_fits(kind: str, value: Any) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, {"boolean": bool, "text": str, "list": list}[kind])


def _check_against_plugins(registry: Registry, profile: Profile, file: str, lines: dict):
    for label, params in profile.labels.items():
        if label not in registry.labels:
            yield InputError(file, line_of(lines, ("labels", label)), f"labels.{label}",
                             "no installed plugin provides this label", closest(label, registry.labels))
            continue
        types = registry.labels[label].parameter_types
        for key, value in params.items():
            path = ("labels", label, key)
            if key not in types:
                yield InputError(file, line_of(lines, path), format_path(path),
                                 f"label {label} has no parameter '{key}'; it has: {', '.join(sorted(types))}",
                                 closest(key, types))
            elif not parameter_fits(types[key], value):
                yield InputError(file, line_of(lines, path), format_path(path),
                                 f"expected {PARAMETER_TYPES[types[key]]}, got {value!r}")
    known = {e.id for e in registry.equivalences}
    for eq_id in profile.equivalences:
        if eq_id not in known:
            yield InputError(file, line_of(lines, ("equivalences", eq_id)), f"equivalences.{eq_id}",
                             f"no installed plugin declares this equivalence; known: {', '.join(sorted(known))}",
                             closest(eq_id, known))
    added: dict[str, int] = {}
    for index, criterion in enumerate(profile.criteria):
        label = registry.labels.get(criterion.label)
        if label is None:
            yield InputError(file, line_of(lines, ("criteria", index)), f"criteria[{index}].label",
                             "no installed plugin provides this label", closest(criterion.label, registry.labels))
            continue
        if label.criterion(criterion.number):
            yield InputError(file, line_of(lines, ("criteria", index)), f"criteria[{index}].number",
                             f"label {criterion.label} already has a criterion {criterion.number}")
        added[label.id] = added.get(label.id, 0) + 1
        if added[label.id] > label.max_extra_criteria:
            allowed = label.max_extra_criteria
            yield InputError(file, line_of(lines, ("criteria", index)), f"criteria[{index}]",
                             f"label {label.id} allows {allowed if allowed else 'no'} extra "
                             f"criteri{'on' if allowed < 2 else 'a'} from an academy "
                             f"({label.extra_criteria_source or 'its texts'})")
