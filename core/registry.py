"""The plugin manager, and the registry of everything installed plugins declare."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pluggy
from labelcheck.core import hookspecs
from labelcheck.core.catalog import DocumentType, Equivalence, LabelSpec
from labelcheck.core.errors import LabelcheckError

# The rule kinds are built in but register like any plugin (cf. datasette's DEFAULT_PLUGINS).
DEFAULT_PLUGINS = ("labelcheck.rules",)


def plugin_manager(load_entry_points: bool = True) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("labelcheck")
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        pm.register(__import__(name, fromlist=["*"]), name=name)
    if load_entry_points:
        pm.load_setuptools_entrypoints("labelcheck")
    pm.check_pending()  # a misspelt hookimpl is a plugin bug: say so at once
    return pm


def _origin(pm: pluggy.PluginManager, plugin: object) -> str:
    for plugin_, dist in pm.list_plugin_distinfo():
        if plugin_ is plugin:
            name = dist.project_name
            return "built in" if name == "labelcheck" else f"{name} {dist.version}"
    return "built in"  # an identifier: `labels` shows it as « livré avec labelcheck »


@dataclass
class Registry:
    """Everything the installed plugins declare, gathered once per process."""

    pm: pluggy.PluginManager
    labels: dict[str, LabelSpec] = field(default_factory=dict)
    document_types: dict[str, DocumentType] = field(default_factory=dict)
    equivalences: list[Equivalence] = field(default_factory=list)

    @classmethod
    def from_plugins(cls, pm: pluggy.PluginManager | None = None) -> Registry:
        pm = pm or plugin_manager()
        registry = cls(pm)
        for impl in pm.hook.labelcheck_labels.get_hookimpls():
            for label in impl.function():
                registry._add_label(label.model_copy(update={"origin": _origin(pm, impl.plugin)}))
        for types in pm.hook.labelcheck_document_types():
            for doc_type in types:
                registry._add_document_type(doc_type)
        for equivalences in pm.hook.labelcheck_equivalences():
            registry.equivalences.extend(equivalences)
        registry.equivalences.sort(key=lambda e: e.id)
        return registry

    def _add_label(self, label: LabelSpec) -> None:
        if label.id in self.labels:
            raise LabelcheckError(f"deux plugins fournissent le label «\u202f{label.id}\u202f»\u202f: "
                                  "désinstaller l'un des deux")
        self.labels[label.id] = label
        for doc_type in label.document_types:
            self._add_document_type(doc_type)

    def _add_document_type(self, doc_type: DocumentType) -> None:
        known = self.document_types.get(doc_type.id)
        if known and known != doc_type:
            raise LabelcheckError(f"type de pièce «\u202f{doc_type.id}\u202f» déclaré deux fois, "
                                  "différemment (erreur d'un plugin)")
        self.document_types[doc_type.id] = doc_type

    @cached_property
    def rule_kinds(self) -> dict[str, type]:
        return {kind.name: kind for kinds in self.pm.hook.labelcheck_rule_kinds() for kind in kinds}

    def rule_files(self) -> list:
        return [f for files in self.pm.hook.labelcheck_rule_files() for f in files]

    def requirement_files(self) -> list:
        return [f for files in self.pm.hook.labelcheck_requirements() for f in files]

    def profile_files(self) -> list:
        return [f for files in self.pm.hook.labelcheck_profiles() for f in files]

