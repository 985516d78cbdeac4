"""Alembic environment: one history for the ingest and the projector tables.

Each service owns its tables (storyline_ingest.storage.tables,
storyline_projector.read_models.tables), the platform the stages' dead letters
(storyline_platform.stage_dead_letters); this history creates them all, so one database or two
(one per service) can be migrated with the same command.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

import storyline_ingest.stories.story_tables  # noqa: F401  (declares the story tables)
from storyline_ingest.storage.tables import metadata as ingest_metadata
from storyline_platform.database import create_engine, require_supported_server
from storyline_platform.stage_dead_letters import metadata as platform_metadata
from storyline_projector.read_models.tables import metadata as projector_metadata

config = context.config


def combined_metadata() -> MetaData:
    combined = MetaData(naming_convention=ingest_metadata.naming_convention)
    for source in (ingest_metadata, projector_metadata, platform_metadata):
        for table in source.tables.values():
            table.to_metadata(combined)
    return combined


target_metadata = combined_metadata()


def database_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    return url or os.environ.get("STORYLINE_DATABASE_URL", "sqlite+aiosqlite:///./var/storyline.db")


def run_with(connection: Connection) -> None:
    require_supported_server(connection.dialect)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    engine = create_engine(database_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_with)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(run_online())
