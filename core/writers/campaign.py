"""An academy's campaign (`labelcheck campaign`) as text, JSON, CSV, HTML or iCalendar."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import orjson
from labelcheck.core import french
from labelcheck.core.campaign import (
    FORMAT,
    Campaign,
    CampaignFinding,
    PlannedAudit,
    PlannedStep,
    SchoolPlan,
    Stage,
    late_uid,
    plan_from_data,
    plan_to_data,
    school,
    school_and_dossier,
    school_name,
    school_plan,
)
from labelcheck.core.report import DossierResult
from labelcheck.core.visible import visible
from labelcheck.core.writers import Rendered, Writer, colophon
from labelcheck.core.writers.html import POLICY, badge, e, styles, table
from labelcheck.core.writers.ics import (
    calendar,
    event_stamp,
    failed_todo,
    invalid_line,
    invalid_todo,
    todo,
)

TITLE = "Campagne de labellisation"
SEVERITIES = {"problem": "problème", "suggestion": "suggestion"}
KINDS = {"deadline": "échéance", "start": "début", "event": "événement"}


def render(campaign: Campaign, fmt: str) -> str:
    renderers: dict[str, Callable[[Campaign], str]] = {
        "text": text,
        "json": json,
        "csv": csv_text,
        "html": html,
        "ics": ics,
    }
    return renderers[fmt](campaign)


def period(campaign: Campaign) -> str:
    return f"du {french.date(campaign.start)} au {french.date(campaign.end)}"


def counts(campaign: Campaign, steps: int, audits: int) -> str:
    findings = campaign.findings()
    problems = sum(1 for f in findings if f.severity == "problem")
    schools = french.plural(campaign.school_count(), "établissement")
    if len(campaign.schools) != campaign.school_count():  # a school with a dossier per label
        schools += f" ({french.plural(len(campaign.schools), 'dossier')})"
    parts = [
        schools,
        french.plural(steps, "échéance"),
        french.plural(audits, "audit"),
        french.plural(problems, "problème"),
        french.plural(len(findings) - problems, "suggestion"),
    ]
    if late := len(campaign.late()):
        parts.append(french.plural(late, "retard", "retards"))
    if campaign.invalid:
        parts.append(french.plural(len(campaign.invalid), "dossier invalide", "dossiers invalides"))
    if campaign.failed:
        parts.append(
            french.plural(
                len(campaign.failed), "dossier en erreur interne", "dossiers en erreur interne"
            )
        )
    return ", ".join(parts)


def judged(campaign: Campaign) -> str:
    return (
        f"Labels évalués au {french.date(campaign.as_of)} ; profil "
        f"{french.run_profile(campaign.profile)}"
    )


def step_line(step: PlannedStep) -> str:
    """`20/05/2026 · Lycée X (0451442Y) · Lycée des métiers · Audit sur site`; the school
    having several dossiers in the campaign, `Lycée X (0451442Y, lycee-x/dossier.toml)`."""
    when = french.day_or_period(step.date, step.end)
    team = f" (équipe : {', '.join(step.auditors)})" if step.auditors else ""
    done = f" — {step.done_text}" if step.done_on else ""
    school = school_name(step.school, step.uai, step.dossier)
    return f"{when} · {school} · {step.label_name} · {step.what}{team}{done}"


# -- text -----------------------------------------------------------------------------------------


def text(campaign: Campaign) -> str:
    steps, audits = campaign.steps(), campaign.audits()
    lines = [
        f"{TITLE} {period(campaign)}",
        counts(campaign, len(steps), len(audits)),
        judged(campaign),
        "",
    ]
    if late := campaign.late():
        shared = campaign.shared_uais()
        lines += [late_title(campaign)]
        lines += [f"  {late_line(plan, stage, item, shared)}" for plan, stage, item in late]
        lines.append("")
    lines.append("Vérifications entre établissements")
    findings = campaign.findings()
    lines += [
        line
        for finding in findings
        for line in (
            f"  {SEVERITIES[finding.severity]} : {finding.message}",
            f"    → {finding.remedy}",
            f"    source ({french.nature(finding.nature)}) : {finding.source}",
        )
    ] or ["  aucun problème ni aucune suggestion"]
    lines += ["", "Échéances, mois par mois"]
    for _key, name, month_steps in campaign.by_month():
        lines.append(f"  {name}")
        for step in month_steps:
            lines += [f"    {step_line(step)}", f"      source : {step.source}"]
    if not steps:
        lines.append("  aucune échéance dans la période")
    lines += ["", "Audits par auditeur"]
    # Each audit on its own line, with its date: the schools on one line (3,000 characters for
    # a busy auditor) gave a conseiller no date to plan with (the reading audit).
    lines += [
        line
        for name, booked in campaign.auditors()
        for line in (
            f"  {name} : {french.plural(len(booked), 'audit')}",
            *(f"    {audit_line(audit)}" for audit in booked),
        )
    ] or ["  aucun auditeur nommé dans la période"]
    lines += ["", "Étape de chaque établissement"]
    shared = campaign.shared_uais()
    for plan in sorted(campaign.schools, key=_school_order):
        lines.append(f"  {school_name(plan.name, plan.uai, _path_if(plan, shared))}")
        lines += [f"    {stage.label_name} : {stage.text()}" for stage in plan.stages]
    if campaign.invalid:
        lines += ["", INVALID_TITLE]
        for path, errors in campaign.invalid.items():
            lines.append(f"  {invalid_line(path, errors)}")
            lines += [f"    {error}" for error in errors]
    if campaign.failed:
        lines += ["", FAILED_TITLE]
        for path, detail in campaign.failed.items():
            lines += [f"  {failed_line(path)}", f"    {french.TECHNICAL_DETAIL} : {detail}"]
    lines += ["", colophon()]
    # Each line holds a dossier's words (a school's name, an auditor's): an escape sequence
    # in them would act on the terminal, a line break would forge a line; both are shown.
    return french.typeset_once("\n".join(visible(line) for line in lines)) + "\n"


INVALID_TITLE = "Dossiers invalides, non planifiés"


def late_title(campaign: Campaign) -> str:
    """`En retard au 15/10/2026, au début de la période`; the as-of date alone when `--as-of`
    sets another (the new reader's audit: « au début de la période » on a date that was not)."""
    start = ", au début de la période" if campaign.as_of == campaign.start else ""
    return f"En retard au {french.date(campaign.as_of)}{start}"


def late_line(plan: SchoolPlan, stage: Stage, item: str, shared: set[str]) -> str:
    """`Lycée X (0451442Y) — Lycée des métiers : Écart … — échéance du 30/09/2026 dépassée`,
    its dossier's path beside the UAI when the school has several (as the stages say it)."""
    school = school_name(plan.name, plan.uai, _path_if(plan, shared))
    return f"{school} — {stage.label_name} : {item}"


FAILED_TITLE = "Dossiers en erreur interne, non planifiés"


def failed_line(path: str) -> str:
    """A dossier whose evaluation failed: what it means, as the evaluation's reports say it."""
    return f"{path} : erreur interne. {french.INTERNAL_ERROR}"


def audit_line(audit: PlannedAudit) -> str:
    """`le 20/05/2026 : Lycée X (0451442Y), Lycée des métiers`: an auditor's audit."""
    return f"le {french.date(audit.date)} : {school(audit)}, {audit.label_name}"


def _path_if(plan: SchoolPlan, shared: set[str]) -> str:
    """Its dossier's path when its school has several in the campaign, else ""."""
    return plan.path if plan.uai in shared else ""


def _school_order(plan: SchoolPlan) -> tuple[str, str, str]:
    return (plan.name.casefold(), plan.uai, plan.path)


# -- JSON -----------------------------------------------------------------------------------------


def json(campaign: Campaign) -> str:
    return orjson.dumps(data(campaign), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def data(campaign: Campaign) -> dict[str, Any]:
    steps, audits, findings = campaign.steps(), campaign.audits(), campaign.findings()
    problems = sum(1 for f in findings if f.severity == "problem")
    return {
        "format": FORMAT,
        "from": campaign.start.isoformat(),
        "to": campaign.end.isoformat(),
        "as_of": campaign.as_of.isoformat(),
        "profile": campaign.profile,
        "join_within": campaign.join_within,
        "summary": {
            # Schools by UAI; `dossiers` the valid dossiers read, one school's several among them.
            "schools": campaign.school_count(),
            "dossiers": len(campaign.schools),
            "steps": len(steps),
            "audits": len(audits),
            "problems": problems,
            "suggestions": len(findings) - problems,
            "invalid": len(campaign.invalid),
            "failed": len(campaign.failed),
        },
        "findings": [finding_dict(f) for f in findings],
        "months": [
            {"month": key, "name": name, "steps": [step_dict(s) for s in month_steps]}
            for key, name, month_steps in campaign.by_month()
        ],
        "audits": [audit_dict(a) for a in audits],
        "auditors": [
            {"name": name, "audits": len(booked), "schools": sorted({a.uai for a in booked})}
            for name, booked in campaign.auditors()
        ],
        "schools": [school_dict(plan) for plan in sorted(campaign.schools, key=_school_order)],
        "invalid": [
            # As `evaluate` gives them: a program reads the key and line, not a sentence.
            {"path": path, "errors": [error.as_dict() for error in errors]}
            for path, errors in campaign.invalid.items()
        ],
        # As `evaluate` gives them: the error's detail, for whoever runs labelcheck.
        "failed": [
            {"path": path, "internal_error": detail} for path, detail in campaign.failed.items()
        ],
    }


def step_dict(step: PlannedStep) -> dict[str, Any]:
    return {
        "date": step.date.isoformat(),
        "end": step.end.isoformat() if step.end else None,
        "uai": step.uai,
        "school": step.school,
        # Its dossier's path where the school has several in the campaign, as the text, CSV
        # and HTML name it: the UAI alone does not tell them apart.
        "dossier": step.dossier or None,
        "label": step.label,
        "label_name": step.label_name,
        "id": step.id,
        "uid": step.uid,
        "kind": step.kind,
        "what": step.what,
        "source": step.source,
        "auditors": list(step.auditors),
        "done_on": step.done_on.isoformat() if step.done_on else None,
    }


def audit_dict(audit: PlannedAudit) -> dict[str, Any]:
    return {
        "date": audit.date.isoformat(),
        "uai": audit.uai,
        "school": audit.school,
        "label": audit.label,
        "type": audit.type,
        "auditors": list(audit.auditors),
    }


def finding_dict(finding: CampaignFinding) -> dict[str, Any]:
    return {
        "check": finding.check,
        "severity": finding.severity,
        "date": finding.date.isoformat(),
        "schools": list(finding.schools),
        "auditor": finding.auditor,
        "message": french.typeset(finding.message),
        "remedy": french.typeset(finding.remedy),
        "source": finding.source,
        "nature": finding.nature,
    }


def school_dict(plan: SchoolPlan) -> dict[str, Any]:
    return {
        "path": plan.path,
        "uai": plan.uai,
        "name": plan.name,
        "labels": [
            {
                "label": stage.label,
                "name": stage.label_name,
                "verdict": stage.verdict,
                "application": stage.application,
                "level": stage.level,
                "ready": stage.ready,
                "held": stage.held,
                "submitted": stage.submitted,
                "late": list(stage.late),
            }
            for stage in plan.stages
        ],
    }


# -- CSV ------------------------------------------------------------------------------------------

# One row per step. Semicolons, and a byte-order mark: a French spreadsheet (Excel, whose list
# separator is « ; » where the comma is the decimal one) opens such a file by a double click in
# columns and with its accents; LibreOffice and Python's csv (encoding="utf-8-sig") read it too.
CSV_HEADER = (
    "date",
    "fin",
    "mois",
    "UAI",
    "établissement",
    "label",
    "nom du label",
    "étape",
    "nature de l'étape",
    "équipe d'audit",
    "source",
    "identifiant",
    "fait le",  # last: the columns before it kept their places in the academies' sheets
)


def csv_text(campaign: Campaign) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    # What is already late opens the sheet, as it opens the text: an academy working from the
    # CSV missed the overdue écarts the text counted (the new user's check).
    shared = campaign.shared_uais()
    for plan, stage, item in campaign.late():
        _row(writer, _late_row(campaign, plan, stage, item, shared))
    for _key, month, steps in campaign.by_month():
        for step in steps:
            _row(
                writer,
                (
                    step.date.isoformat(),
                    step.end.isoformat() if step.end else "",
                    month,
                    step.uai,
                    # The UAI has its own column; its dossier, where the school has several.
                    step.school_and_dossier,
                    step.label,
                    step.label_name,
                    step.what,
                    KINDS.get(step.kind, step.kind),
                    ", ".join(step.auditors),
                    step.source,
                    step.uid,
                    step.done_on.isoformat() if step.done_on else "",
                ),
            )
    for path, errors in campaign.invalid.items():
        for error in map(str, errors or ("",)):
            _row(writer, _left_out_row("invalid", path, "Dossier invalide", error))
    for path, detail in campaign.failed.items():
        _row(writer, _left_out_row("failed", path, "Dossier en erreur interne", detail))
    return "\ufeff" + out.getvalue()


# What a spreadsheet runs as a formula when a cell begins with it (OWASP, « CSV Injection »):
# a school named `=HYPERLINK(…)` would be a link, or worse, once the file is opened. OWASP's
# other two, a tab and a carriage return, never begin a cell: visible() has shown them.
FORMULA_STARTS = ("=", "+", "-", "@")


def _row(writer: Any, cells: tuple[str, ...]) -> None:
    writer.writerow([_cell(cell) for cell in cells])


def _cell(text: str) -> str:
    """A cell of dossier text, its control characters shown (visible), and, as OWASP advises,
    an apostrophe before what would begin a formula: the spreadsheet shows it as text."""
    text = visible(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _late_row(
    campaign: Campaign, plan: SchoolPlan, stage: Stage, item: str, shared: set[str]
) -> tuple[str, ...]:
    """A finding late at the as-of date: dated that day, its due date in its words."""
    return (
        campaign.as_of.isoformat(),
        "",
        "",
        plan.uai,
        # The UAI has its own column, as a step's row; its dossier where the school has several.
        school_and_dossier(plan.name, _path_if(plan, shared)),
        stage.label,
        stage.label_name,
        item,
        "en retard",
        "",
        "",
        late_uid(plan, stage, item, shared),
        "",
    )


def _left_out_row(why: str, path: str, what: str, detail: str) -> tuple[str, ...]:
    """A dossier left out (`why`: invalid, failed), one row per error: it has no date, school or
    label to show."""
    return (
        "",
        "",
        "",
        "",
        path,
        "",
        "",
        f"{what}, non planifié",
        "erreur",
        "",
        detail,
        f"{why}:{path}",
        "",
    )


# -- HTML -----------------------------------------------------------------------------------------

HTML_STYLE = """
table.checks thead th:nth-child(1) { width: 13%; }
table.checks thead th:nth-child(2) { width: 52%; }
table.calendar thead th:nth-child(1) { width: 13%; }
table.calendar thead th:nth-child(2) { width: 22%; }
table.calendar thead th:nth-child(3) { width: 15%; }
table.calendar thead th:nth-child(4) { width: 50%; }
table.calendar .source { display: block; margin-top: 2px; }
table.auditors thead th:nth-child(1) { width: 25%; }
table.auditors thead th:nth-child(2) { width: 10%; }
table.stages thead th:nth-child(1) { width: 30%; }
table.stages thead th:nth-child(2) { width: 20%; }
.severity-problem { background: var(--red-soft); color: var(--red); }
.severity-suggestion { background: var(--info-soft); color: var(--info); }
h3.month { text-transform: capitalize; }
"""


def html(campaign: Campaign) -> str:
    steps, audits = campaign.steps(), campaign.audits()
    title = e(f"{TITLE} {period(campaign)}")  # the tab's as the heading's: its period
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        f"<title>{title}</title>\n{styles(HTML_STYLE)}</head>\n<body>\n"
        '<header class="report-header"><p class="kicker">Labels qualité des lycées professionnels</p>'
        f"<h1>{title}</h1>\n"
        f'<p class="meta">{e(counts(campaign, len(steps), len(audits)))}</p>\n'
        f'<p class="meta">{e(judged(campaign))}</p>\n'
        f'<p class="meta colophon">{e(colophon())}</p></header>\n<main>\n'
        + _late_part(campaign)
        + _checks_part(campaign.findings())
        + _calendar_part(campaign)
        + _auditors_part(campaign)
        + _stages_part(campaign)
        + _invalid_part(campaign)
        + _failed_part(campaign)
        + f"</main>\n<footer><p>{e(colophon())}. Dates au format jj/mm/aaaa.</p></footer>\n"
        "</body>\n</html>\n"
    )


def _part(title: str, body: str) -> str:
    return f'<section class="part"><h2>{e(title)}</h2>\n{body}\n</section>\n'


def _empty(words: str) -> str:
    return f'<p class="empty">{e(words)}</p>'


def _checks_part(findings: list[CampaignFinding]) -> str:
    rows = "".join(
        f"<tr><td>{badge('severity', f.severity, SEVERITIES[f.severity])}</td>"
        f'<td>{e(f.message)}<br><span class="remedy">→ {e(f.remedy)}</span></td>'
        f'<td class="source">{e(f.source)} <span class="nature nature-{e(f.nature)}">'
        f"{e(french.nature(f.nature))}</span></td></tr>"
        for f in findings
    )
    body = (
        table(["Gravité", "Constat", "Source"], f"<tbody>{rows}</tbody>", "checks")
        if findings
        else _empty(
            "Aucun auditeur réservé deux fois le même jour, aucun inspecteur référent "
            "dans l'équipe d'audit de son établissement, aucun audit à réunir."
        )
    )
    return _part("Vérifications entre établissements", body)


def _calendar_part(campaign: Campaign) -> str:
    months = campaign.by_month()
    if not months:
        return _part("Échéances, mois par mois", _empty("Aucune échéance dans la période."))
    parts = []
    for _key, name, steps in months:
        rows = "".join(_step_row(step) for step in steps)
        parts.append(
            f'<h3 class="month">{e(name)}</h3>\n'
            + table(
                ["Date", "Établissement", "Label", "Étape"], f"<tbody>{rows}</tbody>", "calendar"
            )
        )
    return _part("Échéances, mois par mois", "\n".join(parts))


def _step_row(step: PlannedStep) -> str:
    when = french.day_or_period(step.date, step.end)
    team = (
        '<span class="line small">' + e("Équipe d'audit : " + ", ".join(step.auditors)) + "</span>"
        if step.auditors
        else ""
    )
    done = (
        f'<span class="line"><span class="badge step step-done">{e(step.done_text)}</span></span>'
        if step.done_on
        else ""
    )
    return (
        f"<tr><td>{e(when)}</td>"
        f'<th scope="row">{e(step.school)} <span class="uai">{e(step.uai)}</span>'
        f"{_dossier_line(step.dossier)}</th>"
        f"<td>{e(step.label_name)}</td>"
        f"<td>{e(step.what)}{team}{done}"
        f'<span class="source">{e(step.source)}</span></td></tr>'
    )


def _dossier_line(path: str) -> str:
    """Its dossier's path under a school's name, the school having several in the campaign."""
    return f'<span class="line small">{e(path)}</span>' if path else ""


def _auditors_part(campaign: Campaign) -> str:
    auditors = campaign.auditors()
    rows = "".join(
        f'<tr><th scope="row">{e(name)}</th><td class="number">{len(booked)}</td>'
        "<td><ul>" + "".join(f"<li>{e(audit_line(audit))}</li>" for audit in booked) + "</ul></td>"
        "</tr>"
        for name, booked in auditors
    )
    body = (
        table(["Auditeur", "Audits", "Ses audits"], f"<tbody>{rows}</tbody>", "auditors")
        if auditors
        else _empty("Aucun auditeur nommé dans la période.")
    )
    return _part("Audits par auditeur", body)


def _stages_part(campaign: Campaign) -> str:
    rows = []
    shared = campaign.shared_uais()
    for plan in sorted(campaign.schools, key=_school_order):
        for index, stage in enumerate(plan.stages):
            head = (
                f'<th scope="row" rowspan="{len(plan.stages)}">{e(plan.name)} '
                f'<span class="uai">{e(plan.uai)}</span>'
                f"{_dossier_line(_path_if(plan, shared))}</th>"
                if index == 0
                else ""
            )
            rows.append(
                f"<tr>{head}<td>{e(stage.label_name)}</td>"
                f"<td>{badge('verdict', stage.verdict, stage.verdict_text)} "
                f"{e(stage.text())}</td></tr>"
            )
    body = (
        table(["Établissement", "Label", "Étape"], "<tbody>" + "".join(rows) + "</tbody>", "stages")
        if rows
        else _empty("Aucun établissement évalué.")
    )
    return _part("Étape de chaque établissement", body)


def _invalid_part(campaign: Campaign) -> str:
    if not campaign.invalid:
        return ""
    items = "".join(
        f"<li>{e(invalid_line(path, errors))}"
        + (
            "<ul>" + "".join(f"<li><code>{e(str(error))}</code></li>" for error in errors) + "</ul>"
            if errors
            else ""
        )
        + "</li>\n"
        for path, errors in campaign.invalid.items()
    )
    return _part(INVALID_TITLE, f'<ul class="invalid">\n{items}</ul>')


def _late_part(campaign: Campaign) -> str:
    late = campaign.late()
    if not late:
        return ""
    shared = campaign.shared_uais()
    rows = "".join(
        f'<tr><th scope="row">{e(plan.name)} <span class="uai">{e(plan.uai)}</span>'
        f"{_dossier_line(_path_if(plan, shared))}</th>"
        f"<td>{e(stage.label_name)}</td><td>{e(item)}</td></tr>"
        for plan, stage, item in late
    )
    body = table(["Établissement", "Label", "En retard"], f"<tbody>{rows}</tbody>", "late")
    return _part(late_title(campaign), body)


def _failed_part(campaign: Campaign) -> str:
    if not campaign.failed:
        return ""
    items = "".join(
        f"<li>{e(failed_line(path))}<ul><li>{e(french.TECHNICAL_DETAIL + ' :')} "
        f"<code>{e(detail)}</code></li></ul></li>\n"
        for path, detail in campaign.failed.items()
    )
    return _part(FAILED_TITLE, f'<ul class="invalid">\n{items}</ul>')


# -- iCalendar ------------------------------------------------------------------------------------


def ics(campaign: Campaign) -> str:
    stamp = event_stamp()
    shared = campaign.shared_uais()
    todos = "".join(
        todo(
            late_uid(plan, stage, item, shared),
            late_line(plan, stage, item, shared),
            late_title(campaign),
            stamp,
        )
        for plan, stage, item in campaign.late()
    )
    todos += "".join(invalid_todo(path, errors, stamp) for path, errors in campaign.invalid.items())
    todos += "".join(failed_todo(path, detail, stamp) for path, detail in campaign.failed.items())
    return calendar(campaign.steps(), f"{TITLE} {period(campaign)}", todos)


# -- collecting: a --jobs worker sends a dossier's plan, not its full result ------------------------


class PlanRenderer(Writer):
    """Renders each dossier as its `SchoolPlan` in one line of JSON: `--jobs` workers send that
    back instead of pickling the whole result, whose findings and criteria a campaign drops."""

    def render(self, result: DossierResult, position: int = 0) -> Rendered[str]:
        if result.invalid or result.internal_error is not None:
            return Rendered("")
        return Rendered(orjson.dumps(plan_to_data(school_plan(result))).decode("utf-8"))


def plan_of(result: DossierResult | None, rendered: str | None) -> SchoolPlan | None:
    """The plan of a dossier evaluated here (its result) or by a worker (its rendered plan);
    None for one invalid or in error."""
    if result is not None:
        if result.invalid or result.internal_error is not None:
            return None
        return school_plan(result)
    return plan_from_data(orjson.loads(rendered)) if rendered else None
