"""Dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kg.config import Settings
from kg.store import RdfStore


def get_store(request: Request) -> RdfStore:
    store: RdfStore = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[RdfStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
