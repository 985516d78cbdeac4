"""The settings every Storyline Kafka client shares, so that size limits agree end to end.

A record the producer may send must be one the topic accepts and one a consumer can fetch:
all three are set from ``KAFKA_MESSAGE_LIMIT_BYTES`` in the contracts. The producer is idempotent
with ``acks=all`` (aiokafka's default is neither), so a retried send is never written twice.
"""

from __future__ import annotations

from typing import Any

from storyline_contracts.topics import KAFKA_MESSAGE_LIMIT_BYTES

PRODUCER_OPTIONS: dict[str, Any] = {
    "enable_idempotence": True,
    "acks": "all",
    "max_request_size": KAFKA_MESSAGE_LIMIT_BYTES,
    "request_timeout_ms": 15000,
}

CONSUMER_OPTIONS: dict[str, Any] = {
    # A record larger than this would make aiokafka skip it with an error: never smaller than
    # the largest record the producer may send.
    "max_partition_fetch_bytes": KAFKA_MESSAGE_LIMIT_BYTES,
}

TOPIC_CONFIG: dict[str, str] = {"max.message.bytes": str(KAFKA_MESSAGE_LIMIT_BYTES)}


def producer_options(**overrides: Any) -> dict[str, Any]:
    return {**PRODUCER_OPTIONS, **overrides}


def consumer_options(**overrides: Any) -> dict[str, Any]:
    return {**CONSUMER_OPTIONS, **overrides}
