"""The exceptions of the knowledge graph, grouped by what a caller can do.

    KGError                        every error this project raises on purpose
    ├── InputError                 the input is wrong; fix it and try again
    │   ├── LoaderError            a source file cannot be read as its format
    │   ├── FormatError            the answer cannot be given in the format asked
    │   └── QueryError             a query is not valid
    │       ├── ParameterError     one named parameter of a question is not valid
    │       ├── ReadOnlyError      the query would change the graph
    │       └── QueryTimeoutError  the query ran past its time limit
    ├── NotFoundError              no record has that identifier
    └── StoreError                 a store cannot be opened, reached or written
        └── StoreBusyError         another process holds the data folder

Each class carries a stable kebab-case ``code``. The API returns it and tests
assert it, so the wording of a message can improve without breaking clients.
"""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """Base of every error the project raises on purpose."""

    code: str = "kg-error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InputError(KGError, ValueError):
    """The input is wrong; the message says how."""

    code = "bad-input"


class LoaderError(InputError):
    """A source file cannot be read as the format it claims to be.

    The message always names the file and, where one applies, the line.
    """

    code = "bad-source-file"

    def __init__(
        self,
        path: Path | str,
        line: int | None,
        problem: str,
        *,
        code: str | None = None,
        record: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        # Its place among the records of one document (a page of results).
        self.record = record
        self.problem = problem
        where = [str(self.path)]
        if line is not None:
            where.append(f"line {line}")
        if record is not None:
            where.append(f"record {record}")
        super().__init__(f"{', '.join(where)}: {problem}", code=code)


class RecordError(LoaderError):
    """One record of a file is bad; the records around it may be fine."""


class QueryError(InputError):
    """A query, or a parameter of one, is not valid."""

    code = "bad-query"


class ParameterError(QueryError):
    """One named parameter of a question is not valid."""

    code = "invalid-parameter"

    def __init__(self, parameter: str, problem: str) -> None:
        self.parameter = parameter
        self.problem = problem
        super().__init__(f"parameter '{parameter}': {problem}")


class ReadOnlyError(QueryError):
    """The query would change the graph, and this endpoint only reads."""

    code = "read-only"


class QueryTimeoutError(QueryError):
    """The query ran past its time limit and was stopped."""

    code = "query-timeout"


class FormatError(InputError):
    """The answer cannot be given in the format the caller asked for."""

    code = "not-acceptable"


class NotFoundError(KGError, LookupError):
    """No record has the identifier asked for."""

    code = "not-found"


class StoreError(KGError):
    """The store cannot be opened, read or written."""

    code = "store-unavailable"


class StoreBusyError(StoreError):
    """Another process holds the data folder open for writing."""

    code = "store-busy"
