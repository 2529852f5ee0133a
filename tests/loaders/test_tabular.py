"""The CSV/TSV reader, on the flattened dblp sample and on broken tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.errors import LoaderError
from kg.model import PublicationType, VenueKind, Work
from loaders import detect_format
from loaders.records import BadRecord
from loaders.tabular import COLUMNS, read_table

DBLP_CSV = (
    Path(__file__).parents[1] / "data" / "sources" / "csv" / "dblp_parsed_final.csv"
)


def _works(path: Path) -> dict[str, Work]:
    return {str(w.identifiers[-1]): w for w in read_table(path)}


def _table(tmp_path: Path, text: str, name: str = "works.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_dblp_csv_has_131_rows_of_41_columns_and_55_with_authors() -> None:
    with DBLP_CSV.open(encoding="utf-8") as stream:
        header, *rows = list(csv.reader(stream))
    assert (len(header), len(rows)) == (41, 131)
    works = list(read_table(DBLP_CSV))
    assert len(works) == 131 and all(isinstance(w, Work) for w in works)
    # 76 rows name no author (reference-work entries); they are works still.
    assert sum(1 for w in works if isinstance(w, Work) and w.authorships) == 55


def test_authors_joined_by_semicolons_keep_order_and_homonym_numbers() -> None:
    work = _works(DBLP_CSV)["dblp:reference/vision/SrivastavaPKTA14"]
    assert [a.name_as_written for a in work.authorships] == [
        "Gaurav Srivastava 0004",
        "Johnny Park",
        "Avinash C. Kak",
        "Birgi Tamersoy",
        "J. K. Aggarwal",
    ]
    first = work.authorships[0].person
    assert (first.name, first.homonym_number) == ("Gaurav Srivastava", "0004")
    assert work.year == 2014
    assert work.title == "Multi-camera Human Action Recognition"


def test_dblp_row_gets_type_venue_doi_from_ee_and_dblp_key() -> None:
    work = _works(DBLP_CSV)["dblp:reference/vision/Singh14"]
    assert work.publication_type is PublicationType.BOOK_CHAPTER
    assert work.venue is not None
    assert work.venue.name == "Computer Vision, A Reference Guide"
    assert [str(i) for i in work.identifiers] == [
        "doi:10.1007/978-0-387-31439-6_559",
        "dblp:reference/vision/Singh14",
    ]


def test_tsv_with_aliases_and_orcids_per_author(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "Paper Title\tPublication_Year\tAuthors\tORCIDs\tEntry-Type\tJournal\n"
        "Graph queries at scale\t2021\tElif Kara; Tomás Österberg\t"
        " ; 0000-0002-9834-9600\tarticle\tJ. Invented Data\n",
        "works.tsv",
    )
    (work,) = read_table(path)
    assert [a.person.name for a in work.authorships] == ["Elif Kara", "Tomás Österberg"]
    assert work.authorships[0].person.identifiers == ()
    assert [str(i) for i in work.authorships[1].person.identifiers] == [
        "orcid:0000-0002-9834-9600"
    ]
    assert work.venue is not None and work.venue.kind is VenueKind.JOURNAL
    assert detect_format(path) == "csv"


def test_unknown_column_is_an_error_listing_the_known_ones(tmp_path: Path) -> None:
    path = _table(tmp_path, "titel,year,authors\nT,2020,Ann Lee\n")
    with pytest.raises(LoaderError) as caught:
        list(read_table(path))
    assert caught.value.code == "unknown-column"
    assert caught.value.line == 1
    assert "unknown column(s) 'titel'" in caught.value.problem
    for column, names in COLUMNS.items():
        assert f"{column} ({', '.join(names)})" in caught.value.problem


def test_missing_required_column_is_an_error(tmp_path: Path) -> None:
    path = _table(tmp_path, "title,year\nT,2020\n")
    with pytest.raises(LoaderError, match="the header has no authors column"):
        list(read_table(path))


def test_bad_year_names_its_line(tmp_path: Path) -> None:
    path = _table(tmp_path, "title,year,author\nA,2020,Ann Lee\nB,20x1,Bo Li\n")
    good, bad = read_table(path)
    assert isinstance(good, Work) and good.title == "A"
    assert isinstance(bad, BadRecord)
    assert (bad.error.line, bad.error.code) == (3, "bad-year")
    assert "year '20x1' is not a four-digit year" in bad.reason


def test_row_with_more_cells_than_the_header_names_its_line(tmp_path: Path) -> None:
    path = _table(tmp_path, 'title,year,author\n"A, quoted",2020,Ann\nB, x,2021,Bo\n')
    good, bad = read_table(path)
    assert isinstance(good, Work) and good.title == "A, quoted"
    assert isinstance(bad, BadRecord)
    assert (bad.error.line, bad.error.code) == (3, "bad-row")


@pytest.mark.parametrize("name", ["works.csv", "works.TSV"], ids=["csv", "tsv"])
def test_a_table_file_whose_header_is_not_recognised_is_detected_as_csv(
    tmp_path: Path, name: str
) -> None:
    path = _table(tmp_path, "titel,year,authors\nT,2020,Ann Lee\n", name)

    assert detect_format(path) == "csv"


def test_a_text_file_whose_header_is_not_recognised_is_refused(
    tmp_path: Path,
) -> None:
    path = _table(tmp_path, "titel,year,authors\nT,2020,Ann Lee\n", "works.txt")

    with pytest.raises(LoaderError) as caught:
        detect_format(path)

    assert caught.value.code == "unknown-format"
