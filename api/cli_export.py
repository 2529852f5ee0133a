"""``kg export``: a coauthor network or the whole graph, as a file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from api.cli import (
    DataDir,
    FromYear,
    PersonArgument,
    StoreChoice,
    StoreName,
    ToYear,
    _backend,
    _open_stores,
    _resolve_person,
    _run,
    err,
)
from kg.errors import KGError
from kg.export import NETWORK_ANSWERS, RDF_FORMS, Form, write_network, write_rdf
from kg.network import MAX_DEPTH, Network, coauthor_network, works_network
from kg.queries import Backend

export_app = typer.Typer(
    help="Write a coauthor network or the whole graph for other tools.",
    no_args_is_help=True,
)

Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="File to write (default: standard output).",
        dir_okay=False,
    ),
]

NetworkFormat = Annotated[
    str, typer.Option(help="One of: " + ", ".join(NETWORK_ANSWERS))
]
MinWorks = Annotated[int, typer.Option(min=1, help="Fewest shared works for a link.")]


def _known(name: str, forms: dict[str, Form]) -> str:
    if name not in forms:
        choices = ", ".join(f"{f.name} ({f.describes})" for f in forms.values())
        raise KGError(f"--format {name!r} is not one of: {choices}")
    return name


@export_app.command("network")
def network(
    person: PersonArgument,
    format: NetworkFormat = "graphml",
    depth: Annotated[
        int, typer.Option(min=1, max=MAX_DEPTH, help="1: coauthors; 2: theirs too.")
    ] = 1,
    from_year: FromYear = None,
    to_year: ToYear = None,
    min_works: MinWorks = 1,
    output: Output = None,
    store_name: StoreChoice = None,
    data_dir: DataDir = None,
) -> None:
    """The coauthor network around a person, for Gephi, Cytoscape, VOSviewer."""

    def around(store: Backend) -> Network:
        who = _resolve_person(store, person)
        return coauthor_network(store, who.id, depth, from_year, to_year, min_works)

    _export_network(around, format, output, store_name, data_dir)


@export_app.command("works")
def works(
    work_ids: Annotated[list[str], typer.Argument(help="Work ids.")],
    format: NetworkFormat = "graphml",
    min_works: MinWorks = 1,
    output: Output = None,
    store_name: StoreChoice = None,
    data_dir: DataDir = None,
) -> None:
    """The authors of a set of works, linked by the works they share there."""

    def among(store: Backend) -> Network:
        return works_network(store, work_ids, min_works)

    _export_network(among, format, output, store_name, data_dir)


def _export_network(
    build: Callable[[Backend], Network],
    format: str,
    output: Path | None,
    store_name: StoreName | None,
    data_dir: Path | None,
) -> None:
    """Build a network from the store, then write it in the format named."""

    def body() -> None:
        form = _known(format, NETWORK_ANSWERS)
        with _backend(data_dir, store_name) as store:
            found = build(store)
        text = write_network(found, form)
        if output is None:
            sys.stdout.write(text)
            return
        output.write_text(text, encoding="utf-8")
        err.print(
            f"Wrote {len(found.nodes)} people and {len(found.edges)} "
            f"collaborations to {output}",
            highlight=False,
        )

    _run(body)


@export_app.command("graph")
def graph(
    format: Annotated[
        str, typer.Option(help="One of: " + ", ".join(RDF_FORMS))
    ] = "turtle",
    output: Output = None,
    data_dir: DataDir = None,
) -> None:
    """The whole graph as RDF; N-Quads keeps each file's graph apart."""

    def body() -> None:
        form = _known(format, RDF_FORMS)
        with _open_stores(data_dir, graph=False) as stores:
            if output is None:
                write_rdf(stores.rdf, form, sys.stdout.buffer)
                sys.stdout.flush()
                return
            with output.open("wb") as file:
                write_rdf(stores.rdf, form, file)
        err.print(f"Wrote the graph as {form} to {output}", highlight=False)

    _run(body)
