"""What a rule is evaluated on, once per subject: the scopes, named once for the whole tool."""

from __future__ import annotations

from typing import Literal, get_args

# Each scope's subjects are enumerated by LabelFacts.subjects and typed in core/context.py;
# a rule kind accepts some of them (RuleKind.scopes).
Scope = Literal[
    "dossier",
    "application",
    "criterion",
    "document",
    "indicator",
    "action",
    "nonconformity",
    "audit",
]
SCOPES: tuple[Scope, ...] = get_args(Scope)
# What each scope's subjects are, in French, for `labelcheck explain` (« portée : application »
# read as the English false friend, not « candidature »).
SCOPE_WORDS: dict[str, str] = {
    "dossier": "le dossier entier",
    "application": "chaque candidature",
    "criterion": "chaque critère",
    "document": "chaque pièce",
    "indicator": "chaque indicateur",
    "action": "chaque action du plan d'actions",
    "nonconformity": "chaque fiche d'écart",
    "audit": "chaque audit",
}
