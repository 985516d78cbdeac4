"""The ingest service's exceptions. The API maps them to status codes in one place (api.py)."""

from __future__ import annotations

from typing import Any


class IngestError(Exception):
    """Root of every error the ingest service raises on purpose."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Unauthenticated(IngestError):
    status_code = 401
    code = "unauthenticated"


class ConflictingCredentials(IngestError):
    status_code = 400
    code = "conflicting_credentials"


class Forbidden(IngestError):
    status_code = 403
    code = "forbidden"


class InvalidArticle(IngestError):
    status_code = 422
    code = "invalid_article"


class IdempotencyKeyReused(IngestError):
    status_code = 422
    code = "idempotency_key_reused"


class PayloadTooLarge(IngestError):
    status_code = 413
    code = "payload_too_large"


class UnsupportedMediaType(IngestError):
    status_code = 415
    code = "unsupported_media_type"


class RateLimited(IngestError):
    """The feed is over its rate: nothing was stored; retry after ``retry_after`` seconds."""

    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, *, field: str | None = None, retry_after: int = 1) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after


class Unavailable(IngestError):
    """Nothing was stored, and the request can be retried as it is (after ``retry_after``)."""

    status_code = 503
    code = "unavailable"
    retry_after = 5


class InvalidBody(InvalidArticle):
    """A body that fails validation; ``details`` lists every field and its problem."""

    def __init__(self, message: str, details: list[dict[str, str]]) -> None:
        super().__init__(message, field=details[0]["field"] if details else None)
        self.details = details


def error_body(error: IngestError) -> dict[str, Any]:
    """The ``error`` object every 4xx carries: code, message, the field, and per-field details."""
    field = error.field or ("Authorization" if error.status_code == 401 else "request")
    details = (
        error.details
        if isinstance(error, InvalidBody)
        else [{"field": field, "problem": error.message}]
    )
    return {"code": error.code, "message": error.message, "field": field, "details": details}
