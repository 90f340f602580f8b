"""`labelcheck init`: a commented starter dossier that validates and lists what to do."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

from labelcheck.core.catalog import Criterion, DossierKey, KeyEntry, LabelSpec
from labelcheck.core.countries import countries
from labelcheck.core.dates import YEAR_PATTERN
from labelcheck.core.dossier import REF_DESCRIPTION, Dossier, Establishment
from labelcheck.core.errors import LabelcheckError
from labelcheck.core.french import (
    ACADEMIES,
    APPLICATIONS,
    NNBSP,
    application_type,
    colon,
    enumeration,
    quoted,
)
from labelcheck.core.loading import LARGEST_NUMBER
from labelcheck.core.output import WholeFile
from labelcheck.core.profiles import ExtraCriterion, Profile, builtin_profile_part
from labelcheck.core.registry import Registry
from labelcheck.core.ruleset import load_rules
from labelcheck.rules.establishment import EligibilityParams

SCHEMA_FILE = "dossier.schema.json"


def write_new(path: Path, text: str, replace: bool = False) -> None:
    """`text` in UTF-8 into `path`, whole or not at all (`WholeFile`). A file already there is
    an error (FileExistsError), unless `replace`. Written in place, a full disk left an empty
    dossier.toml, which made `init` refuse to run again while `evaluate` sent the user back
    to `init` (the FS audit)."""
    with WholeFile(str(path), exclusive=not replace) as whole:
        whole.stream.write(text)
        whole.finish()


# Hints for the optional application keys a label may use (dossier spec, "Keys"): the
# format's words only; what a label asks of them (a title's length, the levels) its rules say.
KEY_HINTS = {
    # Left empty, not « … »: a placeholder forgotten passed every check (a leaflet was asked
    # « pour la dénomination « … » »); empty, the report asks for each one.
    "title": 'title = ""                          # intitulé de la candidature, à écrire',
    "denominations": 'denominations = []                  # dénominations « métiers », à écrire : ["…", "…"]',
    "network": "network = false                      # candidature en réseau",
    "level": "level = 1                           # niveau demandé",
    "categories": 'categories = ["training"]            # training | skills-assessment | vae | apprenticeship',
    "new_entrant": "new_entrant = false                  # organisme sans action achevée",
    # Commented: only a body that subcontracts says so (indicator 27 applies then alone).
    "subcontracting": "# subcontracting = false             # true si l'organisme sous-traite des "
    "actions de formation",
}


# The application's submission date, left commented: written as the day of `init`, the
# échéancier of a school that had not applied yet said « Dépôt de la candidature — a eu lieu »
# (the new-user walk). Uncommented as is, the line is refused with its line number.
SUBMITTED_LINE = (
    f"{'# submitted = AAAA-MM-JJ':25} # date du dépôt de la candidature : à décommenter et "
    "écrire une fois la candidature déposée"
)


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


def dossier_schema(registry: Registry | None = None, profile: Profile | None = None) -> dict:
    """The dossier format's JSON Schema, with the keys the installed labels add, and the
    criteria the built-in profiles and `profile` (an academy's own) add to them."""
    schema = Dossier.model_json_schema()
    _without_generated_titles(schema)
    for entry, name in _EXTENSIBLE.items():
        definition = schema["$defs"][name]
        definition["additionalProperties"] = (
            False  # the model keeps other keys for DossierChecks to judge
        )
        if registry is not None:
            _new_keys(definition, entry, registry)
    _tighten(schema)
    if registry is not None:
        # The profiles whose criteria, academies and audit grades a dossier may name: those the
        # plugins ship, and `profile` (`schema --profile`, an academy's own file).
        profiles = [*_builtin_profile_parts(registry), *([profile] if profile is not None else [])]
        _name_the_installed_choices(schema, registry, profiles)
        _per_label(schema, registry, profiles)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "labelcheck dossier (format 1)",
        **schema,
    }


def _new_keys(definition: dict, entry: KeyEntry, registry: Registry) -> None:
    """The keys the labels add to an entry. Two labels may add the same key to their own
    applications (or held labels) in two shapes, as labelcheck validates each entry by its
    label: the shape is then given for each label's entries, never one for all (the third-party
    plugins audit found the last label's boolean refusing the other's text)."""
    declared_by: dict[str, dict[str, tuple[dict, str]]] = {}
    for label in sorted(registry.labels.values(), key=lambda spec: spec.id):
        for key, declared in sorted(label.new_keys.get(entry, {}).items()):
            described = f"{declared.description} (label {label.id})"
            declared_by.setdefault(key, {})[label.id] = (_key_shape(declared), described)
    shapes_by_label: dict[str, dict[str, dict]] = {}
    for key, by_label in declared_by.items():
        shapes = [shape for shape, _ in by_label.values()]
        description = f"{NNBSP}; ".join(text for _, text in by_label.values())
        if all(shape == shapes[0] for shape in shapes):
            definition["properties"][key] = {**shapes[0], "title": key, "description": description}
            continue
        definition["properties"][key] = {"title": key, "description": description}
        for label_id, (shape, _) in by_label.items():
            shapes_by_label.setdefault(label_id, {})[key] = shape
    for label_id, shapes_of_label in sorted(shapes_by_label.items()):
        definition.setdefault("allOf", []).append(
            _when_label(label_id, {"properties": shapes_of_label}, set())
        )


def _key_shape(declared: DossierKey) -> dict:
    if declared.type == "choice":
        return {"enum": list(declared.values)}
    return dict(_KEY_SCHEMAS[declared.type])


# What labelcheck checks beyond its model's own JSON Schema, said in the schema too: a dossier
# an academic system validates against it is then not refused for these (the schema audit).
# What needs the whole dossier (unique ids, references between entries, the UAI's check
# letter, dates in order) stays labelcheck's alone, as the schema's description says.
# `format: date` is only an annotation in 2020-12: most validators skip it. So the pattern says
# which days exist too (30 February, 31 April, 29 February 2025 are refused, as labelcheck does):
# 29 February only in the leap years of 1900-2199 (neither 1900 nor 2100, but 2000).
DATE_PATTERN = (
    r"^(?:(?:19|20|21)[0-9]{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:(?:19|20|21)(?:0[48]|[2468][048]|[13579][26])|2000)-02-29)$"
)


def _tighten(schema: dict) -> None:
    definitions = schema["$defs"]
    _dates_and_numbers(schema)
    _null_as_absent(schema)
    definitions["Indicator"]["properties"]["values"]["propertyNames"] = {"pattern": YEAR_PATTERN}
    definitions["Document"]["properties"]["file"]["anyOf"][0]["minLength"] = 1
    # `lifted`: required when the status is lifted, forbidden otherwise (dossier format).
    definitions["Nonconformity"]["if"] = {
        "properties": {"status": {"const": "lifted"}},
        "required": ["status"],
    }
    definitions["Nonconformity"]["then"] = {
        "required": ["lifted"],
        "properties": {"lifted": {"type": "string"}},
    }
    definitions["Nonconformity"]["else"] = {"properties": {"lifted": {"type": "null"}}}
    definitions["Partner"]["properties"]["country"] = {
        "type": "string",
        "description": "Code pays ISO 3166-1 alpha-2",
        "default": "FR",
        "enum": sorted(countries().codes),
    }


def _null_as_absent(schema: dict) -> None:
    """A list or a table a dossier may leave out may be written null, as labelcheck reads a
    JSON dossier (loading.py): null is absent there, as for a date or a number."""
    for definition in (schema, *schema["$defs"].values()):
        required = set(definition.get("required", ()))
        for key, node in definition.get("properties", {}).items():
            if key not in required and node.get("type") in ("array", "object"):
                node["type"] = [node["type"], "null"]


def _dates_and_numbers(schema: dict) -> None:
    """Every date written as a date (a pattern, which validators do check), every number
    within what a dossier may hold (10^15 either way)."""
    for node in _objects(schema):
        if node.get("format") == "date":
            node["pattern"] = DATE_PATTERN
        if node.get("type") in ("integer", "number") and "const" not in node:
            node.setdefault("minimum", -LARGEST_NUMBER)
            node.setdefault("maximum", LARGEST_NUMBER)


def _objects(node: object) -> Iterator[dict]:
    """Every object of a JSON document, each before those it holds: the caller may change
    it before they are looked at."""
    if isinstance(node, list):
        for child in node:
            yield from _objects(child)
    elif isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _objects(child)


def _per_label(schema: dict, registry: Registry, profiles: list[Profile]) -> None:
    """Each label's own: its application types and keys, its audits' and fiches' types, its
    audit grades (with those the `profiles` add) and nonconformity grades; one application a
    label. The format audit found the schema accepting audits and fiches of another label's
    types, and refusing an audit grade a profile adds, as labelcheck does not."""
    definitions = schema["$defs"]
    labels = sorted(registry.labels.values(), key=lambda spec: spec.id)
    own_application = {key for label in labels for key in _own_keys(label, "applications")}
    own_held = {key for label in labels for key in _own_keys(label, "held")}
    application, held, audit, nonconformity = (
        definitions[name] for name in ("Application", "Held", "Audit", "Nonconformity")
    )
    for label in labels:
        application.setdefault("allOf", []).append(
            _when_label(
                label.id,
                {"properties": {"type": {"enum": list(label.application_types)}}},
                own_application - _own_keys(label, "applications"),
            )
        )
        held.setdefault("allOf", []).append(
            _when_label(label.id, {}, own_held - _own_keys(label, "held"))
        )
        added = [g for p in profiles for g in p.labels.get(label.id, {}).get("audit_grades", [])]
        known = list(dict.fromkeys([*label.audit_grades, *added]))
        grades = {"enum": known} if known else False
        types = {"enum": list(label.application_types)}
        audit.setdefault("allOf", []).append(
            _when_label(
                label.id,
                {
                    "properties": {
                        "type": types,
                        "findings": {"items": _findings_of(label, grades)},
                    }
                },
                set(),
            )
        )
        fiche = _nonconformity_grade(label)
        fiche["properties"] = {
            **fiche.get("properties", {}),
            "audit_type": types,
        }
        nonconformity.setdefault("allOf", []).append(
            {
                "if": {"properties": {"ref": {"pattern": f"^{re.escape(label.id)}(:|$)"}}},
                "then": fiche,
            }
        )
    schema["properties"]["applications"]["allOf"] = [
        {
            "contains": {"properties": {"label": {"const": label.id}}, "required": ["label"]},
            "minContains": 0,
            "maxContains": 1,
        }
        for label in labels
    ]


def _own_keys(label: LabelSpec, entry: KeyEntry) -> set[str]:
    """The keys an entry may hold only when it is this label's: the format's optional keys it
    picks (`application_keys`, `held_keys`) and those it adds (`new_keys`). The plugin author's
    audit found the schema taking a plugin's added key on another label's entry, which
    labelcheck refuses (validation.py, `_entry_keys`)."""
    picked = label.application_keys if entry == "applications" else label.held_keys
    return {*picked, *label.new_keys.get(entry, {})}


def _academies(schema: dict, profiles: list[Profile]) -> None:
    """The thirty academies, and those a profile serves: another would have the dossier judged
    under `national` without a word, so labelcheck refuses it."""
    known = [(slug, f"académie {name}") for slug, name in ACADEMIES.items()]
    known += [
        (slug, "académie servie par un profil")
        for slug in sorted(_served(profiles) - ACADEMIES.keys())
    ]
    schema["$defs"]["Establishment"]["properties"]["academy"] = {
        "anyOf": [_choices("Une académie", sorted(known)), {"type": "null"}],
        "default": None,
    }


def _served(profiles: list[Profile]) -> set[str]:
    """The academies these profiles serve."""
    return {academy for profile in profiles for academy in profile.academies}


def _when_label(label: str, then: dict, forbidden: set[str]) -> dict:
    """`then` for an entry of this label, which may not hold another label's own keys."""
    if forbidden:
        then = {**then, "not": {"anyOf": [{"required": [key]} for key in sorted(forbidden)]}}
    return {
        "if": {"properties": {"label": {"const": label}}, "required": ["label"]},
        "then": then,
    }


def _findings_of(label: LabelSpec, grades: dict | bool) -> dict:
    """An audit's findings: graded with its label's grades, on its own label (validation.py,
    `_of_another_label`), and on a criterion or an item when graded as a fiche d'écart is
    (`ldm` alone, graded `nonconformity`, is refused: no fiche could lift it)."""
    own = re.escape(label.id)
    findings: dict = {"properties": {"grade": grades, "ref": {"pattern": f"^{own}(:|$)"}}}
    if label.nonconformity_grades:
        findings["if"] = {
            "properties": {"grade": {"enum": list(label.nonconformity_grades)}},
            "required": ["grade"],
        }
        findings["then"] = {"properties": {"ref": {"pattern": f"^{own}:"}}}
    return findings


def _nonconformity_grade(label: LabelSpec) -> dict:
    if not label.nonconformity_grades:
        # Absent, or null as JSON may write an absent value: labelcheck takes both.
        return {"properties": {"grade": {"type": "null"}}}
    grade = {"enum": list(label.nonconformity_grades)}
    if label.default_nonconformity_grade:
        return {"properties": {"grade": {"anyOf": [grade, {"type": "null"}]}}}
    return {"properties": {"grade": grade}, "required": ["grade"]}


def _without_generated_titles(schema: dict) -> None:
    """Pydantic titles each property after its key, in English (« Audit Type » for
    `audit_type`): an editor shows that on hover, above the French description. They go; a
    title given on purpose (another text) stays."""
    for node in _objects(schema):
        for key, shape in (node.get("properties") or {}).items():
            generated = key.replace("_", " ").title()
            if isinstance(shape, dict) and shape.get("title") == generated:
                del shape["title"]


# Where the dossier names a label, a référentiel reference or a document type: $defs model,
# property, and whether it holds a list of them.
_LABEL_FIELDS = (("Held", "label"), ("Application", "label"), ("Audit", "label"))
_TYPE_FIELDS = (("Document", "type"),)


def _name_the_installed_choices(schema: dict, registry: Registry, profiles: list[Profile]) -> None:
    """The installed labels' ids, référentiel references, document types and equivalences,
    and the academies (with the criteria and academies of `profiles`), as choices, each with
    its title, so that an editor completes them and flags a typo (issue 11)."""
    labels = sorted(registry.labels.values(), key=lambda spec: spec.id)
    definitions = schema["$defs"]
    definitions["LabelId"] = _choices(
        "Un label installé", [(label.id, label.name) for label in labels]
    )
    refs = [(label.id, label.name) for label in labels]
    for label in labels:
        for criterion in label.criteria:
            refs += _criterion_refs(label.id, criterion, "")
    refs += _added_refs(registry, profiles)
    definitions["Ref"] = _choices(
        colon("Une référence", "un label, un critère ou un de ses items"), _merged(refs)
    )
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
    # A fiche d'écart or a self-assessment line is about a criterion, and an indicator monitors
    # criteria: never a whole label.
    definitions["CriterionRef"] = {
        **definitions["Ref"],
        "description": "Un critère ou un de ses items, jamais un label entier",
        "oneOf": [c for c in definitions["Ref"]["oneOf"] if ":" in c["const"]],
    }
    for model in ("SelfAssessment", "Nonconformity"):
        definitions[model]["properties"]["ref"] = {"$ref": "#/$defs/CriterionRef"}
    definitions["Indicator"]["properties"]["supports"]["items"] = {"$ref": "#/$defs/CriterionRef"}
    # Only a `meets` equivalence is decided; an `evidence` link holds by the texts (the format
    # audit: the schema offered `eduform-ldm-2`, which labelcheck refuses in a decision).
    definitions["Decision"]["properties"]["equivalence"] = _choices(
        "Une équivalence déclarée par un label installé, que décide une instance académique",
        [
            (e.id, e.title)
            for e in sorted(registry.equivalences, key=lambda e: e.id)
            if e.effect == "meets"
        ],
    )
    _academies(schema, profiles)


def _criterion_refs(label: str, criterion: Criterion, added_by: str) -> list[tuple[str, str]]:
    """The references of a criterion and of its items, each with its title and, for a
    criterion a profile adds, which profile (`added_by`)."""

    def described(title: str) -> str:
        return (
            f"{title.rstrip('.')} (ajouté par le profil {quoted(added_by)})" if added_by else title
        )

    ref = f"{label}:{criterion.number}"
    return [(ref, described(criterion.title))] + [
        (f"{ref}.{item.number}", described(item.title)) for item in criterion.items
    ]


def _added_refs(registry: Registry, profiles: list[Profile]) -> list[tuple[str, str]]:
    """The references of the criteria profiles add (`ldm:9`): a dossier of an academy whose
    profile adds one is valid, so the schema must not flag it. The built-in profiles serve
    their academies without being named, so they are always in."""
    added: list[tuple[str, ExtraCriterion]] = [
        (profile.name, criterion) for profile in profiles for criterion in profile.criteria
    ]
    return [
        ref
        for name, criterion in added
        if criterion.label in registry.labels
        for ref in _criterion_refs(criterion.label, criterion, name)
    ]


def _builtin_profile_parts(registry: Registry) -> list[Profile]:
    """The profile files the working plugins ship, each read alone. A file that does not read
    disables its plugin at evaluation, which says why (`engine.settle`): the schema only
    leaves its criteria out."""
    parts = []
    for resource in sorted(registry.profile_files(), key=str):
        try:
            parts.append(builtin_profile_part(registry, resource)[1])
        except LabelcheckError:
            continue
    return parts


def _merged(refs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One choice per reference (`oneOf` refuses a value two choices match): a reference two
    profiles add, each its own way, says both."""
    described: dict[str, list[str]] = {}
    for ref, title in refs:
        titles = described.setdefault(ref, [])
        if title not in titles:
            titles.append(title)
    return [(ref, f"{NNBSP}; ".join(titles)) for ref, titles in described.items()]


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


def schema_text(registry: Registry | None = None, profile: Profile | None = None) -> str:
    schema = dossier_schema(registry, profile)
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# The establishment kinds and sectors each label's eligibility rules admit, by label.
Admitted = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]


def admitted_establishment(admitted: Admitted, labels: list[str]) -> tuple[str, str]:
    """The establishment kind and sector, in the dossier format's order, that the eligibility
    rules of the most labels applied for admit (all of them, when one kind may apply for
    every label).

    A fixed placeholder kind made the to-do of a label open only to training bodies
    start with "not eligible", a mistake of the starter rather than something to do. A
    label the kind chosen may not apply for is one the establishment holds through another
    body, if at all (`_held_through`): a lycée does not apply for a label of training bodies.
    """
    all_kinds = get_args(Establishment.model_fields["kind"].annotation)
    all_sectors = get_args(Establishment.model_fields["sector"].annotation)

    def admitting(kind: str) -> list[str]:
        return [label for label in labels if kind in admitted.get(label, (all_kinds, ()))[0]]

    kind = max(all_kinds, key=lambda kind: len(admitting(kind)))  # the first of the most
    sectors = list(all_sectors)
    for label in admitting(kind):
        if label in admitted:
            sectors = [sector for sector in sectors if sector in admitted[label][1]]
    return kind, (sectors or all_sectors)[0]


def _admitted(registry: Registry, labels: list[str]) -> Admitted:
    """The kinds and sectors each label applied for admits, by its eligibility rules; a label
    without one is absent (it admits any)."""
    admitted: Admitted = {}
    rules, _ = load_rules(registry)
    for rule in rules:
        params = rule.kind.params
        if (
            rule.spec.kind == "eligibility"
            and rule.spec.label in labels
            and isinstance(params, EligibilityParams)
        ):
            kinds, sectors = admitted.get(rule.spec.label, (params.kinds, params.sectors))
            admitted[rule.spec.label] = (
                tuple(k for k in kinds if k in params.kinds),
                tuple(s for s in sectors if s in params.sectors),
            )
    return admitted


def _held_through(admitted: Admitted, labels: list[str], kind: str) -> list[str]:
    """The labels asked for that an establishment of `kind` may not apply for: it holds them
    through the body it belongs to (`holder`), as a lycée holds its GRETA's label."""
    return [label for label in labels if label in admitted and kind not in admitted[label][0]]


def _academy_line(registry: Registry, academy: str | None) -> str:
    """The academy: the one given (`init --academy`), with the profile it will be judged under;
    else the key left commented out, to write: it chooses the profile the dossier is judged
    under, and an example written as a value (« orleans-tours ») had a school of another academy
    judged under that academy's profile without a word (the new-user walk). Absent, the
    dossier is judged under the national profile, which the comment says."""
    parts = _builtin_profile_parts(registry)
    if academy is not None:
        serving = sorted(part.name for part in parts if academy in part.academies)
        judged = (
            f"jugé sous le profil {serving[0]}"
            if serving
            else "aucun profil installé ne la sert : jugé sous le profil national"
        )
        return f"{f'academy = {json.dumps(academy)}':25} # {judged}"
    return (
        f"{'# academy = ' + chr(34) + '…' + chr(34):25} # à écrire : l'académie de "
        "l'établissement (normandie, lyon…), dont le profil juge le dossier ; tant qu'elle "
        "manque, profil national"
    )


def init_academies(registry: Registry) -> set[str]:
    """The academies `init --academy` takes: the thirty, and any a shipped profile serves."""
    return ACADEMIES.keys() | _served(_builtin_profile_parts(registry))


def _held_through_lines(
    registry: Registry, labels: list[str], kind: str, today: dt.date
) -> list[str]:
    """For each label the establishment holds through the body it belongs to, a [[held]]
    entry to uncomment and complete: an application of its own was « non éligible » at once,
    and an entry written out would be judged on a date and a body the starter made up."""
    lines = []
    for label in labels:
        lines += [
            "",
            f"# {registry.labels[label].name} : un établissement de type {kind} ne candidate pas "
            "lui-même ; s'il est membre",
            "# d'un organisme qui détient ce label, à décommenter et compléter :",
            "# [[held]]",
            f'# label = "{label}"',
            _awarded_line(today),
            f"# {'holder = ' + chr(34) + '…' + chr(34):23} # l'organisme titulaire du label",
        ]
    return lines


def _held_example(registry: Registry, labels: list[str], today: dt.date) -> list[str]:
    """A commented [[held]] entry that reads as TOML once uncommented (on one line, it was a
    syntax error: the new-user walk): a label the starter does not apply for, among those
    written with a label and a date alone."""
    others = [label for label in registry.labels if label not in labels] or list(registry.labels)
    label = min(others, key=lambda label: (len(registry.labels[label].held_keys), label))
    return [
        "# Labels déjà obtenus : une entrée [[held]] par label, à décommenter et compléter.",
        "# [[held]]",
        f"# {f'label = {json.dumps(label)}':23} # " + " | ".join(sorted(registry.labels)),
        _awarded_line(today),
    ]


def _establishment_keys(registry: Registry, labels: list[str], today: dt.date) -> list[str]:
    """The keys the labels asked for add to `[establishment]`, commented as their applications'
    are: only those were written (the third-party plugins audit). A key two labels add is
    written once, each description naming its labels: twice, it made the dossier invalid TOML
    once uncommented (the review)."""
    declared_by: dict[str, dict[str, list[str]]] = {}  # key → description → label ids
    keys: dict[str, DossierKey] = {}  # the first label's declaration: its type for the value
    for label in labels:
        for key, declared in registry.labels[label].new_keys.get("establishment", {}).items():
            declared_by.setdefault(key, {}).setdefault(declared.description, []).append(label)
            keys.setdefault(key, declared)
    return [
        _key_line(key, keys[key], _described(by_description), today)
        for key, by_description in declared_by.items()
    ]


def _key_line(key: str, declared: DossierKey, said: str, today: dt.date) -> str:
    """A key a label adds, commented, with a value of its type to write over: uncommented, the
    line is TOML (« … » was not). A text left empty, as the starter leaves its own (KEY_HINTS);
    a choice's values said after its description."""
    if declared.type == "choice":  # never without values (DossierKey)
        value, said = json.dumps(declared.values[0]), f"{said} : {' | '.join(declared.values)}"
    else:
        value = {"text": '""', "boolean": "false", "integer": "0", "date": today.isoformat()}[
            declared.type
        ]
    return f"# {key} = {value}  # {said}"


def _described(by_description: dict[str, list[str]]) -> str:
    """« Le référent qualité », or, for a key several labels add, « Le référent qualité (labels
    e3d et ldm) » (« ; » between different descriptions)."""
    if sum(map(len, by_description.values())) == 1:
        return next(iter(by_description))
    return " ; ".join(  # the starter's comments keep plain spaces, as it writes them all
        f"{description} ({'labels' if len(ids) > 1 else 'label'} {enumeration(ids)})"
        for description, ids in by_description.items()
    )


def _awarded_line(today: dt.date) -> str:
    """A commented [[held]] entry's award date: two years ago, to replace."""
    awarded = dt.date(today.year - 2, 6, 15).isoformat()
    return f"# {f'awarded = {awarded}':23} # date de la décision d'attribution"


def starter_dossier(
    registry: Registry, labels: list[str], today: dt.date, academy: str | None = None
) -> str:
    admitted = _admitted(registry, labels)
    kind, sector = admitted_establishment(admitted, labels)
    through = _held_through(admitted, labels, kind) if len(labels) > 1 else []
    applied = [label for label in labels if label not in through]
    lines = [
        f"#:schema ./{SCHEMA_FILE}",
        "# Dossier labelcheck (format 1) — à compléter. Chaque clé est décrite dans « Le format",
        "# du dossier », la documentation de labelcheck ; son schéma : labelcheck schema.",
        "# Le compléter, puis l'évaluer : labelcheck evaluate .",
        "format = 1",
        "",
        "[establishment]",
        'uai = "0000000A"          # à remplacer : 7 chiffres et la lettre de contrôle (UAI, ex-RNE)',
        'name = "Nom de l\'établissement"',
        f"{f'kind = {json.dumps(kind)}':25} # lp (lycée professionnel) | lpo (polyvalent) | lgt "
        "(général et technologique) | erea | college | greta | cfa | other (autre)",
        f"{f'sector = {json.dumps(sector)}':25} # public | private-contract (privé sous contrat) | "
        "private (privé hors contrat)",
        _academy_line(registry, academy),
        *_establishment_keys(registry, labels, today),
        "",
        *_held_example(registry, labels, today),
        *_held_through_lines(registry, through, kind, today),
    ]
    for label in applied:
        spec = registry.labels[label]
        first_type = f"type = {json.dumps(spec.application_types[0])}"
        lines += [
            "",
            f"# Candidature : {spec.name}",
            "[[applications]]",
            f'label = "{label}"',
            f"{first_type:25} # "
            + " | ".join(
                f"{t} ({application_type(t, spec.renewal_name)})" if t in APPLICATIONS else t
                for t in spec.application_types
            ),
        ]
        lines += [KEY_HINTS.get(key, f"# {key} = …") for key in spec.application_keys]
        lines += [
            _key_line(key, declared, declared.description, today)
            for key, declared in spec.new_keys.get("applications", {}).items()
        ]
        lines += [SUBMITTED_LINE]
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
