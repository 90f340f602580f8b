"""Shared test fixtures: the installed plugins once per session, engines per profile and date, the CLI.

Tests evaluate small TOML dossiers kept next to them (`fixtures/`); these
fixtures only spare each test the plumbing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner, Result

from labelcheck.core.cli import main
from labelcheck.core.engine import Engine
from labelcheck.core.loading import Loaded, validate
from labelcheck.core.registry import Registry
from labelcheck.core.report import DossierResult

TESTS = Path(__file__).parent
ROOT = TESTS.parent
EXAMPLE = ROOT / "examples" / "lp-jean-lurcat"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden reports (tests/golden/) from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Regenerate golden files: `pytest --update-golden`, or LABELCHECK_UPDATE_GOLDEN=1."""
    import os

    return bool(request.config.getoption("--update-golden") or os.environ.get("LABELCHECK_UPDATE_GOLDEN"))


def as_date(value: str | dt.date | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@pytest.fixture(scope="session")
def registry() -> Registry:
    """Everything the installed plugins declare (entry points, as in production)."""
    return Registry.from_plugins()


@pytest.fixture(scope="session")
def engine(registry) -> Callable[..., Engine]:
    """`engine(profile=None, as_of=None, labels=())`: an engine, built once per settings."""
    cache: dict[tuple, Engine] = {}

    def make(profile: str | None = None, as_of: str | dt.date | None = None, labels=(), reg=None) -> Engine:
        key = (profile, as_of_date := as_date(as_of), tuple(labels), id(reg or registry))
        if key not in cache:
            cache[key] = Engine.create(profile, as_of_date, labels, registry=reg or registry)
        return cache[key]

    return make


@pytest.fixture(scope="session")
def evaluate(engine) -> Callable[..., DossierResult]:
    """`evaluate(path, profile=None, as_of=None)`: the result of one dossier file."""

    def run(path: str | Path, profile: str | None = None, as_of=None, labels=(), reg=None) -> DossierResult:
        return engine(profile, as_of, labels, reg).evaluate_path(Path(path))

    return run


@pytest.fixture(scope="session")
def evaluate_data(engine) -> Callable[..., DossierResult]:
    """`evaluate_data(data, folder)`: evaluate a dossier given as a dict (TOML-like: dates as dates)."""

    def run(data: dict[str, Any], folder: Path | None = None, profile: str | None = None, as_of=None,
            reg=None) -> DossierResult:
        built = engine(profile, as_of, (), reg)
        path = (folder or TESTS) / "dossier.toml"
        return built.evaluate_loaded(load_data(built, data, path))

    return run


def load_data(engine: Engine, data: dict[str, Any], path: Path) -> Loaded:
    """Validate a dict as the loader validates a parsed dossier.toml."""
    return validate(path, data, None, {}, engine.registry, engine.profile)


@pytest.fixture
def cli() -> Callable[..., Result]:
    """`cli("evaluate", path, "--format", "json")`: click's runner on `labelcheck`, stdout and stderr apart."""
    runner = CliRunner()

    def invoke(*args: Any) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=True)

    return invoke
