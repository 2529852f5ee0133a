"""A person's coauthor network, and the whole graph, as files for other tools.

``format=`` names the form; without it the ``Accept`` header chooses, and
a client that accepts anything gets the network as this API's JSON.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from api.deps import RdfDep, StoreDep
from kg.errors import FormatError, ParameterError
from kg.export import (
    NETWORK_ANSWERS,
    NETWORK_JSON,
    RDF_FORMS,
    Form,
    write_network,
    write_rdf,
)
from kg.network import MAX_DEPTH, Network, coauthor_network, works_network
from kg.sparql import parse_accept

router = APIRouter(tags=["exports"])


Accept = Annotated[str | None, Header()]
MinWorks = Annotated[int, Query(ge=1, description="Fewest shared works for a link")]
NetworkFormat = Annotated[str | None, Query(description=", ".join(NETWORK_ANSWERS))]


def choose(
    forms: Mapping[str, Form], named: str | None, accept: str | None, default: Form
) -> Form:
    """The form named by ``format=``, else the first the Accept header takes."""
    if named is not None:
        if named not in forms:
            known = ", ".join(forms)
            raise ParameterError("format", f"{named!r} is not one of: {known}")
        return forms[named]
    wanted = parse_accept(accept)
    if not wanted:
        return default
    for media_type in wanted:
        if media_type in ("*/*", default.media_type):
            return default
        for form in forms.values():
            if form.media_type == media_type:
                return form
    known = ", ".join(sorted({f.media_type for f in forms.values()}))
    raise FormatError(
        f"none of the types in Accept ({accept}) is given here; ask for one of "
        f"{known}, or name one with format="
    )


def _attachment(body: str | bytes, form: Form, stem: str) -> Response:
    return Response(
        body,
        media_type=form.media_type,
        headers={"Content-Disposition": f'inline; filename="{stem}.{form.extension}"'},
    )


@router.get("/authors/{person_id}/network")
def read_network(
    store: StoreDep,
    person_id: str,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description="1 or 2")] = 1,
    from_year: Annotated[int | None, Query(ge=0, le=9999)] = None,
    to_year: Annotated[int | None, Query(ge=0, le=9999)] = None,
    min_works: MinWorks = 1,
    format: NetworkFormat = None,
    accept: Accept = None,
) -> Response:
    """The coauthor network around a person, in the form asked for."""
    form = choose(NETWORK_ANSWERS, format, accept, NETWORK_JSON)
    network = coauthor_network(store, person_id, depth, from_year, to_year, min_works)
    return _network_response(network, form, f"{person_id}-network")


@router.get("/network")
def read_works_network(
    store: StoreDep,
    works: Annotated[
        str, Query(min_length=1, description="Work ids, separated by commas")
    ],
    min_works: MinWorks = 1,
    format: NetworkFormat = None,
    accept: Accept = None,
) -> Response:
    """The authors of a set of works, linked by the works they share there."""
    form = choose(NETWORK_ANSWERS, format, accept, NETWORK_JSON)
    wanted = [work.strip() for work in works.split(",") if work.strip()]
    network = works_network(store, wanted, min_works)
    return _network_response(network, form, "works-network")


def _network_response(network: Network, form: Form, stem: str) -> Response:
    if form is NETWORK_JSON:
        return Response(network.model_dump_json(), media_type=NETWORK_JSON.media_type)
    return _attachment(write_network(network, form.name), form, stem)


@router.get("/graph")
def read_graph(
    store: RdfDep,
    format: Annotated[str | None, Query(description=", ".join(RDF_FORMS))] = None,
    accept: Accept = None,
) -> Response:
    """The whole graph as RDF; N-Quads keeps each file's graph apart."""
    form = choose(RDF_FORMS, format, accept, RDF_FORMS["turtle"])
    body = io.BytesIO()
    write_rdf(store, form.name, body)
    return _attachment(body.getvalue(), form, "scholarly-kg")
