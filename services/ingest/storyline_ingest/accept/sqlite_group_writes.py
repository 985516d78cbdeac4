"""On SQLite, a group's writes in one trip to aiosqlite's thread.

aiosqlite runs each statement in a thread of its own, and every statement is a hand-off to that
thread and back, on top of SQLAlchemy's own work per execution. Here all of a group's
statements run in the thread in one hand-off, on the ``sqlite3`` connection, inside the
transaction the caller opened (``BEGIN IMMEDIATE``). The SQL is SQLAlchemy's, compiled once
from Core statements, values are converted by the columns' types, and errors are raised as
SQLAlchemy's (an ``IntegrityError`` is still one).

This leans on aiosqlite's ``_execute`` hand-off and its ``_conn``, as ``sqlite_trips`` does, at
the versions locked in ``uv.lock``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import bindparam, insert, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.dml import Insert, UpdateBase

from storyline_ingest.accept.group_writes import UPDATED_ARTICLE_COLUMNS, GroupRows, Row
from storyline_ingest.storage.tables import (
    article_versions,
    articles,
    event_store,
    idempotency_keys,
    outbox,
)
from storyline_platform.sqlite_trips import run_in_transaction_thread

Parameters = tuple[Any, ...]


@dataclass(frozen=True)
class DriverStatement:
    """A Core statement compiled for one dialect, with the conversion of each of its values."""

    sql: str
    names: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]

    @classmethod
    def of(cls, statement: UpdateBase, dialect: Dialect, keys: Sequence[str]) -> DriverStatement:
        # An insert is compiled for the keys its rows have; an update names its own parameters
        # (given keys, SQLAlchemy would add them to its SET clause).
        column_keys = list(keys) if isinstance(statement, Insert) else None
        compiled = statement.compile(dialect=dialect, column_keys=column_keys)
        names = tuple(compiled.positiontup or ())
        converters = tuple(
            compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in names
        )
        return cls(compiled.string, names, converters)

    def parameters(self, row: Row) -> Parameters:
        return tuple(
            row[name] if convert is None else convert(row[name])
            for name, convert in zip(self.names, self.converters, strict=True)
        )


async def write_on_sqlite(connection: AsyncConnection, rows: GroupRows) -> None:
    """Every write of the group, in order, in one trip; an error is SQLAlchemy's."""
    dialect = connection.dialect
    steps: list[tuple[str, list[Parameters]]] = []
    for statement, table_rows in (
        (_INSERT_ARTICLES, rows.new_articles),
        # The update takes the id as ``id``: SQLAlchemy keeps the column names for SET.
        (_UPDATE_ARTICLE, [{"id": row["article_id"], **row} for row in rows.changed_articles]),
        (_INSERT_VERSIONS, rows.versions),
        (_INSERT_KEYS, rows.remembered),
    ):
        if table_rows:
            compiled = _statement(dialect, statement, tuple(table_rows[0]))
            steps.append((compiled.sql, [compiled.parameters(row) for row in table_rows]))
    events: list[Parameters] = []
    event_sql = outbox_sql = ""
    if rows.events:
        compiled = _statement(dialect, _INSERT_EVENTS, tuple(rows.events[0]))
        events = [compiled.parameters(row) for row in rows.events]
        event_sql = compiled.sql
        outbox_sql = _statement(dialect, _INSERT_OUTBOX, ("position", "sent_at")).sql
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    try:
        await run_in_transaction_thread(driver, _write_group, steps, event_sql, events, outbox_sql)
    except sqlite3.Error as error:
        raise DBAPIError.instance(None, None, error, sqlite3.Error) from error


def _write_group(
    connection: sqlite3.Connection,
    steps: list[tuple[str, list[Parameters]]],
    event_sql: str,
    events: list[Parameters],
    outbox_sql: str,
) -> None:
    """In aiosqlite's thread: every statement of the group, in order."""
    if not connection.in_transaction:  # never write a group outside the caller's transaction
        raise RuntimeError("a group's writes need the transaction their reads were made in")
    for sql, parameters in steps:
        connection.executemany(sql, parameters)
    cursor = connection.cursor()
    try:
        # One event at a time: positions follow the order of the events (the relay keeps
        # per-key order by position), and each is queued in the outbox under its own.
        for event in events:
            cursor.execute(event_sql, event)
            cursor.execute(outbox_sql, (cursor.lastrowid, None))
    finally:
        cursor.close()


# Built once, and compiled once per engine: compiling a statement costs more than running it.
_INSERT_ARTICLES = insert(articles)
_INSERT_VERSIONS = insert(article_versions)
_INSERT_KEYS = insert(idempotency_keys)
_INSERT_EVENTS = insert(event_store)
_INSERT_OUTBOX = insert(outbox)
_UPDATE_ARTICLE = (
    update(articles)
    .where(articles.c.article_id == bindparam("id"))
    .values({name: bindparam(name) for name in UPDATED_ARTICLE_COLUMNS})
)
_compiled: WeakKeyDictionary[Dialect, dict[tuple[int, tuple[str, ...]], DriverStatement]] = (
    WeakKeyDictionary()
)


def _statement(dialect: Dialect, statement: UpdateBase, keys: tuple[str, ...]) -> DriverStatement:
    cache = _compiled.setdefault(dialect, {})
    found = cache.get((id(statement), keys))
    if found is None:
        found = cache[(id(statement), keys)] = DriverStatement.of(statement, dialect, keys)
    return found
