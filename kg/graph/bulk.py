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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Value types of the blob format.
_BOOL, _DOUBLE, _STRING, _LONG, _ARRAY = 1, 2, 3, 4, 5

# A command well under Redis's limits (512 MB a blob, 1 GB a query), and
# small enough that the blobs waiting to be sent stay a small part of a load.
MAX_QUERY_BYTES = 32_000_000
# Entities encoded at a time, between checks of a command's size.
_CHUNK = 4096


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


@dataclass
class Group:
    """Entities of one name and one set of property names (``keys``, sorted).

    A node group's ``members`` are property mappings; a relationship
    group's are (start, end, properties), the ends being node numbers.
    """

    name: str
    keys: tuple[str, ...]
    members: list[Any]


@dataclass
class BulkPlan:
    """What a graph built in bulk holds, in the order it is sent.

    The server numbers nodes in the order they arrive: the members of
    ``nodes[0]`` are 0, 1, ..., and each next group goes on from there.
    """

    nodes: list[Group]
    relationships: list[Group]

    @classmethod
    def of(
        cls, nodes: Sequence[BulkNode], relationships: Sequence[BulkRelationship]
    ) -> BulkPlan:
        """Nodes grouped by label and property names, relationships renumbered."""
        groups: dict[tuple[str, tuple[str, ...]], list[int]] = {}
        for place, node in enumerate(nodes):
            groups.setdefault(grouping(node.label, node.properties), []).append(place)
        number = [0] * len(nodes)
        sent = 0
        plan = cls([], [])
        for (label, keys), places in groups.items():
            for place in places:
                number[place] = sent
                sent += 1
            plan.nodes.append(Group(label, keys, [nodes[p].properties for p in places]))
        linked: dict[tuple[str, tuple[str, ...]], Group] = {}
        for rel in relationships:
            key = grouping(rel.type, rel.properties)
            group = linked.get(key)
            if group is None:
                group = linked[key] = Group(*key, [])
                plan.relationships.append(group)
            group.members.append((number[rel.start], number[rel.end], rel.properties))
        return plan


def grouping(name: str, properties: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The blob an entity goes in: its name and its property names, sorted."""
    return name, tuple(sorted(properties))


_LONG_VALUE = struct.Struct("=Bq").pack
_DOUBLE_VALUE = struct.Struct("=Bd").pack
_BOOL_VALUE = struct.Struct("=B?").pack
_ENDS = struct.Struct("=QQ").pack


def _string(text: str) -> bytes:
    if "\0" in text:
        raise ValueError(f"GRAPH.BULK cannot hold a NUL character: {text!r}")
    return b"\x03" + text.encode("utf-8") + b"\0"


def _array(values: Sequence[Any]) -> bytes:
    return _LONG_VALUE(_ARRAY, len(values)) + b"".join([value(x) for x in values])


_ENCODE: dict[type, Callable[[Any], bytes]] = {
    str: _string,
    int: lambda v: _LONG_VALUE(_LONG, v),
    float: lambda v: _DOUBLE_VALUE(_DOUBLE, v),
    bool: lambda v: _BOOL_VALUE(_BOOL, v),
    list: _array,
    tuple: _array,
}


def value(v: Any) -> bytes:
    """One property value with its type; a ValueError for any other kind."""
    encode = _ENCODE.get(type(v))
    if encode is not None:
        return encode(v)
    # Subclasses (a StrEnum member is a str), as the client would send them.
    for plain in (bool, str, int, float, list, tuple):
        if isinstance(v, plain):
            return value(plain(v))
    raise ValueError(f"GRAPH.BULK cannot hold {type(v).__name__} value {v!r}")


def _text(text: str) -> bytes:
    return _string(text)[1:]


def _header(group: Group) -> bytes:
    return (
        _text(group.name)
        + struct.pack("=I", len(group.keys))
        + b"".join(_text(key) for key in group.keys)
    )


def _nodes(keys: tuple[str, ...], members: Sequence[Mapping[str, Any]]) -> bytes:
    encode = _ENCODE
    try:
        # The common types without a call to value() per value.
        values = [
            encode[type(v)](v) for props in members for k in keys for v in (props[k],)
        ]
    except KeyError:
        values = [value(props[k]) for props in members for k in keys]
    return b"".join(values)


def _relationships(keys: tuple[str, ...], members: Sequence[Any]) -> bytes:
    encode = _ENCODE
    try:
        values = [
            _ENDS(start, end)
            + b"".join([encode[type(props[k])](props[k]) for k in keys])
            for start, end, props in members
        ]
    except KeyError:
        values = [
            _ENDS(start, end) + b"".join([value(props[k]) for k in keys])
            for start, end, props in members
        ]
    return b"".join(values)


@dataclass
class _Command:
    """One ``GRAPH.BULK`` command being filled, blob by blob."""

    nodes: int = 0
    relationships: int = 0
    size: int = 0
    labels: list[list[bytes]] = field(default_factory=list)
    types: list[list[bytes]] = field(default_factory=list)
    last: Group | None = None

    def add(self, group: Group, is_node: bool, count: int, data: bytes) -> None:
        blobs = self.labels if is_node else self.types
        if group is not self.last:
            blobs.append([_header(group)])
            self.last = group
        blobs[-1].append(data)
        self.size += len(data)
        if is_node:
            self.nodes += count
        else:
            self.relationships += count

    def arguments(self, graph: str, first: bool) -> list[Any]:
        command: list[Any] = ["GRAPH.BULK", graph, *(["BEGIN"] if first else [])]
        command += [self.nodes, self.relationships, len(self.labels), len(self.types)]
        return command + [b"".join(parts) for parts in self.labels + self.types]


def commands(
    graph: str, plan: BulkPlan, max_bytes: int | None = None
) -> Iterator[list[Any]]:
    """The ``GRAPH.BULK`` commands that create ``graph`` holding ``plan``.

    Entities are grouped in blobs by name and property names, so a node
    lacking a property is sent without it, never as a null. Each command
    holds about ``max_bytes`` of blobs; the first begins the graph, the
    others add to it.
    """
    max_bytes = max_bytes or MAX_QUERY_BYTES
    command = _Command()
    first = True
    for is_node, groups in ((True, plan.nodes), (False, plan.relationships)):
        encode = _nodes if is_node else _relationships
        for group in groups:
            members = group.members
            for start in range(0, len(members), _CHUNK):
                chunk = members[start : start + _CHUNK]
                command.add(group, is_node, len(chunk), encode(group.keys, chunk))
                if command.size >= max_bytes:
                    yield command.arguments(graph, first)
                    command, first = _Command(), False
    if command.nodes or command.relationships:
        yield command.arguments(graph, first)


def queries(
    graph: str,
    nodes: Sequence[BulkNode],
    relationships: Sequence[BulkRelationship],
    max_bytes: int | None = None,
) -> Iterator[list[Any]]:
    """The commands that create ``graph`` holding exactly these."""
    return commands(graph, BulkPlan.of(nodes, relationships), max_bytes)
