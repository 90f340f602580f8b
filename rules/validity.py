"""Where a held label stands at the as-of date: valid, renewal due, expired."""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

from typing import Literal

from labelcheck.rules.base import Params, RuleKind, Violation, describe_date
from pydantic import Field


class ValidityParams(Params):
    status: Literal["renewal-due", "expired"] = Field(
        description="The status of the held label that gives a finding at the as-of date: "
        "`renewal-due` (its renewal window has opened) or `expired`."
    )


class Validity(RuleKind):
    """The label held has reached the given status at the as-of date.

    Scope: `dossier`. The status is the held label's alone, whatever the dossier applies
    for: a `renewal-due` rule also fires beside the renewal application it asks for, and an
    `expired` one beside a new application. Give it the `when` that says when it is news
    (`when = "application&.type != 'renewal'"`, `when = "application == null"`), as the
    built-in labels do.
    """

    name = "validity"
    summary = (
        "Le label détenu a atteint l'état indiqué (à renouveler, expiré…) à la date d'évaluation."
    )
    scopes = ("dossier",)
    message_fields = frozenset({"label", "awarded", "expires", "renewal_due_from", "as_of"})
    Params = ValidityParams
    params: ValidityParams

    def check(self, facts, _dossier):
        status = facts.held_status(facts.label.id, facts.as_of)
        if status is None or status.status != self.params.status:
            return
        yield Violation(
            facts.label.id,
            facts.label.id,
            {
                "label": facts.label.name,
                "awarded": describe_date(status.awarded),
                "expires": describe_date(status.expires),
                "renewal_due_from": describe_date(status.renewal_due_from),
                "as_of": describe_date(facts.as_of),
            },
            due=status.expires,
            due_exclusive=True,  # on its expiry day, the label has expired
            # Counted from the term the academy's profile set, the dates are its choice: the
            # text the rule cites gives another term.
            nature="academy" if status.term_by_profile is not None else None,
            setting=facts.term_setting(status),
        )
