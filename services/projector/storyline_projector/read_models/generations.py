"""Generations of the read-model tables, and which one is live.

A generation is a complete set of the projector's tables (read models, positions, applied event
ids, dead letters). Generation 0 is the default schema, the tables Alembic creates; a rebuild
writes generation ``n`` into the schema ``storyline_rm_<n>`` (PostgreSQL) or into a database file
ATTACHed under that name (SQLite), and the same SQLAlchemy tables reach it through
``schema_translate_map``. The ``read_model_generations`` table says which generation is live.

Writers (the projector) look the live generation up inside each batch transaction, with a shared
lock on its row; a switch takes that row's exclusive lock, so a batch never straddles a switch.
Readers (the query API) cache the answer for a second: after a switch the old tables keep serving
until every reader has moved on, and they are dropped only by the next rebuild.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import event, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_projector.read_models.tables import read_model_generations

SCHEMA_PATTERN = re.compile(r"storyline_rm_[0-9]+")
_ATTACHED = "storyline_attached_generations"


@dataclass(frozen=True, order=True)
class Generation:
    number: int

    @property
    def schema(self) -> str | None:
        return None if self.number == 0 else f"storyline_rm_{self.number}"


DEFAULT = Generation(0)


async def live_generation(
    connection: AsyncConnection, lock: Literal["share", "update"] | None = None
) -> Generation:
    """The live generation; ``lock`` holds its row until the transaction ends (PostgreSQL)."""
    await bind(connection, DEFAULT)
    query = select(read_model_generations.c.generation).where(
        read_model_generations.c.status == "live"
    )
    if lock is not None:
        query = query.with_for_update(read=lock == "share")
    number = (await connection.execute(query)).scalar()
    return Generation(int(number)) if number is not None else DEFAULT


async def bind(connection: AsyncConnection, generation: Generation) -> None:
    """Point the projector's tables on ``connection`` at ``generation`` (until bound again)."""
    schema = generation.schema
    await connection.execution_options(
        schema_translate_map=None if schema is None else {None: schema}
    )


@asynccontextmanager
async def begin_generation(
    engine: AsyncEngine, generation: Generation | None = None
) -> AsyncIterator[AsyncConnection]:
    """A transaction on ``generation``'s tables; ``None`` means the live one, locked against a
    switch until the transaction ends."""
    prepare_engine(engine)
    async with engine.begin() as connection:
        if generation is None:
            generation = await live_generation(connection, lock="share")
        await bind(connection, generation)
        yield connection


class LiveReadModels:
    """Connections for the read side, bound to the live generation (looked up at most once per
    ``ttl_seconds``, so a request costs no extra query)."""

    def __init__(self, engine: AsyncEngine, ttl_seconds: float = 1.0) -> None:
        self.engine = engine
        self._ttl = ttl_seconds
        self._cached: tuple[float, Generation] | None = None

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        prepare_engine(self.engine)
        async with self.engine.connect() as connection:
            await bind(connection, await self._live(connection))
            yield connection

    async def _live(self, connection: AsyncConnection) -> Generation:
        now = time.monotonic()
        if self._cached is not None and now - self._cached[0] < self._ttl:
            return self._cached[1]
        generation = await live_generation(connection)
        self._cached = (now, generation)
        return generation


def prepare_engine(engine: AsyncEngine) -> None:
    """SQLite: attach every generation's database file to each connection as it is checked out.

    ATTACH is not allowed inside a transaction, and a generation can appear after a pooled
    connection was opened, so it is done at checkout (before any BEGIN), for whatever files exist.
    Idempotent; PostgreSQL needs nothing (schemas are always visible).
    """
    sync_engine = engine.sync_engine
    if sync_engine.dialect.name != "sqlite" or getattr(sync_engine, _ATTACHED, False):
        return
    main = generation_file_prefix(engine)
    setattr(sync_engine, _ATTACHED, True)

    @event.listens_for(sync_engine, "checkout")
    def _attach_generations(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        attached: set[str] = record.info.setdefault(_ATTACHED, set())
        present = _generation_files(main)
        cursor = dbapi_connection.cursor()
        try:
            for schema in sorted(present.keys() - attached):
                cursor.execute(f'ATTACH DATABASE ? AS "{schema}"', (str(present[schema]),))
                cursor.execute(f'PRAGMA "{schema}".journal_mode=WAL')
                attached.add(schema)
            for schema in sorted(attached - present.keys()):
                cursor.execute(f'DETACH DATABASE "{schema}"')
                attached.discard(schema)
        finally:
            cursor.close()


def generation_file_prefix(engine: AsyncEngine) -> Path:
    database = make_url(str(engine.url)).database
    if not database or database == ":memory:":
        raise ValueError("read-model generations need a SQLite database file, not :memory:")
    return Path(database).resolve()


def generation_file(engine: AsyncEngine, generation: Generation) -> Path:
    main = generation_file_prefix(engine)
    return main.with_name(f"{main.name}.{generation.schema}")


def _generation_files(main: Path) -> dict[str, Path]:
    prefix = main.name + "."
    found = {}
    for path in main.parent.glob(prefix + "storyline_rm_*"):
        schema = path.name[len(prefix) :]
        if SCHEMA_PATTERN.fullmatch(schema):  # skips the -wal and -shm companions
            found[schema] = path
    return found
