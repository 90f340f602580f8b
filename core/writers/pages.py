"""A combined report as a folder: one page per school, and an index linking to them (--pages).

A report of a whole academy or of the nation in one file (130 MB of HTML for 3,000 schools,
2.6 GB for 60,000) opens in no browser and cannot be handed to a school. As a folder, each
school's page is the report a run on its dossier alone writes, byte for byte, and it is
written by the process that rendered it (a `--jobs` worker): only its overview row goes back
to the parent, which writes the index at the end.

Pages are named after the dossiers' own folders, relative to the run's paths
(`etablissements/normandie/lp-jean-lurcat.html` for `dossiers/normandie/lp-jean-lurcat`):
distinct folders make distinct pages, and the names are those of the dossier repository.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from labelcheck.core.errors import os_reason
from labelcheck.core.loading import DOSSIER_FILES

PAGES_FOLDER = "etablissements"  # beside the index: no school's folder can be named `index`


def pages_base(paths: Iterable[str]) -> str:
    """The folder the pages' names start from: the deepest folder above every path given,
    a school's own folder (or dossier file) counting by the folder that holds it, so that
    its page is named after it (`lp-jean-lurcat.html`, not `.html`)."""
    folders = []
    for given in paths:
        path = os.path.abspath(given)
        if os.path.isfile(path):
            path = os.path.dirname(path)
            if os.path.basename(given).casefold() not in DOSSIER_FILES:
                folders.append(path)  # a file named otherwise: its page takes its own name
                continue
        if any(os.path.isfile(os.path.join(path, name)) for name in DOSSIER_FILES):
            path = os.path.dirname(path)
        folders.append(path)
    return os.path.commonpath(folders) if folders else os.getcwd()


@dataclass(frozen=True)
class Pages:
    """Where a run's pages go (`folder`: the index's folder) and what their names start from
    (`base`, `pages_base`); `suffix`: `.html` or `.md`. Picklable: a worker gets it."""

    folder: str
    base: str
    suffix: str

    def name(self, dossier_path: str, position: int) -> str:
        """The page of the dossier at `dossier_path`, relative to the index, `/`-separated.
        A path that does not lie under `base` (a path given that does not exist) is named by
        its place in the report: never a name leading out of the folder."""
        path = os.path.abspath(dossier_path)
        folder, file_name = os.path.split(path)
        relative = os.path.relpath(folder, self.base)
        if file_name.casefold() not in DOSSIER_FILES:
            relative = os.path.join(relative, os.path.splitext(file_name)[0])
        parts = [part for part in relative.split(os.sep) if part not in ("", ".")]
        if not parts or ".." in parts:
            parts = [f"etablissement-{position + 1}"]
        return "/".join([PAGES_FOLDER, *parts]) + self.suffix

    def write(self, name: str, document: bytes) -> str | None:
        """The page written; or why it could not be (the disk full), for the parent to stop
        the run on: a report missing pages is no report (never one dossier's error)."""
        path = os.path.join(self.folder, *name.split("/"))
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as page:
                page.write(document)
        except OSError as error:
            return f"{name}\u202f: {os_reason(error, writing=True)}"
        return None

    def keep_only(self, names: Iterable[str]) -> None:
        """Every page but those `names` removed: an interrupted run's index lists the schools
        up to the last one written in order, but pages further on were written already."""
        kept = set(names)
        top = os.path.join(self.folder, PAGES_FOLDER)
        for folder, _, files in os.walk(top, topdown=False):
            for file_name in files:
                path = os.path.join(folder, file_name)
                if os.path.relpath(path, self.folder).replace(os.sep, "/") not in kept:
                    os.unlink(path)
            if folder != top and not os.listdir(folder):
                os.rmdir(folder)


def link(name: str) -> str:
    """A page's name as the index links to it (a space, an accent, a `#` in a folder's name)."""
    return quote(name)
