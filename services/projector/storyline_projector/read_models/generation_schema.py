"""Create and drop the tables of one read-model generation (used by the rebuild only).

Generation 0 is Alembic's: its tables come from the migration history. A rebuild's generation
gets its tables from the projector's table metadata, the same metadata that Alembic's
autogenerate check holds the migrations to (tests/unit/test_migrations.py), and a test compares
a generation's reflected tables with the migrated ones. A migration that changes a read-model
table therefore reaches the live tables through Alembic when generation 0 is live, and through
``storyline rebuild`` (which builds a fresh generation from the current metadata) otherwise.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Table, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_projector.read_models.generations import (
    DEFAULT,
    Generation,
    bind,
    generation_file,
    prepare_engine,
)
from storyline_projector.read_models.tables import metadata, read_model_generations


def generation_tables() -> list[Table]:
    """Every projector table that belongs to a generation (all but the generations table)."""
    return [table for table in metadata.sorted_tables if table is not read_model_generations]


async def create_generation(engine: AsyncEngine) -> Generation:
    """Register a new generation as ``building`` and create its empty tables.

    Generations that are neither live nor 0 (an earlier rebuild's leftovers, the generation a
    switch retired) are dropped first, so at most three sets of tables exist at any time.
    """
    prepare_engine(engine)
    async with engine.begin() as connection:
        await bind(connection, DEFAULT)
        rows = (await connection.execute(select(read_model_generations))).mappings().all()
        stale = [
            Generation(row["generation"])
            for row in rows
            if row["status"] in ("building", "retired") and row["generation"] != 0
        ]
        generation = Generation(max((row["generation"] for row in rows), default=0) + 1)
        await connection.execute(
            read_model_generations.insert().values(
                generation=generation.number, status="building", created_at=datetime.now(UTC)
            )
        )
    for old in stale:
        await drop_generation(engine, old)
    await _create_storage(engine, generation)
    async with engine.begin() as connection:
        await bind(connection, generation)
        await connection.run_sync(
            lambda sync: metadata.create_all(sync, tables=generation_tables())
        )
    return generation


async def drop_generation(engine: AsyncEngine, generation: Generation) -> None:
    if generation == DEFAULT:
        raise ValueError("generation 0 belongs to the migrations and is never dropped")
    if engine.dialect.name == "postgresql":
        async with engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{generation.schema}" CASCADE'))
    else:
        path = generation_file(engine, generation)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    async with engine.begin() as connection:
        await bind(connection, DEFAULT)
        await connection.execute(
            update(read_model_generations)
            .where(read_model_generations.c.generation == generation.number)
            .values(status="dropped")
        )


async def _create_storage(engine: AsyncEngine, generation: Generation) -> None:
    if engine.dialect.name == "postgresql":
        async with engine.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{generation.schema}"'))
    else:
        # An empty file is an empty database; the next checked-out connection attaches it.
        generation_file(engine, generation).touch()
