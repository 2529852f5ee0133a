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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain, islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import LoaderError, RecordError
from kg.graph.base import PropertyGraph
from kg.graph.writer import GraphWrite, SourceWrite
from kg.identity import Resolver
from kg.model import LoadedRecord, Person, Source, Venue, Work
from kg.rdf import person_iri, record_lines, source_iri, source_lines, work_iri
from kg.rdf_store import RdfStore
from kg.topics.assign import with_topics
from kg.topics.scheme import scheme_iri, topic_scheme
from kg.topics.store import ensure_scheme_in_graph, ensure_scheme_in_rdf
from kg.vocab import KGO, RDF
from loaders import READERS, BadRecord, detect_format, read_records

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

    The file is read as a stream: its triples go to spool files, and reach
    the store only once the whole file was read and checked. Then the RDF
    store is written (whole or not at all), then the property graph if one
    is given (batches that can be rerun). Into a store that holds no record
    yet, the spool's chunks are bulk-loaded while the rest is read, and
    dropped again if the file fails. A store that already holds this file's
    bytes is left alone.

    Raises:
        LoaderError: the file cannot be read as its format, nothing in it
            is recognised as a record of that format, or (by default) one
            record in it cannot be read; nothing is written.
        StoreError: a store failed; running the load again completes it.
    """
    source = source_of(path, format)
    skipped: list[Skipped] = []

    def records() -> Iterator[LoadedRecord]:
        for record in read_records(path, source.format):
            if not isinstance(record, BadRecord):
                yield record
            elif on_error is OnError.STOP:
                error = record.error
                raise RecordError(
                    error.path, error.line, error.problem, code=error.code,
                    record=record.record,
                )  # fmt: skip
            else:
                # The report lists them; a file of thousands of bad records
                # should not also log thousands of lines.
                logger.debug("%s: skipped %s: %s", path, record.where, record.reason)
                skipped.append(Skipped(record.where, record.reason))
            if on_record is not None:
                on_record()

    read = _recognised(records(), path, source.format, format is not None, skipped)
    return _load(store, source, read, graph, str(path), skipped)


def _recognised(
    records: Iterator[LoadedRecord],
    path: Path,
    format: str,
    given: bool,
    skipped: list[Skipped],
) -> Iterator[LoadedRecord]:
    """The records, once the first shows that the file is in its format.

    A file in another format often reads as no records at all (an OpenAlex
    topic is passed over by the OpenAlex reader, a Crossref answer holds no
    OpenAlex entity), or fails at its first record; either way, the error
    says which format was tried and, where detection can tell, which fits.
    Nothing is written before this is known.
    """
    try:
        first = next(records, None)
    except LoaderError as error:
        hint = _other_format(path, format) if given else ""
        if not hint:
            raise
        problem = f"cannot be read as {format} (given): {error.problem}{hint}"
        raise LoaderError(
            error.path, error.line, problem, code="wrong-format"
        ) from error
    if first is None and not skipped:
        how = "given" if given else "detected"
        raise LoaderError(
            path,
            None,
            f"nothing in it was recognised as {format} ({how}): no work, person "
            f"or venue was read, so nothing was loaded"
            + (_other_format(path, format) or f"; the formats kg reads: "
               f"{', '.join(READERS)}"),
            code="nothing-recognised",
        )  # fmt: skip
    if first is None:
        # With --on-error skip, a file of bad records only: nothing to load,
        # and registering it as a source would say it was.
        raise LoaderError(
            path,
            None,
            f"every record of it was bad ({len(skipped)} skipped), so nothing "
            f"was loaded; the first, at {skipped[0].where}: {skipped[0].reason}",
            code="no-good-record",
        )
    return chain([first], records)


def _other_format(path: Path, format: str) -> str:
    """A hint naming the format detection finds, if it is not ``format``."""
    try:
        detected = detect_format(path)
    except LoaderError:
        return ""
    if detected == format:
        return ""
    return f"; the file looks like {detected}: load it with --format {detected}"


def load_records(
    store: RdfStore,
    source: Source,
    records: Iterable[LoadedRecord],
    graph: PropertyGraph | None = None,
    label: str | None = None,
    skipped: tuple[Skipped, ...] = (),
) -> LoadReport:
    """Write records that were read from ``source`` into the stores."""
    return _load(store, source, records, graph, label, list(skipped))


# Topics from text are assigned to this many works at a time, so that a
# large file is never held whole; a person's other works weigh on a work's
# topics (the field prior) within its batch.
TOPIC_BATCH = 10_000


def _with_topics(
    records: Iterable[LoadedRecord], cache: Path | None
) -> Iterator[LoadedRecord]:
    pending = iter(records)
    while batch := list(islice(pending, TOPIC_BATCH)):
        yield from with_topics(batch, cache)


@dataclass
class _Tally:
    """The ids a load states, for its report."""

    works: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    venues: set[str] = field(default_factory=set)
    records: int = 0

    def count(self, record: LoadedRecord) -> None:
        self.records += 1
        if isinstance(record, Person):
            self.people.add(record.id)
        elif isinstance(record, Venue):
            self.venues.add(record.id)
        elif isinstance(record, Work):
            self.works.add(record.id)
            self.people.update(a.person.id for a in record.authorships)
            if record.venue is not None:
                self.venues.add(record.venue.id)


def _load(
    store: RdfStore,
    source: Source,
    records: Iterable[LoadedRecord],
    graph: PropertyGraph | None,
    label: str | None,
    skipped: list[Skipped],
) -> LoadReport:
    started = time.perf_counter()
    # The topic scheme is written first if the stores lack it; works that
    # came without topics get them from their text (kg.topics.assign).
    scheme = topic_scheme()
    ensure_scheme_in_rdf(store, scheme)
    if graph is not None:
        ensure_scheme_in_graph(graph, scheme)
    cache = None if store.path is None else store.path.parent / "cache"
    named_graph = source_iri(source.id)
    unchanged = store.graph_value(named_graph, KGO.sha256) == source.sha256
    elsewhere = store.holds_graphs_besides(named_graph, scheme_iri())
    # Into a store that holds no record yet, the graph is written while the
    # file is read: nothing read back during the load (the resolver looks
    # nothing up in an empty store) can meet the part already written.
    first = not elsewhere and not store.holds_graphs_besides(scheme_iri())
    tally = _Tally()
    # The property graph is written after the RDF store; what it will hold
    # is gathered as the records pass, so that they need not be kept.
    to_graph = None if graph is None else SourceWrite(graph, source)
    with store.spool(into=named_graph if first else None) as spool:
        # For a file the store holds already, the lines are only counted.
        distinct: set[str] = set()
        write = distinct.add if unchanged else spool.add_line
        for line in source_lines(source):
            write(line)
        resolved = Resolver(store, source.id).resolve(records)
        for record in _with_topics(resolved, cache):
            tally.count(record)
            if to_graph is not None:
                to_graph.add(record)
            for line in record_lines(record, source.id):
                write(line)
        merged = _held_elsewhere(store, named_graph, tally) if elsewhere else 0
        if unchanged:
            written = len(distinct)
        else:
            written = store.commit(named_graph, spool)
    graph_write = None if to_graph is None else to_graph.finish()

    report = LoadReport(
        file=label or source.location,
        format=source.format,
        source_id=source.id,
        works=len(tally.works),
        people=len(tally.people),
        venues=len(tally.venues),
        triples=written,
        unchanged=unchanged,
        seconds=time.perf_counter() - started,
        records_read=tally.records + len(skipped),
        merged=merged,
        skipped=tuple(skipped),
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


def _held_elsewhere(store: RdfStore, named_graph: URIRef, tally: _Tally) -> int:
    """How many of these works and people other sources state already.

    They are the records this load merges into the graph rather than adds.
    """
    own = ox.NamedNode(str(named_graph))
    rdf_type = ox.NamedNode(str(RDF.type))
    nodes = [ox.NamedNode(str(work_iri(w))) for w in tally.works]
    nodes += [ox.NamedNode(str(person_iri(p))) for p in tally.people]
    return sum(
        1
        for node in nodes
        if any(
            quad.graph_name != own
            for quad in store.oxigraph.quads_for_pattern(node, rdf_type, None, None)
        )
    )
