"""bench/bench.py's side-by-side runs (`--versus`): two labelchecks measured turn about.

The bench is a script, not part of the package; these tests check how it orders and reads the
runs, with the measuring itself replaced (nothing here is timed)."""

from __future__ import annotations

import pytest
from support import bench_script


@pytest.fixture(scope="module")
def bench():
    return bench_script("bench")


def fake_measured(order: list[str], figures: dict[str, list[float]]):
    """`measured` replaced: records which command ran, gives its next wall time."""

    def measured(command: list[str]) -> dict:
        name = command[0]
        order.append(name)
        wall = figures[name][sum(1 for n in order if n == name) - 1]
        return {"wall_s": wall, "cpu_s": 2 * wall, "maxrss_kib": 1024, "rc": 0,
                "other_load_cores": None}  # fmt: skip

    return measured


def test_two_versions_run_turn_about_each_first_in_turn(bench, monkeypatch):
    order: list[str] = []
    figures = {"now": [10.0, 30.0, 20.0], "before": [50.0, 40.0, 60.0]}
    monkeypatch.setattr(bench, "measured", fake_measured(order, figures))
    mine, theirs = bench._turn_about([["now", "evaluate"], ["before", "evaluate"]], 3)
    # Each pair one after the other, the first alternating: both meet the same drift.
    assert order == ["now", "before", "before", "now", "now", "before"]
    assert (mine["wall_s"], mine["cpu_s"], mine["walls_s"]) == (20.0, 40.0, [10.0, 30.0, 20.0])
    assert (theirs["wall_s"], theirs["walls_s"]) == (50.0, [50.0, 40.0, 60.0])


def test_versus_names_the_other_labelcheck_by_its_script_or_its_python(bench, tmp_path):
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "labelcheck").write_text("")
    by_script = bench.parse_args(["--versus", str(venv / "labelcheck"), "--national-jobs", "2"])
    by_python = bench.parse_args(["--versus", str(venv / "python")])
    assert by_script.versus_command == by_python.versus_command == [str(venv / "labelcheck")]
    assert by_script.national_jobs == [2]
    assert by_python.national_jobs == [1, 2]
    assert bench.parse_args([]).versus_command is None


def test_national_measures_the_other_beside_each_run(bench, monkeypatch, tmp_path):
    folder = tmp_path / "set"
    for name in ("00000", "00001"):
        (folder / name).mkdir(parents=True)
        (folder / name / "dossier.toml").write_text("")
    order: list[str] = []
    walls = [1.0, 2.0, 3.0]
    monkeypatch.setattr(bench, "LABELCHECK", ["now"])
    monkeypatch.setattr(
        bench, "measured", fake_measured(order, {"now": walls * 2, "before": walls * 2})
    )
    args = bench.parse_args(
        ["--versus", str(tmp_path / "python"), "--national-jobs", "2", "--formats", "html",
         "--repeat", "3"]
    )  # fmt: skip
    args.versus_command = ["before"]
    monkeypatch.setitem(bench.TARGETS, "national_dossiers", 2)  # this set stands for the nation's
    result = bench.part_national(args, folder)
    measured_runs = ["jsonl --jobs 2", "html --jobs 2"]
    assert list(result["runs"]) == list(result["versus"]["runs"]) == measured_runs
    assert order.count("now") == order.count("before") == 6
    assert result["versus"]["runs"]["html --jobs 2"]["cpu_per_dossier_ms"] == 2.0 * 2 / 2 * 1000
    assert result["met"] is True  # every run of the measured labelcheck under 60 s


def test_national_without_a_jobs_2_run_says_nothing_of_the_target(bench, monkeypatch, tmp_path):
    folder = tmp_path / "set" / "00000"
    folder.mkdir(parents=True)
    (folder / "dossier.toml").write_text("")
    monkeypatch.setattr(bench, "measured", fake_measured([], {bench.LABELCHECK[0]: [1.0]}))
    result = bench.part_national(bench.parse_args(["--national-jobs", "1"]), folder.parent)
    assert list(result["runs"]) == ["jsonl --jobs 1"]
    assert result["met"] is None  # a minute with --jobs 2: not measured, neither met nor missed


def test_national_on_a_smaller_set_does_not_judge_the_minute(bench, monkeypatch, tmp_path, capsys):
    folder = tmp_path / "set" / "00000"
    folder.mkdir(parents=True)
    (folder / "dossier.toml").write_text("")
    monkeypatch.setattr(bench, "measured", fake_measured([], {bench.LABELCHECK[0]: [1.0, 1.0]}))
    result = bench.part_national(bench.parse_args(["--quick"]), folder.parent)
    assert list(result["runs"]) == ["jsonl --jobs 1", "jsonl --jobs 2"]
    # One dossier in a second says nothing of 60,000 in a minute: neither met nor missed.
    assert result["met"] is None
    bench.print_national(result)
    assert "under 60 s: not judged on 1 dossier" in capsys.readouterr().out


def test_quick_makes_every_part_small_and_an_option_given_wins(bench):
    quick = bench.parse_args(["--quick"])
    assert (quick.n, quick.big, quick.national_n, quick.formats_sizes, quick.cold_runs) == (
        100, 1000, 1000, [100, 1000], 3
    )  # fmt: skip
    full = bench.parse_args([])
    assert (full.n, full.big, full.national_n, full.formats_sizes, full.cold_runs) == (
        1000, 10_000, 60_000, [1000, 10_000], 5
    )  # fmt: skip
    given = bench.parse_args(["--quick", "--national-n", "5000", "--formats-sizes", "1000"])
    assert (given.national_n, given.formats_sizes, given.big) == (5000, [1000], 1000)


def test_quick_judges_no_target_its_small_sets_cannot_show(bench, monkeypatch, tmp_path):
    folders = {}
    for count in (1, 2):
        folders[count] = tmp_path / f"set-{count}"
        for index in range(count):
            (folders[count] / f"{index:05}").mkdir(parents=True)
            (folders[count] / f"{index:05}" / "dossier.toml").write_text("")
    peaks = iter([70_000, 90_000] * 2)  # +29 %: over the 10 % a national run must keep to

    def measured(*commands, repeat=1, env=None):
        return {"wall_s": 1.0, "cpu_s": 1.0, "maxrss_kib": next(peaks), "walls_s": [1.0],
                "rc": 0, "other_load_cores": None}  # fmt: skip

    monkeypatch.setattr(bench, "measured", measured)
    for options, verdict in ((["--quick"], None), ([], False)):
        result = bench.part_memory(bench.parse_args(options), folders[1], folders[2])
        assert result["met"] is verdict
    assert bench._verdict(None) == "not judged at --quick's sizes"
