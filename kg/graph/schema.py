"""The property-graph schema, read from ``ontology/property_graph.csv``.

That table maps each RDF class to a node label, each linking RDF property
to a relationship type and each literal property to a node or relationship
property. It is the only list of labels and relationship types the code
writes into Cypher, so no request can put its own text there.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from ontology import PROPERTY_GRAPH_CSV

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Relationship:
    type: str
    start: str
    end: str
    rdf_term: str


@dataclass(frozen=True)
class Schema:
    labels: dict[str, str]  # label -> RDF class
    relationships: dict[str, Relationship]
    properties: dict[str, dict[str, str]]  # label or type -> {property: RDF term}

    def label(self, name: str) -> str:
        """``name`` if it is a node label of the schema; else a ValueError."""
        if name not in self.labels:
            raise ValueError(
                f"{name!r} is not a node label; known: {sorted(self.labels)}"
            )
        return name

    def relationship(self, name: str) -> Relationship:
        if name not in self.relationships:
            raise ValueError(
                f"{name!r} is not a relationship type; known: "
                f"{sorted(self.relationships)}"
            )
        return self.relationships[name]


@cache
def schema() -> Schema:
    """The schema table, read and checked once."""
    labels: dict[str, str] = {}
    relationships: dict[str, Relationship] = {}
    properties: dict[str, dict[str, str]] = {}
    with PROPERTY_GRAPH_CSV.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            name = row["name"]
            if not _IDENTIFIER.match(name):
                raise ValueError(
                    f"{name!r} in {PROPERTY_GRAPH_CSV} is not an identifier"
                )
            if row["element"] == "label":
                labels[name] = row["rdf_term"]
            elif row["element"] == "relationship":
                relationships[name] = Relationship(
                    name, row["from"], row["to"], row["rdf_term"]
                )
            else:
                properties.setdefault(row["on"], {})[name] = row["rdf_term"]
    return Schema(labels, relationships, properties)
