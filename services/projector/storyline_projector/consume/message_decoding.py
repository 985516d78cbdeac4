"""Turn raw messages (from Kafka or the event store) into deliveries, or dead letters.

A message that cannot be decoded is never retried: the same bytes would fail the same way. The
caller logs the letters it keeps (a redelivered one was kept before).
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline_contracts import decode
from storyline_contracts.cloudevents_codec import DecodeError
from storyline_projector.consume.dead_letters import record_dead_letters
from storyline_projector.consume.delivery import DeadLetter, Delivery, RawMessage

__all__ = ["DeadLetter", "RawMessage", "decode_messages", "record_dead_letters"]


def decode_messages(messages: Sequence[RawMessage]) -> tuple[list[Delivery], list[DeadLetter]]:
    deliveries: list[Delivery] = []
    dead: list[DeadLetter] = []
    for message in messages:
        try:
            event = decode(message.headers, message.value)
        except DecodeError as error:
            dead.append(DeadLetter(message, f"DecodeError: {error}"))
            continue
        deliveries.append(
            Delivery(message.stream, message.partition, message.position, event, message)
        )
    return deliveries, dead
