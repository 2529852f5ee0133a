"""The author-cluster page loader, on the real sample and on broken copies."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.errors import LoaderError
from kg.model import NameCluster, PublicationType, Work
from loaders import detect_format, read_records
from loaders.author_page import read_author_page


def _works(path: Path) -> list[Work]:
    return [r for r in read_author_page(path) if isinstance(r, Work)]


def test_sample_page_has_ten_works_by_year(sample_path: Path) -> None:
    years = Counter(work.year for work in _works(sample_path))
    assert years == {2021: 1, 2023: 3, 2024: 2, 2025: 4}


def test_sample_page_venues_are_the_five_conferences(sample_path: Path) -> None:
    venues = {work.venue.acronym for work in _works(sample_path) if work.venue}
    assert venues == {"AAAI", "ICLR", "ICML", "IJCAI", "NeurIPS"}


def test_sample_page_works_are_conference_papers(sample_path: Path) -> None:
    types = {work.publication_type for work in _works(sample_path)}
    assert types == {PublicationType.CONFERENCE_PAPER}


def test_sample_page_has_27_distinct_author_strings(sample_path: Path) -> None:
    written = {
        a.name_as_written for work in _works(sample_path) for a in work.authorships
    }
    assert len(written) == 27


def test_first_work_keeps_title_authors_in_order_and_abstract(
    sample_path: Path,
) -> None:
    first = _works(sample_path)[0]
    assert first.title.startswith("Beyond correlation: The impact of human")
    assert [a.name_as_written for a in first.authorships] == [
        "Aparna Elangovan",
        "Lei Xu 0040",
        "Jongwoo Ko",
        "Mahsa Elyasi",
        "Ling Liu",
        "Sravan Babu Bodapati",
        "Dan Roth 0001",
    ]
    assert [a.position for a in first.authorships] == [1, 2, 3, 4, 5, 6, 7]
    assert first.abstract is not None
    assert first.abstract.startswith("The effectiveness of automatic evaluation")
    assert first.abstract.endswith("amazon-science/BeyondCorrelation.")


def test_author_with_homonym_number_is_name_plus_number(sample_path: Path) -> None:
    lei_xu = _works(sample_path)[0].authorships[1].person
    assert lei_xu.name == "Lei Xu"
    assert lei_xu.homonym_number == "0040"
    assert (lei_xu.given_name, lei_xu.family_name) == ("Lei", "Xu")
    assert lei_xu.id == "lei_xu_0040"


def test_jongwoo_ko_is_first_author_of_five_works(sample_path: Path) -> None:
    first_authors = [w.authorships[0].person.name for w in _works(sample_path)]
    assert first_authors.count("Jongwoo Ko") == 5


def test_name_cluster_comes_last_with_the_stated_counts(sample_path: Path) -> None:
    records = list(read_author_page(sample_path))
    cluster = records[-1]
    assert isinstance(cluster, NameCluster)
    assert cluster.name == "Jongwoo Ko"
    assert cluster.stated_work_count == 10
    assert cluster.stated_author_rows == 2
    assert cluster.work_ids == tuple(r.id for r in records[:-1])


def test_reader_is_lazy_and_yields_first_work_before_reading_on(
    sample_path: Path, tmp_path: Path
) -> None:
    # The last work is cut short: a reader that parsed the whole file up
    # front would fail before giving anything.
    text = sample_path.read_text(encoding="utf-8")
    cut = text[: text.rindex("NeurIPS Conference 2021")] + "NeurIPS Conference 2021"
    path = tmp_path / "cut.txt"
    path.write_text(cut, encoding="utf-8")
    records = read_author_page(path)
    assert isinstance(next(records), Work)


def test_same_page_gives_the_same_ids_every_time(sample_path: Path) -> None:
    first = [r.id for r in read_author_page(sample_path)]
    second = [r.id for r in read_author_page(sample_path)]
    assert first == second
    assert len(set(first)) == 11


def test_format_of_sample_is_detected(sample_path: Path) -> None:
    assert detect_format(sample_path) == "author-page"


def test_page_saved_with_utf8_bom_reads_the_same(
    sample_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + sample_path.read_bytes())
    assert [r.id for r in read_author_page(path)] == [
        r.id for r in read_author_page(sample_path)
    ]


def test_page_with_nfd_names_gives_the_same_people(
    sample_path: Path, tmp_path: Path
) -> None:
    # BR-11: a page saved on macOS may carry decomposed accents.
    text = sample_path.read_text(encoding="utf-8")
    composed = text.replace("Ling Liu", "Zo\u00eb Lindqvist")
    decomposed = text.replace("Ling Liu", "Zoe\u0308 Lindqvist")
    (tmp_path / "nfc.txt").write_text(composed, encoding="utf-8")
    (tmp_path / "nfd.txt").write_text(decomposed, encoding="utf-8")
    nfc = _works(tmp_path / "nfc.txt")[0].authorships[4].person
    nfd = _works(tmp_path / "nfd.txt")[0].authorships[4].person
    assert nfd.name == "Zo\u00eb Lindqvist"
    assert len(nfd.name) == 13
    assert nfc.id == nfd.id


# Bad input -------------------------------------------------------------------


def _edited(sample: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = sample.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "page.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def _error(path: Path) -> LoaderError:
    with pytest.raises(LoaderError) as caught:
        list(read_records(path))
    return caught.value


def test_empty_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    error = _error(path)
    assert error.code == "empty-file"
    assert str(path) in str(error)


def test_blank_file_is_refused_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\n\n   \n", encoding="utf-8")
    assert _error(path).code == "empty-file"


def test_unknown_venue_line_names_the_line_and_the_expected_shape(
    sample_path: Path, tmp_path: Path
) -> None:
    path = _edited(
        sample_path, tmp_path, "IJCAI Conference 2024 Conference Paper", "IJCAI 2024"
    )
    error = _error(path)
    assert error.code == "bad-venue-line"
    assert error.line == _line_of(path, "IJCAI 2024")
    assert "'IJCAI 2024'" in error.problem
    assert "<ACRONYM>" in error.problem


def test_unknown_publication_type_is_a_bad_venue_line(
    sample_path: Path, tmp_path: Path
) -> None:
    path = _edited(
        sample_path,
        tmp_path,
        "AAAI Conference 2023 Conference Paper",
        "AAAI Conference 2023 Poster Abstract",
    )
    error = _error(path)
    assert error.code == "bad-venue-line"
    assert error.line == _line_of(path, "Poster Abstract")


def test_work_without_title_names_the_line_of_its_author_list(
    sample_path: Path, tmp_path: Path
) -> None:
    path = _edited(
        sample_path,
        tmp_path,
        "CUDA: Curriculum of Data Augmentation for Long-tailed Recognition\n\n",
        "",
    )
    error = _error(path)
    assert error.code == "work-missing-title"
    assert error.line == _line_of(path, "ICLR Conference 2023") + 2
    assert "no title" in error.problem


def test_page_cut_inside_a_work_says_the_author_list_is_missing(
    sample_path: Path, tmp_path: Path
) -> None:
    text = sample_path.read_text(encoding="utf-8")
    end = text.index("FINE Samples for Learning with Noisy Labels") + 43
    path = tmp_path / "cut.txt"
    path.write_text(text[:end] + "\n", encoding="utf-8")
    error = _error(path)
    assert error.code == "work-missing-authors"
    assert error.line == _line_of(path, "FINE Samples")
    assert "truncated" in error.problem


def test_page_missing_whole_works_fails_the_stated_count(
    sample_path: Path, tmp_path: Path
) -> None:
    text = sample_path.read_text(encoding="utf-8")
    path = tmp_path / "short.txt"
    path.write_text(text[: text.index("AAAI Conference 2023")], encoding="utf-8")
    error = _error(path)
    assert error.code == "work-count-mismatch"
    assert error.line == _line_of(path, "10 papers")
    assert "10 papers but 6 were found" in error.problem


def test_page_in_latin1_names_the_line_of_the_first_bad_byte(
    sample_path: Path, tmp_path: Path
) -> None:
    text = sample_path.read_text(encoding="utf-8").replace("Ling Liu", "Lïng Liu")
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    error = _error(path)
    assert error.code == "bad-encoding"
    assert error.line == _line_of(sample_path, "Ling Liu")
    assert "not UTF-8" in error.problem
    # "  ? Lïng": the bullet became "?" in Latin-1; ï is the sixth byte.
    assert "0xef at column 6" in error.problem


def test_text_that_is_not_an_author_page_is_not_recognised(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list\n\nmilk\n", encoding="utf-8")
    error = _error(path)
    assert error.code == "unknown-format"
    assert "author-page" in error.problem


def test_header_without_paper_count_is_refused(
    sample_path: Path, tmp_path: Path
) -> None:
    path = _edited(sample_path, tmp_path, "10 papers\n", "")
    assert _error(path).code == "missing-work-count"


def test_page_in_utf16_says_so(sample_path: Path, tmp_path: Path) -> None:
    # Found by a tester: the message blamed Latin-1 and advised the wrong fix.
    path = tmp_path / "utf16.txt"
    path.write_bytes(sample_path.read_text(encoding="utf-8").encode("utf-16"))
    error = _error(path)
    assert error.code == "bad-encoding"
    assert error.line == 1
    assert "UTF-16" in error.problem


def test_work_listed_twice_is_kept_once_with_a_warning(
    sample_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = sample_path.read_text(encoding="utf-8")
    last = text[text.index("NeurIPS Conference 2021") :]
    page = text.replace("10 papers", "11 papers").replace("\n\n10\n\n", "\n\n11\n\n")
    path = tmp_path / "twice.txt"
    path.write_text(page + "\n\n" + last, encoding="utf-8")

    records = list(read_author_page(path))

    assert len([r for r in records if isinstance(r, Work)]) == 10
    assert len(records[-1].work_ids) == 10  # type: ignore[union-attr]
    assert "is listed again (first at line" in caplog.text
