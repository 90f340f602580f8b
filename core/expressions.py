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

Measured (bench/README.md): rule-engine took a fifth of a four-label
evaluation, most of it re-evaluating the same conditions dossier after dossier.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import rule_engine
from labelcheck.core.context import Record
from rule_engine.ast import (
    ComparisonExpression,
    ExpressionBase,
    GetAttributeExpression,
    NullExpression,
    SymbolExpression,
)

Path = tuple[str, ...]
MAX_REMEMBERED = 256  # results per expression; beyond, it starts afresh, so memory stays flat
# (conditions on kinds and types have a few dozen keys; those on dates hardly repeat)


class CompiledExpression:
    """A rule-engine `Rule` with its results remembered by the values it reads."""

    __slots__ = ("rule", "reads", "null_tests", "_results")

    def __init__(self, rule: rule_engine.Rule):
        self.rule = rule
        reads = _reads(rule.statement.expression)
        # None: something read is not a plain value (a built-in symbol): never remembered.
        self.reads: tuple[Path, ...] | None = None if reads is None else tuple(sorted(reads[0]))
        self.null_tests: tuple[Path, ...] = () if reads is None else tuple(sorted(reads[1]))
        self._results: dict[tuple, Any] = {}

    @property
    def text(self) -> str:
        return self.rule.text

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        if self.reads is None:
            return self.rule.evaluate(values)
        key = self.key(values)
        try:
            return self._results[key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key: evaluated, not remembered
            return self.rule.evaluate(values)
        result = self.rule.evaluate(values)
        if len(self._results) >= MAX_REMEMBERED:
            self._results.clear()
        self._results[key] = result
        return result

    def key(self, values: Mapping[str, Any]) -> tuple:
        """What the expression reads in `values`: each chain's value (with its type),
        and for chains only compared with null, whether they are null."""
        return (tuple(_frozen(_follow(values, path)) for path in self.reads),
                tuple(_follow(values, path) is None for path in self.null_tests))


def _follow(values: Mapping[str, Any], path: Path) -> Any:
    """The value at the end of an attribute chain; where the chain leaves the records
    (an array's `length`, a date's `year`), the value it leaves from, which decides the rest."""
    value = values.get(path[0])
    for name in path[1:]:
        if not isinstance(value, Record):
            return value
        value = value.fields.get(name)
    return value


def _frozen(value: Any) -> Any:
    if value is None or type(value) is str:
        return value  # equal to nothing but themselves
    if isinstance(value, Record):
        return (Record, tuple((k, _frozen(v)) for k, v in sorted(value.fields.items())))
    if isinstance(value, (list, tuple)):
        return (tuple, tuple(_frozen(v) for v in value))
    if isinstance(value, Mapping):
        return (dict, tuple((k, _frozen(v)) for k, v in sorted(value.items())))
    return (type(value), value)


# -- what an expression reads ----------------------------------------------------------

def _reads(expression: ExpressionBase) -> tuple[set[Path], set[Path]] | None:
    """The attribute chains the expression reads, and those it only compares with null;
    None if it reads anything else than the values it is given (a built-in like `$now`)."""
    reads: set[Path] = set()
    null_tests: set[Path] = set()
    for node, parent in _walk(expression, None):
        if isinstance(node, SymbolExpression) and node.scope is not None:
            return None  # `$now`, `$today`, built-in functions
        path = _chain(node)
        if path is None or (parent is not None and _chain(parent) is not None):
            continue  # not a chain, or part of a longer one
        if isinstance(parent, ComparisonExpression) and parent.type in ("eq", "ne") and any(
                isinstance(side, NullExpression) for side in (parent.left, parent.right)):
            null_tests.add(path)
        else:
            reads.add(path)
    return reads, null_tests - reads


def _chain(node: Any) -> Path | None:
    """`application.level` -> ('application', 'level'); None for anything but a chain of names."""
    if isinstance(node, SymbolExpression):
        return (node.name,)
    if isinstance(node, GetAttributeExpression):
        parent = _chain(node.object)
        return None if parent is None else (*parent, node.name)
    return None


def _walk(node: Any, parent: Any) -> Iterator[tuple[Any, Any]]:
    """Every expression node under `node`, with its parent, whatever the node class."""
    yield node, parent
    for child in _children(node):
        yield from _walk(child, node)


def _children(node: Any) -> Iterator[Any]:
    names = {name for cls in type(node).__mro__ for name in getattr(cls, "__slots__", ())}
    names |= set(getattr(node, "__dict__", {}))
    for name in sorted(names - {"context"}):
        value = getattr(node, name, None)
        if isinstance(value, ExpressionBase):
            yield value
        elif isinstance(value, (tuple, list)):
            for member in value:
                if isinstance(member, ExpressionBase):
                    yield member
                elif isinstance(member, tuple):  # a mapping literal's (key, value) pairs
                    yield from (m for m in member if isinstance(m, ExpressionBase))
