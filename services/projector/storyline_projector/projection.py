"""Apply a batch of delivered events to the read models exactly once in effect.

A delivery is an event with where it came from (stream, partition, position). In one transaction
the batch's new events are applied, their ids recorded, and each partition's next position saved.
Deliveries at or behind a saved position, and events whose id was applied before, are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import case, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import Event
from storyline_projector.handlers import apply_event
from storyline_projector.tables import applied_events, projector_positions

PartitionKey = tuple[str, int]


@dataclass(frozen=True)
class Delivery:
    stream: str
    partition: int
    position: int
    event: Event


async def load_positions(
    connection: AsyncConnection, partitions: Iterable[PartitionKey]
) -> dict[PartitionKey, int]:
    wanted = list(set(partitions))
    if not wanted:
        return {}
    rows = await connection.execute(
        select(projector_positions).where(
            tuple_(projector_positions.c.stream, projector_positions.c.partition).in_(wanted)
        )
    )
    return {(row.stream, row.partition): int(row.next_position) for row in rows}


async def save_positions(connection: AsyncConnection, positions: dict[PartitionKey, int]) -> None:
    """Move each partition's next position forward (never back) in the caller's transaction."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for (stream, partition), next_position in positions.items():
        statement = dialect.insert(projector_positions).values(
            stream=stream, partition=partition, next_position=next_position
        )
        newer = statement.excluded.next_position
        current = projector_positions.c.next_position
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=["stream", "partition"],
                set_={"next_position": case((newer > current, newer), else_=current)},
            )
        )


async def apply_batch(connection: AsyncConnection, deliveries: Sequence[Delivery]) -> int:
    """Apply ``deliveries`` in the caller's transaction; returns how many events were new."""
    positions = await load_positions(connection, ((d.stream, d.partition) for d in deliveries))
    ids = [d.event.event_id for d in deliveries]
    seen = set(
        (
            await connection.execute(
                select(applied_events.c.event_id).where(applied_events.c.event_id.in_(ids))
            )
        ).scalars()
    )
    moved: dict[PartitionKey, int] = {}
    applied = 0
    for delivery in deliveries:
        key = (delivery.stream, delivery.partition)
        if delivery.position < moved.get(key, positions.get(key, 0)):
            continue  # redelivered: this partition is already past it
        moved[key] = delivery.position + 1
        if delivery.event.event_id in seen:
            continue  # the same event published twice, at another offset
        seen.add(delivery.event.event_id)
        await apply_event(connection, delivery.event)
        await connection.execute(applied_events.insert().values(event_id=delivery.event.event_id))
        applied += 1
    await save_positions(connection, moved)
    return applied
