"""What the dossier dates after the as-of date: not counted at that date, and said so."""

from __future__ import annotations

from labelcheck.rules.base import RuleKind, Violation, describe_date

# What each set-aside entry is, in French, and what the as-of date made of it.
WHAT = {
    "piece": ("la pièce", "non prise en compte"),
    "audit": ("l'audit", "non pris en compte"),
    "nonconformity": ("la non-conformité", "non prise en compte"),
    "lifted": ("la levée de la non-conformité", "elle reste ouverte à cette date"),
    "done": ("l'achèvement de l'action", "elle reste en cours à cette date"),
    "award": ("l'attribution du label", "il n'est pas encore détenu à cette date"),
    "decision": ("la décision", "non prise en compte"),
    "measure": ("la mesure de l'indicateur", "non prise en compte"),
}


class DatedLater(RuleKind):
    """Each entry of the dossier dated after the as-of date, which the evaluation did not count
    (the dossier is judged as it stood at that date, dossier format 1.1)."""

    name = "dated-later"
    scopes = ("dossier",)
    message_fields = frozenset({"what", "id", "date", "as_of", "effect", "path"})

    def check(self, facts, _dossier):
        mine = facts.label.id
        for later in facts.later:
            if later.labels is not None and mine not in later.labels:
                continue
            what, effect = WHAT[later.what]
            date = str(later.date.year) if later.what == "measure" else describe_date(later.date)
            yield Violation(later.path, mine, {
                "what": what, "id": later.id, "date": date, "as_of": describe_date(facts.as_of),
                "effect": effect, "path": later.path})
