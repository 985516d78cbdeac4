"""The ingest HTTP API: routes, authentication and the one place errors become status codes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.exceptions import HTTPException

from storyline_ingest import api_docs, idempotency
from storyline_ingest.accept_requests import ArticleStore, error_body
from storyline_ingest.api_docs import API_KEY_HEADER, AUTH_RULES, FEED_HEADER, IDEMPOTENCY_RULES
from storyline_ingest.batch_parsing import BatchLimits, parse_batch
from storyline_ingest.errors import Forbidden, IngestError
from storyline_ingest.feed_key_cache import FeedKeyCache
from storyline_ingest.idempotency import ApiResponse
from storyline_ingest.request_parsing import (
    ARTICLE_MEDIA_TYPES,
    BATCH_MEDIA_TYPES,
    JSON_MEDIA_TYPE,
    NINJS_MEDIA_TYPE,
    parse_article,
    parse_json,
    read_body,
    require_media_type,
)
from storyline_ingest.settings import IngestSettings
from storyline_platform.database import engine_for

log = logging.getLogger(__name__)

BATCH_PATH = "/v1/articles:batch"


def create_app(
    settings: IngestSettings | None = None, engine: AsyncEngine | None = None
) -> FastAPI:
    settings = settings or IngestSettings()

    def attach(active: AsyncEngine) -> None:
        app.state.engine = active
        app.state.articles = ArticleStore(active)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with engine_for(settings.database_url, engine) as active:
            attach(active)
            yield

    app = FastAPI(
        title="Storyline ingest API",
        version="1.0.0",
        summary="Feeds post news articles; Storyline stores them and publishes what they report.",
        description=f"{AUTH_RULES}\n\n{IDEMPOTENCY_RULES}\n\nEvery 4xx body has the same shape "
        "(`ErrorResponse`): a stable `code`, a `message`, the `field` at fault and `details` "
        "listing every problem; a refused request stores nothing.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.feed_keys = FeedKeyCache()
    if engine is not None:  # ASGI test clients do not run the lifespan: attach it now
        attach(engine)
    _install_error_handlers(app)
    _install_routes(app, settings)
    api_docs.install_openapi(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(IngestError)
    async def _ingest_error(_request: Request, error: IngestError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else None
        return JSONResponse(
            {"error": error_body(error)}, status_code=error.status_code, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(part) for part in item["loc"]), "problem": item["msg"]}
            for item in error.errors()
        ]
        body: dict[str, Any] = {"code": "invalid_request", "message": "the request is invalid"}
        body |= {"field": details[0]["field"] if details else "request", "details": details}
        return JSONResponse({"error": body}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http_error(_request: Request, error: HTTPException) -> JSONResponse:
        # Unknown paths and methods answer in the same format as everything else.
        field = "method" if error.status_code == 405 else "path"
        body: dict[str, Any] = {"code": f"http_{error.status_code}", "field": field}
        body["message"] = str(error.detail)
        body["details"] = [{"field": field, "problem": str(error.detail)}]
        return JSONResponse({"error": body}, status_code=error.status_code, headers=error.headers)


def _install_routes(app: FastAPI, settings: IngestSettings) -> None:
    batch_limits = BatchLimits(settings.max_batch_items, settings.max_article_bytes)

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(
        "/v1/articles",
        status_code=202,
        tags=["articles"],
        summary="Post one article (new, revised or withdrawn), native JSON or IPTC ninjs",
        description=f"{AUTH_RULES}\n\n{IDEMPOTENCY_RULES}",
        openapi_extra=api_docs.write_operation(api_docs.article_request_body()),
        response_model=api_docs.AcceptedArticle,
        responses={
            202: {"description": "Stored durably (or already stored: see `outcome`)"},
            **api_docs.error_responses(401, 403, 413, 415, 422),
        },
    )
    async def post_article(request: Request) -> Response:
        feed_id = await authorised_feed(request)
        kind = require_media_type(request, ARTICLE_MEDIA_TYPES)
        raw = await read_body(request, settings.max_article_bytes)
        keyed = _keyed_request(request, kind, raw)
        incoming = parse_article(parse_json(raw), feed_id, ninjs=kind == NINJS_MEDIA_TYPE)
        response = await request.app.state.articles.store_article(feed_id, incoming, keyed)
        log.info("article accepted", extra={"feed_id": feed_id, **response.body})
        return _send(response)

    @app.post(
        BATCH_PATH,
        status_code=207,
        tags=["articles"],
        summary="Post many articles at once (JSON array or NDJSON), with one result per item",
        description=f"Each item is stored in its own transaction: valid items are kept even when "
        f"others are refused, and a refused item changes nothing. At most "
        f"{settings.max_batch_items} items (413 beyond), each within the single-article size "
        f"limit.\n\n{AUTH_RULES}\n\n{IDEMPOTENCY_RULES}",
        openapi_extra=api_docs.write_operation(
            api_docs.batch_request_body(settings.max_batch_items)
        ),
        response_model=api_docs.BatchResponse,
        responses={
            207: {"description": "One result per item, in order"},
            **api_docs.error_responses(401, 403, 413, 415, 422),
        },
    )
    async def post_batch(request: Request) -> Response:
        feed_id = await authorised_feed(request)
        kind = require_media_type(request, BATCH_MEDIA_TYPES)
        raw = await read_body(request, batch_limits.max_body_bytes)
        keyed = _keyed_request(request, kind, raw)
        items = parse_batch(raw, kind, feed_id, batch_limits)
        response = await request.app.state.articles.store_batch(feed_id, items, keyed)
        log.info(
            "batch accepted",
            extra={"feed_id": feed_id, "accepted": response.body.get("accepted")},
        )
        return _send(response)


async def authorised_feed(request: Request) -> str:
    """The feed whose key came with the request (``Authorization: Bearer`` or ``X-API-Key``),
    refusing (403) a request that names a different feed in ``X-Storyline-Feed``.

    Read straight from the headers rather than through framework dependencies: this runs on
    every post, and the OpenAPI document declares the schemes itself (``api_docs``).
    """
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    key = credentials.strip() if scheme.lower() == "bearer" else None
    cache: FeedKeyCache = request.app.state.feed_keys
    feed_id = await cache.feed_for(
        request.app.state.engine, key or request.headers.get(API_KEY_HEADER)
    )
    named_feed = request.headers.get(FEED_HEADER)
    if named_feed is not None and named_feed != feed_id:
        raise Forbidden(
            f"the API key belongs to feed {feed_id!r}, not {named_feed!r}", field=FEED_HEADER
        )
    return feed_id


def _keyed_request(request: Request, kind: str, raw: bytes) -> idempotency.KeyedRequest | None:
    key = request.headers.get(idempotency.HEADER)
    return idempotency.keyed_request(key, request.url.path, kind, raw)


def _send(response: ApiResponse) -> Response:
    # orjson: the same compact JSON as JSONResponse, for a fraction of the cost on every post.
    return Response(
        orjson.dumps(response.body), status_code=response.status_code, media_type=JSON_MEDIA_TYPE
    )


__all__ = ["BATCH_PATH", "authorised_feed", "create_app"]
