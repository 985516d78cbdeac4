"""A changed extraction rule, re-extracted over stored articles and adopted on the real Kafka and
PostgreSQL: the diff names exactly what the rule changed, and afterwards both a downstream
consumer of the topic and the read models stand where a fresh start with the new rule stands."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.scratch_databases import scratch_database
from storyline_contracts import decode
from storyline_contracts.extracted_events import ExtractedEvent
from storyline_contracts.retraction_events import EventsRetracted
from storyline_contracts.topics import ALL_TOPICS, STORIES_TOPIC
from storyline_ingest.worker.extraction_runner import ExtractionRunner
from storyline_ingest.worker.reextraction import continue_run, start_run
from storyline_ingest.worker.reextraction_adoption import adopt_run
from storyline_ingest.worker.reextraction_diff import diff_run
from storyline_platform.database import create_engine
from storyline_platform.kafka_topics import ensure_topics
from tests.article_factory import article
from tests.integration.kafka_reading import partitions_of
from tests.integration.pipeline import DONE, Pipeline, running_pipeline
from tests.reextraction_rule import denials_without_targets
from tests.unit.test_reextraction import STRIKE_ONLY, without_times

pytestmark = pytest.mark.integration

ARTICLES = [
    article(external_id="wire-0"),
    article(external_id="wire-1", body=STRIKE_ONLY, title="Missile hits Kharkiv depot"),
]


async def post_all(pipeline: Pipeline) -> None:
    ids = []
    for document in ARTICLES:
        response = await pipeline.post(document)
        assert response.status_code == 202, response.text
        ids.append(response.json()["article_id"])
    outcomes = await pipeline.settle(ids)
    assert set(outcomes.values()) == {DONE}, outcomes


async def story_answers(pipeline: Pipeline) -> dict[str, Any]:
    answers = {}
    for item in (await pipeline.query.get("/v1/stories")).json()["items"]:
        story_id = item["story_id"]
        answers[story_id] = {
            "state": (await pipeline.query.get(f"/v1/stories/{story_id}")).json(),
            "timeline": (await pipeline.query.get(f"/v1/stories/{story_id}/timeline")).json(),
        }
    return dict(without_times(answers))


async def until_timeline(
    pipeline: Pipeline, story_id: str, items: list[Any], seconds: float = 90
) -> None:
    """Wait until the projector has applied the adoption: the story reads as previewed."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        timeline = (await pipeline.query.get(f"/v1/stories/{story_id}/timeline")).json()
        if without_times(timeline)["items"] == items:
            return
        assert asyncio.get_running_loop().time() < deadline, "the adoption never landed"
        await asyncio.sleep(0.5)


async def standing_extracted_events(servers: str, topic: str) -> set[str]:
    """What a downstream consumer holds after reading the whole topic: extracted events, less
    those retracted since."""
    consumer = AIOKafkaConsumer(bootstrap_servers=servers, enable_auto_commit=False)
    await consumer.start()
    standing: set[str] = set()
    try:
        partitions = await partitions_of(servers, [topic])
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batch = await consumer.getmany(timeout_ms=1000)
            for records in batch.values():
                for record in records:
                    event = decode(tuple(record.headers), record.value)
                    if isinstance(event, ExtractedEvent):
                        standing.add(event.event_id)
                    elif isinstance(event, EventsRetracted):
                        standing.difference_update(event.retracted_event_ids)
        return standing
    finally:
        await consumer.stop()


async def test_a_changed_rule_reextracted_and_adopted_ends_as_a_fresh_start_would(
    engine: AsyncEngine,
    database_url: str,
    server_database_url: str,
    kafka_servers: str,
    topic_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with running_pipeline(engine, database_url, kafka_servers, topic_prefix) as pipeline:
        await post_all(pipeline)
        denials_without_targets(monkeypatch)  # the extractor improves after the stories exist
        run = await start_run(engine)
        await continue_run(engine, run.run_id, ExtractionRunner())
        diff = await diff_run(engine, run.run_id)
        story_id = next(iter(await story_answers(pipeline)))
        preview = await pipeline.query.get(
            f"/v1/stories/{story_id}/timeline", params={"run": run.run_id}
        )
        await adopt_run(engine, run.run_id)
        await until_timeline(pipeline, story_id, without_times(preview.json())["items"])
        adopted = await story_answers(pipeline)
    consumer_view = await standing_extracted_events(kafka_servers, topic_prefix + STORIES_TOPIC)

    fresh_prefix = f"fresh-{uuid.uuid4().hex[:8]}."
    await ensure_topics(kafka_servers, [fresh_prefix + t for t in ALL_TOPICS], partitions=3)
    async with scratch_database(server_database_url, "storyline_fresh") as fresh_url:
        fresh_engine = create_engine(fresh_url)
        try:
            async with running_pipeline(
                fresh_engine, fresh_url, kafka_servers, fresh_prefix
            ) as fresh:
                await post_all(fresh)
                fresh_answers = await story_answers(fresh)
        finally:
            await fresh_engine.dispose()
    fresh_view = await standing_extracted_events(kafka_servers, fresh_prefix + STORIES_TOPIC)

    changed = [c for c in diff.changes if c.kind != "unchanged"]
    assert {(c.event_type, c.kind, c.moved) for c in changed} == {
        ("denial_issued", "changed", ("targets",))
    }
    assert adopted == fresh_answers
    assert consumer_view == fresh_view
    assert consumer_view  # the comparison is about something
