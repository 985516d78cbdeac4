"""Apply a batch of delivered events to the read models exactly once in effect.

A delivery is an event with where it came from (stream, partition, position). In one transaction
the batch's new events are applied, their ids recorded, and each partition's next position saved.
Deliveries at or behind a saved position, and events whose id was applied before, are skipped.
An event whose handler keeps failing is rolled back on its own (see ``isolated_apply``) and comes
back as a dead letter; its partition still moves past it, in the same transaction.

Bookkeeping costs a fixed number of statements per batch, whatever its size: one to read the
positions, one to read which ids were applied, one bulk insert of the new ids, one bulk upsert of
the positions. The ids are inserted without ON CONFLICT on purpose: if two instances ever apply
the same event at once (a partition changing owner mid-batch), the second transaction fails on the
primary key and is retried, instead of applying the event a second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import case, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.consume.delivery import DeadLetter, Delivery, PartitionKey
from storyline_projector.consume.isolated_apply import DEFAULT_RETRY, RetryPolicy, apply_isolated
from storyline_projector.read_models.bulk_insert import insert_rows
from storyline_projector.read_models.sql_membership import one_of
from storyline_projector.read_models.tables import applied_events, projector_positions

__all__ = [
    "BatchOutcome",
    "Delivery",
    "PartitionKey",
    "RetryPolicy",
    "apply_batch",
    "apply_new_events",
    "load_positions",
    "save_positions",
]


@dataclass
class BatchOutcome:
    applied: int = 0
    dead_letters: list[DeadLetter] = field(default_factory=list)


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


async def all_positions(connection: AsyncConnection) -> dict[PartitionKey, int]:
    rows = await connection.execute(select(projector_positions))
    return {(row.stream, row.partition): int(row.next_position) for row in rows}


async def save_positions(connection: AsyncConnection, positions: dict[PartitionKey, int]) -> None:
    """Move each partition's next position forward (never back) in the caller's transaction."""
    if not positions:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(projector_positions)
    newer = statement.excluded.next_position
    current = projector_positions.c.next_position
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=["stream", "partition"],
            set_={"next_position": case((newer > current, newer), else_=current)},
        ),
        [
            {"stream": stream, "partition": partition, "next_position": next_position}
            for (stream, partition), next_position in sorted(positions.items())
        ],
    )


async def apply_batch(
    connection: AsyncConnection,
    deliveries: Sequence[Delivery],
    retry: RetryPolicy = DEFAULT_RETRY,
    positions: dict[PartitionKey, int] | None = None,
    together: bool = True,
) -> BatchOutcome:
    """Apply ``deliveries`` in the caller's transaction and move their partitions past them.

    ``positions``: the saved positions of their partitions, when the caller has just read them;
    ``together`` False: one event at a time from the start (see ``isolated_apply``).
    """
    if positions is None:
        positions = await load_positions(connection, ((d.stream, d.partition) for d in deliveries))
    fresh: list[Delivery] = []
    moved: dict[PartitionKey, int] = {}
    for delivery in deliveries:
        key = (delivery.stream, delivery.partition)
        if delivery.position < moved.get(key, positions.get(key, 0)):
            continue  # redelivered: this partition is already past it
        moved[key] = delivery.position + 1
        fresh.append(delivery)
    outcome = await apply_new_events(connection, fresh, retry, together)
    await save_positions(connection, moved)
    return outcome


async def apply_new_events(
    connection: AsyncConnection,
    deliveries: Sequence[Delivery],
    retry: RetryPolicy = DEFAULT_RETRY,
    together: bool = True,
) -> BatchOutcome:
    """Apply the events never applied before (by id) and record their ids; positions untouched."""
    ids = [d.event.event_id for d in deliveries]
    seen = set(
        (
            await connection.execute(
                select(applied_events.c.event_id).where(
                    one_of(connection, applied_events.c.event_id, ids)
                )
            )
        ).scalars()
    )
    new: list[Delivery] = []
    for delivery in deliveries:
        if delivery.event.event_id not in seen:  # else: the same event published twice
            seen.add(delivery.event.event_id)
            new.append(delivery)
    failures = await apply_isolated(connection, new, retry, together)
    failed = {delivery.event.event_id for delivery, _ in failures}
    done = [{"event_id": d.event.event_id} for d in new if d.event.event_id not in failed]
    if done:
        await insert_rows(connection, applied_events, done)
    return BatchOutcome(
        applied=len(done),
        dead_letters=[DeadLetter(delivery.raw(), error) for delivery, error in failures],
    )
