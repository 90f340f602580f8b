"""Peak memory of the PDF report against the number of dossiers (issue 9): a table on stdout,
bench/out/pdf_memory.json.

    python bench/pdf_memory.py                    # 10 and 200 dossiers (about 15 min on 2 cores)
    python bench/pdf_memory.py --counts 5,40 --labels ldm

Each count is a fresh `labelcheck evaluate DIR --format pdf -o FILE` measured from outside
(`measured` in bench.py: peak RSS of the command, wall and CPU time), on the first dossiers
of one generated set (bench/out/dossiers-N, as bench.py makes them). To measure another tree
(before a change, say), put it first on PYTHONPATH: the command inherits it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench.py, generate.py

import bench  # noqa: E402 - after the path it is found on


def first_dossiers(source: Path, count: int, into: Path) -> Path:
    """A folder holding the first `count` dossier folders of `source`."""
    folder = into / f"first-{count}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for dossier in sorted(p for p in source.iterdir() if p.is_dir())[:count]:
        shutil.copytree(dossier, folder / dossier.name)
    return folder


def pages(pdf: Path) -> int | None:
    """The PDF's page count, by pdfinfo (poppler) when it is installed."""
    if not shutil.which("pdfinfo"):
        return None
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    return next(
        (int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), None
    )


def measure(counts: list[int], labels: tuple[str, ...], seed: int) -> list[dict[str, Any]]:
    source = bench.dossier_set(max(counts), seed, labels)
    work = bench.OUT / "pdf-memory"
    runs = []
    for count in counts:
        folder, pdf = first_dossiers(source, count, work), work / f"report-{count}.pdf"
        print(f"  {count} dossiers…", file=sys.stderr)
        run = bench.measured(
            [*bench.LABELCHECK, "evaluate", str(folder), "--format", "pdf", "-o", str(pdf)]
        )
        runs.append(run | {"dossiers": count, "pages": pages(pdf), "pdf_bytes": pdf.stat().st_size})
    return runs


def report(runs: list[dict[str, Any]]) -> None:
    print(
        f"{'dossiers':>8} {'pages':>6} {'PDF':>9} {'wall':>8} {'CPU':>8} {'peak RSS':>10}  other work"
    )
    for run in runs:
        print(
            f"{run['dossiers']:>8} {run['pages'] or '?':>6} {run['pdf_bytes'] / 2**20:>7.1f} MB "
            f"{run['wall_s']:>7.1f}s {run['cpu_s']:>7.1f}s {run['maxrss_kib'] / 1024:>7.1f} MiB  "
            f"{run['other_load_cores'] or 0:.2f} cores"
        )
    if len(runs) < 2:
        return
    small, big = runs[0], runs[-1]
    growth = big["maxrss_kib"] / small["maxrss_kib"] - 1
    per_dossier = (
        (big["maxrss_kib"] - small["maxrss_kib"]) / 1024 / (big["dossiers"] - small["dossiers"])
    )
    print(
        f"\npeak RSS {small['dossiers']} → {big['dossiers']} dossiers: {100 * growth:+.1f} % "
        f"({per_dossier:.2f} MiB per dossier more)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--counts", default="10,200", help="numbers of dossiers, comma-separated (default 10,200)"
    )
    parser.add_argument("--labels", default=",".join(bench.FOUR_LABELS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, default=bench.OUT / "pdf_memory.json")
    args = parser.parse_args(argv)
    counts = sorted(int(count) for count in args.counts.split(","))
    labels = tuple(label for label in args.labels.split(",") if label in bench._installed())
    runs = measure(counts, labels, args.seed)
    report(runs)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": bench.machine(),
        "seed": args.seed,
        "labels": list(labels),
        "runs": runs,
    }
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {args.results}")


if __name__ == "__main__":
    main()
