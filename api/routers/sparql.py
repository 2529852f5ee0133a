"""The SPARQL 1.1 Protocol endpoint, read-only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response

from api.deps import RdfDep
from api.limits import Turns
from kg.errors import ParameterError, ReadOnlyError
from kg.rdf_store import RdfStore
from kg.sparql import parse_accept, run_query

router = APIRouter(prefix="/sparql", tags=["sparql"])

Accept = Annotated[str | None, Header()]
DefaultGraphs = Annotated[list[str], Query(alias="default-graph-uri")]
NamedGraphs = Annotated[list[str], Query(alias="named-graph-uri")]
REFUSED = "this endpoint only reads: SPARQL updates are refused"


@router.get("")
async def query_by_get(
    request: Request,
    store: RdfDep,
    default_graphs: DefaultGraphs = [],  # noqa: B006 (FastAPI copies it)
    named_graphs: NamedGraphs = [],  # noqa: B006
    accept: Accept = None,
) -> Response:
    """Run a SPARQL query given in the URL (``query=``)."""
    if "update" in request.query_params:
        raise ReadOnlyError(REFUSED)
    query = _one_query(request.query_params.getlist("query"))
    return await _answer(request, store, query, accept, default_graphs, named_graphs)


@router.post("")
async def query_by_post(
    request: Request,
    store: RdfDep,
    default_graphs: DefaultGraphs = [],  # noqa: B006 (FastAPI copies it)
    named_graphs: NamedGraphs = [],  # noqa: B006
    accept: Accept = None,
) -> Response:
    """Run a SPARQL query sent as a form or as application/sparql-query."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if content_type == "application/sparql-update":
        raise ReadOnlyError(REFUSED)
    if content_type == "application/sparql-query":
        if "query" in request.query_params:
            raise ParameterError("query", "is given twice: in the URL and the body")
        query = _decoded(await request.body())
    elif content_type == "application/x-www-form-urlencoded":
        form = await request.form()
        if "update" in form:
            raise ReadOnlyError(REFUSED)
        texts = [str(q) for q in form.getlist("query")]
        query = _one_query(texts + request.query_params.getlist("query"))
        default_graphs = default_graphs + [
            str(g) for g in form.getlist("default-graph-uri")
        ]
        named_graphs = named_graphs + [str(g) for g in form.getlist("named-graph-uri")]
    else:
        raise HTTPException(
            415,
            "send the query as application/sparql-query, or as the form field "
            f"'query' (application/x-www-form-urlencoded), not "
            f"{content_type or 'a body without a type'}",
        )
    return await _answer(request, store, query, accept, default_graphs, named_graphs)


def _one_query(texts: list[str]) -> str:
    if not texts or not any(t.strip() for t in texts):
        raise ParameterError("query", "is missing or empty; send a SPARQL query")
    if len(texts) > 1:
        raise ParameterError("query", f"is given {len(texts)} times; send one")
    return texts[0]


def _decoded(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParameterError(
            "query", f"is not UTF-8 (byte 0x{body[exc.start]:02x} at {exc.start})"
        ) from exc


async def _answer(
    request: Request,
    store: RdfStore,
    query: str,
    accept: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
) -> Response:
    """Run the query on a worker thread, when its turn comes."""
    turns: Turns = request.app.state.sparql_turns
    answer = await turns.run(
        run_query, store, query, parse_accept(accept), default_graphs, named_graphs
    )
    return Response(answer.body, media_type=answer.media_type)
