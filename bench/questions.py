"""How fast each question is answered, by each store, on a generated graph.

    python -m bench.questions --works 3000 --repeat 7
    python -m bench.questions --works 100000 --data dblp --rdflib-max 10000

Prints one row per question: the median and the 95th percentile of the
warm runs, in milliseconds, for Oxigraph (in memory), FalkorDB (a server
this script starts in a temporary folder) and, as baselines, rdflib's own
SPARQL engine on the same triples (up to ``--rdflib-max`` works) and a
networkx graph built by hand (coauthor questions only). All answer the same
questions about the same people; the ratio columns compare them in the
same run, since the machine's speed drifts from run to run.

``--data synthetic`` (the default) asks about the test suite's generated
records, whose busiest person writes about a sixth of all works and which
stop short of 20,000 works (their names run out). ``--data dblp`` writes
the benchmark generator's dblp XML (``bench.generate``: no one writes more
than 2,000 works) and reads it back with the dblp reader, at any size.

``--data-dir DIR`` asks the stores a ``kg load`` left in a data folder
instead (its on-disk Oxigraph, opened read-only, and its embedded FalkorDB
where the folder has one), about the busiest and second-busiest person
found in the RDF store; nothing is generated or loaded.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx

from bench.baselines import RdflibBackend, coauthor_graph
from bench.baselines import shared_coauthors as baseline_shared
from bench.generate import generate, write_dblp
from kg import network, queries
from kg.forms import Question
from kg.graph import EmbeddedFalkorDB, FalkorDBGraph, ensure_schema, write_source
from kg.loading import load_records, source_of
from kg.model import LoadedRecord, Source, Work
from kg.paths import coauthor_path
from kg.queries import Backend
from kg.rdf_store import RdfStore
from kg.topics.assign import with_topics
from kg.topics.drift import topic_drift
from kg.topics.scheme import topic_scheme
from kg.topics.store import ensure_scheme_in_graph
from loaders import read_records
from loaders.records import BadRecord
from tests.synthetic import synthetic_records, synthetic_source

# Warm runs of rdflib's engine, at most.
RDFLIB_REPEAT = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--works", type=int, default=3000, help="works generated")
    parser.add_argument("--repeat", type=int, default=7, help="warm runs per question")
    parser.add_argument(
        "--rdflib-max",
        type=int,
        default=10_000,
        help="largest size at which rdflib's SPARQL engine is also asked",
    )
    parser.add_argument(
        "--data",
        choices=("synthetic", "dblp"),
        default="synthetic",
        help="the test suite's records, or the benchmark generator's dblp XML",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="ask the stores already loaded in this kg data folder",
    )
    parser.add_argument(
        "--baseline-file",
        type=Path,
        help="with --data-dir: the file that was loaded, read again into rdflib "
        "and networkx as the baselines",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown"
    )
    args = parser.parse_args()
    if args.data_dir is not None:
        _ask_data_dir(args)
        return

    # Topics are assigned once, before both loads, so that both stores hold
    # the same topics and the network's top topics agree.
    records, source = _records(args.data, args.works)
    records = list(with_topics(records, None))
    counts = Counter(
        a.person.id for r in records if isinstance(r, Work) for a in r.authorships
    )
    (busiest, _), (second, _) = counts.most_common(2)
    work = next(r for r in records if isinstance(r, Work))
    questions = _questions(busiest, second, work.id, work.year)

    with (
        tempfile.TemporaryDirectory() as folder,
        EmbeddedFalkorDB(Path(folder)) as server,
    ):
        rdf = RdfStore(None)
        graph = FalkorDBGraph(server.host, server.port or 0)
        ensure_schema(graph)
        backends: dict[str, Backend] = {"oxigraph": rdf, "falkordb": graph}
        load = {
            "oxigraph": _seconds(lambda: load_records(rdf, source, records)),
            "falkordb": _seconds(lambda: _write_graph(graph, source, records)),
        }
        if args.works <= args.rdflib_max:
            backends["rdflib"] = RdflibBackend(source, records)
        print(f"{args.works} works; load: oxigraph {load['oxigraph']:.1f} s, "
              f"falkordb {load['falkordb']:.1f} s")  # fmt: skip
        print(_table(questions, backends, _networkx(records, busiest, second), args))
        graph.close()
        rdf.close()


def _questions(
    busiest: str, second: str, work: str, year: int
) -> dict[str, Callable[[Backend], Any]]:
    """The questions asked, about the busiest person (and the second).

    The pages of works past the first start after ``work`` (of ``year``).
    """
    after = queries.encode_cursor(year, work)
    return {
        "find people": lambda s: queries.find_people(s, "chen"),
        "person": lambda s: queries.get_person(s, busiest),
        "works of a person": lambda s: queries.person_works(s, busiest),
        "coauthors": lambda s: queries.coauthors(s, busiest),
        "coauthors, 2015-2020": lambda s: queries.coauthors(s, busiest, 2015, 2020),
        "shared coauthors": lambda s: queries.shared_coauthors(s, busiest, second),
        "coauthor network": lambda s: network.coauthor_network(s, busiest),
        "topic drift": lambda s: topic_drift(s, busiest),
        "path": lambda s: coauthor_path(s, busiest, second),
        "work with authors": lambda s: queries.get_work(s, work),
        "page of works": lambda s: queries.list_works(s, limit=25),
        "page of works, cursor": lambda s: queries.list_works(
            s, cursor=after, limit=25
        ),
        "page of works, a year": lambda s: queries.list_works(s, year=year, limit=25),
    }


# The two people with the most works, and the first work of the first.
_BUSIEST = Question(
    "busiest",
    sparql="""
SELECT ?person (COUNT(DISTINCT ?work) AS ?works) WHERE {
  ?work a kgo:Work ; dcterms:creator ?person .
}
GROUP BY ?person ORDER BY DESC(?works) ?person LIMIT 2
""",
    cypher="",
)
_FIRST_WORK = Question(
    "first-work",
    sparql="""
SELECT ?work ?year WHERE {
  ?work dcterms:creator ?person ; fabio:hasPublicationYear ?year .
}
ORDER BY ?work LIMIT 1
""",
    cypher="",
    ids={"person": "person"},
)


def _ask_data_dir(args: argparse.Namespace) -> None:
    """Time the questions on the stores of a loaded data folder, as they are."""
    rdf = RdfStore(args.data_dir / "oxigraph", read_only=True)
    started = time.perf_counter()
    busiest, second = (row["person"] for row in rdf.ask(_BUSIEST, {}))
    (first,) = rdf.ask(_FIRST_WORK, {"person": busiest})
    summary = rdf.summary()
    print(f"{args.data_dir}: {summary['works']} works, {summary['people']} people; "
          f"busiest person found in {time.perf_counter() - started:.1f} s")  # fmt: skip
    backends: dict[str, Backend] = {"oxigraph": rdf}
    with contextlib.ExitStack() as stack:
        if (args.data_dir / "falkordb").is_dir():
            server = stack.enter_context(EmbeddedFalkorDB(args.data_dir / "falkordb"))
            graph = FalkorDBGraph(server.host, server.port or 0)
            ensure_schema(graph)  # its indexes, as kg's commands make them
            backends["falkordb"] = graph
        networkx: dict[str, Callable[[], object]] = {}
        if args.baseline_file is not None:
            records = [
                record
                for record in read_records(args.baseline_file)
                if not isinstance(record, BadRecord)
            ]
            records = list(with_topics(records, None))
            source = source_of(args.baseline_file)
            backends["rdflib"] = RdflibBackend(source, records)
            networkx = _networkx(records, busiest, second)
        questions = _questions(busiest, second, first["work"], first["year"])
        print(_table(questions, backends, networkx, args))
    rdf.close()


def _write_graph(
    graph: FalkorDBGraph, source: Source, records: list[LoadedRecord]
) -> None:
    ensure_scheme_in_graph(graph, topic_scheme())
    write_source(graph, source, records)


def _records(data: str, works: int) -> tuple[list[LoadedRecord], Source]:
    if data == "synthetic":
        return list(synthetic_records(works)), synthetic_source(works)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"generated-{works}.xml"
        with path.open("w", encoding="utf-8") as out:
            write_dblp(generate(works), out)
        found = [r for r in read_records(path) if not isinstance(r, BadRecord)]
        return found, source_of(path)


def _networkx(
    records: list[LoadedRecord], one: str, other: str
) -> dict[str, Callable[[], object]]:
    """The coauthor questions as a networkx user would answer them."""
    network = coauthor_graph(records)
    return {
        "coauthors": lambda: sorted(network[one].items()),
        "shared coauthors": lambda: baseline_shared(network, one, other),
        "path": lambda: nx.shortest_path(network, one, other),
    }


def _table(
    questions: dict[str, Callable[[Backend], Any]],
    backends: dict[str, Backend],
    networkx: dict[str, Callable[[], object]],
    args: argparse.Namespace,
) -> str:
    stores = [*backends, "networkx"] if networkx else [*backends]
    header = [
        "question", *(f"{name} ms" for name in stores),
        "falkordb/oxigraph", "rdflib/oxigraph", "same",
    ]  # fmt: skip
    rows = []
    for name, ask in questions.items():
        # rdflib takes seconds where the stores take milliseconds: it runs
        # a few times only.
        times = {
            store: _timings(
                partial(ask, backend),
                min(args.repeat, RDFLIB_REPEAT) if store == "rdflib" else args.repeat,
            )
            for store, backend in backends.items()
        }
        if name in networkx:
            times["networkx"] = _timings(networkx[name], args.repeat)
        # A baseline counts only if it gives the same answer.
        answers = [ask(backend) for backend in backends.values()]
        same = "yes" if all(a == answers[0] for a in answers) else "NO"
        rows.append([
            name, *(_cell(times.get(store)) for store in stores),
            _ratio(times, "falkordb"), _ratio(times, "rdflib"), same,
        ])  # fmt: skip
    if args.markdown:
        return _markdown(header, rows)
    widths = [24, *([16] * len(stores)), 18, 16, 5]
    return "\n".join(
        " ".join(
            f"{cell:<{width}}" if i == 0 else f"{cell:>{width}}"
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in [header, *rows]
    )


def _markdown(header: list[str], rows: list[list[str]]) -> str:
    # Numbers right-aligned; the question and the "same" column are words.
    aligns = ["---", *("---:" for _ in header[1:-1]), "---"]
    lines = [header, aligns, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _ratio(times: dict[str, list[float]], store: str) -> str:
    if store not in times:
        return "-"
    ratio = statistics.median(times[store]) / statistics.median(times["oxigraph"])
    return f"{ratio:.2f}"


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _timings(ask: Callable[[], object], repeat: int) -> list[float]:
    ask()  # warm up
    return [_seconds(ask) * 1000 for _ in range(repeat)]


def _cell(times: list[float] | None) -> str:
    if times is None:
        return "-"
    return f"{statistics.median(times):.1f} / {_p95(times):.1f}"


def _p95(times: list[float]) -> float:
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


if __name__ == "__main__":
    main()
