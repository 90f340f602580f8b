"""What reaches a human (issue 9, point 1): nothing from a dossier or a profile reaches a
terminal raw, and Markdown escapes every piece of text it did not write itself.

A school name, a title, an auditor's name, a folder name or an audit grade a profile
defines can hold an escape sequence (set the window title, clear the screen), a C1
control, a bidirectional override, HTML or Markdown syntax. The text report shows
control characters (ESC as ␛…) and keeps only its own colour codes; Markdown and HTML
show them too and escape the rest.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from cli.processes import environment, labelcheck, on_terminal
from labelcheck.core.errors import InputError
from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.writers import writer_classes
from labelcheck.core.writers.markdown import md
from writers.report_fixtures import load_result

ROOT = Path(__file__).parents[2]
READY = ROOT / "tests" / "cli" / "fixtures" / "campaign" / "lp-ready"
TITLE, CLEAR, CSI, RTL = "\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "\u202e"
PAYLOAD = (
    f"{TITLE}{CLEAR}{CSI}{RTL}evil<img src=x onerror=alert(1)>|a|b|[lien](javascript:alert(1)) "
    "`x` *y* _z_ &lt;b&gt;\n# titre"
)
SHOWN = ("␛]0;pwned␇", "␛[2J", "\\u009b31m", "\\u202e")  # the payload's controls, made visible
# Any control character but a newline and a tab, C1 controls, bidirectional overrides and isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OWN_COLOURS = re.compile(r"\x1b\[(?:0|1|2|31|32|33)m")  # the text report's, and nothing else


def assert_shown_safely(text: str, colours: bool = False) -> None:
    """No control character of a dossier's in `text`, and the payload's shown visibly."""
    if colours:
        assert OWN_COLOURS.search(text)
        text = OWN_COLOURS.sub("", text)
    text = text.replace("\r\n", "\n")  # a terminal's line ends
    assert not RAW.search(text), RAW.findall(text)[:5]
    for shown in SHOWN:
        assert shown in text


# -- every free-text field of a result, through each writer ----------------------------------


def poisoned(result: DossierResult) -> DossierResult:
    """`result` with PAYLOAD in every free text a report shows (an id or a code it looks up excepted)."""
    labels = tuple(
        replace(
            label,
            name=label.name + PAYLOAD,
            held=label.held and {**label.held, "holder": PAYLOAD},
            findings=tuple(
                replace(
                    f,
                    message=f.message + PAYLOAD,
                    subject=PAYLOAD,
                    title=PAYLOAD,
                    source=PAYLOAD,
                    remedy=PAYLOAD,
                    rule=f.rule + PAYLOAD,
                )
                for f in label.findings
            ),
            criteria=tuple(
                replace(
                    c,
                    title=c.title + PAYLOAD,
                    evidence=(*c.evidence, PAYLOAD),
                    equivalence_source=c.equivalence_source and PAYLOAD,
                    grades=tuple(replace(g, grade=PAYLOAD) for g in c.grades),
                )
                for c in label.criteria
            ),
            equivalences=tuple({**e, "title": PAYLOAD} for e in label.equivalences),
            waivers=tuple(replace(w, reason=PAYLOAD) for w in label.waivers),
            steps=tuple(replace(s, what=PAYLOAD, source=PAYLOAD) for s in label.steps),
        )
        for label in result.labels
    )
    original = result.dossier
    assert original is not None, "the fixture is read with its dossier"
    dossier = original.model_copy(
        update={
            "audits": [
                audit.model_copy(
                    update={
                        "lead": PAYLOAD,
                        "findings": [
                            f.model_copy(update={"grade": PAYLOAD, "text": PAYLOAD})
                            for f in audit.findings
                        ],
                    }
                )
                for audit in original.audits
            ],
            "documents": [
                document.model_copy(update={"title": PAYLOAD}) for document in original.documents
            ],
            "indicators": [
                indicator.model_copy(update={"name": PAYLOAD}) for indicator in original.indicators
            ],
        }
    )
    return replace(
        result,
        path=f"{PAYLOAD}/dossier.toml",
        uai=PAYLOAD,
        name=PAYLOAD,
        labels=labels,
        shared_evidence=tuple(replace(s, id=s.id + PAYLOAD) for s in result.shared_evidence),
        links=tuple({**link, "title": PAYLOAD, "source": PAYLOAD} for link in result.links),
        dossier=dossier,
        profile=PAYLOAD,
    )


@pytest.fixture(scope="module")
def results() -> list[DossierResult]:
    school = poisoned(load_result("lycee-multilabel-result.toml"))
    invalid = DossierResult(
        f"{PAYLOAD}/invalide.toml",
        None,
        PAYLOAD,
        errors=(InputError(PAYLOAD, 3, PAYLOAD, PAYLOAD, suggestion=PAYLOAD),),
    )
    broken = DossierResult(
        f"{PAYLOAD}/plante.toml", PAYLOAD, PAYLOAD, internal_error=f"- 1. {PAYLOAD}"
    )
    return [school, invalid, broken]


def written(fmt: str, results: list[DossierResult], color: bool = False) -> str:
    writer_class = writer_classes(fmt)[fmt]
    out = io.BytesIO() if writer_class.utf8 else io.StringIO()
    writer = writer_class(out, PAYLOAD, color=color)  # a profile's name is untrusted too
    for result in results:
        writer.dossier(result)
    writer.close(Summary(dossiers=len(results)))
    text = out.getvalue()
    return text.decode() if isinstance(text, bytes) else text


@pytest.mark.parametrize("color", [False, True], ids=["plain", "coloured"])
def test_the_text_report_shows_every_control_character(results, color):
    text = written("text", results, color)
    assert_shown_safely(text, colours=color)
    assert text.count("pwned") > 20  # the payload went everywhere a dossier's text goes
    if not color:
        assert "\x1b" not in text


def test_a_coloured_text_report_has_its_own_colours_only(results):
    coloured, plain = written("text", results, color=True), written("text", results)
    assert OWN_COLOURS.sub("", coloured) == plain


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_show_every_control_character(results, fmt):
    text = written(fmt, results)
    assert_shown_safely(text)
    assert text.count("pwned") > 20


def test_html_lets_no_markup_from_a_dossier_through(results):
    page = written("html", results)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&amp;lt;b&amp;gt;" in page  # a character reference stays the text it was


UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def test_markdown_table_rows_keep_their_cells(results) -> None:
    text = written("markdown", results)
    assert "\\|a\\|b\\|" in text
    widths: list[int] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            widths.append(len(UNESCAPED_PIPE.split(line)))
        elif widths:
            assert len(set(widths)) == 1, widths  # a pipe in a cell would add a column
            widths = []


CODE_SPAN = re.compile(r"(?<!\\)`[^`]*`")  # an identifier's: shown as it is, never read as markup


def test_markdown_lets_no_html_link_or_syntax_from_a_dossier_through(results):
    import xml.etree.ElementTree as ET

    text = written("markdown", results)
    charts = re.findall(r'<svg class="trend".*?</svg>', text)
    for chart in charts:  # the writer's own markup: well-formed, the dossier's text escaped in it
        ET.fromstring(chart.replace("&#124;", "|"))
    prose = CODE_SPAN.sub(
        "",
        re.sub(r'<a id="etablissement-\d+"></a>|<svg class="trend".*?</svg>', "", text),
    )  # less the writer's anchors and trend charts
    assert "<img" in text and not re.search(
        r"(?<!\\)<", prose
    )  # no raw HTML: GitHub would render <img …>
    assert set(re.findall(r"(?<!\\)\]\(([^)]*)\)", prose)) <= {
        f"#etablissement-{n}" for n in (1, 2, 3)
    }
    assert "\\[lien\\](javascript:alert(1))" in text
    assert "\\&lt;b\\&gt;" in text  # not read as the character <
    assert "\\`x\\` \\*y\\* \\_z\\_" in text
    assert "\\# titre" in text and not re.search(
        r"^# titre", text, re.MULTILINE
    )  # a newline in a cell: a space


def test_a_profiles_audit_grade_is_escaped_in_markdown(results):
    """The grades a profile defines are free text (issue 9): they head rows of the audit grid."""
    text = written("markdown", results)
    grid = text.split("### 6. Constats d'audit")[1].split("\n## ")[0]
    rows = [line for line in grid.splitlines() if line.startswith("| ␛\\]0;pwned␇")]
    assert rows and all("\\<img src=x onerror=alert(1)\\>\\|a\\|b\\|" in row for row in rows)


def test_markdown_text_opening_a_paragraph_starts_no_list_nor_heading(results):
    text = written("markdown", results)
    detail = "Détail technique, pour qui administre labelcheck\u202f: "
    internal = text.split(detail)[1].splitlines()[0]
    assert internal.startswith("\\- 1. ␛\\]0;pwned␇")


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("- liste", "\\- liste"),
        ("+ liste", "\\+ liste"),
        ("12. liste", "12\\. liste"),
        ("3) liste", "3\\) liste"),
        ("=== titre", "\\=== titre"),
        ("> citation", "\\> citation"),
        ("Lycée Jean-Moulin, 7.35 & Cie", "Lycée Jean-Moulin, 7.35 & Cie"),
    ],
)
def test_markdown_escapes_what_would_open_a_block(text, escaped):
    assert md(text) == escaped


# -- the real command, on a pipe and on a terminal ------------------------------------------


def toml_text(text: str) -> str:
    """`text` inside a TOML basic string: quotes, backslashes and every non-ASCII character escaped."""
    return "".join(f"\\u{ord(c):04x}" if c in '"\\' or not " " <= c <= "~" else c for c in text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A school's folder whose name, school name, a document's title and the auditor's name hold the payload."""
    folder = tmp_path_factory.mktemp("dossiers") / f"lycee{TITLE}{CLEAR}{CSI}{RTL}"
    shutil.copytree(READY, folder)
    dossier = folder / "dossier.toml"
    toml = dossier.read_text(encoding="utf-8")
    quoted = toml_text(PAYLOAD)
    toml = toml.replace('name = "Lycée professionnel Jean Lurçat"', f'name = "{quoted}"', 1)
    toml = toml.replace('title = "Fiche de candidature LDM 001"', f'title = "{quoted}"', 1)
    toml = toml.replace('"A. Martin"', f'"{quoted}"')  # the lead, who must be one of the auditors
    assert toml.count(quoted) == 4
    toml += f'\n[[audits.findings]]\nref = "ldm:1"\ngrade = "strength"\ntext = "{quoted}"\n'  # the audit in the grid
    dossier.write_text(toml, encoding="utf-8")
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="control characters in a folder name")
def test_the_command_shows_a_hostile_dossier_safely_on_a_pipe(hostile):
    shown = labelcheck("evaluate", hostile)
    assert shown.returncode == 0, shown.stderr
    report = shown.stdout.decode("utf-8")
    assert_shown_safely(report)
    assert "\x1b" not in report
    assert (
        "lycee␛]0;pwned␇␛[2J\\u009b31m\\u202e" in report
    )  # the folder's name, in the dossier's path


@pytest.mark.skipif(
    sys.platform == "win32", reason="pseudo-terminals, control characters in a folder name"
)
def test_the_command_shows_a_hostile_dossier_safely_on_a_terminal(hostile):
    shown = on_terminal("evaluate", hostile, env=environment())
    assert shown.returncode == 0
    assert_shown_safely(shown.stdout.decode("utf-8"), colours=True)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_command_shows_an_auditors_hostile_name_safely(hostile, fmt):
    shown = labelcheck("evaluate", hostile, "--format", fmt)
    assert shown.returncode == 0, shown.stderr
    report = shown.stdout.decode("utf-8")
    assert_shown_safely(report)
    assert re.search(r"auditeur référent\u202f: ␛\\?\]0;pwned␇", report)


@pytest.mark.parametrize("module", ["html", "markdown"])
def test_cached_escaping_never_mixes_equal_values_of_other_types(module):
    """The escapers are cached (a report escapes the same titles for every school): 1, True
    and 1.0 are equal keys to a cache, yet each is written as itself."""
    from labelcheck.core.writers import html, markdown

    escape = html.e if module == "html" else markdown.md
    for values in [(1, True, 1.0), (1.0, True, 1)]:
        written = [escape(v) for v in values]
        assert written == [escape(str(v)) for v in values]
        assert len(set(written)) == 3
