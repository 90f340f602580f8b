"""What the dossier dates after the as-of date: not counted at that date, and said so."""

from __future__ import annotations

from labelcheck.core import french
from labelcheck.core.locate import entry_at
from labelcheck.core.refs import label_of
from labelcheck.rules.base import RuleKind, Violation, describe_date

# What each set-aside entry is, in French, and what the as-of date made of it.
WHAT = {
    "piece": ("Pièce", "elle n'est pas prise en compte"),
    "audit": ("Audit", "il n'est pas pris en compte"),
    "nonconformity": ("Fiche d'écart", "elle n'est pas prise en compte"),  # named by its grade
    "lifted": ("Levée de la fiche d'écart", "la fiche reste ouverte à cette date"),
    "done": ("Achèvement de l'action", "l'action reste en cours à cette date"),
    "award": ("Attribution du label", "le label n'est pas encore détenu à cette date"),
    "decision": ("Décision sur l'équivalence", "elle n'est pas prise en compte"),
    "measure": ("Mesure de l'indicateur", "elle n'est pas prise en compte"),
}


class DatedLater(RuleKind):
    """Each entry of the dossier dated after the as-of date, which the evaluation did not count
    (the dossier is judged as it stood at that date, dossier format 1.1). No parameters.

    Scope: `dossier`.
    """

    name = "dated-later"
    summary = "Chaque élément du dossier daté après la date d'évaluation, que l'évaluation n'a pas compté."
    scopes = ("dossier",)
    message_fields = frozenset({"what", "id", "date", "as_of", "effect", "path"})

    def check(self, facts, _dossier):
        mine = facts.label.id
        for later in facts.later:
            if later.labels is not None and mine not in later.labels:
                continue
            if later.what == "piece" and not _serves(facts, later):
                continue  # another label's piece: said under that label, where it would count
            if later.what == "decision" and not _decided_for(facts, later.id):
                continue  # a decision is about the label its equivalence makes met
            what, effect = WHAT[later.what]
            if later.what == "nonconformity":  # an écart is not a non-conformité (LDM 010, 013)
                grade = later.grade or facts.label.default_nonconformity_grade
                what = french.GRADES.get(grade or "", "fiche d'écart").capitalize()
                if grade == "deviation":  # « écart », the one masculine among them
                    effect = "il n'est pas pris en compte"
            elif later.what == "audit":  # « Audit initial » (Eduform): as its label names it
                what = facts.label.audit_name(later.type).capitalize()
            date = (
                f"année {later.date.year}" if later.what == "measure" else describe_date(later.date)
            )
            # Subject by what the entry is, never by its position: order must not change a report.
            subject = f"{later.id}:{later.date.year}" if later.what == "measure" else later.id
            yield Violation(
                subject,
                mine,
                {
                    "what": what,
                    "id": _named(facts, later),
                    "date": date,
                    "as_of": describe_date(facts.as_of),
                    "effect": effect,
                    "path": later.path,
                },
                entry=entry_at(later.path),  # the audit itself, not the label's application
            )


def _serves(facts, later) -> bool:
    """Whether a piece set aside would have been this label's: its `supports` name it (the
    caller's test), or it names none and its type is the label's (`facts.serves_by_type`)."""
    return later.labels is not None or later.type is None or facts.serves_by_type(later.type)


def _named(facts, later) -> str:
    """How the message names the entry: its id, but a label by its name (« Euroscol »), and
    so an audit, which the dossier names by its label (`label = "ldm"`); a piece by its title
    when it has one (« Fiche LDM 001 », not its id « fiche »: the remedy audit)."""
    if later.what == "piece":
        return later.title or later.id
    label = facts.registry.labels.get(later.id) if later.what in ("award", "audit") else None
    return label.name if label else later.id


def _decided_for(facts, equivalence: str) -> bool:
    """Whether the equivalence a [[decisions]] entry names bears on this label (its target's);
    one no plugin declares was refused when the dossier was read."""
    return any(
        label_of(eq.target) == facts.label.id
        for eq in facts.registry.equivalences
        if eq.id == equivalence
    )
