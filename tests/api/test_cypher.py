"""POST /cypher over HTTP, against the real FalkorDB server."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.main import create_app
from kg.config import Settings
from kg.graph import EmbeddedFalkorDB, FalkorDBGraph
from kg.rdf_store import RdfStore
from kg.stores import Stores
from tests.api.conftest import _serving

AUTHORSHIPS = "MATCH (p:Person)-[:AUTHORED]->(w:Work) RETURN count(*) AS n"


def _cypher(client: httpx.Client, query: str, **extra: Any) -> httpx.Response:
    return client.post("/cypher", json={"query": query, **extra})


def test_cypher_counts_the_49_authorships_of_the_sample(client: httpx.Client) -> None:
    response = _cypher(client, AUTHORSHIPS)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["columns"], body["rows"], body["truncated"]) == (["n"], [[49]], False)
    assert body["server"] == "falkordb"


def test_cypher_returns_nodes_and_relationships_as_json(client: httpx.Client) -> None:
    query = (
        "MATCH (p:Person {id: $id})-[a:AUTHORED]->(w:Work) RETURN p, a, w.year AS year"
    )
    body = _cypher(client, query, parameters={"id": "lei_xu_0040"}).json()
    person, authored, year = body["rows"][0]
    assert person["kind"] == "node"
    assert person["labels"] == ["Person"]
    assert person["properties"]["name"] == "Lei Xu"
    assert person["properties"]["homonym_number"] == "0040"
    assert authored["kind"] == "relationship"
    assert authored["type"] == "AUTHORED"
    assert authored["start"] == person["id"]
    assert authored["properties"]["position"] == 2
    assert year == 2025


def test_cypher_that_writes_is_a_403_and_changes_nothing(client: httpx.Client) -> None:
    response = _cypher(client, "MATCH (n) DETACH DELETE n")
    assert response.status_code == 403
    assert response.json()["code"] == "read-only"
    assert _cypher(client, AUTHORSHIPS).json()["rows"] == [[49]]


def test_cypher_past_its_time_limit_is_a_504_naming_the_limit(
    client: httpx.Client,
) -> None:
    slow = "UNWIND range(1, 100000000) AS x RETURN sum(x) AS total"
    response = _cypher(client, slow, timeout_ms=20)
    assert response.status_code == 504
    body = response.json()
    assert body["code"] == "query-timeout"
    assert "20 ms" in body["detail"]


def test_cypher_rows_past_the_limit_are_cut_and_flagged(client: httpx.Client) -> None:
    body = _cypher(client, "MATCH (p:Person) RETURN p.id", row_limit=5).json()
    assert len(body["rows"]) == 5
    assert body["truncated"] is True
    assert body["row_limit"] == 5


def test_cypher_limits_cannot_exceed_the_servers(client: httpx.Client) -> None:
    body = _cypher(client, "RETURN 1 AS one", timeout_ms=10**9, row_limit=10**9).json()
    assert body["timeout_ms"] == 10_000
    assert body["row_limit"] == 10_000


def test_cypher_syntax_error_is_a_400_quoting_the_server(client: httpx.Client) -> None:
    response = _cypher(client, "MATCH (n RETURN n")
    assert response.status_code == 400
    assert "refused the query" in response.json()["detail"]


def test_cypher_without_a_query_is_a_422(client: httpx.Client) -> None:
    response = client.post("/cypher", json={"parameters": {}})
    assert response.status_code == 422
    assert "query" in response.json()["detail"]


def test_every_response_names_the_store_that_answers(client: httpx.Client) -> None:
    store = client.get("/health").headers["x-kg-store"]
    assert store in {"rdf (oxigraph)", "graph (falkordb)"}
    health = client.get("/health").json()
    assert health["answers_from"] == store


def test_cypher_load_csv_is_refused_and_fetches_nothing(client: httpx.Client) -> None:
    # Found by a tester: the server fetched the URL and answered 200 with no rows.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        query = f"LOAD CSV FROM 'http://127.0.0.1:{port}/x.csv' AS row RETURN row"
        response = _cypher(client, query)
        with pytest.raises(TimeoutError):
            listener.accept()
    assert response.status_code == 400
    assert response.json()["code"] == "fetch-refused"


def test_health_is_503_when_the_graph_server_is_gone(
    tmp_path: Path, sample_path: Path
) -> None:
    # Found by a tester: /health said "ok" with the graph server dead.
    server = EmbeddedFalkorDB(tmp_path / "falkordb").start()
    store = RdfStore(None)
    graph = FalkorDBGraph(server.host, server.port or 0)
    try:
        stores = Stores(rdf=store, graph=graph, data_dir=tmp_path)
        with _serving(create_app(stores, Settings())) as base_url:
            assert httpx.get(f"{base_url}/health").status_code == 200
            server.stop_hard()
            response = httpx.get(f"{base_url}/health")
        assert response.status_code == 503
        assert response.json()["status"] == "degraded"
    finally:
        graph.close()
        store.close()


def test_cypher_parameter_the_client_cannot_send_is_a_400(
    client: httpx.Client,
) -> None:
    # Found in review: such parameter names were a 500.
    response = _cypher(client, "RETURN 1 AS one", parameters={"a`b": 1})
    assert response.status_code == 400
    assert response.json()["code"] == "bad-query"


def test_cypher_durations_come_back_as_text(client: httpx.Client) -> None:
    # Found in review: a duration could not be written as JSON (a 500).
    response = _cypher(client, "RETURN duration('P1D') AS d")
    assert response.status_code == 200, response.text
    assert isinstance(response.json()["rows"][0][0], str)
