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


def number_in(text: str) -> int | None:
    """The number a ref's part writes in ASCII digits (`32` in `ldm:6.32`), else None: `"²"`
    and `"٣"` pass str.isdigit(), and int() refuses the first and reads the second, as it
    refuses more than 4,300 digits; a dossier may write any of them (the robustness audit:
    `ldm:²` was an internal error). Eighteen digits at most: no référentiel numbers more."""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None
