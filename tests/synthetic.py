"""A deterministic generator of realistic scholarly records, for tests.

Works spread over 25 years with growing volume; people have a heavy-tailed
number of works and write mostly within their group, so coauthorships
repeat; a few hundred venues are picked by a Zipf-like weight; author lists
run from 1 to 12; some names repeat with and without homonym numbers. The
same seed always gives the same records.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

from kg.model import (
    Authorship,
    NameCluster,
    Person,
    PublicationType,
    Source,
    Venue,
    VenueKind,
    Work,
)

GIVEN = ["Ana", "Bo", "Chen", "Dara", "Eli", "Femi", "Gia", "Hana", "Ivo", "Jun",
         "Kai", "Lei", "Mia", "Noor", "Oskar", "Priya", "Quinn", "Rui", "Sven",
         "Tomás", "Uma", "Vik", "Wei", "Xin", "Yara", "Zoë"]  # fmt: skip
FAMILY = ["Abe", "Brown", "Chen", "Diaz", "Eriksen", "Fischer", "García", "Ho",
          "Ito", "Jensen", "Kim", "Li", "Müller", "Nowak", "Okafor", "Park",
          "Quist", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Wang", "Xu",
          "Yilmaz", "Zhang"]  # fmt: skip
TOPICS = ["graph", "learning", "queries", "networks", "labels", "language",
          "retrieval", "privacy", "vision", "robots", "proofs"]  # fmt: skip


def synthetic_records(works: int = 3000, seed: int = 7) -> list[Work | NameCluster]:
    """``works`` works and one name cluster, always the same for one seed."""
    rng = random.Random(seed)
    people = _people(rng, max(20, int(works * 0.7)))
    venues = [_venue(i) for i in range(max(5, works // 10))]
    venue_weights = [1 / (rank + 1) for rank in range(len(venues))]
    activity = [1 / (rank + 1) ** 1.1 for rank in range(len(people))]
    group_size = 50

    records: list[Work | NameCluster] = []
    years = _years(rng, works)
    for number, year in enumerate(years):
        lead = rng.choices(range(len(people)), weights=activity)[0]
        group = range(
            lead // group_size * group_size,
            min(len(people), (lead // group_size + 1) * group_size),
        )
        size = min(len(group), max(1, min(12, int(rng.expovariate(0.35)) + 1)))
        team = [lead, *rng.sample([p for p in group if p != lead], size - 1)]
        if size < 12 and rng.random() < 0.1:  # now and then an outsider joins
            team.append(rng.randrange(len(people)))
        authors = list(dict.fromkeys(people[i] for i in team))
        records.append(
            Work(
                title=f"{rng.choice(TOPICS)} and {rng.choice(TOPICS)}, {number}",
                year=year,
                publication_type=PublicationType.CONFERENCE_PAPER,
                venue=rng.choices(venues, weights=venue_weights)[0],
                authorships=tuple(
                    Authorship(position=i, person=p, name_as_written=p.display_name)
                    for i, p in enumerate(authors, start=1)
                ),
                abstract=None if rng.random() < 0.3 else f"Abstract of work {number}.",
            )
        )

    busiest = people[0]
    mine = [r.id for r in records if isinstance(r, Work) and busiest in
            (a.person for a in r.authorships)]  # fmt: skip
    records.append(
        NameCluster(
            name=busiest.name, stated_work_count=len(mine), work_ids=tuple(mine)
        )
    )
    return records


def synthetic_source(works: int = 3000, seed: int = 7) -> Source:
    digest = hashlib.sha256(f"synthetic-{works}-{seed}".encode()).hexdigest()
    return Source(
        location=f"synthetic:{works}:{seed}",
        file_name=f"synthetic-{works}.records",
        format="synthetic",
        sha256=digest,
    )


def _people(rng: random.Random, count: int) -> list[Person]:
    people: dict[str, Person] = {}
    while len(people) < count:
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        number = f"{rng.randrange(1, 20):04d}" if rng.random() < 0.15 else None
        person = Person.from_author_string(f"{name} {number}" if number else name)
        people.setdefault(person.id, person)
    return list(people.values())


def _venue(index: int) -> Venue:
    kind = VenueKind.JOURNAL if index % 4 == 0 else VenueKind.CONFERENCE
    return Venue(acronym=f"V{index:03d}", kind=kind)


def _years(rng: random.Random, works: int) -> Iterator[int]:
    """Years 2000 to 2024, each about 8 % busier than the one before."""
    weights = [1.08**i for i in range(25)]
    return iter(sorted(rng.choices(range(2000, 2025), weights=weights, k=works)))
