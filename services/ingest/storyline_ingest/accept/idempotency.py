"""The ``Idempotency-Key`` header: the first response to a (feed, key) is stored and replayed.

Semantics as in the IETF draft and Stripe's API: a retry with the same key and the same request
gets the stored response (same status, same body) and changes nothing; the same key with a
different request is refused (422 ``idempotency_key_reused``). Keys belong to one feed. Only
successful responses are stored: a request refused with a 4xx changed nothing, so retrying it
simply runs again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_ingest.accept.errors import IdempotencyKeyReused, IngestError
from storyline_ingest.storage.tables import idempotency_keys

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# Visible ASCII: keys are tokens (UUIDs, hashes), and this keeps them safe in logs and headers.
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
_KEY = re.compile(KEY_PATTERN)
# Built once: it runs for every group with keys, and building costs more than running it.
_STORED_RESPONSES = select(
    idempotency_keys.c.feed_id,
    idempotency_keys.c.key,
    idempotency_keys.c.request_hash,
    idempotency_keys.c.response,
).where(
    tuple_(idempotency_keys.c.feed_id, idempotency_keys.c.key).in_(
        bindparam("pairs", expanding=True)
    )
)


class InvalidIdempotencyKey(IngestError):
    status_code = 422
    code = "invalid_idempotency_key"


@dataclass(frozen=True)
class ApiResponse:
    """A status code and a JSON body: what is sent, and what a replay sends again."""

    status_code: int
    body: dict[str, Any]


@dataclass(frozen=True)
class KeyedRequest:
    """A request that came with an ``Idempotency-Key``, and the fingerprint of what it asked."""

    key: str
    fingerprint: str


def keyed_request(key: str | None, path: str, media_type: str, body: bytes) -> KeyedRequest | None:
    """``None`` without a key; 422 for a key that is not 1-255 visible ASCII characters."""
    if key is None:
        return None
    if not _KEY.match(key):
        raise InvalidIdempotencyKey(
            f"{HEADER} must be 1 to {MAX_KEY_LENGTH} visible ASCII characters", field=HEADER
        )
    digest = hashlib.sha256()
    for part in (path.encode(), media_type.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))  # length-prefixed: no two inputs collide
        digest.update(part)
    return KeyedRequest(key, digest.hexdigest())


async def recall(
    connection: AsyncConnection, feed_id: str, request: KeyedRequest
) -> ApiResponse | None:
    """The response stored for this key, or ``None`` when the key is new.

    Raises ``IdempotencyKeyReused`` when the key was used for a different request.
    """
    (answer,) = await recall_all(connection, [(feed_id, request)])
    if isinstance(answer, IngestError):
        raise answer
    return answer


async def recall_all(
    connection: AsyncConnection, requests: Sequence[tuple[str, KeyedRequest]]
) -> list[ApiResponse | IngestError | None]:
    """``recall`` for many (feed id, request) pairs in one statement: for each, in order, the
    stored response, ``None`` when the key is new, or ``IdempotencyKeyReused``."""
    if not requests:
        return []
    pairs = sorted({(feed_id, request.key) for feed_id, request in requests})
    rows = await connection.execute(_STORED_RESPONSES, {"pairs": pairs})
    stored = {(row.feed_id, row.key): row for row in rows}
    return [_answer(stored.get((feed_id, request.key)), request) for feed_id, request in requests]


def _answer(row: Any, request: KeyedRequest) -> ApiResponse | IngestError | None:
    if row is None:
        return None
    if row.request_hash != request.fingerprint:
        return IdempotencyKeyReused(
            f"this {HEADER} was already used for a different request; use a new key",
            field=HEADER,
        )
    return ApiResponse(int(row.response["status_code"]), dict(row.response["body"]))


async def remember(
    connection: AsyncConnection,
    feed_id: str,
    request: KeyedRequest,
    response: ApiResponse,
    now: datetime,
) -> None:
    """Store ``response`` for the key, in the caller's transaction.

    A concurrent request with the same key makes this raise ``IntegrityError``; the caller's
    transaction then rolls back and the retry finds the winner's response.
    """
    await connection.execute(
        insert(idempotency_keys).values(**stored_row(feed_id, request, response, now))
    )


def stored_row(
    feed_id: str, request: KeyedRequest, response: ApiResponse, now: datetime
) -> dict[str, Any]:
    """The ``idempotency_keys`` row that stores ``response`` for the key."""
    return {
        "feed_id": feed_id,
        "key": request.key,
        "request_hash": request.fingerprint,
        "response": {"status_code": response.status_code, "body": response.body},
        "created_at": now,
    }
