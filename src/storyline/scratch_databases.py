"""Throwaway PostgreSQL databases for tests and benchmarks: created, migrated, dropped."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storyline.migrate import upgrade_async


@asynccontextmanager
async def scratch_database(
    server_url: str, prefix: str = "storyline_scratch", revision: str | None = "head"
) -> AsyncIterator[str]:
    """The URL of a new database on ``server_url``, migrated to ``revision`` (None: empty)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        if revision is not None:
            await upgrade_async(url, revision)
        yield url
        await _drop(admin, name)
    finally:
        await admin.dispose()


async def _drop(admin: AsyncEngine, name: str) -> None:
    """Best effort: a database left behind harms nothing, a failed clean-up must not fail a run.

    No FORCE: terminating other sessions needs rights a test role does not have (autovacuum)."""
    for _attempt in range(10):
        try:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            return
        except DBAPIError:
            await asyncio.sleep(0.5)  # a session of the test has not closed yet
