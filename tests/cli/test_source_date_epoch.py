"""SOURCE_DATE_EPOCH, the day a report says it was produced (cli-and-report 1.1): malformed, it
is bad usage in French (exit 2, nothing written) for every format that prints the day, as the
reproducible-builds.org specification asks ("SHOULD exit with an error"); the formats that
print no day never read it."""

from __future__ import annotations

from pathlib import Path

import pytest
from labelcheck.core.cli import DATED_FORMATS

FIXTURES = Path(__file__).parent / "fixtures"
CAMPAIGN = FIXTURES / "campaign"
READY = CAMPAIGN / "lp-ready"
NNBSP = "\u202f"
# Each command with every format it offers, and what it needs to run.
COMMANDS = {
    "evaluate": (
        ("evaluate", READY, "--fail-on", "never"),
        ("text", "json", "jsonl", "junit", "sarif", "codequality", "markdown", "html", "ics"),
    ),
    "campaign": (
        ("campaign", CAMPAIGN, "--from", "2026-01-01"),
        ("text", "json", "csv", "html", "ics"),
    ),
    "compare": (("compare", READY, READY), ("text", "json", "markdown", "html")),
}
EVERY_FORMAT = [(command, fmt) for command, (_, formats) in COMMANDS.items() for fmt in formats]


def run(cli, command: str, fmt: str):
    arguments, _ = COMMANDS[command]
    return cli(*arguments, "--format", fmt)


@pytest.mark.parametrize(
    "command, fmt",
    [(command, fmt) for command, formats in DATED_FORMATS.items() for fmt in formats],
)
@pytest.mark.parametrize("value", ["abc", "1e9", "99999999999999999999"])
def test_a_malformed_value_is_bad_usage_in_french(command, fmt, value, cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    arguments, _ = COMMANDS[command]
    result = cli(*arguments, "--format", fmt)
    assert result.exit_code == 2 and result.stdout == "", result.output
    assert result.stderr == (
        f"labelcheck{NNBSP}: SOURCE_DATE_EPOCH vaut «{NNBSP}{value}{NNBSP}», qui n'est pas une date"
        f"{NNBSP}: attendu un nombre entier de secondes depuis le 1er janvier 1970 à 0\u00a0h UTC, "
        "par exemple 1779235200 (le 20/05/2026)\n"
    )


@pytest.mark.parametrize("command, fmt", EVERY_FORMAT)
def test_the_formats_said_to_print_the_day_are_exactly_those_that_do(
    command, fmt, cli, monkeypatch
):
    """DATED_FORMATS decides which formats refuse a malformed value: it must follow the writers."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 01/01/2026
    first = run(cli, command, fmt).stdout_bytes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 01/01/2027
    second = run(cli, command, fmt).stdout_bytes
    assert (first != second) == (fmt in DATED_FORMATS[command])


@pytest.mark.parametrize("command", COMMANDS)
def test_a_format_printing_no_day_ignores_the_variable(command, cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    assert run(cli, command, "json").exit_code in (0, 1)
