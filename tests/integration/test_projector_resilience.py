"""The projector against the real Kafka and PostgreSQL: crashes, redelivery, poison messages,
two instances, and rebuilds all end in the read models of a run where nothing went wrong.

The projector under test runs as a real ``storyline project`` process where a crash matters (it
is killed with SIGKILL), and in-process elsewhere.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from prometheus_client import REGISTRY
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.migrate import upgrade_async
from storyline.scratch_databases import scratch_database
from storyline_contracts import ArticleReceived, ArticleRevised, Event, encode
from storyline_contracts.article_events import ArticleContent
from storyline_contracts.topics import ALL_TOPICS, ARTICLES_TOPIC, PROJECTOR_DEAD_LETTER_TOPIC
from storyline_platform.database import create_engine
from storyline_platform.kafka_topics import ensure_topics
from storyline_projector.consume import message_pipeline
from storyline_projector.consume.delivery import RawMessage
from storyline_projector.consume.kafka_consumer import KafkaProjector
from storyline_projector.consume.projection import all_positions
from storyline_projector.consume.rebuild import KafkaLog, rebuild_read_models
from storyline_projector.read_models import handlers
from storyline_projector.read_models.digest import read_model_digest
from storyline_projector.read_models.generations import (
    DEFAULT,
    Generation,
    begin_generation,
    live_generation,
)
from storyline_projector.read_models.tables import applied_events, dead_letters, read_articles
from tests.integration.private_postgres import PrivatePostgres
from tests.unit.test_projector_rebuild import describe_tables

pytestmark = pytest.mark.integration

START = datetime(2023, 5, 1, tzinfo=UTC)
ARTICLES = 300
# A safety net so that a broken projector fails the test instead of hanging it; not a timing
# requirement (every wait returns as soon as its condition holds).
PATIENCE_SECONDS = 180.0


def article_history(count: int) -> list[Event]:
    """``count`` events over ``ARTICLES`` articles: each received, then revised again and again,
    so the read model depends on applying every article's events once and in order."""
    events: list[Event] = []
    for number in range(count):
        article_id = f"article-{number % ARTICLES:04}"
        version = number // ARTICLES + 1
        content = ArticleContent(
            title=f"{article_id} version {version}",
            body="word " * (version + 3),
            published_at=START + timedelta(minutes=number % ARTICLES),
        )
        common: dict[str, Any] = {
            "event_id": f"{article_id}-v{version}",
            "occurred_at": START + timedelta(seconds=number),
            "article_id": article_id,
            "article_version": version,
            "feed_id": "wire",
            "external_id": article_id,
            "content": content,
            "content_hash": f"{number:064}",
        }
        if version == 1:
            events.append(ArticleReceived(**common))
        else:
            events.append(ArticleRevised(**common, previous_version=version - 1))
    return events


async def publish(
    kafka_servers: str, prefix: str, events: Sequence[Event], copies: int = 1
) -> None:
    """Publish each event ``copies`` times in a row (a relay re-sending after a crash)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka_servers, enable_idempotence=True, acks="all", linger_ms=5
    )
    await producer.start()
    try:
        sent = []
        for event in events:
            record = encode(event)
            for _ in range(copies):
                sent.append(
                    await producer.send(
                        prefix + event.topic,
                        value=record.value,
                        key=record.key,
                        headers=list(record.headers),
                    )
                )
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


async def new_prefix(kafka_servers: str) -> str:
    prefix = f"test-{uuid.uuid4().hex[:10]}."
    await ensure_topics(kafka_servers, [prefix + topic for topic in ALL_TOPICS], partitions=3)
    return prefix


@pytest.fixture
async def reference_engine(server_database_url: str) -> AsyncIterator[AsyncEngine]:
    """A second fresh, migrated database, for the run where nothing goes wrong."""
    async with scratch_database(server_database_url, "storyline_test") as url:
        engine = create_engine(url)
        yield engine
        await engine.dispose()


async def consumed(engine: AsyncEngine) -> int:
    """Messages the live read models are past, over every partition."""
    async with begin_generation(engine) as connection:
        return sum((await all_positions(connection)).values())


async def digest(engine: AsyncEngine, generation: Generation | None = None) -> str:
    async with begin_generation(engine, generation) as connection:
        return await read_model_digest(connection)


async def count(engine: AsyncEngine, table: Any) -> int:
    async with begin_generation(engine) as connection:
        return int((await connection.execute(select(func.count()).select_from(table))).scalar())


async def eventually(condition: Callable[[], Awaitable[bool]]) -> None:
    deadline = asyncio.get_running_loop().time() + PATIENCE_SECONDS
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "the projector made no progress"
        await asyncio.sleep(0.05)


async def project_in_process(
    engine: AsyncEngine, kafka_servers: str, prefix: str, until_consumed: int
) -> None:
    """Run a projector in this process until the read models are past ``until_consumed``."""
    projector = KafkaProjector(
        kafka_servers,
        engine,
        group_id=f"{prefix}reference-{uuid.uuid4().hex[:6]}",
        topics=[prefix + topic for topic in ALL_TOPICS],
        topic_prefix=prefix,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(projector.run(stop))
    try:
        await eventually(lambda: _at_least(engine, until_consumed))
    finally:
        stop.set()
        await running


async def _at_least(engine: AsyncEngine, wanted: int) -> bool:
    return await consumed(engine) >= wanted


async def _all_assigned(instances: list[ProjectorProcess]) -> bool:
    return all(instance.assigned_partitions() for instance in instances)


class ProjectorProcess:
    """``storyline project`` as a child process, configured through its environment."""

    def __init__(
        self, database_url: str, kafka_servers: str, prefix: str, log: Path, batch_size: int = 100
    ) -> None:
        self.environment = {
            **os.environ,
            "STORYLINE_PROJECTOR_DATABASE_URL": database_url,
            "KAFKA_BOOTSTRAP_SERVERS": kafka_servers,
            "STORYLINE_PROJECTOR_TOPIC_PREFIX": prefix,
            "STORYLINE_PROJECTOR_GROUP_ID": f"{prefix}projector",
            "STORYLINE_PROJECTOR_BATCH_SIZE": str(batch_size),
            "STORYLINE_LOG_FORMAT": "json",
        }
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "storyline.cli",
                "project",
                "--health-port",
                "0",  # any free port: several projectors run at once
                env=self.environment,
                stdout=log,
                stderr=log,
            )

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def terminate(self) -> int:
        """SIGTERM: the projector finishes its batch, commits and leaves the group."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return await self.process.wait()

    def assigned_partitions(self) -> bool:
        return '"positions": {"' in self.log.read_text()


async def test_projector_killed_mid_batch_ends_as_if_it_never_died(
    engine: AsyncEngine,
    database_url: str,
    reference_engine: AsyncEngine,
    kafka_servers: str,
    topic_prefix: str,
    tmp_path: Path,
) -> None:
    events = article_history(6000)
    await publish(kafka_servers, topic_prefix, events)
    await project_in_process(reference_engine, kafka_servers, topic_prefix, len(events))
    # Small batches keep the run long enough (hundreds of write round trips) for the kill,
    # polled every 50 ms, to land mid-run however fast the projector's own work is.
    log = tmp_path / "p.log"
    projector = ProjectorProcess(database_url, kafka_servers, topic_prefix, log, batch_size=10)

    await projector.start()
    await eventually(lambda: _at_least(engine, 300))
    await projector.kill()
    after_crash = await consumed(engine)
    await projector.start()
    await eventually(lambda: _at_least(engine, len(events)))
    exit_code = await projector.terminate()

    assert 0 < after_crash < len(events), "the kill was meant to land mid-run"
    assert exit_code == 0
    assert await consumed(engine) == len(events)
    assert await count(engine, applied_events) == len(events)
    assert await digest(engine) == await digest(reference_engine)


async def test_every_message_delivered_twice_changes_nothing(
    engine: AsyncEngine, reference_engine: AsyncEngine, kafka_servers: str, topic_prefix: str
) -> None:
    events = article_history(1200)
    twice = await new_prefix(kafka_servers)
    await publish(kafka_servers, topic_prefix, events)
    await publish(kafka_servers, twice, events, copies=2)

    await project_in_process(reference_engine, kafka_servers, topic_prefix, len(events))
    await project_in_process(engine, kafka_servers, twice, 2 * len(events))

    assert await count(engine, applied_events) == len(events)
    assert await digest(engine) == await digest(reference_engine)


async def test_poison_messages_go_to_the_dead_letter_topic_and_the_partition_moves_on(
    engine: AsyncEngine, kafka_servers: str, topic_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, doomed, last = article_history(3)
    garbage = (b"not a cloudevent", [("ce_specversion", b"1.0")])
    original = handlers.HANDLERS[ArticleReceived]

    async def fail_for_doomed(connection: Any, event: ArticleReceived) -> None:
        if event.event_id == doomed.event_id:
            raise RuntimeError("the handler cannot apply this event")
        await original(connection, event)

    monkeypatch.setitem(handlers.HANDLERS, ArticleReceived, fail_for_doomed)
    topic = topic_prefix + ARTICLES_TOPIC
    producer = AIOKafkaProducer(bootstrap_servers=kafka_servers, enable_idempotence=True)
    await producer.start()
    try:
        # One key, one partition, in this order: good, failing handler, undecodable, good.
        for value, headers in [
            (encode(first).value, list(encode(first).headers)),
            (encode(doomed).value, list(encode(doomed).headers)),
            garbage,
            (encode(last).value, list(encode(last).headers)),
        ]:
            await producer.send_and_wait(
                topic, value=value, key=b"same-key", headers=headers, partition=0
            )
    finally:
        await producer.stop()

    await project_in_process(engine, kafka_servers, topic_prefix, 4)
    letters = await read_dead_letter_topic(kafka_servers, topic_prefix, 2)

    async with begin_generation(engine) as connection:
        titles = set((await connection.execute(select(read_articles.c.article_id))).scalars())
        kept = (await connection.execute(select(dead_letters.c.position))).scalars().all()
    assert titles == {first.article_id, last.article_id}  # type: ignore[attr-defined]
    assert sorted(kept) == [1, 2]
    by_offset = {
        headers["storyline-dlq-original-offset"]: (value, headers) for value, headers in letters
    }
    assert set(by_offset) == {b"1", b"2"}
    assert by_offset[b"1"][0] == encode(doomed).value
    assert b"the handler cannot apply this event" in by_offset[b"1"][1]["storyline-dlq-error"]
    assert by_offset[b"2"][0] == garbage[0]
    assert by_offset[b"2"][1]["storyline-dlq-error"].startswith(b"DecodeError")
    for _, headers in letters:
        assert headers["storyline-dlq-original-topic"] == topic.encode()
        assert headers["storyline-dlq-original-partition"] == b"0"
        assert b"storyline-dlq-failed-at" in {name.encode() for name in headers}


async def read_dead_letter_topic(
    kafka_servers: str, prefix: str, wanted: int
) -> list[tuple[bytes, dict[str, bytes]]]:
    consumer = AIOKafkaConsumer(
        prefix + PROJECTOR_DEAD_LETTER_TOPIC,
        bootstrap_servers=kafka_servers,
        group_id=None,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    letters: list[tuple[bytes, dict[str, bytes]]] = []
    try:
        # Letters are acknowledged by the broker before their batch commits: all are there.
        partitions = list(consumer.assignment())
        assert sum((await consumer.end_offsets(partitions)).values()) == wanted
        while len(letters) < wanted:
            batch = await consumer.getmany(timeout_ms=PATIENCE_SECONDS * 1000)
            assert batch, "no dead letter arrived"
            for records in batch.values():
                letters.extend((record.value, dict(record.headers)) for record in records)
    finally:
        await consumer.stop()
    return letters


async def test_two_instances_share_the_partitions_and_end_like_one(
    engine: AsyncEngine,
    database_url: str,
    reference_engine: AsyncEngine,
    kafka_servers: str,
    topic_prefix: str,
    tmp_path: Path,
) -> None:
    events = article_history(3000)
    await publish(kafka_servers, topic_prefix, events)
    await project_in_process(reference_engine, kafka_servers, topic_prefix, len(events))
    instances = [
        ProjectorProcess(database_url, kafka_servers, topic_prefix, tmp_path / f"p{n}.log")
        for n in (1, 2)
    ]

    for instance in instances:
        await instance.start()
    # Both in the group first: on a busy machine one can project the whole log while the other
    # is still starting, and a SIGTERM before its handlers are set kills it outright.
    await eventually(lambda: _all_assigned(instances))
    await eventually(lambda: _at_least(engine, len(events)))
    exit_codes = [await instance.terminate() for instance in instances]

    assert exit_codes == [0, 0]
    assert await count(engine, applied_events) == len(events)
    assert await digest(engine) == await digest(reference_engine)


async def test_rebuild_from_kafka_switches_with_the_projector_running(
    engine: AsyncEngine, kafka_servers: str, topic_prefix: str
) -> None:
    events = article_history(2000)
    early, late = events[:1500], events[1500:]
    await publish(kafka_servers, topic_prefix, early)
    await project_in_process(engine, kafka_servers, topic_prefix, len(early))
    topics = [topic_prefix + topic for topic in ALL_TOPICS]
    projector = KafkaProjector(kafka_servers, engine, f"{topic_prefix}live", topics, 100)
    stop = asyncio.Event()
    running = asyncio.create_task(projector.run(stop))
    try:
        async with KafkaLog(kafka_servers, topics) as log:
            first = await rebuild_read_models(engine, log, batch_size=300)
        await publish(kafka_servers, topic_prefix, late)
        await eventually(lambda: _at_least(engine, len(events)))
        async with KafkaLog(kafka_servers, topics) as log:
            second = await rebuild_read_models(engine, log, batch_size=300)
    finally:
        stop.set()
        await running

    async with engine.connect() as connection:
        live = await live_generation(connection)
    assert (first.generation, second.generation) == (Generation(1), Generation(2))
    assert live == second.generation
    assert await digest(engine, Generation(1)) != await digest(engine, DEFAULT)  # it moved on
    assert await digest(engine, Generation(2)) == await digest(engine, Generation(1))


async def test_a_generation_on_postgresql_has_the_tables_the_migrations_create(
    engine: AsyncEngine,
) -> None:
    from storyline_projector.read_models.generation_schema import create_generation

    generation = await create_generation(engine)

    async with engine.connect() as connection:
        migrated = await connection.run_sync(describe_tables, None)
        created = await connection.run_sync(describe_tables, generation.schema)
    assert created == migrated


async def test_a_projector_whose_database_stops_mid_run_ends_as_if_it_never_had(
    reference_engine: AsyncEngine, kafka_servers: str, topic_prefix: str
) -> None:
    # Batches are written behind: when the server goes, one may be on its way while the next is
    # prepared. Neither may be lost (both fetched again) nor doubled.
    events = article_history(3000)
    await publish(kafka_servers, topic_prefix, events)
    await project_in_process(reference_engine, kafka_servers, topic_prefix, len(events))
    server = PrivatePostgres()
    await asyncio.to_thread(server.start)
    engine = create_engine(server.url)
    try:
        await upgrade_async(server.url)
        projector = KafkaProjector(
            kafka_servers,
            engine,
            group_id=f"{topic_prefix}outage",
            topics=[topic_prefix + topic for topic in ALL_TOPICS],
            batch_size=20,
            topic_prefix=topic_prefix,
        )
        stop = asyncio.Event()
        running = asyncio.create_task(projector.run(stop))
        try:
            await eventually(lambda: _at_least(engine, 300))
            await asyncio.to_thread(server.stop)
            await asyncio.sleep(1.0)
            await asyncio.to_thread(server.start_keeping_data)
            after_outage = await consumed(engine)
            await eventually(lambda: _at_least(engine, len(events)))
        finally:
            stop.set()
            await running

        assert after_outage < len(events), "the outage was meant to land mid-run"
        assert projector.batch_paths["one statement"] > 0
        assert await consumed(engine) == len(events)
        assert await count(engine, applied_events) == len(events)
        assert await digest(engine) == await digest(reference_engine)
    finally:
        await engine.dispose()
        await asyncio.to_thread(server.remove)


async def test_a_projector_counts_the_time_it_sat_waiting_on_the_database_and_the_broker(
    engine: AsyncEngine, kafka_servers: str, topic_prefix: str
) -> None:
    # What ops read to tell a projector held back by its database from one short of CPU: idle
    # time, by what it waited on. Once the log is applied, it only waits for the broker.
    events = article_history(400)
    await publish(kafka_servers, topic_prefix, events)
    metric = "storyline_projector_waited_seconds_total"
    before = REGISTRY.get_sample_value(metric, {"on": "broker"}) or 0.0
    projector = KafkaProjector(
        kafka_servers,
        engine,
        group_id=f"{topic_prefix}waits",
        topics=[topic_prefix + topic for topic in ALL_TOPICS],
        batch_size=50,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(projector.run(stop))
    try:
        await eventually(lambda: _at_least(engine, len(events)))
        idle_from = projector.waited["broker"]
        await asyncio.sleep(1.5)  # nothing more to fetch: at least two polls come back empty
    finally:
        stop.set()
        await running

    assert projector.batch_paths["one statement"] > 0  # batches written behind: landed later
    assert set(projector.waited) == {"broker", "database"}
    assert projector.waited["broker"] - idle_from >= 0.5
    after = REGISTRY.get_sample_value(metric, {"on": "broker"}) or 0.0
    assert after - before >= projector.waited["broker"] - 1e-6


async def test_a_new_projector_fetches_each_message_once(
    engine: AsyncEngine,
    kafka_servers: str,
    topic_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With no stored position a partition is read from its start. Looking the start up lazily
    # (``seek_to_beginning``) let a first batch be fetched, then fetched again once the lookup
    # landed: decoded twice and skipped, work for nothing.
    events = article_history(900)
    await publish(kafka_servers, topic_prefix, events)
    fetched: list[tuple[str, int, int]] = []
    decode = message_pipeline.decode_messages

    def counting(messages: Sequence[RawMessage]) -> Any:
        fetched.extend((m.stream, m.partition, m.position) for m in messages)
        return decode(messages)

    monkeypatch.setattr(message_pipeline, "decode_messages", counting)
    await project_in_process(engine, kafka_servers, topic_prefix, len(events))

    assert len(fetched) == len(set(fetched)) == len(events)
