"""Where FalkorDB and Neo4j differ, in one place.

The project's own Cypher (``kg.forms``, ``kg.graph.writer``) keeps to what
both servers run. What does not fit that subset lives here:

============================  ===========================  ==========================
what                          Neo4j 5                      FalkorDB 4
============================  ===========================  ==========================
unique ``id`` per label       ``CREATE CONSTRAINT ...      an index, then the command
                              REQUIRE n.id IS UNIQUE``     ``GRAPH.CONSTRAINT CREATE``
read-only query               a READ transaction           ``GRAPH.RO_QUERY``
time limit                    transaction ``timeout``      the query's ``TIMEOUT``
filling an empty graph        ``UNWIND ... MERGE``         ``GRAPH.BULK`` (see
                                                           ``kg.graph.bulk``)
``SET ... WITH ... WHERE      works                        does nothing (neither the
... DELETE`` in one query                                  SET nor the DELETE)
============================  ===========================  ==========================

The last row is why retracting a source takes two statements everywhere.
"""

from __future__ import annotations

from kg.graph.schema import schema


def neo4j_unique_id(label: str) -> str:
    """The Neo4j statement that makes ``id`` unique (and indexed) on a label."""
    label = schema().label(label)
    return (
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
    )


# Properties besides ``id`` that questions look nodes up by: a page of
# works takes one year's works (kg.forms.year_of_works).
INDEXED = (("Work", "year"),)


def falkordb_id_index(label: str, prop: str = "id") -> str:
    """An index on a property; FalkorDB's unique constraint needs one first."""
    label = schema().label(label)
    if prop not in {"id", *schema().properties.get(label, {})}:
        raise ValueError(f"{prop!r} is not a property of {label}")
    return f"CREATE INDEX FOR (n:{label}) ON (n.{prop})"


def neo4j_index(label: str, prop: str) -> str:
    """The Neo4j statement that indexes a property of a label."""
    label = schema().label(label)
    if prop not in schema().properties.get(label, {}):
        raise ValueError(f"{prop!r} is not a property of {label}")
    return (
        f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS "
        f"FOR (n:{label}) ON (n.{prop})"
    )


def falkordb_unique_id(graph: str, label: str) -> tuple[str, ...]:
    """The Redis command that makes ``id`` unique on a label; it runs async."""
    label = schema().label(label)
    return ("GRAPH.CONSTRAINT", "CREATE", graph, "UNIQUE", "NODE", label,
            "PROPERTIES", "1", "id")  # fmt: skip
