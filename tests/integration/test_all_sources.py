"""Done when: every shared source file and the sample page make one graph.

Every file under ``tests/data/sources`` that a registered reader recognises
is loaded, with the sample page, into both stores. Then the facts of
``tests/data/sources/FACTS.md`` hold, one person is one node across
sources, both stores hold the same people and works, and the SHACL shapes
pass. Every file there must be taken by some reader; the one file that
holds no work, person or venue (an OpenAlex topic) is refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal

from kg.errors import LoaderError
from kg.graph import EmbeddedFalkorDB, FalkorDBGraph
from kg.loading import LoadReport, OnError, load_file
from kg.names import search_key
from kg.rdf_store import RdfStore
from loaders import detect_format
from ontology import ONTOLOGY_TTL, SHAPES_TTL
from tests.conftest import SAMPLE, new_graph

SOURCES = Path(__file__).parents[1] / "data" / "sources"
# An OpenAlex topic: the OpenAlex reader passes it over, so kg load refuses it.
TOPIC = SOURCES / "openalex" / "T11636.json"


def _source_files() -> list[Path]:
    return sorted(p for p in SOURCES.rglob("*") if p.is_file() and p.parent != SOURCES)


def _readable() -> tuple[list[Path], set[str]]:
    readable, unread = [], set()
    for path in _source_files():
        try:
            detect_format(path)
        except LoaderError as error:
            assert error.code == "unknown-format", error.message
            unread.add(str(path.relative_to(SOURCES)))
        else:
            readable.append(path)
    return readable, unread


@pytest.fixture(scope="module")
def everything(
    falkordb_server: EmbeddedFalkorDB,
) -> Iterator[tuple[RdfStore, FalkorDBGraph, dict[str, LoadReport]]]:
    store = RdfStore(None)
    graph = new_graph(falkordb_server)
    readable, _ = _readable()
    reports: dict[str, LoadReport | LoaderError] = {}
    for path in [SAMPLE, *(p for p in readable if p != TOPIC)]:
        # Semantic Scholar responses that asked for a few fields only hold
        # papers without a year; they are skipped, and the report says so.
        # A file of such papers only is refused.
        try:
            reports[path.name] = load_file(
                store, path, graph=graph, on_error=OnError.SKIP
            )
        except LoaderError as error:
            reports[path.name] = error
    yield store, graph, reports
    graph.close()
    store.close()


def _one(graph: FalkorDBGraph, query: str, **params: object) -> list:
    return graph.read(query, params).rows


def test_a_reader_takes_every_shared_file() -> None:
    assert _readable()[1] == set()


def test_a_file_that_holds_no_record_is_refused_and_stores_nothing() -> None:
    store = RdfStore(None)

    with pytest.raises(LoaderError) as caught:
        load_file(store, TOPIC)

    assert caught.value.code == "nothing-recognised"
    assert store.summary() == {
        "works": 0, "people": 0, "venues": 0, "sources": 0, "triples": 0,
    }  # fmt: skip
    store.close()


def test_what_each_load_skipped_and_why_and_files_of_bad_records_refused(
    everything,
) -> None:
    reports = everything[2]

    refused = {
        name: error.code
        for name, error in reports.items()
        if isinstance(error, LoaderError)
    }
    loaded = {n: r for n, r in reports.items() if isinstance(r, LoadReport)}
    skipped = {name: len(r.skipped) for name, r in loaded.items() if r.skipped}
    assert refused == {
        "paper_batch_authors.json": "no-good-record",
        "search_paper_turing.json": "no-good-record",
    }
    assert skipped == {"crossref_api_works.json": 1}
    turing = reports["search_paper_turing.json"]
    assert isinstance(turing, LoaderError)
    assert "every record of it was bad (100 skipped)" in turing.problem
    assert turing.problem.endswith(": has no year")
    assert loaded["dblp.xml"].records_read == 131


def test_dblp_facts_hold(everything) -> None:
    _, graph, _ = everything

    authors = _one(
        graph,
        "MATCH (p:Person)-[a:AUTHORED]->(w:Work) WHERE 'dblp:reference/vision/"
        "SrivastavaPKTA14' IN w.identifiers RETURN a.position, p.name, "
        "p.homonym_number, w.year ORDER BY a.position",
    )
    assert authors == [
        [1, "Gaurav Srivastava", "0004", 2014],
        [2, "Johnny Park", None, 2014],
        [3, "Avinash C. Kak", None, 2014],
        [4, "Birgi Tamersoy", None, 2014],
        [5, "J. K. Aggarwal", None, 2014],
    ]
    assert _one(
        graph,
        "MATCH (p:Person {name: 'Sylvia C. Pont'}) RETURN p.identifiers",
    ) == [[["dblp:homepages/99/2633", "orcid:0000-0002-9834-9600"]]]  # RDF: pid
    assert _one(graph, "MATCH (p:Person {name: 'Jürgen Beyerer'}) RETURN count(p)") == [
        [1]
    ]
    assert _one(
        graph,
        "MATCH (w:Work {title: 'Curvedness'}) "
        "OPTIONAL MATCH (p:Person)-[:AUTHORED]->(w) RETURN w.year, count(p)",
    ) == [[2014, 0]]
    assert _one(
        graph,
        "MATCH (p:Person)-[:AUTHORED]->(w:Work) WHERE 'dblp:conf/er/Norrie08' IN "
        "w.identifiers RETURN p.name ORDER BY p.name",
    ) == [["Michael H. Böhlen"], ["Moira C. Norrie"]]
    assert _one(
        graph,
        "MATCH (p:Person {id: 'oded_goldreich'}) RETURN p.identifiers",
    ) == [[["dblp:homepages/g/OdedGoldreich"]]]


def test_openalex_facts_hold_once_across_three_files(everything) -> None:
    _, graph, _ = everything

    work = _one(
        graph,
        "MATCH (w:Work) WHERE 'doi:10.7717/peerj.4375' IN w.identifiers "
        "MATCH (w)-[:PUBLISHED_IN]->(v:Venue) "
        "RETURN w.year, v.name, size(w.references), size(w.sources)",
    )
    assert work == [[2018, "PeerJ", 45, 3]]
    authors = _one(
        graph,
        "MATCH (p:Person)-[a:AUTHORED]->(w:Work) "
        "WHERE 'doi:10.7717/peerj.4375' IN w.identifiers "
        "RETURN DISTINCT a.position, p.name ORDER BY a.position",
    )
    assert len(authors) == 9
    assert (authors[0], authors[-1]) == (
        [1, "Heather Piwowar"],
        [9, "Stefanie Haustein"],
    )
    assert _one(
        graph,
        "MATCH (p:Person {name: 'Vincent Larivière'})-[a:AUTHORED]->(:Work) "
        "RETURN DISTINCT a.institutions",
    ) == [[["Université de Montréal", "Université du Québec à Montréal"]]]
    assert _one(
        graph,
        "MATCH (v:Venue {name: 'Nature'}) RETURN v.kind, v.identifiers",
    ) == [["journal", ["openalex:S137773608", "issn:0028-0836", "issn:1476-4687"]]]
    assert _one(
        graph,
        "MATCH (w:Work) WHERE 'openalex:W2755950973' IN w.identifiers "
        "MATCH (p:Person)-[:AUTHORED]->(w) RETURN w.year, count(DISTINCT p), "
        "size(w.references)",
    ) == [[2017, 2, 70]]


def test_semantic_scholar_and_orcid_facts_hold(everything) -> None:
    _, graph, _ = everything

    assert _one(
        graph,
        "MATCH (p:Person)-[a:AUTHORED]->(w:Work) WHERE "
        "'s2:bdcbc589c8d1e4dd0c6572630f8511557406ad2f' IN w.identifiers "
        "MATCH (w)-[:PUBLISHED_IN]->(v:Venue) "
        "RETURN w.year, v.name, a.position, p.name ORDER BY a.position",
    ) == [
        [2023, "IEEE Robotics and Automation Letters", 1, "M. Monastirsky"],
        [2023, "IEEE Robotics and Automation Letters", 2, "Osher Azulay"],
        [2023, "IEEE Robotics and Automation Letters", 3, "A. Sintov"],
    ]
    assert _one(
        graph,
        "MATCH (p:Person) WHERE 'orcid:0000-0001-8254-7103' IN p.identifiers "
        "RETURN p.given_name, p.family_name",
    ) == [["Man-Hui", "Li"]]
    assert _one(
        graph,
        "MATCH (w:Work {title: 'Work # 0'}) RETURN w.year, w.publication_type",
    ) == [[2017, "conference-paper"]]


def test_dblp_rdf_and_dblp_xml_give_one_work_per_record(everything) -> None:
    store, graph, _ = everything

    # The Turtle covers the XML's first 7 records; each pair shares a DOI.
    assert _one(
        graph,
        "MATCH (p:Person)-[a:AUTHORED]->(w:Work) WHERE "
        "'dblp:reference/vision/Singh14' IN w.identifiers "
        "RETURN count(DISTINCT w), collect(DISTINCT a.position), p.name, "
        "p.homonym_number, p.identifiers",
    ) == [[1, [1], "Manish Singh", "0001", ["dblp:homepages/78/459-1"]]]
    rows = store.select(
        "SELECT DISTINCT ?w ?id WHERE { ?w kgo:identifier ?id }",
        {"id": Literal("dblp:reference/vision/X14bd")},
    )
    assert len(rows) == 1


def test_crossref_bibtex_arxiv_and_csv_facts_hold(everything) -> None:
    store, graph, _ = everything

    assert _one(
        graph,
        "MATCH (p:Person)-[a:AUTHORED]->(w:Work) WHERE "
        "'doi:10.1021/acs.orglett.9b00971' IN w.identifiers "
        "MATCH (w)-[:PUBLISHED_IN]->(v:Venue) "
        "RETURN w.year, v.name, count(DISTINCT p)",
    ) == [[2019, "Organic Letters", 5]]
    assert _one(
        graph,
        "MATCH (p:Person)-[a:AUTHORED]->(w:Work) WHERE "
        "'doi:10.1007/978-3-319-53923-2' IN w.identifiers AND a.position = 4 "
        "RETURN w.title, w.publication_type, p.name",
    ) == [["Applications of Quantum Dynamics in Chemistry", "book", "André Nauts"]]
    assert _one(
        graph,
        "MATCH (p:Person)-[:AUTHORED]->(w:Work {title: 'The TeXbook'}) "
        "RETURN w.year, w.publication_type, p.name",
    ) == [[1984, "book", "Donald E. Knuth"]]
    assert _one(
        graph,
        "MATCH (p:Person {name: 'Jean César'})-[:AUTHORED]->(w:Work) "
        "MATCH (w)-[:PUBLISHED_IN]->(v:Venue) RETURN v.name ORDER BY v.name",
    ) == [["Elémentaire"], ["Nice Journal"]]  # encoding.bib names him too
    assert _one(
        graph,
        "MATCH (p:Person)-[:AUTHORED]->(w:Work) "
        "WHERE 'arxiv:0704.0051' IN w.identifiers "
        "RETURN w.publication_type, p.name",
    ) == [["preprint", "Scott M. Cohen"]]
    rows = store.select(
        "SELECT ?id ?name WHERE { ?w kgo:identifier ?id ; kgo:hasAuthorship ?a . "
        "?a kgo:position 1 ; kgo:author ?p . ?p foaf:name ?name }",
        {"id": Literal("dblp:reference/vision/SrivastavaPKTA14")},
    )
    # The dblp XML and the CSV flattened from it name the same first author.
    assert sorted({str(r["name"]) for r in rows}) == ["Gaurav Srivastava"]


def test_one_person_is_one_node_in_both_stores(everything) -> None:
    store, graph, _ = everything

    rows = _one(graph, "MATCH (p:Person) RETURN p.id, p.name, p.homonym_number")
    keys = Counter((search_key(name), number) for _, name, number in rows)
    assert [key for key, n in keys.items() if n > 1] == []
    orcids = Counter(
        identifier
        for (identifiers,) in _one(graph, "MATCH (p:Person) RETURN p.identifiers")
        for identifier in identifiers or ()
        if identifier.startswith("orcid:")
    )
    assert [orcid for orcid, n in orcids.items() if n > 1] == []
    rdf_people = store.select("SELECT DISTINCT ?p WHERE { ?p a kgo:Person }")
    rdf_works = store.select("SELECT DISTINCT ?w WHERE { ?w a kgo:Work }")
    graph_works = _one(graph, "MATCH (w:Work) RETURN count(w)")
    assert (len(rdf_people), len(rdf_works)) == (len(rows), graph_works[0][0])


def test_the_whole_graph_conforms_to_the_shapes(everything) -> None:
    store = everything[0]

    conforms, _, report = validate(
        store.union_graph(),
        shacl_graph=Graph().parse(SHAPES_TTL),
        ont_graph=Graph().parse(ONTOLOGY_TTL),
    )
    assert conforms, report
