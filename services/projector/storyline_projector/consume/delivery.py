"""What the projector is handed: raw messages as they arrived, and the events decoded from them.

A message keeps its original key, value and headers, so that a message the projector cannot use
can be kept (and forwarded to the dead-letter topic) exactly as it was delivered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storyline_contracts import Event, encode

# (stream, partition): a Kafka topic partition, or ("event_store", 0) in embedded mode.
PartitionKey = tuple[str, int]


@dataclass(slots=True, unsafe_hash=True)
class RawMessage:
    """Not frozen, though nothing changes it once made: there is one per message, and a frozen
    dataclass's ``__init__`` costs about four times as much. Hashable by its fields, as a frozen
    one is."""

    stream: str
    partition: int
    position: int
    headers: tuple[tuple[str, bytes], ...]
    value: bytes
    key: bytes | None = None


@dataclass(slots=True)
class Delivery:
    """A decoded event and where it came from; ``message`` is the original, when known.
    ``as_published``: the event is the current version, read straight from the message's value,
    which is then the event's JSON as the publisher's codec wrote it (``encode``).

    Not frozen, though nothing changes it once made: there is one per message, and a frozen
    dataclass's ``__init__`` costs about four times as much."""

    stream: str
    partition: int
    position: int
    event: Event
    message: RawMessage | None = None
    as_published: bool = False

    def raw(self) -> RawMessage:
        """The message as delivered (re-encoded only when the source did not keep it)."""
        if self.message is not None:
            return self.message
        record = encode(self.event)
        return RawMessage(
            self.stream, self.partition, self.position, record.headers, record.value, record.key
        )


@dataclass(frozen=True)
class DeadLetter:
    """A message that could not be decoded or applied, with the reason."""

    message: RawMessage
    error: str


def published_json(deliveries: Iterable[Delivery]) -> dict[str, bytes]:
    """Each event's JSON as published, by event id, for the deliveries ``as_published``."""
    return {
        delivery.event.event_id: delivery.message.value
        for delivery in deliveries
        if delivery.as_published and delivery.message is not None
    }


def kafka_messages(batch: Mapping[Any, Sequence[Any]]) -> list[RawMessage]:
    """The records of an aiokafka ``getmany`` result, partition by partition, in offset order."""
    return [
        RawMessage(
            tp.topic,
            tp.partition,
            record.offset,
            tuple(record.headers),
            record.value,
            record.key,
        )
        for tp, records in batch.items()
        for record in records
    ]
