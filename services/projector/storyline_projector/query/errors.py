"""What the query API answers when a request cannot be served: bad parameters, a database away.

A parameter holding a NUL character can match nothing (PostgreSQL cannot even compare it), so it
is refused with a 422 naming it, like any other bad parameter. While the database is away every
route answers 503 with ``Retry-After``; anything unexpected is a 500 in the same JSON shape.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from storyline_platform.failures import is_transient
from storyline_platform.outage_log import OutageLog
from storyline_projector.query.parameters import bad_parameter

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


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
        return JSONResponse(
            {"detail": "the read models are unavailable; retry shortly"},
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(OSError, _database_error)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, _error: Exception) -> JSONResponse:
        # Runs in Starlette's outermost middleware, which logs the error after answering.
        return JSONResponse({"detail": "the service failed on this request"}, status_code=500)
