"""How many articles a second each feed may post to one ingest process (a token bucket per feed).

A feed has its own limit (``storyline feeds set-rate``) or the service's default
(``STORYLINE_INGEST_FEED_ARTICLES_PER_SECOND``); it may post a burst of ``burst_seconds`` worth
of articles at once, and never less than one full batch. An article posted alone costs one, a
batch one per item. Beyond the limit the request is refused with 429 and ``Retry-After`` (the
seconds until it would pass) before its body is read, and nothing is stored.

The buckets live in the process: behind a load balancer spreading a feed over N ingest
processes, the feed may reach N times its limit.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from storyline_ingest.accept.errors import RateLimited
from storyline_ingest.accept.feeds import FeedCredential


@dataclass
class _Bucket:
    rate: float
    capacity: float
    tokens: float
    updated: float


class FeedRateLimits:
    def __init__(
        self,
        default_per_second: float | None,
        burst_seconds: float,
        smallest_burst: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``default_per_second`` None or 0: feeds without a limit of their own have none."""
        self._default = default_per_second or None
        self._burst_seconds = burst_seconds
        self._smallest_burst = smallest_burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def require(self, feed: FeedCredential, articles: int = 1) -> None:
        """Refuse (429) unless ``articles`` could be taken now; takes nothing."""
        self._admit(feed, articles, take=False)

    def take(self, feed: FeedCredential, articles: int = 1) -> None:
        """Take ``articles`` from the feed's allowance, or refuse (429) and take nothing."""
        self._admit(feed, articles, take=True)

    def _admit(self, feed: FeedCredential, articles: int, take: bool) -> None:
        bucket = self._bucket(feed)
        if bucket is None:
            return
        if bucket.tokens < articles:
            wait = (articles - bucket.tokens) / bucket.rate
            raise RateLimited(
                f"feed {feed.feed_id!r} may post {bucket.rate:g} articles a second; "
                f"this request needs {articles}: retry in {math.ceil(wait)} s",
                field="feed",
                retry_after=max(1, math.ceil(wait)),
            )
        if take:
            bucket.tokens -= articles

    def _bucket(self, feed: FeedCredential) -> _Bucket | None:
        rate = feed.articles_per_second or self._default
        if rate is None:
            return None
        now = self._clock()
        bucket = self._buckets.get(feed.feed_id)
        capacity = max(rate * self._burst_seconds, float(self._smallest_burst))
        if bucket is None or bucket.rate != rate:  # new, or its limit was changed
            bucket = self._buckets[feed.feed_id] = _Bucket(rate, capacity, capacity, now)
        bucket.tokens = min(bucket.capacity, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        return bucket
