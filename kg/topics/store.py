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
from kg.rdf import ntriples_line
from kg.rdf_store import RdfStore
from kg.topics.scheme import SCHEME_ID, TopicScheme, scheme_iri, scheme_statements
from kg.vocab import KGO

logger = logging.getLogger(__name__)

_SCHEME_STATE = "MATCH (s:Source {id: $source}) WHERE s.complete RETURN s.sha256"


_LINES: dict[str, bytes] = {}


def _scheme_lines(scheme: TopicScheme) -> bytes:
    """The scheme as N-Triples, its digest left out; made once per process."""
    if scheme.sha256 not in _LINES:
        digest = str(KGO.sha256)
        _LINES[scheme.sha256] = "".join(
            ntriples_line(statement)
            for statement in scheme_statements(scheme)
            if statement[1] != digest
        ).encode("utf-8")
    return _LINES[scheme.sha256]


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
    lines = _scheme_lines(scheme)
    target = ox.NamedNode(str(graph))
    digest = ox.Quad(
        target, ox.NamedNode(str(KGO.sha256)), ox.Literal(scheme.sha256), target
    )
    try:
        store.oxigraph.remove_graph(target)
        store.oxigraph.bulk_load(lines, ox.RdfFormat.N_TRIPLES, to_graph=target)
        store.oxigraph.add(digest)
        store.oxigraph.flush()
    except OSError as exc:
        raise StoreError(f"writing the topic scheme failed: {exc}") from exc
    count = lines.count(b"\n") + 1
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
