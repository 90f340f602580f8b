"""What a person at a terminal sees, and what a CI log, a pipe or a file receives.

Colours only when stdout is a terminal, NO_COLOR is not set (no-color.org) and TERM is not
`dumb`;
never an ANSI code in a file or a pipe; a progress line on stderr only when
stderr is a terminal the report is not streamed to; the text report ends with a
one-line summary. Terminals are pseudo-terminals of a real process (processes.py).
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from labelcheck.core import run
from labelcheck.core.run import Progress
from processes import environment, install_test_plugin, labelcheck, on_terminal, open_gate_later
from support import report

FIXTURES = Path(__file__).parent / "fixtures"
CAMPAIGN = FIXTURES / "campaign"
NOT_READY = CAMPAIGN / "orleans" / "tours" / "lp-not-ready"
INVALID = Path(__file__).parents[1] / "core" / "fixtures" / "invalid" / "typo-key.toml"
ANSI = re.compile(rb"\x1b\[[0-9;]*m")
PROGRESS = "évalué…".encode()
PROGRESS_LINE = rb"\r\d+ dossiers? " + rb"\xc3\xa9valu\xc3\xa9s?\xe2\x80\xa6" + rb" \d+/s *"
# An invalid dossier named on stderr, then each of its errors as `file:line: key.path: message`.
INVALID_NAMED = (
    "labelcheck\u202f: \\S+b-invalid.toml\u202f: dossier invalide, 1 erreur\r\n".encode()
    + rb"\S+b-invalid.toml:\d+: [^\r]+\r\n"
)


def without_ansi(output: bytes) -> bytes:
    return ANSI.sub(b"", output)


# -- colours -------------------------------------------------------------------------------


def test_the_text_report_is_coloured_on_a_terminal():
    shown = on_terminal("evaluate", NOT_READY)
    assert shown.returncode == 1
    assert b"\x1b[31m" in shown.stdout and b"\x1b[0m" in shown.stdout  # blocking findings in red
    assert (
        "\x1b[1mLycée professionnel Gustave Eiffel".encode() in shown.stdout
    )  # the school in bold


def test_no_color_turns_the_colours_off_and_changes_nothing_else():
    coloured = on_terminal("evaluate", NOT_READY)
    plain = on_terminal("evaluate", NOT_READY, env=environment(NO_COLOR="1"))
    assert not ANSI.search(plain.stdout)
    assert plain.stdout == without_ansi(coloured.stdout)


def test_an_empty_no_color_keeps_the_colours():
    # no-color.org: "when present and not an empty string".
    assert ANSI.search(on_terminal("evaluate", NOT_READY, env=environment(NO_COLOR="")).stdout)


def test_a_dumb_terminal_gets_no_colours():
    # TERM=dumb (Emacs's shell, some CI runners' pseudo-terminals) prints escape codes as text.
    dumb = on_terminal("evaluate", NOT_READY, env=environment(TERM="dumb"))
    assert b"NON PR\xc3\x8aT" in dumb.stdout and not ANSI.search(dumb.stdout)


def test_no_colour_in_a_pipe():
    piped = labelcheck("evaluate", NOT_READY, INVALID)
    assert piped.returncode == 2 and b"NON PR\xc3\x8aT" in piped.stdout
    assert not ANSI.search(piped.stdout) and not ANSI.search(piped.stderr)


def test_no_colour_in_a_file_even_when_run_from_a_terminal(tmp_path):
    target = tmp_path / "rapport.txt"
    shown = on_terminal("evaluate", NOT_READY, "--output", target, terminal=("stdout", "stderr"))
    assert shown.returncode == 1 and shown.stdout == b""
    written = target.read_bytes()
    assert b"NON PR\xc3\x8aT" in written and not ANSI.search(written)


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_machine_formats_have_no_colour_on_a_terminal(fmt):
    assert not ANSI.search(on_terminal("evaluate", NOT_READY, "--format", fmt).stdout)


# -- the summary line ----------------------------------------------------------------------


def test_the_text_report_ends_with_a_one_line_summary(cli):
    text = cli("evaluate", CAMPAIGN, INVALID)
    counts = report(cli("evaluate", CAMPAIGN, INVALID, "--format", "json"))["summary"]
    *_, blank, last = text.stdout.replace("\u202f", " ").splitlines()
    assert blank == "" and text.stdout.endswith("\n")
    blocking, warning = counts["blocking"], counts["warning"]
    assert last == (
        f"Résumé : 4 dossiers, 1 invalide ; 3 labels : 2 prêts, 1 non prêt ; "
        f"{blocking} bloquant{'s' if blocking > 1 else ''}, "
        f"{warning} avertissement{'s' if warning > 1 else ''}"
    )


def test_the_summary_line_names_held_labels_by_their_state(cli):
    held = (
        Path(__file__).parents[1] / "plugins" / "fixtures" / "ldm" / "validity" / "held-2021.toml"
    )
    last = (
        cli("evaluate", held, "--as-of", "2026-01-01")
        .stdout.replace("\u202f", " ")
        .splitlines()[-1]
    )
    assert last.startswith("Résumé : 1 dossier, 0 invalide ; 1 label : 0 prêt, 0 non prêt, 1 ")


# -- the progress line ---------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clock(monkeypatch):
    """Progress sees a clock the test moves: `clock.now = 2.5`."""
    fake = SimpleNamespace(now=0.0)
    monkeypatch.setattr(run, "time", SimpleNamespace(monotonic=lambda: fake.now))
    return fake


def run_for(progress: Progress, clock, seconds: list[float]) -> None:
    """Let `progress` see one result arrive at each of `seconds`."""

    def results():
        for second in seconds:
            clock.now = second
            yield object()

    for _ in progress.track(results()):
        pass


def test_a_long_run_shows_a_progress_line_on_a_terminal_then_blanks_it(clock):
    stderr = Terminal()
    run_for(Progress.for_terminal(stderr), clock, [0.5, 1.5, 1.6, 2.0])
    # Nothing in the first second; 1.6 s is too soon after 1.5 s to redraw.
    first, second = "2 dossiers évalués… 1/s", "4 dossiers évalués… 2/s"
    assert stderr.getvalue() == f"\r{first}\r{second}\r{' ' * len(second)}\r"


def test_a_short_run_shows_no_progress(clock):
    stderr = Terminal()
    run_for(Progress.for_terminal(stderr), clock, [0.1, 0.5, 0.9])
    assert stderr.getvalue() == ""


@pytest.mark.parametrize(
    "stream, report_on_terminal",
    [(io.StringIO(), False), (Terminal(), True)],
    ids=["stderr-not-a-terminal", "report-on-the-same-terminal"],
)
def test_no_progress_line_off_a_terminal_or_into_the_report(stream, report_on_terminal, clock):
    run_for(Progress.for_terminal(stream, report_on_terminal), clock, [0.5, 1.5, 3.0, 5.0])
    assert stream.getvalue() == ""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return install_test_plugin(tmp_path_factory.mktemp("site"))


def slow_run(site: Path, tmp_path: Path, terminal: tuple[str, ...]):
    """A slow dossier (held by the tests' plugin), then an invalid one, then another."""
    folder = tmp_path / "dossiers"
    shutil.copytree(FIXTURES / "slow", folder / "a-slow")
    shutil.copy(INVALID, folder / "b-invalid.toml")
    shutil.copytree(NOT_READY, folder / "c")
    gate = tmp_path / "gate"
    open_gate_later(gate, 1.2)  # the run has lasted more than a second when its first result comes
    return on_terminal(
        "evaluate",
        folder / "a-slow",
        folder / "b-invalid.toml",
        folder / "c",
        terminal=terminal,
        env=environment(site, LABELCHECK_TEST_GATE=str(gate)),
    )


def test_the_progress_line_goes_to_a_terminal_stderr_and_steps_aside_for_messages(site, tmp_path):
    shown = slow_run(site, tmp_path, terminal=("stderr",))  # the report goes to a pipe
    assert shown.returncode == 2
    assert PROGRESS not in shown.stdout and not ANSI.search(shown.stdout)
    assert re.fullmatch(
        rb"(%(line)s)+%(blank)s"  # shown, then blanked so that the message starts its own line
        rb"%(invalid)s"
        rb"((%(line)s)+%(blank)s)?"
        % {
            b"line": PROGRESS_LINE,
            b"blank": rb"\r +\r",
            b"invalid": INVALID_NAMED,
        },  # the last dossiers
        shown.stderr,
    ), shown.stderr


def test_no_progress_line_cuts_into_a_report_shown_on_the_terminal(site, tmp_path):
    shown = slow_run(site, tmp_path, terminal=("stdout", "stderr"))
    assert shown.returncode == 2 and ANSI.search(shown.stdout)
    # Nor is the invalid dossier named again: the report on the same terminal shows its errors.
    assert shown.stderr == b""
    assert b"b-invalid.toml" in shown.stdout and "✗ ligne".encode() in shown.stdout


def test_an_invalid_dossier_is_said_once_on_a_terminal_and_named_on_stderr_for_a_log():
    """Its errors in the text report, and again on stderr in the middle of it, on one terminal."""
    both = on_terminal("evaluate", INVALID, terminal=("stdout", "stderr"))
    assert both.returncode == 2 and both.stderr == b""
    assert (
        without_ansi(both.stdout).count(b"dossier invalide")
        + without_ansi(both.stdout).count(b"Dossier invalide")
        == 1
    )
    logged = on_terminal("evaluate", INVALID, terminal=("stderr",))  # the report to a pipe, a file
    assert b"dossier invalide, 1 erreur" in logged.stderr
    assert re.search(rb"typo-key.toml:\d+: ", logged.stderr)
