"""Fixtures of the integration tests: both stores, empty, for one test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.graph import EmbeddedFalkorDB, FalkorDBGraph
from kg.rdf_store import RdfStore
from tests.conftest import new_graph


@pytest.fixture
def stores(
    falkordb_server: EmbeddedFalkorDB,
) -> Iterator[tuple[RdfStore, FalkorDBGraph]]:
    """An empty in-memory RDF store and an empty property graph."""
    store = RdfStore(None)
    graph = new_graph(falkordb_server)
    yield store, graph
    graph.close()
    store.close()
