"""Loading a source file: read its records, then write them as one graph.

The whole file is read and checked before anything is written, so a file
that fails to load leaves the store exactly as it was.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.model import Source, Work
from kg.rdf import record_triples, source_iri, source_triples
from kg.store import RdfStore
from kg.vocab import KGO
from loaders import detect_format, read_records

logger = logging.getLogger(__name__)

OnRecord = Callable[[], None]


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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_file(
    store: RdfStore,
    path: Path,
    format: str | None = None,
    on_record: OnRecord | None = None,
) -> LoadReport:
    """Load one file into its own named graph, replacing what it said before.

    A file whose bytes are the same as at its last load is left alone.

    Raises:
        LoaderError: the file cannot be read as its format; nothing is written.
    """
    started = time.perf_counter()
    format = format or detect_format(path)
    source = Source(
        location=str(path.resolve()),
        file_name=path.name,
        format=format,
        sha256=_sha256(path),
    )
    graph = source_iri(source.id)

    triples = list(source_triples(source))
    works, people, venues = set(), set(), set()
    for record in read_records(path, format):
        triples.extend(record_triples(record))
        if isinstance(record, Work):
            works.add(record.id)
            people.update(a.person.id for a in record.authorships)
            if record.venue is not None:
                venues.add(record.venue.id)
        if on_record is not None:
            on_record()

    unchanged = store.graph_value(graph, KGO.sha256) == source.sha256
    written = len(set(triples)) if unchanged else store.replace_graph(graph, triples)
    report = LoadReport(
        file=str(path),
        format=format,
        source_id=source.id,
        works=len(works),
        people=len(people),
        venues=len(venues),
        triples=written,
        unchanged=unchanged,
        seconds=time.perf_counter() - started,
    )
    logger.info(
        "%s %s (%s): %d works, %d people, %d venues, %d triples in %.2f s",
        "kept" if unchanged else "loaded",
        path,
        format,
        report.works,
        report.people,
        report.venues,
        report.triples,
        report.seconds,
    )
    return report
