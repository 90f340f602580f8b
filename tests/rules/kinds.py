"""The table-driven idiom of the rule-kind tests: a case names a dossier, a rule and the findings.

Each test module of tests/rules/ checks one module of rules/: its rules are in
`fixtures/<module>/rules.toml` (one label's, one `[[rules]]` per behaviour), its
dossiers next to them. An engine is built with those rules only, so that a
finding can come from nothing else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from labelcheck.core.engine import Engine
from labelcheck.core.registry import Registry
from labelcheck.core.report import Finding
from labelcheck.core.ruleset import CompiledRule, compile_rule_file

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Case:
    """Dossier `dossier` judged by rule `rule` gives findings on `subjects` (none: the rule is met)."""

    id: str
    rule: str
    dossier: str
    subjects: tuple[str, ...] = ()
    profile: str | None = None  # a profile file of the module's fixtures, else `national`
    as_of: str | None = None


def cases(*table: Case) -> pytest.MarkDecorator:
    """`@cases(Case(...), ...)`: one test per case, named by its id."""
    return pytest.mark.parametrize("case", table, ids=[c.id for c in table])


def compiled(registry: Registry, module: str) -> list[CompiledRule]:
    """The rules of `fixtures/<module>/rules.toml`; they must compile without error."""
    path = FIXTURES / module / "rules.toml"
    rules, errors = compile_rule_file(registry, str(path), path.read_text("utf-8"))
    assert errors == [], "\n".join(map(str, errors))
    return rules


def findings(
    engine: Callable[..., Engine], registry: Registry, module: str, case: Case
) -> list[Finding]:
    """The findings of rule `case.rule` on the case's dossier, the module's rules alone loaded
    (the rule file's label is the one judged)."""
    folder = FIXTURES / module
    profile = str(folder / case.profile) if case.profile else None
    rules = compiled(registry, module)
    only_these = dataclasses.replace(engine(profile, case.as_of), rules=rules)
    result = only_these.evaluate_path(folder / case.dossier)
    assert not result.errors, "\n".join(map(str, result.errors))
    assert result.internal_error is None, result.internal_error
    label = next(label for label in result.labels if label.label == rules[0].spec.label)
    return [f for f in label.findings if f.rule == case.rule]


def check(
    engine: Callable[..., Engine], registry: Registry, module: str, case: Case
) -> Sequence[Finding]:
    """Assert the case's findings are on the subjects it names, in any order; return them."""
    found = findings(engine, registry, module, case)
    assert sorted(f.subject for f in found) == sorted(case.subjects), [f.message for f in found]
    return found
