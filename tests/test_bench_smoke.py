"""The benchmark script still runs (a few seconds, on a tiny graph)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize("data", ["synthetic", "dblp"])
def test_question_benchmark_prints_a_row_per_question_all_stores_agreeing(
    data: str,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.questions", "--works", "100", "--repeat", "1",
         "--data", data],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("100 works; load: oxigraph")
    assert lines[1].split()[0] == "question"
    assert len(lines) == 2 + 13
    # A store whose answer differs from Oxigraph's is a bug, not a speed.
    assert [line.split()[-1] for line in lines[2:]] == ["yes"] * 13


def test_api_load_benchmark_prints_a_row_per_endpoint() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.api_load", "--works", "100",
         "--concurrency", "2", "--seconds", "0.3", "--stores", "rdf"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split()[:3] == ["store", "endpoint", "req/s"]
    rows = [line.split() for line in lines[2:]]
    assert [row[0] for row in rows] == ["rdf"] * 7
    assert all(row[-1] == "0" for row in rows), "no request may fail"


def test_topic_benchmark_prints_a_row_per_step() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.topics", "--works", "20", "--repeat", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "20 works, 4516 topics, median of 1"
    assert [line.split()[0] for line in lines[2:]] == [
        "build", "read", "baseline:", "assign",
    ]  # fmt: skip


def test_load_benchmark_prints_a_row_per_way_of_loading() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.load", "--sizes", "100", "--formats", "dblp"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    table = rows[next(i for i, row in enumerate(rows) if row[:1] == ["works"]) + 1 :]
    ways = [
        " ".join(word for word in row[2:] if not word[0].isdigit())
        for row in table
        if row[:2] == ["100", "dblp"]
    ]
    assert ways == [
        "rdflib", "oxigraph bulk", "kg rdf", "kg graph", "kg graph merge",
    ]  # fmt: skip


def test_whole_benchmark_prints_loads_questions_and_api_tables() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "100", "--repeat", "1",
         "--api-seconds", "0.3", "--concurrency", "2"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in result.stdout.splitlines()
        if line.startswith("| 100 |") or line.startswith("| rdf |")
        or line.startswith("| graph |")
    ]  # fmt: skip
    assert [row[1] for row in rows if row[0] == "100"] == [
        "rdflib", "oxigraph bulk", "kg load, both stores",
        "… RDF: read, resolve, write", "… graph write",
    ]  # fmt: skip
    questions = [
        line for line in result.stdout.splitlines() if line.endswith("| yes |")
    ]
    assert len(questions) == 13, "every question, every store agreeing"
    api = [row for row in rows if row[0] in ("rdf", "graph")]
    assert len(api) == 14
    assert all(row[-1] == "0" for row in api), "no request may fail"
