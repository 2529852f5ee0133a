"""The shortest chain of coauthorships between two people.

Two people are one step apart when they wrote a work together. The search
goes breadth-first from both people at once, a whole ring of people at a
time: each step asks the store one question (``kg.forms.COAUTHOR_PAIRS``)
about the smaller of the two frontiers, so the rings stay small and the
store joins from people it is given, as every other question here does.

Several chains are often equally short. The one returned is the same from
every store: the people the two searches meet at are compared by id and the
smallest taken, and from there each side walks back through the
smallest-id person one step nearer its end.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from pydantic import BaseModel

from kg import forms, queries
from kg.answers import PersonSummary
from kg.errors import ParameterError
from kg.queries import Backend

MAX_HOPS = 6
DEFAULT_HOPS = 4
WORKS_SHOWN = 5


class JointWork(BaseModel):
    id: str
    title: str
    year: int


class PathStep(BaseModel):
    """Two people next to each other on a path, and what they wrote together.

    ``works`` lists the newest ``WORKS_SHOWN`` of the ``shared_works``.
    """

    source: str
    target: str
    shared_works: int
    works: list[JointWork]


class CoauthorPath(BaseModel):
    """A shortest chain of coauthors from ``source`` to ``target``.

    ``hops`` is the number of steps; ``None``, with no people and no steps,
    when no chain of at most ``max_hops`` steps exists.
    """

    source: PersonSummary
    target: PersonSummary
    max_hops: int
    hops: int | None
    people: list[PersonSummary]
    steps: list[PathStep]


class _Search:
    """One side of the search: how far each person it reached is from its
    end, and who, one step nearer, led to them."""

    def __init__(self, start: str) -> None:
        self.distance = {start: 0}
        self.before: dict[str, set[str]] = defaultdict(set)
        self.frontier = [start]
        self.depth = 0

    def expand(self, store: Backend) -> None:
        """Reach the next ring of people."""
        reached: set[str] = set()
        pairs = store.ask(forms.COAUTHOR_PAIRS, {"people": self.frontier})
        for row in pairs:
            coauthor = row["coauthor"]
            if self.distance.get(coauthor, self.depth + 1) == self.depth + 1:
                self.distance[coauthor] = self.depth + 1
                self.before[coauthor].add(row["person"])
                reached.add(coauthor)
        self.depth += 1
        self.frontier = sorted(reached)

    def walk_back(self, person: str) -> list[str]:
        """From ``person`` to this side's end, smallest ids first."""
        chain = [person]
        while self.distance[chain[-1]] > 0:
            chain.append(min(self.before[chain[-1]]))
        return chain


def coauthor_path(
    store: Backend, source_id: str, target_id: str, max_hops: int = DEFAULT_HOPS
) -> CoauthorPath:
    """The shortest chain of coauthors between two people, with its works."""
    if max_hops not in range(1, MAX_HOPS + 1):
        raise ParameterError("max_hops", f"is {max_hops}; it is 1 to {MAX_HOPS}")
    if source_id == target_id:
        raise ParameterError("to", "names the same person as the start of the path")
    source = queries.get_person(store, source_id)
    target = queries.get_person(store, target_id)

    chain = _shortest_chain(store, source_id, target_id, max_hops)
    if chain is None:
        return CoauthorPath(
            source=source,
            target=target,
            max_hops=max_hops,
            hops=None,
            people=[],
            steps=[],
        )
    inner = [queries.get_person(store, person) for person in chain[1:-1]]
    return CoauthorPath(
        source=source,
        target=target,
        max_hops=max_hops,
        hops=len(chain) - 1,
        people=[_summary(p) for p in (source, *inner, target)],
        steps=[_step(store, a, b) for a, b in pairwise(chain)],
    )


def _shortest_chain(
    store: Backend, source_id: str, target_id: str, max_hops: int
) -> list[str] | None:
    """The people of a shortest chain, ends included; None beyond ``max_hops``."""
    forward, backward = _Search(source_id), _Search(target_id)
    while forward.frontier and backward.frontier:
        if forward.depth + backward.depth >= max_hops:
            return None
        # Growing the smaller frontier keeps both searches small.
        side = forward if len(forward.frontier) <= len(backward.frontier) else backward
        side.expand(store)
        met = [
            p for p in side.frontier if p in forward.distance and p in backward.distance
        ]
        if met:
            length = min(forward.distance[p] + backward.distance[p] for p in met)
            meeting = min(
                p for p in met if forward.distance[p] + backward.distance[p] == length
            )
            return forward.walk_back(meeting)[::-1] + backward.walk_back(meeting)[1:]
    return None


def _step(store: Backend, first: str, second: str) -> PathStep:
    rows = store.ask(forms.JOINT_WORKS, {"first": first, "second": second})
    works = sorted(
        {row["work"]: JointWork(id=row["work"], title=row["title"], year=row["year"])
         for row in rows}.values(),
        key=lambda w: (-w.year, w.id),
    )  # fmt: skip
    return PathStep(
        source=first,
        target=second,
        shared_works=len(works),
        works=works[:WORKS_SHOWN],
    )


def _summary(person: queries.Person) -> PersonSummary:
    return PersonSummary(
        id=person.id,
        name=person.name,
        homonym_number=person.homonym_number,
        work_count=person.work_count,
    )
