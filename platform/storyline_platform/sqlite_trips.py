"""SQLite statements in one trip each to aiosqlite's thread.

aiosqlite runs every call on the ``sqlite3`` connection in a thread of its own, and each call is
a hand-off between the event loop and that thread (a queue, a wake-up, a future resolved from
the other side): tens of microseconds of CPU each, more when the machine is busy. SQLAlchemy's
aiosqlite adapter makes three or four of them per statement (open a cursor, execute, fetch the
rows, close the cursor). The cursor here does the four in the thread in one hand-off, so a
statement costs one trip; what it hands back (rows, description, row count, last row id) and
the errors it raises are those of ``sqlite3``, as before.

Both classes lean on internals of SQLAlchemy's adapter (its mutex, its cursor class) and of
aiosqlite (its ``_execute`` hand-off and its ``_conn``), at the versions locked in ``uv.lock``;
the SQLite test suite runs every statement through them.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
)
from sqlalchemy.util import EMPTY_DICT

_Outcome = tuple[Any, int, int | None, list[Any]]  # description, rowcount, lastrowid, rows


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
            self._outcome = await driver._execute(_run, driver._conn, operation, parameters, many)
        self._rows = collections.deque(self._outcome[3])

    async def _async_soft_close(self) -> None:
        """Nothing to close: the ``sqlite3`` cursor was closed in the thread."""

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection, handing out ``OneTripCursor``s."""

    __slots__ = ()
    _cursor_cls = OneTripCursor


def make_one_trip(adapted_connection: Any) -> None:
    """Give a new connection of an aiosqlite engine the one-trip cursor (a ``connect`` hook)."""
    if type(adapted_connection) is AsyncAdapt_aiosqlite_connection:
        # Same slots, one attribute changed: the connection object itself stays as it was made.
        adapted_connection.__class__ = OneTripConnection
