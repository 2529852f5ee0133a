"""A person's topics over the years, and how they drifted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import StoreDep
from kg.queries import get_person
from kg.topics.chart import topic_chart
from kg.topics.drift import Drift, PersonTopics, person_topics, topic_drift

router = APIRouter(prefix="/authors", tags=["topics"])

Level = Annotated[
    str, Query(description="topic, subfield, field or domain", max_length=16)
]
FromYear = Annotated[int | None, Query(ge=0, le=9999, description="First year kept")]
ToYear = Annotated[int | None, Query(ge=0, le=9999, description="Last year kept")]
Window = Annotated[int, Query(ge=1, le=50, description="Years per window")]


@router.get("/{person_id}/topics", response_model=PersonTopics)
def read_topics(
    store: StoreDep,
    person_id: str,
    from_year: FromYear = None,
    to_year: ToYear = None,
    level: Level = "topic",
) -> PersonTopics:
    """The person's topic shares per year (smoothed), and over the years asked."""
    return person_topics(store, person_id, level, from_year, to_year)


@router.get("/{person_id}/topic-drift", response_model=Drift)
def read_topic_drift(
    store: StoreDep, person_id: str, window: Window = 2, level: Level = "topic"
) -> Drift:
    """How far the person's topics moved, window by window, with a summary."""
    return topic_drift(store, person_id, window, level)


@router.get("/{person_id}/topic-drift.svg", response_class=Response)
def read_topic_drift_chart(
    store: StoreDep, person_id: str, level: Level = "topic"
) -> Response:
    """A stacked-area chart of the person's topic shares over the years."""
    topics = person_topics(store, person_id, level)
    person = get_person(store, person_id)
    svg = topic_chart(topics, f"Topics of {person.name} by year")
    return Response(svg, media_type="image/svg+xml")
