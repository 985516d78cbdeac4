"""End offsets of the projector's topics, for consumer lag on the ops page.

Fetched with a short timeout: the ops page must answer even when the broker does not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from storyline_projector.consume.delivery import PartitionKey


async def end_offsets(
    bootstrap_servers: str, topics: Sequence[str], timeout_seconds: float
) -> dict[PartitionKey, int]:
    """The next offset to be written on every partition of ``topics``."""
    # Subscribed without a group: start() then waits for these topics' metadata, which is what
    # partitions_for_topic reads. Nothing is committed and the consumer is stopped at once.
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        request_timeout_ms=int(timeout_seconds * 1000) + 1000,
    )

    async def fetch() -> dict[PartitionKey, int]:
        await consumer.start()
        partitions = [
            TopicPartition(topic, partition)
            for topic in topics
            for partition in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        offsets = await consumer.end_offsets(partitions) if partitions else {}
        return {(tp.topic, tp.partition): int(offset) for tp, offset in offsets.items()}

    try:
        return await asyncio.wait_for(fetch(), timeout_seconds)
    finally:
        await consumer.stop()
