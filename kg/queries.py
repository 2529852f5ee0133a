"""The questions the graph answers, in SPARQL with bound parameters.

Each function asks the store one or two parameterised queries and shapes the
rows into answer models. Aggregation across rows (sets of years, counts of
distinct works) happens here in Python: the row sets are one person's works,
small at any graph size, and the store's union of named graphs can repeat a
fact that two sources both state.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel
from rdflib import URIRef

from kg import ids
from kg.errors import NotFoundError, ParameterError
from kg.names import fold
from kg.rdf import venue_iri, work_iri
from kg.store import RdfStore, Row

# Years outside any plausible publication date, for an open-ended range.
EARLIEST_YEAR = 0
LATEST_YEAR = 9999


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
    id: str
    acronym: str
    kind: str | None = None


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


def _person_id(person: str) -> str:
    local = ids.local_id("person", person)
    assert local is not None, person
    return local


def _venue(row: Row) -> VenueSummary | None:
    if row.get("venue") is None:
        return None
    return VenueSummary(
        id=ids.local_id("venue", row["venue"]) or row["venue"],
        acronym=row["acronym"],
        kind=row.get("kind"),
    )


def _node(kind: str, local: str) -> URIRef:
    """The IRI of a record asked for by id; an impossible id is not found."""
    if not ids.is_local_id(local):
        raise NotFoundError(f"no {kind} has the id {local!r}")
    return URIRef(ids.iri(kind, local))


def _year_range(from_year: int | None, to_year: int | None) -> dict[str, int]:
    low = EARLIEST_YEAR if from_year is None else from_year
    high = LATEST_YEAR if to_year is None else to_year
    if low > high:
        raise ParameterError(
            "from_year", f"{low} is after to_year {high}; swap them or drop one"
        )
    return {"from": low, "to": high}


# People ----------------------------------------------------------------------

_FIND_PEOPLE = """
SELECT ?person ?name ?number ?key (COUNT(DISTINCT ?work) AS ?works) ?q WHERE {
  ?person a kgo:Person ; kgo:searchKey ?key ; foaf:name ?name .
  FILTER (CONTAINS(?key, ?q))
  OPTIONAL { ?person kgo:homonymNumber ?number }
  OPTIONAL { ?work dcterms:creator ?person }
}
GROUP BY ?person ?name ?number ?key ?q
"""


def find_people(store: RdfStore, name: str, limit: int = 50) -> list[PersonSummary]:
    """People whose name contains ``name``, ignoring case and accents.

    Exact matches come first, then the people with the most works.
    """
    key = fold(name)
    if not key:
        raise ParameterError("name", "is empty; give part of a name to search for")
    rows = store.select(_FIND_PEOPLE, {"q": key})
    rows.sort(key=lambda r: (r["key"] != key, -r["works"], r["name"], r["person"]))
    return [
        PersonSummary(
            id=_person_id(r["person"]),
            name=r["name"],
            homonym_number=r["number"],
            work_count=r["works"],
        )
        for r in rows[:limit]
    ]


_PERSON = """
SELECT ?person ?name ?number ?given ?family
       (COUNT(DISTINCT ?work) AS ?works) (MIN(?year) AS ?first) (MAX(?year) AS ?last)
WHERE {
  ?person a kgo:Person ; foaf:name ?name .
  OPTIONAL { ?person kgo:homonymNumber ?number }
  OPTIONAL { ?person foaf:givenName ?given }
  OPTIONAL { ?person foaf:familyName ?family }
  OPTIONAL {
    ?work dcterms:creator ?person ; fabio:hasPublicationYear ?published .
    BIND (YEAR(?published) AS ?year)
  }
}
GROUP BY ?person ?name ?number ?given ?family
"""


def get_person(store: RdfStore, person_id: str) -> Person:
    """One person, with the span of years of their works."""
    rows = store.select(_PERSON, {"person": _node("person", person_id)})
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


_PERSON_WORKS = """
SELECT DISTINCT ?person ?work ?title ?year ?position ?venue ?acronym ?kind WHERE {
  ?work kgo:hasAuthorship ?authorship ;
        dcterms:title ?title ;
        fabio:hasPublicationYear ?published .
  ?authorship kgo:author ?person ; kgo:position ?position .
  BIND (YEAR(?published) AS ?year)
  OPTIONAL { ?work kgo:publishedIn ?venue .
             ?venue kgo:acronym ?acronym ; kgo:venueKind ?kind }
}
ORDER BY ?year ?title
"""


def person_works(store: RdfStore, person_id: str) -> list[PersonWork]:
    """The works of a person, oldest first, with their place in each."""
    get_person(store, person_id)
    rows = store.select(_PERSON_WORKS, {"person": _node("person", person_id)})
    return [
        PersonWork(
            id=ids.local_id("work", r["work"]) or r["work"],
            title=r["title"],
            year=r["year"],
            position=r["position"],
            venue=_venue(r),
        )
        for r in rows
    ]


def works_by_year(works: Iterable[WorkSummary]) -> dict[int, list[WorkSummary]]:
    """Group works by their year, in order of year."""
    grouped: dict[int, list[WorkSummary]] = defaultdict(list)
    for work in works:
        grouped[work.year].append(work)
    return dict(sorted(grouped.items()))


# Coauthors -------------------------------------------------------------------

_COAUTHORS = """
SELECT DISTINCT ?person ?coauthor ?name ?number ?work ?year ?from ?to WHERE {
  ?work dcterms:creator ?person, ?coauthor ;
        fabio:hasPublicationYear ?published .
  FILTER (?coauthor != ?person)
  BIND (YEAR(?published) AS ?year)
  FILTER (?year >= ?from && ?year <= ?to)
  ?coauthor foaf:name ?name .
  OPTIONAL { ?coauthor kgo:homonymNumber ?number }
}
"""


def coauthors(
    store: RdfStore,
    person_id: str,
    from_year: int | None = None,
    to_year: int | None = None,
) -> list[Coauthor]:
    """Everyone who wrote with a person: shared works and their years.

    Ordered by the number of shared works, most first, then by name.
    """
    params = _year_range(from_year, to_year)
    get_person(store, person_id)
    rows = store.select(_COAUTHORS, {"person": _node("person", person_id), **params})

    works: dict[str, set[str]] = defaultdict(set)
    years: dict[str, set[int]] = defaultdict(set)
    about: dict[str, Row] = {}
    for row in rows:
        works[row["coauthor"]].add(row["work"])
        years[row["coauthor"]].add(row["year"])
        about[row["coauthor"]] = row

    answer = [
        Coauthor(
            id=_person_id(iri),
            name=about[iri]["name"],
            homonym_number=about[iri]["number"],
            shared_works=len(works[iri]),
            years=sorted(years[iri]),
        )
        for iri in works
    ]
    answer.sort(key=lambda c: (-c.shared_works, c.name, c.id))
    return answer


_SHARED_COAUTHORS = """
SELECT DISTINCT ?first ?second ?side ?coauthor ?name ?number ?work ?year ?from ?to
WHERE {
  { ?work dcterms:creator ?first, ?coauthor . BIND (1 AS ?side) }
  UNION
  { ?work dcterms:creator ?second, ?coauthor . BIND (2 AS ?side) }
  FILTER (?coauthor != ?first && ?coauthor != ?second)
  ?work fabio:hasPublicationYear ?published .
  BIND (YEAR(?published) AS ?year)
  FILTER (?year >= ?from && ?year <= ?to)
  ?coauthor foaf:name ?name .
  OPTIONAL { ?coauthor kgo:homonymNumber ?number }
}
"""


def shared_coauthors(
    store: RdfStore,
    first_id: str,
    second_id: str,
    from_year: int | None = None,
    to_year: int | None = None,
) -> list[SharedCoauthor]:
    """People who wrote with both, with the years they wrote with each.

    Neither of the two is counted as a coauthor the two share. Ordered by
    the works shared with both, most first, then by name.
    """
    params = _year_range(from_year, to_year)
    get_person(store, first_id)
    get_person(store, second_id)
    rows = store.select(
        _SHARED_COAUTHORS,
        {
            "first": _node("person", first_id),
            "second": _node("person", second_id),
            **params,
        },
    )

    works: dict[tuple[str, int], set[str]] = defaultdict(set)
    years: dict[tuple[str, int], set[int]] = defaultdict(set)
    about: dict[str, Row] = {}
    for row in rows:
        side = (row["coauthor"], row["side"])
        works[side].add(row["work"])
        years[side].add(row["year"])
        about[row["coauthor"]] = row

    answer = [
        SharedCoauthor(
            id=_person_id(iri),
            name=row["name"],
            homonym_number=row["number"],
            works_with_first=len(works[iri, 1]),
            works_with_second=len(works[iri, 2]),
            years_with_first=sorted(years[iri, 1]),
            years_with_second=sorted(years[iri, 2]),
        )
        for iri, row in about.items()
        if works[iri, 1] and works[iri, 2]
    ]
    answer.sort(key=lambda c: (-(c.works_with_first + c.works_with_second), c.name))
    return answer


# Works -----------------------------------------------------------------------

_WORK = """
SELECT ?work ?title ?year ?type ?abstract ?venue ?acronym ?kind WHERE {
  ?work a kgo:Work ;
        dcterms:title ?title ;
        fabio:hasPublicationYear ?published ;
        kgo:publicationType ?type .
  BIND (YEAR(?published) AS ?year)
  OPTIONAL { ?work dcterms:abstract ?abstract }
  OPTIONAL { ?work kgo:publishedIn ?venue .
             ?venue kgo:acronym ?acronym ; kgo:venueKind ?kind }
}
LIMIT 1
"""

_WORK_AUTHORS = """
SELECT DISTINCT ?work ?position ?person ?name ?number ?written WHERE {
  ?work kgo:hasAuthorship ?authorship .
  ?authorship kgo:position ?position ;
              kgo:author ?person ;
              kgo:nameAsWritten ?written .
  ?person foaf:name ?name .
  OPTIONAL { ?person kgo:homonymNumber ?number }
}
ORDER BY ?position
"""

_AUTHOR_WORK_COUNTS = """
SELECT ?work ?person (COUNT(DISTINCT ?other) AS ?works) WHERE {
  ?work dcterms:creator ?person .
  ?other dcterms:creator ?person .
}
GROUP BY ?work ?person
"""


def get_work(store: RdfStore, work_id: str) -> Work:
    """One work, with its authors in order and its venue."""
    node = _node("work", work_id)
    rows = store.select(_WORK, {"work": node})
    if not rows:
        raise NotFoundError(f"no work has the id {work_id!r}")
    row = rows[0]

    counts = {
        r["person"]: r["works"]
        for r in store.select(_AUTHOR_WORK_COUNTS, {"work": node})
    }
    authors = [
        AuthorEntry(
            position=r["position"],
            name_as_written=r["written"],
            id=_person_id(r["person"]),
            name=r["name"],
            homonym_number=r["number"],
            work_count=counts.get(r["person"], 0),
        )
        for r in store.select(_WORK_AUTHORS, {"work": node})
    ]
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
        if not isinstance(year, int) or not ids.is_local_id(str(work_id)):
            raise ValueError(cursor)
    except (ValueError, binascii.Error, TypeError) as exc:
        raise ParameterError(
            "cursor", "is not one this service gave out; start again without it"
        ) from exc
    return year, work_id


_LIST_WORKS = """
SELECT DISTINCT ?work ?title ?year ?venue ?acronym ?kind {params} WHERE {{
  ?work a kgo:Work ; dcterms:title ?title ; fabio:hasPublicationYear ?published .
  BIND (YEAR(?published) AS ?year)
  OPTIONAL {{ ?work kgo:publishedIn ?venue .
              ?venue kgo:acronym ?acronym ; kgo:venueKind ?kind }}
  {filters}
}}
ORDER BY DESC(?year) ?work
LIMIT {limit}
"""


def list_works(
    store: RdfStore,
    year: int | None = None,
    venue: str | None = None,
    cursor: str | None = None,
    limit: int = 20,
) -> WorksPage:
    """Works, newest first, a page at a time.

    ``cursor`` is the ``next_cursor`` of the previous page. The query text
    is assembled from fixed clauses only; every value is a bound parameter.
    """
    params: dict[str, int | str | object] = {}
    filters: list[str] = []
    if year is not None:
        params["wantYear"] = year
        filters.append("FILTER (?year = ?wantYear)")
    if venue is not None:
        params["wantVenue"] = venue_iri(ids.venue_id(venue))
        filters.append("FILTER (?venue = ?wantVenue)")
    if cursor is not None:
        after_year, after_id = decode_cursor(cursor)
        params["afterYear"] = after_year
        params["afterWork"] = work_iri(after_id)
        filters.append(
            "FILTER (?year < ?afterYear || "
            "(?year = ?afterYear && STR(?work) > STR(?afterWork)))"
        )

    query = _LIST_WORKS.format(
        params=" ".join(f"?{name}" for name in params),
        filters="\n  ".join(filters),
        limit=int(limit) + 1,
    )
    rows = store.select(query, params)  # type: ignore[arg-type]
    works = [
        WorkSummary(
            id=ids.local_id("work", r["work"]) or r["work"],
            title=r["title"],
            year=r["year"],
            venue=_venue(r),
        )
        for r in rows[:limit]
    ]
    more = len(rows) > limit
    next_cursor = encode_cursor(works[-1].year, works[-1].id) if more else None
    return WorksPage(works=works, next_cursor=next_cursor)
