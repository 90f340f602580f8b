"""Small helpers the tests share: pick a label's result, its findings, a criterion, a JSON report."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

from click.testing import Result
from labelcheck.core.engine import Engine
from labelcheck.core.facts import LabelFacts
from labelcheck.core.loading import load
from labelcheck.core.report import DossierResult, Finding, LabelResult


def ldm(result: DossierResult) -> LabelResult:
    """The LDM result of a valid dossier (failing with the input errors otherwise)."""
    assert not result.errors, "\n".join(map(str, result.errors))
    assert result.internal_error is None, result.internal_error
    return next(label for label in result.labels if label.label == "ldm")


def findings_of(label: LabelResult, rule: str) -> list[Finding]:
    return [f for f in label.findings if f.rule == rule]


def rule_ids(label: LabelResult) -> set[str]:
    return {f.rule for f in label.findings}


def criterion(label: LabelResult, ref: str):
    return next(c for c in label.criteria if c.ref == ref)


def report(result: Result) -> dict:
    """The JSON report a `--format json` run printed."""
    return json.loads(result.stdout)


def label_facts(engine: Engine, path: Path, label: str, as_of: dt.date) -> LabelFacts:
    """The facts of `label` for the valid dossier at `path`, under the engine's profile."""
    loaded = load(path, engine.registry, engine.profiles)
    assert loaded.dossier is not None, loaded.errors
    return LabelFacts(
        loaded.dossier,
        path.parent,
        engine.registry,
        engine.profile,
        engine.registry.labels[label],
        as_of,
        item_conditions=engine.item_conditions[engine.profile.name],
    )


def in_a_new_interpreter(probe: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`probe`, a Python script given `args`, run by a new interpreter from the repository's
    root (its output captured as text): what a start-up imports, compiles or freezes is seen
    only in a process that has done nothing else."""
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        timeout=120,
        check=True,
    )


BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench_script(name: str) -> ModuleType:
    """bench/`name`.py loaded as a module (the bench is scripts, not part of the package):
    registered in sys.modules, where dataclasses look their module up, and sys.path left as
    it was (bench.py puts its own folder first, for generate.py)."""
    spec = importlib.util.spec_from_file_location(f"labelcheck_bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    path = list(sys.path)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path
    return module


EXAMPLES = Path(__file__).parents[1] / "examples"


def lurcat_with_its_ecart_open(folder: Path) -> Path:
    """A copy of the Jean Lurçat example in `folder`, its écart FE-2026-01 (due 30/09/2026)
    left open: late from 01/10/2026."""
    shutil.copytree(EXAMPLES / "lp-jean-lurcat", folder)
    dossier = folder / "dossier.toml"
    text = dossier.read_text("utf-8")
    assert 'status = "lifted"' in text and "lifted = 2026-06-12\n" in text, "example changed"
    opened = text.replace('status = "lifted"', 'status = "open"', 1)
    dossier.write_text(opened.replace("lifted = 2026-06-12\n", "", 1), "utf-8")
    return folder


def markdown_states(cli, path: Path, as_of: str) -> dict[str, str]:
    """Each step of the Markdown échéancier, by its title: « date (state) »."""
    result = cli("evaluate", path, "--as-of", as_of, "--format", "markdown", "--fail-on", "never")
    rows = re.findall(
        r"^\| (\d\d/\d\d/\d{4} \([^)]*\)) \| [^|]+ \| ([^|]+) \|", result.stdout, re.M
    )
    return {what.strip(): when for when, what in rows}


# -- the catalogs' quotes ------------------------------------------------------------------------

CATALOG_LABELS = ["common", "ldm", "euroscol", "e3d", "eduform"]


def catalog_sources(label: str) -> list[tuple[str, dict]]:
    """Every table of a built-in plugin's TOML files that quotes a text (a `source`, a fact):
    where it is (`rules.toml.rules[LDM-TITLE].source`) and the table, in file order."""
    from importlib.resources import files

    found: list[tuple[str, dict]] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("quote"), str):
                found.append((where, node))
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                name = value.get("id", index) if isinstance(value, dict) else index
                walk(value, f"{where}[{name}]")

    for path in sorted(files(f"labelcheck.plugins.{label}").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".toml"):
            walk(tomllib.loads(path.read_text(encoding="utf-8")), path.name)
    return found
