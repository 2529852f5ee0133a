"""One source's records as the nodes and relationships they state, merged.

The bulk path (``kg.graph.writer``) plans the graph here, straight from the
records, as they are read: each (label, id) is one node holding the union
of what its rows say, and each relationship one per ends and key, exactly
as the MERGE statements of ``kg.graph.writer`` make them on a graph that
holds none of them (``tests/integration/test_graph_bulk.py`` compares the
two graphs). What the rows would repeat (a person on many works, a venue
on each of its papers) is merged here, not kept row by row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kg import ids
from kg.graph.bulk import BulkNode, BulkPlan, BulkRelationship, Group
from kg.graph.schema import schema
from kg.model import LoadedRecord, NameCluster, Person, Source, Venue, Work
from kg.names import search_key

# List properties joined across rows without repeats (kg.graph.writer._LISTS).
Lists = Iterable[tuple[str, list[str]]]
# The key that tells apart relationships with the same ends, by type.
KEYS = {"AUTHORED": "position", "HAS_TOPIC": "origin"}


def _strings(values: Iterable[object]) -> list[str]:
    return [str(value) for value in values]


class Planner:
    """Nodes by label and id, relationships by type and (start, end[, key])."""

    def __init__(self, source: Source) -> None:
        self.source = source.id
        self._sources = [source.id]
        # Shared by every relationship with no property but its sources.
        self._bare: dict[str, Any] = {"sources": self._sources}
        self.nodes: dict[str, dict[str, dict[str, Any]]] = {}
        self.relationships: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
        self.node_rows = 0
        self.relationship_rows = 0
        # The last row merged into a node that repeats (people, venues):
        # the same row again changes nothing.
        self._last: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._node(
            "Source",
            source.id,
            {
                "file_name": source.file_name,
                "format": source.format,
                "sha256": source.sha256,
                "complete": False,
            },
        )

    @property
    def rows(self) -> int:
        """Rows as the MERGE statements would count them."""
        return self.node_rows + self.relationship_rows

    def add(self, record: LoadedRecord) -> None:
        if isinstance(record, Work):
            self._work(record)
        elif isinstance(record, NameCluster):
            self._cluster(record)
        elif isinstance(record, Person):
            self._person(record, record.id)
        elif isinstance(record, Venue):
            self._venue(record, record.id)

    def _node(
        self, label: str, id: str, props: dict[str, Any], lists: Lists = ()
    ) -> None:
        """Merge one row: later values win, lists are joined without repeats."""
        self.node_rows += 1
        nodes = self.nodes.get(label)
        if nodes is None:
            nodes = self.nodes[label] = {}
        held = nodes.get(id)
        if held is None:
            held = nodes[id] = {"id": id, "sources": self._sources, **props}
        else:
            held.update(props)
        for key, values in lists:
            # An empty list adds nothing, as the MERGE statements skip it.
            if values:
                known = held.get(key)
                if known is None:
                    known = held[key] = []
                known.extend(v for v in values if v not in known)

    def _again(self, label: str, id: str, row: tuple[Any, ...]) -> bool:
        """Is ``row`` (without lists) the last row merged into this node?"""
        if self._last.get((label, id)) == row:
            return True
        self._last[(label, id)] = row
        return False

    def _link(
        self, type_: str, start: str, end: str, props: dict[str, Any] | None = None
    ) -> None:
        self.relationship_rows += 1
        rels = self.relationships.get(type_)
        if rels is None:
            rels = self.relationships[type_] = {}
        key = KEYS.get(type_)
        both = (
            (start, end) if key is None or props is None else (start, end, props[key])
        )
        held = rels.get(both)
        if held is None:
            rels[both] = {"sources": self._sources, **props} if props else self._bare
        elif props:
            if held is self._bare:
                held = rels[both] = dict(held)
            held.update(props)

    def _person(self, person: Person, id: str) -> None:
        if person.is_alias:
            # Another name of a person the graph holds: their own name stays.
            self._node(
                "Person",
                id,
                {},
                (
                    ("identifiers", _strings(person.identifiers)),
                    ("alternative_names", [person.display_name]),
                ),
            )
            return
        row = (
            person.name,
            person.given_name,
            person.family_name,
            person.homonym_number,
        )
        lists = person.identifiers or person.alternative_names
        if self._again("Person", id, row) and not lists:
            self.node_rows += 1
            return
        props = {
            "name": person.name,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "homonym_number": person.homonym_number,
            "search_key": search_key(person.display_name),
        }
        if lists:
            lists = (
                ("identifiers", _strings(person.identifiers)),
                ("alternative_names", list(person.alternative_names)),
            )
        self._node("Person", id, _stated(props), lists or ())

    def _venue(self, venue: Venue, id: str) -> None:
        row = (venue.acronym, venue.name, venue.kind)
        if self._again("Venue", id, row) and not venue.identifiers:
            self.node_rows += 1
            return
        props = {"acronym": venue.acronym, "name": venue.name, "kind": venue.kind.value}
        self._node(
            "Venue", id, _stated(props), (("identifiers", _strings(venue.identifiers)),)
        )

    def _work(self, work: Work) -> None:
        id = work.id
        # A work held under another record's id keeps that record's title and year.
        props: dict[str, Any] = {} if work.is_alias else {
            "title": work.title,
            "year": work.year,
            "publication_type": work.publication_type.value,
        }  # fmt: skip
        if work.abstract is not None:
            props["abstract"] = work.abstract
        self._node(
            "Work",
            id,
            props,
            (
                ("identifiers", _strings(work.identifiers)),
                ("references", _strings(work.references)),
                ("published_as", _strings(work.published_as)),
            ),
        )
        self._link("FROM_SOURCE", id, self.source)
        for published in work.preprint_of:
            self._link("PREPRINT_OF", id, published)
        for preprint in work.preprints:
            self._link("PREPRINT_OF", preprint, id)
        venue = work.venue
        if venue is not None:
            venue_id = venue.id
            self._venue(venue, venue_id)
            self._link("PUBLISHED_IN", id, venue_id)
            if not work.is_alias:
                edition = ids.edition_id(venue_id, work.year)
                self._node("VenueEdition", edition, {"year": work.year})
                self._link("EDITION_OF", edition, venue_id)
                self._link("IN_EDITION", id, edition)
        for authorship in work.authorships:
            person = authorship.person.id
            self._person(authorship.person, person)
            if work.is_alias:
                # The describing record's authors stand (see kg.identity).
                continue
            props = {
                "position": authorship.position,
                "name_as_written": authorship.name_as_written,
            }
            if authorship.institutions:
                props["institutions"] = list(authorship.institutions)
            self._link("AUTHORED", person, id, props)
        for assignment in work.topics:
            self._link(
                "HAS_TOPIC",
                id,
                assignment.topic,
                {"origin": assignment.origin, "score": round(assignment.score, 4)},
            )

    def _cluster(self, cluster: NameCluster) -> None:
        props = {
            "name": cluster.name,
            "stated_work_count": cluster.stated_work_count,
            "stated_author_rows": cluster.stated_author_rows,
        }
        self._node("NameCluster", cluster.id, _stated(props))
        for work_id in cluster.work_ids:
            self._link("IN_CLUSTER", work_id, cluster.id)

    def plan(
        self, held: Sequence[BulkNode], related: Sequence[BulkRelationship]
    ) -> BulkPlan:
        """The graph holding ``held`` and ``related`` (read back) and these.

        A relationship whose end is not in that graph is not made, as MERGE
        finds no end to link.
        """
        nodes = _Groups()
        for node in held:
            nodes.add(node.label, node.properties)
        for label, planned in self.nodes.items():
            known = {n.properties.get("id") for n in held if n.label == label}
            for id, props in planned.items():
                if id in known:
                    raise ValueError(f"{label} {id!r} is in the graph already")
                nodes.add(label, props)
        numbers = nodes.numbers()
        relationships = _Groups()
        for rel in related:
            start, end = held[rel.start], held[rel.end]
            relationships.add(
                rel.type,
                (
                    numbers[start.label][start.properties.get("id")],
                    numbers[end.label][end.properties.get("id")],
                    rel.properties,
                ),
                rel.properties,
            )
        for type_, rels in self.relationships.items():
            ends = schema().relationship(type_)
            starts, finishes = numbers.get(ends.start, {}), numbers.get(ends.end, {})
            for both, props in rels.items():
                start, end = starts.get(both[0]), finishes.get(both[1])
                if start is not None and end is not None:
                    relationships.add(type_, (start, end, props), props)
        return BulkPlan(
            list(nodes.groups.values()), list(relationships.groups.values())
        )


def _stated(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


class _Groups:
    """Entities grouped by name and property names, in the order first seen."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, tuple[str, ...]], Group] = {}
        # Property names as a mapping lists them -> sorted: far fewer sorts.
        self._sorted: dict[tuple[str, ...], tuple[str, ...]] = {}

    def add(self, name: str, member: Any, props: dict[str, Any] | None = None) -> None:
        listed = tuple(member if props is None else props)
        keys = self._sorted.get(listed)
        if keys is None:
            keys = self._sorted[listed] = tuple(sorted(listed))
        group = self.groups.get((name, keys))
        if group is None:
            group = self.groups[(name, keys)] = Group(name, keys, [])
        group.members.append(member)

    def numbers(self) -> dict[str, dict[str, int]]:
        """Each node's number, by label and id, in the order they are sent."""
        numbers: dict[str, dict[str, int]] = {}
        sent = 0
        for group in self.groups.values():
            by_id = numbers.setdefault(group.name, {})
            for props in group.members:
                by_id[props.get("id")] = sent
                sent += 1
        return numbers
