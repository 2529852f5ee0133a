"""The ``kg`` command: load files, ask questions, serve the API.

It lives beside the API, not in ``kg/``, because ``kg serve`` starts the
HTTP service and ``kg/`` knows nothing of HTTP.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from pydantic_core import to_jsonable_python
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from kg import queries
from kg.config import Settings
from kg.errors import (
    KGError,
    LoaderError,
    NotFoundError,
    ParameterError,
    RecordError,
)
from kg.graph.base import to_json
from kg.graph.guard import read_user_query
from kg.loading import LoadReport, OnError, load_file
from kg.names import search_key
from kg.queries import Backend
from kg.sparql import run_query
from kg.stores import Stores, open_stores
from loaders import READERS

logger = logging.getLogger("kg")

app = typer.Typer(
    help="A knowledge graph of works, people and venues: load records, ask "
    "who wrote with whom and when, serve it over HTTP.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

T = TypeVar("T")

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Folder of the graph's stores (default: $KG_DATA_DIR, else ./kg-data).",
        file_okay=False,
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
FromYear = Annotated[int | None, typer.Option(help="Keep works from this year on.")]


class StoreName(StrEnum):
    rdf = "rdf"
    graph = "graph"


StoreChoice = Annotated[
    StoreName | None,
    typer.Option(
        "--store",
        help="Answer from the RDF store or the property graph "
        "(default: $KG_STORE, else rdf).",
    ),
]
NoGraph = Annotated[
    bool,
    typer.Option("--no-graph", help="Leave the property graph out; RDF only."),
]
ToYear = Annotated[int | None, typer.Option(help="Keep works up to this year.")]
# The people a command is about: an id, or a name that fits one person.
PersonArgument = Annotated[str, typer.Argument(help="A person's id or exact name.")]
FirstPerson = Annotated[str, typer.Argument(help="One person's id or exact name.")]
SecondPerson = Annotated[str, typer.Argument(help="The other's id or exact name.")]

_state: dict[str, bool] = {"debug": False}


@app.callback()
def main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log what happens in detail.")
    ] = False,
    debug: Annotated[
        bool, typer.Option(help="Show the traceback of unexpected errors.")
    ] = False,
) -> None:
    """Set up logging and signals for every command; check the settings."""
    _state["debug"] = debug
    # A plain SIGTERM would end kg without closing its stores or stopping the
    # graph server it started; as SystemExit it unwinds like Ctrl+C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        settings = Settings()
    except ValidationError as error:
        err.print(f"[bold red]Error:[/] {_settings_problem(error)}", highlight=False)
        raise typer.Exit(1) from error
    level = "DEBUG" if verbose else settings.log_level
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False, show_time=False)],
        force=True,
    )


def _settings_problem(error: ValidationError) -> str:
    problems = [
        f"KG_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
        for e in error.errors()
    ]
    return "a setting is not valid: " + "; ".join(problems)


def _run(action: Callable[[], T]) -> T:
    """Run a command's body; turn errors into one line and an exit code.

    An error the project raises on purpose exits 1 with its message; any other
    is a bug, and exits 2 (with the traceback under --debug).
    """
    try:
        return action()
    except typer.Exit:
        raise
    except ParameterError as error:
        err.print(f"[bold red]Error:[/] {_as_option(error)}", highlight=False)
        raise typer.Exit(1) from error
    except KGError as error:
        err.print(f"[bold red]Error:[/] {error.message}", highlight=False)
        raise typer.Exit(1) from error
    except Exception as error:
        if _state["debug"]:
            raise
        err.print(
            f"[bold red]Unexpected error[/] ({type(error).__name__}): {error}\n"
            f"Run again with --debug for the traceback.",
            highlight=False,
        )
        raise typer.Exit(2) from error


# The API's parameter names as the commands spell them.
_OPTIONS = {"from_year": "--from-year", "to_year": "--to-year"}
_ARGUMENTS = {
    "with": "the second person",
    "to": "the second person",
    "name": "the name",
    "works": "the ids",
}


def _as_option(error: ParameterError) -> str:
    """A bad parameter named as the command line gives it, not the API."""
    parameter = error.parameter
    name = _OPTIONS.get(parameter) or _ARGUMENTS.get(parameter)
    problem = error.problem
    for api_name, option in _OPTIONS.items():
        problem = problem.replace(api_name, option)
    return f"{name or '--' + parameter.replace('_', '-')}: {problem}"


@contextmanager
def _open_stores(data_dir: Path | None, graph: bool) -> Iterator[Stores]:
    with open_stores(Settings(), data_dir, graph=graph) as stores:
        yield stores


@contextmanager
def _backend(data_dir: Path | None, store: StoreName | None) -> Iterator[Backend]:
    """The store to answer from: --store, else $KG_STORE, else rdf."""
    name = store or Settings().store
    with _open_stores(data_dir, graph=name == "graph") as stores:
        yield stores.backend(name)


def _print_json(data: Any) -> None:
    """Plain JSON on standard output, for scripts (no colours, no wrapping)."""
    text = json.dumps(to_jsonable_python(data), ensure_ascii=False, indent=2)
    sys.stdout.write(text + "\n")


def _resolve_person(store: Backend, name_or_id: str) -> queries.Person:
    """A person by id, or by a name that matches one person exactly."""
    try:
        return queries.get_person(store, name_or_id)
    except NotFoundError:
        pass
    found = queries.find_people(store, name_or_id)
    # "Lei Xu" names neither "Lei Xu 0040" nor "Lei Xu 0041": the number is
    # part of the name for this comparison.
    exact = [p for p in found if search_key(_display(p)) == search_key(name_or_id)]
    if len(exact) == 1:
        return queries.get_person(store, exact[0].id)
    if not found:
        raise NotFoundError(
            f"no person is named or has the id {name_or_id!r}" + _empty_hint(store)
        )
    candidates = ", ".join(
        f"{p.id} ({_display(p)}, {p.work_count} work{'' if p.work_count == 1 else 's'})"
        for p in found[:10]
    )
    problem = "names several people" if exact else "names no one exactly"
    raise NotFoundError(
        f"{name_or_id!r} {problem}; give one of these ids: {candidates}"
    )


def _empty_hint(store: Backend) -> str:
    if queries.list_works(store, limit=1).works:
        return ""
    return "; the graph holds no works yet: load some with 'kg load FILE'"


# Loading ---------------------------------------------------------------------


@app.command()
def load(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Files to load.", exists=True, dir_okay=False, readable=True
        ),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            help=f"The files' format, one of: {', '.join(READERS)} "
            f"(default: detected from the content).",
        ),
    ] = None,
    on_error: Annotated[
        OnError,
        typer.Option(
            "--on-error",
            help="At a bad record: stop (load nothing of that file), or skip "
            "it, list it in the report and go on.",
        ),
    ] = OnError.STOP,
    data_dir: DataDir = None,
    no_graph: NoGraph = False,
    as_json: AsJson = False,
) -> None:
    """Load files into the RDF store and the property graph.

    A file loads whole or not at all; loading it again replaces what it said.
    """

    def body() -> None:
        reports: list[LoadReport] = []
        failures: list[LoaderError] = []
        with _open_stores(data_dir, graph=not no_graph) as stores:
            with _progress() as progress:
                for path in files:
                    task = progress.add_task(path.name, total=None)
                    advance = partial(progress.advance, task)
                    try:
                        report = load_file(
                            stores.rdf, path, format, advance, stores.graph,
                            on_error,
                        )  # fmt: skip
                    except LoaderError as error:
                        failures.append(error)
                        progress.remove_task(task)
                        continue
                    reports.append(report)
                    progress.update(task, total=report.works, completed=report.works)
            summary = stores.rdf.summary()
        # The errors come first, so that the summary is the last thing said.
        _print_load_failures(failures, len(files))
        if as_json:
            _print_json(
                {
                    "loaded": [asdict(r) for r in reports],
                    "failed": [_failure(f) for f in failures],
                    "holds": summary,
                }
            )
        else:
            _print_load_reports(reports, summary, detected=format is None)
        if failures:
            raise typer.Exit(1)

    _run(body)


def _print_load_failures(failures: list[LoaderError], files: int) -> None:
    if not failures:
        return
    for failure in failures:
        err.print(f"[bold red]Error:[/] {failure.message}", highlight=False)
    err.print(
        f"{len(failures)} of {files} files were not loaded and left "
        f"the graph as it was; fix them and load them again."
    )
    if any(isinstance(f, RecordError) for f in failures):
        err.print(
            "Or pass --on-error skip to load the other records of "
            "such files and list the bad ones."
        )


def _failure(error: LoaderError) -> dict[str, Any]:
    """A file that failed to load, for --json: where, why, and the code."""
    return {
        "file": str(error.path),
        "line": error.line,
        "record": error.record,
        "code": error.code,
        "problem": error.problem,
        "message": error.message,
    }


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("records"),
        console=err,
        transient=True,
    )


_SKIPS_SHOWN = 5


def _print_load_reports(
    reports: list[LoadReport], summary: dict[str, int], detected: bool
) -> None:
    how = "detected" if detected else "given"
    for r in reports:
        out.print(
            f"{r.file}: {how}: {r.format}; "
            f"{_counted(r.records_read, 'records')} read, {_written(r)}",
            highlight=False,
            soft_wrap=True,
        )
        for skipped in r.skipped[:_SKIPS_SHOWN]:
            out.print(
                f"  skipped {skipped.where}: {skipped.reason}",
                highlight=False,
                soft_wrap=True,
            )
        if len(r.skipped) > _SKIPS_SHOWN:
            more = len(r.skipped) - _SKIPS_SHOWN
            out.print(f"  ... and {more} more (--json lists them all)")
    if reports:
        table = Table("file", "format", "works", "people", "venues", "triples", "")
        table.columns[0].overflow = "fold"
        for r in reports:
            note = "unchanged" if r.unchanged else f"{r.seconds:.2f} s"
            table.add_row(
                r.file, r.format, str(r.works), str(r.people), str(r.venues),
                str(r.triples), note,
            )  # fmt: skip
        out.print(table)
    holds = ", ".join(_counted(count, what) for what, count in summary.items())
    out.print(f"The graph now holds {holds}.")


def _written(report: LoadReport) -> str:
    """What a load wrote; a file the stores held already is left alone."""
    written = report.records_read - len(report.skipped)
    if report.unchanged and report.graph_unchanged is not False:
        return "unchanged since it was last loaded, so nothing was written"
    where = " to the property graph (the RDF store held them)"
    return (
        f"{written} written{where if report.unchanged else ''}, {report.merged} "
        f"works and people merged with other sources, {len(report.skipped)} "
        f"skipped"
    )


def _counted(count: int, plural: str) -> str:
    singular = {"people": "person"}.get(plural, plural.removesuffix("s"))
    return f"{count} {singular if count == 1 else plural}"


# Questions -------------------------------------------------------------------


@app.command()
def coauthors(
    person: PersonArgument,
    from_year: FromYear = None,
    to_year: ToYear = None,
    store_name: StoreChoice = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Everyone who wrote with a person, with the shared works and their years."""

    def body() -> None:
        with _backend(data_dir, store_name) as store:
            who = _resolve_person(store, person)
            found = queries.coauthors(store, who.id, from_year, to_year)
        if as_json:
            _print_json({"person": who.model_dump(), "coauthors": found})
            return
        table = Table(
            "coauthor", "id", "works", "years",
            title=f"Coauthors of {_display(who)} ({who.id})",
        )  # fmt: skip
        for c in found:
            table.add_row(_display(c), c.id, str(c.shared_works), _years(c.years))
        out.print(table)

    _run(body)


@app.command("shared-coauthors")
def shared_coauthors(
    first: FirstPerson,
    second: SecondPerson,
    from_year: FromYear = None,
    to_year: ToYear = None,
    store_name: StoreChoice = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """People who wrote with both, and the years they wrote with each."""

    def body() -> None:
        with _backend(data_dir, store_name) as store:
            a = _resolve_person(store, first)
            b = _resolve_person(store, second)
            found = queries.shared_coauthors(store, a.id, b.id, from_year, to_year)
        if as_json:
            _print_json(
                {"first": a.model_dump(), "second": b.model_dump(), "shared": found}
            )
            return
        table = Table(
            "coauthor", "id", f"years with {a.name}", f"years with {b.name}",
            title=f"Coauthors shared by {a.name} and {b.name}: {len(found)}",
        )  # fmt: skip
        for c in found:
            table.add_row(
                _display(c),
                c.id,
                _years(c.years_with_first),
                _years(c.years_with_second),
            )
        out.print(table)

    _run(body)


@app.command()
def works(
    person: PersonArgument,
    store_name: StoreChoice = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """The works of a person, by year."""

    def body() -> None:
        with _backend(data_dir, store_name) as store:
            who = _resolve_person(store, person)
            found = queries.person_works(store, who.id)
        if as_json:
            _print_json({"person": who.model_dump(), "works": found})
            return
        table = Table(
            "year", "venue", "#", "title", "id", title=f"Works of {_display(who)}"
        )
        for year, listed in queries.works_by_year(found).items():
            for w in listed:
                assert isinstance(w, queries.PersonWork)
                venue = w.venue.label if w.venue else ""
                table.add_row(str(year), venue, str(w.position), w.title, w.id)
        out.print(table)

    _run(body)


_SPARQL_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}


@app.command()
def sparql(
    query: Annotated[
        str, typer.Argument(help="A SPARQL query, @FILE to read one, or - for stdin.")
    ],
    format: Annotated[
        str | None,
        typer.Option(
            help="json, xml, csv or tsv for SELECT and ASK; turtle, ntriples or "
            "jsonld for CONSTRUCT and DESCRIBE (default: csv or turtle)."
        ),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Run a read-only SPARQL query over all loaded graphs."""

    def body() -> None:
        text = _query_text(query)
        if format is not None and format not in _SPARQL_FORMATS:
            raise KGError(
                f"unknown --format {format!r}; choose one of "
                f"{', '.join(_SPARQL_FORMATS)}"
            )
        accept = [_SPARQL_FORMATS[format]] if format else ["text/csv", "text/turtle"]
        with _open_stores(data_dir, graph=False) as stores:
            answer = run_query(stores.rdf, text, accept)
        text = answer.body.decode("utf-8")
        sys.stdout.write(text if text.endswith("\n") else text + "\n")

    _run(body)


def _query_text(query: str) -> str:
    if query == "-":
        return sys.stdin.read()
    if query.startswith("@"):
        try:
            return Path(query[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise KGError(f"cannot read the query file {query[1:]}: {exc}") from exc
    return query


def _display(person: queries.PersonRef) -> str:
    """The name as dblp writes it: "Lei Xu 0040"."""
    number = person.homonym_number
    return f"{person.name} {number}" if number else person.name


def _years(years: list[int]) -> str:
    return ", ".join(str(y) for y in years)


@app.command()
def cypher(
    query: Annotated[
        str, typer.Argument(help="A Cypher query, @FILE to read one, or - for stdin.")
    ],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="A query parameter as NAME=VALUE; VALUE is read as JSON if it "
            "can be, else as text (repeatable).",
        ),
    ] = None,
    timeout_ms: Annotated[
        int | None,
        typer.Option(help="Time limit (default: $KG_CYPHER_TIMEOUT_MS).", min=1),
    ] = None,
    row_limit: Annotated[
        int | None,
        typer.Option(help="Most rows (default: $KG_CYPHER_ROW_LIMIT).", min=1),
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Run a read-only Cypher query on the property graph."""

    def body() -> None:
        settings = Settings()
        text = _query_text(query)
        params = dict(_parameter(p) for p in param or [])
        with _open_stores(data_dir, graph=True) as stores:
            assert stores.graph is not None
            result = read_user_query(
                stores.graph,
                text,
                params,
                timeout_ms or settings.cypher_timeout_ms,
                row_limit or settings.cypher_row_limit,
            )
        rows = [[to_json(v) for v in row] for row in result.rows]
        if as_json:
            _print_json(
                {"columns": result.columns, "rows": rows, "truncated": result.truncated}
            )
            return
        table = Table(*result.columns)
        for row in rows:
            table.add_row(*(_cell(v) for v in row))
        out.print(table)
        if result.truncated:
            err.print(f"Only the first {len(rows)} rows are shown (--row-limit).")

    _run(body)


def _parameter(text: str) -> tuple[str, Any]:
    name, equals, value = text.partition("=")
    if not equals or not name.isidentifier():
        raise KGError(f"--param wants NAME=VALUE, got {text!r}")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value


def _cell(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# Serving ---------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="Port to listen on.", min=1, max=65535)
    ] = 8000,
    load_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--load",
            help="Load this file before serving (repeatable).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    store_name: StoreChoice = None,
    no_graph: NoGraph = False,
    data_dir: DataDir = None,
) -> None:
    """Serve the REST API, SPARQL and Cypher over HTTP."""
    import uvicorn

    from api.main import create_app

    def body() -> None:
        settings = Settings()
        if store_name is not None:
            settings = settings.model_copy(update={"store": store_name})
        with _open_stores(data_dir, graph=not no_graph) as stores:
            stores.backend(settings.store)
            for path in load_files or []:
                load_file(stores.rdf, path, graph=stores.graph)
            holds = stores.rdf.summary()
            base = f"http://{host}:{port}"
            out.print(
                f"Serving {holds['works']} works and {holds['people']} people "
                f"from {stores.data_dir}, answering from "
                f"{stores.describe(settings.store)}\n"
                f"  network:  {base}/ui/\n"
                f"  API docs: {base}/docs\n"
                f"  try:      {base}/authors?name=jongwoo%20ko\n"
                f"  SPARQL:   {base}/sparql\n"
                f"  Cypher:   POST {base}/cypher"
                + ("" if stores.graph else " (off: --no-graph)")
                + "\nPress Ctrl+C to stop.",
                highlight=False,
            )
            app = create_app(stores, settings)
            uvicorn.run(app, host=host, port=port, log_level="info")

    _run(body)


# These modules add their commands to ``app`` and use the helpers above.
from api import cli_clusters, cli_drift, cli_path  # noqa: E402, F401
from api.cli_export import export_app  # noqa: E402  (it uses the helpers above)

app.add_typer(export_app, name="export")
