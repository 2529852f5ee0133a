"""Is the service up, and what does it hold."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import SettingsDep, StoresDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    answers_from: str
    store: str
    graph: str | None
    holds: dict[str, int]


@router.get("/health", response_model=Health)
def read_health(stores: StoresDep, settings: SettingsDep) -> Health:
    """Say the service is up, which store answers, and what it holds."""
    where = str(stores.rdf.path) if stores.rdf.path else "in memory"
    graph = stores.graph
    return Health(
        status="ok",
        answers_from=stores.describe(settings.store),
        store=f"oxigraph at {where}",
        graph=f"{graph.server} at {graph.url}" if graph else None,
        holds=stores.rdf.summary(),
    )
