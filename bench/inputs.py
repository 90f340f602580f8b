"""Suggestions and line numbers on one large, faulty dossier (issue 9): time against size.

    python bench/inputs.py                       # 1,000, 10,000 and 100,000 entries
    python bench/inputs.py --sizes 1000,10000    # some sizes only

For each size N, in one process, with the engine built once (CPU seconds, best of
--repeat runs; a figure past --limit seconds is given as "> limit"):

  suggestions   `load` of a TOML dossier of N documents whose self-assessment cites N ids,
                each mistyped (doc-00001 as dic-00001): N errors, each asking for a suggestion
  toml lines    `toml_lines` of that file (every key path to its line)
  json lines    `json_lines` of a JSON dossier of N documents (every key path to its line)
  json typo     `load` of that JSON dossier with one misspelt key in its middle document

Linear work shows as a time growing ×10 from one size to the next, quadratic ×100.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# The same large, faulty dossiers as the tests that keep this work linear.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from robustness.large_dossiers import dangling_toml, one_typo_json  # noqa: E402


def _timed(function: Callable[[], object], answer) -> None:
    start = time.process_time()
    value = function()
    answer.put(
        (time.process_time() - start, value if isinstance(value, int) else None)
    )  # a count, not a map


def cpu_seconds(function: Callable[[], object], limit: float) -> tuple[float | None, object]:
    """CPU time of `function` in a forked process and the count it returned, if any; (None, None)
    past `limit` seconds (it is stopped)."""
    context = multiprocessing.get_context("fork")
    answer = context.Queue()
    process = context.Process(target=_timed, args=(function, answer))
    process.start()
    process.join(limit * 3)  # wall time: the machine may be busy
    if process.is_alive():
        process.kill()
        process.join()
        return None, None
    seconds, value = answer.get()
    return (seconds, value) if seconds <= limit else (None, None)


def suggested(loaded) -> int:
    """How many of a file's errors came with a suggestion."""
    return sum(1 for error in loaded.errors if error.suggestion)


def measure(size: int, folder: Path, repeat: int, limit: float) -> dict[str, float | str | None]:
    from labelcheck.core.engine import Engine
    from labelcheck.core.loading import load
    from labelcheck.core.sourcemap import json_lines, toml_lines

    engine = Engine.create()
    toml_path = folder / f"dangling-{size}" / "dossier.toml"
    json_path = folder / f"typo-{size}" / "dossier.json"
    for path, text in ((toml_path, dangling_toml(size)), (json_path, one_typo_json(size))):
        path.parent.mkdir()
        path.write_text(text, "utf-8")
    toml_text, json_text = toml_path.read_text("utf-8"), json_path.read_text("utf-8")
    cases = {
        "suggestions": lambda: suggested(load(toml_path, engine.registry, engine.profile)),
        "toml lines": lambda: toml_lines(toml_text),
        "json lines": lambda: json_lines(json_text),
        "json typo": lambda: load(json_path, engine.registry, engine.profile),
    }
    figures: dict[str, float | str | None] = {}
    for name, case in cases.items():
        runs = [cpu_seconds(case, limit) for _ in range(repeat)]
        figures[name] = None if any(seconds is None for seconds, _ in runs) else min(runs)[0]
        if name == "suggestions":
            figures["suggested"] = "?" if figures[name] is None else str(runs[0][1])
    figures["MB toml / json"] = (
        f"{len(toml_text.encode()) / 1e6:.1f} / {len(json_text.encode()) / 1e6:.1f}"
    )
    return figures


def shown(value: float | str | None, limit: float) -> str:
    if value is None:
        return f"> {limit:.0f} s"
    if isinstance(value, float):
        return f"{value:.3f} s"
    return str(value)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="entries per dossier, comma-separated"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each measure: the fastest is kept"
    )
    parser.add_argument(
        "--limit", type=float, default=120, help="CPU seconds after which a measure is stopped"
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        results = {size: measure(size, Path(folder), args.repeat, args.limit) for size in sizes}
    rows = list(next(iter(results.values())))
    print(f"{'entries':>16}" + "".join(f"{size:>14,}" for size in sizes))
    for row in rows:
        print(
            f"{row:>16}" + "".join(f"{shown(results[size][row], args.limit):>14}" for size in sizes)
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
