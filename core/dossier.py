"""The dossier model, version 1 of the contract (shared/spec/dossier-format.md).

Strict: an unknown key, a string where a date is due, a number as a string
are all errors. Checks across entries (ids, references, files) live in
:mod:`labelcheck.core.validation`, since they need the installed labels.
"""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal

from labelcheck.core import french
from labelcheck.core.dates import EARLIEST, LATEST, YEAR_PATTERN
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

UAI_KEYS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # 23 letters: I, O and Q are left out


def uai_check_letter(digits: str) -> str:
    """The check letter of a UAI: its 7-digit number modulo 23 indexes UAI_KEYS."""
    return UAI_KEYS[int(digits) % 23]


_UAI = re.compile(
    r"[0-9]{7}[A-Z]", re.IGNORECASE | re.ASCII
)  # ASCII digits: str.isdigit() takes ０ or ٠ too


def _uai_meant(uai: str) -> str | None:
    """The UAI a slip of hand-typing stands for, when one repair gives a valid one whose check
    letter matches: the leading 0 a spreadsheet drops (« 451442Y »), the letter O typed for
    a zero (« O451442Y »), a space (« 0451442 Y »)."""
    repairs = {
        "0" + uai,
        uai[:-1].replace("O", "0").replace("o", "0") + uai[-1:],
        "".join(uai.split()),
    }
    valid = {
        repaired
        for repaired in repairs
        if _UAI.fullmatch(repaired) and uai_check_letter(repaired[:7]) == repaired[7].upper()
    }
    return valid.pop() if len(valid) == 1 else None


def _valid_uai(uai: str) -> str:
    if not _UAI.fullmatch(uai):
        if len(uai) == 8 and uai[:7].isdigit():
            raise ValueError(
                f"{french.quoted(uai)} n'est pas un numéro UAI{french.NNBSP}: ses chiffres doivent être "
                "les chiffres ASCII 0 à 9 (ceux-ci sont d'une autre écriture, pleine chasse ou "
                f"arabe){french.NNBSP}; les retaper au clavier"
            )
        raise ValueError(
            french.suggestion(
                f"{french.quoted(uai)} n'est pas un numéro UAI{french.NNBSP}: 7 chiffres et une "
                "lettre de contrôle attendus, par exemple 0750653C",
                _uai_meant(uai),
            )
        )
    expected = uai_check_letter(uai[:7])
    if uai[7].upper() != expected:
        raise ValueError(
            # The letter is checked against the digits: either may be the one mistyped.
            f"lettre de contrôle du numéro UAI {french.quoted(uai)} erronée{french.NNBSP}: pour "
            f"les chiffres {uai[:7]}, la lettre est {expected} ({french.quoted(uai[:7] + expected)})"
            f"{french.NNBSP}; si la lettre est juste, c'est l'un des chiffres qui est faux"
        )
    if uai[7] != expected:
        raise ValueError(
            f"la lettre de contrôle du numéro UAI {french.quoted(uai)} s'écrit en majuscule{french.NNBSP}: "
            f"{french.quoted(uai[:7] + expected)}"
        )
    return uai


def _integer_version(value: object) -> object:
    # Literal[1] takes True and 1.0, which Python holds equal to 1: the version is an integer.
    if isinstance(value, bool | float):
        # Named as the dossier writes it: true, not Python's True.
        given, kind = (
            (str(value).lower(), "un booléen")
            if isinstance(value, bool)
            else (repr(value), "un nombre décimal")
        )
        raise ValueError(
            f"attendu l'entier 1 (la version du contrat){french.NNBSP}; reçu {given}, {kind}"
        )
    return value


# The schema gives editors and academic systems the UAI's shape (its check letter is
# computed, which no pattern says); the validator checks the letter too, in French.
Uai = Annotated[
    str,
    AfterValidator(_valid_uai),
    WithJsonSchema({"type": "string", "pattern": f"^[0-9]{{7}}[{UAI_KEYS}]$"}),
]
# Bounds checked by pydantic-core itself: a Python validator on each of a dossier's ~60 dates
# was a seventh of its validation. `errors.explain` words the refusal.
Date = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]
Year = Annotated[int, Field(ge=1900, le=2199)]  # as dates and the years keying values
# A year, as a pattern pydantic-core matches (`errors.explain` words the refusal); its JSON
# Schema stays a plain string, as the Python validator it replaces left it.
YearKey = Annotated[
    str, StringConstraints(pattern=YEAR_PATTERN), WithJsonSchema({"type": "string"})
]
# `labelcheck schema` replaces it with the installed labels' references.
REF_DESCRIPTION = "Une référence : 'ldm', 'ldm:6' ou 'ldm:6.32'"
Ref = Annotated[str, Field(min_length=1, description=REF_DESCRIPTION)]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Id = Annotated[str, Field(min_length=1, pattern=ID_PATTERN)]
COUNTRY_PATTERN = r"^[A-Z]{2}$"  # ISO 3166 alpha-2
# A required text must say something: `name = "  "`, an empty spreadsheet cell as exported,
# read as a school without a name. Matched by pydantic-core, as Id's pattern is: a Python
# validator on each such key would cost every valid dossier.
NOT_BLANK_PATTERN = r"\S"
Text = Annotated[str, StringConstraints(pattern=NOT_BLANK_PATTERN)]
# A name that is optional, or an entry of a list of names (an audit's auditors, lead and
# referent inspector, an application's denominations, a school's campus), names someone or
# something: an empty cell exported as "" was counted as a third auditor, and asked a leaflet
# for the denomination « ». Its own pattern (matching as NOT_BLANK_PATTERN does) for its own
# words: such a key is not a required one.
NAME_PATTERN = r"[^\s]"
Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]


def _climbing_out(depth: int) -> str:
    """A regular expression matching the start of a path that climbs out of its folder by `..`
    (validation.py, `_climbs_out`): parts that come back to the folder, then a `..`. A path
    that first goes `depth` folders down and comes back is not seen: the schema lets it through
    and labelcheck's own check refuses it, so the schema is never stricter than labelcheck
    (`pieces/../pieces/a.pdf` stays inside: no escape, dossier format)."""
    sep = r"[/\\]"
    same = rf"\.?{sep}"  # an empty part or `.`, and its separator: the same folder
    down = rf"(?!\.\.?{sep})[^/\\]+{sep}"  # a folder's name, and its separator
    up = rf"\.\.{sep}"
    back = f"(?:{same})*"  # parts that come back where they started, `depth` folders deep
    for _ in range(depth):
        back = f"(?:{same}|{down}{back}{up})*"
    return rf"{back}\.\.(?:{sep}|$)"


# A piece's file as the schema tells an editor: relative, never `..` out of the folder, no NUL.
# The schema's only: the model lets every string through for the cross-entry checks, whose
# messages say what to write instead (validation.py, `file_problem`).
FILE_PATTERN = rf"^(?![/\\])(?![A-Za-z]:)(?!{_climbing_out(8)})[^\x00]+$"
FilePath = Annotated[
    str, WithJsonSchema({"type": "string", "minLength": 1, "pattern": FILE_PATTERN})
]
Number = int | float
ApplicationType = Literal["initial", "renewal", "follow-up", "surveillance"]
Category = Literal["training", "skills-assessment", "vae", "apprenticeship"]


def new_list() -> list[Any]:
    """A new empty list, the default factory of the models' list fields. Not the builtin `list`:
    pydantic reads a factory's signature, and the builtin's is parsed from its text (tokenize,
    ast) at each field, for 28 fields a cold start (1.9 % of its instructions, callgrind)."""
    return []


def empty_list() -> Any:
    """A list empty by default, made anew for each entry: pydantic deep-copies a `[]` default,
    some thirty times a dossier (a sixth of the model's time). The JSON Schema still says `[]`."""
    return Field(default_factory=new_list, json_schema_extra={"default": []})


class Entry(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Extensible(Entry):
    """An entry labels may add keys to (their plugins declare them): the model keeps any
    other key, and DossierChecks accepts only those an installed label declares, with
    their type (core/validation.py), so that a typo is still an error."""

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)


class Establishment(Extensible):
    uai: Uai = Field(description="UAI (ex-RNE) : 7 chiffres et une lettre de contrôle")
    name: Text
    kind: Literal["lp", "lpo", "lgt", "erea", "college", "greta", "cfa", "other"]
    sector: Literal["public", "private-contract", "private"]
    academy: str | None = None
    campus: list[Name] = empty_list()


class Held(Extensible):
    """Un label déjà attribué."""  # French: the JSON Schema shows it to dossier authors

    label: str
    awarded: Date
    expires: Date | None = None
    level: Annotated[int, Field(ge=1, le=3)] | None = None
    holder: str | None = None
    categories: list[Category] | None = None

    @field_validator("expires")
    @classmethod
    def _not_before_award(cls, expires: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # A check of the key, not of the entry, so that the error names `held[N].expires`.
        # Only an expiry before the award is refused (dossier format 1.1): on the same day,
        # the label is simply expired from that day.
        awarded = info.data.get("awarded")  # absent when it was itself refused
        if expires and awarded and expires < awarded:
            raise ValueError(
                f"la date d'expiration (expires = {expires}) précède celle d'attribution "
                f"(awarded = {awarded})"
            )
        return expires


class Application(Extensible):
    """Une candidature en cours (une par label)."""

    label: str
    type: ApplicationType
    title: str | None = None
    denominations: list[Name] = empty_list()
    network: bool = False
    submitted: Date | None = None
    audit: Date | None = None
    level: Annotated[int, Field(ge=1, le=3)] | None = None
    categories: list[Category] | None = None
    new_entrant: bool | None = None
    subcontracting: bool | None = None  # Eduform: part of the actions subcontracted (1.1)


# The entries a plugin may add keys to, by the name its `new_keys` gives them.
ENTRY_MODELS: dict[str, type[Extensible]] = {
    "establishment": Establishment,
    "held": Held,
    "applications": Application,
}


class Document(Entry):
    id: Id
    type: str
    title: str | None = None
    date: Date | None = None
    file: FilePath | None = None
    years: list[Year] = empty_list()
    denomination: str | None = None
    supports: list[Ref] = empty_list()


class Indicator(Entry):
    id: Id
    name: Text
    supports: Annotated[list[Ref], Field(min_length=1)]
    values: dict[YearKey, Number] = Field(default_factory=dict)
    target: Number | None = None
    # Whether the target is a floor to reach (a rate of further study) or a ceiling not to pass
    # (a dropout rate): without it a report cannot say whether the target is met.
    direction: Literal["minimum", "maximum"] | None = Field(
        default=None,
        description="Sens de la cible : minimum (seuil à atteindre) ou maximum (plafond à ne pas dépasser)",
    )


class Action(Entry):
    id: Id
    title: Text
    supports: list[Ref] = empty_list()
    indicators: list[Id] = empty_list()
    owner: str | None = None
    start: Date | None = None
    end: Date | None = None
    done: Date | None = None


class SelfAssessment(Entry):
    ref: Ref
    evidence: list[Id] = empty_list()
    note: str | None = None


class AuditFinding(Entry):
    ref: Ref
    grade: str
    text: str | None = None


class Audit(Entry):
    label: str
    type: ApplicationType
    date: Date
    auditors: list[Name] = empty_list()
    lead: Name | None = None
    referent_inspector: Name | None = None
    plan_returned: Date | None = None
    report_sent: Date | None = None
    findings: list[AuditFinding] = empty_list()


class Nonconformity(Entry):
    """Une fiche d'écart."""

    id: Id
    ref: Ref
    grade: str | None = None
    audit_type: ApplicationType
    raised: Date
    due: Date | None = None
    status: Literal["open", "lifted"]
    corrective_action: str | None = None
    owner: str | None = None
    # Validated when absent too: a lifted fiche without it is an error of this key.
    lifted: Date | None = Field(default=None, validate_default=True)

    @field_validator("lifted")
    @classmethod
    def _lifted_as_status_says(cls, lifted: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # The key's own check, so that the error names it, `nonconformities[N].lifted`, at its
        # line: required when the fiche is lifted, forbidden while it is open (the contract).
        status = info.data.get("status")
        if lifted is None and status == "lifted":
            raise ValueError(
                f'fiche levée (`status = "lifted"`) sans date de levée{french.NNBSP}: '
                "ajouter `lifted = AAAA-MM-JJ`"
            )
        if lifted is not None and status == "open":
            raise ValueError(
                f"date de levée (lifted) donnée pour une fiche encore ouverte{french.NNBSP}: "
                'écrire `status = "lifted"`, ou retirer la date'
            )
        raised = info.data.get("raised")  # absent when it was itself refused
        if lifted and raised and lifted < raised:  # a slip of the pen, as expires < awarded
            raise ValueError(
                f"la date de levée (lifted = {lifted}) précède celle de la fiche (raised = {raised})"
                f"{french.NNBSP}: corriger l'une des deux dates"
            )
        return lifted


class Partner(Entry):
    id: Id
    name: Text
    kind: Literal[
        "company", "local-authority", "association", "school", "campus", "public-body", "other"
    ]
    country: Annotated[str, Field(pattern=COUNTRY_PATTERN)] = "FR"
    agreement: Id | None = None
    supports: list[Ref] = empty_list()


class Decision(Entry):
    """Une décision d'une instance académique sur l'établissement : à ce jour, l'adoption d'une
    équivalence (circulaire du 23 octobre 2023, § 3 : le groupe Lycée des métiers « peut décider »)."""

    kind: Literal["equivalence"]
    equivalence: Text = Field(description="L'identifiant d'une équivalence déclarée par un label")
    by: Text = Field(description="L'instance qui a décidé")
    date: Date
    reference: str | None = None


def _meant_country(written: object) -> str | None:
    from labelcheck.core.countries import countries  # its data is read only for a bad code

    return countries().meant(written)


def _meant_id(written: object) -> str | None:
    """The id an author likely meant: « projet-établissement » → « projet-etablissement »,
    « A6 1 » → « A6-1 » (accents taken off, spaces made hyphens, what is left kept)."""
    if not isinstance(written, str):
        return None
    plain = re.sub(r"\s+", "-", french.unaccented(written.strip()))
    meant = re.sub(r"[^A-Za-z0-9_.-]", "", plain).lstrip("_.-")
    return meant if meant and meant != written and re.fullmatch(ID_PATTERN, meant) else None


class Dossier(Entry):
    """Les éléments de preuve d'un établissement pour un ou plusieurs labels."""

    # Its unknown keys and values are offered the ones their French words mean (errors.explain,
    # dossier_words): the format's own words, not a profile's or a rule file's.
    french_words: ClassVar[bool] = True

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        json_schema_extra={"$id": "https://labelcheck.invalid/schema/dossier-1.json"},
    )
    # Its text patterns in words, for the input errors (errors.explain): a regular
    # expression means nothing to a school head.
    pattern_words: ClassVar[dict[str, str]] = {
        COUNTRY_PATTERN: "code pays ISO à deux lettres attendu (FR, DE, IT…)",
        ID_PATTERN: "identifiant attendu (lettres sans accent, chiffres, points, tirets et "
        "tirets bas, commençant par une lettre ou un chiffre)",
        NOT_BLANK_PATTERN: "texte non vide attendu, la clé est obligatoire",
        NAME_PATTERN: "texte non vide attendu",
    }

    # And the value each one likely meant, for the suggestion (« de »: DE; « FRA »: FR).
    pattern_hints: ClassVar[dict[str, Callable[[object], str | None]]] = {
        COUNTRY_PATTERN: _meant_country,
        ID_PATTERN: _meant_id,
    }

    format: Annotated[Literal[1], BeforeValidator(_integer_version)] = Field(
        description="La version du format de dossier"
    )
    # A JSON file names its schema so: an editor (VS Code) then completes and checks it.
    # (A TOML file says it in a `#:schema` comment, as `labelcheck init` writes it.)
    schema_location: str | None = Field(
        None,
        alias="$schema",
        description="Le schéma JSON du dossier (labelcheck schema), pour les éditeurs",
    )
    establishment: Establishment
    held: list[Held] = empty_list()
    applications: list[Application] = empty_list()
    documents: list[Document] = empty_list()
    indicators: list[Indicator] = empty_list()
    actions: list[Action] = empty_list()
    self_assessment: list[SelfAssessment] = empty_list()
    audits: list[Audit] = empty_list()
    nonconformities: list[Nonconformity] = empty_list()
    partners: list[Partner] = empty_list()
    decisions: list[Decision] = empty_list()

    def application(self, label: str) -> Application | None:
        return next((a for a in self.applications if a.label == label), None)

    def audit_of(self, application: Application) -> Audit | None:
        """The `[[audits]]` entry that is the application's audit, whatever its date (one dated
        after an as-of date is the audit as planned, on its new day): of its label and type,
        in its cycle (`cycle_start`), on its audit date, else the nearest to it (moved, by a
        few days or a term; on a tie, the earlier); None when none is. The échéancier counts
        the audit's steps from it, a campaign books its team, the rules tell it from an
        earlier cycle's: each finds it here, and so finds the same."""
        planned = application.audit
        if planned is None:
            return None
        start = self.cycle_start(application)
        entries = [
            entry
            for entry in self.audits
            if entry.label == application.label
            and entry.type == application.type
            and (start is None or entry.date >= start)
        ]
        return min(entries, key=lambda e: (abs((e.date - planned).days), e.date), default=None)

    def cycle_start(self, application: Application) -> dt.date | None:
        """The award of the application's label that came before it (before it was sent, or
        before its audit when it gives no date of sending): the audits of its label before
        that day were that award's, an earlier cycle's. None: no award came before it."""
        sent = application.submitted or application.audit
        if sent is None:
            return None
        awards = [h.awarded for h in self.held if h.label == application.label and h.awarded < sent]
        return max(awards, default=None)

    def label_ids(self) -> set[str]:
        """The ids of the labels the school holds or applies for."""
        return {h.label for h in self.held} | {a.label for a in self.applications}

    def held_label(self, label: str) -> Held | None:
        """The most recent award of `label`, if any. Two awards on one date are told apart
        by their other keys, so that the order of `[[held]]` never decides."""
        awards = [h for h in self.held if h.label == label]
        return max(awards, key=_award_order) if awards else None


def _award_order(held: Held) -> tuple:
    """The award that counts is the greatest: the most recent; on one date the highest level,
    then the latest stated expiry, then holder and categories."""
    return (
        held.awarded,
        held.level or 0,
        held.expires or dt.date.min,
        held.holder or "",
        sorted(held.categories or []),
    )
