"""The accept path on the real PostgreSQL server: concurrent posts, retries and idempotency keys
from two API processes' worth of clients never store anything twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest.api import create_app
from storyline_ingest.feeds import create_feed
from storyline_ingest.settings import IngestSettings
from storyline_ingest.tables import articles, event_store, idempotency_keys, outbox
from tests.article_factory import article

pytestmark = pytest.mark.integration


async def counts(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        return {
            table.name: int(
                (await connection.execute(select(func.count()).select_from(table))).scalar_one()
            )
            for table in (articles, event_store, outbox, idempotency_keys)
        }


def clients(engine: AsyncEngine, api_key: str, replicas: int) -> list[httpx.AsyncClient]:
    """One client per ingest replica, each replica an app of its own on the shared database."""
    headers = {"Authorization": f"Bearer {api_key}"}
    return [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(IngestSettings(), engine)),
            base_url="http://ingest.local",
            headers=headers,
        )
        for _ in range(replicas)
    ]


@pytest.fixture
async def api_key(engine: AsyncEngine) -> str:
    async with engine.begin() as connection:
        return await create_feed(connection, "pg-wire", None, datetime.now(UTC))


async def test_the_same_article_raced_by_two_replicas_is_stored_once(
    engine: AsyncEngine, api_key: str
) -> None:
    replicas = clients(engine, api_key, 2)
    posts = [replicas[n % 2].post("/v1/articles", json=article()) for n in range(16)]

    responses = await asyncio.gather(*posts)

    assert {response.status_code for response in responses} == {202}
    assert len({response.json()["article_id"] for response in responses}) == 1
    assert sorted(response.json()["outcome"] for response in responses).count("created") == 1
    assert await counts(engine) == {
        "articles": 1,
        "event_store": 1,
        "outbox": 1,
        "idempotency_keys": 0,
    }


async def test_one_idempotency_key_raced_by_two_replicas_gets_one_answer(
    engine: AsyncEngine, api_key: str
) -> None:
    replicas = clients(engine, api_key, 2)
    headers = {"Idempotency-Key": "raced-key"}
    posts = [
        replicas[n % 2].post("/v1/articles", json=article(), headers=headers) for n in range(8)
    ]

    responses = await asyncio.gather(*posts)

    assert len({response.content for response in responses}) == 1
    assert responses[0].json()["outcome"] == "created"
    assert (await counts(engine))["idempotency_keys"] == 1


async def test_concurrent_distinct_articles_are_all_committed(
    engine: AsyncEngine, api_key: str
) -> None:
    replicas = clients(engine, api_key, 2)
    posts = [
        replicas[n % 2].post("/v1/articles", json=article(external_id=f"pg-{n}")) for n in range(40)
    ]

    responses = await asyncio.gather(*posts)

    assert [response.status_code for response in responses] == [202] * 40
    assert await counts(engine) == {
        "articles": 40,
        "event_store": 40,
        "outbox": 40,
        "idempotency_keys": 0,
    }


async def test_batch_on_postgres_keeps_valid_items_and_refuses_the_rest(
    engine: AsyncEngine, api_key: str
) -> None:
    (client,) = clients(engine, api_key, 1)
    batch = [article(external_id="pg-a"), article(external_id="pg-b", title=""), article()]

    response = await client.post("/v1/articles:batch", json=batch)

    assert [item["status"] for item in response.json()["items"]] == [202, 422, 202]
    assert (await counts(engine))["articles"] == 2
