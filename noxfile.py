"""Developer tasks: `nox` runs lint, types and tests in the current environment, then the
version-sensitive checks on the other Pythons labelcheck supports (`other-pythons`)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
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

nox.options.sessions = ["lint", "types", "types-tests", "tests", "other-pythons"]
nox.options.default_venv_backend = "none"
nox.options.reuse_existing_virtualenvs = True


@nox.session(python=False)
def tests(session: nox.Session) -> None:
    """Run the test suite (pytest arguments may follow `--`)."""
    session.run(*_module("pytest"), *session.posargs)


# Besides the current environment's (3.11 in CI): each has broken something 3.11 did not
# (3.13 dedents docstrings, which rule-engine's parser tables are signed with; json's
# messages and recursion changed in 3.12 and 3.13; 3.12 warns of a fork beside a thread).
OTHER_PYTHONS = ("3.12", "3.13")
# The tests those changes broke, and the start-up ones: a few minutes on each.
VERSION_SENSITIVE_TESTS = (
    "tests/core/test_parser_tables.py",
    "tests/robustness/test_inputs.py",
    "tests/golden",
    "tests/cli/test_lazy_imports.py",
    "tests/cli/test_console_script.py",
    "tests/core/test_ahead.py",
    "tests/core/test_pool_order.py",
    "tests/robustness/test_processes.py::"
    "test_a_worker_forked_again_mid_run_is_forked_with_no_other_thread_running",
)


@nox.session(name="other-pythons", python=False)
def other_pythons(session: nox.Session) -> None:
    """On each of Python 3.12 and 3.13 found (PATH, else pyenv), skipped when absent: the
    README's first command, then the version-sensitive tests (pytest arguments may follow `--`)."""
    for version in OTHER_PYTHONS:
        python = _interpreter(version)
        if python is None:
            session.log(f"Python {version} not found (PATH, pyenv's versions): skipped")
            continue
        venv = ROOT / f".venv-nox-{version}"
        session.log(f"Python {version}: {python}, in {venv.name}")
        session.run("bash", "-c", _readme_first_command(python, venv), external=True)
        session.run(str(venv / "bin" / "pip"), "install", "-q", ".[test]", external=True)
        session.run(
            str(venv / "bin" / "python"),
            "-m",
            "pytest",
            "-q",
            *(session.posargs or VERSION_SENSITIVE_TESTS),
            external=True,
        )


def _interpreter(version: str) -> str | None:
    """The first Python `version` that runs: a pyenv shim on the PATH may name one that is
    not selected, and fail."""
    found = [shutil.which(f"python{version}")]
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    found += sorted(map(str, pyenv.glob(f"{version}*/bin/python3")))
    return next((python for python in found if python and _runs_as(python, version)), None)


def _runs_as(python: str, version: str) -> bool:
    asked = [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
    try:
        ran = subprocess.run(asked, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return False
    return ran.returncode == 0 and ran.stdout.strip() == version


def _readme_first_command(python: str, venv: Path) -> str:
    """The README's first command, run by `python` and installing into `venv`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```sh\n(.+?)\n```", readme, re.DOTALL)
    assert found, "README.md has no ```sh block"
    here = shlex.quote(str(venv))
    command = found[1].replace("python3 -m venv .venv", f"{shlex.quote(python)} -m venv {here}")
    return command.replace(".venv/bin/", f"{here}/bin/")


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
