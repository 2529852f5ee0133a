"""Name clusters: how the works found under one name split into people.

A name is not a person. A source may group works by an exact name (the
author page's "10 papers / 2 author rows"), and a person with no strong
identifier is, here, everyone who wrote under that name. This module
proposes which of those works belong together, and shows why; it never
merges or splits anything in the stores.

How works are grouped
    Two works go together when they share a coauthor (someone other than
    the named person): a coauthor is the strongest evidence a name-only
    record has. Groups are the connected parts of that relation. A work
    whose named author carries a homonym number ("Jongwoo Ko 0002") is
    someone else by definition and stands apart.

How sure a group is
    ``confidence`` is ``1 - 0.3 ** k``, where ``k`` is the number of
    coauthors that appear on two or more of its works: one shared coauthor
    gives 0.7, two 0.91, four 0.99. A single work has nothing to compare
    with, and gets 0.5.

How alike two groups are
    Venues and years are weak evidence (many people publish at one
    conference in one year), so they never join groups; they are shown,
    with a confidence that the two groups are one person of
    ``0.1 * shared venues + 0.05 * shared years``, capped at 0.4.
    Initials ("J. Ko" for "Jongwoo Ko") count as weak evidence in the same
    way and are not used to join either.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from pydantic import BaseModel

from kg import forms
from kg.errors import NotFoundError
from kg.names import search_key
from kg.queries import Backend, Row, _checked_id

_SHARED_COAUTHOR_DOUBT = 0.3
_SINGLE_WORK_CONFIDENCE = 0.5
_VENUE_WEIGHT = 0.1
_YEAR_WEIGHT = 0.05
_WEAK_CAP = 0.4


class SharedCoauthor(BaseModel):
    id: str
    name: str
    works: int


class WorkGroup(BaseModel):
    """Works that are probably one person's, with the evidence."""

    group: int
    works: list[str]
    years: list[int]
    venues: list[str]
    homonym_number: str | None
    shared_coauthors: list[SharedCoauthor]
    confidence: float
    evidence: str


class GroupLikeness(BaseModel):
    """What two groups have in common, which is not enough to join them."""

    groups: tuple[int, int]
    shared_venues: list[str]
    shared_years: list[int]
    confidence: float
    evidence: str


class NameClusterAnswer(BaseModel):
    id: str
    name: str
    stated_work_count: int | None
    stated_author_rows: int | None
    work_count: int
    groups: list[WorkGroup]
    between_groups: list[GroupLikeness]
    summary: str


def name_cluster(store: Backend, cluster_id: str) -> NameClusterAnswer:
    """The works under a name cluster (or a person's name), split by evidence."""
    _checked_id("name cluster", cluster_id)
    rows = store.ask(forms.NAME_CLUSTER_WORKS, {"cluster": cluster_id})
    if not rows:
        rows = store.ask(forms.PERSON_NAME_WORKS, {"person": cluster_id})
    if not rows:
        raise NotFoundError(f"no name cluster or person has the id {cluster_id!r}")

    first = rows[0]
    name = first["name"]
    works = _works(rows, search_key(name))
    groups = _groups(works)
    between = [
        _likeness(a, b) for a, b in combinations(groups, 2) if a.homonym_number is None
    ]
    stated_rows = first.get("author_rows")
    return NameClusterAnswer(
        id=cluster_id,
        name=name,
        stated_work_count=first.get("stated"),
        stated_author_rows=stated_rows,
        work_count=len(works),
        groups=groups,
        between_groups=between,
        summary=_summary(name, len(works), groups, stated_rows),
    )


class _Work:
    def __init__(self, id: str, year: int, venue: str | None) -> None:
        self.id = id
        self.year = year
        self.venue = venue
        self.number: str | None = None
        self.coauthors: dict[str, str] = {}


def _works(rows: list[Row], name_key: str) -> dict[str, _Work]:
    """Each work with its coauthors: every author not written as the name."""
    works: dict[str, _Work] = {}
    for row in rows:
        work = works.setdefault(
            row["work"], _Work(row["work"], row["year"], row["venue"])
        )
        if search_key(row["author_name"]) == name_key:
            work.number = work.number or row["number"]
        else:
            work.coauthors[row["author"]] = row["author_name"]
    return works


def _groups(works: dict[str, _Work]) -> list[WorkGroup]:
    parent = {work: work for work in works}

    def root(work: str) -> str:
        while parent[work] != work:
            parent[work] = parent[parent[work]]
            work = parent[work]
        return work

    by_coauthor: dict[str, list[str]] = defaultdict(list)
    for work in works.values():
        if work.number is None:
            for coauthor in work.coauthors:
                by_coauthor[coauthor].append(work.id)
    for linked in by_coauthor.values():
        for other in linked[1:]:
            parent[root(other)] = root(linked[0])

    members: dict[str, list[_Work]] = defaultdict(list)
    for work in works.values():
        members[root(work.id)].append(work)
    ordered = sorted(
        members.values(),
        key=lambda ws: (-len(ws), min(w.year for w in ws), min(w.id for w in ws)),
    )
    return [_group(i, ws) for i, ws in enumerate(ordered, start=1)]


def _group(number: int, works: list[_Work]) -> WorkGroup:
    counts: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for work in works:
        for coauthor, name in work.coauthors.items():
            counts[coauthor] += 1
            names[coauthor] = name
    shared = sorted(
        (
            SharedCoauthor(id=c, name=names[c], works=n)
            for c, n in counts.items()
            if n >= 2
        ),
        key=lambda s: (-s.works, s.name),
    )
    homonym = works[0].number
    if len(works) == 1:
        confidence = _SINGLE_WORK_CONFIDENCE
        evidence = "one work: nothing to compare it with"
    else:
        confidence = 1 - _SHARED_COAUTHOR_DOUBT ** len(shared)
        evidence = "works joined by shared coauthors: " + ", ".join(
            f"{s.name} ({s.works} works)" for s in shared
        )
    if homonym is not None:
        evidence = f"the name carries homonym number {homonym}: another person"
    return WorkGroup(
        group=number,
        works=sorted(w.id for w in works),
        years=sorted({w.year for w in works}),
        venues=sorted({w.venue for w in works if w.venue}),
        homonym_number=homonym,
        shared_coauthors=shared,
        confidence=round(confidence, 2),
        evidence=evidence,
    )


def _likeness(a: WorkGroup, b: WorkGroup) -> GroupLikeness:
    venues = sorted(set(a.venues) & set(b.venues))
    years = sorted(set(a.years) & set(b.years))
    confidence = min(_WEAK_CAP, _VENUE_WEIGHT * len(venues) + _YEAR_WEIGHT * len(years))
    return GroupLikeness(
        groups=(a.group, b.group),
        shared_venues=venues,
        shared_years=years,
        confidence=round(confidence, 2),
        evidence=(
            "kept apart: no coauthor or identifier in common; "
            f"{len(venues)} shared venue(s) and {len(years)} shared year(s) "
            "are weak evidence"
        ),
    )


def _summary(
    name: str, works: int, groups: list[WorkGroup], stated_rows: int | None
) -> str:
    sizes = " + ".join(str(len(g.works)) for g in groups)
    text = f"{works} works under {name!r} fall into {len(groups)} group(s) ({sizes})"
    if stated_rows is not None:
        agrees = "as" if stated_rows == len(groups) else "while"
        text += f", {agrees} the source states {stated_rows} author row(s)"
    return text
