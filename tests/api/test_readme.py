"""Every request the README shows returns the answer the README shows.

The README's console blocks hold ``$ curl ...`` lines, each followed by the
answer. This test sends each request to the live server (the `client`
fixture) and compares: JSON answers as parsed values, so the README may wrap
them for reading (and leave fields out of a long one); other answers line
by line.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

README = Path(__file__).parents[2] / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


@dataclass(frozen=True)
class Example:
    command: str
    answer: str


def _examples() -> list[Example]:
    examples = []
    for block in BLOCK.findall(README.read_text(encoding="utf-8")):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, answer = chunk.partition("\n")
            if command.startswith("curl "):
                examples.append(Example(command, answer.strip()))
    return examples


def _send(client: httpx.Client, command: str) -> httpx.Response:
    """Send what a ``curl -s ...`` line of the README sends."""
    words = shlex.split(command)[1:]
    headers: dict[str, str] = {}
    form: dict[str, str] = {}
    body: str | None = None
    url = ""
    while words:
        word = words.pop(0)
        if word in ("-s", "-X", "POST"):
            continue
        if word == "-H":
            name, _, value = words.pop(0).partition(":")
            headers[name.strip()] = value.strip()
        elif word == "--data-urlencode":
            name, _, value = words.pop(0).partition("=")
            form[name] = value
        elif word in ("-d", "--data"):
            body = words.pop(0)
        else:
            url = word
    path = url.removeprefix("http://127.0.0.1:8000")
    if body is not None:
        return client.post(path, content=body, headers=headers)
    if form:
        return client.post(path, data=form, headers=headers)
    return client.get(path, headers=headers)


def _shown(shown: object, answer: object) -> bool:
    """The answer holds what the README shows, which may leave out fields.

    An object may omit keys, to keep a long answer readable; every value it
    shows must be the answer's, and lists must be shown whole.
    """
    if isinstance(shown, dict):
        return isinstance(answer, dict) and all(
            key in answer and _shown(value, answer[key]) for key, value in shown.items()
        )
    if isinstance(shown, list):
        return (
            isinstance(answer, list)
            and len(shown) == len(answer)
            and all(_shown(a, b) for a, b in zip(shown, answer, strict=True))
        )
    return shown == answer


EXAMPLES = _examples()


def test_readme_shows_requests_with_answers() -> None:
    assert len(EXAMPLES) >= 5
    assert all(example.answer for example in EXAMPLES)


@pytest.mark.parametrize(
    "example", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))]
)
def test_readme_request_returns_the_answer_shown(
    client: httpx.Client, example: Example
) -> None:
    response = _send(client, example.command)
    if example.answer.startswith("{"):
        assert _shown(json.loads(example.answer), response.json())
    else:
        assert response.text.splitlines() == example.answer.splitlines()
