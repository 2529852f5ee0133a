"""The FastAPI application."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Depends, FastAPI, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    app.add_middleware(HeadAsGet)

    answering = stores.describe(settings.store)

    @app.middleware("http")
    async def name_the_store(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers[STORE_HEADER] = answering
        return response

    return app


class HeadAsGet:
    """Answer HEAD on every GET endpoint, as link checkers and monitors ask.

    The request is answered as a GET whose body is left out; the headers,
    Content-Length included, are the GET answer's.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)
