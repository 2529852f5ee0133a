"""Each new format loaded end to end into a real Oxigraph store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph import EmbeddedFalkorDB
from kg.loading import OnError, load_file
from kg.rdf_store import RdfStore
from tests.conftest import new_graph

DATA = Path(__file__).parents[1] / "data" / "sources"


@pytest.mark.parametrize(
    ("file", "format", "works", "people", "venues"),
    [
        # 90 entries are works: four repeat a title, year and authors, and
        # the arXiv version of a fifth is its own work, linked as a preprint.
        ("bibtex/biblatex-examples.bib", "bibtex", 86, 121, 28),
        # 131 rows; two share title and year with no author, but not a DOI.
        ("csv/dblp_parsed_final.csv", "csv", 131, 61, 1),
        ("crossref/test1.json", "crossref", 1, 5, 1),
        ("crossref/crossref_api_works.json", "crossref", 2, 4, 2),
        ("arxiv/arxiv-metadata-oai-snapshot.lines51-200.jsonl", "arxiv", 150, 401, 1),
    ],
)
def test_file_loads_into_oxigraph_with_its_detected_format(
    file: str, format: str, works: int, people: int, venues: int
) -> None:
    store = RdfStore(None)
    try:
        # crossref_api_works.json has an undated work, which is skipped.
        report = load_file(store, DATA / file, on_error=OnError.SKIP)
        summary = store.summary()
    finally:
        store.close()
    assert report.format == format
    assert (report.works, report.people, report.venues) == (works, people, venues)
    assert (summary["works"], summary["people"], summary["venues"]) == (
        works,
        people,
        venues,
    )


def test_bibtex_loads_into_both_stores_and_again_unchanged(
    falkordb_server: EmbeddedFalkorDB,
) -> None:
    store = RdfStore(None)
    graph = new_graph(falkordb_server)
    try:
        path = DATA / "bibtex" / "biblatex-examples.bib"
        first = load_file(store, path, graph=graph)
        again = load_file(store, path, graph=graph)
    finally:
        graph.close()
        store.close()
    assert first.graph_unchanged is False
    assert (again.unchanged, again.graph_unchanged) == (True, True)
    assert again.triples == first.triples
