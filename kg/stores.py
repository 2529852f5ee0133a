"""The two stores of one data folder, opened together."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.config import Settings
from kg.errors import StoreError
from kg.graph import PropertyGraph, ensure_schema, open_graph
from kg.queries import Backend
from kg.rdf_store import RdfStore

logger = logging.getLogger(__name__)


@dataclass
class Stores:
    """The RDF store and, unless it was left out, the property graph."""

    rdf: RdfStore
    graph: PropertyGraph | None
    data_dir: Path
    holdings: dict[str, int] | None = None  # counts, once taken by a reader

    def backend(self, name: str) -> Backend:
        """The store named ``rdf`` or ``graph``, to answer questions from."""
        if name == "rdf":
            return self.rdf
        if self.graph is None:
            raise StoreError(
                "the property graph is not open here; leave out --no-graph, or "
                "ask the RDF store (--store rdf)"
            )
        return self.graph

    def describe(self, name: str) -> str:
        """Say which store answers, for responses and logs."""
        if name == "graph" and self.graph is not None:
            return f"graph ({self.graph.server})"
        return "rdf (oxigraph)"


@contextmanager
def open_stores(
    settings: Settings, data_dir: Path | None = None, graph: bool = True
) -> Iterator[Stores]:
    """Open the stores of ``data_dir``; close them (and any server) at the end."""
    folder = data_dir or settings.data_dir
    with ExitStack() as stack:
        rdf = RdfStore(folder / "oxigraph")
        stack.callback(rdf.close)
        property_graph = None
        if graph:
            property_graph = stack.enter_context(open_graph(settings, folder))
            ensure_schema(property_graph)
            _warn_of_missing_sources(rdf, property_graph)
        yield Stores(rdf=rdf, graph=property_graph, data_dir=folder)


_RDF_SOURCES = """
SELECT ?source ?file ?sha WHERE {
  ?source a kgo:Source ; kgo:fileName ?file ; kgo:sha256 ?sha .
}
"""
_GRAPH_SOURCES = "MATCH (s:Source) WHERE s.complete RETURN s.id, s.sha256"


def _warn_of_missing_sources(rdf: RdfStore, graph: PropertyGraph) -> None:
    """Say so if the graph lacks files the RDF store holds.

    A graph server that crashed before its last snapshot loses the loads
    since; loading those files again puts them back.
    """
    in_graph = {tuple(row) for row in graph.read(_GRAPH_SOURCES).rows}
    missing = sorted(
        row["file"]
        for row in rdf.select(_RDF_SOURCES)
        if (row["source"].rpartition("/")[2], row["sha"]) not in in_graph
    )
    if missing:
        logger.warning(
            "the property graph lacks %d file(s) that the RDF store holds (%s); "
            "load them again with 'kg load' to make the two agree",
            len(missing),
            ", ".join(missing[:5]),
        )
