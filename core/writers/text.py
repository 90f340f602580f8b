"""The terminal report, in French, grouped by label then criterion."""

from __future__ import annotations

from labelcheck.core import french
from labelcheck.core.facts import criterion_of
from labelcheck.core.report import DossierResult, LabelResult, Summary
from labelcheck.core.writers import Writer

MARKS = {"blocking": "✗", "warning": "!", "info": "·"}
COLORS = {"blocking": "31", "warning": "33", "info": "2", "ok": "32", "title": "1"}


class TextWriter(Writer):
    renders_alone = True

    def paint(self, text: str, style: str) -> str:
        return f"\x1b[{COLORS[style]}m{text}\x1b[0m" if self.color else text

    def line(self, text: str = "", indent: int = 0) -> None:
        self._lines.append("  " * indent + text + "\n")

    def render(self, result: DossierResult) -> str:
        self._lines: list[str] = []
        self._dossier(result)
        return "".join(self._lines)

    def _dossier(self, result: DossierResult) -> None:
        title = f"{result.name or '(sans nom)'} ({result.uai or 'UAI inconnu'})"
        self.line(self.paint(title, "title") + f" — {result.path}")
        if result.errors:
            self.line(self.paint(f"Dossier invalide : {french.plural(len(result.errors), 'erreur')}", "blocking"), 1)
            for error in result.errors:
                where = f"ligne {error.line}, " if error.line else ""
                self.line(f"{MARKS['blocking']} {where}{error.path or '(fichier)'} : {error.full_message}", 2)
        if result.internal_error:
            self.line(self.paint(f"Erreur interne : {result.internal_error}", "blocking"), 1)
        for label in result.labels:
            self.label(label)
        if result.shared_evidence:
            self.line("Preuves partagées entre labels :", 1)
            for shared in result.shared_evidence:
                self.line(f"{shared.id} ({shared.kind}) : {', '.join(shared.refs)}", 2)
        for link in result.links:
            self.line(f"Lien entre labels : {link['title']} ({link['from']} → {link['to']})", 1)
        self.line()

    def label(self, label: LabelResult) -> None:
        verdict = french.VERDICTS[label.verdict]
        style = "ok" if label.verdict in ("ready", "valid") else "warning" if label.verdict == "renewal-due" else "blocking"
        counts = ", ".join(f"{french.plural(label.count(s), french.SEVERITIES[s])}"
                           for s in ("blocking", "warning", "info") if label.count(s))
        self.line()
        self.line(f"{self.paint(label.name, 'title')} — {french.application(label)}, "
                  f"au {french.date(label.as_of)} : {self.paint(verdict.upper(), style)}"
                  + (f" ({counts})" if counts else ""), 1)
        if label.held:
            held = label.held
            holder = f" par {held['holder']}" if held.get("holder") else ""
            level = f", niveau {held['level']}" if held.get("level") else ""
            self.line(f"Label détenu{holder}{level} : attribué le {french.date(held['awarded'])}, expire le "
                      f"{french.date(held['expires'])} ({french.VERDICTS[held['status']]})", 2)
        by_criterion: dict[str, list] = {}
        for finding in label.findings:
            by_criterion.setdefault(criterion_of(finding.ref), []).append(finding)
        self.findings(by_criterion.pop(label.label, []), 2)
        for criterion in label.criteria:
            status = french.STATUSES[criterion.status]
            if criterion.via:
                status += f" ({criterion.via})"
            self.line(f"{criterion.ref} {criterion.title[:70]}{'…' if len(criterion.title) > 70 else ''} : {status}", 2)
            self.findings(by_criterion.pop(criterion.ref, []), 3)
        for findings in by_criterion.values():  # refs outside the référentiel's criteria
            self.findings(findings, 2)
        for waiver in label.waivers:
            state = "active" if waiver.status == "active" else "EXPIRÉE, la règle s'applique de nouveau"
            self.line(f"Dérogation {waiver.rule} ({state}, jusqu'au {french.date(waiver.expires)}) : {waiver.reason}", 2)

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
            self.line(f"{self.paint(MARKS['info'], 'info')} [{french.SEVERITIES['info']}] "
                      f"{folded[0].title} : {subjects} ({rule})", indent)

    def finding(self, finding, indent: int) -> None:
        mark = self.paint(MARKS[finding.severity], finding.severity)
        due = french.date(finding.due) if finding.due and finding.severity != "info" else ""
        due = f" — avant le {due}" if due and due not in finding.message else ""
        self.line(f"{mark} [{french.SEVERITIES[finding.severity]}] {finding.message}{due} ({finding.rule})", indent)

    def close(self, summary: Summary) -> None:
        self._lines = []
        parts = [french.plural(summary.dossiers, "dossier"), french.plural(summary.invalid, "invalide")]
        labels = [f"{summary.ready} prêt(s)", f"{summary.not_ready} non prêt(s)"]
        for attr, word in (("valid", "valide(s)"), ("renewal_due", "à renouveler"), ("expired", "expiré(s)")):
            if getattr(summary, attr):
                labels.append(f"{getattr(summary, attr)} {word}")
        self.line(f"Résumé : {', '.join(parts)} ; {french.plural(summary.labels, 'label')} : {', '.join(labels)} ; "
                  f"{summary.blocking} bloquant(s), {summary.warning} avertissement(s)")
        self.out.write("".join(self._lines))
