"""What the OpenAPI document says about the ingest API: bodies, responses, errors, headers.

The routes read their bodies by hand (see ``request_parsing``), so the request schemas are
declared here and put in ``components/schemas`` next to the response models FastAPI collects.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field
from pydantic.json_schema import models_json_schema

from storyline_ingest.accept.idempotency import HEADER as IDEMPOTENCY_HEADER
from storyline_ingest.accept.idempotency import KEY_PATTERN, MAX_KEY_LENGTH
from storyline_ingest.http.article_submission import ArticleSubmission
from storyline_ingest.http.ninjs_mapping import NINJS_MEDIA_TYPE, NinjsDocument
from storyline_ingest.http.request_parsing import JSON_MEDIA_TYPE, NDJSON_MEDIA_TYPE
from storyline_platform.error_body import ErrorDetail, ErrorResponse

FEED_HEADER = "X-Storyline-Feed"
API_KEY_HEADER = "X-API-Key"
SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "A feed's API key as a bearer token: `Authorization: Bearer <key>`.",
    },
    "apiKeyAuth": {
        "type": "apiKey",
        "in": "header",
        "name": API_KEY_HEADER,
        "description": "A feed's API key, for clients that cannot send a bearer token.",
    },
}
COMPONENTS = "#/components/schemas/{model}"

AUTH_RULES = (
    "Every post needs a feed's API key, as `Authorization: Bearer <key>` or `X-API-Key: <key>` "
    "(401 without a valid one). The key decides the feed: naming another feed, in the "
    f"`{FEED_HEADER}` header or in the article's `feed` field, is refused with 403 `forbidden`."
)
IDEMPOTENCY_RULES = (
    f"With an `{IDEMPOTENCY_HEADER}` header, the first successful response for that key (per "
    "feed) is stored with the article; a retry with the same key and body gets the same status "
    "and body back and changes nothing; the same key with a different body gets 422 "
    "`idempotency_key_reused`. Without the header, posting the same article again is still "
    "safe: it answers `duplicate` with the same article id."
)


class AcceptedArticle(BaseModel):
    """What a stored article got: its Storyline id, its version, and what the post did."""

    article_id: str = Field(description="Stable for a (feed, external id).")
    version: int = Field(ge=1)
    outcome: Literal["created", "revised", "withdrawn", "duplicate", "stale"] = Field(
        description="'duplicate': already stored, nothing new; 'stale': an older version "
        "arrived after a newer one and was ignored."
    )


class BatchItemResult(BaseModel):
    """One item's result: the accepted article, or the item's error."""

    index: int = Field(ge=0, description="The item's position in the batch, from 0.")
    status: int = Field(description="202, or the 4xx this item would have got on its own.")
    article_id: str | None = None
    version: int | None = None
    outcome: str | None = None
    error: ErrorDetail | None = None


class BatchResponse(BaseModel):
    """One result per item, in the order the items were sent."""

    accepted: int
    rejected: int
    items: list[BatchItemResult]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    reasons = {
        400: "Two different API keys in one request",
        401: "Missing or invalid API key",
        403: "The API key belongs to another feed than the one named",
        413: "Body (or batch) too large",
        415: "Unsupported content type",
        422: "Invalid body, field or header; the error names it",
        429: "The feed posts more articles a second than it may: nothing was stored; retry "
        "after the `Retry-After` seconds",
        503: "The database is away or the service is busy: nothing was stored; retry after "
        "the `Retry-After` seconds",
    }
    return {status: {"description": reasons[status], "model": ErrorResponse} for status in statuses}


def ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": COMPONENTS.format(model=model.__name__)}


def article_request_body() -> dict[str, Any]:
    return {
        "required": True,
        "description": "One article: Storyline's own JSON, or an IPTC ninjs 2.x/1.x document "
        f"(as `{NINJS_MEDIA_TYPE}`, or as JSON that declares ninjs by `$schema`, `standard` or "
        "`uri` with `versioncreated`).",
        "content": {
            JSON_MEDIA_TYPE: {"schema": {"anyOf": [ref(ArticleSubmission), ref(NinjsDocument)]}},
            NINJS_MEDIA_TYPE: {"schema": ref(NinjsDocument)},
        },
    }


def batch_request_body(max_items: int) -> dict[str, Any]:
    item = {"anyOf": [ref(ArticleSubmission), ref(NinjsDocument)]}
    return {
        "required": True,
        "description": f"Up to {max_items} articles: a JSON array, or NDJSON (one article per "
        "line). Items may mix Storyline's format and ninjs; with the ninjs content type every "
        "item is read as ninjs.",
        "content": {
            JSON_MEDIA_TYPE: {"schema": {"type": "array", "items": item, "maxItems": max_items}},
            NINJS_MEDIA_TYPE: {
                "schema": {"type": "array", "items": ref(NinjsDocument), "maxItems": max_items}
            },
            # NDJSON as a sequence of items (the convention OpenAPI 3.2 names itemSchema).
            NDJSON_MEDIA_TYPE: {
                "schema": {
                    "type": "array",
                    "items": item,
                    "maxItems": max_items,
                    "description": "One JSON article per line; blank lines are skipped.",
                }
            },
        },
    }


def write_operation(request_body: dict[str, Any]) -> dict[str, Any]:
    """What every posting operation adds to its OpenAPI entry: body, headers and auth."""
    return {
        "requestBody": request_body,
        "parameters": [idempotency_header(), feed_header()],
        "security": [{name: []} for name in SECURITY_SCHEMES],  # either one
    }


def feed_header() -> dict[str, Any]:
    return {
        "name": FEED_HEADER,
        "in": "header",
        "required": False,
        "description": "Optional: the feed the client means to post as. It must be the API "
        "key's feed, otherwise the request is refused with 403 `forbidden`.",
        "schema": {"type": "string"},
    }


def idempotency_header() -> dict[str, Any]:
    return {
        "name": IDEMPOTENCY_HEADER,
        "in": "header",
        "required": False,
        "description": IDEMPOTENCY_RULES,
        "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH, "pattern": KEY_PATTERN},
    }


def install_openapi(app: FastAPI) -> None:
    """Generate the document once, with the request-body models added to the components."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            _, definitions = models_json_schema(
                [(ArticleSubmission, "validation"), (NinjsDocument, "validation")],
                ref_template=COMPONENTS,
            )
            components = document.setdefault("components", {})
            components.setdefault("schemas", {}).update(definitions.get("$defs", {}))
            components["securitySchemes"] = SECURITY_SCHEMES
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
