"""Turn a raw request body into validated articles, or a precise 4xx naming what is wrong.

The body is read and checked by hand (size, UTF-8, JSON, shape) rather than by the framework so
that every failure gets the same error format and nothing half-parsed reaches the database.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from pydantic import ValidationError

from storyline_ingest.article_submission import ArticleSubmission, IncomingArticle
from storyline_ingest.errors import InvalidArticle, PayloadTooLarge, UnsupportedMediaType

JSON_TYPES = frozenset({"application/json"})


class InvalidBody(InvalidArticle):
    """A body that fails validation; ``details`` lists every field and its problem."""

    def __init__(self, message: str, details: list[dict[str, str]]) -> None:
        super().__init__(message, field=details[0]["field"] if details else None)
        self.details = details


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refusing to buffer more than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"body is {declared} bytes; the limit is {limit}", field="body")
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
    kind = media_type(request)
    if kind not in allowed:
        raise UnsupportedMediaType(
            f"content-type {kind or '(none)'!r} is not supported; use one of {sorted(allowed)}",
            field="content-type",
        )
    return kind


def parse_json(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidArticle(
            f"body is not valid UTF-8 (byte {error.start})", field="body"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidArticle(
            f"body is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
            field="body",
        ) from None


def parse_article(document: Any, location: str = "body") -> IncomingArticle:
    if not isinstance(document, dict):
        raise InvalidBody(
            "an article must be a JSON object",
            [{"field": location, "problem": f"expected an object, got {type(document).__name__}"}],
        )
    try:
        return ArticleSubmission.model_validate(document).to_incoming()
    except ValidationError as error:
        raise InvalidBody("the article is invalid", validation_details(error, location)) from None


def validation_details(error: ValidationError, location: str) -> list[dict[str, str]]:
    details = []
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in (location, *item["loc"]))
        details.append({"field": path, "problem": item["msg"]})
    return details
