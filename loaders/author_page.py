"""The author-cluster page: a text rendering of a research-search site's page
that lists the works found under one exact author name.

The page is a run of paragraphs separated by blank lines::

    Author name cluster          heading
    Jongwoo Ko                   the name the works were grouped by
    10 papers / 2 author rows    what the page says it holds
    Possible papers              start of the list (then the count again)

and then, for each work::

    ICLR Conference 2025 Conference Paper      venue, kind, year, type
    Beyond correlation: ...                    title
      • Aparna Elangovan                       authors, in order
      • Lei Xu 0040                            (dblp-style homonym number)
    The effectiveness of ...                   abstract (optional)

The reader is lazy: it yields each work as soon as its paragraphs are read,
and the name cluster last, once the stated work count has been checked.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from kg.errors import LoaderError
from kg.model import (
    Authorship,
    LoadedRecord,
    NameCluster,
    Person,
    PublicationType,
    Venue,
    VenueKind,
    Work,
)
from loaders.text import decoded_lines

logger = logging.getLogger(__name__)

FORMAT = "author-page"

HEADING = "Author name cluster"
LIST_HEADING = "Possible papers"
BULLET = "•"

_VENUE_KINDS = {kind.name.title(): kind for kind in VenueKind}
_PUBLICATION_TYPES = {
    "Conference Paper": PublicationType.CONFERENCE_PAPER,
    "Journal Article": PublicationType.JOURNAL_ARTICLE,
    "Workshop Paper": PublicationType.WORKSHOP_PAPER,
}
_KIND = "|".join(_VENUE_KINDS)
_TYPE = "|".join(_PUBLICATION_TYPES)
_VENUE_LINE = re.compile(
    rf"^(?P<acronym>\S.*?) (?P<kind>{_KIND}) (?P<year>\d{{4}}) (?P<type>{_TYPE})$"
)
_VENUE_LINE_SHAPE = (
    "'<ACRONYM> <Conference|Journal|Workshop> <YEAR> "
    "<Conference Paper|Journal Article|Workshop Paper>'"
)
_PAPER_COUNT = re.compile(r"^(\d+) papers?$")
_AUTHOR_ROWS = re.compile(r"^(\d+) author rows?$")


@dataclass(frozen=True)
class Paragraph:
    """Consecutive non-blank lines, stripped, with the number of the first."""

    line: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def is_author_list(self) -> bool:
        return all(line.startswith(BULLET) for line in self.lines)


def looks_like_author_page(head: str) -> bool:
    """True if the first part of a file reads like an author-cluster page."""
    return HEADING in head[:2000] and LIST_HEADING in head


def read_author_page(path: Path | str) -> Iterator[LoadedRecord]:
    """Yield the works of an author-cluster page, then its name cluster.

    Raises:
        LoaderError: the file is empty, not UTF-8, or not laid out as above;
            the message names the line and what was expected there.
    """
    path = Path(path)
    with path.open("rb") as stream:
        paragraphs = _Lookahead(_paragraphs(path, decoded_lines(path, stream)))
        yield from _PageReader(path, paragraphs).records()


def _paragraphs(path: Path, lines: Iterable[str]) -> Iterator[Paragraph]:
    current: list[str] = []
    first = 0
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text and not current:
            first = number
        if text:
            current.append(text)
        elif current:
            yield Paragraph(first, tuple(current))
            current = []
    if current:
        yield Paragraph(first, tuple(current))


class _Lookahead:
    """An iterator of paragraphs that can peek a few ahead."""

    def __init__(self, paragraphs: Iterator[Paragraph]) -> None:
        self._source = paragraphs
        self._buffer: deque[Paragraph] = deque()
        self.last_line = 0

    def peek(self, ahead: int = 0) -> Paragraph | None:
        while len(self._buffer) <= ahead:
            paragraph = next(self._source, None)
            if paragraph is None:
                return None
            self._buffer.append(paragraph)
        return self._buffer[ahead]

    def next(self) -> Paragraph | None:
        paragraph = self.peek()
        if paragraph is not None:
            self._buffer.popleft()
            self.last_line = paragraph.line + len(paragraph.lines) - 1
        return paragraph


class _PageReader:
    def __init__(self, path: Path, paragraphs: _Lookahead) -> None:
        self.path = path
        self.paragraphs = paragraphs

    def fail(self, line: int | None, problem: str, code: str) -> LoaderError:
        return LoaderError(self.path, line, problem, code=code)

    def records(self) -> Iterator[LoadedRecord]:
        name, stated_works, stated_rows, stated_line = self._read_header()
        entries = 0
        first_line: dict[str, int] = {}
        while (start := self.paragraphs.peek()) is not None:
            work = self._read_work()
            entries += 1
            if work.id in first_line:
                logger.warning(
                    "%s, line %d: the work '%s' is listed again (first at line %d); "
                    "it is kept once",
                    self.path, start.line, _quote(work.title), first_line[work.id],
                )  # fmt: skip
                continue
            first_line[work.id] = start.line
            yield work
        work_ids = list(first_line)

        if entries != stated_works:
            raise self.fail(
                stated_line,
                f"the page says it lists {stated_works} papers but "
                f"{entries} were found; is the file truncated?",
                "work-count-mismatch",
            )
        yield NameCluster(
            name=name,
            stated_work_count=stated_works,
            stated_author_rows=stated_rows,
            work_ids=tuple(work_ids),
        )

    def _read_header(self) -> tuple[str, int, int | None, int]:
        """Read up to the list heading: (name, papers, author rows, line)."""
        first = self.paragraphs.peek()
        if first is None:
            raise self.fail(
                None,
                f"the file is empty; expected an author-cluster page starting "
                f"with the heading '{HEADING}'",
                "empty-file",
            )

        name: str | None = None
        stated_works: int | None = None
        stated_rows: int | None = None
        stated_line = first.line
        seen_heading = False
        while (paragraph := self.paragraphs.next()) is not None:
            if paragraph.text == LIST_HEADING:
                break
            if paragraph.text == HEADING:
                seen_heading = True
                name_paragraph = self.paragraphs.next()
                name = name_paragraph.text if name_paragraph else None
                continue
            for number, line in enumerate(paragraph.lines, start=paragraph.line):
                if match := _PAPER_COUNT.match(line):
                    stated_works, stated_line = int(match[1]), number
                elif match := _AUTHOR_ROWS.match(line):
                    stated_rows = int(match[1])
        else:
            expected = LIST_HEADING if seen_heading else HEADING
            raise self.fail(
                self.paragraphs.last_line or first.line,
                f"the page ends before the heading '{expected}'; "
                f"this is not an author-cluster page, or it is truncated",
                "not-an-author-page",
            )

        if not seen_heading or name is None:
            raise self.fail(
                first.line,
                f"no '{HEADING}' heading followed by a name before '{LIST_HEADING}'",
                "not-an-author-page",
            )
        if stated_works is None:
            raise self.fail(
                first.line,
                f"the header does not say how many papers the page lists "
                f"(a line such as '10 papers' before '{LIST_HEADING}')",
                "missing-work-count",
            )
        self._skip_repeated_count(stated_works)
        return name, stated_works, stated_rows, stated_line

    def _skip_repeated_count(self, stated_works: int) -> None:
        """The list heading is followed by the count again, as a bare number."""
        paragraph = self.paragraphs.peek()
        if paragraph is None or not paragraph.text.isdigit():
            return
        self.paragraphs.next()
        if int(paragraph.text) != stated_works:
            raise self.fail(
                paragraph.line,
                f"the list says {paragraph.text} papers but the header says "
                f"{stated_works}",
                "work-count-mismatch",
            )

    def _read_work(self) -> Work:
        venue_paragraph = self.paragraphs.next()
        assert venue_paragraph is not None
        venue, year, publication_type = self._parse_venue_line(venue_paragraph)

        title = self.paragraphs.next()
        if title is None or title.is_author_list:
            line = title.line if title else self.paragraphs.last_line
            found = "the author list" if title else "the end of the file"
            raise self.fail(
                line,
                f"the work whose venue line is at line {venue_paragraph.line} "
                f"has no title: expected a title after the venue line, "
                f"found {found}",
                "work-missing-title",
            )

        authors = self.paragraphs.next()
        if authors is None or not authors.is_author_list:
            line = authors.line if authors else self.paragraphs.last_line
            found = "more text" if authors else "the end of the file"
            raise self.fail(
                line,
                f"expected the author list ('{BULLET} Name' lines) of the work "
                f"'{_quote(title.text)}', found {found}; is the file truncated?",
                "work-missing-authors",
            )

        abstract: list[str] = []
        while not self._at_work_start():
            paragraph = self.paragraphs.next()
            assert paragraph is not None
            abstract.append(paragraph.text)

        try:
            return Work(
                title=title.text,
                year=year,
                publication_type=publication_type,
                venue=venue,
                authorships=_authorships(authors),
                abstract="\n\n".join(abstract) or None,
            )
        except ValidationError as exc:
            raise self.fail(
                venue_paragraph.line,
                f"the work '{_quote(title.text)}' is not valid: {_first_error(exc)}",
                "invalid-work",
            ) from exc

    def _at_work_start(self) -> bool:
        """Does the next paragraph start a work?

        It does if it is a venue line. It does too if it is one line followed
        by a title and an author list: then it is a venue line the reader does
        not understand, to be reported, not glued onto the previous abstract.
        """
        paragraph = self.paragraphs.peek()
        if paragraph is None or _VENUE_LINE.match(paragraph.text):
            return True
        title, authors = self.paragraphs.peek(1), self.paragraphs.peek(2)
        return (
            len(paragraph.lines) == 1
            and title is not None
            and not title.is_author_list
            and not _VENUE_LINE.match(title.text)
            and authors is not None
            and authors.is_author_list
        )

    def _parse_venue_line(
        self, paragraph: Paragraph
    ) -> tuple[Venue, int, PublicationType]:
        match = _VENUE_LINE.match(paragraph.text)
        if match is None:
            raise self.fail(
                paragraph.line,
                f"venue line not understood: '{_quote(paragraph.text)}'; "
                f"expected {_VENUE_LINE_SHAPE}",
                "bad-venue-line",
            )
        venue = Venue(acronym=match["acronym"], kind=_VENUE_KINDS[match["kind"]])
        return venue, int(match["year"]), _PUBLICATION_TYPES[match["type"]]


def _authorships(paragraph: Paragraph) -> tuple[Authorship, ...]:
    authorships = []
    for position, line in enumerate(paragraph.lines, start=1):
        written = line.removeprefix(BULLET).strip()
        authorships.append(
            Authorship(
                position=position,
                person=Person.from_author_string(written),
                name_as_written=written,
            )
        )
    return tuple(authorships)


def _quote(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}"
