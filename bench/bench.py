"""Benchmarks of labelcheck on generated dossiers: a table on stdout, bench/out/results.json.

    python bench/bench.py                 # everything (10,000-dossier runs included)
    python bench/bench.py --quick         # small sets, a minute or so
    python bench/bench.py --only stages,labels --n 500

Parts (`--only`, comma-separated):
  stages      issue 2: parse, validation, evaluation, output per dossier (in process)
  labels      issue 3: evaluation against LDM alone vs all four labels, same dossiers
  throughput  issue 4: the real CLI in JSONL vs merely parsing and validating the same files
  memory      issue 4: peak RSS of the CLI on the big set vs the small one (target: within 10 %)
  jobs        issue 4: CLI wall time --jobs 2 vs --jobs 1 (target: >= 1.7x)
  cold        issue 4: one dossier from a cold start, median of 5 runs (target: < 0.5 s)

Dossiers come from bench/generate.py into bench/out/dossiers-N (made when
absent, or when made with another seed or other labels).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
EXAMPLE = ROOT / "examples" / "lp-jean-lurcat"
PARTS = ("stages", "labels", "throughput", "memory", "jobs", "cold")
FOUR_LABELS = ("ldm", "euroscol", "e3d", "eduform")
TARGETS = {"memory_growth": 0.10, "jobs_speedup": 1.7, "cold_start_s": 0.5}

sys.path.insert(0, str(HERE))  # generate.py, beside this file


# -- data sets -----------------------------------------------------------------------


def dossier_set(count: int, seed: int, labels: tuple[str, ...], regenerate: bool = False) -> Path:
    """bench/out/dossiers-COUNT, generated unless it is already there with the same settings."""
    import generate

    folder = OUT / f"dossiers-{count}"
    marker = folder / "generated.json"
    wanted = {"count": count, "seed": seed, "labels": list(labels)}
    if not regenerate and marker.exists() and json.loads(marker.read_text()) == wanted:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    counts = generate.generate(count, folder, labels, seed)
    marker.write_text(json.dumps(wanted))
    print(
        f"  generated {count} dossiers in {folder.relative_to(ROOT)} "
        f"({time.perf_counter() - start:.1f} s: {counts})",
        file=sys.stderr,
    )
    return folder


def dossier_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/dossier.toml"))


# -- statistics ----------------------------------------------------------------------


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def stats(seconds: list[float]) -> dict[str, float]:
    """Mean and p95 per dossier in milliseconds, total in seconds."""
    return {
        "mean_ms": statistics.fmean(seconds) * 1000,
        "p95_ms": p95(seconds) * 1000,
        "total_s": sum(seconds),
    }


class NullSink(io.TextIOBase):
    """An in-memory sink that only counts what a writer writes (no growth across dossiers)."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


# -- issue 2: the stages, in process ----------------------------------------------------


def measure_stages(files: list[Path], labels: tuple[str, ...] = ()) -> dict[str, Any]:
    """Each stage of `load` + evaluation + output, timed apart for every dossier."""
    from labelcheck.core.engine import Engine
    from labelcheck.core.loading import validate
    from labelcheck.core.sourcemap import LazyLines
    from labelcheck.core.toml import loads
    from labelcheck.core.writers.json import JsonLinesWriter, JsonWriter

    start = time.perf_counter()
    engine = Engine.create(labels=labels)
    setup = time.perf_counter() - start
    json_sink, jsonl_sink = NullSink(), NullSink()
    json_writer = JsonWriter(json_sink, engine.profile.name)
    jsonl_writer = JsonLinesWriter(jsonl_sink, engine.profile.name)
    times: dict[str, list[float]] = {
        k: [] for k in ("parse", "validate", "evaluate", "output_json", "output_jsonl")
    }
    invalid = 0
    clock = time.perf_counter
    for path in files:
        t0 = clock()
        text = path.read_text(encoding="utf-8")
        data = loads(text)
        t1 = clock()
        # As `load` does: the line map is made only if an error needs a line number.
        loaded = validate(path, data, None, LazyLines(text, False), engine.registry, engine.profile)
        t3 = clock()
        result = engine.evaluate_loaded(loaded, path.as_posix())
        t4 = clock()
        json_writer.dossier(result)
        t5 = clock()
        jsonl_writer.dossier(result)
        t6 = clock()
        invalid += loaded.dossier is None
        for key, begin, end in (
            ("parse", t0, t1),
            ("validate", t1, t3),
            ("evaluate", t3, t4),
            ("output_json", t4, t5),
            ("output_jsonl", t5, t6),
        ):
            times[key].append(end - begin)
    pipeline = [
        sum(times[k][i] for k in ("parse", "validate", "evaluate", "output_json"))
        for i in range(len(files))
    ]
    return {
        "dossiers": len(files),
        "invalid": invalid,
        "labels": list(labels) or sorted(engine.registry.labels),
        "engine_setup_s": setup,
        "stages": {key: stats(values) for key, values in times.items()},
        "pipeline": stats(pipeline),
    }


def part_stages(args, small: Path) -> dict[str, Any]:
    return measure_stages(dossier_files(small))


# -- issue 3: one label vs four -------------------------------------------------------------


def part_labels(args, small: Path) -> dict[str, Any]:
    files = dossier_files(small)
    one = measure_stages(files, ("ldm",))
    four = measure_stages(files, tuple(label for label in FOUR_LABELS if label in _installed()))
    ratio = four["stages"]["evaluate"]["total_s"] / one["stages"]["evaluate"]["total_s"]
    return {
        "ldm": one,
        "four": four,
        "evaluate_ratio": ratio,
        "pipeline_ratio": four["pipeline"]["total_s"] / one["pipeline"]["total_s"],
    }


def _installed() -> set[str]:
    from labelcheck.core.registry import Registry

    return set(Registry.from_plugins().labels)


# -- issue 4: the real CLI, in subprocesses -----------------------------------------------


def _labelcheck_command() -> list[str]:
    """The installed `labelcheck` script beside this Python, else the same module run with -m."""
    script = Path(sys.executable).with_name("labelcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "labelcheck.core.cli"]


LABELCHECK = _labelcheck_command()

# Runs a command in a fresh process and prints its wall time, CPU time and peak RSS (the
# command and the workers it waited for; nothing else), and how busy the machine was
# meanwhile with other work (the machine is shared: a figure taken while another
# process held a core says so).
_MEASURE = """
import json, os, resource, subprocess, sys, time

def cpu_jiffies():
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return None
    return sum(fields) - fields[3] - fields[4], sum(fields)  # busy (not idle, not iowait), all

commands = json.loads(sys.argv[1])  # run together, as concurrent processes
before = cpu_jiffies()
start = time.perf_counter()
running = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in commands]
outcomes = [(p.communicate()[1], p.returncode) for p in running]
wall = time.perf_counter() - start
after = cpu_jiffies()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
others = None
if before and after and after[1] > before[1]:
    busy = (after[0] - before[0]) / (after[1] - before[1]) * os.cpu_count()  # cores busy on average
    others = max(0.0, busy - cpu / wall)
print(json.dumps({"wall_s": wall, "cpu_s": cpu, "maxrss_kib": usage.ru_maxrss,
                  "rc": max(rc for _, rc in outcomes),
                  "stderr_lines": sum(len(err.splitlines()) for err, _ in outcomes), "other_load_cores": others}))
"""

# Parses and validates every dossier.toml under a folder, as `load` does, and no more.
_PARSE_VALIDATE = """
import sys
from pathlib import Path
from labelcheck.core.loading import discover, load
from labelcheck.core.profiles import resolve_profile
from labelcheck.core.registry import Registry
registry = Registry.from_plugins()
profile = resolve_profile(registry, None)
passes = int(sys.argv[2]) if len(sys.argv) > 2 else 1
for _ in range(passes):
    invalid = sum(load(p, registry, profile).dossier is None for p in discover([sys.argv[1]]) if isinstance(p, Path))
print(invalid)
"""


def measured(*commands: list[str], repeat: int = 1, env: dict | None = None) -> dict[str, Any]:
    """Wall time, CPU time and peak RSS of `commands` (run concurrently), from a fresh measuring
    process; with `repeat`, the run of least wall time (the least disturbed by other work)."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _MEASURE, json.dumps(commands)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        )
        runs.append(json.loads(out.stdout))
    best = min(runs, key=lambda r: r["wall_s"])
    return best | ({"walls_s": [r["wall_s"] for r in runs]} if repeat > 1 else {})


def cli_jsonl(folder: Path, jobs: int = 1) -> list[str]:
    return [
        *LABELCHECK,
        "evaluate",
        str(folder),
        "--format",
        "jsonl",
        "-o",
        os.devnull,
        "--jobs",
        str(jobs),
    ]


def part_throughput(args, big: Path) -> dict[str, Any]:
    """The CLI's JSONL rate as a share of the parse-and-validate rate, `repeat` times two ways.
    This machine's speed drifts by a third within a minute, with no steal time recorded, so:
    - back to back: each command alone, one after the other;
    - side by side: both started together, one per core, so that both run on the same
      machine at the same moments; the script goes over the files twice, about the time
      the CLI takes once, and each process is timed by itself.
    The figure kept is the median of the side-by-side runs."""
    count = len(dossier_files(big))
    parse_validate = [sys.executable, "-c", _PARSE_VALIDATE, str(big)]
    pairs = [(measured(cli_jsonl(big)), measured(parse_validate)) for _ in range(args.repeat)]
    back_to_back = [parse["wall_s"] / cli["wall_s"] for cli, parse in pairs]
    together = [
        _side_by_side(cli_jsonl(big), [*parse_validate, "2"], count, 2) for _ in range(args.repeat)
    ]
    shares = [run["share"] for run in together]
    median = together[shares.index(statistics.median_low(shares))]
    cli, parse = pairs[back_to_back.index(statistics.median_low(back_to_back))]
    return {
        "dossiers": count,
        "cli": cli,
        "parse_validate": parse,
        "cli_per_s": count / cli["wall_s"],
        "parse_validate_per_s": count / parse["wall_s"],
        "back_to_back_shares": back_to_back,
        "side_by_side": together,
        "side_by_side_shares": shares,
        "cli_share_of_parse_validate": median["share"],
    }


def _side_by_side(
    cli: list[str], parse_validate: list[str], count: int, passes: int
) -> dict[str, Any]:
    start = time.perf_counter()
    ends: dict[str, float] = {}
    processes = {
        "cli": subprocess.Popen(
            cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
        ),
        "parse_validate": subprocess.Popen(parse_validate, stdout=subprocess.DEVNULL, cwd=ROOT),
    }
    while len(ends) < len(processes):
        for name, process in processes.items():
            if name not in ends and process.poll() is not None:
                ends[name] = time.perf_counter()
        time.sleep(0.01)
    cli_rate = count / (ends["cli"] - start)
    parse_rate = passes * count / (ends["parse_validate"] - start)
    return {
        "cli_wall_s": ends["cli"] - start,
        "parse_validate_wall_s": ends["parse_validate"] - start,
        "parse_validate_passes": passes,
        "cli_per_s": cli_rate,
        "parse_validate_per_s": parse_rate,
        "share": cli_rate / parse_rate,
    }


def part_memory(args, small: Path, big: Path) -> dict[str, Any]:
    runs = {}
    for name, folder in (("small", small), ("big", big)):
        runs[name] = measured(cli_jsonl(folder), repeat=args.repeat) | {
            "dossiers": len(dossier_files(folder))
        }
    growth = runs["big"]["maxrss_kib"] / runs["small"]["maxrss_kib"] - 1
    return {
        **runs,
        "growth": growth,
        "target": TARGETS["memory_growth"],
        "met": growth <= TARGETS["memory_growth"],
    }


def part_jobs(args, big: Path) -> dict[str, Any]:
    """--jobs 2 against --jobs 1; and the most any parallel run can gain on this machine:
    two independent --jobs 1 processes on the two halves (--shard), with no exchange at all."""
    one = measured(cli_jsonl(big, 1), repeat=args.repeat)
    two = measured(cli_jsonl(big, 2), repeat=args.repeat)
    halves = measured(
        *(cli_jsonl(big, 1) + ["--shard", f"{i}/2"] for i in (1, 2)), repeat=args.repeat
    )
    speedup, ceiling = one["wall_s"] / two["wall_s"], one["wall_s"] / halves["wall_s"]
    # CPU time varies far less than wall time on a shared machine: with both cores kept
    # busy, --jobs 2 can at best be 2 x CPU(--jobs 1) / CPU(--jobs 2) faster.
    cpu_bound = 2 * one["cpu_s"] / two["cpu_s"]
    return {
        "dossiers": len(dossier_files(big)),
        "jobs_1": one,
        "jobs_2": two,
        "two_shards": halves,
        "speedup": speedup,
        "ceiling": ceiling,
        "share_of_ceiling": speedup / ceiling,
        "cpu_bound_speedup": cpu_bound,
        "target": TARGETS["jobs_speedup"],
        "met": speedup >= TARGETS["jobs_speedup"],
        "cores": os.cpu_count(),
    }


def part_cold(args) -> dict[str, Any]:
    """One dossier, each run a new process. Measured as this environment is (here
    PYTHONDONTWRITEBYTECODE=1: labelcheck's own modules are compiled at every start),
    then with Python's bytecode cache allowed, as on a usual installation."""
    command = [*LABELCHECK, "evaluate", str(EXAMPLE)]
    out = {}
    for name, env in (
        ("as_is", None),
        ("bytecode_cached", _env_without("PYTHONDONTWRITEBYTECODE")),
    ):
        measured(
            command, env=env
        )  # warm-up: parser tables and bytecode caches written, files in the page cache
        runs = [measured(command, env=env) for _ in range(args.cold_runs)]
        walls = [r["wall_s"] for r in runs]
        out[name] = {
            "runs_s": walls,
            "median_s": statistics.median(walls),
            "rc": runs[0]["rc"],
            "maxrss_kib": runs[0]["maxrss_kib"],
            "other_load_cores": [r["other_load_cores"] for r in runs],
        }
    median = out["as_is"]["median_s"]
    return {
        **out,
        "median_s": median,
        "target_s": TARGETS["cold_start_s"],
        "met": median < TARGETS["cold_start_s"],
        "environment": {"PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE")},
    }


def _env_without(name: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != name}


# -- the table ---------------------------------------------------------------------------------


def _ms(s: dict) -> str:
    return f"{s['mean_ms']:8.2f} {s['p95_ms']:8.2f} {s['total_s']:9.2f}"


def print_stages(title: str, result: dict[str, Any]) -> None:
    print(
        f"\n{title}: {result['dossiers']} dossiers ({result['invalid']} invalid), labels "
        f"{', '.join(result['labels'])}; engine set up once in {result['engine_setup_s']:.2f} s"
    )
    print(f"  {'stage':14} {'mean ms':>8} {'p95 ms':>8} {'total s':>9}")
    for key, value in result["stages"].items():
        print(f"  {key:14} {_ms(value)}")
    print(f"  {'pipeline':14} {_ms(result['pipeline'])}   (parse + validate + evaluate + json)")


def _others(m: dict) -> str:
    others = m.get("other_load_cores")
    return f"(other work on the machine: {others:.2f} cores)" if others is not None else ""


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def report(results: dict[str, Any]) -> None:
    parts = results["parts"]
    if "stages" in parts:
        print_stages("Stages (issue 2)", parts["stages"])
    if "labels" in parts:
        r = parts["labels"]
        print(f"\nOne label vs four (issue 3), {r['ldm']['dossiers']} dossiers")
        print(
            f"  {'':14} {'evaluate mean ms':>17} {'p95 ms':>8} {'total s':>8} {'pipeline total s':>17}"
        )
        for name in ("ldm", "four"):
            e, p = r[name]["stages"]["evaluate"], r[name]["pipeline"]
            print(
                f"  {name:14} {e['mean_ms']:17.2f} {e['p95_ms']:8.2f} {e['total_s']:8.2f} {p['total_s']:17.2f}"
            )
        print(
            f"  four / ldm: evaluation x{r['evaluate_ratio']:.2f}, whole pipeline x{r['pipeline_ratio']:.2f}"
        )
    if "throughput" in parts:
        r = parts["throughput"]
        print(f"\nThroughput (issue 4), {r['dossiers']} dossiers")
        print(
            f"  CLI jsonl --jobs 1      {r['cli']['wall_s']:7.1f} s  {r['cli_per_s']:7.0f} dossiers/s {_others(r['cli'])}"
        )
        print(
            f"  parse + validate only   {r['parse_validate']['wall_s']:7.1f} s  {r['parse_validate_per_s']:7.0f} "
            f"dossiers/s {_others(r['parse_validate'])}"
        )
        print(
            "  CLI rate / parse + validate rate, each run back to back: "
            + ", ".join(f"{100 * v:.0f} %" for v in r["back_to_back_shares"])
        )
        print(
            "  the same, side by side (one core each, same moments): "
            + ", ".join(
                f"{100 * v['share']:.0f} % ({v['cli_per_s']:.0f} vs {v['parse_validate_per_s']:.0f}/s)"
                for v in r["side_by_side"]
            )
        )
        print(
            f"  CLI at {100 * r['cli_share_of_parse_validate']:.0f} % of the parse + validate rate "
            f"(median side by side; target >= 50 %: {_verdict(r['cli_share_of_parse_validate'] >= 0.5)})"
        )
    if "memory" in parts:
        r = parts["memory"]
        print(
            f"\nPeak memory of the CLI (issue 4): {r['small']['dossiers']} dossiers "
            f"{r['small']['maxrss_kib'] / 1024:.1f} MiB, {r['big']['dossiers']} dossiers "
            f"{r['big']['maxrss_kib'] / 1024:.1f} MiB: {100 * r['growth']:+.1f} % "
            f"(target within {100 * r['target']:.0f} %: {_verdict(r['met'])})"
        )
    if "jobs" in parts:
        r = parts["jobs"]
        print(f"\n--jobs 2 vs --jobs 1 (issue 4), {r['dossiers']} dossiers, {r['cores']} cores")
        for name, title in (
            ("jobs_1", "--jobs 1"),
            ("jobs_2", "--jobs 2"),
            ("two_shards", "2 x --shard i/2"),
        ):
            m = r[name]
            print(f"  {title:18} {m['wall_s']:7.1f} s wall {m['cpu_s']:7.1f} s CPU {_others(m)}")
        print(
            f"  speedup x{r['speedup']:.2f} (target x{r['target']}: {_verdict(r['met'])}); this machine's "
            f"ceiling (two independent processes) x{r['ceiling']:.2f}: {100 * r['share_of_ceiling']:.0f} % of it"
        )
        print(
            f"  from CPU time (steadier): --jobs 2 can at best be x{r['cpu_bound_speedup']:.2f} "
            f"(2 x {r['jobs_1']['cpu_s']:.1f} / {r['jobs_2']['cpu_s']:.1f} s)"
        )
    if "cold" in parts:
        r = parts["cold"]
        print("\nCold start, one dossier (issue 4)")
        for name, title in (
            ("as_is", "as this environment is"),
            ("bytecode_cached", "bytecode cache allowed"),
        ):
            m = r[name]
            print(
                f"  {title:24} median {m['median_s']:.3f} s of {', '.join(f'{s:.3f}' for s in m['runs_s'])}"
            )
        print(f"  target < {r['target_s']} s: {_verdict(r['met'])}")


# -- command line --------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"parts to run, among {', '.join(PARTS)}"
    )
    parser.add_argument(
        "--n", type=int, default=1000, help="dossiers for stages, labels, memory (small set)"
    )
    parser.add_argument(
        "--big", type=int, default=10_000, help="dossiers for throughput, memory, jobs"
    )
    parser.add_argument("--quick", action="store_true", help="--n 100 --big 1000, 3 cold runs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each big CLI measure; the least disturbed (least wall time) is kept",
    )
    parser.add_argument("--regenerate", action="store_true", help="generate the dossiers again")
    parser.add_argument("--results", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.big, args.cold_runs = 100, 1000, 3
    args.parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(
            f"unknown part(s) {', '.join(sorted(unknown))}; choose among {', '.join(PARTS)}"
        )
    return args


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    labels = tuple(label for label in FOUR_LABELS if label in _installed())
    OUT.mkdir(exist_ok=True)
    small = (
        dossier_set(args.n, args.seed, labels, args.regenerate)
        if set(args.parts) & {"stages", "labels", "memory"}
        else None
    )
    big = (
        dossier_set(args.big, args.seed, labels, args.regenerate)
        if set(args.parts) & {"throughput", "memory", "jobs"}
        else None
    )
    runners: dict[str, Callable[[], dict]] = {
        "stages": lambda: part_stages(args, small),
        "labels": lambda: part_labels(args, small),
        "throughput": lambda: part_throughput(args, big),
        "memory": lambda: part_memory(args, small, big),
        "jobs": lambda: part_jobs(args, big),
        "cold": lambda: part_cold(args),
    }
    results: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "seed": args.seed,
        "labels": list(labels),
        "parts": {},
    }
    for part in args.parts:
        print(f"running {part}…", file=sys.stderr)
        results["parts"][part] = runners[part]()
    report(results)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"\nresults: {args.results}")


if __name__ == "__main__":
    main()
