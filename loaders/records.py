"""What a reader yields besides records: a record it could not read."""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import LoaderError


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
