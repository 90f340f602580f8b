"""A quote marks what it leaves out of its text « […] », never a bare « … ».

Reports and `labelcheck explain` show a quote as the text's own words. A bare « … » between two
fragments reads as the text's own ellipsis: the LDM piece list was quoted « est constitué : …
D'une fiche de candidature », and a reader could not tell which dots the cahier des charges
wrote. Every other quote of the catalogs already writes the cut « […] ».
"""

from __future__ import annotations

import re

import pytest
from support import CATALOG_LABELS, catalog_sources

BARE_ELLIPSIS = re.compile(r"(?<!\[)…(?!\])")


@pytest.mark.parametrize("label", CATALOG_LABELS)
def test_an_elision_is_written_in_brackets(label):
    bare = [
        f"{where}: {source['quote']}"
        for where, source in catalog_sources(label)
        if BARE_ELLIPSIS.search(source["quote"])
    ]
    assert not bare, "\n".join(bare)
