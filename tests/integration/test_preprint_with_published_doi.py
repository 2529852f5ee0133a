"""An arXiv preprint that names its published DOI stays the preprint.

The arXiv record is line 36 of the real snapshot (``0704.0086``, whose
``doi`` field is the journal's ``10.1214/07-AAP481``); the Crossref record
of the published article is written here from that line's journal-ref
(Annals of Applied Probability 2008, Vol. 18, No. 3, 1026-1058).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph import FalkorDBGraph
from kg.loading import load_file
from kg.rdf_store import RdfStore
from tests.loaders.test_arxiv import SNAPSHOT

CROSSREF = """{"status": "ok", "message-type": "work", "message": {
  "DOI": "10.1214/07-AAP481", "type": "journal-article",
  "title": ["Clustering in a stochastic model of one-dimensional gas"],
  "author": [{"given": "Vladislav V.", "family": "Vysotsky",
              "sequence": "first"}],
  "container-title": ["The Annals of Applied Probability"],
  "issued": {"date-parts": [[2008, 6, 1]]},
  "volume": "18", "issue": "3", "page": "1026-1058"}}
"""

PREPRINT = "70e8d3bad85f7e69"  # the title, 2007, "preprint"
PUBLISHED = "7707370acf749109"  # the title, 2008


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    arxiv = tmp_path / "0704.0086.jsonl"
    line = SNAPSHOT.read_text(encoding="utf-8").splitlines()[35]
    arxiv.write_text(line + "\n", encoding="utf-8")
    crossref = tmp_path / "07-AAP481.json"
    crossref.write_text(CROSSREF, encoding="utf-8")
    return {"arxiv": arxiv, "crossref": crossref}


def _identifiers(stores: tuple[RdfStore, FalkorDBGraph]) -> tuple[dict, dict]:
    """Each work's identifiers, in the RDF store and in the property graph."""
    rdf: dict[str, list[str]] = {}
    for row in stores[0].select(
        "SELECT ?w ?id WHERE { ?w a kgo:Work ; kgo:identifier ?id } ORDER BY ?id"
    ):
        rdf.setdefault(str(row["w"]).rpartition("/")[2], []).append(str(row["id"]))
    rows = stores[1].read("MATCH (w:Work) RETURN w.id, w.identifiers", {}).rows
    return rdf, {work: sorted(identifiers) for work, identifiers in rows}


def _links(stores: tuple[RdfStore, FalkorDBGraph]) -> tuple[list, list]:
    rdf = stores[0].select("SELECT ?p ?w WHERE { ?p kgo:preprintOf ?w }")
    graph = stores[1].read(
        "MATCH (p:Work)-[:PREPRINT_OF]->(w:Work) RETURN p.id, w.id", {}
    )
    return (
        [(str(r["p"]).rpartition("/")[2], str(r["w"]).rpartition("/")[2]) for r in rdf],
        [tuple(row) for row in graph.rows],
    )


@pytest.mark.parametrize(
    "order", [("arxiv", "crossref"), ("crossref", "arxiv")], ids="-then-".join
)
def test_a_preprint_with_the_published_doi_is_linked_not_given_the_doi(
    stores, files: dict[str, Path], order: tuple[str, str]
) -> None:
    for name in order:
        load_file(stores[0], files[name], graph=stores[1])

    expected = {
        PREPRINT: ["arxiv:0704.0086"],
        PUBLISHED: ["doi:10.1214/07-aap481"],
    }
    rdf, graph = _identifiers(stores)
    assert rdf == graph == expected
    rdf_links, graph_links = _links(stores)
    assert rdf_links == graph_links == [(PREPRINT, PUBLISHED)]
