"""``kg drift``: how a person's topics moved over the years.

Registered on the ``kg`` command by the last line of ``api/cli.py``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from api.cli import (
    AsJson,
    DataDir,
    PersonArgument,
    StoreChoice,
    _backend,
    _display,
    _print_json,
    _resolve_person,
    _run,
    app,
    out,
)
from kg.topics.drift import person_key_phrases, topic_drift


@app.command()
def drift(
    person: PersonArgument,
    window: Annotated[int, typer.Option(help="Years per window.", min=1, max=50)] = 2,
    level: Annotated[
        str, typer.Option(help="topic, subfield, field or domain.")
    ] = "topic",
    store_name: StoreChoice = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """How a person's topics moved, window by window (Jensen-Shannon, base 2)."""

    def body() -> None:
        with _backend(data_dir, store_name) as store:
            who = _resolve_person(store, person)
            found = topic_drift(store, who.id, window, level)
            phrases = [] if as_json else person_key_phrases(store, who.id)
        if as_json:
            _print_json(found.model_dump())
            return
        out.print(f"{_display(who)} ({who.id}) {found.summary}", highlight=False)
        table = Table(
            "years", "works", f"primary {level}", "share", "JSD from previous",
            title=f"Topic drift, windows of {window} years",
        )  # fmt: skip
        divergences = [None, *(s.divergence for s in found.steps)]
        for period, divergence in zip(found.windows, divergences, strict=True):
            primary = period.primary
            table.add_row(
                f"{period.start}\u2013{period.end}",
                str(period.work_count),
                primary.name if primary else "no works",
                f"{primary.share:.2f}" if primary else "",
                "" if divergence is None else f"{divergence:.4f}",
            )
        out.print(table)
        out.print(
            f"Total drift {found.total_drift} (first to last window), path "
            f"{found.path_length} (sum of steps); {found.divergence}.",
            highlight=False,
        )
        if phrases:
            shown = ", ".join(f"{p.phrase} ({p.works})" for p in phrases)
            out.print(f"Key phrases: {shown}", highlight=False)

    _run(body)
