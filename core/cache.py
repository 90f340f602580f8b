"""Caches: computed attributes per instance, for facts read many times per evaluation;
values made from long-lived objects, remembered by their identities; and regular
expressions compiled at their first use."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from functools import cache, partial
from operator import is_
from typing import Any, Generic, TypeVar, overload

_T = TypeVar("_T")


class cached(Generic[_T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """functools.cached_property without the lock Python 3.11 takes at each first read
    (removed in 3.12): facts are made per dossier, read by one thread, and some ten of
    them per label were 4 % of an evaluation."""

    def __init__(self, compute: Callable[[Any], _T]):
        self.compute = compute
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object, owner: type | None = None) -> _T | cached[_T]:
        if instance is None:
            return self
        value: _T = self.compute(instance)
        instance.__dict__[self.name] = value
        return value


class ByIdentity(Generic[_T]):
    """Values made from long-lived objects (a registry, a profile) and other hashable keys,
    remembered by the objects' identities, since they are not hashable. Each entry holds its
    objects, so that their ids cannot be another's while it is remembered; past `kept`
    entries (a long test session's many registries), it starts afresh."""

    def __init__(self, kept: int):
        self.kept = kept
        self._entries: dict[tuple, tuple[tuple, _T]] = {}

    def get(self, owners: tuple, key: tuple[Hashable, ...], make: Callable[[], _T]) -> _T:
        """The value for `owners` and `key`, made by `make` the first time."""
        full = (*map(id, owners), *key)
        entry = self._entries.get(full)
        # The same objects, told in C (a generator here was most of an ask, made per label).
        if entry is not None and len(entry[0]) == len(owners) and all(map(is_, entry[0], owners)):
            return entry[1]
        if len(self._entries) >= self.kept:
            self._entries.clear()
        value = make()
        self._entries[full] = (owners, value)
        return value


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """The regular expression `pattern`, compiled when first asked for (`_NAME().match(…)`),
    then kept. For those that serve only an error's message or a rare input: compiling the
    40 of them at import, which a run without such errors never uses, was 1.4 % of the
    instructions of a cold start. Those a run uses stay `re.compile`d at import."""
    return cache(partial(re.compile, pattern, flags))
