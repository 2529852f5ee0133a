"""Stable identifiers: the same input always gives the same IRI.

Each record's identifier comes from the strongest key the input offers. The
author-cluster page offers no DOI or person identifier, so works are keyed by
their normalised title and year, and people by their normalised name plus the
dblp-style homonym number when there is one ("Lei Xu 0040" is never "Lei Xu").
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from kg.names import fold, normalize_text

BASE = "https://w3id.org/scholarly-kg/"
ONTOLOGY = BASE + "ontology#"

_NOT_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")
_UNSAFE = re.compile(r"[^\w.-]")
_LOCAL_ID = re.compile(r"^[\w][\w.-]*$")

# The kinds of record that get an IRI, and the path segment each lives under.
KINDS = (
    "work",
    "person",
    "venue",
    "edition",
    "assignment",
    "authorship",
    "cluster",
    "source",
    "topic",
    "assignment",
)


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


# Ids are minted again wherever a record's ``id`` is read (identity, both
# stores), and names and venues recur record after record: remember the
# recent ones. Bounded, so memory stays flat on a file of any size.
@lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """A readable, URL-safe key: "Se-Young Yun" becomes "se-young_yun".

    Spaces become "_" and hyphens stay "-", so "Ling Liu" and "Ling-Liu"
    keep two keys. Accents are folded for readability; a short digest of the
    exact name is added when folding (or dropping a character that has no
    place in a URL) changed it, so "Zoë" and "Zoe" keep two keys as well.
    """
    exact = normalize_text(text).casefold()
    spaced = _SPACES.sub("_", fold(text))
    readable = _UNSAFE.sub("", spaced).strip("_").lstrip(".-")
    if readable and readable == _SPACES.sub("_", exact):
        return readable
    return f"{readable}-{_digest(exact, 6)}" if readable else _digest(exact, 12)


def person_id(name: str, homonym_number: str | None) -> str:
    key = slug(name)
    return f"{key}_{homonym_number}" if homonym_number else key


@lru_cache(maxsize=1 << 16)
def title_key(title: str) -> str:
    """A title as works are matched by: folded, punctuation as space."""
    return " ".join(_NOT_WORD.sub(" ", fold(title)).split())


@lru_cache(maxsize=1 << 16)
def work_id(title: str, year: int, variant: str | None = None) -> str:
    """The id of a work; ``variant`` keeps apart works that share title and
    year but are not one work (a preprint, a namesake paper)."""
    key = f"{title_key(title)}|{year}"
    return _digest(key if variant is None else f"{key}|{variant}", 16)


def venue_id(acronym: str) -> str:
    return slug(acronym)


def edition_id(venue: str, year: int) -> str:
    """A venue's edition of one year: ``iclr-2025``."""
    return f"{venue}-{year}"


def authorship_id(source: str, work: str, position: int) -> str:
    """An authorship as one source states it.

    Two sources may list one work's authors in different orders; keyed by
    the source too, each order stays whole instead of the two mixing.
    """
    return f"{source}-{work}-{position}"


def assignment_id(source: str, work: str, topic: str, origin: str) -> str:
    """A work's topic as one source (or method) states it, with its score."""
    return f"{source}-{work}-{topic}-{slug(origin)}"


def cluster_id(name: str) -> str:
    return slug(name)


def source_id(location: str) -> str:
    """A source is keyed by where it was read from, not by its content.

    Loading a newer version of the same file then replaces what the old
    version said, instead of piling a second copy beside it.
    """
    return _digest(location, 16)


def is_local_id(text: str) -> bool:
    """True if ``text`` has the shape of an identifier this module mints."""
    return _LOCAL_ID.match(text) is not None


def iri(kind: str, local_id: str) -> str:
    """The IRI of a record of ``kind`` ("work", "person", ...)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of record {kind!r}; known: {KINDS}")
    if not is_local_id(local_id):
        raise ValueError(f"{local_id!r} is not a {kind} identifier")
    return f"{BASE}{kind}/{local_id}"


def local_id(kind: str, record_iri: str) -> str | None:
    """The local part of an IRI of ``kind``, or None if it is not one."""
    prefix = f"{BASE}{kind}/"
    return record_iri[len(prefix) :] if record_iri.startswith(prefix) else None


_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])")


def normalize_doi(text: str) -> str | None:
    """A DOI in its canonical form: lower case, no resolver or ``doi:`` prefix.

    DOIs are case-insensitive by definition, so lower case lets two sources
    that print one DOI differently agree. None if ``text`` holds no DOI.
    """
    match = _DOI.search(text.strip())
    return match.group(0).rstrip(".,;").lower() if match else None


def normalize_orcid(text: str) -> str | None:
    """An ORCID iD as ``0000-0002-1825-0097``, or None if its checksum fails.

    The last character is an ISO 7064 11-2 check digit; checking it keeps a
    mistyped iD from joining two people.
    """
    match = _ORCID.search(text.strip().upper())
    if match is None:
        return None
    digits = "".join(match.groups())
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    if digits[-1] != expected:
        return None
    return "-".join(match.groups())
