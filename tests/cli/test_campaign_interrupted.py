"""`labelcheck campaign` stopped by Ctrl-C or SIGTERM while it checks across schools: exit 130
or 143 and evaluate's message, no report. Once every dossier was read, a signal was only
noted: the checks (minutes for thousands of records of one audit) ran on, and the report was
written with exit 0 (the scaling audit).

A real process: the signal comes from outside. The checks are made slow by a wrapper that
says when they began, then waits; nothing else of the command is changed.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processes import environment

ACADEMY = Path(__file__).parent / "fixtures" / "academy-campaign"

# The command, its cross-school checks waiting a minute once `started` is written.
SLOW_CHECKS = """
import sys, time
from pathlib import Path
from labelcheck.core import campaign
from labelcheck.core.cli import run

checks, started = campaign.Campaign.findings, Path(sys.argv[1])

def slow_findings(self):
    started.touch()
    time.sleep(60)
    return checks(self)

campaign.Campaign.findings = slow_findings
sys.argv = ["labelcheck", *sys.argv[2:]]
run()
"""


def wait_for(path: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.mark.parametrize(("stop", "name"), [(signal.SIGINT, "SIGINT"), (signal.SIGTERM, "SIGTERM")])
def test_a_signal_during_the_checks_across_schools_stops_the_campaign(stop, name, tmp_path):
    started = tmp_path / "started"
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_CHECKS, started, "campaign", ACADEMY]
        + ["--from", "2026-01-01", "--to", "2026-06-30", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
        start_new_session=True,
    )
    try:
        wait_for(started)
        process.send_signal(stop)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 128 + stop
    assert out == b""  # no report: the checks it would hold were not all made
    said = err.decode()
    assert f"labelcheck\u202f: interrompu ({name}), 4 dossiers évalués" in said, said
    assert "Traceback" not in said
