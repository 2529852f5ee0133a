"""The FastAPI application."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Depends, FastAPI, Request, Response

from api.deps import only_known_parameters
from api.errors import install_error_handlers
from api.limits import Turns
from api.routers import (
    authors,
    clusters,
    cypher,
    health,
    network,
    sparql,
    topics,
    ui,
    works,
)
from kg.config import Settings
from kg.stores import Stores

STORE_HEADER = "X-KG-Store"


def create_app(stores: Stores, settings: Settings | None = None) -> FastAPI:
    """An app that answers from ``stores``; the caller opens and closes them.

    Every response names, in the ``X-KG-Store`` header, the store that
    answered the REST questions (``rdf (oxigraph)`` or ``graph (falkordb)``).
    """
    settings = settings or Settings()
    app = FastAPI(
        title="Scholarly knowledge graph",
        summary="Works, people, venues and topics, over REST, SPARQL and Cypher.",
        version="0.1.0",
    )
    app.state.stores = stores
    app.state.settings = settings
    app.state.sparql_turns = Turns("SPARQL", settings.sparql_workers)
    app.state.cypher_turns = Turns("Cypher", settings.cypher_workers)
    install_error_handlers(app)
    # The SPARQL protocol's endpoints read their parameters themselves.
    for module in (sparql, cypher):
        app.include_router(module.router)
    for module in (health, authors, topics, works, clusters, network):
        app.include_router(module.router, dependencies=[Depends(only_known_parameters)])
    ui.mount(app)

    answering = stores.describe(settings.store)

    @app.middleware("http")
    async def name_the_store(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers[STORE_HEADER] = answering
        return response

    return app
