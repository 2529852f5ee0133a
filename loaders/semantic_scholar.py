"""Semantic Scholar Graph API JSON: papers with authors, venue and fields.

A file is one paper, a list of papers (``/paper/batch``), a page of them
(``data``, from ``/paper/search``), or a citation item whose
``citingPaper`` or ``citedPaper`` is the paper. A paper keeps its authors in
order with their Semantic Scholar ids, its venue, its fields of study as
the scheme's fields (score 1.0: the API states them without a score), its external ids
(DOI, dblp key, arXiv id) and the papers it references or is cited by.

A paper without a title or a year (a response that asked for other fields
only) cannot be a work; it is a bad record, which a load can skip.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.ids import normalize_doi
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
from kg.topics.scheme import topic_scheme
from loaders.jsonio import bad_record, documents
from loaders.records import BadRecord, known_as, validation_problem

FORMAT = "semantic-scholar"

_TYPES = {
    "JournalArticle": PublicationType.JOURNAL_ARTICLE,
    "Conference": PublicationType.CONFERENCE_PAPER,
    "Book": PublicationType.BOOK,
    "BookSection": PublicationType.BOOK_CHAPTER,
}
_EXTERNAL_IDS = {
    "DBLP": IdScheme.DBLP,
    "ArXiv": IdScheme.ARXIV,
    "PubMed": IdScheme.PMID,
}


def looks_like_semantic_scholar(head: str) -> bool:
    return '"paperId"' in head


def read_semantic_scholar(path: Path | str) -> Iterator[LoadedRecord | BadRecord]:
    """Yield the papers of a Semantic Scholar response, in order."""
    path = Path(path)
    for document in documents(path):
        if isinstance(document, BadRecord):
            yield document
            continue
        line, body = document
        papers = _papers(body)
        for index, paper in enumerate(papers, start=1):
            work = _paper(path, line, paper)
            if isinstance(work, BadRecord) and len(papers) > 1:
                work = work.numbered(index)
            yield work


def _papers(body: Any) -> list[Any]:
    if isinstance(body, list):
        return body
    if "data" in body:
        return body["data"]
    for side in ("citingPaper", "citedPaper"):
        if side in body:
            return [body[side]]
    return [body]


def _paper(path: Path, line: int, paper: Any) -> Work | BadRecord:
    if not isinstance(paper, dict):
        return bad_record(path, line, "a paper", "is not a JSON object")
    name = f"paper {paper.get('paperId', '(no paperId)')}"
    missing = [field for field in ("title", "year") if not paper.get(field)]
    if missing:
        return bad_record(path, line, name, f"has no {' and no '.join(missing)}")
    try:
        return _work(paper)
    except ValidationError as exc:
        return bad_record(path, line, name, validation_problem(exc))


def _work(paper: dict[str, Any]) -> Work:
    venue = _venue(paper)
    return Work(
        title=paper["title"],
        year=paper["year"],
        publication_type=_publication_type(paper, venue),
        venue=venue,
        abstract=paper.get("abstract") or None,
        authorships=tuple(
            Authorship(
                position=position,
                person=_person(author),
                name_as_written=author["name"],
            )
            for position, author in enumerate(paper.get("authors") or (), start=1)
        ),
        identifiers=tuple(_identifiers(paper)),
        references=tuple(
            Identifier(scheme=IdScheme.SEMANTIC_SCHOLAR, value=other["paperId"])
            for other in paper.get("references") or ()
            if other.get("paperId")
        ),
        topics=_fields(paper.get("fieldsOfStudy") or ()),
    )


def _fields(names: Iterable[str]) -> tuple[TopicAssignment, ...]:
    """Fields of study as the scheme's fields; one it lacks is left out."""
    scheme = topic_scheme()
    fields = (scheme.field_named(name) for name in names)
    return tuple(
        TopicAssignment(topic=field, score=1.0, origin=FORMAT)
        for field in dict.fromkeys(f for f in fields if f is not None)
    )


def _person(author: dict[str, Any]) -> Person:
    s2_ids = [
        Identifier(scheme=IdScheme.SEMANTIC_SCHOLAR, value=author["authorId"])
    ] if author.get("authorId") else []  # fmt: skip
    return known_as(author["name"], s2_ids)


def _venue(paper: dict[str, Any]) -> Venue | None:
    venue = paper.get("publicationVenue") or {}
    name = venue.get("name") or paper.get("venue")
    if not name:
        return None
    kind = VenueKind.JOURNAL if venue.get("type") == "journal" else VenueKind.OTHER
    if "JournalArticle" in (paper.get("publicationTypes") or ()):
        kind = VenueKind.JOURNAL
    identifiers = []
    if venue.get("issn"):
        identifiers.append(Identifier(scheme=IdScheme.ISSN, value=venue["issn"]))
    return Venue(name=name, kind=kind, identifiers=tuple(identifiers))


def _publication_type(paper: dict[str, Any], venue: Venue | None) -> PublicationType:
    for kind in paper.get("publicationTypes") or ():
        if kind in _TYPES:
            return _TYPES[kind]
    if venue is not None and venue.kind is VenueKind.JOURNAL:
        return PublicationType.JOURNAL_ARTICLE
    return PublicationType.OTHER


def _identifiers(paper: dict[str, Any]) -> Iterator[Identifier]:
    yield Identifier(scheme=IdScheme.SEMANTIC_SCHOLAR, value=paper["paperId"])
    external = paper.get("externalIds") or {}
    doi = normalize_doi(external.get("DOI") or "")
    if doi:
        yield Identifier(scheme=IdScheme.DOI, value=doi)
    for key, scheme in _EXTERNAL_IDS.items():
        if external.get(key):
            yield Identifier(scheme=scheme, value=str(external[key]))
