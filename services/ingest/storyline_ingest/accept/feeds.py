"""Feeds and their API keys: create a feed (its key is shown once), authenticate a request."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_ingest.accept.errors import IngestError, Unauthenticated
from storyline_ingest.storage.tables import feeds

FEED_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
KEY_PREFIX = "slk_"


class FeedExists(IngestError):
    status_code = 409
    code = "feed_exists"


def hash_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


async def create_feed(
    connection: AsyncConnection, feed_id: str, name: str | None, now: datetime
) -> str:
    """Register a feed and return its new API key. Only the key's hash is stored."""
    if not FEED_ID_PATTERN.match(feed_id):
        raise IngestError(
            "feed id must be 1-64 lower-case letters, digits, '-' or '_'", field="feed_id"
        )
    api_key = KEY_PREFIX + secrets.token_urlsafe(32)
    try:
        async with connection.begin_nested():
            await connection.execute(
                insert(feeds).values(
                    feed_id=feed_id,
                    name=name or feed_id,
                    key_hash=hash_key(api_key),
                    created_at=now,
                )
            )
    except IntegrityError:
        raise FeedExists(f"feed {feed_id!r} already exists", field="feed_id") from None
    return api_key


async def authenticate(connection: AsyncConnection, api_key: str | None) -> str:
    """The feed id the key belongs to; ``Unauthenticated`` when it belongs to none."""
    if not api_key:
        raise Unauthenticated("missing API key: send it as 'Authorization: Bearer <key>'")
    feed_id = (
        await connection.execute(
            select(feeds.c.feed_id).where(feeds.c.key_hash == hash_key(api_key))
        )
    ).scalar()
    if feed_id is None:
        raise Unauthenticated("invalid API key")
    return str(feed_id)
