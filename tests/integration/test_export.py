"""Every export reads back, with a real reader, as the graph it came from.

The sample's network around Jongwoo Ko has 27 people and 87 collaborations
(the distinct pairs of authors of its ten works); he has 10 works in
2021, 2023, 2024 and 2025, and shares 8 of them with Se-Young Yun.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef

from kg.export import NETWORK_FORMS, write_network, write_rdf
from kg.network import Network, coauthor_network
from kg.rdf_store import RdfStore
from kg.vocab import FOAF, KGO
from tests.conftest import SAMPLE_TRIPLES, SCHEME_TRIPLES, TOP_TOPICS

# rdflib's own JSON-LD and N-Quads parsers call its deprecated
# ConjunctiveGraph API; that is rdflib's business, not a fault of the dump.
RDFLIB_DEPRECATIONS = pytest.mark.filterwarnings(
    "ignore:.*is deprecated:DeprecationWarning"
)

SCHEMA = Path(__file__).parents[1] / "data" / "cytoscape-elements.schema.json"
PEOPLE, COLLABORATIONS = 27, 87
PAIR = ("jongwoo_ko", "se-young_yun")


@pytest.fixture(scope="module")
def network(sample_store: RdfStore) -> Network:
    return coauthor_network(sample_store, "jongwoo_ko")


def _check(graph: nx.Graph, years: object, shared: object = 8) -> None:
    """Counts and the attributes of one person and one collaboration."""
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (
        PEOPLE,
        COLLABORATIONS,
    )
    person = graph.nodes["jongwoo_ko"]
    assert (person["label"], person["work_count"]) == ("Jongwoo Ko", 10)
    assert graph.nodes["lei_xu_0040"]["label"] == "Lei Xu 0040"
    edge = graph.edges[PAIR]
    assert edge["shared_works"] == shared
    assert edge["years"] == years


def test_graphml_reads_back_in_networkx(network: Network) -> None:
    graph = nx.read_graphml(io.StringIO(write_network(network, "graphml")))
    _check(graph, years="2021;2023;2024;2025")
    assert graph.nodes["jongwoo_ko"]["top_topics"] == ";".join(TOP_TOPICS)


def test_gexf_reads_back_with_the_years_as_spells(network: Network) -> None:
    text = write_network(network, "gexf")
    graph = nx.read_gexf(io.StringIO(text))
    _check(graph, years="2021;2023;2024;2025")
    assert graph.edges[PAIR]["spells"] == [
        (2021.0, 2021.0),
        (2023.0, 2023.0),
        (2024.0, 2024.0),
        (2025.0, 2025.0),
    ]
    assert graph.nodes["lei_xu_0040"]["spells"] == [(2025.0, 2025.0)]
    assert 'mode="dynamic"' in text and 'timeformat="double"' in text


def test_cytoscape_json_fits_its_schema_and_reads_back(network: Network) -> None:
    data = json.loads(write_network(network, "cytoscape"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    _check(nx.cytoscape_graph(data), years=[2021, 2023, 2024, 2025])
    assert data["data"]["person"] == "jongwoo_ko"


def test_cytoscape_schema_refuses_an_edge_without_shared_works(
    network: Network,
) -> None:
    data = json.loads(write_network(network, "cytoscape"))
    del data["elements"]["edges"][0]["data"]["shared_works"]
    with pytest.raises(jsonschema.ValidationError, match="shared_works"):
        jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_node_link_json_reads_back_in_networkx_with_its_defaults(
    network: Network,
) -> None:
    data = json.loads(write_network(network, "node-link"))
    graph = nx.node_link_graph(data)
    assert type(graph) is nx.Graph
    _check(graph, years=[2021, 2023, 2024, 2025])
    assert graph.nodes["jongwoo_ko"]["top_topics"] == TOP_TOPICS


def test_graphology_json_has_keys_and_attributes(network: Network) -> None:
    data = json.loads(write_network(network, "graphology"))
    graph = nx.Graph()
    graph.add_nodes_from((n["key"], n["attributes"]) for n in data["nodes"])
    graph.add_edges_from(
        (e["source"], e["target"], e["attributes"]) for e in data["edges"]
    )
    _check(graph, years=[2021, 2023, 2024, 2025])
    assert data["options"]["type"] == "undirected"
    assert len({e["key"] for e in data["edges"]}) == COLLABORATIONS


def _rows(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_vosviewer_map_and_network_number_the_same_people(network: Network) -> None:
    items = _rows(write_network(network, "vosviewer-map"), "\t")
    links = _rows(write_network(network, "vosviewer-network"), "\t")
    assert items[0] == ["id", "label", "weight<Works>", "score<First year>"]
    assert items[1] == ["1", "Jongwoo Ko", "10", "2021"]
    assert len(items) == PEOPLE + 1 and len(links) == COLLABORATIONS
    number = {row[1]: row[0] for row in items[1:]}
    link = [number["Jongwoo Ko"], number["Se-Young Yun"], "8"]
    assert link in links or [link[1], link[0], "8"] in links


def test_csv_lists_of_people_and_collaborations(network: Network) -> None:
    people = list(csv.DictReader(io.StringIO(write_network(network, "csv-nodes"))))
    pairs = list(csv.DictReader(io.StringIO(write_network(network, "csv-edges"))))
    assert (len(people), len(pairs)) == (PEOPLE, COLLABORATIONS)
    assert people[0] == {
        "id": "jongwoo_ko",
        "label": "Jongwoo Ko",
        "name": "Jongwoo Ko",
        "homonym_number": "",
        "distance": "0",
        "work_count": "10",
        "first_year": "2021",
        "last_year": "2025",
        "years": "2021;2023;2024;2025",
        "top_topics": ";".join(TOP_TOPICS),
    }
    [pair] = [p for p in pairs if {p["source"], p["target"]} == set(PAIR)]
    assert (pair["shared_works"], pair["years"]) == ("8", "2021;2023;2024;2025")


def test_every_network_form_is_written(network: Network) -> None:
    assert all(write_network(network, form) for form in NETWORK_FORMS)


# The whole graph as RDF -----------------------------------------------------


def _rdf(store: RdfStore, form: str) -> bytes:
    output = io.BytesIO()
    write_rdf(store, form, output)
    return output.getvalue()


@RDFLIB_DEPRECATIONS
@pytest.mark.parametrize(
    ("form", "rdflib_format"),
    [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")],
)
def test_rdf_dump_reads_back_in_rdflib_as_the_union_graph(
    sample_store: RdfStore, form: str, rdflib_format: str
) -> None:
    read = Graph().parse(data=_rdf(sample_store, form), format=rdflib_format)
    union = sample_store.union_graph()
    assert len(read) == len(union) == SAMPLE_TRIPLES + SCHEME_TRIPLES
    assert set(read) == set(union)
    person = URIRef("https://w3id.org/scholarly-kg/person/jongwoo_ko")
    assert str(read.value(person, FOAF.name)) == "Jongwoo Ko"


@RDFLIB_DEPRECATIONS
def test_nquads_keep_each_triple_in_its_source_graph(sample_store: RdfStore) -> None:
    dataset = Dataset()
    dataset.parse(data=_rdf(sample_store, "nquads"), format="nquads")
    graphs = {len(g): g for g in dataset.graphs() if len(g)}
    # The sample's graph, and the topic scheme's.
    assert sorted(graphs) == [SAMPLE_TRIPLES, SCHEME_TRIPLES]
    source = graphs[SAMPLE_TRIPLES]
    # The graph is named for the file it came from, and describes it.
    name = source.value(source.identifier, KGO.fileName)
    assert str(name) == "author-cluster-jongwoo-ko.txt"
    assert len(source) == SAMPLE_TRIPLES


def test_jsonld_is_compacted_with_the_project_context(sample_store: RdfStore) -> None:
    data = json.loads(_rdf(sample_store, "jsonld"))
    assert data["@context"]["kgo"] == "https://w3id.org/scholarly-kg/ontology#"
    assert any(node.get("foaf:name") == "Jongwoo Ko" for node in data["@graph"])
