"""Dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from kg.config import Settings
from kg.errors import ParameterError, StoreError
from kg.graph import PropertyGraph
from kg.queries import Backend
from kg.rdf_store import RdfStore
from kg.stores import Stores


def get_stores(request: Request) -> Stores:
    stores: Stores = request.app.state.stores
    return stores


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_backend(request: Request) -> Backend:
    """The store the service answers questions from (settings.store)."""
    return get_stores(request).backend(get_settings(request).store)


def get_rdf(request: Request) -> RdfStore:
    return get_stores(request).rdf


def get_graph(request: Request) -> PropertyGraph:
    graph = get_stores(request).graph
    if graph is None:
        raise StoreError(
            "this service runs without a property graph (kg serve --no-graph), "
            "so it cannot answer Cypher; use /sparql, or serve with the graph"
        )
    return graph


def only_known_parameters(request: Request) -> None:
    """Refuse a query parameter the endpoint does not take.

    FastAPI ignores unknown parameters, so a misspelt ``form_year`` would
    quietly answer for every year; saying so is kinder.
    """
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = set(_query_parameters(route.dependant))
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "no parameters"
        raise ParameterError(
            unknown[0], f"is not a parameter of this endpoint, which takes {takes}"
        )


def _query_parameters(dependant: Dependant) -> Iterator[str]:
    yield from (p.alias for p in dependant.query_params)
    for sub in dependant.dependencies:
        yield from _query_parameters(sub)


StoresDep = Annotated[Stores, Depends(get_stores)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Backend, Depends(get_backend)]
RdfDep = Annotated[RdfStore, Depends(get_rdf)]
GraphDep = Annotated[PropertyGraph, Depends(get_graph)]
