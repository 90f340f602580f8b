"""The combined report as one self-contained HTML5 page, in French, printable on A4.

No script and nothing fetched (a Content-Security-Policy says so to the
browser): the style sheet `report.css` is inlined, charts are inline SVG.
Every string from a dossier is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html import escape
from importlib.resources import files

from labelcheck.core import french
from labelcheck.core.report import Summary
from labelcheck.core.visible import visible_text
from labelcheck.core.writers.combined import (
    ACTION_PLAN,
    CODE_SPAN,
    DETAILS_HINT_IN_A_DOCUMENT,
    FOOTNOTE,
    INDICATORS,
    LINKS,
    NO_OWNER,
    SECTIONS,
    TITLE,
    ActionGroup,
    ActionLine,
    AuditGrid,
    CombinedWriter,
    CriterionLine,
    LabelLine,
    LabelTasks,
    OverviewRow,
    Readiness,
    SchoolView,
    StepLine,
    Task,
    TaskGroup,
    Trend,
    action_heading,
    report_title,
    summary_text,
)

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# Chart colours as SVG attributes, not CSS: WeasyPrint's SVG renderer ignores the page's style sheet.
GREEN, BLUE, INFO, RED, GREY = ("#18753c", "#000091", "#0063cb", "#ce0500", "#666666")
# Criteria with no evidence at all (unsupported): 3.5:1 against white, where #e4794a was 2.94
# (WCAG 1.4.11 asks 3:1 of a chart's parts; the accessibility audit). report.css's
# .key-unsupported, the legend's swatch, is the same.
ORANGE = "#d9683a"
TEXT = f'font-size="8" fill="{GREY}" font-family="Arial, sans-serif"'


def e(text: object) -> str:
    """Text, inert in HTML; its control characters shown, as in the other formats; set the French way.

    Any value, written as str(value): 1, True and 1.0, equal keys to a cache, each as itself."""
    return esc(str(text))


@lru_cache(maxsize=4096)
def esc(text: str) -> str:
    """e() of a str, which is all this module escapes. Cached, and bounded: a report escapes the
    same titles and remedies for every school; keyed by the text itself, where a typed key
    would be a new tuple at each call, twice the lookup's cost. A school's own text (its
    values, its evidence ids), met once, goes through `e_once`: it would only push them out.
    The bound is reached within the first thousand schools (a task's dates, a step's
    non-conformity: about one new text a school), so that memory stays flat from there; the
    shared texts stay, recent at every school (8,192 rows: 0.78 misses a school; 4,096: 1.13)."""
    return e_once(text)


# What e() may change in a printable text: markup, « and the marks typesetting holds to a word.
MAY_CHANGE = re.compile(f"[&<>\"'«{french.HELD_MARKS}]")
MARKUP = re.compile("[&<>\"']")


def e_once(text: object) -> str:
    """e(), not cached, its steps skipped when they cannot change the text (most of a school's)."""
    text = str(text)
    if not text.isprintable():  # a control character to show, or a no-break space to typeset
        return escape(french.typeset_once(visible_text(text)), quote=True)
    if MAY_CHANGE.search(text) is None:
        return text
    text = french.typeset_once(text)
    return escape(text, quote=True) if MARKUP.search(text) else text


@lru_cache(maxsize=1024)
def with_code(text: str) -> str:
    """A remedy, escaped, its `clé = "valeur"` to write in the dossier set as code. Cached, and
    bounded: rules give the same remedies to every school."""
    return CODE_SPAN.sub(r"<code>\1</code>", esc(text))


# A file name or an address quoted in a message (« pieces/projet.pdf », https://…): never
# hyphenated (the PDF's narrow columns gave « pieces/conven-tion_region.pdf », an address
# with a hyphen of its own), the class ids already have.
UNBROKEN = re.compile(
    r"(https?://[^\s<]+[^\s<.,;:)])|(?<=«\u202f)([^«»<\s]*[/.][^«»<\s]*)(?=\u202f»)"
)


# 512: full within the first thousand schools (642 texts), then the texts every school shares
# stay, and a school's own messages (its dates, its file names) pass through. At 4,096 they
# filled it for 13,000 schools, a worker 5 MB larger at 30,000 than at 1,000 (issue 13).
@lru_cache(maxsize=512)
def with_paths(text: str) -> str:
    """A message or a source, escaped, its quoted file names and addresses kept whole, its
    `clé` set as code. Cached and bounded, as `with_code`."""
    return UNBROKEN.sub(
        lambda m: f'<span class="whole">{m.group(0)}</span>',
        CODE_SPAN.sub(r"<code>\1</code>", esc(text)),
    )


def style_sheet(name: str = "report.css") -> str:
    return files("labelcheck.core.writers").joinpath(name).read_text(encoding="utf-8")


# A phone, a tablet, a laptop zoomed to 200 %: below 940 px the tables' fixed columns grow too
# narrow for a date, a ref or a badge, which Chromium then cut anywhere (« 30/09/20 » / « 26 »,
# the accessibility audit); the examples' tables fit from 920 px.
PHONE = "screen and (max-width: 940px)"


def styles(extra: str = "") -> str:
    """The page's style elements: the style sheet, `extra` after it (and winning), then the
    phone's rules in an element of their own, whose media WeasyPrint reads, and leaves aside,
    where it would warn at a query inside a sheet."""
    return (
        f"<style>\n{style_sheet()}{extra}</style>\n"
        f'<style media="{PHONE}">\n{style_sheet("report-phone.css")}</style>\n'
    )


@lru_cache(maxsize=1024)
def badge(kind: str, value: str, text: str) -> str:
    """A coloured word whose class says what it is (`verdict-ready`, `status-not-met`…).
    Cached, and bounded: a report has a few dozen of them, each on every school."""
    return f'<span class="badge {kind} {kind}-{esc(value)}">{esc(text)}</span>'


def table(head: list[str], body: str, css: str = "") -> str:
    css = f' class="{css}"' if css else ""
    return f"<table{css}><thead><tr>{head_cells(tuple(head))}</tr></thead>{body}</table>"


@lru_cache(maxsize=256)
def head_cells(head: tuple[str, ...]) -> str:
    """A table's column headings. Cached, and bounded: each table of a school has the same."""
    return "".join([f'<th scope="col">{esc(h)}</th>' for h in head])


@lru_cache(maxsize=4096)
def refs_list(text: str) -> str:
    """« ldm:3, ldm:7 », each ref a block of its own on the line (report.css: `.refs span`): a
    line may break after the colon of « ldm:7 » (Unicode's line breaking allows it before a
    digit), and did in a narrow column; a ref wider than its column still wraps inside.
    Cached, and bounded: schools share their lists of refs."""
    return ", ".join(f"<span>{esc(ref)}</span>" for ref in text.split(", "))


def section(title: str, body: str) -> str:
    return f'<section class="part"><h3>{esc(title)}</h3>\n{body}\n</section>\n'


def empty(text: str) -> str:
    return f'<p class="empty">{esc(text)}</p>'


# -- charts (inline SVG, coordinates rounded so that output is byte-stable) ---------------------


def readiness_bar(ready: Readiness) -> str:
    """Documented, deemed met by equivalence, without any evidence, and (the rest) to complete."""
    if not ready.applicable:
        return ""
    met = 100 * ready.met / ready.applicable
    by_eq = 100 * ready.by_equivalence / ready.applicable
    unsupported = 100 * ready.unsupported / ready.applicable
    return (
        f'<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" width="140" height="10" '
        f'role="img" aria-label="{esc(ready.text)}">'
        f'<rect class="bar-rest" x="0" y="0" width="100" height="8" fill="{RED}"/>'
        f'<rect class="bar-met" x="0" y="0" width="{met:.1f}" height="8" fill="{GREEN}"/>'
        f'<rect class="bar-eq" x="{met:.1f}" y="0" width="{by_eq:.1f}" height="8" fill="{INFO}"/>'
        f'<rect class="bar-unsupported" x="{met + by_eq:.1f}" y="0" width="{unsupported:.1f}" height="8" '
        f'fill="{ORANGE}"/></svg>'
    )


@lru_cache(maxsize=1024)
def readiness_cell(ready: Readiness) -> str:
    """A label's readiness, its bar and its words, the same for every label with as many
    criteria in each state. Cached, and bounded: keyed by its counts (a frozen dataclass)."""
    return f'<td class="readiness">{readiness_bar(ready)}<span class="small">{esc(ready.text)}</span></td>'


# The chart's frame: the values drawn inside it, the years under it, « cible » to its right.
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 180, 56, 14, 30, 8, 14
SPAN = HEIGHT - TOP - BOTTOM  # the values' height
CHART_START = (
    f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
    'role="img" aria-label="'
)


@lru_cache(maxsize=64)
def year_positions(count: int) -> tuple[str, ...]:
    """Where a chart of `count` yearly values puts each year, written: the same for every chart."""
    return tuple(
        f"{LEFT + (WIDTH - LEFT - RIGHT) * (i / (count - 1) if count > 1 else 0.5):.1f}"
        for i in range(count)
    )


# Where a chart's own values go in its frame (esc() shows a NUL in a dossier's text visibly).
MARK = "\0"


@lru_cache(maxsize=64)
def chart_frame(count: int, with_target: bool) -> tuple[str, ...]:
    """The SVG of every chart of `count` values, with or without a target, cut where each
    chart's own values go, in this order: its description; with a target, its height twice and
    its label's; each value's height, for the line, then again for its points; the first year
    and, for more than one value, the last. Filling it is one join, where building each chart
    piece by piece cost a quarter of a school's HTML."""
    xs = year_positions(count)
    parts = [CHART_START, MARK, '">']
    if with_target:
        parts.append(
            f'<line class="target" x1="{LEFT}" y1="{MARK}" x2="{WIDTH - RIGHT}" '
            f'y2="{MARK}" stroke="{RED}" stroke-width="1" stroke-dasharray="3 2"/>'
            f'<text class="target-label" x="{WIDTH - RIGHT + 3}" y="{MARK}" '
            f"{TEXT}>cible</text>"
        )
    points = " ".join([f"{x},{MARK}" for x in xs])
    parts.append(
        f'<polyline class="line" points="{points}" fill="none" stroke="{BLUE}" stroke-width="1.6"/>'
    )
    parts += [f'<circle class="point" cx="{x}" cy="{MARK}" r="2.5" fill="{BLUE}"/>' for x in xs]
    parts.append(
        f'<text class="year" x="{xs[0]}" y="{HEIGHT - 2}" text-anchor="middle" {TEXT}>{MARK}</text>'
    )
    if count > 1:
        parts.append(
            f'<text class="year" x="{xs[-1]}" y="{HEIGHT - 2}" '
            f'text-anchor="middle" {TEXT}>{MARK}</text>'
        )
    parts.append("</svg>")
    return tuple("".join(parts).split(MARK))


def filled(frame: tuple[str, ...], values: list[str]) -> str:
    """The frame's pieces with the values between them."""
    pieces = [""] * (2 * len(frame) - 1)
    pieces[::2] = frame
    pieces[1::2] = values
    return "".join(pieces)


def trend_chart(trend: Trend, description: str | None = None) -> str:
    """A small line chart of the yearly values, the target as a dashed line; `description` is
    its chart_description, when its table's row has made it."""
    values = trend.values
    if not values:
        return ""
    target = trend.target
    numbers = [value for _, value in values]
    low, high = min(numbers), max(numbers)
    if target is not None:
        low, high = min(low, target), max(high, target)
    if high == low:
        low, high = low - 1, high + 1
    span = high - low
    ys = [f"{TOP + SPAN * (high - value) / span:.1f}" for value in numbers]
    years = [values[0][0], values[-1][0]] if len(values) > 1 else [values[0][0]]
    if not trend.plain_years:  # digits, a dossier's years, have nothing to escape
        years = [esc(year) for year in years]
    if description is None:
        description = chart_text(trend)
    if target is None:
        return filled(chart_frame(len(values), False), [description, *ys, *ys, *years])
    at = TOP + SPAN * (high - target) / span
    height = f"{at:.1f}"
    return filled(
        chart_frame(len(values), True),
        [description, height, height, f"{at + 3:.1f}", *ys, *ys, *years],
    )


def measures(trend: Trend) -> str:
    """Its values_text escaped: as it is, when its years are digits (Trend.plain_years), for its
    numbers are set the French way already and hold nothing to escape. A school's own, not
    cached: e_once did the whole way for it (its narrow spaces are not printable), 17 µs a
    school."""
    return trend.values_text if trend.plain_years else e_once(trend.values_text)


def chart_text(trend: Trend) -> str:
    """A trend's chart_description, escaped."""
    target = None if trend.target is None else esc(trend.target_text)
    return chart_description(esc(trend.name), measures(trend), target)


def chart_description(name: str, values: str, target: str | None) -> str:
    """`name : values, cible target` from its pieces, each escaped (target None: no target).

    The pieces' row has them: this is esc() of the whole, for no typesetting pattern spans two
    pieces (the values begin with a year's digit, a target with a digit or a minus sign) but
    the space before the colon, held to the name whatever the name ends with."""
    text = f"{name}{french.NNBSP}: {values}"
    return text if target is None else f"{text}, cible {target}"


# -- the six sections ------------------------------------------------------------------------


def synthesis_part(lines: list[LabelLine]) -> str:
    rows = []
    for line in lines:
        held = "non détenu"
        if line.held_status:
            held = held_facts(line.held_facts)
        rows.append(
            label_cells(line.name, line.label, line.verdict, line.verdict_text, line.counts_text)
            + f"{readiness_cell(line.readiness)}"
            f"<td>{esc(line.application)}<br>évalué au {esc(line.as_of)}</td>"
            f'<td class="small">{held}</td><td class="profile-id">{esc(line.profile)}</td></tr>'
        )
    legend = LEGEND
    return (
        table(
            ["Label", "Verdict", "Préparation", "Candidature", "Attribution", "Profil"],
            "<tbody>" + "".join(rows) + "</tbody>",
            "synthesis",
        )
        + legend
    )


@lru_cache(maxsize=4096)
def label_cells(name: str, label: str, verdict: str, verdict_text: str, counts: str) -> str:
    """A label's row of the synthesis up to its readiness: its name, its verdict and its counts
    (LabelLine's words for them), the same for every school whose label has that verdict and
    those counts. Cached, and bounded: one lookup instead of three in esc's and badge's."""
    return (
        f'<tr><th scope="row">{esc(name)}<span class="ref">{esc(label)}</span></th>'
        f"<td>{badge('verdict', verdict, verdict_text)}"
        + (f'<br><span class="small">{esc(counts)}</span>' if counts else "")
        + "</td>"
    )


# The bar's colours, each with the status's own words (cli-and-report 1.1).
LEGEND = (
    '<p class="legend">'
    + " ".join(
        f'<span class="key key-{key}"></span>{esc(french.STATUSES[status])}'
        for key, status in (
            ("met", "met"),
            ("eq", "met-by-equivalence"),
            ("unsupported", "unsupported"),
            ("rest", "not-met"),
        )
    )
    + "</p>"
)


def held_facts(facts: tuple[str, ...]) -> str:
    """A label held (LabelLine.held_facts), a line each. Not cached whole: its dates are the
    school's, and a cache of every school's (4,096 rows) grew the run's memory with the number
    of schools, up to its bound; each fact is in esc's cache, which schools share."""
    return "".join([f'<span class="line">{esc(fact)}</span>' for fact in facts])


def criteria_part(lines: list[CriterionLine]) -> str:
    body, current = [], None
    for line in lines:
        if line.label_name != current:
            if current is not None:
                body.append("</tbody>")
            current = line.label_name
            body.append(
                f'<tbody><tr class="group"><th scope="rowgroup" colspan="5">{esc(current)}</th></tr>'
            )
        if not (
            line.via or line.equivalence or line.grades or line.evidence
        ):  # held, no application
            body.append(quiet_criterion_row(line.ref, line.title, line.paraphrase, line.status))
            continue
        equivalence = (
            f'<span class="via">{esc(line.via)}</span><br><span class="small">{esc(line.equivalence)}</span>'
            + (f'<span class="adoption">{esc(line.adoption)}</span>' if line.adoption else "")
            if line.via
            else f'<span class="small">{esc(line.equivalence)}</span>'  # set aside, or ""
            if line.equivalence
            else ""
        )
        grades = (
            f'<span class="grades">{e_once(french.GRADES_HEADING + " : " + line.grades)}</span>'
            if line.grades
            else ""
        )
        head = criterion_head(line.ref, line.title, line.paraphrase, line.status)
        body.append(
            f"{head}{grades}</td>"
            f'<td data-label="Équivalence">{equivalence}</td>'
            f'<td class="small ids" data-label="Preuves">{e_once(line.evidence)}</td></tr>'
        )
    if current is not None:
        body.append("</tbody>")
    return table(
        ["Critère", "Intitulé", "Statut", "Équivalence (label et texte)", "Preuves"],
        "".join(body),
        "criteria",
    )


@lru_cache(maxsize=4096)
def criterion_head(ref: str, title: str, paraphrase: bool, status: str) -> str:
    """A criterion's row up to its status, the same for every school with that criterion in
    that status. Cached, and bounded: one lookup instead of four in e's, keyed by its line's
    fields (its note and its status's words read here, once, not at each lookup)."""
    note = f' <span class="paraphrase">{esc(french.PARAPHRASE)}</span>' if paraphrase else ""
    status_text = french.STATUSES[status]
    return (
        f'<tr><th scope="row" class="ref">{esc(ref)}</th><td>{esc(title)}{note}</td>'
        f"<td>{badge('status', status, status_text)}"
    )


@lru_cache(maxsize=4096)
def quiet_criterion_row(ref: str, title: str, paraphrase: bool, status: str) -> str:
    """A criterion's whole row when it has no equivalence, no grades and no evidence (each
    criterion of a label held with no application, half a school's rows): the same for every
    school. Cached, and bounded."""
    return (
        f"{criterion_head(ref, title, paraphrase, status)}</td>"
        '<td data-label="Équivalence"></td><td class="small ids" data-label="Preuves"></td></tr>'
    )


def todo_part(labels: list[LabelTasks], details: bool) -> str:
    parts = []
    for label in labels:
        parts.append(f"<h4>{esc(label.name)}</h4>")
        if not label.groups:
            parts.append(empty("Aucun point bloquant ni avertissement pour ce label."))
        else:
            parts.append(
                table(
                    ["Critère", "Gravité", "Constat", "À faire", "Échéance"],
                    "".join([task_rows(group, details) for group in label.groups]),
                    "todo",
                )
            )
        if label.waivers:
            parts.append(
                '<ul class="waivers">'
                + "".join([f"<li>{esc(w)}</li>" for w in label.waivers])
                + "</ul>"
            )
        if label.information and not details:
            parts.append(
                f'<p class="info-folded">{esc(label.information)} {esc(DETAILS_HINT_IN_A_DOCUMENT)}</p>'
            )
        elif label.notes:
            rows = "".join(
                f"<tr><td>{with_paths(n.message)}{rule_note(n, details)}"
                f'<span class="nature nature-{esc(n.nature)}">{esc(n.nature_text)}</span></td>'
                f'<td class="small">{with_code(n.remedy)}</td></tr>'
                for n in label.notes
            )
            parts.append(
                table(
                    ["Pour information", "Ce qu'on peut en faire"], f"<tbody>{rows}</tbody>", "info"
                )
            )
    return "\n".join(parts) or empty("Aucun label évalué.")


def task_rows(group: TaskGroup, details: bool) -> str:
    rows = []
    for i, task in enumerate(group.tasks):
        head = (
            f'<th scope="rowgroup" rowspan="{len(group.tasks)}"><span class="ref">{esc(group.ref)}</span>'
            f"{esc(group.title)}</th>"
            if i == 0
            else ""
        )
        source = (
            f'<br><span class="source">{with_paths("Source : " + task.source)}</span>'
            if task.source
            else ""
        )
        rows.append(
            f'<tr class="task task-{esc(task.severity)}">{head}'
            f"<td>{badge('severity', task.severity, task.severity_text)}"
            + (f" {badge('novelty', 'new', task.new_text)}" if task.new else "")
            + f'<span class="nature nature-{esc(task.nature)}">{esc(task.nature_text)}</span>'
            + (
                f'<span class="severity-reason">{e_once(task.severity_note)}</span>'
                if task.severity_reason
                else ""
            )
            + "</td>"
            f'<td><span class="message">{with_paths(task.message)}</span>{rule_note(task, details)}{source}</td>'
            f'<td data-label="À faire">{with_code(task.remedy)}</td>'
            f'<td class="due" data-label="Échéance">{esc(task.due_text or "—")}</td></tr>'
        )
    return "<tbody>" + "".join(rows) + "</tbody>"


def rule_note(task: Task, details: bool) -> str:
    """The rule's id, for whoever looks it up (`labelcheck explain`): with --details only."""
    return f' <span class="rule">règle {esc(task.rule)}</span>' if details else ""


def timeline_part(steps: list[StepLine]) -> str:
    if not steps:
        return empty("Aucune étape datée.")
    rows = "".join([step_row(step) for step in steps])
    return table(["Date", "Label", "Étape", "Source"], f"<tbody>{rows}</tbody>", "timeline")


def step_row(s: StepLine) -> str:
    """A dated step: its dates and its state, the school's, then what it is (step_cells). Its
    dates are written as french.date writes them, digits and slashes, which e() would leave
    as they are: in esc's cache, a school's dates would only push out the shared texts. A
    cache of whole rows, keyed by their dates, grew the run's memory with the number of
    schools (4,096 rows of 600 bytes, full after some 10,000 schools)."""
    return (
        f'<tr class="{"past" if s.past else "coming"}"><td class="when">{s.when} '
        f'<span class="badge step step-{esc(s.state)}">{esc(s.state_text)}</span></td>'
        f"{step_cells(s.label_name, s.what, s.source)}"
    )


@lru_cache(maxsize=128)  # full within the first thousand schools (184): memory flat then
def step_cells(label_name: str, what: str, source: str) -> str:
    """A step's label, what it is and its source text. Cached, and bounded: the same for every
    school whose label has that step (a référentiel's few dozen)."""
    return (
        f'<td>{esc(label_name)}</td><th scope="row">{esc(what)}</th>'
        f'<td class="source">{with_paths(source)}</td></tr>'
    )


def indicators_part(trends: list[Trend]) -> str:
    """The indicators, under their own heading in « Preuves partagées »."""
    if not trends:
        return ""
    rows = "".join([indicator_row(t) for t in trends])
    return f"<h4>{esc(INDICATORS)}</h4>\n" + table(
        ["Indicateur", "Critères", "Valeurs", "Cible", "Atteinte", "Évolution"],
        f"<tbody>{rows}</tbody>",
        "indicators",
    )


def indicator_row(trend: Trend) -> str:
    # Escaped once for the table and the chart's description; the values, a school's own, uncached.
    name, values, target = esc(trend.name), measures(trend), esc(trend.target_text)
    description = chart_description(name, values, None if trend.target is None else target)
    shared = ' <span class="badge shared-mark">partagé</span>' if trend.shared else ""
    return (
        f'<tr><th scope="row">{name}{shared}</th><td class="small refs">{refs_list(trend.refs)}</td>'
        f'<td class="small">{values}</td><td class="number">{target}</td>'
        f"<td>{badge('target', trend.state, trend.state_text)}</td>"
        f"<td>{trend_chart(trend, description)}</td></tr>"
    )


def shared_part(view: SchoolView) -> str:
    parts = []
    if view.shared:
        rows = "".join(
            [
                f'<tr><th scope="row">{esc(s.title or s.id)}<span class="ref">{esc(s.id)}</span></th>'
                f'<td>{esc(s.kind)}</td><td class="refs">{refs_list(s.refs)}</td></tr>'
                for s in view.shared
            ]
        )
        parts.append(
            table(
                ["Élément", "Type d'élément", "Critères concernés"],
                f"<tbody>{rows}</tbody>",
                "shared",
            )
        )
    else:
        parts.append(empty("Aucun élément ne sert plusieurs labels."))
    if view.links:
        parts.append(
            f"<h4>{esc(LINKS)}</h4>\n"
            '<ul class="links">'
            + "".join([f"<li>{esc(link)}</li>" for link in view.links])
            + "</ul>"
        )
    parts.append(indicators_part(view.trends))
    return "\n".join([part for part in parts if part])


def audits_part(grid: AuditGrid) -> str:
    if not grid.columns:
        return empty("Aucun audit enregistré.")
    head = ['<th scope="col">Appréciation</th>'] + [
        f'<th scope="col">{esc(c.label_name)}<br><span class="small">{esc(c.audit)}, {esc(c.date)}'
        + (f"<br>{esc('auditeur référent : ' + c.lead)}" if c.lead else "")
        + "</span></th>"
        for c in grid.columns
    ]
    rows = []
    for grade, cells in grid.rows:
        tds = "".join(
            [
                "<td><ul>" + "".join([f"<li>{esc(item)}</li>" for item in cell]) + "</ul></td>"
                if cell
                else '<td class="none">—</td>'
                for cell in cells
            ]
        )
        rows.append(f'<tr><th scope="row">{esc(grade)}</th>{tds}</tr>')
    body = (
        "".join(rows)
        or f'<tr><td colspan="{len(grid.columns) + 1}">Aucun constat consigné.</td></tr>'
    )
    return f'<table class="audits"><thead><tr>{"".join(head)}</tr></thead><tbody>{body}</tbody></table>'


def actions_part(groups: list[ActionGroup]) -> str:
    """The action plan: one row group per criterion, headed by the criterion it serves."""
    bodies = []
    for group in groups:
        rows = "".join([action_row(line) for line in group.actions])
        head = group_head(group.label_name, group.ref, group.title, group.as_of)
        bodies.append(f"{head}{rows}</tbody>")
    return table(["Action", "Pilote", "Dates", "État", "Indicateurs"], "".join(bodies), "actions")


@lru_cache(maxsize=4096)
def group_head(label_name: str, ref: str, title: str, as_of: str) -> str:
    """A group of actions' heading row, the same for every school with actions for that
    criterion. Cached, and bounded: the heading's sentence is made and escaped once."""
    heading = action_heading(label_name, ref, title, as_of)
    return f'<tbody><tr class="group"><th scope="rowgroup" colspan="5">{esc(heading)}</th></tr>'


def action_row(line: ActionLine) -> str:
    also = f' <span class="small">{esc(line.also)}</span>' if line.also else ""
    indicators = (
        '<ul class="small">' + "".join([f"<li>{e_once(i)}</li>" for i in line.indicators]) + "</ul>"
        if line.indicators
        else '<span class="none">—</span>'
    )
    return (
        f'<tr><th scope="row">{esc(line.title)}<span class="ref">{esc(line.id)}</span>{also}</th>'
        f"{action_cells(line.owner, line.dates, line.state, line.state_text)}<td>{indicators}</td></tr>"
    )


@lru_cache(maxsize=4096)
def action_cells(owner: str, dates: str, state: str, state_text: str) -> str:
    """An action's pilot, dates and state, the same for every school whose action has that
    pilot (« Proviseur », « DDFPT »), over those dates, in that state. Cached, and bounded:
    one lookup instead of three in esc's and badge's."""
    pilot = esc(owner) if owner else f'<span class="none">{esc(NO_OWNER)}</span>'
    return (
        f'<td>{pilot}</td><td class="dates">{esc(dates or "—")}</td>'
        f"<td>{badge('action-state', state, state_text)}</td>"
    )


def errors_part(view: SchoolView) -> str:
    parts = []
    if view.errors:
        rows = "".join(
            f'<tr><td class="number">{esc(x.line)}</td><th scope="row" class="ref">{esc(x.path)}</th>'
            f"<td>{esc(x.message)}</td></tr>"
            for x in view.errors
        )
        parts.append(
            section(
                f"Dossier invalide : {french.plural(len(view.errors), 'erreur')}",
                table(["Ligne", "Clé", "Erreur"], f"<tbody>{rows}</tbody>", "errors"),
            )
        )
    if view.internal_error:
        parts.append(
            section(
                "Erreur interne",
                f"<p>{esc(french.INTERNAL_ERROR)}</p>"
                f"<p>{esc(french.colon(french.TECHNICAL_DETAIL, view.internal_error))}</p>",
            )
        )
    return "".join(parts)


# -- the document ----------------------------------------------------------------------------


def overview_part(rows: Iterable[OverviewRow], columns: dict[str, str]) -> Iterator[str]:
    """The overview section, a row at a time."""
    # A soft hyphen where the narrow column may break its heading: Chromium, with no French
    # hyphenation, cut « Avertissemen|ts » anywhere.
    head = ["Établissement", "UAI", *columns.values(), "Bloquants", "Avertis\u00adsements"]
    # The table around a mark where its rows go (esc() shows a NUL in a label's name visibly).
    before, after = table(head, "<tbody>\0</tbody>", "overview").split("\0")
    yield '<section class="overview"><h2>Vue d\'ensemble</h2>\n' + before
    for row in rows:
        yield overview_line(row, columns)
    yield after + "\n</section>\n"


def overview_line(row: OverviewRow, columns: dict[str, str]) -> str:
    cells = "".join(
        f"<td>{badge('verdict', row.verdicts[label], row.verdict_text(label))}</td>"
        if label in row.verdicts
        else '<td class="none">—</td>'
        for label in columns
    )
    invalid = (
        f' <span class="badge verdict verdict-invalid">{esc(row.problem)}</span>'
        if row.problem
        else ""
    )
    css = ' class="invalid"' if row.invalid else ""
    blocking, warning = row.counts
    return (
        f'<tr{css}><th scope="row"><a href="{esc(row.link)}">{esc(row.name)}</a>{invalid}</th>'
        f'<td class="ref">{esc(row.uai)}</td>{cells}<td class="number">{blocking}</td>'
        f'<td class="number">{warning}</td></tr>'
    )


def document_start(extra_style: str = "", title: str = TITLE) -> str:
    """The page's head, up to `<body>`: `extra_style` comes after the style sheet, and wins;
    `title` names the page in the browser's tab and history, and the PDF (its school's, the
    comparison's its own)."""
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        f"<title>{esc(title)}</title>\n{styles(extra_style)}</head>\n<body>\n"
    )


class HtmlWriter(CombinedWriter):
    extra_style = ""  # after the style sheet (the PDF lays out its pages without their numbers)

    def start(self, summary: Summary, school: OverviewRow | None = None) -> str:
        return (
            document_start(self.extra_style, report_title(school))
            + f'<header class="report-header"><p class="kicker">Labels qualité des lycées professionnels</p>'
            f"<h1>{esc(TITLE)}</h1>\n"
            f'<p class="meta">{esc(self.profile_text)}</p>\n<p class="meta">{esc(summary_text(summary))}</p>\n'
            f'<p class="meta colophon">{esc(self.colophon)}</p>'
            + (
                f'<p class="disabled-plugins">{e_once(self.disabled_text)}</p>'
                if self.disabled_text
                else ""
            )
            + "</header>\n<main>\n"
        )

    def overview(self, rows: Iterable[OverviewRow], columns: dict[str, str]) -> Iterator[str]:
        return overview_part(rows, columns)

    def school(self, view: SchoolView) -> str:
        parts = [
            (
                f'<article class="school" id="{e_once(view.anchor)}">\n'
                f'<h2><span class="name">{e_once(view.name)}</span> '
                f'<span class="uai">{e_once(view.uai)}</span></h2>\n'
                f'<p class="path">{e_once(view.path)}</p>\n'
                + (
                    f'<p class="profile">{esc("Profil : " + view.profile)}</p>\n'
                    if view.profile
                    else ""
                )
            ),
            errors_part(view),
        ]
        if view.synthesis:
            bodies = (
                synthesis_part(view.synthesis),
                criteria_part(view.criteria),
                todo_part(view.todo, self.details),
                timeline_part(view.timeline),
                shared_part(view),
                audits_part(view.audits),
            )
            parts += [section(title, body) for title, body in zip(SECTIONS, bodies, strict=True)]
            if view.actions:
                parts.append(section(ACTION_PLAN, actions_part(view.actions)))
        elif view.no_label:
            parts.append(empty(view.no_label))
        parts.append("</article>\n")
        return "".join(parts)

    def end(self, summary: Summary) -> str:
        return f"</main>\n<footer><p>{esc(self.colophon)}. {esc(FOOTNOTE)}</p></footer>\n</body>\n</html>\n"
