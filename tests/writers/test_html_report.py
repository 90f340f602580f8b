"""The combined HTML report: one self-contained, accessible, printable French page per run."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from labelcheck.core.writers.html import PHONE
from report_fixtures import render
from report_reading import parse_html, plain

SECTIONS = [
    "1. Synthèse",
    "2. Critères",
    "3. À faire",
    "4. Échéancier",
    "5. Preuves partagées",
    "6. Constats d'audit",
]


@pytest.fixture(scope="module")
def page(multilabel) -> str:
    return render("html", [multilabel])


@pytest.fixture(scope="module")
def tree(page):
    return parse_html(page).root


@pytest.fixture(scope="module")
def folder(multilabel, lurcat, invalid) -> str:
    return render("html", [multilabel, lurcat, invalid])


def school_section(tree, title: str):
    school = tree.find("article", "school")
    return next(s for s in school.iter("section") if s.find("h3").text() == title)


def test_the_page_is_well_formed_html5_in_french(page):
    parsed = parse_html(page)
    assert parsed.doctype.lower() == "doctype html"
    assert parsed.problems == []
    html = parsed.root.find("html")
    assert html.attrs["lang"] == "fr"
    assert html.find("meta").attrs == {"charset": "utf-8"}
    assert html.find("title").text()


def test_a_report_of_one_school_is_titled_with_its_school(page, folder, multilabel):
    """Every report had the title « Rapport combiné des labels qualité » (the accessibility
    audit, RGAA 8.6): a tab, a history and a PDF reader name the school a report is about,
    school first, as its heading names it."""
    school = f"{multilabel.name} ({multilabel.uai})"
    assert (
        parse_html(page).root.find("title").text()
        == f"{school} – Rapport combiné des labels qualité"
    )
    assert parse_html(folder).root.find("title").text() == "Rapport combiné des labels qualité"


def test_headings_go_down_one_level_at_a_time(folder):
    levels = [
        int(node.tag[1])
        for node in parse_html(folder).root.iter()
        if re.fullmatch(r"h[1-6]", node.tag)
    ]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in pairwise(levels))


def test_every_table_has_header_cells_and_every_header_cell_a_scope(folder):
    tables = list(parse_html(folder).root.iter("table"))
    assert len(tables) > 10
    for table in tables:
        assert table.find("thead").find("th") is not None
        for th in table.iter("th"):
            assert th.attrs.get("scope") in ("col", "row", "colgroup", "rowgroup")


def test_each_school_shows_the_six_sections_in_the_specified_order(tree):
    titles = [h3.text() for h3 in tree.find("article", "school").iter("h3")]
    assert titles == SECTIONS


def test_the_synthesis_gives_each_label_its_verdict_dates_application_and_profile(tree):
    rows = {
        row.find("th").find("span", "ref").text(): row.text()
        for row in school_section(tree, "1. Synthèse").find("tbody").iter("tr")
    }
    assert set(rows) == {"eduform", "euroscol", "ldm"}
    assert "non prêt" in rows["ldm"] and "prêt" in rows["eduform"] and "valide" in rows["euroscol"]
    # What a « non prêt » comes from, under it: the row's bar may well read 8/8 documented.
    assert re.search(r"non prêt \d+ bloquants?", rows["ldm"]), rows["ldm"]
    assert "bloquant" not in rows["eduform"]
    assert "attribué le 28/06/2021" in rows["ldm"] and "expire le 28/06/2026" in rows["ldm"]
    assert "renouvellement dès le 28/06/2025" in rows["ldm"]
    assert "renouvellement évalué au 20/05/2026" in rows["ldm"]
    # In its last year with the renewal applied for: engaged, not « à engager »
    assert "renouvellement engagé" in rows["ldm"] and "à engager" not in rows["ldm"]
    assert "titulaire : GRETA Berry" in rows["eduform"]
    # The dossier's profile: the one serving its academy (no --profile given).
    assert all(text.endswith("centre-val-de-loire-2026") for text in rows.values())
    assert (
        tree.find("p", "profile").text()
        == "Profil : centre-val-de-loire-2026 (académie d'Orléans-Tours)"
    )


def test_a_readiness_bar_shows_the_share_of_criteria_documented_and_deemed_met_by_equivalence(tree):
    ldm = next(
        row
        for row in school_section(tree, "1. Synthèse").find("tbody").iter("tr")
        if row.find("span", "ref").text() == "ldm"
    )
    bar = ldm.find("svg", "bar")
    assert plain(bar.attrs["aria-label"]) == (
        "2/4 critères (50 %) : 1 documenté, 1 réputé satisfait (équivalence)"
        " ; 1 sans élément de preuve ; 1 à compléter"  # named, not left to the bar's rest
    )
    widths = {rect.attrs["class"]: rect.attrs["width"] for rect in bar.iter("rect")}
    assert widths == {
        "bar-rest": "100",
        "bar-met": "25.0",
        "bar-eq": "25.0",
        "bar-unsupported": "25.0",
    }
    # What is left to complete is drawn in the colour of « à compléter », not a pale grey.
    fills = {rect.attrs["class"]: rect.attrs["fill"] for rect in bar.iter("rect")}
    assert fills["bar-rest"] == "#ce0500"


def test_each_part_of_the_readiness_bar_stands_out_from_the_page_as_its_legend_says(page):
    """WCAG 1.4.11: a chart's parts at 3:1 at least against the white page; « sans élément de
    preuve » was 2.94:1 (the accessibility audit). Each swatch of the legend is its part's colour."""
    from labelcheck.core.writers.html import style_sheet

    parts = dict(re.findall(r'<rect class="bar-(\w+)"[^>]* fill="(#[0-9a-f]{6})"', page))
    assert set(parts) == {"rest", "met", "eq", "unsupported"}
    assert {
        part: contrast(colour, "#ffffff") >= 3 for part, colour in parts.items()
    } == dict.fromkeys(parts, True)
    swatches = dict(re.findall(r"\.key-(\w+) \{ background: ([^;]+);", style_sheet()))
    variables = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6});", style_sheet()))
    colours = {
        part: variables.get(value.removeprefix("var(--").rstrip(")"), value)
        for part, value in swatches.items()
    }
    assert colours == parts


def contrast(one: str, other: str) -> float:
    """WCAG 2.1's contrast ratio of two colours written #rrggbb."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted([luminance(one), luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_criteria_of_a_held_label_with_no_application_are_not_evaluated_not_to_do(tree):
    euroscol = next(
        row
        for row in school_section(tree, "1. Synthèse").find("tbody").iter("tr")
        if row.find("span", "ref").text() == "euroscol"
    )
    assert euroscol.find("svg", "bar") is None
    assert "2 critères non évalués (sans candidature)" in euroscol.text()


def test_the_criteria_matrix_marks_each_equivalence_with_its_label_and_text(tree):
    rows = {
        row.find("th").text(): row
        for row in school_section(tree, "2. Critères").iter("tr")
        if row.find("span", "status")
    }
    # Every criterion of every label, each in its row: Euroscol's too, held with no application.
    assert len(rows) == 9
    assert rows["euroscol:1"].find("span", "status").text() == "non évalué"
    assert rows["eduform:2"].find("span", "status").text() == "non applicable"
    ldm6 = rows["ldm:6"]
    assert ldm6.find("span", "status").text() == "réputé satisfait (équivalence)"
    assert ldm6.find("span", "via").text() == "Euroscol"
    assert "Articulation avec les autres labels" in ldm6.text()
    assert (
        ldm6.find("span", "adoption").text() == "adoptée par le profil « centre-val-de-loire-2026 »"
    )


def test_the_criteria_matrix_shows_the_auditors_grades_beside_the_status(tree):
    rows = {
        row.find("th").text(): row
        for row in school_section(tree, "2. Critères").iter("tr")
        if row.find("span", "status")
    }
    ldm7 = rows["ldm:7"]
    assert ldm7.find("span", "status").text() == "à compléter"
    assert ldm7.find("span", "grades").text() == (
        "constats d'audit : écart (ldm:7.35, audit de renouvellement du 20/05/2026)"
    )
    assert rows["ldm:1"].find("span", "grades") is None
    assert rows["ldm:2"].find("span", "status").text() == "sans élément de preuve"


def test_a_paraphrased_criterion_title_is_marked(tree):
    rows = {
        row.find("th").text(): row
        for row in school_section(tree, "2. Critères").iter("tr")
        if row.find("span", "status")
    }
    assert rows["ldm:7"].find("span", "paraphrase").text() == "(libellé reformulé)"
    assert rows["ldm:1"].find("span", "paraphrase") is None
    group = next(th for th in school_section(tree, "3. À faire").iter("th") if "ldm:7" in th.text())
    assert group.text().endswith("La prévention du décrochage scolaire (libellé reformulé)")


def test_the_to_do_list_groups_by_label_then_criterion_blocking_first(tree):
    todo = school_section(tree, "3. À faire")
    assert [h4.text() for h4 in todo.iter("h4")] == ["Eduform", "Euroscol", "Lycée des métiers"]
    ldm = list(todo.iter("table"))[-1]
    severities = [span.text() for span in ldm.iter("span", "severity")]
    assert severities == ["bloquant", "bloquant", "avertissement"]  # information is not to do
    natures = [span.text() for span in ldm.iter("span", "nature")]
    assert natures == ["exigence des textes", "exigence des textes", "choix académique"]
    first = ldm.find("tr", "task")
    assert (
        "Pièce obligatoire absente" in first.text()
        and "Source : Cahier des charges LDM 2026" in first.text()
    )
    assert "Joindre le procès-verbal" in first.text()
    deadline = next(row for row in ldm.iter("tr", "task") if "FE-2026-01" in row.text())
    assert deadline.find("td", "due").text() == "30/09/2026"
    assert "Dérogation du profil à la règle LDM-TITLE-LENGTH" in todo.text()  # a rule without title
    # Every row says what to do, and by when (a dash where no date applies).
    assert all(row.iter("td") and list(row.iter("td"))[-2].text() for row in ldm.iter("tr", "task"))
    assert all(row.find("td", "due").text() for row in ldm.iter("tr", "task"))


def test_information_is_folded_to_one_line_per_label_and_given_in_full_with_details(
    multilabel, tree
):
    todo = school_section(tree, "3. À faire")
    folded = [p.text() for p in todo.iter("p", "info-folded")]
    assert folded == [
        "Pour information : Éléments de preuve par descripteur (indicatif) : 2 constats (lecture opérationnelle) "
        "— le détail : dans le rapport produit avec l'option --details"
    ]
    assert todo.find("table", "info") is None and "LDM-DESCRIPTOR-EVIDENCE" not in todo.text()
    detailed = school_section(
        parse_html(render("html", [multilabel], details=True)).root, "3. À faire"
    )
    assert detailed.find("p", "info-folded") is None
    rows = [row.text() for row in detailed.find("table", "info").find("tbody").iter("tr")]
    assert len(rows) == 2 and all("règle LDM-DESCRIPTOR-EVIDENCE" in row for row in rows)


def test_prose_follows_french_typography(page):
    """A narrow no-break space before « : ; % » and inside « », so that `50 %` never breaks."""
    assert (
        "(50\u202f%)" in page
        and "Source\u202f: " in page
        and "«\u202fcentre-val-de-loire-2026\u202f»" in page
    )
    assert not re.search(r"\w [:;%]", re.sub(r"<style[^>]*>.*?</style>", "", page, flags=re.S))


def test_the_timeline_lists_every_step_by_date_and_marks_past_ones(multilabel, tree):
    rows = list(school_section(tree, "4. Échéancier").find("tbody").iter("tr"))
    assert len(rows) == sum(len(label.steps) for label in multilabel.labels)
    whens = [row.find("td", "when").children[0].strip() for row in rows]
    assert whens[0] == "28/06/2025"
    assert "du 05/05/2026 au 05/11/2026" in whens
    days = [tuple(reversed(w.split()[1 if w.startswith("du") else 0].split("/"))) for w in whens]
    assert days == sorted(days)
    states = {row.find("th").text(): row.find("span", "step").text() for row in rows}
    # A period's start is not a missed deadline; a deadline is late only when a finding says so.
    # The labels were judged at different dates: each state says its own.
    at = " au 20/05/2026"
    assert (
        states["Début de la procédure de renouvellement (dernière année de validité)"]
        == "période ouverte" + at
    )
    assert states["Retour du plan d'audit validé (LDM 008)"] == "date passée" + at
    assert states["Audit sur site"] == "a eu lieu" + at
    assert states["Fin de validité du label"] == "à venir" + at
    past = [row.find("th").text() for row in rows if "past" in row.classes]
    assert past == [
        "Début de la procédure de renouvellement (dernière année de validité)",
        "Audit de surveillance",
        "Retour du plan d'audit validé (LDM 008)",
        "Audit sur site",
    ]


def test_shared_evidence_and_each_indicator_as_a_trend_chart(tree):
    shared = school_section(tree, "5. Preuves partagées")
    assert "Mobilités Erasmus+ réalisées" in shared.find("table", "shared").text()
    assert "Le travail qualité Eduform du GRETA sert de preuve au critère 2" in shared.text()
    # The links, then the indicators: parts of « Preuves partagées » (the contract), each under
    # a heading of its own.
    assert [h4.text() for h4 in shared.iter("h4")] == ["Liens entre labels", "Indicateurs de suivi"]
    indicators = shared.find("table", "indicators")
    charts = {
        plain(chart.attrs["aria-label"]).split(" : ")[0]: chart
        for chart in indicators.iter("svg", "trend")
    }
    assert set(charts) == {
        "Mobilités Erasmus+ réalisées",
        "Stagiaires satisfaits de leur formation (%)",
    }
    mobility = charts["Mobilités Erasmus+ réalisées"]
    assert plain(mobility.attrs["aria-label"]).endswith(
        ": 2023 : 9 ; 2024 : 14 ; 2025 : 21, cible 25"
    )
    assert len(list(mobility.iter("circle"))) == 3 and mobility.find("line", "target") is not None


def test_audit_findings_of_every_label_side_by_side_with_french_grades(tree):
    table = school_section(tree, "6. Constats d'audit").find("table")
    columns = [th.text() for th in table.find("thead").iter("th")]
    assert (
        columns[0] == "Appréciation"
        and columns[1].startswith("Eduform")
        and columns[2].startswith("Lycée")
    )
    grades = [row.find("th").text() for row in table.find("tbody").iter("tr")]
    assert grades == ["point fort", "conforme", "écart", "non-conformité mineure"]


def test_an_invalid_dossier_lists_its_errors(invalid):
    tree = parse_html(render("html", [invalid])).root
    school = tree.find("article", "school")
    assert school.find("h3").text() == "Dossier invalide : 2 erreurs"
    rows = [row.text() for row in school.find("tbody").iter("tr")]
    assert rows[0].startswith("4 establishment.uai lettre de contrôle")


def test_every_dossier_string_is_escaped(invalid):
    page = render("html", [invalid])
    assert "<script" not in page
    assert "Lycée &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie" in page


def test_the_page_is_self_contained_and_runs_no_script(folder):
    tree = parse_html(folder).root
    assert tree.find("script") is None and tree.find("link") is None
    assert tree.find("style").text()
    policy = next(
        m for m in tree.iter("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy.attrs["content"].startswith("default-src 'none'")
    for node in tree.iter():
        assert not (node.attrs.get("src") or ""), node.tag
        assert (node.attrs.get("href") or "#").startswith("#")


def test_a_folder_opens_with_an_overview_linking_each_school_to_its_section(folder):
    tree = parse_html(folder).root
    overview = tree.find("section", "overview")
    # As read: the soft hyphen that lets a narrow column break « Avertis-sements » is no letter.
    head = [th.text().replace("\u00ad", "") for th in overview.find("thead").iter("th")]
    assert head == [
        "Établissement",
        "UAI",
        "Eduform",
        "Euroscol",
        "Lycée des métiers",
        "Bloquants",
        "Avertissements",
    ]
    rows = list(overview.find("tbody").iter("tr"))
    assert [row.find("td").text() for row in rows] == ["0180036S", "0451442Y", "—"]
    assert [cell.text() for cell in rows[0].iter("td")][1:4] == ["prêt", "valide", "non prêt"]
    assert ["invalid" in row.classes for row in rows] == [False, False, True]
    assert rows[2].find("span", "verdict-invalid").text() == "dossier invalide"
    ids = {node.attrs.get("id") for node in tree.iter("article")}
    assert {row.find("a").attrs["href"][1:] for row in rows} == ids


def test_a_single_dossier_needs_no_overview(tree):
    assert tree.find("section", "overview") is None


def test_the_page_prints_on_a4_each_school_on_new_pages(page):
    assert re.search(r"@page\s*{[^}]*size:\s*A4", page)
    assert re.search(r"\.school\s*{\s*break-before:\s*page", page)


def test_the_same_results_give_the_same_page(multilabel, lurcat, invalid, folder):
    assert render("html", [multilabel, lurcat, invalid]) == folder


def test_the_engine_result_of_the_example_renders(lurcat):
    tree = parse_html(render("html", [lurcat])).root
    verdict = tree.find("table", "synthesis").find("span", "verdict")
    assert verdict.text() == "prêt"
    assert len(list(tree.find("table", "timeline").find("tbody").iter("tr"))) == len(
        lurcat.labels[0].steps
    )


def test_a_phone_keeps_words_whole_in_a_style_of_its_own(page):
    """Tables scroll sideways on a phone rather than break « Verdict » letter by letter; the
    rules sit in a <style> whose media WeasyPrint leaves aside (a query in the sheet warned)."""
    assert f'<style media="{PHONE}">' in page
    phone = page.split(f'<style media="{PHONE}">')[1].split("</style>")[0]
    assert "overflow-x: auto" in phone and "overflow-wrap: normal" in phone


def test_a_renewal_period_is_closed_once_its_label_has_expired(multilabel):
    """« période ouverte » two lines above « label expiré » read false (the French review): the
    fifth year's period ends with the label's validity."""
    import dataclasses

    from labelcheck.core.writers.combined import step_state

    ldm = next(label for label in multilabel.labels if label.label == "ldm")
    [start] = [step for step in ldm.steps if step.kind == "start"]
    assert step_state(start, ldm) == "started"
    expired = dataclasses.replace(ldm, held={**ldm.held, "status": "expired"})
    assert step_state(start, expired) == "closed"


def test_ids_are_never_hyphenated_evidence_nor_profile(page):
    """The evidence cells hold ids (« poursuites », never « pour-suites »), and so does the
    profile's cell (« centre-val-/de-/loire-2026 » took three lines in the PDF)."""
    from labelcheck.core.writers.html import style_sheet

    evidence = re.findall(r'<td class="([^"]*)" data-label="Preuves">', page)
    assert evidence and all("ids" in css.split() for css in evidence)
    assert '<td class="profile-id">centre-val-de-loire-2026</td>' in page
    css = style_sheet("report.css")
    assert re.search(r"\.ids\b[^{]*\{[^}]*hyphens: manual", css)
    assert re.search(r"\.profile-id \{[^}]*hyphens: manual", css)


def test_file_names_and_addresses_in_a_message_are_never_hyphenated():
    """The PDF's narrow columns hyphenated « pieces/conven-tion_region.pdf » and
    « https://www.educa-tion.gouv.fr/… » (the school head's audit): a name copied from the
    page was wrong. They are kept whole, and a `clé` in a message is set as code."""
    from labelcheck.core.writers.html import style_sheet, with_paths

    said = with_paths(
        "le fichier « pieces/convention_region.pdf » est introuvable (`file`) ; "
        "voir https://www.education.gouv.fr/label-euroscol."
    )
    assert '<span class="whole">pieces/convention_region.pdf</span>' in said
    assert '<span class="whole">https://www.education.gouv.fr/label-euroscol</span>.' in said
    assert "<code>file</code>" in said and "`" not in said
    assert with_paths("« Lycée des métiers »") == "«\u202fLycée des métiers\u202f»"
    assert re.search(r"\.whole \{[^}]*hyphens: manual", style_sheet("report.css"))


def test_only_the_applications_audit_is_said_missing_from_the_dossier(multilabel):
    """« date passée, aucun audit au dossier » was every past event's: another label's event
    that is no audit (a board meeting a plugin dates) read as an audit missing."""
    import dataclasses
    import datetime as dt

    from labelcheck.core.report import Step
    from labelcheck.core.writers.combined import step_state

    ldm = next(label for label in multilabel.labels if label.label == "ldm")
    day = ldm.as_of - dt.timedelta(days=1)
    meeting = Step(day, "ldm", "Comité de pilotage", kind="event", id="steering-committee")
    assert step_state(meeting, ldm) == "passed"
    audit = dataclasses.replace(meeting, what="Audit sur site", id="audit", application_audit=True)
    assert step_state(audit, ldm) == "unrecorded"
