"""``kg load`` on the other source formats: detection, bad records, reports."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import kg
from tests.integration.test_one_doi_two_sources import BIBTEX, OPENALEX_TITLE, WORK

SOURCES = Path(__file__).parents[1] / "data" / "sources"
PAGE = SOURCES / "openalex" / "page.jsonl"


def _broken_snapshot(tmp_path: Path) -> Path:
    """The two-work snapshot with its second line cut off mid-record."""
    first, second = PAGE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "broken.jsonl"
    path.write_text(f"{first}\n{second[:100]}\n", encoding="utf-8")
    return path


def test_load_says_which_format_it_detected(tmp_path: Path) -> None:
    result = kg("load", str(SOURCES / "dblp" / "example_dblp.xml"), data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert (
        f"{SOURCES / 'dblp' / 'example_dblp.xml'}: detected: dblp-xml; 5 records "
        f"read, 5 written, 0 works and people merged with other sources, 0 skipped"
    ) in result.stdout


def test_a_given_format_is_used_and_said_to_be_given(tmp_path: Path) -> None:
    result = kg("load", str(PAGE), "--format", "openalex", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert f"{PAGE}: given: openalex; 2 records read" in result.stdout


def test_a_bad_record_stops_the_load_and_the_stores_keep_what_they_held(
    tmp_path: Path, sample_path: Path
) -> None:
    data = tmp_path / "data"
    before = kg("load", str(sample_path), "--json", data_dir=data)
    broken = _broken_snapshot(tmp_path)

    result = kg("load", str(broken), "--json", data_dir=data)
    cypher = kg("cypher", "MATCH (n) RETURN count(n) AS n", "--json", data_dir=data)

    assert result.returncode == 1
    assert f"{broken}, line 2: not valid JSON" in result.stderr
    assert "pass --on-error skip to load the other records" in " ".join(
        result.stderr.split()
    )
    assert json.loads(result.stdout)["holds"] == json.loads(before.stdout)["holds"]
    # 10 works, 27 people, 5 venues, 8 venue editions, 1 name cluster, 1 source,
    # and the topic scheme: its 4,798 concepts and its source.
    assert json.loads(cypher.stdout)["rows"] == [[52 + 4_799]]


def test_skipping_bad_records_loads_the_rest_and_lists_what_was_skipped(
    tmp_path: Path,
) -> None:
    broken = _broken_snapshot(tmp_path)

    result = kg("load", str(broken), "--on-error", "skip", data_dir=tmp_path / "d")

    assert result.returncode == 0, result.stderr
    assert "2 records read, 1 written" in result.stdout
    assert "1 skipped" in result.stdout
    assert "  skipped line 2: not valid JSON: Unterminated string" in result.stdout
    assert "The graph now holds 1 work, 2 people, 1 venue, 1 source" in result.stdout


def test_kg_clusters_prints_the_groups_and_why(
    tmp_path: Path, sample_path: Path
) -> None:
    kg("load", str(sample_path), "--no-graph", data_dir=tmp_path)

    result = kg("clusters", "jongwoo_ko", "--json", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert [len(g["works"]) for g in answer["groups"]] == [8, 2]
    assert answer["summary"].endswith("as the source states 2 author row(s)")


def test_kg_clusters_takes_a_name_as_the_other_commands_do(
    tmp_path: Path, sample_path: Path
) -> None:
    kg("load", str(sample_path), "--no-graph", data_dir=tmp_path)

    by_name = kg("clusters", "Jongwoo Ko", "--json", data_dir=tmp_path)
    by_id = kg("clusters", "jongwoo_ko", "--json", data_dir=tmp_path)
    nobody = kg("clusters", "Wei Zhang", data_dir=tmp_path)

    assert by_name.returncode == 0, by_name.stderr
    assert json.loads(by_name.stdout) == json.loads(by_id.stdout)
    assert nobody.returncode == 1
    assert "no person is named or has the id 'Wei Zhang'" in nobody.stderr


def test_one_load_of_two_sources_of_a_doi_lists_the_work_once_in_both_stores(
    tmp_path: Path,
) -> None:
    bibtex = tmp_path / "peerj.4375.bib"
    bibtex.write_text(BIBTEX, encoding="utf-8")
    data = tmp_path / "data"

    loaded = kg("load", str(SOURCES / "openalex" / "W2741809807.json"),
                str(bibtex), data_dir=data)  # fmt: skip

    assert loaded.returncode == 0, loaded.stderr
    for store in ("rdf", "graph"):
        result = kg("works", "Heather Piwowar", "--store", store, "--json",
                    data_dir=data)  # fmt: skip
        works = json.loads(result.stdout)["works"]
        assert [(w["id"], w["title"], w["position"]) for w in works] == [
            (WORK, OPENALEX_TITLE, 1)
        ]
