"""`labelcheck` run as a real process: with the tests' plugin installed, on a pseudo-terminal.

Worker processes, streaming and terminals can only be seen from outside the
process: click's runner replaces stdout by a buffer that is never a terminal.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PLUGIN = Path(__file__).parent / "fixtures" / "plugin"
DIST_INFO = "labelcheck_cli_test_plugin-0.1.dist-info"
STREAMS = ("stdout", "stderr")


def install_test_plugin(site: Path) -> Path:
    """Install the tests' plugin into `site` as a distribution with its entry point (no pip needed)."""
    for source in PLUGIN.glob("labelcheck_cli_test_*"):
        shutil.copy(source, site / source.name)
    info = site / DIST_INFO
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: labelcheck-cli-test-plugin\nVersion: 0.1\n"
    )
    (info / "entry_points.txt").write_text("[labelcheck]\ncli-test = labelcheck_cli_test_plugin\n")
    return site


# Set in a developer's or a CI's shell, they would hide what the tests look at: colours, buffering.
UNWANTED = ("NO_COLOR", "PYTHONUNBUFFERED", "TERM")


def environment(site: Path | None = None, **variables: str) -> dict[str, str]:
    """The test process's environment without UNWANTED (tests set them when they mean it), plus `variables`."""
    env = {key: value for key, value in os.environ.items() if key not in UNWANTED}
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(site), env.get("PYTHONPATH"))))
    return {**env, **variables}


def command(*args: object) -> list[str]:
    return [sys.executable, "-m", "labelcheck.core.cli", *map(str, args)]


def labelcheck(
    *args: object,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run labelcheck with stdout and stderr as pipes (what CI sees)."""
    return subprocess.run(
        command(*args),
        capture_output=True,
        env=env or environment(),
        cwd=cwd,
        timeout=60,
        check=False,
    )


@dataclass
class Terminal:
    """What a run wrote to each stream, raw (a terminal turns "\\n" into "\\r\\n")."""

    returncode: int
    stdout: bytes
    stderr: bytes


def on_terminal(
    *args: object,
    terminal: tuple[str, ...] = ("stdout",),
    env: dict[str, str] | None = None,
) -> Terminal:
    """Run labelcheck with the streams named in `terminal` on pseudo-terminals, the others on pipes."""
    ends = {name: os.openpty() if name in terminal else os.pipe() for name in STREAMS}
    child = subprocess.Popen(
        command(*args),
        stdin=subprocess.DEVNULL,
        env=env or environment(),
        stdout=ends["stdout"][1],
        stderr=ends["stderr"][1],
    )
    for _, write_end in ends.values():
        os.close(write_end)  # the child holds them now: reading ends when it exits
    chunks: dict[str, list[bytes]] = {name: [] for name in STREAMS}
    readers = [
        threading.Thread(target=_drain, args=(ends[name][0], chunks[name])) for name in STREAMS
    ]
    for reader in readers:
        reader.start()
    returncode = child.wait(timeout=60)
    for reader in readers:
        reader.join(timeout=10)
    return Terminal(returncode, b"".join(chunks["stdout"]), b"".join(chunks["stderr"]))


def _drain(fd: int, chunks: list[bytes]) -> None:
    try:
        while chunk := _read(fd):
            chunks.append(chunk)
    finally:
        os.close(fd)


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # a pseudo-terminal whose other end closed: EIO rather than end of file
        return b""


def open_gate_later(gate: Path, seconds: float) -> threading.Thread:
    """Open the tests' plugin's gate `seconds` after the slow dossier began to wait at it."""

    def wait_then_open() -> None:
        waiting = Path(f"{gate}.waiting")
        for _ in range(3000):  # 60 s at most, as long as a run may take
            if waiting.exists():
                break
            time.sleep(0.02)
        time.sleep(seconds)
        gate.touch()

    opener = threading.Thread(target=wait_then_open, daemon=True)
    opener.start()
    return opener
