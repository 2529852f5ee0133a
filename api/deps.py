"""Dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kg.config import Settings
from kg.errors import StoreError
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


StoresDep = Annotated[Stores, Depends(get_stores)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Backend, Depends(get_backend)]
RdfDep = Annotated[RdfStore, Depends(get_rdf)]
GraphDep = Annotated[PropertyGraph, Depends(get_graph)]
