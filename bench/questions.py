"""How fast each question is answered, by each store, on a generated graph.

    python -m bench.questions --works 3000 --repeat 7

Prints one row per question: the median and the slowest of the warm runs,
in milliseconds, for Oxigraph (in memory) and for FalkorDB (a server this
script starts in a temporary folder). Both stores answer the same
questions about the same people; the ratio column compares them in the
same run, since the machine's speed drifts from run to run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from kg import queries
from kg.graph import EmbeddedFalkorDB, FalkorDBGraph, ensure_schema, write_source
from kg.loading import load_records
from kg.model import Work
from kg.queries import Backend
from kg.rdf_store import RdfStore
from tests.synthetic import synthetic_records, synthetic_source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--works", type=int, default=3000, help="works generated")
    parser.add_argument("--repeat", type=int, default=7, help="warm runs per question")
    args = parser.parse_args()

    records = synthetic_records(args.works)
    source = synthetic_source(args.works)
    counts = Counter(
        a.person.id for r in records if isinstance(r, Work) for a in r.authorships
    )
    (busiest, _), (second, _) = counts.most_common(2)
    work = next(r.id for r in records if isinstance(r, Work))
    questions: dict[str, Callable[[Backend], Any]] = {
        "find people": lambda s: queries.find_people(s, "chen"),
        "person": lambda s: queries.get_person(s, busiest),
        "works of a person": lambda s: queries.person_works(s, busiest),
        "coauthors": lambda s: queries.coauthors(s, busiest),
        "coauthors, 2015-2020": lambda s: queries.coauthors(s, busiest, 2015, 2020),
        "shared coauthors": lambda s: queries.shared_coauthors(s, busiest, second),
        "work with authors": lambda s: queries.get_work(s, work),
        "page of works": lambda s: queries.list_works(s, limit=25),
    }

    with (
        tempfile.TemporaryDirectory() as folder,
        EmbeddedFalkorDB(Path(folder)) as server,
    ):
        rdf = RdfStore(None)
        graph = FalkorDBGraph(server.host, server.port or 0)
        ensure_schema(graph)
        load = {
            "oxigraph": _seconds(lambda: load_records(rdf, source, records)),
            "falkordb": _seconds(lambda: write_source(graph, source, records)),
        }
        print(f"{args.works} works; load: oxigraph {load['oxigraph']:.1f} s, "
              f"falkordb {load['falkordb']:.1f} s")  # fmt: skip
        print(f"{'question':<24} {'oxigraph ms':>16} {'falkordb ms':>16} {'ratio':>7}")
        for name, ask in questions.items():
            times = {
                store: _timings(partial(ask, backend), args.repeat)
                for store, backend in (("oxigraph", rdf), ("falkordb", graph))
            }
            ratio = statistics.median(times["falkordb"]) / statistics.median(
                times["oxigraph"]
            )
            print(
                f"{name:<24} {_cell(times['oxigraph']):>16} "
                f"{_cell(times['falkordb']):>16} {ratio:>7.2f}"
            )
        graph.close()
        rdf.close()


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _timings(ask: Callable[[], object], repeat: int) -> list[float]:
    ask()  # warm up
    return [_seconds(ask) * 1000 for _ in range(repeat)]


def _cell(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} / {max(times):.1f}"


if __name__ == "__main__":
    main()
