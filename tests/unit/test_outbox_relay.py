"""The outbox relay publishes in store order and marks only what the broker acknowledged."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.outbox_relay import OutboxRelay, pending
from storyline_ingest.tables import outbox
from tests.article_factory import article
from tests.conftest import Feed


class RecordingProducer:
    """A producer we own: records what was sent; can refuse everything from the n-th send on."""

    def __init__(self, fail_from: int | None = None) -> None:
        self.sent: list[tuple[str, bytes, bytes]] = []
        self.fail_from = fail_from
        self.started = False

    async def start(self) -> None:
        self.started = True

    async def stop(self) -> None:
        self.started = False

    async def send(
        self, topic: str, value: bytes, key: bytes, headers: list[tuple[str, bytes]]
    ) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if self.fail_from is not None and len(self.sent) >= self.fail_from:
            future.set_exception(ConnectionError("broker unavailable"))
        else:
            self.sent.append((topic, key, value))
            future.set_result(None)
        return future


async def post_articles(storyline: EmbeddedStoryline, feed: Feed, count: int) -> None:
    async with storyline.ingest_client() as client:
        for number in range(count):
            response = await client.post(
                "/v1/articles",
                json=article(external_id=f"wire-{number}", title=f"Story {number}"),
                headers=feed.headers,
            )
            assert response.status_code == 202


async def sent_positions(storyline: EmbeddedStoryline) -> list[int]:
    async with storyline.engine.connect() as connection:
        rows = await connection.execute(
            select(outbox.c.position)
            .where(outbox.c.sent_at.is_not(None))
            .order_by(outbox.c.position)
        )
        return list(rows.scalars())


async def test_relay_publishes_every_pending_event_in_order_and_marks_them(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 3)
    producer = RecordingProducer()

    relayed = await OutboxRelay(storyline.engine, lambda: producer, topic_prefix="t.").relay_once()

    assert relayed == 3
    assert [topic for topic, _, _ in producer.sent] == ["t.storyline.articles.v1"] * 3
    assert await sent_positions(storyline) == [1, 2, 3]
    assert await pending(storyline.engine, 10) == []


async def test_failed_sends_leave_the_tail_unmarked_for_the_next_attempt(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 4)
    flaky = RecordingProducer(fail_from=2)

    with pytest.raises(RuntimeError, match="2 events not acknowledged"):
        await OutboxRelay(storyline.engine, lambda: flaky).relay_once()

    assert await sent_positions(storyline) == [1, 2]
    healthy = RecordingProducer()
    assert await OutboxRelay(storyline.engine, lambda: healthy).relay_once() == 2
    assert len(healthy.sent) == 2  # only the unmarked tail is sent again
    assert await sent_positions(storyline) == [1, 2, 3, 4]
