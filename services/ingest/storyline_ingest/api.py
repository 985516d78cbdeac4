"""The ingest HTTP API: routes, authentication and the one place errors become status codes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest import feeds
from storyline_ingest.accept_article import AcceptResult, accept_article
from storyline_ingest.article_submission import ArticleSubmission, IncomingArticle
from storyline_ingest.errors import IngestError
from storyline_ingest.request_parsing import (
    JSON_TYPES,
    InvalidBody,
    parse_article,
    parse_json,
    read_body,
    require_media_type,
)
from storyline_ingest.settings import IngestSettings
from storyline_platform.database import create_engine

log = logging.getLogger(__name__)

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": ["string", "null"]},
                "details": {"type": "array", "items": {"type": "object"}},
            },
        }
    },
}


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


def create_app(
    settings: IngestSettings | None = None, engine: AsyncEngine | None = None
) -> FastAPI:
    settings = settings or IngestSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if engine is not None:  # the caller owns it
            yield
            return
        app.state.engine = create_engine(settings.database_url)
        try:
            yield
        finally:
            await app.state.engine.dispose()

    app = FastAPI(
        title="Storyline ingest API",
        version="1.0.0",
        summary="Feeds post news articles; Storyline stores them and publishes what they report.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    if engine is not None:
        app.state.engine = engine

    @app.exception_handler(IngestError)
    async def _ingest_error(_request: Request, error: IngestError) -> JSONResponse:
        body: dict[str, Any] = {
            "code": error.code,
            "message": error.message,
            "field": error.field,
        }
        if isinstance(error, InvalidBody):
            body["details"] = error.details
        headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else None
        return JSONResponse({"error": body}, status_code=error.status_code, headers=headers)

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(
        "/v1/articles",
        status_code=202,
        tags=["articles"],
        summary="Post one article (new, revised or withdrawn)",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ArticleSubmission.model_json_schema()}},
            }
        },
        responses={
            401: _error_response("Missing or invalid API key"),
            413: _error_response("Body too large"),
            415: _error_response("Unsupported content type"),
            422: _error_response("The article is invalid; the body names the field"),
        },
    )
    async def post_article(
        request: Request, feed_id: Annotated[str, Depends(authenticated_feed)]
    ) -> dict[str, Any]:
        require_media_type(request, JSON_TYPES)
        raw = await read_body(request, settings.max_article_bytes)
        incoming = parse_article(parse_json(raw))
        result = await store_article(request.app.state.engine, feed_id, incoming)
        log.info(
            "article accepted",
            extra={"article_id": result.article_id, "feed_id": feed_id, "outcome": result.outcome},
        )
        return result.as_json()

    return app


async def authenticated_feed(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> str:
    """The feed whose key came with the request (``Authorization: Bearer`` or ``X-API-Key``)."""
    key = x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    async with request.app.state.engine.connect() as connection:
        return await feeds.authenticate(connection, key)


async def store_article(
    engine: AsyncEngine, feed_id: str, incoming: IncomingArticle
) -> AcceptResult:
    """Accept one article in its own transaction, retrying once if a concurrent post won a race."""
    for attempt in (1, 2):
        try:
            async with engine.begin() as connection:
                return await accept_article(connection, feed_id, incoming, datetime.now(UTC))
        except IntegrityError:
            # Two posts of the same new article raced; the loser sees the winner's row now.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
