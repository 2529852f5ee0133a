"""The arXiv metadata snapshot: JSON Lines, one preprint per line.

Each line is one JSON object (``id``, ``title``, ``authors_parsed``,
``versions``, ``doi``, ...), read one at a time. A line that is not JSON is
an error naming its number. Every record is a preprint in the arXiv
repository with its arXiv identifier, and its DOI when it has one; its year
is the year of its first version. The ``doi`` field names the published
version (a journal's DOI): it is kept as ``published_as``, not as the
preprint's own identifier; only arXiv's own DOIs (10.48550/arXiv.*) are.
Names come from ``authors_parsed`` (family, given, suffix, then any
affiliations), LaTeX decoded, because the ``authors`` string mixes names
with affiliation notes.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import Any

from kg.errors import LoaderError
from kg.model import Authorship, IdScheme, PublicationType, Venue, VenueKind, Work
from loaders.fields import (
    authorships,
    build_work,
    doi,
    identifier,
    one_record,
    person_named,
    present,
    year_in,
)
from loaders.latex import latex_to_text
from loaders.records import BadRecord
from loaders.text import decoded_lines

logger = logging.getLogger(__name__)

FORMAT = "arxiv"

ARXIV = Venue(acronym="arXiv", name="arXiv", kind=VenueKind.REPOSITORY)

# The DOIs arXiv registers for its own preprints; any other names the journal.
_ARXIV_DOI = "10.48550/arxiv."

_SNIFF = re.compile(r'^\{.*"authors_parsed"\s*:', re.DOTALL)


def looks_like_arxiv(head: str) -> bool:
    """True if the first line is an arXiv snapshot record."""
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    return bool(_SNIFF.match(first)) and '"id"' in first and '"versions"' in first


def read_arxiv(path: Path | str) -> Iterator[Work | BadRecord]:
    """Yield a preprint for each line of the snapshot.

    Raises:
        LoaderError: a line that is not a JSON object, or a record without an
            ``id``; the message names the line.
    """
    path = Path(path)
    yield from _works(path)


def _works(path: Path) -> Iterator[Work | BadRecord]:
    with path.open("rb") as stream:
        for number, line in enumerate(decoded_lines(path, stream), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadRecord(
                    LoaderError(
                        path,
                        number,
                        f"not a JSON object ({exc.msg} at column {exc.colno}); "
                        f"each line of an arXiv snapshot must be one record",
                        code="bad-json-line",
                    )
                )
                continue
            if not isinstance(record, dict) or not record.get("id"):
                problem = "the line is not an arXiv record: expected a JSON object "
                problem += "with an 'id'"
                yield BadRecord(
                    LoaderError(path, number, problem, code="bad-arxiv-record")
                )
                continue
            label = f"arXiv record {record['id']}"
            yield one_record(path, number, label, partial(_work, path, number, record))


def _work(path: Path, line: int, record: dict[str, Any]) -> Work | BadRecord:
    arxiv_id = str(record["id"]).strip()
    dois = present(*(doi(d) for d in (record.get("doi") or "").split()))
    own = [d for d in dois if d.value.startswith(_ARXIV_DOI)]
    title = record.get("title")
    abstract = record.get("abstract")
    return build_work(
        path,
        line,
        f"arXiv {arxiv_id}",
        title=latex_to_text(title) if title else None,
        year=_year(record),
        publication_type=PublicationType.PREPRINT,
        venue=ARXIV,
        authorships=_authors(record.get("authors_parsed") or []),
        abstract=abstract.strip() if abstract else None,
        identifiers=present(identifier(IdScheme.ARXIV, arxiv_id), *own),
        published_as=tuple(d for d in dois if d not in own),
    )


def _year(record: dict[str, Any]) -> int | None:
    """The year of the first version; the last update's year if none is dated."""
    for version in record.get("versions") or []:
        created = version.get("created") if isinstance(version, dict) else None
        if created:
            try:
                return parsedate_to_datetime(created).year
            except (TypeError, ValueError):
                return year_in(created)
    return year_in(record.get("update_date"))


def _authors(parsed: list[list[str]]) -> tuple[Authorship, ...]:
    people = []
    for parts in parsed:
        family, given, suffix, *affiliations = [*parts, "", "", ""][
            : max(3, len(parts))
        ]
        family = " ".join(p for p in (family, suffix) if p)
        person = person_named(latex_to_text(given), latex_to_text(family))
        if person is not None:
            institutions = tuple(latex_to_text(a) for a in affiliations if a)
            people.append((person, person.name, institutions))
    return authorships(people)
