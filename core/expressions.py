"""Compiled rule expressions: rule-engine evaluates them, and each remembers its results.

An expression's result depends only on the values it reads: the symbols and
attribute chains in its syntax tree (`application.type`, `held&.level`,
`params.board_from_level`). Dossiers repeat the same few of those values
(application types, levels, kinds), so an expression keeps its results keyed
by what it read, and rule-engine evaluates it only for values not seen yet.
The result is rule-engine's own, never re-implemented: the key holds every
value the expression can read, with its Python type (rule-engine's `==` tells
`true` from `1`). An expression whose result could change with no change in
what it reads (`$now`, a built-in function) is evaluated every time.

Measured (bench/RECORD.md): rule-engine took a fifth of a four-label
evaluation, most of it re-evaluating the same conditions dossier after dossier.

A profile's expressions are untrusted (academies exchange profiles): `untrusted`
compiles one only if it cannot run away (bounded length and nesting, no `$range`,
regular expressions whose backtracking is bounded), and any error it raises on a
dossier becomes `ExpressionFailed`, the profile's error, never labelcheck's.
"""

from __future__ import annotations

import datetime as dt
import re._constants as sre  # the parsed form of a pattern, to bound its backtracking
import re._parser as sre_parser
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import rule_engine
import rule_engine.errors
from labelcheck.core.cache import lazy_pattern
from labelcheck.core.context import Record
from labelcheck.core.errors import closest
from labelcheck.core.visible import visible
from rule_engine.ast import (
    AddExpression,
    ComparisonExpression,
    ExpressionBase,
    FuzzyComparisonExpression,
    GetAttributeExpression,
    GetItemExpression,
    LiteralExpressionBase,
    NullExpression,
    StringExpression,
    SymbolExpression,
)

Path = tuple[str, ...]
MAX_REMEMBERED = 256  # results per expression; beyond, it starts afresh, so memory stays flat
# (conditions on kinds and types have a few dozen keys; those on dates hardly repeat)


@dataclass(frozen=True)
class Origin:
    """Where an untrusted expression was written: its file, line and key path."""

    file: str
    line: int | None
    path: str

    def __str__(self) -> str:
        return f"{self.file}" + (f", ligne {self.line}" if self.line else "") + f", {self.path}"


class ExpressionFailed(Exception):
    """An untrusted expression (a profile's) failed on a dossier: its author's error."""

    def __init__(self, origin: Origin, reason: str):
        super().__init__(f"{origin} : {reason}")
        self.origin, self.reason = origin, reason


class PluginExpressionFailed(Exception):
    """A plugin's expression failed on a dossier its load-time checks could not foresee (a key
    a mapping lacks: `indicator.values['2023']`): the plugin's bug, an internal error of the
    dossier, said in French with the expression, not as rule-engine's LookupError."""

    def __init__(self, text: str, error: Exception, expression: ExpressionBase | None = None):
        cause = getattr(error, "error", None)  # rule-engine's FunctionCallError wraps the real one
        reason = " : ".join(_reason(e) for e in (error, cause) if e is not None)
        hint = (
            _lookup_hint(error, expression)
            if isinstance(error, rule_engine.errors.LookupError | LookupError)
            else ""
        )
        super().__init__(f"l'expression {shown(text)} a échoué sur ce dossier : {reason}{hint}")
        self.text = text
        # Where the rule holding it wrote it (`rules.toml:42, rules[2].check.expression`), set
        # by the engine, which knows the rule: the internal error names that place, not the
        # line of labelcheck's own code the expression was evaluated from.
        self.rule_place: str | None = None


def _lookup_hint(error: Exception, expression: ExpressionBase | None) -> str:
    """How to read what the expression looked up in vain, with the key it used: the hint
    once quoted `indicator.values&['2023']` whatever the rule's key was (the plugin author's
    audit: a rule reading '2025' was told of '2023')."""
    item = getattr(error, "item", None)  # rule-engine's LookupError says the key it missed
    if not isinstance(item, str | int | float):  # its UNDEFINED: a key of another type
        return " (une clé que la table n'a pas : la lire par &[…] avec une valeur par défaut)"
    key = _literal(item)
    missing = (
        f"la clé {key} manque à la table"
        if isinstance(getattr(error, "container", None), Mapping)
        else f"la position {key} manque à la liste"
    )
    lookup = _failed_lookup(expression, item) if expression is not None else None
    if lookup is None:
        return f" ({missing} : la lire par `&[{key}]` avec une valeur par défaut)"
    container, result_type = lookup
    default = _DEFAULTS.get(getattr(result_type, "name", ""), "")
    return f" ({missing} : la lire par &[…] avec une valeur par défaut, ici `{container}&[{key}]{default}`)"


# What a lookup read by &[…] defaults to, by the type of what it reads.
_DEFAULTS = {"FLOAT": " ?? 0", "STRING": " ?? ''", "BOOLEAN": " ?? false"}


def _literal(item: str | int | float) -> str:
    """A key as the expression language writes it: `'2025'`, `3`."""
    if isinstance(item, str):
        return f'"{item}"' if "'" in item else f"'{item}'"
    return str(int(item)) if isinstance(item, float) and item.is_integer() else str(item)


def _failed_lookup(expression: ExpressionBase, item: Any) -> tuple[str, Any] | None:
    """The chain an unguarded `[…]` of the expression read `item` from (`indicator.values`),
    with the type it gives; the only such lookup when its key is computed, not written."""
    lookups = [
        node
        for node, _parent in _walk(expression, None)
        if isinstance(node, GetItemExpression) and not node.safe and chain(node.container)
    ]
    written = [
        node
        for node in lookups
        if isinstance(node.item, LiteralExpressionBase) and node.item.value == item
    ]
    found = written or (lookups if len(lookups) == 1 else [])
    if not found:
        return None
    path = chain(found[0].container) or ()  # never empty: a lookup is kept for its chain
    return ".".join(path), getattr(found[0].result_type, "inner_type", found[0].result_type)


class CompiledExpression:
    """A rule-engine `Rule` with its results remembered by the values it reads."""

    __slots__ = (
        "rule",
        "text",
        "reads",
        "null_tests",
        "_results",
        "origin",
        "text_reads",
        "symbols",
        "_keyed",
    )

    def __init__(self, rule: rule_engine.Rule, origin: Origin | None = None):
        self.rule = rule
        self.text: str = rule.text  # read at every condition asked (`LabelFacts.holds`)
        # Set for an untrusted expression: its errors are reported as its author's.
        self.origin = origin
        # The chains whose texts its regular expressions may be matched against (bounded).
        self.text_reads = (
            tuple(sorted(_chains(rule.statement.expression)))
            if origin and _has_regex(rule.statement.expression)
            else ()
        )
        reads = chains_read(rule.statement.expression)
        # None: something read is not a plain value (a built-in symbol): never remembered.
        self.reads: tuple[Path, ...] | None = None if reads is None else tuple(sorted(reads[0]))
        self.null_tests: tuple[Path, ...] = () if reads is None else tuple(sorted(reads[1]))
        # The names its chains start from (symbols, and a comprehension's own variables):
        # the values it is given need no others. None: it may read any symbol.
        self.symbols: frozenset[str] | None = (
            None if reads is None else frozenset(path[0] for path in reads[0] | reads[1])
        )
        # What `key` reads, each chain with how it is keyed (by its value, by its nullness
        # alone, or by its length alone), in one tuple: the key is made at every ask. Each
        # chain split once into its symbol and the names after it, not sliced at each ask.
        self._keyed: tuple[tuple[Path, str, Path, int], ...] = tuple(
            [
                (path, path[0], path[1:], _BY_LENGTH if path[-1] == "length" else _BY_VALUE)
                for path in self.reads or ()
            ]
            + [(path, path[0], path[1:], _BY_NULLNESS) for path in self.null_tests]
        )
        self._results: dict[tuple, Any] = {}

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        if self.reads is None:
            return self._evaluate(values)
        key = self.key(values)
        try:
            return self._results[key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key: evaluated, not remembered
            return self._evaluate(values)
        result = self._evaluate(values)
        if len(self._results) >= MAX_REMEMBERED:
            self._results.clear()
        self._results[key] = result
        return result

    def _evaluate(self, values: Mapping[str, Any]) -> Any:
        if self.origin is None:
            try:
                return self.rule.evaluate(values)
            except Exception as error:  # noqa: BLE001 - said in French, as its plugin's bug
                raise PluginExpressionFailed(
                    self.text, error, self.rule.statement.expression
                ) from error
        longest = max((_longest_text(_follow(values, path)) for path in self.text_reads), default=0)
        if longest > MAX_REGEX_SUBJECT:
            raise ExpressionFailed(
                self.origin,
                f"ses expressions régulières s'appliquent à des textes de "
                f"{MAX_REGEX_SUBJECT} caractères au plus ; ce dossier en a un de {longest}",
            )
        try:
            return self.rule.evaluate(values)
        except Exception as error:  # noqa: BLE001 - whatever an untrusted expression raises is its own
            cause = getattr(
                error, "error", None
            )  # rule-engine's FunctionCallError wraps the real one
            reason = " : ".join(_reason(e) for e in (error, cause) if e is not None)
            raise ExpressionFailed(
                self.origin, f"l'expression {shown(self.text)} a échoué sur ce dossier : {reason}"
            ) from None

    def key(self, values: Mapping[str, Any]) -> tuple:
        """What the expression reads in `values`: each chain's value (with its type),
        and for chains only compared with null, whether they are null (the chains are the
        same, in the same order, for every ask: their values alone tell two keys apart)."""
        assert self.reads is not None, "an expression reading built-in symbols is never remembered"
        key = []  # a loop, not a comprehension and calls: this runs at every ask
        for path, symbol, names, how in self._keyed:
            value = values.get(symbol)
            for name in names:  # `_follow`, from the chain split once
                if not isinstance(value, Record):
                    break
                value = value.fields.get(name)
            if how == _BY_VALUE:
                # Most values read are null, texts, dates or booleans: keyed as `_frozen` keys
                # them, with no call (an action's end and the as-of date, an audit's
                # `earlier_cycle`, an application's `after_award`: most conditions read one).
                if value is None or type(value) in _OWN_KEYS:
                    key.append(value)
                elif type(value) is bool:
                    key.append(_BOOL_KEYS[value])
                else:
                    key.append(_frozen(value))
            elif how == _BY_NULLNESS:
                key.append(value is None)
            else:
                key.append(_length_key(values, path))
        return tuple(key)


def _reason(error: BaseException) -> str:
    """What went wrong, in French: rule-engine's and Python's own words are English."""
    message = getattr(error, "message", None) or str(error)
    if isinstance(error, rule_engine.errors.FunctionCallError):
        return f"la fonction ${visible(str(error.function_name))} a refusé sa valeur"
    for start, french in _ENGINE_MESSAGES.items():
        if message.startswith(start):
            return french
    for kind in type(error).__mro__:
        if kind in _PYTHON_ERRORS:
            return _PYTHON_ERRORS[kind]
    return f"erreur {type(error).__name__}"


# rule-engine's messages, by their start (`data type mismatch (left operand is nullable…)`).
_ENGINE_MESSAGES = {
    "data type mismatch (left ordered-comparison operand is nullable": "la valeur comparée peut être absente (null) : la compléter par ?? ou lire par &.",
    "data type mismatch": "types incompatibles",
    "arithmetic error": "calcul impossible (division par zéro ou nombre trop grand ?)",
    "invalid datetime literal": "date invalide (d'AAAA-MM-JJ')",
    "invalid timedelta literal": "durée invalide",
    "invalid regular expression": "expression régulière invalide",
    "lookup error": "élément absent de la liste ou de la table",
    "unknown symbol": "symbole inconnu",
    "unknown attribute": "attribut inconnu",
}
_PYTHON_ERRORS: dict[type, str] = {
    ZeroDivisionError: "division par zéro",
    OverflowError: "nombre trop grand",
    ValueError: "valeur impossible à convertir",
    TypeError: "types incompatibles",
    LookupError: "élément absent de la liste ou de la table",
    rule_engine.errors.LookupError: "élément absent de la liste ou de la table",  # not Python's
    RecursionError: "imbrication trop profonde",
    MemoryError: "mémoire insuffisante",
}


def _follow(values: Mapping[str, Any], path: Path) -> Any:
    """The value at the end of an attribute chain; where the chain leaves the records
    (an array's `length`, a date's `year`), the value it leaves from, which decides the rest."""
    value = values.get(path[0])
    for name in path[1:]:
        if not isinstance(value, Record):
            return value
        value = value.fields.get(name)
    return value


def _length_key(values: Mapping[str, Any], path: Path) -> Any:
    """The key of a chain ending in `.length` (`application.denominations.length`): the length
    alone, when the chain reaches through records the array, text or table it measures. Keyed
    by the whole list, each dossier's denominations made the expression evaluated anew (1.2 %
    of a dossier's instructions); anything else, as `_follow` keys it."""
    value: Any = values.get(path[0])
    for name in path[1:-1]:
        if not isinstance(value, Record):
            return _frozen(value)  # left the records early: the whole value decides
        value = value.fields.get(name)
    if type(value) in _SIZED:
        return (_LENGTH, len(value))
    return _frozen(_follow(values, path))  # a record's own `length` field, a null, a number…


_BY_VALUE, _BY_NULLNESS, _BY_LENGTH = 0, 1, 2  # how `key` reads a chain
_LENGTH = object()  # marks a length in a key: equal to no value `_frozen` makes
_SIZED = frozenset({list, tuple, str, dict, set, frozenset})


# Values equal to no value of another type (a date to no text, no number, no boolean): each
# its own key. Not numbers: `true == 1` in Python, not in rule-engine.
_OWN_KEYS = frozenset({str, dt.datetime})
# A boolean's key, as `_frozen` makes it, by the boolean as an index: made once.
_BOOL_KEYS = ((bool, False), (bool, True))


def _frozen(value: Any) -> Any:
    if value is None or type(value) in _OWN_KEYS:
        return value  # equal to nothing but themselves
    if type(value) in _SCALARS:
        return (type(value), value)  # as below, without the isinstance checks (Mapping's is slow)
    if isinstance(value, Record):
        return (Record, tuple((k, _frozen(v)) for k, v in sorted(value.fields.items())))
    if isinstance(value, (list, tuple)):
        return (tuple, tuple(_frozen(v) for v in value))
    if isinstance(value, Mapping):
        return (dict, tuple((k, _frozen(v)) for k, v in sorted(value.items())))
    return (type(value), value)


_SCALARS = frozenset({bool, int, float, dt.date, dt.datetime})


# -- what an expression reads ----------------------------------------------------------


def chains_read(expression: ExpressionBase) -> tuple[set[Path], set[Path]] | None:
    """The attribute chains the expression reads, and those it only compares with null;
    None if it reads anything else than the values it is given (a built-in like `$now`)."""
    reads: set[Path] = set()
    null_tests: set[Path] = set()
    for node, parent in _walk(expression, None):
        if isinstance(node, SymbolExpression) and node.scope is not None:
            return None  # `$now`, `$today`, built-in functions
        path = chain(node)
        if path is None or (parent is not None and chain(parent) is not None):
            continue  # not a chain, or part of a longer one
        if (
            isinstance(parent, ComparisonExpression)
            and parent.type in ("eq", "ne")
            and any(isinstance(side, NullExpression) for side in (parent.left, parent.right))
        ):
            null_tests.add(path)
        else:
            reads.add(path)
    return reads, null_tests - reads


def chain(node: Any) -> Path | None:
    """`application.level` (or `application&.level`) -> ('application', 'level'); None for
    anything but a chain of names."""
    if isinstance(node, SymbolExpression):
        return (node.name,)
    if isinstance(node, GetAttributeExpression):
        parent = chain(node.object)
        return None if parent is None else (*parent, node.name)
    return None


def _walk(node: Any, parent: Any) -> Iterator[tuple[Any, Any]]:
    """Every expression node under `node`, with its parent, whatever the node class."""
    yield node, parent
    for child in children(node):
        yield from _walk(child, node)


def _attribute_names(kind: type, attributes: tuple[str, ...]) -> tuple[str, ...]:
    """The names a node of class `kind` with these instance `attributes` may hold children
    in (its slots too), sorted, `context` aside: remembered, since every node of every
    expression asks (a few dozen classes; made each time, 2 ms of a start)."""
    key = (kind, attributes)
    names = _ATTRIBUTE_NAMES.get(key)
    if names is None:
        slots = {name for cls in kind.__mro__ for name in getattr(cls, "__slots__", ())}
        names = _ATTRIBUTE_NAMES[key] = tuple(sorted(slots.union(attributes) - {"context"}))
    return names


_ATTRIBUTE_NAMES: dict[tuple[type, tuple[str, ...]], tuple[str, ...]] = {}


def children(node: Any) -> Iterator[Any]:
    """The expression nodes directly under `node`, whatever its class."""
    for name in _attribute_names(type(node), tuple(getattr(node, "__dict__", ()))):
        value = getattr(node, name, None)
        if isinstance(value, ExpressionBase):
            yield value
        elif isinstance(value, (tuple, list)):
            for member in value:
                if isinstance(member, ExpressionBase):
                    yield member
                elif isinstance(member, tuple):  # a mapping literal's (key, value) pairs
                    yield from (m for m in member if isinstance(m, ExpressionBase))


# -- untrusted expressions (a profile's) ------------------------------------------------

MAX_EXPRESSION_LENGTH = 2_000  # characters; the référentiels' longest condition has 250
MAX_DEPTH = 32  # levels of the syntax tree, which rule-engine evaluates by recursion
MAX_REGEX_SUBJECT = 1_000  # characters of a text a profile's regular expression is tried on
# Backtracking steps a pattern may take on such a text (a tenth of a second or so): the
# product of the choices its variable quantifiers and alternatives leave open.
MAX_REGEX_STEPS = 10**8
_STEPS_SHOWN = f"{MAX_REGEX_STEPS:,}".replace(",", "\u202f")  # 100 000 000, as French writes it
# Built-ins a profile may not use, and why.
REFUSED_BUILTINS = {
    "range": "$range peut construire une liste sans fin",
    "random": "$random donnerait un résultat différent à chaque évaluation",
    "now": "$now dépend du jour où labelcheck tourne ; utiliser as_of, la date d'évaluation",
    "today": "$today dépend du jour où labelcheck tourne ; utiliser as_of, la date d'évaluation",
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class ExpressionRefused(Exception):
    """An untrusted expression that does not compile or could run away (French message)."""

    def __init__(self, message: str, suggestion: str | None = None):
        super().__init__(message)
        self.message, self.suggestion = message, suggestion


def untrusted(text: str, context: rule_engine.Context, origin: Origin) -> CompiledExpression:
    """Compile an expression a profile carries, typed against `context`; ExpressionRefused
    says why it cannot be used."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionRefused(
            f"expression de {len(text)} caractères ; {MAX_EXPRESSION_LENGTH} au plus"
        )
    try:
        rule = rule_engine.Rule(text, context=context)
        problem = _run_away(rule.statement.expression) or _unguarded_lookup(
            rule.statement.expression
        )
    except rule_engine.EngineError as error:
        refused = _refused_builtin(text)
        if refused is not None:
            raise ExpressionRefused(refused) from None
        raise ExpressionRefused(*_compile_error(text, error, context)) from None
    except RecursionError:
        raise ExpressionRefused(
            f"expression trop imbriquée : {MAX_DEPTH} niveaux au plus"
        ) from None
    except Exception as error:  # noqa: BLE001 - rule-engine folding constants (a date out of range…)
        raise ExpressionRefused(
            f"l'expression {shown(text)} ne se calcule pas : {_reason(error)}"
        ) from None
    if problem:
        raise ExpressionRefused(problem)
    return CompiledExpression(rule, origin)


_BUILTIN = lazy_pattern(r"\$([A-Za-z_]\w*)")


def _refused_builtin(text: str) -> str | None:
    """Why a refused built-in the text uses outside its quoted texts is refused: rule-engine
    types `$now` as it compiles, so `$now() > as_of` failed first as « types incompatibles »,
    misleading (the profile author's audit), where `$now == null` said to use as_of."""
    for name in _BUILTIN().findall(_QUOTED().sub("''", text)):
        if name in REFUSED_BUILTINS:
            return REFUSED_BUILTINS[name]
    return None


def shown(text: str, limit: int = 80) -> str:
    """An untrusted text as a message quotes it: visible, and cut short."""
    return f"« {visible(text if len(text) <= limit else text[: limit - 1] + '…')} »"


# What other languages write that the rule language spells otherwise, the longest first:
# a syntax error in a text holding one suggests the right spelling (the plugin audit of 6
# December: « erreur de syntaxe à la position 9 » alone, for `a >= 1 && b >= 1`).
CONFUSIONS = (("===", "=="), ("!==", "!="), ("&&", "and"), ("||", "or"), ("=>", ">="),
              ("=<", "<="))  # fmt: skip
# The language's operators holding = or !: what is left of either once they are taken out is
# a lone one, meant as == or not.
_WITH_SIGNS = ("==", "!=", ">=", "<=", "=~", "!~")


def _meant(text: str) -> str | None:
    """The rule language's spelling of what `text` writes as another language would."""
    for written, meant in CONFUSIONS:
        if written in text:
            return meant
    for operator in _WITH_SIGNS:
        text = text.replace(operator, " ")
    return "==" if "=" in text else "not" if "!" in text else None


def _compile_error(
    text: str, error: rule_engine.EngineError, context: rule_engine.Context | None = None
) -> tuple[str, str | None]:
    if isinstance(error, rule_engine.RuleSyntaxError):
        token = error.token
        if token is None:
            where = "à la fin (une parenthèse ou un opérande manque)"
        else:  # 1-based, as an editor counts; the character found there, quoted
            where = f"à la position {token.lexpos + 1} ({shown(str(token.value)[:1])})"
        return f"erreur de syntaxe {where} dans l'expression {shown(text)}", _meant(text)
    if isinstance(error, rule_engine.SymbolResolutionError):
        return (
            f"symbole inconnu « {visible(error.symbol_name)} » dans l'expression {shown(text)}",
            _likely(error.symbol_name, error.suggestion),
        )
    if isinstance(error, rule_engine.AttributeResolutionError):
        return (
            f"attribut inconnu « {visible(error.attribute_name)} » dans l'expression {shown(text)}",
            _likely(error.attribute_name, error.suggestion),
        )
    if isinstance(error, rule_engine.errors.RegexSyntaxError):
        position = getattr(error.error, "pos", None)
        where = f" (position {position + 1} du motif)" if isinstance(position, int) else ""
        return f"expression régulière invalide dans {shown(text)}{where}", None
    if error.message.startswith("data type mismatch"):  # rule-engine checks types as it compiles
        if "is nullable" in error.message:  # held, application&.… or a key a dossier may omit
            target = _nullable_target(text, context) if context is not None else None
            return f"l'expression {shown(text)} {_nullable(error.message, target)}", None
        return f"{_reason(error)} dans l'expression {shown(text)}", None
    return f"l'expression {shown(text)} ne se compile pas : {_reason(error)}", None


def _likely(name: str, suggested: str | None) -> str | None:
    """rule-engine's suggestion for an unknown name, when close enough to be a typo of it: it
    names the nearest symbol however far (« foo » → « open_nonconformity_grades », « xyz » →
    « label »), which sent a plugin author looking for a link that is not there."""
    return suggested if suggested and closest(name, [suggested]) == suggested else None


def _nullable(message: str, target: tuple[str, str] | None = None) -> str:
    """What to write where rule-engine refuses a value that may be null (its words are English);
    `target`: the chain that may be null, read by `.`, and the attribute read on it."""
    if "attribute access target is nullable" in message and target:
        chain, attribute = target
        return (
            f"lit un attribut de {chain}, qui peut être absent (null) : le lire par &. "
            f"({chain}&.{attribute}), et lui donner une valeur par défaut avec ?? s'il le faut"
        )
    if "attribute access target is nullable" in message:
        return (
            "lit un attribut d'un objet qui peut être absent (null), comme held (label non "
            "détenu) ou application hors de la portée application : le lire par &. "
            "(held&.level), et lui donner une valeur par défaut avec ?? s'il le faut"
        )
    if "ordered-comparison operand is nullable" in message:
        return (
            "compare une valeur qui peut être absente (null) : lui donner d'abord une valeur "
            "par défaut avec ?? de son type (un nombre : held&.level ?? 0 ; une date : "
            "application&.submitted ?? as_of)"
        )
    return (
        "emploie une valeur qui peut être absente (null) : lui donner une valeur par défaut "
        "avec ?? ou la lire par &. et &["
    )


def compile_error(
    text: str, error: rule_engine.EngineError, context: rule_engine.Context | None = None
) -> tuple[str, str | None]:
    """Why rule-engine refused `text`, in French, and the symbol it meant when a typo;
    `context`, the one it was compiled against, names a value that may be null."""
    return _compile_error(text, error, context)


_QUOTED = lazy_pattern(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_CHAIN = lazy_pattern(r"(?<![\w.&$])([A-Za-z_]\w*)((?:&?\.[A-Za-z_]\w*)+)")
_STEP = lazy_pattern(r"(&?\.)([A-Za-z_]\w*)")


def _nullable_target(text: str, context: rule_engine.Context) -> tuple[str, str] | None:
    """The chain of `text` read by `.` where it may be null, and the attribute read on it
    (`application.title` and `as_upper` in `application.title.as_upper`), found in the
    context's types: rule-engine's error names none, and its place was blamed on `held` or
    an application outside its scope (the plugin author's audit)."""
    for match in _CHAIN().finditer(_QUOTED().sub("''", text)):
        written, kind = match.group(1), _type_of(context, match.group(1))
        for separator, name in _STEP().findall(match.group(2)):
            if kind is None:
                break
            if separator == "." and hasattr(kind, "inner_type"):  # NULLABLE(...)
                return written, name
            attributes = getattr(getattr(kind, "inner_type", kind), "attributes", None)
            kind = attributes.get(name) if isinstance(attributes, Mapping) else None
            written += separator + name
    return None


def _type_of(context: rule_engine.Context, symbol: str) -> Any:
    try:
        return context.resolve_type(symbol)
    except rule_engine.EngineError:
        return None


def _run_away(expression: ExpressionBase) -> str | None:
    """Why evaluating the expression could take unbounded time or memory, or None."""
    if _depth(expression) > MAX_DEPTH:
        return f"expression trop imbriquée : {MAX_DEPTH} niveaux au plus"
    for node, _parent in _walk(expression, None):
        if (
            isinstance(node, SymbolExpression)
            and node.scope is not None
            and node.name in REFUSED_BUILTINS
        ):
            return REFUSED_BUILTINS[node.name]
        if isinstance(node, AddExpression) and _texts(node):
            # Texts joined in a comprehension double at each level (ten: a dossier's text
            # 1,024 times, 1.6 GB), and a text made so escapes the length a regular
            # expression is tried on (the hardening audit). A condition compares texts.
            return (
                "une expression de profil ne joint pas de textes (+) : elle compare les "
                "valeurs du dossier (==, in, =~ …) telles qu'elles sont"
            )
        if isinstance(node, FuzzyComparisonExpression):
            if not isinstance(node.right, StringExpression):
                return (
                    "le motif d'une expression régulière doit être écrit dans l'expression, entre "
                    "guillemets : lu dans le dossier, il pourrait ne jamais finir de s'appliquer"
                )
            problem = regex_problem(node.right.value, search=node.type.endswith("fzs"))
            if problem:
                return problem
    return None


def _unguarded_lookup(expression: ExpressionBase) -> str | None:
    """Why an element read by `[…]` may make the expression fail on a valid dossier, or None:
    a list the dossier may leave empty (« an absent array means none »), a key a table may
    lack, a position past a text's end. `application.denominations[0]` passed the load check
    and then made every dossier without a denomination « invalide », with no report (the
    fuzzing audit); a guard before it (`….length > 0 and …`) is more than its types say."""
    for node, _parent in _walk(expression, None):
        if isinstance(node, GetItemExpression) and not node.safe:
            key = _literal(node.item.value) if isinstance(node.item, LiteralExpressionBase) else "…"
            container = ".".join(chain(node.container) or ())
            kind = getattr(node.container.result_type, "name", "")
            why = _MAY_LACK.get(kind, "l'élément peut manquer à ce qu'il lit")
            return (
                f"l'expression lit {f'`{container}[{key}]`' if container else f'[{key}]'} : "
                f"{why} ; le lire par {f'`{container}&[{key}]`' if container else f'&[{key}]'}, "
                "qui donne null quand l'élément manque"
            )
    return None


# Why an element read by `[…]` may be lacking, by the type of what it is read from.
_MAY_LACK = {
    "ARRAY": "une liste peut être vide dans un dossier valide (absente, elle n'a aucun élément)",
    "MAPPING": "une table peut ne pas avoir cette clé dans un dossier valide",
    "STRING": "un texte peut être plus court dans un dossier valide",
}


def _texts(node: AddExpression) -> bool:
    """Whether `+` may join texts (or bytes): what rule-engine's types say of its result or
    operands, a type it cannot tell counting as one."""
    kinds = (node.result_type, node.left.result_type, node.right.result_type)
    joined = (rule_engine.DataType.STRING, rule_engine.DataType.BYTES)
    return any(getattr(kind, "inner_type", kind) in joined for kind in kinds) or all(
        kind == rule_engine.DataType.UNDEFINED for kind in kinds
    )


def regex_problem(pattern: str, search: bool = False) -> str | None:
    """Why matching `pattern` (from its start, or anywhere with `search`) against a text of
    MAX_REGEX_SUBJECT characters could backtrack without end, or None. Python's `re`
    backtracks: (a+)+$ against 41 characters takes minutes. Refused: a variable quantifier
    or an alternative inside a repeated group (exponential), back-references, and patterns
    whose quantifiers multiply to more than MAX_REGEX_STEPS tries (polynomial)."""
    try:
        steps = _steps(sre_parser.parse(pattern), repeated=False) * (
            MAX_REGEX_SUBJECT if search else 1
        )
    except _Unbounded as unbounded:
        return f"motif {shown(pattern)} refusé : {unbounded}"
    if steps > MAX_REGEX_STEPS:
        return (
            f"motif {shown(pattern)} refusé : ses quantificateurs variables (*, +, ?, {{m,n}}) pourraient "
            f"demander plus de {_STEPS_SHOWN} essais sur un texte de {MAX_REGEX_SUBJECT} caractères ; "
            f"l'ancrer (=~ plutôt que =~~) ou réduire ses quantificateurs"
        )
    return None


class _Unbounded(Exception):
    """A pattern shape whose backtracking has no useful bound."""


def _steps(items: Any, repeated: bool) -> int:
    """An upper bound of the ways the pattern `items` can be tried at one position."""
    steps = 1
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            if repeated and high != low:
                raise _Unbounded(
                    "un quantificateur variable dans un groupe répété, comme (a+)+ ou (a?)*, "
                    "peut revenir en arrière sans fin"
                )
            steps *= (min(high - low, MAX_REGEX_SUBJECT) + 1) * _steps(body, repeated or high > 1)
        elif op is sre.BRANCH:
            if repeated:
                raise _Unbounded(
                    "une alternative dans un groupe répété, comme (a|aa)*, peut revenir en "
                    "arrière sans fin ; préférer une classe de caractères, [ab]*"
                )
            steps *= sum(_steps(branch, repeated) for branch in av[1])
        elif op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            raise _Unbounded(
                "les références arrière (\\1, (?P=nom), (?(1)…)) ne sont pas acceptées"
            )
        else:
            for sub in _subpatterns(av):
                steps *= _steps(sub, repeated)
    return steps


def _subpatterns(value: Any) -> Iterator[Any]:
    """The sub-patterns inside one parsed item: a group's, a look-around's."""
    if isinstance(value, sre_parser.SubPattern):
        yield value
    elif isinstance(value, (tuple, list)):
        for member in value:
            yield from _subpatterns(member)


def _depth(expression: ExpressionBase) -> int:
    """The levels of the syntax tree, counted without recursion (it is what is checked)."""
    deepest, stack = 0, [(expression, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            stack.extend((child, depth + 1) for child in children(node))
    return deepest


def _has_regex(expression: ExpressionBase) -> bool:
    return any(isinstance(node, FuzzyComparisonExpression) for node, _ in _walk(expression, None))


def _chains(expression: ExpressionBase) -> set[Path]:
    """Every attribute chain the expression reads, whole."""
    return {
        path
        for node, parent in _walk(expression, None)
        if (path := chain(node)) is not None and (parent is None or chain(parent) is None)
    }


def _longest_text(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, Record):
        value = value.fields
    if isinstance(value, Mapping):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return max((_longest_text(v) for v in value), default=0)
    return 0
