"""A quote marks what it leaves out of its text « […] », never a bare « … ».

Reports and `labelcheck explain` show a quote as the text's own words. A bare « … » between two
fragments reads as the text's own ellipsis: the LDM piece list was quoted « est constitué : …
D'une fiche de candidature », and a reader could not tell which dots the cahier des charges
wrote. Every other quote of the catalogs already writes the cut « […] ».
"""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files

import pytest

LABELS = ["common", "ldm", "euroscol", "e3d", "eduform"]
BARE_ELLIPSIS = re.compile(r"(?<!\[)…(?!\])")


def _quotes(node, path, found):
    if isinstance(node, dict):
        if isinstance(node.get("quote"), str):
            found.append((path, node["quote"]))
        for key, value in node.items():
            _quotes(value, f"{path}.{key}", found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            name = value.get("id", index) if isinstance(value, dict) else index
            _quotes(value, f"{path}[{name}]", found)
    return found


def _label_quotes(label):
    found = []
    for path in sorted(files(f"labelcheck.plugins.{label}").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".toml"):
            _quotes(tomllib.loads(path.read_text(encoding="utf-8")), path.name, found)
    return found


@pytest.mark.parametrize("label", LABELS)
def test_an_elision_is_written_in_brackets(label):
    bare = [
        f"{where}: {quote}" for where, quote in _label_quotes(label) if BARE_ELLIPSIS.search(quote)
    ]
    assert not bare, "\n".join(bare)
