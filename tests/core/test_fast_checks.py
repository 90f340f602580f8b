"""The cross-entry checks' shortcuts (core/validation.py) answer exactly as the long way.

A check first tries to prove, for all the entries of a kind at once, that it has nothing to
say (every ref among the nameable ones, every key the model's); only when it cannot does it
run its loop over each entry, which says what is wrong and where: mutated dossiers hold
the two ways to the same problems, in the same order.

The refs a dossier may name are made once per registry and profile, not per reference; a
piece's file is checked with one `lstat` per part of its name instead of `Path.resolve()`,
and still never leads out of the dossier's folder, by `..` or by a symbolic link.
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from labelcheck.core import validation
from labelcheck.core.errors import Suggestions
from labelcheck.core.profiles import resolve_profile
from labelcheck.core.toml import loads
from labelcheck.core.validation import (
    DossierChecks,
    file_problem,
    nameable_refs,
    reference_error,
)

ROOT = Path(__file__).parents[2]
NINTH = ROOT / "tests" / "core" / "fixtures" / "profiles" / "ninth-criterion.toml"

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


@pytest.fixture(scope="module")
def national(registry):
    return resolve_profile(registry, None)


@pytest.fixture(scope="module")
def ninth(registry):
    return resolve_profile(registry, str(NINTH))


def reference_problems(registry, profile, refs: list[str]) -> list[str]:
    data = {"self_assessment": [{"ref": ref} for ref in refs]}
    return [p.message for p in DossierChecks(registry, profile, ROOT).run(data).problems]


# -- refs ---------------------------------------------------------------------------------------


def test_the_nameable_refs_are_those_reference_error_accepts(registry, national):
    nameable = nameable_refs(registry, national)
    assert {"ldm", "ldm:6", "ldm:6.32"} <= nameable
    for ref in nameable:
        assert reference_error(registry, national, ref, Suggestions()) is None
    for ref in ("ldm:99", "ldm:6.999", "LDM:6", "inconnu:1", "ldm:6.32.1", "ldm:", " ldm"):
        assert ref not in nameable
        assert reference_error(registry, national, ref, Suggestions()) is not None


def test_the_nameable_refs_are_made_once_per_profile(registry, national):
    assert nameable_refs(registry, national) is nameable_refs(registry, national)


def test_two_profiles_in_one_process_each_get_their_own_refs(registry, national, ninth):
    """A ninth criterion an academy adds is nameable under its profile only, whichever
    profile is asked first."""
    for _ in range(2):
        assert reference_problems(registry, ninth, ["ldm:9", "ldm:9.47"]) == []
        [problem, _] = reference_problems(registry, national, ["ldm:9", "ldm:9.47"])
        assert "le label ldm n'a pas de critère 9" in problem
    assert "ldm:9.47" in nameable_refs(registry, ninth) - nameable_refs(registry, national)


def test_a_wrong_ref_still_gets_its_message_and_suggestion(registry, national):
    data = {"self_assessment": [{"ref": "ldm:6.23"}, {"ref": "ldm:6.99"}]}
    moved, absent = DossierChecks(registry, national, ROOT).run(data).problems
    assert "il est dans ldm:4" in moved.message and moved.suggestion == "ldm:4.23"
    assert "valeurs possibles" in absent.message and absent.suggestion == "ldm:6.34"


# -- files --------------------------------------------------------------------------------------


def judged(registry, profile, folder: Path, name: str) -> str | None:
    """What the checks say of a piece named `name`: its problem, `missing`, or None."""
    checks = DossierChecks(registry, profile, folder).run({"documents": [{"file": name}]})
    if checks.missing_files:
        return "missing"
    return checks.problems[0].message if checks.problems else None


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    dossier = tmp_path / "dossier"
    (dossier / "pieces" / "sous").mkdir(parents=True)
    (dossier / "pieces" / "projet.pdf").write_text("%PDF")
    (dossier / "pieces" / "sous" / "annexe.pdf").write_text("%PDF")
    (dossier / "fiche.pdf").write_text("%PDF")
    (tmp_path / "dehors").mkdir()
    (tmp_path / "dehors" / "secret.pdf").write_text("%PDF")
    return dossier


NAMES = [
    "fiche.pdf",
    "pieces/projet.pdf",
    "pieces/sous/annexe.pdf",
    "pieces/absente.pdf",
    "absent/projet.pdf",
    "fiche.pdf/projet.pdf",  # a file taken for a folder
    "pieces",
    "pieces/",
    "pieces//projet.pdf",
    "./fiche.pdf",
    "pieces/./projet.pdf",
    "../dehors/secret.pdf",
    "pieces/../../dehors/secret.pdf",
    "pieces\\projet.pdf",
    "/etc/passwd",
    "C:fiche.pdf",
    "",
    "x" * 300,
]


@pytest.mark.parametrize("name", NAMES)
def test_a_piece_is_judged_as_resolve_judges_it(registry, national, folder, name):
    long_way = file_problem(folder.resolve(), name)
    assert judged(registry, national, folder, name) == long_way


@posix_only
@pytest.mark.parametrize(
    "link, target, name",
    [
        ("pieces/lien.pdf", "../../dehors/secret.pdf", "pieces/lien.pdf"),  # a file out
        ("pieces/dehors", "../../dehors", "pieces/dehors/secret.pdf"),  # a folder out
        ("raccourci", "/", "raccourci/etc/passwd"),  # an absolute link
    ],
)
def test_a_symbolic_link_out_of_the_folder_is_still_caught(
    registry, national, folder, link, target, name
):
    os.symlink(target, folder / link)
    problem = judged(registry, national, folder, name)
    assert problem is not None and "mène hors du répertoire du dossier" in problem
    assert problem == file_problem(folder.resolve(), name)


@posix_only
def test_a_symbolic_link_within_the_folder_is_followed(registry, national, folder):
    os.symlink("pieces/projet.pdf", folder / "copie.pdf")
    os.symlink("pieces/sous", folder / "annexes")
    assert judged(registry, national, folder, "copie.pdf") is None
    assert judged(registry, national, folder, "annexes/annexe.pdf") is None


@posix_only
def test_a_loop_of_links_is_named(registry, national, folder):
    os.symlink("boucle", folder / "boucle")
    problem = judged(registry, national, folder, "boucle/x.pdf")
    assert problem == file_problem(folder.resolve(), "boucle/x.pdf")


@posix_only
def test_a_dossier_folder_reached_through_a_link_is_judged_from_its_real_place(
    registry, national, folder, tmp_path
):
    """The folder itself is resolved once: a dossier given by a linked path keeps its pieces."""
    os.symlink(folder, tmp_path / "par-lien")
    assert judged(registry, national, tmp_path / "par-lien", "pieces/projet.pdf") is None
    problem = judged(registry, national, tmp_path / "par-lien", "../dehors/secret.pdf")
    assert problem is not None and ".." in problem


@pytest.mark.parametrize("name", ["pieces/projet.pdf", "pieces/absente.pdf", "pieces", "../x.pdf"])
def test_a_dossier_folder_given_relative_is_judged_alike(
    registry, national, folder, name, monkeypatch
):
    monkeypatch.chdir(folder.parent)
    assert judged(registry, national, Path("dossier"), name) == file_problem(folder.resolve(), name)


# -- quick proofs -------------------------------------------------------------------------------

MULTILABEL = ROOT / "examples" / "lycee-multilabel"
KINDS = [
    "documents",
    "indicators",
    "actions",
    "partners",
    "self_assessment",
    "nonconformities",
    "audits",
    "held",
    "applications",
    "decisions",
]
KEYS = [
    "id",
    "supports",
    "ref",
    "evidence",
    "indicators",
    "type",
    "label",
    "agreement",
    "lead",
    "auditors",
    "findings",
    "grade",
    "audit_type",
    "file",
    "equivalence",
    "level",
    "holder",
    "inconnue",
]
WORDS = st.sampled_from(
    ["ldm", "ldm:6", "ldm:6.32", "ldm:99", "LDM:6", "eduform", "inconnu:1", "ldm:", ""]
    + ["doc-1", "ind-1", "A-1", "x", "pieces/projet.pdf", "absente.pdf", "initial", "majeure"]
)
ODD_VALUES = st.recursive(
    st.one_of(WORDS, st.integers(-2, 2), st.none(), st.booleans()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)
    ),
    max_leaves=6,
)
CHANGES = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 20), st.sampled_from(KEYS), ODD_VALUES),
    max_size=4,
)


def changed(data: dict, changes: list) -> dict:
    """`data` with, for each change, an entry's key set to a value, or taken from another entry
    of the kind (an id given twice), or the entry itself replaced by the value."""
    data = copy.deepcopy(data)
    for kind, index, key, value in changes:
        entries = data.setdefault(kind, [])
        if not entries:
            entries.append({})
        entry = entries[index % len(entries)]
        if index % 5 == 4:
            entries[index % len(entries)] = value
        elif isinstance(entry, dict) and index % 5 == 3 and _has(entries[0], key):
            entry[key] = copy.deepcopy(entries[0][key])
        elif isinstance(entry, dict):
            entry[key] = value
    return data


def the_long_way(checks: DossierChecks, data: dict) -> DossierChecks:
    """The checks with no quick proof: each one's own loop over every entry."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validation, "_all_among", lambda values, known: False)
        patch.setattr(validation, "_beyond_model", lambda kind, entry: True)
        return checks.run(data)


def said(checks: DossierChecks) -> tuple:
    return [(p.path, p.message, p.suggestion) for p in checks.problems], checks.missing_files


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=CHANGES)
def test_the_quick_proofs_hide_no_problem(registry, national, changes):
    """Whatever a dossier's entries hold, the checks say what their long way says, in its order."""
    data = changed(loads((MULTILABEL / "dossier.toml").read_text(encoding="utf-8")), changes)
    long_way = the_long_way(DossierChecks(registry, national, MULTILABEL), copy.deepcopy(data))
    quick = DossierChecks(registry, national, MULTILABEL).run(data)
    assert said(quick) == said(long_way)


def _has(entry: object, key: str) -> bool:
    """Whether `entry` is a table holding `key`: an earlier change may have replaced it by a
    value of another type (a number), which `in` cannot look into."""
    return isinstance(entry, dict) and key in entry
