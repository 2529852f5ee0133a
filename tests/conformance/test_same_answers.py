"""Every store gives the same answer to every question.

On the sample page the answers are the ones counted by hand; on a generated
graph of a few thousand works, every store must answer exactly as Oxigraph.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg import model, queries
from kg.answers import VenueSummary
from kg.errors import ParameterError
from kg.model import LoadedRecord, Work
from kg.queries import Backend
from kg.rdf_store import RdfStore
from tests.conformance.conftest import _empty_store, _fill
from tests.conformance.conftest import store_holding as _store_holding
from tests.synthetic import synthetic_source

# On the sample page -------------------------------------------------------


def test_sample_coauthors_of_jongwoo_ko(sample_in: Backend) -> None:
    found = {c.id: c for c in queries.coauthors(sample_in, "jongwoo_ko")}
    assert len(found) == 26
    assert found["se-young_yun"].years == [2021, 2023, 2024, 2025]
    assert found["se-young_yun"].shared_works == 8
    assert found["lei_xu_0040"].homonym_number == "0040"


def test_sample_coauthors_in_2025(sample_in: Backend) -> None:
    assert len(queries.coauthors(sample_in, "jongwoo_ko", 2025, 2025)) == 17


def test_sample_shared_coauthors_with_years_on_each_side(sample_in: Backend) -> None:
    shared = {
        c.id: c
        for c in queries.shared_coauthors(sample_in, "jongwoo_ko", "sungnyun_kim")
    }
    assert len(shared) == 9
    assert shared["se-young_yun"].years_with_first == [2021, 2023, 2024, 2025]
    assert shared["se-young_yun"].years_with_second == [2023, 2024, 2025]


def test_sample_works_by_year_and_first_authorships(sample_in: Backend) -> None:
    works = queries.person_works(sample_in, "jongwoo_ko")
    assert Counter(w.year for w in works) == {2021: 1, 2023: 3, 2024: 2, 2025: 4}
    assert sum(w.position == 1 for w in works) == 5


def test_sample_find_people_ignores_case_and_accents(sample_in: Backend) -> None:
    assert [p.id for p in queries.find_people(sample_in, "JÓNGWOO")] == ["jongwoo_ko"]
    assert [p.id for p in queries.find_people(sample_in, "lei xu 0040")] == [
        "lei_xu_0040"
    ]


def test_sample_work_authors_in_order(sample_in: Backend) -> None:
    page = queries.list_works(sample_in, year=2025, venue="ICML")
    work = queries.get_work(sample_in, page.works[0].id)
    assert [a.id for a in work.authors] == [
        "jongwoo_ko",
        "tianyi_chen",
        "sungnyun_kim",
        "tianyu_ding",
        "luming_liang",
        "ilya_zharkov",
        "se-young_yun",
    ]
    assert work.authors[0].work_count == 10


def test_sample_pages_of_works(sample_in: Backend) -> None:
    years, cursor = [], None
    while True:
        page = queries.list_works(sample_in, cursor=cursor, limit=4)
        years += [w.year for w in page.works]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert years == [2025, 2025, 2025, 2025, 2024, 2024, 2023, 2023, 2023, 2021]


# On a generated graph -----------------------------------------------------


def _people(records: list[LoadedRecord]) -> list[str]:
    """The ten busiest people and ten more picked at random (fixed seed)."""
    counts = Counter(
        a.person.id for r in records if isinstance(r, Work) for a in r.authorships
    )
    busiest = [person for person, _ in counts.most_common(10)]
    rest = sorted(set(counts) - set(busiest))
    return busiest + random.Random(3).sample(rest, 10)


def _same(
    reference: RdfStore, store: Backend, ask: Callable[..., Any], *args: Any
) -> None:
    """``ask`` gives the store the same answer as the reference."""
    assert ask(store, *args) == ask(reference, *args)


def test_generated_people_and_their_works(
    generated_reference: RdfStore,
    generated_in: Backend,
    generated_records: list[LoadedRecord],
) -> None:
    for person in _people(generated_records):
        _same(generated_reference, generated_in, queries.get_person, person)
        _same(generated_reference, generated_in, queries.person_works, person)


def test_generated_coauthors_over_ranges_of_years(
    generated_reference: RdfStore,
    generated_in: Backend,
    generated_records: list[LoadedRecord],
) -> None:
    for person in _people(generated_records):
        for years in [(None, None), (2010, 2019), (2024, 2024)]:
            _same(generated_reference, generated_in, queries.coauthors, person, *years)


def test_generated_shared_coauthors(
    generated_reference: RdfStore,
    generated_in: Backend,
    generated_records: list[LoadedRecord],
) -> None:
    people = _people(generated_records)
    pairs = list(zip(people, people[1:], strict=False)) + [(people[0], people[-1])]
    answered = 0
    for first, second in pairs:
        for years in [(None, None), (2015, 2024)]:
            expected = queries.shared_coauthors(
                generated_reference, first, second, *years
            )
            assert queries.shared_coauthors(generated_in, first, second, *years) == (
                expected
            )
            answered += bool(expected)
    assert answered > 0, "no pair shares a coauthor: the check would prove nothing"


def test_generated_works_and_pages(
    generated_reference: RdfStore,
    generated_in: Backend,
    generated_records: list[LoadedRecord],
) -> None:
    works = [r.id for r in generated_records if isinstance(r, Work)]
    for work in random.Random(5).sample(works, 20):
        _same(generated_reference, generated_in, queries.get_work, work)

    for filters in [
        {},
        {"year": 2020},
        {"venue": "V001"},
        {"year": 2024, "venue": "v000"},
    ]:
        cursor = None
        for _ in range(3):
            expected = queries.list_works(
                generated_reference, cursor=cursor, limit=25, **filters
            )
            page = queries.list_works(generated_in, cursor=cursor, limit=25, **filters)
            assert page == expected
            cursor = expected.next_cursor
            if cursor is None:
                break


@pytest.mark.parametrize("year", [None, 2020])
def test_pages_of_works_are_every_work_newest_first_then_by_id(
    generated_reference: RdfStore,
    generated_in: Backend,
    generated_records: list[LoadedRecord],
    year: int | None,
) -> None:
    # A page reads a year in slices of its ids (kg.queries._year_page): small
    # pages cross slices and years, and must still list each work once, in
    # the order of (year, newest first; id).
    works = {(r.year, r.id) for r in generated_records if isinstance(r, Work)}
    wanted = sorted(
        ((y, w) for y, w in works if year in (None, y)), key=lambda t: (-t[0], t[1])
    )[:120]
    for store in (generated_reference, generated_in):
        seen: list[tuple[int, str]] = []
        cursor = None
        while len(seen) < len(wanted):
            page = queries.list_works(store, year=year, cursor=cursor, limit=7)
            seen += [(w.year, w.id) for w in page.works]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert seen[: len(wanted)] == wanted


@pytest.mark.parametrize("name", ["chen", "müller", "MULLER", "zoe", "wei xu"])
def test_generated_find_people(
    generated_reference: RdfStore, generated_in: Backend, name: str
) -> None:
    _same(generated_reference, generated_in, queries.find_people, name)


@pytest.mark.parametrize(
    "cursor",
    ["WzEwMDAwMDAwMDAwMDAwMDAwMDAwMDAwLCAiYSJd", "W3RydWUsICJhIl0", "WzIwMjUsIDVd"],
    ids=["year-too-large", "year-is-true", "id-not-text"],
)
def test_forged_cursor_is_refused_by_every_store(
    sample_in: Backend, cursor: str
) -> None:
    # Found by a tester: the stores answered a forged cursor differently.
    with pytest.raises(ParameterError) as caught:
        queries.list_works(sample_in, cursor=cursor)
    assert caught.value.parameter == "cursor"


def test_shared_coauthors_of_a_person_with_themself_is_refused(
    sample_in: Backend,
) -> None:
    # Found by a tester: the graph answered [] and the RDF store a list.
    with pytest.raises(ParameterError) as caught:
        queries.shared_coauthors(sample_in, "jongwoo_ko", "jongwoo_ko")
    assert caught.value.parameter == "with"


def test_two_files_with_one_work_in_two_author_orders_agree_across_stores(
    request: pytest.FixtureRequest, sample_path: Path, tmp_path: Path
) -> None:
    # Found in review: the RDF store paired each author with every position.
    text = sample_path.read_text(encoding="utf-8")
    swapped = text.replace(
        "  • Taehyeon Kim\n  • Jongwoo Ko\n", "  • Jongwoo Ko\n  • Taehyeon Kim\n"
    )
    assert swapped != text
    other = tmp_path / "swapped.txt"
    other.write_text(swapped, encoding="utf-8")

    answers = []
    for name in ("oxigraph", "falkordb"):
        store = _store_holding(name, request, [sample_path, other])
        page = queries.list_works(store, year=2021)
        work = queries.get_work(store, page.works[0].id)
        answers.append(
            (
                sorted((a.position, a.id) for a in work.authors),
                len(queries.person_works(store, "jongwoo_ko")),
                len(queries.list_works(store).works),
            )
        )
        if not isinstance(store, RdfStore):
            store.clear()  # type: ignore[attr-defined]
    assert answers[0] == answers[1]
    positions, works, listed = answers[0]
    assert (1, "jongwoo_ko") in positions and (2, "jongwoo_ko") in positions
    assert len(positions) == 7  # five authors, and two of them at a second place
    # The person is listed once per place: the 2021 work twice, by position.
    assert (works, listed) == (11, 10)


# Topics and drift ------------------------------------------------------------


def test_sample_person_topics_rows_are_the_same_in_every_store(
    sample_in: Backend,
) -> None:
    from kg import forms

    rows = sample_in.ask(forms.PERSON_TOPICS, {"person": "jongwoo_ko"})
    primary = {
        (r["work"], r["topic"], round(float(r["score"]), 4), r["origin"]) for r in rows
    }
    assert len({r["work"] for r in rows}) == 10
    assert {r["origin"] for r in rows} == {"text-tfidf"}
    assert ("91104a4db1ab1a16", "T12535", 0.2373, "text-tfidf") in primary


def test_sample_topic_concept_and_its_broader_concept(sample_in: Backend) -> None:
    from kg import forms

    rows = sample_in.ask(forms.TOPIC, {"topic": "T12535"})
    assert rows == [
        {
            "topic": "T12535",
            "name": "Machine Learning and Data Classification",
            "level": "topic",
            "broader": "subfield-1702",
        }
    ]


def test_sample_topic_drift_of_jongwoo_ko(sample_in: Backend) -> None:
    from kg.topics.drift import topic_drift

    drift = topic_drift(sample_in, "jongwoo_ko", window=2)
    assert drift.summary == (
        "moved from Machine Learning and Data Classification (2021\u20132023) "
        "to Natural Language Processing Techniques (2024\u20132025)"
    )
    assert [s.divergence for s in drift.steps] == [0.1789, 0.0354, 0.2641]
    assert drift.total_drift == 0.2186


def test_sample_key_phrases_of_jongwoo_ko(sample_in: Backend) -> None:
    from kg.topics.drift import person_key_phrases

    found = person_key_phrases(sample_in, "jongwoo_ko", from_year=2024)
    assert [(p.phrase, p.works, p.years) for p in found] == [
        ("large language models", 3, [2024, 2025]),
        ("distillation", 2, [2024, 2025]),
        ("llm-as-a-judge", 1, [2025]),
    ]


def test_generated_topics_and_drift_are_the_same_in_every_store(
    generated_reference: RdfStore,
    generated_in: Backend,
    generated_records: list[LoadedRecord],
) -> None:
    from kg.topics.drift import person_topics, topic_drift

    for person in _people(generated_records):
        _same(generated_reference, generated_in, topic_drift, person, 3, "topic")
        _same(generated_reference, generated_in, person_topics, person, "field")


# A venue known by its name only ---------------------------------------------


@pytest.mark.parametrize("name", ["oxigraph", "falkordb"])
def test_works_at_a_venue_without_acronym_name_their_venue_by_name(
    name: str, request: pytest.FixtureRequest
) -> None:
    """A journal dblp names in full has no acronym; its works still list."""
    author = model.Person.from_author_string("Ana Abe")
    work = Work(
        title="Sparse queries",
        year=2020,
        publication_type=model.PublicationType.JOURNAL_ARTICLE,
        venue=model.Venue(
            name="Journal of Sparse Queries", kind=model.VenueKind.JOURNAL
        ),
        authorships=(
            model.Authorship(position=1, person=author, name_as_written="Ana Abe"),
        ),
    )
    # A work with no venue at all beside it: its venue stays unknown.
    unpublished = work.model_copy(update={"title": "Dense queries", "venue": None})
    store = _empty_store(name, request)
    _fill(store, synthetic_source(1), [work, unpublished])
    try:
        works = queries.person_works(store, author.id)
        venue = queries.get_work(store, work.id).venue
        page = queries.list_works(store, venue="Journal of Sparse Queries")
    finally:
        if not isinstance(store, RdfStore):
            store.clear()  # type: ignore[attr-defined]
        store.close()  # type: ignore[attr-defined]
    journal = VenueSummary(
        id="journal_of_sparse_queries",
        name="Journal of Sparse Queries",
        kind="journal",
    )
    assert sorted((w.title, w.venue) for w in works) == [
        ("Dense queries", None),
        ("Sparse queries", journal),
    ]
    assert venue == journal
    assert [(w.title, w.venue) for w in page.works] == [("Sparse queries", journal)]
