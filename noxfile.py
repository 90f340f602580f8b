"""Developer tasks: `nox` runs lint, types and tests in the current environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
# mypy cannot follow the editable install's package-dir mapping (labelcheck -> api/,
# labelcheck.core -> core/…), so it type-checks this farm of symlinks laid out as the
# installed package: build/typecheck/labelcheck/{core,rules,plugins} -> ../../../core etc.,
# and the files of api/ (the package `labelcheck` itself) beside them.
FARM = ROOT / "build" / "typecheck"
PACKAGES = ("core", "rules", "plugins")
TOP = "api"

nox.options.sessions = ["lint", "types", "types-tests", "tests"]
nox.options.default_venv_backend = "none"
nox.options.reuse_existing_virtualenvs = True


@nox.session(python=False)
def tests(session: nox.Session) -> None:
    """Run the test suite (pytest arguments may follow `--`)."""
    session.run(*_module("pytest"), *session.posargs)


@nox.session(python=False)
def lint(session: nox.Session) -> None:
    """Check lint rules and formatting; change nothing."""
    session.run(*_module("ruff"), "check", ".")
    session.run(*_module("ruff"), "format", "--check", ".")


@nox.session(python=False)
def types(session: nox.Session) -> None:
    """Type-check the package (mypy, default mode) through the symlink farm."""
    _lay_farm()
    with session.chdir(FARM):
        session.run(
            *_module("mypy"),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "-p",
            "labelcheck",
            *session.posargs,
        )


@nox.session(name="types-tests", python=False)
def types_tests(session: nox.Session) -> None:
    """Type-check tests/ against the farm, one mypy run per folder of tests.

    Each run sees the modules pytest's default import mode ("prepend") gives that folder's
    tests: tests/ (conftest.py's folder: `support`, `writers.report_fixtures`) and the folder
    itself unless it is a package (`report_fixtures`, `processes`, `ldm_dossiers`…). One run
    over all of tests/ cannot: it would meet two top-level modules named `conftest`.
    """
    _lay_farm()
    tests = ROOT / "tests"
    failed: list[str] = []
    for folder, sources in _test_folders(tests):
        bases = [FARM, tests]
        if folder != tests and not (folder / "__init__.py").exists():
            bases.append(folder)
        try:
            session.run(
                *_module("mypy"),
                "--config-file",
                str(ROOT / "pyproject.toml"),
                "--explicit-package-bases",
                "--exclude",
                "tests/thirdparty/labelcheck-egalite/",
                *sources,
                *session.posargs,
                env={"MYPYPATH": os.pathsep.join(map(str, bases))},
            )
        except nox.command.CommandFailed:
            failed.append(folder.relative_to(ROOT).as_posix())
    if failed:
        session.error(f"mypy found errors in: {', '.join(failed)}")


def _test_folders(tests: Path) -> list[tuple[Path, list[str]]]:
    """tests/ with its own files, then each folder of tests with everything under it."""
    top = [str(path.relative_to(ROOT)) for path in sorted(tests.glob("*.py"))]
    folders = [
        (path, [str(path.relative_to(ROOT))])
        for path in sorted(tests.iterdir())
        if path.is_dir() and any(path.rglob("*.py"))
    ]
    return [(tests, top), *folders]


def _module(name: str) -> tuple[str, ...]:
    """Run a tool with this interpreter, so the current environment is the one used."""
    return (sys.executable, "-m", name)


def _lay_farm() -> None:
    """Lay out build/typecheck/labelcheck/ as the installed package, of relative symlinks."""
    package = FARM / "labelcheck"
    package.mkdir(parents=True, exist_ok=True)
    up = Path(os.pardir, os.pardir, os.pardir)
    links = {name: up / name for name in PACKAGES}
    top = ROOT / TOP
    if top.is_dir():
        links.update(
            {
                path.name: up / TOP / path.name
                for path in top.iterdir()
                if path.is_file() and path.suffix in (".py", ".pyi", ".typed")
            }
        )
    for name, target in links.items():
        _link(package / name, target)


def _link(link: Path, target: Path) -> None:
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target, target_is_directory=not target.suffix)
