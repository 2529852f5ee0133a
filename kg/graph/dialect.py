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


def falkordb_id_index(label: str) -> str:
    """FalkorDB's unique constraint needs an index on the property first."""
    label = schema().label(label)
    return f"CREATE INDEX FOR (n:{label}) ON (n.id)"


def falkordb_unique_id(graph: str, label: str) -> tuple[str, ...]:
    """The Redis command that makes ``id`` unique on a label; it runs async."""
    label = schema().label(label)
    return ("GRAPH.CONSTRAINT", "CREATE", graph, "UNIQUE", "NODE", label,
            "PROPERTIES", "1", "id")  # fmt: skip
