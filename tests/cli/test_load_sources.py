"""``kg load`` on the other source formats: detection, bad records, reports."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.cli.test_cli import KG, kg
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


NOTHING_HELD = {"works": 0, "people": 0, "venues": 0, "sources": 0, "triples": 0}


def _said(stream: str) -> str:
    """What a process printed, with rich's line wrapping undone."""
    return " ".join(stream.split())


def test_load_of_a_file_with_no_record_of_its_format_fails_and_stores_nothing(
    tmp_path: Path,
) -> None:
    topic = SOURCES / "openalex" / "T11636.json"

    result = kg("load", str(topic), "--json", data_dir=tmp_path)

    assert result.returncode == 1
    assert json.loads(result.stdout)["loaded"] == []
    assert json.loads(result.stdout)["holds"] == NOTHING_HELD
    assert (
        f"Error: {topic}: nothing in it was recognised as openalex (detected): "
        f"no work, person or venue was read, so nothing was loaded; the formats "
        f"kg reads: author-page, dblp-xml, dblp-rdf, orcid, openalex, "
        f"semantic-scholar, arxiv, crossref, bibtex, csv"
    ) in _said(result.stderr)


def test_load_with_a_format_that_reads_nothing_suggests_the_detected_one(
    tmp_path: Path,
) -> None:
    answer = SOURCES / "crossref" / "test1.json"

    result = kg("load", str(answer), "--format", "openalex", data_dir=tmp_path)

    assert result.returncode == 1
    assert (
        f"Error: {answer}: nothing in it was recognised as openalex (given): no "
        f"work, person or venue was read, so nothing was loaded; the file looks "
        f"like crossref: load it with --format crossref"
    ) in _said(result.stderr)
    assert result.stdout == (
        "The graph now holds 0 works, 0 people, 0 venues, 0 sources, 0 triples.\n"
    )


def test_load_with_a_format_that_fails_names_it_and_suggests_the_detected_one(
    tmp_path: Path,
) -> None:
    work = SOURCES / "openalex" / "W2741809807.json"

    result = kg("load", str(work), "--format", "crossref", "--json", data_dir=tmp_path)

    assert result.returncode == 1
    assert json.loads(result.stdout)["holds"] == NOTHING_HELD
    assert (
        f"Error: {work}: cannot be read as crossref (given): no Crossref work "
        f"found: expected a 'message' holding a work or 'items', a record with a "
        f"'DOI', or a list of such records; the file looks like openalex: load "
        f"it with --format openalex"
    ) in _said(result.stderr)
    assert "--on-error skip" not in result.stderr


def test_loading_an_unchanged_file_again_says_that_nothing_was_written(
    tmp_path: Path,
) -> None:
    dblp = SOURCES / "dblp" / "example_dblp.xml"
    kg("load", str(dblp), "--no-graph", data_dir=tmp_path)

    again = kg("load", str(dblp), "--no-graph", data_dir=tmp_path)

    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == (
        f"{dblp}: detected: dblp-xml; 5 records read, unchanged since it was "
        f"last loaded, so nothing was written"
    )


def test_a_file_held_in_rdf_only_is_said_to_be_written_to_the_graph(
    tmp_path: Path,
) -> None:
    dblp = SOURCES / "dblp" / "example_dblp.xml"
    kg("load", str(dblp), "--no-graph", data_dir=tmp_path)

    again = kg("load", str(dblp), data_dir=tmp_path)

    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == (
        f"{dblp}: detected: dblp-xml; 5 records read, 5 written to the property "
        f"graph (the RDF store held them), 0 works and people merged with other "
        f"sources, 0 skipped"
    )


def test_load_of_a_csv_with_a_misspelt_column_names_the_column(
    tmp_path: Path,
) -> None:
    table = tmp_path / "works.csv"
    table.write_text("titel,year,authors\nA paper,2020,Ann Lee\n", encoding="utf-8")

    result = kg("load", str(table), "--no-graph", data_dir=tmp_path / "data")

    assert result.returncode == 1
    assert _said(result.stderr).startswith(
        f"Error: {table}, line 1: unknown column(s) 'titel' (did you mean "
        f"'title'?) in the CSV header, and the header has no title column; known "
        f"columns (and the names they go by): title (title, paper title); year "
    )


BATCH = SOURCES / "semanticscholar" / "paper_batch_authors.json"
NO_TITLE = "paper c31c87c591a25c64fbaa82e8ac6a81831b6ac7ce: has no title and no year"


def test_load_json_gives_each_failure_its_file_line_and_record(
    tmp_path: Path,
) -> None:
    result = kg("load", str(BATCH), "--no-graph", "--json", data_dir=tmp_path)

    assert result.returncode == 1
    assert json.loads(result.stdout)["failed"] == [
        {
            "file": str(BATCH),
            "line": 1,
            "record": 1,
            "code": "bad-record",
            "problem": NO_TITLE,
            "message": f"{BATCH}, line 1, record 1: {NO_TITLE}",
        }
    ]


def test_a_failed_load_prints_its_errors_before_the_summary(tmp_path: Path) -> None:
    dblp = SOURCES / "dblp" / "example_dblp.xml"
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "KG_LOG_LEVEL": "ERROR"}

    result = subprocess.run(
        [*KG, "load", str(BATCH), str(dblp), "--no-graph"]
        + ["--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        timeout=120,
    )

    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert result.returncode == 1
    assert lines[0] == f"Error: {BATCH}, line 1, record 1: {NO_TITLE}"
    assert lines[1].startswith("1 of 2 files were not loaded")
    assert lines[3].startswith(f"{dblp}: detected: dblp-xml; 5 records read")
    assert lines[-1] == (
        "The graph now holds 4 works, 5 people, 3 venues, 1 source, 83421 triples."
    )


def test_load_help_lists_the_formats_it_reads() -> None:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}

    result = subprocess.run(
        [*KG, "load", "--help"], capture_output=True, text=True, env=env, timeout=60
    )

    assert result.returncode == 0
    assert (
        "--format <str> The files' format, one of: author-page, dblp-xml, "
        "dblp-rdf, orcid, openalex, semantic-scholar, arxiv, crossref, bibtex, csv "
        "(default: detected from the content)."
    ) in " ".join(result.stdout.replace("│", " ").split())


def test_skipping_every_record_of_a_file_refuses_it_and_registers_nothing(
    tmp_path: Path,
) -> None:
    # All three papers of this Semantic Scholar answer lack title and year.
    batch = SOURCES / "semanticscholar" / "paper_batch_authors.json"

    result = kg("load", str(batch), "--on-error", "skip", "--json", data_dir=tmp_path)

    assert result.returncode == 1
    assert "every record of it was bad (3 skipped), so nothing was loaded" in (
        " ".join(result.stderr.split())
    )
    assert json.loads(result.stdout)["holds"]["sources"] == 0
