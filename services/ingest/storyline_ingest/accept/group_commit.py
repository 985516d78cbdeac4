"""Group commit: requests that arrive together share one transaction and one commit.

Each accepted article is a small write (a few rows), and the commit (an fsync on PostgreSQL,
the write lock on SQLite) costs more than the rows. Requests that queue up while a transaction
is running go into the next one together, and are written together (``GroupWrite``: one call
for the whole group, so it can read with one statement per table and write in one trip);
every caller is answered only after the commit that holds its request, so an answer still
means durable.

A request that fails must not take the others down. A group writer may refuse a request by
returning the error in its place, provided it wrote nothing for it; the others then commit. When
anything else goes wrong, the whole transaction rolls back (nothing of it was stored) and each
request of the group runs again in a transaction of its own, where a failure is that request's
alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_ingest.accept.write_transactions import write_transaction

log = logging.getLogger(__name__)

R = TypeVar("R")
T = TypeVar("T")
WriteUnit = Callable[[AsyncConnection], Awaitable[T]]
# Writes a group's requests in the caller's transaction: one result (or refusal) per request.
GroupWrite = Callable[[AsyncConnection, Sequence[R]], Awaitable[Sequence[T | Exception]]]
MAX_GROUP = 64


@dataclass
class _Pending(Generic[R, T]):
    request: R
    answer: asyncio.Future[T]


class GroupCommitter(Generic[R, T]):
    """Writes requests in shared transactions, one transaction at a time, in arrival order."""

    def __init__(
        self, engine: AsyncEngine, write: GroupWrite[R, T], max_group: int = MAX_GROUP
    ) -> None:
        self.engine = engine
        self.write = write
        self.max_group = max_group
        self._queue: list[_Pending[R, T]] = []
        self._writer: asyncio.Task[None] | None = None

    async def run(self, request: R) -> T:
        """Write ``request`` in a transaction (perhaps shared); its result once committed."""
        loop = asyncio.get_running_loop()
        pending: _Pending[R, T] = _Pending(request, loop.create_future())
        self._queue.append(pending)
        if self._writer is None or self._writer.done() or self._writer.get_loop() is not loop:
            self._writer = loop.create_task(self._write_queued())
        # shield: a caller that goes away does not cancel a request others' commit may hold.
        return await asyncio.shield(pending.answer)

    async def _write_queued(self) -> None:
        # One turn of the event loop first: requests already read and validated in this turn
        # join the group instead of each opening a transaction of their own.
        await asyncio.sleep(0)
        while self._queue:
            group = self._queue[: self.max_group]
            del self._queue[: self.max_group]
            try:
                await self._write_group(group)
            finally:
                for pending in group:  # only if this task itself was cancelled
                    if not pending.answer.done():
                        pending.answer.cancel()

    async def _write_group(self, group: list[_Pending[R, T]]) -> None:
        if len(group) > 1:
            try:
                async with write_transaction(self.engine) as connection:
                    results = await self.write(connection, [pending.request for pending in group])
            except Exception as error:
                log.debug("group of %d rolled back (%r); writing one by one", len(group), error)
            else:
                for pending, result in zip(group, results, strict=True):
                    _resolve(pending, result)
                return
        for pending in group:
            await self._write_alone(pending)

    async def _write_alone(self, pending: _Pending[R, T]) -> None:
        async def write_one(connection: AsyncConnection) -> T | Exception:
            (result,) = await self.write(connection, [pending.request])
            return result

        try:
            result = await run_in_transaction(self.engine, write_one)
        except Exception as error:
            result = error
        _resolve(pending, result)


async def write_units(connection: AsyncConnection, units: Sequence[WriteUnit[T]]) -> list[T]:
    """A ``GroupWrite`` for requests that are write units themselves: each runs in turn."""
    return [await unit(connection) for unit in units]


async def run_in_transaction(engine: AsyncEngine, unit: WriteUnit[T]) -> T:
    """Run ``unit`` in a transaction of its own, retrying once if a concurrent writer won a race.

    Two posts of the same new article (or with the same idempotency key) from two processes
    both insert the same row; the loser rolls back with ``IntegrityError`` and, on retry, sees
    the winner's row.
    """
    for attempt in (1, 2):
        try:
            async with write_transaction(engine) as connection:
                return await unit(connection)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _resolve(pending: _Pending[R, T], result: T | Exception) -> None:
    if pending.answer.done():
        return
    if isinstance(result, Exception):
        pending.answer.set_exception(result)
    else:
        pending.answer.set_result(result)
