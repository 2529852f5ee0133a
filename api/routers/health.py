"""Is the service up, and what does it hold."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel

from api.deps import SettingsDep, StoresDep
from kg.errors import KGError
from kg.stores import Stores

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    answers_from: str
    store: str
    graph: str | None
    holds: dict[str, int]


@router.get("/health", response_model=Health)
def read_health(stores: StoresDep, settings: SettingsDep, response: Response) -> Health:
    """Say the service is up, which store answers, and what it holds.

    A graph server that does not answer makes the service "degraded" and
    the status 503, so that a container's health check sees it.
    """
    where = str(stores.rdf.path) if stores.rdf.path else "in memory"
    graph = stores.graph
    status, graph_note = "ok", None
    if graph is not None:
        graph_note = f"{graph.server} at {graph.url}"
        try:
            graph.read("RETURN 1", timeout_ms=5000)
        except KGError as error:
            status, graph_note = "degraded", f"{graph_note}: {error.message}"
            response.status_code = 503
    return Health(
        status=status,
        answers_from=stores.describe(settings.store),
        store=f"oxigraph at {where}",
        graph=graph_note,
        holds=_holdings(stores),
    )


def _holdings(stores: Stores) -> dict[str, int]:
    """The counts, taken once: the service only reads, and each count scans."""
    if stores.holdings is None:
        stores.holdings = stores.rdf.summary()
    return stores.holdings
