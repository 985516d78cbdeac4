"""Group commit: write units that arrive together share one transaction and one commit.

Each accepted article is a small write unit (a few rows), and the commit (an fsync on
PostgreSQL, the write lock on SQLite) costs more than the rows. Units that queue up while a
transaction is running go into the next one together; every caller is answered only after the
commit that holds its unit, so an answer still means durable.

A unit that fails must not take the others down: when anything in a shared transaction fails,
the whole transaction rolls back (nothing of it was stored) and each unit of the group runs again
in a transaction of its own, where a failure is that unit's alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_ingest.write_transactions import write_transaction

log = logging.getLogger(__name__)

T = TypeVar("T")
WriteUnit = Callable[[AsyncConnection], Awaitable[T]]
MAX_GROUP = 64


@dataclass
class _Pending(Generic[T]):
    unit: WriteUnit[T]
    answer: asyncio.Future[T]


class GroupCommitter(Generic[T]):
    """Runs write units in shared transactions, one transaction at a time, in arrival order."""

    def __init__(self, engine: AsyncEngine, max_group: int = MAX_GROUP) -> None:
        self.engine = engine
        self.max_group = max_group
        self._queue: list[_Pending[T]] = []
        self._writer: asyncio.Task[None] | None = None

    async def run(self, unit: WriteUnit[T]) -> T:
        """Run ``unit`` in a transaction (perhaps shared) and return its result once committed."""
        loop = asyncio.get_running_loop()
        pending = _Pending(unit, loop.create_future())
        self._queue.append(pending)
        if self._writer is None or self._writer.done() or self._writer.get_loop() is not loop:
            self._writer = loop.create_task(self._write_queued())
        # shield: a caller that goes away does not cancel a unit others' commit may hold.
        return await asyncio.shield(pending.answer)

    async def _write_queued(self) -> None:
        while self._queue:
            group = self._queue[: self.max_group]
            del self._queue[: self.max_group]
            try:
                await self._write_group(group)
            finally:
                for pending in group:  # only if this task itself was cancelled
                    if not pending.answer.done():
                        pending.answer.cancel()

    async def _write_group(self, group: list[_Pending[T]]) -> None:
        if len(group) > 1:
            try:
                async with write_transaction(self.engine) as connection:
                    results = [await pending.unit(connection) for pending in group]
            except Exception as error:
                log.debug("group of %d rolled back (%r); writing one by one", len(group), error)
            else:
                for pending, result in zip(group, results, strict=True):
                    _resolve(pending, result)
                return
        for pending in group:
            await self._write_alone(pending)

    async def _write_alone(self, pending: _Pending[T]) -> None:
        try:
            result = await run_in_transaction(self.engine, pending.unit)
        except Exception as error:
            if not pending.answer.done():
                pending.answer.set_exception(error)
        else:
            _resolve(pending, result)


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


def _resolve(pending: _Pending[T], result: T) -> None:
    if not pending.answer.done():
        pending.answer.set_result(result)
