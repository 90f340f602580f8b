"""The README's CI snippets, run as pasted: GitHub Actions, GitLab CI and the pre-commit hook.

Each snippet is read from the README's "In CI" section and parsed as its CI would parse it;
its labelcheck commands run, as written, in a copy of the examples plus one invalid
dossier. Only the machine's setup is not run: checking out, installing Python, and
`pip install` (its requirement is checked instead: the installed labelcheck is this one).
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from labelcheck.core.run import shard_of
from packaging.requirements import Requirement

ROOT = Path(__file__).parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
TAG = f"v{VERSION}"
# The shells CI runs a step in: GitHub's default for `run`, GitLab's for `script` lines.
GITHUB_SHELL = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]
GITLAB_SHELL = ["bash", "-e", "-c"]
# The one shard of 4 that holds the invalid dossier, by the digest of its path, exits 2.
INVALID_SHARD = shard_of(Path("dossiers/zz-invalide/dossier.toml"), 4)
EXPECTED_VERDICT = {shard: 2 if shard == INVALID_SHARD else 0 for shard in (1, 2, 3, 4)}


def readme_snippets() -> dict[str, str]:
    """The YAML blocks of the README's "In CI" section, by the file named on their first line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## In CI\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    return {block.split("\n", 1)[0].removeprefix("# "): block for block in blocks}


SNIPPETS = readme_snippets()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A repository of dossiers: the examples, and a dossier that does not validate."""
    root = tmp_path_factory.mktemp("academy")
    shutil.copytree(ROOT / "examples", root / "dossiers")
    invalid = root / "dossiers" / "zz-invalide"
    invalid.mkdir()
    (invalid / "dossier.toml").write_text(
        'format = 1\n\n[establishment]\nuai = "0180036T"\n', encoding="utf-8"
    )
    return root


def ci_environment(**variables: str) -> dict[str, str]:
    """This environment, with this labelcheck first on PATH, as the install step leaves it."""
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        **variables,
    }


def labelcheck_commands(snippet: str) -> list[str]:
    return [line for line in snippet.splitlines() if re.search(r"\blabelcheck evaluate\b", line)]


def requirement_installed_by(line: str, repository: str) -> Requirement:
    """What an install line asks pip for: the line run by a shell where `pip` prints its arguments."""
    script = 'pip() { printf "%s\\n" "$@"; }\n' + line
    done = subprocess.run(
        ["bash", "-c", script],
        env=ci_environment(LABELCHECK_REPO=repository),
        capture_output=True,
        text=True,
        check=True,
    )
    command, requirement = done.stdout.splitlines()
    assert command == "install"
    return Requirement(requirement)


def install_line(snippet_lines: list[str]) -> str:
    (line,) = [line for line in snippet_lines if "pip install" in line]
    return line


def assert_installs_this_version_from_the_repository(line: str) -> None:
    requirement = requirement_installed_by(line, "https://git.example/labelcheck.git")
    assert requirement.name == "labelcheck"
    assert requirement.url == f"git+https://git.example/labelcheck.git@{TAG}"
    unset = subprocess.run(
        ["bash", "-c", "pip() { :; }\n" + line],
        env=ci_environment(LABELCHECK_REPO=""),
        capture_output=True,
        text=True,
    )
    assert unset.returncode != 0 and "set the variable LABELCHECK_REPO" in unset.stderr


def assert_junit_report(path: Path, shard_verdict: int) -> None:
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    failed = {
        failure.get("type")
        for case in root.iter("testcase")
        if (failure := case.find("failure")) is not None
    }
    assert ("invalid-dossier" in failed) == (shard_verdict == 2)


def test_every_snippet_pins_the_date_and_names_what_exit_2_means():
    assert set(SNIPPETS) == {
        ".github/workflows/labelcheck.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
    }
    for name in (".github/workflows/labelcheck.yml", ".gitlab-ci.yml"):
        commands = labelcheck_commands(SNIPPETS[name])
        assert commands and all('--as-of "$AS_OF"' in command for command in commands), name
        assert "2 for an invalid dossier" in SNIPPETS[name]
    hooks = yaml.safe_load(SNIPPETS[".pre-commit-config.yaml"])["repos"][0]["hooks"]
    github = yaml.safe_load(SNIPPETS[".github/workflows/labelcheck.yml"])["env"]["AS_OF"]
    gitlab = yaml.safe_load(SNIPPETS[".gitlab-ci.yml"])["labelcheck"]["variables"]["AS_OF"]
    assert (
        hooks[0]["args"] == ["--as-of", github] and gitlab == github
    )  # one verdict, in CI and at commit


# -- GitHub Actions ------------------------------------------------------------------------------


def run_github_job(job: dict, env: dict[str, str], shard: int, workspace: Path) -> list[int | None]:
    """Each step's exit status as GitHub runs them: after a failure, only `if: always()` steps."""
    statuses: list[int | None] = []
    failed = False
    for step in job["steps"]:
        if failed and step.get("if") != "always()":
            statuses.append(None)
            continue
        if (
            "uses" in step or "pip install" in step["run"]
        ):  # the machine's setup: done by this test run
            statuses.append(0)
            continue
        command = step["run"].replace("${{ matrix.shard }}", str(shard))
        assert "${{" not in command
        status = subprocess.run(GITHUB_SHELL + [command], cwd=workspace, env=env).returncode
        statuses.append(status)
        failed = failed or status != 0
    return statuses


def test_the_github_workflow_runs_as_pasted(workspace):
    workflow = yaml.safe_load(SNIPPETS[".github/workflows/labelcheck.yml"])
    job = workflow["jobs"]["labelcheck"]
    assert job["strategy"]["fail-fast"] is False
    steps = job["steps"]
    verdict_step = next(
        i for i, step in enumerate(steps) if "labelcheck evaluate" in step.get("run", "")
    )
    assert all(step.get("if") == "always()" for step in steps[verdict_step + 1 :])
    install = next(step for step in steps if "pip install" in step.get("run", ""))
    assert install["env"]["LABELCHECK_REPO"] == "${{ vars.LABELCHECK_REPO }}"
    assert_installs_this_version_from_the_repository(install["run"])

    upload = steps[-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    for shard in job["strategy"]["matrix"]["shard"]:
        summary = workspace / f"github-summary-{shard}.md"
        env = ci_environment(**workflow["env"], GITHUB_STEP_SUMMARY=str(summary))
        statuses = run_github_job(job, env, shard, workspace)
        assert statuses[verdict_step] == EXPECTED_VERDICT[shard], shard
        # The report steps succeed, but for an invalid dossier, which exits 2 whatever --fail-on says
        # (an action's step, such as the SARIF upload, is not run here).
        reports_status = 2 if EXPECTED_VERDICT[shard] == 2 else 0
        assert statuses[verdict_step + 1 : -1] == [
            0 if "uses" in step else reports_status for step in steps[verdict_step + 1 : -1]
        ], shard
        assert_sarif_log(workspace / sarif_file(steps), EXPECTED_VERDICT[shard])
        assert statuses[-1] == 0
        assert_junit_report(workspace / f"labelcheck-{shard}.xml", EXPECTED_VERDICT[shard])
        assert_summary_only(
            summary.read_text(encoding="utf-8"), workspace / f"labelcheck-{shard}.md"
        )
        uploaded = glob.glob(
            upload["with"]["path"].replace("${{ matrix.shard }}", str(shard)), root_dir=workspace
        )
        assert sorted(uploaded) == [f"labelcheck-{shard}.md", f"labelcheck-{shard}.xml"]


def sarif_file(steps: list[dict]) -> str:
    (upload,) = [step for step in steps if step.get("uses", "").startswith("github/codeql-action/")]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    return upload["with"]["sarif_file"]


def assert_sarif_log(path: Path, shard_verdict: int) -> None:
    """The SARIF the upload step sends: a 2.1.0 log whose results are at dossier lines."""
    log = json.loads(path.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    invalid = [r for r in results if r["ruleId"] == "labelcheck/input-error"]
    assert bool(invalid) == (shard_verdict == 2)
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results)


def assert_codequality_report(path: Path, shard_verdict: int) -> None:
    """GitLab's Code Quality report: an array of entries, an invalid dossier's errors among them."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(entries, list)
    invalid = [e for e in entries if e["check_name"] == "labelcheck/input-error"]
    assert bool(invalid) == (shard_verdict == 2)


def assert_summary_only(summary: str, full_report: Path) -> None:
    """The job summary: the overview of the shard's dossiers, one row each, and no school's section
    (GitHub refuses a step summary over 1 MiB); the whole report is the artifact."""
    full = full_report.read_text(encoding="utf-8")
    assert (
        summary.startswith("# Rapport combiné des labels qualité\n")
        and "## Vue d'ensemble" in summary
    )
    rows = [
        line
        for line in summary.splitlines()
        if line.startswith("| ") and not line.startswith(("| Établissement", "| ---"))
    ]
    assert len(rows) == len(re.findall(r"^## (?!Vue)", full, re.MULTILINE))
    assert "### " not in summary and len(summary.encode()) < 1500 + 400 * len(
        rows
    )  # a header, a row per dossier


# -- GitLab CI -----------------------------------------------------------------------------------


def test_the_gitlab_job_runs_as_pasted(workspace):
    job = yaml.safe_load(SNIPPETS[".gitlab-ci.yml"])["labelcheck"]
    assert job["artifacts"]["when"] == "always"
    assert_installs_this_version_from_the_repository(install_line(job["script"]))
    for index in range(1, job["parallel"] + 1):
        env = ci_environment(
            **job["variables"], CI_NODE_INDEX=str(index), CI_NODE_TOTAL=str(job["parallel"])
        )
        status, log = 0, ""
        for line in job["script"]:
            if "pip install" in line:  # the machine's setup: done by this test run
                continue
            done = subprocess.run(
                GITLAB_SHELL + [line], cwd=workspace, env=env, capture_output=True, text=True
            )
            status, log = done.returncode, log + done.stderr
            if status:
                break
        assert status == EXPECTED_VERDICT[index], index
        # The job log names each error of an invalid dossier, as its comment says.
        assert ("dossiers/zz-invalide/dossier.toml:4: establishment.uai: " in log) == (status == 2)
        (report,) = glob.glob(
            job["artifacts"]["reports"]["junit"].replace("*", f"{index}"), root_dir=workspace
        )
        assert_junit_report(workspace / report, EXPECTED_VERDICT[index])
        # after_script runs whatever the script's status, in a shell of its own.
        for line in job["after_script"]:
            subprocess.run(GITLAB_SHELL + [line], cwd=workspace, env=env, check=False)
        codequality = workspace / job["artifacts"]["reports"]["codequality"]
        assert_codequality_report(codequality, EXPECTED_VERDICT[index])
        codequality.unlink()  # the next node writes its own


# -- pre-commit ----------------------------------------------------------------------------------


def test_the_pre_commit_hook_runs_as_pasted(workspace):
    (repo,) = yaml.safe_load(SNIPPETS[".pre-commit-config.yaml"])["repos"]
    (used,) = repo["hooks"]
    assert repo["rev"] == TAG
    (hook,) = [
        hook
        for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
        if hook["id"] == used["id"]
    ]
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    files = sorted(
        str(path.relative_to(workspace)) for path in workspace.rglob("*") if path.is_file()
    )
    changed = [name for name in files if re.search(hook["files"], name)]
    assert changed == [
        "dossiers/lp-jean-lurcat/dossier.toml",
        "dossiers/lycee-multilabel/dossier.toml",
        "dossiers/zz-invalide/dossier.toml",
    ]

    def commit(names: list[str]) -> int:
        command = hook["entry"].split() + used["args"] + names
        return subprocess.run(
            command, cwd=workspace, env=ci_environment(), capture_output=True
        ).returncode

    assert commit(changed[:2]) == 0
    assert commit(changed) == 2


def test_the_version_the_snippets_pin_is_released():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(
        rf"^## {re.escape(VERSION)} — \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.MULTILINE
    )
    for snippet in SNIPPETS.values():
        assert set(re.findall(r"\bv\d+\.\d+\.\d+\b", snippet)) == {TAG}


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_the_pinned_tag_exists_and_holds_the_hook():
    tags = subprocess.run(["git", "-C", str(ROOT), "tag", "--list"], capture_output=True, text=True)
    if tags.returncode != 0 or not tags.stdout.strip():
        pytest.skip("this checkout carries no tags (a shallow or tag-less clone)")
    hooks = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{TAG}:.pre-commit-hooks.yaml"],
        capture_output=True,
        text=True,
    )
    assert hooks.returncode == 0, (
        f"no tag {TAG} holding .pre-commit-hooks.yaml: git tag {TAG} <commit>"
    )
    assert any(hook["id"] == "labelcheck" for hook in yaml.safe_load(hooks.stdout))
