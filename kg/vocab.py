"""Closed namespaces for the vocabulary terms the project writes.

A misspelt term raises ``AttributeError`` instead of minting a new IRI.
``tests/test_ontology.py`` checks that KGO lists exactly the terms that
``ontology/kg.ttl`` declares, so the two cannot drift apart.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)

from kg.ids import ONTOLOGY


class KGO(DefinedNamespace):
    """The project's own vocabulary (``ontology/kg.ttl``)."""

    _NS = Namespace(ONTOLOGY)
    _fail = True

    # Classes
    Work: URIRef
    Person: URIRef
    Venue: URIRef
    VenueEdition: URIRef
    Authorship: URIRef
    Topic: URIRef
    TopicAssignment: URIRef
    NameCluster: URIRef
    Source: URIRef

    # Works and authorships
    hasAuthorship: URIRef
    author: URIRef
    position: URIRef
    nameAsWritten: URIRef
    publishedIn: URIRef
    publicationType: URIRef
    hasTopic: URIRef

    # Identifiers and links that come with the newer sources
    identifier: URIRef
    references: URIRef
    publishedAs: URIRef
    institution: URIRef
    preprintOf: URIRef

    # Topics
    hasTopicAssignment: URIRef
    assignedTopic: URIRef
    score: URIRef
    origin: URIRef
    topicLevel: URIRef

    # People
    homonymNumber: URIRef
    searchKey: URIRef
    alternativeName: URIRef

    # Venues
    acronym: URIRef
    venueName: URIRef
    venueKind: URIRef
    editionOf: URIRef
    inEdition: URIRef

    # Name clusters
    clusterWork: URIRef
    statedWorkCount: URIRef
    statedAuthorRows: URIRef

    # Sources
    fileName: URIRef
    sourceFormat: URIRef
    sha256: URIRef


class FABIO(DefinedNamespace):
    """The FaBiO terms used here (http://purl.org/spar/fabio)."""

    _NS = Namespace("http://purl.org/spar/fabio/")
    _fail = True

    ConferencePaper: URIRef
    JournalArticle: URIRef
    Book: URIRef
    BookChapter: URIRef
    ConferenceProceedings: URIRef
    Thesis: URIRef
    Preprint: URIRef
    Expression: URIRef
    hasPublicationYear: URIRef


PREFIXES = {
    "kgo": str(KGO),
    "fabio": str(FABIO),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

__all__ = [
    "DCTERMS",
    "FABIO",
    "FOAF",
    "KGO",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
]
