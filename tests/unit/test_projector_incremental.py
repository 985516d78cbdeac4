"""Stories held in memory between batches end in the read models a rebuild from scratch gives.

A long random history (``random_history``) is applied by two projector instances taking turns on
the same database, in batches of random sizes, each dropping what it holds now and then (as on a
rebalance): every state either was current or had to be noticed as stale. After every batch each
current state must equal the state loaded from the stored facts, and a one-shot rebuild of the
same log into a new generation must end with the same digest.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.embedded import EmbeddedStoryline
from storyline_contracts.extracted_events import DenialIssued
from storyline_projector.consume.message_pipeline import MessagePipeline
from storyline_projector.consume.rebuild import rebuild_read_models
from storyline_projector.read_models import handlers
from storyline_projector.read_models.digest import read_model_digest
from storyline_projector.read_models.generations import DEFAULT, Generation, begin_generation
from storyline_projector.read_models.story_loading import load_story_states
from storyline_projector.read_models.unit_of_work import ProjectionUnit
from tests.unit.projector.random_history import (
    ListLog,
    messages,
    random_batches,
    random_history,
)
from tests.unit.projector.story_factory import UKRAINE, denial, kremlin_story

SIZE = 1500


async def digest(engine: AsyncEngine, generation: Generation) -> str:
    async with begin_generation(engine, generation) as connection:
        return await read_model_digest(connection)


async def apply_incrementally(
    engine: AsyncEngine, seed: int, size: int, behind: bool = False
) -> list[MessagePipeline]:
    """Apply the history in random batches by two instances; returns them, closed. ``behind``:
    as the Kafka projector applies them, each batch possibly still being written while the
    next is prepared (an instance's last batch lands before the other takes over, as a
    rebalance lands it before the partitions move)."""
    log = messages(random_history(seed, size))
    generator = random.Random(seed)
    instances = [MessagePipeline(engine), MessagePipeline(engine)]  # following the live one
    try:
        for batch in random_batches(generator, log):
            instance = instances[0] if generator.random() < 0.9 else instances[1]
            if generator.random() < 0.05:
                await instance.flush()
                instance.forget_stories()
            if behind:
                for other in instances:
                    if other is not instance:
                        await other.flush()
                await instance.apply_behind(batch)
            else:
                await instance.apply(batch)
                await assert_held_stories_match_their_facts(engine, instances)
        for instance in instances:
            await instance.flush()
        await assert_held_stories_match_their_facts(engine, instances)
    finally:
        for instance in instances:
            await instance.close()
    return instances


async def assert_held_stories_match_their_facts(
    engine: AsyncEngine, instances: list[MessagePipeline]
) -> None:
    async with begin_generation(engine, DEFAULT) as connection:
        for instance in instances:
            held = {state.story_id: state for state in instance.stories.held()}
            stored = await load_story_states(connection, sorted(held))
            for story_id, state in held.items():
                if state.revision != stored[story_id].revision:
                    continue  # stale: the next batch touching it loads it again
                assert state.row() == stored[story_id].row(), story_id
                ledgers = (state.articles, stored[story_id].articles)
                windows = [
                    (ledger.first_reported(), ledger.last_reported(), ledger.reported)
                    for ledger in ledgers
                ]
                assert windows[1] == windows[0], story_id
                assert state.allegations.rows() == stored[story_id].allegations.rows(), story_id
                assert state.allegations.events() == stored[story_id].allegations.events()
                assert state.disputes.contradicted_acts() == (
                    stored[story_id].disputes.contradicted_acts()
                ), story_id


@pytest.mark.parametrize("seed", [1, 2])
async def test_random_batches_with_stories_held_and_dropped_end_as_a_one_shot_rebuild(
    tmp_path: Path, seed: int
) -> None:
    async with EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'rm.db'}") as storyline:
        instances = await apply_incrementally(storyline.engine, seed, size=SIZE)
        report = await rebuild_read_models(
            storyline.engine, ListLog(messages(random_history(seed, SIZE))), batch_size=100_000
        )

        assert len(instances[0].stories) > 0  # the first instance did hold stories
        assert report.dead_letters == 0
        assert await digest(storyline.engine, report.generation) == await digest(
            storyline.engine, DEFAULT
        )


async def test_a_batch_that_fails_once_written_leaves_no_held_story_ahead_of_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_denial, flush = handlers.HANDLERS[DenialIssued], ProjectionUnit.flush
    doomed: list[ProjectionUnit] = []

    async def remember_bad(unit: ProjectionUnit, event: DenialIssued) -> None:
        await record_denial(unit, event)
        if event.event_id == "bad-denial":
            doomed.append(unit)

    async def fail_after_writing(unit: ProjectionUnit) -> None:
        await flush(unit)  # the held story has taken in the batch by now
        if unit in doomed:
            raise RuntimeError("the write of this denial failed")

    monkeypatch.setitem(handlers.HANDLERS, DenialIssued, remember_bad)
    monkeypatch.setattr(ProjectionUnit, "flush", fail_after_writing)
    story = kremlin_story()
    async with EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'rm.db'}") as storyline:
        pipeline = MessagePipeline(storyline.engine, DEFAULT)
        log = messages([*story, denial("bad-denial", UKRAINE, about=("accuses-ukraine",))])
        await pipeline.apply(log[: len(story) - 1])  # the story held in memory
        # A good event, then the bad one: one at a time, the story is written once, taking it to
        # the very revision the held state reached before the rollback.
        outcome = await pipeline.apply(log[len(story) - 1 :])

        assert [letter.message.position for letter in outcome.dead_letters] == [log[-1].position]
        await assert_held_stories_match_their_facts(storyline.engine, [pipeline])
