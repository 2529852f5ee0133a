"""Neo4j 5, the production property graph, through the official driver (Bolt)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from itertools import islice
from typing import Any

from kg.errors import QueryError, StoreError
from kg.forms import Question
from kg.graph import dialect
from kg.graph.base import (
    CypherResult,
    GraphNode,
    GraphPath,
    GraphRelationship,
    Row,
    cut,
    lost_server_error,
    read_only_error,
    rows_as_dicts,
    timeout_error,
)


class Neo4jGraph:
    """A database on a Neo4j server."""

    kind = "graph"
    server = "neo4j"

    def __init__(
        self,
        url: str,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> None:
        import neo4j

        self._neo4j = neo4j
        self.url = url
        self.database = database
        auth = (user, password or "") if user else None
        try:
            self._driver = neo4j.GraphDatabase.driver(url, auth=auth)
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise StoreError(f"KG_GRAPH_URL {url!r} is not a Neo4j URL: {exc}") from exc
        try:
            self._driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            self._driver.close()
            raise StoreError(
                f"cannot reach Neo4j at {url}: {exc}; check the URL, the user and "
                f"password settings (KG_GRAPH_USER, KG_GRAPH_PASSWORD), and that "
                f"the server is up"
            ) from exc

    def ask(self, question: Question, params: Mapping[str, Any]) -> list[Row]:
        return rows_as_dicts(self.read(question.cypher, params))

    def read(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_limit: int | None = None,
    ) -> CypherResult:
        timeout = None if timeout_ms is None else timeout_ms / 1000
        statement = self._neo4j.Query(query, timeout=timeout)
        with self._errors(timeout_ms), self._session(read=True) as session:
            result = session.run(statement, dict(params or {}))
            columns = list(result.keys())
            stop = None if row_limit is None else row_limit + 1
            records = list(islice(result, stop))
            result.consume()
        rows = [[_plain(value) for value in record.values()] for record in records]
        return cut(columns, rows, row_limit)

    def write(self, query: str, params: Mapping[str, Any] | None = None) -> None:
        def work(tx: Any) -> None:
            tx.run(query, dict(params or {})).consume()

        with self._errors(None), self._session(read=False) as session:
            session.execute_write(work)

    def ensure_unique_ids(self, labels: list[str]) -> None:
        for label in labels:
            self.write(dialect.neo4j_unique_id(label))
        for label, prop in dialect.INDEXED:
            self.write(dialect.neo4j_index(label, prop))

    def clear(self) -> None:
        self.write("MATCH (n) DETACH DELETE n")

    def close(self) -> None:
        self._driver.close()

    def _session(self, read: bool) -> Any:
        mode = self._neo4j.READ_ACCESS if read else self._neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    @contextlib.contextmanager
    def _errors(self, timeout_ms: int | None) -> Iterator[None]:
        exceptions = self._neo4j.exceptions
        try:
            yield
        except (
            exceptions.ServiceUnavailable,
            exceptions.SessionExpired,
            exceptions.TransientError,
            exceptions.DriverError,
        ) as exc:
            raise lost_server_error("Neo4j", self.url, exc) from exc
        except exceptions.Neo4jError as exc:
            code = exc.code or ""
            if "AccessMode" in code or "ForbiddenDueToTransactionType" in code:
                raise read_only_error() from exc
            if "Timeout" in code or "TimedOut" in code:
                raise timeout_error(timeout_ms) from exc
            raise QueryError(f"Neo4j refused the query: {exc.message}") from exc


def _plain(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return GraphNode(value.element_id, sorted(value.labels), dict(value.items()))
    if isinstance(value, Relationship):
        start = value.start_node.element_id if value.start_node else ""
        end = value.end_node.element_id if value.end_node else ""
        return GraphRelationship(
            value.element_id, value.type, start, end, dict(value.items())
        )
    if isinstance(value, Path):
        return GraphPath(
            [_plain(n) for n in value.nodes], [_plain(r) for r in value.relationships]
        )
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
