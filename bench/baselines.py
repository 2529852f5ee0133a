"""What people would use without this project, to measure it against.

``RdflibBackend`` answers the questions of ``kg.forms`` with rdflib's own
SPARQL engine over an in-memory dataset holding the same triples as the
Oxigraph store. ``coauthor_graph`` builds the networkx graph a scientist
would write by hand for coauthor questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from rdflib import XSD, Dataset, Literal, URIRef

from kg import ids
from kg.forms import Question
from kg.model import LoadedRecord, Source, Work
from kg.rdf import record_triples, source_iri
from kg.rdf_store import bound_value, joined_first
from kg.topics.scheme import scheme_iri, scheme_triples, topic_scheme
from kg.vocab import PREFIXES


class RdflibBackend:
    """The questions of ``kg.forms``, answered by rdflib's SPARQL engine."""

    kind = "rdflib"

    def __init__(self, source: Source, records: Iterable[LoadedRecord]) -> None:
        self.dataset = Dataset(default_union=True)
        graph = self.dataset.graph(source_iri(source.id))
        for record in records:
            for triple in record_triples(record, source.id):
                graph.add(triple)
        # The topic scheme, as the stores hold it, names the works' topics.
        concepts = self.dataset.graph(scheme_iri())
        for triple in scheme_triples(topic_scheme()):
            concepts.add(triple)

    def ask(self, question: Question, params: Mapping[str, Any]) -> list[dict]:
        # rdflib binds one value per variable, so a list parameter (a set of
        # people) is asked one value at a time; every form names the value in
        # its rows and groups by it, so the answers add up.
        for name, value in params.items():
            if isinstance(value, list):
                return [
                    row
                    for one in value
                    for row in self.ask(question, {**params, name: one})
                ]
        # rdflib's initBindings do not reach into a sub-select (where the page
        # of works takes its parameters): such a form gets them in a VALUES
        # block as the store does. The others keep initBindings, with which
        # rdflib joins from the person (a VALUES block made it 8-20x slower).
        if question.sparql.upper().count("SELECT") > 1:
            sparql, rest = joined_first(question, params)
        else:
            sparql = question.sparql
            rest = {name: bound_value(question, name, v) for name, v in params.items()}
        bindings = {
            name: value if isinstance(value, URIRef | Literal) else Literal(value)
            for name, value in rest.items()
        }
        # rdflib's YEAR() takes only dates and date-times, not the xsd:gYear
        # years are stored as; casting the year's text is the standard
        # equivalent that it does run.
        sparql = sparql.replace("YEAR(?published)", "xsd:integer(STR(?published))")
        result = self.dataset.query(sparql, initNs=PREFIXES, initBindings=bindings)
        names = [str(v) for v in result.vars or []]
        return [
            {name: _plain(row[i]) for i, name in enumerate(names)} for row in result
        ]


def _plain(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype == XSD.gYear:  # as the store reads a year: a number
            return int(str(term))
        if term.datatype == XSD.decimal and "." not in str(term):
            # rdflib's integer arithmetic answers xsd:decimal ("2000"), where
            # SPARQL (and Oxigraph) answer xsd:integer.
            return int(str(term))
        value = term.toPython()
        return value if isinstance(value, int) else str(term)
    text = str(term)
    return text.rpartition("/")[2] if text.startswith(ids.BASE) else text


def coauthor_graph(records: Iterable[LoadedRecord]) -> nx.Graph:
    """People joined by an edge per pair of coauthors, with the years."""
    graph = nx.Graph()
    for record in records:
        if not isinstance(record, Work):
            continue
        people = [a.person.id for a in record.authorships]
        for i, person in enumerate(people):
            for other in people[i + 1 :]:
                if graph.has_edge(person, other):
                    graph[person][other]["years"].add(record.year)
                    graph[person][other]["works"] += 1
                else:
                    graph.add_edge(person, other, years={record.year}, works=1)
    return graph


def shared_coauthors(graph: nx.Graph, one: str, other: str) -> list[tuple]:
    """Coauthors of both, with the years each worked with them."""
    shared = set(graph[one]) & set(graph[other])
    return sorted(
        (
            person,
            sorted(graph[one][person]["years"]),
            sorted(graph[other][person]["years"]),
        )
        for person in shared
    )
