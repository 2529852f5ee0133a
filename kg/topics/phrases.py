"""A person's own fine-grained topics: key phrases of their works' titles.

The scheme's topics are coarse ("Natural Language Processing Techniques");
the phrases a person's titles repeat ("noisy labels", "large language
models") or coin ("LLM-as-a-judge") say more. They are kept apart from the
scheme's topics: they are words, not concepts, and no store holds them.

A phrase is two or three words in a row with no stop word or punctuation
between them, one word of at least three hyphen-joined parts, or a lone
word that two or more titles use and no repeated phrase holds
("distillation"). Abbreviations are spelt out as for topics ("LLMs" is
"large language models"), but not inside a name ("LLM-as-a-judge").
Phrases repeated across works come first; a phrase is dropped when a
longer one holding it appears in as many works.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from kg.topics.assign import SYNONYMS, _stem

MOST = 10
_STOP = ENGLISH_STOP_WORDS | {
    "towards", "toward", "via", "using", "approach", "framework", "new",
    "novel", "beyond", "impact", "boosts", "improving", "efficient",
    "effective", "simple", "study", "analysis", "method", "methods",
}  # fmt: skip
# Words too broad to stand alone, though they may end a phrase ("deep
# learning", "pre-trained models"); compared as stems.
_BROAD = {"model", "learn", "data", "train", "network", "neural", "deep", "task"}
_BREAK = re.compile(r"[:;,.()!?\"\[\]{}]|\s[-–—]\s")
_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ABBREVIATION = re.compile(r"\b(" + "|".join(SYNONYMS) + r")s?\b(?!-)")

Key = tuple[str, ...]


class KeyPhrase(BaseModel):
    """A phrase of a person's titles, with the works and years that use it."""

    phrase: str
    works: int
    years: list[int]


def _phrases(title: str) -> set[tuple[Key, str]]:
    """(stemmed key, phrase as written) of each phrase in one title."""
    found = set()
    text = _ABBREVIATION.sub(lambda m: SYNONYMS[m.group(1)], title).lower()
    for part in _BREAK.split(text):
        run: list[str] = []
        for token in [*_TOKEN.findall(part), ""]:
            if token and token not in _STOP:
                run.append(token)
                continue
            for n in (1, 2, 3):
                for i in range(len(run) - n + 1):
                    words = run[i : i + n]
                    found.add((tuple(_stem(w) for w in words), " ".join(words)))
            run = []
    return found


def key_phrases(works: Iterable[tuple[str, int, str]]) -> list[KeyPhrase]:
    """The key phrases of works given as (id, year, title), most repeated first.

    A work given twice (under two titles that differ in case) counts once;
    the phrase is written as in the work with the smallest id.
    """
    seen: dict[Key, set[str]] = defaultdict(set)
    years: dict[Key, set[int]] = defaultdict(set)
    written: dict[Key, str] = {}
    for work, year, title in sorted(works):
        for key, phrase in sorted(_phrases(title)):
            seen[key].add(work)
            years[key].add(year)
            written.setdefault(key, phrase)

    def wanted(key: Key) -> bool:
        if len(key) > 1:
            return len(seen[key]) > 1
        if key[0].count("-") >= 2:
            return True
        return len(seen[key]) > 1 and key[0] not in _BROAD

    def held(key: Key, other: Key) -> bool:
        return len(other) > len(key) and f" {' '.join(key)} " in f" {' '.join(other)} "

    repeated = [k for k in seen if len(k) > 1 and len(seen[k]) > 1]
    keep = [
        k
        for k in seen
        if wanted(k)
        and not any(held(k, o) and len(seen[o]) == len(seen[k]) for o in seen)
        and not (len(k) == 1 and any(held(k, o) for o in repeated))
    ]
    keep.sort(key=lambda k: (-len(seen[k]), -len(k), written[k]))
    return [
        KeyPhrase(phrase=written[k], works=len(seen[k]), years=sorted(years[k]))
        for k in keep[:MOST]
    ]
