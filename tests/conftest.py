"""Fixtures shared by every test: the sample page and stores holding it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.loading import load_file
from kg.store import RdfStore

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "author-cluster-jongwoo-ko.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_store() -> Iterator[RdfStore]:
    """An in-memory store holding the sample page; tests must not write to it."""
    store = RdfStore(None)
    load_file(store, SAMPLE)
    yield store
    store.close()


@pytest.fixture
def disk_store(tmp_path: Path) -> Iterator[RdfStore]:
    """An empty on-disk store of the test's own."""
    store = RdfStore(tmp_path / "oxigraph")
    yield store
    store.close()
