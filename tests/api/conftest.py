"""A real HTTP server over a store holding the sample, for the API tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.main import create_app
from kg.loading import load_file
from kg.store import RdfStore

SAMPLE = Path(__file__).parents[1] / "data" / "author-cluster-jongwoo-ko.txt"
STARTUP_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """An HTTP client for a real server that answers from the loaded sample."""
    store = RdfStore(tmp_path_factory.mktemp("http-store") / "store")
    try:
        load_file(store, SAMPLE)
        port = _free_port()
        config = uvicorn.Config(
            create_app(store), host="127.0.0.1", port=port, log_level="warning"
        )
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
                pytest.fail(
                    f"the uvicorn server did not start within {STARTUP_TIMEOUT} s"
                )
            time.sleep(0.02)
        try:
            # A fresh connection per request: after a 500 uvicorn closes the
            # connection, and a pooled one would fail the next test.
            with httpx.Client(
                base_url=f"http://127.0.0.1:{port}",
                headers={"Connection": "close"},
                timeout=30.0,
            ) as http:
                yield http
        finally:
            server.should_exit = True
            thread.join(STARTUP_TIMEOUT)
            assert not thread.is_alive(), "the uvicorn server did not stop"
    finally:
        store.close()
