"""Where the report goes and what it is (issue 10): the format -o's extension announces, binary
formats kept off terminals, failures to write, and paths holding no dossier: usage errors when no path given holds one,
else inputs that could not be read, named in the report."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from labelcheck.core.writers import writer_classes
from processes import command, environment, on_terminal

FIXTURES = Path(__file__).parent / "fixtures"
READY = FIXTURES / "campaign" / "lp-ready"
NNBSP = "\u202f"


# -- the format from the file's name ----------------------------------------------------------


@pytest.mark.parametrize(
    "name, starts",
    [
        ("rapport.json", b"{"),
        ("rapport.JSON", b"{"),
        ("rapport.xml", b"<?xml"),
        ("rapport.md", b"#"),
        ("rapport.markdown", b"#"),
        ("rapport.ndjson", b'{"format"'),
        ("rapport.html", b"<!DOCTYPE html>"),
        ("rapport.htm", b"<!DOCTYPE html>"),
        ("rapport.txt", b"Rapport"),
    ],
)
def test_the_format_is_inferred_from_the_extension(name, starts, cli, tmp_path):
    target = tmp_path / name
    result = cli("evaluate", READY, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().lstrip().upper().startswith(starts.upper())


def test_a_pdf_file_gets_a_pdf(cli, tmp_path):
    if "pdf" not in writer_classes("pdf"):
        pytest.skip("the PDF writer is not installed")
    target = tmp_path / "rapport.pdf"
    assert cli("evaluate", READY, "-o", target).exit_code == 0
    assert target.read_bytes().startswith(b"%PDF")


def test_an_unknown_extension_keeps_the_text_format(cli, tmp_path):
    target = tmp_path / "rapport.log"
    result = cli("evaluate", READY, "-o", target)
    assert result.exit_code == 0 and result.stderr == ""  # a log is text
    assert target.read_text("utf-8").startswith("Rapport")


def test_an_extension_of_another_programs_file_is_said_to_get_text(cli, tmp_path):
    """`-o rapport.docx` wrote text under a name a word processor would refuse, without a
    word (the French review): still written, and said on stderr."""
    target = tmp_path / "rapport.docx"
    result = cli("evaluate", READY, "-o", target)
    assert result.exit_code == 0
    assert target.read_text("utf-8").startswith("Rapport")
    assert f"l'extension .docx de {target} n'annonce aucun format de labelcheck" in result.stderr
    assert "le rapport y est écrit en texte" in result.stderr


def test_the_format_asked_for_is_written_whatever_the_extension_says(cli, tmp_path):
    """cli-and-report: `--format` chooses, `--output FILE` names any file. The extension
    announcing another format is most often a slip: said on stderr, never refused."""
    target = tmp_path / "rapport.pdf"
    result = cli("evaluate", READY, "--format", "json", "-o", target)
    assert result.exit_code == 0
    assert json.loads(target.read_text("utf-8"))["format"] == "labelcheck-report/1"
    assert (
        f"--format json, mais l'extension .pdf de {target} annonce le format pdf{NNBSP}: le "
        "rapport y est écrit en json, comme demandé" in result.stderr
    )


def test_an_extension_of_another_text_format_gets_the_format_asked_for(cli, tmp_path):
    target = tmp_path / "rapport.txt"
    result = cli("evaluate", READY, "--format", "json", "-o", target)
    assert result.exit_code == 0 and json.loads(target.read_text("utf-8"))["dossiers"]


def test_a_format_agreeing_with_the_extension_is_accepted(cli, tmp_path):
    target = tmp_path / "rapport.json"
    assert cli("evaluate", READY, "--format", "json", "-o", target).exit_code == 0
    json.loads(target.read_text("utf-8"))


def test_a_binary_format_is_refused_on_a_terminal():
    if "pdf" not in writer_classes("pdf"):
        pytest.skip("the PDF writer is not installed")
    shown = on_terminal("evaluate", READY, "--format", "pdf", terminal=("stdout", "stderr"))
    assert shown.returncode == 2 and b"%PDF" not in shown.stdout
    assert f"le PDF ne s'affiche pas dans un terminal{NNBSP}: ".encode() in shown.stderr
    assert b"-o rapport.pdf" in shown.stderr


def test_a_binary_format_goes_to_a_pipe(cli):
    if "pdf" not in writer_classes("pdf"):
        pytest.skip("the PDF writer is not installed")
    result = cli("evaluate", READY, "--format", "pdf")  # click's runner: stdout is not a terminal
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"%PDF")


# -- `-o -`: standard output ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments, starts",
    [
        (("evaluate", READY, "--format", "json"), '{\n  "format": "labelcheck-report/1"'),
        (("evaluate", READY), "Rapport établi le"),
        (("campaign", READY, "--from", "2026-01-01"), "Campagne de labellisation"),
        (("compare", READY, READY, "--format", "json"), '{\n  "format": "labelcheck-compare/1"'),
    ],
)
def test_dash_as_output_is_standard_output_never_a_file_named_dash(
    arguments, starts, cli, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    result = cli(*arguments, "-o", "-")
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.startswith(starts) and list(tmp_path.iterdir()) == []


# -- failures to write ---------------------------------------------------------------------------


def test_a_missing_folder_for_the_report_is_exit_2_naming_it(cli, tmp_path):
    target = tmp_path / "nodir" / "x.json"
    result = cli("evaluate", READY, "-o", target)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert str(target) in result.stderr and "n'existe pas" in result.stderr


def test_a_report_that_is_a_folder_is_exit_2(cli, tmp_path):
    result = cli("evaluate", READY, "-o", tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.output


# -- paths that hold no dossier ----------------------------------------------------------------------


def test_a_path_that_does_not_exist_is_a_usage_error(cli, tmp_path):
    result = cli("evaluate", tmp_path / "nowhere")
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        result.stderr == f"labelcheck{NNBSP}: chemin introuvable{NNBSP}: {tmp_path / 'nowhere'}\n"
    )


def test_a_folder_holding_no_dossier_is_a_usage_error(cli, tmp_path):
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    (tmp_path / "empty" / "notes.txt").write_text("rien\n", encoding="utf-8")
    result = cli("evaluate", tmp_path / "empty")
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        f"aucun dossier (dossier.toml ou dossier.json) sous {tmp_path / 'empty'}" in result.stderr
    )


def test_a_folder_with_a_dossier_deep_inside_is_evaluated(cli, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "dossier.toml").write_bytes((READY / "dossier.toml").read_bytes())
    assert cli("evaluate", tmp_path, "--format", "json").exit_code in (0, 1)


def test_bad_paths_beside_a_good_one_are_named_and_the_others_evaluated(cli, tmp_path):
    """cli-and-report, exit 2: « every such dossier is named, with all its errors, and the
    others are still evaluated »: a missing path or an empty folder is an input that could not
    be read, not a reason to evaluate nothing."""
    (tmp_path / "empty").mkdir()
    nowhere, empty = tmp_path / "nowhere", tmp_path / "empty"
    result = cli("evaluate", READY, nowhere, empty, "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    by_path = {dossier["path"]: dossier for dossier in report["dossiers"]}
    assert by_path.keys() == {str(READY / "dossier.toml"), str(nowhere), str(empty)}
    assert by_path[str(READY / "dossier.toml")]["labels"]  # evaluated
    assert "chemin introuvable" in by_path[str(nowhere)]["errors"][0]["message"]
    assert "aucun dossier" in by_path[str(empty)]["errors"][0]["message"]
    assert str(nowhere) in result.stderr and str(empty) in result.stderr


def test_an_empty_path_beside_a_good_one_is_still_a_usage_error(cli):
    # Discovered, "" would be the current folder: a script's variable left empty.
    result = cli("evaluate", READY, "", "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""
    assert "chemin vide" in result.stderr


def test_a_stop_signal_while_the_report_is_finished_stops_it_at_once(cli, monkeypatch, tmp_path):
    """A report finished at the end (a PDF laid out, seconds a school) went on to the end
    whatever the signal, a run then stopped minutes later, or never (the hardening audit). A
    SIGTERM then stops it at once: exit 143, no report written, the file asked for untouched."""
    import os
    import signal
    import time

    from labelcheck.core.writers.json import JsonWriter

    def close_slowly(self, summary):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
        raise AssertionError("the signal did not stop the report")

    monkeypatch.setattr(JsonWriter, "close", close_slowly)
    example = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat"
    report = tmp_path / "rapport.json"
    report.write_text("earlier", encoding="utf-8")
    result = cli("evaluate", example, "--format", "json", "-o", report)
    assert result.exit_code == 143, result.stderr
    assert "interrompu (SIGTERM)" in result.stderr
    assert report.read_text(encoding="utf-8") == "earlier"


def test_a_stop_signal_once_the_report_is_finished_leaves_it_complete_in_place(
    cli, monkeypatch, tmp_path
):
    """A SIGTERM arriving after the report was finished, as its last notice is printed: the
    complete report was set aside as an interrupted run's (`*.interrompu.*`), the file asked
    for left as it was, exit 0 and not a word (the diff's review). The report is complete:
    it is the one written."""
    import os
    import signal

    import labelcheck.core.cli as command
    from labelcheck.core.writers import sarif

    monkeypatch.setattr(sarif, "GITHUB_MAX_RESULTS", 0)  # a notice printed after the report
    echo = command.click.echo

    def echo_then_signal(message=None, *args, **kwargs):
        echo(message, *args, **kwargs)
        if message and "journal SARIF" in str(message):
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(command.click, "echo", echo_then_signal)
    example = Path(__file__).parents[2] / "examples" / "lycee-multilabel"
    report = tmp_path / "r.sarif"
    report.write_text("earlier", encoding="utf-8")
    cli("evaluate", example, "--as-of", "2026-05-20", "--format", "sarif", "-o", report)
    assert json.loads(report.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.sarif"]


# -- what the other commands print -----------------------------------------------------------

PRINTING = [
    ["schema"],
    ["rules"],
    ["labels"],
    ["plugins"],
    ["sources"],
    ["explain", "LDM-AUDIT-TEAM"],
    ["--help"],
    ["--version"],
    ["init", "{folder}"],
]


def printed_to(stdout: str, args: list[str], folder: Path) -> subprocess.CompletedProcess:
    """`labelcheck ARGS >STDOUT`, or `>&-` when `stdout` is "closed"."""
    given = [arg.format(folder=folder) for arg in args]
    redirect = ">&-" if stdout == "closed" else f"> {stdout}"
    return subprocess.run(
        ["sh", "-c", f'exec "$@" {redirect}', "sh", *command(*given)],
        stderr=subprocess.PIPE,
        env=environment(),
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
@pytest.mark.parametrize(
    ("stdout", "why"),
    [("/dev/full", "plus de place sur le disque"), ("closed", "elle est fermée")],
)
def test_a_command_that_cannot_print_says_so_with_exit_2(args, stdout, why, tmp_path):
    """A full standard output was exit 3 « erreur interne », a closed one exit 0 in
    silence (the FS audit): as evaluate says of its report."""
    result = printed_to(stdout, args, tmp_path / "lycee")
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"labelcheck{NNBSP}: impossible d'écrire sur la sortie standard{NNBSP}: {why}\n"
    )
