"""The streaming, bulk-loaded path writes what the plain path writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.generate import WRITERS, generate
from kg import loading
from kg.errors import RecordError
from kg.graph import EmbeddedFalkorDB, FalkorDBGraph, write_source
from kg.identity import Resolver
from kg.loading import load_file, source_of
from kg.model import LoadedRecord
from kg.rdf import record_triples, source_iri, source_triples
from kg.rdf_store import RdfStore, Spool, _GraphWriter, to_oxigraph
from kg.topics.assign import with_topics
from kg.topics.scheme import topic_scheme
from kg.topics.store import ensure_scheme_in_graph, ensure_scheme_in_rdf
from loaders import BadRecord, read_records
from tests.conftest import new_graph


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "works.xml"
    with path.open("w", encoding="utf-8") as out:
        WRITERS["dblp"](generate(300), out)
    return path


def _read(path: Path) -> list[LoadedRecord]:
    return [r for r in read_records(path) if not isinstance(r, BadRecord)]


def _plain_quads(path: Path) -> set[ox.Quad]:
    """The quads of the plain path: each triple made an Oxigraph quad."""
    source = source_of(path)
    graph = ox.NamedNode(str(source_iri(source.id)))
    records = _resolved(path)
    triples = [*source_triples(source)]
    for record in records:
        triples.extend(record_triples(record, source.id))
    return {ox.Quad(*(to_oxigraph(t) for t in triple), graph) for triple in triples}


def _resolved(path: Path) -> list[LoadedRecord]:
    """The records as the plain path makes them: resolved, then given topics."""
    return with_topics(Resolver(RdfStore(None)).resolve(_read(path)))


def _quads(store: RdfStore, path: Path | None = None) -> set[ox.Quad]:
    """The quads of the store, or of one file's graph (the scheme has its own)."""
    graph = None if path is None else ox.NamedNode(str(source_iri(source_of(path).id)))
    return set(store.oxigraph.quads_for_pattern(None, None, None, graph))


def _contents(graph: FalkorDBGraph) -> tuple[list[str], list[str]]:
    nodes = graph.read("MATCH (n) RETURN labels(n), properties(n)").rows
    links = graph.read(
        "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)"
    ).rows
    return sorted(map(repr, nodes)), sorted(map(repr, links))


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_fast_load_writes_the_plain_paths_quads_and_nodes(
    which: str,
    sample_path: Path,
    generated: Path,
    disk_store: RdfStore,
    falkordb_server: EmbeddedFalkorDB,
) -> None:
    path = sample_path if which == "sample" else generated
    fast_graph = new_graph(falkordb_server, f"fast-{which}")
    plain_graph = new_graph(falkordb_server, f"plain-{which}")

    report = load_file(disk_store, path, graph=fast_graph)
    expected = _plain_quads(path)
    ensure_scheme_in_graph(plain_graph, topic_scheme())
    write_source(plain_graph, source_of(path), _resolved(path))

    assert _quads(disk_store, path) == expected
    assert report.triples == len(expected)
    assert _contents(fast_graph) == _contents(plain_graph)


def test_resolver_on_an_empty_store_skips_lookups_and_answers_the_same(
    generated: Path,
) -> None:
    records = _read(generated)
    skipping = Resolver(RdfStore(None))
    looking = Resolver(RdfStore(None))
    looking._empty = False

    assert list(skipping.resolve(records)) == list(looking.resolve(records))


def _changed_copy(sample_path: Path, folder: Path) -> Path:
    page = folder / "page.txt"
    shutil.copy(sample_path, page)
    return page


def _assert_reopened_holds(folder: Path, expected: set[ox.Quad]) -> None:
    """The store in ``folder``, opened after a crash, holds ``expected``."""
    reopened = RdfStore(folder / "oxigraph")
    assert _quads(reopened) == expected
    assert not list((folder / "oxigraph.spool").iterdir())
    reopened.close()


def test_a_load_cut_short_while_committing_is_finished_on_open(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _changed_copy(sample_path, tmp_path)
    clean = RdfStore(tmp_path / "clean")
    text = page.read_text(encoding="utf-8")
    store = RdfStore(tmp_path / "oxigraph")
    load_file(store, page)
    page.write_text(text.replace("Ling Liu", "Ling Liu 0002"), encoding="utf-8")
    load_file(clean, page)

    def crash(self: RdfStore, marker: Path, loaded: int = 0) -> None:
        # Half the new graph is in when the process dies.
        self.oxigraph.add(
            ox.Quad(
                ox.NamedNode("urn:x:half"),
                ox.NamedNode("urn:x:written"),
                ox.Literal("x"),
                ox.NamedNode(str(source_iri(source_of(page).id))),
            )
        )
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(RdfStore, "_finish_commit", crash)
        with pytest.raises(KeyboardInterrupt):
            load_file(store, page)
    store.close()

    _assert_reopened_holds(tmp_path, _quads(clean))
    clean.close()


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Spool chunks of 200 lines; the chunks handed to a graph writer."""
    monkeypatch.setattr(Spool, "CHUNK", 200)
    handed: list[Path] = []
    load = _GraphWriter.load

    def counted(self: _GraphWriter, chunk: Path) -> None:
        handed.append(chunk)
        load(self, chunk)

    monkeypatch.setattr(_GraphWriter, "load", counted)
    return handed


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Topics assigned to 50 works at a time: lines are written as works come."""
    monkeypatch.setattr(loading, "TOPIC_BATCH", 50)


def _with_bad_last_record(generated: Path, folder: Path) -> Path:
    """The generated file with a record without a year at its end."""
    bad = '<article key="journals/x/NoYear"><title>No year.</title></article>\n'
    path = folder / "bad-at-end.xml"
    text = generated.read_text(encoding="utf-8")
    path.write_text(text.replace("</dblp>", bad + "</dblp>"), encoding="utf-8")
    return path


def test_a_first_load_written_chunk_by_chunk_while_read_has_the_plain_quads(
    generated: Path, disk_store: RdfStore, small_chunks: list[Path]
) -> None:
    report = load_file(disk_store, generated)

    expected = _plain_quads(generated)
    assert len(small_chunks) == report.triples // 200
    assert _quads(disk_store, generated) == expected
    assert report.triples == len(expected)
    assert not list(disk_store._spool_folder().iterdir())


def test_a_second_file_is_not_written_before_it_was_read_whole(
    generated: Path, sample_path: Path, disk_store: RdfStore, small_chunks: list[Path]
) -> None:
    load_file(disk_store, sample_path)
    small_chunks.clear()
    load_file(disk_store, generated)

    assert small_chunks == []


@pytest.mark.usefixtures("small_batches")
def test_a_bad_record_after_chunks_were_written_leaves_the_store_as_it_was(
    generated: Path, tmp_path: Path, disk_store: RdfStore, small_chunks: list[Path]
) -> None:
    bad = _with_bad_last_record(generated, tmp_path)
    ensure_scheme_in_rdf(disk_store, topic_scheme())
    before = _quads(disk_store)

    with pytest.raises(RecordError) as caught:
        load_file(disk_store, bad)

    assert (caught.value.line, caught.value.problem) == (
        generated.read_text(encoding="utf-8").count("\n"),
        "record 'journals/x/NoYear' has no year",
    )
    assert len(small_chunks) > 10
    assert _quads(disk_store) == before
    assert not list(disk_store._spool_folder().iterdir())


@pytest.mark.usefixtures("small_batches")
def test_a_crash_while_chunks_are_written_leaves_no_part_of_the_file(
    generated: Path, tmp_path: Path, small_chunks: list[Path]
) -> None:
    store = RdfStore(tmp_path / "oxigraph")
    ensure_scheme_in_rdf(store, topic_scheme())
    before = _quads(store)
    read = 0

    def dies_at_the_last_work() -> None:
        nonlocal read
        read += 1
        if read == 300:
            raise KeyboardInterrupt

    with pytest.MonkeyPatch.context() as patched:
        # The process dies: nothing runs on its way out.
        patched.setattr(_GraphWriter, "undo", lambda self: self.wait())
        with pytest.raises(KeyboardInterrupt):
            load_file(store, generated, on_record=dies_at_the_last_work)
    assert len(small_chunks) > 10
    assert _quads(store) != before
    store.close()

    _assert_reopened_holds(tmp_path, before)


def test_a_crash_while_committing_chunks_written_while_read_is_finished_on_open(
    generated: Path, tmp_path: Path, small_chunks: list[Path]
) -> None:
    clean = RdfStore(tmp_path / "clean")
    load_file(clean, generated)
    store = RdfStore(tmp_path / "oxigraph")

    def crash(self: RdfStore, marker: Path, loaded: int = 0) -> None:
        raise KeyboardInterrupt

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(RdfStore, "_finish_commit", crash)
        with pytest.raises(KeyboardInterrupt):
            load_file(store, generated)
    assert len(small_chunks) > 10
    store.close()

    _assert_reopened_holds(tmp_path, _quads(clean))
    clean.close()
