"""The SPARQL 1.1 Protocol endpoint, read-only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response

from api.deps import RdfDep
from kg.errors import QueryError, ReadOnlyError
from kg.sparql import parse_accept, run_query

router = APIRouter(prefix="/sparql", tags=["sparql"])

Accept = Annotated[str | None, Header()]
DefaultGraphs = Annotated[list[str], Query(alias="default-graph-uri")]


@router.get("")
def query_by_get(
    store: RdfDep,
    query: Annotated[str, Query(min_length=1, description="A SPARQL query")],
    default_graphs: DefaultGraphs = [],  # noqa: B006 (FastAPI copies it)
    accept: Accept = None,
) -> Response:
    """Run a SPARQL query given in the URL."""
    answer = run_query(store, query, parse_accept(accept), default_graphs)
    return Response(answer.body, media_type=answer.media_type)


@router.post("")
async def query_by_post(
    request: Request,
    store: RdfDep,
    default_graphs: DefaultGraphs = [],  # noqa: B006 (FastAPI copies it)
    accept: Accept = None,
) -> Response:
    """Run a SPARQL query sent as a form or as application/sparql-query."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if content_type == "application/sparql-update":
        raise ReadOnlyError("this endpoint only reads: SPARQL updates are refused")
    if content_type == "application/sparql-query":
        query = (await request.body()).decode("utf-8")
    elif content_type == "application/x-www-form-urlencoded":
        form = await request.form()
        if "update" in form:
            raise ReadOnlyError("this endpoint only reads: SPARQL updates are refused")
        query = str(form.get("query", ""))
        default_graphs = default_graphs + [
            str(g) for g in form.getlist("default-graph-uri")
        ]
    else:
        raise HTTPException(
            415,
            "send the query as application/sparql-query, or as the form field "
            f"'query' (application/x-www-form-urlencoded), not "
            f"{content_type or 'a body without a type'}",
        )
    if not query.strip():
        raise QueryError("the request holds no query", code="missing-query")
    answer = run_query(store, query, parse_accept(accept), default_graphs)
    return Response(answer.body, media_type=answer.media_type)
