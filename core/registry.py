"""The plugin manager, and the registry of everything installed plugins declare.

A plugin whose data cannot be read (a typo in its référentiel, a rule that does not
compile…) is disabled alone: its labels, rules, document types, equivalences and
profiles are left out, the other plugins' labels are still evaluated, and every run
reports it (`Registry.broken`).
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

import pluggy
from labelcheck.core import hookspecs
from labelcheck.core.cache import lazy_pattern
from labelcheck.core.catalog import (
    DocumentType,
    Equivalence,
    LabelSpec,
    PluginDataError,
    plugin_text,
)
from labelcheck.core.errors import (
    InputError,
    closest,
    format_path,
    listing,
    suggest_message,
    with_suggestion,
)
from labelcheck.core.french import LEFT_OUT, quoted, typeset
from labelcheck.core.refs import criterion_of, label_of
from labelcheck.core.toml import TOMLDecodeError, read_toml

if TYPE_CHECKING:
    from labelcheck.rules.base import RuleKind

# The rule kinds are built in but register like any plugin (cf. datasette's DEFAULT_PLUGINS).
DEFAULT_PLUGINS = ("labelcheck.rules",)
HOOKS = (
    "labelcheck_labels",
    "labelcheck_document_types",
    "labelcheck_rule_files",
    "labelcheck_equivalences",
    "labelcheck_profiles",
    "labelcheck_requirements",
    "labelcheck_rule_kinds",
)


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, which also keeps each entry point's distribution and the plugins
    that could not even be imported (they are reported, never fatal to the others)."""

    def __init__(self) -> None:
        super().__init__("labelcheck")
        self.distributions: dict[str, importlib.metadata.Distribution] = {}
        self.failed: dict[str, list[InputError]] = {}
        self.raised: set[str] = set()  # those of `failed` whose import raised (a bug, exit 3)


def plugin_manager(load_entry_points: bool = True) -> PluginManager:
    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        pm.register(__import__(name, fromlist=["*"]), name=name)
    if load_entry_points:
        _load_entry_points(pm)
    _check_pending(pm)
    _check_undecorated(pm)
    return pm


def _entry_points() -> list[tuple[importlib.metadata.EntryPoint, importlib.metadata.Distribution]]:
    """Each entry point of group `labelcheck` with its distribution, by entry-point name, then
    distribution name: the order the file system lists the distributions in (the hash order
    of their folders' names) decided which of two packages giving one name was loaded, so the
    same packages gave two machines two reports (the third-party plugins audit). labelcheck's
    own before any other package giving the same name: a package named before it
    (« acme-ldm ») would otherwise replace the built-in label, which always wins a clash."""
    found = [
        (ep, dist)
        for dist in importlib.metadata.distributions()
        for ep in dist.entry_points
        if ep.group == "labelcheck"
    ]
    return sorted(found, key=lambda pair: (pair[0].name, *_third_party_last(_package(pair[1]))))


def _third_party_last(package: str) -> tuple[bool, str]:
    return package != "labelcheck", package


def _load_entry_points(pm: PluginManager) -> None:
    """Each plugin of group `labelcheck`, like pluggy's load_setuptools_entrypoints, but a
    plugin that fails to import or register is set aside with its error."""
    for ep, dist in _entry_points():
        if ep.name in pm.distributions:
            if _package(pm.distributions[ep.name]) != _package(dist):
                _name_taken(pm, ep.name, pm.distributions[ep.name], dist)
            # else one distribution seen twice on the path (an egg-info beside it)
            continue
        pm.distributions[ep.name] = dist
        _load(pm, ep, dist)


def _name_taken(
    pm: PluginManager,
    name: str,
    first: importlib.metadata.Distribution,
    second: importlib.metadata.Distribution,
) -> None:
    """A second package giving an entry point's name: disabled, naming both packages."""
    loaded = (
        "seul celui de labelcheck est chargé ; désinstaller l'autre"
        if _package(first) == "labelcheck"
        else "seul le premier, par ordre alphabétique des noms de paquets, est chargé ; "
        "désinstaller l'un des deux"
    )
    key = f"{name} ({_package(second)})"
    pm.distributions[key] = second  # its package and version, as any disabled plugin's
    pm.failed.setdefault(key, []).append(
        InputError(
            _package(second),
            None,
            "entry-points.labelcheck",
            typeset(
                f"le plugin {quoted(name)} est fourni par deux paquets, {_package(first)} et "
                f"{_package(second)} : {loaded}"
            ),
        )
    )


def _load(
    pm: PluginManager, ep: importlib.metadata.EntryPoint, dist: importlib.metadata.Distribution
) -> None:
    """Import and register one plugin; one that fails to is set aside with its error."""
    try:
        with redirect_stdout(sys.stderr):  # a print() at import: never in a report
            plugin = ep.load()
        pm.register(plugin, name=ep.name)
    except pluggy.PluginValidationError:
        # A hook declared with arguments labelcheck does not give: the author's mistake
        # in declaring it, said at the function's line, as a misspelt hook is (exit 2).
        pm.failed[ep.name] = list(_arguments_unknown(pm, ep.name, plugin))
    # SystemExit too: a plugin's `sys.exit("requiert foo")` at import ended the whole
    # run with its text alone, no report. KeyboardInterrupt still stops the run.
    except (Exception, SystemExit) as error:  # noqa: BLE001 - a third party's import: reported, the others go on
        unfound = _entry_point_unfound(ep, dist, error)
        if unfound is not None:  # the package's declaration, not its code: exit 2
            pm.failed[ep.name] = [unfound]
            return
        if not isinstance(error, ImportError):  # a missing module: the installation's
            pm.raised.add(ep.name)
        pm.failed[ep.name] = [
            InputError(
                _package(dist),
                None,
                ep.value,
                typeset(
                    f"le plugin ne se charge pas : {exception_text(error)}"
                    f"{raised_at(error, ep.module)}"
                ),
            )
        ]


def _entry_point_unfound(
    ep: importlib.metadata.EntryPoint,
    dist: importlib.metadata.Distribution,
    error: BaseException,
) -> InputError | None:
    """The error of an entry point naming a module, or an object of its module, that does not
    exist (`cordees = "labelcheck_cordes"`), or None when the error is another. Said as
    the package's declaration, at its line of the installed `entry_points.txt`: the
    exception's own place was a line of importlib, and « No module named » its only words."""
    if isinstance(error, ModuleNotFoundError) and error.name:
        if ep.module != error.name and not ep.module.startswith(error.name + "."):
            return None  # a module the plugin imports: its installation's, said as it is
        modules = _modules_of(dist)
        what = f"nomme le module {quoted(ep.module)}, que le paquet n'installe pas"
        message, suggestion = (
            listing(what, modules, "modules du paquet"),
            closest(ep.module, modules),
        )
    elif isinstance(error, AttributeError) and ep.attr and ep.module in sys.modules:
        found: object = sys.modules[ep.module]
        for part in ep.attr.split("."):
            if not hasattr(found, part):
                break
            found = getattr(found, part)
        else:
            return None  # raised by the module's own code as it ran: its bug
        names = [name for name in dir(sys.modules[ep.module]) if not name.startswith("_")]
        what = f"nomme {quoted(ep.attr)}, que le module {quoted(ep.module)} n'a pas"
        message, suggestion = what, closest(ep.attr, names)
    else:
        return None
    file, line = _entry_points_file(dist, ep)
    declared = (
        f"le point d'entrée {quoted(f'{ep.name} = {ep.value}')} du paquet {_package(dist)} "
        "(sa table [project.entry-points.labelcheck])"
    )
    return InputError(
        file, line, f"labelcheck.{ep.name}", typeset(f"{declared} {message}"), suggestion
    )


def _modules_of(dist: importlib.metadata.Distribution) -> list[str]:
    """The top-level modules a distribution installs (setuptools' `top_level.txt`, else its
    files' list), for the one an entry point meant."""
    listed = dist.read_text("top_level.txt")
    if listed:
        return sorted({name.strip() for name in listed.splitlines() if name.strip()})
    tops = set()
    for path in dist.files or ():
        top = path.parts[0]
        if top.endswith((".dist-info", ".egg-info")) or top in ("..", "__pycache__"):
            continue
        if len(path.parts) > 1 or top.endswith(".py"):
            tops.add(top.removesuffix(".py"))
    return sorted(name for name in tops if name.isidentifier())


def _entry_points_file(
    dist: importlib.metadata.Distribution, ep: importlib.metadata.EntryPoint
) -> tuple[str, int | None]:
    """The installed `entry_points.txt` declaring `ep`, with the line of its declaration; the
    package's name when the file cannot be located."""
    located: Any = next(
        (
            dist.locate_file(path)
            for path in dist.files or ()
            if path.name == "entry_points.txt" and path.parent.name.endswith(".dist-info")
        ),
        None,
    )
    # A distribution without RECORD lists no files: its folder is where it was found.
    folder = getattr(dist, "_path", None)
    if located is None and folder is not None:
        located = folder / "entry_points.txt"
    try:
        lines = located.read_text(encoding="utf-8").splitlines() if located else []
    except (OSError, UnicodeDecodeError):
        lines = []
    line = next(
        (n for n, text in enumerate(lines, 1) if text.split("=")[0].strip() == ep.name), None
    )
    return (str(located), line) if located is not None and lines else (_package(dist), None)


def _arguments_unknown(pm: PluginManager, name: str, plugin: object) -> Iterator[InputError]:
    """Each hook function of `plugin` declaring an argument its hook does not give (pluggy
    refuses to register it): named with the arguments it may take, where it is written."""
    import inspect  # only for a plugin in error: not at every start

    for hook in HOOKS:
        function = getattr(plugin, hook, None)
        if not callable(function) or pm.parse_hookimpl_opts(plugin, hook) is None:
            continue
        given = getattr(pm.hook, hook).spec.argnames
        required = [
            parameter.name
            for parameter in inspect.signature(function).parameters.values()
            if parameter.default is parameter.empty
            and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        ]
        unknown = [argument for argument in required if argument not in given]
        if unknown:
            names = ", ".join(quoted(argument) for argument in unknown)
            if given:
                base = f"la fonction {quoted(hook)} attend {names}, que labelcheck ne lui donne pas"
                message = listing(base, list(given), "arguments possibles")
            else:
                message = f"la fonction {quoted(hook)} ne reçoit aucun argument : retirer {names} de sa déclaration"
            yield InputError(name, None, hook, typeset(message + defined_at(function)))


def exception_text(error: BaseException) -> str:
    """`RuntimeError : message`, or its type alone when it says nothing; a plugin's exit
    (SystemExit) said as one, with the status or text it gave."""
    name = type(error).__name__
    if isinstance(error, SystemExit) and isinstance(error.code, str):
        return f"{name} : fin du programme demandée : {quoted(error.code)}"
    if isinstance(error, SystemExit):
        return f"{name} : fin du programme demandée (code {error.code})"
    return f"{name} : {error}" if str(error) else name


def raised_at(error: BaseException, module: str | None = None) -> str:
    """Where a plugin's exception was raised, for its author: « — ligne 12 de …/plugin.py », the
    innermost frame of Python source (a SyntaxError's own place), or "" when none is known.
    Raised in code the plugin called (`json.loads`, a library's), its innermost line in the
    plugin's own `module` (its package) comes first: « json/decoder.py, ligne 353 » alone
    left its author without a line of their own."""
    if isinstance(error, SyntaxError) and error.filename and error.lineno:
        return _line_of(error.lineno, error.filename)
    import traceback  # only when a plugin raised: not at every start

    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename and not frame.filename.startswith("<")
    ]
    if not frames:
        return ""
    last = frames[-1]
    place = _plugin_place(module)
    own = next((f for f in reversed(frames) if place and f.filename.startswith(place)), None)
    if own is None or own is last:
        return _line_of(last.lineno, last.filename)
    return f"{_line_of(own.lineno, own.filename)} (levée dans {last.filename}, ligne {last.lineno})"


def _plugin_place(module: str | None) -> str | None:
    """The plugin's own source: its top-level package's folder, or its module's file."""
    if not module:
        return None
    import importlib.util  # only when a plugin raised: not at every start

    top = module.partition(".")[0]
    try:
        spec = importlib.util.find_spec(top)
    except Exception:  # noqa: BLE001 - a plugin that does not even import: no place known
        return None
    if spec is None or not spec.origin:
        return None
    if spec.submodule_search_locations:
        return os.path.dirname(spec.origin) + os.sep
    return spec.origin


def _line_of(line: int | None, file: str | None) -> str:
    """« — ligne 12 de …/plugin.py »: where in a plugin's source, as its author reads it."""
    return f" — ligne {line} de {file}"


def _check_pending(pm: PluginManager) -> None:
    """A misspelt hookimpl is a plugin bug: that plugin is set aside, with its error."""
    while True:
        try:
            pm.check_pending()
            return
        except pluggy.PluginValidationError as error:
            name = pm.get_name(error.plugin) or str(error.plugin)
            unknown = [
                caller.name
                for caller in pm.get_hookcallers(error.plugin) or ()
                if not caller.has_spec()
            ]
            _set_aside(
                pm,
                name,
                error.plugin,
                (
                    InputError(
                        name,
                        None,
                        hook,
                        *suggest_message(
                            typeset(f"fonction de plugin {quoted(hook)} inconnue de labelcheck")
                            + defined_at(getattr(error.plugin, hook, None)),
                            hook,
                            HOOKS,
                        ),
                    )
                    for hook in unknown or ["?"]
                ),
            )


def _check_undecorated(pm: PluginManager) -> None:
    """A function named as a hook but not decorated with @hookimpl is never called: its plugin
    would run without it (a label with no rules, found « prêt »), so it is set aside, with its
    error, as a misspelt hook is."""
    hooks = [name for name in dir(pm.hook) if name.startswith("labelcheck_")]
    for name, plugin in list(pm.list_name_plugin()):
        undecorated = [
            hook
            for hook in hooks
            if callable(getattr(plugin, hook, None))
            and pm.parse_hookimpl_opts(plugin, hook) is None
        ]
        if not undecorated:
            continue
        _set_aside(
            pm,
            name,
            plugin,
            (
                InputError(
                    name,
                    None,
                    hook,
                    typeset(
                        f"la fonction {quoted(hook)} ne porte pas le décorateur @hookimpl : "
                        "labelcheck ne l'appellerait pas ; la décorer (from labelcheck.plugin "
                        f"import hookimpl){defined_at(getattr(plugin, hook))}"
                    ),
                )
                for hook in undecorated
            ),
        )


def _set_aside(pm: PluginManager, name: str, plugin: object, errors: Iterable[InputError]) -> None:
    """A plugin unregistered for its errors: reported with them, never called."""
    pm.unregister(plugin)
    pm.failed.setdefault(name, []).extend(errors)


def defined_at(function: Callable[..., Any] | None) -> str:
    """« — ligne 12 de …/plugin.py », where a plugin's function is written, or ""."""
    import inspect  # only for a plugin in error: not at every start

    if function is None:
        return ""
    try:
        return _line_of(inspect.getsourcelines(function)[1], inspect.getsourcefile(function))
    except (OSError, TypeError):
        return ""


def _package(dist: importlib.metadata.Distribution) -> str:
    return _name_and_version(dist)[0]


def _version(dist: importlib.metadata.Distribution) -> str:
    return _name_and_version(dist)[1]


@lru_cache(maxsize=128)  # one distribution holds several plugins (labelcheck, five)
def _name_and_version(dist: importlib.metadata.Distribution) -> tuple[str, str]:
    # Both from one reading: each parses the whole METADATA file, labelcheck's README with
    # it (a run read labelcheck's twice for its plugins, once for their package, once for
    # their version).
    metadata = dist.metadata
    return metadata["Name"] or "?", metadata["Version"]


@dataclass
class Plugin:
    """One plugin as installed: where it comes from, what it declares, and its errors."""

    name: str
    package: str = "labelcheck"
    version: str = ""
    hooks: tuple[str, ...] = ()
    labels: list[LabelSpec] = field(default_factory=list)
    document_types: list[DocumentType] = field(default_factory=list)
    equivalences: list[Equivalence] = field(default_factory=list)
    rule_kinds: list[type[RuleKind]] = field(default_factory=list)
    rule_files: list[Traversable] = field(default_factory=list)
    requirement_files: list[Traversable] = field(default_factory=list)
    profile_files: list[Traversable] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    # Whether one of its errors is an exception it raised (a bug: exit 3), not bad data (exit 2).
    raised: bool = False

    @property
    def built_in(self) -> bool:
        return self.package == "labelcheck"

    @property
    def all_document_types(self) -> list[DocumentType]:
        """Its piece types: its labels' own, then those it declares for several labels."""
        return [*(d for label in self.labels for d in label.document_types), *self.document_types]

    @property
    def origin(self) -> str:
        return "built in" if self.built_in else f"{self.package} {self.version}".strip()

    @property
    def origin_said(self) -> str:
        return said_origin(self.origin)

    @property
    def broken(self) -> bool:
        return bool(self.errors)

    @property
    def declares_labels(self) -> bool:
        """Whether it brings labels of its own (or, not even imported, may): one that only adds
        rules, profiles or piece types to others' labels leaves, disabled, no label out but its
        rules, and the verdicts of those labels may then be too favourable."""
        return "labelcheck_labels" in self.hooks or not self.hooks or bool(self.labels)

    @property
    def referentiel_unread(self) -> bool:
        """Disabled before its labels (and their piece types) could be read: it declares
        labels, or was not even imported, and none was read."""
        return self.broken and self.declares_labels and not self.labels

    @property
    def left_out(self) -> str:
        """What its being disabled leaves out of a run, said in French."""
        return LEFT_OUT[self.declares_labels][0]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "package": self.package,
            "version": self.version,
            "hooks": list(self.hooks),
            "labels": [label.id for label in self.labels],
            "rule_kinds": [k.name for k in self.rule_kinds],
            "document_types": [d.id for d in self.all_document_types],
            "equivalences": [e.id for e in self.equivalences],
        }
        if self.errors:
            out["errors"] = [{"file": e.file, **e.as_dict()} for e in self.errors]
        return out


@dataclass(frozen=True)
class SetAside:
    """What only plugins disabled for their errors declare. A dossier's entries naming it are
    not judged (only the plugin could), and do not make the dossier invalid: the plugin's
    error is the run's, and the dossier's other labels are still evaluated."""

    labels: dict[str, LabelSpec] = field(default_factory=dict)
    document_types: frozenset[str] = frozenset()
    equivalences: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()  # the ids its rule files declare


@dataclass
class Registry:
    """Everything the installed plugins that work declare, gathered once per process."""

    pm: pluggy.PluginManager
    plugins: dict[str, Plugin] = field(default_factory=dict)
    labels: dict[str, LabelSpec] = field(default_factory=dict)
    document_types: dict[str, DocumentType] = field(default_factory=dict)
    equivalences: list[Equivalence] = field(default_factory=list)
    set_aside: SetAside = field(default_factory=SetAside)

    @classmethod
    def from_plugins(cls, pm: pluggy.PluginManager | None = None) -> Registry:
        pm = pm or plugin_manager()
        registry = cls(pm)
        distributions = getattr(pm, "distributions", {})
        for name, errors in getattr(pm, "failed", {}).items():
            dist = distributions.get(name)
            registry.plugins[name] = Plugin(
                name,
                package=_package(dist) if dist else name,
                version=_version(dist) if dist else "",
                errors=list(errors),
                raised=name in getattr(pm, "raised", ()),
            )
        for plugin in _in_order(pm):
            registry.plugins[plugin.name] = plugin
            if not plugin.hooks and not plugin.errors:  # installed, and silent: said so
                plugin.errors.append(
                    InputError(
                        plugin.origin,
                        None,
                        "",
                        typeset(
                            "le plugin n'implémente aucun point d'extension (hook) de labelcheck : chacune de ses "
                            "fonctions labelcheck_… doit porter le décorateur @hookimpl (from "
                            "labelcheck.plugin import hookimpl), et son point d'entrée nommer "
                            "le module qui les définit"
                        ),
                    )
                )
        registry._check_duplicates()
        registry._check_equivalences()
        registry._check_requirements()
        registry.refresh()
        return registry

    @property
    def working(self) -> list[Plugin]:
        return [p for p in self.plugins.values() if not p.broken]

    @property
    def broken(self) -> list[Plugin]:
        return [p for p in self.plugins.values() if p.broken]

    def disable(self, plugin: str, errors: Iterable[InputError]) -> None:
        """Leave a plugin out, for `errors` (its labels are no longer evaluated)."""
        self.plugins[plugin].errors.extend(errors)
        self.refresh()

    def refresh(self) -> None:
        """What the working plugins declare, gathered again (after one is disabled)."""
        self.labels, self.document_types, self.equivalences = {}, {}, []
        for plugin in self.working:
            for label in plugin.labels:
                self.labels[label.id] = label.model_copy(update={"origin": plugin.origin})
            for doc_type in plugin.all_document_types:
                self.document_types[doc_type.id] = doc_type
            self.equivalences.extend(plugin.equivalences)
        self.equivalences.sort(key=lambda e: e.id)
        broken = self.broken
        self.set_aside = SetAside(
            {
                **{s.id: s for p in broken for s in p.labels if s.id not in self.labels},
                **{s.id: s for s in _unloaded_labels(broken) if s.id not in self.labels},
            },
            frozenset(d.id for p in broken for d in p.all_document_types)
            - self.document_types.keys(),
            frozenset(e.id for p in broken for e in p.equivalences)
            - {e.id for e in self.equivalences},
            # Read only when a plugin is disabled: an academy's profile raising one of its
            # rules is not blamed for that plugin's error (profiles.py).
            frozenset(rule_ids_in(f for p in broken for f in p.rule_files)),
        )
        self.__dict__.pop("rule_kinds", None)

    def owner(self, file: str) -> str | None:
        """The plugin a référentiel, rule, requirement or profile file comes from."""
        for plugin in self.plugins.values():
            files = [
                str(f)
                for f in (*plugin.rule_files, *plugin.requirement_files, *plugin.profile_files)
            ]
            if file in files or file in (label.file for label in plugin.labels):
                return plugin.name
        return None

    def label_owner(self, label: str) -> str | None:
        """The plugin declaring the label; for a disabled plugin whose référentiel did not
        even load, the one the label is set aside for (named after it: `_unloaded_labels`)."""
        owner = next(
            (p.name for p in self.plugins.values() if any(spec.id == label for spec in p.labels)),
            None,
        )
        if owner is None and label in self.set_aside.labels and label in self.plugins:
            return label
        return owner

    def stand_ins(self, plugin: Plugin) -> list[tuple[str, Plugin]]:
        """Each label of a disabled `plugin` that a working plugin declares too, with that
        plugin: the label is still evaluated, as the other plugin defines it."""
        owners = {spec.id: other for other in self.working for spec in other.labels}
        return [(spec.id, owners[spec.id]) for spec in plugin.labels if spec.id in owners]

    def judged_otherwise(self) -> dict[str, str]:
        """For each disabled plugin some of whose labels another plugin declares too, what its
        being disabled means, in French: « ses labels ne sont pas évalués » was said of a label
        the report then judged under the other plugin's meaning (the third-party plugins
        audit)."""
        said = {}
        for plugin in self.broken:
            stand_ins = self.stand_ins(plugin)
            if not stand_ins:
                continue
            taken = {label for label, _ in stand_ins}
            rest = [spec.id for spec in plugin.labels if spec.id not in taken]
            clauses = [_not_evaluated(rest)] if rest else []
            clauses += [
                f"son label {quoted(label)} est évalué tel que le définit le plugin "
                f"{quoted(other.name)} ({other.origin_said})"
                for label, other in stand_ins
            ]
            said[plugin.name] = typeset(" ; ".join(clauses))
        return said

    def _check_duplicates(self) -> None:
        """A label, document type or rule kind declared by two plugins: the second is disabled
        (a built-in one wins over a third party's), the message naming both."""
        names: dict[str, dict[str, str]] = {
            "label": {},
            "type de pièce": {},
            "type de contrôle": {},
            "clé d'établissement": {},
        }
        for plugin in sorted(self.plugins.values(), key=lambda p: not p.built_in):
            if plugin.broken:
                continue
            declared = {
                "label": [label.id for label in plugin.labels],
                "type de pièce": [d.id for d in plugin.all_document_types],
                "type de contrôle": [k.name for k in plugin.rule_kinds],
                "clé d'établissement": [
                    key
                    for label in plugin.labels
                    for key in label.new_keys.get("establishment", {})
                ],
            }
            errors = [
                InputError(
                    *_declared_at(plugin, what, name),
                    typeset(
                        f"{what} {quoted(name)} {_DECLARED[what]} par les plugins {quoted(names[what][name])} et "
                        f"{quoted(plugin.name)} : {self._clash_remedy(what, names[what][name])}"
                    ),
                )
                for what, ids in declared.items()
                for name in ids
                if name in names[what]
            ]
            if errors:
                plugin.errors.extend(errors)
                continue
            for what, ids in declared.items():
                names[what].update(dict.fromkeys(ids, plugin.name))

    def _clash_remedy(self, what: str, first: str) -> str:
        """What to do of a name two plugins declare. The first to declare it wins; one that
        ships with labelcheck cannot be uninstalled, and a shared document type (`pv-ca`) is
        declared once for every label: the second plugin uses it, or names its own otherwise."""
        owner = self.plugins.get(first)
        if owner is not None and owner.built_in:
            if what == "type de pièce":
                return "ce type est fourni avec labelcheck : l'employer sans le redéclarer, ou nommer autrement celui du second plugin"
            return f"le premier est fourni avec labelcheck : nommer autrement {_THIS[what]} dans le second"
        return "désinstaller l'un des deux, ou nommer autrement ce que déclare l'un d'eux"

    def _check_equivalences(self) -> None:
        """Each equivalence names a criterion its label has, and labels by their ids: `ldm:12`
        or `via = "eurosco"` loaded, and the equivalence was applied to a criterion that does
        not exist, or could never be (the plugin author's audit). A label no plugin installed
        declares is no error (a plugin names the others by id, whether installed or not),
        unless it reads as a typo of one that is."""
        labels = {label.id: label for plugin in self.working for label in plugin.labels}
        owners: dict[str, str] = {}  # each id and its plugin, the built-in ones' first
        for plugin in sorted(self.working, key=lambda p: not p.built_in):
            errors = [
                error
                for equivalence in plugin.equivalences
                for error in _equivalence_errors(plugin, equivalence, labels, owners)
            ]
            plugin.errors.extend(errors)
            if not errors:
                owners.update(dict.fromkeys((e.id for e in plugin.equivalences), plugin.name))

    def _check_requirements(self) -> None:
        from labelcheck.core.traceability import RequirementsError, load_requirements

        declared = {spec.id for p in self.plugins.values() for spec in p.labels}
        unread = any(p.referentiel_unread for p in self.plugins.values() if p.broken)
        for plugin in self.working:
            for resource in plugin.requirement_files:
                try:
                    table = load_requirements(resource)
                except RequirementsError as error:
                    plugin.errors.extend(error.errors)
                    continue
                if table.label == "*" or table.label in declared or unread:
                    continue
                # A table of a label no plugin declares (`mixitee`) traced nothing, and
                # `labelcheck sources` said only that the label meant had no table.
                plugin.errors.append(
                    InputError(
                        table.file,
                        table.line_of(("label",)),
                        "label",
                        typeset(
                            listing(
                                f"la table de traçabilité porte sur le label "
                                f"{quoted(table.label)}, qu'aucun plugin installé ne fournit",
                                ["*", *sorted(declared)],
                                "labels possibles",
                            )
                        ),
                        closest(table.label, declared),
                    )
                )

    @cached_property
    def key_evidence(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """Each dossier key whose values are evidence, with the refs they support, as the
        labels declare them (`[[key_evidence]]`), in a stable order."""
        return tuple(
            sorted(
                (declared.key, frozenset(declared.supports))
                for label in self.labels.values()
                for declared in label.key_evidence
            )
        )

    @cached_property
    def rule_kinds(self) -> dict[str, type[RuleKind]]:
        return {kind.name: kind for plugin in self.working for kind in plugin.rule_kinds}

    def rule_files(self) -> list[Traversable]:
        """The built-in plugins' first: a rule id given twice is blamed on the second file
        read, so a third party's rule reusing a built-in id is the one set aside, never LDM."""
        ordered = sorted(self.working, key=lambda plugin: not plugin.built_in)
        return [f for plugin in ordered for f in plugin.rule_files]

    def requirement_files(self) -> list[Traversable]:
        return [f for plugin in self.working for f in plugin.requirement_files]

    def profile_files(self) -> list[Traversable]:
        return [f for plugin in self.working for f in plugin.profile_files]


def rule_ids_in(files: Iterable[Traversable]) -> set[str]:
    """The id of every rule the rule files declare, whether it compiles or not; a file that
    cannot be read or parsed declares none."""
    ids: set[str] = set()
    for resource in files:
        text = plugin_text(resource)
        if isinstance(text, InputError):
            continue
        try:
            rules = read_toml(text).get("rules", [])
        except TOMLDecodeError:
            continue
        if isinstance(rules, list):
            ids |= {r["id"] for r in rules if isinstance(r, dict) and isinstance(r.get("id"), str)}
    return ids


def said_origin(origin: str) -> str:
    """A plugin's origin (`Plugin.origin`, as `labels --format json` gives it) as a user reads
    it: « livré avec labelcheck », or its package and version."""
    return "livré avec labelcheck" if origin == "built in" else origin


def _not_evaluated(labels: list[str]) -> str:
    names = ", ".join(quoted(label) for label in labels)
    if len(labels) == 1:
        return f"son label {names} n'est pas évalué"
    return f"ses labels {names} ne sont pas évalués"


def _declared_at(plugin: Plugin, what: str, name: str) -> tuple[str, int | None, str]:
    """The file, line and key path where the plugin declares `name`, as its other errors give
    them: the référentiel's `label.id`, a piece type's `document_types[N].id`, an
    establishment key's; a rule kind, its class (« — ligne 12 de …/kinds.py »). The plugin's
    package when the file is not known (a type of `load_document_types`)."""
    fallback = (plugin.origin if not plugin.built_in else plugin.name, None, what)
    if what == "type de contrôle":
        import inspect  # only for a plugin in error: not at every start

        kind = next((k for k in plugin.rule_kinds if k.name == name), None)
        if kind is None:
            return fallback
        try:
            file, line = inspect.getsourcefile(kind), inspect.getsourcelines(kind)[1]
        except (OSError, TypeError):
            return fallback
        return (file, line, "name") if file else fallback
    for spec in plugin.labels:
        if not spec._file:  # built from Python, not read from a référentiel
            continue
        if what == "label" and spec.id == name:
            at: tuple = ("label", "id")
        elif what == "type de pièce" and name in (ids := [d.id for d in spec.document_types]):
            at = ("document_types", ids.index(name), "id")
        elif what == "clé d'établissement" and name in spec.new_keys.get("establishment", {}):
            at = ("dossier_keys", "new_keys", "establishment", name)
        else:
            continue
        return spec.file, spec.line_of(at), format_path(at)
    return fallback


def _unloaded_labels(broken: Iterable[Plugin]) -> Iterator[LabelSpec]:
    """For a disabled plugin whose référentiel did not even load, the label its name most
    likely is (a plugin is usually named after its label): a school's application for it is
    then set aside with the plugin's error, not blamed on the school as « label inconnu »
    while its other labels go unevaluated."""
    for plugin in broken:
        if plugin.referentiel_unread and _LABEL_ID().fullmatch(plugin.name):
            yield LabelSpec(id=plugin.name, name=plugin.name, version="", validity_years=1)


_LABEL_ID = lazy_pattern(r"[a-z][a-z0-9-]*")


def _equivalence_errors(
    plugin: Plugin, equivalence: Equivalence, labels: dict[str, LabelSpec], owners: dict[str, str]
) -> Iterator[InputError]:
    origin = plugin.origin if not plugin.built_in else plugin.name
    if equivalence.id in owners:  # a profile or a [[decisions]] naming it would mean both
        file, line, path = equivalence.where("id")
        message = (
            f"identifiant d'équivalence {quoted(equivalence.id)} déjà déclaré par le plugin "
            f"{quoted(owners[equivalence.id])} : renommer celle-ci (un préfixe propre au plugin)"
        )
        yield InputError(file or origin, line, path, typeset(message))
    target_label = label_of(equivalence.target)
    misspelt: set[str] = set()
    for key, label_id in (("target", target_label), ("via", equivalence.via)):
        if label_id not in labels:
            near = closest(label_id, labels)
            if near:  # a typo of an installed label, not a label of a plugin not installed
                misspelt.add(key)
                file, line, path = equivalence.where(key)
                message = f"label {quoted(label_id)} inconnu (équivalence {equivalence.id})"
                yield InputError(file or origin, line, path, typeset(message), near)
    own = [label.id for label in plugin.labels]
    if target_label not in own and "target" not in misspelt:
        yield _foreign_target(plugin, equivalence, origin, own)
        return
    spec = labels.get(target_label)
    numbers = {str(c.number) for c in spec.criteria} if spec else set()
    criterion = criterion_of(equivalence.target).partition(":")[2]
    if spec is not None and criterion not in numbers and not spec.max_extra_criteria:
        file, line, path = equivalence.where("target")
        message = listing(
            f"le label {target_label} n'a pas de critère {criterion} (équivalence {equivalence.id})",
            [f"{target_label}:{n}" for n in sorted(numbers, key=int)],
        )
        yield InputError(file or origin, line, path, typeset(message))


def _foreign_target(
    plugin: Plugin, equivalence: Equivalence, origin: str, own: list[str]
) -> InputError:
    """An equivalence into another plugin's label: a third party's `ldm:5` deemed met via its
    own label hid LDM's blocking findings (the plugin author's audit). A label's plugin alone
    says what stands in for its criteria; the other label is the one `via` names."""
    file, line, path = equivalence.where("target")
    mine = (
        f"un critère de son propre label ({', '.join(own)}), l'autre label étant celui que nomme `via`"
        if own
        else "un critère d'un label du plugin qui la déclare, et ce plugin n'en déclare aucun"
    )
    message = (
        f"le critère {equivalence.target} n'est pas d'un label du plugin {quoted(plugin.name)} "
        f"(équivalence {equivalence.id}) : une équivalence porte sur {mine}"
    )
    return InputError(file or origin, line, path, typeset(message))


_THIS = {  # the name two plugins declare, as `_clash_remedy` says it
    "label": "ce label",
    "type de pièce": "ce type de pièce",
    "type de contrôle": "ce type de contrôle",
    "clé d'établissement": "cette clé",
}
_DECLARED = {
    "label": "déclaré",
    "type de pièce": "déclaré",
    "type de contrôle": "déclaré",
    "clé d'établissement": "déclarée",
}


def _in_order(pm: pluggy.PluginManager) -> list[Plugin]:
    """Each registered plugin with what its hooks return, in a stable order (by name)."""
    distributions = getattr(pm, "distributions", {})
    plugins = []
    for name, module in sorted(pm.list_name_plugin(), key=lambda pair: pair[0]):
        if module is None:
            continue  # blocked
        dist = distributions.get(name)
        plugin = Plugin(
            name,
            package=_package(dist) if dist else "labelcheck",
            version=_version(dist) if dist else "",
        )
        if not dist:
            plugin.version = _own_version()
        plugin.hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(module) or ()))
        _call_hooks(pm, module, plugin)
        plugins.append(plugin)
    return plugins


def _own_version() -> str:
    return installed_version() or ""


@cache  # asked for the built-in plugins and by the report: read once
def installed_version() -> str | None:
    """labelcheck's installed version; None when run from a source tree never installed.
    Each lookup scans the installed distributions and parses labelcheck's whole metadata,
    its README included."""
    try:
        return importlib.metadata.version("labelcheck")
    except importlib.metadata.PackageNotFoundError:
        return None


_TARGETS: dict[str, Callable[[Plugin], list]] = {
    "labelcheck_labels": lambda p: p.labels,
    "labelcheck_document_types": lambda p: p.document_types,
    "labelcheck_equivalences": lambda p: p.equivalences,
    "labelcheck_rule_kinds": lambda p: p.rule_kinds,
    "labelcheck_rule_files": lambda p: p.rule_files,
    "labelcheck_requirements": lambda p: p.requirement_files,
    "labelcheck_profiles": lambda p: p.profile_files,
}


# What each hook's list holds, named as a plugin author writes it: one, and several.
_FILE = "importlib.resources.files(__package__) / « x.toml », ou un pathlib.Path"
_ITEMS: dict[str, tuple[str, str]] = {
    "labelcheck_labels": ("un LabelSpec", "de LabelSpec (labelcheck.plugin.load_label)"),
    "labelcheck_document_types": ("un DocumentType", "de DocumentType"),
    "labelcheck_equivalences": ("une Equivalence", "d'Equivalence"),
    "labelcheck_rule_kinds": (
        "une classe de RuleKind, avec son name et ses Params",
        "de classes de RuleKind",
    ),
    "labelcheck_rule_files": (f"un fichier ({_FILE})", f"de fichiers ({_FILE})"),
    "labelcheck_requirements": (f"un fichier ({_FILE})", f"de fichiers ({_FILE})"),
    "labelcheck_profiles": (f"un fichier ({_FILE})", f"de fichiers ({_FILE})"),
}


def _return_problem(hook: str, returned: object) -> str | None:
    """Why what a hook returned cannot be taken (a plugin's mistake, not an exception it
    raised: said in its words, at load), or None."""
    if returned is None:
        # pluggy drops a None answer: a hook whose `return` was forgotten would leave its
        # label without rules (judged ready) or its files unread, with nothing said.
        return (
            f"le point d'extension doit rendre une liste {_ITEMS[hook][1]} ; il n'a rien rendu "
            "(None : un return oublié ?) ; rendre une liste vide s'il n'a rien à fournir"
        )
    if not isinstance(returned, list | tuple):
        return f"le point d'extension doit rendre une liste {_ITEMS[hook][1]} ; il a rendu {type_name(returned)}"
    for index, item in enumerate(returned, 1):
        if not _fits(hook, item):
            return f"élément {index} de la liste rendue : {type_name(item)} ; attendu {_ITEMS[hook][0]}"
        if hook == "labelcheck_rule_kinds" and (problem := _scopes_problem(item)):
            return problem
    return None


def _scopes_problem(kind: Any) -> str | None:
    """A kind's `scopes` naming no scope (`"applications"`): every rule of it was told « le
    contrôle porte sur la portée applications, pas sur application », the kind's mistake
    said as the rule's."""
    from labelcheck.core.scopes import SCOPES

    scopes = getattr(kind, "scopes", ())
    if isinstance(scopes, str) or not isinstance(scopes, tuple | list | frozenset | set):
        return (
            f"type de contrôle {kind.name} : scopes doit être un tuple de portées "
            f"(« ('application',) »), pas {type_name(scopes)}"
        )
    for scope in scopes:
        if scope not in SCOPES:
            return with_suggestion(
                listing(
                    f"type de contrôle {kind.name} : portée inconnue {quoted(str(scope))} "
                    "dans scopes",
                    list(SCOPES),
                    "portées possibles",
                ),
                closest(str(scope), SCOPES),
            )
    return None


def _fits(hook: str, item: object) -> bool:
    from labelcheck.rules.base import RuleKind  # its package registers like a plugin
    from pydantic import BaseModel

    if hook == "labelcheck_labels":
        return isinstance(item, LabelSpec)
    if hook == "labelcheck_document_types":
        return isinstance(item, DocumentType)
    if hook == "labelcheck_equivalences":
        return isinstance(item, Equivalence)
    if hook == "labelcheck_rule_kinds":
        return (
            isinstance(item, type)
            and issubclass(item, RuleKind)
            and isinstance(getattr(item, "name", None), str)
            and bool(item.name)
            and isinstance(item.Params, type)
            and issubclass(item.Params, BaseModel)
        )
    return isinstance(item, Traversable)


def type_name(value: object) -> str:
    return (
        f"une classe ({value.__name__})"
        if isinstance(value, type)
        else f"un objet {type(value).__name__}"
    )


def _call_hooks(pm: pluggy.PluginManager, module: object, plugin: Plugin) -> None:
    """Call each hook this plugin implements; a data error disables it, with every error."""
    for hook in HOOKS:
        for impl in getattr(pm.hook, hook).get_hookimpls():
            if impl.plugin is not module:
                continue
            try:
                # What a hook prints goes where the run's messages go: stdout may carry a
                # report a program reads (`--format json`), and the hooks run before it.
                with redirect_stdout(sys.stderr):
                    returned = impl.function()
                problem = _return_problem(hook, returned)
                if problem:
                    # At the hook's line, as a hook raising or misnamed is said.
                    problem += defined_at(impl.function)
                    plugin.errors.append(InputError(plugin.name, None, hook, typeset(problem)))
                    continue
                _TARGETS[hook](plugin).extend(returned)
            except PluginDataError as error:
                plugin.errors.extend(error.errors)
            # SystemExit too: `raise SystemExit(0)` in a hook ended the run, exit 0, silent.
            except (Exception, SystemExit) as error:  # noqa: BLE001 - a third party's bug: reported, the others go on
                plugin.raised = True
                plugin.errors.append(
                    InputError(
                        plugin.name,
                        None,
                        hook,
                        typeset(
                            f"le plugin a levé une exception : {exception_text(error)}"
                            f"{raised_at(error, impl.function.__module__)}"
                        ),
                    )
                )
