"""What a school head reads in the combined report: each fact told once, in French."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import shutil

import pytest
from labelcheck.core import french
from labelcheck.core.engine import Engine
from report_fixtures import EXAMPLES, example_folder, load_result, render
from report_reading import md_tables, plain


@pytest.fixture(scope="module")
def expired_euroscol():
    """wide-result.toml: its Euroscol label expired on 15/06/2024, four years before."""
    return load_result("wide-result.toml")


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_an_expired_label_says_it_has_expired_once_in_the_synthesis(expired_euroscol, fmt):
    """« a expiré le 15/06/2024 » then « expiré » in the same cell told it twice (the text
    report already says it once: « expiré le » says it)."""
    report = plain(render(fmt, [expired_euroscol]))
    if fmt == "html":
        report = re.sub(r"<[^>]+>", " | ", report)
    cell = report[report.index("attribué le 15/06/2019") :][:200]
    assert "expiré le 15/06/2024" in cell
    assert not re.search(r"\bexpiré\b", cell.replace("expiré le", "")), cell


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_an_expired_label_is_no_longer_called_held(expired_euroscol, fmt):
    """A label expired at the as-of date read « Label détenu : attribué le …, a expiré le … »
    in the terminal, and « label détenu, sans candidature » and « attribué le …, a expiré le …,
    renouvellement dès le … » in the synthesis, while its finding said « il n'y a plus de label
    à renouveler » (a school head's audit). Every format says it the same way now."""
    report = plain(render(fmt, [expired_euroscol]))
    if fmt == "html":
        report = re.sub(r"<[^>]+>", " | ", report)
    start = report.index("Euroscol")
    euroscol = report[start : report.index("Lycée des métiers", start)]
    assert "détenu" not in euroscol and "dès le" not in euroscol
    said = re.sub(r"[\s|]+", " ", euroscol)
    assert "attribué le 15/06/2019, expiré le 15/06/2024" in said or (
        "attribué le 15/06/2019 expiré le 15/06/2024" in said  # the HTML's two lines
    )
    if fmt == "text":
        assert "Label attribué le 15/06/2019, expiré le 15/06/2024" in euroscol


def test_a_title_over_its_id_is_cut_where_its_line_is_full_not_after_its_first_word():
    """« Publica‐ / tions sur l'ENT et les réseaux du lycée » in the PDF's shared evidence: a
    space before the id's block (`<span class="ref">`) made WeasyPrint cut the title's first
    word although the whole title fitted on the line (the action plan's titles too)."""
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    [multilabel] = [r for r in example_folder() if r.uai == "0180008L"]
    pdf = pypdf.PdfReader(io.BytesIO(render("pdf", [multilabel])))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Publications sur l'ENT et les réseaux du lycée" in text
    assert "Publica\u2010" not in text and "Publica-" not in text


def test_the_text_report_says_a_held_label_state_once_not_under_a_verdict_saying_it(multilabel):
    """« Euroscol — label détenu, sans candidature, au 20/05/2026 : VALIDE » then « Label détenu
    : attribué le …, expire le … (valide) »: a label held with no application has its state for
    verdict, so the line under it gives the dates only; an application's verdict does not say
    the held label's state, which its line keeps (« renouvellement engagé »)."""
    lines = plain(render("text", [multilabel])).splitlines()
    euroscol = next(i for i, line in enumerate(lines) if line.strip().startswith("Euroscol —"))
    assert lines[euroscol].endswith(": VALIDE")
    assert lines[euroscol + 1].strip() == (
        "Label détenu : attribué le 15/06/2024, expire le 15/06/2029"
    )
    ldm = next(i for i, line in enumerate(lines) if line.strip().startswith("Lycée des métiers —"))
    assert lines[ldm + 1].strip().endswith("expire le 28/06/2026 (renouvellement engagé)")


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_a_held_label_whose_verdict_is_its_state_says_it_once_in_the_synthesis(fmt):
    """A label held with no application has its state for verdict: « pas encore attribué » in
    the verdict's column, then « attribution le 15/06/2024, …, pas encore attribué » in the next
    (« valide » twice, likewise); the text report already gives the dates alone there. An
    application's row keeps the held label's state, which its verdict does not say."""
    path = EXAMPLES / "lycee-multilabel" / "dossier.toml"
    [before_award, after_award] = [
        Engine.create(as_of=dt.date(*day)).evaluate_path(path, "lycee/dossier.toml")
        for day in ((2024, 6, 1), (2026, 5, 20))
    ]
    cell = _held_cell(render(fmt, [before_award]), fmt, "attribution le 15/06/2024")
    assert "pas encore attribué" not in cell and "relabellisation dès le" in cell, cell
    assert "valide" not in _held_cell(render(fmt, [after_award]), fmt, "attribué le 15/06/2024")
    ldm = _held_cell(render(fmt, [after_award]), fmt, "attribué le 28/06/2021")
    assert "renouvellement engagé" in ldm, ldm


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_a_higher_level_applied_for_is_no_renewal_to_engage(fmt):
    """On 1 June 2027 the lycée's E3D label, level 1 (attribué le 01/06/2023, expire le
    01/06/2028), is in its last year, and the school applies for level 2: the reports said
    « renouvellement à engager » of it, where E3D-VALIDITY-RENEWAL-DUE is silent (« chaque
    année, l'école peut être candidate au niveau supérieur »). The application engages it;
    the JSON keeps the contract's values."""
    path = EXAMPLES / "lycee-multilabel" / "dossier.toml"
    result = Engine.create(as_of=dt.date(2027, 6, 1)).evaluate_path(path, "lycee/dossier.toml")
    report = render(fmt, [result])
    if fmt == "text":
        report = plain(report)
        cell = next(line for line in report.splitlines() if "attribué le 01/06/2023" in line)
    else:
        cell = _held_cell(report, fmt, "attribué le 01/06/2023")
    assert "candidature au niveau 2 engagée" in cell and "à engager" not in cell, cell
    [e3d] = [
        label
        for label in json.loads(render("json", [result]))["dossiers"][0]["labels"]
        if label["label"] == "e3d"
    ]
    assert (e3d["verdict"], e3d["held"]["status"]) == ("ready", "renewal-due")


def _held_cell(report: str, fmt: str, start: str) -> str:
    """The synthesis cell giving a held label's dates, from its award on."""
    report = plain(report)
    if fmt == "html":
        report = re.sub(r"</td>", " ¦ ", report)
        report = re.sub(r"<[^>]+>", " ", report)
    else:
        report = report.replace(" | ", " ¦ ")
    return report[report.index(start) :].split("¦")[0]


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_the_links_between_labels_have_a_heading_as_the_indicators_do(multilabel, fmt):
    """« La démarche Qualiopi / Eduform du GRETA alimente l'auto-évaluation… » (here « Le
    travail qualité Eduform du GRETA sert de preuve au critère 2 ») stood alone
    under the shared evidence's table, a bullet with no heading, where the text report says
    « Lien entre labels : »: the list is headed « Liens entre labels », as the indicators
    below it are « Indicateurs de suivi »."""
    report = plain(render(fmt, [multilabel]))
    link = report.index("Le travail qualité Eduform du GRETA")
    heading = "<h4>Liens entre labels</h4>" if fmt == "html" else "#### Liens entre labels"
    assert heading in report
    between = report[report.index(heading) + len(heading) : link]
    assert "<h" not in between and "#" not in between and "|" not in between, between
    assert report.index("5. Preuves partagées") < report.index(heading) < link


def test_a_label_expired_is_no_task_late_in_the_to_do_list_as_in_the_timeline():
    """On 1 October 2026 the lycée's Lycée des métiers label has expired (28/06/2026), its
    renewal still being decided: « À faire » gave the finding « 28/06/2026 (en retard) », a
    delay the school could do nothing about, where the échéancier of the same report says
    « label expiré ». The écart's corrective actions, due 30/09/2026, are late."""
    path = EXAMPLES / "lycee-multilabel" / "dossier.toml"
    result = Engine.create(as_of=dt.date(2026, 10, 1)).evaluate_path(path, "lycee/dossier.toml")
    report = plain(render("markdown", [result]))
    [*_, ldm] = md_tables(report, "Critère")
    due = {row[2][:20]: row[4] for row in ldm}
    assert due["Le label Lycée des m"] == "28/06/2026 (label expiré)", due
    assert due["Écart FE-2026-01 non"] == "30/09/2026 (en retard)", due
    steps = {(row[1], row[2]): row[0] for row in md_tables(report, "Date")[0]}
    end = steps[("Lycée des métiers", "Fin de validité du label")]
    assert end == "28/06/2026 (label expiré)", steps
    text = plain(render("text", [result]))
    assert "label expiré" not in next(
        line for line in text.splitlines() if "Le label Lycée des métiers a expiré" in line
    )


RENEWALS_PENDING = """format = 1
[establishment]
uai = "0180008L"
name = "Lycée X"
kind = "lpo"
sector = "public"
academy = "orleans-tours"
[[held]]
label = "euroscol"
awarded = 2023-05-01
[[held]]
label = "ldm"
awarded = 2021-05-01
[[applications]]
label = "euroscol"
type = "renewal"
submitted = 2026-04-01
[[applications]]
label = "ldm"
type = "renewal"
title = "Lycée des métiers de l'industrie"
denominations = ["usinage"]
submitted = 2026-04-01
[[indicators]]
id = "mob"
name = "Mobilités"
supports = ["ldm:6", "euroscol:3", "eduform:6.23"]
values = { 2025 = 12 }
"""


@pytest.fixture
def renewals_pending(tmp_path):
    """Euroscol and Lycée des métiers, both expired on 01/05/2026, both renewals pending."""
    (tmp_path / "dossier.toml").write_text(RENEWALS_PENDING, "utf-8")
    return tmp_path / "dossier.toml"


@pytest.mark.parametrize("as_of", [dt.date(2026, 5, 1), dt.date(2026, 6, 15)])
def test_every_label_expired_says_so_in_the_timeline_a_renewal_pending_or_not(
    renewals_pending, as_of
):
    """Both labels expired the same day: Euroscol's end read « date passée », Lycée des
    métiers' « label expiré » (only LDM has a finding then; the cross-label audit)."""
    result = Engine.create(as_of=as_of).evaluate_path(renewals_pending)
    report = plain(render("markdown", [result]))
    steps = {(row[1], row[2]): row[0] for row in md_tables(report, "Date")[0]}
    for label in ("Euroscol", "Lycée des métiers"):
        assert steps[(label, "Fin de validité du label")] == "01/05/2026 (label expiré)", steps


@pytest.mark.parametrize(("labels", "refs"), [((), "euroscol:3, ldm:6"), (("ldm",), "ldm:6")])
def test_an_indicator_names_only_the_criteria_of_the_labels_judged(renewals_pending, labels, refs):
    """The shared evidence left out Eduform (neither held nor asked for) and, with --label ldm,
    Euroscol; the indicators' table just below named them all (the cross-label audit)."""
    result = Engine.create(as_of=dt.date(2026, 6, 15), labels=labels).evaluate_path(
        renewals_pending
    )
    report = plain(render("markdown", [result]))
    [indicators] = md_tables(report, "Indicateur")
    assert [row[1] for row in indicators] == [refs], indicators


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_a_criterion_documented_by_a_self_assessment_line_alone_says_so(tmp_path, fmt):
    """cli-and-report 1.1 counts a self-assessment line as support: its criterion is
    « documenté », but the line has no id, and the « Preuves » cell was empty (the properties
    audit). It says the line now; a criterion with no support at all keeps an empty cell."""
    text = (EXAMPLES / "lp-jean-lurcat" / "dossier.toml").read_text("utf-8")
    assert 'label = "euroscol"' not in text
    text += (
        '\n[[applications]]\nlabel = "euroscol"\ntype = "initial"\n'
        '\n[[self_assessment]]\nref = "euroscol:2"\nnote = "Organisation décrite"\n'
    )
    (tmp_path / "dossier.toml").write_text(text, "utf-8")
    result = Engine.create(as_of=dt.date(2026, 5, 20)).evaluate_path(
        tmp_path / "dossier.toml", "lurcat/dossier.toml"
    )
    [euroscol] = [label for label in result.labels if label.label == "euroscol"]
    statuses = {c.ref: (c.status, c.evidence) for c in euroscol.criteria}
    assert statuses["euroscol:2"] == ("met", ()) and statuses["euroscol:3"][0] == "unsupported"
    report = html.unescape(plain(render(fmt, [result])))
    end, mark = ("</tr>", ">{}<") if fmt == "html" else ("\n", "`{}`")
    rows = {}
    for ref in ("euroscol:2", "euroscol:3"):
        start = report.index(mark.format(ref))  # the criteria's table: its first row for ref
        rows[ref] = report[start : report.index(end, start)]
    assert "ligne d'auto-évaluation, sans pièce citée" in rows["euroscol:2"]
    assert "sans élément de preuve" in rows["euroscol:3"]  # its row of the criteria
    assert "auto-évaluation" not in rows["euroscol:3"]


def test_the_text_summary_counts_targets_whose_direction_is_unsaid(multilabel):
    """A target with no `direction` was left out of « Indicateurs : 0 cible atteinte, 1 non
    atteinte »: a school with five targets set saw one counted, this one no line at all (the
    new user's audit). It is counted apart, with what to write."""
    line = next(
        line
        for line in plain(render("text", [multilabel])).splitlines()
        if line.strip().startswith("Indicateurs :")
    )
    assert "2 cibles sans sens précisé" in line, line
    assert '`direction = "minimum"`' in line and '`direction = "maximum"`' in line


@pytest.fixture
def audit_to_come(tmp_path):
    """lp-jean-lurcat with its renewal audit (and the audit team's entry) 100 days from today,
    its plan returned already: judged at the audit (no --as-of), as a school reads it today."""
    audit = dt.date.today() + dt.timedelta(days=100)
    text = (EXAMPLES / "lp-jean-lurcat" / "dossier.toml").read_text("utf-8")
    text = text.replace("audit = 2026-05-20", f"audit = {audit}")
    text = text.replace("date = 2026-05-20", f"date = {audit}")
    text = text.replace("report_sent = 2026-05-28\n", "")  # its report is not sent yet
    text = text.replace("plan_returned = 2026-05-01", f"plan_returned = {dt.date.today()}")
    folder = tmp_path / "lp"
    shutil.copytree(EXAMPLES / "lp-jean-lurcat", folder)
    (folder / "dossier.toml").write_text(text, "utf-8")
    return folder, audit


def test_an_audit_to_come_is_planned_not_held_in_the_echeancier(audit_to_come, cli):
    """Judged at its audit date, three months ahead, the audit read « a eu lieu au … » and the
    text report had no « Prochaines échéances » (the new user's audit): the échéancier is read
    from the day the report is made, the verdict still from the audit's."""
    folder, audit = audit_to_come
    when = french.date(audit)
    text = cli("evaluate", folder).stdout
    assert f"au {when}{french.NNBSP}: " in text  # the verdict, judged at the audit
    coming = text[text.index("Prochaines échéances") :]
    assert f"{when} — Lycée des métiers{french.NNBSP}: audit sur site (prévu)" in coming
    markdown = cli("evaluate", folder, "--format", "markdown").stdout
    echeancier = markdown[markdown.index("Échéancier") : markdown.index("Preuves partagées")]
    row = next(line for line in echeancier.splitlines() if line.startswith(f"| {when}"))
    assert "(prévu)" in row and "a eu lieu" not in row
    # The plan returned today is done; the report, due after the audit, still to come.
    assert "(fait le" in echeancier and "à venir" in echeancier
    # The audits side by side say it is to come: « Aucun constat » read as an audit held.
    page = cli("evaluate", folder, "--format", "html").stdout
    audits = page[page.index('<table class="audits">') :]
    assert f"{when} (à venir)" in audits[: audits.index("</table>")]


def test_with_as_of_the_echeancier_is_read_at_that_date(audit_to_come, cli):
    """--as-of sets the day every label and its échéancier are read from: the audit, recorded
    in [[audits]], has taken place on that day."""
    folder, audit = audit_to_come
    markdown = cli("evaluate", folder, "--as-of", audit, "--format", "markdown").stdout
    echeancier = markdown[markdown.index("Échéancier") : markdown.index("Preuves partagées")]
    row = next(
        line for line in echeancier.splitlines() if line.startswith(f"| {french.date(audit)}")
    )
    assert "a eu lieu" in row


def test_the_terminal_says_what_blocks_before_what_warns_in_each_label(cli, tmp_path):
    """A starter dossier's LDM block read « Intitulé du label absent » (blocking), a warning,
    then eight blocking lines: the findings were grouped by criterion, which the terminal
    does not show (the new user's audit)."""
    folder = tmp_path / "lycee"
    assert cli("init", folder, "--label", "ldm", "--label", "euroscol").exit_code == 0
    text = cli("evaluate", folder).stdout
    blocks = re.split(r"\n  (?=\S)", text)  # a label's block starts at the second indent
    marks = [
        [line.split()[0] for line in block.splitlines() if re.match(r"\s{4}[✗!] \[", line)]
        for block in blocks
    ]
    assert sum(map(len, marks)) > 10 and any("!" in m and "✗" in m for m in marks)
    for label_marks in marks:
        assert label_marks == sorted(label_marks, key="✗!".index), label_marks


def test_an_item_a_graver_finding_names_is_not_also_said_optional():
    """An academy's rule blocking on descriptor 47 (no action for it) while the folded line
    counted the same descriptor « sans élément de preuve — facultatif » (the plugin author's
    audit): the graver word is said alone; the other items are still counted."""
    import dataclasses

    from labelcheck.core.writers.combined import todo

    result = next(r for r in example_folder() if any(label.label == "ldm" for label in r.labels))
    ldm = next(label for label in result.labels if label.label == "ldm")
    infos = [f for f in ldm.findings if f.severity == "info" and "." in f.ref]
    assert len(infos) > 2
    before = next(t for t in todo(result) if t.label == "ldm").information
    blocking = dataclasses.replace(infos[0], rule="ACADEMY-ACTION", severity="blocking")
    changed = dataclasses.replace(ldm, findings=(blocking, *ldm.findings))
    labels = tuple(changed if label is ldm else label for label in result.labels)
    after = next(t for t in todo(dataclasses.replace(result, labels=labels)) if t.label == "ldm")
    count = re.compile(r"(\d+) descripteurs sans élément de preuve")
    assert int(count.search(after.information)[1]) == int(count.search(before)[1]) - 1
    details = next(
        t
        for t in todo(dataclasses.replace(result, labels=labels), details=True)
        if t.label == "ldm"
    )
    assert infos[0].message not in [note.message for note in details.notes]
    assert infos[1].message in [note.message for note in details.notes]
