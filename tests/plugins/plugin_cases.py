"""The table-driven idiom of the label plugins' tests: each rule, a dossier meeting it and one breaking it.

The plugin-level twin of tests/rules/kinds.py. A test module of tests/plugins/
declares its label (`Plugin`: id, the day its dossiers are judged) and one
`Case` per rule of that label; `@cases` makes one test per case. Dossiers are
judged with every installed plugin loaded, as in production, so a case names
the other rules its dossiers are known to break (`also`): any rule not named
there shows, and so does a fixture breaking the rule for another reason.
Tests that check a message, a date or a verdict stay beside the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from labelcheck.core.registry import Registry
from labelcheck.core.report import DossierResult, Finding, LabelResult
from labelcheck.core.ruleset import load_rules
from support import findings_of

FIXTURES = Path(__file__).parent / "fixtures"

Evaluate = Callable[..., DossierResult]  # conftest's `evaluate(path, profile=None, as_of=None)`
# A label whose dossiers are each judged on the day of their application's audit, the
# engine's default: no day is given (kept a string so that a label's day stays one).
AUDIT_DAY = ""


@dataclass(frozen=True)
class Case:
    """Rule `rule` is met by dossier `passing` and broken by `failing`.

    Both are judged under `profile` (see `Plugin.result`) on `as_of` (else the plugin's
    day); for a rule that depends on the date or on the profile, the failing dossier may
    be judged on another day (`failing_as_of`) or under another profile (`failing_profile`).
    Where the finding itself matters, `severity`, `subject`, `ref` and `kind` are what one of
    the rule's findings on the failing dossier must carry, each checked when given."""

    rule: str
    passing: str
    failing: str
    profile: str | None = None
    as_of: str | None = None
    failing_as_of: str | None = None
    failing_profile: str | None = None
    also: tuple[str, ...] = ()  # other rules these dossiers may break, named so that no other does
    severity: str | None = None
    subject: str | None = None
    ref: str | None = None
    kind: str | None = None  # the finding's kind, as reports give it

    @property
    def id(self) -> str:
        """The rule, and what sets the case apart from another of the same rule."""
        when = f"@{self.failing_as_of}" if self.failing_as_of else ""
        profiles = (self.profile, self.failing_profile)
        under = "".join(f"[{Path(p).stem}]" for p in profiles if p)
        return f"{self.rule}{when}{under}"

    @property
    def dossiers(self) -> str:
        """The passing and failing dossiers, and the day the passing one is judged if given."""
        day = f"@{self.as_of}" if self.as_of else ""
        return f"{Path(self.passing).stem}>{Path(self.failing).stem}{day}"

    def expected(self, finding: Finding) -> bool:
        """Whether a finding carries the severity, subject, ref and kind the case expects, of those it gives."""
        wanted = {
            "severity": self.severity,
            "subject": self.subject,
            "ref": self.ref,
            "kind": self.kind,
        }
        return all(getattr(finding, k) == v for k, v in wanted.items() if v is not None)


def cases(*table: Case) -> pytest.MarkDecorator:
    """`@cases(*CASES)`: one test per case, named by its id, and where several cases share
    an id (a rule met and broken in more than one way), by its dossiers and day too."""
    ids = [c.id for c in table]
    unique = [
        i if ids.count(i) == 1 else f"{i}:{c.dossiers}" for i, c in zip(ids, table, strict=True)
    ]
    return pytest.mark.parametrize("case", table, ids=unique)


@dataclass(frozen=True)
class Plugin:
    """A label under test: its id (its fixtures are in `fixtures/<id>/`) and the day its
    dossiers are judged unless a case or test says otherwise (or `AUDIT_DAY`)."""

    label: str
    as_of: str

    @property
    def fixtures(self) -> Path:
        return FIXTURES / self.label

    def result(
        self, evaluate: Evaluate, dossier: str, profile: str | None = None, as_of: str | None = None
    ) -> LabelResult:
        """The label's result for one of its fixtures (the dossier must be valid).

        A profile ending in .toml is a file of the label's fixtures; any other is a
        profile the plugins ship (`national`, an academy's)."""
        chosen = str(self.fixtures / profile) if profile and profile.endswith(".toml") else profile
        result = evaluate(
            self.fixtures / dossier, profile=chosen, as_of=as_of or self.as_of or None
        )
        assert not result.errors, "\n".join(map(str, result.errors))
        assert result.internal_error is None, result.internal_error
        return next(label for label in result.labels if label.label == self.label)


def rules_broken(label: LabelResult, case: Case) -> set[str]:
    """The rules a dossier breaks, but those the case says it may."""
    return {f.rule for f in label.findings} - set(case.also)


def check_met(evaluate: Evaluate, plugin: Plugin, case: Case) -> None:
    """The passing dossier breaks no rule, but those the case names."""
    label = plugin.result(evaluate, case.passing, case.profile, case.as_of)
    assert rules_broken(label, case) == set(), [f"{f.rule}: {f.message}" for f in label.findings]


def check_broken(evaluate: Evaluate, plugin: Plugin, case: Case) -> None:
    """The failing dossier breaks the case's rule, and no other but those the case names."""
    assert case.rule not in case.also
    as_of = case.failing_as_of or case.as_of
    profile = case.failing_profile or case.profile
    label = plugin.result(evaluate, case.failing, profile, as_of)
    assert rules_broken(label, case) == {case.rule}, [
        f"{f.rule}: {f.message}" for f in label.findings
    ]
    found = [f for f in label.findings if f.rule == case.rule]
    assert any(case.expected(f) for f in found), [(f.severity, f.subject, f.ref) for f in found]


def check_academy_rule(
    evaluate: Evaluate,
    plugin: Plugin,
    dossier: str,
    rule: str,
    profile: str | None,
    severity: str,
    verdict: str | None = None,
) -> None:
    """An academy's rule on one of the plugin's fixtures under `profile`: its one finding, of
    nature academy, at `severity` (cli-and-report 1.1: it blocks only under the profile of
    the academy that decided it, which raises it); and the label's verdict, if given."""
    label = plugin.result(evaluate, dossier, profile)
    [finding] = findings_of(label, rule)
    assert (finding.nature, finding.severity) == ("academy", severity)
    if verdict is not None:
        assert label.verdict == verdict


def check_academy_rule_not_applied(
    evaluate: Evaluate,
    plugin: Plugin,
    dossier: str,
    rule: str,
    profile: str | None,
    verdict: str | None = None,
) -> None:
    """An academy's rule switched off under `profile` (by a parameter only its own academy's
    profile sets): no finding of it at all, and the label's verdict, if given."""
    label = plugin.result(evaluate, dossier, profile)
    assert not findings_of(label, rule)
    if verdict is not None:
        assert label.verdict == verdict


def check_every_rule_has_a_case(registry: Registry, plugin: Plugin, table: Sequence[Case]) -> None:
    """Each rule of the label has a case, and each case a rule of the label."""
    rules, errors = load_rules(registry)
    assert errors == [], "\n".join(map(str, errors))
    assert {r.id for r in rules if r.spec.label == plugin.label} == {c.rule for c in table}
