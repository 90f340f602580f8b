"""The academic label « Égalité filles-garçons », as a third-party labelcheck plugin.

Written against labelcheck's public surface only (`labelcheck.plugin`), as the
plugin author's guide shows: the label is data (referentiel.toml, rules.toml), and
one rule kind of its own shows how a plugin adds a check.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from labelcheck.plugin import (
    LabelFacts,
    LabelSpec,
    Params,
    RuleKind,
    Violation,
    hookimpl,
    load_label,
)

DATA = files(__name__)


class ReferentNamed(RuleKind):
    """The application names its equality referent (`referent`, a key the label adds to its
    [[applications]] entry).

    Scope: `application`.
    """

    name = "egalite-referent"
    summary = "La candidature nomme le ou la référente égalité de l'établissement."
    scopes = ("application",)
    message_fields = frozenset({"label"})
    Params = Params

    def check(self, facts: LabelFacts, application: Any) -> Iterator[Violation]:
        # A key the label declares in its référentiel ([dossier_keys.new_keys.applications]).
        if not (application.model_extra or {}).get("referent"):
            yield Violation(
                subject=facts.label.id, ref=facts.label.id, values={"label": facts.label.name}
            )


@hookimpl
def labelcheck_labels() -> list[LabelSpec]:
    return [load_label(DATA / "referentiel.toml")]


@hookimpl
def labelcheck_rule_files() -> list[Traversable]:
    return [DATA / "rules.toml"]


@hookimpl
def labelcheck_profiles() -> list[Traversable]:
    # The label's part of the profile of the academy that awards it: its rules block there.
    return [DATA / "profile-centre-val-de-loire-2026.toml"]


@hookimpl
def labelcheck_rule_kinds() -> list[type[RuleKind]]:
    return [ReferentNamed]
