"""The terminal report, in French, grouped by label then criterion.

A line is made of pieces, and every piece is shown through `visible`: a school name,
a title or a message built from a dossier cannot reach the terminal with an escape
sequence in it, whichever line it is put in. The writer's own colours are added to
`Painted` pieces after that.
"""

from __future__ import annotations

from typing import NamedTuple

from labelcheck.core import french
from labelcheck.core.facts import criterion_of
from labelcheck.core.report import CriterionResult, DossierResult, LabelResult, Summary
from labelcheck.core.visible import visible
from labelcheck.core.writers import Writer, colophon
from labelcheck.core.writers.combined import summary_text

MARKS = {"blocking": "✗", "warning": "!", "info": "·"}
COLORS = {"blocking": "31", "warning": "33", "info": "2", "ok": "32", "title": "1"}


class Painted(NamedTuple):
    """A piece of a line in a colour (when colours are on)."""

    text: str
    style: str

    def __str__(self) -> str:  # put in an f-string by mistake: shown plain, never raw
        return visible(self.text)


def error_place(error) -> str:
    """`ligne 7, establishment.sector : `, `ligne 4 : `, or nothing for an error of the whole file."""
    place = ", ".join(filter(None, (f"ligne {error.line}" if error.line else "", error.path)))
    return f"{place} : " if place else ""


class TextWriter(Writer):
    renders_alone = True

    def __init__(self, out, profile: str, color: bool = False):
        super().__init__(out, profile, color)
        self.colophon = colophon()  # fixed once: every dossier of a run is produced the same day
        self.started = False

    def write_rendered(self, text: str) -> None:
        self._start()
        self.out.write(text)

    def _start(self) -> None:
        """The report's head, before its first dossier: what produced it, when, under which profile."""
        if not self.started:
            self.out.write(f"{self.colophon}\nProfil : {visible(french.run_profile(self.profile))}\n\n")
            self.started = True

    def line(self, *pieces: str | Painted, indent: int = 0) -> None:
        """One line of the report: each piece made visible, then coloured if it is `Painted`."""
        self._lines.append("  " * indent + "".join(self.shown(piece) for piece in pieces) + "\n")

    def shown(self, piece: str | Painted) -> str:
        if not isinstance(piece, Painted):
            return visible(piece)
        text = visible(piece.text)
        return f"\x1b[{COLORS[piece.style]}m{text}\x1b[0m" if self.color else text

    def render(self, result: DossierResult) -> str:
        self._lines: list[str] = []
        self._dossier(result)
        return "".join(self._lines)

    def _dossier(self, result: DossierResult) -> None:
        if result.name:  # an unreadable dossier has neither name nor UAI: its path says which it is
            title = f"{result.name} ({result.uai})" if result.uai else result.name
            self.line(Painted(title, "title"), f" — {result.path}")
        else:
            self.line(Painted(result.path, "title"))
        if result.errors:
            self.line(Painted(f"Dossier invalide : {french.plural(len(result.errors), 'erreur')}", "blocking"),
                      indent=1)
            for error in result.errors:
                self.line(f"{MARKS['blocking']} {error_place(error)}{error.full_message}", indent=2)
        if result.internal_error:
            self.line(Painted(f"Erreur interne : {result.internal_error}", "blocking"), indent=1)
        if result.profile and not result.errors and not result.internal_error:
            self.line(f"Profil : {french.dossier_profile(result)}", indent=1)
        names = {label.label: label.name for label in result.labels}
        for label in result.labels:
            self.label(label, names, result.profile)
        if result.shared_evidence:
            self.line("Preuves partagées entre labels :", indent=1)
            for shared in result.shared_evidence:
                self.line(f"{shared.id} ({shared.kind}) : {', '.join(shared.refs)}", indent=2)
        for link in result.links:
            self.line(f"Lien entre labels : {link['title']} ({link['from']} → {link['to']})", indent=1)
        self.line()

    def label(self, label: LabelResult, names: dict[str, str], profile: str | None) -> None:
        verdict = french.VERDICTS[label.verdict]
        style = "ok" if label.verdict in ("ready", "valid") else "warning" if label.verdict == "renewal-due" else "blocking"
        counts = ", ".join(f"{french.plural(label.count(s), french.SEVERITIES[s])}"
                           for s in ("blocking", "warning", "info") if label.count(s))
        self.line()
        self.line(Painted(label.name, "title"), f" — {french.application(label)}, au {french.date(label.as_of)} : ",
                  Painted(verdict.upper(), style), f" ({counts})" if counts else "", indent=1)
        if label.held:
            held = label.held
            holder = f" par {held['holder']}" if held.get("holder") else ""
            level = f", niveau {held['level']}" if held.get("level") else ""
            self.line(f"Label détenu{holder}{level} : attribué le {french.date(held['awarded'])}, expire le "
                      f"{french.date(held['expires'])} ({french.VERDICTS[held['status']]})", indent=2)
        by_criterion: dict[str, list] = {}
        for finding in label.findings:
            by_criterion.setdefault(criterion_of(finding.ref), []).append(finding)
        self.findings(by_criterion.pop(label.label, []), 2)
        adopted = {e["id"]: french.adoption(e, profile) for e in label.equivalences}
        for criterion in label.criteria:
            status = french.STATUSES[criterion.status]
            if criterion.via:
                status += f" via {names.get(criterion.via, criterion.via)}"
                if adopted.get(criterion.equivalence or ""):
                    status += f" — {adopted[criterion.equivalence]}"
            self.line(f"{criterion.ref} {self.title(criterion)} : {status}", indent=2)
            if criterion.grades:
                self.line(french.grades(criterion.grades), indent=3)
            self.findings(by_criterion.pop(criterion.ref, []), 3)
        for findings in by_criterion.values():  # refs outside the référentiel's criteria
            self.findings(findings, 2)
        for waiver in label.waivers:
            state = "active" if waiver.status == "active" else "EXPIRÉE, la règle s'applique de nouveau"
            self.line(f"Dérogation {waiver.rule} ({state}, jusqu'au {french.date(waiver.expires)}) : {waiver.reason}",
                      indent=2)

    @staticmethod
    def title(criterion: CriterionResult) -> str:
        title = criterion.title[:70] + ("…" if len(criterion.title) > 70 else "")
        return f"{title} {french.PARAPHRASE}" if criterion.wording == "paraphrase" else title

    def findings(self, findings: list, indent: int) -> None:
        """Blocking findings and warnings in full; information folded to one line per rule."""
        infos: dict[str, list] = {}
        for finding in findings:
            if finding.severity == "info":
                infos.setdefault(finding.rule, []).append(finding)
            else:
                self.finding(finding, indent)
        for rule, folded in infos.items():
            if len(folded) == 1:
                self.finding(folded[0], indent)
                continue
            subjects = ", ".join(f.subject for f in folded)
            self.line(Painted(MARKS["info"], "info"), f" {self.kind(folded[0])} {folded[0].title} : {subjects} ({rule})",
                      indent=indent)

    def finding(self, finding, indent: int) -> None:
        mark = Painted(MARKS[finding.severity], finding.severity)
        due = french.date(finding.due) if finding.due and finding.severity != "info" else ""
        due = f" — avant le {due}" if due and due not in finding.message else ""
        self.line(mark, f" {self.kind(finding)} {finding.message}{due} ({finding.rule})", indent=indent)

    @staticmethod
    def kind(finding) -> str:
        """`[bloquant · texte]`: how grave, and whether the texts, the academy or our reading ask it."""
        return f"[{french.SEVERITIES[finding.severity]} · {french.nature(finding.nature)}]"

    def close(self, summary: Summary) -> None:
        self._start()
        self._lines = []
        self.line(f"Résumé : {summary_text(summary)}")
        self.out.write("".join(self._lines))
