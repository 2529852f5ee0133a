"""Records become nodes and relationships, written in batches.

Every statement is ``UNWIND $rows ... MERGE`` on the records' stable ids, so
writing the same records again changes nothing, and a load that stopped
halfway can simply be run again. Each batch is one transaction.

Every node and relationship lists the sources that state it (``sources``).
Loading a newer version of a file first takes that file's id off every
list and deletes what no source states any more; the file's ``Source`` node
is marked complete only after its last batch, so an interrupted load is
redone in full next time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.graph.base import PropertyGraph
from kg.graph.schema import schema
from kg.model import LoadedRecord, NameCluster, Source, Work
from kg.names import search_key

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000

# Add the source to a list only once: appending on every rerun would grow it.
_ADD_SOURCE = (
    "CASE WHEN $source IN coalesce({v}.sources, []) THEN {v}.sources "
    "ELSE coalesce({v}.sources, []) + [$source] END"
)


def _merge_nodes(label: str) -> str:
    label = schema().label(label)
    return (
        f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
        f"SET n += row.props, n.sources = {_ADD_SOURCE.format(v='n')}"
    )


def _merge_relationships(type_: str, keyed_by: str | None = None) -> str:
    rel = schema().relationship(type_)
    key = f" {{{keyed_by}: row.{keyed_by}}}" if keyed_by else ""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{rel.start} {{id: row.start}}), (b:{rel.end} {{id: row.end}}) "
        f"MERGE (a)-[r:{rel.type}{key}]->(b) "
        f"SET r += row.props, r.sources = {_ADD_SOURCE.format(v='r')}"
    )


_RETRACT_RELATIONSHIPS = (
    "MATCH ()-[r]->() WHERE $source IN r.sources "
    "SET r.sources = [s IN r.sources WHERE s <> $source]"
)
_DELETE_UNSTATED_RELATIONSHIPS = "MATCH ()-[r]->() WHERE size(r.sources) = 0 DELETE r"
_RETRACT_NODES = (
    "MATCH (n) WHERE $source IN n.sources "
    "SET n.sources = [s IN n.sources WHERE s <> $source]"
)
_DELETE_UNSTATED_NODES = "MATCH (n) WHERE size(n.sources) = 0 DETACH DELETE n"
_SOURCE_STATE = (
    "MATCH (s:Source {id: $source}) RETURN s.sha256 AS sha256, s.complete AS complete"
)
_MARK_COMPLETE = "MATCH (s:Source {id: $source}) SET s.complete = true"


@dataclass
class _Batches:
    """Rows for each statement, nodes before the relationships between them."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[tuple[str, str | None], list[dict[str, Any]]] = field(
        default_factory=dict
    )

    def node(self, label: str, id: str, **props: Any) -> None:
        clean = {k: v for k, v in props.items() if v is not None}
        self.nodes.setdefault(label, []).append({"id": id, "props": clean})

    def link(
        self, type_: str, start: str, end: str, key: str | None = None, **props: Any
    ) -> None:
        row = {"start": start, "end": end, "props": props}
        if key is not None:
            row[key] = props[key]
        self.relationships.setdefault((type_, key), []).append(row)

    def statements(self, size: int) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
        """(what, statement, rows) per batch: nodes first, then relationships."""
        for label, rows in self.nodes.items():
            for chunk in _chunks(_unique(rows), size):
                yield "nodes", _merge_nodes(label), chunk
        for (type_, key), rows in self.relationships.items():
            for chunk in _chunks(rows, size):
                yield "relationships", _merge_relationships(type_, key), chunk


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per id: a person on ten works is merged once, not ten times."""
    return list({row["id"]: row for row in rows}.values())


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _collect(source: Source, records: Iterable[LoadedRecord]) -> _Batches:
    batches = _Batches()
    batches.node(
        "Source",
        source.id,
        file_name=source.file_name,
        format=source.format,
        sha256=source.sha256,
        complete=False,
    )
    for record in records:
        if isinstance(record, Work):
            _collect_work(batches, record, source)
        elif isinstance(record, NameCluster):
            _collect_cluster(batches, record)
    return batches


def _collect_work(batches: _Batches, work: Work, source: Source) -> None:
    batches.node(
        "Work",
        work.id,
        title=work.title,
        year=work.year,
        publication_type=work.publication_type.value,
        abstract=work.abstract,
    )
    batches.link("FROM_SOURCE", work.id, source.id)
    if work.venue is not None:
        batches.node(
            "Venue",
            work.venue.id,
            acronym=work.venue.acronym,
            kind=work.venue.kind.value,
        )
        batches.link("PUBLISHED_IN", work.id, work.venue.id)
    for authorship in work.authorships:
        person = authorship.person
        batches.node(
            "Person",
            person.id,
            name=person.name,
            given_name=person.given_name,
            family_name=person.family_name,
            homonym_number=person.homonym_number,
            search_key=search_key(person.display_name),
        )
        batches.link(
            "AUTHORED",
            person.id,
            work.id,
            key="position",
            position=authorship.position,
            name_as_written=authorship.name_as_written,
        )
    for assignment in work.topics:
        batches.link(
            "HAS_TOPIC",
            work.id,
            assignment.topic,
            key="origin",
            origin=assignment.origin,
            score=round(assignment.score, 4),
        )


def _collect_cluster(batches: _Batches, cluster: NameCluster) -> None:
    batches.node(
        "NameCluster",
        cluster.id,
        name=cluster.name,
        stated_work_count=cluster.stated_work_count,
        stated_author_rows=cluster.stated_author_rows,
    )
    for work_id in cluster.work_ids:
        batches.link("IN_CLUSTER", work_id, cluster.id)


@dataclass(frozen=True)
class GraphWrite:
    nodes: int
    relationships: int
    statements: int
    unchanged: bool


def write_source(
    graph: PropertyGraph,
    source: Source,
    records: Iterable[LoadedRecord],
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
) -> GraphWrite:
    """Write one source's records, replacing what it stated before.

    A source whose bytes are unchanged and whose last load completed is left
    alone. ``on_batch`` is called with the number of rows after each batch.
    """
    params: Mapping[str, Any] = {"source": source.id}
    previous = _source_state(graph, source.id)
    if (
        previous
        and previous.get("sha256") == source.sha256
        and previous.get("complete")
    ):
        return GraphWrite(0, 0, 0, unchanged=True)

    batches = _collect(source, records)
    if previous:
        for statement in (
            _RETRACT_RELATIONSHIPS,
            _DELETE_UNSTATED_RELATIONSHIPS,
            _RETRACT_NODES,
            _DELETE_UNSTATED_NODES,
        ):
            graph.write(statement, params)

    counted = {"nodes": 0, "relationships": 0, "statements": 0}
    for what, statement, rows in batches.statements(batch_size):
        graph.write(statement, {"rows": rows, "source": source.id})
        counted[what] += len(rows)
        counted["statements"] += 1
        if on_batch is not None:
            on_batch(len(rows))
    graph.write(_MARK_COMPLETE, params)
    logger.debug("wrote source %s: %s", source.id, counted)
    return GraphWrite(unchanged=False, **counted)


def _source_state(graph: PropertyGraph, source_id: str) -> dict[str, Any] | None:
    result = graph.read(_SOURCE_STATE, {"source": source_id})
    if not result.rows:
        return None
    return dict(zip(result.columns, result.rows[0], strict=True))


def ensure_schema(graph: PropertyGraph) -> None:
    """Unique, indexed ``id`` on every label, before anything is written."""
    graph.ensure_unique_ids(list(schema().labels))


Batches = _Batches
"""Rows to merge, for facts that are not records of a source (the topic scheme)."""


def write_batches(
    graph: PropertyGraph, source_id: str, batches: Batches, size: int = BATCH_SIZE
) -> int:
    """Merge the rows of ``batches`` as stated by ``source_id``; count the rows."""
    written = 0
    for _, statement, rows in batches.statements(size):
        graph.write(statement, {"rows": rows, "source": source_id})
        written += len(rows)
    return written
