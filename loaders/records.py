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

    @property
    def where(self) -> str:
        """The record, as the report names it: "line 12" or "record 3"."""
        return "the file" if self.error.line is None else f"line {self.error.line}"

    @property
    def reason(self) -> str:
        return self.error.problem
