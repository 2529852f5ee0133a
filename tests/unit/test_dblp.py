"""The dblp XML reader, on real dblp records and on small broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import LoaderError
from kg.model import Identifier, IdScheme, Person, Work
from loaders import BadRecord, detect_format
from loaders.dblp import read_dblp

DBLP = Path(__file__).parents[1] / "data" / "sources" / "dblp"


def _by_key(path: Path) -> dict[str, Work | Person]:
    records = {}
    for record in read_dblp(path):
        assert not isinstance(record, BadRecord)
        dblp_key = next(i.value for i in record.identifiers if i.scheme == "dblp")
        records[dblp_key] = record
    return records


def test_the_dump_sample_holds_131_works_in_file_order() -> None:
    records = list(read_dblp(DBLP / "dblp.xml"))

    assert len(records) == 131
    assert all(isinstance(r, Work) for r in records)
    assert detect_format(DBLP / "dblp.xml") == "dblp-xml"


def test_authors_keep_their_order_and_homonym_numbers() -> None:
    work = _by_key(DBLP / "dblp.xml")["reference/vision/SrivastavaPKTA14"]

    assert [a.person.display_name for a in work.authorships] == [
        "Gaurav Srivastava 0004",
        "Johnny Park",
        "Avinash C. Kak",
        "Birgi Tamersoy",
        "J. K. Aggarwal",
    ]
    first = work.authorships[0].person
    assert (first.name, first.homonym_number, first.family_name) == (
        "Gaurav Srivastava",
        "0004",
        "Srivastava",
    )
    assert first.id == "gaurav_srivastava_0004"
    assert work.year == 2014


def test_a_record_without_authors_is_a_work_with_none() -> None:
    work = _by_key(DBLP / "dblp.xml")["reference/vision/X14bd"]

    assert work.title == "Curvedness"
    assert work.authorships == ()
    assert Identifier(
        scheme=IdScheme.DOI, value="10.1007/978-0-387-31439-6_100117"
    ) in (work.identifiers)


def test_orcid_attributes_and_dtd_entities_are_read() -> None:
    records = _by_key(DBLP / "dblp.xml")

    pont = records["reference/vision/Pont14b"].authorships[0].person
    beyerer = records["reference/vision/Beyerer14"].authorships[0].person

    assert pont.name == "Sylvia C. Pont"
    assert pont.identifiers == (
        Identifier(scheme=IdScheme.ORCID, value="0000-0002-9834-9600"),
    )
    assert beyerer.name == "Jürgen Beyerer"


def test_record_kinds_venues_and_person_pages() -> None:
    records = _by_key(DBLP / "example_dblp.xml")

    norrie = records["conf/er/Norrie08"]
    gentry = records["journals/cacm/Gentry10"]
    oded = records["homepages/g/OdedGoldreich"]

    assert [a.person.name for a in norrie.authorships] == [
        "Moira C. Norrie",
        "Michael H. Böhlen",
    ]
    assert norrie.publication_type == "conference-paper"
    assert norrie.venue is not None and norrie.venue.acronym == "ER"
    # The ee link has a space inside; its DOI would be cut short.
    assert [i.scheme for i in norrie.identifiers] == ["dblp"]
    assert records["conf/er/2008"].publication_type == "proceedings"
    assert gentry.venue is not None and gentry.venue.name == "Commun. ACM"
    assert gentry.publication_type == "journal-article"
    assert isinstance(oded, Person)
    assert oded.name == "Oded Goldreich"


MINI = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE dblp SYSTEM "dblp.dtd">
<dblp>
  <article key="journals/jid/KaraO21" mdate="2021-05-04">
    <author>Elif Kara</author>
    <author>Tom&aacute;s &Ouml;sterberg</author>
    <title>Graph queries at scale.</title>
    <journal>J. Invented Data</journal>
    <year>2021</year>
  </article>
{more}
</dblp>
"""


def test_latin1_entities_resolve_from_the_shipped_dtd(tmp_path: Path) -> None:
    # BR-03: no dblp.dtd beside the file, no network.
    path = tmp_path / "mini-dblp.xml"
    path.write_bytes(MINI.format(more="").encode("iso-8859-1"))

    (work,) = read_dblp(path)

    assert isinstance(work, Work)
    names = [a.person.name for a in work.authorships]
    assert names == ["Elif Kara", "Tomás Österberg"]
    assert len(names[1]) == 15


_AUTHORS_A = "<author>Wei Chen 0004</author><author>Ada Ruiz</author>"
_AUTHORS_B = "<author>Wei Chen 0011</author><author>Ada Ruiz</author>"


def test_homonym_numbers_keep_three_people_apart(tmp_path: Path) -> None:
    # BR-04
    more = "\n".join(
        f'<{kind} key="{key}">{authors}<title>{title}</title><year>{year}</year>'
        f"</{kind}>"
        for kind, key, authors, title, year in (
            ("inproceedings", "conf/inv/ChenA19", _AUTHORS_A, "Paper A.", 2019),
            ("inproceedings", "conf/inv/ChenB21", _AUTHORS_B, "Paper B.", 2021),
            ("article", "journals/inv/Chen22", "<author>Wei Chen</author>", "C.", 2022),
        )
    )
    path = tmp_path / "chen.xml"
    path.write_text(MINI.format(more=more), encoding="iso-8859-1")

    chens = [r.authorships[0].person for r in read_dblp(path)][1:]

    assert [p.id for p in chens] == ["wei_chen_0004", "wei_chen_0011", "wei_chen"]
    assert {(p.given_name, p.family_name) for p in chens} == {("Wei", "Chen")}


def test_an_undefined_entity_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(MINI.format(more="<www key='x'><author>A &bogus; B</author></www>"))

    with pytest.raises(LoaderError) as caught:
        list(read_dblp(path))

    assert caught.value.line == 11
    assert caught.value.code == "bad-xml"
    assert "bogus" in caught.value.problem


def test_a_record_without_a_year_is_a_bad_record(tmp_path: Path) -> None:
    more = '<article key="journals/x/NoYear"><title>No year.</title></article>'
    path = tmp_path / "noyear.xml"
    path.write_text(MINI.format(more=more))

    good, bad = read_dblp(path)

    assert isinstance(good, Work)
    assert isinstance(bad, BadRecord)
    assert bad.where == "line 11"
    assert bad.reason == "record 'journals/x/NoYear' has no year"


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("Curvedness.", "Curvedness"),
        ("Is SPARQL Turing complete?", "Is SPARQL Turing complete?"),
        ("Graphs, trees, and so on...", "Graphs, trees, and so on..."),
        ("Java 8 vs. Java 9", "Java 8 vs. Java 9"),
    ],
)
def test_the_full_stop_dblp_ends_titles_with_is_dropped(
    tmp_path: Path, written: str, title: str
) -> None:
    path = tmp_path / "mini-dblp.xml"
    record = MINI.replace("Graph queries at scale.", written)
    path.write_bytes(record.format(more="").encode("iso-8859-1"))

    (work,) = read_dblp(path)

    assert isinstance(work, Work) and work.title == title
