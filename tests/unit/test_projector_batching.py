"""A batch applied as one unit of work gives the read models of one event at a time.

The fast path buffers rows, writes each table once and recomputes each touched story once at
the end; the fallback applies every event on its own. Both must end in the same read models for
the same deliveries, whatever their order and however often each event comes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import Event, encode
from storyline_projector.consume import isolated_apply
from storyline_projector.consume.delivery import RawMessage
from storyline_projector.consume.message_pipeline import MessagePipeline
from storyline_projector.read_models.combined_write import write_tables
from storyline_projector.read_models.digest import read_model_digest
from storyline_projector.read_models.handlers import apply_event, apply_events
from storyline_projector.read_models.row_buffer import RowBuffer
from storyline_projector.read_models.tables import (
    applied_events,
    stories,
    story_articles,
    story_events,
)
from tests.unit.projector.story_factory import (
    STORY,
    Projector,
    at,
    get_json,
    merged,
    mixed_history,
    opened,
    shuffled_with_repeats,
)


async def digest(engine: AsyncEngine) -> str:
    async with engine.connect() as connection:
        return await read_model_digest(connection)


async def one_at_a_time(engine: AsyncEngine, events: Sequence[Event]) -> None:
    for event in events:
        async with engine.begin() as connection:
            await apply_event(connection, event)


async def as_one_batch(engine: AsyncEngine, events: Sequence[Event]) -> None:
    async with engine.begin() as connection:
        await apply_events(connection, events)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_one_batch_and_one_event_at_a_time_give_identical_read_models(
    tmp_path: Path, seed: int
) -> None:
    events = shuffled_with_repeats(mixed_history(), seed)

    async with (
        EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'single.db'}") as single,
        EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'batched.db'}") as batched,
    ):
        await one_at_a_time(single.engine, events)
        await as_one_batch(batched.engine, events)

        assert await digest(batched.engine) == await digest(single.engine)
        async with batched.query_client() as client:
            story = await get_json(client, f"/v1/stories/{STORY}")
    assert story["status"] == "disputed"
    assert story["merged_from"] == ["story-kremlin-second", "story-kremlin-third"]


async def test_the_pipeline_applies_a_batch_on_the_fast_path_as_event_by_event_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = shuffled_with_repeats(mixed_history(), seed=9)

    async with (
        EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'single.db'}") as single,
        EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'batched.db'}") as batched,
    ):
        one_by_one = Projector(single.engine)
        for number, event in enumerate(events):
            await one_by_one.apply(event, partition=number % 3)

        async def no_fallback(*_: Any) -> None:
            pytest.fail("the batch fell back to one event at a time")

        monkeypatch.setattr(isolated_apply, "_apply_with_retries", no_fallback)
        applied = await Projector(batched.engine).apply(*events)

        assert applied == len(mixed_history())  # each event once, repeats skipped by id
        assert await digest(batched.engine) == await digest(single.engine)


async def test_a_row_put_twice_is_merged_as_the_database_would_merge_it(
    storyline: EmbeddedStoryline,
) -> None:
    rows = RowBuffer()
    combine: Any = {"article_version": "max", "outlet": "coalesce", "assigned_at": "min"}
    for version, outlet, minutes in [(1, None, 5), (3, "Wire", 9), (2, "Other", 1)]:
        rows.put(
            story_articles,
            {
                "story_id": STORY,
                "article_id": "a",
                "article_version": version,
                "outlet": outlet,
                "near_duplicate_of": None,
                "assigned_at": at(minutes),
            },
            key=["story_id", "article_id"],
            combine=combine,
        )

    async with storyline.engine.begin() as connection:
        await rows.flush(connection)
        stored = (await connection.execute(story_articles.select())).mappings().one()

    assert (stored["article_version"], stored["outlet"]) == (3, "Wire")
    assert stored["assigned_at"].replace(tzinfo=None) == at(1).replace(tzinfo=None)


async def test_merging_a_put_leaves_the_mappings_handed_in_as_they_were() -> None:
    rows = RowBuffer()
    first = {"story_id": STORY, "article_id": "a", "article_version": 1, "outlet": None}
    second = {"story_id": STORY, "article_id": "a", "article_version": 2, "outlet": "Wire"}
    kept_first, kept_second = dict(first), dict(second)

    rows.put(story_articles, first, key=["story_id", "article_id"], combine={"outlet": "coalesce"})
    rows.put(story_articles, second, key=["story_id", "article_id"], combine={"outlet": "coalesce"})
    await rows.update(
        cast(AsyncConnection, None), story_articles, {"story_id": STORY, "article_id": "a"}, {}
    )
    (write,) = rows.take_writes()

    assert (first, second) == (kept_first, kept_second)
    assert write.rows == [{**first, "article_version": 2, "outlet": "Wire"}]


async def test_added_rows_are_written_in_key_order_and_a_clash_keeps_the_first(
    storyline: EmbeddedStoryline,
) -> None:
    def history(story_id: str, event_id: str, data: str) -> dict[str, Any]:
        return {
            "story_id": story_id,
            "event_id": event_id,
            "event_type": "t",
            "occurred_at": at(1),
            "data": data,
        }

    key = ("story_id", "event_id")
    async with storyline.engine.begin() as connection:
        stored = RowBuffer()
        stored.add(story_events, history("s1", "e1", "stored"), key=key)
        await stored.flush(connection)
        rows = RowBuffer()
        for story_id, event_id, data in [
            ("s2", "e1", "first"),
            ("s1", "e1", "new"),  # clashes with the stored row: skipped
            ("s1", "e2", "first"),
            ("s2", "e1", "again"),  # clashes with a row of the batch: skipped
        ]:
            rows.add(story_events, history(story_id, event_id, data), key=key)
        (write,) = rows.take_writes()
        assert [(row["story_id"], row["event_id"]) for row in write.rows] == [
            ("s1", "e1"),
            ("s1", "e2"),
            ("s2", "e1"),
            ("s2", "e1"),
        ]
        await write_tables(connection, [write])
        found = await connection.execute(story_events.select().order_by(*key))
        stored_rows = [(row.story_id, row.event_id, row.data) for row in found]

    assert stored_rows == [("s1", "e1", "stored"), ("s1", "e2", "first"), ("s2", "e1", "first")]


async def test_an_inserted_row_fails_on_a_clash(storyline: EmbeddedStoryline) -> None:
    rows = RowBuffer()
    rows.insert(applied_events, [{"event_id": "e1"}], key=["event_id"])
    rows.insert(applied_events, [{"event_id": "e1"}], key=["event_id"])

    with pytest.raises(IntegrityError):
        async with storyline.engine.begin() as connection:
            await rows.flush(connection)


async def test_a_batch_of_messages_all_applied_before_is_applied_together_all_the_same(
    storyline: EmbeddedStoryline,
) -> None:
    messages = []
    for position, event in enumerate(mixed_history()):
        record = encode(event)
        messages.append(RawMessage("stories", 0, position, record.headers, record.value))
    pipeline = MessagePipeline(storyline.engine)
    try:
        await pipeline.apply(messages)
        await pipeline.apply(messages)  # redelivered: no event is new, no id is inserted
    finally:
        await pipeline.close()

    assert pipeline.paths == Counter({"read first": 2})


def test_a_table_takes_rows_put_or_added_never_both() -> None:
    rows = RowBuffer()
    rows.put(stories, {"story_id": "s", "status": "developing"}, key=["story_id"])
    rows.add(stories, {"story_id": "t", "status": "developing"}, key=["story_id"])

    with pytest.raises(ValueError, match="never both"):
        rows.take_writes()


def test_rows_added_to_one_table_must_carry_the_same_columns() -> None:
    rows = RowBuffer()
    rows.add(applied_events, {"event_id": "e1"}, key=["event_id"])
    rows.add(applied_events, {"event_id": "e2", "other": 1}, key=["event_id"])

    with pytest.raises(ValueError, match="same columns"):
        rows.take_writes()


def test_rows_of_one_table_must_carry_the_same_columns() -> None:
    rows = RowBuffer()
    rows.put(stories, {"story_id": "s", "status": "developing"}, key=["story_id"])

    with pytest.raises(ValueError, match="same columns"):
        rows.put(stories, {"story_id": "s", "title": "t"}, key=["story_id"])


async def test_an_opening_after_its_story_was_merged_still_titles_the_merged_row(
    tmp_path: Path,
) -> None:
    later = "story-kremlin-second"
    events = [opened(later, title="Ukraine denies involvement"), merged([later])]

    async with (
        EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'first.db'}") as in_order,
        EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'second.db'}") as reversed_order,
    ):
        await one_at_a_time(in_order.engine, events)
        await one_at_a_time(reversed_order.engine, events[::-1])

        assert await digest(reversed_order.engine) == await digest(in_order.engine)
