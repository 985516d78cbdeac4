"""Turn a raw request body into validated articles, or a precise 4xx naming what is wrong.

The body is read and checked by hand (size, UTF-8, JSON, shape) rather than by the framework so
that every failure gets the same error format and nothing half-parsed reaches the database.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from pydantic import ValidationError

from storyline_ingest.accept.errors import (
    Forbidden,
    InvalidArticle,
    InvalidBody,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from storyline_ingest.accept.incoming_article import IncomingArticle
from storyline_ingest.http.article_submission import ArticleSubmission
from storyline_ingest.http.canonical_input import refuse_unstorable
from storyline_ingest.http.ninjs_mapping import (
    NINJS_MEDIA_TYPE,
    incoming_from_ninjs,
    looks_like_ninjs,
)
from storyline_ingest.http.validation_errors import validation_details

JSON_MEDIA_TYPE = "application/json"
NDJSON_MEDIA_TYPE = "application/x-ndjson"
ARTICLE_MEDIA_TYPES = frozenset({JSON_MEDIA_TYPE, NINJS_MEDIA_TYPE})
BATCH_MEDIA_TYPES = ARTICLE_MEDIA_TYPES | {NDJSON_MEDIA_TYPE}

__all__ = [
    "ARTICLE_MEDIA_TYPES",
    "BATCH_MEDIA_TYPES",
    "JSON_MEDIA_TYPE",
    "NDJSON_MEDIA_TYPE",
    "NINJS_MEDIA_TYPE",
    "InvalidBody",
    "declared_length",
    "parse_article",
    "parse_json",
    "read_body",
    "require_media_type",
]


def declared_length(request: Request, limit: int) -> int:
    """The bytes the body will take: its Content-Length, or ``limit`` when it declares none.

    A declared length over the limit is refused here, before anything is read."""
    declared = request.headers.get("content-length")
    if declared is None or not declared.isdigit():
        return limit
    if int(declared) > limit:
        raise PayloadTooLarge(f"body is {declared} bytes; the limit is {limit}", field="body")
    return int(declared)


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refusing to buffer more than ``limit`` bytes."""
    declared_length(request, limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"body exceeds the limit of {limit} bytes", field="body")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise InvalidArticle("request body is empty", field="body")
    return body


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def require_media_type(request: Request, allowed: frozenset[str]) -> str:
    """The request's media type, or 415 when it is not one of ``allowed``."""
    kind = media_type(request)
    if kind not in allowed:
        raise UnsupportedMediaType(
            f"content-type {kind or '(none)'!r} is not supported; use one of {sorted(allowed)}",
            field="content-type",
        )
    return kind


def parse_json(raw: bytes, location: str = "body") -> Any:
    """The JSON document in ``raw``: strict UTF-8, no NaN or Infinity, nesting and numbers
    bounded (orjson refuses what the standard library would turn into a crash or a NaN)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            message = f"{location} is not valid UTF-8 (byte {bad.start})"
        else:
            message = f"{location} is not valid JSON: {error}"
        raise InvalidArticle(message, field=location) from None


def parse_article(
    document: Any, feed_id: str, *, ninjs: bool = False, location: str = "body"
) -> IncomingArticle:
    """Validate one article (native or ninjs) posted by ``feed_id``.

    ``ninjs`` says the content type declared ninjs; otherwise a document that declares itself
    ninjs is read as ninjs, and anything else as Storyline's own format.
    """
    if not isinstance(document, dict):
        raise InvalidBody(
            "an article must be a JSON object",
            [{"field": location, "problem": f"expected an object, got {type(document).__name__}"}],
        )
    refuse_unstorable(document, location)
    if ninjs or looks_like_ninjs(document):
        return incoming_from_ninjs(document, location)
    try:
        submission = ArticleSubmission.model_validate(document)
    except ValidationError as error:
        raise InvalidBody("the article is invalid", validation_details(error, location)) from None
    if submission.feed is not None and submission.feed != feed_id:
        raise Forbidden(
            f"the API key belongs to feed {feed_id!r}, not {submission.feed!r}",
            field=f"{location}.feed",
        )
    return submission.to_incoming()
