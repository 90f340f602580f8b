"""Human reports say what a verdict rests on (cli-and-report 1.1, "Honest verdicts").

The profile each dossier was judged under and why, the nature of every finding,
criteria never called « satisfait » on the dossier alone, the auditors' grades,
who adopted an equivalence, and the version and day that produced the report.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from importlib.metadata import version

import pytest
from click.testing import CliRunner
from labelcheck.core import french
from labelcheck.core.cli import main
from report_fixtures import EXAMPLES, TextFormat, render
from report_reading import html_facts, md_facts, md_tables, parse_html, plain

HUMAN = ("text", "markdown", "html")
VERSION = version("labelcheck")


def words(fmt: TextFormat, results, profile: str = "auto") -> str:
    """What a reader of the report sees: for HTML, the text of the page without its markup."""
    output = render(fmt, results, profile)
    if fmt == "html":
        body = parse_html(output).root.find("body")
        assert body is not None, "the page has no <body>"
        return body.text()
    return plain(output)


# -- the profile -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", HUMAN)
def test_each_dossier_names_the_profile_it_was_judged_under_and_why(fmt, multilabel):
    shown = words(fmt, [multilabel])
    assert "Profil : centre-val-de-loire-2026 (académie d'Orléans-Tours)" in shown


@pytest.mark.parametrize("fmt", HUMAN)
def test_without_profile_option_the_report_says_each_dossier_has_its_academy_s(fmt, multilabel):
    assert "Profil : automatique (celui de l'académie de chaque dossier)" in words(
        fmt, [multilabel]
    )


@pytest.mark.parametrize("fmt", HUMAN)
def test_a_profile_given_on_the_command_line_is_said_to_be_chosen(fmt, lurcat):
    text = words(fmt, [lurcat], profile="national")
    assert "Profil : national (choisi par --profile)" in text
    assert "automatique" not in text


def test_a_dossier_under_no_academy_profile_is_judged_under_national_by_default():
    assert french.profile("national", "default") == "national (par défaut)"
    # A dossier naming an academy no profile serves: why the default, said.
    assert french.profile("national", "default", "dijon") == (
        "national (par défaut\u202f: aucun profil pour l'académie de Dijon)"
    )
    assert (
        french.profile("centre-val-de-loire-2026", "option")
        == "centre-val-de-loire-2026 (choisi par --profile)"
    )


def test_junit_gives_each_suite_the_profile_of_its_dossier_and_why(multilabel):
    root = ET.fromstring(render("junit", [multilabel]).encode("utf-8"))
    properties = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert properties["profile"] == "centre-val-de-loire-2026"
    assert properties["profile_reason"] == "academy"


# -- findings ------------------------------------------------------------------------------------


def test_the_terminal_report_gives_the_nature_beside_every_finding(multilabel):
    text = plain(render("text", [multilabel]))
    marked = [line.strip() for line in text.splitlines() if line.strip()[:1] in ("✗", "!")]
    assert len(marked) == 4  # two blocking, two warnings
    assert all(
        re.match(
            r"^. \[(bloquant|avertissement) · (exigence des textes|choix académique|lecture opérationnelle)\] ",
            line,
        )
        for line in marked
    ), marked
    assert "! [avertissement · choix académique] Aucun indicateur ne suit le critère 2" in text
    # Information is folded to one line, and given in full, with its nature, with --details.
    assert [line.strip() for line in text.splitlines() if line.strip()[:1] == "·"] == [
        "· Pour information : Éléments de preuve par descripteur (indicatif) : 2 constats (lecture opérationnelle) "
        "— le détail : la même commande avec --details"
    ]
    detailed = plain(render("text", [multilabel], details=True))
    assert "· [information · lecture opérationnelle] Descripteur" in detailed
    assert "Pour information" not in detailed


def test_the_combined_report_gives_the_nature_beside_every_finding(multilabel):
    page = parse_html(render("html", [multilabel])).root
    for task in page.iter("tr", "task"):
        assert task.find("span", "nature").text() in french.NATURES.values()
    rows = [
        row for table in md_tables(render("markdown", [multilabel]), "Critère") for row in table
    ]
    assert rows and all(
        re.fullmatch(
            r"\w+ \((exigence des textes|choix académique|lecture opérationnelle)\)", row[1]
        )
        for row in rows
    ), rows


def test_with_details_each_information_gives_its_nature_too(multilabel):
    """With --details, the terminal report gives each information's nature; the page and the
    Markdown report gave the message and the rule only, and the reader of the PDF could not
    tell the texts' requirement from labelcheck's reading."""
    page = parse_html(render("html", [multilabel], details=True)).root
    notes = [row for table in page.iter("table", "info") for row in table.iter("tr")][1:]
    assert notes and all(
        row.find("span", "nature").text() == "lecture opérationnelle" for row in notes
    )
    rows = [
        row
        for table in md_tables(render("markdown", [multilabel], details=True), "Pour information")
        for row in table
    ]
    assert rows and all(" — lecture opérationnelle (règle " in row[0] for row in rows), rows


def test_junit_says_the_nature_of_each_finding(multilabel):
    root = ET.fromstring(render("junit", [multilabel]).encode("utf-8"))
    failure = root.find(".//failure")
    assert "\n  nature\u202f: exigence des textes" in failure.text


# -- criteria ------------------------------------------------------------------------------------


def what_the_report_says_of_criteria(fmt: TextFormat, results) -> list[str]:
    """Each criterion's status, each label's readiness and the legend, as the report words them."""
    output = render(fmt, results)
    if fmt == "text":
        return [
            line.rsplit(" : ", 1)[1]
            for line in plain(output).splitlines()
            if re.match(r"^    \w+:\d+ ", line)
        ]
    if fmt == "markdown":
        return [
            row[3]
            for table in md_tables(output, "Label")
            for row in table
            if not row[1].startswith("**")
        ] + [
            row[2]
            for table in md_tables(output, "Label")
            for row in table
            if row[1].startswith("**")
        ]
    root = parse_html(output).root
    return [
        node.text() for cls in ("status", "legend", "readiness") for node in root.iter(None, cls)
    ]


@pytest.mark.parametrize("fmt", HUMAN)
def test_no_criterion_is_called_satisfied_on_the_strength_of_the_dossier_alone(
    fmt, multilabel, lurcat
):
    said = " ".join(what_the_report_says_of_criteria(fmt, [multilabel, lurcat]))
    before = re.findall(r"(\w+) satisfaits?\b", said)
    assert before and set(before) <= {"réputé", "réputés"}
    assert (
        "documenté" in said
        and "sans élément de preuve" in said
        and "critères satisfaits" not in said
    )


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_criteria_matrix_has_a_row_per_criterion_of_a_label_held_with_no_application(
    fmt, multilabel
):
    """The matrix is of every criterion of every label (cli-and-report, « Critères »), without
    --details too: Euroscol's are each « non évalué », not counted in one row."""
    output = render(fmt, [multilabel])
    facts = html_facts(output) if fmt == "html" else md_facts(plain(output))
    said = [status for status in facts.statuses if status.startswith("euroscol")]
    assert said == ["euroscol:1: non évalué", "euroscol:2: non évalué"]


GRADED = "écart (ldm:7.35, audit de renouvellement du 20/05/2026)"


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_the_auditors_grades_stand_beside_the_criterion(fmt, multilabel):
    assert f"constats d'audit : {GRADED}" in words(fmt, [multilabel])


def test_the_markdown_criteria_table_has_a_column_for_the_auditors_grades(multilabel):
    text = render("markdown", [multilabel])
    assert "| Label | Critère | Intitulé | Statut | Constats d'audit |" in text
    rows = {row[1].strip("`"): row for table in md_tables(text, "Label") for row in table}
    assert rows["ldm:7"][4] == GRADED and rows["ldm:1"][4] == ""


@pytest.mark.parametrize("fmt", HUMAN)
def test_a_paraphrased_title_is_marked(fmt, multilabel):
    text = words(fmt, [multilabel])
    assert "La prévention du décrochage scolaire (libellé reformulé)" in text.replace("_", "")


@pytest.mark.parametrize("fmt", HUMAN)
def test_an_equivalence_says_who_adopted_it(fmt, multilabel):
    assert "adoptée par le profil « centre-val-de-loire-2026 »" in words(fmt, [multilabel])


def test_an_equivalence_adopted_by_a_decision_names_who_decided_and_when():
    equivalence = {
        "adopted_by": "decision",
        "decision": {
            "by": "groupe académique Lycée des métiers",
            "date": "2026-02-02",
            "reference": "Relevé de décisions",
        },
    }
    assert french.adoption(equivalence, "national") == (
        "décision du 02/02/2026, groupe académique Lycée des métiers (Relevé de décisions)"
    )


# -- what produced the report, and when --------------------------------------------------------


@pytest.mark.parametrize("fmt", HUMAN)
def test_human_reports_state_the_version_and_the_day_from_source_date_epoch(
    fmt, multilabel, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225599")  # 31/12/2025 23:59:59 UTC
    text = words(fmt, [multilabel])
    assert f"Rapport établi le 31/12/2025 par labelcheck {VERSION}" in text
    assert (
        "évalué au 20/05/2026" in text or "au 20/05/2026 :" in text
    )  # and each label's as-of date


@pytest.mark.parametrize("fmt", HUMAN)
def test_without_source_date_epoch_the_report_is_dated_today(fmt, multilabel, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert f"Rapport établi le {french.date(dt.date.today())} par labelcheck" in words(
        fmt, [multilabel]
    )


def test_the_same_source_date_epoch_gives_the_same_report(multilabel, lurcat, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1779235200")
    assert render("html", [multilabel, lurcat]) == render("html", [multilabel, lurcat])


def test_a_malformed_source_date_epoch_is_bad_usage_not_a_silent_today(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "le 20 mai")
    result = CliRunner().invoke(
        main,
        [
            "evaluate",
            str(EXAMPLES / "lp-jean-lurcat"),
            "--format",
            "markdown",
            "-o",
            str(tmp_path / "r.md"),
        ],
    )
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.output


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_carries_no_production_date(fmt, lurcat, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")  # 09/09/2001, a day no dossier mentions
    output = render(fmt, [lurcat])
    assert "2001" not in output and "Rapport établi" not in output


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_an_audit_after_the_as_of_date_is_said_not_to_count_yet(fmt):
    """Dossier format 1.1: an audit dated after the as-of date does not count at that date, and
    the report says so; its grades are left out of the criteria, its column says why."""
    from labelcheck.core.engine import Engine

    path = EXAMPLES / "lp-jean-lurcat" / "dossier.toml"
    before = Engine.create(as_of=dt.date(2026, 5, 19)).evaluate_path(path, "lurcat/dossier.toml")
    at = Engine.create(as_of=dt.date(2026, 5, 20)).evaluate_path(path, "lurcat/dossier.toml")
    later = "20/05/2026 (après la date d'évaluation du 19/05/2026 : pas encore pris en compte)"
    assert later in words(fmt, [before])
    assert "20/05/2026 (après la date d'évaluation" not in words(fmt, [at])
