"""``kg path``: the shortest chain of coauthors between two people.

Registered on the ``kg`` command by the last line of ``api/cli.py``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from api.cli import (
    AsJson,
    DataDir,
    FirstPerson,
    SecondPerson,
    StoreChoice,
    _backend,
    _display,
    _print_json,
    _resolve_person,
    _run,
    app,
    out,
)
from kg.paths import DEFAULT_HOPS, MAX_HOPS, coauthor_path


@app.command()
def path(
    first: FirstPerson,
    second: SecondPerson,
    max_hops: Annotated[
        int, typer.Option(help="Longest chain looked for.", min=1, max=MAX_HOPS)
    ] = DEFAULT_HOPS,
    store_name: StoreChoice = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """The shortest chain of coauthors between two people, step by step."""

    def body() -> None:
        with _backend(data_dir, store_name) as store:
            a = _resolve_person(store, first)
            b = _resolve_person(store, second)
            found = coauthor_path(store, a.id, b.id, max_hops)
        if as_json:
            _print_json(found.model_dump())
            return
        if found.hops is None:
            out.print(
                f"{_display(a)} and {_display(b)} are not linked by a chain "
                f"of at most {max_hops} coauthorship step"
                f"{'' if max_hops == 1 else 's'}.",
                highlight=False,
            )
            return
        names = {p.id: _display(p) for p in found.people}
        table = Table(
            "from", "to", "works together", "newest",
            title=f"{_display(a)} to {_display(b)}: {found.hops} "
            f"step{'' if found.hops == 1 else 's'}",
        )  # fmt: skip
        for step in found.steps:
            newest = step.works[0]
            table.add_row(
                names[step.source],
                names[step.target],
                str(step.shared_works),
                f"{newest.title} ({newest.year})",
            )
        out.print(table)

    _run(body)
