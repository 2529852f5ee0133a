"""The whole benchmark in one run: loads, questions and the API, at each size.

    python -m bench --sizes 10000,100000,1000000 --keep /var/tmp/kg-bench

For each size, the generator's dblp XML (``bench.generate``) is loaded in
three ways, each in a process of its own (``bench.load_one``):

- ``rdflib``: the records' triples added to an in-memory ``rdflib.Graph``,
  the plain way and the baseline (up to ``--rdflib-max`` works: it holds
  about 1 KB a triple);
- ``oxigraph bulk``: pyoxigraph's own bulk loader on the same triples as
  N-Triples (written beforehand, not timed), the ceiling of the RDF side;
- ``kg load``: what ``kg load`` does, into both stores of a data folder
  (on-disk Oxigraph and the embedded FalkorDB), topics assigned and all.

The questions the API answers are then timed on that folder
(``bench.questions --data-dir``, with rdflib and networkx on the same file
as baselines up to ``--rdflib-max``), and the API is driven from a separate
load generator process (``bench.api_load --data-dir``).

Everything prints as Markdown tables, ready for ``bench/README.md``. With
``--keep``, generated files and loaded folders stay there, and a load
measured before (its JSON line beside the folder) is reused unless
``--again`` is given: a million-work load takes half an hour.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.load import generated_file, last_line, run_way

WAYS = ("rdflib", "oxigraph bulk", "kg load")


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--sizes", default="10000", help="works, comma-separated")
    parser.add_argument(
        "--keep",
        type=Path,
        help="folder for files and stores, kept (none: a temporary one)",
    )
    parser.add_argument(
        "--again", action="store_true", help="load again the sizes kept before"
    )
    parser.add_argument(
        "--rdflib-max", type=int, default=100_000, help="largest rdflib load"
    )
    parser.add_argument(
        "--rdflib-questions-max",
        type=int,
        default=10_000,
        help="largest size at which rdflib and networkx answer the questions",
    )
    parser.add_argument(
        "--ceiling-max", type=int, default=1_000_000, help="largest oxigraph bulk load"
    )
    parser.add_argument(
        "--repeat", type=int, default=20, help="warm runs of each question"
    )
    parser.add_argument(
        "--api-seconds", type=float, default=10.0, help="seconds per API endpoint"
    )
    parser.add_argument(
        "--concurrency", type=int, default=8, help="concurrent API clients"
    )
    args = parser.parse_args()

    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"Python {platform.python_version()}, {os.cpu_count()} cores\n")
        print("## Loads\n")
        print(_LOAD_HEADER)
        for size in sizes:
            for line in _loads(folder, size, args):
                print(line, flush=True)
        for size in sizes:
            print(f"\n## Questions, {size:,} works\n", flush=True)
            print(_questions(folder, size, args), flush=True)
            print(f"\n## API, {size:,} works\n", flush=True)
            print(_api(folder, size, args), flush=True)


_LOAD_HEADER = (
    "| works | way | seconds | works/s | facts/s | peak MiB "
    "| vs rdflib | of oxigraph bulk |\n"
    "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def _loads(folder: Path, size: int, args: argparse.Namespace) -> list[str]:
    """Load one size every way; the rows of the table, ratios in the same run.

    ``kg load`` gives three rows: the whole load, then its RDF part (all
    but the graph write) and its graph write, each at its own rate.
    """
    data = generated_file(folder, size, "dblp")
    measured: dict[str, dict[str, Any]] = {}
    for way in WAYS:
        if way == "rdflib" and size > args.rdflib_max:
            continue
        if way == "oxigraph bulk" and size > args.ceiling_max:
            continue
        measured[way] = _load(way, data, folder / str(size), args.again)

    rows = []
    baseline = measured.get("rdflib")
    ceiling = measured.get("oxigraph bulk")
    for way, row in measured.items():
        if "error" in row:
            rows.append(f"| {size:,} | {way} | failed: {row['error']} |")
            continue
        if way == "kg load":
            rows += _kg_load_rows(size, row, baseline, ceiling)
        else:
            rows.append(_load_row(size, way, row, baseline, ceiling))
    return rows


def _kg_load_rows(
    size: int,
    row: dict[str, Any],
    baseline: dict[str, Any] | None,
    ceiling: dict[str, Any] | None,
) -> list[str]:
    graph_seconds = row.get("graph_write_seconds", 0.0)
    # The process's peak memory belongs to the whole load, not to a part.
    rdf = {"seconds": row["seconds"] - graph_seconds, "facts": row["triples"]}
    graph = {"seconds": graph_seconds, "facts": row.get("graph_facts", 0)}
    return [
        _load_row(size, "kg load, both stores", row, baseline, ceiling),
        _load_row(size, "… RDF: read, resolve, write", rdf, baseline, ceiling),
        _load_row(size, "… graph write", graph, None, None),
    ]


def _load_row(
    size: int,
    way: str,
    row: dict[str, Any],
    baseline: dict[str, Any] | None,
    ceiling: dict[str, Any] | None,
) -> str:
    seconds = row["seconds"]
    works_rate = size / seconds
    # Works a second against works a second: kg writes more triples than the
    # baselines (the topic scheme, topics from text), so facts would flatter it.
    versus = f"{works_rate / (size / baseline['seconds']):.2f}x" if baseline else ""
    of = f"{works_rate / (size / ceiling['seconds']):.2f}" if ceiling else ""
    peak = f"{row['peak_mib']:,.0f}" if "peak_mib" in row else ""
    reused = " (kept)" if row.get("kept") else ""
    return (
        f"| {size:,} | {way}{reused} | {seconds:,.1f} | {works_rate:,.0f} "
        f"| {row['facts'] / seconds:,.0f} | {peak} | {versus} | {of} |"
    )


def _load(way: str, data: Path, folder: Path, again: bool) -> dict[str, Any]:
    """One way of loading, in its own process; a kept measurement if any."""
    kept = folder / f"{way.replace(' ', '-')}.json"
    if kept.exists() and not again:
        return {**json.loads(kept.read_text()), "kept": True}
    target = folder / "kg-data" if way == "kg load" else folder / way.replace(" ", "-")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    if way == "oxigraph bulk" and not data.with_suffix(".nt").exists():
        run_way("ntriples", data, "dblp", target)
    row = run_way(way, data, "dblp", target)
    if way != "kg load":
        shutil.rmtree(target, ignore_errors=True)  # only the data folder is asked
    if "error" not in row:
        kept.write_text(json.dumps(row))
    return row


def _questions(folder: Path, size: int, args: argparse.Namespace) -> str:
    command = [
        sys.executable, "-m", "bench.questions", "--markdown",
        "--data-dir", str(folder / str(size) / "kg-data"),
        "--repeat", str(args.repeat),
    ]  # fmt: skip
    if size <= args.rdflib_questions_max:
        command += ["--baseline-file", str(generated_file(folder, size, "dblp"))]
    return _output(command)


def _api(folder: Path, size: int, args: argparse.Namespace) -> str:
    command = [
        sys.executable, "-m", "bench.api_load", "--markdown",
        "--data-dir", str(folder / str(size) / "kg-data"),
        "--seconds", str(args.api_seconds),
        "--concurrency", str(args.concurrency),
    ]  # fmt: skip
    return _output(command)


def _output(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return f"failed: {last_line(result.stderr)}"
    return result.stdout.rstrip()


if __name__ == "__main__":
    main()
