"""Every store draws the same coauthor network.

On the sample: the ten works have 27 authors and 87 distinct pairs of
authors; the four works of 2025 have 18 authors (7, 7, 4 and 6 to a work)
and 59 distinct pairs. Jongwoo Ko and Se-Young Yun share 8 works.
"""

from __future__ import annotations

import random

import pytest

from kg import model, queries
from kg.errors import NotFoundError, ParameterError
from kg.model import LoadedRecord, Work
from kg.network import coauthor_network, works_network
from kg.queries import Backend
from kg.rdf_store import RdfStore
from tests.conformance.conftest import _empty_store, _fill
from tests.conformance.test_same_answers import _people
from tests.conftest import TOP_TOPICS
from tests.synthetic import synthetic_source


def _edge(network: object, a: str, b: str) -> object:
    found = [e for e in network.edges if {e.source, e.target} == {a, b}]  # type: ignore[attr-defined]
    assert len(found) == 1
    return found[0]


def test_sample_network_of_jongwoo_ko_at_depth_1(sample_in: Backend) -> None:
    network = coauthor_network(sample_in, "jongwoo_ko")
    assert (len(network.nodes), len(network.edges)) == (27, 87)
    person = network.nodes[0]
    assert (person.id, person.distance, person.work_count) == ("jongwoo_ko", 0, 10)
    assert person.years == [2021, 2023, 2024, 2025]
    assert person.top_topics == TOP_TOPICS
    edge = _edge(network, "jongwoo_ko", "se-young_yun")
    assert edge.shared_works == 8  # type: ignore[attr-defined]
    assert edge.years == [2021, 2023, 2024, 2025]  # type: ignore[attr-defined]


def test_sample_network_in_2025_only(sample_in: Backend) -> None:
    network = coauthor_network(sample_in, "jongwoo_ko", from_year=2025, to_year=2025)
    assert (len(network.nodes), len(network.edges)) == (18, 59)
    assert network.nodes[0].work_count == 4
    assert _edge(network, "jongwoo_ko", "se-young_yun").years == [2025]  # type: ignore[attr-defined]


def test_sample_network_keeps_links_of_at_least_min_works(sample_in: Backend) -> None:
    # Five coauthors share two works or more with Jongwoo Ko; among the six,
    # nine pairs share two or more.
    network = coauthor_network(sample_in, "jongwoo_ko", depth=2, min_works=2)
    assert [n.id for n in network.nodes] == [
        "jongwoo_ko",
        "se-young_yun",
        "sungnyun_kim",
        "sravan_babu_bodapati",
        "sumyeong_ahn",
        "tianyi_chen",
    ]
    assert len(network.edges) == 9
    assert all(e.shared_works >= 2 for e in network.edges)


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [({"depth": 3}, "depth"), ({"min_works": 0}, "min_works")],
)
def test_network_refuses_a_depth_or_minimum_out_of_range(
    sample_in: Backend, arguments: dict[str, int], parameter: str
) -> None:
    with pytest.raises(ParameterError) as caught:
        coauthor_network(sample_in, "jongwoo_ko", **arguments)
    assert caught.value.parameter == parameter


def test_generated_networks_at_depth_1_and_2(
    generated_reference: RdfStore,
    generated_in: Backend,
    generated_records: list[LoadedRecord],
) -> None:
    people = _people(generated_records)[:2]
    sizes = []
    for person in people:
        for depth, years, min_works in [
            (1, (None, None), 1),
            (2, (2015, 2024), 1),
            (2, (None, None), 2),
        ]:
            expected = coauthor_network(
                generated_reference, person, depth, *years, min_works
            )
            assert (
                coauthor_network(generated_in, person, depth, *years, min_works)
                == expected
            )
            sizes.append(len(expected.edges))
    assert max(sizes) > 50, "the networks are too small to prove anything"


def _works_of(store: Backend, year: int) -> list[str]:
    return [w.id for w in queries.list_works(store, year=year).works]


def test_sample_network_of_the_works_of_2025(sample_in: Backend) -> None:
    works = _works_of(sample_in, 2025)
    assert len(works) == 4
    network = works_network(sample_in, works)
    assert (len(network.nodes), len(network.edges)) == (18, 59)
    assert network.works == sorted(works) and network.person is None
    person = network.nodes[0]
    assert (person.id, person.work_count, person.years) == ("jongwoo_ko", 4, [2025])
    assert person.distance is None


def test_works_network_names_the_works_it_does_not_know(sample_in: Backend) -> None:
    works = _works_of(sample_in, 2021) + ["0000000000000000"]
    with pytest.raises(NotFoundError, match="'0000000000000000'"):
        works_network(sample_in, works)


def test_generated_works_networks_agree(
    generated_reference: RdfStore,
    generated_in: Backend,
    generated_records: list[LoadedRecord],
) -> None:
    works = [r.id for r in generated_records if isinstance(r, Work)]
    chosen = random.Random(11).sample(works, 300)
    expected = works_network(generated_reference, chosen)
    assert works_network(generated_in, chosen) == expected
    assert len(expected.edges) > 100


def test_network_in_a_year_without_works_holds_the_person_alone(
    sample_in: Backend,
) -> None:
    # The sample has no work of 2022.
    network = coauthor_network(sample_in, "jongwoo_ko", from_year=2022, to_year=2022)
    assert [(n.id, n.work_count, n.years) for n in network.nodes] == [
        ("jongwoo_ko", 0, [])
    ]
    assert network.edges == []


@pytest.mark.parametrize("name", ["oxigraph", "falkordb"])
def test_works_network_counts_a_work_without_authors_as_known(
    name: str, request: pytest.FixtureRequest
) -> None:
    """dblp lists encyclopedia entries with no author: they add no one."""
    ana, bo = (model.Person.from_author_string(n) for n in ("Ana Abe", "Bo Berg"))
    paper = Work(
        title="Sparse queries",
        year=2020,
        publication_type=model.PublicationType.JOURNAL_ARTICLE,
        authorships=tuple(
            model.Authorship(position=i, person=p, name_as_written=p.name)
            for i, p in enumerate((ana, bo), start=1)
        ),
    )
    entry = paper.model_copy(update={"title": "Curvedness", "authorships": ()})
    store = _empty_store(name, request)
    _fill(store, synthetic_source(1), [paper, entry])
    try:
        both = works_network(store, [paper.id, entry.id])
        alone = works_network(store, [entry.id])
    finally:
        if not isinstance(store, RdfStore):
            store.clear()  # type: ignore[attr-defined]
        store.close()  # type: ignore[attr-defined]
    assert [n.id for n in both.nodes] == ["ana_abe", "bo_berg"]
    assert len(both.edges) == 1
    assert both.works == sorted([paper.id, entry.id])
    assert (alone.nodes, alone.edges, alone.works) == ([], [], [entry.id])
