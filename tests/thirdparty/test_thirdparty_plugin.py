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
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(PACKAGE),
        ],
        check=True,
    )
    assert list(target.glob("labelcheck_egalite-*.dist-info/entry_points.txt"))
    return target


def labelcheck(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "labelcheck.core.cli", *args],
        capture_output=True,
        text=True,
        env=env,
    )


def test_the_installed_label_is_listed_with_its_package(site):
    result = labelcheck(site, "labels")
    assert result.returncode == 0, result.stderr
    line = next(row for row in result.stdout.splitlines() if row.startswith("egalite"))
    assert "Égalité filles-garçons" in line
    assert "labelcheck-egalite 0.1.0" in line  # where it comes from
    assert any(
        row.startswith("ldm") and "livré avec labelcheck" in row
        for row in result.stdout.splitlines()
    )


def test_its_rules_compile_and_explain(site):
    rules = labelcheck(site, "rules", "--label", "egalite")
    assert "EGALITE-MIXITE-INDICATOR" in rules.stdout
    explained = labelcheck(site, "explain", "EGALITE-MIXITE-INDICATOR")
    assert "indicator_count >= 1" in explained.stdout


def test_a_dossier_meeting_the_label_is_ready(site):
    result = labelcheck(
        site,
        "evaluate",
        str(HERE / "fixtures/egalite-ok"),
        "--format",
        "json",
        "--as-of",
        "2026-03-01",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    label = json.loads(result.stdout)["dossiers"][0]["labels"][0]
    assert (label["label"], label["verdict"]) == ("egalite", "ready")
    assert label["findings"] == []
    # Ready, with criteria 1 and 2 still "unsupported": the diagnostic supports no
    # criterion and nothing else names them (cli-and-report 1.1: ready is "nothing
    # required is missing", not "every criterion met").
    assert [c["status"] for c in label["criteria"]] == ["unsupported", "unsupported", "met"]


def test_a_dossier_missing_its_pieces_is_not_ready(site):
    result = labelcheck(
        site,
        "evaluate",
        str(HERE / "fixtures/egalite-missing"),
        "--format",
        "json",
        "--as-of",
        "2026-03-01",
    )
    assert result.returncode == 1
    dossier = json.loads(result.stdout)["dossiers"][0]
    assert (dossier["profile"], dossier["profile_reason"]) == (
        "centre-val-de-loire-2026",
        "academy",
    )
    findings = dossier["labels"][0]["findings"]
    assert {f["rule"] for f in findings} == {"EGALITE-DIAGNOSTIC", "EGALITE-MIXITE-INDICATOR"}
    assert {f["kind"] for f in findings} == {"required-document", "expression"}
    # The academy's own requirement blocks under its profile; the indicator is
    # labelcheck's reading (operational) and only warns (cli-and-report 1.1).
    assert {f["rule"]: f["severity"] for f in findings} == {
        "EGALITE-DIAGNOSTIC": "blocking",
        "EGALITE-MIXITE-INDICATOR": "warning",
    }
    assert dossier["labels"][0]["verdict"] == "not-ready"


def test_an_academys_requirement_does_not_apply_under_the_national_texts(site):
    # cli-and-report 1.1: an academy's rule belongs to its academy's profile, not to
    # national; labelcheck's own reading (operational) still warns there.
    result = labelcheck(
        site,
        "evaluate",
        str(HERE / "fixtures/egalite-missing"),
        "--format",
        "json",
        "--as-of",
        "2026-03-01",
        "--profile",
        "national",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    label = json.loads(result.stdout)["dossiers"][0]["labels"][0]
    assert {f["rule"]: f["severity"] for f in label["findings"]} == {
        "EGALITE-MIXITE-INDICATOR": "warning",
    }
    assert label["verdict"] == "ready"


def test_without_the_package_its_label_is_unknown(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "labelcheck.core.cli",
            "evaluate",
            str(HERE / "fixtures/egalite-ok"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "label inconnu «\u202fegalite\u202f»" in result.stdout


# -- the public surface, and the keys the label adds to the dossier ---------------------------


def test_the_package_imports_only_the_public_surface():
    source = (PACKAGE / "labelcheck_egalite" / "__init__.py").read_text("utf-8")
    imported = {
        line.split()[1]
        for line in source.splitlines()
        if line.startswith(("from labelcheck", "import labelcheck"))
    }
    assert imported == {"labelcheck.plugin"}


def test_plugins_lists_its_package_hooks_labels_and_kinds(site):
    result = labelcheck(site, "plugins", "--format", "json")
    assert result.returncode == 0, result.stderr
    plugin = next(p for p in json.loads(result.stdout)["plugins"] if p["name"] == "egalite")
    assert (plugin["package"], plugin["version"]) == ("labelcheck-egalite", "0.1.0")
    assert plugin["hooks"] == [
        "labelcheck_labels",
        "labelcheck_profiles",
        "labelcheck_rule_files",
        "labelcheck_rule_kinds",
    ]
    assert (plugin["labels"], plugin["rule_kinds"]) == (["egalite"], ["egalite-referent"])
    text = labelcheck(site, "plugins")
    assert "egalite — labelcheck-egalite 0.1.0 (actif)" in text.stdout


def dossier_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (HERE / "fixtures/egalite-ok/dossier.toml").read_text("utf-8")
    assert old in text
    (tmp_path / "dossier.toml").write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path


def test_its_own_rule_kind_reads_its_own_key(site, tmp_path):
    folder = dossier_with(tmp_path, 'referent = "Mme Durand"\n', "")
    result = labelcheck(site, "evaluate", str(folder), "--format", "json", "--as-of", "2026-03-01")
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["dossiers"][0]["labels"][0]["findings"]
    assert [(f["rule"], f["kind"]) for f in findings] == [("EGALITE-REFERENT", "egalite-referent")]
    assert "Égalité filles-garçons" in findings[0]["message"]


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "tete_de_cordee = true",
            "tete_de_corde = true",
            "applications[0].tete_de_corde: clé inconnue «\u202ftete_de_corde\u202f»",
        ),
        (
            "tete_de_cordee = true",
            'tete_de_cordee = "oui"',
            "applications[0].tete_de_cordee: vrai ou faux attendu (`true` ou `false`)\u202f; "
            "reçu «\u202foui\u202f», un texte",
        ),
        (
            "tete_de_cordee = true",
            'filiere = "tertiare"',
            "applications[0].filiere: valeur «\u202ftertiare\u202f» non reconnue\u202f; "
            "valeurs possibles\u202f: industrielle, tertiaire (vouliez-vous dire «\u202ftertiaire\u202f»\u202f?)",
        ),
        (
            'label = "egalite"',
            'label = "euroscol"',
            "applications[0].tete_de_cordee: la clé «\u202ftete_de_cordee\u202f» ne s'applique pas au label euroscol "
            "(elle sert à\u202f: egalite)",
        ),
    ],
)
def test_its_keys_are_checked_like_the_formats_own(site, tmp_path, old, new, error):
    folder = dossier_with(tmp_path, old, new)
    result = labelcheck(site, "evaluate", str(folder))
    assert result.returncode == 2
    assert f"dossier.toml:14: {error}" in result.stderr
    if "tete_de_corde =" in new:
        assert "vouliez-vous dire «\u202ftete_de_cordee\u202f»" in result.stderr


def test_the_schema_shows_its_keys(site):
    result = labelcheck(site, "schema")
    application = json.loads(result.stdout)["$defs"]["Application"]
    assert application["properties"]["tete_de_cordee"]["type"] == "boolean"
    assert (
        "Cordée de la réussite (label egalite)"
        in application["properties"]["tete_de_cordee"]["description"]
    )
    assert application["additionalProperties"] is False


def test_an_expression_reads_the_keys_its_label_declares(site, tmp_path):
    """EGALITE-CORDEE-ACTION's `when` reads `application.tete_de_cordee`, a key the label
    declares: a head of a cordée with no action is told, a school that is none is not."""
    text = (HERE / "fixtures/egalite-ok/dossier.toml").read_text("utf-8")
    without_action = text.split("[[actions]]")[0]
    for head, found in (("true", ["EGALITE-CORDEE-ACTION"]), ("false", [])):
        folder = tmp_path / head
        folder.mkdir()
        (folder / "dossier.toml").write_text(
            without_action.replace("tete_de_cordee = true", f"tete_de_cordee = {head}"),
            encoding="utf-8",
        )
        result = labelcheck(
            site, "evaluate", str(folder), "--format", "json", "--as-of", "2026-03-01"
        )
        assert result.returncode == 0, result.stderr
        findings = json.loads(result.stdout)["dossiers"][0]["labels"][0]["findings"]
        assert [f["rule"] for f in findings] == found
