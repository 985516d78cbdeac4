"""Batches of stories held in memory, written in one statement on PostgreSQL (``held_batch``).

The Kremlin story is applied one event per batch, as a quiet news flow delivers it. Each test
checks that the one-statement path was taken, that what another writer did in between (applied
the next event, delivered an event again, switched the live generation) was noticed and the
batch applied the usual way instead, and that the read models end exactly as a one-shot rebuild
of the same log builds them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_projector.consume.delivery import RawMessage
from storyline_projector.consume.held_batch import Refusal
from storyline_projector.consume.message_pipeline import MessagePipeline
from storyline_projector.consume.rebuild import rebuild_read_models
from storyline_projector.read_models.digest import read_model_digest
from storyline_projector.read_models.generations import (
    DEFAULT,
    Generation,
    begin_generation,
    live_generation,
)
from storyline_projector.read_models.tables import applied_events
from tests.unit.projector.random_history import ListLog, messages
from tests.unit.projector.story_factory import kremlin_story

pytestmark = pytest.mark.integration
LOG = messages(kremlin_story())  # one story, so one partition: offsets 0, 1, 2, ...


async def digest(engine: AsyncEngine, generation: Generation) -> str:
    async with begin_generation(engine, generation) as connection:
        return await read_model_digest(connection)


async def applied(engine: AsyncEngine, generation: Generation) -> int:
    async with begin_generation(engine, generation) as connection:
        return int(await connection.scalar(select(func.count()).select_from(applied_events)) or 0)


# Each test runs as ``apply`` writes batches (each in the database when it returns) and as the
# Kafka projector does (``apply_behind``: a batch's statement still on its way while the next
# is prepared), landing the last one before another writer goes.
MODES = pytest.mark.parametrize("behind", [False, True], ids=["each written", "written behind"])


async def one_by_one(pipeline: MessagePipeline, log: Sequence[RawMessage], behind: bool) -> None:
    for message in log:
        if behind:
            await pipeline.apply_behind([message])
        else:
            await pipeline.apply([message])
    await pipeline.flush()


async def assert_ends_as_a_one_shot_rebuild(engine: AsyncEngine, log: list[RawMessage]) -> None:
    live = await digest(engine, DEFAULT)
    report = await rebuild_read_models(engine, ListLog(log), batch_size=100_000)
    assert report.dead_letters == 0
    assert await digest(engine, report.generation) == live


@MODES
async def test_a_quiet_flow_of_held_stories_is_written_one_statement_per_batch(
    engine: AsyncEngine, behind: bool
) -> None:
    pipeline = MessagePipeline(engine)
    try:
        await one_by_one(pipeline, LOG, behind)
    finally:
        await pipeline.close()

    # Only the opening reads first: nothing is held before it.
    assert pipeline.paths == {"read first": 1, "one statement": len(LOG) - 1}
    assert not pipeline.refusals
    # written behind, every batch but the first two was prepared while the one before was
    # being written
    assert pipeline.overlaps == ({"kept": len(LOG) - 2} if behind else {})
    assert await applied(engine, DEFAULT) == len(LOG)
    await assert_ends_as_a_one_shot_rebuild(engine, LOG)


@MODES
async def test_a_batch_after_another_writer_moved_the_story_is_applied_the_usual_way(
    engine: AsyncEngine, behind: bool
) -> None:
    first, second = MessagePipeline(engine), MessagePipeline(engine)
    try:
        await one_by_one(first, LOG[:4], behind)
        await one_by_one(second, LOG[4:5], behind)  # the story's revision and the position move on
        await one_by_one(first, LOG[5:], behind)
    finally:
        await first.close()
        await second.close()

    assert first.refusals[Refusal.STALE] == 1
    assert first.paths["one statement"] > 1
    assert await applied(engine, DEFAULT) == len(LOG)
    await assert_ends_as_a_one_shot_rebuild(engine, LOG)


@MODES
async def test_an_event_delivered_again_at_a_later_offset_is_applied_once(
    engine: AsyncEngine, behind: bool
) -> None:
    story = kremlin_story()
    log = messages([*story[:4], story[2], *story[4:]])  # the strike published twice
    pipeline = MessagePipeline(engine)
    try:
        await one_by_one(pipeline, log, behind)
    finally:
        await pipeline.close()

    assert pipeline.refusals[Refusal.FAILED] == 1  # its id's insert failed: nothing written
    # written behind, the batch after it was prepared on what it changed, and dropped with it
    assert pipeline.overlaps["dropped"] == (1 if behind else 0)
    assert await applied(engine, DEFAULT) == len(story)
    await assert_ends_as_a_one_shot_rebuild(engine, log)


@MODES
async def test_a_switch_of_the_live_generation_is_followed_and_the_old_one_left_alone(
    engine: AsyncEngine, behind: bool
) -> None:
    pipeline = MessagePipeline(engine)
    try:
        await one_by_one(pipeline, LOG[:6], behind)
        report = await rebuild_read_models(engine, ListLog(LOG[:6]), batch_size=100_000)
        await one_by_one(pipeline, LOG[6:], behind)
    finally:
        await pipeline.close()

    async with engine.connect() as connection:
        assert await live_generation(connection) == report.generation
    assert pipeline.refusals[Refusal.STALE] == 1  # the guard saw the generation move
    assert pipeline.paths["one statement"] > 1  # and stories held again in the new one
    assert await applied(engine, DEFAULT) == 6  # nothing written to the old generation since
    assert await applied(engine, report.generation) == len(LOG)
    full = await rebuild_read_models(engine, ListLog(LOG), batch_size=100_000)
    assert await digest(engine, full.generation) == await digest(engine, report.generation)


@MODES
async def test_a_connection_lost_between_batches_costs_the_next_one_its_shortcut_only(
    engine: AsyncEngine, behind: bool
) -> None:
    pipeline = MessagePipeline(engine)
    try:
        await one_by_one(pipeline, LOG[:5], behind)
        async with engine.connect() as connection:  # the server ends every other session
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        await one_by_one(pipeline, LOG[5:], behind)
    finally:
        await pipeline.close()

    assert pipeline.refusals[Refusal.FAILED] == 1  # then read first, on a fresh connection
    assert pipeline.paths["one statement"] == len(LOG) - 2
    assert await applied(engine, DEFAULT) == len(LOG)
    await assert_ends_as_a_one_shot_rebuild(engine, LOG)


@MODES
async def test_positions_read_when_partitions_are_assigned_spare_the_first_batch_its_read(
    engine: AsyncEngine, behind: bool
) -> None:
    pipeline = MessagePipeline(engine)
    pipeline.know_positions({(LOG[0].stream, LOG[0].partition): 0})  # none stored yet
    try:
        await one_by_one(pipeline, LOG, behind)
    finally:
        await pipeline.close()

    # the opening too: its story is new, and its partition has no position yet
    assert pipeline.paths == {"one statement": len(LOG)}
    assert not pipeline.refusals
    assert await applied(engine, DEFAULT) == len(LOG)
    await assert_ends_as_a_one_shot_rebuild(engine, LOG)


@MODES
async def test_a_partition_taken_to_have_no_position_that_has_one_is_read_first(
    engine: AsyncEngine, behind: bool
) -> None:
    pipeline = MessagePipeline(engine)
    try:
        await one_by_one(pipeline, LOG[:4], behind)
        pipeline.know_positions({(LOG[0].stream, LOG[0].partition): 0})  # 4 is stored
        await one_by_one(pipeline, LOG[4:], behind)
    finally:
        await pipeline.close()

    assert pipeline.refusals == {Refusal.STALE: 1}  # the guard found a position stored
    assert pipeline.paths["read first"] == 2  # the opening, then the batch refused
    assert await applied(engine, DEFAULT) == len(LOG)
    await assert_ends_as_a_one_shot_rebuild(engine, LOG)
