"""On PostgreSQL, two workers writing events of one story take turns on its clock: the one that
commits second stamps its events no earlier than the first, whatever their own clocks read."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts.story_events import ArticleAssignedToStory
from storyline_ingest.outbox.key_clocks import stamp_in_key_order

pytestmark = pytest.mark.integration

STORY = "story-1"


def assignment(article_id: str, at: datetime) -> ArticleAssignedToStory:
    return ArticleAssignedToStory(
        event_id=f"assigned-{article_id}",
        occurred_at=at,
        story_id=STORY,
        article_id=article_id,
        article_version=1,
        outlet="Wire",
    )


async def test_the_second_writer_of_a_key_waits_and_stamps_no_earlier_than_the_first(
    engine: AsyncEngine,
) -> None:
    late_clock = datetime.now(UTC)
    early_clock = late_clock - timedelta(seconds=2)  # read first, commits second

    async with engine.connect() as first, engine.connect() as second:
        await first.begin()
        [stamped_first] = await stamp_in_key_order(first, [assignment("a", late_clock)], late_clock)
        await second.begin()
        waiting = asyncio.create_task(
            stamp_in_key_order(second, [assignment("b", early_clock)], early_clock)
        )
        await asyncio.sleep(1.0)
        still_waiting = not waiting.done()
        await first.commit()
        [stamped_second] = await waiting
        await second.commit()

    assert still_waiting  # the key's row was held by the first transaction
    assert stamped_first.occurred_at == late_clock
    assert stamped_second.occurred_at == late_clock
