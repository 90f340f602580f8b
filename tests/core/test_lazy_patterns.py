"""Regular expressions compiled at their first use (core/cache.py, `lazy_pattern`): those
that serve only an error's message or a rare input (issue 13: cold start < 0.3 s).

Each is a valid expression, though a run without such errors never compiles it; and such
a run compiles none of them. A fresh interpreter for the run: this session has compiled
them already.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from support import in_a_new_interpreter

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "lp-jean-lurcat"
MODULES = (
    "labelcheck.core.catalog",
    "labelcheck.core.cli",
    "labelcheck.core.dates",
    "labelcheck.core.errors",
    "labelcheck.core.explain",
    "labelcheck.core.loading",
    "labelcheck.core.output",
    "labelcheck.core.registry",
    "labelcheck.core.sourcemap",
    "labelcheck.core.toml",
    "labelcheck.core.validation",
)

# Evaluates the example as the console script does, then counts the lazy patterns compiled.
PROBE = """
import json, sys
from functools import partial
from labelcheck.core import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
lazy = [
    (module, name, value)
    for module, loaded in sorted(sys.modules.items())
    if module.startswith("labelcheck.")
    for name, value in vars(loaded).items()
    if isinstance(getattr(value, "__wrapped__", None), partial)
]
print(json.dumps([f"{m}.{n}" for m, n, value in lazy if value.cache_info().currsize]))
print(len(lazy))
"""


def _is_lazy(value: object) -> bool:
    wrapped = getattr(value, "__wrapped__", None)
    return isinstance(wrapped, partial) and wrapped.func is re.compile


def lazy_patterns() -> Iterator[tuple[str, object]]:
    for module in MODULES:
        for name, value in vars(importlib.import_module(module)).items():
            if _is_lazy(value):
                yield f"{module}.{name}", value
    toml = importlib.import_module("labelcheck.core.toml")
    for number, (pattern, _french) in enumerate(toml._TOML_PATTERNS):
        yield f"labelcheck.core.toml._TOML_PATTERNS[{number}]", pattern


def test_the_patterns_of_errors_and_rare_inputs_are_left_to_their_first_use():
    # 40 when they were made lazy: TOML's syntax errors, dates written otherwise, the
    # places of errors in a file…; _DECLARED_TWICE is also the tuple's first.
    assert len({id(pattern) for _name, pattern in lazy_patterns()}) >= 40


@pytest.mark.parametrize(("name", "pattern"), list(lazy_patterns()))
def test_each_pattern_left_to_its_first_use_compiles(name, pattern):
    assert isinstance(pattern(), re.Pattern), name


def test_a_run_without_errors_compiles_none_of_them(tmp_path):
    args = ("evaluate", str(EXAMPLE), "--format", "jsonl", "-o", str(tmp_path / "r.jsonl"))
    compiled, count = in_a_new_interpreter(PROBE, *args).stdout.splitlines()[-2:]
    assert int(count) >= 30  # the probe did see them (the tuple's are not module names)
    assert json.loads(compiled) == []
