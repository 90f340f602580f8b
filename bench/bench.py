"""Benchmarks of labelcheck on generated dossiers: a table on stdout, bench/out/results.json.

    python bench/bench.py                 # everything (10,000-dossier runs included)
    python bench/bench.py --quick         # small sets, a minute or so
    python bench/bench.py --only stages,labels --n 500
    python bench/bench.py --only floors,national --set /tmp/perf-set-60000 --repeat 3
    python bench/bench.py --only national --labelcheck /tmp/before/.venv/bin/labelcheck
    python bench/bench.py --only national --set /tmp/perf-set-60000 --national-jobs 2 \
        --formats html --repeat 3 --versus /tmp/before/.venv/bin/labelcheck

Parts (`--only`, comma-separated):
  stages      issue 2: parse, validation, evaluation, output per dossier (in process), wall and CPU
  labels      issue 3: evaluation against LDM alone vs all four labels, same dossiers
  throughput  issue 4: the real CLI in JSONL vs merely parsing and validating the same files
  memory      issue 4: peak RSS of the CLI on the big set vs the small one (target: within 10 %)
  jobs        issue 4: CLI wall time --jobs 2 vs --jobs 1 (target: >= 1.7x)
  cold        issues 4, 13: one dossier from a cold start, median of 5 runs, and the import
              time of labelcheck.core.cli (target: < 0.3 s)
  floors      issue 13: CPU per dossier of reading, tomli, tomli + pydantic (and a faster
              TOML parser when there is one) against the CLI's, side by side
  national    issue 13: 60,000 dossiers with --jobs 1 and 2: wall, CPU, peak RSS (target: < 60 s);
              with --versus, another labelcheck beside each run, turn about
  formats     issue 13: peak RSS and CPU of every format on 1,000 vs 10,000 dossiers

The command-line parts measure the `labelcheck` given by --labelcheck (by default the one
beside this Python), so that the same bench measures two trees; the in-process parts (stages,
labels) measure the labelcheck this Python imports. Dossiers come from bench/generate.py into
bench/out/dossiers-N (made when absent, or when made with another seed or other labels).
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
PARTS = (
    "stages",
    "labels",
    "throughput",
    "memory",
    "jobs",
    "cold",
    "floors",
    "national",
    "formats",
)
FOUR_LABELS = ("ldm", "euroscol", "e3d", "eduform")
# The formats whose memory must stay flat in the number of dossiers (issue 13; pdf has its own
# bench, pdf_memory.py).
FORMATS = ("json", "jsonl", "text", "junit", "markdown", "html", "sarif", "codequality", "ics")
TARGETS = {
    "memory_growth": 0.10,
    "jobs_speedup": 1.7,
    "cold_start_s": 0.3,
    "national_wall_s": 60.0,  # 60,000 dossiers, --jobs 2, every format
    "national_dossiers": 60_000,  # the minute is for that many: a smaller set says nothing of it
    "cpu_per_dossier_ms": 1.5,  # the CLI, one process
    "floor_share": 0.45,  # the tomli + pydantic floor's CPU / the CLI's, per dossier
    "cli_share": 0.5,  # the CLI's rate / parsing and validating alone, side by side (issue 4)
}
# Every run judges the labels at the same date, so that runs on different days compare.
AS_OF = "2026-05-20"

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


STAGES = ("parse", "validate", "evaluate", "output_json", "output_jsonl")
# The human formats, each rendered alone (Writer.render, what a --jobs worker does): issue 13.
RENDERED = ("text", "junit", "markdown", "html")
PIPELINE = ("parse", "validate", "evaluate", "output_json")


def measure_stages(files: list[Path], labels: tuple[str, ...] = ()) -> dict[str, Any]:
    """Each stage of `load` + evaluation + output, timed apart for every dossier, by the wall
    clock and by this process's CPU time (steadier on a shared machine)."""
    from labelcheck.core.engine import Engine
    from labelcheck.core.loading import validate
    from labelcheck.core.sourcemap import LazyLines
    from labelcheck.core.writers import writer_classes
    from labelcheck.core.writers.json import JsonLinesWriter, JsonWriter

    loads = dossier_parser()

    start = time.perf_counter()
    engine = Engine.create(labels=labels)
    setup = time.perf_counter() - start
    json_sink, jsonl_sink = NullSink(), NullSink()
    json_writer = JsonWriter(json_sink, engine.profile.name)
    jsonl_writer = JsonLinesWriter(jsonl_sink, engine.profile.name)
    classes = writer_classes()
    renderers = {f"render_{name}": classes[name](None, engine.profile.name) for name in RENDERED}
    keys = (*STAGES, *renderers)
    wall: dict[str, list[float]] = {key: [] for key in keys}
    cpu: dict[str, list[float]] = {key: [] for key in keys}
    invalid = 0

    def now() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    for path in files:
        t0 = now()
        text = path.read_text(encoding="utf-8")
        data = loads(text)
        t1 = now()
        # As `load` does: the line map is made only if an error needs a line number.
        loaded = validate(path, data, None, LazyLines(text, False), engine.registry, engine.profile)
        t2 = now()
        result = engine.evaluate_loaded(loaded, path.as_posix())
        t3 = now()
        json_writer.dossier(result)
        t4 = now()
        jsonl_writer.dossier(result)
        t5 = now()
        invalid += loaded.dossier is None
        for key, begin, end in zip(STAGES, (t0, t1, t2, t3, t4), (t1, t2, t3, t4, t5), strict=True):
            wall[key].append(end[0] - begin[0])
            cpu[key].append(end[1] - begin[1])
        for key, renderer in renderers.items():
            begin = now()
            renderer.render(result, 0)
            end = now()
            wall[key].append(end[0] - begin[0])
            cpu[key].append(end[1] - begin[1])
    return {
        "dossiers": len(files),
        "invalid": invalid,
        "labels": list(labels) or sorted(engine.registry.labels),
        "engine_setup_s": setup,
        "stages": {key: stats(values) for key, values in wall.items()},
        "pipeline": stats(_pipeline(wall)),
        "stages_cpu": {key: stats(values) for key, values in cpu.items()},
        "pipeline_cpu": stats(_pipeline(cpu)),
    }


def dossier_parser() -> Callable[[str], Any]:
    """What `load` parses a dossier.toml with: core/toml.py's fast path when it has one
    (None when it refuses a text, read then by `loads`), else `loads`."""
    from labelcheck.core import toml

    fast_loads = getattr(toml, "fast_loads", None)
    if fast_loads is None:
        return toml.loads

    def parse(text: str) -> Any:
        data = fast_loads(text)
        return toml.loads(text) if data is None else data

    return parse


def _pipeline(times: dict[str, list[float]]) -> list[float]:
    """Per dossier, parse + validate + evaluate + JSON output."""
    return [sum(values) for values in zip(*(times[key] for key in PIPELINE), strict=True)]


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


def _labelcheck_command(python: str) -> list[str]:
    """The installed `labelcheck` script beside `python`, else the same module run with -m."""
    script = Path(python).with_name("labelcheck")
    return [str(script)] if script.exists() else [python, "-m", "labelcheck.core.cli"]


# What the command-line parts measure: by default the labelcheck of this Python's environment;
# `--labelcheck` names another (use_labelcheck), to measure two trees with the same bench.
PYTHON = sys.executable
LABELCHECK = _labelcheck_command(PYTHON)


def labelcheck_of(given: Path) -> tuple[str, list[str]]:
    """The Python and the `labelcheck` command of another environment: `given` is its
    `labelcheck` script or its Python (the other one is found beside it). Not resolved: a
    venv's python is a symlink."""
    given = given.absolute()
    if given.name.startswith("python"):
        return str(given), _labelcheck_command(str(given))
    return str(given.with_name("python")), [str(given)]


def use_labelcheck(given: Path) -> None:
    """Measure the labelcheck of another environment (`labelcheck_of`)."""
    global PYTHON, LABELCHECK
    PYTHON, LABELCHECK = labelcheck_of(given)


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
    return cli_report(folder, "jsonl", jobs)


def cli_report(
    folder: Path, output_format: str, jobs: int = 1, labelcheck: list[str] | None = None
) -> list[str]:
    """`labelcheck evaluate` of a folder into /dev/null (a stream: written as it comes), by the
    labelcheck measured or by `labelcheck`."""
    return [
        *(labelcheck or LABELCHECK),
        "evaluate",
        str(folder),
        "--as-of",
        AS_OF,
        "--format",
        output_format,
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
    parse_validate = [PYTHON, "-c", _PARSE_VALIDATE, str(big)]
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
        "met": size_judged(args, median["share"] >= TARGETS["cli_share"]),
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
        "met": size_judged(args, growth <= TARGETS["memory_growth"]),
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
        "met": size_judged(args, speedup >= TARGETS["jobs_speedup"]),
        "cores": os.cpu_count(),
    }


def part_cold(args) -> dict[str, Any]:
    """One dossier, each run a new process. Measured as this environment is (here
    PYTHONDONTWRITEBYTECODE=1: labelcheck's own modules are compiled at every start),
    then with Python's bytecode cache allowed, as on a usual installation. And the time
    `import labelcheck.core.cli` takes, as `python -X importtime` tells it."""
    command = [*LABELCHECK, "evaluate", str(EXAMPLE), "--as-of", AS_OF]
    out = {}
    for name, env in (("as_is", None), ("bytecode_cached", _bytecode_cached_env())):
        measured(
            command, env=env
        )  # warm-up: parser tables and bytecode caches written, files in the page cache
        runs = [measured(command, env=env) for _ in range(args.cold_runs)]
        walls = [r["wall_s"] for r in runs]
        imports = [_import_time(env) for _ in range(args.cold_runs)]
        out[name] = {
            "runs_s": walls,
            "median_s": statistics.median(walls),
            "cpu_median_s": statistics.median(r["cpu_s"] for r in runs),
            "rc": runs[0]["rc"],
            "maxrss_kib": runs[0]["maxrss_kib"],
            "other_load_cores": [r["other_load_cores"] for r in runs],
            "import_cli_runs_s": [i["labelcheck_s"] for i in imports],
            "import_cli_median_s": statistics.median(i["labelcheck_s"] for i in imports),
            "python_startup_imports_median_s": statistics.median(i["startup_s"] for i in imports),
        }
    median = out["as_is"]["median_s"]
    return {
        **out,
        "median_s": median,
        "target_s": TARGETS["cold_start_s"],
        "met": median < TARGETS["cold_start_s"],
        "environment": {"PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE")},
    }


def _bytecode_cached_env() -> dict[str, str]:
    """The bytecode cache allowed, kept in bench/out: never written into a tree measured."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": str(OUT / "pycache")}


def _import_time(env: dict[str, str] | None) -> dict[str, float]:
    """`import labelcheck.core.cli` in a fresh Python, from `-X importtime`: the sum of the
    cumulative times of the top-level imports after `site` (which closes Python's own start-up:
    encodings, io, site and the .pth files). Nested imports are inside their parent's figure."""
    report = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", "import labelcheck.core.cli"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stderr
    top_level = [
        (fields[2][1:], int(fields[1]))  # one space before a top-level name, more when nested
        for line in report.splitlines()
        if line.startswith("import time:")
        and len(fields := line[len("import time:") :].split("|")) == 3
        and fields[1].strip().isdigit()
        and not fields[2][1:].startswith(" ")
    ]
    names = [name for name, _ in top_level]
    after_site = names.index("site") + 1 if "site" in names else 0
    return {
        "startup_s": sum(us for _, us in top_level[:after_site]) / 1e6,
        "labelcheck_s": sum(us for _, us in top_level[after_site:]) / 1e6,
    }


# -- issue 13: per-dossier floors, the national run, every format -------------------------------

# Run by the measured Python beside the CLI: per dossier, the CPU time of what any run must
# do (read the file; parse it; parse and validate it with the pydantic model alone, without
# labelcheck's cross-entry checks), interleaved file by file so that every floor sees the same
# moments of the machine; whole passes over the files until the CLI (its pid in argv) is done.
_FLOORS = """
import json, os, statistics, sys, time, types
from pathlib import Path
import tomli
from pydantic import ValidationError
from labelcheck.core import toml as labelcheck_toml
from labelcheck.core.dossier import Dossier

def read(path):
    with open(path, "rb") as file:
        return file.read()

def parsing(parse):
    return lambda path: parse(read(path).decode("utf-8"))

def validating(parse):
    def floor(path):
        try:
            Dossier.model_validate(parse(read(path).decode("utf-8")))
        except ValidationError:
            pass
    return floor

def fast_parser():
    # core/toml.py's fast path when it has one (None: refused, read by loads), else its parser
    # when it is not tomli, else toml_rs when installed; none otherwise.
    fast_loads = getattr(labelcheck_toml, "fast_loads", None)
    if fast_loads is not None:
        def parse(text):
            data = fast_loads(text)
            return labelcheck_toml.loads(text) if data is None else data
        return "core/toml.py fast_loads", parse
    used = sorted({value.__name__ for value in vars(labelcheck_toml).values()
                   if isinstance(value, types.ModuleType) and value.__name__ in ("toml_rs", "rtoml")})
    if used:
        return f"{'+'.join(used)} (core/toml.py loads)", labelcheck_toml.loads
    try:
        import toml_rs
    except ImportError:
        return None
    return "toml_rs (installed, not used by core/toml.py)", toml_rs.loads

floors = {"read": read, "tomli": parsing(tomli.loads), "tomli_pydantic": validating(tomli.loads)}
fast = fast_parser()
if fast:
    floors |= {"fast": parsing(fast[1]), "fast_pydantic": validating(fast[1])}

def running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True

files = sorted(Path(sys.argv[1]).glob("*/dossier.toml"))
cli_pid = int(sys.argv[2])
names = list(floors)
cpu = {name: [] for name in names}
passes = 0
clock = time.process_time
while passes == 0 or running(cli_pid):
    for i, path in enumerate(files):
        shift = i % len(names)  # each floor takes its turn first, lest one always find caches warm
        for name in names[shift:] + names[:shift]:
            start = clock()
            floors[name](path)
            cpu[name].append(clock() - start)
    passes += 1

def p95(values):
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]

print(json.dumps({"passes": passes, "fast_parser": fast[0] if fast else None,
                  "floors": {name: {"mean_ms": statistics.fmean(v) * 1000, "p95_ms": p95(v) * 1000}
                             for name, v in cpu.items()}}))
"""


def part_floors(args, big: Path) -> dict[str, Any]:
    """The CLI's CPU per dossier (JSONL, --jobs 1) against the floors, measured side by side:
    the CLI on one core, the floors script on the other, `repeat` times; medians kept.
    The CLI's own start-up (a one-dossier run's CPU) is taken off its per-dossier figure."""
    count = len(dossier_files(big))
    one = big / dossier_files(big)[0].parent.name
    startup = statistics.median(measured(cli_jsonl(one))["cpu_s"] for _ in range(3))
    runs = [_floors_beside_cli(big) for _ in range(args.repeat)]
    cli_cpu = statistics.median(run["cli_cpu_s"] for run in runs)
    cli_ms = (cli_cpu - startup) / count * 1000
    floors = {
        name: {
            key: statistics.median(run["floors"][name][key] for run in runs)
            for key in ("mean_ms", "p95_ms")
        }
        for name in runs[0]["floors"]
    }
    shares = {name: floor["mean_ms"] / cli_ms for name, floor in floors.items()}
    return {
        "dossiers": count,
        "runs": runs,
        "fast_parser": runs[0]["fast_parser"],
        "cli_startup_cpu_s": startup,
        "cli_cpu_s": cli_cpu,
        "cli_cpu_per_dossier_ms": cli_ms,
        "cli_cpu_per_dossier_with_startup_ms": cli_cpu / count * 1000,
        "floors": floors,
        "shares": shares,
        "target_cpu_ms": TARGETS["cpu_per_dossier_ms"],
        "target_share": TARGETS["floor_share"],
        "met_cpu": cli_ms <= TARGETS["cpu_per_dossier_ms"],
        "met_share": shares["tomli_pydantic"] >= TARGETS["floor_share"],
    }


def _floors_beside_cli(folder: Path) -> dict[str, Any]:
    start = time.perf_counter()
    cli = subprocess.Popen(
        cli_jsonl(folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    floors = subprocess.Popen(
        [PYTHON, "-c", _FLOORS, str(folder), str(cli.pid)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    # wait4 gives the CLI's own resource use (and its children's), apart from the script's.
    _, status, usage = os.wait4(cli.pid, 0)
    wall = time.perf_counter() - start
    cli.returncode = os.waitstatus_to_exitcode(status)
    output, _ = floors.communicate()
    if floors.returncode:
        raise RuntimeError(f"the floors script failed ({floors.returncode})")
    return {
        "cli_wall_s": wall,
        "cli_cpu_s": usage.ru_utime + usage.ru_stime,
        "cli_rc": cli.returncode,
        **json.loads(output),
    }


def part_national(args, folder: Path) -> dict[str, Any]:
    """The national run: N dossiers (60,000 by default) with the --national-jobs (1 and 2),
    JSONL and the formats of --formats; medians of `repeat` runs of each. With --versus, the
    other labelcheck is run beside each, turn about (`_turn_about`)."""
    count = len(dossier_files(folder))
    formats = ["jsonl", *(f for f in args.format_list or () if f != "jsonl")]
    before = drop_page_cache if args.from_disk else None
    labelchecks = [LABELCHECK, *([args.versus_command] if args.versus_command else [])]
    runs, versus = {}, {}
    for output_format in formats:
        for jobs in args.national_jobs:
            name = f"{output_format} --jobs {jobs}"
            commands = [cli_report(folder, output_format, jobs, lc) for lc in labelchecks]
            runs[name], *theirs = _turn_about(commands, args.repeat, before)
            if theirs:
                versus[name] = theirs[0]
    for run in [*runs.values(), *versus.values()]:
        run["cpu_per_dossier_ms"] = run["cpu_s"] / count * 1000
    walls_j2 = [run["wall_s"] for name, run in runs.items() if name.endswith("--jobs 2")]
    # None: no --jobs 2 run (--national-jobs), or not the 60,000 dossiers the minute is for.
    judged = walls_j2 and count == TARGETS["national_dossiers"]
    return {
        "dossiers": count,
        "folder": str(folder),
        "runs": runs,
        **({"versus": {"command": args.versus_command, "runs": versus}} if versus else {}),
        "page_cache": "dropped before each run" if args.from_disk else "as found",
        "target_wall_s": TARGETS["national_wall_s"],
        "met": max(walls_j2) < TARGETS["national_wall_s"] if judged else None,
    }


def part_formats(args) -> dict[str, Any]:
    """Peak RSS and CPU of each format, --jobs 1, on each size of --formats-sizes: memory must
    not grow with the number of dossiers (largest within 10 % of smallest)."""
    sizes = sorted(args.formats_sizes)
    folders = {size: dataset(args, size) for size in sizes}
    out: dict[str, Any] = {"sizes": sizes, "formats": {}}
    for output_format in args.format_list or FORMATS:
        runs = {
            size: _median_runs(cli_report(folders[size], output_format), args.repeat)
            for size in sizes
        }
        growth = runs[sizes[-1]]["maxrss_kib"] / runs[sizes[0]]["maxrss_kib"] - 1
        out["formats"][output_format] = {
            "runs": {str(size): run for size, run in runs.items()},
            "growth": growth,
            "met": size_judged(args, growth <= TARGETS["memory_growth"]),
        }
    out["target"] = TARGETS["memory_growth"]
    growths = [f["growth"] for f in out["formats"].values()]
    out["met"] = size_judged(args, all(g <= TARGETS["memory_growth"] for g in growths))
    return out


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_page_cache() -> None:
    """The kernel's page cache emptied (Linux, root): the next run reads its files from disk.
    A national set may not fit in the cache: without this, a run finds whatever share of it
    the run before left there, and its system time (reading from disk: 16 s of 150 for
    60,000 HTML reports, measured 4 December) varies with it."""
    os.sync()
    DROP_CACHES.write_text("3\n")


def _median_runs(
    command: list[str], repeat: int, before: Callable[[], None] | None = None
) -> dict[str, Any]:
    """Wall, CPU (the process and its workers) and peak RSS of `repeat` fresh runs (each after
    `before`, if given): medians."""
    return _turn_about([command], repeat, before)[0]


def _turn_about(
    commands: list[list[str]], repeat: int, before: Callable[[], None] | None = None
) -> list[dict[str, Any]]:
    """`_median_runs` of each command (two labelchecks on the same dossiers, say), the commands
    run one after the other in each round, in reverse order every other round: on a shared
    machine the load drifts within minutes, and a version always run first, or all its runs
    before the other's, would meet another load."""
    runs: list[list[dict[str, Any]]] = [[] for _ in commands]
    for round_ in range(repeat):
        order = list(zip(commands, runs, strict=True))
        for command, its_runs in order if round_ % 2 == 0 else reversed(order):
            if before is not None:
                before()
            its_runs.append(measured(command))
    for command, its_runs in zip(commands, runs, strict=True):
        _show_runs(command, its_runs)
    return [_medians(its_runs) for its_runs in runs]


def _show_runs(command: list[str], runs: list[dict[str, Any]]) -> None:
    # These parts take minutes: each command's measures are shown once taken.
    print(
        f"  {' '.join(command)}: "
        + ", ".join(f"{r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU" for r in runs),
        file=sys.stderr,
    )


def _medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    median = {
        key: statistics.median(run[key] for run in runs)
        for key in ("wall_s", "cpu_s", "maxrss_kib")
    }
    return median | {
        "rc": max(run["rc"] for run in runs),
        "walls_s": [run["wall_s"] for run in runs],
        "cpus_s": [run["cpu_s"] for run in runs],
        "other_load_cores": [run["other_load_cores"] for run in runs],
    }


# -- the table ---------------------------------------------------------------------------------


def _ms(s: dict) -> str:
    return f"{s['mean_ms']:8.2f} {s['p95_ms']:8.2f} {s['total_s']:9.2f}"


def print_stages(title: str, result: dict[str, Any]) -> None:
    print(
        f"\n{title}: {result['dossiers']} dossiers ({result['invalid']} invalid), labels "
        f"{', '.join(result['labels'])}; engine set up once in {result['engine_setup_s']:.2f} s"
    )
    print(f"  {'':16} {'wall clock':^27} {'CPU time':^27}")
    print(
        f"  {'stage':16} {'mean ms':>8} {'p95 ms':>8} {'total s':>9} {'mean ms':>8} {'p95 ms':>8} {'total s':>9}"
    )
    cpu = result.get("stages_cpu", {})
    for key, value in result["stages"].items():
        print(f"  {key:16} {_ms(value)} {_ms(cpu[key]) if key in cpu else ''}")
    pipeline_cpu = _ms(result["pipeline_cpu"]) if "pipeline_cpu" in result else ""
    print(f"  {'pipeline':16} {_ms(result['pipeline'])} {pipeline_cpu}")
    print("  (pipeline: parse + validate + evaluate + json)")


def _others(m: dict) -> str:
    others = m.get("other_load_cores")
    return f"(other work on the machine: {others:.2f} cores)" if others is not None else ""


def size_judged(args: argparse.Namespace, met: bool) -> bool | None:
    """A target that depends on the sets' sizes, judged; None at --quick's sizes, too small for
    it: a start-up is a large part of a run of 1,000 dossiers, and the reports' bounded caches
    fill over the first thousands (memory grows from 100 to 1,000, then stays flat)."""
    return None if args.quick else met


def _verdict(met: bool | None) -> str:
    if met is None:
        return "not judged at --quick's sizes"
    return "met" if met else "MISSED"


def report(results: dict[str, Any]) -> None:
    parts = results["parts"]
    python = results["measured"]["interpreter"]
    if "build" in python:
        print(f"Python measured: {python['resolved']}, {python['build']}")
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
            f"(median side by side; target >= {100 * TARGETS['cli_share']:.0f} %: {_verdict(r['met'])})"
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
            if "import_cli_median_s" in m:
                print(
                    f"  {'':24} CPU median {m['cpu_median_s']:.3f} s; import labelcheck.core.cli "
                    f"(-X importtime) median {m['import_cli_median_s']:.3f} s of "
                    f"{', '.join(f'{s:.3f}' for s in m['import_cli_runs_s'])}"
                )
        print(f"  target < {r['target_s']} s: {_verdict(r['met'])}")
    if "floors" in parts:
        print_floors(parts["floors"])
    if "national" in parts:
        print_national(parts["national"])
    if "formats" in parts:
        print_formats(parts["formats"])
    for name, part in parts.items():
        load = part.get("load_average")
        if load:
            print(
                f"  load average during {name}: {load['start'][0]:.2f} at the start, "
                f"{load['end'][0]:.2f} at the end ({part['duration_s']:.0f} s)"
            )


FLOOR_TITLES = {
    "read": "read the bytes",
    "tomli": "read + tomli",
    "tomli_pydantic": "read + tomli + pydantic",
    "fast": "read + fast parser",
    "fast_pydantic": "read + fast + pydantic",
}


def print_floors(r: dict[str, Any]) -> None:
    print(
        f"\nFloors (issue 13), CPU per dossier, {r['dossiers']} dossiers, side by side with the CLI, "
        f"median of {len(r['runs'])}; fast parser: {r['fast_parser'] or 'none'}"
    )
    print(f"  {'':26} {'mean ms':>8} {'p95 ms':>8} {'floor / CLI':>12}")
    for name, floor in r["floors"].items():
        print(
            f"  {FLOOR_TITLES.get(name, name):26} {floor['mean_ms']:8.3f} {floor['p95_ms']:8.3f} "
            f"{100 * r['shares'][name]:11.1f} %"
        )
    print(
        f"  {'CLI jsonl --jobs 1':26} {r['cli_cpu_per_dossier_ms']:8.3f}  (start-up "
        f"{r['cli_startup_cpu_s']:.2f} s CPU taken off; with it {r['cli_cpu_per_dossier_with_startup_ms']:.3f} ms)"
    )
    print(
        f"  CLI CPU per dossier <= {r['target_cpu_ms']} ms: {_verdict(r['met_cpu'])}; tomli + pydantic "
        f"floor >= {100 * r['target_share']:.0f} % of the CLI: {_verdict(r['met_share'])}"
    )


def print_national(r: dict[str, Any]) -> None:
    print(
        f"\nNational run (issue 13), {r['dossiers']} dossiers ({r['folder']}), page cache "
        f"{r.get('page_cache', 'as found')}"
    )
    versus = r.get("versus")
    print(f"  {'run':22} {'wall s':>8} {'CPU s':>8} {'CPU ms/dossier':>15} {'peak RSS MiB':>13}")
    for name, m in r["runs"].items():
        print(f"  {name:22} {_national_figures(m)}")
        if versus:
            print(f"  {'  versus':22} {_national_figures(versus['runs'][name])}")
    if versus:
        print(f"  versus: {' '.join(versus['command'])}, its runs turn about with these")
    print(
        f"  {TARGETS['national_dossiers']:,} dossiers in every format with --jobs 2 under "
        f"{r['target_wall_s']:.0f} s: {_national_verdict(r)} "
        "(peak RSS: the largest process, parent or worker)"
    )


def _national_verdict(r: dict[str, Any]) -> str:
    if r["met"] is not None:
        return _verdict(r["met"])
    if r["dossiers"] != TARGETS["national_dossiers"]:
        count = r["dossiers"]
        return f"not judged on {count:,} dossier{'s' if count != 1 else ''}"
    return "not measured (no --jobs 2 run)"


def _national_figures(m: dict[str, Any]) -> str:
    return (
        f"{m['wall_s']:8.1f} {m['cpu_s']:8.1f} {m['cpu_per_dossier_ms']:15.3f} "
        f"{m['maxrss_kib'] / 1024:13.1f}  (walls {', '.join(f'{w:.1f}' for w in m['walls_s'])}) "
        f"{_others_runs(m)}"
    )


def print_formats(r: dict[str, Any]) -> None:
    sizes = r["sizes"]
    print(
        f"\nPeak memory and CPU per format, --jobs 1 (issue 13), {' vs '.join(map(str, sizes))} dossiers"
    )
    header = " ".join(f"{f'{size} MiB':>11}" for size in sizes)
    cpu_header = " ".join(f"{f'{size} CPU s':>11}" for size in sizes)
    print(f"  {'format':12} {header} {'growth':>8} {cpu_header}")
    for name, f in r["formats"].items():
        runs = [f["runs"][str(size)] for size in sizes]
        rss = " ".join(f"{m['maxrss_kib'] / 1024:11.1f}" for m in runs)
        cpu = " ".join(f"{m['cpu_s']:11.1f}" for m in runs)
        print(f"  {name:12} {rss} {100 * f['growth']:+7.1f} % {cpu}  {_verdict(f['met'])}")
    print(f"  target: within {100 * r['target']:.0f} % for every format: {_verdict(r['met'])}")


def _others_runs(m: dict) -> str:
    others = [o for o in m.get("other_load_cores", []) if o is not None]
    return f"(other work: {max(others):.2f} cores at most)" if others else ""


# -- command line --------------------------------------------------------------------------

# The sizes every part runs at, and at --quick: every part, the national and formats ones too,
# on small sets (a national run of 60,000 takes minutes, and a minute to generate).
SIZES = {
    "n": 1000,
    "big": 10_000,
    "national_n": 60_000,
    "formats_sizes": "1000,10000",
    "cold_runs": 5,
}
QUICK = {"n": 100, "big": 1000, "national_n": 1000, "formats_sizes": "100,1000", "cold_runs": 3}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"parts to run, among {', '.join(PARTS)}"
    )
    parser.add_argument(
        "--n", type=int, help="dossiers for stages, labels, memory (small set: 1,000; --quick 100)"
    )
    parser.add_argument(
        "--big",
        type=int,
        help="dossiers for throughput, memory, jobs, floors (10,000; --quick 1,000)",
    )
    parser.add_argument(
        "--national-n", type=int, help="dossiers for national (60,000; --quick 1,000)"
    )
    parser.add_argument(
        "--set",
        type=Path,
        help="an existing folder of generated dossiers for national (and for any size of "
        "--formats-sizes equal to its count), e.g. /tmp/perf-set-60000",
    )
    parser.add_argument(
        "--formats",
        help=f"national: formats measured besides jsonl; formats: the formats measured "
        f"(default: {','.join(FORMATS)})",
    )
    parser.add_argument(
        "--formats-sizes", help="formats: the set sizes (1000,10000; --quick 100,1000)"
    )
    parser.add_argument(
        "--labelcheck",
        type=Path,
        help="the labelcheck measured by the command-line parts: its script or its python "
        "(default: the one beside this Python)",
    )
    parser.add_argument(
        "--versus",
        type=Path,
        help="national: another labelcheck (its script or its python), run beside each measure, "
        "turn about, and shown under it: a version before and after, measured the same way",
    )
    parser.add_argument(
        "--national-jobs", default="1,2", help="national: the --jobs values measured (1,2)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sets, every part: --n 100 --big 1000 --national-n 1000 --formats-sizes "
        "100,1000 --cold-runs 3 (each of them, given, wins)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cold-runs", type=int, help="one-dossier runs for cold (5; --quick 3)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each big CLI measure: throughput, memory and jobs keep the least disturbed "
        "(least wall time), floors, national and formats the medians",
    )
    parser.add_argument(
        "--from-disk",
        action="store_true",
        help="national: drop the page cache before each run (root, Linux), so that every run "
        "reads the dossiers from disk",
    )
    parser.add_argument("--regenerate", action="store_true", help="generate the dossiers again")
    parser.add_argument("--results", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else SIZES).items():
        if getattr(args, name) is None:  # an option given wins over --quick
            setattr(args, name, value)
    args.parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(
            f"unknown part(s) {', '.join(sorted(unknown))}; choose among {', '.join(PARTS)}"
        )
    args.format_list = [f.strip() for f in args.formats.split(",")] if args.formats else None
    if args.from_disk and not os.access(DROP_CACHES, os.W_OK):
        parser.error(f"--from-disk empties the page cache: it needs to write {DROP_CACHES} (root)")
    args.formats_sizes = [int(size) for size in args.formats_sizes.split(",")]
    args.national_jobs = [int(jobs) for jobs in args.national_jobs.split(",")]
    args.versus_python, args.versus_command = (
        labelcheck_of(args.versus) if args.versus is not None else (None, None)
    )
    if args.set is not None and not args.set.is_dir():
        parser.error(f"--set {args.set}: no such folder")
    return args


def dataset(args, count: int) -> Path:
    """The folder of `count` dossiers: --set when it holds that many, else bench/out/dossiers-N."""
    if args.set is not None and count == args.set_count:
        return args.set
    return dossier_set(count, args.seed, args.labels, args.regenerate)


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_model": _cpu_model(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            return next(
                (
                    line.split(":", 1)[1].strip()
                    for line in cpuinfo
                    if line.startswith("model name")
                ),
                None,
            )
    except OSError:
        return None


def measured_tree(args: argparse.Namespace) -> dict[str, Any]:
    """Which labelcheck the parts measured: the command line's, and the one imported here."""
    import labelcheck

    return {
        "command": LABELCHECK,
        "python": PYTHON,
        "interpreter": interpreter(PYTHON),
        "in_process": str(Path(labelcheck.__file__).parent),
        **({"versus": _versus(args)} if args.versus is not None else {}),
    }


def _versus(args: argparse.Namespace) -> dict[str, Any]:
    python = args.versus_python
    return {"command": args.versus_command, "python": python, "interpreter": interpreter(python)}


# How the measured Python was built changes every figure: on the project machine, Debian's
# python3.11 (built with profile-guided optimisation and link-time optimisation, libpython
# linked in) ran the same code with 16 % fewer instructions and 9-12 % less CPU than the
# pyenv build `python3` finds (plain -O3, libpython shared). See bench/README.md.
_INTERPRETER = """
import json, os, sys, sysconfig
config = sysconfig.get_config_var("CONFIG_ARGS") or ""
print(json.dumps({
    "version": sys.version.split()[0],
    "build": sys.version,
    "executable": sys.executable,
    "resolved": os.path.realpath(sys.executable),
    "configured_with": [arg.strip("'") for arg in config.split() if arg.strip("'").startswith("--")],
}))
"""


def interpreter(python: str) -> dict[str, Any]:
    """The measured Python's version and build, as it tells them."""
    done = subprocess.run([python, "-c", _INTERPRETER], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else {"error": done.stderr[-500:]}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.labelcheck is not None:
        use_labelcheck(args.labelcheck)
    args.labels = tuple(label for label in FOUR_LABELS if label in _installed())
    args.set_count = len(dossier_files(args.set)) if args.set is not None else None
    OUT.mkdir(exist_ok=True)
    parts = set(args.parts)
    small = dataset(args, args.n) if parts & {"stages", "labels", "memory"} else None
    big = dataset(args, args.big) if parts & {"throughput", "memory", "jobs", "floors"} else None
    national = (args.set or dataset(args, args.national_n)) if "national" in parts else None
    runners: dict[str, Callable[[], dict]] = {
        "stages": lambda: part_stages(args, small),
        "labels": lambda: part_labels(args, small),
        "throughput": lambda: part_throughput(args, big),
        "memory": lambda: part_memory(args, small, big),
        "jobs": lambda: part_jobs(args, big),
        "cold": lambda: part_cold(args),
        "floors": lambda: part_floors(args, big),
        "national": lambda: part_national(args, national),
        "formats": lambda: part_formats(args),
    }
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "measured": measured_tree(args),
        "as_of": AS_OF,
        "seed": args.seed,
        "labels": list(args.labels),
        "parts": {},
    }
    for part in args.parts:
        print(f"running {part}…", file=sys.stderr)
        load_before, start = os.getloadavg(), time.perf_counter()
        results["parts"][part] = runners[part]() | {
            "load_average": {"start": load_before, "end": os.getloadavg()},
            "duration_s": time.perf_counter() - start,
        }
    report(results)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"\nresults: {args.results}")


if __name__ == "__main__":
    main()
