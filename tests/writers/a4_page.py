"""What fits on an A4 page of the report: the width of its content box, read from report.css, and
the laid-out boxes (WeasyPrint's) that pass it or spill out of their table cell."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.resources import files

A4_WIDTH_MM = 210
PX_PER_MM = 96 / 25.4  # CSS pixels
TOLERANCE_PX = 0.5  # rounding of the layout, and half a collapsed border


def page_margins_mm() -> tuple[float, float, float, float]:
    """The margins of the report's @page rule (`margin: 16mm 14mm 18mm`): top, right, bottom, left."""
    css = files("labelcheck.core.writers").joinpath("report.css").read_text(encoding="utf-8")
    page_rule = re.search(r"@page\s*\{((?:[^{}]|\{[^{}]*\})*)\}", css)
    assert page_rule, "report.css has no @page rule"
    own = re.sub(r"@[\w-]+\s*\{[^{}]*\}", "", page_rule[1])  # without its margin boxes (@top-left…)
    margin = re.search(r"\bmargin\s*:([^;]*);", own)
    assert margin, "the @page rule of report.css has no margin"
    values = [float(v) for v in re.findall(r"([\d.]+)mm", margin[1])]
    # The shorthand's 1 to 4 values, expanded as CSS does.
    top = values[0]
    right = values[1] if len(values) > 1 else top
    bottom = values[2] if len(values) > 2 else top
    left = values[3] if len(values) > 3 else right
    return top, right, bottom, left


def content_width_px() -> int:
    """The width of an A4 page's content box, in CSS pixels: 688 for margins of 14 mm."""
    _, right, _, left = page_margins_mm()
    return round((A4_WIDTH_MM - left - right) * PX_PER_MM)


def overflows(document) -> list[str]:
    """Every table of a WeasyPrint document, and every box inside one, past its page's content box;
    every box inside a table cell past the cell. Each told as « page: where: what »."""
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        limit = page_box.content_box_x() + page_box.width + TOLERANCE_PX
        for table in descendants(page_box, boxes.TableBox):
            for box in [table, *descendants(table)]:
                if right_edge(box) > limit:
                    found.append(
                        f"page {number}: {where(box)} ends at {right_edge(box):.1f} px, "
                        f"past the margin at {limit:.1f} px: {text_of(box)!r}"
                    )
            for cell in descendants(table, boxes.TableCellBox):
                edge = right_edge(cell) + TOLERANCE_PX
                found += [
                    f"page {number}: {where(box)} spills {right_edge(box) - edge:.1f} px out of its "
                    f"cell: {text_of(box)!r}"
                    for box in descendants(cell)
                    if right_edge(box) > edge
                ]
    return found


def descendants(box, kind: type = object) -> Iterator:
    for child in getattr(box, "children", ()):
        if isinstance(child, kind):
            yield child
        yield from descendants(child, kind)


def right_edge(box) -> float:
    return box.border_box_x() + box.border_width()


def where(box) -> str:
    tag = (box.element_tag or "?").rpartition("}")[2]  # svg, not {http://www.w3.org/2000/svg}svg
    css = box.element.get("class") if box.element is not None else None
    return f"{type(box).__name__} <{tag}{f' class={css!r}' if css else ''}>"


def text_of(box) -> str:
    text = getattr(box, "text", None)
    if text is None:
        text = " ".join(getattr(b, "text", "") for b in descendants(box) if getattr(b, "text", ""))
    return text[:80]
