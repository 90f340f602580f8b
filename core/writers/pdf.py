"""The combined report as a PDF: the HTML page laid out on A4 by WeasyPrint (extra `pdf`)."""

from __future__ import annotations

import tempfile
from typing import BinaryIO

from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.writers import Writer
from labelcheck.core.writers.html import HtmlWriter


def refuse_fetch(url: str, *args, **kwargs) -> dict:
    """The report is self-contained: WeasyPrint must fetch nothing, not even a local file."""
    raise ValueError(f"the report fetches nothing ({url})")


class PdfWriter(Writer):
    binary = True

    def __init__(self, out: BinaryIO, profile: str, color: bool = False):
        super().__init__(out, profile, color)
        self.page = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - open until close()
        self.html = HtmlWriter(self.page, profile)

    def dossier(self, result: DossierResult) -> None:
        self.html.dossier(result)

    def close(self, summary: Summary) -> None:
        import weasyprint

        self.html.close(summary)
        self.page.seek(0)
        # WeasyPrint lays out the whole document at once: the page is read back in full here.
        document = weasyprint.HTML(string=self.page.read(), url_fetcher=refuse_fetch)
        self.page.close()
        document.write_pdf(self.out)
