"""How fast files load, and how much memory a load takes, beside the baselines.

    python -m bench.load --sizes 10000,100000 --formats dblp,openalex

For each size and format, the generator (``bench.generate``) writes a file
once, and each way of loading it runs in a fresh Python process, so that
its peak memory is its own:

- ``rdflib``: the plain way, our records added triple by triple to an
  in-memory ``rdflib.Graph``: the baseline.
- ``oxigraph bulk``: pyoxigraph's own bulk loader reading the same triples
  as N-Triples into an on-disk store: the ceiling of the RDF side.
- ``kg rdf``: ``kg.loading.load_file`` into the on-disk Oxigraph store.
- ``kg graph``: the records written into FalkorDB (a server started for
  the run, in a temporary folder); the graph starts empty, so this is the
  bulk path (``GRAPH.BULK``).
- ``kg graph merge``: the same with ``UNWIND … MERGE`` batches only.

The graph ways also give the rate of the write alone ("write facts/s"),
the records having been read beforehand.

Rates are in works and in triples (or nodes and relationships) per second;
ratios compare with the baseline measured in the same run, because this
machine's speed drifts from run to run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import WRITERS, generate

WAYS = ("rdflib", "oxigraph bulk", "kg rdf", "kg graph", "kg graph merge")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000", help="works, comma-separated")
    parser.add_argument("--formats", default="dblp", help="dblp and/or openalex")
    parser.add_argument("--ways", default=",".join(WAYS), help="ways to load")
    parser.add_argument("--keep", type=Path, help="folder to keep generated files")
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=100_000,
        help="largest size for the rdflib baseline (it holds about 1 KB a triple)",
    )
    args = parser.parse_args()

    ways = [w.strip() for w in args.ways.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(_header())
        baselines: dict[str, dict[str, Any]] = {}
        for size in (int(s) for s in args.sizes.split(",")):
            for format in args.formats.split(","):
                data = generated_file(folder, size, format)
                for way in ways:
                    if way == "rdflib" and size > args.baseline_max:
                        print(_skipped(size, format, way))
                        continue
                    row = _measure(way, data, format, Path(scratch))
                    if way == "rdflib" and "error" not in row:
                        baselines[format] = row
                    print(_row(size, format, way, row, baselines.get(format)))


def generated_file(folder: Path, size: int, format: str) -> Path:
    suffix = "xml" if format == "dblp" else "jsonl"
    path = folder / f"works-{size}.{format}.{suffix}"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            WRITERS[format](generate(size), out)
    return path


def _measure(way: str, data: Path, format: str, scratch: Path) -> dict[str, Any]:
    """Run one way of loading in its own process, in a folder thrown away."""
    if way == "oxigraph bulk" and not data.with_suffix(".nt").exists():
        _measure("ntriples", data, format, scratch)
    with tempfile.TemporaryDirectory(dir=scratch) as work_dir:
        measured = run_way(way, data, format, Path(work_dir))
    if "error" not in measured:
        measured["works"] = int(data.name.split("-")[1].split(".")[0])
    return measured


def run_way(way: str, data: Path, format: str, work_dir: Path) -> dict[str, Any]:
    """``bench.load_one`` in a process of its own: its JSON line, or its error."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.load_one", way, str(data), format, str(work_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return {"error": last_line(result.stderr)}
    measured: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def last_line(stderr: str) -> str:
    """What a failed process said last: usually the error itself."""
    return (stderr.strip().splitlines() or ["no output"])[-1]


def _skipped(size: int, format: str, way: str) -> str:
    return (
        f"{size:>9,} {format:<9} {way:<14} skipped: above --baseline-max; "
        f"ratios below use the largest size it ran at"
    )


def _header() -> str:
    return (
        f"{'works':>9} {'format':<9} {'way':<14} {'seconds':>8} {'works/s':>9} "
        f"{'facts/s':>9} {'peak MiB':>9} {'vs rdflib':>9} {'write facts/s':>13}"
    )


def _row(
    size: int,
    format: str,
    way: str,
    row: dict[str, Any],
    baseline: dict[str, Any] | None,
) -> str:
    start = f"{size:>9,} {format:<9} {way:<14}"
    if "error" in row:
        return f"{start} failed: {row['error']}"
    seconds = row["seconds"]
    ratio = ""
    if baseline:
        # Works per second against works per second: the baseline may have
        # run at a smaller size than this row.
        ratio = f"{size / seconds / (baseline['works'] / baseline['seconds']):.2f}x"
    write = ""
    if "write_seconds" in row:
        write = f"{row['facts'] / row['write_seconds']:>13,.0f}"
    return (
        f"{start} {seconds:>8.2f} {size / seconds:>9,.0f} "
        f"{row['facts'] / seconds:>9,.0f} {row['peak_mib']:>9,.0f} {ratio:>9} "
        f"{write}"
    ).rstrip()


def peak_mib() -> float:
    """This process's peak resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(load: Callable[[], int]) -> dict[str, float]:
    started = time.perf_counter()
    facts = load()
    return {
        "seconds": time.perf_counter() - started,
        "facts": facts,
        "peak_mib": peak_mib(),
    }


if __name__ == "__main__":
    main()
