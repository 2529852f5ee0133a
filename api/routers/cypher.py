"""The read-only Cypher endpoint."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.deps import GraphDep, SettingsDep
from api.limits import Turns
from kg.graph.base import to_json
from kg.graph.guard import read_user_query

router = APIRouter(prefix="/cypher", tags=["cypher"])


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, description="A read-only Cypher query")
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="Values for $names in the query"
    )
    timeout_ms: int | None = Field(
        default=None, ge=1, description="Time limit, at most the server's"
    )
    row_limit: int | None = Field(
        default=None, ge=1, description="Most rows, at most the server's"
    )


class CypherAnswer(BaseModel):
    server: str
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    row_limit: int
    timeout_ms: int


@router.post("", response_model=CypherAnswer)
async def run_cypher(
    body: CypherRequest, request: Request, graph: GraphDep, settings: SettingsDep
) -> CypherAnswer:
    """Run a read-only Cypher query; nodes and relationships come as JSON."""
    timeout = min(
        body.timeout_ms or settings.cypher_timeout_ms, settings.cypher_timeout_ms
    )
    limit = min(body.row_limit or settings.cypher_row_limit, settings.cypher_row_limit)
    turns: Turns = request.app.state.cypher_turns
    result = await turns.run(
        read_user_query, graph, body.query, body.parameters, timeout, limit
    )
    return CypherAnswer(
        server=graph.server,
        columns=result.columns,
        rows=[[to_json(value) for value in row] for row in result.rows],
        truncated=result.truncated,
        row_limit=limit,
        timeout_ms=timeout,
    )
