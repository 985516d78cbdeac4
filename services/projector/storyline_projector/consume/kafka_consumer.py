"""Production mode: the projector as an aiokafka consumer group.

Offsets live in the read-model database, written in the same transaction as the changes they
caused; on every partition assignment the consumer seeks to them. Kafka's own committed offsets
are updated too, after the database commit, but only so that lag can be monitored.

Heartbeats: aiokafka sends them from a background task on this event loop, so nothing here may
hold the loop for long. Database work is async (asyncpg), a batch is bounded (``batch_size``
records, a few hundred milliseconds of work), and decoding one batch takes milliseconds. The
timeouts follow from that: ``session_timeout_ms`` 10 s (a crashed instance's partitions move to
the others within 10 s; heartbeats every 3 s leave room for two lost ones), and
``max_poll_interval_ms`` 300 s between two ``getmany`` calls, far above the worst batch (every
event of a batch failing its retries: about 0.15 s each), so a slow batch is never mistaken for a
dead consumer.

Shutdown (SIGTERM sets ``stop``): the batch in progress finishes and commits, then the consumer
leaves the group, so its partitions are reassigned at once instead of after the session timeout.

A batch may still be on its way to the database when the next is fetched (``apply_behind``): it
lands before the partitions are revoked, before the consumer stops, and when a poll brings
nothing new; if the next batch fails, both are fetched again (the database's positions say
which of their messages are already applied).

Kafka's committed offsets only feed lag monitoring, so they are sent at most once per
``KAFKA_COMMIT_INTERVAL`` (and when partitions are revoked or the projector stops), not after
every batch: with a trickle of news every batch holds one event, and a commit request per batch
was a round trip to the broker and a good part of the projector's CPU per event.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import IllegalStateError, KafkaError
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts.topics import ALL_TOPICS
from storyline_platform.failures import is_transient
from storyline_platform.kafka_clients import consumer_options as kafka_consumer_options
from storyline_platform.kafka_topics import ensure_topics
from storyline_platform.outage_log import OutageLog
from storyline_platform.stage_metrics import ConsumerLag
from storyline_platform.stopping import sleep_unless_stopped
from storyline_projector import observability
from storyline_projector.consume.dead_letter_topic import DeadLetterTopic
from storyline_projector.consume.delivery import kafka_messages
from storyline_projector.consume.message_pipeline import MessagePipeline
from storyline_projector.consume.projection import load_positions
from storyline_projector.read_models.generations import begin_generation
from storyline_projector.read_models.story_states import DEFAULT_CAPACITY

log = logging.getLogger(__name__)

SESSION_TIMEOUT_MS = 10_000
HEARTBEAT_INTERVAL_MS = 3_000
MAX_POLL_INTERVAL_MS = 300_000
MAX_RETRY_SECONDS = 5.0
KAFKA_COMMIT_INTERVAL = 1.0  # seconds between two commits of offsets to Kafka (lag figures)


class SeekToStoredPositions(ConsumerRebalanceListener):  # type: ignore[misc]
    """On assignment, continue each partition from the position the live read models recorded,
    and tell the pipeline those positions (its first batches need not read them). On revocation,
    drop the stories held in memory: another instance may write them now."""

    def __init__(
        self,
        consumer: AIOKafkaConsumer,
        read_models: AsyncEngine,
        pipeline: MessagePipeline,
        offsets: KafkaOffsets,
    ) -> None:
        self._consumer = consumer
        self._read_models = read_models
        self._pipeline = pipeline
        self._offsets = offsets

    async def on_partitions_revoked(self, revoked: Sequence[TopicPartition]) -> None:
        # The batch still being written lands before the partitions go; only the lag figures
        # wait. Should it fail, nothing of it was written, and the new owner applies it.
        try:
            await self._pipeline.flush()
        except Exception:
            log.warning("the last batch was not written before the partitions moved", exc_info=True)
        await self._offsets.commit(self._consumer)
        self._pipeline.forget_stories()
        log.info("partitions revoked", extra={"partitions": [str(tp) for tp in revoked]})

    async def on_partitions_assigned(self, assigned: Sequence[TopicPartition]) -> None:
        async with begin_generation(self._read_models) as connection:
            positions = await load_positions(
                connection, ((tp.topic, tp.partition) for tp in assigned)
            )
        for tp in assigned:
            # No stored position: offset 0, the log's start (an offset retention has already
            # dropped is reset to the earliest kept, ``auto_offset_reset``). ``seek_to_beginning``
            # would look the start up later, after a first fetch from it may have been returned,
            # and that batch would be fetched and decoded twice.
            self._consumer.seek(tp, positions.get((tp.topic, tp.partition), 0))
        # No stored position counts as 0, as when a batch reads it.
        partitions = [(tp.topic, tp.partition) for tp in assigned]
        self._pipeline.know_positions({key: positions.get(key, 0) for key in partitions})
        log.info(
            "partitions assigned",
            extra={
                "positions": {
                    f"{tp.topic}/{tp.partition}": positions.get((tp.topic, tp.partition))
                    for tp in assigned
                }
            },
        )


class KafkaOffsets:
    """Offsets applied since the last commit to Kafka, committed at most once per ``interval``:
    they only feed lag figures (the database holds the positions that count)."""

    def __init__(self, interval: float = KAFKA_COMMIT_INTERVAL) -> None:
        self._interval = interval
        self._pending: dict[TopicPartition, int] = {}
        self._next = 0.0

    def applied(self, batch: dict[TopicPartition, list[Any]]) -> None:
        for tp, records in batch.items():
            self._pending[tp] = records[-1].offset + 1

    async def commit_if_due(self, consumer: AIOKafkaConsumer) -> None:
        if self._pending and time.monotonic() >= self._next:
            await self.commit(consumer)

    async def commit(self, consumer: AIOKafkaConsumer) -> None:
        pending, self._pending = self._pending, {}
        self._next = time.monotonic() + self._interval
        if not pending:
            return
        try:
            await consumer.commit(pending)
        except Exception:  # the database holds the truth; a failed commit only delays lag figures
            log.warning("offset commit to Kafka failed", exc_info=True)


class KafkaProjector:
    def __init__(
        self,
        bootstrap_servers: str,
        read_models: AsyncEngine,
        group_id: str = "storyline-projector",
        topics: Sequence[str] = ALL_TOPICS,
        batch_size: int = 500,
        topic_prefix: str = "",
        stories_held: int = DEFAULT_CAPACITY,
        **consumer_options: Any,
    ) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._read_models = read_models
        self._topics = list(topics)
        self._batch_size = batch_size
        self._dead_letter_topic = DeadLetterTopic(bootstrap_servers, topic_prefix)
        self._pipeline = MessagePipeline(
            read_models, dead_letter_topic=self._dead_letter_topic, stories_held=stories_held
        )
        options = kafka_consumer_options(
            session_timeout_ms=SESSION_TIMEOUT_MS,
            heartbeat_interval_ms=HEARTBEAT_INTERVAL_MS,
            max_poll_interval_ms=MAX_POLL_INTERVAL_MS,
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
        self._consumer = AIOKafkaConsumer(**self._consumer_arguments)
        self._retry_seconds = 0.0
        self._outage = OutageLog(log, "database or broker")
        self._lag = ConsumerLag(group_id)
        self._offsets = KafkaOffsets()
        # The batch the pipeline may still be writing (``apply_behind``): fetched again with the
        # next one should that one fail.
        self._behind: dict[TopicPartition, list[Any]] = {}

    async def run(self, stop: asyncio.Event) -> None:
        if not await self._start(stop):
            return
        consumer = self._consumer
        try:
            while not stop.is_set():
                with observability.waiting(self._pipeline.waited, "broker"):
                    batch = await consumer.getmany(timeout_ms=500, max_records=self._batch_size)
                await self._lag.sample(consumer)
                # Nothing new: the batch still being written is settled (a refused one is
                # applied the usual way now rather than with the next batch).
                applied = await self._apply(batch) if batch else await self._settle()
                if not applied:
                    await sleep_unless_stopped(stop, self._retry_seconds)
                await self._offsets.commit_if_due(consumer)
        finally:
            try:
                await self._pipeline.flush()  # the last batch lands before the group is left
            except Exception:
                log.warning("the last batch was not written; it is applied again", exc_info=True)
            await self._offsets.commit(consumer)
            await consumer.stop()  # leaves the group
            await self._pipeline.close()

    async def _start(self, stop: asyncio.Event) -> bool:
        """Join the group, waiting as long as the cluster is away (a projector started during
        an outage just waits); False if asked to stop first."""
        backoff = 0.5
        starting = OutageLog(log, "Kafka broker")
        while not stop.is_set():
            consumer = self._consumer
            try:
                await ensure_topics(
                    self._bootstrap_servers, [self._dead_letter_topic.topic], attempts=1
                )
                consumer.subscribe(
                    self._topics,
                    listener=SeekToStoredPositions(
                        consumer, self._read_models, self._pipeline, self._offsets
                    ),
                )
                await consumer.start()
            except KafkaError as error:
                starting.failed(error)
                await consumer.stop()
                self._consumer = AIOKafkaConsumer(**self._consumer_arguments)
                await sleep_unless_stopped(stop, backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            starting.recovered()
            return True
        return False

    @property
    def batch_paths(self) -> Counter[str]:
        """The live batches applied so far by each path (see ``MessagePipeline.paths``)."""
        return self._pipeline.paths

    @property
    def waited(self) -> dict[str, float]:
        """Seconds spent idle so far: on the database (a batch written behind, still in flight
        when the next was ready) and on the broker (a fetch returning no records yet)."""
        return self._pipeline.waited

    async def _apply(self, batch: dict[TopicPartition, list[Any]]) -> bool:
        try:
            await self._pipeline.apply_behind(kafka_messages(batch))
        except Exception as error:
            # Database or broker trouble: nothing of the batch, nor of the one still being
            # written before it, was committed. Fetch both again.
            self._failed(error, batch)
            return False
        self._recovered()
        self._offsets.applied(batch)
        self._behind = batch
        return True

    async def _settle(self) -> bool:
        if not self._behind:
            return True
        try:
            await self._pipeline.flush()
        except Exception as error:
            self._failed(error, {})
            return False
        self._recovered()
        self._behind = {}
        return True

    def _failed(self, error: Exception, batch: dict[TopicPartition, list[Any]]) -> None:
        if is_transient(error):
            self._outage.failed(error)
        else:
            log.exception("batch failed; it will be fetched and applied again")
        self._rewind(batch)
        self._rewind(self._behind)  # after: each partition goes back to the earlier offset
        self._behind = {}
        self._retry_seconds = min(max(self._retry_seconds * 2, 0.2), MAX_RETRY_SECONDS)

    def _recovered(self) -> None:
        self._outage.recovered()
        self._retry_seconds = 0.0
        self._outage = OutageLog(log, "database or broker")

    def _rewind(self, batch: dict[TopicPartition, list[Any]]) -> None:
        for tp, records in batch.items():
            # A partition no longer ours is skipped: its new owner starts from the stored position.
            with contextlib.suppress(IllegalStateError):
                self._consumer.seek(tp, records[0].offset)
