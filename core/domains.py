"""The values a text of the dossier can take, as an expression reads it: a literal compared
with a chain that can never hold it is a typo that switches its rule off without a word.

`application.type == 'initiale'` compiles (both sides are texts) and is false for every
dossier, so the rule it guards never reports anything; `!=` would make it always hold. The
values come from the dossier format (an establishment's kinds, application types, a fiche's
statuses) and from what the labels declare (their grades, document types, the choices of
the keys they add): the core knows no label's values of its own.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from typing import Any

from labelcheck.core import french
from labelcheck.core.dossier import (
    ApplicationType,
    Category,
    Establishment,
    Indicator,
    Nonconformity,
    Partner,
)
from labelcheck.core.errors import closest, listing
from labelcheck.core.expressions import chain as _chain
from labelcheck.core.expressions import children
from labelcheck.core.visible import visible
from rule_engine.ast import (
    ArrayExpression,
    CoalesceExpression,
    ComparisonExpression,
    ComprehensionExpression,
    ContainsExpression,
    ExpressionBase,
    FloatExpression,
    StringExpression,
)

Path = tuple[str, ...]
Domains = Mapping[Path, frozenset[str]]


def _literal(model: Any, field: str) -> frozenset[str]:
    """The values of a `Literal[...]` field of the dossier model (`None` left out, an
    optional one's too)."""
    return frozenset(_texts_of(model.model_fields[field].annotation))


def _texts_of(annotation: Any) -> Iterator[str]:
    for argument in typing.get_args(annotation):
        if isinstance(argument, str):
            yield argument
        else:  # `Literal[...] | None`
            yield from _texts_of(argument)


# The format's four application types, not only a label's: `application.type != 'follow-up'`
# in a label without follow-up audits is a guard copied from another, harmless; a misspelt
# type never is.
_TYPES = frozenset(typing.get_args(ApplicationType))
# The format's own: whatever the label.
_FORMAT: dict[Path, frozenset[str]] = {
    ("application", "type"): _TYPES,
    ("audit", "type"): _TYPES,
    ("nonconformity", "audit_type"): _TYPES,
    ("establishment", "kind"): _literal(Establishment, "kind"),
    ("establishment", "sector"): _literal(Establishment, "sector"),
    ("nonconformity", "status"): _literal(Nonconformity, "status"),
    ("indicator", "direction"): _literal(Indicator, "direction"),
}
# Lists of texts, by the values of their members.
_FORMAT_MEMBERS: dict[Path, frozenset[str]] = {
    ("partner_kinds",): _literal(Partner, "kind"),
    ("application", "categories"): frozenset(typing.get_args(Category)),
    ("held", "categories"): frozenset(typing.get_args(Category)),
}


def domains(registry: Any, label: str) -> tuple[Domains, Domains]:
    """For a rule of `label` (or of every label, `*`): the values of each text chain, and of
    the members of each list of texts."""
    specs = [registry.labels[label]] if label in registry.labels else list(registry.labels.values())
    labels = frozenset(registry.labels)
    documents = frozenset(registry.document_types)
    grades = frozenset(g for spec in specs for g in spec.nonconformity_grades)
    scalars: dict[Path, frozenset[str]] = {
        **_FORMAT,
        ("label",): labels,
        ("application", "label"): labels,
        ("held", "label"): labels,
        ("audit", "label"): labels,
        ("nonconformity", "grade"): grades,
        ("document", "type"): documents,
    }
    if all(not spec.max_extra_criteria for spec in specs):
        # A criterion's ref, where no academy may add one: `criterion.ref == 'egalite:9'` on a
        # label of three criteria never holds (an added criterion's is not known here).
        scalars["criterion", "ref"] = frozenset(
            f"{spec.id}:{criterion.number}" for spec in specs for criterion in spec.criteria
        )
        # `criterion.number == 9`, the guide's own form, on a label of four criteria: never
        # holds either (the plugin author's audit: the ref was checked, the number not).
        scalars["criterion", "number"] = frozenset(
            str(criterion.number) for spec in specs for criterion in spec.criteria
        )
    for spec in specs:
        for entry, keys in spec.new_keys.items():
            symbol = "application" if entry == "applications" else entry
            for name, key in keys.items():
                if key.type == "choice":
                    path = (symbol, name)
                    scalars[path] = scalars.get(path, frozenset()) | frozenset(key.values)
    members: dict[Path, frozenset[str]] = {
        **_FORMAT_MEMBERS,
        ("document_types",): documents,
        ("open_nonconformity_grades",): grades,
        ("audit", "finding_grades"): frozenset(g for spec in specs for g in spec.audit_grades),
    }
    return scalars, members


def never_holding(
    registry: Any, label: str, expression: ExpressionBase, text: str
) -> list[tuple[str, str | None]]:
    """The error, in French with the value it most likely meant, of each text literal that
    `expression` (written `text`, in a rule or condition of `label`) compares with a chain
    that cannot hold it: rules and profiles' conditions are checked alike."""
    scalars, members = domains(registry, label)
    own = _label_types(registry, label)
    return [
        _never_holds(chain, literal, values, text, own.get(tuple(chain.split("."))))
        for chain, literal, values in _visit(expression, scalars, members)
    ] + [
        _not_the_labels(chain, literal, values, text, label)
        for chain, literal, values in _visit_equal(expression, own)
    ]


# Chains whose values are the application types of the label the rule is for.
_TYPED_CHAINS = (("application", "type"), ("audit", "type"))


def _label_types(registry: Any, label: str) -> Domains:
    """A label's own application types, for an equality: `application.type == 'surveillance'`
    in a label without surveillance audits holds for no dossier, so its rule never reports
    anything (a `!=` copied from another label stays harmless: it always holds)."""
    spec = registry.labels.get(label)
    if spec is None:  # a rule of every label: any of the format's types may be meant
        return {}
    types = frozenset(spec.application_types)
    return {chain: types for chain in _TYPED_CHAINS}


def _visit_equal(node: Any, types: Domains) -> Iterator:
    """Each text literal under `node` that an `==` or an `in` asks of a typed chain when the
    label has no such type (one the format does not know is `_visit`'s)."""
    if not types:
        return
    if isinstance(node, ComparisonExpression) and node.type == "eq":
        for side, other in ((node.left, node.right), (node.right, node.left)):
            yield from _known(_chain(side), _texts(other), types)
    elif isinstance(node, ContainsExpression):
        # `application.type in ['initial', 'surveillance']`: one of the label's types among
        # them, the condition still holds for some dossiers (a list shared between labels).
        literals = _texts(node.container, array=True)
        found = list(_known(_chain(node.member), literals, types))
        if len(found) == len(literals):
            yield from found
    for child in children(node):
        yield from _visit_equal(child, types)


def _known(chain: Path | None, literals: list[str], types: Domains) -> Iterator:
    values = _values(types, chain)
    if chain is None or values is None:
        return
    for literal in literals:
        if literal not in values and literal in _TYPES:
            yield ".".join(chain), literal, values


def _not_the_labels(
    chain: str, literal: str, values: frozenset[str], text: str, label: str
) -> tuple[str, str | None]:
    """The error of a type the format knows and the label does not: no value to suggest."""
    return (
        listing(
            f"le label {label} n'a pas de candidature ni d'audit de type "
            f"{french.quoted(literal)} ({chain}) : la condition {french.quoted(visible(text))} "
            "n'est vraie pour aucun dossier et la règle ne signalerait jamais rien",
            sorted(values),
            "types du label (application_types)",
        ),
        None,
    )


def _never_holds(
    chain: str,
    literal: str,
    values: frozenset[str],
    text: str,
    label_types: frozenset[str] | None = None,
) -> tuple[str, str | None]:
    """The error of such a literal, in French, and the value it most likely meant. A type of
    one label's application (`label_types`) is meant among that label's types: listing the
    format's four (« follow-up, …, surveillance ») offered types the label has not (guide
    § 9, the plugin author's audit)."""
    said = (
        f"{chain} ne vaut jamais {french.quoted(visible(literal))} : la condition "
        f"{french.quoted(visible(text))} ne dépend pas du dossier sur ce point"
    )
    if label_types:
        message = listing(said, sorted(label_types), "types du label (application_types)")
        return message, closest(literal, label_types) or closest(literal, values)
    return listing(said, sorted(values)), closest(literal, values)


def _visit(node: Any, scalars: Domains, members: Domains) -> Iterator:
    """Each text literal under `node` compared with a chain that cannot hold it: (chain,
    literal, values)."""
    if isinstance(node, ComprehensionExpression):
        # Within it, the variable stands for a member of the list it runs over.
        iterated = _values(members, _chain(node.iterable))
        if iterated is not None:
            scalars = {**scalars, (node.variable,): iterated}
        elif (node.variable,) in scalars:  # shadows a symbol of the same name
            scalars = {k: v for k, v in scalars.items() if k != (node.variable,)}
    if isinstance(node, ComparisonExpression) and node.type in ("eq", "ne"):
        for side, other in ((node.left, node.right), (node.right, node.left)):
            yield from _against(side, _texts(other), scalars)
    elif isinstance(node, ContainsExpression):
        yield from _against(node.member, _texts(node.container, array=True), scalars)
        chain = _chain(node.container)
        values = _values(members, chain)
        if chain and values:
            yield from _outside(chain, _texts(node.member), values)
    for child in children(node):
        yield from _visit(child, scalars, members)


def _against(side: Any, literals: list[str], scalars: Domains) -> Iterator:
    """`side` compared with `literals`: a chain, or a chain with a default (`?? 'x'`)."""
    if not literals:
        return
    chain = _chain(side.left if isinstance(side, CoalesceExpression) else side)
    values = _values(scalars, chain)
    if chain is None or not values:
        return
    if isinstance(side, CoalesceExpression):
        # A default standing for the chain: one it cannot hold is a typo (`?? 'inital'`),
        # but for '', the guide's « no value » (`application&.type ?? ''`), refused as
        # « application.type ne vaut jamais «  » » (the plugin author's audit).
        yield from _outside(chain, [t for t in _texts(side.right) if t], values)
    yield from _outside(chain, literals, values)


def _values(domains: Domains, chain: Path | None) -> frozenset[str] | None:
    return None if chain is None else domains.get(chain)


def _outside(chain: Path, literals: list[str], values: frozenset[str]) -> Iterator:
    for literal in literals:
        if literal not in values:
            yield ".".join(chain), literal, values


def _texts(node: Any, array: bool = False) -> list[str]:
    """The text literal `node` is, or with `array` the text literals an array literal holds; a
    whole number's literal as its digits (a criterion's number)."""
    if isinstance(node, StringExpression):
        return [node.value]
    if isinstance(node, FloatExpression) and node.value == node.value.to_integral_value():
        return [str(int(node.value))]
    if array and isinstance(node, ArrayExpression):
        return [
            text
            for member in node.value
            for text in ([member] if isinstance(member, str) else _texts(member))
        ]
    return []


# Types an equality can compare and find equal only when both sides have the same one.
_SCALARS = {
    "STRING": "un texte",
    "FLOAT": "un nombre",
    "DATETIME": "une date",
    "BOOLEAN": "un booléen",
}


def mismatched_equalities(expression: ExpressionBase, text: str) -> list[str]:
    """The error, in French, of each `==` or `!=` comparing two sides of different types
    (`criterion.number == '2'`: a number and a text): rule-engine compiles it, and it never
    holds (`!=`: always), switching its rule off without a word, as a misspelt text does."""
    return [
        f"{_shown(node.left)} est {_SCALARS[left]} et {_shown(node.right)} {_SCALARS[right]} : "
        f"la condition {french.quoted(visible(text))} ne dépend pas du dossier sur ce point ; "
        "comparer deux valeurs du même type (2, pas '2')"
        for node, left, right in _equalities(expression)
    ]


def _equalities(node: Any) -> Iterator[tuple[Any, str, str]]:
    if isinstance(node, ComparisonExpression) and node.type in ("eq", "ne"):
        left, right = _scalar(node.left), _scalar(node.right)
        if left and right and left != right:
            yield node, left, right
    for child in children(node):
        yield from _equalities(child)


def _scalar(node: Any) -> str | None:
    """The side's type, when it is one of a single value known as the rule compiles."""
    kind = getattr(node, "result_type", None)
    kind = getattr(kind, "inner_type", kind)  # a value that may be null: the type it has
    name = getattr(kind, "name", None)
    return name if name in _SCALARS else None


def _shown(node: Any) -> str:
    """A side as written, near enough: a chain or a literal, quoted; else what it is."""
    chain = _chain(node)
    if chain:
        return french.quoted(visible(".".join(chain)))
    if isinstance(node, StringExpression):
        return french.quoted(visible(repr(node.value)))
    value = getattr(node, "value", None)
    return french.quoted(str(value)) if value is not None else "la valeur comparée"
