"""Every registered rule kind has rules in tests/rules/fixtures, so that each is tested on its own."""

from __future__ import annotations

from kinds import FIXTURES
from labelcheck.core.toml import loads
from labelcheck.rules import KINDS


def test_every_kind_has_fixture_rules():
    used = {
        rule["kind"]
        for path in FIXTURES.glob("*/rules.toml")
        for rule in loads(path.read_text("utf-8"))["rules"]
    }
    assert {kind.name for kind in KINDS} - used == set()
