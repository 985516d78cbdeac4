"""Write transactions for the accept path: on SQLite, one at a time, queued in the process.

SQLite allows one writer. With ``BEGIN IMMEDIATE`` the others wait in SQLite's busy handler,
which sleeps and retries (up to 100 ms at a time), so under concurrent posts most of the time
goes to sleeping. Queuing the writers on an asyncio lock instead hands the database to the next
one as soon as it is free. PostgreSQL locks rows and needs none of this. (Other processes
writing the same SQLite file still wait in the busy handler: embedded mode is one process.)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from weakref import WeakKeyDictionary

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_platform.database import is_sqlite

# A lock belongs to one event loop, and tests run one app on several: one lock per loop.
_locks: WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, asyncio.Lock]] = WeakKeyDictionary()


@asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """``engine.begin()``, taking its turn first when the database is SQLite."""
    if not is_sqlite(engine):
        async with engine.begin() as connection:
            yield connection
        return
    async with _lock_for(engine), engine.begin() as connection:
        yield connection


def _lock_for(engine: AsyncEngine) -> asyncio.Lock:
    per_engine = _locks.setdefault(asyncio.get_running_loop(), {})
    return per_engine.setdefault(id(engine.sync_engine), asyncio.Lock())
