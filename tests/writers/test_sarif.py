"""The SARIF 2.1.0 report: valid against the OASIS schema, one result per finding with the
partial fingerprint GitHub code scanning tracks alerts by, located at the line of the dossier
entry it is about, and the driver's rules those results come from."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from ci_formats import (
    INVALID,
    INVALID_TEXT,
    MULTILABEL,
    evaluate,
    header_line,
    reordered,
    repository,
    schema,
)
from labelcheck.core.report import Summary
from labelcheck.core.writers.sarif import SarifWriter

SARIF_SCHEMA = schema("sarif-schema-2.1.0.json")
FINGERPRINT = "labelcheck/v1"


def validate(log: dict) -> None:
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return repository(tmp_path_factory.mktemp("academy"))


@pytest.fixture(scope="module")
def log(root) -> dict:
    status, out = evaluate(root, "--format", "sarif")
    assert status == 2  # the invalid dossier
    return json.loads(out)


def results_of(log: dict, path: str | None = None) -> list[dict]:
    (run,) = log["runs"]
    return [
        r
        for r in run["results"]
        if path is None or r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == path
    ]


def test_the_log_validates_against_the_sarif_schema(log):
    validate(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "labelcheck" and run["tool"]["driver"]["version"]


def test_every_finding_is_a_result_at_its_level_with_its_rule_described(root, log):
    _status, out = evaluate(root, "--format", "json", "--fail-on", "never")
    findings = [
        f for d in json.loads(out)["dossiers"] for label in d["labels"] for f in label["findings"]
    ]
    results = [r for r in results_of(log) if r["ruleId"] != "labelcheck/input-error"]
    levels = {"blocking": "error", "warning": "warning", "info": "note"}
    assert [(r["ruleId"], r["level"], r["message"]["text"]) for r in results] == [
        (f["rule"], levels[f["severity"]], f["message"]) for f in findings
    ]
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == {r["ruleId"] for r in results_of(log)}  # those that produced a result
    assert list(rules) == sorted(rules)
    for finding in findings:
        rule = rules[finding["rule"]]
        assert rule["shortDescription"]["text"]
        cited = finding["source"]  # the JSON report's: document, section, quote
        assert rule["properties"]["source"] == f"{cited['document']}, {cited['section']}"
        if finding.get("remedy"):
            assert finding["remedy"] in rule["help"]["text"].splitlines() or rule["help"][
                "text"
            ].endswith("…")


def test_results_are_located_relative_to_the_source_root(log):
    for result in results_of(log):
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert artifact["uri"].startswith("dossiers/") and artifact["uri"].endswith(".toml")
        assert location["physicalLocation"]["region"]["startLine"] >= 1


def test_an_open_deviation_points_at_its_entry_header(root, log):
    text = (root / MULTILABEL).read_text(encoding="utf-8")
    (result,) = [r for r in results_of(log, MULTILABEL) if r["ruleId"] == "LDM-DEVIATION-OPEN"]
    line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert line == header_line(text, "nonconformities", "FE-2026-01")
    assert text.splitlines()[line - 1] == "[[nonconformities]]"


def test_an_entry_dated_later_does_not_shift_the_line(root, tmp_path):
    """The as-of view drops an entry raised after the as-of date: the finding still points at
    its own entry in the file as written, not at the one before or after it."""
    folder = tmp_path / "dossiers" / "lycee-multilabel"
    shutil.copytree(root / "dossiers" / "lycee-multilabel", folder)
    text = (folder / "dossier.toml").read_text(encoding="utf-8")
    later = (
        '[[nonconformities]]\nid = "FE-2027-01"\nref = "ldm:7"\ngrade = "deviation"\n'
        'audit_type = "renewal"\nraised = 2027-01-10\ndue = 2027-06-30\nstatus = "open"\n'
        'corrective_action = "Plus tard"\nowner = "CPE"\n\n'
    )
    text = text.replace("[[nonconformities]]\n", later + "[[nonconformities]]\n", 1)
    (folder / "dossier.toml").write_text(text, encoding="utf-8")
    _status, out = evaluate(tmp_path, "--format", "sarif", "--fail-on", "never")
    (result,) = [r for r in results_of(json.loads(out)) if r["ruleId"] == "LDM-DEVIATION-OPEN"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == header_line(
        text, "nonconformities", "FE-2026-01"
    )


def test_an_audit_finding_without_its_fiche_points_at_that_finding(root, tmp_path):
    """The contract's « line of the entry concerned »: the audit's constat graded
    non-conformité, not the header of the audit holding it (the CLI audit of 6 December)."""
    folder = tmp_path / "dossiers" / "lycee-multilabel"
    shutil.copytree(root / "dossiers" / "lycee-multilabel", folder)
    text = (folder / "dossier.toml").read_text(encoding="utf-8")
    remark = 'ref = "ldm:3.13"\ngrade = "remark"'
    assert remark in text
    text = text.replace(remark, 'ref = "ldm:3.13"\ngrade = "nonconformity"', 1)
    (folder / "dossier.toml").write_text(text, encoding="utf-8")
    _status, out = evaluate(tmp_path, "--format", "sarif", "--fail-on", "never")
    (result,) = [r for r in results_of(json.loads(out)) if r["ruleId"] == "LDM-FINDING-NO-FICHE"]
    line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    lines = text.splitlines()
    assert lines[line - 1] == "[[audits.findings]]"
    assert lines[line] == 'ref = "ldm:3.13"'


def test_partial_fingerprints_are_unique_stable_and_survive_a_reordering(root, log, tmp_path):
    fingerprints = [r["partialFingerprints"][FINGERPRINT] for r in results_of(log)]
    assert len(set(fingerprints)) == len(fingerprints)
    _status, again = evaluate(root, "--format", "sarif")
    assert json.loads(again) == log
    folder = tmp_path / "dossiers" / "lycee-multilabel"
    shutil.copytree(root / "dossiers" / "lycee-multilabel", folder)
    text = (folder / "dossier.toml").read_text(encoding="utf-8")
    (folder / "dossier.toml").write_text(reordered(text), encoding="utf-8")
    _status, out = evaluate(tmp_path, "--format", "sarif")
    before = Counter(
        (r["ruleId"], r["partialFingerprints"][FINGERPRINT]) for r in results_of(log, MULTILABEL)
    )
    after = Counter(
        (r["ruleId"], r["partialFingerprints"][FINGERPRINT])
        for r in results_of(json.loads(out), MULTILABEL)
    )
    assert after == before


def test_an_invalid_dossier_s_errors_are_error_results_at_their_lines(log):
    errors = results_of(log, INVALID)
    assert errors and {(r["ruleId"], r["level"]) for r in errors} == {
        ("labelcheck/input-error", "error")
    }
    uai = next(r for r in errors if r["message"]["text"].startswith("establishment.uai"))
    assert uai["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_jobs_change_nothing(root, log):
    _status, out = evaluate(root, "--format", "sarif", "--jobs", "2")
    assert json.loads(out) == log


def test_the_sarif_extension_announces_the_format(root):
    evaluate(root, "-o", "labelcheck.sarif", "--fail-on", "never")
    validate(json.loads((root / "labelcheck.sarif").read_text(encoding="utf-8")))


def write(results) -> dict:
    out = io.BytesIO()
    writer = SarifWriter(out, "auto")
    for result in results:
        writer.dossier(result)
    writer.close(Summary())
    return json.loads(out.getvalue())


def test_a_baseline_marks_results_new_or_unchanged(lurcat):
    label = lurcat.labels[0]
    marked = [dataclasses.replace(f, new=i == 0) for i, f in enumerate(label.findings)]
    result = dataclasses.replace(
        lurcat, labels=(dataclasses.replace(label, findings=tuple(marked)),)
    )
    log = write([result])
    validate(log)
    states = [r["baselineState"] for r in results_of(log)]
    assert states == ["new"] + ["unchanged"] * (len(marked) - 1)
    assert all("baselineState" not in r for r in results_of(write([lurcat])))


def test_a_baseline_marks_an_invalid_dossier_s_errors_too(tmp_path):
    """The docs promise every result a `baselineState` with --baseline; input errors had none
    (the CI audit). An error the baseline's report of the dossier holds (same key and message,
    wherever its line went) is unchanged; one it does not hold, new; the run still fails."""
    dossier = tmp_path / INVALID
    dossier.parent.mkdir(parents=True)
    dossier.write_text(INVALID_TEXT, encoding="utf-8")
    evaluate(tmp_path, "--format", "json", "-o", "base.json")
    dossier.write_text("\n" + INVALID_TEXT + 'sector = "nope"\n', encoding="utf-8")
    status, out = evaluate(tmp_path, "--format", "sarif", "--baseline", "base.json")
    log = json.loads(out)
    validate(log)
    states = {
        r["message"]["text"].partition("\u202f")[0]: r["baselineState"] for r in results_of(log)
    }
    assert states == {
        "establishment.kind": "unchanged",
        "establishment.name": "unchanged",
        "establishment.uai": "unchanged",  # a line further down
        "establishment.sector": "new",  # « absente » then, a value not recognised now
    }
    assert status == 2


def test_an_internal_error_is_a_tool_notification_not_a_result(lurcat):
    broken = dataclasses.replace(lurcat, internal_error="RuntimeError: plugin ldm a échoué")
    log = write([broken])
    validate(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["message"]["text"] == "RuntimeError: plugin ldm a échoué"
    assert len(results_of(log)) == sum(len(label.findings) for label in lurcat.labels)


def test_nothing_to_report_is_a_valid_log_with_no_result():
    log = write([])
    validate(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_a_log_github_would_refuse_for_its_results_is_told_on_stderr(cli, monkeypatch):
    """GitHub code scanning refuses a run of more than 25,000 results (about 1,000 dossiers of
    four labels, the CI audit): the log is written whole, and stderr says why GitHub will
    refuse it and how to split it. Here the limit is lowered to the example's few results."""
    from labelcheck.core.writers import sarif

    example = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
    under = cli("evaluate", example, "--as-of", "2026-05-20", "--format", "sarif")
    count = len(json.loads(under.stdout)["runs"][0]["results"])
    assert "GitHub refuse" not in under.stderr
    monkeypatch.setattr(sarif, "GITHUB_MAX_RESULTS", count - 1)
    over = cli("evaluate", example, "--as-of", "2026-05-20", "--format", "sarif")
    assert over.stdout == under.stdout
    said = over.stderr.replace("\u202f", " ")
    assert f"le journal SARIF compte {count} résultats : GitHub refuse" in said
    assert "--shard" in said


@pytest.mark.parametrize("fmt", ["sarif", "codequality"])
@pytest.mark.parametrize("least", ["warning", "blocking"])
def test_min_severity_keeps_the_findings_at_or_above_it_and_every_error(root, fmt, least):
    """GitHub keeps 5,000 results of a SARIF run and refuses 25,000: with the `info` findings,
    some 26 a dossier, a shard of a thousand schools was refused (the CI audit)."""
    # SARIF's levels, then Code Quality's (an input error is `blocker`, a blocking finding
    # `critical`, a warning `minor`).
    ranks = {
        "note": 0,
        "warning": 1,
        "error": 2,
        "info": 0,
        "minor": 1,
        "critical": 2,
        "blocker": 2,
    }
    _, everything = evaluate(root, "--format", fmt)
    status, kept = evaluate(root, "--format", fmt, "--min-severity", least, "--jobs", "2")
    assert status == 2  # the invalid dossier, still
    if fmt == "sarif":
        every, some = results_of(json.loads(everything)), results_of(json.loads(kept))
        level = lambda r: r["level"]  # noqa: E731
        key = lambda r: r["partialFingerprints"][FINGERPRINT]  # noqa: E731
    else:
        every, some = json.loads(everything), json.loads(kept)
        level = lambda e: e["severity"]  # noqa: E731
        key = lambda e: e["fingerprint"]  # noqa: E731
    wanted = {"warning": 1, "blocking": 2}[least]
    assert [key(r) for r in some] == [key(r) for r in every if ranks[level(r)] >= wanted]
    assert len(some) < len(every)
    # The invalid dossier's errors are kept whatever the severity asked.
    assert any(ranks[level(r)] == 2 for r in some)


def test_min_severity_is_refused_with_another_format(root):
    status, _ = evaluate(root, "--format", "json", "--min-severity", "warning")
    assert status == 2
