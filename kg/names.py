"""Names of people: normalisation, keys for search, and the parts of a name.

A name is not a person. These functions only make strings comparable; who is
who is decided by identifiers (see ``kg.ids``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from nameparser import HumanName

# dblp marks homonyms with a four-digit number after the name ("Lei Xu 0040").
_HOMONYM = re.compile(r"^(?P<name>.*\S)\s+(?P<number>\d{4})$")
_SPACES = re.compile(r"\s+")
# Marks that names are written with or without: "Se-Young", "J. Ko", "O'Neil".
_PUNCTUATION = re.compile(r"[-.,'\u2019\u2010\u2011]+")


def normalize_text(text: str) -> str:
    """NFC form with runs of white space folded to one space.

    Macs save "Zoë" as "e" plus a combining diaeresis; NFC makes both spellings
    the same string.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """A search key: case-folded, accents removed, white space folded."""
    decomposed = unicodedata.normalize("NFKD", normalize_text(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Compose again: Hangul, for one, decomposes into jamo that are not marks.
    return unicodedata.normalize("NFC", bare).casefold()


@lru_cache(maxsize=1 << 16)
def search_key(text: str) -> str:
    """What a name is looked up by: folded, with name punctuation as space.

    "Se-Young Yun" and "se young yun" then find each other. Other characters
    stay, so a search for text such as `Ana\\` is a search for exactly that.
    """
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


def split_homonym_number(author: str) -> tuple[str, str | None]:
    """Split "Lei Xu 0040" into ("Lei Xu", "0040"); other names pass through."""
    author = normalize_text(author)
    match = _HOMONYM.match(author)
    if match is None:
        return author, None
    return match["name"], match["number"]


@lru_cache(maxsize=1 << 16)
def name_parts(name: str) -> tuple[str | None, str | None]:
    """The given and family names of a personal name, where they can be told.

    Cached: parsing is the slowest step of reading a dblp dump, and the same
    authors come back on record after record.
    """
    parsed = HumanName(name)
    given = " ".join(p for p in (parsed.first, parsed.middle) if p) or None
    family = parsed.last or None
    return given, family
