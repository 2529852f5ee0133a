"""The streaming, bulk-loaded path writes what the plain path writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.generate import WRITERS, generate
from kg.graph import EmbeddedFalkorDB, FalkorDBGraph, write_source
from kg.identity import Resolver
from kg.loading import load_file, source_of
from kg.model import LoadedRecord
from kg.rdf import record_triples, source_iri, source_triples
from kg.rdf_store import RdfStore, to_oxigraph
from kg.topics.assign import with_topics
from kg.topics.scheme import topic_scheme
from kg.topics.store import ensure_scheme_in_graph
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

    def crash(self: RdfStore, marker: Path) -> None:
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

    reopened = RdfStore(tmp_path / "oxigraph")
    assert _quads(reopened) == _quads(clean)
    assert not list((tmp_path / "oxigraph.spool").iterdir())
    reopened.close()
    clean.close()
