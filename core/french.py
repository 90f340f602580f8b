"""The French words users read for the report's English identifiers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from labelcheck.core.report import EquivalenceUse

VERDICTS = {
    "ready": "prêt",
    "not-ready": "non prêt",
    "valid": "valide",
    "renewal-due": "renouvellement à engager",
    "expired": "expiré",
    # A held label's status, and the verdict of one held only after the as-of date with no
    # application (core/report.py, NOT_YET_AWARDED).
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


def severity_set(reason: str, kept: bool = False) -> str:
    """A finding's `severity_reason`, as reports show it beside the finding: a profile's
    `[[severity]]` reason, or (`kept`, Finding.severity_kept) why the rule's own severity
    holds under the profile, which did not fix it (the French reader's audit)."""
    heading = "gravité écrite dans la règle" if kept else "gravité fixée par le profil académique"
    return colon(heading, reason)


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
APPLICATIONS = {
    "initial": "labellisation initiale",
    "renewal": "renouvellement",
    "follow-up": "audit de suivi",
    "surveillance": "audit de surveillance",
    None: "label détenu, sans candidature",
}
NATURES = {
    "text": "exigence des textes",
    "academy": "choix académique",
    "operational": "lecture opérationnelle",
}
# Why a dossier was judged under its profile (cli-and-report 1.1: `profile_reason`).
PROFILE_REASONS = {
    "option": "choisi par --profile",
    "academy": "académie {academy}",
    "default": "par défaut",
}
AUTO_PROFILE = "auto"  # the run's profile without --profile: each dossier under its academy's
# The thirty academies by the slug a dossier gives (`establishment.academy`, as in their
# ac-<slug>.fr addresses), each with the preposition its name takes: « académie
# d'Orléans-Tours », « académie de La Réunion ». A slug not listed is shown as written.
ACADEMIES = {
    "aix-marseille": "d'Aix-Marseille",
    "amiens": "d'Amiens",
    "besancon": "de Besançon",
    "bordeaux": "de Bordeaux",
    "clermont": "de Clermont-Ferrand",
    "clermont-ferrand": "de Clermont-Ferrand",
    "corse": "de Corse",
    "creteil": "de Créteil",
    "dijon": "de Dijon",
    "grenoble": "de Grenoble",
    "guadeloupe": "de la Guadeloupe",
    "guyane": "de la Guyane",
    "la-reunion": "de La Réunion",
    "reunion": "de La Réunion",
    "lille": "de Lille",
    "limoges": "de Limoges",
    "lyon": "de Lyon",
    "martinique": "de la Martinique",
    "mayotte": "de Mayotte",
    "montpellier": "de Montpellier",
    "nancy-metz": "de Nancy-Metz",
    "nantes": "de Nantes",
    "nice": "de Nice",
    "normandie": "de Normandie",
    "orleans-tours": "d'Orléans-Tours",
    "paris": "de Paris",
    "poitiers": "de Poitiers",
    "reims": "de Reims",
    "rennes": "de Rennes",
    "strasbourg": "de Strasbourg",
    "toulouse": "de Toulouse",
    "versailles": "de Versailles",
}
# Academies merged into another, by their former slug: Caen and Rouen formed the académie de
# Normandie on 1 January 2020 (décret n° 2019-1056 du 15 octobre 2019 portant création de
# l'académie de Normandie). A dossier or a profile writing the former one is pointed to the
# academy that is, where a profile serving `caen` served no school without a word.
FORMER_ACADEMIES = {"caen": "normandie", "rouen": "normandie"}
# An academy written either way (`clermont` as in ac-clermont.fr, `clermont-ferrand` as it is
# named; `reunion`, `la-reunion`) is one academy: the slugs ACADEMIES names alike, its
# shortest first. A profile serving one spelling serves dossiers written with the other.
ACADEMY_SPELLINGS: dict[str, tuple[str, ...]] = {
    slug: tuple(sorted((s for s, n in ACADEMIES.items() if n == name), key=lambda s: (len(s), s)))
    for slug, name in ACADEMIES.items()
}


def same_academy(slug: str) -> tuple[str, ...]:
    """Every slug of the academy `slug` names, the canonical one first; itself alone for a
    territory not among the thirty (`polynesie`)."""
    return ACADEMY_SPELLINGS.get(slug, (slug,))


GRADES_HEADING = "constats d'audit"  # the auditors' grades of a criterion, shown beside it
# In the evidence cell of a criterion documented by a self-assessment line that cites no piece
# (cli-and-report 1.1 counts the line as support): empty, « documenté » said nothing of why.
SELF_ASSESSED_ONLY = "ligne d'auto-évaluation, sans pièce citée"
PARAPHRASE = "(libellé reformulé)"  # beside a criterion title that is our wording, not the text's
# The audits' generic names by type, for a label whose texts name none otherwise
# (LabelSpec.audit_names): `audit_name` reads them.
AUDITS = {
    "initial": "audit de labellisation",
    "renewal": "audit de renouvellement",
    "follow-up": "audit de suivi",
    "surveillance": "audit de surveillance",
}
# A label's own names of its audits, by type (LabelSpec.audit_names, keyed by ApplicationType).
AuditNames = Mapping[Any, str]
NO_AUDIT_NAMES: AuditNames = MappingProxyType({})  # a label whose texts name no audit
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
# An establishment's kind and sector codes, in the words a school head uses (dossier keys
# `establishment.kind` and `.sector`).
ESTABLISHMENT_KINDS = {
    "lp": "lycée professionnel",
    "lpo": "lycée polyvalent",
    "lgt": "lycée général et technologique",
    "erea": "établissement régional d'enseignement adapté",
    "college": "collège",
    "greta": "groupement d'établissements",
    "cfa": "centre de formation d'apprentis",
    "other": "autre",
}
SECTORS = {
    "public": "public",
    "private-contract": "privé sous contrat",
    "private": "privé hors contrat",
}
# A fiche d'écart's status (`nonconformities[].status`), as the report says it: « Fiche
# d'écart FE-2026-01 ouverte ».
NONCONFORMITY_STATUSES = {"open": "ouverte", "lifted": "levée"}
# What is to be lifted by a deadline, by the fiche's grade: « Échéance de levée de l'écart ».
LIFTING = {
    "deviation": "de l'écart",
    "nonconformity": "de la non-conformité",
    "minor": "de la non-conformité mineure",
    "major": "de la non-conformité majeure",
}
# The kinds of actions a training organisation declares (`application.categories`,
# `held.categories`), in the words of the code du travail, art. L. 6313-1, 1° to 4°.
CATEGORIES = {
    "training": "actions de formation",
    "skills-assessment": "bilans de compétences",
    "vae": "actions permettant de faire valider les acquis de l'expérience",
    "apprenticeship": "actions de formation par apprentissage",
}
# A partner's kind (`partners[].kind`), in the words of the reports: « collectivité
# territoriale », not `local-authority`.
PARTNER_KINDS = {
    "company": "entreprise",
    "local-authority": "collectivité territoriale",
    "association": "association",
    "school": "établissement scolaire",
    "campus": "campus des métiers et des qualifications",
    "public-body": "organisme public",
    "other": "autre",
}
EVIDENCE_KINDS = {
    "document": "pièce",
    "indicator": "indicateur",
    "action": "action",
    "partner": "partenaire",
}


def application_type(kind: str | None, renewal_name: str = APPLICATIONS["renewal"]) -> str:
    """An application's type in French, a renewal in its label's own word (LabelSpec.
    renewal_name: Euroscol's « relabellisation », as its texts and its findings say it)."""
    return renewal_name if kind == "renewal" else APPLICATIONS[kind]


def verdict(code: str, renewal_name: str = APPLICATIONS["renewal"], expires: str = "") -> str:
    """A verdict, or a held label's status, in French, a renewal in its label's own word
    (LabelSpec.renewal_name): « relabellisation à engager » for Euroscol; by when, given the
    label's expiry (`expires`, as `date` writes it): « … à engager avant le 15/06/2027 »."""
    if code == "renewal-due":
        return f"{renewal_name} à engager" + (f" avant le {expires}" if expires else "")
    return VERDICTS[code]


def label_verdict(label) -> str:
    """A LabelResult's verdict as the human reports say it, a renewal to engage with its label's
    word and its expiry: four days before it, « renouvellement à engager » alone left the head
    to look for the date elsewhere (the terminal, where Markdown said « avant le … »)."""
    held = label.held
    expires = date(held["expires"]) if held and held.get("expires") else ""
    return verdict(label.verdict, label.renewal_name, expires)


def renewal_engaged(renewal_name: str = APPLICATIONS["renewal"], feminine: bool = False) -> str:
    """« renouvellement engagé », « relabellisation engagée »: the word agrees with the
    label's noun, whose gender is the label's data (LabelSpec.renewal_name_feminine)."""
    return f"{renewal_name} {'engagée' if feminine else 'engagé'}"


def held_state(
    status: str,
    renewal_name: str = APPLICATIONS["renewal"],
    feminine: bool = False,
    application: str | None = None,
    level: int | None = None,
    held_level: int | None = None,
) -> str:
    """A held label's state in words (« valide »…), "" for a status it has no words for. In
    its last period, an application that answers the renewal engages it, no longer « à
    engager »: the renewal applied for (« renouvellement engagé », « relabellisation
    engagée »), or an application for a level above the one held (« candidature au niveau 2
    engagée »: a level held unknown is never below)."""
    if status == "renewal-due":
        if application == "renewal":
            return renewal_engaged(renewal_name, feminine)
        if application and level is not None and held_level is not None and level > held_level:
            return f"candidature au niveau {level} engagée"
    return verdict(status, renewal_name) if status in VERDICTS else ""


def application(label) -> str:
    """`renouvellement`, `labellisation initiale, niveau 2`… for a LabelResult."""
    if label.application is None and label.held:
        if label.held["status"] == "not-yet-awarded":
            return NOT_HELD_YET  # « label détenu » would say it is held on that date
        if label.held["status"] == "expired":
            return NO_LONGER_HELD  # « label détenu » would say it is still held
    return application_kind(label.application, label.renewal_name, label.level)


def application_kind(
    kind: str | None, renewal_name: str = APPLICATIONS["renewal"], level: int | None = None
) -> str:
    """`renouvellement`, `labellisation initiale, niveau 2`: an application's type and the
    level it applies for, as the report's heading, a campaign's line and the échéancier's
    submission step say it."""
    words = application_type(kind, renewal_name)
    return f"{words}, niveau {level}" if level else words


# The heading of a label awarded after the as-of date, with no application (« Euroscol —
# label à venir, sans candidature, au 20/05/2026 : PAS ENCORE ATTRIBUÉ »), said as « label
# détenu » is: « attribué après cette date » named a date not yet said (the reading audit).
NOT_HELD_YET = "label à venir, sans candidature"
# The heading of a label expired at the as-of date, with no application: no longer held, and
# its verdict says it expired (« Lycée des métiers — sans candidature, au 15/12/2026 : EXPIRÉ »).
NO_LONGER_HELD = "sans candidature"


def profile(name: str | None, reason: str | None, academy: str | None = None) -> str:
    """`centre-val-de-loire-2026 (académie d'Orléans-Tours)`, `national (par défaut)`…"""
    if reason not in PROFILE_REASONS:
        return name or "—"
    named = ACADEMIES.get(academy, academy) if academy else "du dossier"
    why = PROFILE_REASONS[reason].format(academy=named)
    if reason == "default" and academy:  # say why: no profile serves the academy it names
        why += f"{NNBSP}: aucun profil pour l'académie {named}"
    return f"{name} ({why})"


def dossier_profile(result) -> str:
    """The profile a DossierResult was judged under, and why: `national (par défaut)`…; or
    `national` with the academy's profile its disabled plugin left out, not « par défaut »."""
    academy = getattr(getattr(result.dossier, "establishment", None), "academy", None)
    if getattr(result, "profile_lost", None) and academy:
        lost, plugin = result.profile_lost
        return typeset(
            f"{result.profile} (le profil {quoted(lost)} de l'académie "
            f"{ACADEMIES.get(academy, academy)} n'est pas appliqué : son plugin {quoted(plugin)} "
            "est désactivé pour ses erreurs)"
        )
    return profile(result.profile, result.profile_reason, academy)


def run_profile(name: str) -> str:
    """The run's profile: the one given with --profile, else each dossier's academy's."""
    if name == AUTO_PROFILE:
        return "automatique (celui de l'académie de chaque dossier)"
    return profile(name, "option")


def glossed(code: str, meanings: Mapping[str, str], shown: str | None = None) -> str:
    """A code with its French when it has one: `remark (remarque)` (`shown`: the code as
    written there, quoted say)."""
    shown = shown or code
    meaning = meanings.get(code)
    return f"{shown} ({meaning})" if meaning and meaning.casefold() != code.casefold() else shown


def gloss_meant(written: str, codes: Collection[str]) -> str | None:
    """The one code of `codes` whose French `written` is, in any of the words this module
    gives it (« renouvellement », « audit de suivi » or « suivi », « lycée polyvalent »), case
    and accents aside: a school writes the word it knows, which difflib finds nothing like
    `renewal`. Looked up by the word, never by walking `codes`: it is asked before every
    suggestion, among thousands of ids too."""
    said = unaccented(" ".join(written.casefold().split()))
    found = {code for code in gloss_forms().get(said, ()) if code in codes}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def gloss_forms() -> dict[str, frozenset[str]]:
    """Each French word the reports give the format's codes (« renouvellement », « audit de
    suivi » and its last word « suivi »), unaccented, in lower case, with the codes it is the
    French of."""
    codes: dict[str, set[str]] = {}
    for table in _GLOSSES:
        for code, gloss in table.items():
            if isinstance(code, str):
                whole = unaccented(gloss.casefold())
                for form in (whole, whole.split()[-1]):
                    codes.setdefault(form, set()).add(code)
    return {form: frozenset(found) for form, found in codes.items()}


def code_meant(written: str, meanings: Mapping[str, str]) -> str | None:
    """The code whose French `written` is (« Bloquant » → blocking), case and accents aside."""
    said = unaccented(written.strip().casefold())
    return next((c for c, m in meanings.items() if unaccented(m.casefold()) == said), None)


def award(coming: bool) -> str:
    """« attribué le » a label's award, or « attribution le » one still to come (dated after
    the as-of date: not held yet, dossier format 1.1)."""
    return "attribution le" if coming else "attribué le"


LABEL_EXPIRED = "label expiré"  # a label's end of validity passed, a finding saying so


def due_phrase(day: str, late: bool, exclusive: bool = False) -> str:
    """`au plus tard le 30/09/2026` (the day itself is still in time: LDM 010, « au plus tard
    le 30/09 »), `avant le 01/06/2026` for a first day too late (an expiry), or
    `échéance du 30/09/2026 dépassée`: the text and JUnit reports'."""
    if late:
        return f"échéance du {day} dépassée"
    return f"avant le {day}" if exclusive else f"au plus tard le {day}"


def due_said(
    message: str, severity: str, day: str, late: bool, exclusive: bool, expired: bool = False
) -> str:
    """What follows a finding's message in a line of text: its due date (`day`, as `date`
    writes it), « — échéance du 30/09/2026 dépassée », « — label expiré le 28/06/2026 » past a
    label's expiry (`expired`); nothing for an information, nor where the message gives the
    date already. The text report's, `compare`'s and `campaign`'s lines alike."""
    if not day or severity == "info" or day in message:
        return ""
    return f" — {LABEL_EXPIRED} le {day}" if expired else f" — {due_phrase(day, late, exclusive)}"


def expiry(expired: bool) -> str:
    """« expire le » a label's end, or « expiré le » once past (at the as-of date): « Label
    attribué le 10/12/2021, expiré le 10/12/2026 », a label no longer held."""
    return "expiré le" if expired else "expire le"


def with_setting(source: str, setting: str) -> str:
    """A source with the profile's value its finding or step rests on said after it
    (`Violation.setting`, LabelFacts.term_setting). A plain space before « ; », as plugins
    write their sources: the JSON keeps every source so, the human reports typeset them."""
    return f"{source} ; {setting}"


class ParameterWords(Protocol):
    """What a label's parameter is, in French (catalog.Parameter): its `title`, the `unit` of
    its value (singular, plural) and the title's gender."""

    @property
    def title(self) -> str | None: ...

    @property
    def unit(self) -> tuple[str, str] | None: ...

    @property
    def feminine(self) -> bool: ...


# A parameter a profile sets otherwise than the cited text: its name, the profile's value,
# the text's (None: it sets none), and its words (None: the plugin gives it none).
ChosenValue = tuple[str, Any, Any, ParameterWords | None]


def profile_setting(profile: str, chosen: Sequence[ChosenValue], by_text: bool = True) -> str:
    """« délai de transmission des engagements après l'audit fixé par le profil « t » : 1 jour
    (le texte cité : 20 jours) »: the label parameters a profile sets that a finding rests on,
    each with the value of the text the rule cites (`by_text`), else the national one: the
    quote after it stays the text's. A parameter its plugin gives no words is said as
    « valeur fixée par le profil « t » : name = 1 (le texte cité : 20) »."""
    who = f"le profil {quoted(profile)}"
    phrases = []
    for _, value, cited, words in chosen:
        if words is not None and words.title:
            fixed = "fixée" if words.feminine else "fixé"
            phrases.append(
                f"{words.title} {fixed} par {who} : {setting_value(value, words.unit)} "
                f"({_cited_value(cited, by_text, words.unit)})"
            )
            who = "ce profil"  # named once, in the first
    bare = [
        (name, value, cited) for name, value, cited, words in chosen if not words or not words.title
    ]
    if bare:
        values = " ; ".join(
            f"{name} = {setting_value(value)} ({_cited_value(cited, by_text)})"
            for name, value, cited in bare
        )
        fixed = "valeurs fixées" if len(bare) > 1 else "valeur fixée"
        phrases.append(f"{fixed} par {who} : {values}")
    return typeset(" ; ".join(phrases))


def _cited_value(cited: Any, by_text: bool, unit: tuple[str, str] | None = None) -> str:
    """« le texte cité : 20 jours », the value the profile's stands against, or that there is
    none."""
    if cited is None:
        return "le texte cité n'en fixe pas" if by_text else "aucune valeur nationale"
    return f"{'le texte cité' if by_text else 'valeur nationale'} : {setting_value(cited, unit)}"


def setting_value(value: Any, unit: tuple[str, str] | None = None) -> str:
    """A parameter's value in words, in the reports as in `labelcheck explain`: « oui », « 30 septembre » (a month-day, "09-30"),
    « 20 jours » (an integer with its unit), « écart et non-conformité » (a list)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int) and unit is not None:
        return plural(value, *unit)
    if isinstance(value, list):  # in the profile's order, its author's (said() sorts a dossier's)
        return enumeration([said(item) for item in value]) or "aucune"
    month_day = re.fullmatch(r"(\d\d)-(\d\d)", value) if isinstance(value, str) else None
    if month_day and 1 <= int(month_day[1]) <= 12:
        day = int(month_day[2])
        return f"{'1er' if day == 1 else day} {MONTHS[int(month_day[1]) - 1]}"
    return str(value)


def nature(value: str) -> str:
    return NATURES.get(value, value)


def audit_name(names: AuditNames, audit_type: str | None) -> str:
    """An audit as its label names it (`names`: LabelSpec.audit_names, « audit initial » for
    Eduform), else by its type's generic name (« audit de labellisation »); « audit » when
    its type is not said. Every place that names an audit asks here."""
    if audit_type is None:
        return "audit"
    return names.get(audit_type) or AUDITS.get(audit_type, audit_type)


def grade(value, audits: AuditNames = NO_AUDIT_NAMES) -> str:
    """An auditors' grade (report.Grade): `écart (ldm:7.35, audit de renouvellement du 20/05/2026)`,
    its audit named as its label names it (`audits`: LabelResult.audit_names)."""
    return (
        f"{GRADES.get(value.grade, value.grade)} ({value.ref}, "
        f"{audit_name(audits, value.audit)} du {date(value.date)})"
    )


def grade_list(values, audits: AuditNames = NO_AUDIT_NAMES) -> str:
    """The auditors' grades of a criterion and its items, oldest audit first; "" when none."""
    return " ; ".join(grade(g, audits) for g in values)


def grades(values, audits: AuditNames = NO_AUDIT_NAMES) -> str:
    """`constats d'audit : écart (…)`, to stand beside a criterion; "" when no audit graded it."""
    return f"{GRADES_HEADING} : {grade_list(values, audits)}" if values else ""


def adoption(equivalence: EquivalenceUse, profile_name: str | None) -> str:
    """Who adopted an equivalence (LabelResult.equivalences): a profile or a recorded decision."""
    if equivalence.get("adopted_by") == "profile":
        return f"adoptée par le profil « {profile_name or '—'} »"
    decision = equivalence.get("decision")
    if decision:
        when = decision.get("date")
        when = date(dt.date.fromisoformat(when) if isinstance(when, str) else when)
        reference = f" ({decision['reference']})" if decision.get("reference") else ""
        return f"décision du {when}, {decision.get('by') or '—'}{reference}"
    if equivalence.get("adopted_by") == "decision":
        return "adoptée par décision"
    return ""


@lru_cache(maxsize=4096, typed=True)
def unaccented(text: str) -> str:
    """`text` without its accents (« Orléans » → « Orleans », « œ » kept): how names are
    compared, and what a terminal lacking « é » shows. Compatibility forms decomposed too
    (NFKD: « ﬁ » → « fi »)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of `text`, case, accents and punctuation aside: « Lycée des métiers » and
    « lycee-des-metiers » have the same."""
    return re.findall(r"\w+", unaccented(text).casefold())


_FIRST_WORD = re.compile(r"[^\W\d_]+")


def after_colon(text: str, proper: Iterable[str] = ()) -> str:
    """`text` set after « : » within a sentence: its first letter lower-cased where a common
    noun starts it (« Eduform : audit de surveillance à tenir »). An acronym (« LDM 008 »,
    « PFMP »), a word with a capital inside, or a name in `proper` (a label's, « Euroscol »)
    keeps its capitals; a proper name no list gives cannot be told from a common noun."""
    found = _FIRST_WORD.match(text)
    if found is None:
        return text
    word = found[0]
    if len(word) < 2 or not word[0].isupper() or not word[1:].islower():
        return text
    if any(text.startswith(name) for name in proper if name):
        return text
    return word[0].lower() + text[1:]


# What a word processor or a keyboard changes in a name, and a reader does not see: the
# typographic apostrophe (« D’Alembert », « D'Alembert »), dashes for the hyphen, the
# ligatures a keyboard lacks (« Lœw », « Loew »).
_NAME_MARKS = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2010": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "œ": "oe",
        "æ": "ae",
    }
)


@lru_cache(maxsize=4096)  # auditors and inspectors recur from one dossier to the next
def person(name: str) -> str:
    """A person's name as compared: « É. Dupont », « e.  dupont » and « E. DUPONT » are one
    (an audit's team, its referent inspector, a campaign's bookings); so are « M. D’Alembert »
    and « M. D'Alembert », « Lœw » and « Loew »."""
    return " ".join(unaccented(name).casefold().translate(_NAME_MARKS).split())


# 1,024: full within the first thousand schools (1,480 days), the days schools share kept, a
# school's own passing through (at 4,096, still filling at 15,000 schools: issue 13).
@lru_cache(maxsize=1024, typed=True)
def date(value: dt.date | None) -> str:
    # Cached (typed, bounded): a report writes the same few hundred dates again and again.
    # Not strftime: its %Y writes the year 1 as "1", where a date has four digits.
    return f"{value.day:02}/{value.month:02}/{value.year:04}" if value else "—"


def day_or_period(day: dt.date, end: dt.date | None) -> str:
    """A step's date, « 05/05/2026 », or its window, « du 01/11/2025 au 01/07/2026 »."""
    return f"du {date(day)} au {date(end)}" if end else date(day)


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """`1 erreur`, `3 erreurs`, `60 000 dossiers`: thousands set apart as French sets them,
    by a narrow no-break space (a national run's « 60000 dossiers » reads as a code)."""
    shown = f"{count:,}".replace(",", NNBSP) if count >= 1000 else str(count)  # most: at once
    return f"{shown} {word if count < 2 else (plural_word or word + 's')}"


def ordinal(count: int) -> str:
    """« 1er », « 14e »: the rank French writes before a noun (« du 1er au 22e mois »)."""
    return "1er" if count == 1 else f"{count}e"


def severity_counts(blocking: int, warning: int) -> str:
    """« 1 bloquant, 2 avertissements » beside a verdict, what is none left out ("" for both)."""
    return ", ".join(
        plural(count, SEVERITIES[severity])
        for severity, count in (("blocking", blocking), ("warning", warning))
        if count
    )


@lru_cache(maxsize=4096, typed=True)
def number(value: float) -> str:
    """A measure the French way: `36,2`, `22`, `1 250`."""
    # Cached (typed, bounded): a report's measures are a few thousand values, written twice each.
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.replace(",", "\u202f").replace(".", ",")


def said(value: Any, words: Mapping[str, str] | None = None) -> str:
    """A value an expression of a rule gives, in words for its message (a rule's `values`):
    a list as a French enumeration of its items in order (dates by date, numbers by value,
    texts by their words: the dossier's order of an array, and a set's, which hashing
    decides, never change a report), a date as a date, a number the French way, a code of
    the format with its French (`vae (validation des acquis de l'expérience)`), a text of
    `words` by its words there (a document type by its title), nothing as « aucune » (as a
    profile's empty list: the things said, catégories, pièces, valeurs, are feminine)."""
    if value is None:
        return "aucune"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):  # rule-engine's dates are datetimes at midnight
        return date(value)
    if isinstance(value, (int, float, Decimal)):
        return number(float(value) if isinstance(value, Decimal) else value)
    if isinstance(value, str):
        if words and value in words:
            return words[value]
        return glossed(value, _format_codes())
    if isinstance(value, Iterable):
        return enumeration([said(item, words) for item in _in_order(value)]) or "aucune"
    return str(value)


def typed_code(code: str) -> str:
    """A code as a profile's author types it, in backticks, with its French where it has one:
    « `follow-up` (audit de suivi) »."""
    return glossed(code, _format_codes(), f"`{code}`")


def in_sentence(title: str) -> str:
    """A title as a sentence names it: « diagnostic sexué », not « Diagnostic sexué » (an
    acronym, « PV du CA », « E3D », kept)."""
    first = title.split(" ", 1)[0]
    if any(letter.isupper() or letter.isdigit() for letter in first[1:]):
        return title
    return title[:1].lower() + title[1:]


def _in_order(items: Iterable[Any]) -> list[Any]:
    """`items` sorted by value when they compare (dates, numbers, codes), else by words."""
    items = list(items)
    try:
        return sorted(items)
    except TypeError:  # of several types, or of lists
        return sorted(items, key=said)


@lru_cache(maxsize=1)
def _format_codes() -> dict[str, str]:
    """Each code of the dossier format with its French: a code two tables give, the first
    table's in `_GLOSSES` order. The two so given, `initial` and `renewal`, name a procedure
    its application and its audit share: the application's words (« labellisation
    initiale », « renouvellement ») say it of either, where the code alone, as it was shown,
    read as English (the new user's check: `application.type` said « initial » bare beside
    « lp (lycée professionnel) »)."""
    meanings: dict[str, str] = {}
    for table in _GLOSSES:
        for code, gloss in table.items():
            if isinstance(code, str):
                meanings.setdefault(code, gloss)
    return meanings


# -- command line: plurals, typography and click's own words (issue 10) ------------------------

NNBSP = "\u202f"  # narrow no-break space: before « : ; ? ! % » and inside « »


def quoted(text: str) -> str:
    """`« text »`, with narrow no-break spaces inside the guillemets."""
    return f"«{NNBSP}{text}{NNBSP}»"


def enumeration(items: Sequence[str], conjunction: str = "et") -> str:
    """« a, b et c » (« a, b ou c »): French lists their last item with the conjunction."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def equivalence_set_aside(via_name: str, fiches: Sequence[str]) -> str:
    """« équivalence via <label> non appliquée (non-conformité FE-1 non levée) »: an
    equivalence in force that an open nonconformity on its criterion sets aside (SetAside).
    With no fiche named, the nonconformity is an audit's finding still without its fiche."""
    if len(fiches) > 1:
        why = f"non-conformités {enumeration(fiches)} non levées"
    else:
        why = f"non-conformité {fiches[0]} non levée" if fiches else "non-conformité non levée"
    return f"équivalence via {via_name} non appliquée ({why})"


def colon(before: str, after: str) -> str:
    """`before : after`, the colon held to its word by a narrow no-break space."""
    return f"{before}{NNBSP}: {after}"


# A space before « : ; ? ! % » (the mark is looked at, not replaced: no template to expand).
HELD_MARKS = ":;?!%»"  # held to the word before by a narrow no-break space (markdown.py too)
# One pattern per kind of space, each starting with its one character: the regex engine then
# jumps from one such character to the next instead of trying a match at every position, which
# on a school's whole section (~15 KB) is three times faster than one `[ \u00a0]` class.
_SPACE_BEFORE = re.compile(f" (?=[{HELD_MARKS}])")
_NO_BREAK_SPACE_BEFORE = re.compile(f"\u00a0(?=[{HELD_MARKS}])")
_SPACE_AFTER_GUILLEMET = re.compile("«[ \u00a0]")


def typeset_once(text: str) -> str:
    """French typography for a report's prose: the space before « : ; ? ! % » and inside « »
    made narrow and no-break, so that `100 %` or `« x »` never splits across lines.

    Not cached: for a text written once (a school's whole section), or by a caller that caches
    what it makes of the text (html.e, markdown.md); `typeset` is the same, cached."""
    text = _SPACE_BEFORE.sub(NNBSP, text)
    if "\u00a0" in text:
        text = _NO_BREAK_SPACE_BEFORE.sub(NNBSP, text)
    if "«" in text:
        text = _SPACE_AFTER_GUILLEMET.sub("«" + NNBSP, text)
    return text


@lru_cache(maxsize=8192)
def typeset(text: str) -> str:
    """typeset_once, cached and bounded: reports set the same titles and remedies for every
    school. A text written once goes through typeset_once: it would only push them out."""
    return typeset_once(text)


def suggestion(message: str, hint: str | None) -> str:
    """`message (vouliez-vous dire « x » ?)`, or the message alone."""
    return f"{message} (vouliez-vous dire {quoted(hint)}{NNBSP}?)" if hint else message


# click writes its words through gettext: these are the ones labelcheck's commands can show.
# A message missing here stays English: tests/cli/test_cli_french.py runs every --help and
# the usage errors to catch one.
CLICK_MESSAGES = {
    "Usage:": f"Utilisation{NNBSP}:",
    # Help headings: click adds the colon, held to the word by the space added here.
    "Options": f"Options{NNBSP}",
    "Commands": f"Commandes{NNBSP}",
    "Positional arguments": f"Arguments{NNBSP}",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": f"Erreur{NNBSP}: {{message}}",
    "Try '{command} {option}' for help.": f"Aide{NNBSP}: {{command}} {{option}}",
    "Invalid value: {message}": f"valeur invalide{NNBSP}: {{message}}",
    "Invalid value for {param_hint}: {message}": f"valeur invalide pour {{param_hint}}{NNBSP}: {{message}}",
    "Missing argument": "argument manquant",
    "Missing option": "option manquante",
    "Missing parameter": "paramètre manquant",
    "Missing parameter: {param_name}": f"paramètre manquant{NNBSP}: {{param_name}}",
    "Missing {param_type}": "{param_type} manquant",
    "Missing command.": "Commande manquante.",
    # Lower case after « Erreur : », and no full stop: a suggestion may follow, in brackets.
    "No such command {name!r}.": f"commande inconnue «{NNBSP}{{name}}{NNBSP}»",
    "No such option {name!r}.": f"option inconnue «{NNBSP}{{name}}{NNBSP}»",
    "Option {name!r} does not take a value.": f"L'option «{NNBSP}{{name}}{NNBSP}» ne prend pas de valeur.",
    "Option {name!r} requires an argument.": f"L'option «{NNBSP}{{name}}{NNBSP}» demande une valeur.",
    "Option {name!r} requires {nargs} arguments.": f"L'option «{NNBSP}{{name}}{NNBSP}» demande {{nargs}} valeurs.",
    # Lower case after « Erreur : », the arguments quoted as the house quotes a value.
    "Got unexpected extra argument ({args})": f"argument en trop{NNBSP}: «{NNBSP}{{args}}{NNBSP}»",
    "Got unexpected extra arguments ({args})": f"arguments en trop{NNBSP}: «{NNBSP}{{args}}{NNBSP}»",
    "Did you mean {possibility}?": f"(vouliez-vous dire {{possibility}}{NNBSP}?)",
    "(Did you mean one of: {possibilities}?)": f"(vouliez-vous dire l'une de ces valeurs{NNBSP}: {{possibilities}}{NNBSP}?)",
    "{value!r} is not {choice}.": f"«{NNBSP}{{value}}{NNBSP}» n'est pas {{choice}}.",
    "{value!r} is not one of {choices}.": f"«{NNBSP}{{value}}{NNBSP}» n'est pas l'une des valeurs{NNBSP}: {{choices}}.",
    "Choose from:\n\t{choices}": f"Valeurs possibles{NNBSP}:\n\t{{choices}}",
    "{value!r} is not a valid {number_type}.": f"«{NNBSP}{{value}}{NNBSP}» n'est pas un {{number_type}} valide.",
    "{value} is not in the range {range}.": "{value} est hors des valeurs permises ({range}).",
    "default: {default}": f"par défaut{NNBSP}: {{default}}",
    "required": "obligatoire",
    "file": "fichier",
    "directory": "répertoire",
    "path": "chemin",
    # click gives {name} title-cased (« Fichier ») after « : »: the path is said without it.
    "{name} {filename!r} does not exist.": f"«{NNBSP}{{filename}}{NNBSP}» introuvable.",
    "{name} {filename!r} is a file.": f"«{NNBSP}{{filename}}{NNBSP}» est un fichier, pas un répertoire.",
    "{name} {filename!r} is a directory.": f"«{NNBSP}{{filename}}{NNBSP}» est un répertoire, pas un fichier.",
    "{name} {filename!r} is not readable.": f"«{NNBSP}{{filename}}{NNBSP}» illisible.",
    "{name} {filename!r} is not writable.": f"«{NNBSP}{{filename}}{NNBSP}» non modifiable.",
    "Aborted!": "Interrompu.",
}


def click_message(message: str) -> str:
    return CLICK_MESSAGES.get(message, message)


def click_plural_message(singular: str, plural_message: str, count: int) -> str:
    return click_message(singular if count == 1 else plural_message)


# What a plugin disabled for its errors leaves out of a run, by whether it brings labels of
# its own (`Plugin.declares_labels`), for one plugin and for several.
LEFT_OUT = {
    True: ("ses labels ne sont pas évalués", "leurs labels ne sont pas évalués"),
    False: ("ses règles ne sont pas appliquées", "leurs règles ne sont pas appliquées"),
}


# What a human report says under an internal error, for a school head: not the dossier's fault.
# Before the exception's own words, which are for whoever administers labelcheck.
TECHNICAL_DETAIL = "Détail technique, pour qui administre labelcheck"
INTERNAL_ERROR = typeset(
    "Ce dossier n'a pas été évalué : labelcheck ou l'un de ses plugins a échoué sur lui, sans "
    "que le dossier soit en cause. Transmettre ce message à qui administre labelcheck."
)
# The same after « Erreur interne : », in lower case as after every colon (the new-user walk).
INTERNAL_ERROR_AFTER_COLON = INTERNAL_ERROR[0].lower() + INTERNAL_ERROR[1:]


# The French of the format's codes, each table's words for its codes: what gloss_meant reads.
# In this order `said` glosses a code two tables give (APPLICATIONS before AUDITS).
_GLOSSES: tuple[Mapping[Any, str], ...] = (
    APPLICATIONS,
    AUDITS,
    GRADES,
    ESTABLISHMENT_KINDS,
    SECTORS,
    EVIDENCE_KINDS,
    NONCONFORMITY_STATUSES,
    SEVERITIES,
    CATEGORIES,
    PARTNER_KINDS,
)
