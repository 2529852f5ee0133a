"""A person's topics and topic drift over HTTP, from both stores."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx
import pytest

SVG = "{http://www.w3.org/2000/svg}"


def test_topic_drift_of_jongwoo_ko_reports_the_move_to_language_models(
    client: httpx.Client,
) -> None:
    response = client.get("/authors/jongwoo_ko/topic-drift", params={"window": 2})
    assert response.status_code == 200, response.text
    drift = response.json()
    assert drift["summary"] == (
        "moved from Machine Learning and Data Classification (2021\u20132023) "
        "to Natural Language Processing Techniques (2024\u20132025)"
    )
    assert [(w["start"], w["work_count"]) for w in drift["windows"]] == [
        (2021, 1), (2022, 3), (2023, 5), (2024, 6),
    ]  # fmt: skip
    assert drift["windows"][-1]["primary"]["id"] == "T10028"
    assert drift["steps"][-1]["rose"][0]["id"] == "T10028"
    assert drift["steps"][-1]["fell"][0]["id"] == "T12535"
    assert drift["total_drift"] == 0.2186


def test_topics_per_year_show_a_year_without_works(client: httpx.Client) -> None:
    response = client.get(
        "/authors/jongwoo_ko/topics", params={"level": "field", "to_year": 2023}
    )
    assert response.status_code == 200, response.text
    years = response.json()["years"]
    assert [(y["start"], y["work_count"]) for y in years] == [
        (2021, 1), (2022, 0), (2023, 3),
    ]  # fmt: skip
    assert years[1]["shares"] == [] and years[1]["primary"] is None
    assert years[2]["shares"][0]["name"] == "Computer Science"


def test_topics_give_the_key_phrases_of_the_titles_apart_from_the_scheme(
    client: httpx.Client,
) -> None:
    # By hand from the ten titles: see tests/unit/test_key_phrases.py.
    response = client.get("/authors/jongwoo_ko/topics")
    assert response.status_code == 200, response.text
    assert response.json()["key_phrases"] == [
        {"phrase": "large language models", "works": 3, "years": [2024, 2025]},
        {"phrase": "noisy labels", "works": 2, "years": [2021, 2024]},
        {"phrase": "contrastive", "works": 2, "years": [2023, 2025]},
        {"phrase": "distillation", "works": 2, "years": [2024, 2025]},
        {"phrase": "llm-as-a-judge", "works": 1, "years": [2025]},
    ]


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        # 2024-2025: six titles; "Noisy Labels" and "Contrastive" in one each.
        (
            {"from_year": 2024},
            [
                {"phrase": "large language models", "works": 3, "years": [2024, 2025]},
                {"phrase": "distillation", "works": 2, "years": [2024, 2025]},
                {"phrase": "llm-as-a-judge", "works": 1, "years": [2025]},
            ],
        ),
        # 2021-2023: "Label Smoothing ... Label Noise" (2023) and "Noisy
        # Labels" (2021) share only the word, written as in the first work.
        (
            {"to_year": 2023},
            [{"phrase": "label", "works": 2, "years": [2021, 2023]}],
        ),
        ({"from_year": 2022, "to_year": 2022}, []),
    ],
    ids=["from-2024", "to-2023", "a-year-without-works"],
)
def test_topics_key_phrases_keep_to_the_years_asked(
    client: httpx.Client, years: dict[str, int], expected: list[dict[str, object]]
) -> None:
    response = client.get("/authors/jongwoo_ko/topics", params=years)
    assert response.status_code == 200, response.text
    assert response.json()["key_phrases"] == expected


def test_topic_drift_at_an_unknown_level_is_a_422_naming_level(
    client: httpx.Client,
) -> None:
    response = client.get("/authors/jongwoo_ko/topic-drift", params={"level": "x"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid-parameter"
    assert "'level'" in response.json()["detail"]


def test_topic_drift_of_an_unknown_person_is_a_404(client: httpx.Client) -> None:
    assert client.get("/authors/nobody_here/topic-drift").status_code == 404


def test_topic_drift_chart_is_an_svg_with_a_labelled_band_per_topic(
    client: httpx.Client,
) -> None:
    response = client.get("/authors/jongwoo_ko/topic-drift.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.text)
    assert root.tag == f"{SVG}svg"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Topics of Jongwoo Ko by year" in texts
    assert "Natural Language Processing Techniques" in texts
    assert "no works" in texts
    assert "2022 (0)" in texts
    bands = {p.find(f"{SVG}title").text for p in root.iter(f"{SVG}polygon")}  # type: ignore[union-attr]
    assert len(bands) == 5


def test_readme_chart_is_the_one_the_api_draws(client: httpx.Client) -> None:
    from pathlib import Path

    shown = Path(__file__).parents[2] / "docs" / "topic-drift-jongwoo-ko.svg"
    response = client.get("/authors/jongwoo_ko/topic-drift.svg")
    assert response.text == shown.read_text(encoding="utf-8")
