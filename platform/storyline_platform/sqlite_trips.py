"""SQLite statements in one trip each to aiosqlite's thread.

aiosqlite runs every call on the ``sqlite3`` connection in a thread of its own, and each call is
a hand-off between the event loop and that thread (a queue, a wake-up, a future resolved from
the other side): tens of microseconds of CPU each, more when the machine is busy. SQLAlchemy's
aiosqlite adapter makes three or four of them per statement (open a cursor, execute, fetch the
rows, close the cursor). The cursor here does the four in the thread in one hand-off, so a
statement costs one trip; what it hands back (rows, description, row count, last row id) and
the errors it raises are those of ``sqlite3``, as before.

A transaction's ``BEGIN IMMEDIATE`` travels with its first statement, in the same trip
(``begin_with_next_statement``): nothing else can run on the connection in between, so the write
lock is taken just as before, one trip earlier than the statement that needs it. A transaction
that ends before any statement began nothing, and its COMMIT or ROLLBACK takes no trip.

Both classes lean on internals of SQLAlchemy's adapter (its mutex, its cursor class) and of
aiosqlite (its ``_execute`` hand-off and its ``_conn``), at the versions locked in ``uv.lock``;
the SQLite test suite runs every statement through them.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Callable
from typing import Any
from weakref import WeakSet

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
)
from sqlalchemy.util import EMPTY_DICT

_Outcome = tuple[Any, int, int | None, list[Any]]  # description, rowcount, lastrowid, rows
BEGIN = "BEGIN IMMEDIATE"
# The aiosqlite connections whose transaction has begun for SQLAlchemy but not yet in SQLite.
_begin_pending: WeakSet[Any] = WeakSet()


def begin_with_next_statement(adapted_connection: Any) -> bool:
    """Have the connection's next statement (or ``run_in_transaction_thread``) open the
    transaction with ``BEGIN IMMEDIATE`` in its own trip; False if the connection has no
    one-trip cursor (the caller then begins at once)."""
    if not isinstance(adapted_connection, OneTripConnection):
        return False
    _begin_pending.add(adapted_connection._connection)
    return True


def forget_pending_begin(driver: Any) -> bool:
    """Whether a BEGIN was still waiting for a statement; it no longer is."""
    if driver in _begin_pending:
        _begin_pending.discard(driver)
        return True
    return False


async def run_in_transaction_thread(driver: Any, function: Callable[..., Any], *args: Any) -> Any:
    """``function(sqlite3_connection, *args)`` in aiosqlite's thread (``driver`` is the
    ``aiosqlite.Connection``), in one trip, after the BEGIN still waiting for a statement, if
    any."""
    if forget_pending_begin(driver):
        return await driver._execute(_begin_then, function, driver._conn, *args)
    return await driver._execute(function, driver._conn, *args)


def _begin_then(function: Callable[..., Any], connection: sqlite3.Connection, *args: Any) -> Any:
    """In aiosqlite's thread: the transaction's BEGIN, then its first statement (or writes)."""
    connection.execute(BEGIN)
    return function(connection, *args)


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> _Outcome:
    """One statement, start to finish, in aiosqlite's thread."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's aiosqlite cursor, with no aiosqlite cursor behind it: one trip a statement."""

    __slots__ = ("_outcome", "_size")

    def __init__(self, adapt_connection: Any) -> None:
        # No call to the base: it opens an aiosqlite cursor, which is a trip of its own.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._outcome: _Outcome = (None, -1, None, [])
        self._size = 1  # sqlite3's default arraysize

    @property
    def description(self) -> Any:
        return self._outcome[0]

    @property
    def rowcount(self) -> int:
        return self._outcome[1]

    @property
    def lastrowid(self) -> Any:
        return self._outcome[2]

    @property
    def arraysize(self) -> int:
        return self._size

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._size = value

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        return await self._in_thread(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        return await self._in_thread(operation, seq_of_parameters, many=True)

    async def _in_thread(self, operation: Any, parameters: Any, many: bool) -> None:
        driver = self._connection
        async with self._adapt_connection._execute_mutex:
            self._outcome = await run_in_transaction_thread(
                driver, _run, operation, parameters, many
            )
        self._rows = collections.deque(self._outcome[3])

    async def _async_soft_close(self) -> None:
        """Nothing to close: the ``sqlite3`` cursor was closed in the thread."""

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection, handing out ``OneTripCursor``s."""

    __slots__ = ()
    _cursor_cls = OneTripCursor

    def commit(self) -> None:
        if not forget_pending_begin(self._connection):  # else nothing was begun in SQLite
            super().commit()

    def rollback(self) -> None:
        if not forget_pending_begin(self._connection):
            super().rollback()


def make_one_trip(adapted_connection: Any) -> None:
    """Give a new connection of an aiosqlite engine the one-trip cursor (a ``connect`` hook)."""
    if type(adapted_connection) is AsyncAdapt_aiosqlite_connection:
        # Same slots, one attribute changed: the connection object itself stays as it was made.
        adapted_connection.__class__ = OneTripConnection
