"""Large, faulty dossiers for the bounded-work tests and bench/inputs.py (issue 9, point 4)."""

from __future__ import annotations

import json

HEAD = """format = 1
[establishment]
uai = "0180001D"
name = "Lycée"
kind = "lp"
sector = "public"
[[applications]]
label = "ldm"
type = "initial"
"""


def dangling_toml(count: int) -> str:
    """`count` documents, and a self-assessment line citing `count` ids that are all mistyped."""
    documents = "".join(
        f'[[documents]]\nid = "doc-{i:05d}"\ntype = "preuve"\ntitle = """Pièce\n{i}"""\n'
        for i in range(count)
    )
    evidence = ", ".join(f'"dic-{i:05d}"' for i in range(count))
    return f'{HEAD}{documents}[[self_assessment]]\nref = "ldm:6.32"\nevidence = [{evidence}]\n'


def one_typo_json(count: int) -> str:
    """`count` documents, the middle one with a misspelt key, indented as exports are."""
    documents = [
        {"id": f"doc-{i:05d}", "type": "preuve", "title": f"Pièce {i}", "supports": ["ldm:6"]}
        for i in range(count)
    ]
    documents[count // 2]["titel"] = "typo"
    return json.dumps(
        {
            "format": 1,
            "establishment": {"uai": "0180001D", "name": "L", "kind": "lp", "sector": "public"},
            "applications": [{"label": "ldm", "type": "initial"}],
            "documents": documents,
        },
        indent=2,
    )
