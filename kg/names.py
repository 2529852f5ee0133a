"""Names of people: normalisation, keys for search, and the parts of a name.

A name is not a person. These functions only make strings comparable; who is
who is decided by identifiers (see ``kg.ids``).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import lru_cache

from nameparser import HumanName, Lexicon
from nameparser.config import CONSTANTS

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
    authors come back on record after record. A plain name ("Lei Xu",
    "Ana B. Silva") is split without nameparser, as nameparser splits it.
    """
    plain = _plain_parts(name)
    if plain is not None:
        return plain
    parsed = HumanName(name)
    given = " ".join(p for p in (parsed.first, parsed.middle) if p) or None
    family = parsed.last or None
    return given, family


# Every word nameparser reads as more than a name (titles, suffixes,
# particles, conjunctions, ...), in its own folded form.
_VOCABULARY: frozenset[str] = frozenset().union(
    *(
        value
        for value in (
            getattr(Lexicon.default(), f.name) for f in dataclasses.fields(Lexicon)
        )
        if isinstance(value, frozenset)
    )
)
# Words that nameparser reads by their shape, whatever its word lists say.
_SHAPED = tuple(
    CONSTANTS.regexes[key]
    for key in (
        "roman_numeral",
        "east_slavic_patronymic",
        "turkic_patronymic_marker",
    )
)
_LATIN_END = 0x250  # Basic Latin to Latin Extended-B


def _plain_word(word: str) -> bool:
    """A capitalised word of Latin letters that nameparser has no rule for."""
    return (
        len(word) > 1
        and word.isalpha()
        and word[0].isupper()
        and word[1:].islower()
        and all(ord(c) < _LATIN_END for c in word)
        and word.lower() not in _VOCABULARY
        and not any(shape.match(word) or shape.search(word) for shape in _SHAPED)
    )


def _plain_parts(name: str) -> tuple[str, str] | None:
    """(given, family) of "Given Family" or "Given M. Family"; None otherwise.

    Only names with no word nameparser treats specially: for them it gives
    the first word as the first name, an initial as the middle name and the
    last word as the last name (``tests/unit/test_names.py`` checks this
    against nameparser itself).
    """
    words = name.split(" ")
    if len(words) == 3:
        middle = words[1]
        if not (
            len(middle) == 2
            and middle[1] == "."
            and "A" <= middle[0] <= "Z"
            and middle[0].lower() not in _VOCABULARY
        ):
            return None
        given = f"{words[0]} {middle}"
    elif len(words) == 2:
        given = words[0]
    else:
        return None
    if _plain_word(words[0]) and _plain_word(words[-1]):
        return given, words[-1]
    return None
