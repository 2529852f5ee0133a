"""A load generator: concurrent clients asking one URL for a while.

    python -m bench.api_client URL CONCURRENCY SECONDS

Runs in a process of its own, so that the server under test does not share
an interpreter (or its GIL) with the clients. Prints one JSON line with
requests per second, median and 95th percentile latency, and errors
(answers other than 200, and failed connections).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time

import httpx


async def _client(
    http: httpx.AsyncClient, url: str, deadline: float, latencies: list[float]
) -> int:
    errors = 0
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            response = await http.get(url)
            if response.status_code != 200:
                errors += 1
        except httpx.HTTPError:
            errors += 1
        latencies.append(time.perf_counter() - started)
    return errors


async def drive(url: str, concurrency: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:
        await http.get(url)  # warm up: the first answer fills the caches
        started = time.perf_counter()
        deadline = started + seconds
        errors = await asyncio.gather(
            *(_client(http, url, deadline, latencies) for _ in range(concurrency))
        )
        elapsed = time.perf_counter() - started
    ms = sorted(t * 1000 for t in latencies)
    return {
        "requests": len(ms),
        "rps": len(ms) / elapsed,
        "p50_ms": statistics.median(ms),
        "p95_ms": statistics.quantiles(ms, n=20)[-1] if len(ms) > 1 else ms[0],
        "errors": sum(errors),
    }


def main() -> None:
    url, concurrency, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    print(json.dumps(asyncio.run(drive(url, concurrency, seconds))))


if __name__ == "__main__":
    main()
