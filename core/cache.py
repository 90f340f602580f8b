"""A per-instance cache of computed attributes, for facts read many times per evaluation."""

from __future__ import annotations

from collections.abc import Callable
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
