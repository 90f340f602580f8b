"""The report a school head reads in two minutes (issue 10): what blocks, then what warns, each
with what to do and by when; information folded to a line; steps and indicators that say where
they stand. Read on the multi-label example, as the command line writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from labelcheck.core.cli import main

EXAMPLE = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
AS_OF = "2026-12-02"


def run(*options: str) -> str:
    result = CliRunner().invoke(main, ["evaluate", str(EXAMPLE), "--as-of", AS_OF, *options])
    assert result.exit_code == 0, result.output
    return result.stdout.replace("\u202f", " ")


@pytest.fixture(scope="module")
def text() -> str:
    return run()


@pytest.fixture(scope="module")
def markdown() -> str:
    return run("--format", "markdown")


def test_each_warning_says_what_to_do(text):
    lines = text.splitlines()
    warnings = [i for i, line in enumerate(lines) if line.strip().startswith("! [")]
    assert len(warnings) == 6
    assert all(lines[i + 1].strip().startswith("→ ") for i in warnings)


def test_no_rule_id_nor_internal_word_in_the_default_report(text, markdown):
    for report in (text, markdown):
        assert "LDM-" not in report and "EDUFORM-" not in report and "DATED-LATER" not in report
        assert "renewal_due_years" not in report and "choix de labelcheck" not in report


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_satisfait_is_only_ever_said_of_an_equivalence(fmt):
    """cli-and-report 1.1: a French report never calls a criterion « satisfait » on the strength
    of the dossier alone, not even in its footnote; « réputé satisfait » is an equivalence's."""
    for options in ((), ("--details",)):
        report = run("--format", fmt, *options).replace("réputé satisfait", "")
        assert "satisfait" not in report


def test_information_is_one_line_per_label_and_in_full_with_details(text):
    folded = [line.strip() for line in text.splitlines() if line.strip().startswith("·")]
    assert folded == [
        "· Pour information : 38 descripteurs sans élément de preuve — facultatif (lecture opérationnelle) ; "
        "1 critère réputé satisfait par un autre label, sur décision (exigence des textes) "
        "— le détail : la même commande avec --details"
    ]
    detailed = run("--details")
    infos = [line for line in detailed.splitlines() if line.strip().startswith("· [information")]
    assert len(infos) == 39 and all("(règle LDM-" in line for line in infos)  # 4.24: its campus
    assert "eduform:1 " in detailed  # criteria not evaluated, one by one


def test_a_late_return_is_explained(text):
    assert (
        "retour du plan d'audit validé attendu au plus tard le 05/05/2026 ; "
        "fait le 08/05/2026, 3 jours après l'échéance"
    ) in text


def test_steps_tell_a_period_from_a_deadline_and_a_missed_step_from_one_without_finding(markdown):
    # An end of validity gone by is no task done late: the label has expired.
    assert (
        "| 28/06/2026 (label expiré) | Lycée des métiers | Fin de validité du label |" in markdown
    )
    # Done, though three days late: done when the dossier says, not « en retard » as if it
    # were still to do.
    assert (
        "| 05/05/2026 (fait le 08/05/2026) | Lycée des métiers | Retour du plan d'audit validé "
        "(LDM 008) |" in markdown
    )
    assert "| du 01/11/2025 au 01/07/2026 (manquée) | Eduform |" in markdown
    assert (
        "| 01/09/2026 (période ouverte) | Eduform | Début de la dernière année de validité"
        in markdown
    )
    assert "| 20/05/2026 (a eu lieu) | Lycée des métiers | Audit sur site |" in markdown


def test_on_its_expiry_day_a_label_is_expired_in_the_timeline_too():
    """On its expiry day a label has expired (« a expiré le 28/06/2026 » and its warning), yet
    the échéancier gave its end of validity « à venir », as a deadline due that day."""
    result = CliRunner().invoke(
        main, ["evaluate", str(EXAMPLE), "--as-of", "2026-06-28", "--format", "markdown"]
    )
    report = result.stdout.replace("\u202f", " ")
    assert "a expiré le 28/06/2026" in report
    assert "| 28/06/2026 (label expiré) | Lycée des métiers | Fin de validité du label |" in report
    # The day before, still to come.
    result = CliRunner().invoke(
        main, ["evaluate", str(EXAMPLE), "--as-of", "2026-06-27", "--format", "markdown"]
    )
    assert "| 28/06/2026 (à venir) | Lycée des métiers | Fin de validité du label |" in (
        result.stdout
    )


def test_an_expiry_due_is_said_before_the_day_in_the_to_do_column(markdown):
    """The « Échéance » column gave « 01/09/2027 » for the Eduform renewal to engage, where the
    label has expired on that day (the text and JUnit reports: « avant le 01/09/2027 »), beside
    « 30/09/2026 » for a fiche d'écart still in time on its day (« au plus tard le »): one column,
    two meanings, one day apart."""
    rows = [
        line
        for line in markdown.splitlines()
        if "l'audit de renouvellement est à programmer" in line
    ]
    assert rows and all(row.endswith("| avant le 01/09/2027 |") for row in rows), rows
    [fiche] = [line for line in markdown.splitlines() if "Écart FE-2026-01 non clos" in line]
    assert fiche.endswith("| 30/09/2026 (en retard) |"), fiche


def test_indicators_have_their_own_heading_with_direction_and_attainment(markdown):
    section = markdown.split("#### Indicateurs de suivi")[1].split("### ")[0]
    assert (
        "| Taux de décrochage en seconde professionnelle | ldm:3, ldm:7 | 2023 : 8,2 ; 2024 : 7,1 ; 2025 : 6,3 "
        "| 5 au plus | non atteinte en 2025 (6,3) |" in section
    )
    assert "| 100 au moins | non atteinte en 2025 (88) |" in section
    assert (
        "| Projets pédagogiques EDD (chef-d'œuvre, co-intervention) | e3d:2 | 2024 : 6 ; 2025 : 11 | — | sans cible |"
        in section
    )


def test_an_indicator_met_under_its_direction(tmp_path):
    dossier = (
        (EXAMPLE / "dossier.toml")
        .read_text(encoding="utf-8")
        .replace(
            "values = { 2023 = 8.2, 2024 = 7.1, 2025 = 6.3 }",
            "values = { 2023 = 8.2, 2024 = 7.1, 2025 = 4.9 }",
        )
    )
    (tmp_path / "dossier.toml").write_text(dossier, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["evaluate", str(tmp_path), "--as-of", AS_OF, "--format", "markdown"]
    )
    assert "| 5 au plus | atteinte en 2025 |" in result.stdout.replace("\u202f", " ")


def test_summary_only_is_for_markdown(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(EXAMPLE), "--summary-only"])
    assert result.exit_code == 2
    assert "--summary-only ne s'emploie qu'avec le format markdown" in result.stderr
    shown = run("--summary-only", "--format", "markdown")
    assert shown.count("\n| ") == 3 and "## Lycée" not in shown  # header, rule, one dossier


def test_the_same_report_whatever_the_order_of_options(text):
    assert run("--details", "--format", "text") != text and run("--format", "text") == text


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_dossier_whose_labels_the_run_leaves_aside_says_so(fmt, tmp_path):
    """`--label e3d` on a school holding LDM and Euroscol: its report says which labels were
    left aside, never « aucun label détenu ni demandé »; a school with none says that."""
    school = tmp_path / "ecole"
    school.mkdir()
    text = (EXAMPLE.parent / "lp-jean-lurcat" / "dossier.toml").read_text(encoding="utf-8")
    held = '[[held]]\nlabel = "euroscol"\nawarded = 2024-06-15\n\n[[applications]]'
    (school / "dossier.toml").write_text(text.replace("[[applications]]", held, 1), "utf-8")
    shown = CliRunner().invoke(
        main, ["evaluate", str(school), "--label", "e3d", "--as-of", AS_OF, "--format", fmt]
    )
    assert shown.exit_code == 0, shown.output
    said = "ce dossier détient ou demande les labels euroscol et ldm, que cette évaluation laisse"
    assert said in shown.stdout
    assert "Aucun label détenu ni demandé" not in shown.stdout

    establishment_only = text.split("[[")[0]
    (school / "dossier.toml").write_text(establishment_only, "utf-8")
    shown = CliRunner().invoke(main, ["evaluate", str(school), "--as-of", AS_OF, "--format", fmt])
    assert "Aucun label détenu ni demandé dans ce dossier." in shown.stdout, shown.output


NOT_YET_AWARDED = """format = 1

[establishment]
uai = "0750653C"
name = "Lycée Jean Monnet"
kind = "lp"
sector = "public"
academy = "paris"

[[held]]
label = "euroscol"
awarded = 2026-06-15
"""


@pytest.mark.parametrize("form", ["text", "markdown", "html", "junit"])
def test_a_label_awarded_after_the_as_of_date_reads_not_yet_awarded(tmp_path, form):
    """A label held with no application, awarded after the as-of date, is neither « non prêt »
    with nothing to do nor « prêt » with nothing applied for: a report a school head reads
    says it is not awarded yet."""
    (tmp_path / "dossier.toml").write_text(NOT_YET_AWARDED, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["evaluate", str(tmp_path), "--as-of", "2026-05-20", "--format", form]
    )
    assert result.exit_code == 0, result.output
    summary = "0 prêt, 0 non prêt, 1 pas encore attribué"  # the run's counts, said apart
    assert summary in result.stdout or form == "junit"
    shown = result.stdout.replace(summary, "").lower()
    assert "pas encore attribué" in shown and "prêt" not in shown


def test_a_label_awarded_after_the_as_of_date_is_not_yet_awarded_in_json(tmp_path):
    """JSON says what the human reports say: `not-yet-awarded`, not `ready` (nothing was applied
    for), and its summary counts it once (it counted it in `ready` and `not_yet_awarded`)."""
    (tmp_path / "dossier.toml").write_text(NOT_YET_AWARDED, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["evaluate", str(tmp_path), "--as-of", "2026-05-20", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = __import__("json").loads(result.stdout)
    [label] = report["dossiers"][0]["labels"]
    assert (label["verdict"], label["held"]["status"]) == ("not-yet-awarded", "not-yet-awarded")
    assert not [f for f in label["findings"] if f["severity"] == "blocking"]
    summary = report["summary"]
    assert (summary["ready"], summary["not_ready"], summary["not_yet_awarded"]) == (0, 0, 1)


def test_a_label_awarded_after_the_as_of_date_keeps_the_expiry_its_dossier_gives(tmp_path):
    """Awarded on 15 June 2026 and expiring, as its [[held]] says, on 30 June 2029, the label
    read « expires 2029-06-15 » (its award and Euroscol's three years) the day before,
    and its échéancier showed an end of validity gone the next day (a property test's
    counterexample, tests/properties/test_time_properties.py)."""
    written = NOT_YET_AWARDED.replace(
        "awarded = 2026-06-15", "awarded = 2026-06-15\nexpires = 2029-06-30"
    )
    (tmp_path / "dossier.toml").write_text(written, encoding="utf-8")
    held = []
    for as_of in ("2026-06-14", "2026-06-15"):
        result = CliRunner().invoke(
            main, ["evaluate", str(tmp_path), "--as-of", as_of, "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        [label] = __import__("json").loads(result.stdout)["dossiers"][0]["labels"]
        held.append(label["held"]["expires"])
    assert held == ["2029-06-30", "2029-06-30"]


FICHE = (
    Path(__file__).parents[1] / "plugins/fixtures/ldm/nonconformities/raised-after-the-audit.toml"
)


@pytest.mark.parametrize(
    ("as_of", "said"),
    [
        ("2026-06-10", "Formaliser — au plus tard le 15/07/2026"),
        # The due day itself is still in time (LDM 010: « au plus tard le 30/09 »).
        ("2026-07-15", "Formaliser — au plus tard le 15/07/2026"),
        ("2026-07-16", "Formaliser — échéance du 15/07/2026 dépassée"),
    ],
)
def test_a_fiche_s_due_day_is_the_last_day_in_time(as_of, said):
    result = CliRunner().invoke(main, ["evaluate", str(FICHE), "--as-of", as_of])
    assert result.exit_code == 1, result.output
    assert said in result.stdout.replace("\u202f", " ")
    assert "avant le 15/07/2026" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_each_label_counts_its_criteria_and_names_its_renewal_in_its_own_words(fmt):
    """E3D has axes, Euroscol domains and a relabellisation: « 3/3 critères documentés » beside
    findings on « axe e3d:1 », « renouvellement dès le » beside « Relabellisation à préparer »
    (the French review). LDM and Eduform keep « critères » and « renouvellement »."""
    result = CliRunner().invoke(
        main, ["evaluate", str(EXAMPLE), "--as-of", "2026-12-02", "--format", fmt]
    )
    text = result.stdout.replace("\u202f", " ")
    assert "4 domaines non évalués" in text and "7 critères non évalués" in text
    if fmt != "text":  # the synthesis table, which the text report has not
        assert "3/3 axes documentés" in text
        assert "relabellisation dès le 15/06/2026" in text
        assert "renouvellement dès le 01/09/2026" in text  # Eduform's
        # The Lycée des métiers' has expired: no longer held, it has no renewal period.
        assert "renouvellement dès le 28/06/2025" not in text
