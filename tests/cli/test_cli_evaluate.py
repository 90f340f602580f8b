"""`labelcheck evaluate` end to end (click's runner): exit statuses, options, the JSON contract.

Contract: spec/cli-and-report.md. Exit 0 no finding at or above --fail-on,
1 at least one, 2 bad usage or an invalid dossier (the others still
evaluated), 3 an internal error (test_cli_internal_error.py).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
from pathlib import Path

import jsonschema
import pytest
from support import report

FIXTURES = Path(__file__).parent / "fixtures"
CAMPAIGN = FIXTURES / "campaign"
READY = CAMPAIGN / "lp-ready"
WARNING = CAMPAIGN / "orleans" / "lp-warning"
NOT_READY = CAMPAIGN / "orleans" / "tours" / "lp-not-ready"
INVALID = Path(__file__).parents[1] / "core" / "fixtures" / "invalid" / "typo-key.toml"
SCHEMA = json.loads((FIXTURES / "report-contract.schema.json").read_text("utf-8"))


def labels_of(result) -> list[dict]:
    return [label for dossier in report(result)["dossiers"] for label in dossier["labels"]]


# -- exit statuses -----------------------------------------------------------------------


def test_exit_0_when_no_finding_reaches_the_threshold(cli):
    result = cli("evaluate", READY)
    assert result.exit_code == 0, result.output
    assert "PRÊT" in result.stdout


def test_exit_1_when_a_dossier_is_not_ready(cli):
    result = cli("evaluate", NOT_READY)
    assert result.exit_code == 1, result.output
    assert "NON PRÊT" in result.stdout


def test_exit_2_for_an_invalid_dossier(cli):
    assert cli("evaluate", INVALID).exit_code == 2


def test_exit_2_for_a_path_holding_no_dossier(cli, tmp_path):
    result = cli("evaluate", tmp_path / "nowhere", "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""  # no path holds one: a usage error
    assert "chemin introuvable" in result.stderr


def test_a_folder_named_like_a_dossier_given_is_said_a_folder(cli, tmp_path):
    """`evaluate fold/dossier.toml`, a folder: « pour en commencer un : labelcheck init
    fold/dossier.toml » had the dossier written inside it, the folder left a folder (the new
    user's check); given its parent, it is said « c'est un répertoire … le renommer »."""
    folder = tmp_path / "fold" / "dossier.toml"
    folder.mkdir(parents=True)
    result = cli("evaluate", folder)
    assert result.exit_code == 2
    assert "est un répertoire, pas un fichier de dossier" in result.stderr
    assert "labelcheck init" not in result.stderr


def test_the_init_command_offered_for_a_folder_without_dossier_is_quoted_for_a_shell(cli, tmp_path):
    folder = tmp_path / "Lycée de l'Été"
    folder.mkdir()
    result = cli("evaluate", folder)
    command = result.stderr.split("pour en commencer un\u202f: ", 1)[1].strip()
    assert shlex.split(command) == ["labelcheck", "init", str(folder)], command


def test_a_dossier_in_a_folder_not_readable_is_said_so_not_missing(cli, tmp_path, monkeypatch):
    """`evaluate dir000/dossier.toml`, the folder chmod 000: « chemin introuvable »
    (os.path.lexists takes an error for an absence), where the folder given is « permission
    refusée » (the robustness audit). Permissions do not bind root: the error is made."""
    import errno

    folder = tmp_path / "dir000"
    folder.mkdir()
    shutil.copy(READY / "dossier.toml", folder / "dossier.toml")
    stat = os.stat

    def refused(path, *args, **kwargs):
        if os.fspath(path).startswith(f"{folder}{os.sep}"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", refused)
    result = cli("evaluate", folder / "dossier.toml", "--format", "json")
    assert result.exit_code == 2, result.output
    assert "introuvable" not in result.output
    [dossier] = json.loads(result.stdout)["dossiers"]
    [error] = dossier["errors"]
    assert error["message"] == "inaccessible\u202f: permission refusée"


def test_exit_2_for_bad_usage(cli):
    result = cli("evaluate", READY, "--as-of", "20/05/2026")
    assert result.exit_code == 2 and "n'est pas au format AAAA-MM-JJ" in result.output


@pytest.mark.parametrize("day", ["20260520", "2026-5-20", "2026-W21-3"])
def test_the_as_of_date_is_written_as_the_contract_writes_dates(cli, day):
    """AAAA-MM-JJ alone: Python would also read 20260520, which a script may mean otherwise."""
    result = cli("evaluate", READY, "--as-of", day)
    assert result.exit_code == 2 and "n'est pas au format AAAA-MM-JJ" in result.output


@pytest.mark.parametrize(
    ("given", "meant"),
    [("30/05/2026", "2026-05-30"), ("2026-5-30", "2026-05-30"), ("30 mai 2026", "2026-05-30")],
)
def test_a_day_written_the_french_way_in_a_date_option_is_given_its_form(cli, given, meant):
    """« 30/05/2026 » for --as-of got « attendu AAAA-MM-JJ, par exemple 2026-05-20 », where the
    same day in a dossier is given its AAAA-MM-JJ (the errors' audit): the option says it too."""
    result = cli("evaluate", READY, "--as-of", given)
    assert result.exit_code == 2
    assert (
        f"«\u202f{given}\u202f» n'est pas au format AAAA-MM-JJ "
        f"(vouliez-vous dire «\u202f{meant}\u202f»\u202f?)"
    ) in result.stderr
    # It is a day, written otherwise: « n'est pas une date » denied what the user plainly wrote.
    assert "n'est pas une date" not in result.stderr
    # A word that writes no day keeps the example.
    other = cli("evaluate", READY, "--as-of", "demain")
    assert "n'est pas une date\u202f: attendu AAAA-MM-JJ, par exemple 2026-05-20" in other.stderr


@pytest.mark.parametrize(
    ("command", "option", "day", "why"),
    [
        (
            "evaluate",
            "--as-of",
            "2026-02-30",
            "le 30 février 2026 n'existe pas (février 2026 a 28 jours)",
        ),
        ("compare", "--as-of", "2026-13-01", "il n'y a pas de mois 13 (de 01 à 12)"),
        ("campaign", "--from", "2026-04-00", "il n'y a pas de jour 00"),
        ("campaign", "--to", "2026-06-31", "le 31 juin 2026 n'existe pas (juin 2026 a 30 jours)"),
        ("campaign", "--as-of", "2025-02-29", "le 29 février 2025 n'existe pas"),
    ],
)
def test_a_date_of_the_right_form_naming_no_day_says_why(cli, command, option, day, why):
    """The form AAAA-MM-JJ is right: « attendu AAAA-MM-JJ » would send the user looking for
    another; say why the day does not exist, as the dossiers' date errors do."""
    paths = (READY, READY) if command == "compare" else (READY,)
    result = cli(command, *paths, option, day)
    assert result.exit_code == 2
    assert f"«\u202f{day}\u202f» n'est pas une date valide\u202f: {why}" in result.stderr
    assert "attendu AAAA-MM-JJ" not in result.stderr


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2200-01-01"])
def test_an_as_of_date_no_dossier_could_hold_is_bad_usage(cli, day):
    """The dossiers' dates are held to 1900-2199: an as-of date outside judged them all as
    not yet awarded, and « au 01/01/1 » was written."""
    result = cli("evaluate", READY, "--as-of", day)
    assert result.exit_code == 2
    assert f"date hors limites\u202f: {day}\u202f; attendue entre 1900-01-01 et 2199-12-31" in (
        result.output
    )


@pytest.mark.parametrize(
    "fail_on, folder, status",
    [
        ("blocking", WARNING, 0),
        ("warning", WARNING, 1),
        ("warning", READY, 0),  # information never fails a run
        ("never", NOT_READY, 0),
        ("never", WARNING, 0),
    ],
)
def test_fail_on_sets_the_threshold(fail_on, folder, status, cli):
    assert cli("evaluate", folder, "--fail-on", fail_on).exit_code == status


def test_fail_on_never_still_exits_2_for_an_invalid_dossier(cli):
    assert cli("evaluate", INVALID, "--fail-on", "never").exit_code == 2


# -- folders, labels, dates, profiles --------------------------------------------------------


def test_folders_are_searched_recursively_in_a_stable_order(cli):
    result = cli("evaluate", CAMPAIGN, "--format", "json")
    paths = [Path(d["path"]).relative_to(CAMPAIGN).as_posix() for d in report(result)["dossiers"]]
    assert paths == [
        "lp-ready/dossier.toml",
        "orleans/lp-warning/dossier.toml",
        "orleans/tours/lp-not-ready/dossier.toml",
    ]
    summary = report(result)["summary"]
    assert {
        key: summary[key] for key in ("dossiers", "invalid", "labels", "ready", "not_ready")
    } == {"dossiers": 3, "invalid": 0, "labels": 3, "ready": 2, "not_ready": 1}
    assert result.exit_code == 1


@pytest.mark.parametrize("fmt", ["json", "text", "junit"])
def test_several_paths_give_the_same_report_in_any_order(cli, fmt):
    """cli-and-report: « the same inputs … give byte-identical output »: the paths given are
    taken in sorted order, as a folder's dossiers are (they came in the order given)."""
    one = cli("evaluate", NOT_READY / "dossier.toml", READY, "--format", fmt)
    other = cli("evaluate", READY, NOT_READY / "dossier.toml", "--format", fmt)
    assert one.stdout_bytes == other.stdout_bytes and one.exit_code == other.exit_code
    if fmt == "json":
        paths = [d["path"] for d in report(one)["dossiers"]]
        assert paths == sorted(paths) and len(paths) == 2


def test_label_selects_the_labels_evaluated(cli):
    both = cli("evaluate", FIXTURES / "two-labels", "--format", "json", "--as-of", "2026-05-20")
    assert [label["label"] for label in labels_of(both)] == ["euroscol", "ldm"]
    only = cli(
        "evaluate",
        FIXTURES / "two-labels",
        "--format",
        "json",
        "--as-of",
        "2026-05-20",
        "--label",
        "ldm",
    )
    assert [label["label"] for label in labels_of(only)] == ["ldm"]
    [ldm] = labels_of(only)
    # The equivalence still reads the Euroscol label held, even when only LDM is reported.
    assert {c["ref"]: c.get("via") for c in ldm["criteria"]}["ldm:6"] == "euroscol"


def test_as_of_sets_the_date_every_label_is_judged_at(cli):
    default = cli("evaluate", READY, "--format", "json")
    assert [label["as_of"] for label in labels_of(default)] == ["2026-05-20"]  # the audit date
    later = cli("evaluate", READY, "--format", "json", "--as-of", "2026-06-15")
    assert [label["as_of"] for label in labels_of(later)] == ["2026-06-15"]


def test_profile_selects_the_academy_rules(cli):
    national = cli("evaluate", WARNING, "--format", "json")
    cvl = cli("evaluate", WARNING, "--format", "json", "--profile", "centre-val-de-loire-2026")
    # Without --profile the run's profile is "auto": each dossier under its academy's (1.1).
    assert (report(national)["profile"], report(cvl)["profile"]) == (
        "auto",
        "centre-val-de-loire-2026",
    )
    assert report(cvl)["dossiers"][0]["profile_reason"] == "option"
    assert "LDM-AUDIT-TEAM" not in {f["rule"] for f in labels_of(national)[0]["findings"]}
    assert "LDM-AUDIT-TEAM" not in {
        f["rule"] for f in labels_of(cvl)[0]["findings"]
    }  # 3 with a lead


@pytest.mark.parametrize(
    "option, value, hint",
    [
        ("--label", "ldn", "vouliez-vous dire «\u202fldm\u202f»\u202f?"),
        (
            "--profile",
            "centre-val-de-loire",
            "vouliez-vous dire «\u202fcentre-val-de-loire-2026\u202f»\u202f?",
        ),
        ("--profile", "nationale", "vouliez-vous dire «\u202fnational\u202f»\u202f?"),
    ],
)
def test_an_unknown_label_or_profile_exits_2_with_a_suggestion(option, value, hint, cli):
    result = cli("evaluate", READY, option, value)
    assert result.exit_code == 2
    assert hint in result.stderr and "Traceback" not in result.output


# -- the JSON report ----------------------------------------------------------------------


def test_the_json_report_follows_the_contract(cli):
    invalid = INVALID.parent / "three-errors.toml"
    result = cli(
        "evaluate", CAMPAIGN, invalid, "--format", "json", "--profile", "centre-val-de-loire-2026"
    )
    data = report(result)
    jsonschema.validate(data, SCHEMA)
    # The contract's fields first, then what judged the run (1.1, « Comparing evaluations »).
    assert list(data) == ["format", "profile", "tool", "profile_digest", "dossiers", "summary"]
    invalid_dossier = data["dossiers"][-1]
    assert invalid_dossier["labels"] == [] and len(invalid_dossier["errors"]) == 3
    assert data["summary"]["invalid"] == 1


def test_every_verdict_and_status_of_the_contract_is_produced(cli, registry):
    ldm_fixtures = Path(__file__).parents[1] / "plugins" / "fixtures" / "ldm"
    paths = [READY, NOT_READY, ldm_fixtures / "validity" / "held-2021.toml"]
    verdicts = set()
    for as_of in ("2025-01-01", "2026-01-01", "2026-07-01"):
        result = cli("evaluate", *paths, "--format", "json", "--as-of", as_of)
        jsonschema.validate(report(result), SCHEMA)
        verdicts |= {label["verdict"] for label in labels_of(result)}
    assert verdicts == {"ready", "not-ready", "valid", "renewal-due", "expired"}
    if "euroscol" in registry.labels:
        result = cli(
            "evaluate", FIXTURES / "two-labels", "--format", "json", "--as-of", "2026-05-20"
        )
        jsonschema.validate(report(result), SCHEMA)
        statuses = {
            (c["status"], c.get("via")) for label in labels_of(result) for c in label["criteria"]
        }
        assert ("met-by-equivalence", "euroscol") in statuses and ("met", None) in statuses


def test_finding_kinds_name_what_was_checked(cli):
    result = cli("evaluate", NOT_READY, WARNING, "--format", "json")
    kinds = {(f["rule"], f["kind"]) for label in labels_of(result) for f in label["findings"]}
    assert ("LDM-DOC-REQUIRED", "required-document") in kinds
    assert ("LDM-AUDIT-CALENDAR", "deadline") in kinds
    assert ("LDM-DESCRIPTOR-EVIDENCE", "evidence-per-criterion") in kinds


def test_the_json_report_is_byte_identical_from_one_run_to_the_next(cli):
    args = ("evaluate", CAMPAIGN, INVALID, "--format", "json", "--as-of", "2026-05-20")
    first, second = cli(*args), cli(*args)
    assert first.stdout_bytes == second.stdout_bytes and first.stdout_bytes


def test_the_json_lines_report_has_one_line_per_dossier_then_the_summary(cli):
    result = cli("evaluate", CAMPAIGN, "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [("path" in line, "summary" in line) for line in lines] == [(True, False)] * 3 + [
        (False, True)
    ]
    assert {line["format"] for line in lines} == {"labelcheck-report/1"}


def test_output_writes_the_report_to_a_file(cli, tmp_path):
    target = tmp_path / "report.json"
    result = cli("evaluate", READY, "--format", "json", "--output", target)
    assert result.exit_code == 0 and result.stdout == ""
    jsonschema.validate(json.loads(target.read_text("utf-8")), SCHEMA)


@pytest.mark.parametrize("seconds", ["1e10", "inf", "nan", "-1"])
def test_a_timeout_no_timer_can_hold_is_bad_usage(cli, seconds):
    """Past a day the system's timer could not be set: every dossier became an internal error."""
    result = cli("evaluate", READY, "--timeout", seconds)
    assert result.exit_code == 2 and "--timeout" in result.output


@pytest.mark.parametrize("command", ["evaluate", "campaign"])
def test_an_empty_output_path_is_bad_usage(cli, command):
    """A script's variable left empty: `-o ""` named no file, and its error the system's code."""
    result = cli(command, READY, "-o", "")
    assert result.exit_code == 2 and "chemin vide" in result.output


@pytest.mark.parametrize(
    "args, said",
    [
        (["evaluate", READY, "--profile", ""], "profil vide"),
        (["compare", READY, READY, "--profile", ""], "profil vide"),
        (["campaign", READY, "--profile", ""], "profil vide"),
        (["explain", "LDM-DOC-REQUIRED", "--profile", ""], "profil vide"),
        (["schema", "--profile", ""], "profil vide"),
        (["evaluate", READY, "--baseline", ""], "chemin vide"),
        (["evaluate", ""], "chemin vide"),
        (["campaign", ""], "chemin vide"),
        (["compare", "", READY], "chemin vide"),
    ],
)
def test_an_empty_profile_baseline_or_path_is_bad_usage(cli, args, said):
    """A script's variable left empty: `--profile ""` judged each dossier under its academy's
    profile and `--baseline ""` counted every finding, both without a word (exit 0 or 1);
    an empty path was « chemin introuvable : » naming nothing."""
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert said in result.output.replace("\u202f", " ")
    assert "Traceback" not in result.output


def test_init_into_an_empty_directory_name_is_bad_usage(cli, tmp_path, monkeypatch):
    """`labelcheck init "$DIR"` with DIR empty wrote the starter into the current folder."""
    monkeypatch.chdir(tmp_path)
    result = cli("init", "")
    assert result.exit_code == 2 and "chemin vide" in result.output.replace("\u202f", " ")
    assert not (tmp_path / "dossier.toml").exists()


@pytest.mark.parametrize(
    ("option", "given", "meant"),
    [("--fail-on", "blocker", "blocking"), ("--format", "jsn", "json")],
)
def test_a_choice_misspelt_is_refused_in_french_with_the_closest(cli, option, given, meant):
    result = cli("evaluate", READY, option, given)
    assert result.exit_code == 2
    said = result.output.replace("\u202f", " ")
    assert f"« {given} » n'est pas l'une des valeurs" in said
    assert f"vouliez-vous dire « {meant} » ?" in said and f"'{given}'" not in said


@pytest.mark.parametrize(
    ("fmt", "digests"), [("json", True), ("jsonl", True), ("text", False), ("html", False)]
)
def test_only_the_json_reports_read_the_pieces_for_a_digest(cli, monkeypatch, fmt, digests):
    # The digest is what `compare` reads in a JSON report; the other formats do not show it,
    # and making it reads every piece of every dossier (a national run: 120,000 files).
    from labelcheck.core import engine as engine_module

    made = []
    real = engine_module.dossier_digest
    monkeypatch.setattr(engine_module, "dossier_digest", lambda *a: made.append(a) or real(*a))
    result = cli("evaluate", READY, "--format", fmt, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert bool(made) is digests
    if digests:
        assert '"digest": "sha256:' in result.stdout.replace('":"', '": "')
