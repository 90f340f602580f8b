"""A run over many dossiers: discover, evaluate one by one, stream to a writer."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Iterable, Iterator

from labelcheck.core.engine import Engine
from labelcheck.core.errors import InputError
from labelcheck.core.report import SEVERITY_ORDER, DossierResult, Summary

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def display(path: Path) -> str:
    return path.as_posix()


def evaluate_one(engine: Engine, path: Path) -> DossierResult:
    """Evaluate one dossier; a plugin that raises is reported, never propagated."""
    try:
        return engine.evaluate_path(path, display(path))
    except Exception as error:  # noqa: BLE001 - a bug in a plugin or in labelcheck
        where = traceback.extract_tb(error.__traceback__)[-1]
        return DossierResult(display(path), None, None, internal_error=(
            f"{type(error).__name__}: {error} (in {Path(where.filename).name}:{where.lineno})"))


def evaluate_all(engine: Engine, targets: Iterable[Path | InputError]) -> Iterator[DossierResult]:
    for target in targets:
        if isinstance(target, InputError):
            yield DossierResult(target.file, None, None, errors=(target,))
        else:
            yield evaluate_one(engine, target)


def exit_status(summary: Summary, worst: str | None, fail_on: str) -> int:
    if summary.internal_errors:
        return EXIT_INTERNAL
    if summary.invalid:
        return EXIT_INPUT
    if fail_on != "never" and worst is not None and SEVERITY_ORDER[worst] <= SEVERITY_ORDER[fail_on]:
        return EXIT_FINDINGS
    return EXIT_OK


def worse(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if SEVERITY_ORDER[a] <= SEVERITY_ORDER[b] else b
