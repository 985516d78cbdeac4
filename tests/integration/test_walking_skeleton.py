"""One article all the way: ingest API -> PostgreSQL + outbox -> Kafka -> projector -> query."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts.topics import ALL_TOPICS
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.http.app import create_app
from storyline_ingest.outbox.relay import OutboxRelay, kafka_producer
from storyline_ingest.settings import IngestSettings
from storyline_projector.app import create_query_app
from storyline_projector.consume.kafka_consumer import KafkaProjector
from storyline_projector.settings import ProjectorSettings
from tests.article_factory import article

pytestmark = pytest.mark.integration


async def wait_for(client: httpx.AsyncClient, path: str, seconds: float = 30.0) -> httpx.Response:
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        response = await client.get(path)
        if response.status_code == 200 or asyncio.get_running_loop().time() > deadline:
            return response
        await asyncio.sleep(0.2)


async def test_posted_article_reaches_the_query_api_through_kafka_and_postgresql(
    engine: AsyncEngine, database_url: str, kafka_servers: str, topic_prefix: str
) -> None:
    async with engine.begin() as connection:
        api_key = await create_feed(connection, "wire", None, datetime.now(UTC))
    ingest = create_app(
        IngestSettings(database_url=database_url, kafka_bootstrap_servers=kafka_servers), engine
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=ingest), base_url="http://ingest"
    ) as client:
        accepted = await client.post(
            "/v1/articles", json=article(), headers={"Authorization": f"Bearer {api_key}"}
        )
    assert accepted.status_code == 202
    article_id = accepted.json()["article_id"]

    relay = OutboxRelay(engine, lambda: kafka_producer(kafka_servers), topic_prefix=topic_prefix)
    assert await relay.relay_once() == 1

    projector = KafkaProjector(
        kafka_servers,
        engine,
        group_id=f"{topic_prefix}projector",
        topics=[topic_prefix + topic for topic in ALL_TOPICS],
    )
    stop = asyncio.Event()
    running = asyncio.create_task(projector.run(stop))
    query = create_query_app(ProjectorSettings(database_url=database_url), engine)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=query), base_url="http://query"
        ) as client:
            shown = await wait_for(client, f"/v1/articles/{article_id}")
    finally:
        stop.set()
        await running

    assert shown.status_code == 200
    assert shown.json()["title"] == article()["title"]
    assert shown.json()["version"] == 1
