"""`labelcheck init`: a commented starter dossier that validates and lists what to do."""

from __future__ import annotations

import datetime as dt
import json

from labelcheck.core.dossier import Dossier
from labelcheck.core.registry import Registry

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


def dossier_schema() -> dict:
    schema = Dossier.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "labelcheck dossier (format 1)", **schema}


def schema_text() -> str:
    return json.dumps(dossier_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def starter_dossier(registry: Registry, labels: list[str], today: dt.date) -> str:
    lines = [
        f"#:schema ./{SCHEMA_FILE}",
        "# Dossier labelcheck (format 1) — à compléter. Voir `labelcheck schema` et le README.",
        "# Évaluer : labelcheck evaluate .",
        "format = 1",
        "",
        "[establishment]",
        'uai = "0000000A"          # à remplacer : 7 chiffres + lettre clé (UAI / RNE)',
        'name = "Nom de l\'établissement"',
        'kind = "lp"               # lp | lpo | lgt | erea | college | greta | cfa | other',
        'sector = "public"         # public | private-contract | private',
        'academy = "orleans-tours"',
        "",
        "# Labels déjà obtenus : [[held]] label = \"…\", awarded = AAAA-MM-JJ",
    ]
    for label in labels:
        spec = registry.labels[label]
        lines += ["", f"# Candidature : {spec.name}", "[[applications]]", f'label = "{label}"',
                  'type = "initial"         # ' + " | ".join(spec.application_types)]
        lines += [KEY_HINTS.get(key, f"# {key} = …") for key in spec.application_keys]
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
