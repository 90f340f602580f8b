"""The writers' fast paths write what the plain way would: each compared with it on any text.

Rendering a school's report is done tens of thousands of times in a national run, so the
escapers skip text they would not change, French typesetting is done with plain replacements,
and the JUnit suites are written without ElementTree. Each is checked here against
the straightforward way it replaces.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import xml.etree.ElementTree as ET
from html import escape

from hypothesis import given
from hypothesis import strategies as st
from labelcheck.core import french
from labelcheck.core.report import DossierResult, Finding
from labelcheck.core.visible import visible_text
from labelcheck.core.writers import html, junit, markdown
from labelcheck.core.writers import json as json_writer
from labelcheck.core.writers import text as text_writer
from labelcheck.core.writers.combined import StepLine, Trend, target_states, trends
from report_fixtures import example_folder, render, wide_folder
from support import in_a_new_interpreter

# What the fast paths look for, and ordinary letters: every pattern they could mishandle.
TRICKY = " \u00a0\u202f\u2028\u3000\x1c\x0b:;?!%»«&<>\"'`*_[]|#~-+=.)1\u0661a\n\t\r\x1b\x85\u202e"
texts = st.text(alphabet=TRICKY, max_size=30)


def typeset_by_expression(text: str) -> str:
    """french.typeset as it was first written."""
    text = re.sub("[ \u00a0]([:;?!%»])", french.NNBSP + r"\1", text)
    return text.replace("« ", "«" + french.NNBSP).replace("«\u00a0", "«" + french.NNBSP)


@given(texts)
def test_typesetting_is_the_expressions(text):
    assert french.typeset_once(text) == typeset_by_expression(text)
    assert french.typeset(text) == typeset_by_expression(text)


@given(texts)
def test_html_escaping_skips_only_what_it_would_not_change(text):
    expected = escape(typeset_by_expression(visible_text(text)), quote=True)
    assert html.e(text) == expected
    assert html.e_once(text) == expected


@given(texts)
def test_markdown_escaping_is_the_expressions(text):
    line = typeset_by_expression(markdown.visible(" ".join(text.split())))
    expected = markdown.BLOCK_START.sub(
        lambda start: start[0][:-1] + "\\" + start[0][-1],
        markdown.SPECIAL.sub(r"\\\1", line),
    )
    assert markdown.md(text) == expected


@given(st.dates(), st.none() | st.dates())
def test_a_steps_dates_are_written_as_e_would_write_them(date, end):
    """The HTML report writes a step's dates as they are (html.step_row): nothing to escape."""
    when = StepLine(date, end, "", "", "", "upcoming").when
    assert html.e(when) == when


@given(texts, texts, texts)
def test_a_piece_set_alone_is_set_as_its_whole_section_sets_it(before, text, after):
    """school() sets each piece of its section alone (inert, md, code_once), the writer's own
    words typeset already: as setting the whole section would, but where a piece begins with a
    mark held to the word before or ends with « « », which is noted (markdown.Pieces)."""
    noted = markdown.Pieces.set_alone_only
    markdown.Pieces.set_alone_only = True
    try:
        piece = markdown.inert(text)  # not cached: nothing that another test could meet
        alone = markdown.Pieces.set_alone_only
    finally:
        markdown.Pieces.set_alone_only = noted
    assert piece == markdown.md(text)
    whole = french.typeset_once(before + markdown.escaped(text) + after)
    assert french.typeset_once(before + piece + after) == whole
    # An empty piece leaves the writer's words side by side, which it writes typeset (none
    # begins with a mark held to the word before, nor ends with « « »).
    if alone and piece:
        assert french.typeset_once(before) + piece + french.typeset_once(after) == whole
    path = french.typeset_once(markdown.code_once(text))
    assert path == markdown.code(text)
    assert french.typeset_once(before) + path + french.typeset_once(after) == french.typeset_once(
        before + markdown.code_once(text) + after
    )


# The sections of the examples and of the wide fixtures, in a new interpreter (where no piece
# that cannot be set alone has been met yet): each the same whether set whole or piece by piece.
PIECES_PROBE = """
import sys
sys.path.insert(0, "tests/writers")
from labelcheck.core import french
from labelcheck.core.writers import markdown
from report_fixtures import example_folder, render, wide_folder
report = render("markdown", example_folder() + wide_folder(), details=True)
report += render("markdown", example_folder() + wide_folder())
print(markdown.Pieces.set_alone_only, french.typeset_once(report) == report, len(report))
"""


def test_sections_set_piece_by_piece_are_set_as_a_whole():
    alone, same, size = in_a_new_interpreter(PIECES_PROBE).stdout.split()
    assert (alone, same) == ("True", "True") and int(size) > 10_000


def test_a_piece_that_cannot_be_set_alone_has_its_section_set_as_a_whole():
    """A name that begins with a colon after the heading's space, evidence that ends with « « »
    before its cell's: each section set whole from then on."""
    wide = wide_folder()[0]
    labels = [
        dataclasses.replace(
            label,
            criteria=tuple(
                dataclasses.replace(criterion, evidence=("Projet «", ": voir annexe"))
                for criterion in label.criteria
            ),
        )
        for label in wide.labels
    ]
    school = dataclasses.replace(wide, name=": Lycée «", labels=tuple(labels))
    report = render("markdown", [school])
    assert not markdown.Pieces.set_alone_only
    assert french.typeset_once(report) == report
    assert "##\u202f: Lycée «" in report


@given(
    st.text(alphabet=TRICKY, min_size=1, max_size=12),
    st.lists(st.floats(-1e6, 1e6) | st.integers(-1000, 1000), min_size=1, max_size=4),
    st.none() | st.integers(-1000, 1000),
)
def test_a_charts_description_is_its_whole_text_escaped(name, values, target):
    years = ("2023", "2024", "2025", "2026")[: len(values)]
    trend = Trend("i", name, "ldm:1", tuple(zip(years, values, strict=True)), target, False)
    whole = f"{trend.name} : {trend.values_text}" + (
        f", cible {trend.target_text}" if target is not None else ""
    )
    assert f'aria-label="{html.e(whole)}">' in html.trend_chart(trend)


@given(
    st.lists(
        st.text(alphabet="0123456789", min_size=4, max_size=4)
        | st.text(alphabet=TRICKY, max_size=6),
        min_size=1,
        max_size=3,
    ),
    st.lists(st.floats(-1e7, 1e7) | st.integers(-(10**7), 10**7), min_size=3, max_size=3),
)
def test_a_trends_measures_and_chart_are_their_text_escaped(years, values):
    """html.measures and markdown.measures leave the text as it is (but for its narrow spaces
    within numbers, in Markdown, which inert makes plain) when the years are digits;
    markdown.chart keeps only the chart's description within its cell then, and its chart is
    set the French way already."""
    trend = Trend("i", "x | <y>\n", "ldm:1", tuple(zip(years, values, strict=False)), 5, False)
    assert html.measures(trend) == html.e(trend.values_text)
    assert markdown.measures(trend) == markdown.inert(trend.values_text)
    chart = markdown.chart(trend)
    assert chart == french.typeset_once(markdown.in_a_cell(html.trend_chart(trend)))
    assert chart.startswith("<svg") and chart.endswith("</svg>")
    # The chart's first and last years, escaped when they are not digits.
    labels = re.findall(f"{html.TEXT}>([^<]*)</text>", html.trend_chart(trend))
    shown = [trend.values[0][0], trend.values[-1][0]][: len(trend.values)]
    assert labels[-len(shown) :] == [html.e(year) for year in shown]


attributes = st.dictionaries(
    st.sampled_from(["name", "message", "type", "file"]), texts, max_size=3
)
tags = st.sampled_from(["testsuite", "testcase", "failure", "system-out"])


@given(tags, attributes, texts)
def test_an_element_is_written_as_elementtree_writes_it(tag, attributes, text):
    expected = ET.Element(tag, attributes)
    expected.text = text
    assert junit.element(tag, attributes, text) == ET.tostring(expected, encoding="unicode")


@given(
    tags, attributes, st.lists(st.tuples(tags, attributes, texts), max_size=3), st.integers(0, 3)
)
def test_a_parent_is_written_as_elementtree_indents_and_writes_it(tag, attributes, children, level):
    expected = ET.Element(tag, attributes)
    for child_tag, child_attributes, text in children:
        ET.SubElement(expected, child_tag, child_attributes).text = text
    ET.indent(expected, "  ", level=level)
    written = [junit.element(*child) for child in children]
    assert junit.parent(tag, attributes, written, level) == ET.tostring(
        expected, encoding="unicode"
    )


@given(st.lists(texts, max_size=3))
def test_a_cases_output_made_xml_a_line_at_a_time_is_its_whole_text_made_xml(lines):
    whole = "\n".join(lines)
    written = junit.output_xml([junit.xml_text(line) for line in lines])
    assert written == junit.element("system-out", {}, junit.clean(whole))


@given(texts, texts, texts, st.lists(st.tuples(tags, attributes, texts), max_size=3))
def test_a_case_is_written_as_parent_writes_it(classname, name, path, children):
    result = dataclasses.replace(first_example(), path=path)
    case = junit.Cases(result, classname).case(name)
    for child in children:
        case.add(*child)
    attributes = {
        "classname": junit.clean(classname),
        "name": junit.clean(name),
        "file": junit.clean(path),
        "time": "0",
    }
    written = [junit.element(*child) for child in children]
    assert case.xml == junit.parent("testcase", attributes, written, 2)


def junit_lines_as_first_written(findings: list[Finding]) -> tuple[list[str], list[str]]:
    """junit.failed_on's failure text and output lines, each kind of finding picked in turn,
    information folded by rule, each line made XML whole."""
    blocking = [f for f in findings if f.severity == "blocking" and f.new is not False]
    known = [f for f in findings if f.severity == "blocking" and f.new is False]
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity == "info":
            by_rule.setdefault(finding.rule, []).append(finding)
    folded = [
        junit.finding_line(infos[0])
        if len(infos) == 1
        else f"{rule} [{french.SEVERITIES['info']}] "
        + french.colon(infos[0].title, ", ".join(f.subject for f in infos))
        + "\n  "
        + french.colon("nature", french.nature(infos[0].nature))
        for rule, infos in by_rule.items()
    ]
    lines = [junit.finding_line(f) for f in known] + [
        junit.finding_line(f) for f in findings if f.severity == "warning"
    ]
    xml = [junit.escaped(junit.clean(line), junit.TEXT_ESCAPES) for line in lines + folded]
    return [junit.finding_line(f) for f in blocking], xml


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["blocking", "warning", "info"]),
            st.sampled_from([None, True, False]),
            st.sampled_from(["R-1", "R-2"]),
            texts,
            texts,
        ),
        max_size=6,
    )
)
def test_a_junit_cases_findings_sorted_at_once_are_those_picked_in_turn(kinds):
    findings = [
        Finding(rule, "kind", severity, "ldm", subject, f"{rule} {subject}", title, new=new)
        for severity, new, rule, subject, title in kinds
    ]
    case = junit.Cases(first_example(), "classe").case("nom")
    lines = junit.failed_on(case, findings)
    failure, expected = junit_lines_as_first_written(findings)
    assert lines == expected
    assert case.failed == bool(failure)
    if failure:
        assert junit.xml_text("\n".join(failure)) in case.children[0]


def test_a_case_with_neither_notes_nor_findings_to_list_has_no_output():
    cases = junit.Cases(first_example(), "classe")
    assert junit.judged_case(cases.case("nom"), [], []).xml.endswith('time="0" />')
    blocking = Finding("R-1", "kind", "blocking", "ldm", "sujet", "message")
    failed = junit.judged_case(cases.case("nom"), [blocking], [])
    assert "<system-out" not in failed.xml and "<failure" in failed.xml


@given(texts, st.text(alphabet=TRICKY, max_size=90), st.sampled_from(["official", "paraphrase"]))
def test_a_criterions_line_is_written_as_line_writes_it(ref, title, wording):
    writer = text_writer.TextWriter(None, "national")
    writer._lines = []
    clipped = text_writer._clipped(title, 70)
    shown_title = f"{clipped} {french.PARAPHRASE}" if wording == "paraphrase" else clipped
    writer.line(f"{ref} {shown_title} : documenté", indent=2)
    assert text_writer.criterion_line(ref, title, wording, "documenté") == writer._lines[0]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.text(alphabet=TRICKY + "é€😀"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=8,
)


@given(json_values)
def test_json_indented_within_is_the_text_indented(value):
    expected = json_writer.dumps(value, indent=2).replace("\n", "\n    ")
    assert json_writer.dumps_within(value, "    ").decode() == expected


def test_the_text_reports_counts_are_the_trends_states():
    """Without --details the text report counts targets met from target_states, which makes
    no Trend: the same states as the trends the other reports show."""
    results = [*example_folder(), *wide_folder()]
    assert [sorted(target_states(r)) for r in results] == [
        sorted(t.state for t in trends(r)) for r in results
    ]


@functools.cache
def first_example() -> DossierResult:
    return example_folder()[0]


measures = st.dictionaries(
    st.sampled_from(["2021", "2022", "2023", "2024", "2025"]),
    st.integers(0, 100) | st.floats(0, 100),
    max_size=3,
)


@given(measures, st.none() | st.integers(0, 100), st.sampled_from([None, "minimum", "maximum"]))
def test_an_indicators_state_is_its_trends(values, target, direction):
    school = first_example()
    indicator = school.dossier.indicators[0].model_copy(
        update={"values": values, "target": target, "direction": direction}
    )
    dossier = school.dossier.model_copy(update={"indicators": [indicator]})
    result = dataclasses.replace(school, dossier=dossier)
    assert target_states(result) == [t.state for t in trends(result)]
