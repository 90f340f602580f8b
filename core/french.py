"""The French words users read for the report's English identifiers."""

from __future__ import annotations

import datetime as dt

VERDICTS = {
    "ready": "prêt",
    "not-ready": "non prêt",
    "valid": "valide",
    "renewal-due": "renouvellement à engager",
    "expired": "expiré",
    "not-yet-awarded": "pas encore attribué",
}
# Never « satisfait » on the strength of the dossier alone (cli-and-report 1.1): whether a
# criterion is met is the auditors' judgement, whose grades reports show beside it.
STATUSES = {
    "met": "documenté",
    "not-met": "à compléter",
    "unsupported": "sans élément de preuve",
    "met-by-equivalence": "réputé satisfait (équivalence)",
    "not-evaluated": "non évalué",
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
AUDITS = {
    "initial": "audit de labellisation",
    "renewal": "audit de renouvellement",
    "follow-up": "audit de suivi",
    "surveillance": "audit de surveillance",
}
# Audit grades from the strongest point to the gravest problem (LDM 011 PF / C / R / NC;
# Eduform: Qualiopi's minor and major nonconformities).
GRADES = {
    "strength": "point fort",
    "compliant": "conforme",
    "remark": "remarque",
    "deviation": "écart",
    "nonconformity": "non-conformité",
    "minor": "non-conformité mineure",
    "major": "non-conformité majeure",
}
EVIDENCE_KINDS = {"document": "pièce", "indicator": "indicateur", "action": "action", "partner": "partenaire"}


def application(label) -> str:
    """`renouvellement`, `labellisation initiale, niveau 2`… for a LabelResult."""
    words = APPLICATIONS[label.application]
    return f"{words}, niveau {label.level}" if label.level else words


def date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count} {word if count < 2 else (plural_word or word + 's')}"


def number(value: float) -> str:
    """A measure the French way: `36,2`, `22`, `1 250`."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.replace(",", "\u202f").replace(".", ",")
