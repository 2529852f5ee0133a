"""Networks and the whole graph as files that other tools read.

A coauthor network (``kg.network``) becomes a networkx graph, and
networkx's own writers make GraphML, GEXF, Cytoscape.js JSON and node-link
JSON from it. VOSviewer's map and network files and the CSV node and edge
lists are plain tables, written with the csv module. The whole graph goes
out as RDF straight from Oxigraph: Turtle, N-Triples, N-Quads (each triple
in the graph of the file that states it) and JSON-LD with the project's
prefixes as its context.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.network import Network
from kg.rdf_store import RdfStore
from kg.vocab import PREFIXES
from ontology import JSONLD_CONTEXT

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Form:
    """One file format: its name, media type and file extension.

    The extension tells apart the files of one export in one folder: a
    VOSviewer map and network are ``.vosviewer-map.txt`` and
    ``.vosviewer-network.txt``, CSV nodes and edges ``.nodes.csv`` and
    ``.edges.csv``.
    """

    name: str
    media_type: str
    extension: str
    describes: str


NETWORK_FORMS = {
    form.name: form
    for form in (
        Form("graphml", "application/graphml+xml", "graphml", "GraphML"),
        Form("gexf", "application/gexf+xml", "gexf", "GEXF with yearly spells"),
        Form(
            "cytoscape",
            "application/vnd.cytoscape+json",
            "cyjs",
            "Cytoscape.js elements JSON",
        ),
        Form(
            "node-link",
            "application/json",
            "node-link.json",
            "node-link JSON, for D3 and networkx",
        ),
        Form(
            "graphology",
            "application/vnd.graphology+json",
            "graphology.json",
            "graphology's JSON, which sigma.js draws",
        ),
        Form(
            "vosviewer-map",
            "text/tab-separated-values",
            "vosviewer-map.txt",
            "VOSviewer map",
        ),
        Form(
            "vosviewer-network",
            "text/tab-separated-values",
            "vosviewer-network.txt",
            "VOSviewer network",
        ),
        Form("csv-nodes", "text/csv", "nodes.csv", "CSV list of people"),
        Form("csv-edges", "text/csv", "edges.csv", "CSV list of collaborations"),
    )
}

# The network as the API answers everything else (kg.network.Network).
NETWORK_JSON = Form(
    "json", "application/json", "json", "the network's own JSON, as the API gives it"
)
# Every form a network is given in: its own JSON, then the files for tools.
NETWORK_ANSWERS = {NETWORK_JSON.name: NETWORK_JSON, **NETWORK_FORMS}

RDF_FORMS = {
    form.name: form
    for form in (
        Form("turtle", "text/turtle", "ttl", "Turtle"),
        Form("ntriples", "application/n-triples", "nt", "N-Triples"),
        Form("nquads", "application/n-quads", "nq", "N-Quads, graph per source"),
        Form("jsonld", "application/ld+json", "jsonld", "JSON-LD"),
    )
}

# Lists become one text value in formats whose attributes are scalars.
LIST_SEPARATOR = ";"


# The network as a networkx graph --------------------------------------------


def to_networkx(network: Network) -> nx.Graph:
    """The network with every attribute a tool can show.

    People carry their name (``label``), the works and years active within
    the network's years, and their top topics; a collaboration carries the
    number of shared works (also as ``weight``) and their years.
    """
    graph = nx.Graph(
        person=network.person,
        works=network.works,
        depth=network.depth,
        from_year=network.from_year,
        to_year=network.to_year,
        min_works=network.min_works,
    )
    for node in network.nodes:
        graph.add_node(
            node.id,
            label=_label(node.name, node.homonym_number),
            name=node.name,
            homonym_number=node.homonym_number,
            distance=node.distance,
            work_count=node.work_count,
            first_year=node.years[0] if node.years else None,
            last_year=node.years[-1] if node.years else None,
            years=node.years,
            top_topics=node.top_topics,
        )
    for edge in network.edges:
        graph.add_edge(
            edge.source,
            edge.target,
            shared_works=edge.shared_works,
            weight=edge.shared_works,
            years=edge.years,
        )
    return graph


def _label(name: str, number: str | None) -> str:
    return f"{name} {number}" if number else name


def _flat(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all scalars, with no missing values.

    GraphML and GEXF hold one scalar per attribute: lists are joined with
    ``;`` and absent values left out.
    """
    flat = nx.Graph()
    flat.graph.update(_scalars(graph.graph))
    flat.add_nodes_from((n, _scalars(data)) for n, data in graph.nodes(data=True))
    flat.add_edges_from((a, b, _scalars(data)) for a, b, data in graph.edges(data=True))
    return flat


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: _joined(value) if isinstance(value, list) else value
        for key, value in data.items()
        if value is not None
    }


def _joined(values: list[Any]) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values)


# Writers --------------------------------------------------------------------


def _graphml(graph: nx.Graph) -> str:
    return "\n".join(nx.generate_graphml(_flat(graph))) + "\n"


def _gexf(graph: nx.Graph) -> str:
    """GEXF whose people and collaborations live in their years.

    Each year a person published, or a pair published together, is a spell
    from that year to that year (as numbers: ``timeformat="double"``), so
    Gephi's timeline plays the network year by year.
    """
    flat = _flat(graph)
    for node, data in graph.nodes(data=True):
        flat.nodes[node]["spells"] = _spells(data["years"])
    for a, b, data in graph.edges(data=True):
        flat.edges[a, b]["spells"] = _spells(data["years"])
    return "\n".join(nx.generate_gexf(flat)) + "\n"


def _spells(years: list[int]) -> list[tuple[float, float]]:
    return [(float(year), float(year)) for year in years]


def _cytoscape(graph: nx.Graph) -> str:
    data = nx.cytoscape_data(graph)
    data["data"] = dict(graph.graph)  # networkx gives a list of pairs
    return _json(data)


def _node_link(graph: nx.Graph) -> str:
    # "edges", the key networkx's node_link_graph reads by default since 3.6
    # (before, "links"); D3 takes the list under any name it is given.
    return _json(nx.node_link_data(graph, edges="edges"))


def _graphology(graph: nx.Graph) -> str:
    """graphology's serialised graph; D3 reads it with ``.id(d => d.key)``."""
    return _json(
        {
            "attributes": graph.graph,
            "options": {"type": "undirected", "multi": False, "allowSelfLoops": False},
            "nodes": [
                {"key": node, "attributes": data}
                for node, data in graph.nodes(data=True)
            ],
            "edges": [
                {
                    "key": f"{a}--{b}",
                    "source": a,
                    "target": b,
                    "undirected": True,
                    "attributes": data,
                }
                for a, b, data in graph.edges(data=True)
            ],
        }
    )


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _vosviewer_ids(graph: nx.Graph) -> dict[str, int]:
    """VOSviewer numbers its items from 1; in the order of the network."""
    return {node: number for number, node in enumerate(graph.nodes, start=1)}


def _vosviewer_map(graph: nx.Graph) -> str:
    """A VOSviewer map file: one item per person, weighted by works."""
    numbers = _vosviewer_ids(graph)
    return _table(
        ["id", "label", "weight<Works>", "score<First year>"],
        (
            [numbers[node], data["label"], data["work_count"], data["first_year"]]
            for node, data in graph.nodes(data=True)
        ),
        delimiter="\t",
    )


def _vosviewer_network(graph: nx.Graph) -> str:
    """A VOSviewer network file: two items and the strength of their link."""
    numbers = _vosviewer_ids(graph)
    return _table(
        None,
        (
            [numbers[a], numbers[b], data["shared_works"]]
            for a, b, data in graph.edges(data=True)
        ),
        delimiter="\t",
    )


NODE_COLUMNS = [
    "id",
    "label",
    "name",
    "homonym_number",
    "distance",
    "work_count",
    "first_year",
    "last_year",
    "years",
    "top_topics",
]
EDGE_COLUMNS = ["source", "target", "shared_works", "years"]


def _csv_nodes(graph: nx.Graph) -> str:
    flat = _flat(graph)
    return _table(
        NODE_COLUMNS,
        (
            [node] + [data.get(column, "") for column in NODE_COLUMNS[1:]]
            for node, data in flat.nodes(data=True)
        ),
    )


def _csv_edges(graph: nx.Graph) -> str:
    flat = _flat(graph)
    return _table(
        EDGE_COLUMNS,
        (
            [a, b, data["shared_works"], data["years"]]
            for a, b, data in flat.edges(data=True)
        ),
    )


def _table(
    header: list[str] | None, rows: Iterator[list[Any]], delimiter: str = ","
) -> str:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue()


_NETWORK_WRITERS: dict[str, Callable[[nx.Graph], str]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "cytoscape": _cytoscape,
    "node-link": _node_link,
    "graphology": _graphology,
    "vosviewer-map": _vosviewer_map,
    "vosviewer-network": _vosviewer_network,
    "csv-nodes": _csv_nodes,
    "csv-edges": _csv_edges,
}


def write_network(network: Network, form: str) -> str:
    """The network in the format named (one of ``NETWORK_ANSWERS``)."""
    if form == NETWORK_JSON.name:
        text = network.model_dump_json() + "\n"
    else:
        text = _NETWORK_WRITERS[form](to_networkx(network))
    logger.debug(
        "wrote the network of %s as %s: %d people, %d collaborations",
        network.person or f"{len(network.works or [])} works",
        form,
        len(network.nodes),
        len(network.edges),
    )
    return text


# The whole graph as RDF -----------------------------------------------------

_DISTINCT_TRIPLES = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
}


def write_rdf(store: RdfStore, form: str, output: io.BufferedIOBase) -> None:
    """The whole graph, written to ``output`` as it is read from the store.

    N-Quads keeps every triple in the graph of the file that states it.
    The other formats hold the union of those graphs, each triple once:
    Turtle with the project's prefixes, JSON-LD compacted with the
    project's context (``ontology/context.jsonld``). JSON-LD is built in
    memory by rdflib, since Oxigraph writes JSON-LD only expanded.
    """
    oxigraph = store.oxigraph
    if form == "jsonld":
        context = json.loads(JSONLD_CONTEXT.read_text(encoding="utf-8"))["@context"]
        union = store.union_graph()
        output.write(union.serialize(format="json-ld", context=context).encode())
        return
    if form == "nquads":
        oxigraph.dump(output, ox.RdfFormat.N_QUADS)
        return
    solutions = oxigraph.query(_DISTINCT_TRIPLES)
    assert isinstance(solutions, ox.QuerySolutions)
    triples = (ox.Triple(row["s"], row["p"], row["o"]) for row in solutions)
    prefixes = None if form == "ntriples" else PREFIXES
    ox.serialize(triples, output, _OX_FORMATS[form], prefixes=prefixes)
