"""Read-only SPARQL: run a user's query and serialise the answer.

A query runs over the union of all source graphs unless the caller names
default graphs (the SPARQL 1.1 Protocol's ``default-graph-uri``). The
project's prefixes (kgo:, dcterms:, foaf:, fabio:, ...) are predeclared.
Updates are refused before anything runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseUpdate

from kg.errors import FormatError, QueryError, ReadOnlyError
from kg.store import RdfStore
from kg.vocab import PREFIXES

# Media types by the kind of answer, the first of each being the default.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


def run_query(
    store: RdfStore,
    query: str,
    accept: Sequence[str],
    default_graphs: Sequence[str] = (),
) -> Answer:
    """Run a read-only query; serialise it in the first acceptable type.

    ``accept`` lists media types in the caller's order of preference; an
    empty list or ``*/*`` takes the default for the kind of answer.

    Raises:
        ReadOnlyError: the text is a SPARQL update.
        QueryError: the query does not parse; the parser's message is quoted.
    """
    graphs = [ox.NamedNode(iri) for iri in default_graphs] or None
    try:
        result = store.oxigraph.query(
            query,
            prefixes=PREFIXES,
            use_default_graph_as_union=graphs is None,
            default_graph=graphs,
        )
    except SyntaxError as exc:
        if _is_update(query):
            raise ReadOnlyError(
                "this endpoint only reads: SPARQL updates (INSERT, DELETE, LOAD, "
                "CLEAR, ...) are refused; load files with 'kg load' instead"
            ) from exc
        raise QueryError(f"the SPARQL query does not parse: {exc}") from exc
    except ValueError as exc:
        raise QueryError(f"bad default-graph-uri: {exc}") from exc

    offered: dict[str, Any] = (
        GRAPH_TYPES if isinstance(result, ox.QueryTriples) else RESULT_TYPES
    )
    media_type = _negotiate(accept, offered)
    if media_type is None:
        # Drop the result here: Oxigraph's result objects must be freed on
        # the thread that made them, and an exception would carry it away.
        del result
        raise FormatError(
            f"cannot answer in {', '.join(accept)}; this query's answer can be "
            f"given as {', '.join(offered)}"
        )
    body = result.serialize(format=offered[media_type])
    assert body is not None
    return Answer(body=body, media_type=media_type)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except ParseException:
        return False
    return True


def _negotiate(accept: Sequence[str], offered: dict[str, Any]) -> str | None:
    """The first offered type the caller accepts, or None if there is none."""
    default = next(iter(offered))
    if not accept:
        return default
    for wanted in accept:
        if wanted in offered:
            return wanted
        if wanted in ("*/*", "application/*", "text/*"):
            prefix = wanted.removesuffix("*")
            return next((t for t in offered if t.startswith(prefix)), default)
    return None


def parse_accept(header: str | None) -> list[str]:
    """Media types of an Accept header, most preferred first (by q, then order)."""
    if not header:
        return []
    ranked = []
    for index, part in enumerate(header.split(",")):
        media_type, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type and quality > 0:
            ranked.append((-quality, index, media_type.lower()))
    return [media_type for _, _, media_type in sorted(ranked)]
