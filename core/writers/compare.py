"""A comparison of two evaluations (core/compare.py) as text, JSON, Markdown or HTML.

The human formats read like the combined report, calmly: for each school that changed,
its verdicts before and after, then what got worse, what got better and what is still to
do, each change with its cause in words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from labelcheck.core import french
from labelcheck.core.campaign import school_name
from labelcheck.core.compare import (
    Cause,
    Comparison,
    DossierComparison,
    LabelComparison,
    report_date,
)
from labelcheck.core.report import past_due
from labelcheck.core.visible import visible
from labelcheck.core.writers import colophon
from labelcheck.core.writers.html import document_start, e
from labelcheck.core.writers.html import table as html_table
from labelcheck.core.writers.markdown import md, one_line
from labelcheck.core.writers.markdown import table as md_table

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    # What may explain a change, in words for one label (`_cause_text`, bound to it).
    Because = Callable[[tuple[Cause, ...]], str]

TITLE = "Comparaison de deux évaluations"
CAUSES: dict[Cause, str] = {
    "dossier": "le dossier a changé",
    "time": "la date d'évaluation a avancé",
    "rules": "les règles ou le profil ont changé",
}
TIME_BACK = "la date d'évaluation a reculé"  # `time`, the new evaluation judged at an earlier date
TRENDS = {"worse": "en baisse", "better": "en hausse", "same": "inchangé"}
WORSE, BETTER, TODO = "Ce qui s'est dégradé", "Ce qui s'est amélioré", "Ce qui reste à faire"
# What changed, neither for the better nor for the worse: a criterion réputé satisfait that is
# now documenté by its own evidence, one entering or leaving evaluation, information resolved.
OTHER = "Autres changements"


def comparison_chunks(comparison: Comparison, fmt: str) -> Iterator[str]:
    """A comparison in a human format, a school at a time, as it is written: whole, a national
    one's view and text were a gigabyte of its memory beside the two reports."""
    view = ComparisonView.of(comparison)
    return {"text": text_chunks, "markdown": markdown_chunks, "html": html_chunks}[fmt](view)


# -- what the human formats show -------------------------------------------------------------


@dataclass
class VerdictRow:
    label: str
    before: str
    after: str
    trend: str
    cause: str


@dataclass
class Line:
    """One change or one thing still to do: its text, what happened to it (« nouveau »,
    « résolu »…) and its cause in words."""

    text: str
    what: str = ""
    cause: str = ""


@dataclass
class SchoolChanges:
    name: str
    uai: str
    state: str  # changed | added | removed
    verdicts: list[VerdictRow] = field(default_factory=list)
    worse: list[Line] = field(default_factory=list)
    better: list[Line] = field(default_factory=list)
    other: list[Line] = field(default_factory=list)
    todo: list[Line] = field(default_factory=list)

    @property
    def cause(self) -> str:
        """The one cause of every change of the school, said once above them; else ""."""
        causes = {line.cause for line in (*self.worse, *self.better, *self.other)} | {
            row.cause for row in self.verdicts
        }
        causes.discard("")
        return causes.pop() if len(causes) == 1 else ""

    def lists(self) -> list[tuple[str, list[str]]]:
        """The lists, each line with what happened and its cause unless said once above."""
        common = self.cause
        lists = ((WORSE, self.worse), (BETTER, self.better), (OTHER, self.other), (TODO, self.todo))
        return [
            (title, [self.shown(line, common) for line in lines]) for title, lines in lists if lines
        ]

    @staticmethod
    def shown(line: Line, common: str) -> str:
        notes = [line.what] if line.what else []
        if line.cause and line.cause != common:
            notes.append(f"cause{french.NNBSP}: {line.cause}")
        return line.text + (f" ({f'{french.NNBSP}; '.join(notes)})" if notes else "")


@dataclass
class ComparisonView:
    old: str
    new: str
    summary: str
    # The schools that changed, each made as it is read; the names of those unchanged, whole
    # once `schools` has been read through (the formats name them after the others).
    schools: Iterator[SchoolChanges]
    unchanged: list[str]

    @classmethod
    def of(cls, comparison: Comparison) -> ComparisonView:
        unchanged: list[str] = []
        # A school with several dossiers (one per label, last year's copy left beside the
        # new one): each named with its path, or an added copy read as the school itself.
        uais = Counter(dossier.uai for dossier in comparison.dossiers if dossier.uai)

        def schools() -> Iterator[SchoolChanges]:
            for dossier in comparison.dossiers:
                placed = bool(dossier.uai) and uais[dossier.uai or ""] > 1
                if dossier.state == "unchanged":
                    unchanged.append(_school_name(dossier, placed))
                else:
                    yield school_changes(dossier, placed)

        plugins = _plugins_apart(comparison.old.tool, comparison.new.tool)
        return cls(
            _side(comparison.old.source, comparison.old.tool, comparison.old.dossiers, plugins[0]),
            _side(comparison.new.source, comparison.new.tool, comparison.new.dossiers, plugins[1]),
            summary_sentence(comparison.summary()),
            schools(),
            unchanged,
        )


UNCHANGED_NAMED = 30  # schools named in a text or Markdown comparison's « Inchangés »


def _some(names: list[str], shown) -> str:
    """The unchanged schools, up to UNCHANGED_NAMED of them then their number: over hundreds of
    schools, their names were one paragraph of 20 KB (the CI audit); the JSON and HTML
    comparisons name every one."""
    named = ", ".join(shown(name) for name in names[:UNCHANGED_NAMED])
    rest = len(names) - UNCHANGED_NAMED
    return named + (
        f" et {french.plural(rest, 'autre', 'autres')} (la liste entière : --format json ou html)"
        if rest > 0
        else ""
    )


def _plugins_apart(old: dict | None, new: dict | None) -> tuple[str, str]:
    """The plugins of another package than labelcheck's whose version or data differ between
    the two reports, as each side has them: « plugin qualeduc 0.1.0 », « plugin qualeduc
    0.2.0 ». The cause `rules` is « labelcheck, a plugin or the profile changed » (cli-and-report
    1.1): which plugin, only the JSON's `tool` said (the plugins audit). labelcheck's own
    plugins go with its version."""
    sides = [_third_party(tool) for tool in (old, new)]
    names = sorted(
        name
        for name in sides[0].keys() | sides[1].keys()
        if sides[0].get(name) != sides[1].get(name)
    )
    return tuple(  # type: ignore[return-value]
        ", ".join(_plugin_said(name, side.get(name), other.get(name)) for name in names)
        for side, other in (sides, sides[::-1])
    )


def _third_party(tool: dict | None) -> dict[str, tuple[str, str]]:
    """Each plugin's version and digest by its name, as a terminal may show them: a report
    is an input, its texts' control characters shown, never sent (`visible`)."""
    plugins = (tool or {}).get("plugins")
    return {
        visible(plugin.get("name")): (
            visible(plugin.get("version", "")),
            visible(plugin.get("digest", "")),
        )
        for plugin in (plugins if isinstance(plugins, list) else ())
        if isinstance(plugin, dict) and plugin.get("package") not in (None, "labelcheck")
    }


def _plugin_said(name: str, mine: tuple[str, str] | None, other: tuple[str, str] | None) -> str:
    if mine is None:
        return f"sans le plugin {name}"
    version, digest = mine
    if other is not None and other[0] == version:  # the same version, its data changed
        return f"plugin {name} {version}, empreinte {digest.removeprefix('sha256:')[:8]}"
    return f"plugin {name} {version}"


def _side(source: str, tool: dict | None, dossiers: list[dict], plugins: str = "") -> str:
    """`old.json (labelcheck 0.1.0), labels évalués au 20/05/2026`: which report, and when its labels
    were judged (a file name says neither); the plugins that differ from the other side's
    (`plugins`), in the parenthesis."""
    version = (tool or {}).get("version")
    days = {report_date(label.get("as_of")) for d in dossiers for label in d.get("labels") or ()}
    dates = sorted(day for day in days if day is not None)
    when = ""
    if dates:
        first, last = french.date(dates[0]), french.date(dates[-1])
        when = (
            f", labels évalués au {first}"
            if first == last
            else f", labels évalués du {first} au {last}"
        )
    made_by = "\u202f; ".join(
        part for part in (f"labelcheck {version}" if version else "", plugins) if part
    )
    return visible(source) + (f" ({made_by})" if made_by else "") + when


def _school_name(dossier: DossierComparison, placed: bool = False) -> str:
    """Its name, else (a dossier that could not be read) its path, as evaluate names it: never
    « établissement sans nom », which told the reader nothing of which one it was. `placed`:
    its path too, the school having another dossier in the comparison."""
    path = (dossier.new or dossier.old or {}).get("path")
    name = dossier.name or path or "établissement sans nom"
    if not dossier.uai:
        return name
    return school_name(name, dossier.uai, path if placed and path else "")


def summary_sentence(summary: dict[str, int]) -> str:
    """The comparison in a sentence. It counts dossiers, as they are matched: a school may
    have several (one per label, a copy), and « 3 établissements » for two schools' three
    dossiers was counted wrong."""
    moved = ("changed", "added", "removed", "became_invalid", "became_valid", "became_failed")
    if not any(summary.get(count) for count in moved):
        return (
            f"Rien n'a changé entre les deux évaluations "
            f"({french.plural(summary['dossiers'], 'dossier')})."
        )
    parts = [
        f"{french.plural(summary['dossiers'], 'dossier')} : "
        f"{summary['changed']} modifié{'s' if summary['changed'] > 1 else ''}, "
        f"{summary['unchanged']} inchangé{'s' if summary['unchanged'] > 1 else ''}"
        + (
            f", {summary['added']} ajouté{'s' if summary['added'] > 1 else ''}"
            if summary["added"]
            else ""
        )
        + (
            # « retiré » read as the rector's withdrawal of a label (the reading audit).
            f", {summary['removed']} absent{'s' if summary['removed'] > 1 else ''} de la "
            "nouvelle évaluation"
            if summary["removed"]
            else ""
        )
        + _validity_counts(summary),
        (
            f"{french.plural(summary['new_findings'], 'constat nouveau', 'constats nouveaux')}"
            + _of_them_blocking(summary["new_blocking"])
            if summary["new_findings"]
            else "aucun constat nouveau"  # « 0 constat nouveau (aucun bloquant) »
        )
        + ", "
        + (
            f"{french.plural(summary['now_blocking'], 'constat devenu bloquant', 'constats devenus bloquants')}, "
            if summary.get("now_blocking")
            else ""
        )
        + (
            french.plural(summary["resolved_findings"], "constat résolu", "constats résolus")
            if summary["resolved_findings"]
            else "aucun constat résolu"
        ),
        f"verdicts : {summary['verdicts_down']} en baisse, {summary['verdicts_up']} en hausse",
    ]
    return french.typeset("\u202f; ".join(parts) + ".")


def _of_them_blocking(count: int) -> str:
    """« (dont 2 bloquants) », « (aucun bloquant) »: French says no « 0 » of them, nor
    « dont aucun » (the French audit)."""
    if count == 0:
        return " (aucun bloquant)"
    return f" (dont {count} bloquant{'s' if count > 1 else ''})"


def _validity_counts(summary: dict[str, int]) -> str:
    """The dossiers counted apart: invalid on one side, so not compared."""
    invalid, valid = summary.get("became_invalid", 0), summary.get("became_valid", 0)
    said = []
    if invalid:
        said.append(
            french.plural(
                invalid, "devenu invalide (non évalué)", "devenus invalides (non évalués)"
            )
        )
    failed = summary.get("became_failed", 0)
    if failed:
        said.append(f"{failed} en erreur interne (non évalué{'s' if failed > 1 else ''})")
    if valid:
        said.append(french.plural(valid, "devenu valide", "devenus valides"))
    return "".join(f", {text}" for text in said)


def school_changes(dossier: DossierComparison, placed: bool = False) -> SchoolChanges:
    school = SchoolChanges(_school_name(dossier, placed), dossier.uai or "", dossier.state)
    profiles = tuple(side.get("profile") if side else None for side in (dossier.old, dossier.new))
    _add_validity(school, dossier, profiles)
    for label in dossier.labels:
        _label_changes(school, label, profiles)
    return school


def _add_validity(
    school: SchoolChanges, dossier: DossierComparison, profiles: tuple[str | None, ...]
) -> None:
    """The dossier on one side only, or valid on one side only, or with more or fewer errors;
    a change of validity with its cause, as every other change: a dossier a later release
    refuses read as one the school broke (the versions audit)."""
    before, after = dossier.errors(dossier.old), dossier.errors(dossier.new)
    because = _cause_text(dossier.validity_causes, None, profiles)
    if dossier.state == "added" and after:
        school.worse.append(
            Line(
                f"Dossier nouveau dans la comparaison, invalide ({french.plural(after, 'erreur')}) : non évalué."
            )
        )
    elif dossier.state == "added":
        school.other.append(Line("Dossier nouveau dans la comparaison."))
    elif dossier.state == "removed":
        # Neither better nor worse, as the exit status counts it: a school left out of the new
        # run (a shard, a partial run, a school closed) was not judged there.
        school.other.append(
            Line(
                "Dossier absent de la nouvelle évaluation"
                + (" (il était invalide)." if before else ".")
            )
        )
    if dossier.state == "became-failed":
        school.worse.append(
            Line(
                "Évaluation du dossier interrompue par une erreur interne (un plugin ou labelcheck) : "
                "non évalué, ses constats ne sont pas comparés.",
                cause=because,
            )
        )
    elif dossier.state == "became-invalid":
        school.worse.append(
            Line(
                f"Dossier devenu invalide ({french.plural(after, 'erreur')}) : non évalué, "
                "ses constats ne sont pas comparés.",
                cause=because,
            )
        )
    elif dossier.state == "became-valid":
        school.better.append(
            Line(
                "Dossier devenu valide : non évalué dans l'évaluation précédente, "
                "ses labels et ses constats y sont tous nouveaux.",
                cause=because,
            )
        )
    elif dossier.state in ("added", "removed"):
        pass  # on one side only: its errors were not there before, nor fixed after
    elif after > before:
        school.worse.append(
            Line(f"Dossier toujours invalide, avec plus d'erreurs ({after}).", cause=because)
        )
    elif before > after:
        fewer = "Dossier devenu valide." if not after else "Moins d'erreurs de saisie."
        school.better.append(Line(fewer, cause=because))


def _label_changes(
    school: SchoolChanges, label: LabelComparison, profiles: tuple[str | None, ...] = ()
) -> None:
    """One label's changes, each in its part of the school's lines: the verdict, the findings
    new and resolved, the criteria, the severities moved, what is still there."""
    name = label.name or label.label
    as_of = report_date((label.new or {}).get("as_of"))  # what is due is said at the new date

    def because(causes: tuple[Cause, ...]) -> str:
        return _cause_text(causes, label, profiles)

    school.verdicts.append(_verdict_row(label, name, because))
    # Information items neither worsen nor improve a dossier: the new ones are counted among
    # what is to read, as the report folds them; the resolved ones are counted too.
    school.worse += [
        Line(_finding_text(name, c.finding, as_of), "nouveau", because(c.causes))
        for c in label.new_findings
        if c.finding.get("severity") != "info"
    ]
    _add_resolved(school, label, name, because)
    _count_informations(school.todo, name, label.new_findings, "nouvelle", "nouvelles")
    _add_criteria(school, label, name, because)
    _count_informations(school.other, name, label.resolved, "résolue", "résolues")
    _add_severity_moves(school, label, name, as_of, because)
    _add_still_there(school, label, name, as_of)


def _verdict_row(label: LabelComparison, name: str, because: Because) -> VerdictRow:
    """Every label of a school that changed, its verdict the same or not (the contract: « for
    each dossier and label … the verdict before and after »): a school head reads them all."""
    changed = label.state != "compared" or label.old_verdict != label.new_verdict
    causes = label.verdict_causes or (("dossier",) if label.state in ("added", "removed") else ())
    as_of_text = _as_of_text(label)
    return VerdictRow(
        f"{name} ({as_of_text})" if as_of_text else name,
        _verdict(label.old_verdict, label.renewal_names[0]),
        _verdict(label.new_verdict, label.renewal_names[1]),
        TRENDS[label.verdict_trend] if label.state == "compared" else _label_state(label),
        because(causes) if changed else "",
    )


def _add_resolved(
    school: SchoolChanges, label: LabelComparison, name: str, because: Because
) -> None:
    for c in label.resolved:
        if c.finding.get("severity") == "info":
            continue
        # Gone with the rules or the profile alone (the same dossier judged under `national`,
        # an academy's rule no longer applied): nothing the school did, so neither « résolu »
        # nor better (the French review: a plan still returned late).
        gone = c.causes == ("rules",)
        line = Line(
            _finding_text(name, c.finding), "disparu" if gone else "résolu", because(c.causes)
        )
        (school.other if gone else school.better).append(line)


def _count_informations(lines: list[Line], name: str, changes, singular: str, plural: str) -> None:
    count = sum(c.finding.get("severity") == "info" for c in changes)
    if count:
        words = (f"information {singular}", f"informations {plural}")
        lines.append(Line(f"{name} — {french.plural(count, *words)}"))


def _add_criteria(
    school: SchoolChanges, label: LabelComparison, name: str, because: Because
) -> None:
    """Every criterion whose status changed (the contract's « criteria whose status changed »),
    those neither better nor worse too: réputé satisfait → documenté."""
    by_trend = {"worse": school.worse, "better": school.better, "same": school.other}
    for criterion in label.criteria:
        text = french.typeset(
            f"{name} — critère {criterion.ref} {criterion.title} : "
            f"{french.STATUSES.get(criterion.old or '', 'non listé')} → "
            f"{french.STATUSES.get(criterion.new or '', 'non listé')}"
        )
        by_trend[criterion.trend].append(Line(text, cause=because(criterion.causes)))


def _add_severity_moves(
    school: SchoolChanges,
    label: LabelComparison,
    name: str,
    as_of: dt.date | None,
    because: Because,
) -> None:
    """A finding still there whose severity moved (a profile raised or lowered it) is a
    change."""
    for change in label.unchanged:
        listed = {"worse": school.worse, "better": school.better}.get(change.severity_trend)
        if listed is not None and change.before is not None:
            was = change.before.get("severity", "")
            what = f"était {french.SEVERITIES.get(was, was)}"
            listed.append(
                Line(_finding_text(name, change.finding, as_of), what, because(change.causes))
            )


def _add_still_there(school: SchoolChanges, label: LabelComparison, name: str, as_of) -> None:
    """What is still to do, the same as before; the information items counted."""
    same = [c for c in label.unchanged if c.severity_trend == "same"]
    school.todo += [
        Line(_finding_text(name, c.finding, as_of))
        for c in same
        if c.finding.get("severity") != "info"
    ]
    known = sum(c.finding.get("severity") == "info" for c in same)
    if known:
        unchanged = french.plural(known, "information inchangée", "informations inchangées")
        school.todo.append(Line(f"{name} — {unchanged}"))


def _verdict(verdict: str | None, renewal_name: str | None = None) -> str:
    """A side's verdict as `evaluate` says it: a renewal in the label's own word, which its
    report gives (« relabellisation à engager » for Euroscol)."""
    if verdict == "renewal-due" and renewal_name:
        return french.verdict(verdict, visible(renewal_name))
    return french.VERDICTS.get(verdict or "", verdict or "—")


def _label_state(label: LabelComparison) -> str:
    if label.state == "not-evaluated":
        side = "la nouvelle évaluation" if label.new is None else "l'évaluation précédente"
        return f"non évalué dans {side}, non comparé"
    # Neither « ajouté » nor « retiré »: a label is awarded and withdrawn by the rector; here
    # it is only absent from one of the two evaluations (a dossier copied, deleted, invalid).
    if label.state == "added":
        return "label absent de l'évaluation précédente"
    return "label absent de la nouvelle évaluation"


def _finding_text(name: str, finding: dict, as_of: dt.date | None = None) -> str:
    """`Lycée des métiers — bloquant · exigence des textes : …`: the nature beside the severity,
    as every human report shows it (cli-and-report 1.1); a report of an earlier version may
    give none. With `as_of` (a finding still open then), its due date as `evaluate` says it:
    « — échéance du 30/09/2026 dépassée » was the line a school head needed, and compare left
    it out (the reading audit)."""
    severity = french.SEVERITIES.get(finding.get("severity", ""), finding.get("severity", ""))
    nature = finding.get("nature")
    said = f"{severity} · {french.nature(nature)}" if isinstance(nature, str) else severity
    due = _due_text(finding, as_of) if as_of else ""
    return french.typeset(f"{name} — {said} : {finding.get('message', '')}{due}")


def _due_text(finding: dict, as_of: dt.date) -> str:
    """« — au plus tard le 30/09/2026 », « — échéance du 30/09/2026 dépassée », or, past a
    validity finding's date (the first day too late: its label's expiry), « — label expiré le
    28/06/2026 »; "" for a finding with no due date, as `evaluate`'s text report says them."""
    due = report_date(finding.get("due"))
    if due is None:
        return ""
    expiry = finding.get("kind") == "validity"  # its due date is the first day too late
    late = past_due(due, as_of, expiry)
    message, severity = finding.get("message", ""), finding.get("severity", "")
    return french.due_said(message, severity, french.date(due), late, expiry, expiry and late)


def _cause_text(
    causes: tuple[Cause, ...],
    label: LabelComparison | None = None,
    profiles: tuple[str | None, ...] = (),
) -> str:
    """The cause in words; when several things changed and nothing tells which one did it,
    each of them, for the reader to judge."""
    texts = [_one_cause(cause, label, profiles) for cause in causes]
    if len(texts) > 1:
        texts[-1] = f"ou {texts[-1]}"
    return french.typeset(", ".join(texts))


def _one_cause(
    cause: Cause, label: LabelComparison | None, profiles: tuple[str | None, ...]
) -> str:
    text = CAUSES[cause]
    if (
        cause == "rules"
        and len(profiles) == 2
        and all(isinstance(name, str) and name for name in profiles)
        and profiles[0] != profiles[1]
    ):
        # Which profile each side was judged under: « les règles ou le profil ont changé »
        # alone left the academy to guess (the reading audit).
        text += f" (profil {profiles[0]} puis {profiles[1]})"
    if cause == "time" and label and label.old and label.new:
        before, after = (report_date(side.get("as_of")) for side in (label.old, label.new))
        if before and after and after < before:
            text = TIME_BACK  # comparing a run with an older one: never say it « avancé »
        text += f" (du {_french_date(before)} au {_french_date(after)})"
    return text


def _as_of_text(label: LabelComparison) -> str:
    """The date each side judged the label at (cli-and-report 1.1: human reports state each
    label's as-of date): « au 20/05/2026 », or « au 20/05/2026 puis au 20/06/2026 »."""
    days = [report_date(side.get("as_of")) for side in (label.old, label.new) if side]
    shown = list(dict.fromkeys(french.date(day) for day in days if day))
    return " puis ".join(f"au {day}" for day in shown)


def _french_date(day: dt.date | None) -> str:
    return french.date(day) if day else "—"


# -- text ------------------------------------------------------------------------------------

MARKS = {WORSE: "-", BETTER: "+", OTHER: "~", TODO: "·"}


def text_chunks(view: ComparisonView) -> Iterator[str]:
    """The text, a school at a time: each part typeset alone, which sets it as the whole text
    would be (each after the first begins with a line break, which no rule of
    `french.typeset_once` reads across)."""
    head = [TITLE, f"  avant : {view.old}", f"  après : {view.new}", "", view.summary]
    yield french.typeset_once("\n".join(head))
    for school in view.schools:
        lines = ["", visible(school.name)]
        if school.cause:
            lines.append(f"  cause : {school.cause}")
        for row in school.verdicts:
            cause = f" ; cause : {row.cause}" if row.cause and not school.cause else ""
            lines.append(f"  {row.label} : {row.before} → {row.after} ({row.trend}{cause})")
        for title, items in school.lists():
            lines.append(f"  {title} :")
            lines += [f"    {MARKS[title]} {visible(item)}" for item in items]
        yield french.typeset_once("\n" + "\n".join(lines))
    tail = ["", f"Inchangés : {_some(view.unchanged, visible)}"] if view.unchanged else []
    # Its production date and version, as the Markdown and HTML comparisons and every human
    # report give them (cli-and-report 1.1).
    tail += ["", colophon()]
    yield french.typeset_once("\n" + "\n".join(tail)) + "\n"


# -- Markdown --------------------------------------------------------------------------------

VERDICT_HEAD = ["Label", "Avant", "Après", "Évolution", "Cause"]


def _verdict_cells(row: VerdictRow) -> list[str]:
    # Each row gives its cause, even when said once above the table: an empty cell would read
    # as no cause at all.
    return [row.label, row.before, row.after, row.trend, row.cause or "—"]


def markdown_chunks(view: ComparisonView) -> Iterator[str]:
    """The Markdown, a school at a time, each part typeset alone (as `text_chunks`)."""
    head = [
        f"# {TITLE}\n",
        f"- Avant : {md(view.old)}\n- Après : {md(view.new)}\n",
        md(view.summary) + "\n",
    ]
    yield french.typeset_once("\n".join(head))
    for school in view.schools:
        parts = [f"## {md(school.name)}\n"]
        if school.cause:
            parts.append(f"Cause : {md(school.cause)}.\n")
        if school.verdicts:
            rows = [[md(cell) for cell in _verdict_cells(r)] for r in school.verdicts]
            parts.append(md_table(VERDICT_HEAD, rows))
        for title, items in school.lists():
            parts.append(f"### {title}\n\n" + "".join(f"- {md(item)}\n" for item in items))
        yield french.typeset_once("\n" + "\n".join(parts))
    tail = [f"Inchangés : {_some(view.unchanged, md)}\n"] if view.unchanged else []
    tail.append(f"\n_{one_line(colophon())}_\n")
    yield french.typeset_once("\n" + "\n".join(tail))


# -- HTML ------------------------------------------------------------------------------------

LIST_CLASSES = {WORSE: "worse", BETTER: "better", OTHER: "other", TODO: "todo"}


def html_chunks(view: ComparisonView) -> Iterator[str]:
    """The HTML document, a school at a time."""
    yield (
        document_start(title=TITLE)
        + f'<header class="report-header"><p class="kicker">Labels qualité des lycées professionnels</p>'
        f'<h1>{e(TITLE)}</h1>\n<p class="meta">{e(french.typeset("Avant : " + view.old))}</p>\n'
        f'<p class="meta">{e(french.typeset("Après : " + view.new))}</p>\n'
        f'<p class="meta">{e(view.summary)}</p>\n'
        f'<p class="meta colophon">{e(colophon())}</p></header>\n<main>\n'
    )
    for school in view.schools:
        parts = [f'<article class="school">\n<h2><span class="name">{e(school.name)}</span></h2>\n']
        if school.cause:
            parts.append(f'<p class="cause">{e(french.typeset("Cause : " + school.cause))}.</p>\n')
        if school.verdicts:
            rows = "".join(
                f'<tr class="trend-{e(r.trend)}">'
                + "".join(f"<td>{e(cell)}</td>" for cell in _verdict_cells(r))
                + "</tr>\n"
                for r in school.verdicts
            )
            parts.append(html_table(VERDICT_HEAD, f"<tbody>{rows}</tbody>"))
        for title, items in school.lists():
            parts.append(
                f'<section class="part {LIST_CLASSES[title]}"><h3>{e(title)}</h3>\n<ul>\n'
                + "".join(f"<li>{e(item)}</li>\n" for item in items)
                + "</ul></section>\n"
            )
        parts.append("</article>\n")
        yield "".join(parts)
    unchanged = ", ".join(view.unchanged)
    yield (
        (f"<p>{e(french.typeset('Inchangés : ' + unchanged))}</p>\n" if view.unchanged else "")
        + f"</main>\n<footer><p>{e(colophon())}</p></footer>\n</body>\n</html>\n"
    )
