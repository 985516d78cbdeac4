"""Turn raw messages (from Kafka or the event store) into deliveries, or dead letters."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import decode
from storyline_contracts.cloudevents_codec import DecodeError
from storyline_projector.projection import Delivery, PartitionKey, save_positions
from storyline_projector.sql_upsert import upsert
from storyline_projector.tables import dead_letters

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawMessage:
    stream: str
    partition: int
    position: int
    headers: tuple[tuple[str, bytes], ...]
    value: bytes


@dataclass(frozen=True)
class DeadLetter:
    message: RawMessage
    error: str


def decode_messages(messages: Sequence[RawMessage]) -> tuple[list[Delivery], list[DeadLetter]]:
    deliveries: list[Delivery] = []
    dead: list[DeadLetter] = []
    for message in messages:
        try:
            event = decode(message.headers, message.value)
        except DecodeError as error:
            log.warning(
                "undecodable message",
                extra={
                    "topic": message.stream,
                    "partition": message.partition,
                    "offset": message.position,
                    "error": str(error),
                },
            )
            dead.append(DeadLetter(message, str(error)))
            continue
        deliveries.append(Delivery(message.stream, message.partition, message.position, event))
    return deliveries, dead


async def record_dead_letters(connection: AsyncConnection, letters: Sequence[DeadLetter]) -> None:
    """Keep the poison messages and move their partitions past them, in the caller's transaction."""
    moved: dict[PartitionKey, int] = {}
    for letter in letters:
        message = letter.message
        await upsert(
            connection,
            dead_letters,
            {
                "stream": message.stream,
                "partition": message.partition,
                "position": message.position,
                "error": letter.error,
                "headers": {
                    name: value.decode("utf-8", "replace") for name, value in message.headers
                },
                "payload": message.value,
                "recorded_at": datetime.now(UTC),
            },
            key=["stream", "partition", "position"],
        )
        key = (message.stream, message.partition)
        moved[key] = max(moved.get(key, 0), message.position + 1)
    await save_positions(connection, moved)
