"""The loader's quick paths never hide a fault, and discovery finds the same dossiers.

A TOML dossier found plainly safe (`_plainly_safe`) skips the walk of `_unsafe_values`,
which makes a key path for every value: generated values hold the quick walk to the long
one. A dossier toml_rs read is walked only where the model takes any value
(`_unbounded_safe`): what the model accepts, that walk judges as the walk of the whole file
does, and the fast path gives every dossier the errors tomli's reading gives it. Discovery
holds a folder's names as one text and takes each entry's kind from the folder's listing:
it finds the dossiers, and the errors, in the order of the walk it replaced.
"""

from __future__ import annotations

import math
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from labelcheck.core import loading
from labelcheck.core.catalog import DossierKey
from labelcheck.core.dossier import Dossier
from labelcheck.core.loading import (
    DOSSIER_FILES,
    _names_in,
    _plainly_safe,
    _unbounded_safe,
    _unsafe_values,
    discover,
    load,
    sorted_text,
)
from labelcheck.core.sourcemap import MAX_DEPTH
from labelcheck.core.toml import loads
from labelcheck.core.validation import Problem
from pydantic import ValidationError

ROOT = Path(__file__).parents[2]
SEED_FILES = [
    *sorted((ROOT / "examples").glob("*/dossier.toml")),
    ROOT / "tests" / "core" / "fixtures" / "good" / "dossier.toml",
    *sorted((ROOT / "tests" / "core" / "fixtures" / "dossiers").glob("*.toml")),
]

# -- the values' look (TOML) -----------------------------------------------------------------

SCALARS = st.one_of(
    st.text(max_size=3),
    st.booleans(),
    st.dates(),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.sampled_from([10**15, -(10**15), 10**15 + 1, 2**63, math.inf, -math.inf, math.nan]),
    st.floats(allow_nan=True, allow_infinity=True),
)
NESTED = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=12,
)


def _nested(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = [value] if depth % 2 else {"a": value}
    return value


@settings(max_examples=400, deadline=None)
@given(
    value=st.one_of(
        st.dictionaries(st.text(max_size=2), NESTED, max_size=4), st.lists(NESTED, max_size=4)
    ),
    depth=st.sampled_from([0, 1, MAX_DEPTH - 3, MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH]),
)
def test_plainly_safe_is_what_the_long_walk_finds(value, depth):
    data = {"deep": _nested(value, depth)}
    problems: list[Problem] = []
    _unsafe_values(data, (), problems, False)
    assert _plainly_safe(data) == (problems == [])


def test_every_sound_dossier_is_plainly_safe():
    for path in SEED_FILES:
        assert _plainly_safe(loads(path.read_text(encoding="utf-8")))


# -- the fast path: the model first, then only what it takes without bounds -------------------

# A valid dossier with each place the model takes any value: an indicator's measures and
# target, and a key a label adds to the establishment, an award and an application.
UNBOUNDED = """\
format = 1

[establishment]
uai = "0180001D"
name = "Lycée professionnel Jacques Cœur"
kind = "lp"
sector = "public"
effectif = 420

[[held]]
label = "ldm"
awarded = 2021-06-01
rang = 2

[[applications]]
label = "ldm"
type = "initial"
submitted = 2026-03-10
rang = 3

[[documents]]
id = "fiche"
type = "fiche-candidature"
title = "Fiche de candidature"

[[indicators]]
id = "poursuites"
name = "Taux de poursuite d'études"
supports = ["ldm:1"]
values = { 2024 = 34.5, 2025 = 36 }
target = 40
"""
# Each place, as a line of UNBOUNDED and what to write there.
PLACES = {
    "measure": ("values = { 2024 = 34.5, 2025 = 36 }", "values = {{ 2024 = 34.5, 2025 = {} }}"),
    "target": ("target = 40", "target = {}"),
    "establishment": ("effectif = 420", "effectif = {}"),
    "award": ("rang = 2", "rang = {}"),
    "application": ("rang = 3", "rang = {}"),
    "another key": ('title = "Fiche de candidature"', "title = {}"),
}


def _declaring(registry, entry_keys: dict[str, str]):
    """`registry` whose LDM label declares the integer keys `entry_keys` (entry -> key)."""
    import dataclasses

    integer = DossierKey(type="integer", description="Un nombre")
    ldm = registry.labels["ldm"]
    new_keys = {entry: {key: integer} for entry, key in entry_keys.items()}
    labels = {**registry.labels, "ldm": ldm.model_copy(update={"new_keys": new_keys})}
    return dataclasses.replace(registry, labels=labels)


@pytest.fixture(scope="module")
def declaring(registry):
    return _declaring(
        registry, {"establishment": "effectif", "held": "rang", "applications": "rang"}
    )


def _loaded_both_ways(tmp_path, registry, profile, text, monkeypatch):
    """The dossier `text` loaded as labelcheck loads it, and with tomli alone (as before the
    fast path), and whether the fast path kept toml_rs's reading."""
    path = tmp_path / "dossier.toml"
    path.write_text(text, encoding="utf-8")
    kept = []
    valid_at_once = loading._valid_at_once
    with monkeypatch.context() as patch:
        patch.setattr(
            loading,
            "_valid_at_once",
            lambda *args: (lambda found: kept.append(found is not None) or found)(
                valid_at_once(*args)
            ),
        )
        fast = load(path, registry, profile)
    with monkeypatch.context() as patch:
        patch.setattr(loading, "fast_loads", lambda text: None)
        slow = load(path, registry, profile)
    return fast, slow, kept == [True]


def test_the_fixture_is_valid_and_kept_from_the_fast_reading(
    tmp_path, engine, declaring, monkeypatch
):
    fast, slow, kept = _loaded_both_ways(
        tmp_path, declaring, engine().profile, UNBOUNDED, monkeypatch
    )
    assert fast.errors == () and fast.dossier is not None and kept
    assert fast == slow


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(
    "value",
    ["nan", "-inf", "1e16", "10_000_000_000_000_001", "-1_000_000_000_000_001", "1e15", "[[[1]]]"],
)
def test_a_value_nothing_could_cope_with_is_refused_wherever_the_model_takes_it(
    tmp_path, engine, declaring, monkeypatch, place, value
):
    """At each place the model lets any value through, and at one it does not: the same
    errors as tomli's reading gives, and a dossier kept from the fast reading only when valid
    (10^15 itself is in bounds)."""
    line, written = PLACES[place]
    text = UNBOUNDED.replace(line, written.format(value), 1)
    fast, slow, kept = _loaded_both_ways(tmp_path, declaring, engine().profile, text, monkeypatch)
    assert fast == slow
    assert kept == (fast.dossier is not None)
    if value == "1e15" and place in ("measure", "target"):
        assert kept  # a float at its bound: a measure may be one
    elif value != "1e15":
        assert fast.dossier is None


def test_a_valid_dossier_is_not_walked_whole(tmp_path, engine, declaring, monkeypatch):
    """Its tables and lists are the model's to check; only what it takes without bounds is
    walked (a fifth of what a dossier cost in loading, some 180 tables and lists each)."""
    depths: list[int] = []
    walk = loading._plainly_safe

    def spying(value, depth=0):
        depths.append(depth)
        return walk(value, depth)

    monkeypatch.setattr(loading, "_plainly_safe", spying)
    path = tmp_path / "dossier.toml"
    path.write_text(UNBOUNDED.replace("rang = 3", "rang = [3]"), encoding="utf-8")
    load(path, declaring, engine().profile)  # refused: `rang` is an integer
    # The list walked at its depth, then the whole file, read again by tomli for its errors.
    assert depths[:2] == [3, 0]
    depths.clear()
    path.write_text(UNBOUNDED, encoding="utf-8")
    assert load(path, declaring, engine().profile).dossier is not None
    assert depths == []


@settings(max_examples=300, deadline=None)
@given(
    place=st.sampled_from(
        [
            ("establishment", "effectif"),
            ("held", 0, "rang"),
            ("applications", 0, "rang"),
            ("indicators", 0, "target"),
            ("indicators", 0, "values", "2025"),
            ("documents", 0, "title"),
            ("extra",),
        ]
    ),
    value=NESTED,
    depth=st.sampled_from([0, 1, MAX_DEPTH - 5, MAX_DEPTH - 4, MAX_DEPTH - 3, MAX_DEPTH]),
)
def test_what_the_model_accepts_the_walk_of_its_unbounded_values_judges_as_the_whole_walk(
    place, value, depth
):
    data = loads(UNBOUNDED)
    parent: Any = data
    for key in place[:-1]:
        parent = parent[key]
    parent[place[-1]] = _nested(value, depth)
    try:
        dossier = Dossier.model_validate(data)
    except ValidationError:
        return  # read again by tomli, checked whole
    assert _unbounded_safe(dossier) == _plainly_safe(data)


# -- discovery: a folder's names held as one text ------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(names=st.lists(st.text(alphabet=st.characters(blacklist_characters="\x00"), min_size=1)))
def test_the_names_joined_are_given_back_one_by_one(names):
    assert list(_names_in("\0".join(names))) == names


def the_walk_of_old(folder: Path) -> list[str]:
    """Discovery as it was, the names of each folder held in a list, by recursion: the same
    rules, written plainly (a link to a folder holding a dossier and a folder named as a
    dossier file are errors of their own)."""
    names = sorted(os.listdir(folder))
    both = all(name in names for name in DOSSIER_FILES)
    found = [f"error {folder.name}"] if both else []
    for name in names:
        child = folder / name
        if child.is_symlink() and child.is_dir():
            if any(p.name in DOSSIER_FILES for p in child.rglob("*")):
                found.append(f"error {name}")
        elif child.is_dir() and name in DOSSIER_FILES:
            found.append(f"error {name}")
        elif child.is_dir():
            found.extend(the_walk_of_old(child))
        elif name in DOSSIER_FILES and not both:
            found.append(str(child))
    return found


def test_dossiers_are_found_in_the_same_order(tmp_path):
    for name in ["b", "a", "é", "e", "a/c", "a/b", "Z", "z", "10", "9", "vide", "deux"]:
        (tmp_path / name).mkdir(exist_ok=True)
    for name in ["b", "a", "é", "e", "a/c", "a/b", "Z", "z", "10", "9", "deux"]:
        (tmp_path / name / "dossier.toml").write_text("")
    (tmp_path / "deux" / "dossier.json").write_text("")
    (tmp_path / "a" / "notes.txt").write_text("")
    (tmp_path / "lien").symlink_to(tmp_path / "b")  # a link to a folder: not followed
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "dossier.toml").symlink_to(tmp_path / "b" / "dossier.toml")  # found
    (tmp_path / "g" / "dossier.toml").mkdir(parents=True)  # a folder of that name: an error
    (tmp_path / "g" / "dossier.json").write_text("")  # with a file of the other name: both
    found = [
        str(item) if isinstance(item, Path) else f"error {Path(item.file).name}"
        for item in discover([tmp_path])
    ]
    assert found == the_walk_of_old(tmp_path)
    assert len(found) == 15  # 11 dossier files (f's a link), « deux », g, g/dossier.toml, lien


class _Unknown:
    """A listing's entry whose kind the file system does not give, and cannot be asked."""

    def __init__(self, name: str):
        self.name = name

    def is_dir(self, follow_symlinks: bool = True) -> bool:
        raise PermissionError(13, "Permission denied", self.name)


def test_an_entry_whose_kind_cannot_be_told_is_an_error_naming_it(tmp_path, monkeypatch):
    from contextlib import nullcontext

    from labelcheck.core import loading

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "dossier.toml").write_text("")
    scandir = os.scandir

    def listing(folder):
        if Path(folder) == tmp_path:
            return nullcontext([*scandir(folder), _Unknown("b")])
        return scandir(folder)

    monkeypatch.setattr(loading.os, "scandir", listing)
    found, error = discover([tmp_path])
    assert found == tmp_path / "a" / "dossier.toml"
    assert error.file == str(tmp_path / "b") and "inaccessible" in error.message
    assert "permission refusée" in error.message


# -- the model's empty lists --------------------------------------------------------------------


def test_an_empty_list_by_default_is_each_entrys_own_and_the_schema_still_says_so():
    """The model's lists default to a list made for each entry (core/dossier.py empty_list),
    not one copied from a shared `[]`: two entries never share one, and the JSON Schema gives
    the same `"default": []` a plain `[]` default gave."""
    from labelcheck.core import dossier
    from labelcheck.core.dossier import Document, Dossier

    first, second = (Document.model_validate({"id": i, "type": "t", "title": "x"}) for i in "ab")
    assert first.supports == [] and first.supports is not second.supports
    schema = Dossier.model_json_schema()
    made = {  # each model's fields whose default is a list made for each entry
        (model.__name__, name)
        for model in (Dossier, *(m for m in vars(dossier).values() if _is_model(m)))
        for name, info in model.model_fields.items()
        if info.default_factory is dossier.new_list
    }
    said = {
        (model_name, name)
        for model_name, model in [("Dossier", schema), *schema["$defs"].items()]
        for name, prop in model.get("properties", {}).items()
        if prop.get("default") == []
    }
    assert len(made) >= 20 and made <= said


def _is_model(value: object) -> bool:
    from pydantic import BaseModel

    return isinstance(value, type) and issubclass(value, BaseModel)


def _open_places(schema: dict, node: Any, path: str, seen: set[str]) -> Iterator[str]:
    """The places of the dossier's JSON Schema where the model takes a number without bounds
    (`number: …`) or any key at all (`any key: …`), each once, `[]` for an array's items."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rpartition("/")[2]
            if name not in seen:
                yield from _open_places(schema, schema["$defs"][name], path, seen | {name})
            return
        bounded = ("minimum" in node and "maximum" in node) or "const" in node or "enum" in node
        if node.get("type") in ("integer", "number") and not bounded:
            yield f"number: {path}"
        if node.get("additionalProperties") is True:
            yield f"any key: {path}"
        for key, child in node.get("properties", {}).items():
            yield from _open_places(schema, child, f"{path}.{key}", seen)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from _open_places(schema, node[key], f"{path}[]", seen)
        for child in node.get("anyOf", ()):
            yield from _open_places(schema, child, path, seen)


def test_the_places_the_model_leaves_open_are_those_the_fast_path_walks():
    """`_unbounded_safe` walks an indicator's measures and target and the keys labels add to
    the establishment, an award and an application, trusting the model everywhere else: a
    field added to the model that takes any number, or any key, must be walked too."""
    schema = Dossier.model_json_schema()
    assert sorted(set(_open_places(schema, schema, "dossier", set()))) == [
        "any key: dossier.applications[]",
        "any key: dossier.establishment",
        "any key: dossier.held[]",
        "number: dossier.indicators[].target",
        "number: dossier.indicators[].values[]",
    ]


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(st.text(alphabet=st.characters(blacklist_characters="\x00"), min_size=1),
                   unique=True),
    run=st.integers(min_value=1, max_value=8),
)  # fmt: skip
def test_names_sorted_by_runs_are_the_names_sorted_whole(names, run):
    assert sorted_text(iter(names), run) == "\0".join(sorted(names))


def test_a_folder_of_60000_names_is_sorted_without_holding_them_all():
    """A national repository is one folder of 60,000 schools: sorted whole, its names were
    4.5 MiB at the run's start, the parent's peak (issue 13: memory flat)."""
    count = 60_000

    def names():  # every name once, not in order, none held here
        return (f"{(i * 7919) % count:05d}" for i in range(count))

    def peak(sort) -> int:
        tracemalloc.start()
        try:
            text = sort(names())
            return tracemalloc.get_traced_memory()[1] - len(text)
        finally:
            tracemalloc.stop()

    whole = peak(lambda found: "\0".join(sorted(found)))
    by_runs = peak(sorted_text)
    assert sorted_text(names()) == "\0".join(sorted(names()))
    assert by_runs < whole / 4, (by_runs, whole)


def test_dossiers_are_found_in_the_same_order_when_a_folder_is_sorted_by_runs(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(loading, "SORTED_RUN", 2)
    test_dossiers_are_found_in_the_same_order(tmp_path)
