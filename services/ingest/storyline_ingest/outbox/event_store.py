"""Append events to the event store and the outbox, in the caller's transaction.

Appending is idempotent: an event whose id is already stored is skipped, so re-running a step
(a retried request, a re-extracted article) can never store or publish an event twice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import Event, encode
from storyline_ingest.storage.tables import event_store, outbox
from storyline_platform import tracing

# Trace headers by event id: the request each event came from, when that is not the current one.
TraceHeaders = Mapping[str, Mapping[str, str]]
NO_TRACES: TraceHeaders = {}

# Built once: append runs on every accepted article, and building a statement costs more than
# running it.
_KNOWN_IDS = select(event_store.c.event_id).where(
    event_store.c.event_id.in_(bindparam("ids", expanding=True))
)
# Many rows per statement, and positions must follow the order of the events (the relay keeps
# per-key order by position). SQLite numbers the rows of one INSERT in order; on PostgreSQL
# ``sort_by_parameter_order`` makes SQLAlchemy insert through an ordered SELECT, which assigns
# the sequence in that order (on SQLite it would cost one statement per row instead).
_RETURNED = (event_store.c.event_id, event_store.c.position)
_INSERT_EVENTS = insert(event_store).returning(*_RETURNED)
_INSERT_EVENTS_IN_ORDER = insert(event_store).returning(*_RETURNED, sort_by_parameter_order=True)
_INSERT_OUTBOX = insert(outbox)


@dataclass(frozen=True)
class StoredEvent:
    position: int
    event_id: str
    topic: str
    key: bytes
    headers: tuple[tuple[str, bytes], ...]
    payload: bytes


async def append(connection: AsyncConnection, events: Sequence[Event], now: datetime) -> int:
    """Store ``events`` (skipping ids already stored) and queue them for publishing.

    Returns how many were new. Runs inside the caller's transaction, so the events commit or
    roll back together with whatever state change produced them.
    """
    if not events:
        return 0
    ids = [event.event_id for event in events]
    known = set((await connection.execute(_KNOWN_IDS, {"ids": ids})).scalars())
    new: list[Event] = []
    for event in events:
        if event.event_id not in known:
            known.add(event.event_id)
            new.append(event)
    await append_new(connection, new, now)
    return len(new)


async def append_new(
    connection: AsyncConnection,
    events: Sequence[Event],
    now: datetime,
    traces: TraceHeaders = NO_TRACES,
) -> None:
    """Store ``events``, which the caller knows are not stored yet, and queue them for publishing.

    Each is stored with the trace context it belongs to (``traces``, else the current one), so
    that its trace goes on where it is published and consumed.

    For callers whose own state already rules duplicates out: it saves looking the ids up.
    Should one be stored after all, the unique event id fails the caller's transaction; nothing
    is doubled. (The accept path, whose event ids come from article versions it has just
    created, writes its events with the rest of a group: ``accept.group_writes``.)
    """
    if not events:
        return
    rows = event_rows(events, now, traces)
    statement = _INSERT_EVENTS if connection.dialect.name == "sqlite" else _INSERT_EVENTS_IN_ORDER
    stored = await connection.execute(statement, rows)
    positions: dict[str, int] = {event_id: position for event_id, position in stored}
    outbox_rows = [{"position": positions[event.event_id], "sent_at": None} for event in events]
    await connection.execute(_INSERT_OUTBOX, outbox_rows)


def event_rows(
    events: Sequence[Event], now: datetime, traces: TraceHeaders = NO_TRACES
) -> list[dict[str, object]]:
    """The event store rows of ``events``, each with its trace (``traces``, else the current)."""
    current = tracing.current_trace_headers()
    return [_event_row(event, now, traces.get(event.event_id, current)) for event in events]


def _event_row(event: Event, now: datetime, trace: Mapping[str, str]) -> dict[str, object]:
    record = encode(event)
    headers = record.header_map()
    if trace:
        headers.update(trace)
    return {
        "event_id": event.event_id,
        "event_type": event.cloudevent_type(),
        "topic": event.topic,
        "partition_key": record.key.decode(),
        "headers": headers,
        "payload": record.value,
        "recorded_at": now,
    }


async def read_after(connection: AsyncConnection, position: int, limit: int) -> list[StoredEvent]:
    """Events stored after ``position``, oldest first."""
    rows = await connection.execute(
        select(event_store)
        .where(event_store.c.position > position)
        .order_by(event_store.c.position)
        .limit(limit)
    )
    return [stored_event_from_row(row) for row in rows.mappings()]


def stored_event_from_row(row: object) -> StoredEvent:
    mapping = dict(row)  # type: ignore[call-overload]
    headers = mapping["headers"]
    if isinstance(headers, str):  # some drivers hand JSON back as text
        headers = json.loads(headers)
    return StoredEvent(
        position=int(mapping["position"]),
        event_id=mapping["event_id"],
        topic=mapping["topic"],
        key=mapping["partition_key"].encode(),
        headers=tuple((name, value.encode()) for name, value in headers.items()),
        payload=bytes(mapping["payload"]),
    )
