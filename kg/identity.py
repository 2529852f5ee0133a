"""Identity: which records of different sources are one work, person, venue.

How ids stay stable
-------------------
Every id is first minted from the record alone (``kg.ids``): a work from
its normalised title and year, a person from the NFC, case-folded name plus
the homonym number, a venue from its acronym, else its name. Sources that
agree on those keys therefore meet on one id whatever the load order, and
most records need nothing more.

Where they do not agree, a stronger key decides, and the record takes the
id that the graph already holds for it:

- a work with a DOI the graph holds takes that work's id;
- a person with an ORCID, dblp person key, OpenAlex or Semantic Scholar id
  the graph holds takes that person's id, unless their homonym numbers
  differ: a number always separates;
- a venue with an ISSN or OpenAlex id the graph holds, or named exactly as
  a venue that also has an acronym, takes that venue's id.

So in that case the id is the one minted by whichever source came first,
and stays that id on every later load (the graph keeps it). Loading the
same files into an empty graph in another order can give such a record the
other source's id; the facts and the merges are the same either way.

Two more rules keep apart what only looks alike:

- a work whose title and year match a held work, but whose authors share
  no family name with that work's authors, is another work: its id adds its
  first author's folded family name;
- a preprint is never merged with its published version: its id adds
  "preprint", and it is linked to a published work of the same title
  within a year before or two after it (``preprint_of``, or ``preprints``
  when the published work comes second).

Names alone never merge two people beyond the id rule above (same name,
same number): initials ("J. Ko" and "Jongwoo Ko") are weak evidence, used
by the name clusters (``kg.clusters``), never by this module.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kg import ids
from kg.model import (
    Identifier,
    IdScheme,
    LoadedRecord,
    NameCluster,
    Person,
    PublicationType,
    Venue,
    Work,
)
from kg.names import fold
from kg.rdf_store import RdfStore
from kg.topics.scheme import scheme_iri
from kg.vocab import FOAF, KGO, RDF

logger = logging.getLogger(__name__)

_PERSON_KEYS = (
    IdScheme.ORCID,
    IdScheme.DBLP,
    IdScheme.OPENALEX,
    IdScheme.SEMANTIC_SCHOLAR,
)
_VENUE_KEYS = (IdScheme.ISSN, IdScheme.OPENALEX)
_WORK_KEYS = (IdScheme.DOI,)


def _node(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


class Resolver:
    """Gives records the ids the graph already holds for them.

    It looks in the store (by index, no query text) and remembers what it
    resolved in this load, so two records of one file agree too.
    """

    def __init__(self, store: RdfStore) -> None:
        self._store = store.oxigraph
        # An empty store holds nothing to look up: a first load skips it all.
        # Only the topic scheme: no record the rules could match.
        self._empty = not store.holds_graphs_besides(scheme_iri())
        self._known: dict[tuple[str, str], str] = {}  # (kind, key) -> id
        self._renamed_works: dict[str, str] = {}
        # Works of this load: a preprint and its published version often
        # arrive in one file, where the store cannot show one to the other.
        self._works: set[str] = set()

    def resolve(self, records: Iterable[LoadedRecord]) -> Iterator[LoadedRecord]:
        """The records, each carrying the id it is known by."""
        clusters = []
        for record in records:
            if isinstance(record, Work):
                yield self.work(record)
            elif isinstance(record, Person):
                yield self.person(record)
            elif isinstance(record, Venue):
                yield self.venue(record)
            else:
                clusters.append(record)
        # A cluster names its works by id; those ids may have been resolved.
        for cluster in clusters:
            yield self._cluster(cluster)

    # Lookups ---------------------------------------------------------------

    def _holders(self, kind: str, literal: str) -> list[str]:
        """Ids of records of ``kind`` that state the identifier ``literal``."""
        if self._empty:
            return []
        found = {
            local
            for quad in self._store.quads_for_pattern(
                None, _node(KGO.identifier), ox.Literal(literal), None
            )
            if (local := ids.local_id(kind, quad.subject.value)) is not None
        }
        return sorted(found)

    def _exists(self, kind: str, local_id: str, cls: object) -> bool:
        if self._empty:
            return False
        node = _node(ids.iri(kind, local_id))
        pattern = self._store.quads_for_pattern(node, _node(RDF.type), _node(cls))
        return next(iter(pattern), None) is not None

    def _values(self, subject: str, predicate: object) -> set[str]:
        if self._empty:
            return set()
        quads = self._store.quads_for_pattern(
            _node(subject), _node(predicate), None, None
        )
        return {quad.object.value for quad in quads}

    def _by_identifier(
        self, kind: str, identifiers: Iterable[Identifier], keys: tuple[IdScheme, ...]
    ) -> str | None:
        for identifier in identifiers:
            if identifier.scheme not in keys:
                continue
            remembered = self._known.get((kind, str(identifier)))
            if remembered is not None:
                return remembered
            holders = self._holders(kind, str(identifier))
            if holders:
                return holders[0]
        return None

    def _remember(
        self,
        kind: str,
        identifiers: Iterable[Identifier],
        id: str,
        keys: tuple[IdScheme, ...],
    ) -> None:
        # Only the keys records are looked up by: a dblp key of every work
        # of a dump would be held for nothing.
        for identifier in identifiers:
            if identifier.scheme in keys:
                self._known.setdefault((kind, str(identifier)), id)

    # People ----------------------------------------------------------------

    def person(self, person: Person) -> Person:
        held = self._by_identifier("person", person.identifiers, _PERSON_KEYS)
        if held is not None and held != person.id and self._same_number(person, held):
            logger.debug("person %s is %s by a shared identifier", person.id, held)
            person = person.model_copy(update={"resolved_id": held})
        self._remember("person", person.identifiers, person.id, _PERSON_KEYS)
        return person

    def _same_number(self, person: Person, held: str) -> bool:
        numbers = self._values(ids.iri("person", held), KGO.homonymNumber)
        return numbers == ({person.homonym_number} - {None})

    # Venues ----------------------------------------------------------------

    def venue(self, venue: Venue) -> Venue:
        held = self._by_identifier("venue", venue.identifiers, _VENUE_KEYS)
        if held is None and venue.name and not venue.acronym:
            held = self._known.get(("venue-name", venue.name)) or next(
                iter(self._named_with_acronym(venue.name)), None
            )
        if held is not None and held != venue.id:
            venue = venue.model_copy(update={"resolved_id": held})
        self._remember("venue", venue.identifiers, venue.id, _VENUE_KEYS)
        if venue.name and venue.acronym:
            self._known.setdefault(("venue-name", venue.name), venue.id)
        return venue

    def _named_with_acronym(self, name: str) -> list[str]:
        if self._empty:
            return []
        quads = self._store.quads_for_pattern(
            None, _node(KGO.venueName), ox.Literal(name), None
        )
        return sorted(
            local
            for quad in quads
            if (local := ids.local_id("venue", quad.subject.value)) is not None
            and self._values(quad.subject.value, KGO.acronym)
        )

    # Works -----------------------------------------------------------------

    def work(self, work: Work) -> Work:
        minted = work.id
        held = self._by_identifier("work", work.identifiers, _WORK_KEYS)
        update: dict[str, object] = {}
        if work.publication_type is PublicationType.PREPRINT:
            update["resolved_id"] = ids.work_id(work.title, work.year, "preprint")
            update["preprint_of"] = tuple(self._published_versions(work))
        elif held is not None:
            update["resolved_id"] = held
            update["alias"] = held != minted
        elif self._namesake(work):
            family = _family_key(work.authorships[0].person)
            update["resolved_id"] = ids.work_id(work.title, work.year, family)
        if work.publication_type is not PublicationType.PREPRINT:
            update["preprints"] = tuple(self._preprints(work))
        update["authorships"] = tuple(
            a.model_copy(update={"person": self.person(a.person)})
            for a in work.authorships
        )
        if work.venue is not None:
            update["venue"] = self.venue(work.venue)
        resolved = work.model_copy(update=update)
        if resolved.id != minted:
            self._renamed_works[minted] = resolved.id
        self._remember("work", resolved.identifiers, resolved.id, _WORK_KEYS)
        self._works.add(resolved.id)
        return resolved

    def _namesake(self, work: Work) -> bool:
        """True if the graph holds this title and year by other authors."""
        if not work.authorships or not self._exists("work", work.id, KGO.Work):
            return False
        held_creators = self._values(ids.iri("work", work.id), _DCTERMS_CREATOR)
        if not held_creators:
            return False
        held = set()
        for creator in held_creators:
            family = self._values(creator, FOAF.familyName) or self._values(
                creator, FOAF.name
            )
            held.update(fold(name).split()[-1] for name in family if name.strip())
        ours = {_family_key(a.person) for a in work.authorships}
        return not (held & ours)

    def _published_versions(self, preprint: Work) -> Iterator[str]:
        for year in range(preprint.year - 1, preprint.year + 3):
            candidate = ids.work_id(preprint.title, year)
            if self._known_work(candidate):
                yield candidate

    def _preprints(self, published: Work) -> Iterator[str]:
        for year in range(published.year - 2, published.year + 2):
            candidate = ids.work_id(published.title, year, "preprint")
            if self._known_work(candidate):
                yield candidate

    def _known_work(self, work_id: str) -> bool:
        return work_id in self._works or self._exists("work", work_id, KGO.Work)

    def _cluster(self, cluster: NameCluster) -> NameCluster:
        work_ids = tuple(self._renamed_works.get(w, w) for w in cluster.work_ids)
        return cluster.model_copy(update={"work_ids": work_ids})


_DCTERMS_CREATOR = "http://purl.org/dc/terms/creator"


def _family_key(person: Person) -> str:
    family = person.family_name or person.name
    return fold(family).split()[-1]


def resolve(store: RdfStore, records: Iterable[LoadedRecord]) -> list[LoadedRecord]:
    """The records of one load, each with the id the graph knows it by."""
    return list(Resolver(store).resolve(records))
