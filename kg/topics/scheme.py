"""The topic scheme: OpenAlex topics as a SKOS concept scheme.

The scheme is data (``ontology/openalex_topics.csv``, CC0, see
``ontology/TOPICS_SOURCES.md``): 4,516 topics, each under one subfield,
each subfield under one field, each field under one domain. Every level is
a concept, so a work may point at a topic (OpenAlex) or at a field
(Semantic Scholar's fields of study), and shares can be rolled up.

Local ids: topics keep their OpenAlex id (``T12535``); the levels above are
``subfield-1702``, ``field-17`` and ``domain-3``.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import URIRef

from kg import ids
from kg.rdf import Lit, Statement, Triple, triples
from kg.vocab import DCTERMS, KGO, RDF, RDFS, SKOS
from ontology import TOPICS_CSV

SCHEME_ID = "openalex-topics"
SCHEME_LABEL = "OpenAlex topics"
LEVELS = ("topic", "subfield", "field", "domain")
OPENALEX = "https://openalex.org/"


# Semantic Scholar's fields of study that the scheme names otherwise; the
# others ("Computer Science", "Medicine", ...) are the scheme's own fields.
_S2_FIELDS = {
    "Physics": "Physics and Astronomy",
    "Geology": "Earth and Planetary Sciences",
    "Biology": "Biochemistry, Genetics and Molecular Biology",
    "Agricultural and Food Sciences": "Agricultural and Biological Sciences",
    "Economics": "Economics, Econometrics and Finance",
    "Business": "Business, Management and Accounting",
    "Art": "Arts and Humanities",
    "History": "Arts and Humanities",
    "Philosophy": "Arts and Humanities",
    "Linguistics": "Arts and Humanities",
    "Sociology": "Social Sciences",
    "Political Science": "Social Sciences",
    "Geography": "Social Sciences",
    "Law": "Social Sciences",
    "Education": "Social Sciences",
}


@dataclass(frozen=True)
class Concept:
    """One concept of the scheme, at one of the four levels."""

    id: str
    level: str
    label: str
    parent: str | None
    keywords: tuple[str, ...] = ()
    summary: str | None = None

    @property
    def openalex(self) -> str:
        """The concept's OpenAlex IRI."""
        if self.level == "topic":
            return OPENALEX + self.id
        return f"{OPENALEX}{self.level}s/{self.id.partition('-')[2]}"


@dataclass(frozen=True)
class TopicScheme:
    """Every concept of the scheme by id, and the digest of its file."""

    concepts: dict[str, Concept]
    sha256: str

    def get(self, concept_id: str) -> Concept | None:
        return self.concepts.get(concept_id)

    def lift(self, concept_id: str, level: str) -> str | None:
        """The concept at ``level`` above (or at) ``concept_id``.

        None when the concept sits above that level (a field has no topic)
        or is not in the scheme.
        """
        want = LEVELS.index(level)
        concept = self.concepts.get(concept_id)
        while concept is not None and LEVELS.index(concept.level) < want:
            concept = self.concepts.get(concept.parent or "")
        if concept is None or concept.level != level:
            return None
        return concept.id

    def label(self, concept_id: str) -> str:
        concept = self.concepts.get(concept_id)
        return concept.label if concept else concept_id

    def field_named(self, name: str) -> str | None:
        """The field a Semantic Scholar field of study falls in, or None."""
        wanted = _S2_FIELDS.get(name, name).casefold()
        for concept in self.concepts.values():
            if concept.level == "field" and concept.label.casefold() == wanted:
                return concept.id
        return None

    def topics(self) -> list[Concept]:
        """The finest concepts, in the order of the file."""
        return [c for c in self.concepts.values() if c.level == "topic"]


def read_scheme(path: Path) -> TopicScheme:
    """Read the OpenAlex topics table into concepts of four levels."""
    data = path.read_bytes()
    concepts: dict[str, Concept] = {}
    rows = csv.DictReader(data.decode("utf-8").splitlines())
    for row in rows:
        domain = f"domain-{row['domain_id']}"
        field = f"field-{row['field_id']}"
        subfield = f"subfield-{row['subfield_id']}"
        concepts.setdefault(domain, Concept(domain, "domain", row["domain_name"], None))
        concepts.setdefault(field, Concept(field, "field", row["field_name"], domain))
        concepts.setdefault(
            subfield, Concept(subfield, "subfield", row["subfield_name"], field)
        )
        topic = f"T{row['topic_id']}"
        concepts[topic] = Concept(
            topic,
            "topic",
            row["new_topic_label"],
            subfield,
            tuple(k.strip() for k in row["keywords"].split(";") if k.strip()),
            row["summary"] or None,
        )
    return TopicScheme(concepts, hashlib.sha256(data).hexdigest())


@cache
def topic_scheme() -> TopicScheme:
    """The scheme shipped in ``ontology/``, read once per process."""
    return read_scheme(TOPICS_CSV)


def scheme_iri() -> URIRef:
    """The scheme's node, which is also the named graph that holds it."""
    return URIRef(ids.iri("source", SCHEME_ID))


def scheme_statements(scheme: TopicScheme) -> Iterator[Statement]:
    """The scheme in SKOS: concepts, labels, keywords, and the broader tree."""
    node = str(scheme_iri())
    a, concept_class, topic_class = str(RDF.type), str(SKOS.Concept), str(KGO.Topic)
    in_scheme, pref, level = (
        str(SKOS.inScheme),
        str(SKOS.prefLabel),
        str(KGO.topicLevel),
    )
    match, broader, alt = str(SKOS.exactMatch), str(SKOS.broader), str(SKOS.altLabel)
    yield node, a, str(SKOS.ConceptScheme)
    yield node, str(RDFS.label), Lit(SCHEME_LABEL)
    yield node, str(KGO.sha256), Lit(scheme.sha256)
    for concept in scheme.concepts.values():
        iri = ids.iri("topic", concept.id)
        yield iri, a, topic_class
        yield iri, a, concept_class
        yield iri, in_scheme, node
        yield iri, pref, Lit(concept.label, language="en")
        yield iri, level, Lit(concept.level)
        yield iri, match, concept.openalex
        if concept.parent is None:
            yield node, str(SKOS.hasTopConcept), iri
            yield iri, str(SKOS.topConceptOf), node
        else:
            yield iri, broader, ids.iri("topic", concept.parent)
        for keyword in concept.keywords:
            yield iri, alt, Lit(keyword, language="en")
        if concept.summary:
            yield iri, str(SKOS.definition), Lit(concept.summary, language="en")
    yield node, str(DCTERMS.source), OPENALEX + "topics"


def scheme_triples(scheme: TopicScheme) -> Iterator[Triple]:
    """The scheme as rdflib triples."""
    return triples(scheme_statements(scheme))
