"""rule-engine's parser tables: shipped with labelcheck, never read from a cache anyone could edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from importlib.resources import files
from pathlib import Path

import pytest
from labelcheck.core.parser_tables import TABLES_FILE, built_tables, dedented_as_python_3_13

EXAMPLE = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
OLD_CACHE_NAME = "rule-engine-tables-0123456789abcdef.json"  # how 0.1 named its cache file


def environment(**variables: str) -> dict[str, str]:
    return {**os.environ, **variables}


def test_the_shipped_tables_are_those_of_the_installed_rule_engine():
    # Fails after an upgrade that changed rule-engine's grammar: run
    # `python -m labelcheck.core.parser_tables` and commit the file.
    shipped = json.loads(files("labelcheck.core").joinpath(TABLES_FILE).read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(built_tables()))


def test_the_shipped_file_signs_the_grammar_as_python_3_13_sees_it_too():
    """3.13 dedents the docstrings ply signs: with the one signature of 3.11, the file was
    never read there, and every start built the tables again (0.33 s)."""
    from rule_engine._vendor.ply import yacc
    from rule_engine.parser import Parser

    grammar = Parser()
    reflected = {name: getattr(grammar, name) for name in dir(grammar)}
    for name, method in list(reflected.items()):
        if name.startswith("p_") and isinstance(method, types.MethodType) and method.__doc__:
            function = types.FunctionType(method.__code__, method.__globals__, name)
            function.__doc__ = dedented_as_python_3_13(method.__doc__)
            reflected[name] = types.MethodType(function, grammar)
    module = sys.modules[reflected["__module__"]]
    reflected.setdefault("__file__", module.__file__)
    info = yacc.ParserReflect(reflected, log=yacc.NullLogger())
    info.get_all()
    shipped = json.loads(files("labelcheck.core").joinpath(TABLES_FILE).read_text(encoding="utf-8"))
    assert shipped["signature_dedented"] == info.signature()


DEFINED = """
class Grammar:
    def p_rule(self, p):
        {written}
"""


@pytest.mark.parametrize(
    ("written", "compiled_by_3_13"),
    [
        ('"""\n        a : b\n          | c\n        """', "\na : b\n  | c\n"),
        ('"""a : b\n\n          | c\n        """', "a : b\n\n| c\n"),
        ('"""  a : b\n\t  | c"""', "a : b\n| c"),
        ('"""a : b"""', "a : b"),
    ],
)
def test_docstrings_are_dedented_as_python_3_13_compiles_them(written, compiled_by_3_13):
    namespace: dict = {}
    exec(DEFINED.format(written=written), namespace)
    doc = namespace["Grammar"].p_rule.__doc__
    assert dedented_as_python_3_13(doc) == compiled_by_3_13
    if sys.version_info >= (3, 13):
        assert doc == compiled_by_3_13


def test_ply_reads_the_shipped_tables_rather_than_building_them():
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import labelcheck.core\n"
            "from labelcheck.core.parser_tables import tables_were_read\n"
            "print(tables_were_read())",
        ],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
        check=True,
    )
    assert run.stdout.strip() == "True"


def _evaluate(cache_home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "labelcheck.core.cli",
            "evaluate",
            str(EXAMPLE),
            "--as-of",
            "2026-05-20",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        env=environment(XDG_CACHE_HOME=str(cache_home)),
        timeout=60,
        check=False,
    )


def test_a_tampered_cache_folder_changes_nothing_and_nothing_is_written_there(tmp_path):
    clean = _evaluate(tmp_path / "empty")
    assert clean.returncode == 0, clean.stderr
    cache = tmp_path / "tampered" / "labelcheck"
    cache.mkdir(parents=True)
    # What 0.1 would have trusted: `not X` bound to the function of `( X )`, so read as X.
    tables = json.loads(json.dumps(built_tables()))
    for production in tables["productions"]:
        if production[3] == "p_expression_negate":
            production[3] = "p_expression_group"
    for name in (OLD_CACHE_NAME, "anything.json"):
        (cache / name).write_text(json.dumps(tables), encoding="utf-8")
    os.mkfifo(cache / "rule-engine-tables-fifo.json")  # a FIFO there hung every start of 0.1
    before = sorted(p.name for p in cache.iterdir())

    tampered = _evaluate(tmp_path / "tampered")

    assert tampered.returncode == 0, tampered.stderr
    assert tampered.stdout == clean.stdout
    assert sorted(p.name for p in cache.iterdir()) == before
    assert not (tmp_path / "empty").exists()  # importing labelcheck writes no cache at all


def test_version_needs_no_cache(tmp_path):
    cache = tmp_path / "labelcheck"
    cache.mkdir()
    (cache / OLD_CACHE_NAME).write_text('{"productions": [1, 2]}', encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "labelcheck.core.cli", "--version"],
        capture_output=True,
        text=True,
        env=environment(XDG_CACHE_HOME=str(tmp_path)),
        timeout=60,
        check=False,
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr
