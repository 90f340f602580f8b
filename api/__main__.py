"""`labelcheck` on the command line (its console script), and `python -m labelcheck`.

Ctrl-C is heard from the first instant: the command's modules take a few tenths of a
second to import, and a Ctrl-C meanwhile (a CI cancelling a job) printed Python's
traceback. This module imports nothing heavy before taking SIGINT; the command then
handles it itself (labelcheck.core.cli.run).
"""

from __future__ import annotations

import signal


def run() -> None:
    signal.signal(signal.SIGINT, _exit_interrupted)
    from labelcheck.core.cli import run as command

    command()


def _exit_interrupted(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # 130: the status a shell gives a command Ctrl-C stopped


if __name__ == "__main__":
    run()
