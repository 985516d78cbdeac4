"""Event times that never go back within a Kafka key, in the order the events are published.

Several extraction workers write events of the same story, each stamping them with its own clock
reading, and the first to read its clock is not always the first to commit: a consumer would then
see a story's CloudEvents ``time`` go back. Before appending, a transaction stamps all its events
with one time, no earlier than the latest time any earlier transaction gave one of their keys
(``event_key_clocks``), and records that time for each key. Updating a key's row locks it until
the transaction ends, so two transactions writing events of one key take their turns: the later
one's events are stored, and published, after the earlier one's, and carry a time at or after
theirs. Keys are locked in sorted order, so two transactions never wait for each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import case, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import Event
from storyline_ingest.storage.tables import event_key_clocks


async def stamp_in_key_order(
    connection: AsyncConnection, events: Sequence[Event], now: datetime
) -> list[Event]:
    """``events`` with one ``occurred_at``: ``now``, or later if one of their keys already has
    a later time. Runs in the caller's transaction, which then holds the keys until it ends."""
    if not events:
        return []
    keys = sorted({event.partition_key for event in events})
    table = event_key_clocks
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    latest = table.c.latest
    upsert = statement.on_conflict_do_update(
        index_elements=["partition_key"],
        set_={
            "latest": case(
                (statement.excluded.latest > latest, statement.excluded.latest), else_=latest
            )
        },
    ).returning(table.c.partition_key, latest)
    rows = await connection.execute(upsert, [{"partition_key": key, "latest": now} for key in keys])
    stamp = max([now, *(_utc(row.latest) for row in rows)])
    if stamp > now:  # a key was ahead: bring every key of the transaction to the same time
        await connection.execute(
            update(table).where(table.c.partition_key.in_(keys)).values(latest=stamp)
        )
    return [event.model_copy(update={"occurred_at": stamp}) for event in events]


def _utc(value: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they were stored in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
