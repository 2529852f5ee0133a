"""Is the service up, and what does it hold."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import StoreDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    store: str
    holds: dict[str, int]


@router.get("/health", response_model=Health)
def read_health(store: StoreDep) -> Health:
    """Say the service is up and count what the store holds."""
    where = str(store.path) if store.path else "in memory"
    return Health(status="ok", store=f"oxigraph at {where}", holds=store.summary())
