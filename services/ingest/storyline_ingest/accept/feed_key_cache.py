"""Recently verified API keys, so that a busy feed's key is not looked up on every request.

Only keys that matched a feed are remembered, by their hash, for a short time: a key revoked
(``storyline feeds revoke-key``) or removed stops working within ``ttl_seconds`` (30 s by
default) on every ingest process, and a key that expires (the old key after a rotation's grace
period) stops working at its expiry exactly, as it is never remembered past it. Unknown keys are
always looked up, so guessing keys cannot fill the cache.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest.accept import feeds
from storyline_ingest.accept.feeds import FeedCredential

DEFAULT_TTL_SECONDS = 30.0
DEFAULT_MAX_ENTRIES = 10_000


class FeedKeyCache:
    def __init__(
        self,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._clock = clock  # seconds since the epoch, comparable with key expiry times
        self._credentials: OrderedDict[str, tuple[FeedCredential, float]] = OrderedDict()

    async def feed_for(self, engine: AsyncEngine, api_key: str | None) -> str:
        """The feed the key belongs to; ``Unauthenticated`` when it belongs to none."""
        return (await self.credential_for(engine, api_key)).feed_id

    async def credential_for(self, engine: AsyncEngine, api_key: str | None) -> FeedCredential:
        """The feed the key belongs to and its limit; ``Unauthenticated`` when it is no key of
        a feed (any more)."""
        digest = feeds.hash_key(api_key) if api_key else None
        now = self._clock()
        cached = self._credentials.get(digest) if digest else None
        if cached is not None and cached[1] > now:
            return cached[0]
        async with engine.connect() as connection:
            credential = await feeds.authenticate(
                connection, api_key, datetime.fromtimestamp(now, UTC)
            )
        if digest is not None:
            self._remember(digest, credential, now)
        return credential

    def _remember(self, digest: str, credential: FeedCredential, now: float) -> None:
        until = now + self.ttl_seconds
        if credential.expires_at is not None:
            until = min(until, credential.expires_at.timestamp())
        self._credentials[digest] = (credential, until)
        self._credentials.move_to_end(digest)
        while len(self._credentials) > self.max_entries:
            self._credentials.popitem(last=False)
