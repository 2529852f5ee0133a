"""People, their works and their coauthors."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import StoreDep
from api.shaping import Shape
from kg import queries
from kg.answers import Coauthor, PersonSummary, PersonWork, SharedCoauthor
from kg.paths import DEFAULT_HOPS, MAX_HOPS, CoauthorPath, coauthor_path

router = APIRouter(prefix="/authors", tags=["authors"])

PERSON_SHAPE = Shape(
    fields=(
        "id",
        "name",
        "given_name",
        "family_name",
        "homonym_number",
        "work_count",
        "first_year",
        "last_year",
        "works",
    ),
    relations={"works": PersonWork},
)

FromYear = Annotated[int | None, Query(ge=0, le=9999, description="First year kept")]
ToYear = Annotated[int | None, Query(ge=0, le=9999, description="Last year kept")]
Fields = Annotated[
    str | None, Query(description="Comma-separated fields, e.g. name,works.title")
]
Include = Annotated[str | None, Query(description="Relations to expand: works")]


class PeopleFound(BaseModel):
    query: str
    people: list[PersonSummary]


class Coauthors(BaseModel):
    person: PersonSummary
    from_year: int | None
    to_year: int | None
    coauthors: list[Coauthor]


class SharedCoauthors(BaseModel):
    first: PersonSummary
    second: PersonSummary
    from_year: int | None
    to_year: int | None
    shared_coauthors: list[SharedCoauthor]


@router.get("", response_model=PeopleFound)
def list_authors(
    store: StoreDep,
    name: Annotated[str, Query(min_length=1, description="Part of a name")],
) -> PeopleFound:
    """Find people by name, ignoring case and accents."""
    return PeopleFound(query=name, people=queries.find_people(store, name))


@router.get("/{person_id}")
def read_author(
    store: StoreDep, person_id: str, fields: Fields = None, include: Include = None
) -> dict[str, Any]:
    """One person; ``include=works`` lists their works."""
    person = queries.get_person(store, person_id)
    works = queries.person_works(store, person)
    found = person.model_dump()
    found["works"] = [work.model_dump() for work in works]
    return PERSON_SHAPE.apply(found, fields, include)


@router.get("/{person_id}/coauthors", response_model=Coauthors)
def list_coauthors(
    store: StoreDep,
    person_id: str,
    from_year: FromYear = None,
    to_year: ToYear = None,
) -> Coauthors:
    """Everyone who wrote with the person, with shared works and years."""
    person = queries.get_person(store, person_id)
    found = queries.coauthors(store, person, from_year, to_year)
    return Coauthors(
        person=person, from_year=from_year, to_year=to_year, coauthors=found
    )


@router.get("/{person_id}/shared-coauthors", response_model=SharedCoauthors)
def list_shared_coauthors(
    store: StoreDep,
    person_id: str,
    other_id: Annotated[str, Query(alias="with", description="The other person")],
    from_year: FromYear = None,
    to_year: ToYear = None,
) -> SharedCoauthors:
    """People who wrote with both, and the years they wrote with each."""
    first = queries.get_person(store, person_id)
    second = queries.get_person(store, other_id)
    found = queries.shared_coauthors(store, first, second, from_year, to_year)
    return SharedCoauthors(
        first=first,
        second=second,
        from_year=from_year,
        to_year=to_year,
        shared_coauthors=found,
    )


@router.get(
    "/{person_id}/path", response_model=CoauthorPath, summary="Shortest coauthor path"
)
def read_path(
    store: StoreDep,
    person_id: str,
    to: Annotated[
        str,
        Query(
            min_length=1,
            description="The id of the person at the other end (find it with "
            "/authors?name=)",
        ),
    ],
    max_hops: Annotated[
        int, Query(ge=1, le=MAX_HOPS, description="Longest chain looked for")
    ] = DEFAULT_HOPS,
) -> CoauthorPath:
    """A shortest chain of coauthors between two people, with the works
    that link each step; hops is null when no chain is that short."""
    return coauthor_path(store, person_id, to, max_hops)
