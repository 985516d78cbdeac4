"""The outbox keeps its promises when Kafka fails: nothing lost, nothing doubled, order per key."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts.topics import ALL_TOPICS, ARTICLES_TOPIC
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.http.app import create_app
from storyline_ingest.outbox.relay import OutboxRelay, kafka_producer, mark_sent, pending, publish
from storyline_ingest.outbox.topic_tail import KafkaTopicTail
from storyline_ingest.settings import IngestSettings
from storyline_ingest.storage.tables import event_store, outbox
from storyline_platform.kafka_topics import ensure_topics
from tests.article_factory import article
from tests.integration.kafka_reading import read_all
from tests.integration.private_broker import PrivateBroker

pytestmark = pytest.mark.integration


@pytest.fixture
async def ingest(engine: AsyncEngine, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with engine.begin() as connection:
        key = await create_feed(connection, "wire", None, datetime.now(UTC))
    app = create_app(IngestSettings(database_url=database_url), engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://ingest",
        headers={"Authorization": f"Bearer {key}"},
    ) as client:
        yield client


async def post(client: httpx.AsyncClient, number: int, version: int = 1) -> None:
    response = await client.post(
        "/v1/articles",
        json=article(
            external_id=f"wire-{number}",
            version=version,
            body=f"Report {number}, version {version}.",
        ),
    )
    assert response.status_code == 202, response.text


async def unsent(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        query = select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
        return int((await connection.execute(query)).scalar_one())


async def stored_ids(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(event_store.c.event_id))
        return list(rows.scalars())


async def wait_until_sent(engine: AsyncEngine, seconds: float = 120.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while await unsent(engine):
        assert asyncio.get_running_loop().time() < deadline, "outbox not drained in time"
        await asyncio.sleep(0.2)


async def test_articles_posted_while_kafka_is_down_arrive_exactly_once_in_order(
    engine: AsyncEngine, ingest: httpx.AsyncClient, broker: PrivateBroker
) -> None:
    servers = broker.bootstrap_servers
    await ensure_topics(servers, ALL_TOPICS, partitions=3)
    relay = OutboxRelay(engine, lambda: kafka_producer(servers), poll_seconds=0.1)
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    try:
        for number in range(10):
            await post(ingest, number)
        await wait_until_sent(engine)

        await asyncio.to_thread(broker.stop)
        for number in range(10, 25):
            await post(ingest, number)  # still 202: ingest does not need Kafka
        for number in range(5):
            await post(ingest, number, version=2)  # revisions queue behind the originals
        await asyncio.sleep(1.0)
        assert await unsent(engine) == 20

        await asyncio.to_thread(broker.start_keeping_data)
        await wait_until_sent(engine)
    finally:
        stop.set()
        await running

    received = await read_all(servers, [ARTICLES_TOPIC])
    counts = Counter(message.event_id for message in received)
    assert sorted(counts) == sorted(await stored_ids(engine))
    assert set(counts.values()) == {1}
    versions_per_key: dict[bytes, list[str]] = defaultdict(list)
    for message in sorted(received, key=lambda m: (m.partition, m.offset)):
        # "storyline.article_received.v2" -> "article_received": the order matters, not the version
        versions_per_key[message.key].append(message.event_type.split(".")[1])
    revised = [types for types in versions_per_key.values() if len(types) == 2]
    assert len(revised) == 5
    assert all(types == ["article_received", "article_revised"] for types in revised)


async def test_relay_dying_between_publish_and_mark_leaves_each_event_on_the_topic_once(
    engine: AsyncEngine, ingest: httpx.AsyncClient, kafka_servers: str, topic_prefix: str
) -> None:
    for number in range(12):
        await post(ingest, number)
    batch = await pending(engine, limit=100)
    producer = kafka_producer(kafka_servers)
    await producer.start()
    try:
        acknowledged = (await publish(producer, batch, topic_prefix)).acknowledged
        await mark_sent(engine, acknowledged[:5])  # the process dies before marking the rest
    finally:
        await producer.stop()

    restarted = OutboxRelay(
        engine,
        lambda: kafka_producer(kafka_servers),
        topic_prefix=topic_prefix,
        topic_tail=KafkaTopicTail(kafka_servers),
    )
    assert await restarted.relay_once() == 7  # found at the end of the topic, marked
    assert await restarted.relay_once() == 0
    assert await unsent(engine) == 0

    received = await read_all(kafka_servers, [topic_prefix + ARTICLES_TOPIC])
    counts = Counter(message.event_id for message in received)
    assert sorted(counts) == sorted(await stored_ids(engine))
    assert set(counts.values()) == {1}
