"""Loading a source file: read its records, then write them as one graph.

The whole file is read and checked before anything is written, so a file
that fails to load leaves the store exactly as it was. A record that is bad
on its own stops the load too, unless the caller chose to skip such records
(``OnError.SKIP``): then the report lists each with its place and reason.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import RecordError
from kg.graph.base import PropertyGraph
from kg.graph.writer import GraphWrite, write_source
from kg.identity import resolve
from kg.model import LoadedRecord, Person, Source, Venue, Work
from kg.rdf import person_iri, record_triples, source_iri, source_triples, work_iri
from kg.rdf_store import RdfStore
from kg.topics.assign import with_topics
from kg.topics.scheme import topic_scheme
from kg.topics.store import ensure_scheme_in_graph, ensure_scheme_in_rdf
from kg.vocab import KGO, RDF
from loaders import BadRecord, detect_format, read_records

logger = logging.getLogger(__name__)

OnRecord = Callable[[], None]


class OnError(StrEnum):
    """What a load does with a record that cannot be read."""

    STOP = "stop"
    SKIP = "skip"


@dataclass(frozen=True)
class Skipped:
    """A record left out of a load, where it was and why."""

    where: str
    reason: str


@dataclass(frozen=True)
class LoadReport:
    """What one load read and wrote."""

    file: str
    format: str
    source_id: str
    works: int
    people: int
    venues: int
    triples: int
    unchanged: bool
    seconds: float
    records_read: int = 0
    merged: int = 0
    skipped: tuple[Skipped, ...] = ()
    graph_nodes: int | None = None
    graph_relationships: int | None = None
    graph_unchanged: bool | None = None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_of(path: Path, format: str | None = None) -> Source:
    """The source record of a file: where it is, its format, its digest."""
    return Source(
        location=str(path.resolve()),
        file_name=path.name,
        format=format or detect_format(path),
        sha256=_sha256(path),
    )


def load_file(
    store: RdfStore,
    path: Path,
    format: str | None = None,
    on_record: OnRecord | None = None,
    graph: PropertyGraph | None = None,
    on_error: OnError = OnError.STOP,
) -> LoadReport:
    """Load one file into its own named graph, replacing what it said before.

    The file is read whole and checked before anything is written. Then the
    RDF store is written (one transaction), then the property graph if one
    is given (batches that can be rerun). A store that already holds this
    file's bytes is left alone.

    Raises:
        LoaderError: the file cannot be read as its format, or (by default)
            one record in it cannot; nothing is written.
        StoreError: a store failed; running the load again completes it.
    """
    source = source_of(path, format)
    records: list[LoadedRecord] = []
    skipped: list[Skipped] = []
    for record in read_records(path, source.format):
        if isinstance(record, BadRecord):
            if on_error is OnError.STOP:
                error = record.error
                problem = error.problem
                if record.record is not None:
                    problem = f"record {record.record}: {problem}"
                raise RecordError(error.path, error.line, problem, code=error.code)
            # The report lists them; a file of thousands of bad records
            # should not also log thousands of lines.
            logger.debug("%s: skipped %s: %s", path, record.where, record.reason)
            skipped.append(Skipped(record.where, record.reason))
        else:
            records.append(record)
        if on_record is not None:
            on_record()
    return load_records(
        store, source, records, graph, label=str(path), skipped=tuple(skipped)
    )


def load_records(
    store: RdfStore,
    source: Source,
    records: Sequence[LoadedRecord],
    graph: PropertyGraph | None = None,
    label: str | None = None,
    skipped: tuple[Skipped, ...] = (),
) -> LoadReport:
    """Write records that were read from ``source`` into the stores.

    The topic scheme is written first if the stores lack it, and works that
    came without topics get them from their text (``kg.topics.assign``).
    """
    started = time.perf_counter()
    scheme = topic_scheme()
    ensure_scheme_in_rdf(store, scheme)
    if graph is not None:
        ensure_scheme_in_graph(graph, scheme)
    cache = None if store.path is None else store.path.parent / "cache"
    records = with_topics(resolve(store, records), cache)
    triples = list(source_triples(source))
    works: set[str] = set()
    people: set[str] = set()
    venues: set[str] = set()
    for record in records:
        triples.extend(record_triples(record, source.id))
        if isinstance(record, Person):
            people.add(record.id)
        elif isinstance(record, Venue):
            venues.add(record.id)
        elif isinstance(record, Work):
            works.add(record.id)
            people.update(a.person.id for a in record.authorships)
            if record.venue is not None:
                venues.add(record.venue.id)

    named_graph = source_iri(source.id)
    merged = _held_elsewhere(store, named_graph, works, people)
    unchanged = store.graph_value(named_graph, KGO.sha256) == source.sha256
    if unchanged:
        written = len(set(triples))
    else:
        written = store.replace_graph(named_graph, triples)
    graph_write = None if graph is None else write_source(graph, source, records)

    report = LoadReport(
        file=label or source.location,
        format=source.format,
        source_id=source.id,
        works=len(works),
        people=len(people),
        venues=len(venues),
        triples=written,
        unchanged=unchanged,
        seconds=time.perf_counter() - started,
        records_read=len(records) + len(skipped),
        merged=merged,
        skipped=skipped,
        graph_nodes=graph_write.nodes if graph_write else None,
        graph_relationships=graph_write.relationships if graph_write else None,
        graph_unchanged=graph_write.unchanged if graph_write else None,
    )
    logger.info(
        "%s %s (%s): %d records read, %d skipped, %d works, %d people, "
        "%d venues (%d works and people already held from other sources), "
        "%d triples%s in %.2f s",
        "kept" if unchanged else "loaded",
        report.file,
        source.format,
        report.records_read,
        len(skipped),
        report.works,
        report.people,
        report.venues,
        report.merged,
        report.triples,
        _graph_note(graph_write),
        report.seconds,
    )
    return report


def _graph_note(write: GraphWrite | None) -> str:
    if write is None:
        return ""
    if write.unchanged:
        return "; property graph unchanged"
    return f"; {write.nodes} nodes and {write.relationships} relationships merged"


def _held_elsewhere(
    store: RdfStore, named_graph: URIRef, works: set[str], people: set[str]
) -> int:
    """How many of these works and people other sources state already.

    They are the records this load merges into the graph rather than adds.
    """
    own = ox.NamedNode(str(named_graph))
    rdf_type = ox.NamedNode(str(RDF.type))
    nodes = [ox.NamedNode(str(work_iri(w))) for w in works]
    nodes += [ox.NamedNode(str(person_iri(p))) for p in people]
    return sum(
        1
        for node in nodes
        if any(
            quad.graph_name != own
            for quad in store.oxigraph.quads_for_pattern(node, rdf_type, None, None)
        )
    )
