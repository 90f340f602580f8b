"""What the console script does before its command runs (issue 13: cold start < 0.3 s).

The objects its imports make live as long as the process: the cyclic collector is kept
off them while they are made, then they are frozen out of its sight; it must be on again
for the command itself. A fresh interpreter per case: freezing is for the whole process.
"""

from __future__ import annotations

from pathlib import Path

from support import in_a_new_interpreter

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "lp-jean-lurcat"

# The console script's entry point (labelcheck.__main__:run), then the collector's state.
PROBE = """
import gc, sys
from labelcheck.__main__ import run
sys.argv = ["labelcheck", *sys.argv[1:]]
try:
    run()
except SystemExit:
    pass
print(gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)
"""


def collector_after(*args: str) -> str:
    return in_a_new_interpreter(PROBE, *args).stderr.splitlines()[-1]


def test_the_imported_modules_are_frozen_and_the_collector_on_again_for_any_command():
    assert collector_after("--version") == "True True"


def test_the_collector_is_on_again_once_the_engine_is_made(tmp_path):
    report = tmp_path / "r.jsonl"
    args = ("evaluate", str(EXAMPLE), "--format", "jsonl", "-o", str(report))
    assert collector_after(*args) == "True True"
    assert report.read_text(encoding="utf-8").count("\n") == 2  # the dossier and the summary
