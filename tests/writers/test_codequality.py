"""The GitLab Code Quality report: valid against GitLab's schema, one entry per finding, each
with a fingerprint that follows the finding (not its line or wording) and located at the line
of the dossier entry it is about.

GitLab compares a merge request's report with its target branch's by fingerprint alone: a
fingerprint that changed with a line or a message would show a fixed and a new finding.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from ci_formats import (
    INVALID,
    MULTILABEL,
    evaluate,
    header_line,
    reordered,
    repository,
    schema,
)

ENTRY_SCHEMA = schema("gitlab-codeclimate.json")
# « Code Quality report format », https://docs.gitlab.com/ci/testing/code_quality/
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return repository(tmp_path_factory.mktemp("academy"))


@pytest.fixture(scope="module")
def report(root) -> list[dict]:
    status, out = evaluate(root, "--format", "codequality")
    assert status == 2  # the invalid dossier
    return json.loads(out)


def assert_valid(report: list[dict]) -> None:
    assert isinstance(report, list)
    for entry in report:
        jsonschema.validate(entry, ENTRY_SCHEMA)
        assert entry["severity"] in SEVERITIES
        assert entry["check_name"] and entry["description"]
        path = entry["location"]["path"]
        assert not path.startswith(("/", "./")), path  # relative to the repository, GitLab says
        assert entry["location"]["lines"]["begin"] >= 1


def test_the_report_validates_against_gitlab_schema(report):
    assert_valid(report)
    assert {e["location"]["path"] for e in report} == {
        "dossiers/lp-jean-lurcat/dossier.toml",
        MULTILABEL,
        INVALID,
    }


def test_a_dossier_with_no_finding_gives_an_empty_array(root, tmp_path):
    status, out = evaluate(root, "--format", "codequality", "--label", "e3d", paths=(INVALID,))
    assert status == 2 and json.loads(out)  # the invalid dossier's errors, whatever the labels
    status, out = evaluate(
        root, "--format", "codequality", "--label", "euroscol", paths=("dossiers/lp-jean-lurcat",)
    )
    assert (status, json.loads(out)) == (0, [])


def test_every_finding_is_an_entry_with_its_severity(root, report):
    status, out = evaluate(root, "--format", "json", "--fail-on", "never")
    dossiers = json.loads(out)["dossiers"]
    findings = [f for d in dossiers for label in d["labels"] for f in label["findings"]]
    entries = [e for e in report if not e["check_name"].startswith("labelcheck/")]
    assert Counter(e["check_name"] for e in entries) == Counter(f["rule"] for f in findings)
    severities = {"blocking": "critical", "warning": "minor", "info": "info"}
    assert Counter(e["severity"] for e in entries) == Counter(
        severities[f["severity"]] for f in findings
    )
    assert [e["description"] for e in entries] == [f["message"] for f in findings]


def test_an_invalid_dossier_s_errors_are_blocker_entries_at_their_lines(report):
    errors = [e for e in report if e["location"]["path"] == INVALID]
    assert errors and {e["check_name"] for e in errors} == {"labelcheck/input-error"}
    assert {e["severity"] for e in errors} == {"blocker"}
    uai = next(e for e in errors if e["description"].startswith("establishment.uai"))
    assert uai["location"]["lines"]["begin"] == 4  # `uai = "0180036T"`
    assert len({e["fingerprint"] for e in errors}) == len(errors)


def test_fingerprints_are_unique_and_the_same_from_one_run_to_the_next(root, report):
    assert len({e["fingerprint"] for e in report}) == len(report)
    _status, again = evaluate(root, "--format", "codequality")
    assert json.loads(again) == report


def test_a_reordered_dossier_keeps_its_fingerprints_and_moves_its_lines(root, report, tmp_path):
    text = (root / MULTILABEL).read_text(encoding="utf-8")
    moved = tmp_path / "dossiers" / "lycee-multilabel"
    shutil.copytree(root / "dossiers" / "lycee-multilabel", moved)
    (moved / "dossier.toml").write_text(reordered(text), encoding="utf-8")
    _status, out = evaluate(tmp_path, "--format", "codequality", paths=("dossiers",))
    after = {e["fingerprint"]: e for e in json.loads(out)}
    before = {e["fingerprint"]: e for e in report if e["location"]["path"] == MULTILABEL}
    assert after.keys() == before.keys()
    assert {(e["check_name"], e["description"]) for e in after.values()} == {
        (e["check_name"], e["description"]) for e in before.values()
    }
    # The open deviation's finding follows its entry to the entry's new place.
    (fingerprint,) = [f for f, e in before.items() if e["check_name"] == "LDM-DEVIATION-OPEN"]
    assert before[fingerprint]["location"]["lines"]["begin"] == header_line(
        text, "nonconformities", "FE-2026-01"
    )
    assert after[fingerprint]["location"]["lines"]["begin"] == header_line(
        reordered(text), "nonconformities", "FE-2026-01"
    )
    assert after[fingerprint]["location"] != before[fingerprint]["location"]


def test_jobs_change_nothing(root, report):
    _status, out = evaluate(root, "--format", "codequality", "--jobs", "2")
    assert json.loads(out) == report


def test_gitlab_s_usual_file_name_is_json_unless_told(root):
    # gl-code-quality-report.json ends in .json: the JSON report unless --format says otherwise.
    status, _out = evaluate(root, "--format", "codequality", "-o", "gl-code-quality-report.json")
    assert status == 2
    assert_valid(json.loads((root / "gl-code-quality-report.json").read_text(encoding="utf-8")))
    evaluate(root, "-o", "plain.json", "--fail-on", "never")
    assert isinstance(json.loads((root / "plain.json").read_text(encoding="utf-8")), dict)


def test_an_element_dated_later_points_at_its_own_entry(tmp_path):
    """« the line of the entry concerned »: an audit after the as-of date is located at its
    [[audits]] entry, not at the label's application."""
    school = tmp_path / "dossiers" / "ecole"
    school.mkdir(parents=True)
    text = (
        'format = 1\n\n[establishment]\nuai = "0450001G"\nname = "Lycée Zola"\nkind = "lp"\n'
        'sector = "public"\nacademy = "orleans-tours"\n\n[[applications]]\nlabel = "ldm"\n'
        'type = "initial"\ntitle = "Lycée des métiers du bâtiment"\n'
        'denominations = ["maçonnerie"]\nsubmitted = 2026-04-01\naudit = 2026-09-15\n\n'
        '[[audits]]\nlabel = "ldm"\ntype = "initial"\ndate = 2026-09-15\n'
        'auditors = ["A. Roux", "B. Durand", "C. Petit"]\nlead = "A. Roux"\n'
    )
    (school / "dossier.toml").write_text(text, encoding="utf-8")
    _, out = evaluate(tmp_path, "--format", "codequality")  # at 2026-06-30: the audit is later
    [later] = [e for e in json.loads(out) if e["check_name"] == "DATED-LATER"]
    assert later["location"]["lines"]["begin"] == text.splitlines().index("[[audits]]") + 1


@pytest.mark.parametrize("fmt", ["codequality", "sarif"])
def test_a_piece_dated_too_late_points_at_its_own_entry(tmp_path, fmt):
    """« the line of the entry concerned »: the board's minutes dated after the dossier was
    sent are located at their [[documents]] entry, not at the application (the contract
    audit: LDM-PV-CA-DATE pointed at [[applications]])."""
    school = tmp_path / "dossiers" / "ecole"
    shutil.copytree(Path(__file__).parents[2] / "examples" / "lp-jean-lurcat", school)
    path = school / "dossier.toml"
    lines = path.read_text("utf-8").splitlines()
    at = lines.index('id = "pv-ca-2026"')
    date = next(i for i in range(at, len(lines)) if lines[i].startswith("date = "))
    lines[date] = "date = 2026-03-20"  # the application was sent on 10/03/2026
    path.write_text("\n".join(lines) + "\n", "utf-8")
    _, out = evaluate(tmp_path, "--format", fmt)
    report = json.loads(out)
    if fmt == "codequality":
        [entry] = [e for e in report if e["check_name"] == "LDM-PV-CA-DATE"]
        line = entry["location"]["lines"]["begin"]
    else:
        [entry] = [r for r in report["runs"][0]["results"] if r["ruleId"] == "LDM-PV-CA-DATE"]
        line = entry["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert line == at  # the [[documents]] header above its id (lines count from 1)
    assert lines[line - 1] == "[[documents]]"


@pytest.mark.parametrize("fmt", ["codequality", "sarif"])
def test_a_label_held_without_application_points_at_its_award(tmp_path, fmt):
    """« the line of the entry concerned »: the Lycée des métiers held with no application,
    its renewal due is located at its [[held]] entry, not at the file's first line."""
    school = tmp_path / "dossiers" / "ecole"
    school.mkdir(parents=True)
    text = (
        'format = 1\n\n[establishment]\nuai = "0450001G"\nname = "Lycée Zola"\nkind = "lp"\n'
        'sector = "public"\n\n[[held]]\nlabel = "ldm"\nawarded = 2021-09-01\n'
    )
    (school / "dossier.toml").write_text(text, encoding="utf-8")
    _, out = evaluate(tmp_path, "--format", fmt)  # at 2026-06-30: it expires on 01/09/2026
    report = json.loads(out)
    rule = "LDM-VALIDITY-RENEWAL-DUE"
    if fmt == "codequality":
        [entry] = [e for e in report if e["check_name"] == rule]
        line = entry["location"]["lines"]["begin"]
    else:
        [entry] = [r for r in report["runs"][0]["results"] if r["ruleId"] == rule]
        line = entry["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert line == text.splitlines().index("[[held]]") + 1


def test_the_same_criterion_found_at_two_audits_keeps_its_fingerprint_when_one_goes(tmp_path):
    """Two audits each found a nonconformity on ldm:3.13, neither with its fiche: two findings.
    When the first audit is removed, the second's finding is still there: it keeps its
    fingerprint, GitLab not told the wrong one was fixed (the CI audit: both had the same
    identity, told apart by their rank, which the removal shifted)."""
    fixture = Path(__file__).parents[1] / "rules" / "fixtures" / "nonconformities"
    text = (fixture / "finding-without-fiche.toml").read_text(encoding="utf-8")
    first_audit = text[text.index("[[audits]]") :]
    assert "date = 2026-05-20" in first_audit
    earlier = first_audit.replace("date = 2026-05-20", "date = 2026-05-12")
    school = tmp_path / "dossiers" / "lp"
    school.mkdir(parents=True)

    def fingerprints(dossier: str) -> dict[str, str]:
        (school / "dossier.toml").write_text(dossier, encoding="utf-8")
        _status, out = evaluate(tmp_path, "--format", "codequality")
        return {
            entry["fingerprint"]: entry["description"]
            for entry in json.loads(out)
            if entry["check_name"] == "LDM-FINDING-NO-FICHE"
        }

    both = fingerprints(text + "\n" + earlier)
    assert len(both) == 2
    later_only = fingerprints(text)
    [(kept, description)] = later_only.items()
    assert "20/05/2026" in description
    assert both[kept] == description


def _fingerprints(report: str, fmt: str) -> list[tuple[str, str]]:
    """(dossier file, fingerprint) of each entry of a Code Quality or SARIF report."""
    if fmt == "codequality":
        return [(e["location"]["path"], e["fingerprint"]) for e in json.loads(report)]
    return [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["partialFingerprints"]["labelcheck/v1"],
        )
        for r in json.loads(report)["runs"][0]["results"]
    ]


@pytest.mark.parametrize("fmt", ["codequality", "sarif"])
def test_two_dossiers_of_one_school_judging_one_label_have_fingerprints_of_their_own(tmp_path, fmt):
    """A school keeping one dossier per label, each holding the other's label, or last year's
    copy left beside this year's: the same UAI and label, so the same identity, and GitLab and
    GitHub kept one finding of each pair (the CI audit: 84 entries, 42 fingerprints). The first
    met keeps its fingerprints, the one it has alone; the other's are its own."""
    example = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
    school = tmp_path / "dossiers" / "lycee"
    for copy in ("e3d", "ldm"):
        shutil.copytree(example, school / copy)
    _status, alone = evaluate(tmp_path, "--format", fmt, paths=("dossiers/lycee/e3d",))
    _status, both = evaluate(tmp_path, "--format", fmt)
    found = _fingerprints(both, fmt)
    assert len({fingerprint for _, fingerprint in found}) == len(found)
    first = [f for path, f in found if "lycee/e3d/" in path]
    assert first == [f for _, f in _fingerprints(alone, fmt)]
    _status, again = evaluate(tmp_path, "--format", fmt, "--jobs", "2")
    assert again == both


def test_a_school_s_second_dossier_keeps_its_fingerprints_when_the_first_s_are_fixed(tmp_path):
    """Two dossiers of one school, each with the same error: the first's fixed, the second's
    took the first's fingerprint, and GitLab was told the second one was fixed (the diff's
    review). A (dossier, label) is met whether it has problems or not."""
    example = Path(__file__).parents[2] / "examples" / "lycee-multilabel" / "dossier.toml"
    text = example.read_text(encoding="utf-8").replace(
        "[establishment]\n", "[establishment]\nbogus_key = 1\n", 1
    )
    assert "bogus_key" in text
    for copy in ("a", "b"):
        (tmp_path / "dossiers" / copy).mkdir(parents=True)
        (tmp_path / "dossiers" / copy / "dossier.toml").write_text(text, encoding="utf-8")

    def of_b() -> set[str]:
        _status, out = evaluate(tmp_path, "--format", "codequality")
        return {e["fingerprint"] for e in json.loads(out) if "dossiers/b/" in e["location"]["path"]}

    before = of_b()
    assert before
    fixed = text.replace("bogus_key = 1\n", "")
    (tmp_path / "dossiers" / "a" / "dossier.toml").write_text(fixed, encoding="utf-8")
    assert of_b() == before
