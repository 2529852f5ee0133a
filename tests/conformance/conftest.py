"""The stores the conformance suite asks: every one that can be reached.

Oxigraph and FalkorDB run everywhere. Neo4j runs where ``KG_TEST_NEO4J_URL``
names a server (with ``KG_TEST_NEO4J_USER`` and ``KG_TEST_NEO4J_PASSWORD``),
or where a Docker engine lets ``testcontainers`` start one; elsewhere its
tests skip and say why.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from kg.graph import PropertyGraph, ensure_schema, write_source
from kg.loading import load_records, source_of
from kg.model import LoadedRecord, Source
from kg.queries import Backend
from kg.rdf_store import RdfStore
from kg.topics.assign import with_topics
from kg.topics.scheme import topic_scheme
from kg.topics.store import ensure_scheme_in_graph
from loaders import read_records
from tests.conftest import new_graph
from tests.synthetic import synthetic_records, synthetic_source

GENERATED_WORKS = 3000


def _empty_store(name: str, request: pytest.FixtureRequest) -> Backend:
    """A fresh, empty store of the kind named."""
    if name == "oxigraph":
        return RdfStore(None)
    graph: PropertyGraph
    if name == "falkordb":
        graph = new_graph(request.getfixturevalue("falkordb_server"))
    else:
        graph = request.getfixturevalue("neo4j_graph")
        graph.clear()
        ensure_schema(graph)
    return graph


def _fill(store: Backend, source: Source, records: Sequence[LoadedRecord]) -> None:
    """Write as a load does: the topic scheme, then records with their topics."""
    if isinstance(store, RdfStore):
        load_records(store, source, records)
    else:
        ensure_scheme_in_graph(store, topic_scheme())  # type: ignore[arg-type]
        write_source(store, source, with_topics(records))  # type: ignore[arg-type]


def store_holding(
    name: str, request: pytest.FixtureRequest, paths: list[Path]
) -> Backend:
    """A fresh store of the kind named, holding the files given."""
    store = _empty_store(name, request)
    for path in paths:
        _fill(store, source_of(path), list(read_records(path)))
    return store


@pytest.fixture(scope="module", params=["oxigraph", "falkordb", "neo4j"])
def sample_in(request: pytest.FixtureRequest, sample_path: Path) -> Iterator[Backend]:
    """The sample page in each reachable store."""
    store = _empty_store(request.param, request)
    _fill(store, source_of(sample_path), list(read_records(sample_path)))
    yield store
    if not isinstance(store, RdfStore):
        store.clear()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def generated_records() -> list[LoadedRecord]:
    return list(synthetic_records(GENERATED_WORKS))


@pytest.fixture(scope="session")
def generated_reference(generated_records: list[LoadedRecord]) -> RdfStore:
    """The generated graph in Oxigraph: the answers every store must give."""
    store = RdfStore(None)
    _fill(store, synthetic_source(GENERATED_WORKS), generated_records)
    return store


@pytest.fixture(scope="module", params=["falkordb", "neo4j"])
def generated_in(
    request: pytest.FixtureRequest, generated_records: list[LoadedRecord]
) -> Iterator[Backend]:
    """The generated graph in each reachable property-graph store."""
    store = _empty_store(request.param, request)
    _fill(store, synthetic_source(GENERATED_WORKS), generated_records)
    yield store
    store.clear()  # type: ignore[attr-defined]
