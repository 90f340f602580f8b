"""The terminal report, in French, grouped by label then criterion.

A line is made of pieces, and every piece is shown through `visible`: a school name,
a title or a message built from a dossier cannot reach the terminal with an escape
sequence in it, whichever line it is put in. The writer's own colours are added to
`Painted` pieces after that.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from labelcheck.core import french
from labelcheck.core.report import (
    NOT_EVALUATED,
    NOT_YET_AWARDED,
    READY,
    RENEWAL_DUE,
    SEVERITY_ORDER,
    VALID,
    DossierResult,
    LabelResult,
    Summary,
)
from labelcheck.core.visible import visible
from labelcheck.core.writers import Rendered, Writer, colophon
from labelcheck.core.writers.combined import (
    DETAILS_HINT,
    LabelTasks,
    Task,
    held_by,
    held_state,
    held_state_said,
    links,
    no_label,
    not_evaluated_text,
    shared_evidence,
    summary_text,
    target_states,
    timeline,
    todo,
    undirected_targets,
)
from labelcheck.core.writers.combined import trends as combined_trends

MARKS = {"blocking": "✗", "warning": "!", "info": "·"}
COLORS = {"blocking": "31", "warning": "33", "info": "2", "ok": "32", "title": "1"}


class Painted(NamedTuple):
    """A piece of a line in a colour (when colours are on)."""

    text: str
    style: str

    def __str__(self) -> str:  # put in an f-string by mistake: shown plain, never raw
        return visible(self.text)


@lru_cache(maxsize=2048, typed=True)
def shown_plain(text: object) -> str:
    """shown_once(), cached, and bounded: a report writes the same criteria and remedies for
    every school; typed, so that 1 and True are each written as itself. Full within the first
    thousand schools, so that memory stays flat from there (8,192 rows: 2.41 misses a school;
    2,048: 2.56)."""
    return shown_once(text)


def shown_once(text: object) -> str:
    """Text made visible and set the French way."""
    return french.typeset_once(visible(text))


def error_place(error) -> str:
    """`ligne 7, establishment.sector : `, `ligne 4 : `, or nothing for an error of the whole file."""
    place = ", ".join(filter(None, (f"ligne {error.line}" if error.line else "", error.path)))
    return f"{place} : " if place else ""


def held_text(label: LabelResult) -> str:
    """`Label détenu (niveau 1) : attribué le …, expire le … (valide)`, or, once expired,
    `Label (niveau 1) attribué le …, expiré le …`: no longer held."""
    held = label.held
    assert held is not None
    about = f" ({words})" if (words := held_by(held)) else ""
    # An award dated after the as-of date is not held yet there (dossier format 1.1).
    coming = held["status"] == "not-yet-awarded"
    expired = held["status"] == "expired"
    if expired:
        lead = f"Label{about} "
    else:
        lead = f"{'Label à venir' if coming else 'Label détenu'}{about} : "
    return (
        f"{lead}{french.award(coming)} {french.date(held['awarded'])}, "
        f"{french.expiry(expired)} {french.date(held['expires'])}"
        + ("" if held_state_said(label) else f" ({held_state(label)})")
    )


def none_evaluated(label: LabelResult) -> bool:
    """A label held with no application: none of its criteria is evaluated, and the terminal
    folds them to one line unless --details (the combined report's matrix lists each)."""
    return bool(label.criteria) and all(c.status == NOT_EVALUATED for c in label.criteria)


class TextWriter(Writer):
    def __init__(self, out, profile: str, color: bool = False, details: bool = False):
        super().__init__(out, profile, color, details)
        self.colophon = colophon()  # fixed once: every dossier of a run is produced the same day
        self.started = False

    def add(self, rendered: Rendered[str]) -> None:
        self._start()
        self.stream.write(rendered.text)

    def _start(self) -> None:
        """The report's head, before its first dossier: what produced it, when, under which profile."""
        if not self.started:
            self.stream.write(
                french.typeset(
                    f"{self.colophon}\nProfil : {visible(french.run_profile(self.profile))}\n"
                    + (f"{visible(self.disabled_text)}\n" if self.disabled_text else "")
                    + "\n"
                )
            )
            self.started = True

    def line(self, *pieces: str | Painted, indent: int = 0) -> None:
        """One line of the report: each piece made visible, then coloured if it is `Painted`."""
        if len(pieces) == 1 and not isinstance(pieces[0], Painted):
            text = shown_plain(pieces[0])  # most lines, a call and a join fewer
        else:
            text = "".join([self.shown(p) for p in pieces])
        self._lines.append("  " * indent + text + "\n")

    def own_line(self, text: str, indent: int) -> None:
        """A line only this school writes (its dates, its audits' grades, its shared evidence),
        shown as line() would, but not through shown_plain's cache: it would only push out of
        it the lines every school writes."""
        self._lines.append("  " * indent + shown_once(text) + "\n")

    def shown(self, piece: str | Painted) -> str:
        if not isinstance(piece, Painted):
            return shown_plain(piece)
        text = shown_plain(piece.text)
        return f"\x1b[{COLORS[piece.style]}m{text}\x1b[0m" if self.color else text

    def render(self, result: DossierResult, position: int = 0) -> Rendered[str]:
        self._lines: list[str] = []
        self._dossier(result)
        return Rendered("".join(self._lines))

    def _dossier(self, result: DossierResult) -> None:
        if result.name:  # an unreadable dossier has neither name nor UAI: its path says which it is
            title = f"{result.name} ({result.uai})" if result.uai else result.name
            self.line(Painted(title, "title"), f" — {result.path}")
        else:
            self.line(Painted(result.path, "title"))
        if result.errors:
            self.line(
                Painted(
                    f"Dossier invalide : {french.plural(len(result.errors), 'erreur')}", "blocking"
                ),
                indent=1,
            )
            for error in result.errors:
                self.line(f"{MARKS['blocking']} {error_place(error)}{error.full_message}", indent=2)
        if result.internal_error:
            # What it means for the school first, then the detail for whoever runs labelcheck:
            # « RuntimeError: list index out of range » opened a school head's report.
            self.line(
                Painted(
                    french.colon("Erreur interne", french.INTERNAL_ERROR_AFTER_COLON), "blocking"
                ),
                indent=1,
            )
            self.line(f"{french.TECHNICAL_DETAIL} : {result.internal_error}", indent=1)
        if result.profile and not result.errors and not result.internal_error:
            self.line(f"Profil : {french.dossier_profile(result)}", indent=1)
        names = {label.label: label.name for label in result.labels}
        for label, tasks in zip(result.labels, todo(result, self.details), strict=True):
            self.label(label, tasks, names, result.profile)
        if said := no_label(result):
            self.line(said, indent=1)
        self.coming(result)
        self.indicators(result)
        shared = shared_evidence(result)
        if shared:
            self.line()
            self.line("Preuves partagées entre labels :", indent=1)
            for line in shared:
                named = (
                    f"{line.title} ({line.id}, {line.kind})"
                    if line.title
                    else f"{line.id} ({line.kind})"
                )
                self.own_line(f"{named} : {line.refs}", indent=2)
        for link in links(result):
            self.line(f"Lien entre labels : {link}", indent=1)
        self.line()

    def label(
        self, label: LabelResult, tasks: LabelTasks, names: dict[str, str], profile: str | None
    ) -> None:
        """The label's verdict; what blocks, then what warns, each with what to do; its criteria;
        information folded to one line unless --details."""
        verdict = french.label_verdict(label)
        style = (
            "info"  # not held yet: neither good news nor bad (dim, as HTML's grey badge)
            if label.verdict == NOT_YET_AWARDED
            else "ok"
            if label.verdict in (READY, VALID)
            else "warning"
            if label.verdict == RENEWAL_DUE
            else "blocking"
        )
        counts = french.severity_counts(label.count("blocking"), label.count("warning"))
        self.line()
        self.line(
            Painted(label.name, "title"),
            f" — {french.application(label)}, au {french.date(label.as_of)} : ",
            Painted(verdict.upper(), style),
            f" ({counts})" if counts else "",
            indent=1,
        )
        if label.held:
            self.own_line(held_text(label), indent=2)
        # Blocking first across the label's criteria, then warnings: the terminal has no
        # criterion headings to show the grouping by, and a warning between two blocking
        # findings read as one of them (the new user's audit).
        for task in sorted(
            (task for group in tasks.groups for task in group.tasks),
            key=lambda task: SEVERITY_ORDER[task.severity],
        ):
            self.task(task)
        for waiver in tasks.waivers:
            self.line(waiver, indent=2)
        self.criteria(label, names, profile)
        if tasks.information and not self.details:
            self.line(
                Painted(MARKS["info"], "info"), f" {tasks.information} {DETAILS_HINT}", indent=2
            )
        elif self.details:
            for note in tasks.notes:
                self.task(note)

    def task(self, task: Task) -> None:
        """`! [avertissement · texte] message — au plus tard le 30/09/2026`, then what to do."""
        # Past a validity finding's date, « label expiré le 28/06/2026 », not a deadline missed.
        due = french.due_said(
            task.message, task.severity, task.due, task.overdue, task.due_exclusive, task.expired
        )
        rule = f" (règle {task.rule})" if self.details else ""
        self.line(
            Painted(MARKS[task.severity], task.severity),
            f" [{task.severity_text} · {task.nature_text}"
            + (f" · {task.new_text}" if task.new else "")
            + f"] {task.message}{due}{rule}",
            indent=2,
        )
        if task.remedy:
            self.line(f"→ {task.remedy}", indent=3)
        if task.severity_reason:
            self.line(task.severity_note, indent=3)

    def criteria(self, label: LabelResult, names: dict[str, str], profile: str | None) -> None:
        if not self.details and none_evaluated(label):
            self.line(not_evaluated_text(len(label.criteria), label.criterion_name), indent=2)
            return
        adopted = {e["id"]: french.adoption(e, profile) for e in label.equivalences}
        for criterion in label.criteria:
            status = french.STATUSES[criterion.status]
            if criterion.via:
                status += f" via {criterion.via_name or names.get(criterion.via, criterion.via)}"
                if adopted.get(criterion.equivalence or ""):
                    status += f" — {adopted[criterion.equivalence or '']}"
            elif aside := criterion.set_aside:
                status += f" — {french.equivalence_set_aside(aside.via_name, aside.fiches)}"
            line = criterion_line(criterion.ref, criterion.title, criterion.wording, status)
            self._lines.append(line)
            if criterion.grades:
                self.own_line(french.grades(criterion.grades, label.audit_names), indent=3)

    def coming(self, result: DossierResult) -> None:
        """The steps still ahead, every label together: what falls due when."""
        ahead = [step for step in timeline(result) if not step.past]
        if ahead:
            self.line()
            self.line("Prochaines échéances :", indent=1)
            names = {step.label_name for step in ahead}  # proper names a title may start with
            for step in ahead:
                what = french.after_colon(step.what, names)
                self.own_line(
                    f"{step.when} — {step.label_name} : {what} ({step.state_text})", indent=2
                )

    def indicators(self, result: DossierResult) -> None:
        """Targets met and not met, in one line; each indicator with --details."""
        if not self.details:
            states, unsaid = target_states(result), undirected_targets(result)
            met, unmet = states.count("met"), states.count("unmet")
            if met or unmet or unsaid:
                # A target whose direction is unsaid cannot be judged: said, with what to write.
                direction = (
                    f", {french.plural(unsaid, 'cible', 'cibles')} sans sens précisé (dans "
                    'l\'indicateur, `direction = "minimum"` pour une cible à atteindre, '
                    '`direction = "maximum"` pour un plafond)'
                    if unsaid
                    else ""
                )
                self.line()
                self.line(
                    f"Indicateurs : {french.plural(met, 'cible atteinte', 'cibles atteintes')}, "
                    f"{french.plural(unmet, 'non atteinte', 'non atteintes')}{direction} "
                    f"{DETAILS_HINT}",
                    indent=1,
                )
            return
        trends = combined_trends(result)
        if not trends:
            return
        self.line()
        self.line("Indicateurs :", indent=1)
        for trend in trends:
            # « cible — — sans cible » said nothing twice: without a target, its state alone
            target = f"cible {trend.target_text} — " if trend.target is not None else ""
            self.line(
                f"{trend.name} ({trend.refs}) : {trend.values_text} ; {target}{trend.state_text}",
                indent=2,
            )

    def close(self, summary: Summary) -> None:
        self._start()
        self._lines = []
        self.line(f"Résumé : {summary_text(summary)}")
        self.stream.write("".join(self._lines))


@lru_cache(maxsize=4096)
def criterion_line(ref: str, title: str, wording: str, status: str) -> str:
    """A criterion's line, its title clipped, as `line` writes it at indent 2. Cached, and
    bounded: every school's report has the same few hundred."""
    title = _clipped(title, 70)
    if wording == "paraphrase":
        title = f"{title} {french.PARAPHRASE}"
    return f"    {shown_once(f'{ref} {title} : {status}')}\n"


def _clipped(text: str, width: int) -> str:
    """`text` cut to `width` characters at most, at the end of a word, with « … » (« …autour
    d'un ensemble… », never « …d'un ensemb… »)."""
    if len(text) <= width:
        return text
    cut = text[: width + 1].rsplit(" ", 1)[0] if " " in text[:width] else text[:width]
    return cut.rstrip(" ,;:") + "…"
