"""`labelcheck sources`: the traceability table of the installed labels, in text, JSON or Markdown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import orjson
from labelcheck.core.french import plural, typeset
from labelcheck.core.registry import Registry
from labelcheck.core.traceability import (
    STATUSES,
    Requirement,
    Requirements,
    load_requirements,
    rule_gaps,
)


def status_words(table: Requirements, status: str, many: bool = False) -> str:
    """A requirement's treatment in words, the appraisal left to whom the table names (the
    auditors of an audited label, the commission of another): « laissée à l'appréciation de
    la commission »."""
    ending = "es" if many else "e"
    if status == "enforced":
        return f"vérifié{ending} par labelcheck"
    if status == "auditor":
        return f"laissé{ending} à l'appréciation {table.appraised_by}"
    return "hors de portée d'un dossier"


def _tally(table: Requirements) -> str:
    tally = counts(table)
    return ", ".join(f"{tally[s]} {status_words(table, s, tally[s] > 1)}" for s in STATUSES)


def tables(registry: Registry, label: str | None = None) -> list[Requirements]:
    """The traceability tables of the installed plugins (of one label, and the ones on every label)."""
    loaded = [load_requirements(resource) for resource in registry.requirement_files()]
    return sorted(
        (t for t in loaded if label is None or t.label in (label, "*")), key=lambda t: t.label
    )


def gaps(
    registry: Registry, chosen: list[Requirements], rules: dict[str, str], label: str | None
) -> list[str]:
    """What a plugin's author has to complete in the tables `chosen` (of `label`, else of
    every label), against the rules installed (rule id -> its label): see `rule_gaps`, and
    each label without a table."""
    traced = {table.label for table in chosen}
    return rule_gaps(chosen, rules) + [
        f"le label {name} n'a pas de table de traçabilité (requirements.toml, "
        "point d'extension labelcheck_requirements) : ses règles ne citent aucune exigence de ses textes"
        for name in ([label] if label else sorted(registry.labels))
        if name not in traced
    ]


def counts(table: Requirements) -> dict[str, int]:
    counted = Counter(r.status for r in table.requirements)
    return {status: counted[status] for status in STATUSES}


def as_json(chosen: list[Requirements]) -> str:
    out: dict[str, Any] = {"format": "labelcheck-sources/1", "labels": []}
    for table in chosen:
        out["labels"].append(
            {
                "label": table.label,
                "counts": counts(table),
                "documents": [d.model_dump(exclude_none=True) for d in table.documents],
                "requirements": [
                    {**r.model_dump(exclude_none=True), "rules": list(r.rules)}
                    for r in table.requirements
                ],
            }
        )
    return orjson.dumps(out, option=orjson.OPT_INDENT_2).decode() + "\n"


def origin(requirement: Requirement, natures: Mapping[str, str]) -> str:
    """What the table says beside an academy's requirement (`academy = true`): its choice,
    which its rules apply under its own profile only (cli-and-report 1.1), or, when one of its
    rules is of nature `text`, the academy's text that labelcheck applies under every profile
    for want of a national one (LDM's pieces: the circular leaves the list to each academy).
    Said plainly either way: « choix académique » beside a rule that blocks under `national`
    contradicted the finding's « exigence des textes » (the fidelity audit)."""
    if not requirement.academy:
        return ""
    if any(natures.get(rule) == "text" for rule in requirement.rules):
        return " (texte académique, appliqué sous tous les profils faute de texte national)"
    return " (choix académique)"


def as_text(
    chosen: list[Requirements], names: Mapping[str, str], natures: Mapping[str, str]
) -> str:
    """`names`: each label's name by its id (the heading says « Label Euroscol »); `natures`:
    each rule's nature by its id (see `origin`)."""
    lines = []
    for table in chosen:
        count = plural(len(table.requirements), "exigence")
        lines.append(f"{_name(table, names)} — {count} : {_tally(table)}")
        for requirement in table.requirements:
            document = table.document(requirement.document)
            lines.append(
                f"  {requirement.id} [{status_words(table, requirement.status)}]"
                + origin(requirement, natures)
            )
            lines.append(
                f"    {document.title if document else requirement.document}, {requirement.section}"
            )
            lines.append(f"    « {requirement.quote} »")
            if requirement.rules:
                lines.append(f"    règles : {', '.join(requirement.rules)}")
            if requirement.reason:
                lines.append(f"    {requirement.reason}")
        lines.append("")
    return typeset("\n".join(lines))


def as_markdown(
    chosen: list[Requirements], names: Mapping[str, str], natures: Mapping[str, str]
) -> str:
    """`names` and `natures` as `as_text` reads them."""
    out = ["# Traçabilité des exigences", ""]
    for table in chosen:
        out += [
            f"## {_name(table, names)}",
            "",
            _tally(table),
            "",
            "| exigence | texte | citation | traitement |",
            "| --- | --- | --- | --- |",
        ]
        for requirement in table.requirements:
            document = table.document(requirement.document)
            treatment = status_words(table, requirement.status)
            if requirement.rules:
                treatment += " : " + ", ".join(f"`{rule}`" for rule in requirement.rules)
            if requirement.reason:
                treatment += f" — {requirement.reason}"
            out.append(
                "| "
                + " | ".join(
                    _cell(c)
                    for c in (
                        requirement.id + origin(requirement, natures),
                        f"{document.title if document else requirement.document}, {requirement.section}",
                        f"« {requirement.quote} »",
                        treatment,
                    )
                )
                + " |"
            )
        out.append("")
    return typeset("\n".join(out))


def _name(table: Requirements, names: Mapping[str, str]) -> str:
    """The label by its name, as its texts call it; by its id if no installed label has it."""
    return (
        "Tous les labels" if table.label == "*" else f"Label {names.get(table.label, table.label)}"
    )


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, no line breaks, no raw HTML."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", " ")
    )
