"""Identity across sources: one work, one person, one venue, on both stores."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest

from kg import queries
from kg.graph import FalkorDBGraph
from kg.loading import LoadReport, load_records
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
from kg.rdf_store import RdfStore
from kg.vocab import KGO
from loaders.dblp import read_dblp

SOURCES = Path(__file__).parents[1] / "data" / "sources"

ORCID = Identifier(scheme=IdScheme.ORCID, value="0000-0002-9834-9600")
DOI = Identifier(scheme=IdScheme.DOI, value="10.5555/inv.2021.7")


def _load(
    stores: tuple[RdfStore, FalkorDBGraph], name: str, *records: LoadedRecord
) -> LoadReport:
    source = Source(
        location=f"/data/{name}",
        file_name=name,
        format="test",
        sha256=hashlib.sha256(name.encode()).hexdigest(),
    )
    return load_records(stores[0], source, list(records), stores[1])


def _work(
    title: str,
    year: int,
    *authors: str | Person,
    kind: PublicationType = PublicationType.JOURNAL_ARTICLE,
    identifiers: tuple[Identifier, ...] = (),
    venue: Venue | None = None,
) -> Work:
    people = [
        a if isinstance(a, Person) else Person.from_author_string(a) for a in authors
    ]
    return Work(
        title=title,
        year=year,
        publication_type=kind,
        venue=venue,
        identifiers=identifiers,
        authorships=tuple(
            Authorship(position=i, person=p, name_as_written=p.display_name)
            for i, p in enumerate(people, start=1)
        ),
    )


def _ids(stores: tuple[RdfStore, FalkorDBGraph], label: str) -> tuple[list, list]:
    """The ids of ``label`` in the RDF store and in the property graph."""
    rows = stores[0].select(
        "SELECT DISTINCT ?n WHERE { ?n a ?cls } ORDER BY ?n", {"cls": KGO[label]}
    )
    rdf = [str(r["n"]).rpartition("/")[2] for r in rows]
    graph = stores[1].read(f"MATCH (n:{label}) RETURN n.id ORDER BY n.id", {})
    return rdf, [row[0] for row in graph.rows]


def test_the_same_doi_is_one_work_whatever_the_title(stores) -> None:
    _load(stores, "a", _work("Graph queries at scale", 2021, "Elif Kara",
                             identifiers=(DOI,)))  # fmt: skip
    report = _load(
        stores,
        "b",
        _work("Graph Queries at Scale (extended)", 2022, "Elif Kara",
              identifiers=(DOI,)),
    )  # fmt: skip

    rdf, graph = _ids(stores, "Work")
    assert len(rdf) == 1 and rdf == graph
    assert report.merged == 2  # the work and Elif Kara
    titles = stores[1].read("MATCH (w:Work) RETURN w.title, w.year", {}).rows
    assert titles == [["Graph queries at scale", 2021]]


def test_same_title_and_year_is_one_work_only_with_a_shared_author(stores) -> None:
    _load(stores, "a", _work("Introduction.", 2014, "Manish Singh 0001", "Ada Ruiz"))
    _load(stores, "b", _work("Introduction", 2014, "A. Ruiz"))
    _load(stores, "c", _work("Introduction", 2014, "Wei Chen"))

    rdf, graph = _ids(stores, "Work")
    assert len(rdf) == 2 and rdf == graph
    chen = stores[1].read(
        "MATCH (:Person {id: 'wei_chen'})-[:AUTHORED]->(w:Work) "
        "MATCH (p:Person)-[:AUTHORED]->(w) RETURN p.id",
        {},
    )
    assert chen.rows == [["wei_chen"]]


def test_a_preprint_is_linked_to_its_published_version_not_merged(stores) -> None:
    _load(stores, "arxiv", _work("Sparse graphs", 2020, "Ada Ruiz",
                                 kind=PublicationType.PREPRINT))  # fmt: skip
    _load(stores, "journal", _work("Sparse Graphs.", 2021, "Ada Ruiz"))

    rdf, graph = _ids(stores, "Work")
    assert len(rdf) == 2 and rdf == graph
    links = stores[1].read(
        "MATCH (p:Work)-[:PREPRINT_OF]->(w:Work) RETURN p.year, w.year", {}
    )
    assert links.rows == [[2020, 2021]]
    sparql = stores[0].select(
        "SELECT ?py ?wy WHERE { ?p kgo:preprintOf ?w . "
        "?p fabio:hasPublicationYear ?py . ?w fabio:hasPublicationYear ?wy }"
    )
    assert [(str(r["py"]), str(r["wy"])) for r in sparql] == [("2020", "2021")]


def test_a_preprint_and_its_published_version_in_one_file_are_linked_at_once(
    stores,
) -> None:
    # Loading twice gave the link only the second time, when the store
    # already held the file's own works.
    records = (
        _work("Dense graphs", 2022, "Ada Ruiz"),
        _work("Dense graphs", 2021, "Ada Ruiz", kind=PublicationType.PREPRINT),
    )
    first = _load(stores, "both", *records)
    again = _load(stores, "both", *records)

    links = stores[1].read(
        "MATCH (p:Work)-[:PREPRINT_OF]->(w:Work) RETURN p.year, w.year", {}
    )
    assert links.rows == [[2021, 2022]]
    sparql = stores[0].select(
        "SELECT ?py ?wy WHERE { ?p kgo:preprintOf ?w . "
        "?p fabio:hasPublicationYear ?py . ?w fabio:hasPublicationYear ?wy }"
    )
    assert [(str(r["py"]), str(r["wy"])) for r in sparql] == [("2021", "2022")]
    assert again.unchanged and again.triples == first.triples


def _with_orcid(author: str) -> Person:
    person = Person.from_author_string(author)
    return person.model_copy(update={"identifiers": (ORCID,)})


def test_an_orcid_joins_two_spellings_of_one_person(stores) -> None:
    _load(stores, "dblp", _work("Shading", 2014, _with_orcid("Sylvia C. Pont")))
    _load(stores, "openalex", _work("Light", 2019, _with_orcid("S. C. Pont")))

    rdf, graph = _ids(stores, "Person")
    assert rdf == graph == ["sylvia_c._pont"]
    person = stores[1].read(
        "MATCH (p:Person) RETURN p.name, p.alternative_names, p.identifiers", {}
    )
    assert person.rows == [
        ["Sylvia C. Pont", ["S. C. Pont"], ["orcid:0000-0002-9834-9600"]]
    ]


def test_a_homonym_number_separates_even_a_shared_identifier(stores) -> None:
    _load(stores, "a", _work("Paper A", 2019, _with_orcid("Wei Chen 0004")))
    _load(stores, "b", _work("Paper C", 2022, _with_orcid("Wei Chen")))

    rdf, graph = _ids(stores, "Person")
    assert rdf == graph == ["wei_chen", "wei_chen_0004"]


def test_nfc_and_nfd_spellings_are_one_person(stores) -> None:
    # BR-11
    nfd = unicodedata.normalize("NFD", "Zoë Lindqvist")
    _load(stores, "openalex", _work("Temporal coauthor drift", 2024, "Zoë Lindqvist"))
    _load(stores, "page", _work("Temporal coauthor drift", 2024, nfd))

    rdf, graph = _ids(stores, "Person")
    assert rdf == graph == ["zoe_lindqvist-5953b2"]
    (name,) = stores[1].read("MATCH (p:Person) RETURN p.name", {}).rows[0]
    assert (name, len(name)) == ("Zoë Lindqvist", 13)


def test_an_acronym_and_a_full_name_are_one_venue_with_an_edition_a_year(
    stores,
) -> None:
    both = Venue(acronym="ICLR", name="International Conference on Learning "
                 "Representations", kind=VenueKind.CONFERENCE)  # fmt: skip
    named = Venue(name="International Conference on Learning Representations",
                  kind=VenueKind.CONFERENCE)  # fmt: skip
    _load(stores, "a", _work("Paper A", 2024, "Ada Ruiz", venue=both))
    _load(stores, "b", _work("Paper B", 2025, "Ada Ruiz", venue=named))

    rdf, graph = _ids(stores, "Venue")
    assert rdf == graph == ["iclr"]
    editions = stores[1].read(
        "MATCH (w:Work)-[:IN_EDITION]->(e:VenueEdition)-[:EDITION_OF]->(v:Venue) "
        "RETURN w.title, e.id, e.year, v.id ORDER BY e.year",
        {},
    )
    assert editions.rows == [
        ["Paper A", "iclr-2024", 2024, "iclr"],
        ["Paper B", "iclr-2025", 2025, "iclr"],
    ]
    assert _ids(stores, "VenueEdition")[0] == ["iclr-2024", "iclr-2025"]


CHEN_DBLP = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE dblp SYSTEM "dblp.dtd">
<dblp>
<inproceedings key="conf/inv/ChenA19"><author>Wei Chen 0004</author>
<author>Ada Ruiz</author><title>Paper A.</title><year>2019</year></inproceedings>
<inproceedings key="conf/inv/ChenB21"><author>Wei Chen 0011</author>
<author>Ada Ruiz</author><title>Paper B.</title><year>2021</year></inproceedings>
<article key="journals/inv/Chen22"><author>Wei Chen</author>
<title>Paper C.</title><year>2022</year></article>
</dblp>
"""


def test_numbered_namesakes_share_a_coauthor_and_not_each_other(
    stores, tmp_path: Path
) -> None:
    # BR-04, through the dblp reader and both stores.
    path = tmp_path / "chen.xml"
    path.write_text(CHEN_DBLP, encoding="iso-8859-1")
    _load(stores, "chen.xml", *read_dblp(path))

    for backend in stores:
        shared = queries.shared_coauthors(backend, "wei_chen_0004", "wei_chen_0011")
        assert [c.id for c in shared] == ["ada_ruiz"]
        assert [c.id for c in queries.coauthors(backend, "wei_chen_0004")] == [
            "ada_ruiz"
        ]
        found = queries.find_people(backend, "Wei Chen 0004")
        assert [p.id for p in found] == ["wei_chen_0004"]
    assert _ids(stores, "Person")[0] == [
        "ada_ruiz",
        "wei_chen",
        "wei_chen_0004",
        "wei_chen_0011",
    ]


@pytest.mark.parametrize("files", [1, 2])
def test_two_authorless_works_of_one_title_and_year_with_two_dois_stay_two(
    stores, files: int
) -> None:
    # dblp.xml: reference/vision/X14fx and X14fy are both "Pan-Tilt Camera
    # Calibration." (2014), with no author, on pages 581 and 586 of the
    # same encyclopedia, under DOIs ..._100082 and ..._100083.
    records = [
        w
        for w in read_dblp(SOURCES / "dblp" / "dblp.xml")
        if isinstance(w, Work) and w.title == "Pan-Tilt Camera Calibration"
    ]
    if files == 1:
        _load(stores, "dblp.xml", *records)
    else:
        for i, record in enumerate(records):
            _load(stores, f"part-{i}.xml", record)

    for backend in stores:
        found = queries.list_works(backend, year=2014, limit=200).works
        assert sorted(w.title for w in found).count("Pan-Tilt Camera Calibration") == 2
    rows = stores[1].read(
        "MATCH (w:Work {title: 'Pan-Tilt Camera Calibration'}) "
        "UNWIND w.identifiers AS i WITH i WHERE i STARTS WITH 'doi:' "
        "RETURN i ORDER BY i",
        {},
    )
    assert rows.rows == [
        ["doi:10.1007/978-0-387-31439-6_100082"],
        ["doi:10.1007/978-0-387-31439-6_100083"],
    ]
