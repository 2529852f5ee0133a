"""The coauthor network around a person, the same from either store.

The network holds the person, everyone within ``depth`` steps of
collaboration (one step: a coauthor; two: a coauthor's coauthor), and every
collaboration between any two of them. A collaboration counts the works
the two wrote together within the years asked for; one with fewer than
``min_works`` works is no step and no edge.

It is asked as ``depth + 1`` questions of ``kg.forms.COLLABORATIONS``, one
per ring of people, so the stores join from a few known people each time.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

from pydantic import BaseModel

from kg import forms, ids, queries
from kg.errors import NotFoundError, ParameterError
from kg.queries import Backend, Row

MAX_DEPTH = 2
TOP_TOPICS = 3
MAX_WORKS = 1000


class NetworkNode(BaseModel):
    """A person in a network: works and years active within its years."""

    id: str
    name: str
    homonym_number: str | None = None
    distance: int | None
    work_count: int
    years: list[int]
    top_topics: list[str]


class NetworkEdge(BaseModel):
    """Two people who wrote together; ``source`` sorts before ``target``."""

    source: str
    target: str
    shared_works: int
    years: list[int]


class Network(BaseModel):
    """The network around ``person``, or among the authors of ``works``.

    ``distance`` (steps from the person) is set on the people of the first
    kind only.
    """

    person: str | None = None
    works: list[str] | None = None
    depth: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    min_works: int
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


Pair = tuple[str, str]


def coauthor_network(
    store: Backend,
    person_id: str,
    depth: int = 1,
    from_year: int | None = None,
    to_year: int | None = None,
    min_works: int = 1,
) -> Network:
    """The people around ``person_id`` and who wrote with whom, when."""
    if depth not in range(1, MAX_DEPTH + 1):
        raise ParameterError("depth", f"is {depth}; it is 1 or 2")
    if min_works < 1:
        raise ParameterError("min_works", f"is {min_works}; it is 1 or more")
    years = queries._year_range(from_year, to_year)
    who = queries.get_person(store, person_id)

    # Ring by ring: each ring's collaborations name the next ring. A pair
    # is asked from either side or both, and both sides count alike.
    per_year: dict[Pair, dict[int, int]] = defaultdict(dict)
    distance = {person_id: 0}
    ring = [person_id]
    for step in range(1, depth + 2):
        for row in store.ask(forms.COLLABORATIONS, {"people": ring, **years}):
            pair: Pair = tuple(sorted((row["person"], row["coauthor"])))  # type: ignore[assignment]
            per_year[pair][row["year"]] = row["works"]
        if step > depth:
            break
        ring = sorted(
            {
                other
                for pair, counts in per_year.items()
                if sum(counts.values()) >= min_works
                for one, other in (pair, pair[::-1])
                if one in ring and other not in distance
            }
        )
        distance.update((other, step) for other in ring)

    edges = [
        NetworkEdge(
            source=a,
            target=b,
            shared_works=sum(counts.values()),
            years=sorted(counts),
        )
        for (a, b), counts in sorted(per_year.items())
        if a in distance and b in distance and sum(counts.values()) >= min_works
    ]
    return Network(
        person=person_id,
        depth=depth,
        from_year=from_year,
        to_year=to_year,
        min_works=min_works,
        nodes=_nodes(store, distance, years, who),
        edges=edges,
    )


def _nodes(
    store: Backend,
    distance: dict[str, int],
    years: dict[str, int],
    who: queries.Person,
) -> list[NetworkNode]:
    """The people of a network, with their works within its years.

    The person the network is drawn around is in it even with no works in
    those years; everyone else is there by a work in them.
    """
    people = sorted(distance)
    params = {"people": people, **years}
    works: Counter[str] = Counter()
    active: dict[str, set[int]] = defaultdict(set)
    about: dict[str, Row] = {who.id: {"name": who.name, "number": who.homonym_number}}
    for row in store.ask(forms.PEOPLE_ACTIVITY, params):
        works[row["person"]] += row["works"]
        active[row["person"]].add(row["year"])
        about[row["person"]] = row
    topics = _top_topics(store, params)

    nodes = [
        NetworkNode(
            id=person,
            name=about[person]["name"],
            homonym_number=about[person]["number"],
            distance=distance[person],
            work_count=works[person],
            years=sorted(active[person]),
            top_topics=topics.get(person, []),
        )
        for person in people
    ]
    nodes.sort(key=lambda n: (n.distance, -n.work_count, n.name, n.id))
    return nodes


def _top_topics(store: Backend, params: dict[str, object]) -> dict[str, list[str]]:
    """Each person's topics, those of most of their works first.

    A topic is named by its label where it has one, else by its id. Where
    the stores hold no topics, everyone has none.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in store.ask(forms.PEOPLE_TOPICS, params):
        name = row["label"] or row["topic"]
        counts[row["person"]][name] = max(counts[row["person"]][name], row["works"])
    return {
        person: [
            name
            for name, _ in sorted(found.items(), key=lambda t: (-t[1], t[0]))[
                :TOP_TOPICS
            ]
        ]
        for person, found in counts.items()
    }


def _is_work(store: Backend, work_id: str) -> bool:
    try:
        queries.get_work(store, work_id)
    except NotFoundError:
        return False
    return True


def works_network(store: Backend, work_ids: list[str], min_works: int = 1) -> Network:
    """The authors of a set of works, linked by the works they share there.

    A person's works and years are those of the set.
    """
    wanted = sorted(set(work_ids))
    if not wanted:
        raise ParameterError("works", "is empty; name one work or more")
    if len(wanted) > MAX_WORKS:
        raise ParameterError(
            "works", f"names {len(wanted)} works; at most {MAX_WORKS} at once"
        )
    if min_works < 1:
        raise ParameterError("min_works", f"is {min_works}; it is 1 or more")
    unknown = [w for w in wanted if not ids.is_local_id(w)]
    rows = store.ask(forms.WORKS_AUTHORS, {"works": wanted}) if not unknown else []
    # A work with no author (dblp has such) gives no row, yet is known.
    authorless = sorted(set(wanted) - {row["work"] for row in rows} - set(unknown))
    unknown += [w for w in authorless if not _is_work(store, w)]
    if unknown:
        raise NotFoundError(f"no work has the id {', '.join(map(repr, unknown))}")

    authors: dict[str, set[str]] = defaultdict(set)
    works: dict[str, set[str]] = defaultdict(set)
    year_of: dict[str, int] = {}
    about: dict[str, Row] = {}
    for row in rows:
        authors[row["work"]].add(row["person"])
        works[row["person"]].add(row["work"])
        year_of[row["work"]] = row["year"]
        about[row["person"]] = row

    shared: dict[Pair, set[str]] = defaultdict(set)
    for work, people in authors.items():
        for pair in itertools.combinations(sorted(people), 2):
            shared[pair].add(work)
    topics = _top_topics(
        store,
        {"people": sorted(about), "from": queries.EARLIEST_YEAR,
         "to": queries.LATEST_YEAR},
    )  # fmt: skip
    nodes = [
        NetworkNode(
            id=person,
            name=row["name"],
            homonym_number=row["number"],
            distance=None,
            work_count=len(works[person]),
            years=sorted({year_of[w] for w in works[person]}),
            top_topics=topics.get(person, []),
        )
        for person, row in about.items()
    ]
    nodes.sort(key=lambda n: (-n.work_count, n.name, n.id))
    edges = [
        NetworkEdge(
            source=a,
            target=b,
            shared_works=len(together),
            years=sorted({year_of[w] for w in together}),
        )
        for (a, b), together in sorted(shared.items())
        if len(together) >= min_works
    ]
    return Network(works=wanted, min_works=min_works, nodes=nodes, edges=edges)
