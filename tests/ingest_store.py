"""What the ingest store holds, for tests that check what a request stored (or did not)."""

from __future__ import annotations

from sqlalchemy import Table, func, select

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.storage.tables import articles, event_store, idempotency_keys, outbox

STORED_TABLES = (articles, event_store, outbox, idempotency_keys)


async def count(storyline: EmbeddedStoryline, table: Table) -> int:
    async with storyline.engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(table))).scalar_one())


async def row_counts(storyline: EmbeddedStoryline) -> dict[str, int]:
    """Rows in every table an accepted article writes to."""
    return {table.name: await count(storyline, table) for table in STORED_TABLES}


async def stored_event_names(storyline: EmbeddedStoryline) -> list[str]:
    """The stored events' names (CloudEvents type without the version), oldest first."""
    async with storyline.engine.connect() as connection:
        rows = await connection.execute(
            select(event_store.c.event_type).order_by(event_store.c.position)
        )
        return [event_type.rsplit(".", 1)[0] for event_type in rows.scalars()]
