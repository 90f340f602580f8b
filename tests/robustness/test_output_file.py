"""`-o/--output` (issue 9, point 3): never onto an input nor into a school's dossier folder,
written whole or not at all (a temporary file renamed at the end), and every failure to
write a clear error with exit 2, never a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from cli.processes import command, environment, labelcheck
from labelcheck.core.writers import pdf_available
from labelcheck.core.writers.json import JsonWriter

ROOT = Path(__file__).parents[2]
READY = ROOT / "tests" / "cli" / "fixtures" / "campaign" / "lp-ready"  # a dossier folder, exit 0

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev/full, /sys")


@pytest.fixture
def root(tmp_path) -> Path:
    """Two schools' dossier folders, one with a pieces/ folder, and an empty folder."""
    shutil.copytree(READY, tmp_path / "dossiers" / "ecole")
    (tmp_path / "dossiers" / "ecole" / "pieces").mkdir()
    shutil.copytree(READY, tmp_path / "dossiers" / "lycee")
    (tmp_path / "dossiers" / "vide").mkdir()
    return tmp_path / "dossiers"


def refused(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    assert "--output" in result.stderr
    for word in words:
        assert word in result.stderr


def leftovers(folder: Path) -> list[str]:
    """Temporary files a run left behind."""
    return [path.name for path in folder.rglob("*.part")]


# -- never onto an input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "output"),
    [
        ("ecole", "ecole/dossier.toml"),
        ("ecole/dossier.toml", "ecole/dossier.toml"),
        (".", "ecole/dossier.toml"),
        (".", "vide/../ecole/dossier.toml"),
        (".", "lien.json"),  # a symbolic link to ecole/dossier.toml
    ],
)
def test_the_report_never_overwrites_an_input_dossier(given, output, root, cli):
    (root / "lien.json").symlink_to(root / "ecole" / "dossier.toml")
    before = (root / "ecole" / "dossier.toml").read_bytes()
    refused(cli("evaluate", root / given, "--format", "json", "-o", root / output))
    assert (root / "ecole" / "dossier.toml").read_bytes() == before
    assert leftovers(root) == []


@pytest.mark.parametrize(
    "command", [["evaluate", "{ecole}"], ["campaign", "{ecole}"], ["compare", "{ecole}", "{ecole}"]]
)
def test_a_refused_report_is_only_refused_never_first_said_written(command, root, cli):
    """`-o ecole/dossier.toml`: « le rapport y est écrit en texte », then the refusal (the FS
    audit)."""
    args = (arg.format(ecole=root / "ecole") for arg in command)
    result = cli(*args, "-o", root / "ecole" / "dossier.toml")
    refused(result, "serait lu comme un dossier")
    assert result.stderr.count("\n") == 1, result.stderr


def test_an_input_file_of_any_name_is_never_overwritten(cli, tmp_path):
    dossier = tmp_path / "candidature.toml"
    shutil.copy(READY / "dossier.toml", dossier)
    before = dossier.read_bytes()
    refused(
        cli("evaluate", dossier, "-o", dossier), "c'est un fichier d'entrée de cette évaluation"
    )
    assert dossier.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ("evaluate", "{dossiers}", "--baseline", "{file}"),
        ("evaluate", "{dossiers}", "--profile", "{file}"),
        ("campaign", "{dossiers}", "--profile", "{file}"),
        ("compare", "{dossiers}", "{dossiers}", "--profile", "{file}"),
    ],
)
def test_the_baseline_and_a_profile_file_are_inputs_too(command, root, tmp_path, cli):
    """-o base.json with --baseline base.json, -o p.toml with --profile p.toml: each replaced
    the file it had just read (exit 0, the robustness audit)."""
    report = tmp_path / "base.json"
    assert cli("evaluate", root, "--format", "json", "-o", report).exit_code == 0
    profile = tmp_path / "p.toml"
    profile.write_text('name = "p"\nextends = "national"\n', "utf-8")
    given = report if "--baseline" in command else profile
    before = given.read_bytes()
    args = [a.format(dossiers=root, file=given) for a in command]
    refused(
        cli(*args, "--format", "json", "-o", given),
        "c'est un fichier d'entrée de cette évaluation",
    )
    assert given.read_bytes() == before


@pytest.mark.parametrize("name", ["dossier.json", "dossier.toml", "DOSSIER.JSON"])
def test_a_report_named_as_a_dossier_under_a_given_path_is_refused(name, root, cli):
    """A later run would evaluate it as a second « dossier »."""
    refused(
        cli("evaluate", root, "--format", "json", "-o", root / "vide" / name),
        "serait lu comme un dossier par les évaluations suivantes",
    )
    assert list((root / "vide").iterdir()) == []


@pytest.mark.parametrize("output", ["ecole/rapport.json", "ecole/pieces/rapport.json"])
def test_a_report_inside_a_schools_dossier_folder_is_refused(output, root, cli):
    refused(
        cli("evaluate", root, "--format", "json", "-o", root / output),
        "est le dossier d'un établissement (il contient dossier.toml)",
    )
    said = cli("evaluate", root, "--format", "json", "-o", root / output).stderr
    assert "l'écrire hors des dossiers des établissements" in said
    # the same name beside the school's folder, as given (a full path here)
    assert f"par exemple -o {root / 'rapport.json'}\n" in said
    assert not (root / output).exists()


def test_a_report_asked_from_inside_a_dossier_is_offered_a_place_beside_it(root, cli, monkeypatch):
    """The starter says « labelcheck evaluate . »: run from the school's folder, `-o
    rapport.html` was refused with no place to write it instead (the new user's audit)."""
    monkeypatch.chdir(root / "ecole" / "pieces")
    said = cli("evaluate", "..", "--format", "html", "-o", "rapport.html").stderr
    assert "est le dossier d'un établissement" in said
    assert said.endswith(f"par exemple -o {os.path.join('..', '..', 'rapport.html')}\n")
    # a name with a space is offered quoted, to paste as it is
    said = cli("evaluate", "..", "--format", "html", "-o", "mon rapport.html").stderr
    assert said.endswith(f'par exemple -o "{os.path.join("..", "..", "mon rapport.html")}"\n')


@pytest.mark.parametrize(
    ("output", "words"),
    [
        ("lycee/dossier.toml", "ou remplacerait celui d'un établissement"),
        ("lycee/dossier.json", "ou remplacerait celui d'un établissement"),
        ("lycee/rapport.json", "est le dossier d'un établissement (il contient dossier.toml)"),
        ("vide/dossier.json", "serait lu comme un dossier"),
    ],
)
def test_another_schools_dossier_folder_is_refused_too(output, words, root, cli):
    """Only `ecole` is evaluated: `lycee` is another school's folder, which the report must
    neither replace nor join (a dossier.json beside its dossier.toml would break it)."""
    before = (root / "lycee" / "dossier.toml").read_bytes()
    refused(cli("evaluate", root / "ecole", "--format", "json", "-o", root / output), words)
    assert (root / "lycee" / "dossier.toml").read_bytes() == before
    assert not (root / output).exists() or output.endswith("dossier.toml")


def test_a_report_beside_the_dossiers_is_written(root, cli):
    result = cli(
        "evaluate", root / "ecole", root / "lycee", "--format", "json", "-o", root / "rapport.json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads((root / "rapport.json").read_text("utf-8"))["summary"]["dossiers"] == 2


@pytest.mark.parametrize(
    "command", [["evaluate", "{ecole}"], ["campaign", "{ecole}"], ["compare", "{ecole}", "{ecole}"]]
)
def test_a_relative_report_from_a_deleted_folder_is_refused(
    command, root, cli, monkeypatch, tmp_path
):
    """`rmdir` of the folder a shell is in, then `-o rapport.json`: the path could not be made
    absolute, an internal error (the FS audit)."""
    gone = tmp_path / "supprime"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = cli(*(arg.format(ecole=root / "ecole") for arg in command), "-o", "rapport.json")
    refused(result, "le répertoire courant n'existe plus")


# -- written whole or not at all --------------------------------------------------------------


def test_a_failed_run_leaves_the_previous_report_as_it_was(root, cli, monkeypatch, tmp_path):
    previous = tmp_path / "rapport.txt"
    previous.write_text("le rapport d'hier")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hier")
    result = cli("evaluate", root, "-o", previous)
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.stderr
    assert previous.read_text() == "le rapport d'hier"
    assert leftovers(tmp_path) == []


def test_a_run_failing_inside_labelcheck_leaves_the_previous_report_as_it_was(
    root, cli, monkeypatch, tmp_path
):
    """A bug of labelcheck itself, once dossiers are written: the half-written report is not kept."""
    previous = tmp_path / "rapport.json"
    previous.write_text("{}")

    def broken_close(self, summary):
        raise RuntimeError("bogue de labelcheck")

    monkeypatch.setattr(JsonWriter, "close", broken_close)
    result = cli("evaluate", root, "--format", "json", "-o", previous)
    assert isinstance(result.exception, RuntimeError)
    assert previous.read_text() == "{}"
    assert leftovers(tmp_path) == []


def test_a_replaced_report_keeps_its_permissions_and_a_new_one_gets_the_umasks(root, cli, tmp_path):
    previous = tmp_path / "ancien.json"
    previous.write_text("{}")
    previous.chmod(0o640)
    assert cli("evaluate", root / "ecole", "--format", "json", "-o", previous).exit_code == 0
    assert json.loads(previous.read_text("utf-8"))["summary"]["dossiers"] == 1
    assert stat.S_IMODE(previous.stat().st_mode) == 0o640
    umask = os.umask(0o022)
    try:
        assert (
            cli(
                "evaluate", root / "ecole", "--format", "json", "-o", tmp_path / "nouveau.json"
            ).exit_code
            == 0
        )
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "nouveau.json").stat().st_mode) == 0o644  # not mkstemp's 0600
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown: root only")
def test_a_replaced_report_keeps_its_owner_and_group(root, cli, tmp_path):
    """Replaced by root, a user's 0600 report became root's, unreadable by its owner; a
    group's lost its group (the FS audit)."""
    previous = tmp_path / "rapport.json"
    previous.write_text("{}")
    os.chown(previous, 65534, 65534)
    previous.chmod(0o660)
    assert cli("evaluate", root / "ecole", "--format", "json", "-o", previous).exit_code == 0
    kept = previous.stat()
    assert (kept.st_uid, kept.st_gid, stat.S_IMODE(kept.st_mode)) == (65534, 65534, 0o660)
    assert json.loads(previous.read_text("utf-8"))["summary"]["dossiers"] == 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown: root only")
@pytest.mark.parametrize("refusal", [errno.EINVAL, errno.EOPNOTSUPP])
def test_a_file_system_keeping_no_owners_still_gets_the_report(
    refusal, root, cli, tmp_path, monkeypatch
):
    """Keeping the previous owner is best effort: fchown refused otherwise than by permission
    (some FUSE or CIFS mounts) was an internal error leaving `.rapport.json.*.part` (the review)."""
    previous = tmp_path / "rapport.json"
    previous.write_text("{}")
    os.chown(previous, 65534, 65534)

    def refused(descriptor, uid, gid):
        raise OSError(refusal, os.strerror(refusal))

    monkeypatch.setattr(os, "fchown", refused)
    result = cli("evaluate", root / "ecole", "--format", "json", "-o", previous)
    assert result.exit_code == 0, result.output
    assert json.loads(previous.read_text("utf-8"))["summary"]["dossiers"] == 1
    assert leftovers(tmp_path) == []


def test_a_report_through_a_symbolic_link_replaces_the_linked_file(root, cli, tmp_path):
    real = tmp_path / "rapports" / "dernier.json"
    real.parent.mkdir()
    real.write_text("{}")
    link = tmp_path / "rapport.json"
    link.symlink_to(real)
    assert cli("evaluate", root / "ecole", "--format", "json", "-o", link).exit_code == 0
    assert link.is_symlink()
    assert json.loads(real.read_text("utf-8"))["summary"]["dossiers"] == 1


# -- failures to write: exit 2, said in French -------------------------------------------------


def test_a_report_in_a_missing_folder_is_a_clear_error(root, cli, tmp_path):
    result = cli("evaluate", root / "ecole", "-o", tmp_path / "absent" / "rapport.json")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        f"le répertoire {tmp_path / 'absent'} n'existe pas\u202f; le créer d'abord" in result.stderr
    )


@linux_only
def test_a_full_device_is_a_clear_error(root, cli):
    result = cli("evaluate", root, "--format", "json", "-o", "/dev/full")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        "impossible d'écrire le rapport dans /dev/full\u202f: plus de place sur le disque"
        in result.stderr
    )


@linux_only
def test_a_folder_refusing_new_files_is_a_clear_error(root, cli):
    """/sys refuses new files even to root (the tests may run as root: chmod would not do)."""
    result = cli("evaluate", root / "ecole", "-o", "/sys/rapport.json")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        "le répertoire /sys n'accepte pas de nouveau fichier (permission refusée)" in result.stderr
    )


COMMANDS = [["evaluate", "{ecole}"], ["campaign", "{ecole}"], ["compare", "{ecole}", "{ecole}"]]


@linux_only
@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
@pytest.mark.parametrize(
    "output",
    ["/dev/full", "{tmp}/absent/rapport.json", "/proc/rapport.json", "{ecole}/rapport.json"],
)
def test_every_failure_to_write_a_report_is_typeset(command, output, root, cli, tmp_path):
    """A narrow no-break space before « : » and « ; » (docs/messages.md), as in the line's
    own « labelcheck : »: the output's messages had ASCII ones (the review)."""
    places = {"ecole": root / "ecole", "tmp": tmp_path}
    args = [arg.format(**places) for arg in [*command, "-o", output]]
    result = cli(*args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "\u202f: " in result.stderr[len("labelcheck\u202f: ") :], result.stderr
    assert not re.search(" [:;?!]", result.stderr), result.stderr


def test_a_reader_that_stops_reading_stdout_is_a_clear_error(tmp_path):
    """`labelcheck evaluate … | head -1`: the pipe closes under the report."""
    for index in range(40):
        shutil.copytree(READY, tmp_path / f"d{index:02}")
    process = subprocess.Popen(
        command("evaluate", tmp_path, "--format", "jsonl"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert err.decode() == (
        "labelcheck\u202f: impossible d'écrire le rapport sur la sortie standard\u202f: "
        "le programme qui lisait le rapport s'est arrêté\n"
    )


TemporaryFile = tempfile.TemporaryFile


class FullTemporaryFile:
    """A temporary file on a full TMPDIR: made, and refusing every write."""

    def __init__(self, *args, **kwargs) -> None:
        self.file = TemporaryFile(*args, **kwargs)

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str):
        return getattr(self.file, name)


SPOOLING_FORMATS = [
    "html",
    "markdown",
    "junit",
    "sarif",
    pytest.param("pdf", marks=pytest.mark.skipif(not pdf_available(), reason="no pdf extra")),
]


@pytest.mark.parametrize("fmt", SPOOLING_FORMATS)
def test_a_full_temporary_directory_fails_the_report_not_the_dossiers(
    fmt, root, cli, monkeypatch, tmp_path
):
    """TMPDIR full under the parts a writer holds until the end: each dossier was made an
    internal error (exit 3), and the SARIF log replaced by its cut results (the FS audit)."""
    spare = tmp_path / "provisoire"
    spare.mkdir()
    monkeypatch.setenv("TMPDIR", str(spare))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read from TMPDIR again
    monkeypatch.setattr(tempfile, "TemporaryFile", FullTemporaryFile)
    previous = tmp_path / f"rapport.{fmt}"
    previous.write_text("le rapport d'hier")
    result = cli("evaluate", root, "--format", fmt, "-o", previous)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"labelcheck\u202f: impossible d'écrire le rapport dans {previous}\u202f: plus de place sur "
        f"le disque dans le répertoire temporaire {spare} (fixé par TMPDIR), où il est "
        f"assemblé\u202f; {previous} n'est pas modifié\n"
    )
    assert previous.read_text() == "le rapport d'hier"
    assert leftovers(tmp_path) == []


# -- streams are written as they are --------------------------------------------------------


@linux_only
def test_dev_stdout_is_written_directly(root):
    result = labelcheck("evaluate", root / "ecole", "--format", "json", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["dossiers"] == 1


@linux_only
@pytest.mark.parametrize(
    ("output", "stream"),
    [
        ("/dev/stdout", "stdout"),
        ("/dev/fd/1", "stdout"),
        ("/proc/self/fd/1", "stdout"),
        ("/dev/stderr", "stderr"),
        ("/proc/self/fd/2", "stderr"),
    ],
)
def test_the_file_a_standard_stream_goes_to_is_written_after_what_it_holds(
    output, stream, root, tmp_path
):
    """`{ echo DÉBUT; labelcheck … -o /dev/stdout; echo FIN; } > journal`: opened again, the
    file was truncated, DÉBUT lost and FIN written inside the JSON (the FS audit)."""
    log = tmp_path / "journal.txt"
    with open(log, "wb") as shared:
        shared.write(b"DEBUT\n")
        shared.flush()
        result = subprocess.run(
            command("evaluate", root / "ecole", "--format", "json", "-o", output),
            **{stream: shared},
            env=environment(),
            timeout=60,
            check=False,
        )
        shared.write(b"FIN\n")
    assert result.returncode == 0
    head, report, tail = log.read_bytes().partition(b"{")
    assert head == b"DEBUT\n"
    assert json.loads(report + tail.removesuffix(b"FIN\n"))["summary"]["dossiers"] == 1


def test_a_named_pipe_is_written_directly(root, cli, tmp_path: Path) -> None:
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli("evaluate", root / "ecole", "--format", "json", "-o", fifo)
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert json.loads(received[0])["summary"]["dossiers"] == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@linux_only
def test_a_folder_taking_no_file_at_all_is_not_said_missing(root, cli):
    """/proc exists and creates no file: it said « (ce répertoire n'existe pas) » (the CI audit)."""
    result = cli("evaluate", root / "ecole", "-o", "/proc/rapport.json")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        "le répertoire /proc n'accepte pas de nouveau fichier (le système n'y crée aucun fichier)"
        in result.stderr
    )
