"""Heavy queries take turns: a few run at once, the rest wait briefly."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
from starlette.concurrency import run_in_threadpool

from kg.errors import StoreBusyError

T = TypeVar("T")

QUEUE_SECONDS = 10.0


class Turns:
    """At most ``workers`` queries of one kind run at once.

    Queries the server cannot stop (SPARQL on Oxigraph) or that occupy one
    of its few threads (Cypher on FalkorDB) would otherwise crowd out the
    rest of the API. Waiting happens on the event loop, not in a worker
    thread, so queued queries hold no thread that REST answers need; a query
    that waits more than QUEUE_SECONDS is refused.
    """

    def __init__(self, what: str, workers: int) -> None:
        self.what = what
        self.workers = workers
        self._slots = anyio.Semaphore(workers)

    async def run(self, work: Callable[..., T], *args: object) -> T:
        try:
            with anyio.fail_after(QUEUE_SECONDS):
                await self._slots.acquire()
        except TimeoutError as exc:
            raise StoreBusyError(
                f"all {self.workers} {self.what} workers are busy with other "
                f"queries; try again in a moment"
            ) from exc
        try:
            return await run_in_threadpool(work, *args)
        finally:
            self._slots.release()
