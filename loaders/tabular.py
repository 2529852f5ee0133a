"""CSV and TSV files with one work per row and a header naming the columns.

The header is matched against a fixed set of columns, each known by a few
names (case, spaces, "-" and "_" do not matter)::

    column     names it is known by                what it holds
    title      title, paper title                  the title (required)
    year       year, publication year, pubyear     a four-digit year (required)
    authors    author, authors, creator            names in reading order,
                                                   joined by ";" or "|"
                                                   (required)
    orcids     orcid, orcids                       one ORCID per author, joined
                                                   the same way; blank for none
    type       type, entry type, publication type  article, inproceedings, ...
                                                   (dblp and BibTeX names) or a
                                                   kg publication type
    journal    journal, journal title              venue of a journal article
    booktitle  booktitle, proceedings              venue of a paper in a book
    venue      venue, source, container title      venue of any kind
    doi        doi                                 a DOI, bare or as a link
    ee         ee, link, links                     links; a DOI link among them
                                                   becomes the DOI
    key        key, dblp key                       a dblp record key
    abstract   abstract
    isbn       isbn
    arxiv      arxiv, arxiv id

The other columns of a dblp dump flattened to CSV (mdate, pages, url, ...)
are known and left unread. Any other column is an error that lists these
names, so a misspelt "titel" is not silently dropped.

Rows are read one at a time; a row without an author, title or year is
skipped with a warning, since the graph cannot hold it.
"""

from __future__ import annotations

import csv
import difflib
import logging
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from kg.errors import LoaderError
from kg.model import Authorship, IdScheme, PublicationType, Venue, VenueKind, Work
from loaders.fields import (
    PUBLICATION_TYPES,
    authorships,
    build_work,
    dblp_title,
    doi,
    identifier,
    isbn,
    one_record,
    orcid,
    person_from_string,
    present,
)
from loaders.records import BadRecord
from loaders.text import decoded_lines

logger = logging.getLogger(__name__)

FORMAT = "csv"

COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "paper title"),
    "year": ("year", "publication year", "pubyear"),
    "authors": ("author", "authors", "creator"),
    "orcids": ("orcid", "orcids"),
    "type": ("type", "entry type", "entrytype", "publication type"),
    "journal": ("journal", "journal title"),
    "booktitle": ("booktitle", "proceedings"),
    "venue": ("venue", "source", "container title"),
    "doi": ("doi",),
    "ee": ("ee", "link", "links"),
    "key": ("key", "dblp key"),
    "abstract": ("abstract",),
    "isbn": ("isbn",),
    "arxiv": ("arxiv", "arxiv id"),
}
REQUIRED = ("title", "year", "authors")
# Columns of a flattened dblp dump that say nothing the graph holds.
UNREAD = (
    "mdate publtype reviewid rating cdate editor pages address volume number "
    "month url cdrom cite publisher note crossref series school chapter publnr "
    "stream rel aux label type_attr href bibtex ref sort uri"
).split()

_NAME_NOISE = re.compile(r"[\s_-]+")
_PEOPLE_SEPARATOR = re.compile(r"\s*[;|]\s*")
_YEAR = re.compile(r"^\d{4}$")
_NOT_WORKS = {"www", "person"}
_VENUE_KINDS = {
    PublicationType.JOURNAL_ARTICLE: VenueKind.JOURNAL,
    PublicationType.CONFERENCE_PAPER: VenueKind.CONFERENCE,
    PublicationType.WORKSHOP_PAPER: VenueKind.WORKSHOP,
}


def _column_key(name: str) -> str:
    return _NAME_NOISE.sub(" ", name.strip().lower()).strip()


_UNREAD = {_column_key(name) for name in UNREAD}
_ALIASES = {alias: column for column, names in COLUMNS.items() for alias in names}


def looks_like_table(head: str) -> bool:
    """True if the first line is a header naming a title and a year column."""
    first = head.splitlines()[0] if head.strip() else ""
    delimiter = _delimiter(first)
    names = {_ALIASES.get(_column_key(n)) for n in first.split(delimiter)}
    return {"title", "year"} <= names


def read_table(path: Path | str) -> Iterator[Work | BadRecord]:
    """Yield a work for each row that holds one.

    Raises:
        LoaderError: an unknown or missing column, a row with more cells
            than the header, or a year that is not a number; the message
            names the line.
    """
    path = Path(path)
    yield from _works(path)


def _works(path: Path) -> Iterator[Work | BadRecord]:
    with path.open("rb") as stream:
        lines = decoded_lines(path, stream)
        first = next(lines, None)
        if first is None or not first.strip():
            raise LoaderError(path, 1, "the file is empty", code="empty-file")
        delimiter = _delimiter(first)
        header = next(csv.reader([first], delimiter=delimiter))
        columns = _columns(path, header)
        rows = csv.reader(lines, delimiter=delimiter)
        end = 1
        for row in rows:
            line, end = end + 1, rows.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                problem = (
                    f"the row has {len(row)} cells but the header names "
                    f"{len(columns)} columns; is a value with a comma unquoted?"
                )
                yield BadRecord(LoaderError(path, line, problem, code="bad-row"))
                continue
            cells = {
                column: value.strip()
                for column, value in zip(columns, row, strict=False)
                if column is not None and value.strip()
            }
            if cells.get("type", "").lower() not in _NOT_WORKS:
                label = f"the row '{cells.get('key') or cells.get('title', '')}'"
                yield one_record(
                    path, line, label, partial(_work, path, line, label, cells)
                )


def _delimiter(header: str) -> str:
    return "\t" if header.count("\t") > header.count(",") else ","


def _columns(path: Path, header: list[str]) -> list[str | None]:
    """Each header cell's column, or None for a known column left unread."""
    columns: list[str | None] = []
    unknown = []
    for name in header:
        key = _column_key(name)
        if key in _ALIASES:
            columns.append(_ALIASES[key])
        elif key in _UNREAD:
            columns.append(None)
        else:
            unknown.append(name)
    missing = [c for c in REQUIRED if c not in columns]
    lacks = f"the header has no {' or '.join(missing)} column" if missing else ""
    if unknown:
        known = "; ".join(f"{c} ({', '.join(n)})" for c, n in COLUMNS.items())
        raise LoaderError(
            path,
            1,
            f"unknown column(s) {', '.join(map(_guessed, unknown))} in the CSV "
            f"header{f', and {lacks}' if lacks else ''}; known columns (and the "
            f"names they go by): {known}; known and left unread: "
            f"{', '.join(UNREAD)}",
            code="unknown-column",
        )
    if missing:
        raise LoaderError(
            path,
            1,
            f"{lacks}; a table of works needs {', '.join(REQUIRED)}",
            code="missing-column",
        )
    return columns


def _guessed(name: str) -> str:
    """An unknown column's name, and the known name it may be a slip for."""
    known = [*_ALIASES, *_UNREAD]
    close = difflib.get_close_matches(_column_key(name), known, 1, cutoff=0.8)
    return f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name)


def _work(path: Path, line: int, label: str, cells: dict[str, str]) -> Work | BadRecord:
    entry_type = cells.get("type", "").lower()
    publication_type = PUBLICATION_TYPES.get(entry_type, PublicationType.OTHER)

    year = cells.get("year")
    if year is not None and not _YEAR.match(year):
        raise LoaderError(
            path, line, f"{label}: year '{year}' is not a four-digit year",
            code="bad-year",
        )  # fmt: skip

    # A row with a dblp key is a flattened dblp record, whose title ends in
    # dblp's full stop.
    title = cells.get("title")
    if cells.get("key"):
        title = dblp_title(title)
    links = _PEOPLE_SEPARATOR.split(cells.get("ee", ""))
    link_doi = next((d for d in map(doi, links) if d is not None), None)
    return build_work(
        path,
        line,
        label,
        title=title,
        year=int(year) if year else None,
        publication_type=publication_type,
        venue=_venue(cells, publication_type),
        authorships=_authors(path, line, label, cells),
        abstract=cells.get("abstract"),
        identifiers=present(
            doi(cells.get("doi")) or link_doi,
            identifier(IdScheme.DBLP, cells.get("key")),
            identifier(IdScheme.ARXIV, cells.get("arxiv")),
            isbn(cells.get("isbn")),
        ),
    )


def _venue(cells: dict[str, str], publication_type: PublicationType) -> Venue | None:
    name = cells.get("venue") or cells.get("journal") or cells.get("booktitle")
    if not name:
        return None
    return Venue(name=name, kind=_VENUE_KINDS.get(publication_type, VenueKind.OTHER))


def _authors(
    path: Path, line: int, label: str, cells: dict[str, str]
) -> tuple[Authorship, ...]:
    names = [n for n in _PEOPLE_SEPARATOR.split(cells.get("authors", "")) if n]
    orcids = _PEOPLE_SEPARATOR.split(cells["orcids"]) if "orcids" in cells else []
    if orcids and len(orcids) != len(names):
        raise LoaderError(
            path,
            line,
            f"{label} has {len(names)} authors but {len(orcids)} ORCIDs; "
            f"give one per author, blank where there is none",
            code="bad-row",
        )
    people = []
    for position, name in enumerate(names):
        found = orcid(orcids[position]) if orcids else None
        person = person_from_string(name, present(found))
        if person is not None:
            people.append((person, name, ()))
    return authorships(people)
