"""The questions the graph answers, asked of whichever store holds it.

Each function asks one or two questions of ``kg.forms`` and shapes the rows
into answers (``kg.answers``). Aggregation across rows (sets of years,
counts of distinct works) happens here, once for both stores: the rows are
one person's works, few at any graph size, and the RDF store's union of
named graphs can repeat a fact that two sources both state.
"""

from __future__ import annotations

import base64
import binascii
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from kg import forms, ids
from kg.answers import (
    AuthorEntry,
    Coauthor,
    Person,
    PersonRef,
    PersonSummary,
    PersonWork,
    SharedCoauthor,
    VenueSummary,
    Work,
    WorksPage,
    WorkSummary,
)
from kg.errors import NotFoundError, ParameterError
from kg.forms import Question
from kg.model import FIRST_YEAR, LAST_YEAR
from kg.names import search_key

Row = dict[str, Any]

# Years outside any plausible publication date, for an open-ended range.
EARLIEST_YEAR = 0
LATEST_YEAR = 9999
# The years one question of a page of works looks at (kg.forms.WORK_YEARS).
YEARS_PER_PROBE = 1000
# A year's works are read in slices of their ids: the ids' first four hex
# digits, and slices meant to hold this many times the works wanted.
SLICE_POSITIONS = 16**4
SLICE_MARGIN = 4

__all__ = [
    "AuthorEntry",
    "Backend",
    "Coauthor",
    "Person",
    "PersonRef",
    "PersonSummary",
    "PersonWork",
    "SharedCoauthor",
    "VenueSummary",
    "Work",
    "WorkSummary",
    "WorksPage",
    "coauthors",
    "find_people",
    "get_person",
    "get_work",
    "list_works",
    "person_works",
    "shared_coauthors",
    "works_by_year",
]


class Backend(Protocol):
    """A store that can answer a question of ``kg.forms`` in its language."""

    kind: str

    def ask(self, question: Question, params: Mapping[str, Any]) -> list[Row]: ...


def _checked_id(kind: str, local: str) -> str:
    """An id asked for by a caller; one this project could not mint is unknown."""
    if not ids.is_local_id(local):
        raise NotFoundError(f"no {kind} has the id {local!r}")
    return local


def _venue(row: Row) -> VenueSummary | None:
    """The venue of a row, by acronym, by name or by both; a bare id is left out."""
    acronym, name = row.get("acronym"), row.get("venueName")
    if row.get("venue") is None or row.get("kind") is None:
        return None
    if acronym is None and name is None:
        return None
    return VenueSummary(id=row["venue"], acronym=acronym, name=name, kind=row["kind"])


def _year_range(from_year: int | None, to_year: int | None) -> dict[str, int]:
    low = EARLIEST_YEAR if from_year is None else from_year
    high = LATEST_YEAR if to_year is None else to_year
    if low > high:
        raise ParameterError(
            "from_year", f"{low} is after to_year {high}; swap them or drop one"
        )
    return {"from": low, "to": high}


# People ----------------------------------------------------------------------


def find_people(store: Backend, name: str, limit: int = 50) -> list[PersonSummary]:
    """People whose name contains ``name``, ignoring case and accents.

    Exact matches come first, then the people with the most works.
    """
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise ParameterError("name", "holds a control character; names have none")
    key = search_key(name)
    if not key:
        raise ParameterError("name", "is empty; give part of a name to search for")
    rows = store.ask(forms.FIND_PEOPLE, {"q": key})
    rows.sort(key=lambda r: (r["key"] != key, -r["works"], r["name"], r["person"]))
    return [
        PersonSummary(
            id=r["person"],
            name=r["name"],
            homonym_number=r["number"],
            work_count=r["works"],
        )
        for r in rows[:limit]
    ]


def get_person(store: Backend, person_id: str) -> Person:
    """One person, with the span of years of their works."""
    rows = store.ask(forms.PERSON, {"person": _checked_id("person", person_id)})
    if not rows:
        raise NotFoundError(f"no person has the id {person_id!r}")
    row = rows[0]
    return Person(
        id=person_id,
        name=row["name"],
        homonym_number=row["number"],
        given_name=row["given"],
        family_name=row["family"],
        work_count=row["works"],
        first_year=row["first"],
        last_year=row["last"],
    )


def _known(store: Backend, person: str | Person) -> str:
    """The id of a person found already, or of one looked up now."""
    if isinstance(person, Person):
        return person.id
    return get_person(store, person).id


def person_works(store: Backend, person: str | Person) -> list[PersonWork]:
    """The works of a person (an id, or the person found already), oldest first,
    with their place in each."""
    person_id = _known(store, person)
    rows = store.ask(forms.PERSON_WORKS, {"person": person_id})
    works = [
        PersonWork(
            id=r["work"],
            title=r["title"],
            year=r["year"],
            position=r["position"],
            venue=_venue(r),
        )
        for r in rows
    ]
    works.sort(key=lambda w: (w.year, w.title, w.id))
    return works


def works_by_year(works: Iterable[WorkSummary]) -> dict[int, list[WorkSummary]]:
    """Group works by their year, in order of year."""
    grouped: dict[int, list[WorkSummary]] = defaultdict(list)
    for work in works:
        grouped[work.year].append(work)
    return dict(sorted(grouped.items()))


# Coauthors -------------------------------------------------------------------


def coauthors(
    store: Backend,
    person: str | Person,
    from_year: int | None = None,
    to_year: int | None = None,
) -> list[Coauthor]:
    """Everyone who wrote with a person: shared works and their years.

    ``person`` is an id, or the person found already. Ordered by the number
    of shared works, most first, then by name.
    """
    params = _year_range(from_year, to_year)
    person_id = _known(store, person)
    rows = store.ask(forms.COAUTHORS, {"people": [person_id], **params})
    answer = [
        Coauthor(
            id=coauthor,
            name=side.name,
            homonym_number=side.number,
            shared_works=side.works,
            years=side.years,
        )
        for (_, coauthor), side in _collaborations(rows).items()
    ]
    answer.sort(key=lambda c: (-c.shared_works, c.name, c.id))
    return answer


class _Side:
    """What one person wrote with one coauthor: works per year, and who."""

    def __init__(self) -> None:
        self.per_year: dict[int, int] = {}
        self.name = ""
        self.number: str | None = None

    @property
    def works(self) -> int:
        return sum(self.per_year.values())

    @property
    def years(self) -> list[int]:
        return sorted(self.per_year)


def _collaborations(rows: list[Row]) -> dict[tuple[str, str], _Side]:
    """The rows of ``forms.COAUTHORS`` by (person, coauthor).

    A coauthor with two names (two sources) comes on a row per name; each
    row of a year holds the same count, and the first name in order wins.
    """
    sides: dict[tuple[str, str], _Side] = defaultdict(_Side)
    for row in rows:
        side = sides[row["person"], row["coauthor"]]
        side.per_year[row["year"]] = row["works"]
        if not side.name or (row["name"], row["number"] or "") < (
            side.name,
            side.number or "",
        ):
            side.name, side.number = row["name"], row["number"]
    return sides


def shared_coauthors(
    store: Backend,
    first: str | Person,
    second: str | Person,
    from_year: int | None = None,
    to_year: int | None = None,
) -> list[SharedCoauthor]:
    """People who wrote with both, with the years they wrote with each.

    Neither of the two is counted as a coauthor the two share. Ordered by
    the works shared with both, most first, then by name. Each of the two is
    an id, or the person found already.
    """
    params = _year_range(from_year, to_year)
    first_id, second_id = (
        p.id if isinstance(p, Person) else p for p in (first, second)
    )
    if first_id == second_id:
        raise ParameterError(
            "with", "names the same person twice; ask for their coauthors instead"
        )
    _known(store, first)
    _known(store, second)
    rows = store.ask(forms.COAUTHORS, {"people": [first_id, second_id], **params})
    sides = _collaborations(rows)
    answer = [
        SharedCoauthor(
            id=coauthor,
            name=with_first.name,
            homonym_number=with_first.number,
            works_with_first=with_first.works,
            works_with_second=with_second.works,
            years_with_first=with_first.years,
            years_with_second=with_second.years,
        )
        for (person, coauthor), with_first in sides.items()
        if person == first_id
        and coauthor != second_id
        and (with_second := sides.get((second_id, coauthor))) is not None
    ]
    answer.sort(
        key=lambda c: (-(c.works_with_first + c.works_with_second), c.name, c.id)
    )
    return answer


# Works -----------------------------------------------------------------------


def get_work(store: Backend, work_id: str) -> Work:
    """One work, with its authors in order and its venue."""
    rows = store.ask(forms.WORK, {"work": _checked_id("work", work_id)})
    if not rows:
        raise NotFoundError(f"no work has the id {work_id!r}")
    row = rows[0]

    authors = [
        AuthorEntry(
            position=r["position"],
            name_as_written=r["written"],
            id=r["person"],
            name=r["name"],
            homonym_number=r["number"],
            work_count=r["works"],
        )
        for r in store.ask(forms.WORK_AUTHORS, {"work": work_id})
    ]
    authors.sort(key=lambda a: a.position)
    return Work(
        id=work_id,
        title=row["title"],
        year=row["year"],
        publication_type=row["type"],
        abstract=row["abstract"],
        venue=_venue(row),
        authors=authors,
    )


def encode_cursor(year: int, work_id: str) -> str:
    raw = json.dumps([year, work_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        year, work_id = json.loads(base64.urlsafe_b64decode(padded))
        if (
            type(year) is not int  # a bool is an int to isinstance
            or not EARLIEST_YEAR <= year <= LATEST_YEAR
            or not isinstance(work_id, str)
            or not ids.is_local_id(work_id)
        ):
            raise ValueError(cursor)
    except (ValueError, binascii.Error, TypeError, RecursionError) as exc:
        raise ParameterError(
            "cursor", "is not one this service gave out; start again without it"
        ) from exc
    return year, work_id


def list_works(
    store: Backend,
    year: int | None = None,
    venue: str | None = None,
    cursor: str | None = None,
    limit: int = 20,
) -> WorksPage:
    """Works, newest first, a page at a time.

    ``cursor`` is the ``next_cursor`` of the previous page.
    """
    after = decode_cursor(cursor) if cursor is not None else None
    venue_id = ids.venue_id(venue) if venue is not None else None
    fixed: dict[str, Any] = {} if venue_id is None else {"wantVenue": venue_id}
    rows: list[Row] = []
    for each in _years_of_works(store, year, venue_id, after):
        within = after[1] if after is not None and after[0] == each else None
        rows += _year_page(store, each, fixed, within, limit + 1 - len(rows))
        if len(rows) > limit:
            break
    works = [
        WorkSummary(id=r["work"], title=r["title"], year=r["year"], venue=_venue(r))
        for r in rows[:limit]
    ]
    more = len(rows) > limit
    next_cursor = encode_cursor(works[-1].year, works[-1].id) if more else None
    return WorksPage(works=works, next_cursor=next_cursor)


def _year_page(
    store: Backend,
    year: int,
    fixed: dict[str, Any],
    after: str | None,
    wanted: int,
) -> list[Row]:
    """The first ``wanted`` works of a year in the order of their ids.

    Work ids are hashes, spread evenly over the hex digits (``kg.ids``), so a
    slice of the ids holds its share of the year's works, and a slice that
    should hold a few times ``wanted`` is asked first: the stores then sort
    that slice, not the year (Oxigraph on disk sorts 9,000 works in 0.9 s).
    Slices follow, twice as wide each time, until enough works came; the
    last one is open-ended, so every id is in some slice, hex or not.
    """
    size = store.ask(forms.YEAR_SIZE, {"wantYear": year})[0]["works"]
    low = _id_position(after) if after is not None else 0
    width = max(1, SLICE_POSITIONS * wanted * SLICE_MARGIN // max(size, 1))
    if fixed or size <= wanted * SLICE_MARGIN:
        width = SLICE_POSITIONS  # a venue's works are few: one slice
    rows: list[Row] = []
    while len(rows) < wanted:
        high = low + width
        bounds = {
            "fromWork": f"{low:04x}" if low > 0 else None,
            "toWork": f"{high:04x}" if high < SLICE_POSITIONS else None,
            "afterWork": after,
        }
        params = {k: v for k, v in bounds.items() if v is not None}
        question = forms.year_of_works(
            venue=bool(fixed),
            after="afterWork" in params,
            start="fromWork" in params,
            end="toWork" in params,
            limit=wanted - len(rows),
        )
        rows += store.ask(question, {**fixed, "wantYear": year, **params})
        if high >= SLICE_POSITIONS:
            break
        low, width = high, width * 2
    return rows


def _id_position(work_id: str) -> int:
    """Where a work id falls among the slices (its first four hex digits)."""
    try:
        return int(work_id[:4], 16)
    except ValueError:
        return 0


def _years_of_works(
    store: Backend, year: int | None, venue: str | None, after: tuple[int, str] | None
) -> Iterator[int]:
    """The years a page may take works from, newest first, found as needed.

    Only years that hold a work (of the venue, if one is asked for) come,
    from the cursor's year (or the year asked for) down.
    """
    bounds = [y for y in (year, after and after[0]) if y is not None]
    ceiling = min([LAST_YEAR, *bounds])
    floor = FIRST_YEAR if year is None else year
    if venue is not None:
        rows = store.ask(forms.VENUE_YEARS, {"venue": venue})
        yield from sorted((r["year"] for r in rows if floor <= r["year"] <= ceiling),
                          reverse=True)  # fmt: skip
        return
    while ceiling >= floor:
        bottom = max(floor, ceiling - YEARS_PER_PROBE + 1)
        rows = store.ask(forms.WORK_YEARS, {"ceiling": ceiling, "floor": bottom})
        yield from sorted((r["year"] for r in rows), reverse=True)
        ceiling = bottom - 1
