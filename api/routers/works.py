"""Works, one at a time or a page at a time."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import SettingsDep, StoreDep
from api.shaping import Shape
from kg import queries
from kg.answers import AuthorEntry, VenueSummary, WorksPage

router = APIRouter(prefix="/works", tags=["works"])

WORK_SHAPE = Shape(
    fields=(
        "id",
        "title",
        "year",
        "publication_type",
        "abstract",
        "venue",
        "authors",
    ),
    relations={"venue": VenueSummary, "authors": AuthorEntry},
)


@router.get("", response_model=WorksPage)
def list_works(
    store: StoreDep,
    settings: SettingsDep,
    year: Annotated[int | None, Query(ge=0, le=9999)] = None,
    venue: Annotated[str | None, Query(min_length=1, description="Acronym")] = None,
    cursor: Annotated[str | None, Query(description="next_cursor of a page")] = None,
    limit: Annotated[int | None, Query(ge=1, description="Works per page")] = None,
) -> WorksPage:
    """Works, newest first, filtered by year and venue, a page at a time."""
    size = min(limit or settings.page_size, settings.max_page_size)
    return queries.list_works(store, year, venue, cursor, size)


@router.get("/{work_id}")
def read_work(
    store: StoreDep,
    work_id: str,
    fields: Annotated[str | None, Query(description="e.g. title,authors.name")] = None,
    include: Annotated[str | None, Query(description="authors, venue")] = None,
) -> dict[str, Any]:
    """One work; ``include=authors,venue`` expands its authors and venue."""
    work = queries.get_work(store, work_id).model_dump()
    return WORK_SHAPE.apply(work, fields, include)
