"""`labelcheck` on the command line (its console script), and `python -m labelcheck`.

Ctrl-C is heard from the first instant: the command's modules take a few tenths of a
second to import, and a Ctrl-C meanwhile (a CI cancelling a job) printed Python's
traceback. This module imports nothing heavy before taking SIGINT; the command then
handles it itself (labelcheck.core.cli.run).
"""

from __future__ import annotations

import gc
import os
import signal


def run() -> None:
    signal.signal(signal.SIGINT, _exit_interrupted)
    # The command's modules make tens of thousands of objects that live as long as the
    # process, and no garbage worth a search: the cyclic collector, off while they are made,
    # then never walks them again (frozen), where its passes were 2 % of a cold start's
    # instructions (callgrind, one dossier). On again for the command itself.
    gc.disable()
    try:
        from labelcheck.core.cli import run as command
    finally:
        gc.freeze()
        gc.enable()

    command()


def _exit_interrupted(signum: int, frame: object) -> None:
    # Exits at once, 130 being the status a shell gives a command Ctrl-C stopped. Not by
    # raising SystemExit: raised while Python compiles a module or pydantic builds a model,
    # it was lost (the run went on to the end, exit 0) or wrapped in pydantic's SchemaError
    # (a traceback, exit 1). Nothing is written yet that would need flushing.
    os._exit(128 + signum)


if __name__ == "__main__":
    run()
