"""dblp RDF: the dump of https://dblp.org in its own schema, as Turtle or N-Triples.

A publication (``https://dblp.org/rec/KEY``) is a work: ``dblp:title``,
``dblp:yearOfPublication``, ``dblp:bibtexType``, ``dblp:publishedIn``, its
DOIs, and one ``dblp:hasSignature`` per author, a blank node with the
name as dblp writes it (with its homonym number), the person's page
(``https://dblp.org/pid/...``) and the author's place. A person page
(``dblp:Person``) is a person, with the ORCID it names.

The triples are streamed. dblp writes each record's triples together,
its blank nodes included, so a record is complete when the next record's
subject appears, and memory holds one record at a time. A file that
scatters one record's triples (not dblp's own dumps) would be read as
several partial records.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
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
from loaders.dblp import WORK_TYPES
from loaders.fields import dblp_title
from loaders.records import BadRecord, known_as, validation_problem

logger = logging.getLogger(__name__)

FORMAT = "dblp-rdf"

SCHEMA = "https://dblp.org/rdf/schema#"
_RECORD = "https://dblp.org/rec/"
_PERSON = "https://dblp.org/pid/"
_BIBTEX = "http://purl.org/net/nknouf/ns/bibtex#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# The XML's element names, as the RDF's BibTeX types spell them.
_WORK_TYPES = {tag.capitalize(): kind for tag, kind in WORK_TYPES.items()}


def looks_like_dblp_rdf(head: str) -> bool:
    """True if the text names dblp's RDF schema and a record or person."""
    return SCHEMA in head and (_RECORD in head or _PERSON in head)


@dataclass
class _Node:
    """The values of one subject (a record or one of its blank nodes)."""

    values: dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def texts(self, predicate: str) -> list[str]:
        return [v.value for v in self.values.get(SCHEMA + predicate, ())]

    def text(self, predicate: str) -> str | None:
        found = self.texts(predicate)
        return found[0] if found else None


@dataclass
class _Record:
    iri: str
    nodes: dict[str, _Node] = field(default_factory=lambda: defaultdict(_Node))

    @property
    def main(self) -> _Node:
        return self.nodes[self.iri]


def read_dblp_rdf(path: Path | str) -> Iterator[LoadedRecord | BadRecord]:
    """Yield a work for each publication and a person for each person page."""
    path = Path(path)
    for record in _records(path):
        try:
            found = _loaded(path, record)
        except LoaderError as exc:
            yield BadRecord(exc)
            continue
        if found is not None:
            yield found


def _records(path: Path) -> Iterator[_Record]:
    """The file's triples gathered per record, in file order."""
    rdf_format = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
    record: _Record | None = None
    try:
        for triple in ox.parse(path=str(path), format=rdf_format):
            subject = triple.subject
            if isinstance(subject, ox.NamedNode) and (
                record is None or subject.value != record.iri
            ):
                if record is not None:
                    yield record
                record = _Record(subject.value)
            if record is None:
                continue
            key = subject.value if isinstance(subject, ox.NamedNode) else str(subject)
            record.nodes[key].values[triple.predicate.value].append(triple.object)
    except SyntaxError as exc:
        raise LoaderError(
            path, exc.lineno, f"not valid RDF: {exc.msg}", code="bad-rdf"
        ) from exc
    if record is not None:
        yield record


def _loaded(path: Path, record: _Record) -> LoadedRecord | None:
    types = {t.value for t in record.main.values.get(_RDF_TYPE, ())}
    if record.iri.startswith(_RECORD) and SCHEMA + "Publication" in types:
        return _work(path, record)
    if record.iri.startswith(_PERSON) and SCHEMA + "Person" in types:
        return _person_page(record)
    return None


def _work(path: Path, record: _Record) -> Work:
    key = record.iri.removeprefix(_RECORD)
    main = record.main
    title = dblp_title(main.text("title"))
    year = main.text("yearOfPublication")
    if title is None or year is None or not year.isdigit():
        missing = "a title" if title is None else "a year"
        raise LoaderError(
            path, None, f"record {key!r} has no {missing}", code="missing-field"
        )
    bibtex_type = (main.text("bibtexType") or "").removeprefix(_BIBTEX)
    publication_type = _WORK_TYPES.get(bibtex_type, PublicationType.OTHER)

    identifiers = [Identifier(scheme=IdScheme.DBLP, value=key)]
    dois = dict.fromkeys(
        doi for doi in map(normalize_doi, main.texts("doi")) if doi is not None
    )
    identifiers += [Identifier(scheme=IdScheme.DOI, value=doi) for doi in dois]
    try:
        return Work(
            title=title,
            year=int(year),
            publication_type=publication_type,
            venue=_venue(main, publication_type),
            authorships=_authorships(record),
            identifiers=tuple(identifiers),
        )
    except ValidationError as exc:
        raise LoaderError(
            path,
            None,
            f"record {key!r}: {validation_problem(exc)}",
            code="invalid-work",
        ) from exc


def _authorships(record: _Record) -> tuple[Authorship, ...]:
    """The record's signatures, in the order dblp numbers them."""
    signed = []
    for signature in record.main.values.get(SCHEMA + "hasSignature", ()):
        node = record.nodes.get(str(signature))
        name = node.text("signatureDblpName") if node else None
        ordinal = node.text("signatureOrdinal") if node else None
        if node is None or name is None or ordinal is None:
            continue
        pids = node.texts("signatureCreator")
        orcids = [normalize_orcid(o) for o in node.texts("signatureOrcid")]
        identifiers = [_pid(pid) for pid in pids if pid.startswith(_PERSON)]
        identifiers += [Identifier(scheme=IdScheme.ORCID, value=o) for o in orcids if o]
        signed.append((int(ordinal), name, known_as(name, identifiers)))
    signed.sort(key=lambda s: s[0])
    return tuple(
        Authorship(position=i, person=person, name_as_written=name)
        for i, (_, name, person) in enumerate(signed, start=1)
    )


def _pid(iri: str) -> Identifier:
    # dblp's XML names a person page by its key, "homepages/78/459-1", the
    # same page the RDF calls https://dblp.org/pid/78/459-1.
    return Identifier(
        scheme=IdScheme.DBLP, value="homepages/" + iri.removeprefix(_PERSON)
    )


def _venue(main: _Node, publication_type: PublicationType) -> Venue | None:
    """As the dblp XML reader names them: conferences by acronym."""
    journal = main.text("publishedInJournal")
    if journal is not None:
        return Venue(name=journal, kind=VenueKind.JOURNAL)
    name = main.text("publishedIn")
    if name is None:
        return None
    if publication_type in (
        PublicationType.CONFERENCE_PAPER,
        PublicationType.PROCEEDINGS,
    ):
        return Venue(acronym=name, kind=VenueKind.CONFERENCE)
    return Venue(name=name, kind=VenueKind.OTHER)


def _person_page(record: _Record) -> Person | None:
    main = record.main
    name = main.text("primaryCreatorName") or main.text("creatorName")
    if name is None:
        return None
    identifiers = [_pid(record.iri)]
    for orcid in main.texts("orcid"):
        value = normalize_orcid(orcid)
        if value is not None:
            identifiers.append(Identifier(scheme=IdScheme.ORCID, value=value))
    others = [n for n in main.texts("creatorName") if n != name]
    return known_as(name, identifiers, others)
