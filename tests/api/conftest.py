"""A real HTTP server over a store holding the sample, for the API tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from api.main import create_app
from kg.config import Settings
from kg.graph import EmbeddedFalkorDB
from kg.loading import load_file
from kg.rdf_store import RdfStore
from kg.stores import Stores
from tests.conftest import new_graph

SAMPLE = Path(__file__).parents[1] / "data" / "author-cluster-jongwoo-ko.txt"
STARTUP_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module", params=["rdf", "graph"])
def client(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    falkordb_server: EmbeddedFalkorDB,
) -> Iterator[httpx.Client]:
    """An HTTP client for a real server answering from the loaded sample.

    Every API test runs twice: once answered by the RDF store and once by
    the property graph, and must pass the same either way.
    """
    folder = tmp_path_factory.mktemp("http-store")
    store = RdfStore(folder / "oxigraph")
    graph = new_graph(falkordb_server)
    try:
        load_file(store, SAMPLE, graph=graph)
        stores = Stores(rdf=store, graph=graph, data_dir=folder)
        app = create_app(stores, Settings(store=request.param))
        with _serving(app) as base_url:
            # A fresh connection per request: after a 500 uvicorn closes the
            # connection, and a pooled one would fail the next test.
            with httpx.Client(
                base_url=base_url, headers={"Connection": "close"}, timeout=30.0
            ) as http:
                yield http
    finally:
        graph.clear()
        graph.close()
        store.close()


@contextmanager
def _serving(app: FastAPI) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free port in a thread; yield its URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive():
            pytest.fail("the uvicorn server thread ended before it started")
        if time.monotonic() > deadline:
            server.should_exit = True
            thread.join(STARTUP_TIMEOUT)
            pytest.fail(f"the uvicorn server did not start within {STARTUP_TIMEOUT} s")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(STARTUP_TIMEOUT)
        assert not thread.is_alive(), "the uvicorn server did not stop"
