"""Crossref works JSON: one work, a ``/works`` page, or bare work records.

Three shapes are read, each a stream of works parsed with ijson so that a
page of many thousands of items is never held whole:

- the ``/works/{doi}`` answer: ``{"message-type": "work", "message": {...}}``;
- a ``/works`` page: ``{"message": {"items": [...], ...}}``;
- a bare work (``{"DOI": ..., "title": [...], ...}``, as in dumps), or a
  JSON array of them.

A first pass over the events finds which shape the file has; a second
yields the works. Authors with given and family names become people, with
their ORCID when Crossref gives one; an author with only a ``name`` is an
organisation (a consortium) and is left out of the authorships, so it never
counts as anyone's coauthor.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import ijson

from kg.errors import LoaderError
from kg.model import (
    Authorship,
    IdScheme,
    PublicationType,
    Venue,
    VenueKind,
    Work,
)
from loaders.fields import (
    authorships,
    build_work,
    doi,
    identifier,
    isbn,
    one_record,
    orcid,
    person_named,
    present,
)
from loaders.records import BadRecord

logger = logging.getLogger(__name__)

FORMAT = "crossref"

_SNIFF_ENVELOPE = re.compile(r'"message-type"\s*:\s*"work(-list)?"')
_SNIFF_BARE = re.compile(r'"DOI"\s*:')
_SNIFF_CROSSREF_KEYS = re.compile(
    r'"(container-title|reference-count|is-referenced-by-count)"'
)
# Block tags part words ("</jats:p><jats:p>"); inline ones ("<i>k</i>-core") do not.
_BLOCK_TAG = re.compile(r"</?(?:jats:)?(?:p|title|sec|list-item|br)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")

_TYPES = {
    "journal-article": PublicationType.JOURNAL_ARTICLE,
    "proceedings-article": PublicationType.CONFERENCE_PAPER,
    "book-chapter": PublicationType.BOOK_CHAPTER,
    "book-section": PublicationType.BOOK_CHAPTER,
    "book-part": PublicationType.BOOK_CHAPTER,
    "reference-entry": PublicationType.BOOK_CHAPTER,
    "book": PublicationType.BOOK,
    "monograph": PublicationType.BOOK,
    "edited-book": PublicationType.BOOK,
    "reference-book": PublicationType.BOOK,
    "proceedings": PublicationType.PROCEEDINGS,
    "dissertation": PublicationType.THESIS,
    "posted-content": PublicationType.PREPRINT,
}
_VENUE_KINDS = {
    PublicationType.JOURNAL_ARTICLE: VenueKind.JOURNAL,
    PublicationType.CONFERENCE_PAPER: VenueKind.CONFERENCE,
    PublicationType.BOOK: VenueKind.BOOK_SERIES,
    PublicationType.PROCEEDINGS: VenueKind.CONFERENCE,
}
# Dates in the order that best says when a work was published.
_DATES = ("issued", "published", "published-print", "published-online")


def looks_like_crossref(head: str) -> bool:
    """True for a Crossref API answer, or a bare record with Crossref's keys."""
    if _SNIFF_ENVELOPE.search(head):
        return True
    return bool(_SNIFF_BARE.search(head) and _SNIFF_CROSSREF_KEYS.search(head))


def read_crossref(path: Path | str) -> Iterator[Work | BadRecord]:
    """Yield the works of a Crossref JSON file, in file order.

    Raises:
        LoaderError: the file is not JSON, not one of the shapes above, or
            a record is not a work; the message names the record.
    """
    path = Path(path)
    yield from _works(path, _works_prefix(path))


def _works(path: Path, prefix: str) -> Iterator[Work | BadRecord]:
    with path.open("rb") as stream:
        records = ijson.items(stream, prefix, use_float=True)
        for number, record in enumerate(_checked(path, records), start=1):
            if not isinstance(record, dict):
                problem = "not a JSON object"
                error = LoaderError(path, None, problem, code="bad-crossref-record")
                yield BadRecord(error, number)
                continue
            build = partial(_work, path, number, record)
            work = one_record(path, None, _label(record), build)
            yield work.numbered(number) if isinstance(work, BadRecord) else work


def _works_prefix(path: Path) -> str:
    """The ijson prefix under which the file's works lie."""
    with path.open("rb") as stream:
        for prefix, event, _ in _checked(path, ijson.parse(stream)):
            if prefix == "" and event == "start_array":
                return "item"
            if prefix == "message.items" and event == "start_array":
                return "message.items.item"
            if prefix == "" and event == "map_key" and _ == "DOI":
                return ""
    with path.open("rb") as stream:
        for prefix, event, _ in _checked(path, ijson.parse(stream)):
            if prefix == "message" and event == "start_map":
                return "message"
    raise LoaderError(
        path,
        None,
        "no Crossref work found: expected a 'message' holding a work or "
        "'items', a record with a 'DOI', or a list of such records",
        code="not-crossref",
    )


def _checked(path: Path, events: Iterator[Any]) -> Iterator[Any]:
    """``events`` with a JSON syntax error turned into a LoaderError."""
    try:
        yield from events
    except ijson.JSONError as exc:
        raise LoaderError(
            path, None, f"not valid JSON: {exc}", code="bad-json"
        ) from exc


def _label(record: dict[str, Any]) -> str:
    doi = record.get("DOI")
    return f"the work with DOI {doi}" if isinstance(doi, str) else "the work"


def _work(path: Path, number: int, record: dict[str, Any]) -> Work | BadRecord:
    label = _label(record)
    publication_type = _TYPES.get(record.get("type", ""), PublicationType.OTHER)
    return build_work(
        path,
        None,
        label,
        title=_text(_first(record.get("title"))),
        year=_year(record),
        publication_type=publication_type,
        venue=_venue(record, publication_type),
        authorships=_authors(path, label, record.get("author") or []),
        abstract=_text(record.get("abstract")),
        identifiers=present(
            doi(record.get("DOI")),
            *(isbn(value) for value in record.get("ISBN") or []),
        ),
        references=present(
            *(doi(ref.get("DOI")) for ref in record.get("reference") or [])
        ),
    )


def _first(values: Any) -> str | None:
    if isinstance(values, list):
        return next((v for v in values if isinstance(v, str) and v.strip()), None)
    return values if isinstance(values, str) else None


def _text(markup: str | None) -> str | None:
    """Text from Crossref's JATS markup (``<jats:p>``, ``<i>``), entities decoded."""
    if not markup:
        return None
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", markup))
    return html.unescape(text).strip() or None


def _year(record: dict[str, Any]) -> int | None:
    for name in _DATES:
        parts = (record.get(name) or {}).get("date-parts") or [[None]]
        year = parts[0][0] if parts and parts[0] else None
        if isinstance(year, int | float):
            return int(year)
    return None


def _venue(record: dict[str, Any], publication_type: PublicationType) -> Venue | None:
    """The journal, proceedings or book series the work is in."""
    name = _first(record.get("container-title"))
    if publication_type is PublicationType.BOOK:
        name = name or _first(record.get("series-title"))
    name = _text(name)
    if not name:
        return None
    issns = record.get("ISSN") or []
    return Venue(
        name=name,
        kind=_VENUE_KINDS.get(publication_type, VenueKind.OTHER),
        identifiers=present(*(identifier(IdScheme.ISSN, i.upper()) for i in issns)),
    )


def _authors(
    path: Path, label: str, authors: list[dict[str, Any]]
) -> tuple[Authorship, ...]:
    people = []
    for author in authors:
        if author.get("name") and not (author.get("given") or author.get("family")):
            logger.info(
                "%s: %s lists the organisation '%s' as an author; "
                "it is not made a person",
                path, label, author["name"],
            )  # fmt: skip
            continue
        person = person_named(
            author.get("given"),
            author.get("family"),
            present(orcid(author.get("ORCID"))),
        )
        if person is None:
            logger.warning("%s: %s has an author with no name; left out", path, label)
            continue
        institutions = tuple(
            a["name"].strip()
            for a in author.get("affiliation") or []
            if (a.get("name") or "").strip()
        )
        people.append((person, person.name, institutions))
    return authorships(people)
