"""Fixtures for the writers: a multi-label result, an invalid dossier, the LDM example evaluated."""

from __future__ import annotations

import pytest
from labelcheck.core.engine import Engine
from labelcheck.core.report import DossierResult
from report_fixtures import EXAMPLES, load_result


@pytest.fixture(scope="session")
def multilabel() -> DossierResult:
    return load_result("lycee-multilabel-result.toml")


@pytest.fixture(scope="session")
def invalid() -> DossierResult:
    return load_result("invalid-result.toml")


@pytest.fixture(scope="session")
def lurcat() -> DossierResult:
    """The LDM example evaluated by the real engine, at its audit date."""
    return Engine.create().evaluate_path(
        EXAMPLES / "lp-jean-lurcat" / "dossier.toml", "examples/lp-jean-lurcat/dossier.toml"
    )
