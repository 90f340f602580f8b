"""The hooks a label plugin implements. Each hook is named by what it returns.

A plugin is a module (or object) with functions decorated by ``hookimpl`` and
registered under the entry-point group ``labelcheck``; it imports what it needs
from :mod:`labelcheck.plugin` only. Plugins never import each other: a plugin
names another label only by its id (a string). A hook that raises (a data file
with a mistake: :class:`labelcheck.plugin.PluginDataError`) disables its plugin
alone, reported with its file and line.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from labelcheck.core.catalog import DocumentType, Equivalence, LabelSpec
    from labelcheck.rules.base import RuleKind

hookspec = pluggy.HookspecMarker("labelcheck")
hookimpl = pluggy.HookimplMarker("labelcheck")


@hookspec
def labelcheck_labels() -> list[LabelSpec]:
    """The labels this plugin provides: référentiel, document types, dossier keys.

    Build them with :func:`labelcheck.plugin.load_label` from a data file.
    """


@hookspec
def labelcheck_document_types() -> list[DocumentType]:
    """Document types declared apart from a référentiel: shared by every label (``pv-ca``,
    ``projet-etablissement``…), or given to one with their ``label`` (an academy's plugin
    adding pieces to the criterion it adds to another plugin's label).

    Build them with :func:`labelcheck.plugin.load_document_types` from a data file."""


@hookspec
def labelcheck_rule_files() -> list[Traversable]:
    """Rule files (TOML) to compile; each names the label its rules belong to."""


@hookspec
def labelcheck_equivalences() -> list[Equivalence]:
    """Links between labels: a criterion met because another label is held
    (``effect = "meets"``), or another label's work serving as evidence
    (``effect = "evidence"``). The profile switches each one on or off.

    Build them with :func:`labelcheck.plugin.load_equivalences` from a data file."""


@hookspec
def labelcheck_profiles() -> list[Traversable]:
    """Profile files (TOML) this plugin contributes to. Files sharing a profile
    ``name`` are merged, so each label ships its own part of ``national``."""


@hookspec
def labelcheck_requirements() -> list[Traversable]:
    """Traceability tables (`requirements.toml`): each requirement of the label's texts and
    the rules enforcing it, or why only an auditor can judge it, or why a dossier cannot show it."""


@hookspec
def labelcheck_rule_kinds() -> list[type[RuleKind]]:
    """Kinds of declarative check (``required-document``, ``expression``…)."""
