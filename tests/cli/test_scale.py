"""Many dossiers in CI: `--jobs N` changes nothing but the speed, `--shard I/N` splits a
repository into shares that cover it once, `jsonl` streams one line per dossier.

Contract: spec/cli-and-report.md (`--jobs N` for many dossiers; jsonl "streamed,
for thousands of dossiers"; output deterministic). The repository of dossiers is
generated from the examples and the CLI fixtures: copies, copies changed a little,
invalid ones, in nested folders.
"""

from __future__ import annotations

import json
import re
import select
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from labelcheck.core import run
from processes import command, environment, install_test_plugin, labelcheck
from support import report

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = json.loads((FIXTURES / "report-contract.schema.json").read_text("utf-8"))
INVALID = ROOT / "tests" / "core" / "fixtures" / "invalid"
AS_OF = "2026-05-20"

# Where each source dossier goes in the generated repository (nested like an academy's tree).
SOURCES = {
    "lp-jean-lurcat": ROOT / "examples" / "lp-jean-lurcat",
    "lycee-multilabel": ROOT / "examples" / "lycee-multilabel",
    "lp-ready": FIXTURES / "campaign" / "lp-ready",
    "orleans/lp-warning": FIXTURES / "campaign" / "orleans" / "lp-warning",
    "orleans/tours/lp-not-ready": FIXTURES / "campaign" / "orleans" / "tours" / "lp-not-ready",
    "two-labels": FIXTURES / "two-labels",
}


def renamed(text: str) -> str:
    return re.sub(r'^name = "(.*)"', r'name = "\1 (copie)"', text, count=1, flags=re.MULTILINE)


def unknown_key(text: str) -> str:
    return text.replace("[establishment]\n", '[establishment]\nadresse = "1 rue de la Gare"\n', 1)


def wrong_kind(text: str) -> str:
    return re.sub(r'^kind = ".*"', 'kind = "lycee"', text, count=1, flags=re.MULTILINE)


# name -> (how the dossier text changes, whether its pieces/ folder is kept, whether it stays valid)
MUTATIONS: dict[str, tuple[Callable[[str], str], bool, bool]] = {
    "as-is": (str, True, True),
    "renamed": (renamed, True, True),
    "without-pieces": (str, False, True),  # DOC-FILE-MISSING where a piece names its file
    "unknown-key": (unknown_key, True, False),
    "wrong-kind": (wrong_kind, True, False),
}
UNREADABLE = ("syntax-error.toml", "three-errors.toml")
DOSSIERS = len(SOURCES) * len(MUTATIONS) + len(UNREADABLE)
INVALID_DOSSIERS = len(SOURCES) * 2 + len(UNREADABLE)


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """~30 dossiers: every source under every mutation, plus two unreadable files, in nested folders."""
    root = tmp_path_factory.mktemp("dossiers")
    for mutation, (change, keep_pieces, _) in MUTATIONS.items():
        for place, source in SOURCES.items():
            target = root / mutation / place
            ignore = None if keep_pieces else shutil.ignore_patterns("pieces")
            shutil.copytree(source, target, ignore=ignore)
            text = (source / "dossier.toml").read_text("utf-8")
            (target / "dossier.toml").write_text(change(text), encoding="utf-8")
    for name in UNREADABLE:
        target = root / "zz-unreadable" / Path(name).stem
        target.mkdir(parents=True)
        shutil.copy(INVALID / name, target / "dossier.toml")
    return root


def evaluate(cli, *args):
    """`labelcheck evaluate ARGS --as-of AS_OF`: held labels judged at a fixed date, not today."""
    return cli("evaluate", *args, "--as-of", AS_OF)


def jsonl_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def paths_of(result) -> list[str]:
    return [line["path"] for line in jsonl_lines(result.stdout) if "summary" not in line]


def test_the_generated_repository_holds_valid_invalid_and_nested_dossiers(repository, cli):
    data = report(evaluate(cli, repository, "--format", "json"))
    assert (
        data["summary"]["dossiers"] == DOSSIERS and data["summary"]["invalid"] == INVALID_DOSSIERS
    )
    verdicts = Counter(
        label["verdict"] for dossier in data["dossiers"] for label in dossier["labels"]
    )
    assert verdicts["ready"] and verdicts["not-ready"]
    depths = {
        len(Path(dossier["path"]).relative_to(repository).parts) for dossier in data["dossiers"]
    }
    assert depths == {3, 4, 5}  # e.g. as-is/orleans/tours/lp-not-ready/dossier.toml


# -- --jobs N ------------------------------------------------------------------------------


# Every format (pdf apart: it is tested in tests/writers), --jobs workers rendering each dossier.
FORMATS = ["text", "json", "jsonl", "junit", "sarif", "codequality", "markdown", "html", "ics"]


@pytest.mark.parametrize(
    "options",
    [("--format", fmt) for fmt in FORMATS] + [("--format", "markdown", "--summary-only")],
    ids=[*FORMATS, "markdown-summary-only"],
)
def test_the_report_is_byte_identical_whatever_the_number_of_jobs(options, repository, cli):
    runs = {jobs: evaluate(cli, repository, *options, "--jobs", jobs) for jobs in (1, 2, 3)}
    # Schools by path, or by name where the report shows no path (the renamed ones: « (copie) »).
    named = "ics" in options or "--summary-only" in options
    assert runs[1].stdout_bytes.count(b"(copie)" if named else b"lp-not-ready") >= 3
    for jobs in (2, 3):
        assert runs[jobs].stdout_bytes == runs[1].stdout_bytes, f"--jobs {jobs}"
        assert runs[jobs].stderr == runs[1].stderr, f"--jobs {jobs}"  # the invalid dossiers, named
        assert runs[jobs].exit_code == runs[1].exit_code == 2  # invalid dossiers among them


def test_results_come_back_in_order_when_the_workers_finish_out_of_order(
    repository, cli, monkeypatch
):
    monkeypatch.setattr(run, "CHUNK", 1)  # one dossier per task: the workers' results interleave
    args = (repository, "--format", "json")
    assert evaluate(cli, *args, "--jobs", 3).stdout_bytes == evaluate(cli, *args).stdout_bytes


def test_the_exit_status_is_the_same_whatever_the_number_of_jobs(repository, cli):
    valid = repository / "renamed"
    assert [cli("evaluate", valid, "--jobs", jobs).exit_code for jobs in (1, 2, 3)] == [1, 1, 1]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A folder where the tests' plugin is installed with its entry point: worker processes load it too."""
    return install_test_plugin(tmp_path_factory.mktemp("site"))


def folder_of(root: Path, *sources: tuple[str, Path]) -> Path:
    for name, source in sources:
        shutil.copytree(source, root / name)
    return root


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_an_internal_error_in_a_worker_is_reported_as_in_a_single_process(fmt, site, tmp_path):
    # The dossier the tests' plugin raises on, between two it does not.
    folder = folder_of(
        tmp_path,
        ("a", SOURCES["lp-ready"]),
        ("b-boom", FIXTURES / "boom"),
        ("c", SOURCES["orleans/tours/lp-not-ready"]),
    )
    single, workers = (
        labelcheck("evaluate", folder, "--format", fmt, "--jobs", jobs, env=environment(site))
        for jobs in (1, 2)
    )
    assert single.returncode == workers.returncode == 3, single.stderr
    assert workers.stdout == single.stdout and workers.stderr == single.stderr
    assert b"Traceback" not in workers.stdout + workers.stderr
    assert (
        "b-boom/dossier.toml\u202f: erreur interne\u202f: RuntimeError: la règle de test".encode()
        in workers.stderr
    )
    if fmt == "json":
        a, boom, c = json.loads(workers.stdout)["dossiers"]
        assert "/labelcheck_cli_test_plugin.py:" in boom["internal_error"]  # where it was raised
        verdicts = [label["verdict"] for dossier in (a, c) for label in dossier["labels"]]
        assert verdicts == ["ready", "not-ready"]


def test_a_worker_that_dies_is_reported_and_the_run_ends(site, tmp_path):
    folder = folder_of(tmp_path, ("a", SOURCES["lp-ready"]), ("b-crash", FIXTURES / "crash"))
    result = labelcheck(
        "evaluate", folder, "--format", "json", "--jobs", "2", env=environment(site)
    )
    assert result.returncode == 3, result.stderr
    assert b"Traceback" not in result.stdout + result.stderr
    crashed = [
        d
        for d in json.loads(result.stdout)["dossiers"]
        if d["path"].endswith("b-crash/dossier.toml")
    ]
    assert crashed and "le processus qui l'évaluait s'est arrêté" in crashed[0]["internal_error"]


# -- --shard I/N ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_the_shards_cover_every_dossier_once_in_the_same_order(count, repository, cli):
    everything = paths_of(evaluate(cli, repository, "--format", "jsonl"))
    shards = [
        paths_of(evaluate(cli, repository, "--format", "jsonl", "--shard", f"{index}/{count}"))
        for index in range(1, count + 1)
    ]
    assert len(everything) == DOSSIERS
    assert sorted(path for shard in shards for path in shard) == sorted(everything)
    for shard in shards:
        assert shard == [path for path in everything if path in shard]  # the same relative order


def test_a_dossier_added_moves_no_other_to_another_shard(repository, cli, tmp_path):
    """Each dossier's shard is a digest of its path: GitHub keeps each shard's code-scanning
    alerts apart (a SARIF category per shard), and a school added must not make every other
    one's alerts fixed in one shard and new in another (by position, almost all moved)."""
    grown = tmp_path / "dossiers"
    shutil.copytree(repository / "as-is", grown)

    def shards() -> dict[str, int]:
        return {
            path: index
            for index in (1, 2, 3)
            for path in paths_of(evaluate(cli, grown, "--format", "jsonl", "--shard", f"{index}/3"))
        }

    before = shards()
    shutil.copytree(SOURCES[next(iter(SOURCES))], grown / "0-first-in-order")
    after = shards()
    assert len(after) == len(before) + 1
    assert {path: after[path] for path in before} == before


def test_a_shard_runs_with_jobs_too(repository, cli):
    args = (repository, "--format", "json", "--shard", "2/3")
    assert evaluate(cli, *args, "--jobs", 2).stdout_bytes == evaluate(cli, *args).stdout_bytes


def test_a_path_holding_no_dossier_is_named_by_one_shard_and_the_others_evaluated(
    repository, cli, tmp_path
):
    # Discovered in order like any dossier, a typo in a CI matrix fails the one job whose share
    # it falls in, named in its report; every good dossier is evaluated by its own shard.
    nowhere = tmp_path / "nowhere"
    given = (repository / "as-is" / "lp-ready", nowhere, repository / "as-is" / "two-labels")
    paths, statuses = [], []
    for index in (1, 2):
        result = cli("evaluate", *given, "--format", "jsonl", "--shard", f"{index}/2")
        statuses.append(result.exit_code)
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        paths += [line["path"] for line in lines if "path" in line]
    assert sorted(statuses) in ([0, 2], [1, 2])  # only the shard the nowhere path falls in
    assert sorted(paths) == sorted(
        [str(nowhere), *(str(p) for p in (given[0], given[2]) for p in p.rglob("dossier.toml"))]
    )
    assert paths.count(str(nowhere)) == 1


@pytest.mark.parametrize("value", ["0/2", "3/2", "a/b", "1/0", "2", "-1/2", ""])
def test_a_bad_shard_exits_2_saying_what_a_shard_is(value, repository, cli):
    result = cli("evaluate", repository, "--shard", value)
    assert result.exit_code == 2
    assert (
        f"«\u202f{value}\u202f» n'est pas une part\u202f: attendu I/N avec 1 ≤ I ≤ N"
        in result.stderr
    )
    assert "Traceback" not in result.output


# -- jsonl ---------------------------------------------------------------------------------


def test_jsonl_is_one_line_per_dossier_then_a_summary_line(repository, cli):
    *dossiers, summary = jsonl_lines(
        evaluate(cli, repository, "--format", "jsonl").stdout
    )  # each alone
    assert len(dossiers) == DOSSIERS
    assert all(list(line)[:3] == ["format", "path", "uai"] for line in dossiers)
    # The run's provenance on the summary line only, so that dossier lines stay short.
    assert list(summary) == ["format", "profile", "tool", "profile_digest", "summary"]
    assert {line["format"] for line in [*dossiers, summary]} == {"labelcheck-report/1"}


def test_jsonl_holds_the_json_report_line_by_line(repository, cli):
    *dossiers, summary = jsonl_lines(evaluate(cli, repository, "--format", "jsonl").stdout)
    rebuilt = {
        "format": summary["format"],
        "profile": summary["profile"],
        "tool": summary["tool"],
        "profile_digest": summary["profile_digest"],
        "dossiers": [{k: v for k, v in line.items() if k != "format"} for line in dossiers],
        "summary": summary["summary"],
    }
    jsonschema.validate(rebuilt, SCHEMA)
    assert rebuilt == report(evaluate(cli, repository, "--format", "json"))


def test_each_jsonl_dossier_line_is_the_json_reports_dossier_with_its_format(repository, cli):
    """The contract's reader of JSON lines reads `line["uai"]`, `line["path"]`,
    `line["labels"]`: a dossier's line is the object `--format json` puts in its `dossiers`,
    `format` first so that a line alone says what it is (a dossier has no `format` of its own)."""
    *lines, _ = jsonl_lines(evaluate(cli, repository, "--format", "jsonl").stdout)
    dossiers = report(evaluate(cli, repository, "--format", "json"))["dossiers"]
    assert len(lines) == len(dossiers) == DOSSIERS
    for line, dossier in zip(lines, dossiers, strict=True):
        assert {"path", "uai", "labels"} <= set(line) and "format" not in dossier
        assert line == {"format": "labelcheck-report/1", **dossier}
        assert list(line) == ["format", *dossier]  # the same keys in the same order


def test_the_jsonl_summary_counts_the_lines_above_it(repository, cli):
    *dossiers, summary = jsonl_lines(evaluate(cli, repository, "--format", "jsonl").stdout)
    labels = [label for line in dossiers for label in line["labels"]]
    verdicts = Counter(label["verdict"] for label in labels)
    severities = Counter(finding["severity"] for label in labels for finding in label["findings"])
    assert summary["summary"] == {
        "dossiers": DOSSIERS,
        "invalid": sum(bool(line["errors"]) for line in dossiers),
        "labels": len(labels),
        "ready": verdicts["ready"],
        "not_ready": verdicts["not-ready"],
        "valid": verdicts["valid"],
        "renewal_due": verdicts["renewal-due"],
        "expired": verdicts["expired"],
        "internal_errors": 0,
        "blocking": severities["blocking"],
        "warning": severities["warning"],
        "info": severities["info"],
    }
    assert summary["summary"]["invalid"] == INVALID_DOSSIERS


def test_jsonl_lines_appear_as_the_dossiers_are_evaluated(site, tmp_path):
    """The first dossier's line is read while the second is still being evaluated: the
    tests' plugin holds « Lycée Lent » until the test opens the gate. The first line is
    short (an invalid dossier): a long one would pass through the output buffer anyway."""
    folder = folder_of(tmp_path / "dossiers", ("b-slow", FIXTURES / "slow"))
    (folder / "a").mkdir()
    shutil.copy(INVALID / "typo-key.toml", folder / "a" / "dossier.toml")
    gate = tmp_path / "gate"
    process = subprocess.Popen(
        command("evaluate", folder, "--format", "jsonl"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(site, LABELCHECK_TEST_GATE=str(gate)),
    )
    try:
        arrived, _, _ = select.select(
            [process.stdout], [], [], 10
        )  # well before the plugin gives up
        assert arrived, "no line while the second dossier is being evaluated"
        first = json.loads(process.stdout.readline())
        assert process.poll() is None  # still held on the slow dossier
        assert first["path"].endswith("a/dossier.toml") and first["errors"]
    finally:
        gate.touch()
        rest, _ = process.communicate(timeout=60)
    slow, summary = jsonl_lines(rest.decode("utf-8"))
    assert slow["name"] == "Lycée Lent" and summary["summary"]["dossiers"] == 2
