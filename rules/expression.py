"""A rule written as a rule-engine expression over the typed context (never `eval`)."""

from __future__ import annotations

from labelcheck.rules.base import Params, RuleKind, Violation


class ExpressionParams(Params):
    # Must be true for the subject to pass (a failing subject gives a finding).
    expression: str
    # The finding's subject; by default the scope's own (document id, criterion ref…).
    subject: str | None = None


class Expression(RuleKind):
    """The rule's expression is true for each subject of its scope."""

    name = "expression"
    summary = "La condition de la règle est vraie pour chaque élément de sa portée."
    scopes = ("dossier", "application", "criterion", "document", "indicator", "nonconformity", "audit")
    message_fields = frozenset({"subject", "ref"})
    Params = ExpressionParams

    def prepare(self, compiler) -> None:
        self.scope = compiler.scope
        self.rule = compiler.expression(self.params.expression, "check.expression")

    def check(self, facts, subject):
        if self.rule.evaluate(facts.values_for(self.scope, subject)):
            return
        if self.scope == "criterion":
            ref = name = facts.criterion_ref(subject)
        elif subject is None or self.scope == "application":
            ref = name = facts.label.id
        else:
            ref = getattr(subject, "ref", None) or facts.label.id
            name = getattr(subject, "id", None) or ref
        name = self.params.subject or name
        yield Violation(name, ref, {"subject": name, "ref": ref})
