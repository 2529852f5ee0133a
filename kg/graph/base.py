"""What every property-graph server offers the project, and what it returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from kg.errors import QueryTimeoutError, ReadOnlyError, StoreError
from kg.forms import Question

Row = dict[str, Any]


@dataclass(frozen=True)
class GraphNode:
    """A node as a Cypher query returned it."""

    id: int | str
    labels: list[str]
    properties: dict[str, Any]


@dataclass(frozen=True)
class GraphRelationship:
    """A relationship as a Cypher query returned it."""

    id: int | str
    type: str
    start: int | str
    end: int | str
    properties: dict[str, Any]


@dataclass(frozen=True)
class GraphPath:
    nodes: list[GraphNode]
    relationships: list[GraphRelationship]


@dataclass(frozen=True)
class CypherResult:
    """The rows of a read query, cut at the row limit if it had more."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    stats: dict[str, float] = field(default_factory=dict)


def rows_as_dicts(result: CypherResult) -> list[Row]:
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def cut(
    columns: list[str], rows: list[list[Any]], row_limit: int | None
) -> CypherResult:
    """The rows up to ``row_limit``, flagged if there were more."""
    truncated = row_limit is not None and len(rows) > row_limit
    kept = rows[:row_limit] if truncated else rows
    return CypherResult(columns=columns, rows=kept, truncated=truncated)


def read_only_error() -> ReadOnlyError:
    return ReadOnlyError(
        "this query would change the graph, and only reading is allowed here"
    )


def timeout_error(timeout_ms: int | None) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"the query ran past its time limit of {timeout_ms} ms and was stopped"
    )


def lost_server_error(server: str, url: str, cause: Exception) -> StoreError:
    return StoreError(
        f"lost the {server} server at {url}: {cause}; check that it runs, then "
        f"run the command again (loads can be rerun safely)"
    )


def to_json(value: Any) -> Any:
    """A query value as JSON: nodes and relationships with their kind.

    Nodes carry ``labels``; relationships carry ``type`` and the ids of
    their ``start`` and ``end`` nodes; both carry ``properties``.
    """
    if isinstance(value, GraphNode):
        return {"kind": "node", **asdict(value)}
    if isinstance(value, GraphRelationship):
        return {"kind": "relationship", **asdict(value)}
    if isinstance(value, GraphPath):
        return {
            "kind": "path",
            "nodes": [to_json(n) for n in value.nodes],
            "relationships": [to_json(r) for r in value.relationships],
        }
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    # Dates, times and durations differ by server and client; ISO text where
    # the value has it, else the value's own text.
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)


class PropertyGraph(Protocol):
    """A property-graph server: FalkorDB or Neo4j.

    Reads run in the server's own read-only mode, so a query that would
    write is refused by the server before it changes anything.
    """

    kind: str
    server: str
    url: str

    def ask(self, question: Question, params: Mapping[str, Any]) -> list[Row]:
        """Answer a question of ``kg.forms`` in its Cypher form."""
        ...

    def read(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_limit: int | None = None,
    ) -> CypherResult:
        """Run a read-only query, stopped after ``timeout_ms``."""
        ...

    def write(self, query: str, params: Mapping[str, Any] | None = None) -> None:
        """Run one writing statement as one transaction: all of it or nothing."""
        ...

    def ensure_unique_ids(self, labels: list[str]) -> None:
        """Index ``id`` on each label and make it unique (before any load)."""
        ...

    def clear(self) -> None:
        """Delete the whole graph."""
        ...

    def close(self) -> None: ...
