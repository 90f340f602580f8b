"""The dossier model's JSON Schema patterns say what labelcheck's own checks say."""

from __future__ import annotations

import itertools
import re

from labelcheck.core.dossier import FILE_PATTERN
from labelcheck.core.validation import _climbs_out

PARTS = ("pieces", "..", ".", "", "a.pdf", "...")


def test_the_schema_refuses_a_file_exactly_when_its_dot_dots_leave_the_folder():
    """« no `..` escape » (dossier format): `pieces/../pieces/a.pdf` stays inside, and the
    schema accepted no `..` at all, refusing a dossier labelcheck accepts."""
    pattern = re.compile(FILE_PATTERN)
    for count in range(1, 6):
        for parts in itertools.product(PARTS, repeat=count):
            name = "/".join(parts)
            if not name or name.startswith("/"):
                continue  # absolute or empty: refused by both for that
            assert bool(pattern.match(name)) is not _climbs_out(name), name


def test_the_schema_pattern_is_quick_on_long_names():
    pattern = re.compile(FILE_PATTERN)
    assert pattern.match("a/" * 5000 + "x.pdf")
    assert not pattern.match("a/" * 3 + "../" * 4 + "x.pdf")
    assert pattern.match("./" * 5000 + "x.pdf")
