"""Paths given that overlap: each dossier is evaluated and counted once, however many of the
paths given reach it (the same path twice, a folder or a dossier inside a folder given), and
stderr says once what was left out. One path keeps every behaviour it had."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from labelcheck.core.run import distinct_paths
from support import report

FIXTURES = Path(__file__).parent / "fixtures"
CAMPAIGN = FIXTURES / "campaign"
ORLEANS = CAMPAIGN / "orleans"
READY = CAMPAIGN / "lp-ready"
NNBSP = "\u202f"
ONCE = f"{NNBSP}: chaque dossier n'est évalué qu'une fois"


def evaluated(result) -> list[str]:
    return [Path(d["path"]).relative_to(CAMPAIGN).as_posix() for d in report(result)["dossiers"]]


def test_a_folder_inside_another_given_is_evaluated_once(cli):
    result = cli("evaluate", CAMPAIGN, ORLEANS, "--format", "json")
    assert evaluated(result) == evaluated(cli("evaluate", CAMPAIGN, "--format", "json"))
    assert report(result)["summary"]["dossiers"] == 3
    assert result.stderr == f"labelcheck{NNBSP}: {ORLEANS} est déjà compris dans {CAMPAIGN}{ONCE}\n"


def test_the_folder_inside_may_come_first(cli):
    result = cli("evaluate", ORLEANS, CAMPAIGN, "--format", "json")
    assert report(result)["summary"]["dossiers"] == 3
    assert f"{ORLEANS} est déjà compris dans {CAMPAIGN}" in result.stderr


def test_the_same_folder_twice_is_evaluated_once(cli):
    result = cli("evaluate", READY, READY, "--format", "json")
    assert evaluated(result) == ["lp-ready/dossier.toml"]


def test_a_dossier_file_inside_a_folder_given_and_several_overlaps_are_said_once(cli):
    result = cli("evaluate", CAMPAIGN, READY / "dossier.toml", ORLEANS, ORLEANS, "--format", "json")
    assert report(result)["summary"]["dossiers"] == 3
    assert result.stderr.count("labelcheck") == 1
    assert f"compris dans {CAMPAIGN} (de même pour 2 autres chemins){ONCE}" in result.stderr


def test_paths_that_do_not_overlap_are_all_evaluated_silently(cli):
    result = cli("evaluate", READY, ORLEANS, "--format", "json")
    assert report(result)["summary"]["dossiers"] == 3 and result.stderr == ""


def test_campaign_plans_each_school_once(cli):
    once = cli("campaign", CAMPAIGN, "--from", "2026-01-01", "--format", "json")
    twice = cli("campaign", CAMPAIGN, ORLEANS, "--from", "2026-01-01", "--format", "json")
    assert twice.stdout == once.stdout and "déjà compris dans" in twice.stderr


# -- which paths overlap ------------------------------------------------------------------------


def test_paths_are_compared_resolved(tmp_path, monkeypatch):
    (tmp_path / "ecoles" / "a").mkdir(parents=True)
    (tmp_path / "ecoles" / "a" / "dossier.toml").touch()
    os.symlink(tmp_path / "ecoles", tmp_path / "lien")
    monkeypatch.chdir(tmp_path)
    kept, skipped = distinct_paths(["ecoles", "lien/a", "./ecoles/../ecoles/a/dossier.toml"])
    assert kept == ["ecoles"]
    assert skipped == [("lien/a", "ecoles"), ("./ecoles/../ecoles/a/dossier.toml", "ecoles")]


def test_a_file_the_walk_would_not_find_is_kept(tmp_path):
    """A walk yields only dossier.toml and dossier.json: another file is evaluated if given."""
    (tmp_path / "a").mkdir()
    other = tmp_path / "a" / "brouillon.toml"
    other.touch()
    assert distinct_paths([str(tmp_path), str(other)]) == ([str(tmp_path), str(other)], [])


@pytest.mark.parametrize("given", [[], ["x"], ["x", "y"]])
def test_without_an_overlap_the_paths_are_kept_as_given(given, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in given:
        (tmp_path / name).mkdir()
    assert distinct_paths(given) == (given, [])
