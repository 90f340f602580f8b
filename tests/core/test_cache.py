"""Values remembered by the identities of the objects they were made from (core/cache.py)."""

from __future__ import annotations

from labelcheck.core.cache import ByIdentity


def test_a_value_is_made_once_for_the_same_objects():
    owners = (object(), object())
    cache: ByIdentity[list] = ByIdentity(kept=4)
    first = cache.get(owners, ("key",), list)
    assert cache.get(owners, ("key",), list) is first
    assert cache.get((owners[0], object()), ("key",), list) is not first


def test_owners_of_another_number_whose_ids_spell_the_same_key_are_others():
    """The owners are compared in C, one by one: owners (a, b) with the key (id(c),) are not
    (a, b, c) with none, though their ids make the same key (compared by a zip that must
    be as long on both sides, they raised a ValueError)."""
    a, b, c = object(), object(), object()
    cache: ByIdentity[str] = ByIdentity(kept=4)
    assert cache.get((a, b), (id(c),), lambda: "two") == "two"
    assert cache.get((a, b, c), (), lambda: "three") == "three"
