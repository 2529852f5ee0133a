"""The kg command, run as a user runs it: a real process on a real data folder."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.graph.falkordb import _alive
from tests.conftest import SAMPLE_TRIPLES, SCHEME_TRIPLES

KG = [sys.executable, "-m", "api"]


def kg(
    *args: str, data_dir: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [*KG, *args, "--data-dir", str(data_dir)]
        if args[0] != "--help"
        else [*KG, *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Path:
    data_dir = tmp_path_factory.mktemp("kg-data")
    result = kg("load", str(sample_path), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def test_load_prints_what_it_loaded(tmp_path: Path, sample_path: Path) -> None:
    result = kg("load", str(sample_path), "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["loaded"][0]["works"] == 10
    assert report["loaded"][0]["people"] == 27
    assert report["holds"]["works"] == 10


def test_load_of_a_truncated_page_exits_1_and_names_file_and_line(
    tmp_path: Path, sample_path: Path
) -> None:
    text = sample_path.read_text(encoding="utf-8")
    page = tmp_path / "short.txt"
    page.write_text(text[: text.index("AAAI Conference 2023")], encoding="utf-8")
    result = kg("load", str(page), data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert "Error:" in result.stderr
    assert "short.txt, line 9" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_coauthors_json_lists_26_people(loaded: Path) -> None:
    result = kg("coauthors", "Jongwoo Ko", "--json", data_dir=loaded)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert len(answer["coauthors"]) == 26
    assert answer["coauthors"][0] == {
        "id": "se-young_yun",
        "name": "Se-Young Yun",
        "homonym_number": None,
        "shared_works": 8,
        "years": [2021, 2023, 2024, 2025],
    }


def test_shared_coauthors_table_shows_years_on_each_side(loaded: Path) -> None:
    result = kg("shared-coauthors", "jongwoo_ko", "Sungnyun Kim", data_dir=loaded)
    assert result.returncode == 0, result.stderr
    assert "Coauthors shared by Jongwoo Ko and Sungnyun Kim: 9" in result.stdout
    yun = next(line for line in result.stdout.splitlines() if "Se-Young Yun" in line)
    assert "2021, 2023, 2024, 2025" in yun
    assert yun.rstrip(" │").endswith("2023, 2024, 2025")


def test_a_bare_name_does_not_pick_a_numbered_person(loaded: Path) -> None:
    result = kg("coauthors", "Lei Xu", data_dir=loaded)
    assert result.returncode == 1
    assert "lei_xu_0040" in result.stderr


def test_works_of_a_numbered_person_are_titled_with_the_number(
    loaded: Path,
) -> None:
    result = kg("works", "lei_xu_0040", data_dir=loaded)

    assert result.returncode == 0, result.stderr
    assert "Works of Lei Xu 0040" in result.stdout


def test_a_bad_year_range_is_named_by_the_options_the_command_takes(
    loaded: Path,
) -> None:
    result = kg(
        "coauthors", "jongwoo_ko", "--from-year", "2025", "--to-year", "2021",
        data_dir=loaded,
    )  # fmt: skip
    same = kg("shared-coauthors", "jongwoo_ko", "jongwoo_ko", data_dir=loaded)

    assert result.returncode == 1
    assert " ".join(result.stderr.split()) == (
        "Error: --from-year: 2025 is after --to-year 2021; swap them or drop one"
    )
    assert " ".join(same.stderr.split()) == (
        "Error: the second person: names the same person twice; ask for their "
        "coauthors instead"
    )


def test_path_table_shows_each_step_with_its_newest_work(loaded: Path) -> None:
    result = kg("path", "Tianyu Ding", "taehyeon_kim", data_dir=loaded)
    assert result.returncode == 0, result.stderr
    assert "Tianyu Ding to Taehyeon Kim: 2 steps" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert [[cell.strip() for cell in row.split("│")[1:4]] for row in rows] == [
        ["Tianyu Ding", "Jongwoo Ko", "1"],
        ["Jongwoo Ko", "Taehyeon Kim", "1"],
    ]
    assert "FINE Samples for Learning with Noisy Labels (2021)" in rows[1]


def test_path_of_one_step_says_step(loaded: Path) -> None:
    result = kg("path", "tianyu_ding", "jongwoo_ko", data_dir=loaded)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].strip() == "Tianyu Ding to Jongwoo Ko: 1 step"


def test_a_name_that_fits_no_one_exactly_lists_ids_with_their_work_counts(
    loaded: Path,
) -> None:
    result = kg("works", "Lei Xu", data_dir=loaded)
    assert result.returncode == 1
    assert " ".join(result.stderr.split()) == (
        "Error: 'Lei Xu' names no one exactly; give one of these ids: "
        "lei_xu_0040 (Lei Xu 0040, 1 work)"
    )


def test_path_beyond_max_hops_says_so_and_exits_0(loaded: Path) -> None:
    result = kg(
        "path", "tianyu_ding", "taehyeon_kim", "--max-hops", "1", data_dir=loaded
    )
    assert result.returncode == 0, result.stderr
    assert " ".join(result.stdout.split()) == (
        "Tianyu Ding and Taehyeon Kim are not linked by a chain of at most 1 "
        "coauthorship step."
    )


def test_sparql_csv_counts_the_works(loaded: Path) -> None:
    query = "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a kgo:Work }"
    result = kg("sparql", query, data_dir=loaded)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "n\n10\n"  # text mode reads CSV's CRLF as LF


def test_sparql_update_is_refused_and_changes_nothing(loaded: Path) -> None:
    update = "DELETE WHERE { ?s ?p ?o }"
    result = kg("sparql", update, data_dir=loaded)
    assert result.returncode == 1
    assert "only reads" in result.stderr
    count = kg("sparql", "SELECT (COUNT(*) AS ?n) { ?w a kgo:Work }", data_dir=loaded)
    assert count.stdout == "n\n10\n"  # text mode reads CSV's CRLF as LF


def test_every_command_has_help() -> None:
    for command in (
        "load",
        "serve",
        "coauthors",
        "shared-coauthors",
        "works",
        "sparql",
        "path",
    ):
        result = subprocess.run(
            [*KG, command, "--help"], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0
        assert "--data-dir" in result.stdout or command == "serve"


def test_load_of_several_files_loads_the_good_ones_and_names_the_bad(
    tmp_path: Path, sample_path: Path
) -> None:
    # Found by a tester: the load stopped at the first bad file, silently.
    text = sample_path.read_text(encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(
        text.replace("IJCAI Conference 2024", "IJCAI 2024"), encoding="utf-8"
    )
    result = kg("load", str(bad), str(sample_path), "--json", data_dir=tmp_path / "d")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [r["works"] for r in report["loaded"]] == [10]
    assert report["failed"][0]["code"] == "bad-venue-line"
    assert "1 of 2 files were not loaded" in result.stderr


def test_question_on_an_empty_graph_says_to_load_first(tmp_path: Path) -> None:
    result = kg("coauthors", "jongwoo_ko", data_dir=tmp_path)
    assert result.returncode == 1
    assert "holds no works yet" in " ".join(result.stderr.split())


def test_cypher_command_counts_authorships_as_json(loaded: Path) -> None:
    query = "MATCH (p:Person)-[:AUTHORED]->(w:Work) RETURN count(*) AS n"
    result = kg("cypher", query, "--json", data_dir=loaded)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"] == [[49]]


def test_cypher_command_takes_parameters(loaded: Path) -> None:
    query = "MATCH (p:Person {id: $id}) RETURN p.name AS name"
    result = kg("cypher", query, "-p", "id=lei_xu_0040", "--json", data_dir=loaded)
    assert json.loads(result.stdout)["rows"] == [["Lei Xu"]]


def test_cypher_command_refuses_a_write(loaded: Path) -> None:
    result = kg("cypher", "CREATE (:Person {id: 'x'})", data_dir=loaded)
    assert result.returncode == 1
    assert "only reading is allowed" in " ".join(result.stderr.split())


def test_questions_from_the_graph_store_match_the_rdf_store(loaded: Path) -> None:
    answers = [
        json.loads(
            kg(
                "coauthors", "jongwoo_ko", "--json", "--store", store, data_dir=loaded
            ).stdout
        )
        for store in ("rdf", "graph")
    ]
    assert answers[0] == answers[1]
    assert len(answers[1]["coauthors"]) == 26


def test_a_setting_that_is_not_valid_is_named_without_a_traceback(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "KG_STORE": "bogus"}
    result = subprocess.run(
        [*KG, "coauthors", "x", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "KG_STORE" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_stopped_by_sigterm_stops_its_graph_server(
    tmp_path: Path, sample_path: Path
) -> None:
    # Found by a tester: kill -TERM left the graph server running.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    serve = subprocess.Popen(
        [*KG, "serve", "--port", port, "--data-dir", str(tmp_path),
         "--load", str(sample_path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert serve.stdout is not None
        seen = []
        for line in serve.stdout:
            seen.append(line)
            if "Serving" in line:
                break
        state_file = tmp_path / "falkordb" / "server.json"
        assert state_file.exists(), "".join(seen)
        state = json.loads(state_file.read_text())
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
        if serve.stdout is not None:
            serve.stdout.close()
    deadline = time.monotonic() + 20
    while _alive(state["pid"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(state["pid"])
    assert not state_file.exists()


def test_export_network_writes_a_gexf_that_networkx_opens(
    loaded: Path, tmp_path: Path
) -> None:
    import networkx as nx

    target = tmp_path / "network.gexf"
    result = kg(
        "export", "network", "Jongwoo Ko", "--format", "gexf",
        "--from-year", "2025", "-o", str(target), data_dir=loaded,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Wrote 18 people and 59 collaborations" in result.stderr
    graph = nx.read_gexf(target)
    assert graph.number_of_nodes() == 18
    assert graph.edges["jongwoo_ko", "se-young_yun"]["spells"] == [(2025.0, 2025.0)]


def test_export_node_link_file_reads_back_in_networkx_with_its_defaults(
    loaded: Path, tmp_path: Path
) -> None:
    import networkx as nx

    target = tmp_path / "network.node-link.json"
    result = kg(
        "export", "network", "jongwoo_ko", "--format", "node-link",
        "-o", str(target), data_dir=loaded,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    graph = nx.node_link_graph(json.loads(target.read_text(encoding="utf-8")))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (27, 87)
    assert graph.edges["jongwoo_ko", "sungnyun_kim"]["shared_works"] == 4


def test_export_graph_as_nquads_to_standard_output(loaded: Path) -> None:
    result = kg("export", "graph", "--format", "nquads", data_dir=loaded)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == SAMPLE_TRIPLES + SCHEME_TRIPLES


def test_export_with_an_unknown_format_names_and_explains_the_choices(
    loaded: Path,
) -> None:
    result = kg("export", "network", "jongwoo_ko", "--format", "dot", data_dir=loaded)
    assert result.returncode == 1
    assert " ".join(result.stderr.split()) == (
        "Error: --format 'dot' is not one of: json (the network's own JSON, as the "
        "API gives it), graphml (GraphML), gexf (GEXF with yearly spells), "
        "cytoscape (Cytoscape.js elements JSON), node-link (node-link JSON, for D3 "
        "and networkx), "
        "graphology (graphology's JSON, which sigma.js draws), vosviewer-map "
        "(VOSviewer map), vosviewer-network (VOSviewer network), csv-nodes (CSV "
        "list of people), csv-edges (CSV list of collaborations)"
    )


def test_export_graph_as_json_is_refused_with_the_rdf_choices(loaded: Path) -> None:
    result = kg("export", "graph", "--format", "json", data_dir=loaded)
    assert result.returncode == 1
    assert " ".join(result.stderr.split()) == (
        "Error: --format 'json' is not one of: turtle (Turtle), ntriples "
        "(N-Triples), nquads (N-Quads, graph per source), jsonld (JSON-LD)"
    )


def test_export_network_as_json_gives_the_apis_json(loaded: Path) -> None:
    result = kg(
        "export", "network", "jongwoo_ko", "--format", "json",
        "--depth", "2", "--min-works", "3", data_dir=loaded,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert [n["id"] for n in answer["nodes"]] == [
        "jongwoo_ko", "se-young_yun", "sungnyun_kim",
    ]  # fmt: skip
    assert answer["edges"] == [
        {"source": "jongwoo_ko", "target": "se-young_yun", "shared_works": 8,
         "years": [2021, 2023, 2024, 2025]},
        {"source": "jongwoo_ko", "target": "sungnyun_kim", "shared_works": 4,
         "years": [2023, 2024, 2025]},
        {"source": "se-young_yun", "target": "sungnyun_kim", "shared_works": 4,
         "years": [2023, 2024, 2025]},
    ]  # fmt: skip


def test_export_works_writes_the_authors_of_those_works(loaded: Path) -> None:
    listed = kg("works", "jongwoo_ko", "--json", data_dir=loaded)
    works = [w["id"] for w in json.loads(listed.stdout)["works"] if w["year"] == 2021]
    result = kg("export", "works", *works, "--format", "csv-edges", data_dir=loaded)
    assert result.returncode == 0, result.stderr
    # The 2021 work has five authors: ten pairs.
    assert len(result.stdout.splitlines()) == 1 + 10


def test_drift_prints_the_move_and_a_window_per_row(loaded: Path) -> None:
    result = kg("drift", "Jongwoo Ko", "--window", "2", data_dir=loaded)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert (
        "moved from Machine Learning and Data Classification (2021–2023) to "
        "Natural Language Processing Techniques (2024–2025)" in text
    )
    assert "2024–2025 │ 6 │ Natural Language Processing Techniques │ 0.63 │ 0.2641" in (
        text
    )
    assert (
        "Key phrases: large language models (3), noisy labels (2), contrastive "
        "(2), distillation (2), llm-as-a-judge (1)" in text
    )


def test_drift_at_an_unknown_level_exits_1_naming_level(loaded: Path) -> None:
    result = kg("drift", "jongwoo_ko", "--level", "galaxy", data_dir=loaded)
    assert result.returncode == 1
    assert "Error: --level: is 'galaxy'; choose one of" in " ".join(
        result.stderr.split()
    )
