"""A group's writes on SQLite, in one trip: stored as SQLAlchemy stores them, events in order,
nothing stored when the write fails (the same checks run on PostgreSQL in the integration
tests)."""

from __future__ import annotations

import pytest

from storyline.embedded import EmbeddedStoryline
from tests import group_writes_checks as checks
from tests.conftest import Feed


async def test_rows_are_stored_as_sqlalchemy_stores_them(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await checks.check_rows_are_stored_as_sqlalchemy_stores_them(storyline.engine, feed.feed_id)


async def test_events_take_positions_in_the_order_given(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await checks.check_positions_follow_the_events_order(storyline.engine, feed.feed_id)


async def test_a_failing_write_raises_sqlalchemys_error_and_stores_nothing(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await checks.check_a_failing_write_stores_nothing(storyline.engine, feed.feed_id)


async def test_writes_outside_a_transaction_are_refused(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    rows = checks.first_group("loose", feed.feed_id)
    async with storyline.engine.connect() as connection:
        await connection.get_raw_connection()  # connected, but no transaction begun
        with pytest.raises(RuntimeError, match="transaction"):
            await checks.write_rows(connection, rows)
