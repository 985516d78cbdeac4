"""Prometheus metrics every Storyline process shares: HTTP requests, dead letters, consumer lag.

Each process exposes the default registry, on its API's ``/metrics`` or on its health port
(``health_server``). Names follow Prometheus conventions: a ``storyline_`` prefix, base units
(seconds), ``_total`` on counters. Labels stay bounded: routes are path templates, partitions
and topics are few, dead-letter stages are three.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

# Seconds: from a fraction of a millisecond (an accepted post) to the 10 s an article may take.
LATENCY_BUCKETS = (
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
)  # fmt: skip

HTTP_REQUESTS = Counter(
    "storyline_http_requests",
    "HTTP requests answered, by API, method, route template and status code.",
    ["api", "method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "storyline_http_request_duration_seconds",
    "Time from a request's arrival to its answer; on the ingest API's POST routes this is the "
    "accept latency.",
    ["api", "method", "route"],
    buckets=LATENCY_BUCKETS,
)
DEAD_LETTERS = Counter(
    "storyline_dead_letters",
    "Inputs a stage set aside instead of stopping on them (relay, extraction, projector).",
    ["stage"],
)
CONSUMER_LAG = Gauge(
    "storyline_consumer_lag",
    "Messages on a partition not yet processed by this consumer group member.",
    ["group", "topic", "partition"],
)
READY = Gauge(
    "storyline_ready",
    "1 when the dependency answered the last readiness check, 0 when it did not.",
    ["dependency"],
)


def count_dead_letters(stage: str, letters: int = 1) -> None:
    if letters:
        DEAD_LETTERS.labels(stage).inc(letters)


class ConsumerLag:
    """Samples a consumer's lag on each partition it owns, at most once per ``interval``.

    Reads what the consumer already knows (the high watermark of its last fetch and its own
    position), so a sample costs no request to the broker.
    """

    def __init__(self, group: str, interval: float = 1.0) -> None:
        self._group = group
        self._interval = interval
        self._next = 0.0
        self._shown: set[tuple[str, int]] = set()

    async def sample(self, consumer: Any) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self._interval
        owned: set[tuple[str, int]] = set()
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            if highwater is None:
                continue
            position = await consumer.position(tp)
            CONSUMER_LAG.labels(self._group, tp.topic, str(tp.partition)).set(
                max(highwater - position, 0)
            )
            owned.add((tp.topic, tp.partition))
        self._forget(self._shown - owned)  # partitions another member now owns
        self._shown = owned

    def _forget(self, partitions: Iterable[tuple[str, int]]) -> None:
        for topic, partition in partitions:
            CONSUMER_LAG.remove(self._group, topic, str(partition))
