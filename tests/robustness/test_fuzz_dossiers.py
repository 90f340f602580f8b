"""Mutated dossiers (issue 9, « done means »): bytes of valid dossiers flipped, inserted,
deleted, cut, repeated, with control characters, surrogates, deep brackets and the like.
Whatever comes of it, evaluating it ends within a time bound as a valid dossier (exit 0 or
1) or an invalid one (exit 2): never an exception, an internal error (exit 3), a traceback.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
from pathlib import Path

from cli.processes import labelcheck
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.run import EXIT_INPUT, evaluate_one, exit_status
from labelcheck.core.writers.json import JsonLinesWriter

ROOT = Path(__file__).parents[2]
SEEDS = {
    path.relative_to(ROOT).as_posix(): path.read_bytes()
    for path in [
        *sorted((ROOT / "examples").glob("*/dossier.toml")),
        ROOT / "tests" / "core" / "fixtures" / "good" / "dossier.toml",
        ROOT / "tests" / "core" / "fixtures" / "good-json" / "dossier.json",
    ]
}
# What an attacker or a clumsy editor puts in a file, besides random bytes.
SPECIAL = [
    b"\x00",
    b"\x1b]0;pwned\x07",
    b"\x1b[2J",
    b"\xc2\x9b",
    "\u202e".encode(),
    b"\r",
    b"\t",
    b"\x7f",
    b"\xff",
    b"\xe9",
    b"\xed\xa0\x80",
    b'"\\ud800"',
    b"\\ud800",
    b"\\udc80\\udc80",
    b"\xef\xbb\xbf",
    b"NaN",
    b"Infinity",
    b"-inf",
    b"nan",
    b"1e400",
    b"9" * 5000,
    b"0x" + b"f" * 400,
    b"0001-01-01",
    b"9999-12-31",
    b"2026-02-30",
    b"true",
    b"1.0",
    b"[" * 100,
    b"{" * 100,
    b"[" * 2000 + b"]" * 2000,
    b"a = " + b"[" * 600 + b"]" * 600 + b"\n",
    b'"""',
    b"'''",
    b"\\",
    b'"',
    b",",
    b"=",
    b"\n[[documents]]\n",
    b"\n[establishment]\n",
    b'"applications": [], ',
    b'\n"format": 1,',
    "\uff10\u0660".encode(),
    b"../../etc/passwd",
    b"/etc/passwd",
]
# A value of the seed, and what may take its place: out-of-range dates, numbers that are not
# finite or too long; inside a string (before its closing quote, so that a free text stays
# valid and an id or a type is reported with it), escapes, surrogates, look-alike digits.
VALUE = re.compile(
    rb'(?P<date>\d{4}-\d{2}-\d{2})|(?P<number>-?\d+(?:\.\d+)?)|(?P<string>"[^"\n]*)"'
)
REPLACEMENTS = {
    "date": [
        b"0001-01-01",
        b"9999-12-31",
        b"1899-12-31",
        b"2200-01-01",
        b"2026-02-30",
        b"2026-05-20T10:00:00",
    ],
    "number": [
        b"NaN",
        b"Infinity",
        b"nan",
        b"-inf",
        b"1e400",
        b"1e300",
        b"-0",
        b"9" * 5000,
        b"true",
        b"1.0",
        b"[]",
        b'"1"',
    ],
    "string": [
        rb"\ud800",
        rb"\udfff x",
        rb"\u001b]0;pwned\u0007",
        rb"\u202e",
        rb"\u0000",
        rb"\"\"\"",
        rb"\u0661",
        rb"\uff10",
        rb"\u00b2",
        b"/../x",
        b" ",
        b"\t",
        b"\xc3\xa9",
        b"e\xcc\x81",
    ],
}
SECONDS = 2.0  # CPU time for one dossier: the largest example takes a fiftieth of that


@st.composite
def replaced_values(draw) -> tuple[str, bytes]:
    """(a seed's name, its bytes with one value replaced): still well formed, most often,
    so that what follows the parser (the model, the rules, the writers) sees it."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    values = list(VALUE.finditer(SEEDS[name]))
    value = draw(st.sampled_from(values))
    start, end = value.span(value.lastgroup)  # a string's closing quote stays where it is
    replacement = draw(st.sampled_from(REPLACEMENTS[value.lastgroup]))
    if value.lastgroup == "string":
        replacement = SEEDS[name][start:end] + replacement
    return name, SEEDS[name][:start] + replacement + SEEDS[name][end:]


@st.composite
def mutated_bytes(draw) -> tuple[str, bytes]:
    """(a seed's name, its bytes after one to four mutations of any kind)."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate", "special"])
        )
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            data[min(at, len(data) - 1)] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del data[at:]
        elif kind == "duplicate":
            piece = data[at : at + draw(st.integers(1, 400))]
            where = draw(st.integers(0, len(data)))
            data[where:where] = piece
        else:
            data[at:at] = draw(st.sampled_from(SPECIAL))
    return name, bytes(data)


def evaluated(engine, name: str, data: bytes) -> DossierResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("dossier" + Path(name).suffix)
        path.write_bytes(data)
        start, wall = time.process_time(), time.monotonic()
        result = evaluate_one(engine, path)  # an exception would be caught as an internal error
        took, wall_took = time.process_time() - start, time.monotonic() - wall
    assert took < SECONDS and wall_took < 10 * SECONDS, f"{took:.2f} s of CPU, {wall_took:.2f} s"
    return result


def assert_writable(result: DossierResult) -> None:
    """The report can be written: a lone surrogate anywhere in it would end the whole run."""
    line = JsonLinesWriter(None, "auto").render(result).text
    assert isinstance(line, bytes) and line.decode("utf-8")
    for error in result.errors:
        str(error).encode("utf-8")


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.one_of(replaced_values(), mutated_bytes()))
def test_a_mutated_dossier_is_valid_or_invalid_never_an_internal_error(engine, mutation):
    name, data = mutation
    result = evaluated(engine(), name, data)
    assert result.internal_error is None, result.internal_error
    summary = Summary()
    summary.add(result)
    assert exit_status(summary, result.worst_severity(), "blocking") in (0, 1, 2)
    assert_writable(result)
    for error in result.errors:  # an error says where and what
        assert error.message and error.file == result.path


def test_the_cli_on_mutated_dossiers_never_shows_a_traceback(tmp_path):
    rng = random.Random(9)  # the same files every run
    names = sorted(SEEDS)
    for index in range(24):
        name = names[index % len(names)]
        data = bytearray(SEEDS[name])
        at = rng.randrange(len(data))
        data[at:at] = rng.choice(SPECIAL) if index % 2 else bytes([rng.randrange(256)])
        folder = tmp_path / f"{index:02d}"
        folder.mkdir()
        (folder / ("dossier" + Path(name).suffix)).write_bytes(bytes(data))
    result = labelcheck("evaluate", tmp_path, "--format", "json")
    stderr = result.stderr.decode("utf-8")
    assert result.returncode in (0, 1, EXIT_INPUT), stderr
    assert "Traceback" not in stderr and "erreur interne" not in stderr
    report = json.loads(result.stdout)
    assert report["summary"]["dossiers"] == 24 and report["summary"]["internal_errors"] == 0
