"""Loaders: one module per source format, each a lazy reader of records.

A loader never touches a store. ``read_records`` picks the loader for a file,
by the name given or by looking at the file's first bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import LoaderError
from kg.model import LoadedRecord
from loaders.arxiv import FORMAT as ARXIV
from loaders.arxiv import looks_like_arxiv, read_arxiv
from loaders.author_page import FORMAT as AUTHOR_PAGE
from loaders.author_page import looks_like_author_page, read_author_page
from loaders.bibtex import FORMAT as BIBTEX
from loaders.bibtex import looks_like_bibtex, read_bibtex
from loaders.crossref import FORMAT as CROSSREF
from loaders.crossref import looks_like_crossref, read_crossref
from loaders.tabular import FORMAT as TABLE
from loaders.tabular import looks_like_table, read_table
from loaders.text import refuse_utf16

Reader = Callable[[Path], Iterator[LoadedRecord]]

READERS: dict[str, Reader] = {
    AUTHOR_PAGE: read_author_page,
    ARXIV: read_arxiv,
    CROSSREF: read_crossref,
    BIBTEX: read_bibtex,
    TABLE: read_table,
}
# Tried in order: the narrow sniffers before the broad ones (any CSV header).
_SNIFFERS: dict[str, Callable[[str], bool]] = {
    AUTHOR_PAGE: looks_like_author_page,
    ARXIV: looks_like_arxiv,
    CROSSREF: looks_like_crossref,
    BIBTEX: looks_like_bibtex,
    TABLE: looks_like_table,
}

__all__ = ["READERS", "detect_format", "read_records"]


def detect_format(path: Path) -> str:
    """Name the format of a file from its first few kilobytes."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(8192)
        head = raw.decode("utf-8", errors="replace")
    except OSError as exc:
        raise LoaderError(path, None, f"cannot be read: {exc.strerror}") from exc
    refuse_utf16(path, raw)
    if not head.strip():
        raise LoaderError(path, None, "the file is empty", code="empty-file")
    for name, sniff in _SNIFFERS.items():
        if sniff(head):
            return name
    raise LoaderError(
        path,
        None,
        f"the format could not be recognised; supported formats: "
        f"{', '.join(READERS)} (pass --format to choose one)",
        code="unknown-format",
    )


def read_records(path: Path, format: str | None = None) -> Iterator[LoadedRecord]:
    """Yield the records of one file, in the given or the detected format."""
    name = format or detect_format(path)
    if name not in READERS:
        raise LoaderError(
            path,
            None,
            f"unknown format {name!r}; supported formats: {', '.join(READERS)}",
            code="unknown-format",
        )
    return READERS[name](path)
