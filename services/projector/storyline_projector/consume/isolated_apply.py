"""Apply events so that one failing handler cannot block or undo the others.

The whole batch is first applied inside one SAVEPOINT as one unit of work (the fast path: its
rows written with one statement per table, each touched story recomputed once). When a handler
or the bulk write raises, that savepoint is rolled back and the batch is applied again one
event per SAVEPOINT, each event its own unit of work, each failing event retried a bounded
number of times with a short backoff: the events that succeed stay applied, in the caller's
transaction, exactly once; the ones that keep failing are returned with their error, to become
dead letters. Both paths give the same read models (a test compares them).

A lost database connection is not an apply error: it propagates, the caller's transaction is gone,
and the whole batch is delivered again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.consume.delivery import Delivery
from storyline_projector.read_models.handlers import apply_event, apply_events

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try an event whose handler raises before dead-lettering it."""

    attempts: int = 3
    backoff_seconds: float = 0.05  # doubled after each failed attempt


DEFAULT_RETRY = RetryPolicy()


async def apply_isolated(
    connection: AsyncConnection,
    deliveries: Sequence[Delivery],
    retry: RetryPolicy,
    together: bool = True,
) -> list[tuple[Delivery, str]]:
    """Apply every event in ``deliveries``; returns the ones that kept failing, with the error.
    ``together`` False: go straight to one event at a time (the batch is known to fail)."""
    if not deliveries:
        return []
    if together:
        try:
            async with connection.begin_nested():
                await apply_events(connection, [delivery.event for delivery in deliveries])
            return []
        except Exception as error:
            raise_if_connection_lost(connection, error)
            log.warning("a handler failed; applying the batch one event at a time", exc_info=True)
    failures = []
    for delivery in deliveries:
        failure = await _apply_with_retries(connection, delivery, retry)
        if failure is not None:
            failures.append((delivery, failure))
    return failures


async def _apply_with_retries(
    connection: AsyncConnection, delivery: Delivery, retry: RetryPolicy
) -> str | None:
    delay = retry.backoff_seconds
    failure = ""
    for attempt in range(1, retry.attempts + 1):
        try:
            async with connection.begin_nested():
                await apply_event(connection, delivery.event)
            return None
        except Exception as error:
            raise_if_connection_lost(connection, error)
            failure = f"{type(error).__name__}: {error}"
            log.warning(
                "handler failed",
                extra={
                    "event_id": delivery.event.event_id,
                    "topic": delivery.stream,
                    "partition": delivery.partition,
                    "offset": delivery.position,
                    "attempt": attempt,
                    "error": failure,
                },
            )
        if attempt < retry.attempts:
            await asyncio.sleep(delay)
            delay *= 2
    return failure


def raise_if_connection_lost(connection: AsyncConnection, error: Exception) -> None:
    """Re-raise ``error`` if the transaction is gone with the connection: not an apply error."""
    lost = isinstance(error, DBAPIError) and error.connection_invalidated
    if lost or connection.invalidated or not connection.in_transaction():
        raise error
