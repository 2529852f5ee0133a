"""The Crossref reader: single works, /works pages, bare records, BR-16."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import LoaderError
from kg.model import PublicationType, VenueKind, Work
from loaders import detect_format
from loaders.crossref import read_crossref
from loaders.records import BadRecord

DATA = Path(__file__).parents[1] / "data" / "sources" / "crossref"


def _only(path: Path) -> Work:
    (work,) = read_crossref(path)
    return work


def test_single_work_envelope_organic_letters() -> None:
    work = _only(DATA / "test1.json")
    assert [str(i) for i in work.identifiers] == ["doi:10.1021/acs.orglett.9b00971"]
    assert work.year == 2019
    assert work.publication_type is PublicationType.JOURNAL_ARTICLE
    assert work.venue is not None
    assert (work.venue.name, work.venue.kind) == ("Organic Letters", VenueKind.JOURNAL)
    assert [str(i) for i in work.venue.identifiers] == [
        "issn:1523-7060",
        "issn:1523-7052",
    ]
    assert [a.person.family_name for a in work.authorships] == [
        "Mansfield",
        "Smith",
        "Yong",
        "Garry",
        "Anderson",
    ]
    assert len(work.references) == 68


def test_orcid_on_an_author_becomes_a_person_identifier() -> None:
    last = _only(DATA / "test1.json").authorships[-1]
    assert last.person.name == "Edward A. Anderson"
    assert [str(i) for i in last.person.identifiers] == ["orcid:0000-0002-4149-0494"]
    assert last.institutions == (
        "Chemistry Research Laboratory, 12 Mansfield Road, Oxford, OX1 3TA, U.K.",
    )


def test_book_in_a_series() -> None:
    work = _only(DATA / "test6.json")
    assert work.title == "Applications of Quantum Dynamics in Chemistry"
    assert (work.year, work.publication_type) == (2017, PublicationType.BOOK)
    assert work.venue is not None
    assert work.venue.name == "Lecture Notes in Chemistry"
    assert work.venue.kind is VenueKind.BOOK_SERIES
    assert len(work.authorships) == 4
    assert work.authorships[3].person.name == "André Nauts"


def test_works_list_yields_items_and_the_undated_one_is_a_bad_record() -> None:
    first, undated, last = read_crossref(DATA / "crossref_api_works.json")
    # The 2nd of the 3 items has "issued": [[null]] and no other date.
    assert isinstance(undated, BadRecord)
    assert (undated.where, undated.error.code) == ("record 2", "incomplete-work")
    assert undated.reason == (
        "the work with DOI 10.1109/infvis.2005.1532150 has no year; "
        "every work needs both"
    )
    works = [first, last]
    assert all(isinstance(w, Work) for w in works)
    assert [str(w.identifiers[0]) for w in works] == [
        "doi:10.1109/mitp.2002.1041177",
        "doi:10.1007/s10107-009-0306-5",
    ]
    assert works[0].title == "Inside SSL: accelerating secure transactions"
    assert [a.person.name for a in works[0].authorships] == ["W. Chou"]


def test_bare_record_without_envelope() -> None:
    work = _only(DATA / "crossref-works.single.json")
    assert str(work.identifiers[0]) == (
        "doi:10.1002/(sici)1097-461x(1998)66:4<261::aid-qua1>3.0.co;2-t"
    )
    assert work.title.startswith("Renormalized perturbation theory")
    # 4 authors are listed; the 4th has an empty given and family name.
    assert len(work.authorships) == 3
    assert work.year == 1998


def test_old_science_article_without_short_title() -> None:
    work = _only(DATA / "test4.json")
    assert (work.year, work.venue.name if work.venue else None) == (1998, "Science")


def test_organisation_author_is_not_a_person_br16(tmp_path: Path) -> None:
    message = {
        "DOI": "10.5555/inv.2022.001",
        "title": ["Open graph benchmarks"],
        "issued": {"date-parts": [[2022, 3]]},
        "author": [
            {"given": "Priya", "family": "Raman", "sequence": "first"},
            {"family": "Okafor", "sequence": "additional", "affiliation": []},
            {"name": "Open Graph Benchmark Consortium", "sequence": "additional"},
        ],
    }
    path = tmp_path / "work.json"
    path.write_text(json.dumps({"message-type": "work", "message": message}))
    work = _only(path)
    assert work.year == 2022
    people = [a.person for a in work.authorships]
    assert [(p.name, p.given_name, p.family_name) for p in people] == [
        ("Priya Raman", "Priya", "Raman"),
        ("Okafor", None, "Okafor"),
    ]
    assert detect_format(path) == "crossref"


def test_broken_json_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"message-type": "work", "message": {"DOI": "10.5555/x",')
    with pytest.raises(LoaderError) as caught:
        list(read_crossref(path))
    assert caught.value.code == "bad-json"


def test_json_without_works_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"status": "ok", "count": 3}')
    with pytest.raises(LoaderError) as caught:
        list(read_crossref(path))
    assert caught.value.code == "not-crossref"


def test_crossref_files_are_detected() -> None:
    assert {detect_format(p) for p in DATA.glob("*.json")} == {"crossref"}


def test_markup_in_title_and_abstract_becomes_text(tmp_path: Path) -> None:
    message = {
        "DOI": "10.5555/inv.2023.7",
        "title": ["Fast <i>k</i>-core &amp; truss queries"],
        "abstract": "<jats:title>Abstract</jats:title><jats:p>We count "
        "<jats:italic>cores</jats:italic>.</jats:p>",
        "published-online": {"date-parts": [[2023, 1, 5]]},
        "author": [{"given": "Ann", "family": "Lee"}],
    }
    path = tmp_path / "work.json"
    path.write_text(json.dumps({"message": message}))
    work = _only(path)
    assert work.title == "Fast k-core & truss queries"
    assert work.abstract == "Abstract We count cores."
    assert work.year == 2023


def test_record_with_wrongly_typed_values_names_the_record(tmp_path: Path) -> None:
    items = [
        {"DOI": "10.5555/a", "title": ["A"], "issued": {"date-parts": [[2020]]},
         "author": [{"given": "Ann", "family": "Lee"}]},
        {"DOI": "10.5555/b", "title": ["B"], "issued": {"date-parts": [[2021]]},
         "author": ["Bo Li"]},
    ]  # fmt: skip
    path = tmp_path / "page.json"
    path.write_text(
        json.dumps({"message-type": "work-list", "message": {"items": items}})
    )
    good, bad = read_crossref(path)
    assert isinstance(good, Work) and good.title == "A"
    assert isinstance(bad, BadRecord)
    assert bad.where == "record 2"
    assert bad.error.code == "bad-record-shape"
    assert bad.reason.startswith(
        "the work with DOI 10.5555/b does not have the expected shape"
    )
