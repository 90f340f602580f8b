"""Bounded work on one untrusted file (issue 9, point 4): suggestions and line numbers cost
time linear in the dossier's size. Once, 4,000 dangling ids took 68–99 s (difflib for each
against every id), and a 3.9 MB JSON dossier with one typo over 120 s (the newlines before
each value counted again for every value). The work is counted where it can be, and
where not, times of a 1x and a 10x input are compared with a generous ratio.
"""

from __future__ import annotations

import difflib
import threading
import time
from pathlib import Path

import pytest
from labelcheck.core import errors
from labelcheck.core.loading import load
from labelcheck.core.sourcemap import json_lines, toml_lines

from robustness.large_dossiers import dangling_toml, one_typo_json


def best_time(function, runs: int = 3) -> float:
    """The fastest of a few runs: what the code costs, less what the machine's other work added."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def within(seconds: float, function):
    """What `function` returned, failing (not hanging) when it takes longer than `seconds`."""
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    return outcome[0]


# -- line numbers -------------------------------------------------------------------------------


class CountedText(str):
    """A text that adds up how many characters its `count` looked through."""

    scanned = 0

    def count(self, sub, start=0, end=None):
        end = len(self) if end is None else end
        CountedText.scanned += max(end - start, 0)
        return super().count(sub, start, end)


@pytest.mark.parametrize("count", [100, 1000])
def test_json_line_numbers_look_through_the_text_once(count):
    text = CountedText(one_typo_json(count))
    CountedText.scanned = 0
    lines = json_lines(text)
    assert (
        lines[("documents", count // 2, "titel")]
        == text.splitlines().index('      "titel": "typo"') + 1
    )
    assert CountedText.scanned <= len(text)  # newlines counted once, not again before every value


def test_json_line_numbers_of_a_few_errors_skip_the_rest():
    text = one_typo_json(2000)
    wanted = ("documents", 1000, "titel")
    assert json_lines(text, [wanted])[wanted] == json_lines(text)[wanted]
    assert len(json_lines(text, [wanted])) == 4  # the root, documents, documents[1000] and the key


def test_toml_line_numbers_grow_linearly():
    small, large = dangling_toml(1000), dangling_toml(10_000)
    assert (
        toml_lines(large)[("documents", 9999, "id")]
        == large.splitlines().index('id = "doc-09999"') + 1
    )
    ratio = best_time(lambda: toml_lines(large)) / best_time(lambda: toml_lines(small))
    assert ratio < 30, f"10x the text took {ratio:.0f}x the time"  # linear: ~10; quadratic: ~100


@pytest.mark.parametrize("quote", ['"', "'", '"' * 3, "'" * 3])
def test_a_long_string_is_mapped_in_memory_of_its_size(quote):
    """A 15 MB string under an unknown key took 2.8 GB to map to its line: the string's pattern
    kept a backtracking frame per character (the CI audit). Memory is measured, not time."""
    import tracemalloc

    escape = "\\t" if quote.startswith('"') else ""  # an escape between the plain runs
    text = f"format = 1\n[extra]\nx = {quote}{('a' * 999 + escape) * 1000}{quote}\ny = 1\n"
    tracemalloc.start()
    try:
        lines = toml_lines(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lines[("extra", "y")] == 4
    assert peak < 20 * len(text), f"{peak / len(text):.0f} bytes per character"


def test_an_error_quotes_a_long_value_by_its_start_and_length(tmp_path, engine):
    (tmp_path / "dossier.toml").write_text(f'format = "{"a" * 100_000}"\n', encoding="utf-8")
    built = engine()
    loaded = load(tmp_path / "dossier.toml", built.registry, built.profile)
    [error] = [e for e in loaded.errors if e.path == "format"]
    assert len(error.message) < 400, error.message
    assert error.message.endswith("…\u202f» (100\u202f000 caractères)"), error.message[-60:]


# -- suggestions ----------------------------------------------------------------------------------


@pytest.fixture
def comparisons(monkeypatch) -> list[int]:
    """How many choices each difflib search looked through."""
    counted: list[int] = []
    search = difflib.get_close_matches

    def counting(word, possibilities, *args, **kwargs):
        counted.append(len(possibilities))
        return search(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    return counted


@pytest.mark.parametrize("count", [1000, 5000])
def test_suggestions_for_thousands_of_dangling_ids_stay_within_a_budget(
    tmp_path, engine, comparisons, count
):
    path = tmp_path / "dossier.toml"
    path.write_text(dangling_toml(count), "utf-8")
    built = engine()
    result = load(path, built.registry, built.profile)
    assert len(result.errors) == count  # every error is still there
    assert sum(comparisons) <= errors.SUGGESTION_BUDGET  # was count × count
    assert result.errors[0].suggestion == "doc-00000"  # the first ones keep their suggestion


# -- the probes of the issue, end to end ------------------------------------------------------------


def test_a_dossier_of_4000_dangling_ids_is_read_in_seconds_not_minutes(tmp_path, engine):
    path = tmp_path / "dossier.toml"
    path.write_text(dangling_toml(4000), "utf-8")
    assert path.stat().st_size > 200_000  # the was 238 KB and took 68–99 s
    built = engine()
    result = within(20, lambda: load(path, built.registry, built.profile))
    assert len(result.errors) == 4000


def test_a_4_mb_json_dossier_with_one_typo_is_read_in_seconds_not_minutes(tmp_path, engine):
    path = tmp_path / "dossier.json"
    path.write_text(one_typo_json(30_000), "utf-8")
    assert path.stat().st_size > 3_900_000  # the ran past 120 s
    built = engine()
    [error] = within(20, lambda: load(path, built.registry, built.profile)).errors
    assert error.path == "documents[15000].titel"
    assert error.line == Path(path).read_text().splitlines().index('      "titel": "typo"') + 1


# -- locating findings (SARIF, Code Quality) ------------------------------------------------------


class CountedView:
    """A dossier view whose `documents` list counts how often it is gone through."""

    def __init__(self, count: int):
        self.pieces = [object() for _ in range(count)]
        self.looked = 0

    @property
    def documents(self) -> list[object]:
        self.looked += 1
        return self.pieces


def test_locating_every_piece_goes_through_the_pieces_once():
    """The robustness audit: 64,000 pieces missing their files took 65 s, each finding's piece
    looked for in the whole list (past the default --timeout: an « erreur interne »)."""
    from labelcheck.core.locate import entry_of

    view, later = CountedView(2000), ()
    places = [entry_of(view, later, "document", piece) for piece in view.pieces]
    assert places == [("documents", index) for index in range(2000)]
    assert view.looked == 1
    assert entry_of(view, later, "document", object()) is None  # not one of its pieces
