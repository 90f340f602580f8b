"""`evaluate --pages`: a combined report as a folder, one page per school and an index.

Each school's page must be the report a run on its dossier alone writes, byte for byte,
whoever renders it (`--jobs`); the index must lead to every page; the folder is replaced
whole or left as it was, and never one holding anything but an earlier run's pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from processes import command, environment

EXAMPLES = Path(__file__).parents[2] / "examples"
AS_OF = ("--as-of", "2026-05-20")
LINKS = {
    "html": re.compile(r'<th scope="row"><a href="([^"]+)">'),
    "markdown": re.compile(r"^\| \[[^\]]+\]\(([^)]+)\)", re.MULTILINE),
}
SUFFIX = {"html": ".html", "markdown": ".md"}


def academy(tmp_path: Path) -> Path:
    """Two academies' folders, three schools, one with a space and an accent in its name."""
    root = tmp_path / "dossiers"
    shutil.copytree(EXAMPLES / "lp-jean-lurcat", root / "normandie" / "lp-jean-lurcat")
    shutil.copytree(EXAMPLES / "lycee-multilabel", root / "normandie" / "lycée Jacques Cœur")
    shutil.copytree(EXAMPLES / "lp-jean-lurcat", root / "bretagne" / "lp-lurcat-brest")
    return root


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_each_page_is_the_report_of_its_dossier_alone_and_the_index_leads_to_it(cli, fmt, tmp_path):
    root = academy(tmp_path)
    pages = tmp_path / "rapports"
    result = cli("evaluate", root, *AS_OF, "--format", fmt, "--pages", pages)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    index = (pages / f"index{SUFFIX[fmt]}").read_text("utf-8")
    links = LINKS[fmt].findall(index)
    assert [unquote(link) for link in links] == [
        f"etablissements/bretagne/lp-lurcat-brest{SUFFIX[fmt]}",
        f"etablissements/normandie/lp-jean-lurcat{SUFFIX[fmt]}",
        f"etablissements/normandie/lycée Jacques Cœur{SUFFIX[fmt]}",
    ]
    assert "%20" in links[2] and " " not in links[2]  # a link, not two words
    for link in links:
        page = pages / unquote(link)
        school = root / Path(unquote(link)).relative_to("etablissements").with_suffix("")
        alone = cli("evaluate", school, *AS_OF, "--format", fmt)
        assert page.read_bytes() == alone.stdout_bytes, link


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_two_workers_write_the_same_folder_as_one_process(cli, fmt, tmp_path):
    root = academy(tmp_path)
    one, two = tmp_path / "un", tmp_path / "deux"
    cli("evaluate", root, *AS_OF, "--format", fmt, "--pages", one)
    cli("evaluate", root, *AS_OF, "--format", fmt, "--pages", two, "--jobs", "2")
    assert files_of(one) == files_of(two)
    assert len(files_of(one)) == 5  # the index, three pages, the folder's mark


def test_a_school_given_alone_gets_a_page_named_after_its_folder(cli, tmp_path):
    pages = tmp_path / "rapports"
    cli("evaluate", EXAMPLES / "lp-jean-lurcat", *AS_OF, "--pages", pages)
    assert sorted(files_of(pages)) == [
        ".labelcheck-pages",
        "etablissements/lp-jean-lurcat.html",
        "index.html",
    ]
    index = (pages / "index.html").read_text("utf-8")
    assert "Vue d'ensemble" in index  # the way to the page, even for one school
    assert "<title>Rapport combiné des labels qualité</title>" in index


def test_an_invalid_dossier_gets_its_page_and_the_run_says_it_with_exit_2(cli, tmp_path):
    root = academy(tmp_path)
    broken = root / "normandie" / "lp-jean-lurcat" / "dossier.toml"
    broken.write_text(broken.read_text("utf-8").replace("[establishment]", "[etablishment]"))
    pages = tmp_path / "rapports"
    result = cli("evaluate", root, *AS_OF, "--pages", pages)
    assert result.exit_code == 2
    page = (pages / "etablissements" / "normandie" / "lp-jean-lurcat.html").read_text("utf-8")
    assert "etablishment" in page
    assert "dossier invalide" in (pages / "index.html").read_text("utf-8")


def test_an_earlier_runs_folder_is_replaced_whole(cli, tmp_path):
    root = academy(tmp_path)
    pages = tmp_path / "rapports"
    cli("evaluate", root, *AS_OF, "--pages", pages)
    shutil.rmtree(root / "bretagne")
    result = cli("evaluate", root, *AS_OF, "--pages", pages)
    assert result.exit_code == 0, result.stderr
    assert not (pages / "etablissements" / "bretagne").exists()  # no page of a school gone
    assert "lp-lurcat-brest" not in (pages / "index.html").read_text("utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--format", "json"], "--pages ne s'emploie qu'avec les formats html et markdown"),
        (["--format", "pdf"], "--pages ne s'emploie qu'avec les formats html et markdown"),
        (["-o", "{tmp}/r.html"], "--pages et --output désignent chacun où écrire le rapport"),
        (["--format", "markdown", "--summary-only"], "--pages et --summary-only"),
        (["-o", "-"], "--pages et --output désignent chacun où écrire le rapport"),
    ],
)
def test_options_that_say_otherwise_are_refused_before_any_dossier_is_read(
    cli, args, said, tmp_path
):
    pages = tmp_path / "rapports"
    given = [arg.format(tmp=tmp_path) for arg in args]
    result = cli("evaluate", EXAMPLES, *AS_OF, "--pages", pages, *given)
    assert result.exit_code == 2
    assert said in result.stderr.replace("\u202f", " ")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_holding_anything_else_is_never_replaced(cli, tmp_path):
    pages = tmp_path / "Documents"
    pages.mkdir()
    (pages / "budget.ods").write_bytes(b"precious")
    result = cli("evaluate", EXAMPLES, *AS_OF, "--pages", pages)
    assert result.exit_code == 2
    assert "ce répertoire n'est pas vide, et aucune évaluation ne l'a écrit" in result.stderr
    assert files_of(pages) == {"budget.ods": b"precious"}
    assert [p.name for p in tmp_path.iterdir()] == ["Documents"]


def test_an_empty_folder_is_filled(cli, tmp_path):
    pages = tmp_path / "rapports"
    pages.mkdir()
    assert cli("evaluate", EXAMPLES, *AS_OF, "--pages", pages).exit_code == 0
    assert (pages / "index.html").is_file()


@pytest.mark.parametrize("where", ["the dossiers", "a school's folder", "a file"])
def test_a_folder_that_would_take_the_dossiers_with_it_is_refused(cli, where, tmp_path):
    root = academy(tmp_path)
    target = {
        "the dossiers": root,
        "a school's folder": root / "normandie" / "lp-jean-lurcat" / "rapports",
        "a file": root / "normandie" / "lp-jean-lurcat" / "dossier.toml",
    }[where]
    before = files_of(tmp_path)
    result = cli("evaluate", root / "normandie", *AS_OF, "--pages", target)
    assert result.exit_code == 2, result.stderr
    said = result.stderr.replace("\u202f", " ")
    assert {
        "the dossiers": "--pages ",
        "a school's folder": "est le dossier d'un établissement (il contient dossier.toml)",
        "a file": "est un fichier, pas un répertoire",
    }[where] in said
    assert "Traceback" not in said
    assert files_of(tmp_path) == before


def test_a_page_that_cannot_be_written_fails_the_run_and_leaves_the_folder_as_it_was(
    cli, monkeypatch, tmp_path
):
    from labelcheck.core.writers.pages import Pages

    root = academy(tmp_path)
    pages = tmp_path / "rapports"
    cli("evaluate", root, *AS_OF, "--pages", pages)
    before = files_of(pages)
    monkeypatch.setattr(
        Pages, "write", lambda self, name, document: f"{name}\u202f: plus de place sur le disque"
    )
    result = cli("evaluate", root, *AS_OF, "--pages", pages)
    assert result.exit_code == 2
    assert (
        "impossible d'écrire la page etablissements/bretagne/lp-lurcat-brest.html\u202f: "
        "plus de place sur le disque" in result.stderr
    )
    assert files_of(pages) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_folder_has_the_umasks_permissions_or_the_earlier_folders(cli, tmp_path):
    """mkdtemp makes its folder its owner's only: a report shared with a group, or served by
    a web server, would have become unreadable to them."""
    import os

    umask = os.umask(0o022)
    try:
        pages = tmp_path / "rapports"
        cli("evaluate", EXAMPLES, *AS_OF, "--pages", pages)
        assert pages.stat().st_mode & 0o777 == 0o755
        pages.chmod(0o750)
        cli("evaluate", EXAMPLES, *AS_OF, "--pages", pages)
        assert pages.stat().st_mode & 0o777 == 0o750
    finally:
        os.umask(umask)


def test_an_empty_folder_name_is_refused_not_taken_for_no_option(cli, tmp_path):
    """`--pages "$OUT"` with OUT left empty printed the text report and exited 0 (the
    grader of --pages): as `-o ""`, refused."""
    result = cli("evaluate", EXAMPLES, *AS_OF, "--pages", "")
    assert result.exit_code == 2 and result.stdout == ""
    assert "chemin vide" in result.stderr


def test_the_current_folder_is_refused_and_nothing_is_left_beside_it(cli, monkeypatch, tmp_path):
    """It cannot be renamed (EBUSY, and a hidden folder left beside it, the grader)."""
    here = tmp_path / "ici"
    here.mkdir()
    monkeypatch.chdir(here)
    result = cli("evaluate", EXAMPLES, *AS_OF, "--pages", ".")
    assert result.exit_code == 2
    assert "c'est le répertoire courant" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["ici"] and list(here.iterdir()) == []


def test_a_link_to_the_folder_stays_a_link_and_the_folder_keeps_its_group(cli, tmp_path):
    """The link was replaced by a folder, the folder it led to left as it was; and the
    folder's group was the runner's (the grader): a report published or shared there."""
    import os

    real = tmp_path / "publie"
    real.mkdir()
    link = tmp_path / "rapports"
    link.symlink_to(real)
    groups = [g for g in os.getgroups() if g != real.stat().st_gid] if os.getuid() else [1]
    if groups:
        os.chown(real, -1, groups[0])
    cli("evaluate", EXAMPLES, *AS_OF, "--pages", link)
    assert link.is_symlink() and (real / "index.html").is_file()
    if groups:
        assert real.stat().st_gid == groups[0]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_stopped_by_its_reader_leaves_no_hidden_folder(jobs, tmp_path):
    """Its stderr's reader gone (`2>&1 | head -1`), the run stops: with --jobs 2, the workers
    went on writing pages into the folder just removed, which a hidden folder kept (the
    grader of --pages)."""
    root = tmp_path / "dossiers"
    for index in range(400):  # workers still busy when the parent stops
        broken = shutil.copytree(EXAMPLES / "lp-jean-lurcat", root / f"d{index:03}")
        toml = broken / "dossier.toml"
        toml.write_text(toml.read_text("utf-8").replace("[establishment]", "[etablishment]"))
    pages = tmp_path / "rapports"
    subprocess.run(
        ["sh", "-c", 'exec "$@" 2>&1 | head -1', "sh"]
        + command("evaluate", root, *AS_OF, "--pages", pages, "--jobs", jobs),
        env=environment(),
        stdout=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossiers"]
