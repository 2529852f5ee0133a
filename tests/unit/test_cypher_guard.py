"""The check that keeps a user's Cypher from fetching from elsewhere."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.graph.guard import refuse_fetches


@pytest.mark.parametrize(
    "query",
    [
        "LOAD CSV FROM 'https://127.0.0.1:1/x.csv' AS row RETURN row",
        "load csv with headers from $url as r return r",
        "WITH 1 AS n LOAD /* hidden */ CSV FROM 'file:///etc/passwd' AS r RETURN r",
        "LOAD\nCSV FROM 'x' AS r RETURN r",
    ],
    ids=["plain", "lower-case", "comment-between", "newline-between"],
)
def test_load_csv_is_refused(query: str) -> None:
    with pytest.raises(QueryError) as caught:
        refuse_fetches(query)
    assert caught.value.code == "fetch-refused"


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (w:Work) WHERE w.title = 'LOAD CSV FROM x' RETURN w",
        'RETURN "load csv" AS text',
        "MATCH (n) RETURN n // LOAD CSV in a comment",
        "MATCH (`LOAD CSV`) RETURN 1",
        "MATCH (n:Work) RETURN n.load, n.csv",
    ],
    ids=["single-quoted", "double-quoted", "line-comment", "backticks", "properties"],
)
def test_the_words_in_strings_or_comments_are_not_refused(query: str) -> None:
    refuse_fetches(query)
