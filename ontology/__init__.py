"""The vocabulary as data: the ontology and SHACL shapes in Turtle, and the
mapping from RDF terms to the property graph's labels and relationships,
and the topic scheme (OpenAlex topics, CC0)."""

from pathlib import Path

HERE = Path(__file__).parent
ONTOLOGY_TTL = HERE / "kg.ttl"
SHAPES_TTL = HERE / "shapes.ttl"
PROPERTY_GRAPH_CSV = HERE / "property_graph.csv"
JSONLD_CONTEXT = HERE / "context.jsonld"
TOPICS_CSV = HERE / "openalex_topics.csv"

__all__ = [
    "JSONLD_CONTEXT",
    "ONTOLOGY_TTL",
    "PROPERTY_GRAPH_CSV",
    "SHAPES_TTL",
    "TOPICS_CSV",
]
