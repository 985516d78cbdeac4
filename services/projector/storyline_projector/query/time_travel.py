"""A story as it stood at a given time, computed straight from its events.

The story's history (``story_log``) up to the time asked for is folded by the very handlers that
keep the live read models, into a throwaway in-memory SQLite database with the story tables; the
query API then reads it with the very queries it uses on the live tables. One path for the data:
the state as of now is the current state. The in-memory database lives for one request and is
never migrated; the stored read models are created by the Alembic history only.

"When" is when Storyline recorded each event (its ``occurred_at``): the answer is what Storyline
knew of the story at that time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import StaticPool

from storyline_contracts import Event
from storyline_projector.query.read_side import ReadModels
from storyline_projector.read_models.handlers import apply_events
from storyline_projector.read_models.story_log import story_history
from storyline_projector.read_models.tables import STORY_TABLES, metadata


@asynccontextmanager
async def story_as_of(
    read_models: ReadModels, story_id: str, as_of: datetime
) -> AsyncIterator[AsyncConnection]:
    """A connection to read models holding only ``story_id`` as it stood at ``as_of``."""
    async with read_models.connect() as connection:
        events = await story_history(connection, story_id, as_of)
    async with folded(events) as connection:
        yield connection


@asynccontextmanager
async def folded(events: Sequence[Event]) -> AsyncIterator[AsyncConnection]:
    """Story tables in a throwaway database, holding what ``events`` make of them."""
    # One shared connection: each new connection to ":memory:" would be a new, empty database.
    scratch = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)
    try:
        async with scratch.begin() as connection:
            await connection.run_sync(metadata.create_all, tables=list(STORY_TABLES))
            await apply_events(connection, events)
            yield connection
    finally:
        await scratch.dispose()
