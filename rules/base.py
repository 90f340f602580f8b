"""What every rule kind shares: its parameters, its violations, profile values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, TypeVar, cast

from labelcheck.core.scopes import Scope
from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from labelcheck.core.facts import LabelFacts
    from labelcheck.core.ruleset import Compiler


class Params(BaseModel):
    """The `check` table of a rule; each kind declares its own fields."""

    # Strict: a `min = "1"` or `years = 2.5` is the rule author's mistake, said as the rule
    # loads, never a value pydantic would quietly convert.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class FromProfile(Params):
    """A value the academy's profile decides: `{ param = "audit_team_min" }`."""

    param: str = Field(
        description="Name of the profile parameter whose value is used (e.g. `audit_team_min`)."
    )


Setting = int | str | bool | list | FromProfile

_V = TypeVar("_V")


class _ProfileValues(Protocol):
    """What `resolve` reads of a label's facts: the engine's, or a plugin's `check` typed with
    the public `labelcheck.plugin.LabelFacts` protocol, which both provide."""

    @property
    def params(self) -> Mapping[str, Any]: ...


def resolve(value: _V | FromProfile, facts: _ProfileValues) -> _V:
    """The value a rule parameter stands for: the profile's when it names one, else itself."""
    if isinstance(value, FromProfile):
        # The profile's values are untyped; the label's `[parameters]` declare them.
        return cast(_V, facts.params.get(value.param))
    return value


# `RuleKind.Params` names the kind's model class inside RuleKind: this names the base model.
_AnyParams = Params


@dataclass(slots=True)  # not frozen: see core/report.py
class Violation:
    """A rule not met by one subject; the engine turns it into a Finding."""

    subject: str
    ref: str
    values: dict[str, Any] = field(default_factory=dict)
    due: dt.date | None = None
    # Where the finding points in the dossier as written (`("audits", 2)`), for a rule that knows
    # better than its scope: one of scope `dossier` finding a given entry. None: by the scope.
    entry: tuple[str, int] | None = None
    # A part of that entry the finding is about, its key path within it (`("findings", 3)`: an
    # audit's constat): the CI formats point at its line rather than the entry's header.
    within: tuple[str | int, ...] = ()
    # What is due by `due`, as the échéancier names it, for a kind that knows better than the
    # nonconformity's grade (Eduform: « la non-conformité requalifiée majeure »). None: by it.
    due_what: str | None = None
    # `due` is the first day too late, not the last day allowed as every other one is: a
    # label's expiry, the day it has expired. Reports then say « avant le », not « au plus
    # tard le ».
    due_exclusive: bool = False
    # The lifting deadline of the nonconformity the finding is about, that the échéancier
    # announces, when the texts or the profile set one: the academy's 30 September, whatever
    # `due` is (a fiche's own earlier date, the date its fiche was to be joined). Two dates,
    # each with its consequence: a school learns both while it can still meet them.
    deadline: dt.date | None = None
    # What a finding of a rule of nature `text` rests on here beside the texts, when not them
    # alone (cli-and-report 1.1: each finding says its nature): `academy` for an equivalence the
    # academy's profile adopts, or a term that profile set in place of the text's. The
    # rule keeps its nature (under `national` it still applies); a rule already not the
    # texts' keeps its own. None: the rule's.
    nature: Literal["academy", "operational"] | None = None
    # That profile's value in words, said after the rule's source (« durée de validité de 5 ans
    # fixée par le profil « x » (le texte cité : 3 ans) », LabelFacts.term_setting): the quote
    # stays the text's own.
    setting: str | None = None
    # The label parameters the finding rests on, when fewer than its rule reads (audit-calendar:
    # the one delay found passed): its source says the profile's values of those alone.
    # None: every one the rule reads.
    reads: tuple[str, ...] | None = None


class RuleKind:
    """A kind of declarative check. Subclasses set the class attributes and `check`."""

    name: ClassVar[str]
    # What the kind checks, in one French sentence: `labelcheck explain` shows it to the
    # academies and plugin authors who read it (the docstring stays the developers' English).
    summary: ClassVar[str] = ""
    finding_kind: ClassVar[str | None] = None  # defaults to `name`
    scopes: ClassVar[tuple[Scope, ...]]
    message_fields: ClassVar[frozenset[str]] = frozenset()
    Params: ClassVar[type[Params]] = Params
    # The check's parameters of which one at least must be set for the kind to check anything
    # (audit-calendar's two delays): a rule reading them all from a profile that leaves them
    # unset never finds anything there, which `labelcheck explain` and a profile raising the
    # rule by its [[severity]] are told (core/applicability.py). Empty: the kind always checks.
    checks_nothing_without: ClassVar[frozenset[str]] = frozenset()

    params: _AnyParams  # each kind narrows it to its own model

    def __init__(self, params: _AnyParams, compiler: Compiler):
        self.params = params
        self.prepare(compiler)

    def prepare(self, compiler: Compiler) -> None:
        """Compile what can be compiled once (expressions, lookups); report errors to `compiler`."""

    def applies(self, facts: LabelFacts) -> bool:
        """Whether the rule may find anything in this label's facts: asked once per label,
        before its subjects. A kind that can tell cheaply that it has nothing to check (no
        file missing, for DocumentFile) spares a call per subject (four labels × two dozen
        pieces). Optional: left as it is, the engine does not ask."""
        return True

    def subjects(self, facts: LabelFacts, scope: Scope) -> Sequence[Any]:
        """What the rule is checked against: by default its scope's subjects in this label
        (`LabelFacts.subjects`). A kind may add to them (DocumentFile: the dossier's pieces no
        label claims). Optional: left as it is, the engine asks the facts directly."""
        return facts.subjects(scope)

    def check(self, facts: LabelFacts, subject: Any) -> Iterable[Violation]:
        raise NotImplementedError

    @classmethod
    def fields_for(cls, check: Mapping[str, Any], scope: str) -> frozenset[str]:
        """The fields the messages of a rule with this `check` table (as written) at this
        `scope` may name: the kind's own; a kind whose rules name more (expression's
        `values`) adds them; a kind whose scopes fill different fields (nonconformity-deadline)
        gives that scope's, so that a field the subject cannot fill is refused as the rule
        loads, not an internal error when it fires."""
        return cls.message_fields

    @classmethod
    def reported_kind(cls) -> str:
        return cls.finding_kind or cls.name

    def findings_kind(self) -> str:
        """This rule's findings' `kind`: its kind's, unless its parameters say what it checks
        (an expression rule checking a deadline)."""
        return self.reported_kind()


def describe_date(value: dt.date | None) -> str:
    """A date as French readers write it."""
    return (
        f"{value.day:02d}/{value.month:02d}/{value.year}" if value else "—"
    )  # strftime is 3 times slower
