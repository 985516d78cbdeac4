"""Recently verified API keys, so that a busy feed's key is not looked up on every request.

Only keys that matched a feed are remembered, by their hash, for a short time: a key removed
from the database stops working within ``ttl_seconds``. Unknown keys are always looked up, so
guessing keys cannot fill the cache.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest.accept import feeds

DEFAULT_TTL_SECONDS = 30.0
DEFAULT_MAX_ENTRIES = 10_000


class FeedKeyCache:
    def __init__(
        self, ttl_seconds: float = DEFAULT_TTL_SECONDS, max_entries: int = DEFAULT_MAX_ENTRIES
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._feeds: OrderedDict[str, tuple[str, float]] = OrderedDict()

    async def feed_for(self, engine: AsyncEngine, api_key: str | None) -> str:
        """The feed the key belongs to; ``Unauthenticated`` when it belongs to none."""
        digest = feeds.hash_key(api_key) if api_key else None
        cached = self._feeds.get(digest) if digest else None
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        async with engine.connect() as connection:
            feed_id = await feeds.authenticate(connection, api_key)
        if digest is not None:
            self._remember(digest, feed_id)
        return feed_id

    def _remember(self, digest: str, feed_id: str) -> None:
        self._feeds[digest] = (feed_id, time.monotonic() + self.ttl_seconds)
        self._feeds.move_to_end(digest)
        while len(self._feeds) > self.max_entries:
            self._feeds.popitem(last=False)
