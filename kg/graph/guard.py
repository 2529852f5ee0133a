"""What a user's Cypher may not do, checked before it reaches the server.

Writes are refused by the servers' own read-only modes, not here. This
only keeps a query from reaching out of the graph: ``LOAD CSV`` fetches a
URL from the server's host, and a fetch that fails looks like an empty
result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kg.errors import QueryError
from kg.graph.base import CypherResult, PropertyGraph

_WORD = re.compile(r"[A-Za-z_]\w*")


def refuse_fetches(query: str) -> None:
    """Raise QueryError if ``query`` uses LOAD CSV outside strings and comments."""
    words = _keywords(query)
    for first, second in zip(words, words[1:], strict=False):
        if first == "LOAD" and second == "CSV":
            raise QueryError(
                "LOAD CSV is refused: this endpoint answers from the graph and "
                "fetches nothing from elsewhere; load files with 'kg load'",
                code="fetch-refused",
            )


def _keywords(query: str) -> list[str]:
    """The words of a Cypher query, upper-cased, without strings or comments."""
    words: list[str] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char in "'\"`":
            i = _after_quoted(query, i)
        elif query.startswith("//", i):
            end = query.find("\n", i)
            i = n if end < 0 else end
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif (word := _WORD.match(query, i)) is not None:
            words.append(word.group().upper())
            i = word.end()
        else:
            i += 1
    return words


def _after_quoted(query: str, start: int) -> int:
    quote = query[start]
    i = start + 1
    while i < len(query) and query[i] != quote:
        i += 2 if query[i] == "\\" and quote != "`" else 1
    return i + 1


def read_user_query(
    graph: PropertyGraph,
    query: str,
    params: Mapping[str, Any],
    timeout_ms: int,
    row_limit: int,
) -> CypherResult:
    """Run a user's Cypher: read-only, in time, and fetching nothing outside."""
    refuse_fetches(query)
    return graph.read(query, params, timeout_ms=timeout_ms, row_limit=row_limit)
