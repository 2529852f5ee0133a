"""One DOI described by two sources is one work, with one author a position.

The OpenAlex record is the real ``openalex/W2741809807.json``; the BibTeX
entry is written here, the way a reference manager exports that article:
its title in title case, names as "Family, Given", "Jevin West" without
the middle initial OpenAlex gives, and "Alperin" without the accent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from kg import ids, queries
from kg.errors import NotFoundError
from kg.graph import FalkorDBGraph
from kg.loading import load_file
from kg.rdf_store import RdfStore

SOURCES = Path(__file__).parents[1] / "data" / "sources"
OPENALEX = SOURCES / "openalex" / "W2741809807.json"

BIBTEX = r"""@article{piwowar2018state,
  title   = {The State of {OA}: A Large-Scale Analysis of the Prevalence and
             Impact of Open Access Articles},
  author  = {Piwowar, Heather and Priem, Jason and Larivi{\`e}re, Vincent and
             Alperin, Juan Pablo and Matthias, Lisa and Norlander, Bree and
             Farley, Ashley and West, Jevin and Haustein, Stefanie},
  journal = {PeerJ},
  volume  = {6},
  pages   = {e4375},
  year    = {2018},
  doi     = {10.7717/peerj.4375},
}
"""

WORK = "6ae9c91b24210812"
OPENALEX_TITLE = (
    "The state of OA: a large-scale analysis of the prevalence and impact "
    "of Open Access articles"
)
BIBTEX_TITLE = (
    "The State of OA: A Large-Scale Analysis of the Prevalence and Impact "
    "of Open Access Articles"
)
# The authors as each source names them, in order.
OPENALEX_AUTHORS = [
    "heather_piwowar",
    "jason_priem",
    "vincent_lariviere-4f4ee0",
    "juan_pablo_alperin-1ed850",
    "lisa_matthias",
    "bree_norlander",
    "ashley_farley",
    "jevin_d._west",
    "stefanie_haustein",
]
BIBTEX_AUTHORS = [
    *OPENALEX_AUTHORS[:3],
    "juan_pablo_alperin",
    *OPENALEX_AUTHORS[4:7],
    "jevin_west",
    "stefanie_haustein",
]


@pytest.fixture
def bibtex(tmp_path: Path) -> Path:
    path = tmp_path / "peerj.4375.bib"
    path.write_text(BIBTEX, encoding="utf-8")
    return path


def _load(stores: tuple[RdfStore, FalkorDBGraph], *paths: Path) -> None:
    for path in paths:
        load_file(stores[0], path, graph=stores[1])


def test_a_doi_in_openalex_and_bibtex_is_one_work_with_the_first_title(
    stores, bibtex: Path
) -> None:
    _load(stores, OPENALEX, bibtex)

    for backend in stores:
        works = queries.person_works(backend, "heather_piwowar")
        assert [(w.id, w.title, w.year, w.position) for w in works] == [
            (WORK, OPENALEX_TITLE, 2018, 1)
        ]
        assert queries.get_work(backend, WORK).title == OPENALEX_TITLE


def test_a_doi_in_bibtex_then_openalex_keeps_the_bibtex_title(
    stores, bibtex: Path
) -> None:
    _load(stores, bibtex, OPENALEX)

    for backend in stores:
        works = queries.person_works(backend, "heather_piwowar")
        assert [(w.id, w.title) for w in works] == [(WORK, BIBTEX_TITLE)]


@pytest.mark.parametrize(
    ("first", "authors"),
    [("openalex", OPENALEX_AUTHORS), ("bibtex", BIBTEX_AUTHORS)],
    ids=["openalex-first", "bibtex-first"],
)
def test_a_doi_in_two_sources_lists_each_author_once_per_position(
    stores, bibtex: Path, first: str, authors: list[str]
) -> None:
    paths = [OPENALEX, bibtex] if first == "openalex" else [bibtex, OPENALEX]
    _load(stores, *paths)

    for backend in stores:
        listed = queries.get_work(backend, WORK).authors
        assert [(a.position, a.id) for a in listed] == list(enumerate(authors, start=1))


def test_the_second_source_names_the_first_sources_author_at_that_position(
    stores, bibtex: Path
) -> None:
    _load(stores, OPENALEX, bibtex)

    rdf = stores[0].select(
        "SELECT ?name WHERE { ?p kgo:alternativeName ?name }",
        {"p": URIRef(ids.iri("person", "jevin_d._west"))},
    )
    assert [str(r["name"]) for r in rdf] == ["Jevin West"]
    graph = stores[1].read(
        "MATCH (p:Person {id: $id}) RETURN p.alternative_names", {"id": "jevin_d._west"}
    )
    assert graph.rows == [[["Jevin West"]]]
    for backend in stores:
        assert [w.id for w in queries.person_works(backend, "jevin_d._west")] == [WORK]
        with pytest.raises(NotFoundError):
            queries.get_person(backend, "jevin_west")


def test_loading_the_second_source_again_changes_nothing(stores, bibtex: Path) -> None:
    _load(stores, OPENALEX, bibtex)
    again = load_file(stores[0], bibtex, graph=stores[1])

    assert again.unchanged
    for backend in stores:
        assert queries.get_work(backend, WORK).title == OPENALEX_TITLE


def test_a_doi_twice_in_one_file_keeps_the_first_entry_and_joins_its_authors(
    stores, tmp_path: Path
) -> None:
    # The second entry, further down the same file, spells the title in
    # lower case and gives West's middle initial.
    again = (
        BIBTEX.replace("piwowar2018state", "piwowar2018again")
        .replace("The State of {OA}", "The state of {OA}")
        .replace("West, Jevin and", "West, Jevin D. and")
    )
    path = tmp_path / "twice.bib"
    path.write_text(BIBTEX + "\n" + again, encoding="utf-8")
    _load(stores, path)

    for backend in stores:
        work = queries.get_work(backend, WORK)
        assert work.title == BIBTEX_TITLE
        listed = [(a.position, a.id) for a in work.authors]
        assert listed == list(enumerate(BIBTEX_AUTHORS, start=1))
    graph = stores[1].read(
        "MATCH (p:Person {id: $id}) RETURN p.alternative_names", {"id": "jevin_west"}
    )
    assert graph.rows == [[["Jevin D. West"]]]
