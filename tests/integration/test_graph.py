"""The property graph on a real FalkorDB server (and Neo4j where reachable)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import QueryError, QueryTimeoutError, ReadOnlyError, StoreError
from kg.graph import (
    EmbeddedFalkorDB,
    FalkorDBGraph,
    GraphNode,
    GraphRelationship,
    PropertyGraph,
    ensure_schema,
    write_source,
)
from kg.graph.falkordb import _alive
from kg.loading import source_of
from kg.model import Authorship, Person, PublicationType, Source, Work
from loaders import read_records
from tests.conftest import new_graph
from tests.synthetic import synthetic_records, synthetic_source

SLOW_QUERY = "UNWIND range(1, 100000000) AS x RETURN sum(x) AS total"


@pytest.fixture(params=["falkordb", "neo4j"])
def any_graph(
    request: pytest.FixtureRequest, falkordb_server: EmbeddedFalkorDB
) -> Iterator[PropertyGraph]:
    """An empty graph on each reachable server."""
    graph: PropertyGraph
    if request.param == "falkordb":
        graph = new_graph(falkordb_server)
    else:
        graph = request.getfixturevalue("neo4j_graph")
        graph.clear()
        ensure_schema(graph)
    yield graph
    graph.clear()


def _counts(graph: PropertyGraph) -> tuple[int, int]:
    nodes = graph.read("MATCH (n) RETURN count(n)").rows[0][0]
    relationships = graph.read("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
    return nodes, relationships


def _load_sample(graph: PropertyGraph, path: Path) -> None:
    write_source(graph, source_of(path), list(read_records(path)))


# Writing ---------------------------------------------------------------------


def test_sample_page_has_49_authorships(
    any_graph: PropertyGraph, sample_path: Path
) -> None:
    _load_sample(any_graph, sample_path)
    query = "MATCH (p:Person)-[:AUTHORED]->(w:Work) RETURN count(*) AS n"
    assert any_graph.read(query).rows == [[49]]
    # 10 works, 27 people, 5 venues, 8 venue editions, 1 name cluster, 1 source;
    # 49 AUTHORED, 10 PUBLISHED_IN, 10 IN_EDITION, 8 EDITION_OF, 10 IN_CLUSTER,
    # 10 FROM_SOURCE.
    assert _counts(any_graph) == (52, 97)


def test_writing_the_same_source_twice_changes_nothing(
    any_graph: PropertyGraph, sample_path: Path
) -> None:
    _load_sample(any_graph, sample_path)
    before = any_graph.read("MATCH (n) RETURN n ORDER BY n.id").rows
    again = write_source(
        any_graph, source_of(sample_path), list(read_records(sample_path))
    )
    assert again.unchanged
    assert any_graph.read("MATCH (n) RETURN n ORDER BY n.id").rows == before


def test_rewriting_after_an_interrupted_load_makes_no_duplicates(
    graph: FalkorDBGraph,
) -> None:
    records = synthetic_records(300)
    source = synthetic_source(300)
    write_source(graph, source, records)
    expected = _counts(graph)
    # The load is marked incomplete, as if it had stopped halfway.
    graph.write("MATCH (s:Source) SET s.complete = false")

    assert not write_source(graph, source, records).unchanged
    assert _counts(graph) == expected


def test_a_changed_source_replaces_what_it_said(
    graph: FalkorDBGraph, sample_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        sample_path.read_text(encoding="utf-8").replace("Ling Liu", "Ling Liu 0002"),
        encoding="utf-8",
    )
    _load_sample(graph, sample_path)
    shutil.copy(page, tmp_path / "copy.txt")
    changed = sample_path.read_text(encoding="utf-8").replace(
        "Ling Liu", "Ling Liu 0002"
    )
    original = tmp_path / "original.txt"
    original.write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    _load_sample(graph, original)
    original.write_text(changed, encoding="utf-8")

    _load_sample(graph, original)

    people = {row[0] for row in graph.read("MATCH (p:Person) RETURN p.id").rows}
    # The sample itself still states Ling Liu; the edited file no longer does.
    assert {"ling_liu", "ling_liu_0002"} <= people
    sources = graph.read(
        "MATCH (p:Person {id: 'ling_liu'}) RETURN size(p.sources)"
    ).rows
    assert sources == [[1]]


def test_a_fact_no_source_states_any_more_is_deleted(
    graph: FalkorDBGraph, sample_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    _load_sample(graph, page)
    page.write_text(
        page.read_text(encoding="utf-8").replace("Ling Liu", "Ling Liu 0002"),
        encoding="utf-8",
    )
    _load_sample(graph, page)
    people = {row[0] for row in graph.read("MATCH (p:Person) RETURN p.id").rows}
    assert "ling_liu" not in people
    assert "ling_liu_0002" in people
    assert _counts(graph) == (52, 97)


def test_parallel_writers_of_one_person_make_one_node(graph: FalkorDBGraph) -> None:
    # BR-08: two loads that share an author, at the same moment.
    person = Person.from_author_string("Ana Ferreira")

    def work(title: str) -> Work:
        return Work(
            title=title,
            year=2020,
            publication_type=PublicationType.JOURNAL_ARTICLE,
            authorships=(
                Authorship(position=1, person=person, name_as_written="Ana Ferreira"),
            ),
        )

    def load(number: int) -> None:
        source = Source(location=f"w{number}", file_name=f"w{number}", format="test",
                        sha256=f"{number:064x}")  # fmt: skip
        write_source(graph, source, [work(f"Paper {number}")])

    threads = [threading.Thread(target=load, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    rows = graph.read(
        "MATCH (p:Person {id: 'ana_ferreira'}) "
        "OPTIONAL MATCH (p)-[a:AUTHORED]->() RETURN count(DISTINCT p), count(a)"
    ).rows
    assert rows == [[1, 20]]


# Reading ---------------------------------------------------------------------


def test_a_query_that_writes_is_refused_before_anything_changes(
    any_graph: PropertyGraph, sample_path: Path
) -> None:
    _load_sample(any_graph, sample_path)
    before = _counts(any_graph)
    for query in [
        "CREATE (:Person {id: 'intruder'})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (p:Person) SET p.name = 'x'",
        "MERGE (:Work {id: 'w'})",
    ]:
        with pytest.raises(ReadOnlyError):
            any_graph.read(query)
    assert _counts(any_graph) == before


def test_a_query_past_its_time_limit_is_stopped(any_graph: PropertyGraph) -> None:
    with pytest.raises(QueryTimeoutError) as caught:
        any_graph.read(SLOW_QUERY, timeout_ms=50)
    assert "50 ms" in caught.value.message


def test_rows_past_the_limit_are_cut_and_flagged(any_graph: PropertyGraph) -> None:
    result = any_graph.read("UNWIND range(1, 10) AS x RETURN x", row_limit=3)
    assert result.rows == [[1], [2], [3]]
    assert result.truncated


def test_nodes_and_relationships_come_with_labels_types_and_properties(
    any_graph: PropertyGraph, sample_path: Path
) -> None:
    _load_sample(any_graph, sample_path)
    result = any_graph.read(
        "MATCH (p:Person {id: $id})-[a:AUTHORED]->(w:Work) "
        "RETURN p, a, w ORDER BY a.position LIMIT 1",
        {"id": "lei_xu_0040"},
    )
    person, authored, work = result.rows[0]
    assert isinstance(person, GraphNode) and person.labels == ["Person"]
    assert person.properties["homonym_number"] == "0040"
    assert isinstance(authored, GraphRelationship) and authored.type == "AUTHORED"
    assert authored.properties["position"] == 2
    assert (authored.start, authored.end) == (person.id, work.id)


def test_a_cypher_syntax_error_quotes_the_server(any_graph: PropertyGraph) -> None:
    with pytest.raises(QueryError) as caught:
        any_graph.read("MATCH (n RETURN n")
    assert "refused the query" in caught.value.message


def test_parameters_carry_quotes_and_backslashes_as_text(
    any_graph: PropertyGraph, sample_path: Path
) -> None:
    _load_sample(any_graph, sample_path)
    for text in ["x' }) MATCH (n) DETACH DELETE n //", "Ana\\", 'Mary "Molly"']:
        rows = any_graph.read("MATCH (p:Person {name: $name}) RETURN p", {"name": text})
        assert rows.rows == []
    assert _counts(any_graph) == (52, 97)


# The embedded server -----------------------------------------------------------


def test_embedded_server_starts_from_a_relative_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by a tester: with a relative data folder the server never started.
    monkeypatch.chdir(tmp_path)
    with EmbeddedFalkorDB(Path("kg-data") / "falkordb") as server:
        graph = FalkorDBGraph(server.host, server.port or 0)
        assert graph.read("RETURN 1").rows == [[1]]
        graph.close()
    assert (tmp_path / "kg-data" / "falkordb" / "server.log").exists()


def test_embedded_server_keeps_the_graph_across_restarts(
    tmp_path: Path, sample_path: Path
) -> None:
    with EmbeddedFalkorDB(tmp_path) as server:
        graph = FalkorDBGraph(server.host, server.port or 0)
        ensure_schema(graph)
        _load_sample(graph, sample_path)
        graph.close()
    with EmbeddedFalkorDB(tmp_path) as server:
        graph = FalkorDBGraph(server.host, server.port or 0)
        assert _counts(graph) == (52, 97)
        graph.close()


def test_a_second_process_uses_the_server_already_running(tmp_path: Path) -> None:
    with EmbeddedFalkorDB(tmp_path) as first:
        code = (
            "import sys; from pathlib import Path; "
            "from kg.graph import EmbeddedFalkorDB; "
            "s = EmbeddedFalkorDB(Path(sys.argv[1])).start(); print(s.port); s.stop()"
        )
        second = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        assert int(second.stdout) == first.port
        # The second process did not stop the first one's server.
        assert FalkorDBGraph(first.host, first.port or 0).read("RETURN 1").rows == [[1]]


def test_a_server_that_dies_mid_load_gives_a_clear_error_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    records = synthetic_records(600)
    source = synthetic_source(600)
    server = EmbeddedFalkorDB(tmp_path).start()
    graph = FalkorDBGraph(server.host, server.port or 0)
    ensure_schema(graph)

    def kill_after_two_batches(rows: int, calls: list[int] = []) -> None:  # noqa: B006
        calls.append(rows)
        if len(calls) == 2:
            server.stop_hard()

    with pytest.raises(StoreError) as caught:
        write_source(
            graph, source, records, batch_size=100, on_batch=kill_after_two_batches
        )
    assert f"redis://127.0.0.1:{server.port}" in caught.value.message
    assert "run the command again" in caught.value.message
    graph.close()

    with EmbeddedFalkorDB(tmp_path) as restarted:
        again = FalkorDBGraph(restarted.host, restarted.port or 0)
        write_source(again, source, records)
        nodes = again.read(
            "MATCH (n) RETURN count(n), count(DISTINCT [labels(n)[0], n.id])"
        ).rows
        rels = again.read(
            "MATCH (a)-[r]->(b) RETURN count(r), "
            "count(DISTINCT [a.id, type(r), b.id, r.position])"
        ).rows
        assert nodes[0][0] == nodes[0][1]
        assert rels[0][0] == rels[0][1]
        people = {
            a.person.id for r in records if isinstance(r, Work) for a in r.authorships
        }
        assert again.read("MATCH (p:Person) RETURN count(p)").rows == [[len(people)]]
        again.close()


def test_a_server_whose_owner_dies_stops_with_it(tmp_path: Path) -> None:
    # Found by a tester: a kg killed with -9 left its server running.
    code = (
        "import os, sys; from pathlib import Path; "
        "from kg.graph import EmbeddedFalkorDB; "
        "s = EmbeddedFalkorDB(Path(sys.argv[1])).start(); "
        "print(s._pid, flush=True); os._exit(0)"  # dies without stopping it
    )
    orphaned = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    server_pid = int(orphaned.stdout)
    deadline = time.monotonic() + 20
    while _alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(server_pid)


def test_a_copied_data_folder_gets_a_server_of_its_own(tmp_path: Path) -> None:
    # Found by a tester: the copy's server.json led it to the original's server.
    original = tmp_path / "original"
    with EmbeddedFalkorDB(original) as first:
        copy = tmp_path / "copy"
        shutil.copytree(original, copy)
        with EmbeddedFalkorDB(copy) as second:
            assert second.port != first.port


@pytest.mark.parametrize(
    "url", ["bolt://127.0.0.1:1", "redis://127.0.0.1:1"], ids=["neo4j", "falkordb"]
)
def test_an_unreachable_graph_server_is_named_in_the_error(
    url: str, tmp_path: Path
) -> None:
    from kg.config import Settings
    from kg.graph import open_graph

    with pytest.raises(StoreError) as caught:
        with open_graph(Settings(graph_url=url), tmp_path):
            pass
    assert "127.0.0.1:1" in caught.value.message


def test_opening_stores_warns_when_the_graph_lacks_a_loaded_file(
    tmp_path: Path,
    sample_path: Path,
    falkordb_server: EmbeddedFalkorDB,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from kg.config import Settings
    from kg.loading import load_file
    from kg.stores import open_stores

    settings = Settings(
        graph_url=f"redis://127.0.0.1:{falkordb_server.port}", graph_name="lossy"
    )
    with open_stores(settings, tmp_path) as stores:
        assert stores.graph is not None
        load_file(stores.rdf, sample_path, graph=stores.graph)
        stores.graph.clear()  # as a crash before the server's snapshot would
    with open_stores(settings, tmp_path) as stores:
        assert stores.graph is not None
        stores.graph.clear()
    assert "lacks 1 file(s) that the RDF store holds" in caplog.text
    assert "author-cluster-jongwoo-ko.txt" in caplog.text


def test_a_server_that_cannot_start_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "graph.rdb").write_bytes(b"this is not a snapshot")
    with pytest.raises(StoreError) as caught:
        EmbeddedFalkorDB(tmp_path).start()
    message = caught.value.message
    assert "did not start" in message
    assert "exited at once" in message
    assert str(tmp_path) in message
    assert not (tmp_path / "server.json").exists()
