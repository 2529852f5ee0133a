"""FalkorDB's bulk path builds the same graph as the MERGE statements."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.graph import EmbeddedFalkorDB, FalkorDBGraph, PropertyGraph, write_source
from kg.graph.bulk import BulkNode, BulkPlan
from kg.graph.falkordb import BULK_SUFFIX
from kg.graph.schema import schema
from kg.loading import source_of
from kg.model import (
    Authorship,
    Identifier,
    IdScheme,
    LoadedRecord,
    Person,
    PublicationType,
    Source,
    Venue,
    VenueKind,
    Work,
)
from kg.topics.assign import with_topics
from kg.topics.scheme import topic_scheme
from kg.topics.store import ensure_scheme_in_graph
from loaders import read_records
from tests.conftest import new_graph
from tests.synthetic import synthetic_records, synthetic_source


@pytest.fixture
def two_graphs(
    falkordb_server: EmbeddedFalkorDB,
) -> Iterator[tuple[FalkorDBGraph, FalkorDBGraph]]:
    """Two empty graphs holding the topic scheme, as every load begins."""
    graphs = (new_graph(falkordb_server), new_graph(falkordb_server))
    for graph in graphs:
        ensure_scheme_in_graph(graph, topic_scheme())
    yield graphs
    for graph in graphs:
        graph.clear()
        graph.close()


def _contents(graph: PropertyGraph) -> tuple[list[str], list[str]]:
    """Every node and relationship as JSON text, which keeps 1, 1.0 and '1' apart."""
    nodes = graph.read("MATCH (n) RETURN labels(n), properties(n)").rows
    relationships = graph.read(
        "MATCH (a)-[r]->(b) "
        "RETURN labels(a), a.id, type(r), labels(b), b.id, properties(r)"
    ).rows
    return (
        sorted(json.dumps(row, sort_keys=True) for row in nodes),
        sorted(json.dumps(row, sort_keys=True) for row in relationships),
    )


def _odd_values() -> list[LoadedRecord]:
    """Values a CSV bulk loader would change: text that reads as a number."""
    person = Person.from_author_string("Ana Ferreira")
    return [
        Work(
            title="1984",
            year=2020,
            publication_type=PublicationType.JOURNAL_ARTICLE,
            venue=Venue(acronym="JX", kind=VenueKind.JOURNAL),
            identifiers=(Identifier(scheme=IdScheme.DOI, value="10.1/true"),),
            authorships=(
                Authorship(
                    position=1,
                    person=person,
                    name_as_written="Ana Ferreira",
                    institutions=("1234567890123456", "12345678901234e5", "true"),
                ),
            ),
        )
    ]


def _repeated() -> list[LoadedRecord]:
    """A person and a venue on several works, their rows differing between them.

    The bulk plan skips a row that repeats the last one merged; the rows
    between change what a repeat would.
    """
    bare = Person.from_author_string("Rui Costa")
    other = Person(name="Rui Costa", given_name="R.", family_name="Costa")
    orcid = Person(
        name="Rui Costa",
        identifiers=(Identifier(scheme=IdScheme.ORCID, value="0000-0002-1825-0097"),),
        alternative_names=("R. Costa", "Rui Costa"),
    )
    venue = Venue(acronym="JR", kind=VenueKind.JOURNAL)
    named = Venue(
        acronym="JR",
        name="Journal of Repeats",
        kind=VenueKind.JOURNAL,
        identifiers=(Identifier(scheme=IdScheme.ISSN, value="1234-5678"),),
    )
    people = [bare, other, bare, orcid, bare, other]
    venues = [venue, named, venue, venue, named, venue]
    return [
        Work(
            title=f"Repeat {n}",
            year=2021,
            publication_type=PublicationType.JOURNAL_ARTICLE,
            venue=on,
            authorships=(
                Authorship(position=1, person=person, name_as_written="Rui Costa"),
            ),
        )
        for n, (person, on) in enumerate(zip(people, venues, strict=True))
    ]


def test_bulk_load_makes_exactly_the_graph_merge_makes(
    two_graphs: tuple[FalkorDBGraph, FalkorDBGraph], sample_path: Path
) -> None:
    merged, bulk = two_graphs
    records = with_topics([*synthetic_records(300), *_odd_values(), *_repeated()])
    source = synthetic_source(300)

    by_merge = write_source(merged, source, records, bulk=False)
    in_bulk = write_source(bulk, source, records, bulk=True)

    assert in_bulk.statements == 1  # one GRAPH.BULK command, not MERGE batches
    assert by_merge.statements > 1
    assert (in_bulk.nodes, in_bulk.relationships) == (
        by_merge.nodes,
        by_merge.relationships,
    )
    nodes, relationships = _contents(bulk)
    assert (nodes, relationships) == _contents(merged)
    # The odd values came through as they were written.
    assert bulk.read(
        "MATCH (w:Work {title: '1984'})<-[a:AUTHORED]-() "
        "RETURN w.year, a.institutions, a.position"
    ).rows == [
        [
            2020,
            ["1234567890123456", "12345678901234e5", "true"],
            1,
        ]
    ]


def test_a_bulk_load_sent_in_several_commands_makes_the_same_graph(
    two_graphs: tuple[FalkorDBGraph, FalkorDBGraph], monkeypatch: pytest.MonkeyPatch
) -> None:
    merged, bulk = two_graphs
    records = with_topics([*synthetic_records(300), *_repeated()])
    source = synthetic_source(300)
    monkeypatch.setattr("kg.graph.bulk.MAX_QUERY_BYTES", 50_000)

    write_source(merged, source, records, bulk=False)
    in_bulk = write_source(bulk, source, records, bulk=True)

    # The scheme and the load, a command each time 50 kB of blobs are passed.
    assert in_bulk.statements > 1
    assert _contents(bulk) == _contents(merged)
    assert bulk.read("MATCH (p:Person {id: 'rui_costa'}) RETURN p").rows


def test_bulk_built_graph_has_every_unique_id_and_index(
    two_graphs: tuple[FalkorDBGraph, FalkorDBGraph], sample_path: Path
) -> None:
    _, bulk = two_graphs
    write_source(
        bulk, source_of(sample_path), list(read_records(sample_path)), bulk=True
    )

    constraints = bulk._graph.list_constraints()
    assert sorted((c["label"], c["properties"], c["status"]) for c in constraints) == [
        (label, ["id"], "OPERATIONAL") for label in sorted(schema().labels)
    ]
    plan = str(bulk._graph.explain("MATCH (p:Person {id: 'jongwoo_ko'}) RETURN p"))
    assert "Node By Index Scan | (p:Person)" in plan
    with pytest.raises(Exception, match="unique constraint violation"):
        bulk.write("CREATE (:Person {id: 'jongwoo_ko'})")
    assert not bulk._db.connection.exists(f"{bulk.graph_name}{BULK_SUFFIX}")


def test_a_second_load_after_a_bulk_load_merges_as_after_merging(
    two_graphs: tuple[FalkorDBGraph, FalkorDBGraph],
    sample_path: Path,
    tmp_path: Path,
) -> None:
    # The same page under another name and with one author renamed: the
    # second load shares most works and people with the first.
    copy = tmp_path / "copy.txt"
    copy.write_text(
        sample_path.read_text(encoding="utf-8").replace("Ling Liu", "Ling Liu 0002"),
        encoding="utf-8",
    )
    merged, bulk = two_graphs
    first = list(read_records(sample_path))
    second = list(read_records(copy))

    write_source(merged, source_of(sample_path), first, bulk=False)
    write_source(bulk, source_of(sample_path), first, bulk=True)
    again = write_source(bulk, source_of(copy), second, bulk=True)
    write_source(merged, source_of(copy), second, bulk=False)

    assert again.statements > 1  # the graph was not empty: MERGE batches
    assert _contents(bulk) == _contents(merged)
    assert bulk.read(
        "MATCH (p:Person {id: 'jongwoo_ko'}) RETURN size(p.sources)"
    ).rows == [[2]]


def test_a_graph_changed_while_built_in_bulk_is_left_as_it_is(
    graph: FalkorDBGraph,
) -> None:
    def plan_then_another_writer() -> BulkPlan:
        graph.write("CREATE (:Person {id: 'meanwhile', sources: ['other']})")
        return BulkPlan.of(
            [BulkNode("Person", {"id": "bulk", "sources": ["mine"]})], []
        )

    assert graph.rebuild(plan_then_another_writer) is None

    assert graph.read("MATCH (n) RETURN n.id").rows == [["meanwhile"]]
    assert not graph._db.connection.exists(f"{graph.graph_name}{BULK_SUFFIX}")


def test_a_graph_another_process_builds_in_bulk_is_left_to_it(
    graph: FalkorDBGraph,
) -> None:
    lock = graph._db.connection.lock(f"{graph.graph_name}{BULK_SUFFIX}-lock")
    assert lock.acquire(blocking=False)
    try:
        planned = graph.rebuild(
            lambda: BulkPlan.of([BulkNode("Person", {"id": "p"})], [])
        )
    finally:
        lock.release()

    assert planned is None
    assert graph.read("MATCH (n) RETURN count(n)").rows == [[0]]


def test_a_load_into_a_graph_holding_another_source_merges(
    graph: FalkorDBGraph, sample_path: Path
) -> None:
    other = Source(location="elsewhere", file_name="x", format="test", sha256="0" * 64)
    graph.write("CREATE (:Person {id: 'someone', sources: [$id]})", {"id": other.id})

    written = write_source(
        graph, source_of(sample_path), list(read_records(sample_path)), bulk=True
    )

    assert written.statements > 1
    assert graph.read("MATCH (p:Person {id: 'someone'}) RETURN count(p)").rows == [[1]]


def test_neo4j_loads_by_merge_statements(
    neo4j_graph: PropertyGraph, sample_path: Path
) -> None:
    from kg.graph import ensure_schema

    neo4j_graph.clear()
    ensure_schema(neo4j_graph)
    written = write_source(
        neo4j_graph, source_of(sample_path), list(read_records(sample_path)), bulk=True
    )
    assert written.statements > 1
    assert neo4j_graph.read("MATCH (n) RETURN count(n)").rows == [[52]]


def test_bulk_refuses_a_value_it_cannot_hold() -> None:
    from kg.graph.bulk import queries

    with pytest.raises(ValueError, match="cannot hold dict"):
        list(queries("g", [BulkNode("Work", {"id": "w", "x": {"a": 1}})], []))
