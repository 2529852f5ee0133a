"""The benchmark's data generator writes valid, repeatable dblp and OpenAlex."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from html.entities import name2codepoint

from bench.generate import author, generate, write_dblp, write_openalex


def _dblp(works: int) -> str:
    out = io.StringIO()
    write_dblp(generate(works), out)
    return out.getvalue()


def test_same_seed_writes_the_same_bytes() -> None:
    assert _dblp(300) == _dblp(300)


def test_dblp_output_parses_with_the_dtd_entities() -> None:
    parser = ET.XMLParser()
    parser.entity.update({n: chr(c) for n, c in name2codepoint.items()})
    root = ET.fromstring(_dblp(300).encode("ascii"), parser=parser)

    assert len(root) == 300
    assert set(Counter(e.tag for e in root)) == {"article", "inproceedings"}
    venue_tag = {"article": "journal", "inproceedings": "booktitle"}
    assert all(e.find(venue_tag[e.tag]) is not None for e in root)
    assert len({e.get("key") for e in root}) == 300
    years = [int(e.findtext("year", "0")) for e in root]
    assert years == sorted(years)
    assert (min(years), max(years)) == (2000, 2024)


def test_names_repeat_with_homonym_numbers_like_dblp() -> None:
    assert author(0).dblp_name == "Ana Abe"
    assert author(676).dblp_name == "Ana A. Abe"
    assert author(676 * 27).dblp_name == "Ana Abe 0001"
    assert author(3).name == "Dara Abe"


def test_openalex_lines_cite_only_older_works() -> None:
    out = io.StringIO()
    write_openalex(generate(200), out)
    works = [json.loads(line) for line in out.getvalue().splitlines()]

    assert len(works) == 200
    for number, work in enumerate(works, start=1):
        cited = [int(w.rsplit("W", 1)[1]) for w in work["referenced_works"]]
        assert all(c < number for c in cited)
        assert 1 <= len(work["authorships"]) <= 13
