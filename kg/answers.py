"""The answers to the graph's questions, the same whichever store gave them."""

from __future__ import annotations

from pydantic import BaseModel


class PersonRef(BaseModel):
    """Who a person is: the id, and the name with its homonym number."""

    id: str
    name: str
    homonym_number: str | None = None


class PersonSummary(PersonRef):
    work_count: int


class Person(PersonSummary):
    given_name: str | None = None
    family_name: str | None = None
    first_year: int | None = None
    last_year: int | None = None


class VenueSummary(BaseModel):
    """A venue as a work names it: a journal may have no acronym, a
    conference page may give no full name; one of the two is always known."""

    id: str
    acronym: str | None = None
    name: str | None = None
    kind: str | None = None

    @property
    def label(self) -> str:
        """What a table shows: the acronym, else the name."""
        return self.acronym or self.name or self.id


class WorkSummary(BaseModel):
    id: str
    title: str
    year: int
    venue: VenueSummary | None = None


class PersonWork(WorkSummary):
    """A work as seen from one of its authors."""

    position: int


class AuthorEntry(PersonSummary):
    """A person in the author list of a work."""

    position: int
    name_as_written: str


class Work(WorkSummary):
    publication_type: str
    abstract: str | None = None
    authors: list[AuthorEntry]


class Coauthor(PersonRef):
    shared_works: int
    years: list[int]


class SharedCoauthor(PersonRef):
    works_with_first: int
    works_with_second: int
    years_with_first: list[int]
    years_with_second: list[int]


class WorksPage(BaseModel):
    works: list[WorkSummary]
    next_cursor: str | None = None
