"""Required pieces of an application, and files named but missing."""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

import datetime as dt
import re
import unicodedata
from typing import Literal

from labelcheck.core import french
from labelcheck.core.errors import closest, listing, path_as_typed, printable_path
from labelcheck.core.french import NNBSP, quoted
from labelcheck.core.locate import entry_of
from labelcheck.core.visible import visible
from labelcheck.rules.base import Params, RuleKind, Violation, describe_date
from pydantic import Field


class RequiredDocumentParams(Params):
    types: list[str] = Field(
        description="Document types required, each checked on its own (ids of `[[document_types]]`)."
    )
    per: Literal["denomination"] | None = Field(
        None,
        description="`denomination`: one piece per entry of the application's `denominations` "
        "(LDM leaflets), matched whatever the case, Unicode form and spacing.",
    )
    years_before_application: int | None = Field(
        None,
        description="The pieces' `years` must cover this many school years before the one the "
        "application is submitted in, each named by the year it ends, as the dossier's `years` "
        "are (2021 to 2025 for a dossier sent from September 2025 to August 2026; LDM "
        "dashboards).",
    )
    dated_no_later_than: Literal["submitted", "audit"] | None = Field(
        None,
        description="A piece must be dated no later than this date of the application "
        "(`submitted` or `audit`; pv-ca).",
    )
    dated_after_award: bool = Field(
        False,
        description="A piece must be dated no earlier than the award of the label held, when "
        "there is one: this cycle's, not the last (a renewal's board minutes).",
    )
    dated_after_award_for: list[str] = Field(
        [],
        description="With `dated_no_later_than`: for an application of these types sent after "
        "the award of the label held (it renews that award), a piece counts only if dated no "
        "earlier than that award too, this cycle's (a renewal's board minutes: those of the "
        "last cycle approved the last application). Empty: any piece dated early enough counts.",
    )
    named: dict[str, str] = Field(
        default_factory=dict,
        description="How this rule's findings name a type, where the label's texts name it "
        "otherwise than its title (E3D: « procès-verbal du conseil d'école ou "
        "d'administration », for schools as for lycées); a key must be one of `types`.",
    )


def _naming(doc_type: str, title: str) -> dict[str, str]:
    """The values a required type's finding names it with."""
    return {
        "type": doc_type,
        "type_title": title,
        "type_name": french.in_sentence(title),
        "aside": "",
    }


class RequiredDocument(RuleKind):
    """Each listed type has a piece serving the label, with the conditions set.

    Without conditions a missing piece is the finding; with `years_before_application` or
    `dated_no_later_than` the pieces given are judged (missing years, dated too late).
    Scope: `application`; subject the type (`<type>:<denomination>` with `per`).
    """

    name = "required-document"
    summary = "Chaque type de pièce demandé a une pièce au dossier pour ce label, dans les conditions fixées."
    scopes = ("application",)
    message_fields = frozenset(
        {
            "type",
            "type_title",
            "type_name",
            "aside",
            "denomination",
            "missing_years",
            "missing",
            "first_year",
            "last_year",
            "date",
            "limit",
        }
    )
    Params = RequiredDocumentParams
    params: RequiredDocumentParams

    def prepare(self, compiler) -> None:
        known = compiler.registry.document_types
        # Each type asked for, with the values naming it in a finding (its title is the
        # registry's the rule is compiled against, the engine's): made once, here, not for
        # each dossier. Read, never changed: a finding gets its own copy.
        self._types_named: list[tuple[str, dict[str, str]]] = []
        for index, doc_type in enumerate(self.params.types):
            if doc_type in known:
                title = self.params.named.get(doc_type, known[doc_type].title)
                self._types_named.append((doc_type, _naming(doc_type, title)))
                continue
            compiler.error(
                f"check.types[{index}]",
                listing(
                    f"type de pièce inconnu «\u202f{doc_type}\u202f»",
                    sorted(known),
                    "types de pièce connus",
                ),
                closest(doc_type, known),
            )
        for doc_type in self.params.named.keys() - set(self.params.types):
            compiler.error(
                f"check.named.{doc_type}",
                listing(
                    f"{quoted(doc_type)} n'est pas l'un des types de la règle",
                    self.params.types,
                    "types de la règle",
                ),
                closest(doc_type, self.params.types),
            )

    def check(self, facts, application):
        for doc_type, values in self._types_named:
            pieces = facts.documents_of_type(doc_type)
            if self.params.per == "denomination":
                yield from self._per_denomination(facts, application, pieces, values)
            elif self._conditioned:
                # A rule with conditions judges the pieces given; a plain rule reports absence.
                if pieces and self.params.years_before_application:
                    yield from self._years(facts, application, pieces, values)
                if pieces and self.params.dated_no_later_than:
                    yield from self._dated(facts, application, pieces, values)
                if pieces and self.params.dated_after_award:
                    yield from self._after_award(facts, application, pieces, values)
            elif not pieces:
                yield Violation(
                    doc_type, facts.label.id, {**values, "aside": _aside(facts, doc_type)}
                )

    def _per_denomination(self, facts, application, pieces, values):
        covered = {_words(p.denomination) for p in pieces if p.denomination}
        strays: list[tuple[str, str, str]] | None = None  # made at the first denomination missing
        for denomination in application.denominations:
            words = _words(denomination)
            if words not in covered:
                if strays is None:
                    strays = _strays(application.denominations, pieces)
                aside = _misnamed(denomination, words, strays) or _dated_later(
                    facts, values["type"], words
                )
                yield Violation(  # one finding a denomination: each its own identity
                    f"{values['type']}:{words}",  # as the match reads it
                    application.label,
                    {**values, "denomination": denomination, "aside": aside},
                )

    def _years(self, facts, application, pieces, values):
        year = school_year(application.submitted or facts.as_of)
        wanted = set(range(year - self.params.years_before_application, year))
        missing = sorted(wanted - {y for p in pieces for y in p.years})
        if missing:
            yield Violation(
                values["type"],
                application.label,
                entry=_entry(facts, pieces[0]),  # the dashboards given, not the application
                values={
                    **values,
                    "missing_years": ", ".join(map(str, missing)),
                    # « année manquante : 2021 », « années manquantes : 2020, 2021 »
                    "missing": f"{'années manquantes' if len(missing) > 1 else 'année manquante'}"
                    f"{NNBSP}: {', '.join(map(str, missing))}",
                    # The years this dossier needs, for its remedy: the span the rule's example
                    # gives (2021 to 2025) was the span a school had just written (the audit).
                    "first_year": str(min(wanted)),
                    "last_year": str(max(wanted)),
                },
            )

    @property
    def _conditioned(self) -> bool:
        params = self.params
        return bool(
            params.years_before_application
            or params.dated_no_later_than
            or params.dated_after_award
        )

    def _after_award(self, facts, application, pieces, values):
        held = facts.held
        if held is None or not any(p.date for p in pieces):
            return  # undated: the rule on the date before sending says so
        # A piece of the award's own day is not said « d'avant » it (the properties found the
        # message saying « (01/01/2020) date d'avant l'attribution […] (01/01/2020) »).
        if not any(p.date and p.date >= held.awarded for p in pieces):
            latest = max(p.date for p in pieces if p.date)
            piece = next(p for p in pieces if p.date == latest)
            yield Violation(
                values["type"],
                application.label,
                {**values, "date": describe_date(latest), "limit": describe_date(held.awarded)},
                entry=_entry(facts, piece),  # the piece dated too early, not the application
            )

    def _dated(self, facts, application, pieces, values):
        limit = getattr(application, self.params.dated_no_later_than)
        if limit is None:
            return
        since = self._cycle_start(facts, application)
        early = [p for p in pieces if p.date and p.date <= limit]
        if any(since is None or p.date >= since for p in early):
            return
        # In date order, so that the message does not depend on the dossier's order.
        ordered = sorted(pieces, key=lambda p: (p.date is None, p.date or limit))
        # « sans date », not describe_date's dash: a piece with no date is asked for one.
        dates = ", ".join(describe_date(p.date) if p.date else "sans date" for p in ordered)
        aside = (
            _earlier_cycle(early, since, self.params.dated_no_later_than)
            if since is not None and early
            else ""
        )
        yield Violation(
            values["type"],
            application.label,
            {**values, "date": dates, "limit": describe_date(limit), "aside": aside},
            # The piece dated too late, or of the last cycle, not the application.
            entry=_entry(facts, ordered[0]),
        )

    def _cycle_start(self, facts, application) -> dt.date | None:
        """The award of the label held when the application renews it (of a type of
        `dated_after_award_for`, sent after that award): the day this cycle began; else None."""
        held = facts.held
        if (
            held is None
            or application.type not in self.params.dated_after_award_for
            or not facts.after_award()
        ):
            return None
        return held.awarded


class DocumentFile(RuleKind):
    """A file named by a document is present in the dossier folder. No parameters.

    Scope: `document`: the label's pieces, and the dossier's that no label claims (given
    to every label applied for, else to every label of the dossier); subject the piece's id.
    """

    name = "document-file"
    summary = "Le fichier qu'une pièce nomme se trouve bien dans le répertoire du dossier."
    # A reference of the dossier that leads nowhere (cli-and-report: kind `reference`), not a
    # piece missing: a program tells the two apart without reading the message.
    finding_kind = "reference"
    scopes = ("document",)
    message_fields = frozenset({"id", "file", "type", "piece", "aside"})

    def applies(self, facts) -> bool:
        return bool(facts.missing_files)  # most dossiers: every file is there

    def subjects(self, facts, scope):
        # A piece no label claims is still checked: a file named but missing is a finding.
        return [*facts.subjects(scope), *facts.pieces_no_label_claims]

    def check(self, facts, document):
        if document.file and document.file in facts.missing_files:
            yield Violation(  # about this piece, not its type: two pieces, two findings
                document.id,
                facts.label.id,
                {
                    "id": document.id,
                    "file": document.file,
                    "type": document.type,
                    # As the school named it (« PV du CA du 12 mars 2026 » (pv)), else its id.
                    "piece": f"« {document.title} » ({document.id})"
                    if document.title
                    else document.id,
                    "aside": _separators(document.file)
                    or _meant(document.file, facts.files_meant.get(document.file)),
                },
            )


def _named(piece: str, title: str | None) -> str:
    """A piece as the school named it, « Fiche LDM 001 » (fiche), else « fiche »: its id alone
    read as a word of the tool (the remedy audit)."""
    return f"{quoted(title)} ({piece})" if title else quoted(piece)


def _entry(facts, piece) -> tuple[str, int] | None:
    """Where a piece stands in the dossier as written: a finding about the pieces given (dated
    too late, years missing) is located there, by SARIF and Code Quality, not at the
    application (cli-and-report 1.1: « the line of the entry concerned »)."""
    return entry_of(facts.dossier, facts.later, "document", piece)


# What a piece dated no later than an application's date is dated before, in a finding.
_BEFORE = {"submitted": "à l'envoi du dossier", "audit": "à l'audit"}


def _earlier_cycle(early: list, since: dt.date, limit: str) -> str:
    """Why the pieces dated early enough (no later than the application's `limit`) do not
    count: all are of an earlier cycle, dated before the award of the label held (`since`),
    which the application renews (« la seule pièce antérieure à l'envoi du dossier date du
    cycle précédent (01/03/2021) »)."""
    days = ", ".join(describe_date(day) for day in sorted(p.date for p in early))
    before = _BEFORE.get(limit, limit)
    if len(early) == 1:
        said = f"la seule pièce antérieure {before} date du cycle précédent ({days})"
    else:
        said = f"les pièces antérieures {before} datent toutes d'un cycle précédent ({days})"
    return (
        f" et au plus tôt du jour de l'attribution du label détenu ({describe_date(since)}), "
        f"que la candidature renouvelle{NNBSP}: {said}"
    )


def _separators(file: str) -> str:
    """Why a file written the Windows way is not found: labelcheck reads `/` only (and a `\\r`,
    `\\t`… of a "…" string is no longer a `\\` but a control character)."""
    typed = path_as_typed(file)
    if typed == file:
        return ""
    return (
        f"{NNBSP}; les chemins s'écrivent avec {quoted('/')}, même sous Windows{NNBSP}: "
        f"{quoted(visible(typed))}"
    )


def _meant(file: str, meant: str | None) -> str:
    """The dossier's file a missing one likely names (DossierChecks.files_meant), and how the
    two names differ when it cannot be seen: by their capitals or the Unicode form of their
    accents, which Windows and macOS take for the same name and a CI server does not, by
    their spaces, or by bytes that are not UTF-8 (a zip made on Windows); else a close name."""
    if meant is None:
        return ""
    shown = printable_path(meant)
    if shown != meant:
        return (
            f"{NNBSP}; ce répertoire contient {quoted(shown)}, dont le nom n'est pas en UTF-8 "
            "(ses octets invalides sont montrés \\xNN, souvent une archive zip faite sous "
            f"Windows){NNBSP}: renommer ce fichier"
        )
    if unicodedata.normalize("NFC", meant) == unicodedata.normalize("NFC", file):
        return (
            f"{NNBSP}; ce répertoire contient {quoted(meant)}, le même nom à la forme Unicode de "
            f"ses accents près (le dossier en {_form(file)}, le fichier en {_form(meant)}, "
            f"souvent un fichier venu d'un Mac){NNBSP}: renommer le fichier ou recopier son nom"
        )
    if meant.casefold() == file.casefold():
        return (
            f"{NNBSP}; ce répertoire contient {quoted(meant)}{NNBSP}: un nom de fichier distingue "
            "majuscules et minuscules (seuls Windows et macOS les confondent)"
        )
    if meant.split() == file.split():
        return (
            f"{NNBSP}; ce répertoire contient {quoted(meant)}, le même nom à ses espaces près "
            f"({_spaces(file, meant)}){NNBSP}: "
            "renommer le fichier ou recopier son nom"
        )
    return f" (vouliez-vous dire {quoted(meant)}{NNBSP}?)"


def _form(name: str) -> str:
    return (
        "NFC"
        if unicodedata.is_normalized("NFC", name)
        else "NFD"
        if unicodedata.is_normalized("NFD", name)
        else "forme mixte"
    )


# The spaces a name may hold that look alike: an Option-space on a Mac is a no-break one.
_SPACE_NAMES = {
    " ": "espace ordinaire",
    "\u00a0": "espace insécable",
    "\u202f": "espace fine insécable",
    "\u2009": "espace fine",
    "\u3000": "espace idéographique",
}


def _spaces(file: str, meant: str) -> str:
    """How the spaces of two names that differ only by them differ: « espace insécable dans le
    dossier, espace dans le nom du fichier », « espace en fin de nom dans le dossier »."""
    kinds = {name: {c for c in name if c.isspace()} for name in (file, meant)}
    sides = []
    for name, other, where in ((file, meant, "dans le dossier"), (meant, file, "dans le fichier")):
        said = [_SPACE_NAMES.get(c, f"U+{ord(c):04X}") for c in sorted(kinds[name] - kinds[other])]
        ends = (("début", name[:1]), ("fin", name[-1:]))
        said += [f"espace en {end} de nom" for end, c in ends if c.isspace()]
        # « projet  etab.pdf » for « projet etab.pdf »: the same spaces, more of them in a row
        # (said « () » before: the inputs showed no kind and no end to name).
        if (runs := _runs(name)) and runs != _runs(other):
            said.append(f"{_COUNTS.get(max(runs), max(runs))} espaces de suite")
        if said:
            sides.append(f"{', '.join(said)} {where}")
    return ", ".join(sides)


# The month a school year starts in (the « rentrée », early September): September to August.
SCHOOL_YEAR_START = 9


def school_year(day: dt.date) -> int:
    """The school year `day` falls in, named by the year it ends, as the dossier's `years` and
    indicators' `values` are (2025 for 2024-2025). A dossier sent in December 2025 and one sent
    in March 2026 belong to one campaign, and are asked for the same five years (the
    inspector's audit: the first, counted by its calendar year, was asked for 2020 and refused
    2025, the last year completed)."""
    return day.year + (day.month >= SCHOOL_YEAR_START)


_COUNTS = {2: "deux", 3: "trois", 4: "quatre"}


def _runs(name: str) -> list[int]:
    """The lengths of a name's runs of two spaces or more, in order."""
    return [len(run) for run in re.findall(r"\s{2,}", name)]


def _aside(facts, doc_type: str) -> str:
    """Why a piece of the type that is in the dossier does not count: it is dated after the
    as-of date, or its `supports` name other labels only (« absente » alone would read as
    false to the school head who filed it)."""
    dated_later = _dated_later(facts, doc_type)
    if dated_later:
        return dated_later
    # By id, as the report's other lists: the order of [[documents]] changes nothing.
    others = [
        _named(d.id, d.title)
        for d in sorted(facts.dossier.documents, key=lambda d: d.id)
        if d.type == doc_type
    ]
    if not others:
        return ""
    label = facts.label.id
    if len(others) == 1:
        return f"{NNBSP}; la pièce {others[0]} du dossier ne sert pas ce label (ses supports ne citent pas {label})"
    return (
        f"{NNBSP}; les pièces {', '.join(others)} du dossier ne servent pas ce label "
        f"(leurs supports ne citent pas {label})"
    )


def _dated_later(facts, doc_type: str, denomination: str | None = None) -> str:
    """That the dossier holds a piece of `doc_type` (for `denomination`, as `_words` reads it)
    serving the label but dated after the as-of date, the earliest; "" if none. A leaflet
    filed for its denomination and dated later read « Plaquette … absente » (the new user's
    check)."""
    dated_later = sorted(
        (entry.date, entry.id, entry.title)
        for entry in facts.later
        if entry.what == "piece"
        and entry.type == doc_type
        and (entry.labels is None or facts.label.id in entry.labels)
        and (denomination is None or _words(entry.denomination or "") == denomination)
    )
    if not dated_later:
        return ""
    day, piece, title = dated_later[0]
    return (
        f"{NNBSP}; la pièce {_named(piece, title)} du dossier est datée du {describe_date(day)}, "
        f"après la date d'évaluation ({describe_date(facts.as_of)}){NNBSP}: elle ne compte "
        "qu'à partir de sa date"
    )


def _strays(denominations: list[str], pieces: list) -> list[tuple[str, str, str]]:
    """The pieces (id, denomination, its words) whose denomination is none of the
    application's, by id. Made once an application: made again for each denomination missing,
    20,000 of them took over 60 s (the robustness audit)."""
    wanted = {_words(d) for d in denominations}
    return sorted(
        (p.id, p.denomination, words)
        for p in pieces
        if p.denomination and (words := _words(p.denomination)) not in wanted
    )


def _misnamed(denomination: str, words: str, strays: list[tuple[str, str, str]]) -> str:
    """Why the piece a school filed for `denomination` (read as `words`) does not count, when
    its own denomination is not one of the application's (`strays`) and reads as a typo of
    this one (« carosserie » for « carrosserie »): a typo never passes silently (dossier
    format)."""
    for piece, given, given_words in strays:
        if closest(given_words, [words]):
            return (
                f"{NNBSP}; la pièce {quoted(piece)} du dossier porte sur la dénomination "
                f"{quoted(given)}, qui n'est pas celle de la candidature (vouliez-vous dire "
                f"{quoted(denomination)}{NNBSP}?)"
            )
    return ""


def _words(denomination: str) -> str:
    """A denomination as its words read: « Véhicules » typed with a decomposed accent (a Mac,
    a PDF copied), a no-break space or a space left over is the same denomination."""
    return " ".join(unicodedata.normalize("NFKC", denomination).casefold().split())
