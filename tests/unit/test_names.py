"""Names split without nameparser are split as nameparser splits them."""

from __future__ import annotations

import pytest
from nameparser import HumanName

from bench.generate import author
from kg.names import name_parts, split_homonym_number


def _nameparser_parts(name: str) -> tuple[str | None, str | None]:
    parsed = HumanName(name)
    given = " ".join(p for p in (parsed.first, parsed.middle) if p) or None
    return given, parsed.last or None


# Names that nameparser reads by a rule of its own, and some it does not.
_NAMES = [
    "Jongwoo Ko", "Se-Young Yun", "Van Damme", "Maria de la Cruz", "Vi Li",
    "Ivan Petrovich", "Ali Oglu", "Bin Li", "Abu Bakr", "Le Minh", "Di Wu",
    "Jr Smith", "Mac Donald", "Dr House", "Ana E. Silva", "Ana I. Silva",
    "Mia Ii", "Lei Xiv", "Sister Act", "John Esq", "Karl Von", "Zoë Lindqvist",
    "Иван Петров", "Lei Xu 0040", "J. Ko", "Ko, Jongwoo", "Ana  Silva",
]  # fmt: skip


@pytest.mark.parametrize("name", _NAMES)
def test_name_parts_of_a_name_equal_nameparsers(name: str) -> None:
    name_parts.cache_clear()
    assert name_parts(name) == _nameparser_parts(name)


def test_name_parts_of_generated_names_equal_nameparsers() -> None:
    # Every 7th name of the benchmark's generator: 2,608 names, with and
    # without middle initials, with and without accents.
    names = {split_homonym_number(author(i).name)[0] for i in range(0, 18252, 7)}
    name_parts.cache_clear()
    wrong = [n for n in sorted(names) if name_parts(n) != _nameparser_parts(n)]
    assert wrong == []
