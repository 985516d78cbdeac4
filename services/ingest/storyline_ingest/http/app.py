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
from fastapi.routing import APIRoute
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.exceptions import HTTPException
from starlette.routing import request_response

from storyline_ingest import observability
from storyline_ingest.accept import idempotency
from storyline_ingest.accept.accept_requests import ArticleStore
from storyline_ingest.accept.errors import (
    ConflictingCredentials,
    Forbidden,
    IngestError,
    RateLimited,
    Unavailable,
    error_body,
)
from storyline_ingest.accept.feed_key_cache import FeedKeyCache
from storyline_ingest.accept.feed_rate_limits import FeedRateLimits
from storyline_ingest.accept.feeds import FeedCredential
from storyline_ingest.accept.idempotency import ApiResponse
from storyline_ingest.http import api_docs
from storyline_ingest.http.api_docs import (
    API_KEY_HEADER,
    AUTH_RULES,
    FEED_HEADER,
    IDEMPOTENCY_RULES,
)
from storyline_ingest.http.batch_parsing import BatchLimits, parse_batch
from storyline_ingest.http.body_budget import BodyBudget
from storyline_ingest.http.request_parsing import (
    ARTICLE_MEDIA_TYPES,
    BATCH_MEDIA_TYPES,
    JSON_MEDIA_TYPE,
    NINJS_MEDIA_TYPE,
    declared_length,
    parse_article,
    parse_json,
    read_body,
    require_media_type,
)
from storyline_ingest.settings import IngestSettings
from storyline_platform.database import engine_for
from storyline_platform.failures import is_transient
from storyline_platform.http_observability import observe_api
from storyline_platform.outage_log import OutageLog
from storyline_platform.readiness import Check, database_check

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
        docs_url=None,  # served from local assets by observe_api
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.feed_keys = FeedKeyCache()
    app.state.rate_limits = FeedRateLimits(
        settings.feed_articles_per_second, settings.feed_burst_seconds, settings.max_batch_items
    )
    if engine is not None:  # ASGI test clients do not run the lifespan: attach it now
        attach(engine)
    _install_error_handlers(app)
    _install_routes(app, settings)
    observe_api(
        app, "ingest", lambda request: {"database": database_check(request.app.state.engine)}
    )
    api_docs.install_openapi(app)
    return app


def _dependencies(request: Request) -> dict[str, Check]:
    # The database only: the API never talks to the broker (the relay does).
    return {"database": database_check(request.app.state.engine)}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(IngestError)
    async def _ingest_error(_request: Request, error: IngestError) -> JSONResponse:
        observability.count_rejection(error.code)
        headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else None
        if isinstance(error, Unavailable | RateLimited):
            headers = {"Retry-After": str(error.retry_after)}
        return JSONResponse(
            {"error": error_body(error)}, status_code=error.status_code, headers=headers
        )

    # Requests, not a retry loop, meet the outage: a quiet minute counts as its end.
    outage = OutageLog(log, "database", quiet_seconds=60.0)

    async def _database_error(request: Request, error: Exception) -> JSONResponse:
        # An outage is answered here, once per request and logged once per outage; any other
        # database or socket error is a bug, and goes on to the handler below.
        if not is_transient(error):
            raise error
        outage.failed(error)
        unavailable = Unavailable(
            "the database is unavailable; nothing was stored, retry shortly", field="request"
        )
        return await _ingest_error(request, unavailable)

    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(OSError, _database_error)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        # Runs in Starlette's outermost middleware, which logs the error after answering.
        body = {
            "code": "internal_error",
            "message": "the service failed on this request; nothing was stored",
            "field": "request",
            "details": [{"field": "request", "problem": type(error).__name__}],
        }
        observability.count_rejection("internal_error")
        return JSONResponse({"error": body}, status_code=500)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(part) for part in item["loc"]), "problem": item["msg"]}
            for item in error.errors()
        ]
        body: dict[str, Any] = {"code": "invalid_request", "message": "the request is invalid"}
        body |= {"field": details[0]["field"] if details else "request", "details": details}
        observability.count_rejection("invalid_request")
        return JSONResponse({"error": body}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http_error(_request: Request, error: HTTPException) -> JSONResponse:
        # Unknown paths and methods answer in the same format as everything else.
        field = "method" if error.status_code == 405 else "path"
        body: dict[str, Any] = {"code": f"http_{error.status_code}", "field": field}
        body["message"] = str(error.detail)
        body["details"] = [{"field": field, "problem": str(error.detail)}]
        observability.count_rejection(body["code"])
        return JSONResponse({"error": body}, status_code=error.status_code, headers=error.headers)


def _install_routes(app: FastAPI, settings: IngestSettings) -> None:
    batch_limits = BatchLimits(
        settings.max_batch_items, settings.max_article_bytes, settings.max_batch_bytes
    )
    budget = BodyBudget(settings.max_buffered_bytes)

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
            **api_docs.error_responses(400, 401, 403, 413, 415, 422, 429, 503),
        },
    )
    async def post_article(request: Request) -> Response:
        feed = await authorised_credential(request)
        feed_id = feed.feed_id
        request.app.state.rate_limits.take(feed)
        kind = require_media_type(request, ARTICLE_MEDIA_TYPES)
        limit = settings.max_article_bytes
        async with budget.reserve(declared_length(request, limit)):
            raw = await read_body(request, limit)
            keyed = _keyed_request(request, kind, raw)
            incoming = parse_article(parse_json(raw), feed_id, ninjs=kind == NINJS_MEDIA_TYPE)
            del raw  # the parsed article is all that is needed from here on
            response = await request.app.state.articles.store_article(feed_id, incoming, keyed)
        if log.isEnabledFor(logging.INFO):  # the extra dict is built for nothing otherwise
            log.info("article accepted", extra={"feed_id": feed_id, **response.body})
        return _send(response)

    @app.post(
        BATCH_PATH,
        status_code=207,
        tags=["articles"],
        summary="Post many articles at once (JSON array or NDJSON), with one result per item",
        description=f"Valid items are stored, invalid ones refused with their own error, in one "
        f"transaction: the 207 answer says which is which, and anything else (503 while the "
        f"database is away) means nothing of the batch was stored. At most "
        f"{settings.max_batch_items} items and {settings.max_batch_bytes} bytes (413 beyond), "
        f"each item within the single-article size limit.\n\n{AUTH_RULES}\n\n"
        f"{IDEMPOTENCY_RULES}",
        openapi_extra=api_docs.write_operation(
            api_docs.batch_request_body(settings.max_batch_items)
        ),
        response_model=api_docs.BatchResponse,
        responses={
            207: {"description": "One result per item, in order"},
            **api_docs.error_responses(400, 401, 403, 413, 415, 422, 429, 503),
        },
    )
    async def post_batch(request: Request) -> Response:
        feed = await authorised_credential(request)
        feed_id = feed.feed_id
        limits: FeedRateLimits = request.app.state.rate_limits
        limits.require(feed)  # before reading a body that could not be taken anyway
        kind = require_media_type(request, BATCH_MEDIA_TYPES)
        limit = batch_limits.max_body_bytes
        async with budget.reserve(declared_length(request, limit)):
            raw = await read_body(request, limit)
            keyed = _keyed_request(request, kind, raw)
            items = parse_batch(raw, kind, feed_id, batch_limits)
            del raw
            limits.take(feed, len(items))
            response = await request.app.state.articles.store_batch(feed_id, items, keyed)
        log.info(
            "batch accepted",
            extra={"feed_id": feed_id, "accepted": response.body.get("accepted")},
        )
        return _send(response)

    for route in app.router.routes:
        if isinstance(route, APIRoute) and route.endpoint in (post_article, post_batch):
            # These read their request by hand and answer with a ready Response: FastAPI's own
            # handling (solving no dependencies, two exit stacks) is pure cost on every post.
            # The route stays FastAPI's, for matching, its documentation and its metrics label.
            route.app = request_response(route.endpoint)


async def authorised_feed(request: Request) -> str:
    """The feed whose key came with the request (see ``authorised_credential``)."""
    return (await authorised_credential(request)).feed_id


async def authorised_credential(request: Request) -> FeedCredential:
    """The feed whose key came with the request (``Authorization: Bearer`` or ``X-API-Key``),
    refusing (403) a request that names a different feed in ``X-Storyline-Feed``.

    Read straight from the headers rather than through framework dependencies: this runs on
    every post, and the OpenAPI document declares the schemes itself (``api_docs``).
    """
    cache: FeedKeyCache = request.app.state.feed_keys
    feed = await cache.credential_for(request.app.state.engine, _credential(request))
    named_feed = request.headers.get(FEED_HEADER)
    if named_feed is not None and named_feed != feed.feed_id:
        raise Forbidden(
            f"the API key belongs to feed {feed.feed_id!r}, not {named_feed!r}",
            field=FEED_HEADER,
        )
    return feed


def _credential(request: Request) -> str | None:
    """The one API key the request carries; 400 when it carries two different ones."""
    keys = set()
    for value in request.headers.getlist("authorization"):
        scheme, _, credentials = value.partition(" ")
        if scheme.lower() == "bearer":
            keys.add(credentials.strip())
    keys.update(request.headers.getlist(API_KEY_HEADER))
    if len(keys) > 1:
        raise ConflictingCredentials(
            "the request carries two different API keys (Authorization and X-API-Key, or one "
            "header twice); send exactly one",
            field="Authorization",
        )
    return next(iter(keys), None)


def _keyed_request(request: Request, kind: str, raw: bytes) -> idempotency.KeyedRequest | None:
    key = request.headers.get(idempotency.HEADER)
    if key is None:  # most posts: no need to build the request's URL for its path
        return None
    return idempotency.keyed_request(key, request.url.path, kind, raw)


def _send(response: ApiResponse) -> Response:
    observability.count_answer(response.status_code, response.body)
    # orjson: the same compact JSON as JSONResponse, for a fraction of the cost on every post.
    return Response(
        orjson.dumps(response.body), status_code=response.status_code, media_type=JSON_MEDIA_TYPE
    )


__all__ = ["BATCH_PATH", "authorised_credential", "authorised_feed", "create_app"]
