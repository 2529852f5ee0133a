"""The arXiv snapshot reader, on 150 real lines and on a broken one."""

from __future__ import annotations

from pathlib import Path

from kg.model import PublicationType, VenueKind, Work
from loaders import detect_format
from loaders.arxiv import read_arxiv
from loaders.records import BadRecord

SNAPSHOT = (
    Path(__file__).parents[1]
    / "data"
    / "sources"
    / "arxiv"
    / "arxiv-metadata-oai-snapshot.lines51-200.jsonl"
)


def test_snapshot_lines_are_150_preprints_in_the_arxiv_repository() -> None:
    works = list(read_arxiv(SNAPSHOT))
    assert len(works) == 150
    assert {w.publication_type for w in works} == {PublicationType.PREPRINT}
    assert {(w.venue.name, w.venue.kind) for w in works if w.venue} == {
        ("arXiv", VenueKind.REPOSITORY)
    }
    # 89 of the lines carry the DOI of the published version; none an arXiv DOI.
    assert sum(len(w.published_as) == 1 for w in works) == 89
    assert {len(w.identifiers) for w in works} == {1}


def test_first_line_is_cohens_teleportation_paper() -> None:
    first = next(read_arxiv(SNAPSHOT))
    assert first.title == "Visualizing Teleportation"
    assert [str(i) for i in first.identifiers] == ["arxiv:0704.0051"]
    # v1 was created on Mon, 2 Apr 2007; v2 (2008) does not change the year.
    assert first.year == 2007
    (author,) = first.authorships
    assert (author.person.given_name, author.person.family_name) == (
        "Scott M.",
        "Cohen",
    )


def test_the_journal_doi_names_the_published_version_not_the_preprint() -> None:
    vysotsky = list(read_arxiv(SNAPSHOT))[35]
    assert [str(i) for i in vysotsky.identifiers] == ["arxiv:0704.0086"]
    assert [str(i) for i in vysotsky.published_as] == ["doi:10.1214/07-aap481"]


def test_an_arxiv_doi_stays_the_preprints_own_identifier(tmp_path: Path) -> None:
    line = SNAPSHOT.read_text(encoding="utf-8").splitlines()[35]
    edited = line.replace(
        '"doi":"10.1214/07-AAP481"',
        '"doi":"10.48550/arXiv.0704.0086 10.1214/07-AAP481"',
    )
    path = tmp_path / "snapshot.jsonl"
    path.write_text(edited + "\n", encoding="utf-8")
    (work,) = read_arxiv(path)
    assert [str(i) for i in work.identifiers] == [
        "arxiv:0704.0086",
        "doi:10.48550/arxiv.0704.0086",
    ]
    assert [str(i) for i in work.published_as] == ["doi:10.1214/07-aap481"]


def test_affiliations_in_authors_parsed_become_institutions() -> None:
    second = list(read_arxiv(SNAPSHOT))[1]
    assert [(a.person.name, a.institutions) for a in second.authorships] == [
        ("Arthur Jaffe", ("Harvard University",)),
        ("Gordon Ritter", ("Harvard University",)),
    ]


def test_latex_accents_in_names_are_decoded() -> None:
    names = {a.person.name for w in read_arxiv(SNAPSHOT) for a in w.authorships}
    assert {"Rastislav Šrámek", "Broňa Brejová", "Franz Gähler"} <= names


def test_broken_line_names_its_number(tmp_path: Path) -> None:
    lines = SNAPSHOT.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "snapshot.jsonl"
    path.write_text("".join(lines[:2]) + lines[2][:40] + "\n", encoding="utf-8")
    *works, bad = read_arxiv(path)
    assert len(works) == 2 and all(isinstance(w, Work) for w in works)
    assert isinstance(bad, BadRecord)
    assert (bad.error.line, bad.error.code) == (3, "bad-json-line")


def test_line_without_id_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "snapshot.jsonl"
    path.write_text('{"title": "No id"}\n', encoding="utf-8")
    (bad,) = read_arxiv(path)
    assert isinstance(bad, BadRecord)
    assert str(bad.error).endswith("line 1: the line is not an arXiv record: "
                                   "expected a JSON object with an 'id'")  # fmt: skip


def test_snapshot_is_detected_as_arxiv() -> None:
    assert detect_format(SNAPSHOT) == "arxiv"
