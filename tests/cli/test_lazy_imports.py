"""A cold `evaluate` imports what it uses and nothing else (issue 13: cold start < 0.3 s).

Which modules a run loads, never how long it takes: each command imports its own
modules, and a report format only its writer. A fresh interpreter per case, since this
test session has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import in_a_new_interpreter

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "lp-jean-lurcat"

# Runs the CLI as the console script does, then lists the labelcheck modules and the heavy
# standard ones it loaded.
PROBE = """
import json, sys
from labelcheck.core import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""

NEVER_FOR_EVALUATE = {
    "labelcheck.core.campaign",  # the campaign command (and the calendar's writer)
    "labelcheck.core.compare",  # the compare command
    "labelcheck.core.explain",  # the explain command
    "labelcheck.core.reports",  # compare, --baseline
    "labelcheck.core.starter",  # init, schema
    "labelcheck.core.writers.compare",
}
OTHER_WRITERS = {
    "json": "labelcheck.core.writers.json",
    "text": "labelcheck.core.writers.text",
    "junit": "labelcheck.core.writers.junit",
    "markdown": "labelcheck.core.writers.markdown",
    "html": "labelcheck.core.writers.html",
    "sarif": "labelcheck.core.writers.sarif",
    "ics": "labelcheck.core.writers.ics",
}


def loaded(*args: str) -> set[str]:
    return set(json.loads(in_a_new_interpreter(PROBE, *args).stdout.splitlines()[-1]))


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_evaluate_imports_neither_other_commands_nor_other_writers(fmt, tmp_path):
    modules = loaded("evaluate", str(EXAMPLE), "--format", fmt, "-o", str(tmp_path / "r"))
    assert "labelcheck.core.engine" in modules  # the probe did run the command
    assert not modules & NEVER_FOR_EVALUATE
    others = {module for name, module in OTHER_WRITERS.items() if name != fmt}
    assert not modules & others, modules & others


def test_a_single_process_run_starts_no_worker_machinery(tmp_path):
    modules = loaded("evaluate", str(EXAMPLE), "--format", "json", "-o", str(tmp_path / "r"))
    assert "multiprocessing" not in modules
    assert "weasyprint" not in modules


def test_the_version_is_read_from_the_metadata_only_when_asked_for():
    probe = (
        "import sys, labelcheck; before = 'importlib.metadata' in sys.modules; "
        "print(before, labelcheck.__version__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    before, version = done.stdout.split()
    assert before == "False"
    assert version[0].isdigit()


# Counts each reading of a distribution's metadata (the email parser over the whole file,
# labelcheck's README included), by the file read, during one evaluate.
METADATA_READS = """
import collections, importlib.metadata, json, sys
reads = collections.Counter()
read = importlib.metadata.PathDistribution.read_text
def counted(self, filename):
    text = read(self, filename)
    if filename in ("METADATA", "PKG-INFO") and text is not None:
        reads[str(self._path)] += 1
    return text
importlib.metadata.PathDistribution.read_text = counted
from labelcheck.core import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(reads))
"""


def test_a_run_reads_labelcheck_s_metadata_once_for_its_plugins_and_once_for_its_version(
    tmp_path,
):
    # Its plugins' package and version, then labelcheck's version for the report: each reading
    # was a parse of 38 kB, five in all (4 million instructions each, 1.5 % of a cold start).
    out = in_a_new_interpreter(
        METADATA_READS, "evaluate", str(EXAMPLE), "--format", "jsonl", "-o", str(tmp_path / "r")
    )
    reads = json.loads(out.stdout.splitlines()[-1])
    assert reads  # the probe did read some
    assert sum(reads.values()) <= len(reads) + 1, reads  # the version's lookup: once more
