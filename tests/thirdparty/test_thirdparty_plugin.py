"""A label written outside labelcheck plugs in through its entry point, core untouched.

The package in labelcheck-egalite/ is built and installed as a real
distribution (pip, a wheel, its dist-info and entry point) into a folder of its
own, which the labelcheck run below puts on its path. The label is an academy's
(its required piece is of nature "academy"): the fixtures name their academy,
orleans-tours, and are judged under the profile serving it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
PACKAGE = HERE / "labelcheck-egalite"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(PACKAGE)],
        check=True,
    )
    assert list(target.glob("labelcheck_egalite-*.dist-info/entry_points.txt"))
    return target


def labelcheck(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, "-m", "labelcheck.core.cli", *args],
                          capture_output=True, text=True, env=env)


def test_the_installed_label_is_listed_with_its_package(site):
    result = labelcheck(site, "labels")
    assert result.returncode == 0, result.stderr
    line = next(row for row in result.stdout.splitlines() if row.startswith("egalite"))
    assert "Égalité filles-garçons" in line
    assert "labelcheck-egalite 0.1.0" in line  # where it comes from
    assert any(row.startswith("ldm") and "livré avec labelcheck" in row for row in result.stdout.splitlines())


def test_its_rules_compile_and_explain(site):
    rules = labelcheck(site, "rules", "--label", "egalite")
    assert "EGALITE-MIXITE-INDICATOR" in rules.stdout
    explained = labelcheck(site, "explain", "EGALITE-MIXITE-INDICATOR")
    assert "indicator_count >= 1" in explained.stdout


def test_a_dossier_meeting_the_label_is_ready(site):
    result = labelcheck(site, "evaluate", str(HERE / "fixtures/egalite-ok"), "--format", "json",
                        "--as-of", "2026-03-01")
    assert result.returncode == 0, result.stdout + result.stderr
    label = json.loads(result.stdout)["dossiers"][0]["labels"][0]
    assert (label["label"], label["verdict"]) == ("egalite", "ready")
    assert label["findings"] == []
    # Ready, with criteria 1 and 2 still "unsupported": the diagnostic supports no
    # criterion and nothing else names them (cli-and-report 1.1: ready is "nothing
    # required is missing", not "every criterion met").
    assert [c["status"] for c in label["criteria"]] == ["unsupported", "unsupported", "met"]


def test_a_dossier_missing_its_pieces_is_not_ready(site):
    result = labelcheck(site, "evaluate", str(HERE / "fixtures/egalite-missing"), "--format", "json",
                        "--as-of", "2026-03-01")
    assert result.returncode == 1
    dossier = json.loads(result.stdout)["dossiers"][0]
    assert (dossier["profile"], dossier["profile_reason"]) == ("centre-val-de-loire-2026", "academy")
    findings = dossier["labels"][0]["findings"]
    assert {f["rule"] for f in findings} == {"EGALITE-DIAGNOSTIC", "EGALITE-MIXITE-INDICATOR"}
    assert {f["kind"] for f in findings} == {"required-document", "expression"}
    # The academy's own requirement blocks under its profile; the indicator is
    # labelcheck's reading (operational) and only warns (cli-and-report 1.1).
    assert {f["rule"]: f["severity"] for f in findings} == {
        "EGALITE-DIAGNOSTIC": "blocking", "EGALITE-MIXITE-INDICATOR": "warning"}
    assert dossier["labels"][0]["verdict"] == "not-ready"


def test_an_academys_requirement_does_not_block_under_the_national_texts(site):
    result = labelcheck(site, "evaluate", str(HERE / "fixtures/egalite-missing"), "--format", "json",
                        "--as-of", "2026-03-01", "--profile", "national")
    assert result.returncode == 0, result.stdout + result.stderr
    label = json.loads(result.stdout)["dossiers"][0]["labels"][0]
    assert {f["rule"]: f["severity"] for f in label["findings"]} == {
        "EGALITE-DIAGNOSTIC": "warning", "EGALITE-MIXITE-INDICATOR": "warning"}
    assert label["verdict"] == "ready"


def test_without_the_package_its_label_is_unknown(tmp_path):
    result = subprocess.run([sys.executable, "-m", "labelcheck.core.cli", "evaluate",
                             str(HERE / "fixtures/egalite-ok")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "label inconnu «\u202fegalite\u202f»" in result.stdout
