"""One way of loading one file, in a process of its own (see ``bench.load``).

    python -m bench.load_one WAY FILE FORMAT WORK_DIR

Prints one JSON line: seconds, facts written (triples, or nodes plus
relationships), and the process's peak resident memory in MiB.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pyoxigraph as ox
from rdflib import Graph

from bench.load import timed
from kg.config import Settings
from kg.graph import EmbeddedFalkorDB, FalkorDBGraph, ensure_schema, write_source
from kg.graph.writer import GraphWrite, SourceWrite
from kg.loading import load_file, source_of
from kg.model import LoadedRecord
from kg.rdf import record_triples
from kg.rdf_store import RdfStore, to_oxigraph
from kg.stores import open_stores
from loaders import BadRecord, read_records

# The generator's names for its formats, and the readers' names for them.
READERS = {"dblp": "dblp-xml", "openalex": "openalex"}


def _records(data: Path, format: str) -> Iterator[LoadedRecord]:
    for record in read_records(data, READERS[format]):
        if isinstance(record, BadRecord):
            raise SystemExit(f"the generator wrote a bad record: {record.reason}")
        yield record


def with_rdflib(data: Path, format: str, work_dir: Path) -> int:
    """The baseline: every triple added to an in-memory rdflib graph."""
    source = source_of(data, READERS[format])
    graph = Graph()
    for record in _records(data, format):
        for triple in record_triples(record, source.id):
            graph.add(triple)
    return len(graph)


def with_oxigraph_bulk(data: Path, format: str, work_dir: Path) -> int:
    """The ceiling: pyoxigraph's bulk loader on N-Triples written beforehand."""
    triples = data.with_suffix(".nt")
    if not triples.exists():
        raise SystemExit(f"{triples} is missing; run the 'ntriples' way first")
    store = ox.Store(str(work_dir / "bulk"))
    store.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    return len(store)


def write_ntriples(data: Path, format: str, work_dir: Path) -> int:
    """Not measured: the triples of ``data`` as N-Triples, for the ceiling."""
    source = source_of(data, READERS[format])
    triples = (
        ox.Triple(*(to_oxigraph(term) for term in triple))
        for record in _records(data, format)
        for triple in record_triples(record, source.id)
    )
    ox.serialize(triples, str(data.with_suffix(".nt")), ox.RdfFormat.N_TRIPLES)
    return 0


def with_kg_rdf(data: Path, format: str, work_dir: Path) -> int:
    store = RdfStore(work_dir / "rdf")
    report = load_file(store, data, READERS[format])
    store.close()
    return report.triples


# Measured beside the whole run: the property-graph write alone (seconds).
EXTRA: dict[str, float] = {}


def with_kg_graph(
    data: Path, format: str, work_dir: Path, bulk: bool | None = None
) -> int:
    """Records read, then written into an empty graph: in bulk by default."""
    with EmbeddedFalkorDB(work_dir / "falkordb") as server:
        graph = FalkorDBGraph(server.host, server.port or 0)
        ensure_schema(graph)
        records = list(_records(data, format))
        started = time.perf_counter()
        written = write_source(
            graph, source_of(data, READERS[format]), records, bulk=bulk
        )
        EXTRA["write_seconds"] = time.perf_counter() - started
        graph.close()
    return written.nodes + written.relationships


class _TimedSourceWrite(SourceWrite):
    """The loader's graph write, its seconds noted (the rest is the RDF side)."""

    def finish(self, *args: Any, **kwargs: Any) -> GraphWrite:
        started = time.perf_counter()
        written = super().finish(*args, **kwargs)
        EXTRA["graph_write_seconds"] = time.perf_counter() - started
        EXTRA["graph_facts"] = written.nodes + written.relationships
        return written


def with_kg_load(data: Path, format: str, work_dir: Path) -> int:
    """What ``kg load`` does: both stores of a data folder, kept for questions.

    ``work_dir`` becomes a kg data folder (``oxigraph/``, ``falkordb/``).
    """
    with (
        patch("kg.loading.SourceWrite", _TimedSourceWrite),
        open_stores(Settings(), work_dir) as stores,
    ):
        report = load_file(stores.rdf, data, READERS[format], graph=stores.graph)
    EXTRA["triples"] = report.triples
    return report.triples + EXTRA.get("graph_facts", 0)


def with_kg_graph_merge(data: Path, format: str, work_dir: Path) -> int:
    """The same, with the MERGE statements only (the way before the bulk path)."""
    return with_kg_graph(data, format, work_dir, bulk=False)


WAYS = {
    "rdflib": with_rdflib,
    "ntriples": write_ntriples,
    "oxigraph bulk": with_oxigraph_bulk,
    "kg rdf": with_kg_rdf,
    "kg graph": with_kg_graph,
    "kg graph merge": with_kg_graph_merge,
    "kg load": with_kg_load,
}


def main() -> None:
    way, data, format, work_dir = sys.argv[1:5]
    load = WAYS[way]
    measured = timed(lambda: load(Path(data), format, Path(work_dir)))
    print(json.dumps({**measured, **EXTRA}))


if __name__ == "__main__":
    main()
