"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routers import authors, health, sparql, works
from kg.config import Settings
from kg.store import RdfStore


def create_app(store: RdfStore, settings: Settings | None = None) -> FastAPI:
    """An app that answers from ``store``; the caller opens and closes it."""
    app = FastAPI(
        title="Scholarly knowledge graph",
        summary="Works, people, venues and topics, over REST and SPARQL.",
        version="0.1.0",
    )
    app.state.store = store
    app.state.settings = settings or Settings()
    install_error_handlers(app)
    for module in (health, authors, works, sparql):
        app.include_router(module.router)
    return app
