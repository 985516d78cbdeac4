"""While PostgreSQL is down, both APIs answer 503 with a JSON body and Retry-After (never a 500,
never a dropped connection), a batch stores nothing, and service resumes when it is back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select

from storyline.migrate import upgrade_async
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.http.app import create_app
from storyline_ingest.settings import IngestSettings
from storyline_ingest.storage.tables import articles
from storyline_platform.database import create_engine
from storyline_projector.app import create_query_app
from storyline_projector.settings import ProjectorSettings
from tests.article_factory import article
from tests.integration.private_postgres import PrivatePostgres

pytestmark = pytest.mark.integration


@pytest.fixture
def server(kafka_servers: str) -> Iterator[PrivatePostgres]:  # kafka_servers: `make test` only
    server = PrivatePostgres()
    server.start()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture
async def clients(server: PrivatePostgres) -> AsyncIterator[tuple[httpx.AsyncClient, ...]]:
    await upgrade_async(server.url)
    engine = create_engine(server.url)
    async with engine.begin() as connection:
        key = await create_feed(connection, "wire", None, datetime.now(UTC))
    ingest = create_app(IngestSettings(database_url=server.url), engine)
    query = create_query_app(ProjectorSettings(database_url=server.url), engine)
    headers = {"Authorization": f"Bearer {key}"}
    async with (
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=ingest), base_url="http://ingest", headers=headers
        ) as ingest_client,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=query), base_url="http://query"
        ) as query_client,
    ):
        yield ingest_client, query_client
    await engine.dispose()


async def stored_articles(server: PrivatePostgres) -> int:
    engine = create_engine(server.url)
    try:
        async with engine.connect() as connection:
            query = select(func.count()).select_from(articles)
            return int((await connection.execute(query)).scalar_one())
    finally:
        await engine.dispose()


async def test_both_apis_answer_503_while_postgresql_is_down_and_resume_after(
    server: PrivatePostgres, clients: tuple[httpx.AsyncClient, httpx.AsyncClient]
) -> None:
    ingest, query = clients
    assert (await ingest.post("/v1/articles", json=article())).status_code == 202

    await asyncio.to_thread(server.stop)
    down = [
        await ingest.post("/v1/articles", json=article(external_id="wire-2")),
        await ingest.post(
            "/v1/articles:batch", json=[article(external_id=f"b-{n}") for n in range(5)]
        ),
        await query.get("/v1/stories"),
        await query.get("/ops/status"),
    ]
    await asyncio.to_thread(server.start_keeping_data)
    back = await ingest.post("/v1/articles", json=article(external_id="wire-3"))
    batch = await ingest.post(
        "/v1/articles:batch", json=[article(external_id=f"b-{n}") for n in range(5)]
    )
    stories = await query.get("/v1/stories")

    for response in down:
        assert response.status_code == 503, response.text
        assert int(response.headers["retry-after"]) > 0
        assert response.json()  # a JSON body, not plain text
    assert down[0].json()["error"]["code"] == "unavailable"
    assert (back.status_code, batch.status_code, stories.status_code) == (202, 207, 200)
    assert await stored_articles(server) == 1 + 1 + 5  # nothing from the requests refused
