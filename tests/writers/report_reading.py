"""Reading the combined report back: an HTML tree (stdlib parser) and the facts both formats must show."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return " ".join(
            "".join(
                c if isinstance(c, str) else " " + c.text() + " " for c in self.children
            ).split()
        )

    def iter(self, tag: str | None = None, cls: str | None = None):
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    yield child
                yield from child.iter(tag, cls)

    def find(self, tag: str | None = None, cls: str | None = None) -> Node | None:
        return next(self.iter(tag, cls), None)


class TreeBuilder(HTMLParser):
    """Builds the element tree and records any tag closed out of order (the page must be well formed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.problems: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def close(self):
        super().close()
        self.problems += [f"<{n.tag}> never closed" for n in self.stack[1:]]


def parse_html(page: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder


# -- the facts of the report, from HTML and from Markdown ---------------------------------------


@dataclass
class Facts:
    verdicts: list[str]  # "label name: verdict", in order
    statuses: list[str]  # "ref: status"
    messages: list[str]  # finding messages (information folded by rule)
    timeline: list[str]  # step dates as written ("20/05/2026", "du … au …")


def html_facts(page: str) -> Facts:
    root = parse_html(page).root
    verdicts = [
        f"{row.find('th').find('span', 'ref').text()}: {row.find('span', 'verdict').text()}"
        for table in root.iter("table", "synthesis")
        for row in table.find("tbody").iter("tr")
    ]
    statuses = [
        f"{row.find('th').text()}: {row.find('span', 'status').text()}"
        for table in root.iter("table", "criteria")
        for row in table.iter("tr")
        if row.find("span", "status")
    ]
    messages = [span.text() for span in root.iter("span", "message")]
    # A step's date, without the badge saying where it stands (« à venir », « a eu lieu »…).
    timeline = [cell.children[0].strip() for cell in root.iter("td", "when")]
    return Facts(verdicts, statuses, messages, timeline)


MD_ESCAPE = re.compile(r"\\([\\`*_\[\]<>|#])")


def plain(text: str) -> str:
    """A report's text with its narrow no-break spaces (French typography) read as spaces."""
    return text.replace("\u202f", " ")


def md_cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [plain(MD_ESCAPE.sub(r"\1", cell.strip())) for cell in cells]


def md_tables(text: str, first_header: str) -> list[list[list[str]]]:
    """Every table whose first column is `first_header`, as rows of cells (header and rule left out)."""
    tables: list[list[list[str]]] = []
    # The rows of the table being read; False inside a table with another first column.
    current: list[list[str]] | Literal[False] | None = None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = md_cells(line)
            if current is None:
                current = [] if cells[0] == first_header else False
                if current is not False:
                    tables.append(current)
            elif current is not False and not set(line) <= set("|- "):
                current.append(cells)
        else:
            current = None
    return tables


def md_facts(text: str) -> Facts:
    verdicts = []
    for table in md_tables(text, "Label"):
        for row in table:
            if row[1].startswith("**"):  # the synthesis; the criteria table has a Label column too
                label = re.search(r"`(.+?)`", row[0])
                assert label, f"no label id in {row[0]!r}"
                verdict = re.match(r"\*\*(.+?)\*\*", row[1])  # « (2 bloquants) » may follow
                assert verdict, f"no verdict in {row[1]!r}"
                verdicts.append(f"{label[1]}: {verdict[1]}")
    statuses = [
        f"{row[1].strip('`')}: {row[3]}"
        for table in md_tables(text, "Label")
        for row in table
        if not row[1].startswith("**")
    ]
    messages = [
        re.sub(r"( \(règle `[^`]+`\))?( — Source : .*)?$", "", row[2])
        for table in md_tables(text, "Critère")
        for row in table
    ]
    timeline = [
        re.sub(r" \([^()]*\)$", "", row[0]) for table in md_tables(text, "Date") for row in table
    ]
    return Facts(verdicts, statuses, messages, timeline)
