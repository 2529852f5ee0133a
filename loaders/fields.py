"""Building records from the fields of a structured source.

The BibTeX, CSV, Crossref and arXiv readers each find a title, a year, a
list of people and some identifiers in their own way; turning those into
``kg.model`` records, and refusing what the model cannot hold, happens here
once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.errors import LoaderError
from kg.ids import normalize_doi, normalize_orcid
from kg.model import (
    Authorship,
    Identifier,
    IdScheme,
    Person,
    PublicationType,
    Work,
)
from kg.names import normalize_text, split_homonym_number
from loaders.records import BadRecord

logger = logging.getLogger(__name__)

# Work types by the names BibTeX, biblatex and dblp give them, and by the
# graph's own names ("journal-article").
PUBLICATION_TYPES = {
    **{kind.value: kind for kind in PublicationType},
    "article": PublicationType.JOURNAL_ARTICLE,
    "inproceedings": PublicationType.CONFERENCE_PAPER,
    "conference": PublicationType.CONFERENCE_PAPER,
    "incollection": PublicationType.BOOK_CHAPTER,
    "inbook": PublicationType.BOOK_CHAPTER,
    "inreference": PublicationType.BOOK_CHAPTER,
    "book": PublicationType.BOOK,
    "mvbook": PublicationType.BOOK,
    "collection": PublicationType.BOOK,
    "mvcollection": PublicationType.BOOK,
    "reference": PublicationType.BOOK,
    "mvreference": PublicationType.BOOK,
    "booklet": PublicationType.BOOK,
    "proceedings": PublicationType.PROCEEDINGS,
    "mvproceedings": PublicationType.PROCEEDINGS,
    "thesis": PublicationType.THESIS,
    "phdthesis": PublicationType.THESIS,
    "mastersthesis": PublicationType.THESIS,
}

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ISBN_NOISE = re.compile(r"[\s-]")


def quote(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_error(exc: ValidationError) -> str:
    """The first problem pydantic found, as "field: message"."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}"


def dblp_title(text: str | None) -> str | None:
    """A dblp title without the full stop dblp ends every title with.

    dblp writes "Curvedness." where the paper says "Curvedness"; a title
    that ends in "?" or "!" gets no stop, and an ellipsis is the title's own.
    """
    if text is None or not text.endswith(".") or text.endswith(".."):
        return text
    return text[:-1].rstrip() or text


def year_in(text: str | None) -> int | None:
    """The first four-digit year in a date such as "2019-04-03" or "1995/1998"."""
    match = _YEAR.search(text or "")
    return int(match[1]) if match else None


def person_named(
    given: str | None,
    family: str | None,
    identifiers: Iterable[Identifier] = (),
) -> Person | None:
    """A person from given and family names; None if both are blank.

    A source that splits names says which part is which, so the split is
    kept rather than guessed again. A dblp-style homonym number at the end
    of the family name ("Chen 0004") stays part of the person's identity.
    """
    given = normalize_text(given or "") or None
    family = normalize_text(family or "") or None
    if given is None and family is None:
        return None
    full = " ".join(part for part in (given, family) if part)
    name, number = split_homonym_number(full)
    if number is not None and family is not None:
        family = split_homonym_number(family)[0]
    return Person(
        name=name,
        homonym_number=number,
        given_name=given,
        family_name=family,
        identifiers=tuple(identifiers),
    )


@lru_cache(maxsize=8192)
def person_from_string(
    written: str, identifiers: tuple[Identifier, ...] = ()
) -> Person | None:
    """A person from one name string in reading order ("Lei Xu 0040").

    Telling given from family names is the slow part of reading a table,
    and the same names recur row after row, so recent answers are kept.
    """
    if not normalize_text(written):
        return None
    person = Person.from_author_string(written)
    return person.model_copy(update={"identifiers": identifiers})


def authorships(
    people: Iterable[tuple[Person, str, tuple[str, ...]]],
) -> tuple[Authorship, ...]:
    """Authorships numbered 1, 2, 3... from (person, as written, institutions)."""
    return tuple(
        Authorship(
            position=position,
            person=person,
            name_as_written=normalize_text(written) or person.name,
            institutions=institutions,
        )
        for position, (person, written, institutions) in enumerate(people, start=1)
    )


def doi(text: str | None) -> Identifier | None:
    value = normalize_doi(text or "")
    return Identifier(scheme=IdScheme.DOI, value=value) if value else None


def orcid(text: str | None) -> Identifier | None:
    value = normalize_orcid(text or "")
    return Identifier(scheme=IdScheme.ORCID, value=value) if value else None


def isbn(text: str | None) -> Identifier | None:
    """An ISBN without hyphens or spaces, so two printings of it compare equal."""
    value = _ISBN_NOISE.sub("", text or "").upper()
    return Identifier(scheme=IdScheme.ISBN, value=value) if value else None


def identifier(scheme: IdScheme, text: str | None) -> Identifier | None:
    value = normalize_text(text or "")
    return Identifier(scheme=scheme, value=value) if value else None


def present(*found: Identifier | None) -> tuple[Identifier, ...]:
    """The identifiers that were found, each once, in the order given."""
    return tuple(dict.fromkeys(i for i in found if i is not None))


def one_record(
    path: Path, line: int | None, label: str, build: Callable[[], Work | BadRecord]
) -> Work | BadRecord:
    """Build one record; what is wrong with it alone makes it a BadRecord.

    JSON sources are read by key, and a record may hold a number where a
    list of names belongs; the reader would then fail deep inside with a
    TypeError that says nothing about the file, so that is named here too.
    """
    try:
        return build()
    except LoaderError as exc:
        return BadRecord(exc)
    except (TypeError, AttributeError, IndexError) as exc:
        problem = f"{label} does not have the expected shape ({exc})"
        return BadRecord(LoaderError(path, line, problem, code="bad-record-shape"))


def build_work(
    path: Path, line: int | None, label: str, **fields: Any
) -> Work | BadRecord:
    """The work, or a BadRecord when the source leaves out a title or a year.

    Such a record is valid in its source (an undated web page) but the
    graph cannot place it. A work with no author (a proceedings volume
    with editors only) is kept. A value the model refuses (a year 3015)
    is a BadRecord too.
    """
    missing = [name for name in ("title", "year") if not fields.get(name)]
    if missing:
        problem = f"{label} has no {' and no '.join(missing)}; every work needs both"
        return BadRecord(LoaderError(path, line, problem, code="incomplete-work"))
    try:
        return Work(**fields)
    except ValidationError as exc:
        problem = f"{label} is not valid: {first_error(exc)}"
        return BadRecord(LoaderError(path, line, problem, code="invalid-work"))
