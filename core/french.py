"""The French words users read for the report's English identifiers."""

from __future__ import annotations

import datetime as dt

VERDICTS = {
    "ready": "prêt",
    "not-ready": "non prêt",
    "valid": "valide",
    "renewal-due": "renouvellement à engager",
    "expired": "expiré",
}
STATUSES = {
    "met": "satisfait",
    "not-met": "non satisfait",
    "met-by-equivalence": "satisfait par équivalence",
    "not-applicable": "non applicable",
}
SEVERITIES = {"blocking": "bloquant", "warning": "avertissement", "info": "information"}
APPLICATIONS = {
    "initial": "labellisation initiale",
    "renewal": "renouvellement",
    "follow-up": "audit de suivi",
    "surveillance": "audit de surveillance",
    None: "label détenu, sans candidature",
}
NATURES = {"text": "texte", "academy": "choix académique", "operational": "lecture opérationnelle"}


def date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count} {word if count < 2 else (plural_word or word + 's')}"
