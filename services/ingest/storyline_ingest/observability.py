"""The ingest service's Prometheus metrics: what the API accepted and refused, the outbox, the
relay's publishing, and extraction.

The loops call these with one line each; the shared ones (HTTP requests, dead letters, consumer
lag) are in ``storyline_platform.stage_metrics``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest.storage.tables import event_store, outbox
from storyline_platform.stage_metrics import LATENCY_BUCKETS, count_dead_letters

REJECTIONS = Counter(
    "storyline_ingest_rejections",
    "Requests (and batch items) the ingest API refused, by the error code it answered with.",
    ["reason"],
)
ARTICLES = Counter(
    "storyline_ingest_articles",
    "Articles the ingest API stored or recognised, by outcome (created, revised, withdrawn, "
    "duplicate, stale).",
    ["outcome"],
)
OUTBOX_DEPTH = Gauge("storyline_outbox_depth", "Events stored but not yet published to Kafka.")
OUTBOX_OLDEST_AGE = Gauge(
    "storyline_outbox_oldest_age_seconds",
    "Age of the oldest event waiting in the outbox (0 when it is empty).",
)
PUBLISH_DURATION = Histogram(
    "storyline_relay_publish_duration_seconds",
    "Time to publish one batch of outbox events until the broker acknowledged all of it.",
    buckets=LATENCY_BUCKETS,
)
PUBLISHED = Counter(
    "storyline_relay_events_published", "Events the broker acknowledged, by topic.", ["topic"]
)
EXTRACTED_ARTICLES = Counter(
    "storyline_extraction_articles",
    "Article versions extraction ran on, by outcome (extracted, failed).",
    ["outcome"],
)
EXTRACTED_EVENTS = Counter(
    "storyline_extraction_events", "Events extraction found in articles, by type.", ["type"]
)
EXTRACTION_DURATION = Histogram(
    "storyline_extraction_duration_seconds",
    "Extraction time per article (a batch's time shared among its articles).",
    buckets=LATENCY_BUCKETS,
)


def count_answer(status_code: int, body: Mapping[str, Any]) -> None:
    """An accepted article's outcome, or a batch's refused items by their error code."""
    outcome = body.get("outcome")
    if outcome is not None:
        ARTICLES.labels(outcome).inc()
    for item in body.get("items", ()):
        error = item.get("error")
        if error is not None:
            REJECTIONS.labels(error["code"]).inc()
        elif item.get("outcome") is not None:
            ARTICLES.labels(item["outcome"]).inc()


def count_rejection(code: str) -> None:
    REJECTIONS.labels(code).inc()


def observe_publish(
    started: float, batch: Sequence[Any], acknowledged: Sequence[int], set_aside: int
) -> None:
    """A batch was published: ``started`` is its ``time.perf_counter()`` before sending;
    ``acknowledged`` the positions the broker has, ``set_aside`` how many became letters."""
    PUBLISH_DURATION.observe(time.perf_counter() - started)
    sent = set(acknowledged)
    for event in batch:
        if event.position in sent:
            PUBLISHED.labels(event.topic).inc()
    count_dead_letters("relay", set_aside)


def observe_extraction(outcomes: Sequence[Any], seconds: float) -> None:
    """A batch of articles went through extraction in ``seconds``."""
    if not outcomes:
        return
    share = seconds / len(outcomes)
    for outcome in outcomes:
        EXTRACTION_DURATION.observe(share)
        events = getattr(outcome, "events", None)
        if events is None:
            EXTRACTED_ARTICLES.labels("failed").inc()
            continue
        EXTRACTED_ARTICLES.labels("extracted").inc()
        for event in events:
            EXTRACTED_EVENTS.labels(event.kind).inc()


_PENDING = (
    select(func.count(), func.min(event_store.c.recorded_at))
    .select_from(outbox.join(event_store, outbox.c.position == event_store.c.position))
    .where(outbox.c.sent_at.is_(None))
)


class OutboxGauges:
    """Samples the outbox's depth and oldest age, at most once per ``interval`` seconds (the
    count reads a partial index of the unsent rows only)."""

    def __init__(self, engine: AsyncEngine, interval: float = 2.0) -> None:
        self._engine = engine
        self._interval = interval
        self._next = 0.0

    async def sample(self) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self._interval
        async with self._engine.connect() as connection:
            depth, oldest = (await connection.execute(_PENDING)).one()
        OUTBOX_DEPTH.set(depth)
        if oldest is None:
            OUTBOX_OLDEST_AGE.set(0)
            return
        if oldest.tzinfo is None:  # SQLite hands back naive UTC
            oldest = oldest.replace(tzinfo=UTC)
        OUTBOX_OLDEST_AGE.set(max((datetime.now(UTC) - oldest).total_seconds(), 0.0))
