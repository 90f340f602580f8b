"""A rule written as a rule-engine expression over the typed context (never `eval`)."""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

from labelcheck.core.scopes import SCOPES
from labelcheck.rules.base import Params, RuleKind, Violation
from pydantic import Field


class ExpressionParams(Params):
    expression: str = Field(
        description="A rule-engine expression over the scope's symbols; a subject for which it is "
        "false gives a finding. Compiled when the rules load: an unknown symbol is an error."
    )
    subject: str | None = Field(
        None,
        description="The finding's subject; by default the scope's own (document id, criterion ref…).",
    )


class Expression(RuleKind):
    """The rule's expression is true for each subject of its scope.

    Scopes: any (`dossier`, `application`, `criterion`, `document`, `indicator`,
    `action`, `nonconformity`, `audit`); the expression sees that scope's symbols.
    """

    name = "expression"
    summary = "La condition de la règle est vraie pour chaque élément de sa portée."
    scopes = SCOPES
    message_fields = frozenset({"subject", "ref"})
    Params = ExpressionParams
    params: ExpressionParams

    def prepare(self, compiler) -> None:
        self.scope = compiler.scope
        self.rule = compiler.expression(self.params.expression, "check.expression")

    def check(self, facts, subject):
        if self.rule.evaluate(facts.values_for(self.scope, subject, self.rule.symbols)):
            return
        if self.scope == "criterion":
            ref = name = facts.criterion_ref(subject)
        elif self.scope == "action":  # filed under the criterion it serves, named by its id
            ref, name = facts.action_ref(subject), subject.id
        elif subject is None or self.scope == "application":
            ref = name = facts.label.id
        else:
            ref = getattr(subject, "ref", None) or facts.label.id
            name = getattr(subject, "id", None) or ref
        name = self.params.subject or name
        yield Violation(name, ref, {"subject": name, "ref": ref})
