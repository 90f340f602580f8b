"""The traceability table: each requirement of a label's texts, and how labelcheck treats it.

A plugin lists, in a `requirements.toml`, the requirements its texts state (document,
section, quote) and for each one the rules that enforce it, or why only an auditor can
judge it, or why a dossier cannot show it. `labelcheck sources` prints the table; the
tests fail when a rule cites no requirement or a requirement is neither enforced nor
explained. It is what lets an academy check the tool against the texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib.resources.abc import Traversable
from typing import Literal

from labelcheck.core import french
from labelcheck.core.catalog import plugin_text
from labelcheck.core.dossier import new_list
from labelcheck.core.errors import InputError, closest, explain, format_path, said_once
from labelcheck.core.sourcemap import LazyLines, line_of
from labelcheck.core.toml import TOMLDecodeError, read_toml, toml_syntax
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

Status = Literal["enforced", "auditor", "not-in-dossier"]
STATUSES: tuple[Status, ...] = ("enforced", "auditor", "not-in-dossier")
_ID = r"^[a-z0-9][a-z0-9-]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class SourceDocument(_Model):
    """A text the requirements come from, by its own title."""

    id: str = Field(
        pattern=_ID, description="The document's id in this file (lower case, digits, dashes)."
    )
    title: str = Field(min_length=1, description="The text's own title.")
    reference: str | None = Field(None, description="Its official reference: NOR, JORF, BO…")
    url: str | None = Field(None, description="Where it is published.")


class Requirement(_Model):
    id: str = Field(
        pattern=_ID, description="The requirement's id in this file (lower case, digits, dashes)."
    )
    document: str = Field(description="The `[[documents]]` id of the text it comes from.")
    section: str = Field(min_length=1, description="Where in that text: article, paragraph, annex.")
    quote: str = Field(min_length=1, description="The text's own words, in French.")
    status: Status = Field(
        description="`enforced`: rules check it (named in `rules`); `auditor`: only those who "
        "examine the dossier can judge it (the table's `appraised_by`: auditors, a commission); "
        "`not-in-dossier`: the dossier does not hold what it asks."
    )
    rules: list[str] = Field(
        default_factory=new_list, description="The ids of the rules that enforce it."
    )
    reason: str | None = Field(
        None,
        description="Why an auditor only, why not in a dossier (required then); a note when enforced.",
    )
    academy: bool = Field(
        False, description="Whether it is an academy's own choice, not a national text's."
    )

    @model_validator(mode="after")
    def _status_is_explained(self) -> Requirement:
        if self.status == "enforced" and not self.rules:
            raise ValueError(
                "une exigence appliquée nomme les règles qui l'appliquent (`rules = […]`)"
            )
        if self.status != "enforced" and self.rules:
            raise ValueError(
                f"une exigence de statut « {self.status} » ne nomme aucune règle ; "
                'sinon, écrire `status = "enforced"`'
            )
        if self.status != "enforced" and not self.reason:
            raise ValueError(f'le statut « {self.status} » demande sa raison (`reason = "…"`)')
        return self


class Requirements(_Model):
    """One plugin's traceability table."""

    label: str = Field(
        description='The label id, or "*" for requirements on every label\'s dossier.'
    )
    appraised_by: str = Field(
        "des auditeurs",
        min_length=1,
        description="Who judges what a dossier shows but labelcheck cannot (status `auditor`), in "
        "French, as « laissée à l'appréciation … » goes on: « des auditeurs », « de la commission ».",
    )
    documents: list[SourceDocument] = Field(default_factory=new_list)
    requirements: list[Requirement] = Field(default_factory=new_list)
    file: str = ""
    _lines: Mapping[tuple, int] = PrivateAttr(default_factory=dict)

    def document(self, document_id: str) -> SourceDocument | None:
        return next((d for d in self.documents if d.id == document_id), None)

    def line_of(self, path: tuple) -> int | None:
        return line_of(self._lines, path)


def load_requirements(resource: Traversable) -> Requirements:
    """Read a plugin's `requirements.toml`; a mistake is a plugin bug, raised with its line."""
    file, text = str(resource), plugin_text(resource)
    if isinstance(text, InputError):
        raise RequirementsError([text])
    try:
        data = read_toml(text)
    except TOMLDecodeError as error:
        line, message = toml_syntax(error, text)
        raise RequirementsError([InputError(file, line, "", message)]) from None
    lines = LazyLines(text, is_json=False)  # mapped only if an error needs a line
    try:
        table = Requirements.model_validate({**data, "file": file})
    except ValidationError as error:
        raise RequirementsError(
            [
                InputError(
                    file,
                    line_of(lines, tuple(e["loc"])),
                    format_path(e["loc"]),
                    *explain(e, e["loc"], Requirements),
                )
                for e in said_once(error.errors(), Requirements)
            ]
        ) from None
    problems = list(_cross_checks(table, file, lines))
    if problems:
        raise RequirementsError(problems)
    table._lines = lines
    return table


class RequirementsError(Exception):
    def __init__(self, errors: list[InputError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def _cross_checks(
    table: Requirements, file: str, lines: Mapping[tuple, int]
) -> Iterable[InputError]:
    documents = {d.id for d in table.documents}
    seen: set[str] = set()
    for index, requirement in enumerate(table.requirements):
        if requirement.id in seen:
            yield InputError(
                file,
                line_of(lines, ("requirements", index)),
                f"requirements[{index}].id",
                f"identifiant d'exigence « {requirement.id} » déjà employé",
            )
        seen.add(requirement.id)
        if requirement.document not in documents:
            yield InputError(
                file,
                line_of(lines, ("requirements", index)),
                f"requirements[{index}].document",
                f"aucune entrée [[documents]] n'a l'identifiant « {requirement.document} »",
                closest(requirement.document, documents),
            )


def rule_gaps(tables: Iterable[Requirements], rules: Mapping[str, str]) -> list[str]:
    """What leaves the tables short of the rules installed (`rules`: rule id -> its label), in
    French: a requirement naming a rule no plugin provides, with its file and line; a rule no
    requirement names, of a label that has a table (a label without one is said apart)."""
    chosen = list(tables)
    cited: set[str] = set()
    problems = []
    for table in chosen:
        for index, requirement in enumerate(table.requirements):
            cited.update(requirement.rules)
            for position, rule in enumerate(requirement.rules):
                if rule in rules:
                    continue
                error = InputError(
                    table.file,
                    table.line_of(("requirements", index, "rules", position)),
                    f"requirements[{index}].rules[{position}]",
                    f"l'exigence {requirement.id} nomme la règle {french.quoted(rule)}, "
                    "qu'aucun plugin installé ne fournit",
                    closest(rule, rules),
                )
                problems.append(str(error))
    traced = {table.label for table in chosen}
    problems += [
        f"la règle {rule} n'applique aucune exigence de la table de traçabilité"
        + (" commune à tous les labels" if label == "*" else f" du label {label}")
        for rule, label in sorted(rules.items())
        if label in traced and rule not in cited
    ]
    return problems
