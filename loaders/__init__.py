"""Loaders: one module per source format, each a lazy reader of records.

A loader never touches a store. ``read_records`` picks the loader for a file,
by the name given or by looking at the file's first bytes.

Registering a reader
--------------------
Each format is one ``Reader`` in ``READERS``, added with ``register``::

    register(Reader("dblp-xml", looks_like_dblp, read_dblp))

- ``name`` is what ``kg load --format`` takes and what the report prints.
- ``sniff(head)`` gets the file's first 8 KB decoded as UTF-8 (undecodable
  bytes replaced) and says whether the file is in this format. Sniffers are
  tried in registration order, so a narrow one must come before a broad one
  (OpenAlex JSON before "any JSON").
- ``extensions`` are the file suffixes that name the format when no sniffer
  recognises the content, so that such a file gets its reader's own error
  (a CSV header with a misspelt column) rather than "not recognised".
- ``read(path)`` yields records (``kg.model.LoadedRecord``) lazily, never
  reading the whole file at once. A record that is bad on its own (one
  broken JSON line, one entry without a title) is yielded as a
  ``BadRecord`` so that ``--on-error=skip`` can go on past it; a file that
  cannot be read any further (malformed XML) raises ``LoaderError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
from loaders.dblp import FORMAT as DBLP
from loaders.dblp import looks_like_dblp, read_dblp
from loaders.dblp_rdf import FORMAT as DBLP_RDF
from loaders.dblp_rdf import looks_like_dblp_rdf, read_dblp_rdf
from loaders.openalex import FORMAT as OPENALEX
from loaders.openalex import looks_like_openalex, read_openalex
from loaders.orcid import FORMAT as ORCID
from loaders.orcid import looks_like_orcid, read_orcid
from loaders.records import BadRecord
from loaders.semantic_scholar import FORMAT as S2
from loaders.semantic_scholar import (
    looks_like_semantic_scholar,
    read_semantic_scholar,
)
from loaders.tabular import FORMAT as TABLE
from loaders.tabular import looks_like_table, read_table
from loaders.text import refuse_utf16

ReadFunction = Callable[[Path], Iterator[LoadedRecord | BadRecord]]
Sniffer = Callable[[str], bool]

HEAD_BYTES = 8192


@dataclass(frozen=True)
class Reader:
    """One source format: its name, how to recognise it, how to read it."""

    name: str
    sniff: Sniffer
    read: ReadFunction
    extensions: tuple[str, ...] = ()


READERS: dict[str, Reader] = {}

__all__ = [
    "READERS",
    "BadRecord",
    "Reader",
    "detect_format",
    "read_records",
    "register",
]


def register(reader: Reader) -> None:
    """Add a format; its sniffer is tried after those registered before it."""
    if reader.name in READERS:
        raise ValueError(f"a reader named {reader.name!r} is already registered")
    READERS[reader.name] = reader


def detect_format(path: Path) -> str:
    """Name the format of a file from its first few kilobytes."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(HEAD_BYTES)
        head = raw.decode("utf-8", errors="replace")
    except OSError as exc:
        raise LoaderError(path, None, f"cannot be read: {exc.strerror}") from exc
    refuse_utf16(path, raw)
    if not head.strip():
        raise LoaderError(path, None, "the file is empty", code="empty-file")
    for reader in READERS.values():
        if reader.sniff(head):
            return reader.name
    for reader in READERS.values():
        if path.suffix.lower() in reader.extensions:
            return reader.name
    raise LoaderError(
        path,
        None,
        f"the format could not be recognised; supported formats: "
        f"{', '.join(READERS)} (pass --format to choose one)",
        code="unknown-format",
    )


def read_records(
    path: Path, format: str | None = None
) -> Iterator[LoadedRecord | BadRecord]:
    """Yield the records of one file, in the given or the detected format."""
    name = format or detect_format(path)
    if name not in READERS:
        raise LoaderError(
            path,
            None,
            f"unknown format {name!r}; supported formats: {', '.join(READERS)}",
            code="unknown-format",
        )
    return READERS[name].read(path)


register(Reader(AUTHOR_PAGE, looks_like_author_page, read_author_page))
register(Reader(DBLP, looks_like_dblp, read_dblp))
register(Reader(DBLP_RDF, looks_like_dblp_rdf, read_dblp_rdf))
register(Reader(ORCID, looks_like_orcid, read_orcid))
register(Reader(OPENALEX, looks_like_openalex, read_openalex))
register(Reader(S2, looks_like_semantic_scholar, read_semantic_scholar))
register(Reader(ARXIV, looks_like_arxiv, read_arxiv))
register(Reader(CROSSREF, looks_like_crossref, read_crossref))
register(Reader(BIBTEX, looks_like_bibtex, read_bibtex))
# Any CSV header passes this sniffer, so it is tried last.
register(Reader(TABLE, looks_like_table, read_table, (".csv", ".tsv")))
