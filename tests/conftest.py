"""Shared test fixtures: the installed plugins once per session, engines per profile and date, the CLI.

Tests evaluate small TOML dossiers kept next to them (`fixtures/`); these
fixtures only spare each test the plumbing. Plain helpers are in support.py.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings
from labelcheck.core.cli import main
from labelcheck.core.engine import Engine
from labelcheck.core.loading import validate
from labelcheck.core.registry import Registry
from labelcheck.core.report import DossierResult

TESTS = Path(__file__).parent
# 20/05/2026 00:00 UTC: the day human reports say they were produced, in every test
# (cli-and-report 1.1: SOURCE_DATE_EPOCH keeps them reproducible).
SOURCE_DATE_EPOCH = "1779235200"

# No test depends on timing (issue 13): hypothesis's 200 ms deadline per example, and its
# health check of slow data generation, failed properties on a loaded machine (a callgrind
# run beside the suite) that pass on a quiet one. What a property tests is its outcome.
settings.register_profile("labelcheck", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("labelcheck")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden reports (tests/golden/) from the current output",
    )


@pytest.fixture(scope="session", autouse=True)
def reproducible_reports() -> Iterator[None]:
    """Human reports state the day they were produced: pin it, so that output compares equal
    whatever the day, in this process and in the processes tests start (they inherit it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        yield


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Regenerate golden files: `pytest --update-golden`, or LABELCHECK_UPDATE_GOLDEN=1."""
    return bool(
        request.config.getoption("--update-golden") or os.environ.get("LABELCHECK_UPDATE_GOLDEN")
    )


@pytest.fixture(scope="session")
def registry() -> Registry:
    """Everything the installed plugins declare (entry points, as in production)."""
    return Registry.from_plugins()


@pytest.fixture(scope="session")
def engine(registry) -> Callable[..., Engine]:
    """`engine(profile=None, as_of=None)`: an engine, built once per profile and date."""
    cache: dict[tuple, Engine] = {}

    def make(profile: str | None = None, as_of: str | dt.date | None = None) -> Engine:
        day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
        if (profile, day) not in cache:
            cache[profile, day] = Engine.create(profile, day, registry=registry)
        return cache[profile, day]

    return make


@pytest.fixture(scope="session")
def evaluate(engine) -> Callable[..., DossierResult]:
    """`evaluate(path, profile=None, as_of=None)`: the result of one dossier file."""

    def run(path: str | Path, profile: str | None = None, as_of=None) -> DossierResult:
        return engine(profile, as_of).evaluate_path(Path(path))

    return run


@pytest.fixture(scope="session")
def evaluate_data(engine) -> Callable[..., DossierResult]:
    """`evaluate_data(data)`: a dossier given as a dict, shaped as a parsed dossier.toml (dates as dates)."""

    def run(data: dict[str, Any], profile: str | None = None, as_of=None) -> DossierResult:
        built = engine(profile, as_of)
        loaded = validate(TESTS / "dossier.toml", data, None, {}, built.registry, built.profile)
        return built.evaluate_loaded(loaded)

    return run


@pytest.fixture
def cli() -> Callable[..., Result]:
    """`cli("evaluate", path, "--format", "json")`: click's runner on `labelcheck`, stdout and stderr apart."""
    runner = CliRunner()

    def invoke(*args: Any) -> Result:
        return runner.invoke(main, [str(a) for a in args])

    return invoke
