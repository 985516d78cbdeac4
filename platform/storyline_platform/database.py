"""Async engine set-up for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import PoolResetState

from storyline_platform import tracing
from storyline_platform.failures import is_transient
from storyline_platform.outage_log import OutageLog
from storyline_platform.sqlite_trips import (
    BEGIN,
    begin_with_next_statement,
    forget_pending_begin,
    make_one_trip,
)

log = logging.getLogger(__name__)


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An engine with the settings each backend needs to be safe under concurrent writers.

    JSON columns are written and read with orjson: the projector reads and writes thousands of
    them per batch, and the standard library's json was a tenth of its time.
    """
    parsed = make_url(url)
    kwargs = {"json_serializer": _json_text, "json_deserializer": orjson.loads, **kwargs}
    if parsed.get_backend_name() != "sqlite":
        engine = create_async_engine(url, pool_pre_ping=True, **kwargs)
        tracing.instrument_engine(engine)
        return engine

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # The reset on return is ours (below): the pool's own would roll back after every commit.
    kwargs.setdefault("pool_reset_on_return", None)
    engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        make_one_trip(dbapi_connection)
        # Let SQLAlchemy issue BEGIN itself (below) instead of the driver's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock at BEGIN: a deferred transaction that later needs to write can
        # fail with "database is locked" instead of waiting its turn. It is sent with the
        # transaction's first statement, in the same trip to aiosqlite's thread.
        if not begin_with_next_statement(connection.connection.dbapi_connection):
            connection.exec_driver_sql(BEGIN)

    @event.listens_for(engine.sync_engine, "reset")
    def _on_reset(dbapi_connection: Any, _record: Any, state: PoolResetState) -> None:
        # A connection goes back to the pool after each transaction, nearly always committed or
        # rolled back already; SQLite says whether one is still open, so the ROLLBACK (a trip
        # to aiosqlite's thread) is sent only then. A connection being thrown away, or
        # collected outside the event loop, is left to the pool as before.
        if state.terminate_only or not state.asyncio_safe:
            return
        forget_pending_begin(dbapi_connection.driver_connection)  # a transaction with no statement
        if dbapi_connection.driver_connection.in_transaction:
            dbapi_connection.rollback()

    tracing.instrument_engine(engine)
    return engine


# The projector's one-statement writes split JSON texts with ``string_to_table`` (14 and later).
MINIMUM_POSTGRESQL = (14,)


class UnsupportedServer(RuntimeError):
    """The database server is older than Storyline can write to."""


def require_supported_server(dialect: Any) -> None:
    """Refuse a PostgreSQL server older than ``MINIMUM_POSTGRESQL`` with a message that says so,
    before anything is migrated, rather than fail every batch the projector writes later."""
    version = getattr(dialect, "server_version_info", None)
    if dialect.name == "postgresql" and version is not None and version < MINIMUM_POSTGRESQL:
        found = ".".join(str(part) for part in version)
        raise UnsupportedServer(f"Storyline needs PostgreSQL 14 or later; this server is {found}")


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


@asynccontextmanager
async def engine_for(url: str, given: AsyncEngine | None = None) -> AsyncIterator[AsyncEngine]:
    """The ``given`` engine (its owner disposes of it), or a new one for ``url``, disposed on exit.

    Lets an app factory take an engine from its caller (tests, the embedded mode) or make its own.
    """
    if given is not None:
        yield given
        return
    engine = create_engine(url)
    try:
        await require_migrated(engine)
        yield engine
    finally:
        await engine.dispose()


class DatabaseNotMigrated(RuntimeError):
    """The database has no Storyline tables yet."""


async def require_migrated(engine: AsyncEngine, retry_seconds: float = 1.0) -> None:
    """Fail at start-up, with the fix in the message, instead of 500s on the first request.

    A server that is away (restarting, say) is waited for, logged once: a process started
    meanwhile comes up when the database does, instead of needing a restart by hand."""
    outage = OutageLog(log, "database")
    while True:
        try:
            async with engine.connect() as connection:
                tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
            break
        except Exception as error:
            if not is_transient(error):
                raise
            outage.failed(error)
            await asyncio.sleep(retry_seconds)
    outage.recovered()
    if "alembic_version" not in tables:
        raise DatabaseNotMigrated(
            f"database {engine.url.render_as_string(hide_password=True)} has no Storyline tables: "
            "run `storyline migrate` first"
        )
