"""How many requests a second the API answers, and how fast, under load.

    python -m bench.api_load --works 10000 --concurrency 8 --seconds 10

    python -m bench.api_load --data-dir /big/kg-data --stores rdf

Loads generated works into a data folder (or takes a folder ``kg load``
filled, with ``--data-dir``), then, for each store, starts ``kg serve`` on
it as a server process and drives it from a separate load generator process
(``bench.api_client``) over loopback: each endpoint in turn, with a fixed
number of concurrent clients for a fixed time. The person asked about is
the one with the most works, the other person the second. Prints requests
per second, the median and 95th percentile latency, and errors.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from kg.config import Settings
from kg.ids import local_id
from kg.loading import load_records
from kg.model import Work
from kg.stores import open_stores
from tests.synthetic import synthetic_records, synthetic_source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--stores", default="rdf,graph")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="serve this folder as `kg load` left it, instead of generated works",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        if args.data_dir:
            data_dir = args.data_dir
            (one, _), (other, _) = _busiest(data_dir)
            about = f"{data_dir}"
        else:
            data_dir = Path(folder)
            one, other = _load(data_dir, args.works)
            about = f"{args.works:,} works"
        paths = {
            "search": "/authors?name=chen",
            "person": f"/authors/{one}",
            "coauthors": f"/authors/{one}/coauthors",
            "shared coauthors": f"/authors/{one}/shared-coauthors?with={other}",
            "path": f"/authors/{one}/path?to={other}",
            "topic drift": f"/authors/{one}/topic-drift",
            "page of works": "/works?limit=25",
        }
        print(
            f"{about}, {args.concurrency} concurrent clients, "
            f"{args.seconds:g} s per endpoint"
        )
        if args.markdown:
            print("| store | endpoint | req/s | p50 ms | p95 ms | errors |")
            print("| --- | --- | ---: | ---: | ---: | ---: |")
        else:
            print(
                f"{'store':<6} {'endpoint':<18} {'req/s':>8} {'p50 ms':>8} "
                f"{'p95 ms':>8} {'errors':>7}"
            )
        for store in args.stores.split(","):
            with _server(data_dir, store) as base:
                for name, path in paths.items():
                    row = _drive(base + path, args.concurrency, args.seconds)
                    cells = [
                        store, name, f"{row['rps']:.1f}", f"{row['p50_ms']:.1f}",
                        f"{row['p95_ms']:.1f}", str(row["errors"]),
                    ]  # fmt: skip
                    print(_line(cells, args.markdown), flush=True)


def _line(cells: list[str], markdown: bool) -> str:
    if markdown:
        return "| " + " | ".join(cells) + " |"
    widths = [6, 18, 8, 8, 8, 7]
    return " ".join(
        f"{cell:<{width}}" if i < 2 else f"{cell:>{width}}"
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    )


def _load(data_dir: Path, works: int) -> tuple[str, str]:
    """Load generated works; return the two busiest people."""
    records = synthetic_records(works)
    with open_stores(Settings(), data_dir) as stores:
        load_records(stores.rdf, synthetic_source(works), records, stores.graph)
    counts = Counter(
        a.person.id for r in records if isinstance(r, Work) for a in r.authorships
    )
    (one, _), (other, _) = counts.most_common(2)
    return one, other


def _busiest(data_dir: Path) -> list[tuple[str, int]]:
    """The two people with the most works in a loaded folder, and their works."""
    query = """
SELECT ?person (COUNT(?work) AS ?works) WHERE { ?work dcterms:creator ?person }
GROUP BY ?person ORDER BY DESC(?works) ?person LIMIT 2
"""
    with open_stores(Settings(), data_dir, graph=False) as stores:
        rows = stores.rdf.select(query)
    return [(str(local_id("person", row["person"])), int(row["works"])) for row in rows]


class _server:
    """``kg serve`` on ``data_dir`` in its own process, answering from ``store``."""

    def __init__(self, data_dir: Path, store: str) -> None:
        self.data_dir = data_dir
        self.store = store
        self.port = _free_port()

    def __enter__(self) -> str:
        command = [sys.executable, "-m", "api", "serve", "--port", str(self.port)]
        command += ["--data-dir", str(self.data_dir), "--store", self.store]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = (
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
                raise SystemExit(f"kg serve exited: {error[-500:]}")
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    return base
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise SystemExit("kg serve did not answer /health within 60 s")

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _drive(url: str, concurrency: int, seconds: float) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-m", "bench.api_client", url, str(concurrency), str(seconds)],
        capture_output=True,
        text=True,
        check=True,
    )
    row: dict[str, float] = json.loads(result.stdout)
    return row


if __name__ == "__main__":
    main()
