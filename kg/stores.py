"""The two stores of one data folder, opened together."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.config import Settings
from kg.errors import StoreError
from kg.graph import PropertyGraph, ensure_schema, open_graph
from kg.queries import Backend
from kg.store import RdfStore


@dataclass
class Stores:
    """The RDF store and, unless it was left out, the property graph."""

    rdf: RdfStore
    graph: PropertyGraph | None
    data_dir: Path

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
        yield Stores(rdf=rdf, graph=property_graph, data_dir=folder)
