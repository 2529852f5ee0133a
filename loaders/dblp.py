"""dblp XML: the dump of https://dblp.org, one element per record.

Works are ``article``, ``inproceedings``, ``proceedings``, ``incollection``,
``book``, ``phdthesis`` and ``mastersthesis``; a ``www`` element whose key
starts with ``homepages/`` is a person record (its first ``author`` is the
person's name, the others are alternative names, and an ORCID may sit in a
``url``). Authors carry dblp's homonym numbers ("Manish Singh 0001") and
sometimes an ``orcid`` attribute.

dblp writes accented letters as named entities (``&uuml;``) declared only in
``dblp.dtd``. A copy of that DTD ships beside this module and is the only
DTD the parser ever reads: it never fetches one over the network, and a
document cannot point it at another file (an XXE guard).

The file is streamed with lxml's ``iterparse``; each record is cleared once
read, so memory stays flat however large the dump.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree
from pydantic import ValidationError

from kg.errors import LoaderError
from kg.ids import normalize_doi, normalize_orcid
from kg.model import (
    Authorship,
    Identifier,
    IdScheme,
    LoadedRecord,
    Person,
    PublicationType,
    Venue,
    VenueKind,
    Work,
)
from loaders.fields import dblp_title
from loaders.records import BadRecord, known_as, validation_problem

logger = logging.getLogger(__name__)

FORMAT = "dblp-xml"

DTD = Path(__file__).with_name("dblp.dtd")

WORK_TYPES = {
    "article": PublicationType.JOURNAL_ARTICLE,
    "inproceedings": PublicationType.CONFERENCE_PAPER,
    "proceedings": PublicationType.PROCEEDINGS,
    "incollection": PublicationType.BOOK_CHAPTER,
    "book": PublicationType.BOOK,
    "phdthesis": PublicationType.THESIS,
    "mastersthesis": PublicationType.THESIS,
}
_RECORD_TAGS = (*WORK_TYPES, "www")


def looks_like_dblp(head: str) -> bool:
    return "<!DOCTYPE dblp" in head or "<dblp>" in head


class _ShippedDtd(etree.Resolver):
    """Answers every request for an external file with the shipped DTD."""

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        return self.resolve_filename(str(DTD), context)


def read_dblp(path: Path | str) -> Iterator[LoadedRecord | BadRecord]:
    """Yield the works and person records of a dblp XML file, in file order.

    Raises:
        LoaderError: the shipped DTD is missing, or the XML is not well formed
            (an undefined entity, a tag left open); the message names the line.
    """
    path = Path(path)
    if not DTD.is_file():
        raise LoaderError(
            path,
            None,
            f"the dblp DTD is missing at {DTD}, so dblp's named characters "
            f"(&uuml; ...) cannot be read; reinstall the package",
            code="missing-dtd",
        )
    # The file is opened here, so that a load that stops reading halfway
    # closes it with this generator (lxml would leave its own to the GC).
    with path.open("rb") as stream:
        yield from _records(path, stream)


def _records(path: Path, stream: BinaryIO) -> Iterator[LoadedRecord | BadRecord]:
    records = etree.iterparse(
        stream,
        events=("end",),
        tag=_RECORD_TAGS,
        load_dtd=True,
        no_network=True,
        resolve_entities=True,
        huge_tree=True,
    )
    records.resolvers.add(_ShippedDtd())
    try:
        for _, element in records:
            record = _read_record(path, element)
            if record is not None:
                yield record
            _forget(element)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise LoaderError(
            path, line, f"not well-formed dblp XML: {exc.msg}", code="bad-xml"
        ) from exc


def _forget(element: etree._Element) -> None:
    """Drop a record that has been read, and the ones before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _read_record(
    path: Path, element: etree._Element
) -> LoadedRecord | BadRecord | None:
    """The record an element states; None for a ``www`` page of no person."""
    key = element.get("key", "")
    line = element.sourceline
    try:
        if element.tag == "www":
            return _person_record(path, element, key, line)
        return _work(path, element, key, line)
    except LoaderError as exc:
        return BadRecord(exc)
    except ValidationError as exc:
        return BadRecord(
            LoaderError(
                path,
                line,
                f"record {key!r}: {validation_problem(exc)}",
                code="bad-record",
            )
        )


def _text(element: etree._Element | None) -> str | None:
    """The text of an element, markup such as ``<i>`` removed."""
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None


def _person(author: etree._Element) -> Person:
    orcid = normalize_orcid(author.get("orcid", ""))
    orcids = [Identifier(scheme=IdScheme.ORCID, value=orcid)] if orcid else []
    return known_as(_text(author) or "", orcids)


def _work(path: Path, element: etree._Element, key: str, line: int) -> Work:
    title = dblp_title(_text(element.find("title")))
    year = _text(element.find("year"))
    if title is None or year is None:
        missing = "title" if title is None else "year"
        raise LoaderError(
            path, line, f"record {key!r} has no {missing}", code="missing-field"
        )
    if not year.isdigit():
        raise LoaderError(
            path, line, f"record {key!r}: year {year!r} is not a year", code="bad-year"
        )

    authorships = tuple(
        Authorship(position=i, person=_person(author), name_as_written=_text(author))
        for i, author in enumerate(element.iterfind("author"), start=1)
    )
    identifiers = [Identifier(scheme=IdScheme.DBLP, value=key)] if key else []
    doi = _doi(element)
    if doi is not None:
        identifiers.append(Identifier(scheme=IdScheme.DOI, value=doi))
    return Work(
        title=title,
        year=int(year),
        publication_type=WORK_TYPES[element.tag],
        venue=_venue(element),
        authorships=authorships,
        identifiers=tuple(identifiers),
    )


def _doi(element: etree._Element) -> str | None:
    """The DOI in the record's ``ee`` links, if one holds a whole DOI.

    A link with white space inside is damaged (dblp's own data has some);
    its DOI would be cut short, so it is left out.
    """
    for link in element.iterfind("ee"):
        url = (link.text or "").strip()
        if "doi" not in url or any(c.isspace() for c in url):
            continue
        doi = normalize_doi(url)
        if doi is not None:
            return doi
    return None


def _venue(element: etree._Element) -> Venue | None:
    """Journals by their name, conferences by their acronym, books by title.

    dblp's ``booktitle`` of a conference paper is the short name ("ER"),
    while that of a chapter is the book's full title.
    """
    journal = _text(element.find("journal"))
    if journal is not None:
        return Venue(name=journal, kind=VenueKind.JOURNAL)
    booktitle = _text(element.find("booktitle"))
    if booktitle is None:
        return None
    if element.tag in ("inproceedings", "proceedings"):
        return Venue(acronym=booktitle, kind=VenueKind.CONFERENCE)
    return Venue(name=booktitle, kind=VenueKind.OTHER)


def _person_record(
    path: Path, element: etree._Element, key: str, line: int
) -> Person | None:
    names = [_text(author) for author in element.iterfind("author")]
    names = [name for name in names if name]
    if not key.startswith("homepages/") or not names:
        logger.debug("%s, line %d: www record %r names no person", path, line, key)
        return None
    identifiers = [Identifier(scheme=IdScheme.DBLP, value=key)]
    for url in element.iterfind("url"):
        orcid = normalize_orcid(url.text or "") if "orcid" in (url.text or "") else None
        if orcid is not None:
            identifiers.append(Identifier(scheme=IdScheme.ORCID, value=orcid))
    return known_as(names[0], identifiers, names[1:])
