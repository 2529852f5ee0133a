"""Errors as ``application/problem+json`` (RFC 9457), never a traceback.

Every body has ``type``, ``title``, ``status`` and ``detail``, plus the
project's stable ``code``; validation errors add ``errors``, one entry per
parameter. Unexpected failures become a 500 that names a request id; the
traceback goes to the log only.
"""

from __future__ import annotations

import logging
import uuid
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from kg.errors import (
    FormatError,
    InputError,
    KGError,
    NotFoundError,
    ParameterError,
    QueryTimeoutError,
    ReadOnlyError,
    StoreBusyError,
    StoreError,
)

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
ERRORS_DOC = "https://w3id.org/scholarly-kg/errors#"

_STATUS = [
    (ReadOnlyError, 403),
    (ParameterError, 422),
    (QueryTimeoutError, 504),
    (FormatError, 406),
    (NotFoundError, 404),
    (InputError, 400),
    (StoreBusyError, 503),
    (StoreError, 503),
]


def problem(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    body = {
        "type": ERRORS_DOC + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def status_of(error: KGError) -> int:
    for cls, status in _STATUS:
        if isinstance(error, cls):
            return status
    return 500


async def _kg_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, KGError)
    extra = {}
    if isinstance(error, ParameterError):
        extra["errors"] = [{"parameter": error.parameter, "message": error.message}]
    return problem(status_of(error), error.code, error.message, **extra)


def _describe(error: dict[str, Any]) -> dict[str, Any]:
    location = [str(part) for part in error["loc"]]
    where, name = location[0], ".".join(location[1:]) or location[0]
    kind = {"query": "query parameter", "path": "path parameter"}.get(where, where)
    return {
        "parameter": name,
        "in": where,
        "message": f"{kind} '{name}': {error['msg']}",
    }


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [_describe(e) for e in error.errors()]
    return problem(
        422,
        "invalid-parameter",
        "; ".join(e["message"] for e in errors),
        errors=errors,
    )


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    code = {
        404: "no-such-path",
        405: "method-not-allowed",
        415: "unsupported-media-type",
    }.get(error.status_code, "http-error")
    detail = str(error.detail)
    if error.status_code == 404 and detail == "Not Found":
        detail = f"there is no {request.url.path}; see /docs for the endpoints"
    return problem(error.status_code, code, detail)


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    request_id = uuid.uuid4().hex[:12]
    logger.exception("request %s to %s failed", request_id, request.url.path)
    return problem(
        500,
        "internal-error",
        f"the server failed on this request; the log has the details "
        f"under request id {request_id}",
        request_id=request_id,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(KGError, _kg_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
