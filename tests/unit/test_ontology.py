"""The vocabulary in ontology/kg.ttl and the constants in kg.vocab agree."""

from __future__ import annotations

from rdflib import OWL, RDF, Graph, URIRef

from kg.vocab import KGO
from ontology import ONTOLOGY_TTL, SHAPES_TTL


def _declared_terms() -> set[str]:
    graph = Graph().parse(ONTOLOGY_TTL)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {
        str(term).removeprefix(str(KGO))
        for kind in kinds
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(str(KGO))
    }


def test_kgo_constants_are_exactly_the_terms_the_ontology_declares() -> None:
    constants = {name for name in KGO.__annotations__}
    assert constants == _declared_terms()


def test_every_declared_term_has_a_label() -> None:
    graph = Graph().parse(ONTOLOGY_TTL)
    from rdflib import RDFS

    unlabelled = {
        name for name in _declared_terms() if graph.value(KGO[name], RDFS.label) is None
    }
    assert unlabelled == set()


def test_shapes_file_parses_and_targets_every_class() -> None:
    from rdflib.namespace import SH

    shapes = Graph().parse(SHAPES_TTL)
    targets = {
        str(t).removeprefix(str(KGO)) for t in shapes.objects(None, SH.targetClass)
    }
    assert targets == {
        "Work",
        "Authorship",
        "Person",
        "Venue",
        "VenueEdition",
        "NameCluster",
        "Source",
    }
