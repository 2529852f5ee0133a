"""Records become RDF statements, in the vocabulary of ``ontology/``.

Counts and positions are plain ``xsd:integer`` (their bounds are in the
SHACL shapes): Oxigraph stores the derived integer types as ``xsd:integer``
anyway, and a datatype that changed on the way in would fail the shapes.

Besides the reified authorship (work → authorship → person, with position),
each work gets a direct ``dcterms:creator`` link to each author: a derived
fact, kept in step with the authorships because both are written from the
same record, that turns coauthor questions into short joins.

The statements are made once, in a light form (an IRI is a ``str``, a
literal a ``Lit``), and given two ways: as N-Triples lines for the bulk
loader (``record_lines``, the load path, which never builds an rdflib term)
and as rdflib triples (``record_triples``, for checks and small graphs).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg import ids
from kg.model import (
    LoadedRecord,
    NameCluster,
    Person,
    PublicationType,
    Source,
    Venue,
    Work,
)
from kg.names import search_key
from kg.vocab import DCTERMS, FABIO, FOAF, KGO, RDF, RDFS, XSD

Triple = tuple[URIRef, URIRef, Node]


class Lit(NamedTuple):
    """A literal: its lexical form, and its datatype IRI or language, if any."""

    text: str
    datatype: str | None = None
    language: str | None = None


# An IRI (a ``str``, or an rdflib ``URIRef``, which is one) or a literal.
Term = str | Lit
Statement = tuple[str, str, Term]

# The vocabulary as plain strings, looked up once: a closed namespace
# checks every attribute access, and a load makes millions.
_TYPE = str(RDF.type)
_LABEL = str(RDFS.label)
_TITLE = str(DCTERMS.title)
_ABSTRACT = str(DCTERMS.abstract)
_CREATOR = str(DCTERMS.creator)
_YEAR = str(FABIO.hasPublicationYear)
_NAME = str(FOAF.name)
_GIVEN = str(FOAF.givenName)
_FAMILY = str(FOAF.familyName)
_INTEGER = str(XSD.integer)
_DECIMAL = str(XSD.decimal)
_GYEAR = str(XSD.gYear)


class _Kgo:
    """``KGO``'s terms as plain strings (the namespace still checks each name)."""

    def __getattr__(self, name: str) -> str:
        value = str(getattr(KGO, name))
        setattr(self, name, value)
        return value


_K = _Kgo()

_FABIO_CLASS = {
    PublicationType.CONFERENCE_PAPER: FABIO.ConferencePaper,
    PublicationType.WORKSHOP_PAPER: FABIO.ConferencePaper,
    PublicationType.JOURNAL_ARTICLE: FABIO.JournalArticle,
    PublicationType.BOOK: FABIO.Book,
    PublicationType.BOOK_CHAPTER: FABIO.BookChapter,
    PublicationType.PROCEEDINGS: FABIO.ConferenceProceedings,
    PublicationType.THESIS: FABIO.Thesis,
    PublicationType.PREPRINT: FABIO.Preprint,
    PublicationType.OTHER: FABIO.Expression,
}
_FABIO_IRI = {kind: str(cls) for kind, cls in _FABIO_CLASS.items()}


def work_iri(work_id: str) -> URIRef:
    return URIRef(ids.iri("work", work_id))


def person_iri(person_id: str) -> URIRef:
    return URIRef(ids.iri("person", person_id))


def source_iri(source_id: str) -> URIRef:
    return URIRef(ids.iri("source", source_id))


def year_literal(year: int) -> Lit:
    """A year as stored: ``xsd:gYear`` with four digits at least."""
    return Lit(f"{year:04d}", _GYEAR)


def integer(value: int) -> Lit:
    """An ``xsd:integer`` literal."""
    return Lit(str(value), _INTEGER)


@lru_cache(maxsize=1 << 14)
def _score(score: float) -> Lit:
    # Oxigraph's parsers write decimals in canonical form ("0.076" for
    # "0.0760"); the same form here keeps both ways of writing alike.
    return Lit(format(Decimal(f"{score:.4f}").normalize(), "f"), _DECIMAL)


# N-Triples, as lines ----------------------------------------------------

# N-Triples escapes in literals (RDF 1.1 N-Triples, ECHAR).
NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def ntriples_line(statement: Statement) -> str:
    """One statement as an N-Triples line, newline included."""
    s, p, o = statement
    if type(o) is Lit:
        text = o.text.translate(NT_ESCAPES)
        if o.language is not None:
            return f'<{s}> <{p}> "{text}"@{o.language} .\n'
        if o.datatype is None:
            return f'<{s}> <{p}> "{text}" .\n'
        return f'<{s}> <{p}> "{text}"^^<{o.datatype}> .\n'
    return f"<{s}> <{p}> <{o}> .\n"


def record_lines(record: LoadedRecord, source_id: str) -> Iterator[str]:
    """The N-Triples lines that state one record, as read from one source."""
    return map(ntriples_line, record_statements(record, source_id))


def source_lines(source: Source) -> Iterator[str]:
    return map(ntriples_line, source_statements(source))


# rdflib triples ----------------------------------------------------------


def _rdflib(term: Term) -> Node:
    if type(term) is Lit:
        datatype = None if term.datatype is None else URIRef(term.datatype)
        return Literal(term.text, lang=term.language, datatype=datatype)
    return term if isinstance(term, URIRef) else URIRef(term)


def triples(statements: Iterable[Statement]) -> Iterator[Triple]:
    """Statements as rdflib triples."""
    for s, p, o in statements:
        yield URIRef(s), URIRef(p), _rdflib(o)


def record_triples(record: LoadedRecord, source_id: str) -> Iterator[Triple]:
    """The triples that state one record, as read from one source."""
    return triples(record_statements(record, source_id))


def source_triples(source: Source) -> Iterator[Triple]:
    return triples(source_statements(source))


# The statements ----------------------------------------------------------


def record_statements(record: LoadedRecord, source_id: str) -> Iterator[Statement]:
    """The statements of one record, as read from one source."""
    if isinstance(record, Work):
        return work_statements(record, source_id)
    if isinstance(record, Person):
        return person_statements(record)
    if isinstance(record, Venue):
        return venue_statements(record)
    return cluster_statements(record)


def source_statements(source: Source) -> Iterator[Statement]:
    node = ids.iri("source", source.id)
    yield node, _TYPE, _K.Source
    yield node, _K.fileName, Lit(source.file_name)
    yield node, _K.sourceFormat, Lit(source.format)
    yield node, _K.sha256, Lit(source.sha256)


def work_statements(work: Work, source_id: str) -> Iterator[Statement]:
    k = _K
    node = ids.iri("work", work.id)
    yield node, _TYPE, k.Work
    if not work.is_alias:
        yield node, _TYPE, _FABIO_IRI[work.publication_type]
        yield node, _TITLE, Lit(work.title)
        yield node, _YEAR, year_literal(work.year)
        yield node, k.publicationType, Lit(work.publication_type.value)
    if work.abstract:
        yield node, _ABSTRACT, Lit(work.abstract)
    for published in work.preprint_of:
        yield node, k.preprintOf, ids.iri("work", published)
    for preprint in work.preprints:
        yield ids.iri("work", preprint), k.preprintOf, node
    for identifier in work.identifiers:
        yield node, k.identifier, Lit(str(identifier))
    for reference in work.references:
        yield node, k.references, Lit(str(reference))
    for published in work.published_as:
        yield node, k.publishedAs, Lit(str(published))

    if work.venue is not None:
        venue = ids.iri("venue", work.venue.id)
        yield node, k.publishedIn, venue
        yield from venue_statements(work.venue)
        if not work.is_alias:
            edition = ids.iri("edition", ids.edition_id(work.venue.id, work.year))
            yield node, k.inEdition, edition
            yield edition, _TYPE, k.VenueEdition
            yield edition, k.editionOf, venue
            yield edition, _YEAR, year_literal(work.year)

    for authorship in work.authorships:
        if work.is_alias:
            # The author list is the describing record's; this record only
            # adds to the people on it (another spelling, an identifier).
            yield from person_statements(authorship.person)
            continue
        person = ids.iri("person", authorship.person.id)
        role = ids.iri(
            "authorship", ids.authorship_id(source_id, work.id, authorship.position)
        )
        yield node, k.hasAuthorship, role
        yield node, _CREATOR, person
        yield role, _TYPE, k.Authorship
        yield role, k.author, person
        yield role, k.position, integer(authorship.position)
        yield role, k.nameAsWritten, Lit(authorship.name_as_written)
        for institution in authorship.institutions:
            yield role, k.institution, Lit(institution)
        yield from person_statements(authorship.person)

    for assignment in work.topics:
        topic = ids.iri("topic", assignment.topic)
        claim = ids.iri(
            "assignment",
            ids.assignment_id(source_id, work.id, assignment.topic, assignment.origin),
        )
        yield node, k.hasTopic, topic
        yield node, k.hasTopicAssignment, claim
        yield claim, _TYPE, k.TopicAssignment
        yield claim, k.assignedTopic, topic
        yield claim, k.score, _score(assignment.score)
        yield claim, k.origin, Lit(assignment.origin)


def venue_statements(venue: Venue) -> Iterator[Statement]:
    k = _K
    node = ids.iri("venue", venue.id)
    yield node, _TYPE, k.Venue
    if venue.acronym:
        yield node, k.acronym, Lit(venue.acronym)
    if venue.name:
        yield node, k.venueName, Lit(venue.name)
    yield node, _LABEL, Lit(venue.label)
    yield node, k.venueKind, Lit(venue.kind.value)
    for identifier in venue.identifiers:
        yield node, k.identifier, Lit(str(identifier))


def person_statements(person: Person) -> Iterator[Statement]:
    k = _K
    node = ids.iri("person", person.id)
    yield node, _TYPE, k.Person
    for identifier in person.identifiers:
        yield node, k.identifier, Lit(str(identifier))
    if person.is_alias:
        yield node, k.alternativeName, Lit(person.display_name)
        return
    yield node, _NAME, Lit(person.name)
    yield node, k.searchKey, Lit(search_key(person.display_name))
    if person.homonym_number:
        yield node, k.homonymNumber, Lit(person.homonym_number)
    if person.given_name:
        yield node, _GIVEN, Lit(person.given_name)
    if person.family_name:
        yield node, _FAMILY, Lit(person.family_name)
    for name in person.alternative_names:
        yield node, k.alternativeName, Lit(name)


def cluster_statements(cluster: NameCluster) -> Iterator[Statement]:
    node = ids.iri("cluster", cluster.id)
    yield node, _TYPE, _K.NameCluster
    yield node, _LABEL, Lit(cluster.name)
    yield node, _K.statedWorkCount, integer(cluster.stated_work_count)
    if cluster.stated_author_rows is not None:
        yield node, _K.statedAuthorRows, integer(cluster.stated_author_rows)
    for work_id in cluster.work_ids:
        yield node, _K.clusterWork, ids.iri("work", work_id)
