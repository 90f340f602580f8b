"""`labelcheck campaign`: an academy's steps in a period, by month, and the cross-school checks.

Contract: spec/cli-and-report.md 1.1, « Campaign planning across schools ». The fixture
academy (fixtures/academy-campaign) is built so that each check finds exactly one thing:
Émilie Roux audits two schools on 10/03/2026 (spelt two ways), Condorcet's referent inspector
is on its Eduform audit, and Denis-Papin's two audits are ten days apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar
from labelcheck.core.campaign import (
    Campaign,
    PlannedAudit,
    SchoolPlan,
    default_period,
    month_name,
    person,
)
from support import lurcat_with_its_ecart_open

FIXTURES = Path(__file__).parent / "fixtures"
ACADEMY = FIXTURES / "academy-campaign"
INVALID = FIXTURES / "academy-campaign-invalid"
PERIOD = ("--from", "2026-01-01", "--to", "2026-06-30")
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 01/01/2026


def campaign_json(cli, *args):
    result = cli("campaign", ACADEMY, *PERIOD, "--format", "json", *args)
    return result, json.loads(result.stdout)


def test_each_check_finds_its_one_problem_and_nothing_else(cli):
    result, report = campaign_json(cli)
    found = [(f["check"], f["schools"], f["auditor"]) for f in report["findings"]]
    assert found == [
        ("referent-inspector-auditing", ["0450003J"], "Marc LEBLANC"),
        ("auditor-double-booked", ["0450001G", "0450002H"], "Émilie Roux"),
        ("audits-to-join", ["0450004K"], None),
    ]
    assert result.exit_code == 1  # a double booking, a referent inspector: problems


def test_findings_name_the_schools_and_cite_their_text(cli):
    _, report = campaign_json(cli)
    referent, double, join = report["findings"]
    assert "Lycée Condorcet (0450003J)" in referent["message"]
    assert "ne peut être membre de l'équipe d'audit" in referent["source"]
    assert "Anatole-France (0450001G)" in double["message"]
    assert "Blaise-Pascal (0450002H)" in double["message"]
    assert "10/03/2026" in double["message"] and double["nature"] == "operational"
    assert "à 10 jours d'écart" in join["message"]
    assert "pour articuler les calendriers de labellisation" in join["source"]
    assert "Circulaire du 23 octobre 2023" in join["source"] and "§ 3" in join["source"]
    assert {referent["severity"], double["severity"], join["severity"]} == {
        "problem",
        "suggestion",
    }


def test_the_referent_rule_of_one_label_is_a_reading_for_another_labels_audit(cli, tmp_path):
    """The Lycée des métiers circular bars a school's referent inspector from its audit team:
    for its Eduform audit (the fixture's case), that is labelcheck's reading, said so, and
    still a problem; put in the team of its LDM audit of 2022, the text's own requirement."""
    _, report = campaign_json(cli)
    eduform = report["findings"][0]
    assert eduform["nature"] == "operational"
    assert "pour un audit Eduform, lecture opérationnelle de labelcheck" in eduform["source"]
    assert eduform["severity"] == "problem"
    copy = tmp_path / "condorcet"
    shutil.copytree(ACADEMY / "condorcet", copy)
    dossier = copy / "dossier.toml"
    text = dossier.read_text(encoding="utf-8")
    dossier.write_text(
        text.replace('"Odile Perrin", "Rémi Gautier"', '"Odile Perrin", "Marc Leblanc"'),
        encoding="utf-8",
    )
    result = cli("campaign", copy, "--from", "2022-01-01", "--to", "2022-12-31", "--format", "json")
    ldm = [
        f
        for f in json.loads(result.stdout)["findings"]
        if f["check"] == "referent-inspector-auditing" and "Lycée des métiers" in f["message"]
    ]
    assert len(ldm) == 1 and ldm[0]["nature"] == "text"
    assert "lecture opérationnelle" not in ldm[0]["source"]


def test_each_finding_says_what_to_do(cli):
    _, report = campaign_json(cli)
    remedies = {f["check"]: f["remedy"] for f in report["findings"]}
    assert set(remedies) == {
        "referent-inspector-auditing",
        "auditor-double-booked",
        "audits-to-join",
    }
    assert "remplacer cette personne dans l'une des équipes" in remedies["auditor-double-booked"]
    text = cli("campaign", ACADEMY, *PERIOD).stdout
    assert all(f"→ {remedy}" in text for remedy in remedies.values())


def test_audits_further_apart_than_join_within_are_not_flagged(cli):
    _, report = campaign_json(cli, "--join-within", "9")
    assert [f["check"] for f in report["findings"]] == [
        "referent-inspector-auditing",
        "auditor-double-booked",
    ]


def test_audits_exactly_join_within_days_apart_are_flagged(cli):
    """« à au plus `--join-within` jours d'écart » (docs/fr/commandes-et-rapports.md):
    Denis-Papin's audits, ten days apart, with `--join-within 10`."""
    _, report = campaign_json(cli, "--join-within", "10")
    joined = [f for f in report["findings"] if f["check"] == "audits-to-join"]
    assert [f["schools"] for f in joined] == [["0450004K"]]
    assert "à 10 jours d'écart" in joined[0]["message"]


def test_only_suggestions_exit_0(cli):
    result = cli("campaign", ACADEMY / "denis-papin", *PERIOD, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [f["check"] for f in json.loads(result.stdout)["findings"]] == ["audits-to-join"]


def test_an_audit_on_the_period_s_last_day_is_in_the_campaign(cli):
    """`--to` is the period's last day, included: the two audits of 10/03/2026 are listed, and
    Émilie Roux, on both teams, double-booked."""
    result = cli(
        "campaign", ACADEMY, "--from", "2026-01-01", "--to", "2026-03-10", "--format", "json"
    )
    report = json.loads(result.stdout)
    last_day = [(a["date"], a["uai"]) for a in report["audits"] if a["date"] == "2026-03-10"]
    assert last_day == [("2026-03-10", "0450001G"), ("2026-03-10", "0450002H")]
    double = [f for f in report["findings"] if f["check"] == "auditor-double-booked"]
    assert [(f["schools"], f["auditor"]) for f in double] == [
        (["0450001G", "0450002H"], "Émilie Roux")
    ]


def test_steps_are_those_of_the_period_by_month_in_date_order(cli):
    _, report = campaign_json(cli)
    assert [m["month"] for m in report["months"]] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-06",
    ]
    assert [m["name"] for m in report["months"]][:2] == ["janvier 2026", "février 2026"]
    steps = [step for month in report["months"] for step in month["steps"]]
    for month in report["months"]:
        for step in month["steps"]:
            start = max(dt.date.fromisoformat(step["date"]), START)
            assert start.strftime("%Y-%m") == month["month"]
            assert start <= END and dt.date.fromisoformat(step["end"] or step["date"]) >= START
    # A step begun before the period, at its start: in the order steps began, then by school.
    keys = [(max(s["date"], "2026-01-01"), s["date"], s["uai"], s["label"], s["id"]) for s in steps]
    assert keys == sorted(keys)
    # Denis-Papin's LDM expiry (01/09/2026) and Condorcet's Eduform expiry lie after the period.
    assert not any(s["id"] == "expiry" and s["label"] == "ldm" for s in steps)


def test_a_window_begun_before_the_period_opens_it(cli):
    _, report = campaign_json(cli)
    window = report["months"][0]["steps"][0]
    assert (window["id"], window["date"], window["end"]) == (
        "surveillance-window",
        "2025-11-01",
        "2026-07-01",
    )


def test_each_step_names_its_school_label_and_source(cli):
    _, report = campaign_json(cli)
    audit = next(
        s
        for m in report["months"]
        for s in m["steps"]
        if s["uai"] == "0450001G" and s["id"] == "audit"
    )
    assert audit["school"] == "Lycée professionnel Anatole-France"
    assert audit["label_name"] == "Lycée des métiers"
    assert audit["auditors"] == ["Émilie Roux", "Inès Carré", "Paul Henry"]  # lead, then by name
    assert audit["uid"] == "0450001G-ldm-audit@labelcheck"
    assert all(s["source"] for m in report["months"] for s in m["steps"])


def test_the_ldm_audit_step_cites_the_national_text_whatever_the_profile(cli):
    """The on-site audit is every school's step: under `national` (a school of another
    academy) its source is the circular, never the Centre-Val de Loire cahier des charges."""
    for profile in ("national", "centre-val-de-loire-2026"):
        _, report = campaign_json(cli, "--profile", profile)
        [audit] = [
            s
            for m in report["months"]
            for s in m["steps"]
            if s["uai"] == "0450001G" and s["id"] == "audit"
        ]
        assert audit["source"].startswith("Circulaire du 23 octobre 2023"), audit["source"]
        assert "Centre-Val de Loire" not in audit["source"]


def test_each_application_submitted_is_a_step_in_every_format(cli):
    """The contract lists applications among the dated steps: each dossier's `submitted`."""
    _, report = campaign_json(cli)
    submitted = [
        (s["date"], s["uai"], s["label"], s["kind"])
        for m in report["months"]
        for s in m["steps"]
        if s["id"] == "application-submitted"
    ]
    assert submitted == [
        ("2026-01-12", "0450001G", "ldm", "event"),
        ("2026-01-15", "0450002H", "ldm", "event"),
        ("2026-02-02", "0450004K", "ldm", "event"),
    ]
    uid = "0450001G-ldm-application-submitted@labelcheck"
    text = cli("campaign", ACADEMY, *PERIOD).stdout
    assert (
        "12/01/2026 · Lycée professionnel Anatole-France (0450001G) · Lycée des métiers · Dépôt de la candidature"
        in text
    )
    assert uid in cli("campaign", ACADEMY, *PERIOD, "--format", "csv").stdout
    assert uid in cli("campaign", ACADEMY, *PERIOD, "--format", "ics").stdout
    assert "Dépôt de la candidature" in cli("campaign", ACADEMY, *PERIOD, "--format", "html").stdout


def test_an_audit_the_dossier_only_dates_is_a_step_and_an_audit(cli):
    _, report = campaign_json(cli)
    eduform = [a for a in report["audits"] if a["uai"] == "0450004K" and a["label"] == "eduform"]
    assert eduform == [
        {
            "date": "2026-04-17",
            "uai": "0450004K",
            "school": "Lycée professionnel Denis-Papin",
            "label": "eduform",
            "type": "renewal",
            "auditors": [],
        }
    ]


def test_an_audit_moved_from_the_applications_date_is_one_audit(cli, tmp_path):
    """The application dates the renewal audit on 20/05, the audit held on 03/06 is recorded
    with its team: one audit, moved, not two (its auditors were counted twice, and the
    planned date, no team, looked like an audit still to staff)."""
    school = tmp_path / "lycee"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "lp-jean-lurcat", school)
    dossier = school / "dossier.toml"
    text = dossier.read_text("utf-8")
    held = '[[audits]]\nlabel = "ldm"\ntype = "renewal"\ndate = 2026-05-20'
    assert "audit = 2026-05-20" in text and held in text
    dossier.write_text(text.replace(held, held.replace("2026-05-20", "2026-06-03")), "utf-8")
    result = cli(
        "campaign", tmp_path, "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"
    )
    audits = json.loads(result.stdout)["audits"]
    assert [(a["date"], len(a["auditors"])) for a in audits if a["label"] == "ldm"] == [
        ("2026-06-03", 3)
    ]


def test_an_audit_moved_from_the_applications_date_is_one_event_under_the_same_id(cli, tmp_path):
    """The same moved audit in the calendar: one « Audit sur site », on 03/06 with its team,
    under the id the planned date had (`audit`), so that a calendar imported again moves it.
    It was two events: the planned 20/05, with no team, and an « Audit de renouvellement »
    on 03/06 under another id, and the inspectors' calendars kept the day the audit left.
    Planned ahead, before 03/06, the audit is on its new day too, as `evaluate`'s échéancier
    gives it (it had gone back to 20/05, with no team, while the auditors were booked on
    03/06): an entry dated after the as-of date announces the date, in every format alike."""
    school = tmp_path / "lycee"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "lp-jean-lurcat", school)
    dossier = school / "dossier.toml"
    text = dossier.read_text("utf-8")
    held = '[[audits]]\nlabel = "ldm"\ntype = "renewal"\ndate = 2026-05-20'
    dossier.write_text(text.replace(held, held.replace("2026-05-20", "2026-06-03")), "utf-8")
    day = "2026-06-03"
    for as_of in ("2026-05-01", day):
        period = ("--from", "2026-05-01", "--to", "2026-12-31", "--as-of", as_of)
        result = cli("campaign", tmp_path, *period, "--format", "json")
        steps = [s for m in json.loads(result.stdout)["months"] for s in m["steps"]]
        audits = [(s["date"], s["id"], len(s["auditors"])) for s in steps if s["kind"] == "event"]
        assert [a for a in audits if a[1].startswith("audit")] == [(day, "audit", 3)]
        report = json.loads(cli("evaluate", school, "--as-of", as_of, "--format", "json").stdout)
        timeline = report["dossiers"][0]["labels"][0]["timeline"]
        assert [s["date"] for s in timeline if s["id"] == "audit"] == [day]
        for command in (("campaign", tmp_path, *period), ("evaluate", school, "--as-of", as_of)):
            calendar = Calendar.from_ical(cli(*command, "--format", "ics").stdout)
            days = [
                event.decoded("dtstart")
                for event in calendar.walk("VEVENT")
                if str(event["uid"]).startswith("0451442Y-ldm-audit@")
            ]
            assert days == [dt.date.fromisoformat(day)], command
            assert not [e for e in calendar.walk("VEVENT") if "audit:" in str(e["uid"])], command


def test_an_auditor_spelt_with_either_apostrophe_is_booked_twice_the_same_day(cli, tmp_path):
    """The same auditor on two schools' audits on 20/05, « M. D’Alembert » in one dossier
    and « M. D'Alembert » in the other: one double booking, and one person counted twice."""
    example = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat"
    team = 'auditors = ["A. Martin", "B. Durand", "C. Petit"]\nlead = "A. Martin"'
    for folder, uai, spelt in (("a", "0450001G", "\u2019"), ("b", "0450002H", "'")):
        shutil.copytree(example, tmp_path / folder)
        dossier = tmp_path / folder / "dossier.toml"
        text = dossier.read_text("utf-8")
        assert team in text and 'uai = "0451442Y"' in text, "the example moved: update this test"
        name = f"M. D{spelt}Alembert"
        text = text.replace(team, f'auditors = ["{name}", "B. Durand"]\nlead = "{name}"')
        dossier.write_text(text.replace('uai = "0451442Y"', f'uai = "{uai}"'), "utf-8")
    result = cli(
        "campaign", tmp_path, "--from", "2026-05-01", "--to", "2026-05-31", "--format", "json"
    )
    report = json.loads(result.stdout)
    booked = [f["schools"] for f in report["findings"] if f["check"] == "auditor-double-booked"]
    assert ["0450001G", "0450002H"] in booked
    counted = {person(a["name"]): a["audits"] for a in report["auditors"]}
    assert counted[person("M. D'Alembert")] == 2 and len(counted) == 2
    assert result.exit_code == 1


def test_stages_per_school_and_label(cli):
    _, report = campaign_json(cli)
    stages = {
        (school["uai"], label["label"]): (label["application"], label["ready"], label["held"])
        for school in report["schools"]
        for label in school["labels"]
    }
    assert stages[("0450003J", "ldm")] == (None, None, "valid")
    assert stages[("0450004K", "ldm")][0] == "renewal"
    assert stages[("0450004K", "ldm")][2] == "renewal-due"
    assert stages[("0450001G", "ldm")][:2] == ("initial", False)


def test_an_application_sent_after_the_period_opens_is_in_preparation(cli):
    """Judged at the period's start, an application the dossier dates later is not yet sent:
    « en préparation (envoi le …) », not « non prête »; one sent before it is judged."""
    _, report = campaign_json(cli)
    submitted = {
        (school["uai"], label["label"]): label["submitted"]
        for school in report["schools"]
        for label in school["labels"]
    }
    assert submitted[("0450001G", "ldm")] == "2026-01-12"
    assert submitted[("0450003J", "eduform")] is None
    text = cli("campaign", ACADEMY, *PERIOD).stdout.replace("\u202f", " ")
    assert "candidature (labellisation initiale) en préparation (envoi le 12/01/2026)" in text
    later = cli("campaign", ACADEMY, *PERIOD, "--as-of", "2026-03-01").stdout
    assert (
        "en préparation" not in later and "candidature (labellisation initiale) non prête" in later
    )


def test_audits_per_auditor_count_one_person_spelt_two_ways_once(cli):
    _, report = campaign_json(cli)
    auditors = {a["name"]: (a["audits"], a["schools"]) for a in report["auditors"]}
    assert auditors["Émilie Roux"] == (2, ["0450001G", "0450002H"])
    assert auditors["Karim Benali"] == (1, ["0450002H"])
    assert not any(name.isupper() for name in auditors)


def test_json_shape(cli):
    _, report = campaign_json(cli)
    assert report["format"] == "labelcheck-campaign/1"
    assert (report["from"], report["to"], report["as_of"]) == (
        "2026-01-01",
        "2026-06-30",
        "2026-01-01",
    )
    assert report["summary"] == {
        "schools": 4,
        "dossiers": 4,
        "steps": 11,  # 3 of them applications submitted
        "audits": 5,
        "problems": 2,
        "suggestions": 1,
        "invalid": 0,
        "failed": 0,
    }
    assert set(report) >= {
        "findings",
        "months",
        "audits",
        "auditors",
        "schools",
        "invalid",
        "failed",
    }


def test_as_of_defaults_to_the_period_start_and_can_be_set(cli):
    _, report = campaign_json(cli, "--as-of", "2026-03-01")
    assert report["as_of"] == "2026-03-01" and report["from"] == "2026-01-01"
    # The readable formats say at which date the labels were judged, in plain words.
    for fmt in ("text", "html"):
        shown = cli("campaign", ACADEMY, *PERIOD, "--as-of", "2026-03-01", "--format", fmt)
        assert "Labels évalués au 01/03/2026 ; profil" in shown.stdout.replace("\u202f", " ")


def test_jobs_2_gives_the_same_campaign(cli):
    one = cli("campaign", ACADEMY, *PERIOD, "--format", "json")
    two = cli("campaign", ACADEMY, *PERIOD, "--format", "json", "--jobs", "2")
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 1


def test_csv_has_one_row_per_step_semicolons_and_a_bom(cli):
    result = cli("campaign", ACADEMY, *PERIOD, "--format", "csv")
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["date", "fin", "mois", "UAI"]
    assert all(len(row) == len(header) for row in body)
    late = [row for row in body if row[8] == "en retard"]  # first, dated the period's start
    assert body[: len(late)] == late and {row[0] for row in late} <= {PERIOD[1]}
    body = body[len(late) :]
    assert len(body) == 11
    assert body[0][header.index("identifiant")] == "0450003J-eduform-surveillance-window@labelcheck"
    assert [row[0] for row in body][1:] == sorted(row[0] for row in body[1:])


def test_text_groups_by_french_month(cli):
    result = cli("campaign", ACADEMY, *PERIOD)
    assert result.exit_code == 1
    out = result.stdout
    assert out.index("janvier 2026") < out.index("février 2026") < out.index("juin 2026")
    assert "Vérifications entre établissements" in out and "Audits par auditeur" in out
    assert "Émilie Roux : 2 audits" in out.replace("\u202f", " ")


def test_html_is_a_calm_page_with_every_part(cli):
    result = cli("campaign", ACADEMY, *PERIOD, "--format", "html")
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    for heading in (
        "Vérifications entre établissements",
        "Échéances, mois par mois",
        "Audits par auditeur",
        "Étape de chaque établissement",
    ):
        assert heading in page
    assert "<script" not in page


def test_the_html_page_is_titled_with_its_period_as_its_heading(cli):
    """Every campaign had the title « Campagne de labellisation » (the accessibility audit,
    RGAA 8.6): a tab names the period its page plans."""
    page = cli("campaign", ACADEMY, *PERIOD, "--format", "html").stdout
    title = "Campagne de labellisation du 01/01/2026 au 30/06/2026"
    assert f"<title>{title}</title>" in page and f"<h1>{title}</h1>" in page


def test_invalid_dossier_is_named_and_the_others_still_planned(cli):
    result = cli("campaign", ACADEMY, INVALID, *PERIOD, "--format", "json")
    assert result.exit_code == 2
    assert "bad/dossier.toml" in result.stderr and "dossier invalide" in result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["schools"] == 4 and len(report["invalid"]) == 1


def test_output_format_from_the_file_name(cli, tmp_path):
    target = tmp_path / "campagne.ics"
    result = cli("campaign", ACADEMY, *PERIOD, "-o", target)
    assert result.exit_code == 1 and result.stdout == ""
    assert target.read_text("utf-8").startswith("BEGIN:VCALENDAR")


def test_a_period_ending_before_it_starts_is_refused(cli):
    result = cli("campaign", ACADEMY, "--from", "2026-06-30", "--to", "2026-01-01")
    assert result.exit_code == 2 and "précède" in result.stderr


def test_a_period_ending_before_today_without_from_names_today_not_an_option(cli):
    """`--to` alone, before today: the period starts today by default; the message must not
    name a `--from` the user never gave."""
    result = cli("campaign", ACADEMY, "--to", "2020-01-01")
    assert result.exit_code == 2
    error = result.stderr.replace("\u202f", " ")
    assert (
        "la fin de la période (--to 2020-01-01) précède son début "
        f"(aujourd'hui, {dt.date.today().isoformat()}, par défaut)"
    ) in error
    assert "donner aussi --from" in error


def test_default_period_is_twelve_months_from_today(cli):
    result = cli("campaign", ACADEMY, "--format", "json")
    report = json.loads(result.stdout)
    today = dt.date.today()
    assert report["from"] == today.isoformat()
    assert report["to"] == default_period(today)[1].isoformat()


@pytest.mark.parametrize(
    "today, to",
    [("2026-12-03", "2027-12-03"), ("2026-01-01", "2027-01-01"), ("2028-02-29", "2029-02-28")],
)
def test_the_default_period_ends_twelve_months_on_that_day_included(today, to):
    start = dt.date.fromisoformat(today)
    assert default_period(start) == (start, dt.date.fromisoformat(to))


# -- the model, without the command line ------------------------------------------------------


def test_names_compare_without_case_spaces_or_accents():
    assert person(" Émilie   ROUX ") == person("emilie roux") == "emilie roux"
    assert person("Élodie Roux") != person("Émilie Roux")


def test_names_compare_without_the_marks_a_word_processor_changes():
    """« M. D’Alembert » typed in Word and « M. D'Alembert » typed in a text editor, « Lœw »
    and « Loew » from a keyboard without « œ »: one person (they were two, an auditor
    booked twice the same day went unseen)."""
    assert person("M. D\u2019Alembert") == person("m. d'alembert")
    assert person("Jean\u2013Marc LŒW") == person("Jean-Marc Loew")
    assert person("Ætienne") == person("aetienne")
    assert person("M. D'Alembert") != person("M. Dalembert")


def test_two_labels_of_one_school_the_same_day_are_one_visit():
    audits = (
        PlannedAudit("0450001G", "Lycée A", "ldm", "Lycée des métiers", "renewal", START, ("X",)),
        PlannedAudit("0450001G", "Lycée A", "eduform", "Eduform", "renewal", START, ("X",)),
    )
    plan = Campaign(START, END, START, "auto", join_within=30)
    plan.add(SchoolPlan("a/dossier.toml", "0450001G", "Lycée A", audits=audits))
    assert plan.findings() == []


def test_two_audits_of_one_label_of_a_school_are_not_to_be_joined():
    """The check joins « audits of the same school for different labels »: a label's audit and
    its follow-up two weeks later are two visits by design."""
    audits = (
        PlannedAudit("0450001G", "Lycée A", "ldm", "Lycée des métiers", "renewal", START, ("X",)),
        PlannedAudit(
            "0450001G",
            "Lycée A",
            "ldm",
            "Lycée des métiers",
            "follow-up",
            START + dt.timedelta(days=14),
            ("X",),
        ),
    )
    plan = Campaign(START, END, START, "auto", join_within=30)
    plan.add(SchoolPlan("a/dossier.toml", "0450001G", "Lycée A", audits=audits))
    assert plan.findings() == []


def test_month_names_are_french():
    assert [month_name(f"2026-{m:02}") for m in (2, 8, 12)] == [
        "février 2026",
        "août 2026",
        "décembre 2026",
    ]


@pytest.mark.parametrize("title_too_long", [True, False])
def test_a_waiver_ending_in_the_period_is_a_step(cli, tmp_path, title_too_long):
    """The profile sets aside the title rule until 30/06/2026: its end is a date to plan for,
    whether or not the rule finds anything at the period's start (cli-and-report: « waivers
    expiring »)."""
    school = tmp_path / "anatole-france"
    school.mkdir()
    dossier = (ACADEMY / "anatole-france" / "dossier.toml").read_text("utf-8")
    long_title = "Lycée des métiers " + "du bâtiment et des travaux publics " * 4
    if title_too_long:
        dossier = dossier.replace("Lycée des métiers du bâtiment", long_title)
        assert long_title in dossier
    (school / "dossier.toml").write_text(dossier, "utf-8")
    profile = Path(__file__).parents[1] / "core" / "fixtures" / "profiles" / "waiver-title.toml"
    result = cli("campaign", tmp_path, *PERIOD, "--profile", profile, "--format", "json")
    steps = [s for m in json.loads(result.stdout)["months"] for s in m["steps"]]
    waiver = next(s for s in steps if s["id"].startswith("waiver-end:"))
    assert (waiver["date"], waiver["label"]) == ("2026-06-30", "ldm")
    assert "Intitulé historique maintenu par décision du recteur" in waiver["what"]
    assert "derogation-intitule" in waiver["source"]


def test_invalid_dossier_is_named_with_its_errors_in_the_report(cli):
    report = json.loads(cli("campaign", ACADEMY, INVALID, *PERIOD, "--format", "json").stdout)
    [bad] = report["invalid"]
    assert bad["path"].endswith("bad/dossier.toml")
    # As `evaluate` gives them: the key and its line for a program, not a sentence to parse.
    [uai] = [error for error in bad["errors"] if error["path"] == "establishment.uai"]
    assert "0450005A" in uai["message"] and uai["line"] >= 1


# -- a dossier's words, shown safe --------------------------------------------------------------

# A school named with an escape sequence (red), a bell and a line break; an auditor whose
# name a spreadsheet would run as a formula.
UNSAFE = """format = 1

[establishment]
uai = "0000024B"
name = "Lycée \\u001b[31mrouge\\u0007\\nligne forgée"
kind = "lp"
sector = "public"

[[applications]]
label = "ldm"
type = "initial"
audit = 2026-03-01

[[audits]]
label = "ldm"
type = "initial"
date = 2026-03-01
auditors = ["=HYPERLINK(\\"http://x\\";\\"clic\\")", "+1", "-2", "@SUM(A1)", "M. Brun"]
"""
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def unsafe_school(folder: Path) -> Path:
    (folder / "lycee").mkdir(parents=True)
    (folder / "lycee" / "dossier.toml").write_text(UNSAFE, "utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["text", "csv", "ics", "html", "json"])
def test_no_control_character_of_a_dossier_reaches_the_output(cli, tmp_path, fmt):
    result = cli("campaign", unsafe_school(tmp_path), *PERIOD, "--format", fmt)
    out = result.stdout_bytes.decode("utf-8").replace("\r\n", "\n")
    assert not CONTROL.search(out), CONTROL.findall(out)
    if fmt == "text":
        assert "Lycée ␛[31mrouge␇␊ligne forgée (0000024B)" in out
        assert "\nligne forgée" not in out  # no line forged


def test_a_schools_echeancier_in_ics_holds_no_control_character(cli, tmp_path):
    result = cli("evaluate", unsafe_school(tmp_path), "--format", "ics", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert not CONTROL.search(result.stdout.replace("\r\n", "\n"))
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(result.stdout).walk("VEVENT")]
    assert summaries and all("Lycée [31mrouge\nligne forgée" in s for s in summaries)


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_text(cli, tmp_path):
    result = cli("campaign", unsafe_school(tmp_path), *PERIOD, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff")), delimiter=";"))
    [audit] = [row for row in rows[1:] if row[7].startswith("Audit")]
    assert audit[9].startswith("'+1, ") and "=HYPERLINK(" in audit[9]  # équipe d'audit
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert audit[4] == "Lycée ␛[31mrouge␇␊ligne forgée"


def test_a_school_keeping_one_dossier_per_label_is_checked_as_one_school():
    """Its LDM dossier names the team, its E3D dossier the referent inspector, ten days apart:
    the checks run across the school's dossiers (one UAI), and it counts once."""
    ldm = PlannedAudit(
        "0454001E", "Lycée D", "ldm", "Lycée des métiers", "renewal", START, ("P. Paul",)
    )
    e3d = PlannedAudit(
        "0454001E", "Lycée D", "e3d", "E3D", "initial", START + dt.timedelta(days=10), ("Q. Roy",)
    )
    plan = Campaign(START, END, START, "auto", join_within=30)
    plan.add(SchoolPlan("d/ldm/dossier.toml", "0454001E", "Lycée D", audits=(ldm,)))
    plan.add(
        SchoolPlan(
            "d/e3d/dossier.toml",
            "0454001E",
            "Lycée D",
            audits=(e3d,),
            referent_inspectors=("P. PAUL",),
        )
    )
    found = [(f.check, f.schools, f.auditor) for f in plan.findings()]
    assert found == [
        ("referent-inspector-auditing", ("0454001E",), "P. Paul"),
        ("audits-to-join", ("0454001E",), None),
    ]
    assert plan.school_count() == 1


def test_an_audit_known_by_its_application_date_alone_says_so():
    """No [[audits]] entry, so no team: its source is the application's date, not an entry."""
    from labelcheck.core.campaign import (
        APPLICATION_AUDIT_SOURCE,
        AUDIT_ENTRY_SOURCE,
        PlannedStep,
        _with_audit_steps,
    )

    milestone = PlannedStep(
        START, "0450001G", "Lycée A", "eduform", "Eduform", "audit", "Audit", ""
    )
    dated = PlannedAudit("0450001G", "Lycée A", "eduform", "Eduform", "initial", START)
    [step] = _with_audit_steps([milestone], [dated])
    assert step.source == APPLICATION_AUDIT_SOURCE and step.auditors == ()
    staffed = PlannedAudit("0450001G", "Lycée A", "eduform", "Eduform", "initial", START, ("X",))
    [step] = _with_audit_steps([milestone], [staffed])
    assert step.source == AUDIT_ENTRY_SOURCE and step.auditors == ("X",)


def test_a_renewal_applied_for_reads_engaged_not_to_engage(cli):
    """A label in its last year whose renewal the school applied for: its stage says the
    renewal is engaged, as evaluate's synthesis does, not « à engager » beside the application."""
    result = cli("campaign", ACADEMY, *PERIOD)
    line = next(
        line
        for line in result.stdout.replace("\u202f", " ").splitlines()
        if line.startswith("    Lycée des métiers : candidature (renouvellement)")
    )
    assert "label détenu, renouvellement engagé" in line
    assert "à engager" not in line
    page = cli("campaign", ACADEMY, *PERIOD, "--format", "html").stdout
    assert "renouvellement engagé" in page


def test_a_higher_level_applied_for_reads_engaged_not_to_engage(cli):
    """On 1 June 2027 the lycée holds E3D level 1 in its last year and applies for level 2,
    which answers the renewal (E3D-VALIDITY-RENEWAL-DUE is silent): its stage said « label
    détenu, renouvellement à engager » beside the application."""
    example = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
    period = ("--from", "2027-06-01", "--to", "2027-12-31")
    result = cli("campaign", example, *period)
    lines = result.stdout.replace("\u202f", " ").splitlines()
    line = next(line for line in lines if line.startswith("    E3D : "))
    assert line.endswith("label détenu, candidature au niveau 2 engagée"), line
    page = cli("campaign", example, *period, "--format", "html").stdout
    assert "label détenu, candidature au niveau 2 engagée" in page
    data = json.loads(cli("campaign", example, *period, "--format", "json").stdout)
    [stage] = [s for school in data["schools"] for s in school["labels"] if s["label"] == "e3d"]
    assert (stage["verdict"], stage["held"]) == ("ready", "renewal-due")


def test_a_fiche_raised_after_the_period_opens_has_its_deadline_in_it(cli):
    """Contract: « every dated step … between the two dates (… fiches d'écart and nonconformity
    deadlines) ». The school's stage is judged as the period opens (1 April), but the fiche its
    audit raised on 20 May, due 30 September, is in the dossier and in the period."""
    example = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
    result = cli(
        "campaign", example, "--from", "2026-04-01", "--to", "2027-03-31", "--format", "json"
    )
    report = json.loads(result.stdout)
    steps = [step for month in report["months"] for step in month["steps"]]
    fiche = [s for s in steps if "FE-2026-01" in s["what"]]
    assert [s["date"] for s in fiche] == ["2026-09-30"]
    # Judged as the period opens: the renewal applied for, not yet audited (20 May).
    [ldm] = [s for s in report["schools"][0]["labels"] if s["label"] == "ldm"]
    assert ldm["application"] == "renewal"


def test_a_fiche_raised_in_the_period_has_the_profile_s_deadline_before_its_own(cli, tmp_path):
    """A non-conformité raised at the November audit, its fiche due 30 November 2027: the
    Centre-Val de Loire profile wants it lifted by 30 September 2027. The campaign, judged as
    the period opens, had the fiche's own date only; `--as-of` at the audit had both (the
    campaign audit). The 30 September is the date that decides the label."""
    school = tmp_path / "academy" / "lp-bois"
    school.mkdir(parents=True)
    example = Path(__file__).parents[2] / "examples" / "lycee-multilabel" / "dossier.toml"
    uai = re.search(r'uai = "(\w+)"', example.read_text(encoding="utf-8"))
    assert uai
    (school / "dossier.toml").write_text(
        f"""format = 1
[establishment]
uai = "{uai[1]}"
name = "Lycée des métiers du bois"
kind = "lp"
sector = "public"
academy = "orleans-tours"

[[held]]
label = "ldm"
awarded = 2022-06-01

[[applications]]
label = "ldm"
type = "renewal"
title = "Lycée des métiers du bois"
denominations = ["menuiserie"]
submitted = 2026-10-01
audit = 2026-11-10

[[nonconformities]]
id = "FE-A"
ref = "ldm:7"
grade = "nonconformity"
audit_type = "renewal"
raised = 2026-11-10
due = 2027-11-30
status = "open"

[[nonconformities]]
id = "FE-B"
ref = "ldm:7"
grade = "nonconformity"
audit_type = "renewal"
raised = 2026-12-01
due = 2027-12-15
status = "open"
""",
        encoding="utf-8",
    )
    dated = {}
    for as_of in ((), ("--as-of", "2026-12-01")):
        period = ("--from", "2026-09-01", "--to", "2027-12-31", *as_of)
        report = json.loads(cli("campaign", school.parent, *period, "--format", "json").stdout)
        dated[as_of] = sorted(  # a list: each step once (a fiche open at a later raise: twice)
            (s["id"], s["date"])
            for month in report["months"]
            for s in month["steps"]
            if "FE-" in s["id"]
        )
    assert dated[()] == [
        ("nonconformity-deadline:FE-A", "2027-09-30"),
        ("nonconformity-deadline:FE-B", "2027-09-30"),
        ("nonconformity-due:FE-A", "2027-11-30"),
        ("nonconformity-due:FE-B", "2027-12-15"),
    ]
    assert dated[()] == dated[("--as-of", "2026-12-01")]


def test_a_step_has_the_date_evaluate_gives_it_at_the_same_as_of_date(cli):
    """cli-and-report: « evaluate --format ics gives one school's timeline the same way ». The
    Jean-Lurçat example judged on 1 June: its écart FE-2026-01, open then (lifted on 12 June),
    and the return of the audit report (sent on 28 May, after 20 May). The campaign counted
    from dates recorded after its as-of date: the report's return a date earlier than
    evaluate's under the same event id, and the écart a « non-conformité » deadline under
    another id, so that both calendars imported moved one event and doubled the other (two
    contract audits)."""
    school = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat"
    for as_of in ("2026-05-20", "2026-06-01"):
        period = ("--from", as_of, "--to", "2026-12-31")
        result = cli("campaign", school, *period, "--format", "json")
        planned = {
            (s["id"], s["date"])
            for month in json.loads(result.stdout)["months"]
            for s in month["steps"]
        }
        result = cli("evaluate", school, "--as-of", as_of, "--format", "json")
        [label] = json.loads(result.stdout)["dossiers"][0]["labels"]
        evaluated = {(s["id"], s["date"]) for s in label["timeline"] if s["date"] >= as_of}
        assert evaluated <= planned, evaluated - planned
        assert not [i for i, _ in planned if i.startswith("nonconformity-deadline:")]


def test_a_person_named_twice_on_one_team_is_booked_once(cli, tmp_path):
    """« A. Martin » as lead and « a. martin » among the auditors are one person, as names are
    compared: they were two, so the auditor had two bookings of their own audit, counted as
    two audits (the French read-through)."""
    school = tmp_path / "lycee"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "lp-jean-lurcat", school)
    dossier = school / "dossier.toml"
    text = dossier.read_text("utf-8")
    team = 'auditors = ["A. Martin", "B. Durand", "C. Petit"]'
    assert team in text, "the example's audit team moved: update this test"
    dossier.write_text(text.replace(team, 'auditors = ["a. martin", "B. Durand", "C. Petit"]'))
    result = cli(
        "campaign", school, "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"
    )
    report = json.loads(result.stdout)
    assert {a["name"]: a["audits"] for a in report["auditors"]}["A. Martin"] == 1
    assert not [f for f in report["findings"] if f["check"] == "auditor-double-booked"]
    [audit] = [s for m in report["months"] for s in m["steps"] if s["auditors"]]
    assert audit["auditors"] == ["A. Martin", "B. Durand", "C. Petit"]


def test_steps_begun_before_the_period_open_it_in_the_order_they_began():
    """Placed at the period's start, they were ordered by UAI: a July window read after an
    August one (the new-user walk)."""
    from labelcheck.core.campaign import Campaign, PlannedStep, SchoolPlan

    start = dt.date(2026, 9, 1)
    campaign = Campaign(start, dt.date(2027, 8, 31), start, "national", 0)
    for uai, began in (("0450001G", dt.date(2026, 8, 18)), ("0450002H", dt.date(2026, 7, 10))):
        window = PlannedStep(
            began, uai, uai, "eduform", "Eduform", "surveillance", "…", "…", "start",
            end=dt.date(2027, 3, 1),
        )  # fmt: skip
        campaign.add(SchoolPlan(uai, uai, uai, steps=(window,)))
    [(_, _, steps)] = campaign.by_month()
    assert [step.date for step in steps] == [dt.date(2026, 7, 10), dt.date(2026, 8, 18)]


def euroscol_awarded_in_june(folder: Path) -> None:
    """A school whose Euroscol is awarded on 15 June 2026, after a campaign from 1 May."""
    school = folder / "monnet"
    school.mkdir()
    (school / "dossier.toml").write_text(
        'format = 1\n[establishment]\nuai = "0750653C"\nname = "Lycée Jean Monnet"\nkind = "lp"\n'
        'sector = "public"\nacademy = "paris"\n\n[[held]]\nlabel = "euroscol"\n'
        "awarded = 2026-06-15\n",
        "utf-8",
    )


def test_a_label_not_held_yet_is_not_shown_ready(cli, tmp_path):
    """A label held only after the period's start, nothing blocking it, read a green « prêt »
    badge beside « label détenu, pas encore attribué » (the diff's review)."""
    euroscol_awarded_in_june(tmp_path)
    result = cli("campaign", tmp_path, "--from", "2026-05-01", "--format", "html")
    assert 'verdict-not-yet-awarded">pas encore attribué</span>' in result.stdout
    assert 'verdict-ready"' not in result.stdout


def test_a_label_not_held_yet_is_not_called_held(cli, tmp_path):
    """A school's stage read « Euroscol : label détenu, pas encore attribué » for an award after
    the campaign's start: held and not awarded at once. Said as the text report says it
    (« Label à venir : attribution le … »)."""
    euroscol_awarded_in_june(tmp_path)
    result = cli("campaign", tmp_path, "--from", "2026-05-01")
    [line] = [line for line in result.stdout.splitlines() if "Euroscol\u202f:" in line]
    assert line.strip() == "Euroscol\u202f: label à venir, attribution le 15/06/2026"


def test_a_label_expired_is_not_called_held(cli, tmp_path):
    """A school's stage read « Euroscol : label détenu, expiré »: held and expired at once,
    where the evaluation's reports say « Label attribué le …, expiré le … »."""
    euroscol_awarded_in_june(tmp_path)
    dossier = tmp_path / "monnet" / "dossier.toml"
    dossier.write_text(dossier.read_text("utf-8").replace("2026-06-15", "2019-06-15"), "utf-8")
    result = cli("campaign", tmp_path, "--from", "2026-05-01")
    [line] = [line for line in result.stdout.splitlines() if "Euroscol\u202f:" in line]
    assert line.strip() == "Euroscol\u202f: label expiré"


def test_one_audit_two_dossiers_of_a_school_record_is_counted_once(cli, tmp_path):
    """A copy of a school's dossier (kept for another label, say) recorded its audit again:
    « A. Martin : 2 audits » and no double booking, where there was one audit (the contract
    audit). The copy itself is a suggestion of its own (test_campaign_shared_uai)."""
    lurcat = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat"
    shutil.copytree(lurcat, tmp_path / "a")
    shutil.copytree(lurcat, tmp_path / "b")
    result = cli("campaign", tmp_path, *PERIOD, "--format", "json")
    document = json.loads(result.stdout)
    assert len(document["audits"]) == 1
    assert {a["name"]: a["audits"] for a in document["auditors"]}["A. Martin"] == 1
    assert [f["check"] for f in document["findings"]] == ["label-in-several-dossiers"]


def test_a_fiche_lifted_within_the_period_keeps_one_event_id_whatever_the_start(cli):
    """« stable event ids made of UAI, label and step, so importing again updates events
    instead of doubling them » (cli-and-report 1.1): Jean Lurçat's fiche FE-2026-01, raised
    after 1 January and lifted before 31 December, was `nonconformity-deadline:…` in January's
    calendar and `nonconformity-due:…` in May's (the contract audit): two events on 30/09."""
    school = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat"
    uids = []
    for start in ("2026-01-01", "2026-05-20"):
        result = cli("campaign", school, "--from", start, "--to", "2026-12-31", "--format", "ics")
        calendar = Calendar.from_ical(result.stdout)
        uids.append(
            {str(e["UID"]) for e in calendar.walk("VEVENT") if "FE-2026-01" in str(e["UID"])}
        )
    assert uids[0] == uids[1] and len(uids[0]) == 1, uids


def test_what_is_already_late_at_the_period_s_start_opens_the_plan(cli, tmp_path):
    """The reading audit: a campaign opened on 15/10 said « aucun problème » of a school whose
    écart was overdue since 30/09 (evaluate said so). What is late at the as-of date opens the
    plan, is counted, and is in JSON under its label's stage; the same with --jobs 2."""
    folder = lurcat_with_its_ecart_open(tmp_path / "lp-jean-lurcat")
    period = ("--from", "2026-10-15", "--to", "2027-06-30")
    said = cli("campaign", folder, *period).stdout.replace("\u202f", " ")
    late = "Écart FE-2026-01 non clos (ldm:7) : Formaliser le GPDS"
    assert ", 1 retard" in said.splitlines()[1]
    head, rest = said.split("Vérifications entre établissements", 1)
    assert "En retard au 15/10/2026, au début de la période" in head
    assert late in head and "— échéance du 30/09/2026 dépassée" in head
    for jobs in ("1", "2"):
        document = json.loads(
            cli("campaign", folder, *period, "--format", "json", "--jobs", jobs).stdout
        )
        [stage] = document["schools"][0]["labels"]
        assert len(stage["late"]) == 1 and stage["late"][0].startswith(late), jobs
    page = cli("campaign", folder, *period, "--format", "html").stdout
    assert "En retard au 15/10/2026" in page and "FE-2026-01" in page
    on_time = cli("campaign", folder, "--from", "2026-09-01", "--to", "2027-06-30").stdout
    assert "En retard" not in on_time  # due 30/09: not late on 01/09
    # Judged on another day than the period's start (--as-of): that day, not « au début ».
    later = cli("campaign", folder, *period, "--as-of", "2026-11-01").stdout
    assert "En retard au 01/11/2026\n" in later.replace("\u202f", " ")


def test_what_is_late_at_the_period_s_start_is_in_the_csv_and_the_calendar(cli, tmp_path):
    """An academy working from the CSV or the calendar missed the overdue écart the text
    counted (« 1 retard »): the CSV wrote its header alone, the calendar no event (the new
    user's check). A row dated the as-of day, and a to-do whose UID stays while it is late."""
    folder = lurcat_with_its_ecart_open(tmp_path / "lp-jean-lurcat")
    period = ("--from", "2026-10-15", "--to", "2027-06-30")
    late = "Écart FE-2026-01 non clos (ldm:7) : Formaliser le GPDS"
    rows = list(
        csv.reader(
            io.StringIO(
                cli("campaign", folder, *period, "--format", "csv").stdout.lstrip("\ufeff")
            ),
            delimiter=";",
        )
    )
    [row] = [r for r in rows if r[8] == "en retard"]
    assert row[0] == "2026-10-15" and row[3] == "0451442Y" and row[5] == "ldm"
    assert row[7].startswith(late) and "échéance du 30/09/2026 dépassée" in row[7]
    uids = []
    for _ in range(2):
        calendar = Calendar.from_ical(cli("campaign", folder, *period, "--format", "ics").stdout)
        summaries = {
            str(t["UID"]): str(t["SUMMARY"]).replace("\u202f", " ") for t in calendar.walk("VTODO")
        }
        [uid] = [uid for uid, summary in summaries.items() if late in summary]
        uids.append(uid)
    assert uids[0] == uids[1] == row[11]
    on_time = cli(
        "campaign", folder, "--from", "2026-09-01", "--to", "2027-06-30", "--format", "csv"
    )
    assert "en retard" not in on_time.stdout


def test_two_late_dossiers_of_one_school_are_told_apart_by_their_paths(cli, tmp_path):
    """A school keeping two dossiers (last year's copy beside this one) had its late écart
    listed twice under the same name and UAI, where the stages name each dossier's path."""
    for copy in ("a", "b"):
        lurcat_with_its_ecart_open(tmp_path / copy / "lp-jean-lurcat")
    period = ("--from", "2026-10-15", "--to", "2027-06-30")
    said = cli("campaign", tmp_path, *period).stdout.replace("\u202f", " ")
    head = said.split("Vérifications entre établissements", 1)[0]
    late = [line for line in head.splitlines() if "FE-2026-01" in line]
    assert len(late) == 2 and late[0] != late[1], late
    for copy, line in zip(("a", "b"), late, strict=True):
        assert f"{copy}/lp-jean-lurcat" in line, line
    page = cli("campaign", tmp_path, *period, "--format", "html").stdout
    part = page[page.index("En retard au") : page.index("</table>", page.index("En retard au"))]
    assert "a/lp-jean-lurcat" in part and "b/lp-jean-lurcat" in part


def test_the_json_steps_of_two_dossiers_of_one_school_name_their_dossiers(cli, tmp_path):
    """The time audit: a program reading the campaign's JSON could not tell two dossiers of a
    school apart in `months[].steps` (the same UAI and name), where the text names each path."""
    for copy in ("a", "b", "lone"):
        shutil.copytree(
            Path(__file__).parents[2] / "examples" / "lp-jean-lurcat",
            tmp_path / copy / "lp-jean-lurcat",
        )
    period = ("--from", "2026-06-01", "--to", "2027-06-30", "--format", "json")

    def dossiers(*paths) -> set:
        document = json.loads(cli("campaign", *paths, *period).stdout)
        return {step["dossier"] for month in document["months"] for step in month["steps"]}

    assert dossiers(tmp_path / "a", tmp_path / "b") == {
        f"{tmp_path / copy / 'lp-jean-lurcat' / 'dossier.toml'}" for copy in ("a", "b")
    }
    assert dossiers(tmp_path / "lone") == {None}


def test_each_auditor_s_audits_are_given_with_their_dates(cli):
    """The reading audit: « Audits par auditeur » gave a count and a line of schools (3,000
    characters for a busy auditor) and no date to plan with."""
    text = cli("campaign", ACADEMY, *PERIOD).stdout.replace("\u202f", " ")
    part = text[text.index("Audits par auditeur") : text.index("Étape de chaque établissement")]
    assert (
        "  Émilie Roux : 2 audits\n"
        "    le 10/03/2026 : Lycée professionnel Anatole-France (0450001G), Lycée des métiers\n"
        "    le 10/03/2026 : Lycée polyvalent Blaise-Pascal (0450002H), Lycée des métiers\n"
    ) in part
    page = html.unescape(cli("campaign", ACADEMY, *PERIOD, "--format", "html").stdout)
    assert (
        "<li>le 07/04/2026\u202f: Lycée professionnel Denis-Papin (0450004K), Lycée des métiers</li>"
        in page
    )


def test_campaign_takes_the_timeout_its_message_names(cli, monkeypatch):
    """« évaluation interrompue après 60 s (--timeout) », said by campaign, whose --timeout was
    « option inconnue » (the robustness audit): it takes evaluate's option."""
    from labelcheck.core import cli as command

    given = []
    evaluate_all = command.evaluate_all

    def recorded(engine, targets, jobs, settings, *rest):
        given.append(settings.timeout)
        return evaluate_all(engine, targets, jobs, settings, *rest)

    monkeypatch.setattr(command, "evaluate_all", recorded)
    result = cli("campaign", ACADEMY, "--timeout", "10", "--from", "2026-01-01")
    assert result.exit_code in (0, 1), result.output
    assert given == [10]


@pytest.mark.parametrize("start", ["2027-05-01", "2027-05-20"])
def test_a_nonconformity_found_without_its_fiche_in_the_period_has_its_deadline_in_it(cli, start):
    """The audit of 20/05 found a non-conformité and the dossier has no fiche for it: its
    30 September was in the campaign from 20/05, not from 1 May, when the audit was still to
    come (a fiche raised that day was announced from either date)."""
    folder = FIXTURES / "finding-without-fiche"
    period = ("--from", start, "--to", "2027-12-31", "--format", "json")
    report = json.loads(cli("campaign", folder, *period).stdout)
    deadlines = [
        (step["date"], step["id"])
        for month in report["months"]
        for step in month["steps"]
        if step["id"].startswith("nonconformity-deadline:")
    ]
    assert deadlines == [("2027-09-30", "nonconformity-deadline:audit:2027-05-20:ldm:7.36")]


def test_two_audits_of_one_label_on_one_day_keep_each_its_own_team(cli, tmp_path):
    """Two audits of E3D on one day, each with its team: each is a step of the échéancier
    (`audit:initial`, `audit:renewal`) and each keeps its team in the campaign; matched by day
    alone, the second audit's team replaced the first's and left its own step without one."""
    (tmp_path / "dossier.toml").write_text(
        'format = 1\n\n[establishment]\nuai = "0451442Y"\n'
        'name = "Lycée professionnel Jean Lurçat"\nkind = "lp"\nsector = "public"\n\n'
        '[[applications]]\nlabel = "e3d"\ntype = "initial"\nlevel = 1\n'
        "submitted = 2026-02-10\n\n"
        '[[audits]]\nlabel = "e3d"\ntype = "initial"\ndate = 2026-04-10\n'
        'auditors = ["A. Martin"]\n\n'
        '[[audits]]\nlabel = "e3d"\ntype = "renewal"\ndate = 2026-04-10\n'
        'auditors = ["B. Durand"]\n',
        "utf-8",
    )
    result = cli(
        "campaign", tmp_path, "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"
    )
    steps = {
        step["id"]: step["auditors"]
        for month in json.loads(result.stdout)["months"]
        for step in month["steps"]
        if step["id"].startswith("audit")
    }
    assert steps == {"audit:initial": ["A. Martin"], "audit:renewal": ["B. Durand"]}


def test_a_step_the_dossier_records_done_says_when_in_every_format(cli):
    """Lurçat's audit plan, due 05/05/2026, returned on 01/05: a campaign from 02/05 listed it as
    a step still to come, with nothing to tell it from the report not yet sent."""
    period = ("examples/lp-jean-lurcat", "--from", "2026-05-02", "--to", "2026-06-30")
    data = json.loads(cli("campaign", *period, "--format", "json").stdout)
    steps = {s["id"]: s for month in data["months"] for s in month["steps"]}
    assert steps["audit-plan"]["done_on"] == "2026-05-01"
    assert steps["audit-report"]["done_on"] is None  # sent 28/05: not known on 02/05
    text = cli("campaign", *period).output
    assert "Retour du plan d'audit validé (LDM 008) — fait le 01/05/2026\n" in text
    assert "adressé au chef d'établissement\n" in text
    rows = list(
        csv.reader(
            io.StringIO(cli("campaign", *period, "--format", "csv").output.removeprefix("\ufeff")),
            delimiter=";",
        )
    )
    header, body = rows[0], rows[1:]
    assert header[-1] == "fait le"  # last: the columns before it keep their places
    step, done_on = header.index("étape"), header.index("fait le")
    done = {row[step]: row[done_on] for row in body}
    assert done["Retour du plan d'audit validé (LDM 008)"] == "2026-05-01"
    assert {len(row) for row in rows} == {len(header)}
    page = cli("campaign", *period, "--format", "html").output
    assert '<span class="badge step step-done">fait le 01/05/2026</span>' in page
    calendar = Calendar.from_ical(cli("campaign", *period, "--format", "ics").output)
    plan = next(
        e for e in calendar.walk("VEVENT") if str(e["uid"]).endswith("-ldm-audit-plan@labelcheck")
    )
    assert "Fait le 01/05/2026" in str(plan["description"])
    again = json.loads(cli("campaign", *period, "--format", "json", "--jobs", "2").stdout)
    assert again["months"] == data["months"]
