"""The outbox relay publishes in store order and marks only what the broker acknowledged."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiokafka.errors import MessageSizeTooLargeError
from sqlalchemy import select

from storyline.embedded import EmbeddedStoryline
from storyline_ingest.outbox.relay import OutboxRelay, pending, publish, requeue
from storyline_ingest.storage.tables import event_store, outbox
from storyline_platform.stage_dead_letters import list_letters
from tests.article_factory import article
from tests.conftest import Feed


class RecordingProducer:
    """A producer we own: records what was sent; can refuse everything from the n-th send on,
    and refuse the n-th sends as too large (as aiokafka does before sending, or as the broker
    does in its answer)."""

    def __init__(
        self,
        fail_from: int | None = None,
        too_large: frozenset[int] = frozenset(),
        broker_refuses: frozenset[int] = frozenset(),
    ) -> None:
        self.sent: list[tuple[str, bytes, bytes]] = []
        self.sent_ids: list[str] = []
        self.fail_from = fail_from
        self.too_large = too_large
        self.broker_refuses = broker_refuses
        self.attempts = 0
        self.started = False

    async def start(self) -> None:
        self.started = True

    async def stop(self) -> None:
        self.started = False

    async def send(
        self, topic: str, value: bytes, key: bytes, headers: list[tuple[str, bytes]]
    ) -> asyncio.Future[Any]:
        attempt, self.attempts = self.attempts, self.attempts + 1
        if attempt in self.too_large:
            raise MessageSizeTooLargeError("The message is 1100000 bytes when serialized")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if self.fail_from is not None and len(self.sent) >= self.fail_from:
            future.set_exception(ConnectionError("broker unavailable"))
        elif attempt in self.broker_refuses:
            future.set_exception(MessageSizeTooLargeError("[Error 10] MessageSizeTooLargeError"))
        else:
            self.sent.append((topic, key, value))
            self.sent_ids.append(dict(headers)["ce_id"].decode())
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


class TopicOf:
    """The topic as far as the test is concerned: whatever the producers sent."""

    def __init__(self, *producers: RecordingProducer) -> None:
        self.producers = producers
        self.reads: list[tuple[list[str], int]] = []

    async def recent_ids(self, topics: list[str], depth: int) -> set[str]:
        self.reads.append((list(topics), depth))
        return {event_id for producer in self.producers for event_id in producer.sent_ids}


async def test_rows_a_dead_relay_published_but_never_marked_are_not_sent_again(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 5)
    dead = RecordingProducer()
    await publish(dead, await pending(storyline.engine, 3), "t.")  # then killed: nothing marked
    healthy = RecordingProducer()
    topic = TopicOf(dead, healthy)
    relay = OutboxRelay(
        storyline.engine, lambda: healthy, batch_size=10, topic_prefix="t.", topic_tail=topic
    )

    assert await relay.relay_once() == 3  # found on the topic and marked
    assert await relay.relay_once() == 2

    assert await sent_positions(storyline) == [1, 2, 3, 4, 5]
    assert sorted(dead.sent_ids + healthy.sent_ids) == sorted(set(dead.sent_ids + healthy.sent_ids))
    assert len(healthy.sent) == 2
    assert topic.reads == [(["t.storyline.articles.v1"], 10)]  # once per producer


async def test_after_a_broker_outage_the_new_producer_skips_what_the_old_one_delivered(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 4)
    lost_acks = RecordingProducer(fail_from=2)  # the broker took two, then went away
    healthy = RecordingProducer()
    producers = iter([lost_acks, healthy])
    relay = OutboxRelay(
        storyline.engine, lambda: next(producers), topic_tail=TopicOf(lost_acks, healthy)
    )

    with pytest.raises(RuntimeError, match="not acknowledged"):
        await relay.relay_once()
    await relay._drop_producer()  # as the relay's loop does after a failure
    async with storyline.engine.begin() as connection:  # as if the marks were lost too
        await connection.execute(outbox.update().values(sent_at=None))
    while await relay.relay_once():
        pass

    assert lost_acks.sent_ids + healthy.sent_ids == [
        await event_id_at(storyline, position) for position in (1, 2, 3, 4)
    ]


async def event_id_at(storyline: EmbeddedStoryline, position: int) -> str:
    async with storyline.engine.connect() as connection:
        query = select(event_store.c.event_id).where(event_store.c.position == position)
        return str((await connection.execute(query)).scalar_one())


@pytest.mark.parametrize("refusal", ["by the producer", "by the broker"])
async def test_an_event_the_broker_can_never_take_is_set_aside_and_the_rest_go_out(
    storyline: EmbeddedStoryline, feed: Feed, refusal: str
) -> None:
    await post_articles(storyline, feed, 4)
    second = frozenset({1})
    producer = (
        RecordingProducer(too_large=second)
        if refusal == "by the producer"
        else RecordingProducer(broker_refuses=second)
    )

    handled = await OutboxRelay(storyline.engine, lambda: producer).relay_once()

    assert handled == 4
    assert len(producer.sent) == 3
    assert await sent_positions(storyline) == [1, 3, 4]
    assert await pending(storyline.engine, 10) == []  # nothing left to retry forever
    async with storyline.engine.connect() as connection:
        [letter] = await list_letters(connection, "relay")
    assert letter.subject == await event_id_at(storyline, 2)
    assert "MessageSizeTooLargeError" in letter.error


async def test_a_set_aside_event_goes_out_once_requeued(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 2)
    await OutboxRelay(
        storyline.engine, lambda: RecordingProducer(too_large=frozenset({0}))
    ).relay_once()
    poisoned = await event_id_at(storyline, 1)

    async with storyline.engine.begin() as connection:
        assert await requeue(connection, [poisoned]) == [poisoned]
    healthy = RecordingProducer()
    assert await OutboxRelay(storyline.engine, lambda: healthy).relay_once() == 1

    assert await sent_positions(storyline) == [1, 2]
    async with storyline.engine.connect() as connection:
        assert await list_letters(connection, "relay") == []


async def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(
    storyline: EmbeddedStoryline, feed: Feed, caplog: pytest.LogCaptureFixture
) -> None:
    await post_articles(storyline, feed, 2)
    producers = iter([RecordingProducer(fail_from=0) for _ in range(6)] + [RecordingProducer()])
    relay = OutboxRelay(storyline.engine, lambda: next(producers), poll_seconds=0.001)
    stop = asyncio.Event()

    async def stop_when_sent() -> None:
        while await sent_positions(storyline) != [1, 2]:
            assert not stop.is_set()
            await asyncio.sleep(0.01)
        stop.set()

    with caplog.at_level("INFO", logger="storyline_ingest.outbox.relay"):
        await asyncio.wait_for(asyncio.gather(relay.run(stop), stop_when_sent()), timeout=60)

    lines = [r for r in caplog.records if r.name == "storyline_ingest.outbox.relay"]
    assert [(r.levelname, r.getMessage().split(";")[0]) for r in lines] == [
        ("ERROR", "broker or database unavailable"),
        ("WARNING", lines[-1].getMessage()),
    ]
    assert "available again after" in lines[-1].getMessage()
