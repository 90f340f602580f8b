"""Whether a rule can apply at all under a profile's values of its label's parameters."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from labelcheck.core.context import Record
from labelcheck.core.expressions import chains_read
from labelcheck.rules.base import FromProfile, resolve
from rule_engine.ast import LogicExpression

if TYPE_CHECKING:
    from labelcheck.core.profiles import Profile
    from labelcheck.core.registry import Registry
    from labelcheck.core.ruleset import CompiledRule


@dataclass(frozen=True)
class _Values:
    """What `resolve` reads: the label's parameters under a profile."""

    params: Mapping[str, Any]


def applies_under(rule: CompiledRule, profile: Profile, registry: Registry) -> bool:
    """Whether the rule may find anything under `profile`: not an academy's rule under
    `national` (cli-and-report 1.1), nor one waiting for a parameter value `profile` does
    not give (`parameters_awaited`). The engine leaves the others out of its plans (their
    conditions were read for every subject of 60,000 dossiers, in vain), and `explain` says
    them « non appliquée »."""
    if not profile.applies(rule.spec.source.nature, rule.spec.source.academies, rule.id):
        return False
    label = rule.spec.label
    if label not in registry.labels or not rule.parameters_read:
        return True  # most rules: nothing to wait for (their conditions were walked at start)
    return not parameters_awaited(rule, profile.params(registry, label))


def parameters_awaited(rule: CompiledRule, params: Mapping[str, Any]) -> list[str]:
    """The label parameters one of which the profile must set otherwise for the rule to ever
    find anything, when under `params` (the label's values under the profile) it cannot; empty
    when it can. An academy's requirement the national texts leave unset (an audit calendar,
    a deadline) is off until a profile gives its value: a `[[severity]]` raising it under a
    profile that does not would be said to block and never apply (the profile author's
    audit). Two ways a rule waits, whatever its label: its `when` holds a condition on the
    parameters alone that they make false (`params.x != null and …`), or its kind checks
    nothing while the check's parameters it needs are unset (`RuleKind.checks_nothing_without`)."""
    return _awaited_by_when(rule, params) or _awaited_by_check(rule, params)


def _awaited_by_when(rule: CompiledRule, params: Mapping[str, Any]) -> list[str]:
    if rule.when is None:
        return []
    values = {"params": Record(dict(params))}
    for condition in _conjuncts(rule.when.rule.statement.expression):
        names = _parameters_only(condition)
        if names and not condition.evaluate(values):
            return names
    return []


def _awaited_by_check(rule: CompiledRule, params: Mapping[str, Any]) -> list[str]:
    needed = type(rule.kind).checks_nothing_without
    settings = [getattr(rule.kind.params, name, None) for name in sorted(needed)]
    if not settings or any(resolve(s, _Values(params)) is not None for s in settings):
        return []
    return list(dict.fromkeys(s.param for s in settings if isinstance(s, FromProfile)))


def _conjuncts(node: Any) -> Iterator[Any]:
    """The conditions a `a and (b and c)` holds only if each holds: a, b, c."""
    if isinstance(node, LogicExpression) and node.type == "and":
        yield from _conjuncts(node.left)
        yield from _conjuncts(node.right)
    else:
        yield node


def _parameters_only(node: Any) -> list[str]:
    """The parameters a condition reads, when it reads nothing else (no dossier value, no
    built-in such as `$now`); empty otherwise."""
    reads = chains_read(node)
    if reads is None:
        return []
    paths = sorted(reads[0] | reads[1])
    if not paths or any(path[0] != "params" or len(path) < 2 for path in paths):
        return []
    return list(dict.fromkeys(path[1] for path in paths))
