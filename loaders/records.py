"""What a reader yields besides records: a record it could not read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from kg.errors import LoaderError
from kg.model import Identifier, Person


@dataclass(frozen=True)
class BadRecord:
    """A record that is wrong on its own; the file around it is still fine.

    Readers yield it instead of raising, so that a load with
    ``--on-error=skip`` can note it in the report and go on, while the
    default raises ``error`` and writes nothing.
    """

    error: LoaderError
    # Its place among the records of one document (a page of API results).
    record: int | None = None

    @property
    def where(self) -> str:
        """The record, as the report names it: "line 12", "line 1, record 3"."""
        places = []
        if self.error.line is not None:
            places.append(f"line {self.error.line}")
        if self.record is not None:
            places.append(f"record {self.record}")
        return ", ".join(places) or "the file"

    def numbered(self, record: int) -> BadRecord:
        return BadRecord(self.error, record)

    @property
    def reason(self) -> str:
        return self.error.problem


def validation_problem(exc: ValidationError) -> str:
    """The first thing a record model refused, as "field: what was wrong"."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}"


def known_as(
    author: str,
    identifiers: Iterable[Identifier] = (),
    alternative_names: Iterable[str] = (),
) -> Person:
    """A person from an author string, with ids and other names they go by."""
    person = Person.from_author_string(author)
    identifiers = tuple(identifiers)
    alternative_names = tuple(alternative_names)
    if not identifiers and not alternative_names:
        return person
    return Person.model_validate(
        {
            **person.model_dump(),
            "identifiers": identifiers,
            "alternative_names": alternative_names,
        }
    )
