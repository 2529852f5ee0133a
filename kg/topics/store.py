"""The topic scheme in both stores, written once per version of the scheme.

In the RDF store the scheme is its own named graph (the scheme's IRI); in
the property graph its concepts are ``Topic`` nodes linked by ``BROADER``,
stated by a ``Source`` of their own. Either is rewritten only when the
scheme file changes (its SHA-256 differs from the one stored).
"""

from __future__ import annotations

import logging
import time

import pyoxigraph as ox

from kg.errors import StoreError
from kg.graph.base import PropertyGraph
from kg.graph.writer import Batches, write_batches
from kg.rdf_store import RdfStore, to_oxigraph
from kg.topics.scheme import SCHEME_ID, TopicScheme, scheme_iri, scheme_triples
from kg.vocab import KGO

logger = logging.getLogger(__name__)

_SCHEME_STATE = "MATCH (s:Source {id: $source}) WHERE s.complete RETURN s.sha256"


_QUADS: dict[str, tuple[ox.Quad, ...]] = {}


def _scheme_quads(scheme: TopicScheme) -> tuple[ox.Quad, ...]:
    """The scheme as Oxigraph quads in its named graph, made once per process."""
    if scheme.sha256 in _QUADS:
        return _QUADS[scheme.sha256]
    graph = ox.NamedNode(str(scheme_iri()))
    _QUADS[scheme.sha256] = tuple(
        ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), to_oxigraph(o), graph)
        for s, p, o in scheme_triples(scheme)
    )
    return _QUADS[scheme.sha256]


def ensure_scheme_in_rdf(store: RdfStore, scheme: TopicScheme) -> bool:
    """Write the scheme's named graph unless it holds this version; True if written.

    The concepts go in with Oxigraph's bulk loader (four times faster than a
    transaction here), and the digest only after them: a write cut short
    leaves no digest, so the next load empties the graph and writes it again.
    """
    graph = scheme_iri()
    if store.graph_value(graph, KGO.sha256) == scheme.sha256:
        return False
    started = time.perf_counter()
    quads = _scheme_quads(scheme)
    digest = ox.Quad(
        ox.NamedNode(str(graph)),
        ox.NamedNode(str(KGO.sha256)),
        ox.Literal(scheme.sha256),
        ox.NamedNode(str(graph)),
    )
    try:
        store.oxigraph.remove_graph(ox.NamedNode(str(graph)))
        store.oxigraph.bulk_extend(q for q in quads if q != digest)
        store.oxigraph.add(digest)
        store.oxigraph.flush()
    except OSError as exc:
        raise StoreError(f"writing the topic scheme failed: {exc}") from exc
    count = len(quads)
    logger.info(
        "wrote the topic scheme (%d concepts, %d triples) to the RDF store in %.2f s",
        len(scheme.concepts),
        count,
        time.perf_counter() - started,
    )
    return True


def ensure_scheme_in_graph(graph: PropertyGraph, scheme: TopicScheme) -> bool:
    """Merge the scheme's Topic nodes unless they hold this version; True if written."""
    state = graph.read(_SCHEME_STATE, {"source": SCHEME_ID}).rows
    if state and state[0][0] == scheme.sha256:
        return False
    started = time.perf_counter()
    batches = Batches()
    for concept in scheme.concepts.values():
        batches.node(
            "Topic",
            concept.id,
            name=concept.label,
            level=concept.level,
            keywords=list(concept.keywords) or None,
        )
        if concept.parent is not None:
            batches.link("BROADER", concept.id, concept.parent)
    rows = write_batches(graph, SCHEME_ID, batches)

    done = Batches()
    done.node(
        "Source",
        SCHEME_ID,
        file_name="openalex_topics.csv",
        format="topic-scheme",
        sha256=scheme.sha256,
        complete=True,
    )
    write_batches(graph, SCHEME_ID, done)
    logger.info(
        "wrote the topic scheme (%d rows) to the property graph in %.2f s",
        rows,
        time.perf_counter() - started,
    )
    return True
