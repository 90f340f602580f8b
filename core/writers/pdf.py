"""The combined report as a PDF: the HTML report laid out on A4 by WeasyPrint (extra `pdf`), school by school.

WeasyPrint keeps every laid-out page of a document until it writes the PDF: laid out
whole, the report took some 15 MB per school (2.3 GB for 200). So each school is laid
out alone as its result comes, its PDF put in a temporary file and its layout let go;
the report's head and overview, known only at the end, are laid out at close. The
parts are then copied into the report object by object, pypdf reading them, and the
report written as it goes: nothing is laid out again and only each object's offset
is kept (a PDF library's writer would hold the whole document in memory, about 1 MB
per school with pypdf's). What crosses parts is made again over the pages: the page
numbers « 12 / 240 » (parts are laid out without them; each page gets the foot of an
empty page laid out under the report's own @page rule), the overview's links to the
schools, the outline of the headings and the structure tree (each part is tagged: its
headings, tables and their headers, for screen readers and reflow; RGAA 13.3).
"""

from __future__ import annotations

import io
import itertools
import re
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, BinaryIO, NamedTuple

from labelcheck.core import french
from labelcheck.core.report import Summary
from labelcheck.core.writers import Rendered, in_temporary_file, temporary_file
from labelcheck.core.writers.html import HtmlWriter, document_start

if TYPE_CHECKING:  # pypdf is the optional extra `pdf`, imported where it is used
    from pypdf import PageObject, PdfReader

# Parts have no page numbers until every page is counted; a school starts its part, so on a
# new page already.
PART_STYLE = "@page { @bottom-right { content: none; } }\n.school { break-before: auto; }\n"
# Empty pages showing only the report's page number, from `first` out of `total`: drawn over
# the parts' pages, so transparent.
FOLIO_STYLE = (
    'html {{ background: none; }}\n@page {{ @bottom-right {{ content: counter(page) " / {total}"; }} }}\n'
    "@page :first {{ counter-reset: page {first}; }}\ndiv + div {{ break-before: page; }}\n"
)
FOLIOS_AT_ONCE = (
    20  # page numbers laid out together: 100 would take 8 MB more, a font each 20 (5 KB)
)
FOLIO = "/LabelcheckFolio"  # the page number's form, in each page's resources
PT_PER_PX = 0.75  # PDF points per CSS pixel
END_OF_PART = "</main>\n</body>\n</html>\n"


def refuse_fetch(url: str, *args, **kwargs) -> dict:
    """The report is self-contained: WeasyPrint must fetch nothing, not even a local file."""
    raise ValueError(f"the report fetches nothing ({url})")


# -- laying out one part ---------------------------------------------------------------------


class Target(NamedTuple):
    page: int  # in its part, until the parts are put together
    left: float  # PDF points from the page's bottom-left corner
    top: float


class Bookmark(NamedTuple):
    level: int  # 1 for h1, 2 for h2…
    label: str
    target: Target


class Link(NamedTuple):
    anchor: str
    page: int  # in its part
    rect: tuple[float, float, float, float]  # PDF points: left, bottom, right, top


class Part(NamedTuple):
    """One part of the report laid out alone: where its PDF is, and what points across parts."""

    offset: int  # in the file of laid-out parts
    size: int
    pages: int
    bookmarks: list[Bookmark]
    links: list[Link]
    anchors: dict[str, Target]


def render(html: str, fonts):
    """HTML (a part of the report, or page numbers) laid out on A4 by WeasyPrint: every layout of the PDF."""
    import weasyprint

    return weasyprint.HTML(string=breakable(html), url_fetcher=refuse_fetch).render(
        font_config=fonts
    )


# The longest text a PDF lays out whole: a page and a half. A dossier's text of 50,000
# letters, in a table's cell, took minutes to lay out however it was cut into lines.
LONGEST_TEXT = 4000

# A run of characters with no break opportunity (an entity counts as one character), as long
# as no word, path or address of a report is; and the pieces it is cut into.
_LONG_WORD = re.compile(r"(?:&#?\w+;|[^\s<>&]){100,}")
_PIECE = re.compile(r"(?:&#?\w+;|[^\s<>&]){1,50}")
_TAG = re.compile(r"(<[^>]*>)")
_LONG_TEXT = re.compile(rf"[^<>]{{{LONGEST_TEXT}}}")
# A style sheet or a script: no text of the page, and longer than any.
_NOT_TEXT = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def breakable(html: str) -> str:
    """`html` whose text has a break opportunity (a zero-width space) every 50 characters of a
    word longer than 100, and no text longer than LONGEST_TEXT: WeasyPrint seeks where to cut a
    word too long for its line over and over, and a dossier's title of 20,000 letters took 81 s
    to lay out, 50,000 never ended (the hardening audit). Tags, styles and scripts are left as
    written."""
    out, start = [], 0
    for block in _NOT_TEXT.finditer(html):
        out += [_breakable_page(html[start : block.start()]), block[0]]
        start = block.end()
    out.append(_breakable_page(html[start:]))
    return "".join(out)


def _breakable_page(html: str) -> str:
    """`breakable` of HTML holding no style sheet nor script: its text between its tags."""
    if not _LONG_WORD.search(html) and not _LONG_TEXT.search(html):
        return html  # every report of real dossiers: nothing to do
    parts = _TAG.split(html)
    for index in range(0, len(parts), 2):  # the texts, between the tags
        cut = _cut(parts[index])
        parts[index] = _LONG_WORD.sub(lambda m: "\u200b".join(_PIECE.findall(m[0])), cut)
    return "".join(parts)


_CHARACTER = re.compile(r"&#?\w+;|[^&]")  # an entity counts as one character


def _cut(text: str) -> str:
    """`text` (HTML) cut after LONGEST_TEXT characters, saying so: the JSON report has it whole."""
    if len(text) <= LONGEST_TEXT:
        return text
    characters = _CHARACTER.findall(text)
    if len(characters) <= LONGEST_TEXT:
        return text
    kept = "".join(characters[:LONGEST_TEXT])
    return (
        f"{kept} […] (texte coupé à {french.number(LONGEST_TEXT)} caractères sur "
        f"{french.number(len(characters))}\u202f: le rapport JSON le donne en entier)"
    )


def lay_out(html: str, parts_file: BinaryIO, fonts) -> Part:
    """Lays out one part, adds its PDF to `parts_file`, and lets its layout go."""
    document = render(html, fonts)
    bookmarks: list[Bookmark] = []
    links: list[Link] = []
    anchors: dict[str, Target] = {}
    for number, page in enumerate(document.pages):

        def point(x: float, y: float, number=number, height=page.height) -> Target:
            return Target(number, x * PT_PER_PX, (height - y) * PT_PER_PX)

        bookmarks += [Bookmark(level, label, point(*at)) for level, label, at, _ in page.bookmarks]
        for kind, anchor, (x1, y1, x2, y2), _ in page.links:  # corners, from the top-left
            if kind == "internal":
                links.append(Link(anchor, number, (*point(x1, y2)[1:], *point(x2, y1)[1:])))
        for name, (x, y, *_) in page.anchors.items():
            anchors.setdefault(name, point(x, y))  # the first of a name, as WeasyPrint does
        # Links into other parts are made again once the parts are together: left here,
        # WeasyPrint would drop them with an error.
        page.links[:] = [link for link in page.links if link[0] != "internal"]
    pdf = document.write_pdf(pdf_tags=True)
    with in_temporary_file():
        offset = parts_file.seek(0, io.SEEK_END)
        parts_file.write(pdf)
    return Part(offset, len(pdf), len(document.pages), bookmarks, links, anchors)


# -- writing PDF objects as they come ----------------------------------------------------------


class Ref(int):
    """A reference to an object of the report being written (not of a part)."""


def pdf_bytes(value: Any, number_of: Callable[[int], int] = int) -> bytes:
    """A PDF value as written in a file; references to a part's objects renumbered by `number_of`."""
    from pypdf.generic import IndirectObject, NameObject, PdfObject, StreamObject

    if isinstance(value, Ref):
        return b"%d 0 R" % value
    if isinstance(value, IndirectObject):
        return b"%d 0 R" % number_of(value.idnum)
    if isinstance(value, StreamObject):
        # Copied decoded and compressed again: pypdf offers a stream's data decoded only.
        entries = {
            key: item
            for key, item in value.items()
            if key not in ("/Length", "/Filter", "/DecodeParms")
        }
        return stream_bytes(entries, value.get_data(), number_of)
    if isinstance(value, dict):
        return (
            b"<<"
            + b"".join(
                pdf_bytes(NameObject(key)) + b" " + pdf_bytes(item, number_of)
                for key, item in value.items()
            )
            + b">>"
        )
    if isinstance(value, list | tuple):
        return b"[" + b" ".join(pdf_bytes(item, number_of) for item in value) + b"]"
    if isinstance(
        value, PdfObject
    ):  # numbers, names, strings, booleans, null: as pypdf writes them
        written = io.BytesIO()
        value.write_to_stream(written)
        return written.getvalue()
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, float):
        return (b"%.6f" % value).rstrip(b"0").rstrip(b".")
    return b"%d" % value


def stream_bytes(entries: dict, data: bytes, number_of: Callable[[int], int] = int) -> bytes:
    packed = zlib.compress(data)
    return (
        pdf_bytes({**entries, "/Filter": name("/FlateDecode"), "/Length": len(packed)}, number_of)
        + b"\nstream\n"
        + packed
        + b"\nendstream"
    )


def name(text: str):
    from pypdf.generic import NameObject

    return NameObject(text)


def text(value: str):
    from pypdf.generic import TextStringObject

    return TextStringObject(value)


# Objects packed in one compressed object stream: a tagged report has some 2,000 small objects
# a school (its structure elements), 6.5 MB for 20 schools written one by one, 2 MB packed.
PACKED_AT_ONCE = 200


class PdfOut:
    """A PDF written object by object as it goes: of each object, only where it is is kept. An
    object that is not a stream waits in a batch, written packed in an object stream."""

    def __init__(self, out: IO[bytes]):
        self.out = out
        self.written = 0
        # Object n at n - 1: its offset in the file, or its index in the object stream `packed_in`
        # holds (0 for an object written at its offset); offset 0 while only reserved.
        self.offsets = array("Q")
        self.packed_in = array("Q")
        self.batch: list[tuple[int, bytes]] = []
        self.raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def raw(self, data: bytes) -> None:
        self.out.write(data)
        self.written += len(data)

    def reserve(self) -> Ref:
        self.offsets.append(0)
        self.packed_in.append(0)
        return Ref(len(self.offsets))

    def put(self, number: int, body: bytes) -> None:
        if body.endswith(b"\nendstream"):  # a stream's data cannot be packed in another
            self.put_at_offset(number, body)
            return
        self.batch.append((number, body))
        if len(self.batch) == PACKED_AT_ONCE:
            self.pack()

    def put_at_offset(self, number: int, body: bytes) -> None:
        self.offsets[number - 1] = self.written
        self.raw(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def pack(self) -> None:
        """The batch written as one object stream."""
        if not self.batch:
            return
        stream = self.reserve()
        header, bodies, size = [], [], 0
        for index, (number, body) in enumerate(self.batch):
            header.append(b"%d %d" % (number, size))
            bodies.append(body)
            size += len(body) + 1
            self.offsets[number - 1], self.packed_in[number - 1] = index, stream
        first = b" ".join(header) + b"\n"
        entries = {"/Type": name("/ObjStm"), "/N": len(self.batch), "/First": len(first)}
        self.put_at_offset(stream, stream_bytes(entries, first + b"\n".join(bodies) + b"\n"))
        self.batch = []

    def add(self, body: bytes) -> Ref:
        number = self.reserve()
        self.put(number, body)
        return number

    def finish(self, catalog: Ref, info: Ref) -> None:
        """The last batch, then the cross-reference stream saying where each object is."""
        self.pack()
        xref = self.reserve()
        self.offsets[xref - 1] = self.written
        rows = [b"\x00" + bytes(7) + b"\xff\xff"]  # object 0, free
        rows += [
            b"\x02" + packed_in.to_bytes(7, "big") + offset.to_bytes(2, "big")
            if packed_in
            else b"\x01" + offset.to_bytes(7, "big") + bytes(2)
            for offset, packed_in in zip(self.offsets, self.packed_in, strict=True)
        ]
        entries = {
            "/Type": name("/XRef"),
            "/Size": len(self.offsets) + 1,
            "/W": [1, 7, 2],
            "/Root": catalog,
            "/Info": info,
        }
        self.raw(b"%d 0 obj\n%s\nendobj\n" % (xref, stream_bytes(entries, b"".join(rows))))
        self.raw(b"startxref\n%d\n%%%%EOF\n" % self.offsets[xref - 1])


class Copier:
    """Copies objects of one PDF read by pypdf into the report, each once, renumbered."""

    def __init__(
        self,
        pdf: PdfOut,
        reader,
        numbers: dict[int, int] | None = None,
        adjusted: Callable[[Any], Any] = lambda value: value,
    ):
        self.pdf = pdf
        self.reader = reader
        self.numbers = numbers or {}  # the PDF's object numbers -> the report's
        self.adjusted = adjusted  # an object as it reads in the report
        self.pending: list[int] = []

    def number_of(self, idnum: int) -> int:
        if idnum not in self.numbers:
            self.numbers[idnum] = self.pdf.reserve()
            self.pending.append(idnum)
        return self.numbers[idnum]

    def bytes_of(self, value: Any) -> bytes:
        return pdf_bytes(value, self.number_of)

    def copy_pending(self) -> None:
        """Writes every object referred to so far, and those they refer to."""
        while self.pending:
            idnum = self.pending.pop()
            value = self.adjusted(self.reader.get_object(idnum))
            self.pdf.put(self.numbers[idnum], self.bytes_of(value))


# -- putting the parts together ---------------------------------------------------------------


class Folios:
    """The page numbers as forms to draw over the pages, laid out FOLIOS_AT_ONCE at a time."""

    def __init__(self, pdf: PdfOut, total: int, fonts):
        self.pdf = pdf
        self.total = total
        self.fonts = fonts
        self.first = 0
        self.reader: PdfReader | None = None
        self.copier: Copier | None = None

    def form(self, page: int) -> Ref:
        """The form showing « page + 1 / total », written into the report."""
        from pypdf import PdfReader

        if self.reader is None or page >= self.first + len(self.reader.pages):
            self.first = page
            count = min(FOLIOS_AT_ONCE, self.total - page)
            html = (
                document_start(FOLIO_STYLE.format(first=page + 1, total=self.total))
                + "<div></div>" * count
            )
            self.reader = PdfReader(io.BytesIO(weasyprint_pdf(html, self.fonts)))
            self.copier = Copier(self.pdf, self.reader)  # the numbers' font: once per layout
        folio, copier = self.reader.pages[page - self.first], self.copier
        contents = folio.get_contents()
        assert copier is not None and contents is not None, (
            "made with the reader; a folio draws a number"
        )
        form = {
            "/Type": name("/XObject"),
            "/Subtype": name("/Form"),
            "/BBox": folio.mediabox,
            "/Resources": folio["/Resources"],
        }
        number = self.pdf.add(stream_bytes(form, contents.get_data(), copier.number_of))
        copier.copy_pending()
        return number


def weasyprint_pdf(html: str, fonts) -> bytes:
    return render(html, fonts).write_pdf()


@dataclass
class Layout:
    """Where each part's pages fall in the report, and the report's page objects, numbered ahead
    so that links and the outline can point at pages not yet written."""

    parts: list[Part]
    pages: list[Ref]
    starts: list[int] = field(init=False)

    def __post_init__(self):
        self.starts = list(itertools.accumulate((part.pages for part in self.parts), initial=0))[
            :-1
        ]

    def placed(self) -> Iterator[tuple[Part, int]]:
        return zip(self.parts, self.starts, strict=True)

    def anchors(self) -> dict[str, Target]:
        found: dict[str, Target] = {}
        for part, start in self.placed():
            for anchor, target in part.anchors.items():
                found.setdefault(anchor, target._replace(page=start + target.page))
        return found

    def links(self) -> dict[int, list[Link]]:
        """The links of each page of the report."""
        on_page: dict[int, list[Link]] = {}
        for part, start in self.placed():
            for link in part.links:
                on_page.setdefault(start + link.page, []).append(link)
        return on_page

    def bookmarks(self) -> list[Bookmark]:
        return [
            b._replace(target=b.target._replace(page=start + b.target.page))
            for part, start in self.placed()
            for b in part.bookmarks
        ]

    def destination(self, target: Target) -> list:
        return [self.pages[target.page], name("/XYZ"), target.left, target.top, 0]


class Structure:
    """The report's structure tree: the elements of each part's, in order, under one Document
    element, and each part's parent tree (its content's elements, page by page) as a branch of
    the report's, its keys moved after those of the parts before it."""

    def __init__(self, pdf: PdfOut):
        self.pdf = pdf
        self.root, self.document = pdf.reserve(), pdf.reserve()
        self.elements: list[Ref] = []  # the Document's
        self.branches: list[Ref] = []  # of the parent tree, one a part
        self.next_key = 0

    def copier(self, reader, pages: dict[int, int], part: int) -> Copier:
        """A copier of a part whose structure joins the report's: its root and Document element
        are the report's, its keys and ids moved to be unique in the report."""
        tree = resolved(resolved(reader.trailer["/Root"])["/StructTreeRoot"])
        numbers = {
            tree.indirect_reference.idnum: self.root,
            tree["/K"][0].idnum: self.document,
            **pages,
        }
        base = self.next_key
        copier = Copier(
            self.pdf, reader, numbers, lambda value: in_report_tree(value, base, f"{part}-")
        )
        self.branches.append(self.branch(tree, copier))
        self.elements += [Ref(copier.number_of(kid.idnum)) for kid in tree["/K"][0]["/K"]]
        return copier

    def branch(self, tree, copier: Copier) -> Ref:
        nums = resolved(tree["/ParentTree"])["/Nums"]
        keys = [self.next_key + key for key in nums[::2]]
        self.next_key = keys[-1] + 1
        entries = [
            item for key, value in zip(keys, nums[1::2], strict=True) for item in (key, value)
        ]
        return self.pdf.add(copier.bytes_of({"/Limits": [keys[0], keys[-1]], "/Nums": entries}))

    def finish(self) -> None:
        parent_tree = self.pdf.add(pdf_bytes({"/Kids": self.branches}))
        self.pdf.put(
            self.document,
            pdf_bytes(
                {
                    "/Type": name("/StructElem"),
                    "/S": name("/Document"),
                    "/P": self.root,
                    "/K": self.elements,
                }
            ),
        )
        self.pdf.put(
            self.root,
            pdf_bytes(
                {
                    "/Type": name("/StructTreeRoot"),
                    "/K": [self.document],
                    "/ParentTree": parent_tree,
                    "/ParentTreeNextKey": self.next_key,
                }
            ),
        )


def in_report_tree(value: Any, base: int, prefix: str) -> Any:
    """An object of a part as the report's structure tree needs it: its keys into the parent
    tree after `base`, a table header's id and the ids a cell names its headers by prefixed
    with the part's (WeasyPrint makes them of object numbers, which the parts share)."""
    if not isinstance(value, dict):
        return value
    moved = {key: base + value[key] for key in ("/StructParent", "/StructParents") if key in value}
    if "/ID" in value:
        moved["/ID"] = text(prefix + value["/ID"])
    attributes = resolved(value.get("/A"))
    if isinstance(attributes, dict) and "/Headers" in attributes:
        headers = [text(prefix + header) for header in attributes["/Headers"]]
        moved["/A"] = {**attributes, "/Headers": headers}
    return {**value, **moved} if moved else value


def assemble(parts: list[Part], parts_file: BinaryIO, out: IO[bytes], fonts) -> None:
    """The parts' pages one after the other, numbered, linked, outlined and tagged as one document."""
    from pypdf import PdfReader

    pdf = PdfOut(out)
    catalog, page_tree = pdf.reserve(), pdf.reserve()
    layout = Layout(parts, [pdf.reserve() for _ in range(sum(part.pages for part in parts))])
    # The parts' drawing kept apart from the number drawn after it (q … Q), whatever it leaves
    # set; the number an artifact, as WeasyPrint marks what is drawn but not read.
    before, after = (
        pdf.add(stream_bytes({}, b"q\n")),
        pdf.add(stream_bytes({}, b"Q\n/Artifact BMC\n%s Do\nEMC\n" % FOLIO.encode())),
    )
    folios = Folios(pdf, len(layout.pages), fonts)
    structure = Structure(pdf)
    anchors, links = layout.anchors(), layout.links()
    head: dict[str, Any] = {}  # the first part's: its title, producer and language are the report's
    for index, (part, start) in enumerate(layout.placed()):
        with in_temporary_file():
            parts_file.seek(part.offset)
            laid_out = parts_file.read(part.size)
        reader = PdfReader(io.BytesIO(laid_out))
        copier = structure.copier(
            reader,
            {_idnum(page): layout.pages[start + i] for i, page in enumerate(reader.pages)},
            index,
        )
        for i, page in enumerate(reader.pages):
            number = start + i
            added = [
                link_annotation(link, anchors, layout)
                for link in links.get(number, [])
                if link.anchor in anchors
            ]
            pdf.put(
                layout.pages[number],
                copier.bytes_of(
                    page_object(
                        copier.adjusted(page),
                        page_tree,
                        [before, *resolved_list(page.get("/Contents")), after],
                        folios.form(number),
                        added,
                    )
                ),
            )
        if not head:
            info, language = (
                resolved(reader.trailer.get("/Info")),
                resolved(reader.trailer["/Root"]).get("/Lang"),
            )
            head = {"info": pdf.add(copier.bytes_of(info or {})), "/Lang": language}
        copier.copy_pending()
    outline = write_outline(pdf, layout)
    structure.finish()
    pdf.put(
        page_tree,
        pdf_bytes({"/Type": name("/Pages"), "/Kids": layout.pages, "/Count": len(layout.pages)}),
    )
    catalog_entries = {
        "/Type": name("/Catalog"),
        "/Pages": page_tree,
        "/Lang": head["/Lang"],
        "/Outlines": outline,
        "/StructTreeRoot": structure.root,
        "/MarkInfo": {"/Marked": True},
        # A reader's window shows the report's title, not its file name.
        "/ViewerPreferences": {"/DisplayDocTitle": True},
    }
    pdf.put(
        catalog,
        pdf_bytes({key: value for key, value in catalog_entries.items() if value is not None}),
    )
    pdf.finish(catalog, head["info"])


def page_object(page, page_tree: Ref, contents: list, folio: Ref, links: list[dict]) -> dict:
    """A part's page as a page of the report: its number drawn over it, its links added."""
    resources = resolved(page["/Resources"])
    forms = {**(resolved(resources.get("/XObject")) or {}), FOLIO: folio}
    annotations = [*resolved_list(page.get("/Annots")), *links]
    kept = {
        key: value
        for key, value in page.items()
        if key not in ("/Parent", "/Contents", "/Resources", "/Annots")
    }
    return {
        **kept,
        "/Parent": page_tree,
        "/Contents": contents,
        "/Resources": {**resources, "/XObject": forms},
    } | ({"/Annots": annotations} if annotations else {})


def resolved(value: Any) -> Any:
    """A value read by pypdf, itself rather than a reference to it."""
    return value.get_object() if value is not None else None


def resolved_list(value: Any) -> list:
    """An array read by pypdf (or the one value given where an array may be): its items."""
    items = resolved(value)
    if items is None:
        return []
    return list(items) if isinstance(items, list) else [value]


def _idnum(page: PageObject) -> int:
    """The object number of a page read from a file (such a page always has one)."""
    reference = page.indirect_reference
    if reference is None:
        raise ValueError("a page read from a PDF file has an object number")
    return reference.idnum


def link_annotation(link: Link, anchors: dict[str, Target], layout: Layout) -> dict:
    return {
        "/Type": name("/Annot"),
        "/Subtype": name("/Link"),
        "/Rect": link.rect,
        "/BS": {"/W": 0},
        "/Dest": layout.destination(anchors[link.anchor]),
    }


@dataclass
class Heading:
    bookmark: Bookmark
    children: list[Heading] = field(default_factory=list)


def headings(bookmarks: list[Bookmark]) -> list[Heading]:
    """The headings as a tree: each under the last heading of a higher level."""
    roots: list[Heading] = []
    open_ones: list[Heading] = []
    for bookmark in bookmarks:
        while open_ones and open_ones[-1].bookmark.level >= bookmark.level:
            open_ones.pop()
        heading = Heading(bookmark)
        (open_ones[-1].children if open_ones else roots).append(heading)
        open_ones.append(heading)
    return roots


def write_outline(pdf: PdfOut, layout: Layout) -> Ref | None:
    """The PDF's outline (bookmarks) of the headings, every entry open; None without headings."""
    roots = headings(layout.bookmarks())
    if not roots:
        return None
    outlines = pdf.reserve()
    first, last, count = write_headings(pdf, roots, outlines, layout)
    pdf.put(
        outlines,
        pdf_bytes({"/Type": name("/Outlines"), "/First": first, "/Last": last, "/Count": count}),
    )
    return outlines


def write_headings(
    pdf: PdfOut, siblings: list[Heading], parent: Ref, layout: Layout
) -> tuple[Ref, Ref, int]:
    """Writes outline entries under `parent`: the first, the last, and how many are shown open."""
    numbers = [pdf.reserve() for _ in siblings]
    shown = len(siblings)
    for i, (heading, number) in enumerate(zip(siblings, numbers, strict=True)):
        entry = {
            "/Title": text(heading.bookmark.label),
            "/Parent": parent,
            "/Dest": layout.destination(heading.bookmark.target),
        }
        if i > 0:
            entry["/Prev"] = numbers[i - 1]
        if i + 1 < len(numbers):
            entry["/Next"] = numbers[i + 1]
        if heading.children:
            first, last, count = write_headings(pdf, heading.children, number, layout)
            entry |= {"/First": first, "/Last": last, "/Count": count}
            shown += count
        pdf.put(number, pdf_bytes(entry))
    return numbers[0], numbers[-1], shown


# -- the writer ------------------------------------------------------------------------------


class PdfWriter(HtmlWriter):
    utf8 = False  # its bytes are a PDF document, not text
    binary = True
    extra_style = PART_STYLE

    def __init__(self, out: IO[bytes], profile: str, color: bool = False, details: bool = False):
        from weasyprint.text.fonts import FontConfiguration

        super().__init__(out, profile, color, details)
        # One for every layout: WeasyPrint's own, one per document, kept ~0.25 MB each.
        self.fonts = FontConfiguration()
        self.parts_file = temporary_file()  # open until close()
        self.parts: list[Part] = []
        self.last_school = ""  # laid out at close: the report's end follows it on its last page

    def add(self, rendered: Rendered[bytes]) -> None:
        """The school rendered (by a --jobs worker too) is laid out here: WeasyPrint's pages
        cannot be sent between processes. The school before it, that is: the last one is laid
        out at close, with the report's end."""
        if self.last_school:
            self.parts.append(
                self.lay_out(
                    document_start(PART_STYLE) + "<main>\n" + self.last_school + END_OF_PART
                )
            )
        self.note(rendered.keep)
        self.last_school = rendered.text.decode()  # the HTML writer's section, in UTF-8

    def close(self, summary: Summary) -> None:
        head = "".join(self.head(summary))
        self.rows.close()
        if self.count > 1:
            end = document_start(PART_STYLE) + "<main>\n" + self.last_school + self.end(summary)
            parts = [self.lay_out(head + END_OF_PART), *self.parts, self.lay_out(end)]
        else:  # one school at most: on the head's first page, as in the HTML page
            parts = [self.lay_out(head + self.last_school + self.end(summary))]
        assemble(parts, self.parts_file, self.stream, self.fonts)
        self.parts_file.close()

    def lay_out(self, html: str) -> Part:
        return lay_out(html, self.parts_file, self.fonts)
