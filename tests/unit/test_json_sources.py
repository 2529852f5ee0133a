"""The OpenAlex, Semantic Scholar and ORCID readers, on real responses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import LoaderError
from kg.model import Identifier, IdScheme, Person, Venue, Work
from loaders import BadRecord, detect_format, read_records
from loaders.openalex import abstract

SOURCES = Path(__file__).parents[1] / "data" / "sources"
OPENALEX = SOURCES / "openalex"
S2 = SOURCES / "semanticscholar"
ORCID = SOURCES / "orcid"


def _records(path: Path) -> list:
    return list(read_records(path))


@pytest.mark.parametrize(
    ("path", "format"),
    [
        (OPENALEX / "W2741809807.json", "openalex"),
        (OPENALEX / "page.jsonl", "openalex"),
        (OPENALEX / "results_page_1.json", "openalex"),
        (S2 / "Citation.json", "semantic-scholar"),
        (S2 / "paper_batch_authors.json", "semantic-scholar"),
        (ORCID / "0000-0001-8254-7103.json", "orcid"),
        (ORCID / "works-3.0.xml", "orcid"),
        (SOURCES / "dblp" / "example_dblp.xml", "dblp-xml"),
    ],
)
def test_the_format_is_told_from_the_content(path: Path, format: str) -> None:
    assert detect_format(path) == format


def test_an_openalex_work_keeps_order_institutions_topics_and_references() -> None:
    (work,) = _records(OPENALEX / "W2741809807.json")

    assert isinstance(work, Work)
    assert (work.year, work.publication_type) == (2018, "journal-article")
    assert work.venue is not None and work.venue.name == "PeerJ"
    names = [a.person.name for a in work.authorships]
    assert (len(names), names[0], names[-1]) == (
        9,
        "Heather Piwowar",
        "Stefanie Haustein",
    )
    lariviere = work.authorships[2]
    assert lariviere.person.name == "Vincent Larivière"
    assert lariviere.institutions == (
        "Université de Montréal",
        "Université du Québec à Montréal",
    )
    assert Identifier(scheme=IdScheme.ORCID, value="0000-0002-2733-0689") in (
        lariviere.person.identifiers
    )
    assert Identifier(scheme=IdScheme.DOI, value="10.7717/peerj.4375") in (
        work.identifiers
    )
    assert len(work.references) == 45
    assert work.topics[0].topic == "T10102"
    assert work.topics[0].score == 0.9969
    assert work.abstract is not None
    assert work.abstract.startswith(
        "Despite growing interest in Open Access (OA) to scholarly literature, "
        "there is an unmet need for large-scale, up-to-date, and reproducible "
        "studies"
    )


def test_snapshot_lines_and_an_api_page_give_the_same_two_works() -> None:
    lines = _records(OPENALEX / "page.jsonl")
    page = _records(OPENALEX / "results_page_1.json")

    assert [w.id for w in lines] == [w.id for w in page]
    assert [(w.year, len(w.authorships), len(w.references)) for w in lines] == [
        (2017, 2, 70),
        (2018, 9, 45),
    ]
    # These lines carry no abstract_inverted_index: no abstract, not "".
    assert [w.abstract for w in lines] == [None, None]


def test_an_openalex_source_is_a_venue_and_a_topic_is_passed_over() -> None:
    (nature,) = _records(OPENALEX / "S137773608.json")

    assert isinstance(nature, Venue)
    assert (nature.name, nature.kind) == ("Nature", "journal")
    assert [str(i) for i in nature.identifiers] == [
        "openalex:S137773608",
        "issn:0028-0836",
        "issn:1476-4687",
    ]
    assert _records(OPENALEX / "T11636.json") == []


def test_html_entities_in_the_inverted_index_are_unescaped_once() -> None:
    # BR-05
    index = {
        "Graphs": [0],
        "&amp;": [1],
        "trees": [2],
        "for": [3],
        "R&amp;D": [4],
        "&lt;b&gt;planning&lt;/b&gt;": [5],
        "&amp;amp;": [6],
    }

    assert abstract(index) == "Graphs & trees for R&D <b>planning</b> &amp;"
    assert abstract({}) is None
    assert abstract(None) is None


def test_a_broken_snapshot_line_is_a_bad_record_naming_its_line(
    tmp_path: Path,
) -> None:
    lines = (OPENALEX / "page.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "broken.jsonl"
    path.write_text(lines[0] + "\n" + lines[1][:100] + "\n", encoding="utf-8")

    good, bad = _records(path)

    assert isinstance(good, Work)
    assert isinstance(bad, BadRecord)
    assert bad.where == "line 2"
    assert bad.error.code == "bad-json"


def test_a_broken_json_document_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": "https://openalex.org/W1",\n "title": }\n')

    with pytest.raises(LoaderError) as caught:
        _records(path)

    assert (caught.value.line, caught.value.code) == (2, "bad-json")


def test_a_semantic_scholar_citing_paper_is_a_work() -> None:
    (work,) = _records(S2 / "Citation.json")

    assert isinstance(work, Work)
    assert work.title == (
        "Learning to Throw With a Handful of Samples Using Decision Transformers"
    )
    assert work.year == 2023
    assert work.venue is not None
    assert work.venue.name == "IEEE Robotics and Automation Letters"
    assert [a.person.name for a in work.authorships] == [
        "M. Monastirsky",
        "Osher Azulay",
        "A. Sintov",
    ]
    # "Computer Science" is the scheme's field 17.
    assert [(t.topic, t.origin) for t in work.topics] == [
        ("field-17", "semantic-scholar")
    ]
    assert "s2:bdcbc589c8d1e4dd0c6572630f8511557406ad2f" in map(str, work.identifiers)
    assert "doi:10.1109/lra.2022.3229266" in map(str, work.identifiers)


def test_papers_without_title_or_year_are_bad_records_that_say_so() -> None:
    batch = _records(S2 / "paper_batch_authors.json")
    search = _records(S2 / "search_paper_turing.json")

    assert len(batch) == 3 and len(search) == 100
    assert all(isinstance(r, BadRecord) for r in batch + search)
    assert batch[1].reason == (
        "paper cb1ebd913c3724c599f6b276b14b5c6253da68f3: has no title and no year"
    )
    assert search[0].reason.endswith(": has no year")
    assert [r.where for r in search[:2]] == ["line 1, record 1", "line 1, record 2"]


def test_an_orcid_record_is_a_person_with_the_orcid() -> None:
    (person,) = _records(ORCID / "0000-0001-8254-7103.json")

    assert isinstance(person, Person)
    assert (person.name, person.given_name, person.family_name) == (
        "Man-Hui Li",
        "Man-Hui",
        "Li",
    )
    assert [str(i) for i in person.identifiers] == ["orcid:0000-0001-8254-7103"]


def test_orcid_work_summaries_become_works() -> None:
    works = _records(ORCID / "works-3.0.xml")

    assert len(works) == 3
    first = works[0]
    assert (first.title, first.publication_type, first.year) == (
        "Work # 0",
        "conference-paper",
        2017,
    )
    # "123456" is not a DOI, so no identifier is made of it.
    assert first.identifiers == ()


def test_an_orcid_record_without_an_id_is_a_bad_record(tmp_path: Path) -> None:
    record = json.loads((ORCID / "0000-0001-8254-7103.json").read_text())
    record["orcid-identifier"]["path"] = "0000-0001-8254-7104"
    path = tmp_path / "bad-checksum.json"
    path.write_text(json.dumps(record))

    (bad,) = _records(path)

    assert isinstance(bad, BadRecord)
    assert bad.reason == "the ORCID record: has no valid ORCID iD"


def test_a_latin1_json_line_is_a_bad_record_that_says_the_encoding(
    tmp_path: Path,
) -> None:
    first = (OPENALEX / "page.jsonl").read_bytes().splitlines()[0]
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(first + b"\n" + '{"id": "Zoë"}'.encode("latin-1") + b"\n")

    good, bad = _records(path)

    assert isinstance(good, Work)
    assert isinstance(bad, BadRecord)
    assert (bad.where, bad.error.code) == ("line 2", "bad-encoding")
    assert "not UTF-8 (byte 0xeb at offset 10)" in bad.reason


def test_a_latin1_json_document_is_refused_naming_the_encoding(
    tmp_path: Path,
) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"paperId": "x", "title": "Zoë"}'.encode("latin-1"))

    with pytest.raises(LoaderError) as caught:
        _records(path)

    assert caught.value.code == "bad-encoding"
    assert caught.value.message.startswith(f"{path}: not UTF-8")


def test_an_openalex_author_is_a_person_with_ids_and_other_names(
    tmp_path: Path,
) -> None:
    # The shape of https://api.openalex.org/authors/A5068542997, cut down.
    author = {
        "id": "https://openalex.org/A5068542997",
        "orcid": "https://orcid.org/0000-0002-2733-0689",
        "display_name": "Vincent Larivière",
        "display_name_alternatives": ["V. Larivière", "Vincent Lariviere"],
        "works_count": 900,
    }
    path = tmp_path / "A5068542997.json"
    path.write_text(json.dumps(author), encoding="utf-8")

    (person,) = _records(path)

    assert isinstance(person, Person)
    assert person.id == "vincent_lariviere-4f4ee0"
    assert [str(i) for i in person.identifiers] == [
        "openalex:A5068542997",
        "orcid:0000-0002-2733-0689",
    ]
    assert person.alternative_names == ("V. Larivière", "Vincent Lariviere")


def test_fields_of_study_map_to_the_schemes_fields_and_unknown_ones_drop() -> None:
    from loaders.semantic_scholar import _fields

    found = _fields(["Physics", "Sociology", "Political Science", "Astrology"])
    # Physics and Astronomy is field 31; both social names fall in field 33.
    assert [t.topic for t in found] == ["field-31", "field-33"]
