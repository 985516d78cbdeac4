"""Feeds and their API keys: create a feed (its key is shown once), rotate and revoke keys,
authenticate a request.

A feed has one live key, or two during a change-over: ``rotate_key`` issues a new key and gives
the older one an expiry (the grace period the feed has to switch), ``revoke_key`` ends a key at
once. Only keys' hashes are stored; a key is named by its id (the start of its hash) when listed
or revoked.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import overload

from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_ingest.accept.errors import IngestError, Unauthenticated
from storyline_ingest.storage.tables import feed_keys, feeds

FEED_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
KEY_PREFIX = "slk_"
KEY_ID_LENGTH = 12  # hex digits of the hash: ids that never collide among a feed's few keys
MAX_LIVE_KEYS = 2


class FeedExists(IngestError):
    status_code = 409
    code = "feed_exists"


class UnknownFeed(IngestError):
    status_code = 404
    code = "unknown_feed"


class TooManyKeys(IngestError):
    status_code = 409
    code = "too_many_keys"


@dataclass(frozen=True)
class FeedCredential:
    """Who a key belongs to, and until when it may be trusted without looking again."""

    feed_id: str
    articles_per_second: float | None  # None: the service's default limit
    expires_at: datetime | None


@dataclass(frozen=True)
class FeedKey:
    key_id: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def live(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


def hash_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


async def create_feed(
    connection: AsyncConnection,
    feed_id: str,
    name: str | None,
    now: datetime,
    articles_per_second: float | None = None,
) -> str:
    """Register a feed and return its new API key. Only the key's hash is stored."""
    if not FEED_ID_PATTERN.match(feed_id):
        raise IngestError(
            "feed id must be 1-64 lower-case letters, digits, '-' or '_'", field="feed_id"
        )
    _check_rate(articles_per_second)
    try:
        async with connection.begin_nested():
            await connection.execute(
                insert(feeds).values(
                    feed_id=feed_id,
                    name=name or feed_id,
                    created_at=now,
                    articles_per_second=articles_per_second,
                )
            )
            return await _issue_key(connection, feed_id, now)
    except IntegrityError:
        raise FeedExists(f"feed {feed_id!r} already exists", field="feed_id") from None


async def rotate_key(
    connection: AsyncConnection, feed_id: str, now: datetime, grace: timedelta
) -> tuple[str, list[FeedKey]]:
    """Issue a new key; the live one keeps working for ``grace``. Returns the new key and the
    keys that now expire. Refused while two keys are live (revoke one first)."""
    await _require_feed(connection, feed_id, lock=True)
    live = [key for key in await list_keys(connection, feed_id) if key.live(now)]
    if len(live) >= MAX_LIVE_KEYS:
        raise TooManyKeys(
            f"feed {feed_id!r} already has {len(live)} live keys; revoke one before rotating",
            field="feed_id",
        )
    ending = now + grace
    expiring = [key for key in live if key.expires_at is None or key.expires_at > ending]
    if expiring:
        await connection.execute(
            update(feed_keys)
            .where(feed_keys.c.key_id.in_([key.key_id for key in expiring]))
            .values(expires_at=ending)
        )
    api_key = await _issue_key(connection, feed_id, now)
    return api_key, [
        FeedKey(key.key_id, key.created_at, ending, key.revoked_at) for key in expiring
    ]


async def revoke_key(connection: AsyncConnection, feed_id: str, key_id: str, now: datetime) -> None:
    """End the key at once. Ingest processes that checked it recently accept it until their
    cache forgets it (``feed_key_cache``: 30 s by default)."""
    await _require_feed(connection, feed_id)
    result = await connection.execute(
        update(feed_keys)
        .where(
            feed_keys.c.feed_id == feed_id,
            feed_keys.c.key_id == key_id,
            feed_keys.c.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    if result.rowcount == 0:
        raise IngestError(f"feed {feed_id!r} has no unrevoked key {key_id!r}", field="key_id")


async def list_keys(connection: AsyncConnection, feed_id: str) -> list[FeedKey]:
    await _require_feed(connection, feed_id)
    rows = await connection.execute(
        select(feed_keys)
        .where(feed_keys.c.feed_id == feed_id)
        .order_by(feed_keys.c.created_at, feed_keys.c.key_id)
    )
    return [
        FeedKey(row.key_id, _utc(row.created_at), _utc(row.expires_at), _utc(row.revoked_at))
        for row in rows
    ]


async def set_rate(
    connection: AsyncConnection, feed_id: str, articles_per_second: float | None
) -> None:
    """Set the feed's own limit (None: the service's default)."""
    _check_rate(articles_per_second)
    await _require_feed(connection, feed_id)
    await connection.execute(
        update(feeds)
        .where(feeds.c.feed_id == feed_id)
        .values(articles_per_second=articles_per_second)
    )


async def authenticate(
    connection: AsyncConnection, api_key: str | None, now: datetime
) -> FeedCredential:
    """The feed the key belongs to; ``Unauthenticated`` when it belongs to none, or has been
    revoked or has expired."""
    if not api_key:
        raise Unauthenticated("missing API key: send it as 'Authorization: Bearer <key>'")
    row = (
        await connection.execute(
            select(feed_keys.c.feed_id, feed_keys.c.expires_at, feeds.c.articles_per_second)
            .join(feeds, feeds.c.feed_id == feed_keys.c.feed_id)
            .where(
                feed_keys.c.key_hash == hash_key(api_key),
                feed_keys.c.revoked_at.is_(None),
                or_(feed_keys.c.expires_at.is_(None), feed_keys.c.expires_at > now),
            )
        )
    ).first()
    if row is None:
        raise Unauthenticated("invalid API key")
    return FeedCredential(str(row.feed_id), row.articles_per_second, _utc(row.expires_at))


async def _issue_key(connection: AsyncConnection, feed_id: str, now: datetime) -> str:
    api_key = KEY_PREFIX + secrets.token_urlsafe(32)
    digest = hash_key(api_key)
    await connection.execute(
        insert(feed_keys).values(
            key_id=digest[:KEY_ID_LENGTH], feed_id=feed_id, key_hash=digest, created_at=now
        )
    )
    return api_key


async def _require_feed(connection: AsyncConnection, feed_id: str, lock: bool = False) -> None:
    query = select(feeds.c.feed_id).where(feeds.c.feed_id == feed_id)
    if lock:  # two rotations at once must not leave three live keys
        query = query.with_for_update()
    if (await connection.execute(query)).first() is None:
        raise UnknownFeed(f"no feed {feed_id!r}", field="feed_id")


@overload
def _utc(value: datetime) -> datetime: ...
@overload
def _utc(value: None) -> None: ...
def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without their zone; they were stored in UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _check_rate(articles_per_second: float | None) -> None:
    if articles_per_second is not None and not articles_per_second > 0:
        raise IngestError("articles per second must be above 0", field="articles_per_second")


__all__ = [
    "FeedCredential",
    "FeedExists",
    "FeedKey",
    "TooManyKeys",
    "UnknownFeed",
    "authenticate",
    "create_feed",
    "hash_key",
    "list_keys",
    "revoke_key",
    "rotate_key",
    "set_rate",
]
