"""A rule written as a rule-engine expression over the typed context (never `eval`)."""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import rule_engine
from labelcheck.core import french
from labelcheck.core.errors import closest, listing
from labelcheck.core.expressions import chain
from labelcheck.core.scopes import SCOPES
from labelcheck.rules.base import Params, RuleKind, Violation
from pydantic import Field, field_validator
from rule_engine.ast import ComprehensionExpression

# The finding kinds the report contract names (cli-and-report, « JSON report »): what an
# expression rule checks may be one of them (a fiche's delay passed is a `deadline`), or the
# kind of findings of any rule kind installed (`dated-later`, a plugin's own).
CONTRACT_KINDS = (
    "required-document",
    "indicator-per-criterion",
    "open-nonconformity",
    "equivalence",
    "title",
    "eligibility",
    "validity",
    "deadline",
    "reference",
    "audit-team",
    "expression",
)

# A value's name, as a message's `{name}` writes it (core/ruleset.py's placeholders).
_FIELD_NAME = re.compile(r"[a-z_]+")


class ExpressionParams(Params):
    expression: str = Field(
        description="A rule-engine expression over the scope's symbols; a subject for which it is "
        "false gives a finding. Compiled when the rules load: an unknown symbol is an error."
    )
    subject: str | None = Field(
        None,
        description="The finding's subject; by default the scope's own (document id, criterion ref…).",
    )
    values: dict[str, str] = Field(
        default_factory=dict,
        description="Fields the rule's message and remedy may name, `{name}`: each a rule-engine "
        "expression over the scope's symbols, evaluated for a subject that fails the check and "
        "said in words (a list in order as « a, b et c », a date as 05/06/2026, a code of the format "
        "with its French, document types by their titles). Names in lower case, other than "
        "`subject` and `ref`.",
    )

    reports_as: str | None = Field(
        None,
        description="The findings' `kind` in reports when the rule checks what one of the "
        "contract's kinds names (`deadline` for a date passed…), or another rule kind's "
        "findings do; by default `expression`. Programs filter findings by kind without "
        "parsing messages.",
    )

    due: str | None = Field(
        None,
        description="The date the finding is due by (« À faire », and the échéancier's step of "
        "that day reads late): a rule-engine expression over the scope's symbols giving a "
        "date, evaluated for a subject that fails the check; null: no date.",
    )

    @field_validator("values")
    @classmethod
    def _named_as_fields(cls, values: dict[str, str]) -> dict[str, str]:
        for name in values:
            if not _FIELD_NAME.fullmatch(name):
                raise ValueError(
                    f"nom de valeur {french.quoted(name)} : un champ de message s'écrit en "
                    "minuscules et _ (beyond, missing_categories)"
                )
            if name in Expression.message_fields:
                raise ValueError(
                    f"nom de valeur {french.quoted(name)} : le contrôle donne déjà ce champ"
                )
        return values


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

    @classmethod
    def fields_for(cls, check: Mapping[str, Any], scope: str) -> frozenset[str]:
        values = check.get("values")  # as written: its keys are TOML's, texts
        return cls.message_fields | (values.keys() if isinstance(values, dict) else set())

    def findings_kind(self) -> str:
        return self.params.reports_as or self.reported_kind()

    def prepare(self, compiler) -> None:
        self.scope = compiler.scope
        self._kind_known(compiler)
        self.rule = compiler.expression(self.params.expression, "check.expression")
        # Compiled as the rule loads, evaluated only for a subject that fails the check.
        self.values = {
            name: compiler.expression(text, f"check.values.{name}", condition=False)
            for name, text in self.params.values.items()
        }
        self.due = self._due_expression(compiler) if self.params.due else None
        # The values giving document types, said by their titles as the required-document
        # rule names them (« pièces jointes : egalite-diagnostic » said the id, the plugin
        # author's audit); the titles are the registry's the rule is compiled against.
        self.typed = frozenset(
            name
            for name, value in self.values.items()
            if value is not None and _gives_document_types(value.rule.statement.expression)
        )
        self.type_words = (
            {
                doc_type.id: french.in_sentence(doc_type.title)
                for doc_type in compiler.registry.document_types.values()
            }
            if self.typed
            else {}
        )

    def _kind_known(self, compiler) -> None:
        """`reports_as` names a kind of findings programs know: the contract's, or one a rule
        kind installed reports."""
        kind = self.params.reports_as
        known = sorted(
            {*CONTRACT_KINDS, *(k.reported_kind() for k in compiler.registry.rule_kinds.values())}
        )
        if kind is not None and kind not in known:
            compiler.error(
                "check.reports_as",
                listing(f"type de constat {french.quoted(kind)} inconnu", known, "types possibles"),
                closest(kind, known),
            )

    def _due_expression(self, compiler):
        """`due`, refused as the rule loads unless it gives a date: a finding's date is one."""
        due = compiler.expression(self.params.due, "check.due", condition=False)
        if due is None:
            return None
        kind = due.rule.statement.expression.result_type
        kind = getattr(kind, "inner_type", kind)  # a date that may be null is a date
        if kind not in (rule_engine.DataType.DATETIME, rule_engine.DataType.UNDEFINED):
            compiler.error(
                "check.due",
                f"l'expression {french.quoted(self.params.due)} ne donne pas une date, "
                "qu'une échéance demande : (nonconformity.audit_date ?? nonconformity.raised) "
                "+ $parse_timedelta('P20D')",
            )
            return None
        return due

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
        fields = {"subject": name, "ref": ref}
        if self.values:  # most expression rules name none
            fields.update(self._said(facts, subject))
        yield Violation(name, ref, fields, due=self._due(facts, subject))

    def _due(self, facts, subject) -> dt.date | None:
        """The date `due` gives this failing subject; None without `due`, or if it is null."""
        if self.due is None:
            return None
        value = self.due.evaluate(facts.values_for(self.scope, subject, self.due.symbols))
        return dt.date(value.year, value.month, value.day) if isinstance(value, dt.date) else None

    def _said(self, facts, subject) -> dict[str, str]:
        """The rule's `values` for this subject, in words."""
        return {
            name: french.said(
                value.evaluate(facts.values_for(self.scope, subject, value.symbols)),
                self.type_words if name in self.typed else None,
            )
            for name, value in self.values.items()
            if value is not None
        }


def _gives_document_types(expression: Any) -> bool:
    """Whether a value's expression gives document types: `document.type`, `document_types`,
    or those of them a comprehension keeps (`[t for t in document_types if …]`)."""
    if chain(expression) in (("document_types",), ("document", "type")):
        return True
    return (
        isinstance(expression, ComprehensionExpression)
        and chain(expression.result) == (expression.variable,)
        and _gives_document_types(expression.iterable)
    )
