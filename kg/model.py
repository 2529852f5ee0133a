"""The records every loader yields and every store writes.

Records are immutable pydantic models. Each knows its own stable identifier
(``id``), derived by ``kg.ids`` from the strongest key it carries.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from kg import ids
from kg.names import name_parts, normalize_text, split_homonym_number

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# The years a work can have; the pages of works look for works in these only.
FIRST_YEAR = 1000
LAST_YEAR = 2999
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PublicationType(StrEnum):
    CONFERENCE_PAPER = "conference-paper"
    JOURNAL_ARTICLE = "journal-article"
    WORKSHOP_PAPER = "workshop-paper"
    BOOK = "book"
    BOOK_CHAPTER = "book-chapter"
    PROCEEDINGS = "proceedings"
    THESIS = "thesis"
    PREPRINT = "preprint"
    OTHER = "other"


class IdScheme(StrEnum):
    """Registries whose identifiers join records across sources."""

    DOI = "doi"
    ORCID = "orcid"
    DBLP = "dblp"
    OPENALEX = "openalex"
    SEMANTIC_SCHOLAR = "s2"
    ARXIV = "arxiv"
    ISBN = "isbn"
    ISSN = "issn"
    PMID = "pmid"


class VenueKind(StrEnum):
    CONFERENCE = "conference"
    JOURNAL = "journal"
    WORKSHOP = "workshop"
    BOOK_SERIES = "book-series"
    REPOSITORY = "repository"
    OTHER = "other"


class Identifier(Record):
    """A key in an outside registry, e.g. ``doi:10.1145/3292500.3330701``.

    Values are stored in the registry's canonical form (DOIs lower-cased and
    without a resolver prefix, ORCIDs as ``0000-0000-0000-0000``); the
    loaders normalise them.
    """

    scheme: IdScheme
    value: Text

    def __str__(self) -> str:
        return f"{self.scheme.value}:{self.value}"


class TopicAssignment(Record):
    """A work's topic, with its score and where the assignment came from.

    ``topic`` is a concept of the topic scheme in ``ontology/`` (an OpenAlex
    topic such as ``T11636``, or a subfield, field or domain); ``origin``
    names the source that stated it ("openalex", "semantic-scholar") or the
    method that computed it.
    """

    topic: Text
    score: Annotated[float, Field(ge=0.0, le=1.0)]
    origin: Text


class Source(Record):
    """A file that records were read from; its facts form one named graph."""

    location: Text
    file_name: Text
    format: Text
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]

    @property
    def id(self) -> str:
        return ids.source_id(self.location)


class Person(Record):
    """A person as named in a source, with a homonym number if one was given."""

    name: Text
    homonym_number: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] | None = None
    given_name: str | None = None
    family_name: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    alternative_names: tuple[str, ...] = ()

    @field_validator("name")
    @classmethod
    def _nfc(cls, name: str) -> str:
        return normalize_text(name)

    @field_validator("alternative_names")
    @classmethod
    def _nfc_all(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(normalize_text(name) for name in names)

    @classmethod
    def from_author_string(cls, author: str) -> Person:
        """Read "Lei Xu 0040" as the person Lei Xu with homonym number 0040."""
        return _from_author_string(cls, author)

    # Set by identity resolution (kg.identity) when this record was found to
    # be a person the graph already holds under another id.
    resolved_id: str | None = None

    @property
    def id(self) -> str:
        return self.resolved_id or ids.person_id(self.name, self.homonym_number)

    @property
    def is_alias(self) -> bool:
        """True if this record names a person the graph holds under another
        name; its name is then one of their alternative names."""
        return self.resolved_id is not None

    @property
    def display_name(self) -> str:
        """The name as dblp writes it, number included."""
        if self.homonym_number:
            return f"{self.name} {self.homonym_number}"
        return self.name


# Cached: a dump names the same authors on record after record, and a
# record is immutable, so one Person can stand for every time a name is read.
@lru_cache(maxsize=1 << 16)
def _from_author_string(cls: type[Person], author: str) -> Person:
    name, number = split_homonym_number(author)
    given, family = name_parts(name)
    return cls(name=name, homonym_number=number, given_name=given, family_name=family)


class Venue(Record):
    """A conference, journal or workshop series.

    Known by its acronym ("ICLR"), its full name, or both; the identifier
    comes from the acronym when there is one.
    """

    acronym: str | None = None
    name: str | None = None
    kind: VenueKind
    identifiers: tuple[Identifier, ...] = ()

    @model_validator(mode="after")
    def _named(self) -> Venue:
        if not (self.acronym or "").strip() and not (self.name or "").strip():
            raise ValueError("a venue needs an acronym or a name")
        return self

    @property
    def label(self) -> str:
        return (self.acronym or self.name or "").strip()

    resolved_id: str | None = None

    @property
    def id(self) -> str:
        return self.resolved_id or ids.venue_id(self.label)


class Authorship(Record):
    """One person's place in the author list of one work (1 = first)."""

    position: Annotated[int, Field(ge=1)]
    person: Person
    name_as_written: Text
    institutions: tuple[str, ...] = ()


class Work(Record):
    """A paper, article or other publication."""

    title: Text
    year: Year
    publication_type: PublicationType
    venue: Venue | None = None
    # Empty when the source names no author (dblp has such records).
    authorships: tuple[Authorship, ...] = ()
    abstract: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    references: tuple[Identifier, ...] = ()
    # For a preprint: the identifiers its repository gives for its published
    # version (arXiv's DOI field). They name that version, not this work.
    published_as: tuple[Identifier, ...] = ()
    topics: tuple[TopicAssignment, ...] = ()

    @field_validator("title", "abstract")
    @classmethod
    def _nfc(cls, text: str | None) -> str | None:
        return None if text is None else normalize_text(text)

    @field_validator("authorships")
    @classmethod
    def _positions_run_from_one(
        cls, authorships: tuple[Authorship, ...]
    ) -> tuple[Authorship, ...]:
        positions = [a.position for a in authorships]
        if positions != list(range(1, len(authorships) + 1)):
            raise ValueError(f"author positions must run 1, 2, 3...; got {positions}")
        return authorships

    resolved_id: str | None = None
    # Links between a preprint and its published version, by work id (set by
    # kg.identity): the versions this preprint was published as, or the
    # preprints of this published work.
    preprint_of: tuple[str, ...] = ()
    preprints: tuple[str, ...] = ()
    # True if another record with the same DOI described this work first
    # (kg.identity): its title, year, type, venue and authors are then that
    # record's, and this one adds identifiers, references and topics.
    alias: bool = False

    @property
    def is_alias(self) -> bool:
        return self.alias

    @property
    def id(self) -> str:
        return self.resolved_id or ids.work_id(self.title, self.year)


class NameCluster(Record):
    """A group of works that a source found under one exact name.

    It is a claim of the source ("these works carry this name"), not a person:
    the works may belong to several people.
    """

    name: Text
    stated_work_count: Annotated[int, Field(ge=0)]
    stated_author_rows: Annotated[int, Field(ge=0)] | None = None
    work_ids: tuple[str, ...]

    @property
    def id(self) -> str:
        return ids.cluster_id(self.name)


LoadedRecord = Work | NameCluster | Person | Venue
"""A Person or Venue on its own is a record of who or what it is, apart from
any work (a dblp ``www`` page, an ORCID record, an OpenAlex source)."""
