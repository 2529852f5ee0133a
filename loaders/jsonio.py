"""JSON sources read one document at a time: JSON Lines, or one JSON file.

A JSON Lines file (one document a line, as in the OpenAlex snapshot) is
streamed, and a line that does not parse is a ``BadRecord`` naming its line,
so a load can skip it. A plain JSON file (an API response: one record, or a
page of them) is one document and is parsed whole; API pages are bounded in
size, and one that does not parse cannot be read at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import LoaderError
from loaders.records import BadRecord


def documents(path: Path) -> Iterator[tuple[int, Any] | BadRecord]:
    """(line, document) for each document of the file, in order."""
    if _is_json_lines(path):
        yield from _lines(path)
        return
    try:
        with path.open(encoding="utf-8") as stream:
            yield 1, json.load(stream)
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, exc) from exc
    except json.JSONDecodeError as exc:
        raise LoaderError(
            path, exc.lineno, f"not valid JSON: {exc.msg}", code="bad-json"
        ) from exc


def _is_json_lines(path: Path) -> bool:
    """True if the first line is a whole JSON object and more lines follow."""
    if path.suffix in (".jsonl", ".ndjson"):
        return True
    with path.open("rb") as stream:
        first = stream.readline()
        more = any(line.strip() for line in stream)
    try:
        return more and isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _lines(path: Path) -> Iterator[tuple[int, Any] | BadRecord]:
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw.decode("utf-8").strip())
            except UnicodeDecodeError as exc:
                yield BadRecord(_not_utf8(path, exc, number))
            except json.JSONDecodeError as exc:
                yield BadRecord(
                    LoaderError(
                        path,
                        number,
                        f"not valid JSON: {exc.msg} at column {exc.colno}",
                        code="bad-json",
                    )
                )


def _not_utf8(
    path: Path, exc: UnicodeDecodeError, line: int | None = None
) -> LoaderError:
    return LoaderError(
        path,
        line,
        f"not UTF-8 (byte {exc.object[exc.start]:#04x} at offset {exc.start}); "
        f"JSON must be UTF-8: convert it, for example with 'iconv -t utf-8'",
        code="bad-encoding",
    )


def bad_record(path: Path, line: int, record: str, problem: str) -> BadRecord:
    """A record that parsed as JSON but lacks what the model needs."""
    return BadRecord(LoaderError(path, line, f"{record}: {problem}", code="bad-record"))
