"""Academic profiles: what an academy decides on top of the national texts.

A profile sets label parameters (audit team size, deadlines, validity…),
switches equivalences on or off, may add one extra criterion to a label, and
grants waivers. `national` is the empty profile: every label's own defaults.
Plugins contribute named profiles; a user may pass a TOML file of their own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

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


class ExtraCriterion(Criterion):
    label: str
    added_by_profile: bool = True


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: str
    title: str = ""
    extends: str | None = None
    source: str = ""
    labels: dict[str, dict[str, Any]] = Field(default_factory=dict)  # label id -> parameters
    equivalences: dict[str, bool] = Field(default_factory=dict)
    criteria: list[ExtraCriterion] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)

    def params(self, registry: Registry, label: str) -> dict[str, Any]:
        return {**registry.labels[label].parameters, **self.labels.get(label, {})}

    def equivalence_enabled(self, equivalence) -> bool:
        return self.equivalences.get(equivalence.id, equivalence.enabled)

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
            "waivers": [*base.waivers, *self.waivers],
        })


def builtin_profiles(registry: Registry) -> dict[str, Profile]:
    """`national` plus the profiles plugins contribute, parts with one name merged."""
    profiles = {NATIONAL: Profile(name=NATIONAL, title="Textes nationaux")}
    for resource in sorted(registry.profile_files(), key=str):
        part = _parse(registry, str(resource), resource.read_text("utf-8"))
        known = profiles.get(part.name)
        profiles[part.name] = part.merged_over(known) if known else part
    return profiles


def resolve_profile(registry: Registry, name_or_file: str | None) -> Profile:
    """The profile a run uses, with what it extends folded in."""
    builtins = builtin_profiles(registry)
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


def _check_against_plugins(registry: Registry, profile: Profile, file: str, lines: dict):
    for label, params in profile.labels.items():
        if label not in registry.labels:
            yield InputError(file, line_of(lines, ("labels", label)), f"labels.{label}",
                             "no installed plugin provides this label", closest(label, registry.labels))
            continue
        defaults = registry.labels[label].parameters
        for key, value in params.items():
            path = ("labels", label, key)
            if key not in defaults:
                yield InputError(file, line_of(lines, path), format_path(path),
                                 f"label {label} has no parameter '{key}'; it has: {', '.join(sorted(defaults))}",
                                 closest(key, defaults))
            elif type(value) is not type(defaults[key]):
                yield InputError(file, line_of(lines, path), format_path(path),
                                 f"expected a {type(defaults[key]).__name__}, got {value!r}")
    known = {e.id for e in registry.equivalences}
    for eq_id in profile.equivalences:
        if eq_id not in known:
            yield InputError(file, line_of(lines, ("equivalences", eq_id)), f"equivalences.{eq_id}",
                             f"no installed plugin declares this equivalence; known: {', '.join(sorted(known))}",
                             closest(eq_id, known))
    for index, criterion in enumerate(profile.criteria):
        label = registry.labels.get(criterion.label)
        if label is None:
            yield InputError(file, line_of(lines, ("criteria", index)), f"criteria[{index}].label",
                             "no installed plugin provides this label", closest(criterion.label, registry.labels))
        elif label.criterion(criterion.number):
            yield InputError(file, line_of(lines, ("criteria", index)), f"criteria[{index}].number",
                             f"label {criterion.label} already has a criterion {criterion.number}")
