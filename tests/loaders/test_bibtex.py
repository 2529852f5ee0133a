"""The BibTeX reader, on real files and on small broken or tricky entries."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kg.errors import LoaderError
from kg.model import Person, PublicationType, VenueKind, Work
from loaders import detect_format
from loaders.bibtex import read_bibtex, read_entries
from loaders.records import BadRecord

DATA = Path(__file__).parents[1] / "data" / "sources" / "bibtex"
EXAMPLES = DATA / "biblatex-examples.bib"


def _bib(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return path


def _only(path: Path) -> Work:
    (work,) = read_bibtex(path)
    assert isinstance(work, Work)
    return work


def _errors(path: Path) -> list[LoaderError]:
    """The errors of the file's bad records; its good ones are read past."""
    return [r.error for r in read_bibtex(path) if isinstance(r, BadRecord)]


def test_biblatex_examples_has_92_entries_of_which_90_are_works() -> None:
    entries = list(read_entries(EXAMPLES))
    works = list(read_bibtex(EXAMPLES))
    assert len(entries) == 92
    assert sum(e.entry_type == "set" for e in entries) == 2
    assert all(isinstance(w, Work) for w in works)
    assert len(works) == 90
    # Collections, proceedings and web sites name editors or no one.
    assert sum(not w.authorships for w in works if isinstance(w, Work)) == 9


def test_knuth_texbook_is_a_book_with_its_author_split_and_logo_decoded() -> None:
    (entry,) = [e for e in read_entries(EXAMPLES) if e.key == "knuth:ct:a"]
    assert entry.entry_type == "book"
    assert entry.fields["author"] == "Knuth, Donald E."
    assert entry.fields["title"] == r"The {\TeX book}"
    assert entry.fields["date"] == "1984"
    assert entry.fields["volume"] == "A"

    (work,) = [w for w in read_bibtex(EXAMPLES) if w.title == "The TeXbook"]
    assert work.year == 1984
    assert work.publication_type is PublicationType.BOOK
    (authorship,) = work.authorships
    assert authorship.name_as_written == "Knuth, Donald E."
    assert authorship.person.name == "Donald E. Knuth"
    assert authorship.person.given_name == "Donald E."
    assert authorship.person.family_name == "Knuth"


def test_crossref_child_takes_year_from_a_parent_defined_after_it() -> None:
    # westfahl:space (line 10) has no date; westfahl:frontier (line 1169) has 2000.
    (work,) = [w for w in read_bibtex(EXAMPLES) if w.title == "The True Frontier"]
    assert work.year == 2000
    assert work.publication_type is PublicationType.BOOK_CHAPTER
    assert [a.person.name for a in work.authorships] == ["Gary Westfahl"]


def test_crossref_parent_title_becomes_the_childs_proceedings(tmp_path: Path) -> None:
    path = _bib(
        tmp_path,
        "@proceedings{conf, title = {Proc. of Graphs}, year = 2019}\n"
        "@inproceedings{paper, author = {Ada Ruiz}, title = {Paths},\n"
        "  crossref = {CONF}}\n",
    )
    proceedings, work = read_bibtex(path)
    assert isinstance(proceedings, Work) and proceedings.authorships == ()
    assert isinstance(work, Work) and work.title == "Paths"
    assert work.year == 2019
    assert work.venue is not None
    assert (work.venue.name, work.venue.kind) == (
        "Proc. of Graphs",
        VenueKind.CONFERENCE,
    )


def test_accented_dotless_i_decodes_to_one_code_point_br01(tmp_path: Path) -> None:
    path = _bib(
        tmp_path,
        "@article{ortega2020notes,\n"
        "  author = {Ru{\\'\\i}z-Ortega, Mart{\\'\\i}n and"
        " Dom{\\'{\\i}}nguez, Luc{\\'i}a},\n"
        "  title  = {Short notes on sparse graphs},\n"
        "  year   = {2020}\n"
        "}\n",
    )
    work = _only(path)
    written = [a.name_as_written for a in work.authorships]
    assert written == ["Ruíz-Ortega, Martín", "Domínguez, Lucía"]
    assert [a.person.name for a in work.authorships] == [
        "Martín Ruíz-Ortega",
        "Lucía Domínguez",
    ]
    text = "".join(written)
    assert text.count("\u00ed") == 4
    assert "\u0131" not in text and "'" not in text


def test_every_spelling_of_i_acute_gives_the_same_person(tmp_path: Path) -> None:
    spellings = ["{\\'\\i}", "{\\'{\\i}}", "{\\'i}", "\\'{i}"]
    entries = "".join(
        f"@misc{{k{n}, author = {{Luc{s}a Dom{s}nguez}},"
        f" title = {{T{n}}}, year = 2020}}\n"
        for n, s in enumerate(spellings)
    )
    people = {w.authorships[0].person for w in read_bibtex(_bib(tmp_path, entries))}
    assert people == {Person.from_author_string("Lucía Domínguez")}


def test_unbraced_umlaut_lands_on_its_own_letter_br02(tmp_path: Path) -> None:
    path = _bib(
        tmp_path,
        "@inproceedings{joergensen2018,\n"
        '  author    = {J\\"orgensen, Malte and Gr\\"un, Ute},\n'
        '  title     = {Coauthorship networks in \\"Okonomie},\n'
        "  booktitle = {Proc. Invented Workshop},\n"
        "  year      = {2018}\n"
        "}\n",
    )
    work = _only(path)
    assert work.title == "Coauthorship networks in Ökonomie"
    assert [a.person.family_name for a in work.authorships] == ["Jörgensen", "Grün"]
    stored = work.title + "".join(a.person.name for a in work.authorships)
    assert "\u0308" not in stored
    assert stored == unicodedata.normalize("NFC", stored)
    # The same node as "Ute Grün" written in UTF-8 by another source.
    assert work.authorships[1].person.id == Person.from_author_string("Ute Grün").id


def test_string_macros_in_three_syntaxes_expand() -> None:
    (entry,) = read_entries(DATA / "article_with_strings.bib")
    assert entry.key == "Cesar2013"
    assert entry.fields["author"] == "Jean César"
    assert entry.fields["journal"] == "Nice Journal"
    assert entry.fields["month"] == "January"
    work = next(read_bibtex(DATA / "article_with_strings.bib"))
    assert work.venue is not None and work.venue.name == "Nice Journal"


def test_chained_case_insensitive_macros_expand() -> None:
    (entry,) = read_entries(DATA / "features2.bib")
    assert entry.fields["title"] == "Cool Stuff"
    assert entry.fields["booktitle"] == "My International Conference"
    assert entry.fields["pages"] == "1--10"
    assert entry.fields["note"] == "Email: John.Doe@example.com"
    assert entry.fields["year"] == "2014"


def test_raw_utf8_accents_are_kept() -> None:
    work = _only(DATA / "encoding.bib")
    assert work.title == "An amazing title: à"
    assert work.venue is not None and work.venue.name == "Elémentaire"
    assert work.abstract is not None and work.abstract.endswith("french érudit word")


def test_undefined_macro_names_file_line_and_key(tmp_path: Path) -> None:
    path = _bib(tmp_path, "@article{k1,\n  title = {T},\n  journal = jacm,\n}\n")
    (error,) = _errors(path)
    assert error.code == "undefined-bibtex-macro"
    assert error.line == 3
    assert str(error).startswith(f"{path}, line 3: entry 'k1' uses the macro")
    assert "'jacm'" in str(error)


def test_entry_that_does_not_parse_names_its_line(tmp_path: Path) -> None:
    path = _bib(tmp_path, "@article{ok, title={A}, author={B}, year=2001}\n\n"
                "@article{bad, title = {unclosed\n")  # fmt: skip
    ok, bad = read_bibtex(path)
    assert isinstance(ok, Work) and ok.title == "A"
    assert isinstance(bad, BadRecord)
    assert bad.error.code == "bad-bibtex-entry"
    assert bad.error.line == 3
    assert "Unexpectedly reached end of file" in bad.error.problem


def test_authors_others_and_organisations_are_not_people(tmp_path: Path) -> None:
    path = _bib(
        tmp_path,
        '@article{k, author = {{\\"U}ber, Hans and {Open Graph Consortium}'
        " and {\\'E}mile {Zola} and others}, title = {T}, year = 2022}\n",
    )
    work = _only(path)
    assert [(a.position, a.person.name) for a in work.authorships] == [
        (1, "Hans Über"),
        (2, "Émile Zola"),
    ]


def test_at_sign_at_line_start_inside_a_value_stays_in_the_entry(
    tmp_path: Path,
) -> None:
    path = _bib(
        tmp_path,
        "@article{k, author = {Ann Lee}, year = 2022, title = {T},\n"
        "  abstract = {write to\n@ann for copies}}\n"
        "@article{m, author = {Bo Li}, year = 2023, title = {U}}\n",
    )
    works = list(read_bibtex(path))
    assert [w.title for w in works] == ["T", "U"]
    assert works[0].abstract == "write to @ann for copies"


def test_doi_and_arxiv_eprint_become_identifiers(tmp_path: Path) -> None:
    path = _bib(
        tmp_path,
        "@misc{k, author = {Ann Lee}, title = {T}, year = 2022,\n"
        "  doi = {https://doi.org/10.5555/ABC.1}, eprint = {2201.00001},\n"
        "  archivePrefix = {arXiv}}\n",
    )
    work = _only(path)
    assert [str(i) for i in work.identifiers] == [
        "doi:10.5555/abc.1",
        "arxiv:2201.00001",
    ]
    assert work.publication_type is PublicationType.PREPRINT


def test_bib_files_are_detected_as_bibtex() -> None:
    assert {detect_format(p) for p in DATA.glob("*.bib")} == {"bibtex"}


def test_missing_crossref_parent_reads_the_entry_as_it_is(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _bib(
        tmp_path,
        "@inproceedings{p, author = {Ann Lee}, title = {T}, year = 2021,\n"
        "  crossref = {gone}}\n",
    )
    work = _only(path)
    assert (work.year, work.venue) == (2021, None)
    assert "names crossref 'gone', which is not in the file" in caplog.text


def test_crossref_loop_is_an_error(tmp_path: Path) -> None:
    path = _bib(
        tmp_path,
        "@inproceedings{a, author = {Ann Lee}, title = {T}, crossref = {b}}\n"
        "@proceedings{b, title = {P}, year = 2020, crossref = {A}}\n",
    )
    first, second = _errors(path)
    # Each entry of the loop is bad, and each names the entry that closes it.
    assert (first.line, first.code) == (2, "crossref-loop")
    assert "entry 'b': its crossref 'A' leads back" in first.problem
    assert (second.line, second.code) == (1, "crossref-loop")
