"""The projector's Prometheus metrics: events applied, batch sizes and apply times, time spent
waiting on the database and the broker, rebuild progress. Dead letters and consumer lag are the
shared metrics of ``storyline_platform.stage_metrics``; the query API's requests are counted by
its middleware.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from functools import cache

from prometheus_client import Counter, Gauge, Histogram

from storyline_platform.stage_metrics import LATENCY_BUCKETS, count_dead_letters

BATCH_SIZE_BUCKETS = (1, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 5000)

EVENTS_APPLIED = Counter(
    "storyline_projector_events_applied",
    "Events applied to the read models (live, or a rebuild's new generation).",
    ["target"],
)
BATCH_SIZE = Histogram(
    "storyline_projector_batch_size",
    "Messages per batch the projector applied in one transaction.",
    ["target"],
    buckets=BATCH_SIZE_BUCKETS,
)
BATCH_DURATION = Histogram(
    "storyline_projector_batch_duration_seconds",
    "Time to apply one batch: decode, apply, record positions, commit.",
    ["target"],
    buckets=LATENCY_BUCKETS,
)
BATCH_PATHS = Counter(
    "storyline_projector_batch_paths",
    "Live batches by how they were applied: in one statement on stories held in memory, with a "
    "read first, or one event at a time after a handler failed.",
    ["path"],
)
WAITED = Counter(
    "storyline_projector_waited_seconds",
    "Time the live projector sat idle waiting: for the database to answer a batch written while "
    "the next was prepared, or for the broker to return records. A projector that mostly waits "
    "for the database is held back by it, not by its own CPU.",
    ["on"],
)
REBUILD_RUNNING = Gauge(
    "storyline_rebuild_in_progress", "1 while a rebuild is running in this process."
)
REBUILD_GENERATION = Gauge(
    "storyline_rebuild_generation", "The generation of read models the current rebuild builds."
)
REBUILD_MESSAGES = Gauge(
    "storyline_rebuild_messages",
    "Messages the current (or last) rebuild has read into its generation.",
)


def observe_batch(started: float, messages: int, applied: int, letters: int, rebuild: bool) -> None:
    """A batch committed; ``started`` is its ``time.perf_counter()`` before it began."""
    duration, size, events = _batch_metrics("rebuild" if rebuild else "live")
    duration.observe(time.perf_counter() - started)
    size.observe(messages)
    events.inc(applied)
    count_dead_letters("projector", letters)


@cache
def _batch_metrics(target: str) -> tuple[Histogram, Histogram, Counter]:
    """The labelled series of ``target``, looked up once (a lookup per batch showed in profiles
    of one-event batches)."""
    return (
        BATCH_DURATION.labels(target),
        BATCH_SIZE.labels(target),
        EVENTS_APPLIED.labels(target),
    )


def count_batch_path(path: str) -> None:
    _batch_path(path).inc()


@cache
def _batch_path(path: str) -> Counter:
    return BATCH_PATHS.labels(path)


@contextmanager
def waiting(waited: MutableMapping[str, float], on: str) -> Iterator[None]:
    """Count the idle time of the block (its wall time less this process's CPU time in it) in
    ``waited[on]`` and in the metric: the wall time alone would count as waiting the CPU that
    an await spends, such as unpacking the records a fetch returned."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        idle = max(0.0, (time.perf_counter() - wall) - (time.process_time() - cpu))
        waited[on] = waited.get(on, 0.0) + idle
        _waited(on).inc(idle)


@cache
def _waited(on: str) -> Counter:
    return WAITED.labels(on)


def rebuild_progress(generation: int, messages: int, running: bool = True) -> None:
    REBUILD_RUNNING.set(1 if running else 0)
    REBUILD_GENERATION.set(generation)
    REBUILD_MESSAGES.set(messages)
