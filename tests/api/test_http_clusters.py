"""GET /clusters/{id} over real HTTP, answered by each store."""

from __future__ import annotations

import httpx


def test_cluster_shows_the_two_groups_with_their_evidence(
    client: httpx.Client,
) -> None:
    response = client.get("/clusters/jongwoo_ko")

    assert response.status_code == 200
    body = response.json()
    assert [len(g["works"]) for g in body["groups"]] == [8, 2]
    assert [g["confidence"] for g in body["groups"]] == [0.99, 0.7]
    assert body["groups"][1]["evidence"] == (
        "works joined by shared coauthors: Sravan Babu Bodapati (2 works)"
    )
    assert body["between_groups"][0]["groups"] == [1, 2]


def test_an_unknown_cluster_is_a_404_problem(client: httpx.Client) -> None:
    response = client.get("/clusters/nobody_at_all")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not-found"
