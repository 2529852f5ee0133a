"""``kg clusters``: how the works under one name split into people.

Registered by one import at the end of ``api.cli``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from api.cli import (
    AsJson,
    DataDir,
    StoreChoice,
    _backend,
    _print_json,
    _resolve_person,
    _run,
    app,
    out,
)
from kg.clusters import name_cluster
from kg.errors import NotFoundError


@app.command()
def clusters(
    cluster: Annotated[
        str,
        typer.Argument(help="A name cluster's id, a person's id, or a name."),
    ],
    store_name: StoreChoice = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Split the works under a name into groups, each with its evidence."""

    def body() -> None:
        with _backend(data_dir, store_name) as store:
            try:
                answer = name_cluster(store, cluster)
            except NotFoundError:
                # Not an id: a name, as the other commands take it.
                who = _resolve_person(store, cluster)
                answer = name_cluster(store, who.id)
        if as_json:
            _print_json(answer)
            return
        table = Table(
            "group", "works", "years", "venues", "confidence", "evidence",
            title=answer.summary,
        )  # fmt: skip
        for group in answer.groups:
            table.add_row(
                str(group.group), str(len(group.works)),
                ", ".join(map(str, group.years)), ", ".join(group.venues),
                f"{group.confidence:.2f}", group.evidence,
            )  # fmt: skip
        out.print(table)
        for pair in answer.between_groups:
            a, b = pair.groups
            out.print(
                f"groups {a} and {b}: {pair.confidence:.2f} that they are one "
                f"person; {pair.evidence}",
                highlight=False,
            )

    _run(body)
