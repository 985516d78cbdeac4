"""The story read models on the real PostgreSQL answer exactly as on SQLite, and Kafka lag.

The same Kremlin story events are applied to a fresh migrated PostgreSQL database and to an
embedded SQLite one, in different orders, then every story endpoint is read from both.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.embedded import EmbeddedStoryline
from storyline_contracts import encode
from storyline_contracts.topics import STORIES_TOPIC
from storyline_projector.app import create_query_app
from storyline_projector.consume.held_batch import Refusal
from storyline_projector.consume.rebuild import rebuild_read_models
from storyline_projector.read_models.digest import read_model_digest
from storyline_projector.read_models.generation_schema import create_generation
from storyline_projector.read_models.generations import DEFAULT, Generation, begin_generation
from storyline_projector.read_models.handlers import apply_event, apply_events
from storyline_projector.settings import ProjectorSettings
from tests.unit.projector.random_history import ListLog, messages, random_history
from tests.unit.projector.story_factory import (
    STORY,
    Projector,
    at,
    canonical,
    kremlin_story,
    merged,
    mixed_history,
    opened,
    retracted,
    shuffled_with_repeats,
    story_answers,
)
from tests.unit.test_projector_incremental import SIZE, apply_incrementally

pytestmark = pytest.mark.integration
LATER = "story-kremlin-second"
AS_OF = {"as_of": at(45).isoformat()}  # after the merge, before the retraction


def every_event() -> list[Any]:
    return [
        *kremlin_story(),
        opened(LATER, minutes=30, title="Kremlin drone attack: Ukraine denies involvement"),
        merged([LATER], minutes=40),
        retracted(["car-sales"], minutes=50),
    ]


def query_client(database_url: str, engine: AsyncEngine, **settings: Any) -> httpx.AsyncClient:
    app = create_query_app(ProjectorSettings(database_url=database_url, **settings), engine)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://query")


async def test_postgresql_answers_every_story_read_exactly_as_sqlite(
    database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    shuffled = every_event()
    random.Random(7).shuffle(shuffled)
    projector = Projector(engine)
    for number, event in enumerate(shuffled):
        await projector.apply(event, partition=number % 3)

    async with EmbeddedStoryline(f"sqlite+aiosqlite:///{tmp_path / 'sqlite.db'}") as embedded:
        await Projector(embedded.engine).apply(*every_event())
        async with embedded.query_client() as client:
            on_sqlite = await story_answers(client)
            sqlite_then = (await client.get(f"/v1/stories/{STORY}", params=AS_OF)).json()
    async with query_client(database_url, engine) as client:
        on_postgresql = await story_answers(client)
        postgresql_then = (await client.get(f"/v1/stories/{STORY}", params=AS_OF)).json()

    assert canonical(on_postgresql) == canonical(on_sqlite)
    assert canonical(postgresql_then) == canonical(sqlite_then)
    assert on_postgresql[f"/v1/stories/{STORY}"]["status"] == "disputed"
    assert on_postgresql[f"/v1/stories/{STORY}"]["merged_from"] == [LATER]
    assert (postgresql_then["event_count"], postgresql_then["statistics"] != []) == (10, True)


async def test_one_batch_and_one_event_at_a_time_give_identical_read_models(
    engine: AsyncEngine,
) -> None:
    events = shuffled_with_repeats(mixed_history(), seed=4)
    single = await create_generation(engine)  # a second set of tables in the same database

    for event in events:
        async with begin_generation(engine, single) as connection:
            await apply_event(connection, event)
    async with begin_generation(engine, DEFAULT) as connection:
        await apply_events(connection, events)

    assert await digest(engine, DEFAULT) == await digest(engine, single)


async def digest(engine: AsyncEngine, generation: Generation) -> str:
    async with begin_generation(engine, generation) as connection:
        return await read_model_digest(connection)


async def test_kafka_lag_is_each_partitions_end_offset_minus_the_position(
    database_url: str, engine: AsyncEngine, kafka_servers: str, topic_prefix: str
) -> None:
    topic = topic_prefix + STORIES_TOPIC
    producer = AIOKafkaProducer(bootstrap_servers=kafka_servers, enable_idempotence=True)
    await producer.start()
    try:
        for event in kremlin_story()[:4]:
            record = encode(event)
            await producer.send_and_wait(
                topic, record.value, key=record.key, headers=list(record.headers), partition=0
            )
    finally:
        await producer.stop()
    await Projector(engine, stream=topic).apply(*kremlin_story()[:1])

    settings = {"kafka_bootstrap_servers": kafka_servers, "topic_prefix": topic_prefix}
    async with query_client(database_url, engine, **settings) as client:
        status = (await client.get("/ops/status")).json()

    assert (status["mode"], status["lag_source"]) == ("kafka", "kafka end offsets")
    lags = {(p["stream"], p["partition"]): p["lag"] for p in status["partitions"]}
    assert lags[(topic, 0)] == 3
    assert status["total_lag"] == 3


@pytest.mark.parametrize("behind", [False, True], ids=["each batch written", "written behind"])
async def test_stories_held_in_memory_end_as_a_one_shot_rebuild_on_postgresql(
    engine: AsyncEngine, behind: bool
) -> None:
    instances = await apply_incrementally(engine, seed=5, size=SIZE, behind=behind)
    report = await rebuild_read_models(
        engine, ListLog(messages(random_history(5, SIZE))), batch_size=100_000
    )

    first = instances[0]
    assert len(first.stories) > 0
    # Batches of held stories were written in one statement; others read first, among them
    # batches the one-statement guard turned down because the other instance had written since.
    assert first.paths["one statement"] > 0
    assert first.paths["read first"] > 0
    assert first.refusals[Refusal.STALE] > 0
    assert report.dead_letters == 0
    assert await digest(engine, report.generation) == await digest(engine, DEFAULT)
