"""CloudEvents 1.0 Kafka protocol binding, binary content mode.

Attributes travel as ``ce_*`` headers and the event data is the JSON body, so any CloudEvents
SDK (or a plain Kafka client) can read Storyline's topics. The same record shape is kept in the
event store, so the embedded projector decodes stored events exactly as it decodes Kafka messages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from storyline_contracts.event_base import Event
from storyline_contracts.registry import event_class_for, parse_type, upcast

SOURCE = "/storyline/ingest"
CONTENT_TYPE = "application/json"
SCHEMA_URI_PREFIX = "urn:storyline:schema:"


class DecodeError(ValueError):
    """A message is not a valid Storyline CloudEvent (bad headers, JSON or data)."""


@dataclass(frozen=True)
class KafkaRecord:
    """One Kafka message as Storyline writes it: key, value and headers."""

    key: bytes
    value: bytes
    headers: tuple[tuple[str, bytes], ...]

    def header_map(self) -> dict[str, str]:
        return {name: value.decode() for name, value in self.headers}


def dataschema_uri(cloudevent_type: str) -> str:
    """The ``ce_dataschema`` of an event type: the ``$id`` of its published JSON Schema."""
    return f"{SCHEMA_URI_PREFIX}{cloudevent_type}"


def encode(event: Event) -> KafkaRecord:
    ce_type = event.cloudevent_type()
    headers = (
        ("ce_specversion", b"1.0"),
        ("ce_id", event.event_id.encode()),
        ("ce_source", SOURCE.encode()),
        ("ce_type", ce_type.encode()),
        ("ce_subject", event.subject.encode()),
        ("ce_time", event.time.isoformat().encode()),
        ("ce_dataschema", dataschema_uri(ce_type).encode()),
        ("content-type", CONTENT_TYPE.encode()),
    )
    value = event.model_dump_json().encode()
    return KafkaRecord(key=event.partition_key.encode(), value=value, headers=headers)


def decode(headers: Iterable[tuple[str, bytes]] | Mapping[str, str], value: bytes) -> Event:
    """Decode a binary-mode CloudEvent, upcasting old versions to the current class."""
    attributes = _header_strings(headers)
    if attributes.get("ce_specversion") != "1.0":
        raise DecodeError(f"unsupported ce_specversion {attributes.get('ce_specversion')!r}")
    ce_type = attributes.get("ce_type")
    if not ce_type:
        raise DecodeError("missing ce_type header")
    event = _current_version(ce_type, value) or _upcast_version(ce_type, value)
    if attributes.get("ce_id") != event.event_id:
        raise DecodeError("ce_id header and event_id in the data disagree")
    return event


def _current_version(ce_type: str, value: bytes) -> Event | None:
    """The fast path: data already at its class's version is validated straight from the bytes
    (in pydantic's Rust JSON parser). None when that is not the case or the data is invalid:
    ``_upcast_version`` then decodes it, or explains what is wrong with it."""
    try:
        _name, version = parse_type(ce_type)
        cls = event_class_for(ce_type)
        return cls.model_validate_json(value) if version == cls.version else None
    except (ValueError, LookupError, ValidationError):
        return None


def _upcast_version(ce_type: str, value: bytes) -> Event:
    try:
        data: Any = json.loads(value)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DecodeError(f"event data is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise DecodeError("event data must be a JSON object")
    try:
        cls, data = upcast(ce_type, data)
        return cls.model_validate(data)
    # A malformed old record must become a DecodeError (a dead letter), never crash the reader.
    except (ValueError, LookupError, TypeError, ValidationError) as error:
        raise DecodeError(f"{ce_type}: {error}") from error


def _header_strings(headers: Iterable[tuple[str, bytes]] | Mapping[str, str]) -> dict[str, str]:
    if isinstance(headers, Mapping):
        return dict(headers)
    try:
        return {name: raw.decode() for name, raw in headers if raw is not None}
    except UnicodeDecodeError as error:
        raise DecodeError(f"header is not UTF-8: {error}") from error
