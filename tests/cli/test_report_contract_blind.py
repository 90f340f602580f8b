"""The CLI and report contract (spec/cli-and-report.md 1.1) read as an outside tester would.

Each case is written from the contract's sentences alone, not from the code: the JSON
report's invariants that no schema can state (a verdict agrees with its findings, a held
label's criteria are not evaluated, `national` blocks on the texts only, the summary counts
what the report holds), a held label's verdict at the edges of its last year, the dates
`--as-of` refuses, `--fail-on`'s thresholds, compare's identity of a finding, and the stable
ids of the CI and calendar formats.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"
LURCAT = EXAMPLES / "lp-jean-lurcat"
MULTILABEL = EXAMPLES / "lycee-multilabel"

VERDICTS_OF_APPLICATIONS = {"ready", "not-ready"}
VERDICTS_OF_HELD = {"valid", "renewal-due", "expired"}
STATUSES = {
    "met",
    "not-met",
    "met-by-equivalence",
    "not-applicable",
    "not-evaluated",
    "unsupported",
}

HELD_EUROSCOL = """format = 1
[establishment]
uai = "0750653C"
name = "Lycée Test"
kind = "lp"
sector = "public"
academy = "paris"
[[held]]
label = "euroscol"
awarded = 2024-06-15
expires = 2027-06-15
"""


def bears_on(finding: dict, ref: str) -> bool:
    """Whether a finding is about this criterion or one of its items."""
    return finding["ref"] == ref or finding["ref"].startswith(ref + ".")


def label_breaches(label: dict, profile: str | None, where: str) -> list[str]:
    """What a label's object says against the contract's « JSON report » and 1.1 sections."""
    breaches = []
    held_only = label["application"] is None
    allowed = VERDICTS_OF_HELD if held_only else VERDICTS_OF_APPLICATIONS
    if label["verdict"] not in allowed and not (held_only and label["verdict"] == "ready"):
        # `ready` for a held label with no application: one awarded after the as-of date
        # (not held yet), which the contract's list leaves out (the audit's report says so).
        breaches.append(f"{where}: verdict {label['verdict']}")
    blocking = [f for f in label["findings"] if f["severity"] == "blocking"]
    if not held_only and (label["verdict"] == "ready") == bool(blocking):
        breaches.append(f"{where}: verdict {label['verdict']} with {len(blocking)} blocking")
    for criterion in label["criteria"]:
        status, ref = criterion["status"], criterion["ref"]
        if status not in STATUSES or (status == "met-by-equivalence") != ("via" in criterion):
            breaches.append(f"{where}: {ref} {status} via {criterion.get('via')}")
        if held_only and status != "not-evaluated":
            breaches.append(f"{where}: {ref} {status} for a label held with no application")
        if status in {"met", "unsupported"} and any(bears_on(f, ref) for f in blocking):
            breaches.append(f"{where}: {ref} {status} under a blocking finding")
    for finding in label["findings"]:
        if finding["nature"] not in {"text", "academy", "operational"}:
            breaches.append(f"{where}: {finding['rule']} nature {finding['nature']}")
        if profile == "national" and finding["nature"] == "academy":
            breaches.append(f"{where}: {finding['rule']}, an academy's rule, under national")
        if profile == "national" and finding in blocking and finding["nature"] != "text":
            breaches.append(f"{where}: {finding['rule']} blocks under national")
        if not {"document", "section"} <= set(finding["source"]):
            breaches.append(f"{where}: {finding['rule']} source {finding['source']}")
    return breaches


def report_breaches(report: dict, profile_option: str | None = None) -> list[str]:
    """Everything the report says against the contract, as one list (empty: it keeps it)."""
    breaches = []
    if report["profile"] != (profile_option or "auto"):
        breaches.append(f"top-level profile {report['profile']}")
    for i, dossier in enumerate(report["dossiers"]):
        reason = dossier["profile_reason"]
        if (reason == "option") != (profile_option is not None):
            breaches.append(f"dossiers[{i}]: profile_reason {reason}")
        if dossier["errors"] and dossier["labels"]:
            breaches.append(f"dossiers[{i}]: errors and labels both given")
        for shared in dossier["shared_evidence"]:
            if len({ref.split(":")[0] for ref in shared["refs"]}) < 2:
                breaches.append(f"dossiers[{i}]: {shared['id']} shared by one label only")
        for j, label in enumerate(dossier["labels"]):
            where = f"dossiers[{i}].labels[{j}]"
            breaches += label_breaches(label, dossier["profile"], where)
    labels = [label for d in report["dossiers"] for label in d["labels"]]
    verdicts = Counter(label["verdict"] for label in labels)
    expected = {
        "dossiers": len(report["dossiers"]),
        "invalid": sum(bool(d["errors"]) for d in report["dossiers"]),
        "labels": len(labels),
        "ready": verdicts["ready"],
        "not_ready": verdicts["not-ready"],
    }
    for key, count in expected.items():
        if report["summary"][key] != count:
            breaches.append(f"summary.{key} = {report['summary'][key]}, the report holds {count}")
    return breaches


@pytest.mark.parametrize(
    "args",
    [
        ("--as-of", "2026-05-20"),
        ("--as-of", "2026-02-01"),  # the day before the recorded equivalence decision
        ("--as-of", "2026-02-02"),  # its day: « dated no later than the as-of date »
        ("--as-of", "2027-06-15"),  # Euroscol's expiry: the equivalence lapses
        ("--as-of", "2040-01-01"),  # every label expired
        ("--as-of", "2026-05-20", "--profile", "national"),
        ("--as-of", "2026-05-20", "--profile", "centre-val-de-loire-2026"),
        ("--as-of", "2026-05-20", "--label", "ldm"),
    ],
    ids=lambda args: " ".join(args),
)
def test_the_examples_report_keeps_the_contract(cli, args):
    result = cli("evaluate", EXAMPLES, "--format", "json", "--fail-on", "never", *args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    profile = args[args.index("--profile") + 1] if "--profile" in args else None
    assert report_breaches(report, profile) == []
    as_of = {label["as_of"] for d in report["dossiers"] for label in d["labels"]}
    assert as_of == {args[1]}  # « --as-of sets one date for every label of the run »


def test_the_jsonl_report_is_the_json_report_line_by_line(cli):
    whole = json.loads(
        cli("evaluate", EXAMPLES, "--as-of", "2026-05-20", "--format", "json").stdout
    )
    lines = cli("evaluate", EXAMPLES, "--as-of", "2026-05-20", "--format", "jsonl").stdout
    *dossiers, summary = [json.loads(line) for line in lines.splitlines()]
    assert [d["path"] for d in dossiers] == [d["path"] for d in whole["dossiers"]]
    assert [d["labels"] for d in dossiers] == [d["labels"] for d in whole["dossiers"]]
    assert summary["summary"] == whole["summary"]


@pytest.mark.parametrize(
    ("as_of", "verdict"),
    [
        ("2024-06-15", "valid"),  # the day of the award
        ("2026-06-14", "valid"),
        ("2026-06-15", "renewal-due"),  # the first day of its last year
        ("2027-06-14", "renewal-due"),
        ("2027-06-15", "expired"),
    ],
)
def test_a_held_label_verdict_at_the_edges_of_its_last_year(cli, tmp_path, as_of, verdict):
    (tmp_path / "dossier.toml").write_text(HELD_EUROSCOL, "utf-8")
    result = cli("evaluate", tmp_path, "--as-of", as_of, "--format", "json")
    report = json.loads(result.stdout)
    (label,) = report["dossiers"][0]["labels"]
    assert (label["application"], label["verdict"]) == (None, verdict)
    assert report_breaches(report) == []


@pytest.mark.parametrize(
    "as_of",
    [
        "2026-13-01",
        "2026-02-30",
        "2025-02-29",
        "20260520",
        "2026-5-2",
        "2026/05/20",
        "2026-05-20T00:00",
        " 2026-05-20",
        "0001-01-01",
        "9999-12-31",
        "",
    ],
)
def test_an_as_of_that_is_no_date_is_bad_usage(cli, as_of):
    result = cli("evaluate", LURCAT, "--as-of", as_of, "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("path", "fail_on", "status"),
    [
        (LURCAT, "blocking", 0),  # one warning, no blocking finding
        (LURCAT, "warning", 1),
        (LURCAT, "never", 0),
        ("not-ready", "blocking", 1),
        ("not-ready", "never", 0),
        ("invalid", "never", 2),  # an input that could not be validated wins over never
    ],
)
def test_fail_on_thresholds(cli, tmp_path, path, fail_on, status):
    if path == "not-ready":
        path = tmp_path / "d"
        shutil.copytree(LURCAT, path)
        dossier = path / "dossier.toml"
        dossier.write_text(dossier.read_text("utf-8").replace('"pv-ca"', '"preuve"', 1), "utf-8")
    elif path == "invalid":
        path = tmp_path / "dossier.toml"
        path.write_text(HELD_EUROSCOL.replace("0750653C", "0750653D"), "utf-8")
    result = cli("evaluate", path, "--as-of", "2026-05-20", "--fail-on", fail_on)
    assert result.exit_code == status, result.output


def edited(report: dict, edit) -> dict:
    """A copy of a report with `edit` applied to its first dossier's first label's findings."""
    copy = json.loads(json.dumps(report))
    for finding in copy["dossiers"][0]["labels"][0]["findings"]:
        edit(finding)
    return copy


@pytest.mark.parametrize(
    ("edit", "unchanged"),
    [
        (lambda f: None, True),  # a report compared with itself
        (lambda f: f.update(message=f["message"] + " (reworded)"), True),  # never by message
        (lambda f: f.update(subject=f["subject"] + "-other"), False),
        (lambda f: f.update(ref=f["ref"] + ".99"), False),
    ],
    ids=["itself", "message", "subject", "ref"],
)
def test_compare_identifies_a_finding_by_rule_subject_and_ref(cli, tmp_path, edit, unchanged):
    old = json.loads(cli("evaluate", LURCAT, "--as-of", "2026-05-20", "--format", "json").stdout)
    (tmp_path / "old.json").write_text(json.dumps(old), "utf-8")
    (tmp_path / "new.json").write_text(json.dumps(edited(old, edit)), "utf-8")
    result = cli("compare", tmp_path / "old.json", tmp_path / "new.json", "--format", "json")
    comparison = json.loads(result.stdout)
    assert comparison["format"] == "labelcheck-compare/1"
    findings = comparison["dossiers"][0]["labels"][0]["findings"]
    count = len(old["dossiers"][0]["labels"][0]["findings"])
    assert (len(findings["unchanged"]) == count) is unchanged
    assert (not findings["new"] and not findings["resolved"]) is unchanged
    assert result.exit_code == 0  # nothing blocking is new, no verdict went down


def test_findings_keep_their_fingerprint_when_the_dossier_lines_move(cli, tmp_path):
    shutil.copytree(LURCAT, tmp_path / "d")
    dossier = tmp_path / "d" / "dossier.toml"

    def entries() -> dict[str, int]:
        result = cli("evaluate", dossier, "--as-of", "2026-05-20", "--format", "codequality")
        issues = json.loads(result.stdout)
        assert len({i["fingerprint"] for i in issues}) == len(issues)
        return {i["fingerprint"]: i["location"]["lines"]["begin"] for i in issues}

    before = entries()
    dossier.write_text("# une ligne de plus\n" + dossier.read_text("utf-8"), "utf-8")
    after = entries()
    assert after.keys() == before.keys()
    assert all(after[key] == line + 1 for key, line in before.items())


def uids(calendar: str) -> list[str]:
    return [line.rstrip("\r") for line in calendar.split("\n") if line.startswith("UID:")]


def test_calendar_events_have_one_uid_each_made_of_uai_label_and_step(cli):
    evaluated = uids(cli("evaluate", EXAMPLES, "--as-of", "2026-05-20", "--format", "ics").stdout)
    planned = cli(
        "campaign", EXAMPLES, "--from", "2020-01-01", "--to", "2030-12-31", "--format", "ics"
    )
    planned_uids = uids(planned.stdout)
    for found in (evaluated, planned_uids):
        assert found and len(set(found)) == len(found)
        assert all(uid[4:].startswith(("0451442Y-", "0180008L-")) for uid in found)
    assert set(evaluated) <= set(planned_uids)  # the same step, the same event


@pytest.mark.parametrize(
    ("period", "status"),
    [
        (("--from", "2026-12-31", "--to", "2026-01-01"), 2),  # a period that ends before it starts
        (("--from", "2040-01-01", "--to", "2040-02-01"), 0),  # an empty period: no step, no problem
        (("--from", "2026-05-20", "--to", "2026-05-20"), 1),  # one day: the auditors booked twice
    ],
)
def test_campaign_periods(cli, period, status):
    result = cli("campaign", EXAMPLES, *period, "--format", "json")
    assert result.exit_code == status, result.output
    if status != 2:
        campaign = json.loads(result.stdout)
        days = [s["date"] for month in campaign["months"] for s in month["steps"]]
        assert days == sorted(days)
