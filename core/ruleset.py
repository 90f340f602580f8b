"""Rules as data: loading rule files, validating them, compiling them once."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Literal, get_args, get_origin

import rule_engine
from labelcheck.core import french
from labelcheck.core.cache import ByIdentity
from labelcheck.core.catalog import LabelSpec, Parameter, plugin_text
from labelcheck.core.context import rule_context
from labelcheck.core.domains import mismatched_equalities, never_holding
from labelcheck.core.errors import (
    InputError,
    closest,
    error_loc,
    explain,
    format_path,
    listing,
    parse_path,
    said_once,
)
from labelcheck.core.expressions import CompiledExpression, compile_error
from labelcheck.core.registry import Registry, exception_text, raised_at, rule_ids_in
from labelcheck.core.report import Severity
from labelcheck.core.scopes import Scope
from labelcheck.core.sourcemap import LazyLines, line_of
from labelcheck.core.toml import TOMLDecodeError, read_toml, toml_syntax
from labelcheck.rules.base import FromProfile
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

if TYPE_CHECKING:
    from labelcheck.rules.base import RuleKind

ANY_LABEL = "*"  # a rule file for every label (e.g. files named but missing)

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class Source(BaseModel):
    """The text a rule rests on, and whether the rule is that text or our reading of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str = Field(
        description="The text the rule rests on, by its title (circular, arrêté, cahier des charges)."
    )
    section: str = Field(description="Where in that text: article, paragraph, annex, criterion.")
    nature: Literal["text", "academy", "operational"] = Field(
        "text",
        description="`text`: the rule is the text's own requirement; `academy`: an academy's "
        "choice; `operational`: our reading, to make the dossier usable.",
    )
    quote: str | None = Field(None, description="The text's own words, in French.")
    note: str | None = Field(
        None,
        description="Where the texts disagree or need reading, what labelcheck retained and why "
        "(`labelcheck explain` shows it).",
    )
    academies: tuple[str, ...] = Field(
        (),
        description='For an academy\'s rule (`nature = "academy"`): the academies whose choice it '
        "is (slugs, as a dossier's `establishment.academy`). It applies under a profile serving "
        "one of them, or naming the rule in its `[[severity]]`; empty: under every academy's "
        "profile.",
    )
    decided_by_parameter: str | None = Field(
        None,
        description='For an academy\'s rule (`nature = "academy"`) that a label parameter puts in '
        'force (`when = "params.NAME"`): that parameter, a `boolean` of the rule\'s label. A '
        "profile setting it to `true` itself is the academy deciding the rule: the rule keeps "
        "the severity it declares there, where an academy's rule otherwise warns unless the "
        "profile's `[[severity]]` raises it. Refused on a rule of another nature, or of every "
        'label (`label = "*"`).',
    )

    @field_validator("academies")
    @classmethod
    def _known_academies(cls, academies: tuple[str, ...]) -> tuple[str, ...]:
        """A misspelt academy would switch the rule off everywhere, without a word."""
        for academy in academies:
            if academy not in french.ACADEMIES:
                meant = closest(academy, french.ACADEMIES)
                raise ValueError(
                    f"académie {french.quoted(academy)} inconnue"
                    + (f" (vouliez-vous dire {french.quoted(meant)} ?)" if meant else "")
                )
        return academies

    def __str__(self) -> str:
        return f"{self.document}, {self.section}"


_RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"


def _meant_rule_id(written: object) -> str | None:
    """`mixite-pieces`, `Mixite pièces`: the id in upper case, its words dash-separated."""
    if not isinstance(written, str):
        return None
    meant = re.sub(r"[^A-Z0-9]+", "-", french.unaccented(written).upper()).strip("-")
    return meant if re.fullmatch(_RULE_ID, meant) else None


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    # Given by the file's head, never by a rule: not offered to a rule misspelling a key.
    keys_not_written: ClassVar[frozenset[str]] = frozenset({"label"})
    # The id's pattern in words, and the id likely meant (errors.explain): the regular
    # expression itself was said.
    pattern_words: ClassVar[dict[str, str]] = {
        _RULE_ID: "identifiant de règle attendu : lettres majuscules sans accent et chiffres, "
        "en au moins deux parties séparées par des tirets (LDM-TITLE, EGALITE-DIAGNOSTIC)"
    }
    pattern_hints: ClassVar[dict[str, Any]] = {_RULE_ID: _meant_rule_id}

    id: str = Field(
        pattern=_RULE_ID,
        description="The rule's stable id, upper case in dash-separated parts (`LDM-DOC-001`): "
        "reports, waivers and severity changes name it.",
    )
    label: str = Field(
        description='The label the rules of the file are for (a label id), or "*" for every label.'
    )
    title: str = Field(
        description="What the rule checks, in a short French phrase shown in reports."
    )
    severity: Severity = Field(
        description="`blocking`, `warning` or `info`: what a finding of the rule weighs "
        "(a profile may change it)."
    )
    kind: str = Field(
        description="The rule kind that evaluates it (see the rule kinds' reference)."
    )
    scope: Scope = Field(
        description="What the rule is evaluated on, once per subject: one the kind accepts."
    )
    when: str | None = Field(
        None,
        description="A rule-engine expression over the scope's symbols: the rule is evaluated "
        "only for subjects where it is true.",
    )
    check: dict[str, Any] = Field(
        default_factory=dict, description="The kind's parameters (see its reference)."
    )
    message: str = Field(
        description="The finding's message, in French; `{placeholders}` among the kind's "
        "message fields."
    )
    remedy: str | None = Field(
        None, description="What the school should do about a finding, in French."
    )
    counted: tuple[str, str] | None = Field(
        None,
        description="For an information rule: what one finding is, singular then plural "
        "(« descripteur sans élément de preuve », « descripteurs … »), so that a report "
        "folds them to « 12 descripteurs … ».",
    )
    source: Source = Field(description="The text the rule rests on.")

    @property
    def parameters_read(self) -> list[str]:
        """The label parameters the rule reads, in the order it names them: `{ param = "x" }`
        in its check, `params.x` in its `when` and its check's expressions."""
        names = dict.fromkeys(_parameter_names(self.check))
        for text in (self.when or "", *_strings(self.check)):
            names.update(dict.fromkeys(_PARAMETER.findall(text)))
        return list(names)


# Read under every academy profile (Engine._profile_setting): compiled with the module.
_PARAMETER = re.compile(r"\bparams\.([A-Za-z_]\w*)")


def _parameter_names(value: Any) -> list[str]:
    if isinstance(value, dict):
        if set(value) == {"param"}:
            return [value["param"]]
        return [name for item in value.values() for name in _parameter_names(item)]
    if isinstance(value, list):
        return [name for item in value for name in _parameter_names(item)]
    return []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


@dataclass(frozen=True)
class ProfileItem:
    """An item number a rule names that its label's référentiel lacks but an academy's profile
    may add (`ldm:9.47`): it cannot be known when rules load (a profile given with `--profile
    FILE` may add it), so it is checked when the run's profiles are (`Engine.create`)."""

    label: str
    number: int
    file: str
    line: int | None
    path: str
    named: str  # what the error names: « règle NORMANDIE-LDM-9-ACTION »


@dataclass
class CompiledRule:
    spec: RuleSpec
    kind: RuleKind
    when: CompiledExpression | None
    file: str
    profile_items: tuple[ProfileItem, ...] = ()
    index: int = 0  # its place among its file's [[rules]]: `line` finds it there

    def line(self, registry: Registry, key: tuple = ("id",)) -> int | None:
        """The line of the rule's `key` in its file (its `id` by default), as errors place it
        (read again: for `labelcheck explain` or an internal error, never for a run)."""
        for resource in registry.rule_files():
            if str(resource) == self.file and isinstance(text := plugin_text(resource), str):
                return line_of(LazyLines(text, is_json=False), ("rules", self.index, *key))
        return None

    def place_of(self, registry: Registry, expression: str) -> str:
        """`file:line, key` of the rule's key holding `expression` (its `when`, its check's
        `expression`…), as the errors of rule files name a key."""
        key = self._key_of(expression)
        line = self.line(registry, key)
        return (
            f"{self.file}{f':{line}' if line else ''}, {format_path(('rules', self.index, *key))}"
        )

    def _key_of(self, expression: str) -> tuple:
        """The rule's key holding `expression`; its `id` when none does (an item's
        `applies_when` its check evaluated)."""
        if self.spec.when == expression:
            return ("when",)
        found = _key_holding(self.spec.check, expression)
        return ("check", *found) if found is not None else ("id",)

    @cached_property  # read for every subject of every rule (a property call each time)
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def finding_kind(self) -> str:
        return self.kind.findings_kind()

    @cached_property  # asked for each profile of a run as the engine plans its rules
    def parameters_read(self) -> list[str]:
        return self.spec.parameters_read

    @cached_property
    def source_text(self) -> str:
        """`document, section`, as findings cite it."""
        return str(self.spec.source)


def _key_holding(table: object, text: str) -> tuple | None:
    """The key path of `text` in a check's table (`('values', 'types')`), None if absent."""
    if table == text:
        return ()
    if isinstance(table, dict):
        items: Iterator[tuple[Any, Any]] = iter(table.items())
    elif isinstance(table, list):
        items = enumerate(table)
    else:
        return None
    for key, value in items:
        found = _key_holding(value, text)
        if found is not None:
            return (key, *found)
    return None


@dataclass
class Compiler:
    """Collects the errors of compiling one rule, with its file and line."""

    registry: Registry
    label: str
    scope: str
    file: str
    # The line of a key of the file (`('rules', 3, 'check', 'expression')`), else of the
    # closest key enclosing it: found only for an error, a valid file is never mapped.
    line: Callable[[tuple], int | None]
    rule_id: str
    errors: list[InputError] = field(default_factory=list)
    # What its errors name: « règle EGALITE-X », or for an item's `applies_when`, the item.
    named: str | None = None
    # Where the rule lies in its file (`('rules', 3)`): its errors' key paths start there, as
    # an editor finds them from the file's top, and as the rule's other errors are given.
    at: tuple = ()
    # The items the rule names that only an academy's profile may add, checked later.
    profile_items: list[ProfileItem] = field(default_factory=list)

    def error(self, path: str, message: str, suggestion: str | None = None) -> None:
        """An error of the rule's key at `path` (`check.types[2]`), found at that key's line."""
        where = (*self.at, *parse_path(path))
        self.errors.append(
            InputError(
                self.file,
                self.line(where),
                format_path(where),
                french.typeset(f"{self.named or 'règle ' + self.rule_id} : {message}"),
                suggestion,
            )
        )

    def profile_item(self, path: str, number: int) -> None:
        """The item `number`, at `path` (`check.items[0]`), which the label's référentiel
        lacks and an academy's profile may add (a label with `max_extra_criteria`): an error
        of the rule, at that key's line, if no profile of the run adds it (`Engine.create`)."""
        where = (*self.at, *parse_path(path))
        named = self.named or f"règle {self.rule_id}"
        self.profile_items.append(
            ProfileItem(self.label, number, self.file, self.line(where), format_path(where), named)
        )

    def expression(
        self, text: str, path: str, scope: str | None = None, *, condition: bool = True
    ) -> CompiledExpression | None:
        """Compile an expression against the typed context of the scope; None on error.
        `condition=False`: a value a message says (an expression rule's `values`), not a
        condition."""
        context = _context(self.registry, scope or self.scope, self.label)
        try:
            rule = _parsed(text, context)
        except rule_engine.EngineError as error:
            self.error(path, *compile_error(text, error, context))
            return None
        kind = rule.statement.expression.result_type
        kind = getattr(kind, "inner_type", kind)  # a value that may be null: the type it has
        if not condition:
            return self._value(rule, text, path, kind)
        # Every expression of a rule is a condition: a text or a number would be judged by its
        # truthiness (`application.title` true for any title), which its author did not mean.
        if kind not in (rule_engine.DataType.BOOLEAN, rule_engine.DataType.UNDEFINED):
            self.error(
                path,
                f"l'expression {french.quoted(text)} donne {_DATA_TYPES.get(kind.name, kind.name)}, "
                "pas une condition (vrai ou faux) : la comparer (==, !=, <, >…) ou tester "
                "sa présence (!= null)",
            )
            return None
        never, mismatched = _CHECKED.get(
            (self.registry, rule),
            (self.label,),
            lambda: (
                never_holding(self.registry, self.label, rule.statement.expression, text),
                mismatched_equalities(rule.statement.expression, text),
            ),
        )
        for message, meant in never:
            self.error(path, message, meant)
        for message in mismatched:
            self.error(path, message)
        return _COMPILED.get((rule,), (), lambda: CompiledExpression(rule))

    def _value(
        self, rule: rule_engine.Rule, text: str, path: str, kind: Any
    ) -> CompiledExpression | None:
        """A value a message says: anything `french.said` writes in words, not an entry
        whole (an object, a table), which has none."""
        if not _sayable(kind):
            shown = _DATA_TYPES.get(kind.name, "une entrée entière")
            self.error(
                path,
                f"l'expression {french.quoted(text)} donne {shown}, qu'un message ne peut "
                "pas dire : en nommer un attribut (application.title, held.categories…)",
            )
            return None
        return _COMPILED.get((rule,), (), lambda: CompiledExpression(rule))


# Expressions compiled, by their text and the context they are typed against. The installed
# labels write 138 expressions, of which 67 differ (Eduform's items share their conditions,
# LDM's rules `application.type != 'follow-up'`): each is parsed once per process, a third of
# the rules' loading at start, and one compiled expression serves them all, its results
# remembered for all (they depend only on the values it reads).
_PARSED: ByIdentity[rule_engine.Rule] = ByIdentity(kept=1024)
_COMPILED: ByIdentity[CompiledExpression] = ByIdentity(kept=1024)
# What the checks of a parsed expression find for a label (texts it never holds, equalities of
# two types), by the registry the values come from: walked once, not for each rule sharing it.
_CHECKED: ByIdentity[tuple[list[tuple[str, str | None]], list[str]]] = ByIdentity(kept=1024)


def _parsed(text: str, context: rule_engine.Context) -> rule_engine.Rule:
    return _PARSED.get((context,), (text,), lambda: rule_engine.Rule(text, context=context))


# What a message cannot say of a value (`Compiler._value`): an entry whole has no words.
_UNSAID_TYPES = frozenset({"MAPPING", "FUNCTION", "BYTES", "TIMEDELTA"})


def _sayable(kind: Any) -> bool:
    """Whether `french.said` has words for a value of rule-engine's type `kind`: not an
    entry (an object, whatever its name: `Application`), nor a list of them."""
    kind = getattr(kind, "inner_type", kind)
    if isinstance(kind, type(rule_engine.DataType.OBJECT)) or kind.name in _UNSAID_TYPES:
        return False
    item = getattr(kind, "value_type", None)  # a list's or a set's items
    return item is None or _sayable(item)


# rule-engine's types, in French, for a message.
_DATA_TYPES = {
    "STRING": "un texte",
    "FLOAT": "un nombre",
    "DATETIME": "une date",
    "TIMEDELTA": "une durée",
    "ARRAY": "une liste",
    "SET": "un ensemble",
    "MAPPING": "une table",
    "NULL": "null",
    "BYTES": "des octets",
    "FUNCTION": "une fonction",
}

# Rule-engine contexts by (registry, scope, label): building one takes a third of a
# millisecond, and the 130-odd expressions of the installed labels need about fifteen.
_CONTEXTS: ByIdentity[rule_engine.Context] = ByIdentity(kept=256)


def _context(registry: Registry, scope: str, label: str) -> rule_engine.Context:
    spec = registry.labels.get(label)
    return _CONTEXTS.get(
        (registry,),
        (scope, label),
        lambda: rule_context(
            scope,
            spec.parameters if spec else {},
            label,
            spec.parameter_types if spec else None,
            spec.new_keys if spec else None,
        ),
    )


def load_rules(registry: Registry) -> tuple[list[CompiledRule], list[InputError]]:
    """Read and compile every rule file the plugins provide, once per process."""
    rules: list[CompiledRule] = []
    errors: list[InputError] = []
    texts: dict[str, str] = {}  # each file's text, to place an id given twice
    for resource in registry.rule_files():
        text = plugin_text(resource)
        if isinstance(text, InputError):
            errors.append(text)
            continue
        texts[str(resource)] = text
        file_rules, file_errors = compile_rule_file(registry, str(resource), text)
        rules.extend(file_rules)
        errors.extend(file_errors)
    seen: dict[str, CompiledRule] = {}
    occurrences: dict[tuple[str, str], int] = {}  # a file may give one id twice
    for rule in rules:
        nth = occurrences[rule.file, rule.id] = occurrences.get((rule.file, rule.id), -1) + 1
        first = seen.setdefault(rule.id, rule)
        if first is not rule:
            where = f"{first.file}, ligne {_id_place(texts, first, 0)[1]}"
            at, line = _id_place(texts, rule, nth)
            errors.append(
                InputError(
                    rule.file,
                    line,
                    format_path(at),
                    french.typeset(
                        f"identifiant de règle {rule.id} déjà défini dans {where} : chaque règle "
                        "a le sien ; renommer l'une des deux (un préfixe propre au plugin)"
                    ),
                )
            )
    return sorted(rules, key=lambda r: r.id), errors


def rules_named(registry: Registry, ids: Collection[str]) -> dict[str, CompiledRule]:
    """The rules with these ids, compiled alone (a profile file's [[severity]] asks about a
    few rules, where the run only passes the ids of all). Those that do not compile are left
    out: their plugin's error is the run's."""
    found: dict[str, CompiledRule] = {}
    for resource in registry.rule_files():
        text = plugin_text(resource)
        if isinstance(text, InputError):
            continue
        try:
            data = read_toml(text)
        except TOMLDecodeError:
            continue
        entries = data.get("rules", [])
        for index, raw in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(raw, dict) and raw.get("id") in ids and raw.get("id") not in found:
                lines = LazyLines(text, is_json=False)
                rule, _ = _compile_rule(
                    registry, str(resource), lines, index, {"label": data.get("label"), **raw}
                )
                if rule is not None:
                    found[rule.id] = rule
    return found


def _id_place(texts: Mapping[str, str], rule: CompiledRule, nth: int) -> tuple[tuple, int | None]:
    """The key path and line of the `nth` `id` of `rule` in its file (read again: only for an
    error)."""
    entries = read_toml(texts[rule.file]).get("rules", [])
    indexes = [i for i, entry in enumerate(entries) if entry.get("id") == rule.id]
    at = ("rules", indexes[min(nth, len(indexes) - 1)], "id")  # a file read twice: its ids again
    return at, line_of(LazyLines(texts[rule.file], is_json=False), at)


def declared_rule_ids(registry: Registry) -> set[str]:
    """The id of every rule the plugins' rule files declare, whether it compiles or not: a
    profile naming a rule that does not compile is not told the rule does not exist. Read
    again only when some rule did not compile (`settle`), never on a run without errors."""
    return rule_ids_in(registry.rule_files())


def _param_errors(error: ValidationError, params: type) -> Iterator[tuple[tuple, tuple]]:
    """A kind's parameter errors, each at its key. A parameter that takes a value or a profile
    parameter (`int | FromProfile`) fails both ways at once, pydantic naming each way in its
    key paths (`min.int`, `min.FromProfile.parm`): said once here, with both ways, by the
    errors of the way the author took: the value's at its key, or a table's (`{ parm = … }`)
    at the parameter's."""
    errors = error.errors(include_url=False)
    unions = {tuple(e["loc"][:i]) for e in errors for i in _from_profile_at(e["loc"])}
    # A union whose `{ param }` way failed at its own key was given no table.
    failed_at = {tuple(e["loc"]) for e in errors}
    tables = {u for u in unions if (*u, _FROM_PROFILE) not in failed_at}
    either = {u: _either_way(errors, u, params) for u in unions}
    taken: list[tuple[Any, tuple | None]] = []  # each error said, its key path as written
    for e in errors:
        union = next(
            (u for u in unions if e["loc"][: len(u)] == u and len(e["loc"]) > len(u)), None
        )
        if union is None:
            taken.append((e, None))
        elif (e["loc"][len(union)] == _FROM_PROFILE) == (union in tables):
            taken.append(({**e, "loc": (*union, *e["loc"][len(union) + 1 :])}, union))
    kept = {id(e) for e in said_once([e for e, _ in taken], params)}
    for said, union in taken:
        if id(said) not in kept:
            continue
        message, hint = explain(said, said["loc"], params)
        if union in tables:
            inner = said["loc"][len(union) :]
            if said["type"] not in ("extra_forbidden", "missing"):  # these name their key
                message = french.colon(format_path(inner), message)
            yield union, (f"{either[union]}{french.NNBSP}: {message}", hint)
        elif union is not None and said["loc"] == union:  # of neither way's type
            _expected, received, rest = message.partition(f"{french.NNBSP}; reçu")
            yield union, (either[union] + received + rest, hint)
        else:
            yield said["loc"], (message, hint)


_FROM_PROFILE = FromProfile.__name__  # how pydantic names that way of a union in a key path


def _from_profile_at(loc: tuple) -> list[int]:
    """Where a key path goes through the `{ param }` way of a union (none at its start: a key
    of that name the author wrote at the top of the check table is a key like another)."""
    return [i for i, part in enumerate(loc) if i and part == _FROM_PROFILE]


def _either_way(errors: list[Any], union: tuple, params: type) -> str:
    """« nombre entier attendu (ou `{ param = "nom" }`, un paramètre du profil) »: what the
    parameter at `union` takes, in the words of its value's error."""
    value_error = next(
        e
        for e in errors
        if len(e["loc"]) == len(union) + 1
        and tuple(e["loc"][: len(union)]) == union
        and e["loc"][-1] != _FROM_PROFILE
    )
    expected = explain(value_error, union, params)[0].partition(f"{french.NNBSP}; reçu")[0]
    return f'{expected} (ou `{{ param = "nom" }}`, un paramètre du profil)'


def compile_rule_file(
    registry: Registry, file: str, text: str
) -> tuple[list[CompiledRule], list[InputError]]:
    try:
        data = read_toml(text)
    except TOMLDecodeError as error:
        line, message = toml_syntax(error, text)
        return [], [InputError(file, line, "", message)]
    lines = LazyLines(text, is_json=False)  # mapped only if an error needs a line
    label = data.get("label")
    if label != ANY_LABEL and label not in registry.labels:
        if label is None:
            # « porte sur aucun label (clé label absente), qu'aucun plugin installé ne
            # fournit » was said: the key is missing, not a label unknown.
            said = (
                "clé obligatoire « label » absente : le label auquel ces règles s'appliquent, "
                'en tête du fichier (`label = "…"`, ou `label = "*"` pour tous les labels)'
            )
        else:
            said = (
                f"le fichier de règles porte sur {french.quoted(str(label))}, "
                "qu'aucun plugin installé ne fournit"
            )
        return [], [
            InputError(
                file,
                line_of(lines, ("label",)),
                "label",
                listing(
                    french.typeset(said), [ANY_LABEL, *sorted(registry.labels)], "labels possibles"
                ),
                closest(str(label), registry.labels) if label is not None else None,
            )
        ]
    unknown = set(data) - {"label", "rules"}
    if unknown:
        return [], [
            InputError(
                file,
                line_of(lines, (k,)),
                k,
                french.typeset(
                    f"clé inconnue {french.quoted(k)} dans un fichier de règles : "
                    "il ne porte que label et des [[rules]]"
                ),
                closest(k, ("label", "rules")),
            )
            for k in sorted(unknown)
        ]
    compiled, errors = [], []
    for index, raw in enumerate(data.get("rules", [])):
        if isinstance(raw, dict) and "label" in raw:
            # The file's label is its rules': one of them naming another label would add a
            # rule to a label its plugin does not own (a built-in one, say).
            errors.append(
                InputError(
                    file,
                    line_of(lines, ("rules", index, "label")),
                    format_path(("rules", index, "label")),
                    french.typeset(
                        "une règle ne nomme pas de label : celui du fichier (label, en tête) "
                        "vaut pour toutes ses règles ; retirer cette clé"
                    ),
                )
            )
            continue
        rule, rule_errors = _compile_rule(registry, file, lines, index, {"label": label, **raw})
        errors.extend(rule_errors)
        if rule:
            compiled.append(rule)
    return compiled, errors


def _compile_rule(
    registry: Registry, file: str, lines: Mapping[tuple, int], index: int, raw: dict
) -> tuple[CompiledRule | None, list[InputError]]:
    rule_id = str(raw.get("id", f"rules[{index}]"))
    try:
        spec = RuleSpec.model_validate(raw)
    except ValidationError as error:
        return None, [
            _model_error(file, lines, ("rules", index), rule_id, e, RuleSpec)
            for e in said_once(error.errors(include_url=False), RuleSpec)
        ]

    def line(key: tuple) -> int | None:
        return line_of(lines, key)

    compiler = Compiler(registry, spec.label, spec.scope, file, line, spec.id, at=("rules", index))
    kind_class: type[RuleKind] | None = registry.rule_kinds.get(spec.kind)
    if kind_class is None:
        compiler.error(
            "kind",
            listing(
                f"type de contrôle inconnu {french.quoted(spec.kind)}",
                sorted(registry.rule_kinds),
                "types possibles",
            ),
            closest(spec.kind, registry.rule_kinds),
        )
        return None, compiler.errors
    if spec.scope not in kind_class.scopes:
        compiler.error(
            "scope",
            f"le contrôle {spec.kind} porte sur la portée {' ou '.join(kind_class.scopes)}, "
            f"pas sur {spec.scope}",
        )
    fields = kind_class.fields_for(spec.check, spec.scope)
    _check_template(compiler, "message", spec.message, kind_class, fields)
    if spec.remedy:
        _check_template(compiler, "remedy", spec.remedy, kind_class, fields)
    try:
        params = kind_class.Params.model_validate(spec.check)
    except ValidationError as error:
        for loc, (message, hint) in _param_errors(error, kind_class.Params):
            compiler.error(format_path(("check", *loc)), message, hint)
        return None, compiler.errors
    except (Exception, SystemExit) as error:  # noqa: BLE001 - a validator of the kind's own
        return None, _kind_raised(registry, compiler, kind_class, error)
    _check_profile_parameters(compiler, params)
    _check_deciding_parameter(compiler, spec.source)
    when = compiler.expression(spec.when, "when") if spec.when else None
    try:
        kind = kind_class(params, compiler)
    except (Exception, SystemExit) as error:  # noqa: BLE001 - a plugin's kind, built at load
        return None, _kind_raised(registry, compiler, kind_class, error)
    if compiler.errors:
        return None, compiler.errors
    return CompiledRule(spec, kind, when, file, tuple(compiler.profile_items), index), []


def _kind_raised(
    registry: Registry, compiler: Compiler, kind: type[RuleKind], error: BaseException
) -> list[InputError]:
    """A kind raising (or exiting) as a rule of it is built: a plugin's bug at load, as a hook
    raising is (its rules' plugin disabled, exit 3, the other labels evaluated), where it
    stopped every command with « erreur interne », or silently with SystemExit(0)."""
    owner = registry.owner(compiler.file)
    if owner is not None:
        registry.plugins[owner].raised = True
    compiler.error(
        "kind",
        f"le type de contrôle {kind.name} a levé une exception en préparant la règle : "
        f"{exception_text(error)}{raised_at(error, kind.__module__)}",
    )
    return compiler.errors


def _check_template(
    compiler: Compiler, key: str, template: str, kind: type[RuleKind], fields: frozenset[str]
) -> None:
    """A message or remedy fills `{name}` with the rule's `fields` (its kind's, and the
    values an expression rule names) and nothing else: an unknown field, or a brace that is
    no field (`{type`, `{0}`, `{type!r}`), would reach the schools as written."""
    for name in _PLACEHOLDER.findall(template):
        if name not in fields and not fields:
            # « champs possibles : » followed by nothing: the kind gives none.
            compiler.error(
                key,
                f"champ {{{name}}} inconnu du contrôle {kind.name}, qui ne donne aucun champ "
                "à ses messages (son attribut message_fields est vide)",
            )
        elif name not in fields:
            compiler.error(
                key,
                listing(
                    f"champ {{{name}}} inconnu du contrôle {kind.name}",
                    sorted(fields),
                    "champs possibles",
                ),
                closest(name, fields),
            )
    stray = re.search(r"[{}]", _PLACEHOLDER.sub("", template))
    if stray:
        compiler.error(
            key,
            f"accolade {french.quoted(stray[0])} hors d'un champ : un champ s'écrit {{nom}}, en "
            "minuscules, avec un des champs du contrôle ; un texte ne peut contenir d'autre accolade",
        )


def _check_profile_parameters(compiler: Compiler, params: BaseModel) -> None:
    """Each `{ param = "NAME" }` of a check names a parameter of the rule's label (of every
    label, for a rule of all labels), of a type the check's key takes: found as the rule loads,
    where it was a TypeError on None in every dossier of the label."""
    registry, label = compiler.registry, compiler.label
    specs = list(registry.labels.values()) if label == ANY_LABEL else [registry.labels[label]]
    for key, value in params:
        if not isinstance(value, FromProfile):
            continue
        accepted = _parameter_types(type(params).model_fields[key].annotation)
        for spec in specs:
            declared = _declared_parameter(compiler, f"check.{key}.param", value.param, spec)
            if declared is not None and accepted and declared.type not in accepted:
                compiler.error(
                    f"check.{key}.param",
                    f"le paramètre {value.param} du label {spec.id} est de type {declared.type}"
                    f"{french.NNBSP}; {key} attend le type {' ou '.join(sorted(accepted))}",
                )


def _check_deciding_parameter(compiler: Compiler, source: Source) -> None:
    """`decided_by_parameter` names a yes-or-no parameter of the rule's label, on an academy's
    rule: misspelt, no profile would ever decide the rule; on another nature, it would make
    the rule block of itself; of another type, any profile setting it (a term, a list) would
    decide the rule; on a rule of every label, whose labels each have their own, never."""
    name, key = source.decided_by_parameter, "source.decided_by_parameter"
    if name is None:
        return
    if compiler.label == ANY_LABEL:
        compiler.error(
            key,
            "une règle de tous les labels n'est décidée par aucun de leurs paramètres, propres "
            "à chacun : la placer dans le fichier de règles du label concerné, ou retirer cette "
            "clé",
        )
        return
    if source.nature != "academy":
        compiler.error(
            key,
            "seule une règle académique est décidée par un paramètre du profil ; celle-ci est "
            f"une {french.nature(source.nature)} : retirer cette clé, ou écrire "
            '`nature = "academy"` si c\'est un choix académique',
        )
    label = compiler.registry.labels[compiler.label]
    declared = _declared_parameter(compiler, key, name, label)
    if declared is not None and declared.type != "boolean":
        compiler.error(
            key,
            f"le paramètre {name} du label {label.id} est de type `{declared.type}` ; le "
            "paramètre qui décide une règle est de type `boolean` : le profil la met en œuvre "
            "en le fixant à `true`",
        )


def _declared_parameter(
    compiler: Compiler, key: str, name: str, label: LabelSpec
) -> Parameter | None:
    """The parameter `name` of `label`, or None and an error at `key` listing its parameters
    (with the closest to a misspelt name)."""
    declared = label.parameter_specs.get(name)
    if declared is None:
        compiler.error(
            key,
            listing(
                f"paramètre {french.quoted(name)} inconnu du label {label.id}",
                sorted(label.parameter_specs),
                "paramètres possibles",
            ),
            closest(name, label.parameter_specs),
        )
    return declared


# The parameter types (core/catalog.py) a check's key of each Python type takes.
_PARAMETER_TYPES: dict[Any, frozenset[str]] = {
    bool: frozenset({"boolean"}),
    int: frozenset({"integer"}),
    str: frozenset({"text", "month-day"}),
    list: frozenset({"list"}),
}


def _parameter_types(annotation: Any) -> frozenset[str]:
    """The parameter types a key annotated `annotation` (`int | FromProfile`) takes; empty
    when it takes a value of any type (its kind then judges it)."""
    accepted: set[str] = set()
    for option in get_args(annotation) or (annotation,):
        if option is FromProfile or option is type(None):
            continue
        types = _PARAMETER_TYPES.get(get_origin(option) or option)
        if types is None:
            return frozenset()
        accepted |= types
    return frozenset(accepted)


def _model_error(
    file: str,
    lines: Mapping[tuple, int],
    at: tuple,
    rule_id: str,
    e: Mapping[str, Any],
    model: type[BaseModel],
) -> InputError:
    """One pydantic error of a rule, in French, at its key's line."""
    loc = error_loc(e)
    message, hint = explain(e, loc, model)
    return InputError(
        file,
        line_of(lines, (*at, *loc)),
        format_path((*at, *loc)),
        french.typeset(f"règle {rule_id} : {message}"),
        hint,
    )


def format_message(template: str, values: dict[str, Any]) -> str:
    """Fill `{name}` placeholders; nothing else of str.format (templates are untrusted)."""
    head, fields = _template_fields(template)
    if not fields:
        return template  # no placeholder: most remedies
    out = [head]
    for name, text in fields:
        if name not in values:
            # A field the rule's kind declares (the message was checked against them as it
            # loaded) and did not give: its plugin's bug, which sent « {date} » to the schools
            # as written (the plugin author's audit). An internal error naming the rule.
            raise MissingMessageField(
                f"le type de contrôle de la règle n'a pas donné la valeur de {{{name}}}, que son message "
                f"emploie (valeurs données : {', '.join(sorted(values)) or 'aucune'})"
            )
        out += (str(values[name]), text)
    return "".join(out)


class MissingMessageField(Exception):
    """A rule kind's check gave no value for a field its rule's message uses."""


@cache  # rule files hold a few hundred templates; each finding fills one or two
def _template_fields(template: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The text before the first placeholder, then each placeholder's name with the text
    after it: "a {x} b" -> ("a ", (("x", " b"),)). Paired once per template, not indexed
    at each finding (a third of the filling, LDM's descriptors some twenty a dossier)."""
    parts = _PLACEHOLDER.split(template)
    return parts[0], tuple(zip(parts[1::2], parts[2::2], strict=True))
