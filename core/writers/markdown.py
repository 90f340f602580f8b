"""The combined report in Markdown: the same content as the HTML page, for wikis and merge requests."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from labelcheck.core import french
from labelcheck.core.report import Summary
from labelcheck.core.visible import visible
from labelcheck.core.writers.combined import (
    ACTION_PLAN,
    CODE_SPAN,
    DETAILS_HINT_IN_A_DOCUMENT,
    FOOTNOTE,
    INDICATORS,
    LINKS,
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
    Trend,
    action_heading,
    summary_text,
)
from labelcheck.core.writers.html import (  # the HTML report's chart, the same
    chart_text,
    trend_chart,
)
from labelcheck.core.writers.pages import Pages

# Characters that Markdown would read as markup, raw HTML or a character reference
# (`&lt;`, `&#60;`) in a dossier's text: each escaped with a backslash (CommonMark, 2.4).
SPECIAL = re.compile(r"([\\`*_\[\]<>|#~]|&(?=#?\w+;))")
# What starts a list, a rule or a heading underline when a text opens a paragraph: its last
# character is escaped (`\-`, `1\.`).
BLOCK_START = re.compile(r"^(?:[-+=]|\d+[.)])")


def _line(text: str) -> str:
    """Text on one line, its control characters shown; not yet set the French way."""
    return visible(" ".join(text.split()))


# The three below cached, and bounded: a report writes the same titles for every school; typed,
# so that 1, True and 1.0, equal keys, are each written as itself.
@lru_cache(maxsize=8192, typed=True)
def one_line(text: object) -> str:
    """Text on one line (table cells cannot hold breaks), its control characters shown, set the French way."""
    return french.typeset_once(_line(str(text)))


# A character SPECIAL may escape (`&` whatever follows it): a class the engine skips to quickly.
_MAY_BE_SPECIAL = re.compile(r"[\\`*_\[\]<>|#~&]")


@lru_cache(maxsize=1024, typed=True)
def md(text: object) -> str:
    """Text the writer did not write itself, as inert Markdown on one line, set the French way.
    Cached, and bounded: full within the first thousand schools (2,048 rows were full at
    about 1,030), so that memory stays flat from there (8,192 rows: 0.62 misses a school;
    1,024: 1.74)."""
    return set_alone(escaped(str(text)))


def inert(raw: str) -> str:
    """md() but not cached: for a text only one school writes (its name, its measures, its
    evidence, the dates of its labels and audits), which would push out of md's cache the
    titles and words every school writes (11 to 21 µs a school). An empty text (most criteria's
    grades) returned at once, as most texts, which hold nothing to escape or to set."""
    if not raw:
        return raw
    if _one_plain_line(raw):
        if not _MAY_CHANGE.search(raw):
            return raw
        if not _MAY_BE_SPECIAL.search(raw):  # only to set (`ldm:5 : 13,7 en 2025`)
            return set_alone(raw)
    return set_alone(escaped(raw))


def escaped(raw: str) -> str:
    """inert() of any text, neither checked first nor set the French way."""
    line = _line(raw)
    if _MAY_BE_SPECIAL.search(line):
        line = SPECIAL.sub(r"\\\1", line)
    if BLOCK_START.match(line):
        line = BLOCK_START.sub(lambda start: start[0][:-1] + "\\" + start[0][-1], line)
    return line


# What inert() may change in one plain line: what SPECIAL escapes, « and the marks that
# typesetting holds to the word before.
_MAY_CHANGE = re.compile(rf"[\\`*_\[\]<>|#~&«{french.HELD_MARKS}]")


def _one_plain_line(raw: str) -> bool:
    """Whether escaped() would leave `raw` as it is but for what SPECIAL escapes, as it does
    most texts: a title, a name, a date. These few checks, each done in C, cost less than the
    whole way. Printable, its only blank is the space: nothing for visible() to show, nor other
    blanks for split(), nor a no-break space to typeset."""
    return (
        raw.isprintable()
        and raw.strip(" ") == raw  # no space at either end: one call where two cost 5 µs a school
        and "  " not in raw
        and not BLOCK_START.match(raw)
    )


class Pieces:
    """Whether every piece of text school() has written so far may be set the French way alone.

    french.typeset_once looks at a character and the next (a space before « : ; ? ! % », a
    space after « « »): setting each piece of a section alone, and the writer's own words as
    typeset already, sets the section as setting it whole would, but where a piece begins with
    one of those marks or ends with « « » and the writer puts a space beside it (`| : voir`).
    Such a piece, met once, is cached (md) for every school after: from then on, school()
    sets its whole section again (tests/writers/test_fast_paths)."""

    set_alone_only = True


def set_alone(piece: str) -> str:
    """A piece of a section set the French way, a piece that cannot be set alone noted."""
    piece = french.typeset_once(piece)
    if piece and (piece[0] in french.HELD_MARKS or piece[-1] == "«"):
        Pieces.set_alone_only = False
    return piece


@lru_cache(maxsize=1024)
def with_code(text: str) -> str:
    """A remedy as inert Markdown, its `clé = "valeur"` to write in the dossier set as code, as
    the HTML report sets it (escaped, it showed its backticks). Cached, and bounded: rules give
    the same remedies to every school."""
    parts = CODE_SPAN.split(" ".join(text.split()))  # text, code, text, code…, text
    return set_alone(
        "".join(
            code_once(part) if index % 2 else _inert_between(part)
            for index, part in enumerate(parts)
            if part
        )
    )


def with_spans(text: str) -> str:
    """A message or a source as inert Markdown, its `clé` set as code, as the HTML report sets
    it (with_paths): md() escaped the backticks, which then showed as typed. A text without
    one, most, goes through md()."""
    return with_code(text) if "`" in text else md(text)


def _inert_between(part: str) -> str:
    """escaped() text around a code span, keeping the spaces that part it from it."""
    core = part.strip(" ")
    if not core:
        return part
    return part[: part.index(core[0])] + escaped(core) + part[len(part.rstrip(" ")) :]


@lru_cache(maxsize=4096, typed=True)
def code(text: object) -> str:
    """An identifier in a code span, set the French way."""
    return french.typeset_once(code_once(str(text)))


def code_once(text: str) -> str:
    """code(), neither cached nor set the French way. A pipe stays escaped, or a table cell
    would end there; on one line, as table cells cannot hold breaks."""
    return "`" + _line(text).replace("`", "'").replace("|", "\\|") + "`"


def table(head: list[str], rows: list[list[str]]) -> str:
    return table_head(tuple(head)) + table_rows(rows)


# Cached, and bounded: a report heads its tables with the same few titles for every school.
@lru_cache(maxsize=256)
def table_head(head: tuple[str, ...]) -> str:
    return head_lines(head)


def head_lines(head: Sequence[str]) -> str:
    """A table's head, not cached: for the audits' table, whose columns name a school's audits."""
    return "| " + " | ".join(head) + " |\n|" + "|".join([" --- "] * len(head)) + "|\n"


def table_rows(rows: list[list[str]]) -> str:
    # The rows joined at once, not one table_row each: some sixty rows a school, each a call less.
    if not rows:
        return ""
    return "| " + " |\n| ".join([" | ".join(cells_shown(row)) for row in rows]) + " |\n"


def table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells_shown(cells)) + " |\n"


def cells_shown(cells: list[str]) -> list[str]:
    """An empty cell written as a space; most rows have none, and are kept as they are."""
    return [cell or " " for cell in cells] if "" in cells else cells


def synthesis_part(lines: list[LabelLine]) -> str:
    rows = []
    for line in lines:
        held = "non détenu"
        if line.held_status:
            held = inert(", ".join(line.held_facts))
        rows.append(
            [
                f"{md(line.name)} ({code(line.label)})",
                f"**{md(line.verdict_text)}**"
                + (f" ({md(counts)})" if (counts := line.counts_text) else ""),
                readiness_cell(line.readiness),
                md(f"{line.application}, évalué au {line.as_of}"),
                held,
                md(line.profile),
            ]
        )
    return table(["Label", "Verdict", "Préparation", "Candidature", "Attribution", "Profil"], rows)


def criteria_part(lines: list[CriterionLine]) -> str:
    rows = [
        [
            criterion_cells(line.label_name, line.ref, line.title, line.paraphrase, line.status),
            inert(line.grades),  # a school's own, as its evidence: set with its section
            equivalence(line),
            inert(line.evidence),
        ]
        for line in lines
    ]
    return table(
        [
            "Label",
            "Critère",
            "Intitulé",
            "Statut",
            "Constats d'audit",
            "Équivalence (label et texte)",
            "Preuves",
        ],
        rows,
    )


@lru_cache(maxsize=1024)
def readiness_cell(ready: Readiness) -> str:
    """A label's readiness in words, the same for every label with as many criteria in each
    state. Cached, and bounded: keyed by its counts (a frozen dataclass), as the HTML report's."""
    return md(ready.text)


@lru_cache(maxsize=4096)
def criterion_cells(label_name: str, ref: str, title: str, paraphrase: bool, status: str) -> str:
    """A criterion's row up to its status, its cells parted as table_rows parts them: the same
    for every school with that criterion in that status. Cached, and bounded: one lookup
    instead of four in md's and code's."""
    cells = [
        md(label_name),
        code(ref),
        md(title) + (f" _{french.PARAPHRASE}_" if paraphrase else ""),
        md(french.STATUSES[status]),
    ]
    return " | ".join(cells_shown(cells))


def equivalence(line: CriterionLine) -> str:
    if not line.via:  # an equivalence not applied says why (CriterionResult.set_aside), or none
        return md(line.equivalence)
    return french.colon(md(line.via), md(line.equivalence)) + (
        f" — {md(line.adoption)}" if line.adoption else ""
    )


def todo_part(labels: list[LabelTasks], details: bool) -> str:
    parts = []
    for label in labels:
        parts.append(f"#### {md(label.name)}\n")
        if not label.groups:
            parts.append("_Aucun point bloquant ni avertissement pour ce label._\n")
        else:
            rows = [
                [
                    f"{code(group.ref)} {md(group.title)}",
                    md(
                        f"{task.severity_text} ({task.nature_text})"
                        + (f", {task.new_text}" if task.new else "")
                        + (f" — {task.severity_note}" if task.severity_reason else "")
                    ),
                    with_spans(task.message)
                    + rule_note(task, details)
                    + (
                        f" — Source{french.NNBSP}: {with_spans(task.source)}" if task.source else ""
                    ),
                    with_code(task.remedy),
                    md(task.due_text or "—"),
                ]
                for group in label.groups
                for task in group.tasks
            ]
            parts.append(table(["Critère", "Gravité", "Constat", "À faire", "Échéance"], rows))
        parts.extend(f"- {md(waiver)}\n" for waiver in label.waivers)
        if label.information and not details:
            parts.append(f"_{md(label.information)} {md(DETAILS_HINT_IN_A_DOCUMENT)}_\n")
        elif label.notes:
            parts.append(
                table(
                    ["Pour information", "Ce qu'on peut en faire"],
                    [
                        [
                            f"{with_spans(n.message)} — {md(n.nature_text)}{rule_note(n, details)}",
                            with_code(n.remedy),
                        ]
                        for n in label.notes
                    ],
                )
            )
    return "\n".join(parts) if parts else "_Aucun label évalué._\n"


def rule_note(task: Task, details: bool) -> str:
    return f" (règle {code(task.rule)})" if details else ""


def timeline_part(steps: list[StepLine]) -> str:
    if not steps:
        return "_Aucune étape datée._\n"
    rows = [[step_cells(s)] for s in steps]
    return table(["Date", "Label", "Étape", "Source"], rows)


def step_cells(s: StepLine) -> str:
    """A dated step's cells, parted as table_rows parts them: its dates and state, the
    school's, then what it is (step_what). A cache of whole rows, keyed by their dates, grew
    the run's memory with the number of schools (4,096 rows, full after some 10,000)."""
    return inert(f"{s.when} ({s.state_text})") + " | " + step_what(s.label_name, s.what, s.source)


@lru_cache(maxsize=128)  # full within the first thousand schools (184): memory flat then
def step_what(label_name: str, what: str, source: str) -> str:
    """A step's label, what it is and its source text. Cached, and bounded: the same for every
    school whose label has that step."""
    return " | ".join(cells_shown([md(label_name), md(what), with_spans(source)]))


def indicators_part(trends: list[Trend]) -> str:
    """The indicators, under their own heading in « Preuves partagées »."""
    if not trends:
        return ""
    return f"#### {INDICATORS}\n\n" + table(
        ["Indicateur", "Critères", "Valeurs", "Cible", "Atteinte", "Évolution"],
        [
            [
                md(t.name) + (" (partagé)" if t.shared else ""),
                md(t.refs),
                measures(t),
                md(t.target_text),
                md(t.state_text),
                chart(t) or "—",
            ]
            for t in trends
        ],
    )


# A narrow space within a number (`1 250`): a measure's only one not before a colon or semicolon.
_THOUSANDS = re.compile(f"{french.NNBSP}(?=[0-9])")
# Between the items of a list in a cell, set the French way.
SEMICOLON = f"{french.NNBSP}; "


def measures(trend: Trend) -> str:
    """inert() of its values_text: at once when its years are digits (Trend.plain_years), for it
    holds nothing else to change. inert's one line makes its narrow spaces plain, and its
    typesetting sets again those before a colon or a semicolon: they are kept, those within a
    number made plain. It begins with a year's digit, ends with a number's: set alone as set
    with its row. A school's own, not cached."""
    if trend.plain_years:
        return _THOUSANDS.sub(" ", trend.values_text)
    return inert(trend.values_text)


def chart(trend: Trend) -> str:
    """The HTML report's chart of the trend, the same, kept within its table cell, set the French
    way. Its years digits (Trend.plain_years), its description is the only text of the dossier
    in it, and the only one to keep in the cell, where doing the whole chart was 1.5 µs an
    indicator; it is set the French way already, its pieces each escaped and set, and its
    measures beginning with a year's digit. A year of other characters may begin with a mark
    held to the word before: the chart set again. It begins and ends with a tag's bracket, set
    alone as set with its row."""
    if trend.plain_years:
        return trend_chart(trend, in_a_cell(chart_text(trend)))
    return french.typeset_once(in_a_cell(trend_chart(trend)))


def in_a_cell(html: str) -> str:
    """Inline HTML (a trend chart's SVG, cli-and-report: « drawn as small trend charts (inline
    SVG) ») kept within its table cell: a `|` of a dossier's text, escaped for HTML but not for
    Markdown, would end the cell; a line break, the table."""
    return html.replace("|", "&#124;").replace("\n", "&#10;").replace("\r", "&#13;")


def shared_part(view: SchoolView) -> str:
    parts = []
    if view.shared:
        parts.append(
            table(
                ["Élément", "Type d'élément", "Critères concernés"],
                [
                    [f"{md(s.title or s.id)} ({code(s.id)})", md(s.kind), inert(s.refs)]
                    for s in view.shared
                ],
            )
        )
    else:
        parts.append("_Aucun élément ne sert plusieurs labels._\n")
    if view.links:
        parts.append(f"#### {LINKS}\n\n" + "".join([f"- {md(link)}\n" for link in view.links]))
    parts.append(indicators_part(view.trends))
    return "\n".join([part for part in parts if part])


def audits_part(grid: AuditGrid) -> str:
    if not grid.columns:
        return "_Aucun audit enregistré._\n"
    head = ["Appréciation"] + [
        inert(
            f"{c.label_name}, {c.audit}, {c.date}"
            + (f", auditeur référent : {c.lead}" if c.lead else "")
        )
        for c in grid.columns
    ]
    # A grade a profile defines is free text: escaped like the dossier's.
    rows = [
        [md(grade)] + [SEMICOLON.join(md(item) for item in cell) or "—" for cell in cells]
        for grade, cells in grid.rows
    ]
    return head_lines(head) + table_rows(rows) if rows else "_Aucun constat consigné._\n"


def actions_part(groups: list[ActionGroup]) -> str:
    """The action plan, one table per criterion under its heading."""
    return "\n".join(
        [
            group_head(group.label_name, group.ref, group.title, group.as_of)
            + table_rows([action_cells(line) for line in group.actions])
            for group in groups
        ]
    )


@lru_cache(maxsize=4096)
def group_head(label_name: str, ref: str, title: str, as_of: str) -> str:
    """A group of actions' heading and its table's head, the same for every school with actions
    for that criterion at that date. Cached, and bounded: some ten groups a school, whose
    headings made and looked up anew, and tables headed anew, made the plan cost 44 µs a
    school against 25."""
    heading = action_heading(label_name, ref, title, as_of)
    return f"#### {md(heading)}\n\n" + table_head(
        ("Action", "Pilote", "Dates", "État", "Indicateurs")
    )


def action_cells(line: ActionLine) -> list[str]:
    return [
        f"{md(line.title)} ({code(line.id)})" + (f" — {md(line.also)}" if line.also else ""),
        md(line.owner) if line.owner else f"_{md(line.owner_text)}_",
        md(line.dates or "—"),
        f"**{md(line.state_text)}**" if line.state == "late" else md(line.state_text),
        SEMICOLON.join(map(inert, line.indicators)) or "—",
    ]


def errors_part(view: SchoolView) -> str:
    parts = []
    if view.errors:
        # An error about the whole file (empty, not UTF-8) names no key: an empty cell, not
        # an empty code span, which Markdown shows as two backticks.
        rows = [[md(x.line), code(x.path) if x.path else "", md(x.message)] for x in view.errors]
        parts.append(
            f"### Dossier invalide{french.NNBSP}: {french.plural(len(view.errors), 'erreur')}\n\n"
            + table(["Ligne", "Clé", "Erreur"], rows)
        )
    if view.internal_error:
        parts.append(
            f"### Erreur interne\n\n{md(french.INTERNAL_ERROR)}\n\n"
            f"{md(french.TECHNICAL_DETAIL)}{french.NNBSP}: {md(view.internal_error)}\n"
        )
    return "\n".join(parts)


def overview_part(
    rows: Iterable[OverviewRow], columns: dict[str, str], linked: bool = True
) -> Iterator[str]:
    """One row per school, a line at a time; linked to its section, unless the report holds no
    section (--summary-only)."""
    head = [
        "Établissement",
        "UAI",
        *(md(name) for name in columns.values()),
        "Bloquants",
        "Avertissements",
    ]
    yield "## Vue d'ensemble\n\n" + table(head, [])
    for row in rows:
        cells = [
            (f"[{md(row.name)}]({row.link})" if linked else md(row.name))
            + (f" **({row.problem})**" if row.problem else ""),
            md(row.uai),
            *(
                md(row.verdict_text(label)) + ("" if linked else as_of(row, label))
                if label in row.verdicts
                else "—"
                for label in columns
            ),
            *row.counts,
        ]
        yield table_row(cells)
    yield "\n"


def as_of(row: OverviewRow, label: str) -> str:
    """« au 20/05/2026 », the label's as-of date beside its verdict where no school's section
    gives it (--summary-only: a human report states each label's as-of date, cli-and-report
    1.1)."""
    day = row.as_of.get(label)
    return f" au {french.date(day)}" if day else ""


class MarkdownWriter(CombinedWriter):
    """Every part set the French way (french.typeset touches only the spaces before « : ; ? ! % »
    and inside « », never Markdown's own marks): a school's section piece by piece (Pieces)."""

    def __init__(
        self,
        out,
        profile: str,
        color: bool = False,
        details: bool = False,
        summary_only: bool = False,
        pages: Pages | None = None,
    ):
        super().__init__(out, profile, color, details, pages)
        # For a CI job's summary (GitHub caps it at 1 MiB): the overview alone, one row per dossier.
        self.summary_only = summary_only

    def options(self) -> dict[str, Any]:
        return {**super().options(), "summary_only": self.summary_only}

    def head(self, summary: Summary) -> Iterator[str]:
        if not self.summary_only:
            yield from super().head(summary)
            return
        # The overview as it is, untypeset, whatever the number of schools.
        yield self.start(summary)
        yield from overview_part(self.rows, self.columns, linked=False)

    def start(self, summary: Summary, school: OverviewRow | None = None) -> str:
        return french.typeset(
            f"# {TITLE}\n\n{md(self.profile_text)}\n\n{md(summary_text(summary))}\n\n{md(self.colophon)}\n\n"
            + (f"**{md(self.disabled_text)}**\n\n" if self.disabled_text else "")
        )

    def overview(self, rows: Iterable[OverviewRow], columns: dict[str, str]) -> Iterator[str]:
        # Set line by line as it was whole: typeset changes nothing across a line's end.
        return map(french.typeset_once, overview_part(rows, columns))

    def school(self, view: SchoolView) -> str:
        """The school's section, its pieces set the French way each alone (set_alone, the
        writer's words typeset already), where setting the whole section again was some 65 µs
        a school: but after a piece that cannot be set alone (Pieces)."""
        if self.summary_only:
            return ""
        section = self._school(view)
        return section if Pieces.set_alone_only else french.typeset_once(section)

    def _school(self, view: SchoolView) -> str:
        # An explicit anchor: the overview links to it whatever the renderer does with headings.
        parts = [
            f'<a id="{view.anchor}"></a>\n\n## {inert(view.name)} ({inert(view.uai)})\n\n'
            f"{french.typeset_once(code_once(view.path))}\n"
            + (f"\nProfil{french.NNBSP}: {md(view.profile)}\n" if view.profile else "")
        ]
        if view.errors or view.internal_error:
            parts.append(errors_part(view))
        if view.synthesis:
            bodies = (
                synthesis_part(view.synthesis),
                criteria_part(view.criteria),
                todo_part(view.todo, self.details),
                timeline_part(view.timeline),
                shared_part(view),
                audits_part(view.audits),
            )
            parts += [
                f"### {title}\n\n{body}" for title, body in zip(SECTIONS, bodies, strict=True)
            ]
            if view.actions:
                parts.append(f"### {ACTION_PLAN}\n\n{actions_part(view.actions)}")
        elif view.no_label:
            parts.append(f"_{md(view.no_label)}_\n")
        return "\n".join(parts) + "\n"

    def end(self, summary: Summary) -> str:
        return french.typeset(f"---\n\n{self.colophon}. {FOOTNOTE}\n")
