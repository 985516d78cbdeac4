"""Turn raw messages (from Kafka or the event store) into deliveries, or dead letters.

A message that cannot be decoded is never retried: the same bytes would fail the same way. The
caller logs the letters it keeps (a redelivered one was kept before).

Nearly every message is a current-version event with plain ASCII headers: those are validated
straight from their bytes into their class, with the three headers that matter picked out and
the class looked up once per type. Anything else (an old version to upcast, a header that is
not ASCII, bad data, an id that disagrees) goes through the codec's ``decode``, which decides
and explains; the quick way only ever accepts what ``decode`` would return.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from pydantic import ValidationError

from storyline_contracts import Event, decode
from storyline_contracts.cloudevents_codec import DecodeError
from storyline_contracts.registry import EVENTS
from storyline_projector.consume.dead_letters import record_dead_letters
from storyline_projector.consume.delivery import DeadLetter, Delivery, RawMessage

__all__ = ["DeadLetter", "RawMessage", "decode_messages", "record_dead_letters"]


def decode_messages(messages: Sequence[RawMessage]) -> tuple[list[Delivery], list[DeadLetter]]:
    deliveries: list[Delivery] = []
    dead: list[DeadLetter] = []
    for message in messages:
        event = _current_event(message)
        as_published = event is not None
        if event is None:
            try:
                event = decode(message.headers, message.value)
            except DecodeError as error:
                dead.append(DeadLetter(message, f"DecodeError: {error}"))
                continue
        deliveries.append(
            Delivery(
                message.stream, message.partition, message.position, event, message, as_published
            )
        )
    return deliveries, dead


def _current_event(message: RawMessage) -> Event | None:
    """The event, when the message is the common case; None: let ``decode`` judge it."""
    try:
        values = b"".join([raw for _, raw in message.headers])
    except TypeError:  # a header without a value
        return None
    if not values.isascii():
        return None
    headers = dict(message.headers)  # as ``decode`` reads them: the last of a name counts
    ce_type, ce_id = headers.get("ce_type"), headers.get("ce_id")
    if headers.get("ce_specversion") != b"1.0" or ce_type is None or ce_id is None:
        return None
    cls = _current_classes().get(ce_type)
    if cls is None:
        return None
    try:
        # the validator ``model_validate_json`` calls, without its wrapper's cost
        event: Event = cls.__pydantic_validator__.validate_json(message.value)
    except ValidationError:
        return None
    return event if event.event_id == ce_id.decode() else None


@cache
def _current_classes() -> dict[bytes, type[Event]]:
    """Each current class by its CloudEvents type, as the header carries it."""
    return {cls.cloudevent_type().encode(): cls for cls in EVENTS.current_classes()}
