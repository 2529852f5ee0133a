"""Every store finds the same shortest chain of coauthors.

On the sample page, Tianyu Ding's one work (DistiLLM-2, 2025) and Taehyeon
Kim's one work (FINE Samples for Learning with Noisy Labels, 2021) share two
authors, Jongwoo Ko and Se-Young Yun: two chains of two steps, of which the
one through the smaller id, ``jongwoo_ko``, is returned.

On the generated graph, the length of every chain is checked against
networkx's breadth-first search on the same works, and each step against
the works its two people wrote together.
"""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from kg.errors import NotFoundError, ParameterError
from kg.model import LoadedRecord, Work
from kg.paths import MAX_HOPS, CoauthorPath, coauthor_path
from kg.queries import Backend
from kg.rdf_store import RdfStore


def test_sample_path_of_two_steps_goes_through_the_smaller_id(
    sample_in: Backend,
) -> None:
    path = coauthor_path(sample_in, "tianyu_ding", "taehyeon_kim")
    assert path.hops == 2
    assert [p.id for p in path.people] == ["tianyu_ding", "jongwoo_ko", "taehyeon_kim"]
    assert [p.work_count for p in path.people] == [1, 10, 1]
    first, second = path.steps
    assert (first.source, first.target, first.shared_works) == (
        "tianyu_ding",
        "jongwoo_ko",
        1,
    )
    assert [(w.title, w.year) for w in first.works] == [
        ("DistiLLM-2: A Contrastive Approach Boosts the Distillation of LLMs", 2025)
    ]
    assert [(w.title, w.year) for w in second.works] == [
        ("FINE Samples for Learning with Noisy Labels", 2021)
    ]


def test_sample_path_between_coauthors_is_one_step_with_newest_works_first(
    sample_in: Backend,
) -> None:
    path = coauthor_path(sample_in, "jongwoo_ko", "se-young_yun")
    assert path.hops == 1
    (step,) = path.steps
    # Eight shared works, of which the five newest are shown.
    assert step.shared_works == 8
    assert [w.year for w in step.works] == [2025, 2025, 2024, 2024, 2023]


def test_no_path_within_max_hops_is_an_empty_answer(sample_in: Backend) -> None:
    path = coauthor_path(sample_in, "tianyu_ding", "taehyeon_kim", max_hops=1)
    assert (path.hops, path.people, path.steps, path.max_hops) == (None, [], [], 1)
    assert path.target.id == "taehyeon_kim"


@pytest.mark.parametrize(
    ("target", "max_hops", "parameter"),
    [("jongwoo_ko", 4, "to"), ("se-young_yun", 0, "max_hops"),
     ("se-young_yun", 7, "max_hops")],
)  # fmt: skip
def test_path_refuses_the_same_person_or_hops_out_of_range(
    sample_in: Backend, target: str, max_hops: int, parameter: str
) -> None:
    with pytest.raises(ParameterError) as caught:
        coauthor_path(sample_in, "jongwoo_ko", target, max_hops)
    assert caught.value.parameter == parameter


def test_path_to_an_unknown_person_is_not_found(sample_in: Backend) -> None:
    with pytest.raises(NotFoundError):
        coauthor_path(sample_in, "jongwoo_ko", "no_one_by_this_name")


def _coauthor_graph(records: list[LoadedRecord]) -> nx.Graph:
    graph = nx.Graph()
    for record in records:
        if isinstance(record, Work):
            people = sorted({a.person.id for a in record.authorships})
            graph.add_nodes_from(people)
            graph.add_edges_from(itertools.combinations(people, 2))
    return graph


def _pairs_by_distance(graph: nx.Graph) -> dict[int | None, list[tuple[str, str]]]:
    """Pairs of people at each distance (None: not connected), fixed seed."""
    people = sorted(graph.nodes)
    chosen = random.Random(5).sample(list(itertools.combinations(people, 2)), 4000)
    found: dict[int | None, list[tuple[str, str]]] = {}
    for a, b in chosen:
        try:
            distance: int | None = nx.shortest_path_length(graph, a, b)
        except nx.NetworkXNoPath:
            distance = None
        found.setdefault(distance, []).append((a, b))
    return found


def _check_chain(path: CoauthorPath, graph: nx.Graph) -> None:
    people = [p.id for p in path.people]
    assert [(s.source, s.target) for s in path.steps] == list(
        itertools.pairwise(people)
    )
    for step in path.steps:
        assert graph.has_edge(step.source, step.target)
        assert step.shared_works >= 1 and step.works


def test_generated_paths_are_shortest_and_the_same_in_every_store(
    generated_reference: RdfStore,
    generated_in: Backend,
    generated_records: list[LoadedRecord],
) -> None:
    graph = _coauthor_graph(generated_records)
    by_distance = _pairs_by_distance(graph)
    # Chains of every length up to the longest looked for, and longer ones.
    assert set(range(1, MAX_HOPS + 2)) <= set(by_distance)
    for distance, pairs in sorted(by_distance.items(), key=str):
        for a, b in pairs[:5]:
            expected = coauthor_path(generated_reference, a, b, max_hops=MAX_HOPS)
            shortest = distance if distance and distance <= MAX_HOPS else None
            assert expected.hops == shortest
            if shortest is not None:
                _check_chain(expected, graph)
            assert coauthor_path(generated_in, a, b, max_hops=MAX_HOPS) == expected
