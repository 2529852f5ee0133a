"""What the SPARQL endpoint refuses before a query runs, and protocol details.

Each case here was found by a tester trying to break the service.
"""

from __future__ import annotations

import socket
import threading

import httpx

COUNT_WORKS = "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a kgo:Work }"


def _problem(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code
    return str(body["detail"])


def _count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_deeply_nested_query_is_refused_not_crashing(client: httpx.Client) -> None:
    query = "ASK {" + "{" * 5000 + "}" * 5000 + "}"
    detail = _problem(
        client.post("/sparql", data={"query": query}), 400, "query-too-deep"
    )
    assert "5001 deep" in detail
    assert client.get("/health").status_code == 200


def test_service_clause_is_refused_and_nothing_is_fetched(client: httpx.Client) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        calls: list[object] = []
        waiter = threading.Thread(target=lambda: _accept(listener, calls))
        waiter.start()
        query = (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}"
        )
        response = client.get("/sparql", params={"query": query})
        waiter.join()
    _problem(response, 400, "service-refused")
    assert calls == []


def _accept(listener: socket.socket, calls: list[object]) -> None:
    try:
        calls.append(listener.accept())
    except TimeoutError:
        pass


def test_service_in_a_string_is_not_refused(client: httpx.Client) -> None:
    query = 'ASK { ?w ?p "SERVICE {" }'
    assert client.get("/sparql", params={"query": query}).json() == {
        "head": {},
        "boolean": False,
    }


def test_query_body_that_is_not_utf8_is_a_422(client: httpx.Client) -> None:
    response = client.post(
        "/sparql",
        content=b'ASK { ?s ?p "\xff" }',
        headers={"content-type": "application/sparql-query"},
    )
    assert "not UTF-8" in _problem(response, 422, "invalid-parameter")


def test_default_graph_uri_that_is_not_an_iri_is_a_400(client: httpx.Client) -> None:
    response = client.get(
        "/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"}
    )
    _problem(response, 400, "bad-graph-uri")


def test_from_clause_chooses_the_default_graph(client: httpx.Client) -> None:
    nowhere = COUNT_WORKS.replace("WHERE", "FROM <http://example.org/none> WHERE")
    assert _count(client.get("/sparql", params={"query": COUNT_WORKS})) == 10
    assert _count(client.get("/sparql", params={"query": nowhere})) == 0


def test_named_graph_uri_limits_the_graphs_of_graph_patterns(
    client: httpx.Client,
) -> None:
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    everything = client.get("/sparql", params={"query": query})
    nothing = client.get(
        "/sparql",
        params={"query": query, "named-graph-uri": "http://example.org/none"},
    )
    # The sample page's graph and the topic scheme's.
    assert (_count(everything), _count(nothing)) == (2, 0)


def test_blank_query_is_a_422_naming_query(client: httpx.Client) -> None:
    detail = _problem(
        client.get("/sparql", params={"query": "   "}), 422, "invalid-parameter"
    )
    assert "'query'" in detail


def test_query_given_twice_is_a_422(client: httpx.Client) -> None:
    response = client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert "2 times" in _problem(response, 422, "invalid-parameter")


def test_undeclared_prefix_names_the_declared_ones(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT * { ?s ex:p ?o }"})
    detail = _problem(response, 400, "bad-query")
    assert "uses the prefix ex: without declaring it" in detail
    assert "kgo" in detail
