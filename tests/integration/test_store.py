"""Loads into a real on-disk Oxigraph store: idempotent, whole or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal

from kg.errors import LoaderError, StoreBusyError
from kg.loading import load_file, source_of
from kg.rdf import source_triples
from kg.rdf_store import RdfStore
from kg.topics.scheme import scheme_iri
from kg.vocab import DCTERMS, KGO
from ontology import ONTOLOGY_TTL, SHAPES_TTL


def _records_graph(store: RdfStore) -> Graph:
    """The union of the loaded files' graphs, without the topic scheme's.

    No shape targets the scheme's concepts, and its 83,000 triples would
    make each validation take seconds.
    """
    scheme = ox.NamedNode(str(scheme_iri()))
    lines = (
        f"{q.subject} {q.predicate} {q.object} .\n"
        for q in store.oxigraph.quads_for_pattern(None, None, None, None)
        if q.graph_name != scheme
    )
    return Graph().parse(data="".join(lines), format="nt")


def _quads(store: RdfStore) -> set[ox.Quad]:
    return set(store.oxigraph.quads_for_pattern(None, None, None, None))


def test_loading_the_sample_fills_its_named_graph_and_the_topic_schemes(
    disk_store: RdfStore, sample_path: Path
) -> None:
    report = load_file(disk_store, sample_path)
    graphs = list(disk_store.oxigraph.named_graphs())
    assert {g.value for g in graphs} == {
        "https://w3id.org/scholarly-kg/source/openalex-topics",
        f"https://w3id.org/scholarly-kg/source/{report.source_id}",
    }
    assert disk_store.summary()["works"] == 10
    assert disk_store.summary()["people"] == 27


def test_loading_the_same_file_twice_leaves_the_same_graph(
    disk_store: RdfStore, sample_path: Path
) -> None:
    load_file(disk_store, sample_path)
    before = _quads(disk_store)
    again = load_file(disk_store, sample_path)
    assert again.unchanged
    assert _quads(disk_store) == before


def test_a_changed_file_replaces_what_it_said_before(
    disk_store: RdfStore, sample_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    shutil.copy(sample_path, page)
    load_file(disk_store, page)
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Ling Liu", "Ling Liu 0002"), encoding="utf-8")

    report = load_file(disk_store, page)

    assert not report.unchanged
    ids = {row["p"] for row in disk_store.select("SELECT ?p { ?p a kgo:Person }")}
    assert "https://w3id.org/scholarly-kg/person/ling_liu_0002" in ids
    assert "https://w3id.org/scholarly-kg/person/ling_liu" not in ids
    # The page's graph, replaced, and the topic scheme's.
    assert len(list(disk_store.oxigraph.named_graphs())) == 2


def test_a_bad_file_leaves_the_store_exactly_as_it_was(
    disk_store: RdfStore, sample_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    shutil.copy(sample_path, page)
    load_file(disk_store, page)
    before = _quads(disk_store)
    text = page.read_text(encoding="utf-8")
    page.write_text(text[: text.index("AAAI Conference 2023")], encoding="utf-8")

    with pytest.raises(LoaderError):
        load_file(disk_store, page)

    assert _quads(disk_store) == before


def _loaded(tmp_path: Path, sample_path: Path) -> tuple[RdfStore, set[ox.Quad]]:
    """An on-disk store holding the sample, and its quads."""
    store = RdfStore(tmp_path / "oxigraph")
    load_file(store, sample_path)
    return store, _quads(store)


def test_a_graph_left_in_staging_by_a_crash_is_dropped_on_open(
    tmp_path: Path, sample_path: Path
) -> None:
    store, before = _loaded(tmp_path, sample_path)
    staging = ox.NamedNode("https://w3id.org/scholarly-kg/staging/source/x")
    store.oxigraph.add(
        ox.Quad(
            ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c"), staging
        )
    )
    store.close()

    reopened = RdfStore(tmp_path / "oxigraph")
    assert _quads(reopened) == before
    reopened.close()


def test_a_load_cut_short_while_reading_leaves_the_store_as_it_was(
    tmp_path: Path, sample_path: Path
) -> None:
    store, before = _loaded(tmp_path, sample_path)
    with store.spool() as spool:
        spool.add(next(source_triples(source_of(sample_path))))
        kept = spool.path.read_bytes()
    store.close()
    # A crash keeps the spool; the block above deleted it, so put it back.
    spool.path.write_bytes(kept)

    reopened = RdfStore(tmp_path / "oxigraph")
    assert _quads(reopened) == before
    assert not list((tmp_path / "oxigraph.spool").iterdir())
    reopened.close()


def test_a_second_writer_on_one_data_folder_is_told_it_is_busy(
    disk_store: RdfStore,
) -> None:
    assert disk_store.path is not None
    with pytest.raises(StoreBusyError) as caught:
        RdfStore(disk_store.path)
    assert str(disk_store.path) in caught.value.message


def test_the_loaded_sample_conforms_to_the_shapes(
    sample_store: RdfStore,
) -> None:
    conforms, _, report = validate(
        _records_graph(sample_store),
        shacl_graph=Graph().parse(SHAPES_TTL),
        ont_graph=Graph().parse(ONTOLOGY_TTL),
    )
    assert conforms, report


def test_the_shapes_catch_a_work_without_title(sample_store: RdfStore) -> None:
    data = _records_graph(sample_store)
    title = next(data.triples((None, DCTERMS.title, None)))
    data.remove(title)

    conforms, _, report = validate(data, shacl_graph=Graph().parse(SHAPES_TTL))

    assert not conforms
    assert str(title[0]) in report
    assert "dcterms:title" in report


def test_the_shapes_catch_two_authors_in_one_position(
    sample_store: RdfStore,
) -> None:
    data = _records_graph(sample_store)
    second = next(data.triples((None, KGO.position, Literal(2))))
    data.set((second[0], KGO.position, Literal(1)))

    conforms, _, report = validate(data, shacl_graph=Graph().parse(SHAPES_TTL))

    assert not conforms
    assert "share a position" in report
