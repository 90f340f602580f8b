"""What plugins declare: labels and their référentiels, document types, equivalences.

These are facts read from each plugin's data files; the core only reads them.
"""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from importlib.resources.abc import Traversable
from typing import Annotated, Any, Literal, TypeVar

from labelcheck.core.cache import lazy_pattern
from labelcheck.core.dossier import ApplicationType
from labelcheck.core.errors import (
    InputError,
    closest,
    error_loc,
    explain,
    format_path,
    listing,
    os_reason,
    received,
    said_once,
    suggest_message,
    utf8_problem,
)
from labelcheck.core.french import (
    MONTHS,
    audit_name,
    plural,
    quoted,
    typeset,
    unaccented,
    words,
)
from labelcheck.core.refs import number_in
from labelcheck.core.sourcemap import LazyLines, line_of, toml_lines
from labelcheck.core.toml import TOMLDecodeError, read_toml, toml_syntax
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictInt,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

# Described once here: every model of the catalog that has a nature or a wording reads it so.
Nature = Annotated[
    Literal["text", "academy", "operational"],
    Field(
        description="Whose text it is: `text` (national), `academy` (an academy's choice) or `operational` (labelcheck's reading)."
    ),
]
# Whether a title is the text's own wording or a paraphrase of ours (reports say which).
Wording = Annotated[
    Literal["official", "paraphrase"],
    Field(
        description="Whether `title` is the text's own wording (`official`) or a paraphrase of ours."
    ),
]


_F = TypeVar("_F", bound=BaseModel)


class Fact(BaseModel):
    """A frozen data model; unknown keys in a plugin's data are a plugin bug."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Item(Fact):
    """A numbered descriptor (LDM) or indicator (Qualiopi/Eduform) of a criterion."""

    number: StrictInt = Field(
        description="The item's number, unique within the label's référentiel (`ldm:6.32` names item 32)."
    )
    title: str = Field(description="The item's wording, in French.")
    source: str = Field("", description="The text and section the item comes from.")
    # A rule-engine expression over the application: the item applies only when true
    # (LDM network-only descriptors, Eduform indicators per action category).
    applies_when: str | None = Field(
        None,
        description="A rule-engine expression over the application: the item applies only when it is true.",
    )
    nature: Nature = "text"
    wording: Wording = "official"
    # The grade any nonconformity on this item counts as, whatever grade it was given
    # (Eduform: the indicators of the audit arrêté, art. 5, that give only major ones).
    nonconformity_grade: str | None = Field(
        None,
        description="The grade any nonconformity on this item counts as, whatever grade the dossier gives it.",
    )
    extra: dict[str, Any] = Field(
        default_factory=dict,
        description="Free data of the label's own about the item; the core does not read it.",
    )


class Criterion(Fact):
    number: StrictInt = Field(
        description="The criterion's number within the label (`ldm:6` names criterion 6)."
    )
    title: str = Field(description="The criterion's wording, in French.")
    source: str = Field("", description="The text and section the criterion comes from.")
    indicators: tuple[str, ...] = Field(
        (),
        description="Indicators the text suggests for this criterion, in French (shown to dossier authors).",
    )  # indicators the text suggests
    items: tuple[Item, ...] = Field(
        (), description="The criterion's numbered descriptors or indicators (`[[criteria.items]]`)."
    )
    nature: Nature = "text"
    wording: Wording = "official"


class DocumentType(Fact):
    id: str = Field(
        description="The type's identifier, as a dossier's `documents[].type` names it (`pv-ca`)."
    )
    title: str = Field(description="What the piece is, in French.")
    source: str = Field("", description="The text that asks for the piece.")
    nature: Nature = "text"
    label: str | None = Field(
        None,
        description="The label declaring the type (set by the core); absent for a type shared by all labels.",
    )  # the declaring label; None for a type shared by all
    # True for pieces that, without `supports`, serve every application (pv-ca,
    # projet-etablissement: dossier spec, "Keys for the other labels").
    serves_all: bool = Field(
        False,
        description="True for a piece that, without `supports`, serves every application of the dossier.",
    )


@dataclass(frozen=True, slots=True)
class _AuthorNames:
    inside: tuple[list[str], ...]  # words making a decision another's wherever they are
    leading: tuple[list[str], ...]  # names making it the school's own when they lead
    body: tuple[list[str], ...]  # the deciding body's names
    others: tuple[list[str], ...]  # other authors, advice, request, copy: anywhere


class Equivalence(Fact):
    """A criterion of `target` standing in for the holder of label `via` (or evidence for it)."""

    id: str = Field(
        description="The equivalence's identifier, as profiles and a dossier's `[[decisions]]` name it."
    )
    target: str = Field(
        description="The criterion it concerns, as a ref (`ldm:6`)."
    )  # a criterion ref, "ldm:6"
    via: str = Field(
        description="The label whose holder (or whose work) it concerns, by id (`euroscol`)."
    )  # a label id, "euroscol"
    effect: Literal["meets", "evidence"] = Field(
        "meets",
        description="`meets`: the criterion is met when the establishment itself holds `via` (no `holder` of another name), once adopted; `evidence`: `via`'s work serves as evidence while `via` is valid at the as-of date (the report lists the link).",
    )
    title: str = Field(description="What the equivalence says, in French.")
    source: str = Field(description="The text allowing it, quoted.")
    nature: Nature = "text"
    # Who may decide a `meets` equivalence, in French (« le groupe académique Lycée des
    # métiers »): the report says who may decide one that could apply and is not adopted.
    decided_by: str = Field(
        "", description="Who may decide a `meets` equivalence, in French (the report names them)."
    )
    # Its file, the lines of the file, and its index there (`load_equivalences`).
    _at: tuple[str, Mapping[tuple, int], int] | None = PrivateAttr(None)

    def where(self, key: str) -> tuple[str | None, int | None, str]:
        """The file, line and key path of one of its keys, as errors give them."""
        if self._at is None:
            return None, None, f"equivalences[{self.id}].{key}"
        file, lines, index = self._at
        return file, line_of(lines, ("equivalences", index, key)), f"equivalences[{index}].{key}"

    decided_by_names: list[str] = Field(
        [],
        description="Names of that body: a decision recorded in a dossier (`[[decisions]]`, its "
        "`by`) counts as its decision when `by` begins with one of them (after an article or "
        "« décision du »), its words together and in order, case, accents and punctuation aside "
        '(`["groupe lycée des métiers", "groupe LDM"]`): named further on (« le proviseur, '
        "après avis du groupe LDM », « copie au groupe LDM »), the body did not decide; "
        "empty: a decision by anyone counts.",
    )

    not_decided_by_words: list[str] = Field(
        [],
        description="Words, or names of several words (together and in order), that make a "
        "decision another body's, whatever name it holds "
        '(`["interne", "du lycée"]`: « groupe LDM interne au lycée », « groupe LDM du lycée » '
        "are the school's, not the groupe académique's), case and accents aside.",
    )

    not_decided_by_others: list[str] = Field(
        [],
        description="Names and words that, in a `by` not led by one of `decided_by_names`, "
        "show someone else decided, or the body only advised or was written to "
        '(`["proviseur", "chef d\'établissement", "avis", "copie"]`), each matched as whole '
        "words in order, case and accents aside: such a decision does not count. A `by` that "
        "neither names the body nor shows another author counts, and its rules may ask that "
        'its author be checked (the equivalence kind\'s `report = "unconfirmed"`).',
    )

    not_decided_by_leading: list[str] = Field(
        [],
        description="Names that, leading `by` (after an article), make a decision the "
        "school's own: the school naming itself (« Lycée Jean Lurçat »), its own group "
        '(`["lycée", "groupe de pilotage LDM"]`), case and accents aside.',
    )

    def author_of(self, by: str) -> Literal["body", "another", "unconfirmed"]:
        """Who a decision recorded as taken `by` someone is, for the body `decided_by` names:
        a school cannot grant itself a criterion (circular § 3, « le groupe Lycée des métiers
        peut décider »). `body`: the body's name leads `by`, its words together (« groupe
        académique Lycée des métiers (Orléans-Tours) »). `another`: `by` shows someone else
        decided: a body of the school itself (« groupe LDM interne au lycée », « Lycée Jean
        Lurçat »), or, the body's name not leading, an author or a word of advice, request or
        copy (« Le proviseur, après avis du groupe Lycée des métiers », « Proviseur du lycée
        des métiers Jacques-Cœur », which holds « lycée des métiers » as every labelled
        school's name does). `unconfirmed`: neither; the decision counts, as the dossier
        records it (dossier format 1.1), and its author is to be checked, not guessed."""
        written, names = words(by), self._author_names
        if not written:
            return "unconfirmed"
        if any(_holds(written, name) for name in names.inside):
            return "another"
        author = _author(written)
        if any(author[: len(name)] == name for name in names.leading):
            return "another"
        if not names.body or any(author[: len(name)] == name for name in names.body):
            return "body"
        if any(_holds(written, name) for name in names.others):
            return "another"
        return "unconfirmed"

    @property
    def _author_names(self) -> _AuthorNames:
        return _split_names(
            tuple(self.not_decided_by_words),
            tuple(self.not_decided_by_leading),
            tuple(self.decided_by_names),
            tuple(self.not_decided_by_others),
        )


@lru_cache(maxsize=64)
def _split_names(
    inside: tuple[str, ...],
    leading: tuple[str, ...],
    body: tuple[str, ...],
    others: tuple[str, ...],
) -> _AuthorNames:
    """An equivalence's names split into words once (a decision is judged at each label's
    evaluation; kept by the names, not on the equivalence, which model_copy would carry)."""

    def split(names: tuple[str, ...]) -> tuple[list[str], ...]:
        # A name written with its article (« la commission académique ») leads `by` without it.
        return tuple(_author(words(name)) for name in names)

    return _AuthorNames(
        tuple(words(name) for name in inside),
        split(leading),
        split(body),
        tuple(words(name) for name in others),
    )


# The words that may come before a body's name in who decided, as a dossier writes it:
# an article (« le groupe… »), « décision du… », « relevé de décisions du… » (accents aside).
_BEFORE_AUTHOR = frozenset(
    {"le", "la", "l", "les", "decision", "decisions", "releve", "de", "du", "des"}
)


def _holds(written: list[str], name: list[str]) -> bool:
    """Whether the words of `name` come in `written`, together and in order (« chef d'
    établissement » is not its « d » in « académie d'Orléans »)."""
    size = len(name)
    return any(written[start : start + size] == name for start in range(len(written) - size + 1))


def _author(written: list[str]) -> list[str]:
    """The words of who decided, from the first that is not an article or « décision du »."""
    start = 0
    while start < len(written) and written[start] in _BEFORE_AUTHOR:
        start += 1
    return written[start:]


ParameterType = Literal["integer", "boolean", "text", "list", "month-day"]
_TYPE_OF = {bool: "boolean", int: "integer", str: "text", list: "list"}
_DAYS_IN = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 February is not in every year
_MONTH_DAY = re.compile(r"(?a)(\d\d)-(\d\d)")


class Parameter(Fact):
    """A label parameter as its plugin declares it in `[parameters]`, and the values a
    profile may give it.

    `name = { type = "integer", min = 1, max = 10, default = 5 }`: `default` is the
    national value (absent: the national texts leave it unset, a profile sets it);
    `min` and `max` bound an integer, `at_most` names a parameter it may not exceed.
    Types: integer, boolean, text, list (of texts), month-day ("09-30", every year).
    A plain value (`name = 5`), as older plugins write, is the national value of a
    parameter of its type, within the default bounds below.
    """

    type: ParameterType = Field(
        description='The value\'s type: integer, boolean, text, list (of texts) or month-day ("09-30").'
    )
    default: Any = Field(
        None,
        description="The national value; absent when the national texts leave it to each academy's profile.",
    )
    # A count, a length, or days, months or years added to a date: never negative, and
    # bounded, so that no date computed from it leaves the calendar.
    min: int = Field(0, description="The smallest value of an integer parameter.")
    max: int = Field(10_000, description="The largest value of an integer parameter.")
    at_most: str | None = Field(
        None, description="The name of an integer parameter this one may not exceed."
    )
    # What a school reads where a profile sets the value (french.profile_setting): a
    # parameter's name is a word of the tool's, never of the reports (docs/messages.md).
    title: str | None = Field(
        None,
        description="What the value is, in French, as reports name it where a profile sets it "
        "(« délai de transmission des engagements après l'audit »); without it, they show "
        "`name = value`.",
    )
    unit: tuple[str, str] | None = Field(
        None,
        description='An integer\'s unit, singular then plural (`["jour", "jours"]`): « 1 jour », '
        "« 20 jours ».",
    )
    feminine: bool = Field(
        False,
        description="Whether `title` is a feminine noun: « durée … fixée par le profil », "
        "« délai … fixé ».",
    )

    @field_validator("unit", mode="before")
    @classmethod
    def _unit_in_two_forms(cls, unit: Any) -> Any:
        """`unit = ["jours"]` was told « unit[1] : clé obligatoire « 1 » absente » (the plugin
        audit of 7 December): say the two forms the reports need."""
        if isinstance(unit, str) or (isinstance(unit, list) and len(unit) != 2):
            raise ValueError(
                "une unité se donne au singulier puis au pluriel, « 1 jour », « 20 jours » : "
                f'`unit = ["jour", "jours"]`\u202f; {_forms_received(unit)}'
            )
        return unit

    def problem(self, value: Any) -> str | None:
        """Why `value` cannot be this parameter's value (French), or None if it can."""
        if self.type == "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                return _expected("un nombre entier est attendu", value)
            if not self.min <= value <= self.max:
                return f"{value} est hors des bornes : un entier de {self.min} à {self.max} est attendu"
            return None
        if self.type == "list":
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                return _expected("une liste de textes est attendue", value)
            return None
        if self.type == "month-day":
            return _month_day_problem(value)
        kind, words = {"boolean": (bool, BOOLEAN_EXPECTED), "text": (str, TEXT_EXPECTED)}[self.type]
        return None if isinstance(value, kind) else _expected(words, value)


def _forms_received(unit: str | list) -> str:
    """« reçu « jours » », « reçu 1 forme », « reçu 3 formes »: what a unit gave instead."""
    if isinstance(unit, list) and unit:
        return f"reçu {plural(len(unit), 'forme')}"
    return received(unit, texts_expected=True)


def _month_day_problem(value: Any) -> str | None:
    match = _MONTH_DAY.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return _expected(
            'un jour de l\'année « MM-JJ » est attendu (par exemple `"09-30"`)', value, True
        )
    month, day = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return f"{quoted(value)} : il n'y a pas de mois {month} (« MM-JJ », mois de 01 à 12)"
    if day == 29 and month == 2:
        return f"{quoted(value)} : le 29 février n'existe pas chaque année ; choisir le 28 février ou le 1er mars"
    if not 1 <= day <= _DAYS_IN[month - 1]:
        return f"{quoted(value)} : le {day} {MONTHS[month - 1]} n'existe pas ({_DAYS_IN[month - 1]} jours au plus)"
    return None


# A boolean said in words, then as the file writes it: « oui » in quotes is a text.
BOOLEAN_EXPECTED = "vrai ou faux attendu (`true` ou `false`)"
TEXT_EXPECTED = "un texte est attendu"


def _expected(expected: str, value: Any, texts_expected: bool = False) -> str:
    """`un nombre entier est attendu ; reçu « trois », un texte`: the dossier's errors' words,
    where « pas "trois" » quoted the value in ASCII as Python would."""
    return f"{expected}\u202f; {received(value, texts_expected)}"


def parameter_problem(specs: dict[str, Parameter], name: str, values: dict[str, Any]) -> str | None:
    """Why `values[name]` cannot be that parameter's value, `values` being all the
    parameters of the label as they would be used (French), or None if it can."""
    spec = specs[name]
    problem = spec.problem(values[name])
    bound = values.get(spec.at_most) if spec.at_most else None
    if (
        problem is None
        and bound is not None
        and spec.at_most is not None
        and specs[spec.at_most].problem(bound) is None
        and values[name] > bound
    ):
        return f"{name} ({values[name]}) ne peut pas dépasser {spec.at_most} ({bound})"
    return problem


def unfit_parameters(specs: dict[str, Parameter]) -> Iterator[tuple[str, str, str, str | None]]:
    """Each parameter whose `at_most` names no integer parameter, or whose national value a
    profile could not give: its name, the key at fault, why (French) and the name meant."""
    values = {name: spec.default for name, spec in specs.items()}
    integers = [name for name, spec in specs.items() if spec.type == "integer"]
    for name, spec in specs.items():
        if spec.at_most and spec.at_most not in integers:
            bound = specs.get(spec.at_most)
            what = f"est de type {bound.type}" if bound else "n'est pas déclaré dans [parameters]"
            base = (
                "at_most nomme un paramètre entier du label, que celui-ci ne peut dépasser : "
                f"{quoted(spec.at_most)} {what}"
            )
            others = sorted(set(integers) - {name})
            yield (
                name,
                "at_most",
                listing(base, others, "paramètres entiers"),
                closest(spec.at_most, others),
            )
            continue
        problem = parameter_problem(specs, name, values) if spec.default is not None else None
        if problem:
            yield name, "default", problem, None


def _parameters(declared: Any) -> Any:
    """A label's `[parameters]`: each a table (see Parameter), or a plain national value,
    made a table of its type here. Left for the model to refuse when neither."""
    if not isinstance(declared, dict):
        return declared
    return {
        name: {"type": _TYPE_OF[type(value)], "default": value}
        if type(value) in _TYPE_OF
        else value
        for name, value in declared.items()
    }


Anchor = Literal[
    "application.audit",
    "application.submitted",
    "audit.date",
    "audit.plan_returned",
    "audit.report_sent",
    "held.awarded",
    "held.expires",
    "held.renewal_due_from",
    "nonconformity.raised",
    "nonconformity.due",
]


class Recorded(Fact):
    """A date the dossier may record that a step is counted from, once known (the audit report
    sent: its return is due ten days after that, not after the latest date it could be sent)."""

    anchor: Anchor = Field(description="The recorded date (`audit.report_sent`).")
    days: int | str = Field(0, description="Days added to it, or the name of a label parameter.")


class Milestone(Fact):
    """A dated step of the label's calendar, counted from an anchor date of the dossier.

    An offset is a number or the name of a label parameter (the profile decides).
    """

    id: str = Field(description="The step's identifier within the label.")
    title: str = Field(
        description="The step as the timeline shows it, in French."
    )  # French, as the timeline shows it
    anchor: Anchor = Field(
        description="The dossier date it is counted from (`application.audit`, `held.expires`…)."
    )
    days: int | str = Field(
        0,
        description="Days added to the anchor (negative: before it), or the name of a label parameter.",
    )
    months: int | str = Field(
        0,
        description="Months added to the anchor (negative: before it), or the name of a label parameter.",
    )
    window_months: int | str | None = Field(
        None,
        description="For a window: its end, in months from the anchor, or the name of a label parameter.",
    )  # a window: its end, counted from the anchor
    # What the date is, so that a report badges it rightly once past: a deadline is met or
    # missed, a period's start opens it, an event (the audit) has taken place.
    kind: Literal["deadline", "start", "event"] = Field(
        "deadline",
        description="What the date is: a `deadline` (met or missed), the `start` of a period, or an `event` (the audit).",
    )
    source: str = Field("", description="The text setting the step.")
    nature: Nature = "text"
    recorded: Recorded | None = Field(
        None,
        description="A date the dossier may record that the step is counted from instead, once "
        "known: for an audit's date, on the audit of the application's audit date.",
    )
    held_by: str | None = Field(
        None,
        description="For a window: the type of the label's audit (`surveillance`) that, recorded "
        "within it by the as-of date, is the step done (the timeline says it took place then).",
    )
    done_by: Anchor | None = Field(
        None,
        description="For a deadline: the date the dossier records it done with "
        "(`audit.report_sent`, on the application's audit); recorded by the as-of date, the "
        "timeline says it was done then, not « à venir » or « date passée ».",
    )
    titles: dict[str, str] = Field(
        default_factory=dict,
        description="For a step counted from the application: its title by the application's "
        '`type` (`surveillance = "Audit de surveillance"`), where `title` would only say '
        "« initial, de surveillance ou de renouvellement ».",
    )


KeyType = Literal["text", "boolean", "integer", "date", "choice"]
# The dossier entries a plugin may add keys to: each application and award of its own
# label, or the establishment (which any installed label may describe further).
KeyEntry = Literal["establishment", "held", "applications"]
_KEY_NAME = r"^[a-z][a-z0-9_]*$"


CampaignCheckName = Literal[
    "auditor-double-booked", "referent-inspector-auditing", "audits-to-join"
]


class CampaignCheck(Fact):
    """The text behind one of `labelcheck campaign`'s checks across an academy's schools, as
    a label's texts state it (`[[campaign_checks]]`). The checks run on every label's audits;
    a label declaring one gives its source."""

    check: CampaignCheckName = Field(
        description="The check: `auditor-double-booked` (an auditor on two schools' audits one "
        "day), `referent-inspector-auditing` (a school's referent inspector in its audit team), "
        "`audits-to-join` (audits of one school for two labels close enough to be one visit)."
    )
    source: str = Field(min_length=1, description="The text it rests on: document, section, quote.")
    nature: Nature = Field(
        "text",
        description="`text` (the text says it), `academy` or `operational` (our reading of it).",
    )


class KeyEvidence(Fact):
    """Values of a dossier's key that are evidence of the label's criteria or items, as its
    texts say (`[[key_evidence]]`): the LDM circular counts a Campus des métiers membership
    (`establishment.campus`) for descriptor 24. Each value is a piece of evidence of its own,
    named by the value, in the criteria's evidence as pieces are."""

    key: Literal["establishment.campus"] = Field(
        description="The dossier's list whose values are evidence: `establishment.campus` (the "
        "Campus des métiers et des qualifications the school is a member of)."
    )
    supports: tuple[str, ...] = Field(
        min_length=1,
        description="The criteria or items of the label each value supports (`ldm:4.24`).",
    )
    source: str = Field(min_length=1, description="The text it rests on: document, section, quote.")


class DossierKey(Fact):
    """A key a label adds to the dossier format, as its plugin declares it in
    `[dossier_keys.new_keys.<entry>]`: `tete_de_cordee = { type = "boolean", description = "…" }`."""

    type: KeyType = Field(
        description="The value's type: text, boolean, integer, date, or choice (one of `values`)."
    )
    description: str = Field(
        min_length=1,
        description="What the key says, in French, as `labelcheck schema` and "
        "editors show it to dossier authors.",
    )
    values: tuple[str, ...] = Field(
        default=(), description="The allowed values of a `choice` key (only then)."
    )

    @model_validator(mode="after")
    def _values_for_choices(self) -> "DossierKey":
        if (self.type == "choice") != bool(self.values):
            raise ValueError(
                "values (la liste des valeurs possibles) se donne pour le type choice, et pour lui seul"
            )
        return self

    def problem(self, value: Any) -> str | None:
        """Why `value` cannot be this key's (French), or None if it can."""
        if self.type == "choice":
            return (
                None
                if value in self.values
                else _expected(
                    f"une valeur parmi {', '.join(self.values)} est attendue", value, True
                )
            )
        if self.type == "date":
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                return None
            # A JSON dossier has no dates: there, as in the model, an ISO text is the date.
            if isinstance(value, str) and _ISO_DATE().fullmatch(value):
                return None
            return _expected("une date AAAA-MM-JJ est attendue", value, True)
        expected = {
            "text": (str, TEXT_EXPECTED),
            "boolean": (bool, BOOLEAN_EXPECTED),
            "integer": (int, "un nombre entier est attendu"),
        }
        kind, words = expected[self.type]
        if isinstance(value, kind) and (self.type == "boolean" or not isinstance(value, bool)):
            return None
        return _expected(words, value)


_ISO_DATE = lazy_pattern(r"(?a)\d{4}-\d{2}-\d{2}")


def numbered_twice(item: int, criteria: list[Any], where: str = "") -> str:
    """Why an item number given twice in a label is refused (`criteria`: those holding it, in
    the order to name them; `where`: « dans le label ldm » when the text does not say it)."""
    holders = " et ".join(map(str, criteria))
    return (
        f"l'élément {item} est numéroté deux fois{f' {where}' if where else ''} "
        f"(critère{'s' if len(criteria) > 1 else ''} {holders})\u202f: les numéros des "
        "éléments sont uniques dans le référentiel"
    )


class LabelSpec(Fact):
    """One label's référentiel and the dossier keys that apply to it."""

    id: str = Field(
        description="The label's identifier, as dossiers and rule files name it (`ldm`), lower case."
    )
    name: str = Field(description="The label's name, in French (« Lycée des métiers »).")
    version: str = Field(description="The référentiel's version or date, as reports cite it.")
    item_name: str = Field(
        "descripteur",
        description="What the référentiel calls its items, in French, singular (« descripteur », « indicateur »).",
    )
    criterion_name: str = Field(
        "critère",
        description="What the référentiel calls its criteria, in French, singular, a masculine "
        "noun whose plural takes an s (« critère », « axe », « domaine »): the reports count them so.",
    )
    renewal_name: str = Field(
        "renouvellement",
        description="What the texts call the award's renewal, in French (« renouvellement », "
        "« relabellisation »): the reports say it so, in their synthesis, in the verdict and the "
        "held label's state (« relabellisation à engager », « … engagée ») and wherever they "
        "name a renewal application (its heading, `init`, the campaign).",
    )
    renewal_name_feminine: bool = Field(
        False,
        description="Whether `renewal_name` is a feminine noun (« relabellisation »): the "
        "reports make the words that go with it agree (« relabellisation engagée », "
        "« renouvellement engagé »). Said, never guessed from the word's ending.",
    )
    audit_names: dict[ApplicationType, str] = Field(
        default_factory=dict,
        description="What the label's texts call its audits, by type, in French "
        '(`initial = "audit initial"`, Eduform): the reports say it so wherever they name one '
        "of its audits (findings, auditors' grades, the audits' grid, the campaign's "
        "calendar). A type not given keeps its generic name: « audit de labellisation », "
        "« audit de renouvellement », « audit de suivi », « audit de surveillance ».",
    )
    validity_years: StrictInt | None = Field(
        None,
        description="How many years an award is valid, from which a held label's expiry is "
        "counted when its dossier gives none. Required, here or as the national value "
        "(`default`) of a `validity_years` parameter: where the texts set no term, an "
        "operational one, said in `source`.",
    )
    renewal_due_years: int = Field(1, description="How many years before expiry a renewal is due.")
    source: str = Field("", description="The texts the référentiel comes from.")
    criteria: tuple[Criterion, ...] = Field(
        (), description="The référentiel's criteria (`[[criteria]]`)."
    )
    document_types: tuple[DocumentType, ...] = Field(
        (), description="The document types this label declares (`[[document_types]]`)."
    )
    # Among the dossier format's types: one it does not know would be refused in every
    # school's dossier, the plugin's mistake landing on the school.
    application_types: tuple[ApplicationType, ...] = Field(
        ("initial", "renewal", "follow-up"),
        description="The application types the label knows (`[dossier_keys]`): initial, renewal, follow-up, surveillance.",
    )
    # Optional dossier keys this label gives a meaning to; others are rejected.
    application_keys: tuple[str, ...] = Field(
        (),
        description="Optional keys of the dossier format's `[[applications]]` this label gives a meaning to (`[dossier_keys]`); others are rejected.",
    )
    held_keys: tuple[str, ...] = Field(
        (),
        description="Optional keys of the dossier format's `[[held]]` this label gives a meaning to (`[dossier_keys]`).",
    )
    # Keys this label adds to the dossier format, by entry, declared with their type.
    new_keys: dict[KeyEntry, dict[Annotated[str, Field(pattern=_KEY_NAME)], DossierKey]] = Field(
        default_factory=dict,
        description="Keys this label adds to the dossier format (`[dossier_keys.new_keys.<entry>]`), by entry: establishment, held, applications.",
    )
    # After new_keys, which its validator reads.
    from_held: dict[ApplicationType, tuple[str, ...]] = Field(
        default_factory=dict,
        description="What an application of a type takes from the label held when it gives none, "
        "by application type: keys both `[[applications]]` and `[[held]]` have "
        '(`from_held = { surveillance = ["categories"] }`, Eduform: a surveillance audit '
        "surveils the certification held, for the action categories it certifies). The rules "
        "then read the held label's value as the application's (`application.categories`).",
    )
    audit_grades: tuple[str, ...] = Field(
        (), description="The grades an audit's findings may have for this label (`[dossier_keys]`)."
    )
    nonconformity_grades: tuple[str, ...] = Field(
        (), description="The grades a nonconformity may have for this label (`[dossier_keys]`)."
    )
    default_nonconformity_grade: str | None = Field(
        None,
        description="The grade of a nonconformity that gives none (`[dossier_keys]`); absent: the grade is required.",
    )
    milestones: tuple[Milestone, ...] = Field(
        (), description="The label's calendar (`[[milestones]]`)."
    )
    campaign_checks: tuple[CampaignCheck, ...] = Field(
        (),
        description="The texts behind `labelcheck campaign`'s cross-school checks (`[[campaign_checks]]`).",
    )
    key_evidence: tuple[KeyEvidence, ...] = Field(
        (),
        description="The dossier's keys whose values are evidence of the label's criteria or "
        "items (`[[key_evidence]]`).",
    )
    parameter_specs: dict[str, Parameter] = Field(
        default_factory=dict,
        description="The label's parameters (`[parameters]`), which academies' profiles may set.",
    )
    # How many criteria an academy's profile may add (LDM: one; Eduform: none), and the text saying so.
    max_extra_criteria: int = Field(
        0, description="How many criteria an academy's profile may add to the label (`[label]`)."
    )
    extra_criteria_source: str = Field(
        "", description="The text allowing academies to add criteria."
    )
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description="Free data of the label's own (`[facts]`); the core does not read it.",
    )
    offered_by_init: bool = Field(
        False,
        description="Whether `labelcheck init` applies for this label when no `--label` is given.",
    )  # `labelcheck init` applies for it when no --label is given
    origin: str = Field(
        "built in", description="Set by the core: `built in`, or the plugin's package and version."
    )
    # The référentiel it was read from, and the lines of its keys: where errors found
    # later (an `applies_when` that does not compile) point.
    _file: str = PrivateAttr("")
    _lines: Mapping[tuple, int] = PrivateAttr(default_factory=dict)

    def line_of(self, path: tuple) -> int | None:
        return line_of(self._lines, path) if self._lines else None

    @property
    def file(self) -> str:
        """The référentiel file it was read from (`referentiel.toml`), or its id and « référentiel »."""
        return self._file or f"{self.id} référentiel"

    def criterion(self, number: int) -> Criterion | None:
        return next((c for c in self.criteria if c.number == number), None)

    def audit_name(self, audit_type: str | None) -> str:
        """« audit initial » (Eduform), « audit de labellisation » (LDM): an audit of the label."""
        return audit_name(self.audit_names, audit_type)

    @cached_property
    def parameters(self) -> dict[str, Any]:
        """National values (None: not set nationally, a profile sets it)."""
        return {name: spec.default for name, spec in self.parameter_specs.items()}

    @property
    def national_validity_years(self) -> int | None:
        """The national term of an award, in years: the `validity_years` parameter's national
        value, else [label]'s (one of the two is required, `_a_term_is_known`)."""
        return self.parameters.get("validity_years") or self.validity_years

    @cached_property
    def parameter_types(self) -> dict[str, ParameterType]:
        return {name: spec.type for name, spec in self.parameter_specs.items()}

    @model_validator(mode="after")
    def _new_keys_are_new(self) -> "LabelSpec":
        """A declared key may not be one the dossier format already has."""
        from labelcheck.core.dossier import ENTRY_MODELS

        for entry, keys in self.new_keys.items():
            taken = sorted(set(keys) & set(ENTRY_MODELS[entry].model_fields))
            if taken:
                raise ValueError(
                    f"new_keys.{entry}\u202f: {', '.join(taken)} existe déjà dans le format de dossier"
                )
        return self

    @field_validator("from_held")
    @classmethod
    def _taken_from_held_by_both(
        cls, from_held: dict[str, tuple[str, ...]], info: ValidationInfo
    ) -> dict[str, tuple[str, ...]]:
        """A key taken from the label held is one both entries have: another would be read as
        nothing in every dossier, without a word."""
        from labelcheck.core.dossier import Application, Held

        new_keys = info.data.get("new_keys") or {}
        for application_type, keys in from_held.items():
            for key in keys:
                lacking = [
                    entry
                    for entry, model in (("applications", Application), ("held", Held))
                    if key not in model.model_fields and key not in new_keys.get(entry, {})
                ]
                if lacking:
                    raise ValueError(
                        f"{application_type}\u202f: {quoted(key)} n'est pas une clé de "
                        f"[[{lacking[0]}]]\u202f; une candidature ne reprend du label détenu "
                        "qu'une clé qu'ont les deux"
                    )
        return from_held

    @model_validator(mode="after")
    def _a_term_is_known(self) -> "LabelSpec":
        """A held label's expiry is counted from its term when the dossier gives none: with
        no term at all, every award expired the day it was granted (the plugin audit of 6
        December). Told to the plugin's author, never guessed."""
        if self.national_validity_years is None:
            raise ValueError(
                f"label {self.id}\u202f: durée de validité absente (validity_years)\u202f; "
                "la donner dans [label], ou comme valeur nationale (default) du paramètre "
                "validity_years\u202f: sans elle, labelcheck ne peut dater la fin d'un label "
                "détenu dont le dossier ne donne pas l'expiration. Si les textes n'en fixent "
                "pas, donner une durée opérationnelle et le dire dans la source du référentiel"
            )
        return self

    @model_validator(mode="after")
    def _criteria_numbered_once(self) -> "LabelSpec":
        """A criterion's number is unique: `ldm:6` names one (a LabelSpec built in code; a
        référentiel file is told at the number's own line, `_numbers_twice`)."""
        numbers = [criterion.number for criterion in self.criteria]
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        if twice:
            raise ValueError(f"label {self.id}\u202f: le critère {twice[0]} est numéroté deux fois")
        return self

    @model_validator(mode="after")
    def _items_numbered_once(self) -> "LabelSpec":
        """An item's number is unique within the référentiel: `ldm:8.40` says where 40 is, and
        a dossier naming 40 under another criterion is told which one holds it."""
        where: dict[int, int] = {}
        for criterion in self.criteria:
            for item in criterion.items:
                if item.number in where:
                    criteria = sorted({where[item.number], criterion.number})
                    raise ValueError(
                        f"label {self.id}\u202f: {numbered_twice(item.number, criteria)}"
                    )
                where[item.number] = criterion.number
        return self

    @model_validator(mode="after")
    def _national_values_fit(self) -> "LabelSpec":
        """A plugin's own values must be ones a profile could give (a plugin bug otherwise;
        a référentiel file is told at the key's own line, `_parameters_unfit`)."""
        for name, _key, problem, _meant in unfit_parameters(self.parameter_specs):
            raise ValueError(f"label {self.id}, paramètre {name}\u202f: {problem}")
        return self


class PluginDataError(Exception):
    """A plugin data file that cannot be read: every error of it, each with its file and line.

    The registry catches it and disables that plugin alone (its labels are not evaluated)."""

    def __init__(self, errors: list[InputError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def plugin_text(resource: Traversable) -> str | InputError:
    """A plugin's data file as text, or the error disabling its plugin: a file saved in
    Latin-1, or unreadable, is the plugin's mistake (its file and line), never the run's."""
    if isinstance(resource, str | bytes):
        # `load_label("referentiel.toml")`: an AttributeError of the loader was an internal
        # error; a path written as text is refused as a hook returning one is.
        return InputError(
            str(resource),
            None,
            "",
            typeset(
                "le fichier est donné en texte : le donner comme fichier "
                "(importlib.resources.files(__package__) / « x.toml », ou un pathlib.Path)"
            ),
        )
    try:
        return resource.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line, problem = utf8_problem(error.object, error)
        return InputError(str(resource), line, "", typeset(problem))
    except OSError as error:
        return unreadable(resource, error)


def unreadable(resource: Traversable, error: OSError) -> InputError:
    """A plugin's data file its hook names but that cannot be read; when it does not exist,
    the file beside it the hook likely meant (`rules-ldm.toml` for « rules-ldn.toml »), else
    the packaging that left it out."""
    if not isinstance(error, FileNotFoundError):
        return InputError(
            str(resource), None, "", typeset(f"fichier illisible : {os_reason(error)}")
        )
    hint = _sibling_meant(resource)
    message = f"fichier illisible : {os_reason(error)}" if hint else _NOT_PACKAGED
    return InputError(str(resource), None, "", typeset(message), hint)


# A file the hook names that the installed package lacks, with no file beside it named
# alike: most often one its wheel left out (`equivalences.toml` missing from package-data
# was offered « requirements.toml », the plugin author's audit).
_NOT_PACKAGED = (
    "fichier absent du paquet installé : s'il est dans les sources du plugin, l'ajouter aux "
    "fichiers de données du paquet (`[tool.setuptools.package-data]` de son pyproject.toml, "
    "ou MANIFEST.in), puis reconstruire et réinstaller le paquet ; sinon, corriger le nom "
    "que donne le point d'extension"
)


def _sibling_meant(resource: Traversable) -> str | None:
    """The file beside `resource` its name is a typo of, compared without their common
    suffix: whole names alike by `.toml` alone (`equivalences.toml`, `requirements.toml`)
    are not."""
    parent = getattr(resource, "parent", None)
    try:
        siblings = [f.name for f in parent.iterdir() if f.is_file()] if parent else []
    except OSError:
        return None
    name = resource.name
    suffix = name[name.rfind(".") :] if "." in name else ""
    stems = {s.removesuffix(suffix): s for s in siblings if s.endswith(suffix)}
    near = closest(name.removesuffix(suffix), stems)
    return stems[near] if near else None


def _read(resource: Traversable) -> tuple[str, str, dict[str, Any]]:
    """A plugin's TOML file: its name, text and data; a syntax error as a PluginDataError."""
    file, text = str(resource), plugin_text(resource)
    if isinstance(text, InputError):
        raise PluginDataError([text])
    try:
        return file, text, read_toml(text)
    except TOMLDecodeError as error:
        line, message = toml_syntax(error, text)
        raise PluginDataError([InputError(file, line, "", message)]) from None


def _model_errors(
    file: str,
    text: str,
    error: ValidationError,
    model: type[BaseModel],
    where: Callable[[tuple], tuple] = tuple,
) -> list[InputError]:
    """A model's errors in French, each at the line of its key in the file (`where` maps a
    key path of the model to the key path in the file)."""
    lines = toml_lines(text)
    out = []
    for e in said_once(error.errors(include_url=False), model):
        loc = error_loc(e)
        message, hint = explain(e, loc, model)
        at = where(loc)
        out.append(
            InputError(
                file, line_of(lines, at) if at else None, format_path(at), typeset(message), hint
            )
        )
    return out


# Keys of LabelSpec a référentiel gives as a section of its own: the section's name in the file.
_SECTIONS = {
    "criteria": "criteria",
    "document_types": "document_types",
    "facts": "facts",
    "milestones": "milestones",
    "parameter_specs": "parameters",
    "campaign_checks": "campaign_checks",
    "key_evidence": "key_evidence",
}


def _error_at(
    file: str, lines: Mapping[tuple, int], at: tuple, message: str, hint: str | None = None
) -> InputError:
    """An error of a plugin file at the line of the key path `at`."""
    return InputError(file, line_of(lines, at), format_path(at), typeset(message), hint)


def _numbers_twice(criteria: Any, file: str, lines: Mapping[tuple, int]) -> list[InputError]:
    """A criterion's number, or an item's, given a second time, each at its line: two criteria
    `egalite:2` would share one ref, a dossier's `egalite:3` be refused with the wrong hint."""
    errors: list[InputError] = []
    criteria_seen: dict[object, int] = {}
    items_seen: dict[object, object] = {}
    for index, criterion in enumerate(criteria if isinstance(criteria, list) else ()):
        if not isinstance(criterion, dict):
            continue  # the model says what is wrong with it
        number = criterion.get("number")
        if isinstance(number, int) and number in criteria_seen:
            errors.append(
                _error_at(
                    file,
                    lines,
                    ("criteria", index, "number"),
                    f"le critère {number} est numéroté deux fois (le {criteria_seen[number] + 1}e "
                    f"et le {index + 1}e [[criteria]]) : les numéros des critères sont uniques "
                    "dans le référentiel",
                )
            )
        criteria_seen.setdefault(number, index)
        items = criterion.get("items")
        for i_index, item in enumerate(items if isinstance(items, list) else ()):
            item_number = item.get("number") if isinstance(item, dict) else None
            if not isinstance(item_number, int):
                continue
            if item_number in items_seen:
                holders = sorted({items_seen[item_number], number}, key=str)
                at = ("criteria", index, "items", i_index, "number")
                errors.append(_error_at(file, lines, at, numbered_twice(item_number, holders)))
            items_seen.setdefault(item_number, number)
    return errors


# Keys of LabelSpec that plugins write under `[dossier_keys]` (what a dossier may say for the label).
DOSSIER_KEYS = (
    "application_types",
    "application_keys",
    "held_keys",
    "audit_grades",
    "nonconformity_grades",
    "default_nonconformity_grade",
    "new_keys",
)
# Keys of LabelSpec that `load_label` fills from the référentiel's other sections, or sets itself.
FILLED_BY_LOADER = frozenset({*_SECTIONS, "origin"})


def _misplaced(table: dict, file: str, lines: Mapping[tuple, int]) -> list[InputError]:
    """Keys of [label] that belong elsewhere (`application_types` is [dossier_keys]'s,
    `criteria` a [[criteria]] section) or that no section has: the model reads them from their
    own place, so that here they were read as nothing, and the label loaded without them."""
    own = set(LabelSpec.model_fields) - FILLED_BY_LOADER - set(DOSSIER_KEYS)
    errors = []
    for key in sorted(set(table) - own):
        if key in DOSSIER_KEYS:
            why = f"{quoted(key)} se donne dans la section [dossier_keys], pas dans [label]"
            hint = None
        elif key in _SECTIONS or key in _SECTIONS.values():
            name = _SECTIONS.get(key, key)
            section = f"[{name}]" if name in ("facts", "parameters") else f"[[{name}]]"
            why = f"{quoted(key)} se donne dans sa propre section {section}, pas dans [label]"
            hint = None
        else:
            base = typeset(f"clé inconnue {quoted(key)} dans [label]")
            why, hint = listing(base, sorted(own), "clés possibles"), closest(key, own)
        errors.append(
            InputError(file, line_of(lines, ("label", key)), f"label.{key}", typeset(why), hint)
        )
    return errors


_LABEL_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _id_refused(label_id: Any, file: str, lines: Mapping[tuple, int]) -> list[InputError]:
    """A label id dossiers could not write in their refs as they write the others (`Mixite`,
    `ldm:9` being lower case, `égalité`, `mixité des métiers`): rules naming it in lower case
    were told the label did not exist, and refs of it suggested the upper case."""
    if not isinstance(label_id, str) or _LABEL_ID.fullmatch(label_id):
        return []
    meant = re.sub(r"[^a-z0-9_-]+", "-", unaccented(label_id).lower()).strip("-_")
    return [
        _error_at(
            file,
            lines,
            ("label", "id"),
            f"identifiant de label {quoted(label_id)} : lettres minuscules sans accent, "
            "chiffres, tirets et tirets bas, comme les références des dossiers l'écrivent "
            "(ldm, e3d, ldm:6)",
            meant if meant and _LABEL_ID.fullmatch(meant) else None,
        )
    ]


def _keys_taken(dossier_keys: Any, file: str, lines: Mapping[tuple, int]) -> list[InputError]:
    """`[dossier_keys.new_keys.<entry>]` keys the dossier format already has, each at its line."""
    from labelcheck.core.dossier import ENTRY_MODELS

    new_keys = dossier_keys.get("new_keys") if isinstance(dossier_keys, dict) else None
    errors = []
    for entry, keys in new_keys.items() if isinstance(new_keys, dict) else ():
        if entry not in ENTRY_MODELS or not isinstance(keys, dict):
            continue  # the model says what is wrong with these
        for key in sorted(set(keys) & set(ENTRY_MODELS[entry].model_fields)):
            errors.append(
                _error_at(
                    file,
                    lines,
                    ("dossier_keys", "new_keys", entry, key),
                    f"la clé {quoted(key)} existe déjà dans le format de dossier : un label "
                    "n'ajoute que des clés nouvelles (pour donner un sens à une clé du "
                    "format, la nommer dans application_keys ou held_keys)",
                )
            )
    return errors


_OFFSETS = (("days",), ("months",), ("window_months",), ("recorded", "days"))


def _offsets_unknown(
    milestones: Any, parameters: Any, file: str, lines: Mapping[tuple, int]
) -> list[InputError]:
    """A milestone's offset naming a parameter the label does not declare, or one that is not
    an integer: the step would silently never show (`timeline` skips a step whose parameter
    is unset, which is how a profile switches one off)."""
    declared = parameters if isinstance(parameters, dict) else {}
    integers = sorted(
        name
        for name, spec in declared.items()
        if isinstance(spec, dict) and spec.get("type") == "integer"
    )
    errors = []
    for index, milestone in enumerate(milestones if isinstance(milestones, list) else ()):
        for keys in _OFFSETS:
            value: Any = milestone
            for key in keys:
                value = value.get(key) if isinstance(value, dict) else None
            if not isinstance(value, str):
                continue  # a number, or absent; the model checks the rest
            name = value.removeprefix("-")
            if name in integers:
                continue
            what = "n'est pas un paramètre entier" if name in declared else "n'est pas déclaré"
            base = (
                f"le paramètre {quoted(name)} {what} dans [parameters] : un décalage est un "
                "nombre, ou le nom d'un paramètre entier du label"
            )
            message = listing(base, integers, "paramètres entiers") if integers else base
            at = ("milestones", index, *keys)
            errors.append(_error_at(file, lines, at, message, closest(name, integers)))
    return errors


def _parameters_unfit(
    written: Any, declared: Any, file: str, lines: Mapping[tuple, int]
) -> tuple[Any, list[InputError]]:
    """The label's parameters (`declared`, as `_parameters` made them of the file's
    `written`), validated once here so that a national value a profile could not give, or an
    `at_most` naming no integer parameter, is told at its own key and line (the model could
    only name the label, at line 1: the plugin audit of 7 December). When one of them is
    itself malformed, they are left as written, for the model to say why."""
    try:
        specs = {name: Parameter.model_validate(spec) for name, spec in declared.items()}
    except (ValidationError, AttributeError):
        return declared, []
    # A national value given plain (`x = 5`) is said at the parameter's own key.
    tables = {n for n, v in written.items() if isinstance(v, dict)} if written else set()
    errors = [
        _error_at(file, lines, ("parameters", name, key)[: 3 if name in tables else 2], why, meant)
        for name, key, why, meant in unfit_parameters(specs)
    ]
    return specs, errors


def load_label(resource: Traversable, **overrides: Any) -> LabelSpec:
    """Read a plugin's `referentiel.toml` into a LabelSpec; its mistakes as a PluginDataError."""
    file, text, data = _read(resource)
    lines = LazyLines(text, is_json=False)  # mapped only if an error needs a line
    errors = [
        InputError(
            file,
            line_of(lines, (name,)),
            name,
            *suggest_message(
                typeset(f"section inconnue {quoted(name)} dans un référentiel"),
                name,
                ["label", "dossier_keys", *_SECTIONS.values()],
            ),
        )
        for name in sorted(set(data) - {"label", "dossier_keys", *_SECTIONS.values()})
    ]
    if not isinstance(data.get("label"), dict):
        errors.append(
            InputError(
                file,
                line_of(lines, ("label",)),
                "label",
                typeset("section [label] absente : elle donne id, name et version du label"),
            )
        )
    if errors:
        raise PluginDataError(errors)
    errors += _misplaced(data["label"], file, lines)
    if errors:
        raise PluginDataError(errors)
    label = dict(data["label"])
    label["criteria"] = data.get("criteria", [])
    label["document_types"] = [
        {**d, "label": label.get("id")} if isinstance(d, dict) else d
        for d in data.get("document_types", [])
    ]
    label["facts"] = data.get("facts", {})
    label["milestones"] = data.get("milestones", [])
    label["campaign_checks"] = data.get("campaign_checks", [])
    label["key_evidence"] = data.get("key_evidence", [])
    label["parameter_specs"] = _parameters(data.get("parameters", {}))
    dossier_keys = data.get("dossier_keys", {})
    label.update(dossier_keys if isinstance(dossier_keys, dict) else {})
    label.update(overrides)

    def where(loc: tuple) -> tuple:
        if not loc:
            return ("label",)
        head, rest = loc[0], loc[1:]
        if head in _SECTIONS:
            return (_SECTIONS[head], *rest)
        return ("dossier_keys" if head in dossier_keys else "label", *loc)

    # At the key's own line, where a check of the model could only name the label.
    errors = (
        _id_refused(label.get("id"), file, lines)
        + _keys_taken(dossier_keys, file, lines)
        + _offsets_unknown(data.get("milestones"), label["parameter_specs"], file, lines)
        + _numbers_twice(data.get("criteria"), file, lines)
    )
    label["parameter_specs"], unfit = _parameters_unfit(
        data.get("parameters"), label["parameter_specs"], file, lines
    )
    errors += unfit
    if errors:
        raise PluginDataError(errors)
    try:
        spec = LabelSpec.model_validate(label)
    except ValidationError as error:
        raise PluginDataError(_model_errors(file, text, error, LabelSpec, where)) from None
    if errors := _key_evidence_refs(spec, file, lines):
        raise PluginDataError(errors)
    spec._file, spec._lines = file, lines
    return spec


def _key_evidence_refs(spec: LabelSpec, file: str, lines: Mapping[tuple, int]) -> list[InputError]:
    """A `[[key_evidence]]` ref that names no criterion or item of the label itself: the values
    would support nothing, and no report would say why."""
    errors = []
    for index, declared in enumerate(spec.key_evidence):
        for position, ref in enumerate(declared.supports):
            if not _names_its_own(spec, ref):
                errors.append(
                    _error_at(
                        file,
                        lines,
                        ("key_evidence", index, "supports", position),
                        f"{quoted(ref)} ne nomme ni critère ni item du label {spec.id}",
                    )
                )
    return errors


def _names_its_own(spec: LabelSpec, ref: str) -> bool:
    """Whether `ref` names the label itself, one of its criteria, or one of their items."""
    label, _, rest = ref.partition(":")
    if label != spec.id or not rest:
        return label == spec.id
    number, _, item = rest.partition(".")
    written = number_in(number)
    criterion = spec.criterion(written) if written is not None else None
    if criterion is None or not item:
        return criterion is not None
    item_number = number_in(item)
    return item_number is not None and any(i.number == item_number for i in criterion.items)


def _entries(resource: Traversable, section: str, model: type[_F]) -> list[_F]:
    """The `[[section]]` entries of a plugin file, each validated by `model`."""
    return _located_entries(resource, section, model)[0]


def _located_entries(
    resource: Traversable, section: str, model: type[_F]
) -> tuple[list[_F], str, LazyLines]:
    """`_entries`, with the file's name and the lines of its keys (mapped only when asked)."""
    file, text, data = _read(resource)
    unknown = sorted(set(data) - {section})
    lines = LazyLines(text, is_json=False)  # mapped only if an error needs a line
    errors = [
        InputError(
            file,
            line_of(lines, (name,)),
            name,
            *suggest_message(typeset(f"section inconnue {quoted(name)}"), name, [section]),
        )
        for name in unknown
    ]
    entries = data.get(section, [])
    if not isinstance(entries, list):
        errors.append(
            InputError(
                file,
                line_of(lines, (section,)),
                section,
                typeset(f"[[{section}]] attendu : une liste de tables"),
            )
        )
        raise PluginDataError(errors)
    out = []
    for index, entry in enumerate(entries):
        try:
            out.append(model.model_validate(entry))
        except ValidationError as error:
            errors.extend(
                _model_errors(file, text, error, model, partial(_within, (section, index)))
            )
    if errors:
        raise PluginDataError(errors)
    return out, file, lines


def _within(at: tuple, loc: tuple) -> tuple:
    return (*at, *loc)


def load_equivalences(resource: Traversable) -> list[Equivalence]:
    """Read a plugin's `equivalences.toml` (`[[equivalences]]`), each entry knowing its file
    and line: what the registry finds wrong with it later (a criterion that does not exist)
    is said there."""
    entries, file, lines = _located_entries(resource, "equivalences", Equivalence)
    for index, entry in enumerate(entries):
        entry._at = (file, lines, index)
    return entries


def load_document_types(resource: Traversable) -> list[DocumentType]:
    """Read a plugin's `document-types.toml` (`[[document_types]]`), types shared by every label."""
    return _entries(resource, "document_types", DocumentType)
