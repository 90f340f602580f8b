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
