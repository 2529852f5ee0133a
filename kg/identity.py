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

The first source to describe a DOI also keeps the work's description: a
later record with that DOI (from another file, or further down the same
file) is an alias. It adds its identifiers, references, abstract and
topics, but not its title, year, type, venue or author list, so the work
has one title and one author a position whatever the sources' spelling
("The State of OA" against "The state of OA"). Its authors meet the held
author at their position when their names agree: the same family name
(accents and case folded) and the same first initial, or the same words
in another order ("Ko, Jongwoo" and "Jongwoo Ko"), and no two different
homonym numbers. They then join that person ("Jevin West" becomes an
alternative name of "Jevin D. West", an ORCID is added); an author whose
name does not agree with the held one is left out of that work.

Two more rules keep apart what only looks alike:

- a work whose title and year match a held work that has a DOI, when
  none of its own DOIs is held, is another work (two entries of one
  encyclopedia): its id adds its DOI;
- a work whose title and year match a held work, but whose authors share
  no family name with that work's authors, is another work: its id adds its
  first author's folded family name;
- a preprint is never merged with its published version: its id adds
  "preprint", and it is linked to a published work of the same title
  within a year before or two after it (``preprint_of``, or ``preprints``
  when the published work comes second), or to the work that holds the DOI
  its repository names for the published version (``published_as``, never
  the preprint's own identifier).

Names alone never merge two people beyond the id rule above (same name,
same number): initials ("J. Ko" and "Jongwoo Ko") are weak evidence, used
by the name clusters (``kg.clusters``), never by this module.
"""

from __future__ import annotations

import logging
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg import ids
from kg.model import (
    Authorship,
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

    def __init__(self, store: RdfStore, source_id: str | None = None) -> None:
        self._store = store.oxigraph
        # The graph of the source being loaded: what it stated before is
        # not another source's description (a reload replaces it).
        self._own = None if source_id is None else _node(ids.iri("source", source_id))
        # An empty store holds nothing to look up: a first load skips it all.
        # Only the topic scheme: no record the rules could match.
        self._empty = not store.holds_graphs_besides(scheme_iri())
        self._known: dict[tuple[str, str], str] = {}  # (kind, key) -> id
        self._renamed_works: dict[str, str] = {}
        # Works of this load: a preprint and its published version often
        # arrive in one file, where the store cannot show one to the other.
        self._works: set[str] = set()
        # The authors of the works with a DOI that this load describes, for a
        # later record of one of them further down.
        self._authors = _DescribedAuthors()

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
        self._authors.close()

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
        held = self._held_by_doi(work)
        update: dict[str, object] = {}
        authors: dict[int, _HeldAuthor] | None = None
        if work.publication_type is PublicationType.PREPRINT:
            preprint = ids.work_id(work.title, work.year, "preprint")
            update["resolved_id"] = preprint
            published = self._published_by_doi(work, preprint)
            update["preprint_of"] = tuple(
                sorted({*published, *self._published_versions(work)})
            )
        elif held is not None:
            held_id, authors = held
            update["resolved_id"] = held_id
            update["alias"] = authors is not None or held_id != minted
        elif self._other_doi(work):
            # Two entries of one encyclopedia may share title and year.
            update["resolved_id"] = ids.work_id(work.title, work.year, _doi_of(work)[0])
        elif self._namesake(work):
            family = _family_key(work.authorships[0].person)
            update["resolved_id"] = ids.work_id(work.title, work.year, family)
        if work.publication_type is not PublicationType.PREPRINT:
            update["preprints"] = tuple(sorted(set(self._preprints(work))))
        if authors is not None:
            # Another source described this work first: its authors stand.
            update["authorships"] = tuple(
                joined
                for a in work.authorships
                if (joined := self._join_author(a, authors)) is not None
            )
            update["venue"] = None
        else:
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
        if authors is None and _doi_of(resolved):
            self._authors.add(resolved.id, resolved.authorships)
        return resolved

    def _held_by_doi(
        self, work: Work
    ) -> tuple[str, dict[int, _HeldAuthor] | None] | None:
        """The id of the work with this DOI, and its authors by position if
        another source (or an earlier record of this load) described it."""
        for doi in _doi_of(work):
            remembered = self._known.get(("work", doi))
            if remembered is not None:
                described = self._authors.get(remembered)
                if described is None:
                    return remembered, self._described_elsewhere(remembered)
                return remembered, described
            holders = self._holders("work", doi)
            if holders:
                return holders[0], self._described_elsewhere(holders[0])
        return None

    def _described_elsewhere(self, work_id: str) -> dict[int, _HeldAuthor] | None:
        """The authors of a stored work by position, if a source other than
        the one being loaded gave its title; else None."""
        if self._empty:
            return None
        node = _node(ids.iri("work", work_id))
        titles = self._store.quads_for_pattern(node, _node(_DCTERMS_TITLE), None, None)
        if all(quad.graph_name == self._own for quad in titles):
            return None
        authors: dict[int, _HeldAuthor] = {}
        roles = self._store.quads_for_pattern(
            node, _node(KGO.hasAuthorship), None, None
        )
        for quad in roles:
            if quad.graph_name == self._own:
                continue
            role = quad.object.value
            for position in self._values(role, KGO.position):
                for person in sorted(self._values(role, KGO.author)):
                    authors.setdefault(int(position), self._stored_author(person))
        return authors

    def _stored_author(self, person_iri: str) -> _HeldAuthor:
        return _HeldAuthor(
            id=ids.local_id("person", person_iri) or person_iri,
            names=tuple(sorted(self._values(person_iri, FOAF.name))),
            given=tuple(sorted(self._values(person_iri, FOAF.givenName))),
            family=tuple(sorted(self._values(person_iri, FOAF.familyName))),
            number=min(self._values(person_iri, KGO.homonymNumber), default=None),
        )

    def _join_author(
        self, authorship: Authorship, held: dict[int, _HeldAuthor]
    ) -> Authorship | None:
        """This source's author as the held author at the same position, or
        None if the names do not agree."""
        theirs = held.get(authorship.position)
        if theirs is None:
            return None
        ours = authorship.person
        if ours.id != theirs.id:
            if not theirs.agrees_with(ours):
                logger.debug(
                    "author %s of a described work is not %s", ours.id, theirs.id
                )
                return None
            ours = ours.model_copy(update={"resolved_id": theirs.id})
        self._remember("person", ours.identifiers, ours.id, _PERSON_KEYS)
        return authorship.model_copy(update={"person": ours})

    def _other_doi(self, work: Work) -> bool:
        """True if the work of this title and year held has another DOI.

        None of this work's DOIs is held (else it would be that work), so a
        held work under the same id that has a DOI is a different work.
        """
        if not _doi_of(work):
            return False
        if work.id in self._authors:  # described earlier in this load
            return True
        identifiers = self._values(ids.iri("work", work.id), KGO.identifier)
        return any(i.startswith(f"{IdScheme.DOI.value}:") for i in identifiers)

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

    def _published_by_doi(self, preprint: Work, preprint_id: str) -> Iterator[str]:
        """The works holding the DOIs this preprint was published under."""
        for identifier in preprint.published_as:
            self._known.setdefault(("published-as", str(identifier)), preprint_id)
        held = self._by_identifier("work", preprint.published_as, (IdScheme.DOI,))
        if held is not None:
            yield held

    def _preprints(self, published: Work) -> Iterator[str]:
        for year in range(published.year - 2, published.year + 2):
            candidate = ids.work_id(published.title, year, "preprint")
            if self._known_work(candidate):
                yield candidate
        for doi in _doi_of(published):
            remembered = self._known.get(("published-as", doi))
            if remembered is not None:
                yield remembered
            elif not self._empty:
                for quad in self._store.quads_for_pattern(
                    None, _node(KGO.publishedAs), ox.Literal(doi), None
                ):
                    if (local := ids.local_id("work", quad.subject.value)) is not None:
                        yield local

    def _known_work(self, work_id: str) -> bool:
        return work_id in self._works or self._exists("work", work_id, KGO.Work)

    def _cluster(self, cluster: NameCluster) -> NameCluster:
        work_ids = tuple(self._renamed_works.get(w, w) for w in cluster.work_ids)
        return cluster.model_copy(update={"work_ids": work_ids})


_DCTERMS_CREATOR = "http://purl.org/dc/terms/creator"
_DCTERMS_TITLE = "http://purl.org/dc/terms/title"


def _doi_of(work: Work) -> list[str]:
    return [str(i) for i in work.identifiers if i.scheme is IdScheme.DOI]


def _words(name: str) -> list[str]:
    return ids.title_key(name).split()


class _DescribedAuthors:
    """The authors, by position, of the works with a DOI this load described.

    They wait in a private temporary SQLite file that is deleted when it is
    closed, not in memory: a file of a million works would otherwise keep
    every author of every work (about 8 KB a work). Only a later record
    with the same DOI reads them back; whether a work is here is a set.
    """

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._db: sqlite3.Connection | None = None

    def __contains__(self, work_id: str) -> bool:
        return work_id in self._ids

    def add(self, work_id: str, authorships: tuple[Authorship, ...]) -> None:
        if work_id in self._ids:
            return
        self._ids.add(work_id)
        held = {a.position: _HeldAuthor.of(a) for a in authorships}
        self._open().execute(
            "INSERT INTO authors VALUES (?, ?)", (work_id, pickle.dumps(held))
        )

    def get(self, work_id: str) -> dict[int, _HeldAuthor] | None:
        if work_id not in self._ids:
            return None
        (row,) = self._open().execute(
            "SELECT held FROM authors WHERE work = ?", (work_id,)
        )
        held: dict[int, _HeldAuthor] = pickle.loads(row[0])
        return held

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._ids.clear()

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            # "" is SQLite's private temporary file. No journal and no
            # commit: the rows live only as long as this load.
            self._db = sqlite3.connect("", isolation_level=None)
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.execute("CREATE TABLE authors (work TEXT PRIMARY KEY, held BLOB)")
            self._db.execute("BEGIN")
        return self._db


@dataclass(frozen=True)
class _HeldAuthor:
    """The person a described work names at one position, as held."""

    id: str
    names: tuple[str, ...]
    given: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    number: str | None = None

    @classmethod
    def of(cls, authorship: Authorship) -> _HeldAuthor:
        person = authorship.person
        return cls(
            id=person.id,
            names=(person.name,),
            given=tuple(filter(None, (person.given_name,))),
            family=tuple(filter(None, (person.family_name,))),
            number=person.homonym_number,
        )

    def agrees_with(self, person: Person) -> bool:
        """True if ``person`` can be this author by name: the same family
        name and first initial, or the same words in another order; two
        different homonym numbers never agree."""
        if self.number and person.homonym_number:
            if self.number != person.homonym_number:
                return False
        ours = _words(person.name)
        if any(sorted(_words(name)) == sorted(ours) for name in self.names):
            return True
        family = _words(person.family_name or "") or ours[-1:]
        given = _words(person.given_name or "") or ours[:1]
        held_families = [_words(f) for f in self.family] or [
            _words(n)[-1:] for n in self.names
        ]
        held_givens = [_words(g) for g in self.given] or [
            _words(n)[:1] for n in self.names
        ]
        return family[-1:] in [f[-1:] for f in held_families] and (
            not given or any(not g or g[0][0] == given[0][0] for g in held_givens)
        )


def _family_key(person: Person) -> str:
    family = person.family_name or person.name
    return fold(family).split()[-1]


def resolve(store: RdfStore, records: Iterable[LoadedRecord]) -> list[LoadedRecord]:
    """The records of one load, each with the id the graph knows it by."""
    return list(Resolver(store).resolve(records))
