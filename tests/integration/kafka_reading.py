"""Read back what reached a topic, for assertions: every message up to the end offsets."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient


@dataclass(frozen=True)
class Received:
    topic: str
    partition: int
    offset: int
    key: bytes
    event_id: str
    event_type: str


async def read_all(servers: str, topics: list[str], seconds: float = 60.0) -> list[Received]:
    """Everything on ``topics`` right now, in partition order."""
    consumer = AIOKafkaConsumer(bootstrap_servers=servers, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await partitions_of(servers, topics)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        received: list[Received] = []
        deadline = asyncio.get_running_loop().time() + seconds
        while not await _at_end(consumer, ends):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("topic not read to its end in time")
            batch = await consumer.getmany(timeout_ms=500)
            for tp, records in batch.items():
                for record in records:
                    headers = {name: value.decode() for name, value in record.headers}
                    received.append(
                        Received(
                            tp.topic,
                            tp.partition,
                            record.offset,
                            record.key,
                            headers["ce_id"],
                            headers["ce_type"],
                        )
                    )
        return received
    finally:
        await consumer.stop()


async def _at_end(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    for partition, end in ends.items():
        if await consumer.position(partition) < end:
            return False
    return True


async def partitions_of(servers: str, topics: list[str]) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=servers)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
    finally:
        await admin.close()
    return [
        TopicPartition(topic["topic"], partition["partition"])
        for topic in described
        for partition in topic["partitions"]
    ]
