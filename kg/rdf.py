"""Records become RDF triples (rdflib terms), in the vocabulary of ``ontology/``.

Counts and positions are plain ``xsd:integer`` (their bounds are in the
SHACL shapes): Oxigraph stores the derived integer types as ``xsd:integer``
anyway, and a datatype that changed on the way in would fail the shapes.

Besides the reified authorship (work → authorship → person, with position),
each work gets a direct ``dcterms:creator`` link to each author: a derived
fact, kept in step with the authorships because both are written from the
same record, that turns coauthor questions into short joins.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg import ids
from kg.model import (
    Identifier,
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


def work_iri(work_id: str) -> URIRef:
    return URIRef(ids.iri("work", work_id))


def person_iri(person_id: str) -> URIRef:
    return URIRef(ids.iri("person", person_id))


def venue_iri(venue_id: str) -> URIRef:
    return URIRef(ids.iri("venue", venue_id))


def edition_iri(edition_id: str) -> URIRef:
    return URIRef(ids.iri("edition", edition_id))


def source_iri(source_id: str) -> URIRef:
    return URIRef(ids.iri("source", source_id))


def year_literal(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def record_triples(record: LoadedRecord, source_id: str) -> Iterator[Triple]:
    """The triples that state one record, as read from one source."""
    if isinstance(record, Work):
        yield from work_triples(record, source_id)
    elif isinstance(record, Person):
        yield from person_triples(record)
    elif isinstance(record, Venue):
        yield from venue_triples(record)
    else:
        yield from cluster_triples(record)


def identifier_literal(identifier: Identifier) -> Literal:
    """``doi:10.7717/peerj.4375``: the scheme keeps equal values apart."""
    return Literal(str(identifier))


def source_triples(source: Source) -> Iterator[Triple]:
    node = source_iri(source.id)
    yield node, RDF.type, KGO.Source
    yield node, KGO.fileName, Literal(source.file_name)
    yield node, KGO.sourceFormat, Literal(source.format)
    yield node, KGO.sha256, Literal(source.sha256)


def work_triples(work: Work, source_id: str) -> Iterator[Triple]:
    node = work_iri(work.id)
    yield node, RDF.type, KGO.Work
    if not work.is_alias:
        yield node, RDF.type, _FABIO_CLASS[work.publication_type]
        yield node, DCTERMS.title, Literal(work.title)
        yield node, FABIO.hasPublicationYear, year_literal(work.year)
        yield node, KGO.publicationType, Literal(work.publication_type.value)
    if work.abstract:
        yield node, DCTERMS.abstract, Literal(work.abstract)
    for published in work.preprint_of:
        yield node, KGO.preprintOf, work_iri(published)
    for preprint in work.preprints:
        yield work_iri(preprint), KGO.preprintOf, node
    for identifier in work.identifiers:
        yield node, KGO.identifier, identifier_literal(identifier)
    for reference in work.references:
        yield node, KGO.references, identifier_literal(reference)
    for published in work.published_as:
        yield node, KGO.publishedAs, identifier_literal(published)

    if work.venue is not None:
        yield node, KGO.publishedIn, venue_iri(work.venue.id)
        yield from venue_triples(work.venue)
        if not work.is_alias:
            edition = edition_iri(ids.edition_id(work.venue.id, work.year))
            yield node, KGO.inEdition, edition
            yield edition, RDF.type, KGO.VenueEdition
            yield edition, KGO.editionOf, venue_iri(work.venue.id)
            yield edition, FABIO.hasPublicationYear, year_literal(work.year)

    for authorship in work.authorships:
        if work.is_alias:
            # The author list is the describing record's; this record only
            # adds to the people on it (another spelling, an identifier).
            yield from person_triples(authorship.person)
            continue
        person = person_iri(authorship.person.id)
        role = URIRef(
            ids.iri(
                "authorship",
                ids.authorship_id(source_id, work.id, authorship.position),
            )
        )
        yield node, KGO.hasAuthorship, role
        yield node, DCTERMS.creator, person
        yield role, RDF.type, KGO.Authorship
        yield role, KGO.author, person
        yield role, KGO.position, Literal(authorship.position)
        yield role, KGO.nameAsWritten, Literal(authorship.name_as_written)
        for institution in authorship.institutions:
            yield role, KGO.institution, Literal(institution)
        yield from person_triples(authorship.person)

    for assignment in work.topics:
        topic = URIRef(ids.iri("topic", assignment.topic))
        claim = URIRef(
            ids.iri(
                "assignment",
                ids.assignment_id(
                    source_id, work.id, assignment.topic, assignment.origin
                ),
            )
        )
        yield node, KGO.hasTopic, topic
        yield node, KGO.hasTopicAssignment, claim
        yield claim, RDF.type, KGO.TopicAssignment
        yield claim, KGO.assignedTopic, topic
        # Oxigraph's parsers write decimals in canonical form ("0.076" for
        # "0.0760"); the same form here keeps both ways of writing alike.
        score = Decimal(f"{assignment.score:.4f}").normalize()
        yield claim, KGO.score, Literal(format(score, "f"), datatype=XSD.decimal)
        yield claim, KGO.origin, Literal(assignment.origin)


def venue_triples(venue: Venue) -> Iterator[Triple]:
    node = venue_iri(venue.id)
    yield node, RDF.type, KGO.Venue
    if venue.acronym:
        yield node, KGO.acronym, Literal(venue.acronym)
    if venue.name:
        yield node, KGO.venueName, Literal(venue.name)
    yield node, RDFS.label, Literal(venue.label)
    yield node, KGO.venueKind, Literal(venue.kind.value)
    for identifier in venue.identifiers:
        yield node, KGO.identifier, identifier_literal(identifier)


def person_triples(person: Person) -> Iterator[Triple]:
    node = person_iri(person.id)
    yield node, RDF.type, KGO.Person
    for identifier in person.identifiers:
        yield node, KGO.identifier, identifier_literal(identifier)
    if person.is_alias:
        yield node, KGO.alternativeName, Literal(person.display_name)
        return
    yield node, FOAF.name, Literal(person.name)
    yield node, KGO.searchKey, Literal(search_key(person.display_name))
    if person.homonym_number:
        yield node, KGO.homonymNumber, Literal(person.homonym_number)
    if person.given_name:
        yield node, FOAF.givenName, Literal(person.given_name)
    if person.family_name:
        yield node, FOAF.familyName, Literal(person.family_name)
    for name in person.alternative_names:
        yield node, KGO.alternativeName, Literal(name)


def cluster_triples(cluster: NameCluster) -> Iterator[Triple]:
    node = URIRef(ids.iri("cluster", cluster.id))
    yield node, RDF.type, KGO.NameCluster
    yield node, RDFS.label, Literal(cluster.name)
    yield node, KGO.statedWorkCount, Literal(cluster.stated_work_count)
    if cluster.stated_author_rows is not None:
        yield node, KGO.statedAuthorRows, Literal(cluster.stated_author_rows)
    for work_id in cluster.work_ids:
        yield node, KGO.clusterWork, work_iri(work_id)
