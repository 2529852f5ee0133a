"""The questions of kg.queries, asked of a real Oxigraph store holding the sample.

Expected values were counted by hand from tests/data/author-cluster-jongwoo-ko.txt.
"""

from __future__ import annotations

import pytest

from kg import queries
from kg.errors import NotFoundError, ParameterError
from kg.rdf_store import RdfStore


def test_coauthors_of_jongwoo_ko_are_the_26_other_authors(
    sample_store: RdfStore,
) -> None:
    found = queries.coauthors(sample_store, "jongwoo_ko")
    assert len(found) == 26
    assert "jongwoo_ko" not in {c.id for c in found}


def test_se_young_yun_wrote_with_jongwoo_ko_in_four_years(
    sample_store: RdfStore,
) -> None:
    found = {c.id: c for c in queries.coauthors(sample_store, "jongwoo_ko")}
    yun = found["se-young_yun"]
    assert yun.years == [2021, 2023, 2024, 2025]
    # Every work but "Beyond correlation" and "SeRA" has Se-Young Yun.
    assert yun.shared_works == 8


def test_coauthors_are_ordered_by_shared_works(sample_store: RdfStore) -> None:
    found = queries.coauthors(sample_store, "jongwoo_ko")
    assert [c.id for c in found[:2]] == ["se-young_yun", "sungnyun_kim"]
    assert [c.shared_works for c in found[:2]] == [8, 4]


def test_coauthors_in_2025_only_are_the_17_of_that_year(
    sample_store: RdfStore,
) -> None:
    # 2025 works: Beyond correlation (6 others), DistiLLM-2 (6), Flex-Judge (3),
    # SeRA (5); Sungnyun Kim, Se-Young Yun and Sravan Babu Bodapati repeat.
    found = queries.coauthors(sample_store, "jongwoo_ko", 2025, 2025)
    assert len(found) == 17
    assert all(c.years == [2025] for c in found)


def test_coauthor_with_homonym_number_keeps_it(sample_store: RdfStore) -> None:
    found = {c.id: c for c in queries.coauthors(sample_store, "jongwoo_ko")}
    assert found["lei_xu_0040"].name == "Lei Xu"
    assert found["lei_xu_0040"].homonym_number == "0040"
    assert found["dan_roth_0001"].homonym_number == "0001"


def test_jongwoo_ko_and_sungnyun_kim_share_nine_coauthors(
    sample_store: RdfStore,
) -> None:
    shared = queries.shared_coauthors(sample_store, "jongwoo_ko", "sungnyun_kim")
    assert {c.id for c in shared} == {
        "se-young_yun",
        "tianyi_chen",
        "tianyu_ding",
        "luming_liang",
        "ilya_zharkov",
        "sungwoo_cho",
        "sangmin_bae",
        "gihun_lee",
        "seungjong_noh",
    }


def test_shared_coauthor_years_are_given_for_each_side(
    sample_store: RdfStore,
) -> None:
    shared = queries.shared_coauthors(sample_store, "jongwoo_ko", "sungnyun_kim")
    yun = next(c for c in shared if c.id == "se-young_yun")
    assert yun.years_with_first == [2021, 2023, 2024, 2025]
    assert yun.years_with_second == [2023, 2024, 2025]
    assert (yun.works_with_first, yun.works_with_second) == (8, 4)


def test_shared_coauthors_limited_to_2024_and_later(sample_store: RdfStore) -> None:
    shared = queries.shared_coauthors(
        sample_store, "jongwoo_ko", "sungnyun_kim", from_year=2024
    )
    assert {c.id for c in shared} == {
        "se-young_yun",
        "tianyi_chen",
        "tianyu_ding",
        "luming_liang",
        "ilya_zharkov",
        "sungwoo_cho",
    }
    yun = next(c for c in shared if c.id == "se-young_yun")
    assert yun.years_with_first == [2024, 2025]


def test_the_two_people_are_never_their_own_shared_coauthors(
    sample_store: RdfStore,
) -> None:
    shared = queries.shared_coauthors(sample_store, "jongwoo_ko", "se-young_yun")
    ids = {c.id for c in shared}
    assert "jongwoo_ko" not in ids
    assert "se-young_yun" not in ids
    assert "sungnyun_kim" in ids


def test_works_of_jongwoo_ko_by_year(sample_store: RdfStore) -> None:
    works = queries.person_works(sample_store, "jongwoo_ko")
    by_year = queries.works_by_year(works)
    assert {year: len(w) for year, w in by_year.items()} == {
        2021: 1,
        2023: 3,
        2024: 2,
        2025: 4,
    }
    assert sum(1 for w in works if w.position == 1) == 5


def test_person_record_spans_the_years_of_their_works(
    sample_store: RdfStore,
) -> None:
    person = queries.get_person(sample_store, "jongwoo_ko")
    assert (person.first_year, person.last_year, person.work_count) == (
        2021,
        2025,
        10,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jongwoo ko", ["jongwoo_ko"]),
        ("JONGWOO KO", ["jongwoo_ko"]),
        ("Jóngwoo", ["jongwoo_ko"]),
        ("Lei Xu 0040", ["lei_xu_0040"]),
        ("roth", ["dan_roth_0001"]),
        ('Mary "Molly" O\'Neil', []),
        ("Ana\\", []),
        ('x" ) } UNION { ?s ?p ?o } #', []),
        ("\\u0022 } #", []),
    ],
    ids=[
        "lower",
        "upper",
        "accented",
        "homonym-number",
        "part",
        "quotes-BR09",
        "backslash-BR09",
        "injection-BR09",
        "unicode-escape-BR09",
    ],
)
def test_find_people_by_name(
    sample_store: RdfStore, query: str, expected: list[str]
) -> None:
    assert [p.id for p in queries.find_people(sample_store, query)] == expected


def test_find_people_with_empty_name_is_a_parameter_error(
    sample_store: RdfStore,
) -> None:
    with pytest.raises(ParameterError) as caught:
        queries.find_people(sample_store, "  ")
    assert caught.value.parameter == "name"


@pytest.mark.parametrize("bad_id", ["nobody", "jongwoo ko", "<x>", "../person"])
def test_unknown_person_id_is_not_found(sample_store: RdfStore, bad_id: str) -> None:
    with pytest.raises(NotFoundError):
        queries.coauthors(sample_store, bad_id)


def test_year_range_backwards_is_a_parameter_error(sample_store: RdfStore) -> None:
    with pytest.raises(ParameterError) as caught:
        queries.coauthors(sample_store, "jongwoo_ko", 2025, 2021)
    assert caught.value.parameter == "from_year"


def test_work_lists_authors_in_page_order_with_venue(sample_store: RdfStore) -> None:
    page = queries.list_works(sample_store, year=2025, venue="ICML")
    assert len(page.works) == 1
    work = queries.get_work(sample_store, page.works[0].id)
    assert (
        work.title
        == "DistiLLM-2: A Contrastive Approach Boosts the Distillation of LLMs"
    )
    assert [a.name for a in work.authors] == [
        "Jongwoo Ko",
        "Tianyi Chen",
        "Sungnyun Kim",
        "Tianyu Ding",
        "Luming Liang",
        "Ilya Zharkov",
        "Se-Young Yun",
    ]
    assert [a.position for a in work.authors] == list(range(1, 8))
    assert work.venue is not None and work.venue.acronym == "ICML"


def test_list_works_pages_visit_every_work_once_newest_first(
    sample_store: RdfStore,
) -> None:
    seen, years, cursor = [], [], None
    while True:
        page = queries.list_works(sample_store, cursor=cursor, limit=3)
        seen += [w.id for w in page.works]
        years += [w.year for w in page.works]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 10
    assert years == sorted(years, reverse=True)


@pytest.mark.parametrize(
    ("year", "venue", "count"),
    [(2023, None, 3), (None, "AAAI", 2), (None, "iclr", 3), (2025, "ICLR", 2)],
    ids=["year", "venue", "venue-any-case", "both"],
)
def test_list_works_filters(
    sample_store: RdfStore, year: int | None, venue: str | None, count: int
) -> None:
    assert len(queries.list_works(sample_store, year, venue).works) == count


def test_find_people_reads_name_punctuation_as_space(sample_store: RdfStore) -> None:
    # Found by a tester: "se young" did not find Se-Young Yun.
    assert [p.id for p in queries.find_people(sample_store, "se young")] == [
        "se-young_yun"
    ]


def test_a_cursor_nested_deep_is_a_parameter_error(sample_store: RdfStore) -> None:
    # Found in review: 3,000 nested brackets raised RecursionError (a 500).
    import base64

    cursor = base64.urlsafe_b64encode(b"[" * 3000).decode()
    with pytest.raises(ParameterError) as caught:
        queries.list_works(sample_store, cursor=cursor)
    assert caught.value.parameter == "cursor"


def test_a_name_with_a_control_character_is_a_parameter_error(
    sample_store: RdfStore,
) -> None:
    # Found in review: FalkorDB refused it (400) while Oxigraph answered.
    with pytest.raises(ParameterError):
        queries.find_people(sample_store, "a\x00b")
