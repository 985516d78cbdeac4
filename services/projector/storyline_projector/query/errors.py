"""What the query API answers when a request cannot be served, in the ingest API's one shape.

Every error is ``{"error": {"code", "message", "field", "details": [{"field", "problem"}]}}``:
a stable code, what is wrong, the parameter (``query.actor``, ``path.story_id``) or part of the
request (``path``, ``method``, ``request``) at fault, and every problem found. A parameter
holding a NUL character can match nothing (PostgreSQL cannot even compare it), so it is refused
with a 422 naming it, like any other bad parameter. While the database is away every route
answers 503 with ``Retry-After``; anything unexpected is a 500 in the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException

from storyline_platform.failures import is_transient
from storyline_platform.outage_log import OutageLog

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5

# Starlette's own refusals (no such path, a method the path does not take) and ours without a
# code of their own.
_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    410: "gone",
    422: "invalid_parameter",
    500: "internal_error",
    503: "unavailable",
}


class QueryRefusal(HTTPException):
    """A request the query API will not serve, with the field at fault."""

    def __init__(
        self,
        status_code: int,
        message: str,
        field: str,
        details: list[dict[str, str]] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(status_code=status_code, detail=message)
        self.code = code or _CODES.get(status_code, f"http_{status_code}")
        self.message = message
        self.field = field
        self.details = details or [{"field": field, "problem": message}]


def not_found(message: str, field: str) -> QueryRefusal:
    return QueryRefusal(404, message, field)


def bad_parameter(name: str, message: str, where: str = "query") -> QueryRefusal:
    field = f"{where}.{name}"
    return QueryRefusal(422, f"{field}: {message}", field, [{"field": field, "problem": message}])


def error_response(
    status: int,
    code: str,
    message: str,
    field: str,
    details: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "code": code,
        "message": message,
        "field": field,
        "details": details or [{"field": field, "problem": message}],
    }
    return JSONResponse({"error": body}, status_code=status, headers=headers)


# For the OpenAPI document: every route may answer these, as JSON even where it answers HTML
# (the ops page), so the schema is named rather than given as a model. The routes that answer
# 404 name ``ErrorResponse`` as their model, which puts it among the components.
_ERROR_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"description": "A parameter is invalid; the error names it", "content": _ERROR_JSON},
    503: {
        "description": "The read models are away: retry after the `Retry-After` seconds",
        "content": _ERROR_JSON,
    },
}


async def refuse_unstorable_parameters(request: Request) -> None:
    """An app-wide dependency: 422 for any path or query parameter holding a NUL."""
    for name, value in request.path_params.items():
        if "\x00" in str(value):
            raise bad_parameter(name, "contains a NUL character (%00)", where="path")
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise bad_parameter(name.replace("\x00", ""), "contains a NUL character (%00)")


def install_error_handlers(app: FastAPI) -> None:
    outage = OutageLog(log, "read-model database", quiet_seconds=60.0)

    async def _database_error(_request: Request, error: Exception) -> JSONResponse:
        if not is_transient(error):
            raise error  # a bug: answered (and logged) by the handler below
        outage.failed(error)
        return error_response(
            503,
            "unavailable",
            "the read models are unavailable; retry shortly",
            "request",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(OSError, _database_error)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        # Runs in Starlette's outermost middleware, which logs the error after answering.
        return error_response(
            500,
            "internal_error",
            "the service failed on this request",
            "request",
            [{"field": "request", "problem": type(error).__name__}],
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid_parameter(_request: Request, error: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(part) for part in item["loc"]), "problem": item["msg"]}
            for item in error.errors()
        ]
        field = details[0]["field"] if details else "request"
        message = f"{field}: {details[0]['problem']}" if details else "the request is invalid"
        return error_response(422, "invalid_parameter", message, field, details)

    @app.exception_handler(HTTPException)
    async def _refused(_request: Request, error: HTTPException) -> JSONResponse:
        if isinstance(error, QueryRefusal):
            return error_response(
                error.status_code,
                error.code,
                error.message,
                error.field,
                error.details,
                headers=error.headers,
            )
        # Unknown paths and methods answer in the same shape as everything else.
        field = "method" if error.status_code == 405 else "path"
        code = _CODES.get(error.status_code, f"http_{error.status_code}")
        return error_response(
            error.status_code, code, str(error.detail), field, headers=error.headers
        )
