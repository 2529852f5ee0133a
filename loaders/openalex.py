"""OpenAlex works, authors and sources: API JSON or snapshot JSON Lines.

An API file holds one entity, or a page of them under ``results``; a
snapshot file holds one entity a line. The kind of each entity is read from
its id (``https://openalex.org/W...`` a work, ``A...`` an author, ``S...`` a
source). Topics (``T...``) belong to the topic scheme, not to the graph of
works, and are passed over.

A work keeps its authorships in the order OpenAlex gives, each with the
author's OpenAlex id and ORCID and the institutions; its source as venue;
its topics with their scores; its referenced works; and its abstract, rebuilt
from the inverted index.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.ids import normalize_doi, normalize_orcid
from kg.model import (
    Authorship,
    Identifier,
    IdScheme,
    LoadedRecord,
    Person,
    PublicationType,
    TopicAssignment,
    Venue,
    VenueKind,
    Work,
)
from loaders.jsonio import bad_record, documents
from loaders.records import BadRecord, known_as, validation_problem

logger = logging.getLogger(__name__)

FORMAT = "openalex"

_PREFIX = "https://openalex.org/"

_WORK_TYPES = {
    "preprint": PublicationType.PREPRINT,
    "posted-content": PublicationType.PREPRINT,
    "book": PublicationType.BOOK,
    "book-chapter": PublicationType.BOOK_CHAPTER,
    "dissertation": PublicationType.THESIS,
    "proceedings-article": PublicationType.CONFERENCE_PAPER,
}
_VENUE_KINDS = {
    "journal": VenueKind.JOURNAL,
    "conference": VenueKind.CONFERENCE,
    "repository": VenueKind.REPOSITORY,
    "book series": VenueKind.BOOK_SERIES,
}


def looks_like_openalex(head: str) -> bool:
    return f'"id":"{_PREFIX}' in head.replace(" ", "")


def read_openalex(path: Path | str) -> Iterator[LoadedRecord | BadRecord]:
    """Yield the works, people and venues of an OpenAlex file."""
    path = Path(path)
    for document in documents(path):
        if isinstance(document, BadRecord):
            yield document
            continue
        line, body = document
        entities = body.get("results", [body]) if isinstance(body, dict) else body
        for index, entity in enumerate(entities, start=1):
            record = _entity(path, line, entity)
            if isinstance(record, BadRecord) and len(entities) > 1:
                record = record.numbered(index)
            if record is not None:
                yield record


def short_id(url: str | None) -> str | None:
    """``https://openalex.org/W2741809807`` as ``W2741809807``."""
    if not url:
        return None
    return url.removeprefix(_PREFIX).rsplit("/", 1)[-1] or None


def _entity(path: Path, line: int, entity: Any) -> LoadedRecord | BadRecord | None:
    if not isinstance(entity, dict):
        return bad_record(path, line, "an entity", "is not a JSON object")
    key = short_id(entity.get("id")) or ""
    read = {"W": _work, "A": _author, "S": _source}.get(key[:1])
    if read is None:
        logger.info("%s, line %d: passed over %s (not a work, author or source)",
                    path, line, key or "an entity without an id")  # fmt: skip
        return None
    try:
        return read(entity)
    except (ValueError, ValidationError, KeyError, TypeError) as exc:
        problem = _problem(exc)
        return bad_record(path, line, f"OpenAlex entity {key}", problem)


def _problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return validation_problem(exc)
    if isinstance(exc, KeyError):
        return f"lacks the field {exc.args[0]!r}"
    return str(exc)


def _work(entity: dict[str, Any]) -> Work:
    title = entity.get("display_name") or entity.get("title")
    year = entity.get("publication_year")
    if not title or not year:
        raise ValueError(f"has no {'title' if not title else 'publication_year'}")
    source = (entity.get("primary_location") or {}).get("source")
    venue = _venue(source) if source else None
    return Work(
        title=title,
        year=year,
        publication_type=_publication_type(entity.get("type"), venue),
        venue=venue,
        authorships=tuple(
            _authorship(position, authorship)
            for position, authorship in enumerate(entity.get("authorships") or (), 1)
        ),
        abstract=abstract(entity.get("abstract_inverted_index")),
        identifiers=tuple(_work_identifiers(entity)),
        references=tuple(
            Identifier(scheme=IdScheme.OPENALEX, value=short_id(url))
            for url in entity.get("referenced_works") or ()
            if short_id(url)
        ),
        topics=tuple(
            TopicAssignment(
                topic=short_id(topic["id"]), score=topic["score"], origin=FORMAT
            )
            for topic in entity.get("topics") or ()
        ),
    )


def abstract(index: dict[str, list[int]] | None) -> str | None:
    """The abstract rebuilt from OpenAlex's inverted index, or None.

    OpenAlex sometimes HTML-escapes the words (``R&amp;D``); each word is
    unescaped exactly once, so ``&amp;amp;`` comes out as ``&amp;``. The
    text is stored as text and never rendered as HTML.
    """
    if not index:
        return None
    placed = sorted(
        (position, word) for word, positions in index.items() for position in positions
    )
    text = " ".join(html.unescape(word) for _, word in placed).strip()
    return text or None


def _publication_type(kind: str | None, venue: Venue | None) -> PublicationType:
    if kind in _WORK_TYPES:
        return _WORK_TYPES[kind]
    if venue is not None and venue.kind is VenueKind.CONFERENCE:
        return PublicationType.CONFERENCE_PAPER
    if venue is not None and venue.kind is VenueKind.REPOSITORY:
        return PublicationType.PREPRINT
    if kind == "article":
        return PublicationType.JOURNAL_ARTICLE
    return PublicationType.OTHER


def _work_identifiers(entity: dict[str, Any]) -> Iterator[Identifier]:
    yield Identifier(scheme=IdScheme.OPENALEX, value=short_id(entity["id"]))
    ids = entity.get("ids") or {}
    doi = normalize_doi(entity.get("doi") or ids.get("doi") or "")
    if doi:
        yield Identifier(scheme=IdScheme.DOI, value=doi)
    pmid = short_id(ids.get("pmid"))
    if pmid:
        yield Identifier(scheme=IdScheme.PMID, value=pmid)


def _authorship(position: int, authorship: dict[str, Any]) -> Authorship:
    author = authorship.get("author") or {}
    person = _person(author)
    return Authorship(
        position=position,
        person=person,
        name_as_written=authorship.get("raw_author_name") or person.name,
        institutions=tuple(
            institution["display_name"]
            for institution in authorship.get("institutions") or ()
            if institution.get("display_name")
        ),
    )


def _person(author: dict[str, Any], alternatives: list[str] | None = None) -> Person:
    name = author.get("display_name")
    if not name:
        raise ValueError("an author has no display_name")
    identifiers = []
    openalex_id = short_id(author.get("id"))
    if openalex_id:
        identifiers.append(Identifier(scheme=IdScheme.OPENALEX, value=openalex_id))
    orcid = normalize_orcid(author.get("orcid") or "")
    if orcid:
        identifiers.append(Identifier(scheme=IdScheme.ORCID, value=orcid))
    others = [n for n in alternatives or () if n and n != name]
    return known_as(name, identifiers, others)


def _author(entity: dict[str, Any]) -> Person:
    return _person(entity, entity.get("display_name_alternatives"))


def _venue(source: dict[str, Any]) -> Venue:
    identifiers = [Identifier(scheme=IdScheme.OPENALEX, value=short_id(source["id"]))]
    for issn in source.get("issn") or ():
        identifiers.append(Identifier(scheme=IdScheme.ISSN, value=issn))
    return Venue(
        name=source["display_name"],
        kind=_VENUE_KINDS.get(source.get("type") or "", VenueKind.OTHER),
        identifiers=tuple(identifiers),
    )


def _source(entity: dict[str, Any]) -> Venue:
    return _venue(entity)
