"""The outbox relay: publishes stored events to Kafka, in order, and marks them sent.

A row is marked sent only after the broker acknowledged it (``acks=all``, idempotent producer).
A crash (or a broker lost) between publishing and marking leaves rows that are on the topic but
unmarked: before sending with a new producer, the relay reads the end of the topics
(``topic_tail``) and marks the rows it finds there instead of sending them again, so each event
is on its topic once. Consumers still dedupe on the stable id, as at-least-once delivery asks.
Rows go out in store order, and Kafka keeps per-partition order, so events with the same key
arrive in the order they were stored.

An event the broker can never take (larger than any topic accepts, say) is not retried: it is
set aside as a dead letter, its outbox row removed in the same transaction, and the events after
it go out as usual. ``storyline dead-letters replay`` puts it back in the outbox once the cause
is fixed; it then goes out after the events that passed it on the topic. A broker that is away
is retried, with backoff, for as long as it takes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_ingest import observability
from storyline_ingest.outbox.event_store import StoredEvent, stored_event_from_row
from storyline_ingest.outbox.topic_tail import TopicTail
from storyline_ingest.storage.tables import event_store, outbox
from storyline_platform import tracing
from storyline_platform.kafka_clients import producer_options
from storyline_platform.leader_lock import LeaderLock
from storyline_platform.outage_log import OutageLog
from storyline_platform.stage_dead_letters import forget_letters, record_letter
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
        bootstrap_servers=bootstrap_servers, **producer_options(linger_ms=5)
    )
    return producer


def never_deliverable(error: BaseException) -> bool:
    """Whether the broker refused this one record for what it is (it would refuse it again)."""
    from aiokafka.errors import (
        CorruptRecordException,
        InvalidTimestampError,
        MessageSizeTooLargeError,
        RecordListTooLargeError,
        UnsupportedForMessageFormatError,
    )

    return isinstance(
        error,
        MessageSizeTooLargeError
        | RecordListTooLargeError
        | CorruptRecordException
        | InvalidTimestampError
        | UnsupportedForMessageFormatError,
    )


@dataclass
class PublishOutcome:
    """What one attempt at a batch came to, in store order."""

    acknowledged: list[int] = field(default_factory=list)  # positions the broker has
    set_aside: list[tuple[StoredEvent, str]] = field(default_factory=list)  # with the reason
    failed: BaseException | None = None  # what stopped the batch early, if anything

    @property
    def handled(self) -> int:
        return len(self.acknowledged) + len(self.set_aside)


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
) -> PublishOutcome:
    """Send ``events``; the outcome names an unbroken prefix of them as handled.

    Stopping at the first failure that may pass (the broker away) keeps order: a later event is
    never marked sent while an earlier one is still waiting to go out. A record the broker can
    never take does not stop the batch; it is set aside.
    """
    outcome = PublishOutcome()
    deliveries: list[Awaitable[Any] | BaseException] = []
    for event in events:
        try:
            deliveries.append(
                await producer.send(
                    topic_prefix + event.topic,
                    value=event.payload,
                    key=event.key,
                    headers=tracing.publish_headers(event.headers, event.topic, event.event_id),
                )
            )
        except Exception as refused:  # the producer checks a record's size before sending
            if not never_deliverable(refused):
                raise
            deliveries.append(refused)
    results = await asyncio.gather(
        *(_outcome_of(delivery) for delivery in deliveries), return_exceptions=True
    )
    for event, result in zip(events, results, strict=True):
        if not isinstance(result, BaseException):
            outcome.acknowledged.append(event.position)
        elif never_deliverable(result):
            outcome.set_aside.append((event, f"{type(result).__name__}: {result}"))
        else:
            outcome.failed = result
            break
    return outcome


async def _outcome_of(delivery: Awaitable[Any] | BaseException) -> Any:
    if isinstance(delivery, BaseException):
        raise delivery
    return await delivery


async def mark_sent(engine: AsyncEngine, positions: Sequence[int]) -> None:
    async with engine.begin() as connection:
        await _mark_sent(connection, positions)


async def record_outcome(engine: AsyncEngine, outcome: PublishOutcome) -> None:
    """Mark what was sent and set aside what never can be, in one transaction."""
    if not outcome.handled:
        return
    async with engine.begin() as connection:
        await _mark_sent(connection, outcome.acknowledged)
        for event, reason in outcome.set_aside:
            await record_letter(connection, "relay", event.event_id, reason)
            await connection.execute(delete(outbox).where(outbox.c.position == event.position))
    for event, reason in outcome.set_aside:
        log.error(
            "event set aside: the broker cannot take it",
            extra={"event_id": event.event_id, "topic": event.topic, "error": reason},
        )


async def _mark_sent(connection: AsyncConnection, positions: Sequence[int]) -> None:
    if positions:
        await connection.execute(
            update(outbox)
            .where(outbox.c.position.in_(positions), outbox.c.sent_at.is_(None))
            .values(sent_at=datetime.now(UTC))
        )


class EventsNotAcknowledged(RuntimeError):
    """Part of a batch did not reach the broker; what did is marked, the rest is retried."""


class OutboxRelay:
    """Loops: read unsent rows, publish, mark; survives a broker outage by retrying."""

    def __init__(
        self,
        engine: AsyncEngine,
        producer_factory: Callable[[], Producer],
        batch_size: int = 500,
        poll_seconds: float = 0.2,
        topic_prefix: str = "",
        topic_tail: TopicTail | None = None,
    ) -> None:
        """``topic_tail`` None: a new producer does not look for rows already on the topic (a
        crash between publishing and marking then publishes them twice)."""
        self._engine = engine
        self._topic_prefix = topic_prefix
        self._topic_tail = topic_tail
        self._producer_factory = producer_factory
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._producer: Producer | None = None
        # Checked once per producer: what an earlier one sent is known to this one's acks.
        self._tail_checked = False
        self._outage = OutageLog(log, "broker or database")
        self._outbox_gauges = observability.OutboxGauges(engine)

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
                self._outage.recovered()
                backoff = self._poll_seconds
            except Exception as error:
                # Broker or database unavailable: keep the rows, back off, try again.
                self._outage.failed(error)
                await self._drop_producer()
                sent = 0
                backoff = min(backoff * 2, 5.0)
            if sent < self._batch_size:
                await sleep_unless_stopped(stop, backoff)

    async def relay_once(self) -> int:
        """Publish one batch; returns how many rows it handled (sent, or set aside)."""
        await self._outbox_gauges.sample()
        batch = await pending(self._engine, self._batch_size)
        if not batch:
            return 0
        if not self._tail_checked and self._topic_tail is not None:
            found = await self._mark_those_on_the_topic(self._topic_tail)
            self._tail_checked = True
            if found:
                return found
        producer = await self._ensure_producer()
        started = time.perf_counter()
        outcome = await publish(producer, batch, self._topic_prefix)
        await record_outcome(self._engine, outcome)
        observability.observe_publish(started, batch, outcome.acknowledged, len(outcome.set_aside))
        if outcome.failed is not None:
            raise EventsNotAcknowledged(
                f"{len(batch) - outcome.handled} events not acknowledged: {outcome.failed!r}"
            ) from outcome.failed
        return outcome.handled

    async def _mark_those_on_the_topic(self, tail: TopicTail) -> int:
        """Mark sent the pending rows already on their topic; returns how many.

        The rows a previous producer may have left there unmarked are among the first pending
        ones: two batches' worth are checked, as a row committed late can take a place among
        them. Each partition holds at most one batch of them, at its end."""
        candidates = await pending(self._engine, 2 * self._batch_size)
        topics = sorted({self._topic_prefix + event.topic for event in candidates})
        on_topic = await tail.recent_ids(topics, self._batch_size)
        found = [event.position for event in candidates if event.event_id in on_topic]
        if found:
            await mark_sent(self._engine, found)
            log.warning(
                "events already on the topic marked sent without sending them again",
                extra={"events": len(found)},
            )
        return len(found)

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
        self._tail_checked = False
        if self._producer is not None:
            producer, self._producer = self._producer, None
            try:
                await producer.stop()
            except Exception:
                log.debug("producer did not stop cleanly", exc_info=True)


async def requeue(connection: AsyncConnection, event_ids: Sequence[str]) -> list[str]:
    """Put set-aside events back in the outbox (after the fix); returns the ids requeued.

    They go out with the relay's next batch, so a consumer may see one after later events of its
    key: it dedupes by id as always, and orders by the event's own time where that matters.
    """
    if not event_ids:
        return []
    rows = await connection.execute(
        select(event_store.c.event_id, event_store.c.position).where(
            event_store.c.event_id.in_(list(event_ids))
        )
    )
    found = {row.event_id: row.position for row in rows}
    queued = set(
        (
            await connection.execute(
                select(outbox.c.position).where(outbox.c.position.in_(list(found.values())))
            )
        ).scalars()
    )
    missing = [position for position in found.values() if position not in queued]
    if missing:
        await connection.execute(
            outbox.insert(), [{"position": position, "sent_at": None} for position in missing]
        )
    await forget_letters(connection, "relay", list(found))
    return list(found)
