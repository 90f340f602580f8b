"""The fast path for dossiers (core/toml.py `fast_loads`, toml_rs) reads exactly what tomli reads.

A valid dossier keeps toml_rs's values: they must be tomli's, type for type (a time zone,
a float's sign, a big integer, the order of keys), and toml_rs must refuse every text tomli
refuses. Any dossier it refuses, or that turns out invalid, is read again by tomli, whose
French messages and lines the user gets.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from labelcheck.core import loading
from labelcheck.core.loading import load
from labelcheck.core.toml import FAST_MAX_OPENINGS, fast_loads
from packaging.requirements import Requirement

ROOT = Path(__file__).parents[2]
GOOD_TOML = (ROOT / "tests" / "core" / "fixtures" / "good" / "dossier.toml").read_text("utf-8")
FORMAT_TWICE = GOOD_TOML.replace("format = 1\n", "format = 1\nformat = 1\n", 1)  # line 3
UNKNOWN_KEY = GOOD_TOML.replace("format = 1\n", 'format = 1\nunknown_key = "x"\n', 1)


def typed(value: Any) -> Any:
    """`value` with every type, time zone and key order spelt out: `==` alone would take 1
    for 1.0 and True, ignore the order of keys, and find NaN unequal to itself."""
    if isinstance(value, dict):
        return ("table", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("array", [typed(item) for item in value])
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else repr(value), math.copysign(1, value))
    zone = getattr(value, "tzinfo", None)
    return (type(value).__name__, repr(value), type(zone).__name__, repr(zone))


def tomli_reading(text: str) -> Any:
    """tomli's dict, or None when it refuses the text."""
    try:
        return tomli.loads(text)
    except (tomli.TOMLDecodeError, ValueError, RecursionError):
        return None


def assert_read_alike(text: str) -> None:
    expected, fast = tomli_reading(text), fast_loads(text)
    if expected is None:
        assert fast is None, f"toml_rs accepts a text tomli refuses: {text!r}"
    elif fast is not None:
        assert typed(fast) == typed(expected)


def repository_toml_files() -> list[Path]:
    """The examples', the plugins', the tests' and pyproject.toml (not bench/out, generated)."""
    found = [ROOT / "pyproject.toml"]
    for top in ("examples", "plugins", "tests"):
        for folder, folders, names in os.walk(ROOT / top):
            folders[:] = [name for name in folders if not name.startswith((".", "__"))]
            found.extend(Path(folder, name) for name in names if name.endswith(".toml"))
    return sorted(found)


def test_both_parsers_read_every_toml_file_of_the_repository_alike():
    files = repository_toml_files()
    assert len(files) > 100  # examples, plugins, test fixtures
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        assert_read_alike(text)
        if tomli_reading(text) is not None and len(text) < 100_000:
            assert fast_loads(text) is not None, f"toml_rs refuses {path}, which tomli reads"


@pytest.mark.parametrize(
    "text",
    [
        "a = 1e400\nb = -1e400\nc = inf\nd = -inf\ne = nan\nf = -0.0\n",
        "a = 99999999999999999999999\nb = -9223372036854775809\nc = 0xDEAD_beef\n",
        "a = 1979-05-27T07:32:00-08:00\nb = 1979-05-27T07:32:00Z\nc = 1979-05-27 07:32:00\n",
        "a = 1979-05-27T07:32:00.123456789+05:30\nb = 07:32:00.5\nc = 1979-05-27\n",
        'a = "\\u00e9\\U0001F600"\nb = """\nx \\\n  y"""\nc = \'\'\'z\'\'\'\n',
        "[[a]]\nx = 1\n[[a.b]]\ny = 2\n[[a]]\nx = [[1, 2], [3, [4, {z = 5}]]]\n",
        "z = 1\na = 2\n[m]\nq = 1\n[b]\nw = 2\n",
        "a = 1\na = 2\n",  # refused: a key twice
        "[a]\nx = 1\n[a]\ny = 2\n",  # a table twice
        "a = {x = 1}\na.y = 2\n",  # an inline table extended
        "a = [1]\n[[a]]\nx = 1\n",  # a static array extended
        "a.b.c = 1\n[a.b]\nd = 2\n",
        'a = "\\ud800"\n',  # not a Unicode scalar value
        "a = 1979-05-27T23:59:60Z\n",  # a leap second (toml_rs raises a ValueError)
        "a = 2023-02-30\n",
        "a = 1 # \x7f\n",
        "a = 1\rb = 2\n",
        "a = 01\nb = 1.\n",
        "é = 1\n",
        "a = { x\n = 1 }\n",  # TOML 1.1 in toml_rs took it, never tomli
        "a = { x = 1,\n y = 2 }\n",
        'a = { x = "y", z =\n 1 }\n',
    ],
)
def test_both_parsers_read_the_corner_cases_alike(text):
    assert_read_alike(text)


# -- generated documents ----------------------------------------------------------------------

KEYS = st.text(st.characters(codec="utf-8"), max_size=6)
SCALARS = st.one_of(
    st.integers(),
    st.floats(),
    st.booleans(),
    st.text(st.characters(codec="utf-8"), max_size=10),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.datetimes(timezones=st.timezones() | st.just(dt.UTC)).map(
        lambda moment: moment.astimezone(dt.timezone(moment.utcoffset() or dt.timedelta()))
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else {math.inf: "inf", -math.inf: "-inf"}.get(value, repr(value))
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return value.isoformat()


@st.composite
def documents(draw) -> str:
    """A TOML text: keys and values, tables and arrays of tables, then perhaps a few edits
    (a character put in or taken out, a line written twice) that make most of them wrong."""
    lines = [
        f"{toml_value(k)} = {toml_value(v)}"
        for k, v in draw(st.dictionaries(KEYS, VALUES, max_size=4)).items()
    ]
    for header in draw(
        st.lists(st.sampled_from(["[t]", "[[a]]", "[t.u]", "[[a.b]]", "[a]"]), max_size=3)
    ):
        lines.append(header)
        lines.extend(
            f"{toml_value(k)} = {toml_value(v)}"
            for k, v in draw(st.dictionaries(KEYS, VALUES, max_size=2)).items()
        )
    text = "\n".join(lines) + "\n"
    for _ in range(draw(st.integers(0, 2))):
        place = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "repeat", "break"]))
        marks = [at for at, char in enumerate(text) if char in "{=,["]
        if edit == "break" and marks:  # a line broken where TOML 1.0 allows none (inline tables)
            at = draw(st.sampled_from(marks)) + draw(st.integers(-1, 1))
            text = text[: max(at, 0)] + "\n" + text[max(at, 0) :]
        elif edit == "insert":
            text = (
                text[:place]
                + draw(st.sampled_from(list("[]{}=.,\"'#\n \\:-+_0eTZ\r\x7f")))
                + text[place:]
            )
        elif edit == "delete":
            text = text[:place] + text[place + 1 :]
        elif lines:
            text += draw(st.sampled_from(lines)) + "\n"
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_both_parsers_read_generated_documents_alike(text):
    assert_read_alike(text)


# -- the dossiers: tomli's messages, tomli's verdicts ----------------------------------------


def errors_both_ways(tmp_path: Path, engine, text: str, monkeypatch) -> tuple[tuple, tuple]:
    path = tmp_path / "dossier.toml"
    path.write_text(text, encoding="utf-8")
    built = engine()
    fast = load(path, built.registry, built.profile)
    with monkeypatch.context() as patch:
        patch.setattr(loading, "fast_loads", lambda text: None)  # tomli alone, as before
        slow = load(path, built.registry, built.profile)
    assert fast.dossier is None and slow.dossier is None
    return fast.errors, slow.errors


def test_a_file_the_fast_parser_refuses_gets_tomli_message(tmp_path, engine, monkeypatch):
    fast, slow = errors_both_ways(tmp_path, engine, FORMAT_TWICE, monkeypatch)
    assert fast == slow
    [error] = fast
    assert "cette clé a déjà une valeur plus haut dans le fichier" in error.message
    assert error.line == 3


def test_an_invalid_dossier_is_read_again_by_tomli(tmp_path, engine, monkeypatch):
    read_by_tomli = []
    monkeypatch.setattr(loading, "loads", lambda text: read_by_tomli.append(1) or tomli.loads(text))
    fast, slow = errors_both_ways(tmp_path, engine, UNKNOWN_KEY, monkeypatch)
    assert fast == slow and read_by_tomli == [1, 1]  # once after toml_rs, once alone


def test_a_valid_dossier_is_read_once_by_toml_rs(tmp_path, engine, monkeypatch):
    monkeypatch.setattr(loading, "loads", lambda text: pytest.fail("tomli read a valid dossier"))
    path = tmp_path / "dossier.toml"
    path.write_text(GOOD_TOML, encoding="utf-8")
    built = engine()
    assert load(path, built.registry, built.profile).dossier is not None


def test_a_file_only_tomli_refuses_is_refused_with_its_message(tmp_path, engine, monkeypatch):
    """Were toml_rs to accept a text tomli refuses, an invalid dossier still gets tomli's
    syntax error, not the model's errors on what toml_rs made of it."""
    text = UNKNOWN_KEY.replace("format = 1\n", "format = 1\nformat = 1\n", 1)
    monkeypatch.setattr(loading, "fast_loads", lambda text: tomli.loads(UNKNOWN_KEY))
    path = tmp_path / "dossier.toml"
    path.write_text(text, encoding="utf-8")
    built = engine()
    [error] = load(path, built.registry, built.profile).errors
    assert "cette clé a déjà une valeur plus haut dans le fichier" in error.message


# What TOML 1.1 adds, which tomli 2.2 refused: an inline table over several lines, with a
# comment and a comma after its last key, an escape \xHH, a time without its seconds.
TOML_1_1 = GOOD_TOML.replace(
    'name = "Lycée professionnel Jacques Cœur"',
    'name = "Lyc\\xE9e professionnel Jacques Cœur"\n'
    'campus_note = {\n  text = "CMQ",  # le campus\n  since = 10:30,\n}',
    1,
)


def test_a_dossier_in_toml_1_1_is_read_as_the_format_says(tmp_path, engine):
    """Dossiers are TOML 1.1 (docs/fr/format-du-dossier.md): read by tomli, the fast parser
    reading TOML 1.0. The key is unknown to the format: what it holds was read."""
    assert fast_loads(TOML_1_1) is None and tomli.loads(TOML_1_1)["establishment"]["campus_note"]
    path = tmp_path / "dossier.toml"
    path.write_text(TOML_1_1, encoding="utf-8")
    built = engine()
    [error] = load(path, built.registry, built.profile).errors
    assert error.path == "establishment.campus_note" and "clé inconnue" in error.message


def test_every_install_reads_toml_1_1():
    """tomli reads TOML 1.1 from 2.4 on: with 2.2, which `tomli>=2.0` allowed, the same dossier
    was refused on one install and valid on another."""
    project = tomli.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    [required] = [Requirement(r) for r in project["dependencies"] if r.startswith("tomli")]
    assert not required.specifier.contains("2.3.0") and required.specifier.contains("2.4.0")


def test_a_text_nested_too_deep_for_toml_rs_is_left_to_tomli(tmp_path):
    """toml_rs recurses on the machine stack and would crash the process: such a text never
    reaches it, and tomli's RecursionError gives the French message."""
    assert (
        fast_loads("a = " + "[" * (FAST_MAX_OPENINGS + 1) + "]" * (FAST_MAX_OPENINGS + 1)) is None
    )
    path = tmp_path / "dossier.toml"
    path.write_text("a = " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    program = (
        "import sys; from pathlib import Path; from labelcheck.core.engine import Engine;"
        "from labelcheck.core.loading import load; e = Engine.create();"
        "print(load(Path(sys.argv[1]), e.registry, e.profile).errors[0].message)"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "imbriqués sur plus de" in done.stdout


def test_plugin_files_are_read_by_toml_rs_and_explained_by_tomli(monkeypatch):
    """`read_toml` (référentiels, rules, requirements): toml_rs reads what it
    accepts, and a text it refuses raises tomli's error, which the callers word in French."""
    from labelcheck.core import toml

    assert toml.read_toml("a = 1\n[b]\nc = 2024-05-20\n") == {
        "a": 1,
        "b": {"c": dt.date(2024, 5, 20)},
    }
    with pytest.raises(tomli.TOMLDecodeError):
        toml.read_toml("a = 1\na = 2\n")
    monkeypatch.setattr(toml, "loads", lambda text: pytest.fail("tomli read a valid file"))
    assert toml.read_toml("a = 1\n") == {"a": 1}


SMAPS = Path("/proc/self/smaps")
# In a fresh interpreter: import the fast path, read a dossier, and count the regions of the
# process's memory advised for transparent huge pages (`hg` among a region's VmFlags).
ADVISED_HUGE = """
import sys
from labelcheck.core.toml import fast_loads
fast_loads(sys.stdin.read())
print(sum(1 for line in open("/proc/self/smaps") if line.startswith("VmFlags") and " hg" in line))
"""


@pytest.mark.skipif(not SMAPS.exists(), reason="Linux's /proc/self/smaps")
@pytest.mark.parametrize("preset", [None, "1"])
def test_the_fast_parser_asks_for_no_huge_pages_unless_told(preset):
    """toml_rs's allocator (mimalloc) advises its 1 GiB arena for 2 MiB pages, which the peak
    memory counts whole: 35 MiB more for 1,000 dossiers, and a peak moving by several MiB from
    run to run. labelcheck turns that off, unless MIMALLOC_ALLOW_THP is set already."""
    env = {k: v for k, v in os.environ.items() if k != "MIMALLOC_ALLOW_THP"}
    if preset is not None:
        env["MIMALLOC_ALLOW_THP"] = preset
    done = subprocess.run(
        [sys.executable, "-c", ADVISED_HUGE], input=GOOD_TOML, env=env,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    thp = Path("/sys/kernel/mm/transparent_hugepage/enabled")
    huge_pages_offered = thp.exists() and "[never]" not in thp.read_text()
    if preset is None:
        assert done.stdout.strip() == "0"
    elif huge_pages_offered:  # the user's own choice is kept: mimalloc asks for them
        assert int(done.stdout) > 0
