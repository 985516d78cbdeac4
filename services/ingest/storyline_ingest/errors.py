"""The ingest service's exceptions. The API maps them to status codes in one place (api.py)."""

from __future__ import annotations


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


class Unavailable(IngestError):
    """Nothing was stored, and the request can be retried as it is (after ``retry_after``)."""

    status_code = 503
    code = "unavailable"
    retry_after = 5
