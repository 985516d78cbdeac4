"""Rebuilding the read models from the log into a new generation, and switching to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import pytest
from sqlalchemy import inspect, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline.embedded import EmbeddedStoryline
from storyline_projector.consume import rebuild as rebuild_module
from storyline_projector.consume.delivery import RawMessage
from storyline_projector.consume.message_pipeline import MessagePipeline
from storyline_projector.consume.projection import BatchOutcome
from storyline_projector.consume.rebuild import KafkaLog, rebuild_read_models, switch_when_caught_up
from storyline_projector.consume.store_follower import EventStoreLog, StoreFollower
from storyline_projector.read_models.digest import read_model_digest
from storyline_projector.read_models.generation_schema import create_generation, generation_tables
from storyline_projector.read_models.generations import (
    DEFAULT,
    Generation,
    LiveReadModels,
    begin_generation,
    live_generation,
)
from storyline_projector.read_models.tables import read_articles
from tests.article_factory import article
from tests.conftest import Feed
from tests.unit.projector.random_history import ListLog, messages, random_history


async def post_articles(storyline: EmbeddedStoryline, feed: Feed, count: int) -> None:
    async with storyline.ingest_client() as client:
        for number in range(count):
            response = await client.post(
                "/v1/articles",
                json=article(external_id=f"wire-{number:04}", title=f"Report {number}"),
                headers=feed.headers,
            )
            assert response.status_code == 202
    await storyline.settle()


async def digest_of(engine: AsyncEngine, generation: Generation) -> str:
    async with begin_generation(engine, generation) as connection:
        return await read_model_digest(connection)


async def titles_of(connection: AsyncConnection) -> list[str]:
    rows = await connection.execute(select(read_articles.c.title).order_by(read_articles.c.title))
    return list(rows.scalars())


async def rebuild(storyline: EmbeddedStoryline) -> Generation:
    report = await rebuild_read_models(storyline.engine, EventStoreLog(storyline.engine), 7)
    return report.generation


async def live(engine: AsyncEngine) -> Generation:
    async with engine.connect() as connection:
        return await live_generation(connection)


async def test_rebuild_switches_to_a_new_generation_equal_to_the_old_one(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 20)
    before = await digest_of(storyline.engine, DEFAULT)

    generation = await rebuild(storyline)

    assert generation == Generation(1)
    assert await live(storyline.engine) == generation
    assert await digest_of(storyline.engine, generation) == before
    async with begin_generation(storyline.engine, generation) as connection:
        assert len(await titles_of(connection)) == 20


async def test_digest_changes_when_any_read_model_row_changes(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 2)
    before = await digest_of(storyline.engine, DEFAULT)

    async with begin_generation(storyline.engine, DEFAULT) as connection:
        await connection.execute(
            update(read_articles).where(read_articles.c.title == "Report 1").values(word_count=0)
        )

    assert await digest_of(storyline.engine, DEFAULT) != before


async def test_rebuilding_twice_gives_identical_read_models(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 20)

    first = await rebuild(storyline)
    second = await rebuild(storyline)

    assert second == Generation(2)
    assert await digest_of(storyline.engine, first) == await digest_of(storyline.engine, second)


async def test_readers_keep_the_old_tables_until_the_switch(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 3)
    readers = LiveReadModels(storyline.engine, ttl_seconds=0)
    building = await create_generation(storyline.engine)  # empty, not caught up

    async with readers.connect() as connection:
        during = await titles_of(connection)
    await StoreFollower(storyline.engine, storyline.engine, generation=building).catch_up()
    assert await switch_when_caught_up(storyline.engine, building)
    async with readers.connect() as connection:
        after = await titles_of(connection)

    assert during == ["Report 0", "Report 1", "Report 2"]
    assert after == during


async def test_switch_waits_until_the_new_generation_has_caught_up(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 3)
    building = await create_generation(storyline.engine)

    switched = await switch_when_caught_up(storyline.engine, building)

    assert not switched
    assert await live(storyline.engine) == DEFAULT


async def test_projector_writes_to_the_generation_that_became_live(
    storyline: EmbeddedStoryline, feed: Feed
) -> None:
    await post_articles(storyline, feed, 2)
    generation = await rebuild(storyline)

    async with storyline.ingest_client() as client:
        await client.post(
            "/v1/articles", json=article(external_id="late", title="Late"), headers=feed.headers
        )
    await storyline.settle()

    async with begin_generation(storyline.engine, generation) as connection:
        assert "Late" in await titles_of(connection)
    async with begin_generation(storyline.engine, DEFAULT) as connection:
        assert "Late" not in await titles_of(connection)


async def test_a_generation_has_the_tables_the_migrations_create(
    storyline: EmbeddedStoryline,
) -> None:
    generation = await create_generation(storyline.engine)

    async with begin_generation(storyline.engine, DEFAULT) as connection:
        migrated = await connection.run_sync(describe_tables, None)
    async with begin_generation(storyline.engine, DEFAULT) as connection:
        created = await connection.run_sync(describe_tables, generation.schema)

    assert created == migrated


def describe_tables(sync_connection: Any, schema: str | None) -> dict[str, Any]:
    """Columns, keys and indexes of every generation table, as reflected from the database."""
    inspector = inspect(sync_connection)
    description = {}
    for table in generation_tables():
        name = table.name
        description[name] = {
            "columns": [
                (column["name"], str(column["type"]), column["nullable"])
                for column in inspector.get_columns(name, schema=schema)
            ],
            "primary_key": inspector.get_pk_constraint(name, schema=schema),
            "indexes": sorted(
                (index["name"], tuple(index["column_names"]), index["unique"])
                for index in inspector.get_indexes(name, schema=schema)
            ),
            "unique": sorted(
                (constraint["name"] or "", tuple(constraint["column_names"]))
                for constraint in inspector.get_unique_constraints(name, schema=schema)
            ),
        }
    return description


async def test_a_rebuild_holds_no_more_stories_than_it_is_told_and_builds_the_same_rows(
    storyline: EmbeddedStoryline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stories not held are read back from their facts: the bound costs time, never rows.
    log = messages(random_history(11, 300))
    most_held: list[int] = []

    class Watched(MessagePipeline):
        async def apply(self, messages: Sequence[RawMessage]) -> BatchOutcome:
            outcome = await super().apply(messages)
            most_held.append(len(self.stories))
            return outcome

    monkeypatch.setattr(rebuild_module, "MessagePipeline", Watched)
    roomy = await rebuild_read_models(storyline.engine, ListLog(log), 7, stories_held=1000)
    held_when_roomy, most_held[:] = max(most_held), []
    tight = await rebuild_read_models(storyline.engine, ListLog(log), 7, stories_held=1)

    assert held_when_roomy > 1
    assert max(most_held) == 1
    assert await digest_of(storyline.engine, tight.generation) == await digest_of(
        storyline.engine, roomy.generation
    )


class SlowToStart(ListLog):
    """A log whose first read comes back empty, as a Kafka fetch does while the consumer is still
    finding the partitions' leaders."""

    def __init__(self, items: Sequence[RawMessage]) -> None:
        super().__init__(items)
        self._started = False

    async def read(self, limit: int) -> list[RawMessage]:
        if not self._started:
            self._started = True
            return []
        return await super().read(limit)


async def test_a_rebuild_into_an_empty_database_reads_the_whole_log_though_a_read_comes_back_empty(
    storyline: EmbeddedStoryline,
) -> None:
    # With no live positions to catch up with, an empty read once ended the rebuild there:
    # read models rebuilt from nothing, made live. Only the log's own end ends it.
    log = messages(random_history(5, 120))

    report = await rebuild_read_models(storyline.engine, SlowToStart(log), 50)

    assert report.messages == len(log)
    whole = await rebuild_read_models(storyline.engine, ListLog(log), 50)
    assert await digest_of(storyline.engine, report.generation) == await digest_of(
        storyline.engine, whole.generation
    )


class LeaderAway(ListLog):
    """A log whose reads come back empty a few times mid-way, its end still ahead, as while a
    partition's leader is away."""

    def __init__(self, items: Sequence[RawMessage], empty_reads: int) -> None:
        super().__init__(items)
        self._empty = empty_reads

    async def read(self, limit: int) -> list[RawMessage]:
        if self._next and self._empty:
            self._empty -= 1
            return []
        return await super().read(limit)


async def test_a_rebuild_waiting_for_the_log_says_what_it_waits_for_and_then_goes_on(
    storyline: EmbeddedStoryline, caplog: pytest.LogCaptureFixture
) -> None:
    log = messages(random_history(5, 60))

    with caplog.at_level("WARNING", logger=rebuild_module.__name__):
        report = await rebuild_read_models(
            storyline.engine, LeaderAway(log, empty_reads=3), 50, waiting_log_seconds=0.0
        )

    waits = [r for r in caplog.records if r.getMessage().startswith("rebuild waiting for")]
    assert len(waits) == 3
    assert all(r.__dict__["waiting_for"] == ["item 50"] for r in waits)
    assert report.messages == len(log)


class NoPartitionsYet:
    """A consumer that has not learned its partitions: nothing assigned, no high watermark."""

    def assignment(self) -> set[Any]:
        return set()


async def test_a_kafka_log_is_not_at_its_end_before_its_partitions_are_known() -> None:
    log = KafkaLog("127.0.0.1:9", ["storyline.stories.v1"])
    log._consumer = cast(Any, NoPartitionsYet())  # the consumer as it is before its first fetch

    assert not await log.at_end()
    assert log.waiting_for() == ["the partitions of the topics (none assigned yet)"]
