"""A feed over its rate gets 429 with Retry-After, before its body is read, and nothing is stored;
each feed has its own allowance."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import orjson
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from storyline.migrate import upgrade_async
from storyline_ingest.accept.feed_key_cache import FeedKeyCache
from storyline_ingest.accept.feed_rate_limits import FeedRateLimits
from storyline_ingest.accept.feeds import create_feed, set_rate
from storyline_ingest.http.app import create_app
from storyline_ingest.settings import IngestSettings
from storyline_ingest.storage.tables import articles
from storyline_platform.database import create_engine
from tests.article_factory import article

BATCH_ITEMS = 5  # the smallest burst: one full batch


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Ingest:
    def __init__(
        self, client: httpx.AsyncClient, app: FastAPI, clock: Clock, keys: dict[str, str]
    ) -> None:
        self.client = client
        self.app = app
        self.clock = clock
        self.keys = keys
        self.posted = 0

    async def stored(self) -> int:
        async with self.app.state.engine.connect() as connection:
            query = select(func.count()).select_from(articles)
            return int((await connection.execute(query)).scalar_one())

    async def post(self, feed: str) -> httpx.Response:
        self.posted += 1
        return await self.client.post(
            "/v1/articles",
            json=article(external_id=f"{feed}-{self.posted}"),
            headers={"Authorization": f"Bearer {self.keys[feed]}"},
        )

    async def post_batch(self, feed: str, items: int) -> httpx.Response:
        lines = []
        for _ in range(items):
            self.posted += 1
            lines.append(orjson.dumps(article(external_id=f"{feed}-{self.posted}")))
        return await self.client.post(
            "/v1/articles:batch",
            content=b"\n".join(lines),
            headers={
                "Authorization": f"Bearer {self.keys[feed]}",
                "Content-Type": "application/x-ndjson",
            },
        )


@pytest.fixture
async def ingest(tmp_path: Path) -> AsyncIterator[Ingest]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'rate.db'}"
    await upgrade_async(url)
    engine = create_engine(url)
    now = datetime.now(UTC)
    async with engine.begin() as connection:
        keys = {
            "slow": await create_feed(connection, "slow", None, now, articles_per_second=1),
            "busy": await create_feed(connection, "busy", None, now, articles_per_second=1),
            "default": await create_feed(connection, "default", None, now),
        }
    settings = IngestSettings(
        database_url=url,
        max_batch_items=BATCH_ITEMS,
        feed_articles_per_second=2,
        feed_burst_seconds=1,
    )
    app = create_app(settings, engine)
    clock = Clock()
    app.state.rate_limits = FeedRateLimits(2, 1, BATCH_ITEMS, clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as client:
        yield Ingest(client, app, clock, keys)
    await engine.dispose()


async def test_a_feed_over_its_rate_gets_429_with_retry_after_and_nothing_is_stored(
    ingest: Ingest,
) -> None:
    burst = [await ingest.post("slow") for _ in range(BATCH_ITEMS)]
    refused = await ingest.post("slow")

    assert [r.status_code for r in burst] == [202] * BATCH_ITEMS
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("rate_limited", "feed")
    assert await ingest.stored() == BATCH_ITEMS


async def test_the_allowance_comes_back_at_the_feeds_rate(ingest: Ingest) -> None:
    for _ in range(BATCH_ITEMS):
        await ingest.post("slow")

    ingest.clock.now += 1
    again = await ingest.post("slow")
    too_soon = await ingest.post("slow")

    assert (again.status_code, too_soon.status_code) == (202, 429)


async def test_each_feed_has_its_own_allowance(ingest: Ingest) -> None:
    for _ in range(BATCH_ITEMS + 1):
        await ingest.post("busy")

    assert (await ingest.post("slow")).status_code == 202


async def test_a_batch_beyond_the_allowance_is_refused_whole(ingest: Ingest) -> None:
    await ingest.post("slow")
    await ingest.post("slow")

    refused = await ingest.post_batch("slow", 4)  # 3 left: all or nothing
    accepted = await ingest.post_batch("slow", 3)

    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    assert accepted.status_code == 207
    assert await ingest.stored() == 5


async def test_a_feed_without_a_rate_of_its_own_gets_the_services_default(
    ingest: Ingest,
) -> None:
    burst = [(await ingest.post("default")).status_code for _ in range(BATCH_ITEMS + 1)]

    assert burst == [202] * BATCH_ITEMS + [429]


async def test_a_changed_rate_applies_once_the_key_cache_looks_again(ingest: Ingest) -> None:
    async with ingest.app.state.engine.begin() as connection:
        await set_rate(connection, "slow", 1000)
    ingest.app.state.feed_keys = FeedKeyCache()  # as if its entries had lived out their 30 s

    statuses = {(await ingest.post("slow")).status_code for _ in range(3 * BATCH_ITEMS)}

    assert statuses == {202}
