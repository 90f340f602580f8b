"""Reading untrusted dossiers (issue 9, point 3): whatever a dossier file holds, or whatever
it is, the outcome is an input error of that dossier, naming the file, the line where known
and what to do; never an internal error, a hang, a traceback, nor the end of the batch.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from cli.processes import labelcheck
from labelcheck.core import errors, french, loading, toml
from labelcheck.core.catalog import DossierKey
from labelcheck.core.errors import InputError
from labelcheck.core.loading import discover, load
from labelcheck.core.sourcemap import MAX_DEPTH, toml_key_on, toml_lines

ROOT = Path(__file__).parents[2]
GOOD = ROOT / "tests" / "core" / "fixtures" / "good"
GOOD_TOML = (GOOD / "dossier.toml").read_text("utf-8")
GOOD_JSON = json.loads((GOOD.with_name("good-json") / "dossier.json").read_text("utf-8"))
UAI, NAME = "0180001D", "Lycée professionnel Jacques Cœur"  # GOOD_TOML's school

posix_only = pytest.mark.skipif(
    sys.platform == "win32", reason="FIFOs, symbolic links, byte file names"
)


def write(folder: Path, text: str | bytes, name: str = "dossier.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def json_text(**changes) -> str:
    return json.dumps({**GOOD_JSON, **changes}, ensure_ascii=False, indent=1)


def errors_of(engine, path: Path) -> tuple[InputError, ...]:
    built = engine()
    result = load(path, built.registry, built.profile)
    assert result.dossier is None, "the dossier should have been refused"
    return result.errors


def the_error(engine, path: Path) -> InputError:
    [error] = errors_of(engine, path)
    assert error.file == str(path)
    return error


def line_holding(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def finishes(function, seconds: float = 10):
    """Run `function` in a thread: what it returned, failing the test if it hangs."""
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    return outcome[0]


# -- what a dossier file is ------------------------------------------------------------------


@posix_only
def test_a_dossier_file_that_is_a_symbolic_link_is_refused_unread(tmp_path, engine):
    secret = write(tmp_path / "outside", "token = 'do not print me'\n", "secret.toml")
    (tmp_path / "repo" / "school").mkdir(parents=True)
    link = tmp_path / "repo" / "school" / "dossier.toml"
    link.symlink_to(secret)
    assert list(discover([tmp_path / "repo"])) == [link]  # found, for load to refuse
    error = the_error(engine, link)
    assert "lien symbolique" in error.message and "do not print me" not in str(error)


@posix_only
def test_a_pipe_named_dossier_toml_is_refused_at_once(tmp_path, engine):
    (tmp_path / "school").mkdir()
    fifo = tmp_path / "school" / "dossier.toml"
    os.mkfifo(fifo)
    assert list(discover([tmp_path])) == [fifo]
    error = finishes(lambda: the_error(engine, fifo))  # reading it would wait for a writer forever
    assert "n'est pas un fichier ordinaire" in error.message


@posix_only
def test_a_socket_named_dossier_toml_is_said_not_to_be_a_file(tmp_path, engine):
    (tmp_path / "school").mkdir()
    path = tmp_path / "school" / "dossier.toml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))  # opening it fails with ENXIO, an errno with no words of ours
        error = the_error(engine, path)
    assert "n'est pas un fichier ordinaire" in error.message and "ENXIO" not in error.message


def test_a_file_too_big_is_refused_before_it_is_read_whole(tmp_path, engine, monkeypatch):
    path = write(tmp_path, GOOD_TOML)
    monkeypatch.setattr(loading, "MAX_BYTES", 100)
    assert "fichier trop gros" in the_error(engine, path).message


def _stale_size(monkeypatch) -> None:
    """fstat tells a size of 10 bytes, as if the file grew after it was asked."""
    fstat = os.fstat

    def stale(fd):
        status = fstat(fd)
        values = list(status)
        values[6] = 10  # st_size
        return os.stat_result(values)

    monkeypatch.setattr(loading.os, "fstat", stale)


def test_a_file_that_grew_since_its_size_was_read_is_read_whole(tmp_path, evaluate, monkeypatch):
    path = write(tmp_path, GOOD_TOML)
    _stale_size(monkeypatch)
    assert evaluate(path).errors == ()


def test_a_file_that_grew_past_the_limit_is_still_refused(tmp_path, engine, monkeypatch):
    path = write(tmp_path, GOOD_TOML)
    _stale_size(monkeypatch)
    monkeypatch.setattr(loading, "MAX_BYTES", 100)
    assert "fichier trop gros" in the_error(engine, path).message


def test_a_folder_holding_both_dossier_files_is_one_error_not_two_dossiers(tmp_path):
    write(tmp_path / "school", GOOD_TOML)
    write(tmp_path / "school", json_text(), "dossier.json")
    write(tmp_path / "other", GOOD_TOML)
    other, error = discover([tmp_path])
    assert other == tmp_path / "other" / "dossier.toml"
    assert isinstance(error, InputError) and error.file == str(tmp_path / "school")
    assert (
        "dossier.toml et dossier.json" in error.message and "garder l'un des deux" in error.message
    )


@pytest.mark.parametrize(
    "given",
    [
        ["school/dossier.toml"],
        ["school/dossier.json"],
        ["school/dossier.toml", "school/dossier.json"],  # as a pre-commit hook names them
        ["school/dossier.toml", "school/../school/dossier.json"],  # one folder, named two ways
    ],
)
def test_a_dossier_file_given_beside_the_other_form_is_the_folders_error_once(tmp_path, given):
    write(tmp_path / "school", GOOD_TOML)
    write(tmp_path / "school", json_text(), "dossier.json")
    write(tmp_path / "other", GOOD_TOML)
    found = list(discover([tmp_path / path for path in given] + [tmp_path / "other"]))
    error, other = found
    # The very error a walk of the folder gives: the commit a hook let pass, CI refused.
    assert error == next(e for e in discover([tmp_path]) if isinstance(e, InputError))
    assert other == tmp_path / "other" / "dossier.toml"


def test_a_dossier_file_given_beside_the_other_form_fails_the_run_as_input(cli, tmp_path):
    write(tmp_path / "school", GOOD_TOML)
    write(tmp_path / "school", json_text(), "dossier.json")
    result = cli("evaluate", tmp_path / "school" / "dossier.toml", "--format", "json")
    assert result.exit_code == 2
    assert "dossier.toml et dossier.json dans le même répertoire" in result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "Dossier.toml",
        "DOSSIER.JSON",
        "dossier.TOML",
        "dossier.toml.txt",
        # What a browser, an editor or a hurried hand makes of it (the CI audit).
        "dossier (1).toml",
        "dossier .toml",
        "dossier.toml ",
        "dossier.toml.bak",
        "dossier-2026.toml",
        "dosier.toml",
        "dossier.tml",
        "dossier.jsn",
    ],
)
def test_a_dossier_file_named_otherwise_is_named_not_skipped(tmp_path, name):
    """A school's `Dossier.toml` (written on a system where case does not matter, or saved
    with a `.txt` its editor added) left the school out of a CI run without a word: the run
    passed with one school fewer."""
    write(tmp_path / "a", GOOD_TOML)
    write(tmp_path / "b", GOOD_TOML, name)
    good, error = discover([tmp_path])
    assert good == tmp_path / "a" / "dossier.toml"
    assert isinstance(error, InputError) and error.file == str(tmp_path / "b" / name)
    assert "le renommer" in error.message, error.message


@pytest.mark.parametrize("name", ["notes.toml", "dossier.pdf", "README.md", "convention.json"])
def test_other_files_of_a_folder_without_dossier_are_no_error(tmp_path, name):
    write(tmp_path / "a", GOOD_TOML)
    write(tmp_path / "b", "x", name)
    assert list(discover([tmp_path])) == [tmp_path / "a" / "dossier.toml"]


def test_a_school_folder_with_its_pieces_and_no_dossier_file_is_named(tmp_path):
    """Its dossier file not copied, a school's folder holding only `pieces/` was left out of
    the run without a word (the CI audit)."""
    write(tmp_path / "a", GOOD_TOML)
    write(tmp_path / "b" / "pieces", "%PDF", "projet.pdf")
    write(tmp_path / "c", GOOD_TOML)
    write(tmp_path / "c" / "pieces", "%PDF", "projet.pdf")
    first, error, last = discover([tmp_path])
    assert (first, last) == (tmp_path / "a" / "dossier.toml", tmp_path / "c" / "dossier.toml")
    assert error.file == str(tmp_path / "b")
    assert "des pièces (pieces/) mais ni dossier.toml ni dossier.json" in error.message


def test_the_folder_a_mac_adds_to_a_zip_is_no_school(tmp_path):
    """A zip made on a Mac holds `__MACOSX/<école>/pieces/._projet.pdf` beside each school:
    each read as a school whose dossier file was not copied, a batch of valid schools exited
    2 (the inputs audit)."""
    write(tmp_path / "a", GOOD_TOML)
    write(tmp_path / "a" / "pieces", "%PDF", "projet.pdf")
    write(tmp_path / "__MACOSX" / "a", "\x00\x05\x16\x07", "._dossier.toml")
    write(tmp_path / "__MACOSX" / "a" / "pieces", "\x00\x05\x16\x07", "._projet.pdf")
    assert list(discover([tmp_path])) == [tmp_path / "a" / "dossier.toml"]


def test_a_file_named_like_a_dossier_beside_the_dossier_is_no_error(tmp_path):
    write(tmp_path / "a", GOOD_TOML)
    write(tmp_path / "a", GOOD_TOML, "Dossier.toml")
    assert list(discover([tmp_path])) == [tmp_path / "a" / "dossier.toml"]


def test_an_unreadable_folder_is_an_error_naming_it(tmp_path, monkeypatch):
    write(tmp_path / "a", GOOD_TOML)
    locked = tmp_path / "b"
    write(locked, GOOD_TOML)
    scandir = os.scandir

    def refuse_b(folder):  # chmod 000 does not stop root, who may run the tests
        if Path(folder) == locked:
            raise PermissionError(13, "Permission denied", str(folder))
        return scandir(folder)

    monkeypatch.setattr(loading.os, "scandir", refuse_b)
    found = list(discover([tmp_path]))
    assert found[0] == tmp_path / "a" / "dossier.toml"
    assert (
        found[1].file == str(locked)
        and "répertoire illisible (permission refusée)" in found[1].message
    )


@posix_only
def test_a_loop_of_symbolic_links_given_as_a_path_is_an_error(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    [error] = discover([loop])
    assert "boucle de liens symboliques" in error.message


@posix_only
def test_a_loop_of_symbolic_links_met_in_a_walk_is_no_dossier(tmp_path):
    """A link in a loop, in a folder searched or among a school's pieces, leads nowhere: no
    dossier lies behind it. It counted as an invalid dossier, and the run exited 2."""
    write(tmp_path / "a", GOOD_TOML)
    (tmp_path / "a" / "pieces").mkdir()
    (tmp_path / "a" / "pieces" / "lien.pdf").symlink_to(tmp_path / "a" / "pieces" / "lien.pdf")
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "loop").symlink_to(junk / "loop")
    (junk / "one").symlink_to(junk / "two")
    (junk / "two").symlink_to(junk / "one")
    assert list(discover([tmp_path])) == [tmp_path / "a" / "dossier.toml"]


@posix_only
def test_a_dossier_file_that_is_a_loop_of_links_is_still_named(tmp_path, engine):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "dossier.toml").symlink_to(tmp_path / "a" / "dossier.toml")
    [found] = discover([tmp_path])
    assert found == tmp_path / "a" / "dossier.toml"
    assert "lien symbolique" in the_error(engine, found).message


def test_a_path_too_long_given_is_an_error(tmp_path):
    [error] = discover([tmp_path / ("x" * 5000)])
    assert "nom trop long" in error.message


@posix_only
def test_a_folder_name_that_is_not_utf8_is_named_escaped(tmp_path):
    folder = os.fsencode(tmp_path) + b"/caf\xe9"
    os.mkdir(folder)
    Path(os.fsdecode(folder + b"/dossier.toml")).write_text(GOOD_TOML, "utf-8")
    [error] = discover([tmp_path])
    assert error.file == f"{tmp_path}/caf\\xe9/dossier.toml"
    error.file.encode("utf-8")  # can be written: a surrogate could not
    assert "n'est pas en UTF-8" in error.message


# -- its bytes -------------------------------------------------------------------------------


@pytest.mark.parametrize("name, text", [("dossier.toml", GOOD_TOML), ("dossier.json", None)])
def test_a_byte_order_mark_is_read_as_no_part_of_the_dossier(tmp_path, engine, name, text):
    """Notepad's « UTF-8 avec BOM »: the dossier reads, and hashes, as without it (refused, a
    school head was sent to an encoding menu for a dossier that was right)."""
    text = json_text() if text is None else text
    built = engine()
    plain = load(write(tmp_path / "plain", text, name), built.registry, built.profile)
    marked = write(tmp_path / "bom", b"\xef\xbb\xbf" + text.encode(), name)
    loaded = load(marked, built.registry, built.profile)
    assert loaded.dossier is not None and loaded.dossier == plain.dossier
    assert loaded.text == plain.text


def test_a_byte_order_mark_moves_no_column_of_the_first_line(tmp_path, engine):
    # A TOML syntax error on line 1: its column is the editor's, the mark not counted.
    error = the_error(engine, write(tmp_path, b"\xef\xbb\xbfformat = = 1\n"))
    plain = the_error(engine, write(tmp_path / "plain", b"format = = 1\n"))
    assert "colonne" in error.message
    assert (error.line, error.path, error.message) == (plain.line, plain.path, plain.message)


def test_utf16_is_named(tmp_path, engine):
    error = the_error(engine, write(tmp_path, GOOD_TOML.encode("utf-16")))
    assert "UTF-16" in error.message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named_not_taken_for_latin1(tmp_path, engine, encoding):
    # Windows' « Unicode » with no BOM: every other byte NUL, the first é no Latin-1 byte.
    error = the_error(engine, write(tmp_path, GOOD_TOML.encode(encoding)))
    assert error.line == 1
    assert "UTF-16 sans marque d'ordre d'octets" in error.message
    assert "Latin-1" not in error.message


def test_a_binary_file_named_dossier_toml_is_said_not_to_be_text(tmp_path, engine):
    error = the_error(engine, write(tmp_path, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\n"))
    assert "n'est pas un texte" in error.message and "Latin-1" not in error.message


def test_a_zip_archive_of_dossiers_is_said_to_be_extracted_first(tmp_path, engine):
    """`labelcheck evaluate ecoles.zip`, the dossiers as they were sent: « n'est pas un
    texte (un PDF, une image, un tableur ?) » did not say what to do with it."""
    import zipfile

    archive = tmp_path / "ecoles.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr(zipfile.ZipInfo("lycee/dossier.toml", (2026, 3, 1, 0, 0, 0)), GOOD_TOML)
    error = the_error(engine, archive)
    assert "archive zip" in error.message and "l'extraire" in error.message, error.message
    assert "n'est pas un texte" not in error.message, error.message


def test_a_stray_nul_in_a_text_is_placed_by_the_parser(tmp_path, engine):
    text = GOOD_TOML.replace('name = "Lycée', 'name = "Lyc\x00ée')
    error = the_error(engine, write(tmp_path, text.encode()))
    assert "UTF-16" not in error.message and "n'est pas un texte" not in error.message
    assert error.line == text[: text.index("\x00")].count("\n") + 1


def test_a_file_not_in_utf8_gets_a_line_and_a_column_not_a_byte_offset(tmp_path, engine):
    text = (
        GOOD_TOML.replace('name = "Lycée', 'name = "Lycée Noël')
        .encode("utf-8")
        .replace("ë".encode(), b"\xeb")
    )
    path = write(tmp_path, text)
    error = the_error(engine, path)
    assert (
        error.line
        == text.splitlines().index(next(line for line in text.splitlines() if b"\xeb" in line)) + 1
    )
    assert (
        "n'est pas en UTF-8\u202f: octet 0xEB invalide, colonne 17" in error.message
    )  # name = "Lycée No|ël


def test_a_file_cut_inside_a_character_is_said_cut_not_latin1(tmp_path, engine):
    """A copy stopped inside « é » (its first byte, 0xC3, last): not a file to save again in
    UTF-8, as a Latin-1 one is, but one to copy again; said as a report cut so is."""
    text = GOOD_TOML.rstrip("\n") + "\n# Lycé"
    error = the_error(engine, write(tmp_path, text.encode()[:-1]))
    assert error.line == text.count("\n") + 1
    assert "coupé au milieu d'un caractère, colonne 6" in error.message
    assert "Latin-1" not in error.message


def test_one_wording_for_a_file_not_in_utf8(tmp_path):
    """Dossiers, profiles, plugins' files and reports said it four ways (« l'octet 0xe9 n'est
    pas de l'UTF-8 », « octet 0xe9 », « texte qui n'est pas en UTF-8 »…): one helper now."""
    raw = 'a = "ok"\nname = "Acad\xe9mie"\n'.encode("latin-1")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, message = errors.utf8_problem(raw, error)
    assert line == 2
    assert message == (
        "le fichier n'est pas en UTF-8 : octet 0xE9 invalide, colonne 13 "
        "(enregistré en Latin-1 ou Windows-1252 ?) ; l'enregistrer en UTF-8"
    )


def test_a_lone_surrogate_in_json_is_an_input_error_with_its_line(tmp_path, engine):
    text = json_text().replace('"Lycée polyvalent Balzac"', '"Lycée \\ud800"')
    path = write(tmp_path, text, "dossier.json")
    error = the_error(engine, path)
    assert error.path == "establishment.name" and error.line == line_holding(path, "\\ud800")
    assert "moitié de paire de substitution" in error.message


def test_a_lone_surrogate_in_a_json_key_is_shown_escaped(tmp_path, engine):
    path = write(
        tmp_path,
        json_text()
        .replace('"format"', '"\\udc80", "format"', 1)
        .replace('"\\udc80", "format": 1', '"\\udc80": 1, "format": 1'),
        "dossier.json",
    )
    error = the_error(engine, path)
    assert error.path == "\\udc80"
    str(error).encode("utf-8")


def test_a_key_given_twice_in_json_is_an_error_naming_both_lines(tmp_path, engine):
    text = json_text(applications=GOOD_JSON["applications"])
    text = text[:-2] + ',\n "applications": []\n}'  # the last would win: an empty dossier
    path = write(tmp_path, text, "dossier.json")
    error = the_error(engine, path)
    lines = path.read_text().splitlines()
    first, again = [n for n, line in enumerate(lines, 1) if '"applications"' in line]
    assert (error.path, error.line) == ("applications", again)
    assert (
        f"clé «\u202fapplications\u202f» donnée deux fois dans le même objet (déjà ligne {first})"
        in error.message
    )


def test_a_key_given_twice_in_json_is_said_with_the_dossiers_other_errors(tmp_path, engine):
    """A duplicate key was the only error said: an unknown key and a non-finite number beside
    it came only once it was fixed (the security audit; the contract: « every such dossier is
    named, with all its errors »). The school is still named, by the last value JSON keeps."""
    text = json_text()
    establishment = '"establishment": {'
    assert establishment in text
    text = text.replace(establishment, establishment + '"name": "Autre", "bogus": 1, ', 1)
    path = write(tmp_path, text, "dossier.json")
    built = engine()
    loaded = load(path, built.registry, built.profile)
    assert loaded.dossier is None
    said = {error.path: error.message for error in loaded.errors}
    assert set(said) == {"establishment.name", "establishment.bogus"}, said
    assert "donnée deux fois" in said["establishment.name"]
    assert "clé inconnue" in said["establishment.bogus"]


# `1e400` is read as inf, but written finite: « ni inf ni nan » was said of it.
TOO_LARGE = "nombre hors limites"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("NaN", "nombre non fini"),
        ("Infinity", "nombre non fini"),
        ("-Infinity", "nombre non fini"),
        ("1e400", TOO_LARGE),
        ("-1E400", TOO_LARGE),
    ],
)
def test_json_numbers_that_are_not_finite_are_refused(tmp_path, engine, value, said):
    indicators = [{**GOOD_JSON["indicators"][0], "target": "TARGET"}]
    path = write(
        tmp_path, json_text(indicators=indicators).replace('"TARGET"', value), "dossier.json"
    )
    error = the_error(engine, path)
    assert error.path == "indicators[0].target" and error.message.startswith(said)
    assert error.line == line_holding(path, value)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("nan", "nombre non fini"),
        ("inf", "nombre non fini"),
        ("-inf", "nombre non fini"),
        ("1e400", TOO_LARGE),
        ("-1_0e400", TOO_LARGE),
    ],
)
def test_toml_numbers_that_are_not_finite_are_refused(tmp_path, engine, value, said):
    text = (
        GOOD_TOML
        + f'\n[[indicators]]\nid = "x"\nname = "x"\nsupports = ["ldm:6"]\ntarget = {value}\n'
    )
    path = write(tmp_path, text)
    error = the_error(engine, path)
    assert (error.path, error.line) == ("indicators[0].target", line_holding(path, "target ="))
    assert error.message.startswith(said), error.message


@pytest.mark.parametrize(
    "name, number, expected",
    [
        ("dossier.toml", "1" * 5000, "plus de 4 300 chiffres"),
        ("dossier.json", "1" * 5000, "plus de 4 300 chiffres"),
        (
            "dossier.toml",
            "0x" + "f" * 5000,
            "nombre hors limites",
        ),  # read by Python, but no float can hold it
    ],
)
def test_an_integer_of_thousands_of_digits_is_an_input_error(
    tmp_path, engine, name, number, expected
):
    if name == "dossier.toml":
        text = (
            GOOD_TOML
            + f'\n[[indicators]]\nid = "x"\nname = "x"\nsupports = ["ldm:6"]\ntarget = {number}\n'
        )
    else:
        text = json_text(indicators=[{**GOOD_JSON["indicators"][0], "target": "T"}]).replace(
            '"T"', number
        )
    path = write(tmp_path, text, name)
    error = the_error(engine, path)
    assert expected in error.message and error.line == line_holding(path, number[:20])
    # The key it is given to, as every input error names its own.
    assert re.fullmatch(r"indicators\[\d+\]\.target", error.path), error.path


def test_a_number_beyond_any_count_is_refused(tmp_path, engine):
    text = (
        GOOD_TOML + '\n[[indicators]]\nid = "x"\nname = "x"\nsupports = ["ldm:6"]\ntarget = 1e300\n'
    )
    assert "nombre hors limites" in the_error(engine, write(tmp_path, text)).message


@pytest.mark.parametrize("depth", [70, 500, 5000])
def test_deep_nesting_in_json_is_an_input_error(tmp_path, engine, depth):
    path = write(
        tmp_path,
        json_text(extra="DEEP").replace('"DEEP"', "[" * depth + "]" * depth),
        "dossier.json",
    )
    assert_deep_and_unknown(errors_of(engine, path), depth)


@pytest.mark.parametrize("name", ["dossier.toml", "dossier.json"])
def test_nesting_too_deep_for_the_parser_names_its_line_and_key(tmp_path, engine, name):
    """5,000 levels: the parser's recursion runs out before any model sees the file; the
    error still names the line and the key holding the nesting, as every input error does."""
    deep = "[" * 5000 + "]" * 5000
    if name == "dossier.toml":
        text = (
            GOOD_TOML
            + f'\n[[indicators]]\nid = "x"  # [[[ not counted\nname = "[{{"\nsupports = {deep}\n'
        )
    else:
        text = json_text(extra="DEEP").replace('"DEEP"', deep)
    path = write(tmp_path, text, name)
    [error] = errors_of(engine, path)
    assert "imbriqués sur plus de 64 niveaux" in error.message
    assert error.line == line_holding(path, "[[[[[[")
    expected = r"indicators\[\d+\]\.supports" if name == "dossier.toml" else "extra"
    assert re.fullmatch(expected, error.path), error.path


@pytest.mark.parametrize("depth", [loading.JSON_PARSED_DEPTH, 2000])
def test_json_nested_past_what_every_parser_reads_is_refused_alone(tmp_path, engine, depth):
    """3.11's json ran out of recursion near 1,000 levels; 3.12's and 3.13's read thousands,
    and the file got other errors besides (`extra[0][0]…`, « clé inconnue »): the same one
    error on every Python, past JSON_PARSED_DEPTH levels with the object holding them."""
    deep = "[" * depth + "]" * depth
    path = write(tmp_path, json_text(extra="DEEP").replace('"DEEP"', deep), "dossier.json")
    [error] = errors_of(engine, path)
    assert "imbriqués sur plus de 64 niveaux" in error.message
    assert (error.path, error.line) == ("extra", line_holding(path, "[[[[[["))


def test_json_nested_less_deep_is_read_and_its_other_errors_said(tmp_path, engine):
    deep = "[" * (loading.JSON_PARSED_DEPTH - 1) + "]" * (loading.JSON_PARSED_DEPTH - 1)
    path = write(tmp_path, json_text(extra="DEEP").replace('"DEEP"', deep), "dossier.json")
    messages = [error.message for error in errors_of(engine, path)]
    assert any("imbriqués sur plus de 64 niveaux" in message for message in messages)
    assert any("clé inconnue «\u202fextra\u202f»" in message for message in messages)


def assert_deep_and_unknown(errors: tuple[InputError, ...], depth: int) -> None:
    """The nesting refused, and, the file read all the same, the unknown key holding it."""
    messages = [error.message for error in errors]
    assert any("imbriqués sur plus de 64 niveaux" in message for message in messages)
    if depth < 100:  # deeper, a parser may give up itself: nothing else can then be said
        assert any("clé inconnue «\u202fextra\u202f»" in message for message in messages)


@pytest.mark.parametrize("depth", [70, 500, 5000])
def test_deep_nesting_in_toml_is_an_input_error(tmp_path, engine, depth):
    path = write(tmp_path, GOOD_TOML + "\nextra = " + "[" * depth + "]" * depth + "\n")
    assert_deep_and_unknown(errors_of(engine, path), depth)


def test_the_line_of_a_deep_nesting_is_found_keeping_no_key_path_deeper_than_a_dossier():
    """To place the parser's error, the scan kept a key path one longer at each `[`: 30,000
    nested brackets (a 60 KB dossier) took 4 GB and ten seconds (the hardening audit). No
    key path deeper than a dossier may nest is kept: the scan is linear in the text."""
    depth = 30_000
    text = "format = 1\nx = " + "[" * depth + "]" * depth + "\n"
    lines = toml_lines(text)
    assert max(len(path) for path in lines) <= MAX_DEPTH + 1
    assert len(lines) <= MAX_DEPTH + 2
    assert lines["x",] == 2 and toml_key_on(text, 2) == ("x",)


@pytest.mark.parametrize(
    "value",
    [
        # 16,000 nested inline tables: each key path one longer than the last, 1.3 GB (fuzzing).
        "{a = " * 16_000 + "1" + "}" * 16_000,
        # A broken header of 60,000 `{`: its parts resolved one path at a time, 24 s.
        None,
    ],
    ids=["inline-tables", "broken-header"],
)
def test_a_deep_key_path_is_never_built_whole_to_place_an_error(value):
    text = "format = 1\n" + ("[" + "{" * 60_000 + "]\n" if value is None else f"x = {value}\n")
    lines = toml_lines(text) if value is not None else {}
    assert max(map(len, lines), default=0) <= MAX_DEPTH + 1
    key = toml_key_on(text, 2)
    assert key is not None and len(key) <= MAX_DEPTH + 1


def test_a_dotted_key_places_its_tables_at_its_own_line():
    # `x.y = 1` on line 3: an error about `establishment.x` named the [establishment] header.
    text = '[establishment]\nuai = "0180008L"\nx.y = 1\n\n[[documents]]\nsupports.a = 1\n'
    lines = toml_lines(text)
    assert lines["establishment", "x"] == lines["establishment", "x", "y"] == 3
    assert lines["documents", 0, "supports"] == 6


def test_a_dotted_key_deeper_than_a_dossier_is_refused_at_its_line(tmp_path, engine):
    # 1,100 parts: the parser's recursion ran out, and the error had neither line nor key.
    key = "x" + ".a" * 1_100
    path = write(tmp_path, GOOD_TOML.replace('kind = "lp"', f'kind = "lp"\n{key} = 1'))
    [error] = errors_of(engine, path)
    assert "imbriqués sur plus de 64 niveaux" in error.message
    assert error.line == line_holding(path, "x.a.a.a")


# -- its values --------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_a_date_out_of_any_sane_range_is_an_input_error(tmp_path, engine, day):
    path = write(tmp_path, GOOD_TOML.replace("submitted = 2026-03-10", f"submitted = {day}"))
    error = the_error(engine, path)
    assert error.path == "applications[0].submitted" and error.line == line_holding(
        path, "submitted"
    )
    assert f"date hors limites : {day} ; attendue entre 1900-01-01 et 2199-12-31" in error.message


@pytest.mark.parametrize("name", ["dossier.toml", "dossier.json"])
@pytest.mark.parametrize("value", ["true", "1.0"])
def test_the_format_is_the_integer_1(tmp_path, engine, name, value):
    text = (
        GOOD_TOML.replace("format = 1", f"format = {value}")
        if name == "dossier.toml"
        else json_text().replace('"format": 1', f'"format": {value}')
    )
    error = the_error(engine, write(tmp_path, text, name))
    assert error.path == "format" and "attendu l'entier 1" in error.message
    assert f"reçu {value}," in error.message  # as the dossier wrote it, not Python's True


@pytest.mark.parametrize(
    ("key", "written", "said"),
    [
        ("establishment", "list", "objet { … } attendu\u202f; reçu une liste (tableau [ … ])"),
        ("applications", "object", "liste attendue\u202f; reçu un objet { … }"),
    ],
)
def test_a_json_error_says_objects_and_arrays(tmp_path, engine, key, written, said):
    """« table (clé = valeur) attendue ; reçu une liste » spoke TOML to a JSON file."""
    value = [GOOD_JSON[key]] if written == "list" else {"x": GOOD_JSON["applications"]}
    error = the_error(engine, write(tmp_path, json_text(**{key: value}), "dossier.json"))
    assert (error.path, error.message) == (key, said)


def test_a_json_document_that_is_a_list_says_an_object_is_due(tmp_path, engine):
    error = the_error(engine, write(tmp_path, f"[{json_text()}]", "dossier.json"))
    assert error.message == "objet { … } attendu\u202f; reçu une liste (tableau [ … ])"


def test_a_json_null_is_named_as_written(tmp_path, engine):
    # An indicator's `supports` is required: null there is no absence to take.
    indicator = {"id": "i", "name": "Indicateur", "supports": None}
    error = the_error(engine, write(tmp_path, json_text(indicators=[indicator]), "dossier.json"))
    assert error.path == "indicators[0].supports"
    assert error.message == "liste attendue\u202f; reçu null"


def test_a_json_null_for_a_list_or_a_table_that_may_be_left_out_is_taken_as_absent(
    tmp_path, engine
):
    """`"submitted": null` was absent, `"held": null` « liste attendue ; reçu null » (the
    audit of dossiers as schools make them): null is absent for either."""
    data = json.loads(json_text())
    data["establishment"]["campus"] = None
    data["documents"][0]["supports"] = None
    data["indicators"] = [{"id": "i", "name": "Indicateur", "supports": ["ldm:6"], "values": None}]
    data.update(held=None, partners=None, decisions=None)
    built = engine()
    path = write(tmp_path, json.dumps(data, ensure_ascii=False), "dossier.json")
    loaded = load(path, built.registry, built.profile)
    assert loaded.errors == () and loaded.dossier is not None, loaded.errors
    assert loaded.dossier.held == [] and loaded.dossier.documents[0].supports == []
    assert loaded.dossier.indicators[0].values == {}


def test_a_json_null_given_to_a_label_s_own_key_is_named_as_written():
    key = DossierKey(type="boolean", description="Cordée de la réussite")
    assert key.problem(None) == "vrai ou faux attendu (`true` ou `false`)\u202f; reçu null"


def test_a_misspelt_value_of_a_one_value_field_gets_a_suggestion(tmp_path, engine):
    decision = (
        '\n[[decisions]]\nkind = "equivalense"\nequivalence = "euroscol-ldm-6"\n'
        'by = "groupe LDM"\ndate = 2026-02-02\n'
    )
    error = the_error(engine, write(tmp_path, GOOD_TOML + decision))
    assert error.path == "decisions[0].kind" and error.suggestion == "equivalence"
    assert error.full_message == (
        "valeur «\u202fequivalense\u202f» non reconnue\u202f; seule valeur possible\u202f: equivalence "
        "(vouliez-vous dire «\u202fequivalence\u202f»\u202f?)"
    )


@pytest.mark.parametrize("value", ['"1"', "2"])
def test_a_format_that_is_not_1_gets_no_suggestion(tmp_path, engine, value):
    """`"1"` is a text, not the number: suggesting « 1 » would not tell what to change."""
    error = the_error(engine, write(tmp_path, GOOD_TOML.replace("format = 1", f"format = {value}")))
    assert error.path == "format" and error.suggestion is None


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("20/05/2026", "2026-05-20"),  # as French writes it
        ("20.05.2026", "2026-05-20"),
        ("2026-5-20", "2026-05-20"),
        ("2026/05/20", "2026-05-20"),
        ("2026-05-2", "2026-05-02"),
    ],
)
def test_a_toml_date_written_otherwise_is_called_a_date(tmp_path, engine, written, meant):
    """tomli reads `audit = 20/05/2026` as the number 20 then a stray text: it was « fin de
    ligne attendue après la valeur : une seule clé = valeur par ligne », as if two keys
    shared the line."""
    path = write(tmp_path, GOOD_TOML.replace("audit = 2026-05-20", f"audit = {written}"))
    error = the_error(engine, path)
    assert error.line == line_holding(path, "audit =")
    assert error.message.endswith(
        f"une date s'écrit AAAA-MM-JJ, sans guillemets\u202f: `audit = {meant}`"
    ), error.message


@pytest.mark.parametrize(
    "written", ["2026-05-20T10:00", "2026-05-20 10:00", "2026-05-20T10:00:00+02:00", "10:00"]
)
def test_a_toml_date_and_time_is_echoed_as_written(tmp_path, engine, written):
    """`2026-05-20T10:00` was echoed « reçu 2026-05-20 10:00:00 »: a space for its T, and
    seconds it did not write (TOML 1.1 lets them be left out)."""
    path = write(tmp_path, GOOD_TOML.replace("audit = 2026-05-20", f"audit = {written}"))
    error = the_error(engine, path)
    assert error.path == "applications[0].audit"
    expected, _, received = error.message.partition("\u202f; reçu ")
    assert expected == "date attendue (AAAA-MM-JJ, sans heure)", error.message
    assert received.split(" (vouliez-vous dire")[0] == written, error.message


@pytest.mark.parametrize("header", ["[[audits.findings]]", "[audits.findings]"])
def test_findings_written_above_their_audit_are_told_to_go_under_it(tmp_path, engine, header):
    """tomli makes `audits` a table of the findings, then stops at `[[audits]]`: « cette clé a
    déjà une valeur plus haut dans le fichier : n'en garder qu'une » had an entry deleted."""
    audit = (
        f'\n{header}\nref = "ldm:1"\ngrade = "remark"\n\n'
        '[[audits]]\nlabel = "ldm"\ntype = "renewal"\ndate = 2026-05-20\n'
    )
    path = write(tmp_path, GOOD_TOML + audit)
    error = the_error(engine, path)
    assert error.line == line_holding(path, header)
    assert "n'en garder qu'une" not in error.message
    assert (
        f"l'en-tête {header} est écrit avant celui de son entrée, [[audits]] "
        f"(ligne {line_holding(path, '[[audits]]')})\u202f: le placer sous l'en-tête [[audits]]"
    ) in error.message, error.message


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2026-05-20T", "une date s'écrit sans «\u202fT\u202f» ni heure"),
        ("2026-05-20T25:00:00", "heure impossible (25:00:00), et une date s'écrit sans heure"),
        ("2026-05-20T23:59:60Z", "heure impossible (23:59:60Z), et une date s'écrit sans heure"),
        ("2026-05-20T10:00:00+24:00", "heure impossible (10:00:00+24:00)"),
    ],
)
def test_a_toml_date_with_a_time_that_cannot_be_is_written_without_it(
    tmp_path, engine, written, said
):
    """tomli reads the date, then wants the line's end: a stray T was told « un texte s'écrit
    entre guillemets », which then brought « une date s'écrit sans guillemets »; a time that
    cannot be, « fin de ligne attendue après la valeur »."""
    path = write(tmp_path, GOOD_TOML.replace("audit = 2026-05-20", f"audit = {written}"))
    error = the_error(engine, path)
    assert (error.line, error.path) == (line_holding(path, "audit ="), "applications[0].audit")
    assert said in error.message, error.message
    assert error.message.endswith("\u202f: `audit = 2026-05-20`"), error.message


@pytest.mark.parametrize(
    "written",
    [
        "target = 12,5",
        "values = { 2024 = 8, 2025 = 12,5 }",
        "values = { 2024 = 12,5, 2025 = 21 }",
        "target = 12,5 # cible",
    ],
)
def test_a_french_decimal_comma_is_called_one(tmp_path, engine, written):
    """tomli reads `12,5` as 12 then a stray text (or, in a table, « 5 » as the next key): it
    was « fin de ligne attendue après la valeur » or « « = » attendu après la clé » (the
    new-user walk)."""
    indicator = f'\n[[indicators]]\nid = "taux"\ntitle = "Taux de réussite"\n{written}\n'
    path = write(tmp_path, GOOD_TOML + indicator)
    error = the_error(engine, path)
    assert error.line == line_holding(path, written)
    assert error.message.endswith("un nombre décimal s'écrit avec un point\u202f: 12.5"), (
        error.message
    )


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("uai = 0180001D", 'uai = "0180001D"'),  # a UAI as a spreadsheet's cell gives it
        ("uai = 0180001", 'uai = "0180001"'),  # TOML has no number with a leading 0
        ('title = "Lycée"\ndenomination = 3D', 'denomination = "3D"'),
    ],
)
def test_a_text_that_starts_as_a_number_is_told_its_quotes(tmp_path, engine, written, meant):
    """tomli reads `0180001D` as 0 then wants the line's end: « fin de ligne attendue après la
    valeur : une seule clé = valeur par ligne » said nothing of the quotes missing."""
    path = write(tmp_path, GOOD_TOML.replace(f'uai = "{UAI}"', written, 1))
    error = the_error(engine, path)
    assert error.line == line_holding(path, meant.replace('"', ""))
    assert error.message.endswith(f"un texte s'écrit entre guillemets\u202f: `{meant}`"), (
        error.message
    )


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            "name = 'Lycée d'Arsonval'",
            "une apostrophe ferme un texte écrit entre apostrophes\u202f: l'écrire entre "
            'guillemets, `name = "Lycée d\'Arsonval"`',
        ),
        (
            'name = "Lycée "Jacques Cœur""',
            "un guillemet ferme un texte écrit entre guillemets\u202f: l'écrire entre "
            "apostrophes, `name = 'Lycée \"Jacques Cœur\"'`",
        ),
    ],
)
def test_a_quote_closing_a_text_too_early_is_told_how_to_write_it(tmp_path, engine, written, said):
    """A French text holds apostrophes: `'Lycée d'Arsonval'` ends at `d`, and tomli wants the
    line's end; « fin de ligne attendue après la valeur : une seule clé = valeur par ligne »
    sent the secretary looking for a second key on the line."""
    path = write(tmp_path, GOOD_TOML.replace(f'name = "{NAME}"', written, 1))
    error = the_error(engine, path)
    assert error.line == line_holding(path, written)
    assert error.message.endswith(said), error.message


def test_a_key_with_an_accent_is_told_so(tmp_path, engine):
    """tomli reads `intitulé` to `intitul`, then wants « = »: « « = » attendu après la clé »
    pointed at a key the secretary had written whole."""
    path = write(tmp_path, GOOD_TOML.replace(f'name = "{NAME}"', f'intitulé = "{NAME}"', 1))
    error = the_error(engine, path)
    assert error.line == line_holding(path, "intitulé =")
    assert "la clé «\u202fintitulé\u202f» a une lettre accentuée" in error.message, error.message
    assert "« = » attendu" not in error.message.replace("\u202f", " ")


@pytest.mark.parametrize(
    ("key", "letter", "script"),
    [
        ("kіnd", "і", "U+0456, cyrillique"),
        ("nаme", "а", "U+0430, cyrillique"),
        ("ναme", "ν", "U+03BD, grec"),
    ],
)
def test_a_key_with_a_letter_of_another_alphabet_is_told_so_and_the_key_meant(
    tmp_path, engine, key, letter, script
):
    """The robustness audit: `kіnd`, its « і » Cyrillic, was said to have « une lettre
    accentuée », and no key was suggested."""
    path = write(tmp_path, GOOD_TOML.replace("kind = ", f"{key} = ", 1))
    message = the_error(engine, path).message.replace("\u202f", " ")
    meant = key.translate(toml.LOOK_ALIKES)
    assert f"la clé « {key} » a une lettre d'un autre alphabet, « {letter} » ({script})" in message
    assert message.endswith(f"écrire {meant}") and "accentuée" not in message


@pytest.mark.parametrize(
    "written",
    [
        'denominations = ["maçonnerie"',  # its « ] » missing: tomli stops at the next line
        'denominations = [\n  "maçonnerie"\n  "carrelage",\n]',  # a comma missing
    ],
)
def test_a_list_left_unclosed_names_the_line_it_opens(tmp_path, engine, written):
    """tomli stops where « , » or « ] » was due, often the line after the list, which holds
    none: the error names the line of the list too."""
    path = write(tmp_path, GOOD_TOML.replace('denominations = ["maçonnerie"]', written, 1))
    error = the_error(engine, path)
    opened = line_holding(path, "denominations = [")
    assert error.line > opened
    assert error.message.endswith(f"(liste ouverte ligne {opened})"), error.message


@pytest.mark.parametrize("delimiter", ['"""', "'''"])
def test_a_text_on_several_lines_left_open_is_told_where_it_opens(tmp_path, engine, delimiter):
    """tomli finds its end missing at the document's end: the error was at the file's last
    line, « le guillemet de fin manque sur cette ligne », far from the text."""
    path = write(tmp_path, GOOD_TOML.replace(f'name = "{NAME}"', f"name = {delimiter}Lycée", 1))
    error = the_error(engine, path)
    assert (error.line, error.path) == (line_holding(path, "name = "), "establishment.name")
    assert error.message.endswith(
        f"texte sur plusieurs lignes non fermé\u202f: le «\u202f{delimiter}\u202f» de fin manque"
    ), error.message


def test_an_inline_table_left_open_is_told_at_its_line(tmp_path, engine):
    """tomli stops past the line's end: the error was at the next line, column 1, which
    holds no table."""
    indicator = '\n[[indicators]]\nid = "taux"\nsupports = ["ldm:1"]\nvalues = { 2024 = 8\n'
    path = write(tmp_path, GOOD_TOML + indicator + 'name = "Taux"\n')
    error = the_error(engine, path)
    assert (error.line, error.path) == (line_holding(path, "values = {"), "indicators[0].values")


@pytest.mark.parametrize("left_open", ["values = { 2024 = 8, 2025 = 9,", "values = { 2024 = 8"])
def test_an_inline_table_left_open_above_other_keys_is_told_where_it_opens(
    tmp_path, engine, left_open
):
    """TOML 1.1 lets a table { … } go on over lines: tomli read `target = 25` below as one of
    its keys, and the error was told at the next line, under `values.target`, « sur la même
    ligne » reading false of TOML 1.1."""
    indicator = f'\n[[indicators]]\nid = "taux"\nsupports = ["ldm:1"]\n{left_open}\ntarget = 25\n'
    path = write(tmp_path, GOOD_TOML + indicator + 'name = "Taux"\n')
    error = the_error(engine, path)
    opened = line_holding(path, "values = {")
    assert (error.line, error.path) == (opened, "indicators[0].values")
    assert f"table {{ … }} ouverte ligne {opened} et non fermée" in error.message, error.message
    assert "sur la même ligne" not in error.message


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        # « (une virgule en trop avant « } » ?) » guessed wrong: a comma before « } » has its
        # own message; these reached the generic one.
        ('"format": 1,', "'format': 1,", 'entre guillemets doubles " ", pas entre apostrophes'),
        (
            '"format": 1,',
            "format: 1,",
            'nom de clé entre guillemets doubles attendu\u202f: écrire "format"',
        ),
        ('"format": 1,', '"format": 1,\n // exporté le 2 mars', "JSON n'admet pas de commentaire"),
        ('"format": 1', '"format": True', "True s'écrit true en JSON, en minuscules"),
        ('"format": 1', '"format": “1”', "guillemets typographiques «\u202f“\u202f»"),
    ],
)
def test_a_json_syntax_error_says_what_it_found(tmp_path, engine, old, new, said):
    text = json_text()
    assert old in text
    path = write(tmp_path, text.replace(old, new, 1), "dossier.json")
    error = the_error(engine, path)
    assert error.message.endswith(said) or said in error.message, error.message
    assert "virgule en trop" not in error.message


@pytest.mark.parametrize("cut", ['"format": 1,', '"format": ', '"format"', "{"])
def test_a_json_file_cut_short_is_said_cut_short(tmp_path, engine, cut):
    """An export cut short stops the scanner at the end of the text, where the character it
    found is "": « guillemets typographiques «  » » was said, « "" in "“”" » being true."""
    text = json_text()
    path = write(tmp_path, text[: text.index(cut) + len(cut)], "dossier.json")
    error = the_error(engine, path)
    assert "s'arrête avant la fin du document JSON" in error.message, error.message
    assert "guillemets typographiques" not in error.message


def test_python_s_none_in_json_is_told_its_word_not_its_case(tmp_path, engine):
    """null is another word, not None in lower case: « en minuscules » had the author write
    « none »."""
    path = write(tmp_path, json_text().replace('"format": 1', '"format": None', 1), "dossier.json")
    error = the_error(engine, path)
    assert error.message.endswith("None s'écrit null en JSON"), error.message


def test_a_number_inside_a_text_without_quotes_is_no_decimal_comma(tmp_path, engine):
    """`name = Taux de réussite 12,5 %` lacks its quotes; it is no number written the French
    way (the diff's review)."""
    indicator = '\n[[indicators]]\nid = "taux"\nname = Taux de réussite 12,5 %\n'
    error = the_error(engine, write(tmp_path, GOOD_TOML + indicator))
    assert "un texte s'écrit entre guillemets" in error.message
    assert "décimal" not in error.message


def test_a_dossier_refused_for_a_date_written_otherwise_is_named_by_its_school(tmp_path, engine):
    """Its errors found by reading the file again with the date quoted, the dossier lost its
    school: reports listed « (établissement sans nom) » (the new-user walk)."""
    path = write(tmp_path, GOOD_TOML.replace("audit = 2026-05-20", "audit = 20/05/2026"))
    result = engine().evaluate_path(path)
    assert result.errors and (result.uai, result.name) == (UAI, NAME)


def test_a_toml_date_shaped_value_of_no_day_says_what_a_date_is(tmp_path, engine):
    path = write(tmp_path, GOOD_TOML.replace("audit = 2026-05-20", "audit = 31/02/2026"))
    assert "un jour qui existe" in the_error(engine, path).message


@pytest.mark.parametrize(
    ("written", "meant"),
    [("20/05/2026", "2026-05-20"), ("2026-W21-3", "2026-05-20"), ("20260520", "2026-05-20")],
)
def test_a_json_date_written_otherwise_gets_its_iso_form(tmp_path, engine, written, meant):
    """In JSON a date is a string: a week date (which Python reads) was told « une date
    s'écrit sans guillemets en TOML », which no JSON file can do."""
    application = {**GOOD_JSON["applications"][0], "audit": written}
    path = write(tmp_path, json_text(applications=[application]), "dossier.json")
    error = the_error(engine, path)
    assert error.path == "applications[0].audit"
    assert "TOML" not in error.message and error.suggestion == meant


def test_a_json_date_without_its_quotes_is_told_to_take_them(tmp_path, engine):
    """`"audit": 2026-05-20` in JSON gave « « , » attendu entre deux éléments » alone, at the
    hyphen (the new user's check): a date is a text in JSON."""
    text = json_text(applications=[GOOD_JSON["applications"][0]])
    day = GOOD_JSON["applications"][0]["audit"]
    path = write(tmp_path, text.replace(f'"{day}"', day, 1), "dossier.json")
    error = the_error(engine, path)
    assert error.message.endswith(f'une date s\'écrit entre guillemets en JSON\u202f: "{day}"')


def test_a_json_dossier_of_another_format_version_is_told_in_json(tmp_path, engine):
    """« écrire format = 1 » is TOML: a JSON dossier is told « "format": 1 »."""
    path = write(tmp_path, json_text(format=2), "dossier.json")
    assert 'écrire `"format": 1`' in the_error(engine, path).message


@pytest.mark.parametrize(("name", "text"), [("dossier.toml", None), ("dossier.json", "json")])
def test_a_format_in_quotes_is_told_the_quotes_are_what_is_wrong(tmp_path, engine, name, text):
    """`format = "1"`: « format 1 attendu ; reçu « 1 » » showed no difference (the new user's
    check); the quotes are what is wrong, said in the file's own language."""
    if text:
        path = write(tmp_path, json_text(format="1"), name)
        written = '`"format": 1`'
    else:
        path = write(tmp_path, GOOD_TOML.replace("format = 1", 'format = "1"', 1), name)
        written = "`format = 1`"
    message = the_error(engine, path).message
    assert "un texte" in message and f"écrire {written}, le 1 sans guillemets" in message


@pytest.mark.parametrize("written", ["1781913600", "1781913600000", "0", "-86400"])
def test_a_json_date_of_digits_is_no_unix_time(tmp_path, engine, written):
    """Dates are ISO strings in JSON (dossier format): pydantic's JSON reading took a text of
    digits as a Unix time, « 1781913600 » an audit on 2026-06-20, and the dossier was judged
    at that date without a word."""
    application = {**GOOD_JSON["applications"][0], "audit": written}
    path = write(tmp_path, json_text(applications=[application]), "dossier.json")
    error = the_error(engine, path)
    assert error.path == "applications[0].audit"
    assert error.message.startswith("date attendue (AAAA-MM-JJ"), error.message


def test_a_json_date_of_a_day_that_does_not_exist_says_so(tmp_path, engine):
    application = {**GOOD_JSON["applications"][0], "audit": "2026-02-30"}
    path = write(tmp_path, json_text(applications=[application]), "dossier.json")
    said = "le 30 février 2026 n'existe pas (février 2026 a 28 jours)"
    assert said in the_error(engine, path).message


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2021-06-31", "le 31 juin 2021 n'existe pas (juin 2021 a 30 jours)"),
        ("2025-02-29", "le 29 février 2025 n'existe pas (février 2025 a 28 jours)"),
        ("2026-13-01", "il n'y a pas de mois 13 (de 01 à 12)"),
    ],
)
def test_a_toml_date_of_a_day_that_does_not_exist_says_which(tmp_path, engine, written, said):
    path = write(tmp_path, GOOD_TOML.replace("audit = 2026-05-20", f"audit = {written}"))
    error = the_error(engine, path)
    assert error.line == line_holding(path, "audit =")
    assert error.message.endswith(f"date invalide\u202f: {said}"), error.message


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("ldm:６", "ldm:6"),  # a full-width digit: the closest spelling was « ldm:8 »
        (" ldm:6", "ldm:6"),  # refused with no suggestion
        ("ldm : 6", "ldm:6"),
        ("ldm:6 . 32", "ldm:6.32"),
        ("LDM :6", "ldm:6"),
    ],
)
def test_a_reference_written_loosely_suggests_the_one_it_means(tmp_path, engine, written, meant):
    text = GOOD_TOML.replace(
        'denomination = "maçonnerie"', f'denomination = "maçonnerie"\nsupports = ["{written}"]'
    )
    error = the_error(engine, write(tmp_path, text))
    assert error.path == "documents[0].supports[0]" and error.suggestion == meant, error


@pytest.mark.parametrize("uai", ["０１８０００１D", "٠١٨٠٠٠١D"])
def test_a_uai_takes_ascii_digits_only(tmp_path, engine, uai):
    error = the_error(engine, write(tmp_path, GOOD_TOML.replace("0180001D", uai)))
    assert error.path == "establishment.uai" and "chiffres ASCII 0 à 9" in error.message


def test_a_uai_check_letter_is_upper_case(tmp_path, engine):
    error = the_error(engine, write(tmp_path, GOOD_TOML.replace("0180001D", "0180001d")))
    assert error.path == "establishment.uai" and error.message == (
        "la lettre de contrôle du numéro UAI «\u202f0180001d\u202f» s'écrit en majuscule\u202f: "
        "«\u202f0180001D\u202f»"
    )


def test_a_school_year_takes_ascii_digits_only(tmp_path, engine):
    text = (
        GOOD_TOML
        + '\n[[indicators]]\nid = "x"\nname = "x"\nsupports = ["ldm:6"]\nvalues = { "２０２５" = 1 }\n'
    )
    assert "n'est pas une année scolaire" in the_error(engine, write(tmp_path, text)).message


@pytest.mark.parametrize("year", ["0000", "9999", "1899", "2200"])
def test_a_school_year_keying_values_lies_within_the_dates_bounds(tmp_path, engine, year):
    """The format says years are four digits, yet `years = [2150]` was refused (≤ 2100) where
    `values = { "0000" = 1 }` was taken (the schema audit): both now within the dates' bounds,
    1900 to 2199."""
    text = (
        GOOD_TOML
        + f'\n[[indicators]]\nid = "x"\nname = "x"\nsupports = ["ldm:6"]\nvalues = {{ "{year}" = 1 }}\n'
    )
    assert "de 1900 à 2199" in the_error(engine, write(tmp_path, text)).message


def test_a_piece_s_years_lie_within_the_dates_bounds(tmp_path, engine):
    piece = '\n[[documents]]\nid = "tb"\ntype = "tableau-bord-effectifs"\nyears = [{}]\n'
    built = engine()
    taken = load(
        write(tmp_path / "a", GOOD_TOML + piece.format(2150)), built.registry, built.profile
    )
    assert taken.errors == ()
    error = the_error(engine, write(tmp_path / "b", GOOD_TOML + piece.format(2200)))
    assert error.path.endswith(".years[0]") and "2199" in error.message, error


# -- the pieces it names ---------------------------------------------------------------------------


def with_piece(folder: Path, file: str) -> Path:
    return write(
        folder, GOOD_TOML + f'\n[[documents]]\nid = "p"\ntype = "preuve"\nfile = "{file}"\n'
    )


def test_a_folder_given_as_a_piece_is_not_the_piece(tmp_path, engine):
    (tmp_path / "pieces").mkdir()
    error = the_error(engine, with_piece(tmp_path, "pieces"))
    assert (
        error.path == "documents[1].file"
        and "«\u202fpieces\u202f» est un répertoire, pas un fichier" in error.message
    )


@posix_only
def test_a_loop_of_symbolic_links_as_a_piece_is_an_input_error(tmp_path, engine):
    (tmp_path / "loop.pdf").symlink_to(tmp_path / "loop.pdf")
    error = the_error(engine, with_piece(tmp_path, "loop.pdf"))
    assert "boucle de liens symboliques" in error.message


def test_a_piece_name_too_long_is_an_input_error(tmp_path, engine):
    error = the_error(engine, with_piece(tmp_path, "x" * 300 + ".pdf"))
    assert "nom trop long" in error.message


def test_a_piece_that_cannot_be_reached_is_an_input_error(tmp_path, engine, monkeypatch):
    (tmp_path / "piece.pdf").write_text("%PDF")

    def refusing(system_call):  # chmod does not stop root, who may run the tests
        def refuse(path, *args, **kwargs):
            if os.path.basename(path) == "piece.pdf":
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return system_call(path, *args, **kwargs)

        return refuse

    # Both calls a piece's check may make: os.lstat for a plain name, os.stat through pathlib.
    monkeypatch.setattr(os, "lstat", refusing(os.lstat))
    monkeypatch.setattr(os, "stat", refusing(os.stat))
    error = the_error(engine, with_piece(tmp_path, "piece.pdf"))
    assert "«\u202fpiece.pdf\u202f» est inaccessible\u202f: permission refusée" in error.message


def test_a_piece_there_but_unreadable_is_an_input_error(tmp_path, engine, monkeypatch):
    """Its folder listed it and stat() found a file, but whoever runs labelcheck may not read it
    (chmod 000): it counted as there, and the digest read its content as a missing one's (the
    robustness audit)."""
    (tmp_path / "piece.pdf").write_text("%PDF")
    (tmp_path / "autre.pdf").write_text("%PDF")
    access = os.access

    def refusing(path, mode, *args, **kwargs):  # chmod does not stop root, who may run the tests
        if os.path.basename(path) == "piece.pdf":
            return False
        return access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", refusing)
    error = the_error(engine, with_piece(tmp_path, "piece.pdf"))
    assert "« piece.pdf » est inaccessible : permission refusée" in error.message
    assert error.path.endswith("file") and error.line
    built = engine()
    readable = load(with_piece(tmp_path, "autre.pdf"), built.registry, built.profile)
    assert readable.dossier is not None and readable.errors == ()


def test_a_piece_name_holding_a_nul_character_is_said_so(tmp_path, engine):
    error = the_error(engine, with_piece(tmp_path, "pieces/a\\u0000b.pdf"))
    assert error.path == "documents[1].file" and error.message == (
        "«\u202fpieces/a\u2400b.pdf\u202f» contient un caractère NUL (\u2400), qu'aucun nom de "
        "fichier ne peut contenir\u202f: le retirer"
    )


def test_a_control_character_of_a_piece_name_is_shown_not_dropped(tmp_path, engine):
    error = the_error(engine, with_piece(tmp_path, "/pieces/a\\u0001b.pdf"))
    assert "«\u202f/pieces/a\u2401b.pdf\u202f» est un chemin absolu" in error.message


def test_a_piece_truly_missing_stays_a_finding(tmp_path, engine):
    built = engine()
    result = load(with_piece(tmp_path, "pièces/absente.pdf"), built.registry, built.profile)
    assert not result.errors and result.missing_files == {"pièces/absente.pdf"}


@pytest.mark.parametrize(
    "written",
    [
        # The piece on Windows and a missing file elsewhere: the same dossier passed on its
        # author's machine and warned in CI. Said where the file is there.
        "pieces\\\\projet.pdf",
        # Taken for the piece, yet no system opens it: its content was left out of the
        # dossier's digest, so `compare` missed the piece being replaced.
        "pieces/projet.pdf/",
    ],
)
def test_a_piece_written_with_backslashes_or_a_trailing_slash_names_the_file(
    tmp_path, engine, written
):
    (tmp_path / "pieces").mkdir()
    (tmp_path / "pieces" / "projet.pdf").write_text("%PDF")
    error = the_error(engine, with_piece(tmp_path, written))
    assert error.path == "documents[1].file"
    assert "écrire «\u202fpieces/projet.pdf\u202f»" in error.message, error.message


def test_a_piece_with_windows_separators_and_no_file_stays_missing(tmp_path, engine):
    built = engine()
    result = load(with_piece(tmp_path, "pieces\\\\absente.pdf"), built.registry, built.profile)
    assert not result.errors and result.missing_files == {"pieces\\absente.pdf"}


def test_a_missing_piece_written_with_backslashes_is_told_how_paths_are_written(tmp_path, evaluate):
    # The docs say « jamais pieces\projet.pdf »: the finding says so too, not « introuvable » alone.
    result = evaluate(with_piece(tmp_path, "pieces\\\\absente.pdf"))
    [message] = {
        f.message for label in result.labels for f in label.findings if f.rule == "DOC-FILE-MISSING"
    }
    assert message.endswith(
        "introuvable dans le répertoire du dossier\u202f; les chemins s'écrivent avec "
        "«\u202f/\u202f», même sous Windows\u202f: «\u202fpieces/absente.pdf\u202f»"
    ), message


def file_missing_message(evaluate, dossier: Path) -> str:
    [message] = {
        f.message
        for label in evaluate(dossier).labels
        for f in label.findings
        if f.rule == "DOC-FILE-MISSING"
    }
    return message


@posix_only
def test_a_missing_piece_named_with_other_capitals_names_the_file_there(tmp_path, evaluate):
    """Windows and macOS open `Pieces/Projet.PDF` for pieces/projet.pdf, a CI server does
    not: the dossier passed on its author's machine and « introuvable » alone, in CI, left the
    secretary looking for a file that is there. The finding names it."""
    (tmp_path / "pieces").mkdir()
    (tmp_path / "pieces" / "projet.pdf").write_text("%PDF")
    message = file_missing_message(evaluate, with_piece(tmp_path, "Pieces/Projet.PDF"))
    assert message.endswith(
        "introuvable dans le répertoire du dossier\u202f; ce répertoire contient "
        "«\u202fpieces/projet.pdf\u202f»\u202f: un nom de fichier distingue majuscules et "
        "minuscules (seuls Windows et macOS les confondent)"
    ), message


@posix_only
@pytest.mark.parametrize(("in_dossier", "on_disk"), [("NFC", "NFD"), ("NFD", "NFC")])
def test_a_piece_named_in_another_unicode_form_is_a_finding_naming_both(
    tmp_path, evaluate, in_dossier, on_disk
):
    """A Mac writes « é » as e and an accent (NFD), and opens the name either way: the dossier
    was refused whole (exit 2, no label judged) where a file named but missing is a finding
    (dossier-format: Keys), as a name in other capitals is (the inputs audit)."""
    name = "pièces/été.pdf"
    (tmp_path / unicodedata.normalize(on_disk, name)).parent.mkdir()
    (tmp_path / unicodedata.normalize(on_disk, name)).write_text("%PDF")
    if (tmp_path / unicodedata.normalize(in_dossier, name)).exists():
        pytest.skip("this file system makes both forms one name")
    message = file_missing_message(
        evaluate, with_piece(tmp_path, unicodedata.normalize(in_dossier, name))
    )
    assert message.endswith(
        f"le même nom à la forme Unicode de ses accents près (le dossier en {in_dossier}, le "
        f"fichier en {on_disk}, souvent un fichier venu d'un Mac)\u202f: renommer le fichier ou "
        "recopier son nom"
    ), message


@posix_only
def test_a_missing_piece_whose_file_name_is_not_utf8_is_said_not_a_crash(tmp_path, evaluate):
    """A zip made on Windows leaves « é » as byte 0x82: the « vouliez-vous dire » carried that
    name into the message, and every report but the terminal's failed on it (an internal
    error, exit 3, the school dropped from the JSON report: the inputs audit)."""
    (tmp_path / "pieces").mkdir()
    (tmp_path / os.fsdecode(b"pieces/projet-\x82tablissement.pdf")).write_text("%PDF")
    message = file_missing_message(
        evaluate, with_piece(tmp_path, "pieces/projet-établissement.pdf")
    )
    assert message.endswith(
        "ce répertoire contient «\u202fpieces/projet-\\x82tablissement.pdf\u202f», dont le nom "
        "n'est pas en UTF-8 (ses octets invalides sont montrés \\xNN, souvent une archive zip "
        "faite sous Windows)\u202f: renommer ce fichier"
    ), message
    message.encode("utf-8")  # what every writer does with it


@pytest.mark.parametrize(
    ("in_dossier", "said"),
    [
        (
            "pieces/projet\u00a0etab.pdf",
            "espace insécable dans le dossier, espace ordinaire dans le fichier",
        ),
        ("pieces/projet etab.pdf ", "espace en fin de nom dans le dossier"),
        # A space typed twice: « () » was all it said (the new user's audit).
        ("pieces/projet  etab.pdf", "deux espaces de suite dans le dossier"),
    ],
)
def test_a_missing_piece_differing_by_its_spaces_says_how(tmp_path, evaluate, in_dossier, said):
    """« vouliez-vous dire « pieces/projet etab.pdf » ? » for « pieces/projet etab.pdf »: the
    two names looked the same (an Option-space on a Mac is a no-break space; the inputs audit)."""
    (tmp_path / "pieces").mkdir()
    (tmp_path / "pieces" / "projet etab.pdf").write_text("%PDF")
    message = file_missing_message(evaluate, with_piece(tmp_path, in_dossier))
    assert message.endswith(
        f"ce répertoire contient «\u202fpieces/projet etab.pdf\u202f», le même nom à ses espaces "
        f"près ({said})\u202f: renommer le fichier ou recopier son nom"
    ), message


@pytest.mark.parametrize(
    ("written", "control", "letter"),
    [
        ("pieces\\rapport.pdf", "un retour chariot (\u240d)", "r"),
        ("pieces\\tableau.pdf", "une tabulation (\u2409)", "t"),
    ],
)
def test_a_windows_path_read_as_a_control_character_names_the_file(
    tmp_path, engine, written, control, letter
):
    """`file = "pieces\\rapport.pdf"` in TOML is « pieces », a carriage return and « apport.pdf »:
    the piece was « introuvable » with no word of the backslash (the inputs audit)."""
    (tmp_path / "pieces").mkdir()
    typed = written.replace("\\", "/")
    (tmp_path / typed).write_text("%PDF")
    error = the_error(engine, with_piece(tmp_path, written))
    assert error.path == "documents[1].file"
    assert (
        f" contient {control}\u202f: entre guillemets, «\u202f\\{letter}\u202f» se lit ainsi, "
        f"pas comme une barre oblique inverse suivie d'un {letter}" in error.message
    ), error.message
    assert error.message.endswith(f"écrire «\u202f{typed}\u202f»"), error.message


def test_a_missing_piece_written_with_an_escape_is_told_how_paths_are_written(tmp_path, evaluate):
    message = file_missing_message(evaluate, with_piece(tmp_path, "pieces\\bilan.pdf"))
    assert message.endswith(
        "les chemins s'écrivent avec «\u202f/\u202f», même sous Windows\u202f: "
        "«\u202fpieces/bilan.pdf\u202f»"
    ), message


def test_many_missing_pieces_look_over_their_folder_once(tmp_path, engine, monkeypatch):
    """Each missing file looked over every name of its folder again: 16,000 missing files in
    a folder of 16,000 took 26 s (the scaling audit). Each is still given its own file."""
    from labelcheck.core import validation

    (tmp_path / "pieces").mkdir()
    count = 40
    for i in range(count):
        (tmp_path / "pieces" / f"piece-{i:03d}.pdf").write_text("%PDF")
    entries = "".join(
        f'\n[[documents]]\nid = "d{i}"\ntype = "preuve"\nfile = "Pieces/Piece-{i:03d}.pdf"\n'
        for i in range(count)
    )
    indexed = []
    names = validation._Names
    monkeypatch.setattr(validation, "_Names", lambda *args: indexed.append(1) or names(*args))
    built = engine()
    loaded = load(write(tmp_path, GOOD_TOML + entries), built.registry, built.profile)
    assert not loaded.errors and len(loaded.missing_files) == count
    assert loaded.files_meant["Pieces/Piece-007.pdf"] == "pieces/piece-007.pdf"
    assert len(indexed) == 2  # the dossier's folder and pieces/, once each


def test_a_missing_piece_with_a_typo_suggests_the_file_there(tmp_path, evaluate):
    """A file name misspelt is a value misspelt: the format promises a close match."""
    (tmp_path / "pieces").mkdir()
    (tmp_path / "pieces" / "projet-etablissement.pdf").write_text("%PDF")
    message = file_missing_message(evaluate, with_piece(tmp_path, "piece/projet-etablisement.pdf"))
    assert message.endswith(
        "introuvable dans le répertoire du dossier "
        "(vouliez-vous dire «\u202fpieces/projet-etablissement.pdf\u202f»\u202f?)"
    ), message


def test_a_missing_piece_like_no_file_there_is_suggested_nothing(tmp_path, evaluate):
    (tmp_path / "pieces").mkdir()
    (tmp_path / "pieces" / "projet-etablissement.pdf").write_text("%PDF")
    (tmp_path / "pieces" / "compte-rendu.pdf").mkdir()  # a folder is never a piece
    message = file_missing_message(evaluate, with_piece(tmp_path, "pieces/compte-rendus.pdf"))
    assert message.endswith("introuvable dans le répertoire du dossier"), message


@posix_only
def test_a_missing_piece_is_never_suggested_a_file_out_of_the_dossier(tmp_path, evaluate):
    folder = tmp_path / "dossier"
    folder.mkdir()
    (tmp_path / "ailleurs").mkdir()
    (tmp_path / "ailleurs" / "projet.pdf").write_text("%PDF")
    (folder / "projet.pdf").symlink_to(tmp_path / "ailleurs" / "projet.pdf")
    message = file_missing_message(evaluate, with_piece(folder, "Projet.pdf"))
    assert message.endswith("introuvable dans le répertoire du dossier"), message


@pytest.fixture
def with_outside(tmp_path: Path) -> Path:
    """A dossier folder holding pieces/projet.pdf and fiche.pdf, beside a file outside it."""
    folder = tmp_path / "dossier"
    (folder / "pieces").mkdir(parents=True)
    (folder / "pieces" / "projet.pdf").write_text("%PDF")
    (folder / "fiche.pdf").write_text("%PDF")
    (tmp_path / "dehors.pdf").write_text("%PDF")
    return folder


@pytest.mark.parametrize(
    "name", ["pieces/./../pieces/projet.pdf", "pieces/../fiche.pdf", "./pieces/../fiche.pdf"]
)
def test_a_piece_named_through_dots_that_stay_inside_is_taken(with_outside, engine, name):
    """No `..` escape: what counts is where the name leads, its `.` and `x/..` resolved."""
    built = engine()
    result = load(with_piece(with_outside, name), built.registry, built.profile)
    assert not result.errors and not result.missing_files


@pytest.mark.parametrize(
    "name", ["pieces/../../dehors.pdf", "./../dehors.pdf", "pieces\\..\\..\\dehors.pdf"]
)
def test_a_piece_named_through_dots_that_climb_out_is_refused(with_outside, engine, name):
    in_toml = name.replace("\\", "\\\\")  # a TOML basic string escapes its backslashes
    error = the_error(engine, with_piece(with_outside, in_toml))
    assert error.path == "documents[1].file" and error.message == (
        f"«\u202f{name}\u202f» sort du répertoire du dossier par «\u202f..\u202f»\u202f: "
        "garder les fichiers à l'intérieur"
    )


@posix_only
def test_a_piece_named_through_a_missing_folder_and_dots_is_missing(with_outside, engine):
    """`absent/../fiche.pdf` is nothing the system can open, though the text climbs back."""
    built = engine()
    name = "absent/../fiche.pdf"
    result = load(with_piece(with_outside, name), built.registry, built.profile)
    assert not result.errors and result.missing_files == {name}


@posix_only
def test_dots_after_a_symbolic_link_out_are_still_caught(with_outside, engine, tmp_path):
    (tmp_path / "ailleurs").mkdir()
    (with_outside / "lien").symlink_to(tmp_path / "ailleurs")
    error = the_error(engine, with_piece(with_outside, "lien/../dehors.pdf"))
    assert "mène hors du répertoire du dossier (par un lien symbolique)" in error.message


# -- line numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "string", ['"a \\"\\"\\" b"', '\'x"""y\'', '"""one line"""', "'''x'''", '"# not a comment ["']
)
def test_triple_quotes_inside_a_string_do_not_lose_later_lines(string):
    text = f'title = {string}\n[establishment]\nuai = "x"\n[[documents]]\nid = "a"\n'
    expected = {
        ("title",): 1,
        ("establishment",): 2,
        ("establishment", "uai"): 3,
        ("documents", 0): 4,
        ("documents", 0, "id"): 5,
    }
    assert expected.items() <= toml_lines(text).items()


def test_a_multi_line_string_and_array_keep_the_lines_after_them():
    text = 'a = """\n[fake]\nx = 1\n"""\nb = [\n  "x",\n  { c = 1 },\n]\nd = 2\n'
    lines = toml_lines(text)
    assert (lines[("b", 1)], lines[("b", 1, "c")], lines[("d",)]) == (7, 7, 9) and (
        "fake",
    ) not in lines


def test_an_error_after_a_triple_quote_in_a_string_has_its_line(tmp_path, engine):
    text = GOOD_TOML.replace(
        'title = "Lycée des métiers du bâtiment"', 'title = \'Lycée """ du bâtiment\''
    )
    path = write(tmp_path, text.replace('type = "plaquette"', 'type = "plaquete"'))
    error = the_error(engine, path)
    assert (error.path, error.line) == ("documents[0].type", line_holding(path, "plaquete"))


# -- the batch goes on --------------------------------------------------------------------------------

BAD_DOSSIERS = {
    "utf16/dossier.toml": GOOD_TOML.encode("utf-16"),
    "latin1/dossier.toml": GOOD_TOML.encode("latin-1", "replace"),
    "surrogate/dossier.json": json_text().replace("Balzac", "\\ud800").encode(),
    "twice/dossier.json": (json_text()[:-2] + ',\n "applications": []\n}').encode(),
    "nan/dossier.json": json_text(extra="X").replace('"X"', "NaN").encode(),
    "deep-json/dossier.json": json_text(extra="X").replace('"X"', "[" * 5000 + "]" * 5000).encode(),
    "deep-toml/dossier.toml": (GOOD_TOML + "\nx = " + "[" * 5000 + "]" * 5000 + "\n").encode(),
    "huge-int/dossier.toml": (GOOD_TOML + "\nx = " + "9" * 5000 + "\n").encode(),
    "year-1/dossier.toml": GOOD_TOML.replace("2026-03-10", "0001-01-01").encode(),
    "year-9999/dossier.toml": GOOD_TOML.replace("2026-03-10", "9999-12-31").encode(),
    "format-true/dossier.toml": GOOD_TOML.replace("format = 1", "format = true").encode(),
    "uai/dossier.toml": GOOD_TOML.replace("0180001D", "０１８０００１D").encode(),
}


@posix_only
def test_a_batch_of_bad_dossiers_exits_2_and_evaluates_the_good_one(tmp_path):
    for name, content in BAD_DOSSIERS.items():
        write(tmp_path / Path(name).parent, content, Path(name).name)
    write(tmp_path / "zz-good", GOOD_TOML)
    write(tmp_path / "both", GOOD_TOML)
    write(tmp_path / "both", json_text(), "dossier.json")
    os.mkdir(os.fsencode(tmp_path) + b"/caf\xe9")
    write(Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9")), GOOD_TOML)
    (tmp_path / "link").mkdir()
    (tmp_path / "link" / "dossier.toml").symlink_to(
        ROOT / "examples" / "lp-jean-lurcat" / "dossier.toml"
    )
    result = labelcheck("evaluate", tmp_path, "--format", "json")
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr and "erreur interne" not in stderr
    report = json.loads(result.stdout)
    by_path = {Path(d["path"]).parent.name: d for d in report["dossiers"]}
    assert by_path["zz-good"]["errors"] == [] and by_path["zz-good"]["labels"]
    invalid = {name for name, dossier in by_path.items() if dossier["errors"]}
    assert invalid >= {Path(name).parent.name for name in BAD_DOSSIERS} | {"link"}
    assert report["summary"]["invalid"] == len(BAD_DOSSIERS) + 3  # and both, and the non-UTF-8 name
    assert report["summary"]["internal_errors"] == 0


def test_a_shard_in_superscript_digits_is_a_usage_error():
    from click.testing import CliRunner
    from labelcheck.core.cli import main

    result = CliRunner().invoke(main, ["evaluate", "examples", "--shard", "²/3"])
    assert result.exit_code == 2 and "I/N" in result.output


@pytest.mark.parametrize("value", ['["ldm"]', '{ id = "ldm" }'])
@pytest.mark.parametrize("kind", ["applications", "held"])
def test_a_label_that_is_not_a_text_is_an_input_error(tmp_path, engine, kind, value):
    """A list or a table where a label's id goes: the model says what it expected; the
    checks that read the label look past it (an unhashable key was an internal error)."""
    entry = (
        f"\n[[{kind}]]\nlabel = {value}\nawarded = 2022-06-01\n"
        if kind == "held"
        else f'\n[[{kind}]]\nlabel = {value}\ntype = "initial"\n'
    )
    path = write(tmp_path, GOOD_TOML + entry)
    [error] = [e for e in errors_of(engine, path) if e.path.endswith(".label")]
    assert error.message.startswith("texte attendu")
    assert error.line == line_holding(path, f"label = {value}")


@pytest.mark.parametrize(
    ("options", "profile", "reason"),
    [
        ((), "national", "default"),
        (("--profile", "centre-val-de-loire-2026"), "centre-val-de-loire-2026", "option"),
    ],
)
def test_a_dossier_that_could_not_be_read_still_names_its_profile(
    tmp_path, options, profile, reason
):
    """cli-and-report 1.1: each dossier object gains `profile` and `profile_reason`, an
    unreadable one too (the profile it would be reported under, its academy unknown)."""
    write(tmp_path / "school", GOOD_TOML)
    write(tmp_path / "school", json_text(), "dossier.json")
    done = labelcheck("evaluate", tmp_path, "--format", "json", *options)
    assert done.returncode == 2
    [dossier] = json.loads(done.stdout)["dossiers"]
    assert dossier["errors"] and (dossier["profile"], dossier["profile_reason"]) == (
        profile,
        reason,
    )


# -- every error at once, even beside a value nothing could read -----------------------------


@pytest.mark.parametrize("name", ["dossier.toml", "dossier.json"])
def test_a_number_beyond_any_count_hides_no_other_error(tmp_path, engine, name):
    """The unsafe value is taken out and the rest validated: its neighbours' errors come too."""
    if name == "dossier.toml":
        uai = "0180001E"  # its check letter is D
        text = (
            GOOD_TOML.replace('uai = "0180001D"', f'uai = "{uai}"')
            + '\n[[indicators]]\nid = "x"\nname = "x"\nsupports = ["ldm:6"]\ntarget = 1e300\n'
            + 'titel = "x"\n'
        )
    else:
        uai = "0370001B"  # its check letter is A
        indicator = {**GOOD_JSON["indicators"][0], "target": 1e300, "titel": "x"}
        establishment = {**GOOD_JSON["establishment"], "uai": uai}
        text = json_text(establishment=establishment, indicators=[indicator])
    path = write(tmp_path, text, name)
    errors = errors_of(engine, path)
    found = {error.path: error for error in errors}
    assert set(found) == {"indicators[0].target", "indicators[0].titel", "establishment.uai"}
    assert "nombre hors limites" in found["indicators[0].target"].message
    assert "clé inconnue «\u202ftitel\u202f»" in found["indicators[0].titel"].message
    assert "lettre de contrôle du numéro UAI" in found["establishment.uai"].message
    # each at its own line, in the file's order
    target_line = line_holding(path, "target =" if name == "dossier.toml" else '"target"')
    assert found["indicators[0].target"].line == target_line
    assert found["establishment.uai"].line == line_holding(path, uai)
    assert [e.line for e in errors] == sorted(e.line or 0 for e in errors)


def test_a_json_text_that_is_not_unicode_hides_no_other_error(tmp_path, engine):
    establishment = {**GOOD_JSON["establishment"], "name": "SURROGATE", "kind": "lyc"}
    path = write(
        tmp_path,
        json_text(establishment=establishment).replace('"SURROGATE"', '"\\ud800"'),
        "dossier.json",
    )
    found = {error.path: error.message for error in errors_of(engine, path)}
    assert set(found) == {"establishment.name", "establishment.kind"}
    assert "paire de substitution" in found["establishment.name"]
    assert "valeur «\u202flyc\u202f» non reconnue" in found["establishment.kind"]


@pytest.mark.parametrize(
    "value, shown", [("null", "null"), ("true", "true"), ("[]", "une liste vide")]
)
def test_a_choice_given_as_another_type_is_named_as_json_writes_it(tmp_path, engine, value, shown):
    """Never Python's words (« None », « True », « [] ») in a message."""
    establishment = {**GOOD_JSON["establishment"], "kind": "KIND"}
    path = write(
        tmp_path,
        json_text(establishment=establishment).replace('"KIND"', value),
        "dossier.json",
    )
    error = the_error(engine, path)
    assert error.path == "establishment.kind"
    assert error.message.startswith(f"texte attendu\u202f; reçu {shown}\u202f; valeurs possibles")
    assert "None" not in error.message and "True" not in error.message


@pytest.mark.parametrize("day", ["0001-01-01", "2200-01-01"])
def test_a_json_date_out_of_range_is_called_a_date(tmp_path, engine, day):
    applications = [{**GOOD_JSON["applications"][0], "submitted": day}]
    path = write(tmp_path, json_text(applications=applications), "dossier.json")
    error = the_error(engine, path)
    assert error.path == "applications[0].submitted"
    assert f"date hors limites : {day} ; attendue entre 1900-01-01 et 2199-12-31" in error.message


def test_a_lead_not_among_the_auditors_names_the_auditors_alone(tmp_path, engine):
    """An auditor given as another type has its own error; the lead's names the others, never
    « True » or « None »."""
    audit = {
        "label": "ldm",
        "type": "initial",
        "date": "2026-05-20",
        "auditors": [True, None, "B. Durand"],
        "lead": "A. Martin",
    }
    path = write(tmp_path, json_text(audits=[audit]), "dossier.json")
    found = {error.path: error.message for error in errors_of(engine, path)}
    assert found["audits[0].lead"] == (
        "le responsable «\u202fA. Martin\u202f» n'est pas parmi les auditeurs (B. Durand)"
    )
    assert "reçu true" in found["audits[0].auditors[0]"]


@pytest.mark.parametrize(
    ("member", "lead"),
    [
        ("A. Martin", "A.\u00a0Martin"),
        ("A. Martin", "a. MARTIN"),
        ("A. Martin", "A.  Martin"),
        # A word processor's apostrophe in the lead, the typewriter's in the team: the dossier
        # was invalid (« n'est pas parmi les auditeurs »), for a mark no one sees.
        ("M. D'Alembert", "M. D\u2019Alembert"),
        ("M. D'Alembert", "M. D\u02bcALEMBERT"),
    ],
)
def test_a_lead_written_another_way_is_still_among_the_auditors(tmp_path, engine, member, lead):
    """As LDM-AUDIT-TEAM and campaign compare people: case, spacing, accents and the form of
    an apostrophe aside."""
    audit = {
        "label": "ldm",
        "type": "initial",
        "date": "2026-05-20",
        "auditors": [member, "B. Durand"],
        "lead": lead,
    }
    path = write(tmp_path, json_text(audits=[audit]), "dossier.json")
    built = engine()
    assert load(path, built.registry, built.profile).errors == ()


def test_a_key_that_is_not_unicode_holding_other_such_values_is_read_whole(tmp_path, engine):
    """Places taken out inside a key taken out: each error said, none lost, no crash."""
    text = json_text(extra="X").replace(
        '"extra": "X"', '"extra\\ud800": {"a\\udc00": "\\ud801", "b": 1e400}'
    )
    establishment = GOOD_JSON["establishment"]["uai"]
    text = text.replace(establishment, establishment[:-1] + "Z")
    found = {error.path for error in errors_of(engine, write(tmp_path, text, "dossier.json"))}
    assert found == {
        "establishment.uai",
        "extra\\ud800",
        "extra\\ud800.a\\udc00",
        "extra\\ud800.b",
    }


def test_a_tree_a_thousand_folders_deep_ends_nothing(tmp_path):
    """The walk keeps a stack, not Python's: recursion ended the whole run past ~950 levels."""
    levels = [tmp_path / "profond"]
    for _ in range(1100):
        levels.append(levels[-1] / "x")
    for level in levels:
        level.mkdir()
    try:
        write(levels[-1], GOOD_TOML)
        write(tmp_path / "00002", GOOD_TOML)
        found = list(discover([tmp_path]))
        assert [p.parent.name for p in found] == ["00002", "x"]
        assert loading.holds_a_dossier(levels[0])
    finally:  # deepest first: shutil.rmtree, pytest's cleaning, recurses and would fail
        (levels[-1] / "dossier.toml").unlink(missing_ok=True)
        for level in reversed(levels):
            level.rmdir()


@posix_only
def test_a_link_to_a_school_folder_or_a_folder_named_as_a_dossier_is_named_not_skipped(tmp_path):
    """Nothing is left out without a word: a linked school (not followed: it may lead out of
    the repository, or loop) and a folder named dossier.json are each an error of their path;
    a link among a school's pieces, behind which lies no dossier, is nobody's business."""
    repo = tmp_path / "depot"
    write(tmp_path / "ailleurs" / "lycee", GOOD_TOML)
    write(repo / "a", GOOD_TOML)
    (repo / "a" / "pieces").mkdir()
    (tmp_path / "partage").mkdir()
    (repo / "a" / "pieces" / "partage").symlink_to(tmp_path / "partage")
    (repo / "lie").symlink_to(tmp_path / "ailleurs" / "lycee")
    (repo / "z" / "dossier.json").mkdir(parents=True)
    found = list(discover([repo]))
    assert found[0] == repo / "a" / "dossier.toml"
    errors = {Path(e.file).relative_to(repo).as_posix(): e.message for e in found[1:]}
    assert set(errors) == {"lie", "z/dossier.json"}
    assert errors["lie"].startswith("lien symbolique vers un répertoire qui contient un dossier")
    assert "c'est un répertoire, pas un fichier de dossier" in errors["z/dossier.json"]


def test_a_school_whose_dossier_file_is_a_folder_is_named_once(tmp_path):
    """Its pieces beside it, a folder named dossier.toml was said « c'est un répertoire », then
    « a des pièces mais ni dossier.toml ni dossier.json »: two invalid dossiers counted for one
    school (the robustness audit)."""
    (tmp_path / "e" / "dossier.toml").mkdir(parents=True)
    (tmp_path / "e" / "pieces").mkdir()
    [error] = list(discover([tmp_path]))
    assert error.file == str(tmp_path / "e" / "dossier.toml")
    assert "c'est un répertoire, pas un fichier de dossier" in error.message


def test_a_decision_naming_an_evidence_link_says_what_it_is(tmp_path, engine):
    """eduform-ldm-2 is declared, as a link of evidence: « no plugin declares it » was false."""
    decision = (
        '\n[[decisions]]\nkind = "equivalence"\nequivalence = "eduform-ldm-2"\n'
        'by = "groupe LDM"\ndate = 2026-02-02\n'
    )
    error = the_error(engine, write(tmp_path, GOOD_TOML + decision))
    assert error.path == "decisions[0].equivalence"
    assert "«\u202feduform-ldm-2\u202f» est un lien de preuve entre labels" in error.message
    assert "aucun plugin" not in error.message


@pytest.mark.parametrize("closing", ["}", "]"])
def test_a_trailing_comma_in_json_is_named_at_its_own_line(tmp_path, engine, closing):
    """Python 3.11's scanner says « Expecting value » at the bracket, a line after the comma."""
    text = json.dumps(json.loads(json_text()), indent=2)
    # A comma after the last value of the first object or list, the bracket on the next line.
    last = re.search(r'("[^"\n]*")(\n *' + re.escape(closing) + ")", text)
    assert last is not None
    text = text[: last.end(1)] + "," + text[last.end(1) :]
    path = write(tmp_path, text, "dossier.json")
    error = the_error(engine, path)
    assert error.line == text.count("\n", 0, last.end(1)) + 1  # the comma's, not the bracket's
    assert f"virgule en trop avant «\u202f{closing}\u202f»\u202f: la retirer" in error.message


@pytest.mark.parametrize(
    ("text", "kind", "closing"), [('{"a": 1,\n}', "object", "}"), ('{"a": [1,\n]}', "array", "]")]
)
def test_a_trailing_comma_as_python_3_13_reports_it_is_told_how_to_fix(text, kind, closing):
    """3.13's scanner says « Illegal trailing comma before end of object » at the comma
    itself: the message lost its remedy there, whatever Python runs these tests."""
    error = json.JSONDecodeError(
        f"Illegal trailing comma before end of {kind}", text, text.index(",")
    )
    assert toml.json_syntax(error, text) == (
        1,
        f"erreur de syntaxe JSON, colonne {text.index(',') + 1}\u202f: "
        f"virgule en trop avant «\u202f{closing}\u202f»\u202f: la retirer",
    )


def test_a_key_missing_from_the_document_itself_is_at_its_first_line(tmp_path, engine):
    """`file:line: key: message` for every error, as editors and CI logs link it (and as SARIF
    and Code Quality place it): an empty file's missing keys were `file: key: message`."""
    path = write(tmp_path, "")
    [error] = errors_of(engine, path)  # the file is said empty, at its first line
    assert (error.path, error.line) == ("", 1)
    path = write(tmp_path, GOOD_TOML.replace("format = 1\n", ""))
    [error] = errors_of(engine, path)
    assert (error.path, error.line) == ("format", 1)


# -- what a secretary's tools write (the CI audit) ------------------------------------------------


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("4 mars 2026", "2026-03-04"),
        ("1er avril 2026", "2026-04-01"),
        ("Mardi 12 février 2026", "2026-02-12"),
    ],
)
def test_a_date_in_words_gets_its_iso_form(tmp_path, engine, written, meant):
    path = write(tmp_path, GOOD_TOML.replace("audit = 2026-05-20", f'audit = "{written}"'))
    error = the_error(engine, path)
    assert error.path == "applications[0].audit" and error.suggestion == meant


@pytest.mark.parametrize(("space", "named"), [("\u00a0", "U+00A0"), ("\u202f", "U+202F")])
def test_an_invisible_space_in_a_line_is_named(tmp_path, engine, space, named):
    """`name = "…"` typed with a no-break space: « « = » attendu après la clé », the « = »
    plainly there."""
    path = write(tmp_path, GOOD_TOML.replace(f'name = "{NAME}"', f'name{space}= "{NAME}"'))
    error = the_error(engine, path)
    assert error.line == line_holding(path, "name")
    assert f"({named}), invisible" in error.message, error.message


@pytest.mark.parametrize("quotes", [("“", "”"), ("«\u00a0", "\u00a0»")])
def test_a_value_in_typographic_quotes_is_told_to_use_straight_ones(tmp_path, engine, quotes):
    opening, closing = quotes
    path = write(
        tmp_path, GOOD_TOML.replace(f'name = "{NAME}"', f"name = {opening}{NAME}{closing}")
    )
    error = the_error(engine, path)
    assert "guillemets typographiques" in error.message and 'droits, "…"' in error.message


@pytest.mark.parametrize("text", ["", "\n\n", "# à remplir\n"])
def test_an_empty_toml_file_is_said_empty(tmp_path, engine, text):
    """It was « clé obligatoire « establishment » absente » and « « format » absente »."""
    error = the_error(engine, write(tmp_path, text))
    assert error.message.startswith("le fichier est vide"), error.message
    assert "commence par `format = 1` et sa table `[establishment]`" in error.message


def test_a_date_key_given_twice_is_one_error_at_its_line(tmp_path, engine):
    """Its value shaped like a date, the line was read again quoted, failed again, and the key
    was said twice, the second time at a column past the line's end (the format audit)."""
    text = GOOD_TOML.replace("audit = 2026-05-20", "audit = 2026-05-20\naudit = 2026-05-21")
    path = write(tmp_path, text)
    error = the_error(engine, path)
    assert error.line == line_holding(path, "audit = 2026-05-21")
    assert "déjà une valeur" in error.message


@pytest.mark.parametrize("again", ['    kind = "lgt"', '"kind" = "lgt"'])
def test_a_toml_key_given_twice_is_pointed_at_and_says_where_the_first_is(tmp_path, engine, again):
    """tomli stops past the line's end: the column pointed at nothing, and « plus haut dans
    le fichier » said not where, as the JSON message does (« déjà ligne N »)."""
    path = write(tmp_path, GOOD_TOML.replace('kind = "lp"', f'kind = "lp"\n{again}', 1))
    error = the_error(engine, path)
    first, column = line_holding(path, 'kind = "lp"'), len(again) - len(again.lstrip()) + 1
    assert (error.line, error.path) == (first + 1, "establishment.kind")
    assert error.message.startswith(f"erreur de syntaxe TOML, colonne {column}\u202f:")
    assert f"déjà une valeur plus haut dans le fichier, ligne {first}\u202f:" in error.message


def test_two_commas_in_json_are_said_two_commas(tmp_path, engine):
    """« (une virgule en trop avant « } » ?) » was said of `"format": 1,,`: no « } » there."""
    path = write(tmp_path, json_text().replace('"format": 1,', '"format": 1,,', 1), "dossier.json")
    error = the_error(engine, path)
    assert error.message.endswith("deux virgules de suite\u202f: en retirer une"), error.message


@pytest.mark.parametrize("line_end", ["\r", "\r\n"])
def test_a_toml_file_with_old_mac_line_ends_is_told_to_be_saved_otherwise(
    tmp_path, engine, line_end
):
    """A file whose lines end in CR alone was one line to tomli: « caractère interdit ici :
    retour chariot (caractère de contrôle) », with no word of how to save it. CRLF is read."""
    text = GOOD_TOML.replace("\n", line_end).replace('kind = "lp"', 'kind = "lpp"', 1)
    error = the_error(engine, write(tmp_path, text))
    old_mac = "enregistrer le fichier avec des fins de ligne LF ou CRLF"
    assert (old_mac in error.message) == (line_end == "\r"), error.message


# -- what the format audit found ----------------------------------------------------------------

E3D_AUDIT = '\n[[audits]]\nlabel = "e3d"\ntype = "initial"\ndate = 2026-05-20\n\n[[audits.findings]]\nref = "e3d:1"\ntext = "Très bonne implication des éco-délégués"\n'


@pytest.mark.parametrize("grade", [None, "remark"])
def test_a_finding_of_a_label_grading_none_is_said_so_once(tmp_path, engine, grade):
    """Without a grade: « grade absente »; with one: « le label e3d n'a pas de constats »; no
    input could be valid, each message sending to the other (the format audit)."""
    written = E3D_AUDIT + (f'grade = "{grade}"\n' if grade else "")
    path = write(tmp_path, GOOD_TOML + written)
    error = the_error(engine, path)
    assert error.path == "audits[0].findings[0]"
    assert error.message.startswith("les audits du label E3D n'ont pas de constats notés")


def test_a_fiche_s_audit_type_lists_its_label_s_types(tmp_path, engine):
    fiche = '\n[[nonconformities]]\nid = "FE-1"\nref = "ldm:7"\naudit_type = "suivi"\nraised = 2026-05-20\nstatus = "open"\n'
    error = the_error(engine, write(tmp_path, GOOD_TOML + fiche))
    assert error.path == "nonconformities[0].audit_type"
    assert "surveillance" not in error.message and "follow-up" in error.message


def test_a_key_holding_a_dot_or_nothing_is_quoted_in_its_path(tmp_path, engine):
    """`"a.b" = 1` was said at `establishment.a.b`, a nested key (the format audit)."""
    text = GOOD_TOML.replace(f'name = "{NAME}"', f'name = "{NAME}"\n"a.b" = 1\n"" = 2')
    paths = {e.path for e in errors_of(engine, write(tmp_path, text))}
    assert paths == {'establishment."a.b"', 'establishment.""'}


def test_an_unknown_key_far_from_every_key_gets_no_suggestion(tmp_path, engine):
    """`version` was offered « decisions » (the format audit)."""
    error = the_error(
        engine, write(tmp_path, GOOD_TOML.replace("format = 1", "format = 1\nversion = 2"))
    )
    assert error.path == "version" and error.suggestion is None


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('name = "Lycée Jean\u00a0Moulin', "le guillemet de fin manque"),
        ('name = "Jean\u202fMoulin" kind = "lp"', "une seule clé = valeur par ligne"),
    ],
)
def test_a_no_break_space_inside_a_string_hides_no_other_error(tmp_path, engine, line, said):
    """French text holds no-break spaces: the hint about them hid the line's real error (the
    review)."""
    path = write(tmp_path, GOOD_TOML.replace(f'name = "{NAME}"', line))
    error = the_error(engine, path)
    assert said in error.message.replace("\u202f", " ") and "insécable" not in error.message


@pytest.mark.parametrize(
    ("folder", "name"),
    [("", "dossiers.json"), ("b", "Dossier.TOML.pdf"), ("b/pieces", "dossier.toml.bak")],
)
def test_names_near_a_dossier_file_that_are_none_are_no_error(tmp_path, engine, folder, name):
    """An export of many (`dossiers.json`), a piece named after the dossier, a copy among the
    pieces: each made the run exit 2 (the review)."""
    write(tmp_path / "a", GOOD_TOML)
    write(tmp_path / "a" / "pieces", "%PDF", "projet.pdf")
    if folder == "b/pieces":
        write(tmp_path / "b", GOOD_TOML)  # its school's dossier is there: the copy is a piece
    write(tmp_path / folder if folder else tmp_path, "x", name)
    assert [p for p in discover([tmp_path]) if isinstance(p, InputError)] == []


def test_a_near_dossier_file_beside_pieces_is_one_error(tmp_path):
    write(tmp_path / "b", GOOD_TOML, "dossier (1).toml")
    write(tmp_path / "b" / "pieces", "%PDF", "projet.pdf")
    [error] = discover([tmp_path])
    assert error.file == str(tmp_path / "b" / "dossier (1).toml")


def test_a_schools_unreadable_pieces_folder_is_its_dossiers_business_not_a_second_dossier(
    tmp_path, monkeypatch
):
    """The walk looked into each school's pieces/: unreadable, it was reported as a dossier of
    its own (« 2 dossiers, 2 invalides » for one school: the robustness audit). The dossier
    names its pieces and says what is wrong with each; a pieces/ folder with no dossier
    beside it is still walked and named."""
    school = tmp_path / "ecole"
    (school / "pieces").mkdir(parents=True)
    (school / "dossier.toml").write_text(GOOD_TOML, "utf-8")
    (tmp_path / "orphelin" / "pieces").mkdir(parents=True)
    scandir = os.scandir

    def refusing(path=".", *args):
        if os.path.basename(path) == "pieces":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path, *args)

    monkeypatch.setattr(os, "scandir", refusing)
    found = list(discover([tmp_path]))
    assert found[0] == school / "dossier.toml"
    assert str(tmp_path / "orphelin" / "pieces") in [f.file for f in found[1:]]
    assert all(str(school) not in f.file for f in found[1:])


# -- a report read back (--baseline, compare) ---------------------------------------------------


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_baseline_that_is_a_pipe_or_a_device_is_refused_at_once(tmp_path, cli, kind):
    """The robustness audit: `--baseline` on a FIFO waited for a writer for ever, on /dev/zero
    grew by 0.7 GB a second; `<(cmd)` failed with an English « UnsupportedOperation »."""
    if kind == "fifo":
        given = tmp_path / "reference.json"
        os.mkfifo(given)
    else:
        given = Path("/dev/zero")
    result = finishes(lambda: cli("evaluate", GOOD / "dossier.toml", "--baseline", given))
    assert result.exit_code == 2
    assert "n'est pas un fichier ordinaire" in result.stderr and "-o rapport.json" in result.stderr


@posix_only
def test_compare_refuses_a_pipe_instead_of_comparing_an_empty_side(tmp_path, cli):
    """`compare <(cat old.json) new.json` took the pipe for a dossier, refused it, and printed a
    comparison of nothing against the new report (every school « added »)."""
    report = tmp_path / "new.json"
    written = cli("evaluate", GOOD / "dossier.toml", "--format", "json", "-o", report)
    assert written.exit_code in (0, 1), written.output
    fifo = tmp_path / "old.json"
    os.mkfifo(fifo)
    result = finishes(lambda: cli("compare", fifo, report, "--format", "json"))
    assert result.exit_code == 2 and result.stdout == ""
    assert "n'est pas un fichier ordinaire" in result.stderr


def test_a_large_file_that_does_not_begin_as_a_report_is_refused_unread(tmp_path, cli):
    """3 GB of zeros took 6.4 GB of memory to be told « ce n'est pas un rapport »: a report
    begins with a brace (after blank lines); the file is refused on its first bytes."""
    sparse = tmp_path / "zeros.json"
    with sparse.open("wb") as file:
        file.truncate(1 << 34)  # 16 GiB, sparse: read whole, the test would not end
    result = finishes(lambda: cli("evaluate", GOOD / "dossier.toml", "--baseline", sparse))
    assert result.exit_code == 2
    assert f"zeros.json:1{french.NNBSP}: ce n'est pas un rapport de labelcheck" in result.stderr
    blank_first = tmp_path / "blank-first.json"
    blank_first.write_text("\n\n  [1, 2]\n", "utf-8")
    said = cli("evaluate", GOOD / "dossier.toml", "--baseline", blank_first).stderr
    assert f"blank-first.json:3{french.NNBSP}: ce n'est pas un rapport" in said
