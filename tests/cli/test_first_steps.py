"""« Premiers pas » (docs/fr/premiers-pas.md), followed as a school head would: each of its
`labelcheck` commands run as written, in its order, in a fresh folder, its TOML example added
to the dossier where the page says to complete it. The page promises what each step shows;
those promises are checked here, so that the guide a new user starts from stays true.

Only the installation is not run (a virtual environment, pip): the labelcheck run is this one.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "fr" / "premiers-pas.md"


def steps() -> list[tuple[str, list[str], list[str]]]:
    """Each numbered section of the page: its title, its `labelcheck` command lines and its
    TOML examples, in the page's order."""
    text = PAGE.read_text("utf-8")
    found = []
    for title, body in re.findall(r"^## (\d+\. [^\n]+)\n(.*?)(?=^## |\Z)", text, re.M | re.S):
        shell = re.findall(r"```sh\n(.*?)```", body, re.S)
        commands = [
            line for block in shell for line in block.splitlines() if line.startswith("labelcheck ")
        ]
        found.append((title, commands, re.findall(r"```toml\n(.*?)```", body, re.S)))
    return found


@pytest.fixture(scope="module")
def followed(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Every command of the page, run in order in one folder, by its command line; the folder
    under the key `""`."""
    folder = tmp_path_factory.mktemp("premiers-pas")
    shutil.copytree(ROOT / "examples", folder / "dossiers")  # an academy's campaign (step 9)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "NO_COLOR": "1",
    }
    runs: dict = {"": folder}
    for _title, commands, examples in steps():
        for example in examples:  # « Compléter le dossier »: the example, and the piece it names
            dossier = folder / "mon-lycee" / "dossier.toml"
            dossier.write_text(dossier.read_text("utf-8") + "\n" + example, encoding="utf-8")
            piece = folder / "mon-lycee" / tomllib.loads(example)["documents"][0]["file"]
            piece.parent.mkdir(parents=True, exist_ok=True)
            piece.write_bytes(b"%PDF-1.4\n")
        for line in commands:
            runs[line] = subprocess.run(
                shlex.split(line), cwd=folder, env=env, capture_output=True, text=True
            )
    return runs


def test_the_page_holds_every_step_and_a_command_for_each():
    titles = [title for title, _, _ in steps()]
    assert len(titles) == 9 and titles[0].startswith("1. Installer")
    assert all(commands or examples for _, commands, examples in steps()[1:])


def test_no_command_of_the_page_fails_on_its_input(followed):
    for line, run in followed.items():
        if not line:
            continue
        assert run.returncode in (0, 1), f"{line}: {run.returncode}\n{run.stderr}"
        assert "Traceback" not in run.stderr


def test_init_writes_the_academy_with_the_profile_the_page_names(followed):
    [line] = [line for line in followed if line.startswith("labelcheck init")]
    assert followed[line].returncode == 0
    named = re.search(r"«\s*(jugé sous le profil\s+[\w-]+)\s*»", PAGE.read_text("utf-8"))
    assert named, "the page names the profile init writes"
    written = (followed[""] / "mon-lycee" / "dossier.toml").read_text("utf-8")
    assert " ".join(named.group(1).split()) in written


def test_a_dossier_just_written_is_ready_for_no_label_and_exits_1(followed):
    run = followed["labelcheck evaluate mon-lycee"]
    assert run.returncode == 1
    assert "NON PRÊT" in run.stdout and "✗ [bloquant" in run.stdout and "→" in run.stdout


def test_the_page_s_piece_counts_once_added(followed):
    """Step 4's example is a valid entry: missing for LDM at step 3, the school's project is
    there once added (step 7 evaluates the dossier again)."""
    missing = "Pièce obligatoire absente\u202f: projet d'établissement\n"
    before = followed["labelcheck evaluate mon-lycee"]
    after = next(run for line, run in followed.items() if "--as-of" in line)
    assert missing in before.stdout and missing not in after.stdout
    assert after.returncode == 1  # a project alone does not make a dossier


def test_an_application_is_judged_at_its_audit_date_as_the_page_says(followed, tmp_path):
    """Step 7 said the dossier was judged « tel qu'il est aujourd'hui », `--as-of` the way to
    judge it at the audit: an application with its `audit` date is judged at that date
    without it (cli-and-report: « default: the application's audit date, else today »)."""
    section = PAGE.read_text("utf-8").split("\n## 7.")[1].split("\n## ")[0]
    written = re.search(r"`audit = (\d{4})-(\d{2})-(\d{2})`", section)
    assert written, "step 7 names the key that sets the date an application is judged at"
    year, month, day = written.groups()
    dossier = tmp_path / "mon-lycee"
    shutil.copytree(followed[""] / "mon-lycee", dossier)
    text = (dossier / "dossier.toml").read_text("utf-8")
    application = '[[applications]]\nlabel = "ldm"\n'
    assert application in text
    text = text.replace(application, f"{application}audit = {year}-{month}-{day}\n")
    (dossier / "dossier.toml").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "labelcheck", "evaluate", str(dossier), "--label", "ldm"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert run.returncode in (0, 1), run.stderr
    assert f"au {day}/{month}/{year}\u202f:" in run.stdout, run.stdout


def test_the_rule_the_page_explains_is_named_by_details(followed):
    details = next(line for line in followed if "--details" in line)
    [explain] = [line for line in followed if line.startswith("labelcheck explain")]
    rule = explain.split()[2]  # labelcheck explain RULE --profile …
    assert f"(règle {rule})" in followed[details].stdout
    assert followed[explain].returncode == 0 and followed[explain].stdout.startswith(rule)


def test_the_reports_the_page_writes_are_written(followed):
    lines = [line for line in followed if " -o " in line]
    assert {line.split(" -o ")[1].split()[0] for line in lines} == {
        "rapport.html",
        "avant.json",
        "rapport.xml",
    }
    for line in lines:
        assert followed[line].returncode == 0, followed[line].stderr
        assert (followed[""] / line.split(" -o ")[1].split()[0]).stat().st_size > 0


def test_compare_reads_the_saved_evaluation_against_the_dossier(followed):
    [line] = [line for line in followed if line.startswith("labelcheck compare")]
    assert followed[line].returncode == 0
    assert "Comparaison de deux évaluations" in followed[line].stdout


def test_the_campaign_lists_the_academy_s_schools(followed):
    run = followed["labelcheck campaign dossiers/"]
    assert run.returncode == 0 and "Échéances, mois par mois" in run.stdout
