"""Benchmark of the commands over time and across schools: `compare` and `campaign`.

Issue 12 asks both to cost at most twice their floor:
- compare two reports of N dossiers, against reading the two reports (JSON parse alone);
- campaign over N dossiers, against evaluating the same dossiers (`evaluate --format jsonl`).

    python bench/over_time.py [--n 10000] [--repeat 3]

Times are CPU seconds of a child process (user + system), the median of `--repeat` runs:
wall time drifts with the machine's load. The dossiers are bench/generate.py's set.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench import FOUR_LABELS, OUT, dossier_set  # noqa: E402

LABELCHECK = [sys.executable, "-m", "labelcheck.core.cli"]
READ_REPORTS = """
import sys
from pathlib import Path
from labelcheck.core.reports import read_report
for name in sys.argv[1:]:
    read_report(Path(name))
"""


def cpu_of(command: list[str]) -> float:
    """CPU seconds (user + system) of one run of `command`, from the children's rusage."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        command, check=False, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(command: list[str], repeat: int) -> float:
    return statistics.median(cpu_of(command) for _ in range(repeat))


def reports(folder: Path, count: int) -> tuple[Path, Path]:
    """Two JSON reports of the set, six months apart (so that deadlines pass between them)."""
    made = []
    for as_of in ("2026-05-20", "2026-11-20"):
        path = OUT / f"report-{count}-{as_of}.json"
        if not path.exists():
            # Exit status 2: the set holds 1 % invalid dossiers, named on stderr.
            subprocess.run(
                [*LABELCHECK, "evaluate", str(folder), "--format", "json", "-o", str(path)]
                + ["--as-of", as_of, "--fail-on", "never", "--jobs", "2"],
                check=False,
                cwd=ROOT,
                stderr=subprocess.DEVNULL,
            )
        made.append(path)
    return made[0], made[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = dossier_set(args.n, args.seed, FOUR_LABELS)
    old, new = reports(folder, args.n)
    figures: dict[str, float] = {
        "read_two_reports_cpu_s": median_cpu(
            [sys.executable, "-c", READ_REPORTS, str(old), str(new)], args.repeat
        ),
        "compare_reports_cpu_s": median_cpu(
            [*LABELCHECK, "compare", str(old), str(new), "--format", "json", "-o", os.devnull],
            args.repeat,
        ),
    }
    figures["compare_ratio"] = figures["compare_reports_cpu_s"] / figures["read_two_reports_cpu_s"]
    campaign = [*LABELCHECK, "campaign", str(folder), "--format", "json", "-o", os.devnull]
    if subprocess.run([*LABELCHECK, "campaign", "--help"], capture_output=True).returncode == 0:
        evaluate = [*LABELCHECK, "evaluate", str(folder), "--format", "jsonl", "-o", os.devnull]
        figures["evaluate_jsonl_cpu_s"] = median_cpu(evaluate + ["--fail-on", "never"], args.repeat)
        figures["campaign_cpu_s"] = median_cpu(
            campaign + ["--from", "2026-01-01", "--to", "2026-12-31"], args.repeat
        )
        figures["campaign_ratio"] = figures["campaign_cpu_s"] / figures["evaluate_jsonl_cpu_s"]
    figures["dossiers"] = args.n
    for name, value in figures.items():
        print(f"{name:28} {value:10.2f}")
    (OUT / "over-time.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
