"""A label held with no application, awarded after the as-of date, read the same in every format.

The multi-label example with its Euroscol awarded on 25 May 2026, judged on 20 May: JSON said
`"verdict": "ready"` and counted it in `ready` and again in `not_yet_awarded` (five verdicts
for four labels), where the text and Markdown reports said « pas encore attribué » once.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from labelcheck.core.cli import main

EXAMPLE = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
AS_OF = "2026-05-20"
SAID = "pas encore attribué"
VERDICTS = ("ready", "not_ready", "valid", "renewal_due", "expired", "not_yet_awarded")


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("eq3") / "lycee"
    shutil.copytree(EXAMPLE, folder)
    dossier = folder / "dossier.toml"
    text = dossier.read_text("utf-8")
    assert text.count("awarded = 2024-06-15") == 1  # Euroscol's
    dossier.write_text(text.replace("awarded = 2024-06-15", "awarded = 2026-05-25"), "utf-8")
    return folder


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def evaluated(school: Path, *options: str) -> Result:
    return run("evaluate", school, "--as-of", AS_OF, *options)


def euroscol(report: dict) -> dict:
    return next(label for label in report["dossiers"][0]["labels"] if label["label"] == "euroscol")


def test_json_says_not_yet_awarded_and_counts_each_label_once(school):
    result = evaluated(school, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    label = euroscol(report)
    assert (label["application"], label["verdict"]) == (None, "not-yet-awarded")
    assert label["held"]["status"] == "not-yet-awarded"
    summary = report["summary"]
    assert (summary["labels"], summary["ready"], summary["not_yet_awarded"]) == (4, 2, 1)
    assert sum(summary[verdict] for verdict in VERDICTS) == summary["labels"]


@pytest.mark.parametrize("form", ["text", "markdown", "html", "junit"])
def test_human_reports_say_what_json_says(school, form):
    shown = evaluated(school, "--format", form).stdout.replace("\u202f", " ")
    assert SAID in shown
    if form != "junit":
        assert "4 labels : 2 prêts, 0 non prêt, 1 valide, 1 pas encore attribué" in shown


def test_campaign_says_it_as_evaluate_does(school):
    result = run("campaign", school, "--from", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    [plan] = json.loads(result.stdout)["schools"]
    stage = next(stage for stage in plan["labels"] if stage["label"] == "euroscol")
    assert (stage["verdict"], stage["ready"]) == ("not-yet-awarded", None)


def test_compare_and_baseline_see_nothing_changed(school, tmp_path):
    report = tmp_path / "report.json"
    report.write_text(evaluated(school, "--format", "json").stdout, "utf-8")
    compared = run("compare", report, school, "--as-of", AS_OF, "--format", "json")
    assert compared.exit_code == 0, compared.output
    [label] = [
        label
        for label in json.loads(compared.stdout)["dossiers"][0]["labels"]
        if label["label"] == "euroscol"
    ]
    assert label["verdict"] == {"old": "not-yet-awarded", "new": "not-yet-awarded"}
    baseline = evaluated(school, "--baseline", report, "--fail-on", "warning")
    assert baseline.exit_code == 0, baseline.output  # nothing new
    assert evaluated(school, "--fail-on", "blocking").exit_code == 0  # nothing blocks
