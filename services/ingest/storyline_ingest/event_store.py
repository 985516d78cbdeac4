"""Append events to the event store and the outbox, in the caller's transaction.

Appending is idempotent: an event whose id is already stored is skipped, so re-running a step
(a retried request, a re-extracted article) can never store or publish an event twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import Event, encode
from storyline_ingest.tables import event_store, outbox

# Built once: append runs on every accepted article, and building a statement costs more than
# running it.
_KNOWN_IDS = select(event_store.c.event_id).where(
    event_store.c.event_id.in_(bindparam("ids", expanding=True))
)
_INSERT_EVENT = insert(event_store).returning(event_store.c.position)
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
    pending: list[dict[str, object]] = []
    for event in events:
        if event.event_id in known:
            continue
        known.add(event.event_id)
        record = encode(event)
        position = (
            await connection.execute(
                _INSERT_EVENT,
                {
                    "event_id": event.event_id,
                    "event_type": event.cloudevent_type(),
                    "topic": event.topic,
                    "partition_key": record.key.decode(),
                    "headers": record.header_map(),
                    "payload": record.value,
                    "recorded_at": now,
                },
            )
        ).scalar_one()
        pending.append({"position": position, "sent_at": None})
    if pending:
        await connection.execute(_INSERT_OUTBOX, pending)
    return len(pending)


async def read_after(connection: AsyncConnection, position: int, limit: int) -> list[StoredEvent]:
    """Events stored after ``position``, oldest first."""
    rows = await connection.execute(
        select(event_store)
        .where(event_store.c.position > position)
        .order_by(event_store.c.position)
        .limit(limit)
    )
    return [stored_event_from_row(row) for row in rows.mappings()]


async def last_position(connection: AsyncConnection) -> int:
    value = (await connection.execute(select(func.max(event_store.c.position)))).scalar()
    return int(value or 0)


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
