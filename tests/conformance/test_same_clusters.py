"""Name clusters: every store splits the sample page's ten works alike."""

from __future__ import annotations

import pytest

from kg.clusters import name_cluster
from kg.errors import NotFoundError
from kg.queries import Backend


def test_the_sample_pages_ten_works_split_into_its_two_author_rows(
    sample_in: Backend,
) -> None:
    answer = name_cluster(sample_in, "jongwoo_ko")

    assert (answer.stated_work_count, answer.stated_author_rows) == (10, 2)
    assert [len(g.works) for g in answer.groups] == [8, 2]
    big, small = answer.groups
    assert [(s.name, s.works) for s in big.shared_coauthors] == [
        ("Se-Young Yun", 8),
        ("Sungnyun Kim", 4),
        ("Sumyeong Ahn", 2),
        ("Tianyi Chen", 2),
    ]
    assert big.confidence == 0.99  # 1 - 0.3 ** 4
    assert small.works == ["4e3fb617a63ecac0", "c65d88a37670dd4e"]
    assert [s.id for s in small.shared_coauthors] == ["sravan_babu_bodapati"]
    assert small.confidence == 0.7
    (pair,) = answer.between_groups
    assert (pair.shared_venues, pair.shared_years, pair.confidence) == (
        ["iclr"],
        [2025],
        0.15,
    )
    assert answer.summary == (
        "10 works under 'Jongwoo Ko' fall into 2 group(s) (8 + 2), "
        "as the source states 2 author row(s)"
    )


def test_a_person_without_a_cluster_record_is_split_from_their_works(
    sample_in: Backend,
) -> None:
    answer = name_cluster(sample_in, "sungnyun_kim")

    assert answer.stated_author_rows is None
    assert [len(g.works) for g in answer.groups] == [4]
    assert answer.groups[0].shared_coauthors[0].name == "Jongwoo Ko"


def test_an_unknown_cluster_is_not_found(sample_in: Backend) -> None:
    with pytest.raises(NotFoundError):
        name_cluster(sample_in, "nobody_at_all")
