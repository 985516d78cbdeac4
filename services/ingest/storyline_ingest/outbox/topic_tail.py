"""The ids of the events at the end of each partition of the topics the relay writes.

The relay marks a row sent only after the broker acknowledged it, so a relay that dies (or loses
the broker) between the two leaves rows that are on the topic but not marked. Before it sends
again with a new producer, it reads the tail of the topics and marks the rows it finds there
instead of sending them twice (``relay.OutboxRelay``). Only the last few hundred records of each
partition can hold such rows: the relay is the topics' only writer and has at most one batch
unacknowledged when it stops.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Protocol

from storyline_platform.kafka_clients import consumer_options

ID_HEADER = "ce_id"
UNKNOWN_TOPIC = 3  # Kafka's UNKNOWN_TOPIC_OR_PARTITION


class TopicTail(Protocol):
    async def recent_ids(self, topics: Sequence[str], depth: int) -> set[str]:
        """The event ids among the last ``depth`` records of every partition of ``topics``."""
        ...


class KafkaTopicTail:
    def __init__(
        self, bootstrap_servers: str, timeout_seconds: float = 30.0, **options: Any
    ) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._timeout_seconds = timeout_seconds
        self._options = options

    async def recent_ids(self, topics: Sequence[str], depth: int) -> set[str]:
        from aiokafka import AIOKafkaConsumer, TopicPartition

        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap_servers,
            group_id=None,
            enable_auto_commit=False,
            **consumer_options(**self._options),
        )
        partitions = [
            TopicPartition(topic, number) for topic, number in await self._partitions(topics)
        ]
        if not partitions:
            return set()
        await consumer.start()
        try:
            consumer.assign(partitions)
            ends = await consumer.end_offsets(partitions)
            starts = await consumer.beginning_offsets(partitions)
            waiting = {}
            for tp in partitions:
                first = max(starts[tp], ends[tp] - depth)
                if first < ends[tp]:
                    consumer.seek(tp, first)
                    waiting[tp] = ends[tp]
            ids: set[str] = set()
            deadline = time.monotonic() + self._timeout_seconds
            while waiting:
                if time.monotonic() > deadline:  # the broker went away meanwhile: retried
                    raise TimeoutError(f"reading the end of {sorted(topics)} took too long")
                batch = await consumer.getmany(*waiting, timeout_ms=1000)
                for tp, records in batch.items():
                    for record in records:
                        ids.update(
                            value.decode()
                            for name, value in record.headers
                            if name == ID_HEADER and record.offset < waiting.get(tp, 0)
                        )
                for tp in list(waiting):
                    if await consumer.position(tp) >= waiting[tp]:
                        del waiting[tp]
            return ids
        finally:
            await consumer.stop()

    async def _partitions(self, topics: Sequence[str]) -> list[tuple[str, int]]:
        from aiokafka.admin import AIOKafkaAdminClient
        from aiokafka.errors import KafkaConnectionError

        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap_servers)
        await admin.start()
        try:
            described = await admin.describe_topics(list(topics))
        finally:
            await admin.close()
        found = []
        for topic in described:
            if topic["error_code"] == UNKNOWN_TOPIC:
                continue  # nothing was ever published to it
            if topic["error_code"] != 0:  # a leader being elected, say: try again later
                raise KafkaConnectionError(f"topic {topic['topic']}: error {topic['error_code']}")
            found += [(topic["topic"], partition["partition"]) for partition in topic["partitions"]]
        return found
