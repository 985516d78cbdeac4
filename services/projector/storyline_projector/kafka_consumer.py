"""Production mode: the projector as an aiokafka consumer group.

Offsets live in the read-model database, written in the same transaction as the changes they
caused; on every partition assignment the consumer seeks to them. Kafka's own committed offsets
are updated too, after the database commit, but only so that lag can be monitored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts.topics import ALL_TOPICS
from storyline_projector.message_decoding import RawMessage, decode_messages, record_dead_letters
from storyline_projector.projection import apply_batch, load_positions

log = logging.getLogger(__name__)


class SeekToStoredPositions(ConsumerRebalanceListener):  # type: ignore[misc]
    """On assignment, continue each partition from the position the read models recorded."""

    def __init__(self, consumer: AIOKafkaConsumer, read_models: AsyncEngine) -> None:
        self._consumer = consumer
        self._read_models = read_models

    async def on_partitions_revoked(self, revoked: Sequence[TopicPartition]) -> None:
        # Nothing to flush: each batch commits to the database before the next poll.
        log.info("partitions revoked", extra={"partitions": [str(tp) for tp in revoked]})

    async def on_partitions_assigned(self, assigned: Sequence[TopicPartition]) -> None:
        async with self._read_models.connect() as connection:
            positions = await load_positions(
                connection, ((tp.topic, tp.partition) for tp in assigned)
            )
        for tp in assigned:
            position = positions.get((tp.topic, tp.partition))
            if position is None:
                await self._consumer.seek_to_beginning(tp)
            else:
                self._consumer.seek(tp, position)
        log.info(
            "partitions assigned",
            extra={
                "positions": {
                    f"{tp.topic}/{tp.partition}": positions.get((tp.topic, tp.partition))
                    for tp in assigned
                }
            },
        )


class KafkaProjector:
    def __init__(
        self,
        bootstrap_servers: str,
        read_models: AsyncEngine,
        group_id: str = "storyline-projector",
        topics: Sequence[str] = ALL_TOPICS,
        batch_size: int = 500,
        **consumer_options: Any,
    ) -> None:
        self._read_models = read_models
        self._topics = list(topics)
        self._batch_size = batch_size
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap_servers,
            group_id=group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            metadata_max_age_ms=5000,
            **consumer_options,
        )

    async def run(self, stop: asyncio.Event) -> None:
        consumer = self._consumer
        consumer.subscribe(
            self._topics, listener=SeekToStoredPositions(consumer, self._read_models)
        )
        await consumer.start()
        try:
            while not stop.is_set():
                batch = await consumer.getmany(timeout_ms=500, max_records=self._batch_size)
                if batch:
                    await self._apply(batch)
        finally:
            await consumer.stop()

    async def _apply(self, batch: dict[TopicPartition, list[Any]]) -> None:
        messages = [
            RawMessage(tp.topic, tp.partition, record.offset, tuple(record.headers), record.value)
            for tp, records in batch.items()
            for record in records
        ]
        deliveries, dead = decode_messages(messages)
        async with self._read_models.begin() as connection:
            await apply_batch(connection, deliveries)
            await record_dead_letters(connection, dead)
        try:
            await self._consumer.commit(
                {tp: records[-1].offset + 1 for tp, records in batch.items()}
            )
        except Exception:  # the database holds the truth; a failed commit only delays lag figures
            log.warning("offset commit to Kafka failed", exc_info=True)
