"""References to labels, criteria and items as dossiers and findings write them: `ldm:6.32`."""

from __future__ import annotations


def label_of(ref: str) -> str:
    """`ldm:6.32` -> `ldm`."""
    return ref.partition(":")[0]


def criterion_of(ref: str) -> str:
    """`ldm:6.32` -> `ldm:6`; `ldm` -> `ldm`."""
    return ref.split(".", 1)[0]


def within(ref: str, criterion_ref: str) -> bool:
    """Whether `ref` names `criterion_ref` or one of its items."""
    return ref == criterion_ref or ref.startswith(criterion_ref + ".")
