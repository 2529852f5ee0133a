"""FalkorDB's bulk path: ``GRAPH.BULK``, which builds a new graph key at once.

The command takes binary blobs, one per label or relationship type and set
of property names (https://docs.falkordb.com/design/bulk-spec.html): a
header (the name, then the property names) and, per entity, each value
with its type. A relationship names its end nodes by their place in the
order the nodes were sent (the first node sent is 0).

Why not the ``falkordb-bulk-loader`` package (BSD-3-Clause, on PyPI), which
drives the same command from CSV files: it changes values on the way. Even
with ``--enforce-schema`` it strips the spaces around every value, reads an
empty cell as no property, and guesses the type of every list element from
its text: the list ``['1234567890123456', '12345678901234e5', 'true',
' padded ']`` came back as ``[1234567890123456, 1.2345678901234e+18, True,
'padded']`` (falkordb-bulk-loader 1.2.0 on FalkorDB 4.16). Names,
institutions and keywords are free text from the sources, so a graph built
that way could differ from one the MERGE statements build. Here each value
keeps its Python type: str, int, float, bool and lists of them.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Value types of the blob format.
_BOOL, _DOUBLE, _STRING, _LONG, _ARRAY = 1, 2, 3, 4, 5

# A query well under Redis's limits (512 MB a blob, 1 GB a query).
MAX_QUERY_BYTES = 64_000_000


@dataclass(frozen=True)
class BulkNode:
    label: str
    properties: Mapping[str, Any]


@dataclass(frozen=True)
class BulkRelationship:
    """``start`` and ``end`` are places in the list of nodes."""

    type: str
    start: int
    end: int
    properties: Mapping[str, Any]


BulkPlan = tuple[Sequence[BulkNode], Sequence[BulkRelationship]]
"""What a graph built in bulk holds: its nodes, then its relationships."""


_LONG_VALUE = struct.Struct("=Bq").pack
_DOUBLE_VALUE = struct.Struct("=Bd").pack
_BOOL_VALUE = struct.Struct("=B?").pack


def value(v: Any) -> bytes:
    """One property value with its type; a ValueError for any other kind."""
    kind = type(v)
    if kind is str:
        return b"\x03" + _text(v)
    if kind is int:
        return _LONG_VALUE(_LONG, v)
    if kind is list or kind is tuple:
        return _LONG_VALUE(_ARRAY, len(v)) + b"".join([value(x) for x in v])
    if kind is float:
        return _DOUBLE_VALUE(_DOUBLE, v)
    if kind is bool:
        return _BOOL_VALUE(_BOOL, v)
    # Subclasses (a StrEnum member is a str), as the client would send them.
    for plain in (bool, str, int, float, list, tuple):
        if isinstance(v, plain):
            return value(plain(v))
    raise ValueError(f"GRAPH.BULK cannot hold {kind.__name__} value {v!r}")


def _text(text: str) -> bytes:
    if "\0" in text:
        raise ValueError(f"GRAPH.BULK cannot hold a NUL character: {text!r}")
    return text.encode("utf-8") + b"\0"


def _header(name: str, keys: Sequence[str]) -> bytes:
    return (
        _text(name)
        + struct.pack("=I", len(keys))
        + b"".join(_text(key) for key in keys)
    )


@dataclass
class _Blob:
    """Entities of one name and one set of property names."""

    header: bytes
    keys: tuple[str, ...]
    parts: list[bytes]

    def add(self, prefix: bytes, properties: Mapping[str, Any]) -> int:
        data = prefix + b"".join([value(properties[k]) for k in self.keys])
        self.parts.append(data)
        return len(data)

    def take(self) -> bytes:
        data = self.header + b"".join(self.parts)
        self.parts = []
        return data


def queries(
    graph: str,
    nodes: Sequence[BulkNode],
    relationships: Sequence[BulkRelationship],
    max_bytes: int = MAX_QUERY_BYTES,
) -> Iterator[list[Any]]:
    """The ``GRAPH.BULK`` commands that create ``graph`` holding exactly these.

    Entities are grouped in blobs by name and property names, so a node
    lacking a property is sent without it, never as a null.
    """
    pending: dict[tuple[str, str, tuple[str, ...]], _Blob] = {}
    counts = {"n": 0, "r": 0, "bytes": 0}
    first = True

    def flush() -> list[Any]:
        nonlocal first
        command: list[Any] = ["GRAPH.BULK", graph]
        if first:
            command.append("BEGIN")
            first = False
        labels = [b for key, b in pending.items() if b.parts and key[0] == "n"]
        types = [b for key, b in pending.items() if b.parts and key[0] == "r"]
        command += [counts["n"], counts["r"], len(labels), len(types)]
        command += [b.take() for b in labels + types]
        counts.update(n=0, r=0, bytes=0)
        return command

    def add(kind: str, name: str, prefix: bytes, properties: Mapping[str, Any]) -> bool:
        key = (kind, name, tuple(sorted(properties)))
        blob = pending.get(key)
        if blob is None:
            blob = pending[key] = _Blob(_header(name, key[2]), key[2], [])
        if not blob.parts:
            counts["bytes"] += len(blob.header)
        counts["bytes"] += blob.add(prefix, properties)
        counts[kind] += 1
        return counts["bytes"] >= max_bytes

    # The server numbers nodes in the order of the blobs, so the nodes are
    # sent blob by blob, and each relationship names its ends by that order.
    groups: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for place, node in enumerate(nodes):
        key = (node.label, tuple(sorted(node.properties)))
        groups.setdefault(key, []).append(place)
    sent = [place for members in groups.values() for place in members]
    node_id = [0] * len(nodes)
    for number, place in enumerate(sent):
        node_id[place] = number
    for place in sent:
        node = nodes[place]
        if add("n", node.label, b"", node.properties):
            yield flush()
    for rel in relationships:
        prefix = struct.pack("=QQ", node_id[rel.start], node_id[rel.end])
        if add("r", rel.type, prefix, rel.properties):
            yield flush()
    if counts["n"] or counts["r"]:
        yield flush()
