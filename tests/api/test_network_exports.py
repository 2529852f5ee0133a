"""The network and whole-graph exports over HTTP, chosen by format= or Accept."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import networkx as nx
import pytest
from fastapi import FastAPI
from rdflib import Graph

from api.errors import install_error_handlers
from api.routers import ui
from tests.api.conftest import _serving
from tests.conftest import SAMPLE_TRIPLES, SCHEME_TRIPLES

NETWORK = "/authors/jongwoo_ko/network"


def test_network_as_json_has_27_people_and_87_collaborations(
    client: httpx.Client,
) -> None:
    response = client.get(NETWORK)
    assert response.status_code == 200
    body = response.json()
    assert (len(body["nodes"]), len(body["edges"])) == (27, 87)
    assert body["nodes"][0]["id"] == "jongwoo_ko"


def test_network_of_2025_only_has_the_17_coauthors_of_that_year(
    client: httpx.Client,
) -> None:
    body = client.get(NETWORK, params={"from_year": 2025, "to_year": 2025}).json()
    assert len(body["nodes"]) == 18
    assert (body["from_year"], body["to_year"]) == (2025, 2025)


def test_gexf_by_format_opens_in_networkx_with_years_on_edges(
    client: httpx.Client,
) -> None:
    response = client.get(NETWORK, params={"format": "gexf"})
    assert response.headers["content-type"] == "application/gexf+xml"
    assert (
        'filename="jongwoo_ko-network.gexf"'
        in (response.headers["content-disposition"])
    )
    graph = nx.read_gexf(io.BytesIO(response.content))
    assert graph.number_of_nodes() == 27
    assert graph.edges["jongwoo_ko", "sungnyun_kim"]["years"] == "2023;2024;2025"


def test_network_files_of_every_format_have_distinct_names(
    client: httpx.Client,
) -> None:
    forms = [
        "graphml", "gexf", "cytoscape", "node-link", "graphology",
        "vosviewer-map", "vosviewer-network", "csv-nodes", "csv-edges",
    ]  # fmt: skip

    names = [
        client.get(NETWORK, params={"format": form}).headers["content-disposition"]
        for form in forms
    ]

    assert names == [
        f'inline; filename="jongwoo_ko-network.{extension}"'
        for extension in (
            "graphml", "gexf", "cyjs", "node-link.json", "graphology.json",
            "vosviewer-map.txt", "vosviewer-network.txt", "nodes.csv", "edges.csv",
        )
    ]  # fmt: skip


def test_accept_header_chooses_graphml(client: httpx.Client) -> None:
    response = client.get(
        NETWORK,
        params={"depth": 2, "min_works": 2},
        headers={"Accept": "application/graphml+xml"},
    )
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (6, 9)


def test_unknown_format_is_a_422_naming_the_parameter(client: httpx.Client) -> None:
    response = client.get(NETWORK, params={"format": "pajek"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "format"


def test_accept_of_a_type_not_given_is_a_406(client: httpx.Client) -> None:
    response = client.get(NETWORK, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "format=" in response.json()["detail"]


@pytest.mark.parametrize(("depth", "status"), [(0, 422), (3, 422)])
def test_depth_outside_1_and_2_is_refused(
    client: httpx.Client, depth: int, status: int
) -> None:
    assert client.get(NETWORK, params={"depth": depth}).status_code == status


def test_network_of_an_unknown_person_is_a_404(client: httpx.Client) -> None:
    assert client.get("/authors/no_one/network").status_code == 404


def test_whole_graph_as_ntriples_by_accept(client: httpx.Client) -> None:
    response = client.get("/graph", headers={"Accept": "application/n-triples"})
    assert response.headers["content-type"] == "application/n-triples"
    assert len(Graph().parse(data=response.content, format="nt")) == (
        SAMPLE_TRIPLES + SCHEME_TRIPLES
    )


def test_home_page_leads_to_the_network_view(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 307
    assert response.headers["location"] == "/ui/"


def test_view_not_built_says_how_to_build_it(tmp_path: Path) -> None:
    app = FastAPI()
    install_error_handlers(app)
    ui.mount(app, built=tmp_path)
    with _serving(app) as base_url:
        response = httpx.get(f"{base_url}/ui/")
    assert response.status_code == 404
    assert "make ui" in response.json()["detail"]


def test_network_of_a_set_of_works_as_csv_nodes(client: httpx.Client) -> None:
    works = [w["id"] for w in client.get("/works?year=2025").json()["works"]]
    response = client.get(
        "/network", params={"works": ",".join(works), "format": "csv-nodes"}
    )
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert len(lines) == 19  # a header and the 18 authors of 2025
    assert lines[1].startswith("jongwoo_ko,Jongwoo Ko,Jongwoo Ko,,,4,2025,2025,")


def test_network_of_an_unknown_work_is_a_404(client: httpx.Client) -> None:
    assert client.get("/network", params={"works": "nothing_here"}).status_code == 404
