"""`labelcheck init`: a commented starter dossier that validates and lists what to do."""

from __future__ import annotations

import datetime as dt
import json
from typing import get_args

from labelcheck.core.catalog import KeyEntry
from labelcheck.core.dossier import REF_DESCRIPTION, Dossier, Establishment
from labelcheck.core.registry import Registry
from labelcheck.core.ruleset import load_rules
from labelcheck.rules.establishment import EligibilityParams

SCHEMA_FILE = "dossier.schema.json"

# Hints for the optional application keys a label may use (dossier spec, "Keys").
KEY_HINTS = {
    "title": 'title = "Lycée des métiers de …"     # intitulé : 100 caractères au plus',
    "denominations": 'denominations = ["…"]               # dénominations « métiers »',
    "network": "network = false                      # candidature en réseau",
    "level": "level = 1                            # niveau demandé (1 à 3)",
    "categories": 'categories = ["training"]            # training | skills-assessment | vae | apprenticeship',
    "new_entrant": "new_entrant = false                  # organisme sans action achevée",
}


# JSON Schema of each type a label's own dossier key may have (catalog.DossierKey).
_KEY_SCHEMAS: dict[str, dict] = {
    "text": {"type": "string"},
    "boolean": {"type": "boolean"},
    "integer": {"type": "integer"},
    "date": {"type": "string", "format": "date"},
}
# The model of each entry labels may extend, by its name in the schema's $defs.
_EXTENSIBLE: dict[KeyEntry, str] = {
    "establishment": "Establishment",
    "held": "Held",
    "applications": "Application",
}


def dossier_schema(registry: Registry | None = None) -> dict:
    """The dossier format's JSON Schema, with the keys the installed labels add."""
    schema = Dossier.model_json_schema()
    for entry, name in _EXTENSIBLE.items():
        definition = schema["$defs"][name]
        definition["additionalProperties"] = (
            False  # the model keeps other keys for DossierChecks to judge
        )
        for label in sorted(registry.labels.values(), key=lambda spec: spec.id) if registry else ():
            for key, declared in sorted(label.new_keys.get(entry, {}).items()):
                shape = (
                    {"enum": list(declared.values)}
                    if declared.type == "choice"
                    else dict(_KEY_SCHEMAS[declared.type])
                )
                definition["properties"][key] = {
                    **shape,
                    "title": key,
                    "description": f"{declared.description} (label {label.id})",
                }
    if registry is not None:
        _name_the_installed_choices(schema, registry)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "labelcheck dossier (format 1)",
        **schema,
    }


# Where the dossier names a label, a référentiel reference or a document type: $defs model,
# property, and whether it holds a list of them.
_LABEL_FIELDS = (("Held", "label"), ("Application", "label"), ("Audit", "label"))
_TYPE_FIELDS = (("Document", "type"),)


def _name_the_installed_choices(schema: dict, registry: Registry) -> None:
    """The installed labels' ids, référentiel references and document types as choices, each
    with its title, so that an editor completes them and flags a typo (issue 11). A profile
    may add criteria of its own: their references are not among these choices."""
    labels = sorted(registry.labels.values(), key=lambda spec: spec.id)
    definitions = schema["$defs"]
    definitions["LabelId"] = _choices(
        "Un label installé", [(label.id, label.name) for label in labels]
    )
    refs = [(label.id, label.name) for label in labels]
    for label in labels:
        for criterion in label.criteria:
            refs.append((f"{label.id}:{criterion.number}", criterion.title))
            refs += [
                (f"{label.id}:{criterion.number}.{item.number}", item.title)
                for item in criterion.items
            ]
    definitions["Ref"] = _choices("Une référence : un label, un critère ou un de ses items", refs)
    types = sorted(registry.document_types.values(), key=lambda doc_type: doc_type.id)
    definitions["DocumentType"] = _choices(
        "Un type de pièce déclaré par les labels installés",
        [(doc_type.id, doc_type.title) for doc_type in types],
    )
    for model, key in _LABEL_FIELDS:
        _point(definitions, model, key, "LabelId")
    for model, key in _TYPE_FIELDS:
        _point(definitions, model, key, "DocumentType")
    _point_refs(schema)


def _choices(description: str, choices: list[tuple[str, str]]) -> dict:
    return {
        "type": "string",
        "description": description,
        "oneOf": [{"const": value, "description": title} for value, title in choices],
    }


def _point(definitions: dict, model: str, key: str, target: str) -> None:
    prop = definitions.get(model, {}).get("properties", {}).get(key)
    if prop is not None:
        definitions[model]["properties"][key] = {"$ref": f"#/$defs/{target}"}


def _point_refs(node: object) -> None:
    """Every reference of the dossier (a `supports` list, a `ref`) points at the choices."""
    if isinstance(node, dict):
        for key, value in list(node.items()):
            if isinstance(value, dict) and value.get("description") == REF_DESCRIPTION:
                node[key] = {"$ref": "#/$defs/Ref"}
            else:
                _point_refs(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, dict) and value.get("description") == REF_DESCRIPTION:
                node[index] = {"$ref": "#/$defs/Ref"}
            else:
                _point_refs(value)


def schema_text(registry: Registry | None = None) -> str:
    return json.dumps(dossier_schema(registry), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def admitted_establishment(registry: Registry, labels: list[str]) -> tuple[str, str]:
    """The first establishment kind and sector, in the dossier format's order, that the
    eligibility rules of every label applied for admit.

    A fixed placeholder kind made the to-do of a label open only to training bodies
    start with "not eligible", a mistake of the starter rather than something to do.
    Labels that no single establishment may apply for together keep the first kind:
    their eligibility rules then say why.
    """
    all_kinds = get_args(Establishment.model_fields["kind"].annotation)
    all_sectors = get_args(Establishment.model_fields["sector"].annotation)
    kinds, sectors = list(all_kinds), list(all_sectors)
    rules, _ = load_rules(registry)
    for rule in rules:
        params = rule.kind.params
        if (
            rule.spec.kind == "eligibility"
            and rule.spec.label in labels
            and isinstance(params, EligibilityParams)
        ):
            kinds = [kind for kind in kinds if kind in params.kinds]
            sectors = [sector for sector in sectors if sector in params.sectors]
    return (kinds or all_kinds)[0], (sectors or all_sectors)[0]


def starter_dossier(registry: Registry, labels: list[str], today: dt.date) -> str:
    kind, sector = admitted_establishment(registry, labels)
    lines = [
        f"#:schema ./{SCHEMA_FILE}",
        "# Dossier labelcheck (format 1) — à compléter. Voir `labelcheck schema` et le README.",
        "# Évaluer : labelcheck evaluate .",
        "format = 1",
        "",
        "[establishment]",
        'uai = "0000000A"          # à remplacer : 7 chiffres + lettre clé (UAI / RNE)',
        'name = "Nom de l\'établissement"',
        f"{f'kind = {json.dumps(kind)}':25} # lp | lpo | lgt | erea | college | greta | cfa | other",
        f"{f'sector = {json.dumps(sector)}':25} # public | private-contract | private",
        'academy = "orleans-tours"',
        "",
        '# Labels déjà obtenus : [[held]] label = "…", awarded = AAAA-MM-JJ',
    ]
    for label in labels:
        spec = registry.labels[label]
        first_type = f"type = {json.dumps(spec.application_types[0])}"
        lines += [
            "",
            f"# Candidature : {spec.name}",
            "[[applications]]",
            f'label = "{label}"',
            f"{first_type:25} # " + " | ".join(spec.application_types),
        ]
        lines += [KEY_HINTS.get(key, f"# {key} = …") for key in spec.application_keys]
        lines += [
            f"# {key} = …  # {declared.description}"
            for key, declared in spec.new_keys.get("applications", {}).items()
        ]
        lines += [f"submitted = {today.isoformat()}"]
    lines += [
        "",
        "# Pièces : une entrée [[documents]] par pièce ; `labelcheck evaluate .` dit lesquelles manquent.",
        "# [[documents]]",
        '# id = "pe"',
        '# type = "projet-etablissement"',
        '# title = "Projet d\'établissement"',
        '# file = "pieces/projet-etablissement.pdf"',
        "",
    ]
    return "\n".join(lines)
