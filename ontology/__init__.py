"""The vocabulary as data: the ontology and the SHACL shapes, in Turtle."""

from pathlib import Path

HERE = Path(__file__).parent
ONTOLOGY_TTL = HERE / "kg.ttl"
SHAPES_TTL = HERE / "shapes.ttl"

__all__ = ["ONTOLOGY_TTL", "SHAPES_TTL"]
