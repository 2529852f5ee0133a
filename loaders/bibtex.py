"""BibTeX and biblatex files, read entry by entry.

bibtexparser (v2) parses each entry into its type, key and raw fields. It
reads a whole string at once, so this reader cuts the file itself: a new
entry starts at a line whose first non-blank character is ``@`` while the
braces of the entry before it are closed. Only one entry is in memory at a
time, plus the ``@string`` macros and the entries others inherit from.

What this reader adds to the parser:

- field values are evaluated as BibTeX does: ``{...}`` and ``"..."`` pieces
  and ``@string`` macros (case-insensitive, month names predefined) joined
  by ``#``; a macro used before it is defined is an error naming the line
  and the entry key;
- ``crossref``: an entry takes the fields it lacks from the entry it names,
  and that entry's ``title`` as its ``booktitle``. The parent usually comes
  after its children, so the file is read twice: once to find the parents
  (and to check every entry), once to yield the works;
- LaTeX in values is decoded to Unicode (``loaders.latex``); author lists
  are split at "and" outside braces into people, "others" is dropped, and
  a name wholly in braces (``{Open Graph Consortium}``) is an organisation,
  not a person, and is left out of the authorships.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry, ParsingFailedBlock, String

from kg.errors import LoaderError
from kg.model import (
    Authorship,
    IdScheme,
    Person,
    PublicationType,
    Venue,
    VenueKind,
    Work,
)
from loaders.fields import (
    PUBLICATION_TYPES,
    authorships,
    build_work,
    doi,
    identifier,
    isbn,
    one_record,
    person_from_string,
    person_named,
    present,
    year_in,
)
from loaders.latex import latex_to_text
from loaders.records import BadRecord
from loaders.text import decoded_lines

logger = logging.getLogger(__name__)

FORMAT = "bibtex"

_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")
_SNIFF = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]\s*[^\s,={}()]+\s*,", re.MULTILINE)
_SNIFF_STRING = re.compile(r"^\s*@\s*string\s*[{(]", re.MULTILINE | re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\s#{}\"]+")

MONTHS = {
    month[:3].lower(): month
    for month in (
        "January February March April May June July August September October "
        "November December"
    ).split()
}

# Entry types that hold no work: sets of other entries, biblatex data pools.
_NOT_WORKS = {"set", "xdata"}

# Fields an inheriting entry never takes from its parent.
_NOT_INHERITED = {"crossref", "ids", "entryset", "xref", "key", "label"}


@dataclass(frozen=True)
class BibEntry:
    """One entry with its values evaluated but not yet decoded from LaTeX."""

    line: int
    entry_type: str
    key: str
    fields: dict[str, str]

    @property
    def label(self) -> str:
        return f"entry '{self.key}'"


def looks_like_bibtex(head: str) -> bool:
    """True if a line starts an entry with a key (``@article{key,``)."""
    return _SNIFF.search(head) is not None or _SNIFF_STRING.search(head) is not None


def read_bibtex(path: Path | str) -> Iterator[Work | BadRecord]:
    """Yield a work for each entry that is one, in file order.

    Raises:
        LoaderError: an entry that does not parse, a macro used before it is
            defined, unbalanced braces, or text that is not UTF-8; the
            message names the line and the entry key.
    """
    path = Path(path)
    yield from _works(path, _parents(path))


def _works(path: Path, parents: dict[str, BibEntry]) -> Iterator[Work | BadRecord]:
    for entry in read_entries(path):
        if isinstance(entry, BadRecord):
            yield entry
            continue
        if entry.entry_type in _NOT_WORKS:
            logger.debug("%s, line %d: %s is a %s, not a work", path, entry.line,
                         entry.label, entry.entry_type)  # fmt: skip
            continue
        build = partial(_inherited_work, path, entry, parents)
        yield one_record(path, entry.line, entry.label, build)


def _inherited_work(
    path: Path, entry: BibEntry, parents: dict[str, BibEntry]
) -> Work | BadRecord:
    return _work(path, _inherit(path, entry, parents))


def _parents(path: Path) -> dict[str, BibEntry]:
    """The entries that others name in ``crossref``, by lower-case key.

    The first read checks every entry and keeps the parents it meets after
    a child has named them, which is the order BibTeX asks for. A parent
    that came first is picked up by a second read.
    """
    wanted: set[str] = set()
    parents: dict[str, BibEntry] = {}
    for entry in read_entries(path):
        if isinstance(entry, BadRecord):
            continue
        key = entry.key.lower()
        if key in wanted:
            parents[key] = entry
        if parent := entry.fields.get("crossref"):
            wanted.add(parent.strip().lower())
    missing = wanted - parents.keys()
    if missing:
        for entry in read_entries(path):
            if isinstance(entry, BadRecord):
                continue
            if entry.key.lower() in missing:
                parents[entry.key.lower()] = entry
    return parents


def _inherit(
    path: Path,
    entry: BibEntry,
    parents: dict[str, BibEntry],
    children: frozenset[str] = frozenset(),
) -> BibEntry:
    """The entry with the fields it lacks taken from its ``crossref`` parent.

    A parent may inherit from its own parent in turn; ``children`` holds the
    keys already on the way, so a loop of crossrefs is refused.
    """
    parent_key = entry.fields.get("crossref", "").strip()
    if not parent_key:
        return entry
    if parent_key.lower() in children | {entry.key.lower()}:
        raise LoaderError(
            path,
            entry.line,
            f"{entry.label}: its crossref '{parent_key}' leads back to itself",
            code="crossref-loop",
        )
    parent = parents.get(parent_key.lower())
    if parent is None:
        logger.warning(
            "%s, line %d: %s names crossref '%s', which is not in the file; "
            "it is read without inheriting",
            path, entry.line, entry.label, parent_key,
        )  # fmt: skip
        return entry
    fields = {
        name: value
        for name, value in _inherit(
            path, parent, parents, children | {entry.key.lower()}
        ).fields.items()
        if name not in _NOT_INHERITED
    }
    if "title" in fields:
        fields.setdefault("booktitle", fields["title"])
    fields.update(entry.fields)
    return BibEntry(entry.line, entry.entry_type, entry.key, fields)


def read_entries(path: Path) -> Iterator[BibEntry | BadRecord]:
    """Every entry of the file with its values evaluated, in file order.

    An entry that does not parse, or uses a macro never defined, is a
    BadRecord; so is a broken ``@string``, and the entries that use its
    macro are then bad too.
    """
    macros = dict(MONTHS)
    for first_line, chunk in _chunks(path):
        library = bibtexparser.parse_string(chunk, parse_stack=[])
        for block in library.blocks:
            line = first_line + (block.start_line or 0)
            try:
                if isinstance(block, ParsingFailedBlock):
                    problem = _parse_problem(block)
                    raise LoaderError(path, line, problem, code="bad-bibtex-entry")
                if isinstance(block, String):
                    where = f"@string '{block.key}'"
                    macros[block.key.lower()] = _evaluate(
                        path, line, where, block.value, macros
                    )
                elif isinstance(block, Entry):
                    yield _evaluated(path, first_line, block, macros)
            except LoaderError as exc:
                yield BadRecord(exc)


def _evaluated(
    path: Path, first_line: int, entry: Entry, macros: dict[str, str]
) -> BibEntry:
    label = f"entry '{entry.key}'"
    fields = {}
    for field in entry.fields:
        line = first_line + field.start_line
        value = _evaluate(path, line, label, field.value, macros)
        fields[field.key.lower()] = value
    line = first_line + (entry.start_line or 0)
    return BibEntry(line, entry.entry_type.lower(), entry.key, fields)


def _chunks(path: Path) -> Iterator[tuple[int, str]]:
    """The file cut into pieces that each hold at most one entry.

    Yields (number of the piece's first line, its text). A line starting
    with ``@`` opens a new piece only where the braces of the piece before
    are balanced, so an ``@`` at the start of a line inside a value (an
    e-mail address in an abstract) stays where it is.
    """
    lines: list[str] = []
    first = 1
    depth = 0
    with path.open("rb") as stream:
        for number, line in enumerate(decoded_lines(path, stream), start=1):
            if depth <= 0 and lines and _ENTRY_START.match(line):
                yield first, "".join(lines)
                lines, depth = [], 0
            if not lines:
                first = number
            lines.append(line)
            depth += line.count("{") - line.count("}")
    if lines:
        yield first, "".join(lines)


def _parse_problem(block: ParsingFailedBlock) -> str:
    error = block.error
    reason = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
    return (
        f"the entry cannot be read as BibTeX ({reason.strip().rstrip('.')}); "
        f"check its braces, quotes and commas"
    )


def _evaluate(
    path: Path, line: int, label: str, expression: str, macros: dict[str, str]
) -> str:
    """The value of a field: braced and quoted pieces and macros, joined by #."""
    pieces: list[str] = []
    text = expression.strip()
    at = 0
    while at < len(text):
        char = text[at]
        if char.isspace() or char == "#":
            at += 1
        elif char in '{"':
            end = _closing(path, line, label, text, at)
            pieces.append(text[at + 1 : end])
            at = end + 1
        else:
            word = _WORD.match(text, at)
            if word is None:
                raise LoaderError(
                    path, line, f"{label}: unexpected '{char}' in a value",
                    code="bad-bibtex-entry",
                )  # fmt: skip
            name = word.group(0)
            pieces.append(
                name if name.isdigit() else _macro(path, line, label, name, macros)
            )
            at = word.end()
    return "".join(pieces)


def _macro(path: Path, line: int, label: str, name: str, macros: dict[str, str]) -> str:
    try:
        return macros[name.lower()]
    except KeyError:
        raise LoaderError(
            path,
            line,
            f"{label} uses the macro '{name}', which no @string defines before it; "
            f"define it, or write the value in braces: {{{name}}}",
            code="undefined-bibtex-macro",
        ) from None


def _closing(path: Path, line: int, label: str, text: str, start: int) -> int:
    """Where the brace or quote opened at ``start`` closes.

    Inside quotes a ``"`` within braces is text, as in BibTeX itself.
    """
    depth = 0
    for at in range(start, len(text)):
        char = text[at]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and text[start] == "{":
                return at
        elif char == '"' and at > start and depth == 0 and text[start] == '"':
            return at
    raise LoaderError(
        path, line, f"{label}: a value's braces or quotes are not closed",
        code="bad-bibtex-entry",
    )  # fmt: skip


def _work(path: Path, entry: BibEntry) -> Work | BadRecord:
    fields = entry.fields
    publication_type = PUBLICATION_TYPES.get(entry.entry_type, PublicationType.OTHER)
    eprint_type = (fields.get("eprinttype") or fields.get("archiveprefix", "")).lower()
    arxiv = fields.get("eprint") if eprint_type == "arxiv" else None
    if arxiv and publication_type is PublicationType.OTHER:
        publication_type = PublicationType.PREPRINT

    title = fields.get("title")
    return build_work(
        path,
        entry.line,
        entry.label,
        title=latex_to_text(title) if title else None,
        year=year_in(fields.get("year") or fields.get("date")),
        publication_type=publication_type,
        venue=_venue(entry),
        authorships=_authors(path, entry),
        abstract=latex_to_text(fields["abstract"]) if "abstract" in fields else None,
        identifiers=present(
            doi(fields.get("doi")),
            identifier(IdScheme.ARXIV, arxiv),
            isbn(fields.get("isbn")),
        ),
    )


def _venue(entry: BibEntry) -> Venue | None:
    """Where the work appeared: its journal, its proceedings, or its series."""
    fields = entry.fields
    journal = latex_to_text(fields.get("journal") or fields.get("journaltitle", ""))
    if entry.entry_type == "article" and journal:
        return Venue(name=journal, kind=VenueKind.JOURNAL)
    booktitle = latex_to_text(fields.get("booktitle", ""))
    if entry.entry_type in ("inproceedings", "conference") and booktitle:
        return Venue(name=booktitle, kind=VenueKind.CONFERENCE)
    series = latex_to_text(fields.get("series", ""))
    if series:
        return Venue(name=series, kind=VenueKind.BOOK_SERIES)
    return None


def _authors(path: Path, entry: BibEntry) -> tuple[Authorship, ...]:
    people = []
    for written in split_names(entry.fields.get("author", "")):
        if written.lower() == "others":
            continue
        if _wholly_braced(written):
            logger.info(
                "%s, line %d: %s lists '%s', an organisation; "
                "it is not made a person",
                path, entry.line, entry.label, latex_to_text(written),
            )  # fmt: skip
            continue
        person = _person(written)
        if person is not None:
            people.append((person, latex_to_text(written), ()))
    return authorships(people)


def _wholly_braced(name: str) -> bool:
    """True for "{Open Graph Consortium}", false for "{\\'E}mile {Zola}".

    BibTeX keeps a name wholly in one pair of braces as a single unit: the
    way to write an organisation.
    """
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for at, char in enumerate(name):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return at == len(name) - 1
    return False


def split_names(names: str) -> list[str]:
    """Split a BibTeX name list at "and" outside braces."""
    return [name.strip() for name in _split_outside_braces(names, _AND) if name.strip()]


def _person(written: str) -> Person | None:
    """A person from "First von Last", "von Last, First" or "von Last, Jr, First"."""
    parts = [latex_to_text(part) for part in _split_outside_braces(written, ",")]
    if len(parts) == 1:
        return person_from_string(parts[0])
    family, given = parts[0], parts[-1]
    if len(parts) >= 3 and parts[1]:
        family = f"{family} {parts[1]}"
    return person_named(given, family)


def _split_outside_braces(text: str, separator: re.Pattern[str] | str) -> list[str]:
    """Split ``text`` at ``separator`` where no brace is open."""
    pattern = (
        separator
        if isinstance(separator, re.Pattern)
        else re.compile(re.escape(separator))
    )
    parts: list[str] = []
    depth = 0
    start = 0
    at = 0
    while at < len(text):
        char = text[at]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and (match := pattern.match(text, at)):
            parts.append(text[start:at])
            start = at = match.end()
            continue
        at += 1
    parts.append(text[start:])
    return parts
