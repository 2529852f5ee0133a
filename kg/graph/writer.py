"""Records become nodes and relationships, written in batches.

Every statement is ``UNWIND $rows ... MERGE`` on the records' stable ids, so
writing the same records again changes nothing, and a load that stopped
halfway can simply be run again. Each batch is one transaction.

Every node and relationship lists the sources that state it (``sources``).
Loading a newer version of a file first takes that file's id off every
list and deletes what no source states any more; the file's ``Source`` node
is marked complete only after its last batch, so an interrupted load is
redone in full next time.

A load of at least ``BULK_MIN_ROWS`` rows into an empty FalkorDB graph is
built with ``GRAPH.BULK`` instead (``kg.graph.bulk``). The graph is *empty*
when everything in it is stated by the topic scheme alone (``SCHEME_ID``),
as the RDF side counts a load as the first when the store holds no named
graph but the scheme's and the file's own (``holds_graphs_besides``); a
source loaded before, even cut short, makes it not empty. The bulk path
works out in Python what the MERGE statements would make of the same rows
on that graph and builds the whole graph (the scheme read back, plus the
load) under another key, then swaps it in: the same nodes, relationships
and properties (``tests/integration/test_graph_bulk.py``). Every other
load, and every load into Neo4j, merges.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from kg import ids
from kg.graph.base import PropertyGraph
from kg.graph.bulk import BulkNode, BulkPlan, BulkRelationship
from kg.graph.planner import KEYS, Planner
from kg.graph.schema import schema
from kg.model import LoadedRecord, NameCluster, Person, Source, Venue, Work
from kg.names import search_key
from kg.topics.scheme import SCHEME_ID

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
# Building in bulk reads back and rebuilds the topic scheme (about 4,800
# nodes, a second or two), which only pays for itself on larger loads.
BULK_MIN_ROWS = 20_000

# Add the source to a list only once: appending on every rerun would grow it.
_ADD_SOURCE = (
    "CASE WHEN $source IN coalesce({v}.sources, []) THEN {v}.sources "
    "ELSE coalesce({v}.sources, []) + [$source] END"
)


# List properties that several sources add to: identifiers from dblp and
# from OpenAlex both stay on one person. The union is kept without repeats,
# and a list that would stay empty is not set at all.
_LISTS = {
    "Work": ("identifiers", "references", "published_as"),
    "Person": ("identifiers", "alternative_names"),
    "Venue": ("identifiers",),
}
_UNION = (
    "n.{k} = CASE WHEN size(coalesce(row.lists.{k}, [])) = 0 THEN n.{k} "
    "ELSE coalesce(n.{k}, []) + [x IN row.lists.{k} "
    "WHERE NOT x IN coalesce(n.{k}, [])] END"
)


def _merge_nodes(label: str) -> str:
    label = schema().label(label)
    unions = "".join(", " + _UNION.format(k=k) for k in _LISTS.get(label, ()))
    return (
        f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
        f"SET n += row.props, n.sources = {_ADD_SOURCE.format(v='n')}{unions}"
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
# Is anything in the graph stated by a source other than $besides?
_STATED_BESIDES = (
    "MATCH (n) WHERE n.sources IS NULL OR "
    "any(s IN n.sources WHERE NOT s IN $besides) RETURN 1 LIMIT 1"
)
_RELATED_BESIDES = (
    "MATCH ()-[r]->() WHERE r.sources IS NULL OR "
    "any(s IN r.sources WHERE NOT s IN $besides) RETURN 1 LIMIT 1"
)
_HELD_NODES = "MATCH (n) RETURN id(n), labels(n), properties(n)"
_HELD_RELATIONSHIPS = "MATCH (a)-[r]->(b) RETURN type(r), id(a), id(b), properties(r)"


@dataclass
class _Batches:
    """Rows for each statement, nodes before the relationships between them."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[tuple[str, str | None], list[dict[str, Any]]] = field(
        default_factory=dict
    )

    def node(self, label: str, id: str, **props: Any) -> None:
        lists = {k: props.pop(k) for k in _LISTS.get(label, ()) if k in props}
        clean = {k: v for k, v in props.items() if v is not None}
        row = {"id": id, "props": clean, "lists": lists}
        self.nodes.setdefault(label, []).append(row)

    def link(
        self, type_: str, start: str, end: str, key: str | None = None, **props: Any
    ) -> None:
        props = {k: v for k, v in props.items() if v is not None}
        row = {"start": start, "end": end, "props": props}
        if key is not None:
            row[key] = props[key]
        self.relationships.setdefault((type_, key), []).append(row)

    def rows(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(
            map(len, self.relationships.values())
        )

    def statements(self, size: int) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
        """(what, statement, rows) per batch: nodes first, then relationships."""
        for label, rows in self.nodes.items():
            for chunk in _chunks(_unique(rows), size):
                yield "nodes", _merge_nodes(label), chunk
        for (type_, key), rows in self.relationships.items():
            for chunk in _chunks(rows, size):
                yield "relationships", _merge_relationships(type_, key), chunk


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per id: a person on ten works is merged once, not ten times.

    The rows' properties are combined, and their lists joined, so that a
    person's ORCID on one work is kept when another work names them bare.
    """
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        kept = merged.get(row["id"])
        if kept is None:
            kept = merged[row["id"]] = {"id": row["id"], "props": {}, "lists": {}}
        kept["props"].update(row["props"])
        for key, values in row["lists"].items():
            # An empty list adds nothing: the statements skip it as if absent.
            if values:
                known = kept["lists"].setdefault(key, [])
                known.extend(v for v in values if v not in known)
    return list(merged.values())


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _collect_source(batches: _Batches, source: Source) -> None:
    batches.node(
        "Source",
        source.id,
        file_name=source.file_name,
        format=source.format,
        sha256=source.sha256,
        complete=False,
    )


def _collect_record(batches: _Batches, record: LoadedRecord, source: Source) -> None:
    if isinstance(record, Work):
        _collect_work(batches, record, source)
    elif isinstance(record, NameCluster):
        _collect_cluster(batches, record)
    elif isinstance(record, Person):
        _collect_person(batches, record)
    elif isinstance(record, Venue):
        _collect_venue(batches, record)


def _strings(values: Iterable[object]) -> list[str]:
    return [str(value) for value in values]


def _collect_person(batches: _Batches, person: Person) -> None:
    if person.is_alias:
        # Another name of a person the graph holds: their own name stays.
        batches.node(
            "Person",
            person.id,
            identifiers=_strings(person.identifiers),
            alternative_names=[person.display_name],
        )
        return
    batches.node(
        "Person",
        person.id,
        name=person.name,
        given_name=person.given_name,
        family_name=person.family_name,
        homonym_number=person.homonym_number,
        search_key=search_key(person.display_name),
        identifiers=_strings(person.identifiers),
        alternative_names=list(person.alternative_names),
    )


def _collect_venue(batches: _Batches, venue: Venue) -> None:
    batches.node(
        "Venue",
        venue.id,
        acronym=venue.acronym,
        name=venue.name,
        kind=venue.kind.value,
        identifiers=_strings(venue.identifiers),
    )


def _collect_work(batches: _Batches, work: Work, source: Source) -> None:
    # A work held under another record's id keeps that record's title and year.
    stated = {} if work.is_alias else {
        "title": work.title,
        "year": work.year,
        "publication_type": work.publication_type.value,
    }  # fmt: skip
    batches.node(
        "Work",
        work.id,
        **stated,
        abstract=work.abstract,
        identifiers=_strings(work.identifiers),
        references=_strings(work.references),
        published_as=_strings(work.published_as),
    )
    batches.link("FROM_SOURCE", work.id, source.id)
    for published in work.preprint_of:
        batches.link("PREPRINT_OF", work.id, published)
    for preprint in work.preprints:
        batches.link("PREPRINT_OF", preprint, work.id)
    if work.venue is not None:
        _collect_venue(batches, work.venue)
        batches.link("PUBLISHED_IN", work.id, work.venue.id)
        if not work.is_alias:
            edition = ids.edition_id(work.venue.id, work.year)
            batches.node("VenueEdition", edition, year=work.year)
            batches.link("EDITION_OF", edition, work.venue.id)
            batches.link("IN_EDITION", work.id, edition)
    for authorship in work.authorships:
        _collect_person(batches, authorship.person)
        if work.is_alias:
            # The describing record's authors stand (see kg.identity).
            continue
        batches.link(
            "AUTHORED",
            authorship.person.id,
            work.id,
            key="position",
            position=authorship.position,
            name_as_written=authorship.name_as_written,
            institutions=list(authorship.institutions) or None,
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


class SourceWrite:
    """One source's records on their way into the graph, taken as they are read.

    Made before the first record: it reads what the graph holds of the
    source. On FalkorDB, a source new to the graph is planned straight
    from its records (``kg.graph.planner``), to be built in bulk if the
    graph is empty and merged from the plan otherwise; every other load
    gathers the rows of the MERGE statements. Either way the records
    themselves need not be kept.
    """

    def __init__(
        self, graph: PropertyGraph, source: Source, bulk: bool | None = None
    ) -> None:
        self.graph = graph
        self.source = source
        self.bulk = bulk
        self.previous = _source_state(graph, source.id)
        self.unchanged = bool(
            self.previous
            and self.previous.get("sha256") == source.sha256
            and self.previous.get("complete")
        )
        self.planner: Planner | None = None
        self.batches: _Batches | None = None
        if self.unchanged:
            return
        if bulk is not False and self.previous is None and _can_rebuild(graph):
            self.planner = Planner(source)
        else:
            self.batches = _Batches()
            _collect_source(self.batches, source)

    def add(self, record: LoadedRecord) -> None:
        if self.planner is not None:
            self.planner.add(record)
        elif self.batches is not None:
            _collect_record(self.batches, record, self.source)

    def finish(
        self,
        batch_size: int = BATCH_SIZE,
        on_batch: Callable[[int], None] | None = None,
    ) -> GraphWrite:
        """Write what was taken, replacing what the source stated before."""
        if self.unchanged:
            return GraphWrite(0, 0, 0, unchanged=True)
        graph, source = self.graph, self.source
        params: Mapping[str, Any] = {"source": source.id}
        planner, batches = self.planner, self.batches
        if planner is not None:
            bulk = self.bulk if self.bulk is not None else planner.rows >= BULK_MIN_ROWS
            with collector_paused():
                in_bulk = _write_in_bulk(graph, planner) if bulk else None
            if in_bulk is not None:
                if on_batch is not None:
                    on_batch(in_bulk["nodes"] + in_bulk["relationships"])
                graph.write(_MARK_COMPLETE, params)
                logger.debug("wrote source %s in bulk: %s", source.id, in_bulk)
                return GraphWrite(unchanged=False, **in_bulk)
            batches = _batches_of(planner)
        if self.previous:
            for statement in (
                _RETRACT_RELATIONSHIPS,
                _DELETE_UNSTATED_RELATIONSHIPS,
                _RETRACT_NODES,
                _DELETE_UNSTATED_NODES,
            ):
                graph.write(statement, params)
        assert batches is not None
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


def write_source(
    graph: PropertyGraph,
    source: Source,
    records: Iterable[LoadedRecord],
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
    bulk: bool | None = None,
) -> GraphWrite:
    """Write one source's records, replacing what it stated before.

    A source whose bytes are unchanged and whose last load completed is left
    alone. ``on_batch`` is called with the number of rows after each batch.
    An empty graph is built in bulk when the load has at least
    ``BULK_MIN_ROWS`` rows, or whatever its size with ``bulk=True``;
    ``bulk=False`` keeps to the MERGE statements.
    """
    write = SourceWrite(graph, source, bulk)
    if not write.unchanged:
        with collector_paused():
            for record in records:
                write.add(record)
    return write.finish(batch_size, on_batch)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while rows are built or planned.

    A load makes millions of small dicts and lists and no cycles, and the
    collector's passes over them cost more than the work: at 100,000 dblp
    works, 18.7 s against 8.1 s to collect the rows, 18.5 s against 6.6 s
    to plan the bulk write. The pause holds for the whole process.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _holds_only(graph: PropertyGraph, besides: list[str]) -> bool:
    """Is everything in ``graph`` stated by ``besides`` alone?"""
    params = {"besides": besides}
    return not (
        graph.read(_STATED_BESIDES, params).rows
        or graph.read(_RELATED_BESIDES, params).rows
    )


def _can_rebuild(graph: PropertyGraph) -> bool:
    """Can ``graph`` be built in bulk (FalkorDB; Neo4j has no bulk path)?"""
    return getattr(graph, "rebuild", None) is not None


def _write_in_bulk(graph: PropertyGraph, planner: Planner) -> dict[str, int] | None:
    """Rebuild an empty graph in bulk with ``planner``; None if it is not empty.

    None too if another writer changed the graph meanwhile; the caller
    then merges the plan. The counts are the rows, as the MERGE statements
    count them.
    """

    def plan() -> BulkPlan | None:
        if not _holds_only(graph, [SCHEME_ID]):
            return None
        return planner.plan(*_held(graph))

    sent = graph.rebuild(plan)  # type: ignore[attr-defined]
    if sent is None:
        return None
    nodes = sum(map(len, planner.nodes.values()))
    return {
        "nodes": nodes,
        "relationships": planner.relationship_rows,
        "statements": sent,
    }


def _held(graph: PropertyGraph) -> tuple[list[BulkNode], list[BulkRelationship]]:
    """What the graph holds (the topic scheme), to be built again with the load."""
    nodes: list[BulkNode] = []
    place: dict[int, int] = {}
    for node_id, labels, props in graph.read(_HELD_NODES).rows:
        (label,) = labels
        place[node_id] = len(nodes)
        nodes.append(BulkNode(label, props))
    relationships = [
        BulkRelationship(type_, place[start], place[end], props)
        for type_, start, end, props in graph.read(_HELD_RELATIONSHIPS).rows
    ]
    return nodes, relationships


def _batches_of(planner: Planner) -> _Batches:
    """The MERGE rows of a plan: one per node and per relationship.

    Merging them makes what merging the records' own rows makes: those
    rows repeat what the plan holds once, combined in the same order.
    """
    batches = _Batches()
    for label, nodes in planner.nodes.items():
        lists = _LISTS.get(label, ())
        rows = batches.nodes[label] = []
        for id, held in nodes.items():
            props = {k: v for k, v in held.items() if k not in lists and k not in _OWN}
            kept = {k: held[k] for k in lists if k in held}
            rows.append({"id": id, "props": props, "lists": kept})
    for type_, rels in planner.relationships.items():
        key = KEYS.get(type_)
        rows = batches.relationships[(type_, key)] = []
        for (start, end, *_), held in rels.items():
            props = {k: v for k, v in held.items() if k != "sources"}
            row = {"start": start, "end": end, "props": props}
            if key is not None:
                row[key] = props[key]
            rows.append(row)
    return batches


# What every planned node holds besides the rows' properties.
_OWN = ("id", "sources")


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
