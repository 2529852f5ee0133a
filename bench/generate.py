"""A deterministic generator of realistic scholarly data, in real input formats.

    python -m bench.generate --works 100000 --format dblp --out works.xml
    python -m bench.generate --works 100000 --format openalex --out works.jsonl

Works spread over 25 years, each year about 8 % busier than the one before.
People have a heavy-tailed number of works (Pareto activity), belong to
groups of 50 and write mostly within their group, so coauthorships repeat
over the years; now and then an outsider joins. Author lists run from 1 to
12. A few hundred venues are picked with Zipf-like weights; each work
cites up to eight older works. Names repeat the way dblp's do, told apart by
homonym numbers ("Wei Wang 0012").

Everything is streamed: a million works never sit in memory at once, and
the same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.entities import codepoint2name
from itertools import accumulate
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape

from tests.synthetic import FAMILY, GIVEN

FIRST_YEAR = 2000
YEARS = 25
GROUP_SIZE = 50
VENUES = 300
TOPICS = 400
MOST_WORKS = 2000  # dblp's most prolific authors have about that many

WORDS = ["adaptive", "robust", "graph", "neural", "sparse", "federated",
         "causal", "contrastive", "streaming", "private", "quantum", "scalable",
         "query", "retrieval", "learning", "inference", "labels", "networks",
         "language", "vision", "proofs", "schedules", "caches", "agents"]  # fmt: skip
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa"]


@dataclass(frozen=True)
class Author:
    index: int
    name: str
    homonym_number: str | None
    orcid: str | None

    @property
    def dblp_name(self) -> str:
        if self.homonym_number:
            return f"{self.name} {self.homonym_number}"
        return self.name


@dataclass(frozen=True)
class GeneratedWork:
    index: int
    title: str
    year: int
    venue: int
    authors: tuple[Author, ...]
    references: tuple[int, ...]
    topic: int
    abstract: str


def generate(works: int, seed: int = 7) -> Iterator[GeneratedWork]:
    """``works`` works in year order; the same seed gives the same works."""
    rng = random.Random(seed)
    people = max(GROUP_SIZE, int(works * 0.7))
    # Capped so that no one writes more than about 2 % of a small sample.
    cap = min(MOST_WORKS, max(20, works // 50))
    activity = list(accumulate(min(rng.paretovariate(1.2), cap) for _ in range(people)))
    venue_weights = list(accumulate(1 / (rank + 1) for rank in range(VENUES)))

    index = 0
    years = range(FIRST_YEAR, FIRST_YEAR + YEARS)
    for year, count in zip(years, _per_year(works), strict=True):
        for _ in range(count):
            lead = bisect.bisect(activity, rng.random() * activity[-1])
            lead = min(lead, people - 1)
            team = _team(rng, lead, people)
            yield GeneratedWork(
                index=index,
                title=_title(rng, index),
                year=year,
                venue=bisect.bisect(venue_weights, rng.random() * venue_weights[-1]),
                authors=tuple(author(i) for i in team),
                references=tuple(
                    sorted({rng.randrange(index) for _ in range(rng.randint(0, 8))})
                )
                if index
                else (),
                topic=(lead // GROUP_SIZE * 7 + rng.randrange(3)) % TOPICS,
                abstract=" ".join(rng.choices(WORDS, k=rng.randint(12, 40))) + ".",
            )
            index += 1


def author(index: int) -> Author:
    """Person ``index``: one of 26 × 26 × 27 names, numbered past the first."""
    given = GIVEN[index % len(GIVEN)]
    family = FAMILY[index // len(GIVEN) % len(FAMILY)]
    rest = index // (len(GIVEN) * len(FAMILY))
    middle = "" if rest % 27 == 0 else f" {chr(ord('A') + rest % 27 - 1)}."
    number = rest // 27
    return Author(
        index=index,
        name=f"{given}{middle} {family}",
        homonym_number=f"{number:04d}" if number else None,
        orcid=_orcid(index) if index % 5 == 0 else None,
    )


def write_dblp(works: Iterator[GeneratedWork], out: TextIO) -> int:
    """dblp XML as dblp ships it: Latin-1 names written as DTD entities."""
    out.write('<?xml version="1.0" encoding="ISO-8859-1"?>\n')
    out.write('<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n')
    written = 0
    for work in works:
        journal = work.venue % 4 == 0
        tag = "article" if journal else "inproceedings"
        prefix = "journals" if journal else "conf"
        key = f"{prefix}/v{work.venue:03d}/W{work.index}"
        out.write(f'<{tag} key="{key}" mdate="2025-01-01">\n')
        for person in work.authors:
            orcid = f' orcid="{person.orcid}"' if person.orcid else ""
            out.write(f"<author{orcid}>{_dblp_text(person.dblp_name)}</author>\n")
        out.write(f"<title>{_dblp_text(work.title)}.</title>\n")
        out.write(f"<year>{work.year}</year>\n")
        venue = f"V{work.venue:03d}"
        out.write(f"<journal>{venue}</journal>\n" if journal else "")
        out.write(f"<booktitle>{venue}</booktitle>\n" if not journal else "")
        out.write(f"<ee>https://doi.org/{_doi(work.index)}</ee>\n")
        out.write(f"</{tag}>\n")
        written += 1
    out.write("</dblp>\n")
    return written


def write_openalex(works: Iterator[GeneratedWork], out: TextIO) -> int:
    """OpenAlex works as its snapshot has them: one JSON object per line."""
    written = 0
    for work in works:
        json.dump(_openalex_work(work), out, ensure_ascii=False)
        out.write("\n")
        written += 1
    return written


def _openalex_work(work: GeneratedWork) -> dict[str, object]:
    last = len(work.authors) - 1
    return {
        "id": f"https://openalex.org/W{work.index + 1}",
        "doi": f"https://doi.org/{_doi(work.index)}",
        "title": work.title,
        "display_name": work.title,
        "publication_year": work.year,
        "type": "article",
        "primary_location": {
            "source": {
                "id": f"https://openalex.org/S{work.venue + 1}",
                "display_name": f"Venue {work.venue:03d}",
                "type": "journal" if work.venue % 4 == 0 else "conference",
            }
        },
        "authorships": [
            {
                "author_position": (
                    "first" if i == 0 else "last" if i == last else "middle"
                ),
                "author": {
                    "id": f"https://openalex.org/A{person.index + 1}",
                    "display_name": person.name,
                    "orcid": (
                        f"https://orcid.org/{person.orcid}" if person.orcid else None
                    ),
                },
                "institutions": [],
                "raw_author_name": person.name,
            }
            for i, person in enumerate(work.authors)
        ],
        "topics": [
            {
                "id": f"https://openalex.org/T{10001 + work.topic}",
                "display_name": f"Topic {work.topic}",
                "score": 0.9,
            }
        ],
        "referenced_works": [f"https://openalex.org/W{i + 1}" for i in work.references],
        "abstract_inverted_index": _inverted_index(work.abstract),
    }


def _per_year(works: int) -> list[int]:
    weights = [1.08**i for i in range(YEARS)]
    counts = [int(works * w / sum(weights)) for w in weights]
    counts[-1] += works - sum(counts)
    return counts


def _team(rng: random.Random, lead: int, people: int) -> list[int]:
    start = lead // GROUP_SIZE * GROUP_SIZE
    group = range(start, min(people, start + GROUP_SIZE))
    size = min(len(group), max(1, min(12, int(rng.expovariate(0.35)) + 1)))
    team = [lead, *rng.sample([p for p in group if p != lead], size - 1)]
    if size < 12 and rng.random() < 0.1:
        team.append(rng.randrange(people))
    return list(dict.fromkeys(team))


def _title(rng: random.Random, index: int) -> str:
    # A made-up word from the index keeps titles distinct, so no two works
    # are taken for one by the title-and-year identity rule.
    coined = "".join(SYLLABLES[int(d)] for d in str(index))
    words = rng.sample(WORDS, 3)
    return f"{words[0].capitalize()} {words[1]} {words[2]} with {coined}"


def _doi(index: int) -> str:
    return f"10.5555/bench.{index}"


def _orcid(index: int) -> str:
    digits = f"{index:015d}"[-15:]
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    full = digits + ("X" if check == 10 else str(check))
    return "-".join(full[i : i + 4] for i in range(0, 16, 4))


def _dblp_text(text: str) -> str:
    escaped = escape(text)
    return "".join(
        f"&{codepoint2name.get(ord(c), f'#{ord(c)}')};" if ord(c) > 127 else c
        for c in escaped
    )


def _inverted_index(text: str) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, word in enumerate(text.split()):
        index.setdefault(word, []).append(position)
    return index


WRITERS = {"dblp": write_dblp, "openalex": write_openalex}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--works", type=int, default=10_000, help="works to write")
    parser.add_argument("--format", choices=sorted(WRITERS), default="dblp")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args()

    writer = WRITERS[args.format]
    if args.out is None:
        count = writer(generate(args.works, args.seed), sys.stdout)
    else:
        with args.out.open("w", encoding="utf-8") as out:
            count = writer(generate(args.works, args.seed), out)
    print(f"wrote {count:,} works as {args.format}", file=sys.stderr)


if __name__ == "__main__":
    main()
