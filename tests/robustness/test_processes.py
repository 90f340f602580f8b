"""Processes that behave (issue 9, points 4 and 5): whatever a plugin's check does — raise
SystemExit or KeyboardInterrupt, loop, kill its worker, print — costs that dossier only;
workers die with their parent; Ctrl-C ends the run at once, with exit 130 and a valid
report of what was done.

Real processes: signals, worker processes and file descriptors can only be seen from
outside. The misbehaving plugin (fixtures/plugin) does what each dossier's
establishment name says, « Robustesse : <behaviour> ».
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import labelcheck.core
import pytest
from cli.processes import command, environment
from labelcheck.core.engine import Engine
from labelcheck.core.errors import LabelcheckError

ROOT = Path(__file__).parents[2]
PLUGIN = Path(__file__).parent / "fixtures" / "plugin"
DIST_INFO = "labelcheck_robustness_test_plugin-0.1.dist-info"
ORDINARY = (
    ROOT / "tests" / "cli" / "fixtures" / "boom" / "dossier.toml"
)  # ready, nothing for the plugin
PREFIX = "Robustesse : "
ESC = "\x1b"

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="/proc, fork, PR_SET_PDEATHSIG"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The misbehaving plugin installed as a distribution with its entry point (no pip needed)."""
    site = tmp_path_factory.mktemp("site")
    for source in PLUGIN.glob("labelcheck_robustness_test_*"):
        shutil.copy(source, site / source.name)
    info = site / DIST_INFO
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: labelcheck-robustness-test-plugin\nVersion: 0.1\n"
    )
    (info / "entry_points.txt").write_text(
        "[labelcheck]\nrobustness-test = labelcheck_robustness_test_plugin\n"
    )
    return site


def school(folder: Path, behaviour: str | None = None) -> Path:
    """A valid dossier in `folder`, named for what the plugin does on it (nothing by default)."""
    folder.mkdir(parents=True)
    name = PREFIX + behaviour if behaviour else "Lycée Ordinaire"
    text = ORDINARY.read_text("utf-8").replace('name = "Lycée Boum"', f'name = "{name}"')
    (folder / "dossier.toml").write_text(text, encoding="utf-8")
    return folder


def campaign(root: Path, behaviour: str, before: int = 1, after: int = 1) -> Path:
    """Ordinary dossiers around the one the plugin misbehaves on (`m-bad`)."""
    for index in range(before):
        school(root / f"a{index:03}")
    school(root / "m-bad", behaviour)
    for index in range(after):
        school(root / f"z{index:03}")
    return root


def run(
    site: Path, *args: object, timeout: float = 30, **variables: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        command("evaluate", *args),
        capture_output=True,
        timeout=timeout,
        check=False,
        env=environment(site, **variables),
    )


def start(site: Path, *args: object, **variables: str) -> subprocess.Popen:
    return subprocess.Popen(
        command("evaluate", *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(site, **variables),
        start_new_session=True,
    )


def by_folder(report: dict) -> dict[str, dict]:
    return {Path(dossier["path"]).parent.name: dossier for dossier in report["dossiers"]}


def no_traceback(result) -> None:
    assert b"Traceback" not in result.stdout + result.stderr, result.stderr.decode()


def wait_for(path: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


# -- a plugin raising what is not an Exception ----------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(
    ("behaviour", "named"),
    [
        ("sys.exit", "SystemExit: 0"),
        ("KeyboardInterrupt", "KeyboardInterrupt"),
        ("BaseException", "BaseException: le greffon lève BaseException"),
        ("GeneratorExit", "GeneratorExit"),
    ],
)
def test_a_plugin_raising_systemexit_or_keyboardinterrupt_is_an_internal_error_of_its_dossier(
    behaviour, named, jobs, site, tmp_path
):
    folder = campaign(tmp_path, behaviour)
    result = run(site, folder, "--format", "json", "--jobs", jobs)
    assert result.returncode == 3, result.stderr
    no_traceback(result)
    report = json.loads(result.stdout)
    dossiers = by_folder(report)
    assert list(dossiers) == ["a000", "m-bad", "z000"]  # the run went on after it
    assert dossiers["m-bad"]["internal_error"].startswith(f"{named} (dans ")
    assert "/labelcheck_robustness_test_plugin.py:" in dossiers["m-bad"]["internal_error"]
    assert [
        label["verdict"] for name in ("a000", "z000") for label in dossiers[name]["labels"]
    ] == ["ready"] * 2
    assert report["summary"]["internal_errors"] == 1 and "interrupted" not in report["summary"]
    assert (
        "m-bad/dossier.toml\u202f: erreur interne\u202f: ".encode() + named.encode()
        in result.stderr
    )


# -- --timeout -------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("behaviour", ["boucle", "sommeil", "regex", "avale"])
def test_a_check_that_never_returns_is_stopped_by_the_timeout_and_the_run_goes_on(
    behaviour, jobs, site, tmp_path
):
    """A busy loop, a sleep, a catastrophic regular expression, a plugin catching the timeout itself."""
    folder = campaign(tmp_path, behaviour)
    began = time.monotonic()
    result = run(site, folder, "--format", "json", "--jobs", jobs, "--timeout", "1")
    assert time.monotonic() - began < 15
    assert result.returncode == 3, result.stderr
    no_traceback(result)
    dossiers = by_folder(json.loads(result.stdout))
    error = dossiers["m-bad"]["internal_error"]
    assert error.startswith("évaluation interrompue après 1 s (--timeout), alors dans ")
    if behaviour != "regex":  # the regular expression is stopped inside `re`
        assert "labelcheck_robustness_test_plugin.py:" in error
    assert all(
        dossiers[name]["labels"] and "internal_error" not in dossiers[name]
        for name in ("a000", "z000")
    )


def test_the_timeout_default_is_generous_and_zero_means_none(site, tmp_path):
    folder = campaign(tmp_path, "lent", before=0, after=0)
    assert (
        "[par défaut\u202f: 60]"
        in subprocess.run(
            command("evaluate", "--help"),
            capture_output=True,
            text=True,
            env=environment(),
            check=False,
        ).stdout
    )
    result = run(
        site, folder, "--format", "json", "--timeout", "0", LABELCHECK_ROBUSTNESS_PAUSE="1.2"
    )
    assert result.returncode == 0, result.stderr


# -- workers that die ------------------------------------------------------------------------


@linux_only
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_worker_killed_by_its_plugin_costs_only_its_dossier(site, tmp_path, jobs):
    """`os._exit` in a check, among 40 dossiers: that one is an internal error, the rest is
    what a calm run gives. With --jobs 1 too: a third party's plugin runs in a worker."""
    folder = campaign(tmp_path, "os._exit", before=20, after=19)
    single = run(site, folder, "--format", "json", LABELCHECK_ROBUSTNESS_CALM="1")
    workers = run(site, folder, "--format", "json", "--jobs", jobs)
    assert workers.returncode == 3, workers.stderr
    no_traceback(workers)
    expected, got = by_folder(json.loads(single.stdout)), by_folder(json.loads(workers.stdout))
    assert list(got) == list(expected)
    assert got.pop("m-bad")["internal_error"] == (
        "le processus qui l'évaluait s'est arrêté deux fois, la seconde en l'évaluant seul (code de sortie 70)"
    )
    expected.pop("m-bad")
    assert got == expected
    assert json.loads(workers.stdout)["summary"]["internal_errors"] == 1


@linux_only
def test_a_third_partys_run_is_the_same_in_one_worker_and_in_two(site, tmp_path):
    """With a third party's plugin, --jobs 1 sends the dossiers one by one to one worker
    (its chunks hold one dossier, --jobs 2's sixteen): the report is the same, byte for byte."""
    folder = campaign(tmp_path, "print", before=20, after=19)
    one, two = (run(site, folder, "--format", "jsonl", "--jobs", jobs) for jobs in ("1", "2"))
    assert one.returncode == two.returncode == 0, one.stderr
    assert one.stdout == two.stdout and one.stdout.count(b"\n") == 41  # 40 lines, the summary


@linux_only
def test_a_dossier_whose_worker_died_once_is_retried_alone_and_evaluated(site, tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    folder = campaign(tmp_path / "dossiers", "os._exit une fois", before=20, after=19)
    single = run(site, folder, "--format", "json", LABELCHECK_ROBUSTNESS_CALM="1")
    workers = run(
        site, folder, "--format", "json", "--jobs", "2", LABELCHECK_ROBUSTNESS_MARKS=str(marks)
    )
    assert (marks / "m-bad").exists()  # it did kill its worker once
    assert workers.returncode == single.returncode == 0, workers.stderr
    assert workers.stdout == single.stdout


@linux_only
@pytest.mark.skipif(sys.version_info < (3, 12), reason="3.12 is the first Python to warn of it")
def test_a_worker_forked_again_mid_run_is_forked_with_no_other_thread_running(site, tmp_path):
    """The worker dies on the 101st of 320 dossiers: 20 chunks, of which the read-ahead thread
    can have found 19 at most when the worker is forked again, so it is there to be paused.
    Forked beside it, the worker could inherit a lock it held, locked for ever; 3.12 warned
    « multi-threaded, use of fork() may lead to deadlocks in the child »."""
    marks = tmp_path / "marks"
    marks.mkdir()
    folder = campaign(tmp_path / "dossiers", "os._exit une fois", before=100, after=219)
    workers = run(
        site,
        folder,
        "--format",
        "jsonl",
        "--jobs",
        "2",
        LABELCHECK_ROBUSTNESS_MARKS=str(marks),
        PYTHONWARNINGS="always::DeprecationWarning",  # "error" would drop it: CPython clears it
    )
    assert (marks / "m-bad").exists()  # it did kill its worker once
    assert workers.returncode == 0, workers.stderr
    assert workers.stdout.count(b"\n") == 321  # every dossier, and the summary
    assert b"multi-threaded" not in workers.stderr, workers.stderr


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()  # after "pid (command)": state, ppid, …
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@linux_only
def test_a_worker_killed_from_outside_costs_nothing_its_dossiers_are_retried(site, tmp_path):
    folder = tmp_path / "dossiers"
    for index in range(60):
        school(folder / f"d{index:03}", "lent")
    started = tmp_path / "started"
    process = start(
        site, folder, "--format", "json", "--jobs", "2", LABELCHECK_ROBUSTNESS_STARTED=str(started)
    )
    try:
        wait_for(started)
        victims = children(process.pid)
        assert victims
        os.kill(min(victims), signal.SIGKILL)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err.decode()
    report = json.loads(out)
    assert [Path(d["path"]).parent.name for d in report["dossiers"]] == [
        f"d{index:03}" for index in range(60)
    ]
    assert report["summary"]["internal_errors"] == 0


@linux_only
def test_workers_die_with_their_parent(site, tmp_path):
    folder = tmp_path / "dossiers"
    for index in range(40):
        school(folder / f"d{index:03}", "lent")
    started = tmp_path / "started"
    process = start(
        site,
        folder,
        "--format",
        "json",
        "--jobs",
        "2",
        LABELCHECK_ROBUSTNESS_STARTED=str(started),
        LABELCHECK_ROBUSTNESS_PAUSE="30",
    )
    try:
        wait_for(started)
        workers = children(process.pid)
        assert len(workers) == 2
        process.kill()
        process.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(pid) for pid in workers), "workers outlived their parent"
    finally:
        process.kill()
        for pid in children(process.pid):
            os.kill(pid, signal.SIGKILL)


# -- Ctrl-C and SIGTERM ----------------------------------------------------------------------


def interrupted_run(
    site: Path,
    tmp_path: Path,
    fmt: str,
    jobs: int,
    signals: list[int],
    whole_group: bool = False,
    output: Path | None = None,
    pages: Path | None = None,
) -> tuple[int, bytes, bytes]:
    """A run over 300 slow dossiers, sent `signals` once it has begun; it must end within seconds."""
    folder = tmp_path / "dossiers"
    for index in range(300):
        school(folder / f"d{index:03}", "lent")
    started = tmp_path / "started"
    extra = ("-o", output) if output else ("--pages", pages) if pages else ()
    process = start(
        site,
        folder,
        "--format",
        fmt,
        "--jobs",
        jobs,
        *extra,
        LABELCHECK_ROBUSTNESS_STARTED=str(started),
        LABELCHECK_ROBUSTNESS_PAUSE="0.02",
    )
    try:
        wait_for(started)
        time.sleep(1.0)  # a few chunks of 16 done
        for number in signals:
            if whole_group:  # what a terminal's Ctrl-C does: the parent and its workers
                os.killpg(process.pid, number)
            else:
                process.send_signal(number)
            time.sleep(0.05)
        stopping = time.monotonic()
        out, err = process.communicate(timeout=10)
        assert time.monotonic() - stopping < 3, "too long to stop"
    finally:
        process.kill()
    assert b"Traceback" not in err, err.decode()
    return process.returncode, out, err


def assert_interrupted_json(report: dict) -> None:
    assert report["summary"]["interrupted"] is True
    assert 0 < report["summary"]["dossiers"] == len(report["dossiers"]) < 300
    names = [Path(d["path"]).parent.name for d in report["dossiers"]]
    assert names == [f"d{index:03}" for index in range(len(names))]  # in order, none missing


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_ends_the_run_with_130_and_a_valid_json_report_of_what_was_done(
    jobs, site, tmp_path
):
    status, out, err = interrupted_run(site, tmp_path, "json", jobs, [signal.SIGINT])
    assert status == 130
    report = json.loads(out)
    assert_interrupted_json(report)
    assert (
        f"labelcheck\u202f: interrompu (SIGINT), {report['summary']['dossiers']} dossiers évalués".encode()
        in err
    )


def test_ctrl_c_twice_under_jobs_2_never_hangs(site, tmp_path):
    status, out, _ = interrupted_run(site, tmp_path, "json", 2, [signal.SIGINT, signal.SIGINT])
    assert status == 130
    assert_interrupted_json(json.loads(out))


def test_a_terminals_ctrl_c_reaching_the_workers_too_stops_cleanly(site, tmp_path):
    status, out, err = interrupted_run(
        site, tmp_path, "json", 2, [signal.SIGINT, signal.SIGINT], whole_group=True
    )
    assert status == 130
    assert_interrupted_json(json.loads(out))
    assert b"KeyboardInterrupt" not in err


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_compare_says_how_many_dossiers_it_evaluated(jobs, site, tmp_path):
    """`compare` evaluating folders, stopped: it said « 0 dossier évalué » whatever it had done."""
    folder = tmp_path / "dossiers"
    for index in range(300):
        school(folder / f"d{index:03}", "lent")
    started = tmp_path / "started"
    process = subprocess.Popen(
        command("compare", folder, folder, "--format", "json", "--jobs", jobs),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(
            site,
            LABELCHECK_ROBUSTNESS_STARTED=str(started),
            LABELCHECK_ROBUSTNESS_PAUSE="0.02",
        ),
        start_new_session=True,
    )
    try:
        wait_for(started)
        time.sleep(1.0)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 128 + signal.SIGTERM and out == b""
    said = err.decode().replace("\u202f", " ")
    counted = re.search(r"interrompu \(SIGTERM\), (\d+) dossiers? évalués?", said)
    assert counted, said
    assert 0 < int(counted[1]) < 600


def test_sigterm_stops_cleanly_with_143(site, tmp_path):
    status, out, _ = interrupted_run(site, tmp_path, "json", 2, [signal.SIGTERM])
    assert status == 128 + signal.SIGTERM
    assert_interrupted_json(json.loads(out))


def test_an_interrupted_jsonl_run_holds_complete_lines_then_the_summary(site, tmp_path):
    status, out, _ = interrupted_run(site, tmp_path, "jsonl", 2, [signal.SIGINT])
    assert status == 130
    *dossiers, summary = [json.loads(line) for line in out.decode().splitlines()]
    assert summary["summary"]["interrupted"] is True
    assert summary["summary"]["dossiers"] == len(dossiers) > 0
    assert all("path" in line and "summary" not in line for line in dossiers)


def test_an_interrupted_junit_run_is_valid_xml(site, tmp_path):
    status, out, _ = interrupted_run(site, tmp_path, "junit", 1, [signal.SIGINT])
    assert status == 130
    suites = ET.fromstring(out)
    assert 0 < len(suites.findall("testsuite")) < 300


def test_an_interrupted_run_keeps_its_part_beside_the_report_it_leaves_as_it_was(site, tmp_path):
    """The complete report of an earlier run is never replaced by a part of one (a cancelled
    CI job would have left its baseline holding a few schools): the part, valid up to the last
    complete dossier, is written beside it, and stderr says where."""
    output = tmp_path / "rapport.json"
    output.write_text("ancien rapport")
    status, out, err = interrupted_run(site, tmp_path, "json", 2, [signal.SIGINT], output=output)
    assert status == 130 and out == b""
    assert output.read_text("utf-8") == "ancien rapport"
    partial = tmp_path / "rapport.interrompu.json"
    assert_interrupted_json(json.loads(partial.read_text("utf-8")))
    assert (
        f"le rapport partiel, jusqu'au dernier dossier complet, est écrit dans {partial} "
        f"({output} n'est pas modifié)"
    ).encode() in err.replace("\u202f".encode(), b" ")
    assert [
        p.name for p in tmp_path.iterdir() if p.name.startswith(".rapport")
    ] == []  # no temporary file left


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_run_written_as_pages_keeps_them_beside_the_folder_left_as_it_was(
    jobs, site, tmp_path
):
    """--pages: the earlier run's folder is left whole, the pages done go to
    `rapports.interrompu`, its index leading to each of them, and stderr says where."""
    pages = tmp_path / "rapports"
    pages.mkdir()
    (pages / ".labelcheck-pages").write_text("")
    (pages / "index.html").write_text("ancien rapport")
    status, out, err = interrupted_run(site, tmp_path, "html", jobs, [signal.SIGINT], pages=pages)
    assert status == 130 and out == b""
    assert sorted(p.name for p in pages.iterdir()) == [".labelcheck-pages", "index.html"]
    assert (pages / "index.html").read_text("utf-8") == "ancien rapport"
    partial = tmp_path / "rapports.interrompu"
    index = (partial / "index.html").read_text("utf-8")
    links = re.findall(r'<th scope="row"><a href="([^"]+)">', index)
    written = sorted(p.relative_to(partial).as_posix() for p in partial.rglob("d*.html"))
    assert 0 < len(links) < 300 and links == written
    assert links == [f"etablissements/d{index:03}.html" for index in range(len(links))]
    assert (
        f"le rapport partiel, jusqu'au dernier dossier complet, est écrit dans {partial} "
        f"({pages} n'est pas modifié)"
    ).encode() in err.replace("\u202f".encode(), b" ")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_interrupted_run_through_a_link_names_the_partial_report_it_wrote(site, tmp_path):
    """-o a symbolic link: the part is written beside the linked file, and the message named
    one beside the link, which did not exist (the FS audit)."""
    real = tmp_path / "rapports" / "dernier.json"
    real.parent.mkdir()
    real.write_text("ancien rapport")
    link = tmp_path / "rapport.json"
    link.symlink_to(real)
    status, _, err = interrupted_run(site, tmp_path, "json", 2, [signal.SIGINT], output=link)
    assert status == 130
    partial = real.parent / "dernier.interrompu.json"
    assert_interrupted_json(json.loads(partial.read_text("utf-8")))
    assert f"est écrit dans {partial} ({link} n'est pas modifié)".encode() in err.replace(
        "\u202f".encode(), b" "
    )


# -- stdout is the report's alone ------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_plugin_printing_cannot_corrupt_the_json_on_stdout(fmt, jobs, site, tmp_path):
    folder = campaign(tmp_path, "print", before=3, after=3)
    result = run(site, folder, "--format", fmt, "--jobs", jobs)
    assert result.returncode == 0, result.stderr
    lines = (
        [json.loads(line) for line in result.stdout.decode().splitlines()] if fmt == "jsonl" else []
    )
    report = json.loads(result.stdout) if fmt == "json" else lines[-1]
    assert report["summary"]["dossiers"] == 7
    assert "le greffon écrit sur la sortie standard".encode() in result.stderr
    assert "le greffon écrit sur le descripteur 1".encode() in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", "--format", "json"),
        ("evaluate", "--format", "sarif"),
        ("plugins", "--format", "json"),
        ("schema",),
        ("rules", "--format", "json"),
    ],
)
def test_what_a_plugin_prints_as_it_loads_never_reaches_stdout(args, site, tmp_path):
    """A print() at the plugin's import or in its hooks, both before any report is written,
    went to stdout: `--format json` gave invalid JSON (the plugin author's audit)."""
    if args[0] == "evaluate":
        args = (*args, campaign(tmp_path, "lent", before=0, after=0))
    result = subprocess.run(
        command(*args),
        capture_output=True,
        timeout=60,
        check=False,
        env=environment(site, LABELCHECK_ROBUSTNESS_PRINTS="1"),
    )
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)
    assert "le greffon écrit à son import".encode() in result.stderr
    assert "le greffon écrit dans un hook".encode() in result.stderr


# -- what reaches stderr ---------------------------------------------------------------------


def test_stderr_shows_the_control_characters_of_a_path_and_of_an_error(site, tmp_path):
    (tmp_path / "a\x1b]0;titre\x07").mkdir()
    (tmp_path / "a\x1b]0;titre\x07" / "dossier.toml").write_text(
        "format = 1\n[establishment]\nnom = 1\n"
    )
    campaign(tmp_path, "échappement", before=0, after=0)
    result = run(site, tmp_path, "--format", "json")
    assert result.returncode == 3
    assert ESC.encode() not in result.stderr and b"\x07" not in result.stderr
    assert "a␛]0;titre␇/dossier.toml\u202f: dossier invalide".encode() in result.stderr
    assert (
        "erreur interne\u202f: RuntimeError: message piégé ␛]0;titre volé␇␛[2J".encode()
        in result.stderr
    )


def test_an_error_quoting_a_profile_shows_its_control_characters(site, tmp_path):
    profile = tmp_path / "profil.toml"
    profile.write_text('name = "p"\nextends = "national"\n"cl\\u001b[2Jef" = 1\n', encoding="utf-8")
    result = run(site, school(tmp_path / "a"), "--profile", profile)
    assert result.returncode == 2
    assert ESC.encode() not in result.stderr and "␛[2J".encode() in result.stderr


def test_a_usage_error_shows_the_control_characters_it_quotes(cli, monkeypatch, tmp_path):
    def refusing(*args, **kwargs):
        raise LabelcheckError("profil « \x1b]0;titre\x07 » invalide", ["ligne 3 : \x1b[2J"])

    monkeypatch.setattr(Engine, "create", refusing)
    result = cli("evaluate", school(tmp_path / "a"))
    assert result.exit_code == 2
    assert result.stderr == "labelcheck\u202f: profil « ␛]0;titre␇ » invalide\n  ligne 3 : ␛[2J\n"


@linux_only
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_folder_whose_name_is_not_utf8_does_not_end_the_batch(jobs, site, tmp_path):
    school(tmp_path / "a")
    school(Path(os.fsdecode(bytes(tmp_path) + b"/b-\xff\xfe")))
    school(tmp_path / "c")
    result = run(site, tmp_path, "--format", "json", "--jobs", jobs)
    no_traceback(result)
    assert result.returncode in (0, 2), result.stderr  # evaluated, or named an input error
    dossiers = json.loads(result.stdout)["dossiers"]
    assert [Path(d["path"]).parent.name[:2] for d in dossiers] == ["a", "b-", "c"]
    assert dossiers[0]["labels"] and dossiers[2]["labels"]


# -- closed standard streams -----------------------------------------------------------------


def closed(stream: int, site: Path, *args: object) -> subprocess.CompletedProcess:
    """`labelcheck evaluate args` with standard output (1) or error (2) closed, as `>&-` does."""
    shell = " ".join(shlex.quote(part) for part in command("evaluate", *args)) + f" {stream}>&-"
    return subprocess.run(
        ["sh", "-c", shell], capture_output=True, timeout=60, env=environment(site), check=False
    )


def ordinary(folder: Path) -> Path:
    for name in ("a", "b", "c"):
        school(folder / name)
    return folder


def test_a_report_for_a_closed_standard_output_is_bad_usage_in_french(site, tmp_path):
    result = closed(1, site, ordinary(tmp_path / "d"), "--format", "json")
    assert result.returncode == 2
    said = result.stderr.decode()
    assert "impossible d'écrire le rapport sur la sortie standard\u202f: elle est fermée" in said
    assert "Traceback" not in said and "erreur interne" not in said


def test_a_closed_standard_error_loses_the_messages_not_the_report(site, tmp_path):
    output = tmp_path / "rapport.json"
    result = closed(2, site, ordinary(tmp_path / "d"), "-o", output)
    assert result.returncode == 0
    assert json.loads(output.read_text("utf-8"))["summary"]["dossiers"] == 3


def in_pythons_own_start_up(err: bytes) -> bool:
    """Whether a SIGINT fell before labelcheck's console command took it: in `site`, or in
    runpy and the imports it makes before labelcheck's `__main__` runs (no frame of
    labelcheck's own code in Python's traceback)."""
    if b"init_import_site" in err or b"Could not import runpy module" in err:
        return True
    ours = str(Path(labelcheck.core.__file__).parent).encode()
    return b"KeyboardInterrupt" in err and ours not in err


@pytest.mark.parametrize("after", [0.05, 0.1, 0.2])
def test_ctrl_c_while_the_command_starts_shows_no_traceback(site, tmp_path, after):
    """A CI cancelling a job as labelcheck imports its modules: exit 130, Python's traceback
    never shown (the console command takes SIGINT before importing them)."""
    dossiers = campaign(tmp_path, "lent", 0, 0)
    for _ in range(5):
        process = subprocess.Popen(
            [sys.executable, "-m", "labelcheck", "evaluate", dossiers],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            # The dossier's check waits a minute: the run is never over when the signal comes.
            env=environment(site, LABELCHECK_ROBUSTNESS_PAUSE="60"),
        )
        time.sleep(after)  # however long: in the imports or in the run, the outcome is the same
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        # On a loaded machine, 0.05 s may still be Python's own start-up, before any code of
        # labelcheck's: importing `site` (a venv's .pth files: « Fatal Python error », exit
        # 1), or runpy finding the package (« Could not import runpy module », or Python's
        # own traceback of the KeyboardInterrupt). Not labelcheck's to catch: the signal is
        # sent again, until it falls in labelcheck's start-up or its run.
        if not in_pythons_own_start_up(err):
            break
    else:
        pytest.skip(f"the signal fell five times in Python's own start-up ({after} s)")
    assert process.returncode in (130, -signal.SIGINT)  # -2: before Python took signals at all
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err


@pytest.mark.parametrize("listing", ["labels", "rules", "plugins", "schema"])
def test_a_listing_whose_reader_is_gone_exits_2_and_says_so(site, listing):
    """As evaluate does for its report; click exited 1, which CI reads as findings."""
    process = subprocess.Popen(
        [sys.executable, "-m", "labelcheck", listing],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(site),
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader gone before anything is written (start-up takes longer)
    err = process.stderr.read()
    assert process.wait(timeout=60) == 2
    assert "le programme qui lisait la sortie standard s'est arrêté".encode() in err
    assert b"Traceback" not in err


@pytest.mark.parametrize("module", ["labelcheck.__main__", "labelcheck.core.cli"])
def test_the_start_up_ctrl_c_handlers_exit_at_once_never_by_raising(module, monkeypatch):
    """Raised as SystemExit from a signal handler, the exit was lost while Python compiled a
    module (the run went on, exit 0: the 0.1 and 0.2 s cases above failed now and then) or
    wrapped by pydantic into a SchemaError (a traceback, exit 1). The handlers exit at once."""
    import importlib

    handler = importlib.import_module(module)._exit_interrupted
    exits = []

    def record(status):
        exits.append(status)
        raise _Exited

    monkeypatch.setattr(os, "_exit", record)
    with pytest.raises(_Exited):
        handler(signal.SIGINT, None)
    assert exits == [130]


class _Exited(Exception):
    """os._exit, replaced in a test: the process must go on."""


@pytest.mark.parametrize("fmt", ["text", "sarif"])
def test_an_interrupted_report_says_it_is_partial(fmt, site, tmp_path):
    """Its file name said so (`rapport.interrompu.…`), not the report: a SARIF log said
    `executionSuccessful: true`, a text summary looked complete (the CI audit)."""
    status, out, _ = interrupted_run(site, tmp_path, fmt, 1, [signal.SIGINT])
    assert status == 130
    if fmt == "sarif":
        [run_log] = json.loads(out)["runs"]
        assert run_log["invocations"][0]["executionSuccessful"] is False
    else:
        said = "rapport interrompu\u202f: seuls les dossiers évalués avant l'arrêt y figurent"
        assert said in out.decode()
