"""The outbox relay: publishes stored events to Kafka, in order, and marks them sent.

A row is marked sent only after the broker acknowledged it (``acks=all``, idempotent producer),
so a crash between publishing and marking re-sends at most the unmarked tail: consumers see
each event at least once and dedupe on its stable id. Rows go out in store order, and Kafka keeps
per-partition order, so events with the same key arrive in the order they were stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest.event_store import StoredEvent, stored_event_from_row
from storyline_ingest.tables import event_store, outbox
from storyline_platform.leader_lock import LeaderLock
from storyline_platform.stopping import sleep_unless_stopped

log = logging.getLogger(__name__)


class Producer(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def send(
        self, topic: str, value: bytes, key: bytes, headers: list[tuple[str, bytes]]
    ) -> Awaitable[Any]: ...


def kafka_producer(bootstrap_servers: str) -> Producer:
    from aiokafka import AIOKafkaProducer

    producer: Producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        enable_idempotence=True,  # aiokafka's default is off: broker-side dedupe of retries
        acks="all",
        linger_ms=5,
        request_timeout_ms=15000,
    )
    return producer


async def pending(engine: AsyncEngine, limit: int) -> list[StoredEvent]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(event_store)
            .join(outbox, outbox.c.position == event_store.c.position)
            .where(outbox.c.sent_at.is_(None))
            .order_by(outbox.c.position)
            .limit(limit)
        )
        return [stored_event_from_row(row) for row in rows.mappings()]


async def publish(
    producer: Producer, events: Sequence[StoredEvent], topic_prefix: str = ""
) -> list[int]:
    """Send ``events`` and return the positions the broker acknowledged, as an unbroken prefix.

    Stopping at the first failure keeps order: a later event is never marked sent while an
    earlier one is still waiting to go out.
    """
    deliveries = [
        await producer.send(
            topic_prefix + event.topic,
            value=event.payload,
            key=event.key,
            headers=list(event.headers),
        )
        for event in events
    ]
    results = await asyncio.gather(*deliveries, return_exceptions=True)
    acknowledged = []
    for event, result in zip(events, results, strict=True):
        if isinstance(result, BaseException):
            log.warning("publish failed", extra={"event_id": event.event_id, "error": repr(result)})
            break
        acknowledged.append(event.position)
    return acknowledged


async def mark_sent(engine: AsyncEngine, positions: Sequence[int]) -> None:
    if not positions:
        return
    async with engine.begin() as connection:
        await connection.execute(
            update(outbox)
            .where(outbox.c.position.in_(positions), outbox.c.sent_at.is_(None))
            .values(sent_at=datetime.now(UTC))
        )


class OutboxRelay:
    """Loops: read unsent rows, publish, mark; survives a broker outage by retrying."""

    def __init__(
        self,
        engine: AsyncEngine,
        producer_factory: Callable[[], Producer],
        batch_size: int = 500,
        poll_seconds: float = 0.2,
        topic_prefix: str = "",
    ) -> None:
        self._engine = engine
        self._topic_prefix = topic_prefix
        self._producer_factory = producer_factory
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._producer: Producer | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until ``stop`` is set; only the instance holding the leader lock publishes."""
        leadership = LeaderLock(self._engine, "storyline.outbox-relay")
        try:
            while not stop.is_set():
                if not await leadership.acquire(stop):
                    return
                await self._relay_while_leading(stop, leadership)
        finally:
            await self._drop_producer()
            await leadership.release()

    async def _relay_while_leading(self, stop: asyncio.Event, leadership: LeaderLock) -> None:
        backoff = self._poll_seconds
        while not stop.is_set() and await leadership.still_held():
            try:
                sent = await self.relay_once()
                backoff = self._poll_seconds
            except Exception:
                # Broker or database unavailable: keep the rows, back off, try again.
                log.exception("outbox relay failed; retrying")
                await self._drop_producer()
                sent = 0
                backoff = min(backoff * 2, 5.0)
            if sent < self._batch_size:
                await sleep_unless_stopped(stop, backoff)

    async def relay_once(self) -> int:
        """Publish one batch; returns how many rows were marked sent."""
        batch = await pending(self._engine, self._batch_size)
        if not batch:
            return 0
        producer = await self._ensure_producer()
        acknowledged = await publish(producer, batch, self._topic_prefix)
        await mark_sent(self._engine, acknowledged)
        if len(acknowledged) < len(batch):
            raise RuntimeError(f"{len(batch) - len(acknowledged)} events not acknowledged")
        return len(acknowledged)

    async def _ensure_producer(self) -> Producer:
        if self._producer is None:
            producer = self._producer_factory()
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def _drop_producer(self) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            try:
                await producer.stop()
            except Exception:
                log.warning("producer did not stop cleanly", exc_info=True)
