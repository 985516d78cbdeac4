"""The accept path on the real PostgreSQL server: concurrent posts, retries and idempotency keys
from two API processes' worth of clients never store anything twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest.accept.accept_requests import ArticlePost, store_posts
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.accept.group_commit import GroupCommitter
from storyline_ingest.http.app import create_app
from storyline_ingest.http.request_parsing import parse_article
from storyline_ingest.settings import IngestSettings
from storyline_ingest.storage.tables import articles, event_store, idempotency_keys, outbox
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


async def test_a_group_of_mixed_posts_on_postgres_gives_each_its_outcome_in_log_order(
    engine: AsyncEngine, api_key: str
) -> None:
    (client,) = clients(engine, api_key, 1)
    for document in (article(external_id="pg-revise", version=1), article(external_id="pg-same")):
        assert (await client.post("/v1/articles", json=document)).status_code == 202
    documents = [
        article(external_id="pg-new"),
        article(external_id="pg-revise", version=2, body="Corrected text."),
        article(external_id="pg-same"),
        {"external_id": "pg-same", "status": "canceled"},
        article(external_id="pg-new", version=2, body="Corrected again."),
    ]
    posts = [ArticlePost("pg-wire", parse_article(each, "pg-wire"), None) for each in documents]
    committer = GroupCommitter(engine, store_posts)

    answers = await asyncio.gather(*(committer.run(each) for each in posts))

    outcomes = [answer.body["outcome"] for answer in answers]
    assert outcomes == ["created", "revised", "duplicate", "withdrawn", "revised"]
    async with engine.connect() as connection:
        logged = await connection.execute(
            select(event_store.c.event_type).order_by(event_store.c.position)
        )
        names = [event_type.split(".")[1] for event_type in logged.scalars()]
    assert names[2:] == [
        "article_received",
        "article_revised",
        "article_withdrawn",
        "article_revised",
    ]
    assert await counts(engine) == {
        "articles": 3,
        "event_store": 6,
        "outbox": 6,
        "idempotency_keys": 0,
    }
