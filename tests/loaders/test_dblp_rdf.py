"""The dblp RDF reader, on dblp's own Turtle (tests/data/sources/dblp)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import LoaderError
from kg.model import Person, PublicationType, VenueKind, Work
from loaders import detect_format, read_records
from loaders.dblp_rdf import read_dblp_rdf

TURTLE = Path(__file__).parents[1] / "data" / "sources" / "dblp" / "dblp-l222.ttl"


def _works() -> dict[str, Work]:
    works = [r for r in read_dblp_rdf(TURTLE) if isinstance(r, Work)]
    return {str(w.identifiers[0]): w for w in works}


def test_the_seven_records_are_works_of_2014_in_one_reference_book() -> None:
    works = _works()
    assert len(works) == 7
    assert {w.year for w in works.values()} == {2014}
    assert {w.publication_type for w in works.values()} == {
        PublicationType.BOOK_CHAPTER
    }
    venues = {(w.venue.name, w.venue.kind) for w in works.values() if w.venue}
    assert venues == {("Computer Vision, A Reference Guide", VenueKind.OTHER)}


def test_a_signature_gives_name_homonym_number_person_page_and_place() -> None:
    work = _works()["dblp:reference/vision/Singh14"]
    assert work.title == "Transparency and Translucency"
    assert [str(i) for i in work.identifiers] == [
        "dblp:reference/vision/Singh14",
        "doi:10.1007/978-0-387-31439-6_559",
    ]
    (authorship,) = work.authorships
    assert (authorship.position, authorship.name_as_written) == (1, "Manish Singh 0001")
    person = authorship.person
    assert (person.name, person.homonym_number) == ("Manish Singh", "0001")
    assert [str(i) for i in person.identifiers] == ["dblp:homepages/78/459-1"]


def test_a_record_with_no_creator_is_a_work_without_authors() -> None:
    work = _works()["dblp:reference/vision/X14bd"]
    assert (work.title, work.year, work.authorships) == ("Curvedness", 2014, ())
    # dblp states each DOI twice, as https://doi.org/ and http://dx.doi.org/.
    assert [str(i) for i in work.identifiers].count(
        "doi:10.1007/978-0-387-31439-6_100117"
    ) == 1


def test_a_signature_orcid_is_kept_on_the_person() -> None:
    (authorship,) = _works()["dblp:reference/vision/Pont14b"].authorships
    assert [str(i) for i in authorship.person.identifiers] == [
        "dblp:homepages/99/2633",
        "orcid:0000-0002-9834-9600",
    ]


def test_turtle_of_dblp_is_detected_as_dblp_rdf() -> None:
    assert detect_format(TURTLE) == "dblp-rdf"


def test_a_person_page_is_a_person_with_its_orcid(tmp_path: Path) -> None:
    path = tmp_path / "person.nt"
    path.write_text(
        "<https://dblp.org/pid/99/2633> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://dblp.org/rdf/schema#Person> .\n"
        "<https://dblp.org/pid/99/2633> <https://dblp.org/rdf/schema#"
        'primaryCreatorName> "Sylvia C. Pont" .\n'
        "<https://dblp.org/pid/99/2633> <https://dblp.org/rdf/schema#orcid> "
        "<https://orcid.org/0000-0002-9834-9600> .\n",
        encoding="utf-8",
    )
    (person,) = read_records(path, "dblp-rdf")
    assert isinstance(person, Person)
    assert person.name == "Sylvia C. Pont"
    assert [str(i) for i in person.identifiers] == [
        "dblp:homepages/99/2633",
        "orcid:0000-0002-9834-9600",
    ]


def test_broken_turtle_names_its_line(tmp_path: Path) -> None:
    lines = TURTLE.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "cut.ttl"
    # Line 30 is inside the first record: cut it off in the middle.
    path.write_text("".join(lines[:29]) + lines[29][:20] + "\n", encoding="utf-8")
    with pytest.raises(LoaderError) as caught:
        list(read_dblp_rdf(path))
    assert caught.value.code == "bad-rdf"
    assert caught.value.line is not None and caught.value.line >= 30
    assert str(caught.value).startswith(f"{path}, line ")
