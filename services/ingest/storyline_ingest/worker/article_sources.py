"""Where the extraction worker reads article events from.

Production: a Kafka consumer group on the articles topic, so adding workers (up to the partition
count) adds throughput; offsets are committed after the worker's transaction, and the worker is
idempotent, so a crash in between only causes a harmless redelivery.
Embedded: a follower of the event store, keeping its position in ``ingest_follower_positions``.

Both hand the worker whole batches and move on once the worker is done with them: the worker sets
aside any article it cannot process, so a batch is retried only while the database is away
(logged once per outage). A message that cannot even be decoded is set aside by where it was.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts import Event, decode
from storyline_contracts.cloudevents_codec import DecodeError
from storyline_contracts.topics import ARTICLES_TOPIC
from storyline_ingest.outbox.event_store import StoredEvent, stored_event_from_row
from storyline_ingest.storage.tables import event_store, follower_positions
from storyline_ingest.worker.extraction_worker import ExtractionWorker
from storyline_platform.failures import is_transient
from storyline_platform.kafka_clients import consumer_options as kafka_consumer_options
from storyline_platform.outage_log import OutageLog
from storyline_platform.stage_metrics import ConsumerLag
from storyline_platform.stopping import sleep_unless_stopped

log = logging.getLogger(__name__)

FOLLOWER = "extraction-worker"


class StoreArticleFollower:
    """Embedded mode: feed the worker every article event stored after its position."""

    def __init__(self, engine: AsyncEngine, worker: ExtractionWorker, batch_size: int = 50) -> None:
        self._engine = engine
        self._worker = worker
        self._batch_size = batch_size

    async def run(self, stop: asyncio.Event, poll_seconds: float = 0.2) -> None:
        outage = OutageLog(log, "database")
        backoff = poll_seconds
        while not stop.is_set():
            try:
                handled = await self.catch_up_once()
                outage.recovered()
                backoff = poll_seconds
            except Exception as error:
                if not is_transient(error):
                    log.exception("extraction follower failed on a batch; retrying")
                else:
                    outage.failed(error)
                handled = 0
                backoff = min(backoff * 2, 10.0)
            if handled == 0:
                await sleep_unless_stopped(stop, backoff)

    async def catch_up(self) -> int:
        total = 0
        while (handled := await self.catch_up_once()) > 0:
            total += handled
        return total

    async def catch_up_once(self) -> int:
        batch = await self._next_batch()
        if not batch:
            return 0
        events = []
        for stored in batch:
            try:
                events.append(decode(stored.headers, stored.payload))
            except DecodeError as error:
                await self._worker.set_aside(stored.event_id, f"undecodable: {error}")
        await self._worker.handle_batch(events, {s.event_id: s.headers for s in batch})
        await self._save_position(batch[-1].position)
        return len(batch)

    async def _next_batch(self) -> list[StoredEvent]:
        async with self._engine.connect() as connection:
            position = (
                await connection.execute(
                    select(follower_positions.c.position).where(
                        follower_positions.c.follower == FOLLOWER
                    )
                )
            ).scalar() or 0
            rows = await connection.execute(
                select(event_store)
                .where(event_store.c.position > position, event_store.c.topic == ARTICLES_TOPIC)
                .order_by(event_store.c.position)
                .limit(self._batch_size)
            )
            return [stored_event_from_row(row) for row in rows.mappings()]

    async def _save_position(self, position: int) -> None:
        async with self._engine.begin() as connection:
            statement = follower_positions.update().where(follower_positions.c.follower == FOLLOWER)
            result = await connection.execute(statement.values(position=position))
            if result.rowcount == 0:
                await connection.execute(
                    follower_positions.insert().values(follower=FOLLOWER, position=position)
                )


class KafkaArticleConsumer:
    """Production mode: one member of the extraction worker consumer group."""

    def __init__(
        self,
        bootstrap_servers: str,
        worker: ExtractionWorker,
        group_id: str = "storyline-extraction",
        topic_prefix: str = "",
        **consumer_options: Any,
    ) -> None:
        self._worker = worker
        self._outage = OutageLog(log, "database")
        self._broker_outage = OutageLog(log, "Kafka broker")
        self._lag = ConsumerLag(group_id)
        # Extraction of a long article can take seconds; the batch stays small so that the
        # time between polls stays below max_poll_interval_ms even when every article of a
        # batch needs its full timeout (see extraction_runner): 20 x 10 s + 60 s.
        options = kafka_consumer_options(
            max_poll_records=20,
            max_poll_interval_ms=600_000,
            metadata_max_age_ms=5000,
            **consumer_options,
        )
        self._consumer_arguments: dict[str, Any] = {
            "bootstrap_servers": bootstrap_servers,
            "group_id": group_id,
            "enable_auto_commit": False,
            "auto_offset_reset": "earliest",
            **options,
        }
        self._topic = topic_prefix + ARTICLES_TOPIC

    async def run(self, stop: asyncio.Event) -> None:
        consumer = await self._started_consumer(stop)
        if consumer is None:
            return
        try:
            while not stop.is_set():
                batch = await consumer.getmany(timeout_ms=500)
                await self._lag.sample(consumer)
                if not batch:
                    continue
                records = [record for records in batch.values() for record in records]
                if not await self._handle_until_done(records, stop):
                    return  # stopping: the uncommitted batch is redelivered, harmlessly
                await self._commit(
                    consumer, {tp: records[-1].offset + 1 for tp, records in batch.items()}
                )
        finally:
            await consumer.stop()

    async def _started_consumer(self, stop: asyncio.Event) -> Any:
        """A consumer that has reached the cluster, waiting for it as long as it takes; None if
        asked to stop first. A worker started while the brokers are away just waits."""
        from aiokafka import AIOKafkaConsumer
        from aiokafka.errors import KafkaError

        backoff = 0.5
        while not stop.is_set():
            consumer = AIOKafkaConsumer(self._topic, **self._consumer_arguments)
            try:
                await consumer.start()
            except KafkaError as error:
                await consumer.stop()
                self._broker_outage.failed(error)
                await sleep_unless_stopped(stop, backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            self._broker_outage.recovered()
            return consumer
        return None

    async def _commit(self, consumer: Any, offsets: dict[Any, int]) -> None:
        """Commit, or leave it to a later batch: a batch committed late (or never, if another
        worker takes the partition meanwhile) is only processed again, which changes nothing."""
        from aiokafka.errors import KafkaError

        try:
            await consumer.commit(offsets)
        except KafkaError as error:
            log.info(
                "offsets not committed; the batch may be redelivered",
                extra={"error": repr(error)},
            )

    async def _handle_until_done(self, records: list[Any], stop: asyncio.Event) -> bool:
        """Retry a batch while the database is unavailable; False if asked to stop first.

        Retrying a half-done batch is safe: articles already stored are skipped. Any error
        other than a server being away is a bug in this loop, retried the same way (the worker
        itself sets aside what it cannot process)."""
        backoff = 0.5
        while not stop.is_set():
            try:
                events, headers = await self._decoded(records)
                await self._worker.handle_batch(events, headers)
                self._outage.recovered()
                return True
            except Exception as error:
                if is_transient(error):
                    self._outage.failed(error)
                else:
                    log.exception("extraction batch failed; retrying it")
                await sleep_unless_stopped(stop, backoff)
                backoff = min(backoff * 2, 10.0)
        return False

    async def _decoded(
        self, records: list[Any]
    ) -> tuple[list[Event], dict[str, tuple[tuple[str, bytes], ...]]]:
        """The events, and each one's headers by event id (they carry its trace)."""
        events, headers = [], {}
        for record in records:
            try:
                events.append(decode(tuple(record.headers), record.value))
                headers[events[-1].event_id] = tuple(record.headers)
            except DecodeError as error:
                # Only this service writes the articles topic: this is a bug or a foreign
                # writer; the message is kept aside, named by where it was, for inspection.
                where = f"{record.topic}:{record.partition}:{record.offset}"
                await self._worker.set_aside(where, f"undecodable: {error}")
        return events, headers
