"""Read-only SPARQL: run a user's query and serialise the answer.

A query runs over the union of all source graphs unless the caller names
default graphs (the SPARQL 1.1 Protocol's ``default-graph-uri``). The
project's prefixes (kgo:, dcterms:, foaf:, fabio:, ...) are predeclared.
Updates are refused before anything runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseUpdate

from kg.errors import FormatError, QueryError, ReadOnlyError
from kg.rdf_store import RdfStore
from kg.vocab import PREFIXES

# Deeper than any real query; Oxigraph's parser crashed on 5,000 levels.
MAX_NESTING = 100

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
    named_graphs: Sequence[str] = (),
) -> Answer:
    """Run a read-only query; serialise it in the first acceptable type.

    ``accept`` lists media types in the caller's order of preference; an
    empty list or ``*/*`` takes the default for the kind of answer. Without
    ``default_graphs`` or a FROM clause, the default graph is the union of
    all loaded files.

    Raises:
        ReadOnlyError: the text is a SPARQL update.
        QueryError: the query does not parse (the parser's message is
            quoted), nests too deeply, or asks another endpoint (SERVICE).
    """
    shape = scan(query)
    if not query.strip():
        raise QueryError("the query is empty", code="missing-query")
    if shape.depth > MAX_NESTING:
        raise QueryError(
            f"the query nests groups or brackets {shape.depth} deep; the limit "
            f"is {MAX_NESTING}",
            code="query-too-deep",
        )
    if "SERVICE" in shape.keywords:
        raise QueryError(
            "federated queries (SERVICE) are refused: this endpoint answers "
            "from its own graph and fetches nothing from elsewhere",
            code="service-refused",
        )

    try:
        dataset = _dataset(shape, default_graphs, named_graphs)
        result = store.oxigraph.query(query, prefixes=PREFIXES, **dataset)
    except SyntaxError as exc:
        if _is_update(query):
            raise ReadOnlyError(
                "this endpoint only reads: SPARQL updates (INSERT, DELETE, LOAD, "
                "CLEAR, ...) are refused; load files with 'kg load' instead"
            ) from exc
        raise QueryError(_syntax_message(query, shape, exc)) from exc

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


def _dataset(
    shape: QueryShape, default_graphs: Sequence[str], named_graphs: Sequence[str]
) -> dict[str, Any]:
    """The dataset arguments: the protocol's graphs, the query's, or the union."""
    try:
        defaults = [ox.NamedNode(iri) for iri in default_graphs]
        named = [ox.NamedNode(iri) for iri in named_graphs]
    except ValueError as exc:
        raise QueryError(
            f"a default-graph-uri or named-graph-uri is not an IRI: {exc}",
            code="bad-graph-uri",
        ) from exc
    dataset: dict[str, Any] = {}
    if named:
        dataset["named_graphs"] = named
    if defaults:
        dataset["default_graph"] = defaults
    elif "FROM" not in shape.keywords:
        dataset["use_default_graph_as_union"] = True
    return dataset


def _syntax_message(query: str, shape: QueryShape, error: SyntaxError) -> str:
    declared = set(PREFIXES) | set(_DECLARED.findall(query))
    unknown = sorted(shape.prefixes - declared)
    if unknown:
        return (
            f"the SPARQL query uses the prefix {unknown[0]}: without declaring "
            f"it; declared already: {', '.join(PREFIXES)}. The parser says: {error}"
        )
    return f"the SPARQL query does not parse: {error}"


_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class QueryShape:
    """What a look at the query text finds before any parser runs."""

    depth: int
    keywords: frozenset[str]
    prefixes: frozenset[str]  # the prefixes of prefixed names, as used


def scan(query: str) -> QueryShape:
    """Measure bracket nesting and find keywords, outside strings and IRIs.

    The parser recurses on nesting, and a few thousand levels crash it, so
    depth is checked first. Strings, IRIs and comments are skipped so that
    a title containing "{" or "SERVICE" is not mistaken for either.
    """
    depth = deepest = 0
    keywords: set[str] = set()
    prefixes: set[str] = set()
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char in "\"'":
            i = _skip_string(query, i)
            continue
        if char == "<" and (end := _iri_end(query, i)) is not None:
            i = end
            continue
        if char == "#":
            newline = query.find("\n", i)
            i = n if newline < 0 else newline
            continue
        if char in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})":
            depth -= 1
        elif char.isalpha() and (
            i == 0 or query[i - 1] not in "?$:_" and not query[i - 1].isalnum()
        ):
            word = _WORD.match(query, i)
            assert word is not None
            if query.startswith(":", word.end()):
                prefixes.add(word.group())
            else:
                keywords.add(word.group().upper())
            i = word.end()
            continue
        i += 1
    return QueryShape(deepest, frozenset(keywords), frozenset(prefixes))


_WORD = re.compile(r"[A-Za-z][\w-]*")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


def _iri_end(query: str, start: int) -> int | None:
    match = _IRI.match(query, start)
    return match.end() if match else None


def _skip_string(query: str, start: int) -> int:
    quote = query[start]
    long_quote = quote * 3
    if query.startswith(long_quote, start):
        end = query.find(long_quote, start + 3)
        while end > 0 and query[end - 1] == "\\":
            end = query.find(long_quote, end + 1)
        return len(query) if end < 0 else end + 3
    i = start + 1
    while i < len(query) and query[i] != quote:
        i += 2 if query[i] == "\\" else 1
    return i + 1


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
