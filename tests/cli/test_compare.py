"""`labelcheck compare OLD NEW` and `evaluate --baseline` (cli-and-report 1.1, « Comparing
evaluations »): pairs of evaluations where exactly one thing changed give exactly that change,
with its cause.

Issue 12, "done means": a piece added (cause `dossier`), the as-of date moved past a deadline
(`time`), a profile parameter changed (`rules`); identical inputs give « nothing changed » and
exit 0; the baseline marks only new findings.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"
LURCAT = EXAMPLES / "lp-jean-lurcat"
MULTILABEL = EXAMPLES / "lycee-multilabel"
AS_OF = "2026-05-20"


def without_pv_ca(folder: Path) -> Path:
    """A copy of Jean Lurçat's dossier whose board minutes (pv-ca) are not given."""
    shutil.copytree(LURCAT, folder)
    dossier = folder / "dossier.toml"
    text = dossier.read_text("utf-8")
    block = re.compile(r'\[\[documents\]\]\nid = "pv-ca-2026"\n(?:[^\[\n][^\n]*\n|\n)*')
    assert block.search(text), "the example's pv-ca block moved: update this test"
    dossier.write_text(block.sub("", text, count=1), "utf-8")
    return folder


def report_of(cli, tmp_path: Path, name: str, *args) -> Path:
    out = tmp_path / f"{name}.json"
    result = cli("evaluate", *args, "--format", "json", "-o", out, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    return out


def compared(cli, old, new, *options) -> tuple[int, dict]:
    result = cli("compare", old, new, "--format", "json", *options)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def changes(document: dict) -> dict[str, set]:
    """Every change of a comparison: findings new and resolved (label, rule, subject, cause),
    criteria changed and verdicts changed."""
    out: dict[str, set] = {"new": set(), "resolved": set(), "criteria": set(), "verdicts": set()}
    for dossier in document["dossiers"]:
        for label in dossier["labels"]:
            for what in ("new", "resolved"):
                out[what] |= {
                    (label["label"], f["rule"], f["subject"], f["cause"])
                    for f in label["findings"][what]
                }
            out["criteria"] |= {(label["label"], c["ref"], c["cause"]) for c in label["criteria"]}
            if label["verdict"]["old"] != label["verdict"]["new"]:
                out["verdicts"].add(
                    (label["label"], label["verdict"]["old"], label["verdict"]["new"])
                )
    return out


# -- exactly one thing changed -----------------------------------------------------------------


def test_a_piece_added_is_that_change_caused_by_the_dossier(cli, tmp_path):
    old = without_pv_ca(tmp_path / "old" / "lp-jean-lurcat")
    status, document = compared(cli, old, LURCAT, "--as-of", AS_OF)
    found = changes(document)
    assert found["new"] == set()
    assert {(label, subject, cause) for label, _, subject, cause in found["resolved"]} == {
        ("ldm", "pv-ca", "dossier")
    }
    assert found["verdicts"] == {("ldm", "not-ready", "ready")}
    assert status == 0  # better, never worse
    [dossier] = document["dossiers"]
    assert dossier["changed"] == {"dossier": True, "rules": False}


def test_the_piece_removed_is_the_same_change_the_other_way_and_exits_1(cli, tmp_path):
    old = without_pv_ca(tmp_path / "old" / "lp-jean-lurcat")
    status, document = compared(cli, LURCAT, old, "--as-of", AS_OF)
    found = changes(document)
    assert {(label, subject) for label, _, subject, _ in found["new"]} == {("ldm", "pv-ca")}
    assert found["resolved"] == set()
    assert status == 1  # a new blocking finding, a verdict down


def test_the_as_of_date_moved_past_a_deadline_is_caused_by_time(cli, tmp_path):
    before = report_of(cli, tmp_path, "before", LURCAT, "--as-of", AS_OF)
    after = report_of(cli, tmp_path, "after", LURCAT, "--as-of", "2026-10-01")
    _, document = compared(cli, before, after)
    found = changes(document)
    moved = found["new"] | found["resolved"]
    assert moved, "moving past the fiche d'écart's due date and the label's expiry changes findings"
    assert {cause for *_, cause in moved} == {"time"}
    assert {c for *_, c in found["criteria"]} <= {"time"}
    [dossier] = document["dossiers"]
    assert dossier["changed"] == {"dossier": False, "rules": False}


def test_a_profile_parameter_changed_is_caused_by_the_rules(cli, tmp_path):
    # 10 days before the audit instead of 15: the plan returned 12 days before is now on time.
    profile = tmp_path / "ten-days.toml"
    profile.write_text(
        'name = "dix-jours"\nextends = "centre-val-de-loire-2026"\n\n'
        "[labels.ldm]\nplan_returned_days_before = 10\n",
        "utf-8",
    )
    before = report_of(cli, tmp_path, "before", MULTILABEL, "--as-of", AS_OF)
    after = report_of(cli, tmp_path, "after", MULTILABEL, "--as-of", AS_OF, "--profile", profile)
    status, document = compared(cli, before, after)
    found = changes(document)
    assert found["new"] == set()
    assert [(label, cause) for label, _, _, cause in found["resolved"]] == [("ldm", "rules")]
    [(_, rule, subject, _)] = found["resolved"]
    assert (rule, subject) == ("LDM-AUDIT-CALENDAR", "plan_returned")
    assert status == 0
    [dossier] = document["dossiers"]
    assert dossier["changed"] == {"dossier": False, "rules": True}


# -- nothing changed ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_identical_inputs_change_nothing_and_exit_0(cli, tmp_path, fmt):
    report = report_of(cli, tmp_path, "same", EXAMPLES, "--as-of", AS_OF)
    result = cli("compare", report, report, "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        document = json.loads(result.stdout)
        assert document["format"] == "labelcheck-compare/1"
        assert all(not v for v in changes(document).values())
        assert {d["state"] for d in document["dossiers"]} == {"unchanged"}
    else:
        assert "Rien n'a changé" in html.unescape(result.stdout)


def test_a_report_and_the_dossiers_it_was_made_from_compare_equal(cli, tmp_path):
    report = report_of(cli, tmp_path, "report", EXAMPLES, "--as-of", AS_OF)
    status, document = compared(cli, report, EXAMPLES, "--as-of", AS_OF)
    assert status == 0
    assert all(not v for v in changes(document).values())


def test_a_json_lines_report_reads_like_a_json_one(cli, tmp_path):
    lines = tmp_path / "run.jsonl"
    cli("evaluate", EXAMPLES, "--format", "jsonl", "-o", lines, "--as-of", AS_OF)
    report = report_of(cli, tmp_path, "run", EXAMPLES, "--as-of", AS_OF)
    status, document = compared(cli, lines, report)
    assert status == 0
    assert document["old"]["tool"] == document["new"]["tool"]
    assert all(not v for v in changes(document).values())


# -- bad input ---------------------------------------------------------------------------------


def test_a_report_that_is_not_one_is_an_input_error(cli, tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"format": "labelcheck-report/1", "dossiers": [3]}', "utf-8")
    result = cli("compare", bogus, bogus)
    assert result.exit_code == 2
    assert "dossiers[0]" in result.stderr


def test_a_missing_path_is_a_usage_error(cli, tmp_path):
    result = cli("compare", tmp_path / "nowhere.json", EXAMPLES)
    assert result.exit_code == 2
    assert "introuvable" in result.stderr


# -- evaluate --baseline -----------------------------------------------------------------------


def test_the_baseline_marks_only_new_findings_and_fail_on_counts_them(cli, tmp_path):
    fixed = report_of(cli, tmp_path, "fixed", LURCAT, "--as-of", AS_OF)
    broken = without_pv_ca(tmp_path / "broken" / "lp-jean-lurcat")
    result = cli("evaluate", broken, "--format", "json", "--as-of", AS_OF, "--baseline", fixed)
    assert result.exit_code == 1  # the missing board minutes are new, and blocking
    findings = [f for f in json.loads(result.stdout)["dossiers"][0]["labels"][0]["findings"]]
    assert {f["subject"] for f in findings if f["new"]} == {"pv-ca"}
    assert all("new" in f for f in findings)

    known = report_of(cli, tmp_path, "known", broken, "--as-of", AS_OF)
    again = cli("evaluate", broken, "--format", "json", "--as-of", AS_OF, "--baseline", known)
    assert again.exit_code == 0  # blocking, but already known: CI fails on what a change broke
    assert not any(
        f["new"] for f in json.loads(again.stdout)["dossiers"][0]["labels"][0]["findings"]
    )


def test_without_a_baseline_findings_carry_no_new_mark(cli):
    result = cli("evaluate", LURCAT, "--format", "json", "--as-of", AS_OF)
    findings = json.loads(result.stdout)["dossiers"][0]["labels"][0]["findings"]
    assert findings and not any("new" in f for f in findings)


def test_reports_carry_what_was_judged(cli, tmp_path):
    first = json.loads(report_of(cli, tmp_path, "a", EXAMPLES, "--as-of", AS_OF).read_text())
    second = json.loads(report_of(cli, tmp_path, "b", EXAMPLES, "--as-of", AS_OF).read_text())
    assert first["tool"]["name"] == "labelcheck"
    assert {p["name"] for p in first["tool"]["plugins"]} >= {"ldm", "euroscol", "e3d", "eduform"}
    assert first["profile_digest"].startswith("sha256:")
    assert all(d["digest"].startswith("sha256:") for d in first["dossiers"])
    assert first == second  # deterministic


def test_junit_under_a_baseline_fails_only_on_new_blocking_findings(cli, tmp_path):
    broken = without_pv_ca(tmp_path / "broken" / "lp-jean-lurcat")
    known = report_of(cli, tmp_path, "known", broken, "--as-of", AS_OF)
    plain = cli("evaluate", broken, "--format", "junit", "--as-of", AS_OF)
    against = cli("evaluate", broken, "--format", "junit", "--as-of", AS_OF, "--baseline", known)
    assert "<failure" in plain.stdout
    assert "<failure" not in against.stdout
    assert "[déjà connu] LDM-DOC" in against.stdout
    assert against.exit_code == 0 and plain.exit_code == 1
