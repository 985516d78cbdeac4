"""Readiness follows the database: false while PostgreSQL is stopped, true again once it is back,
on an API's ``/readyz`` and on a worker's health port alike; ``/healthz`` stays true throughout."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest.http.app import create_app
from storyline_platform.database import create_engine
from storyline_platform.health_server import health_port
from storyline_platform.readiness import Readiness, database_check
from storyline_projector.app import create_query_app
from tests.integration.private_postgres import PrivatePostgres

pytestmark = pytest.mark.integration

Probe = Callable[[str], Awaitable[httpx.Response]]


@pytest.fixture
async def postgres() -> AsyncIterator[PrivatePostgres]:
    server = PrivatePostgres()
    await asyncio.to_thread(server.start)
    try:
        yield server
    finally:
        await asyncio.to_thread(server.remove)


@pytest.fixture
async def private_engine(postgres: PrivatePostgres) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres.url)
    yield engine
    await engine.dispose()


async def statuses(probes: dict[str, Probe], path: str) -> dict[str, int]:
    return {name: (await probe(path)).status_code for name, probe in probes.items()}


async def test_readiness_is_false_while_postgres_is_stopped_and_true_when_it_is_back(
    postgres: PrivatePostgres, private_engine: AsyncEngine
) -> None:
    ingest_app = create_app(engine=private_engine)
    query_app = create_query_app(engine=private_engine)
    readiness = Readiness({"database": database_check(private_engine)})
    async with (
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=ingest_app), base_url="http://i"
        ) as ingest,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=query_app), base_url="http://q"
        ) as query,
        health_port(readiness, port=0) as port,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as worker,
    ):
        probes: dict[str, Probe] = {"ingest": ingest.get, "query": query.get, "worker": worker.get}
        assert await statuses(probes, "/readyz") == dict.fromkeys(probes, 200)

        await asyncio.to_thread(postgres.stop)
        assert await statuses(probes, "/readyz") == dict.fromkeys(probes, 503)
        assert await statuses(probes, "/healthz") == dict.fromkeys(probes, 200)
        answer = (await worker.get("/readyz")).json()
        assert answer["status"] == "not ready"
        assert answer["checks"]["database"] != "ok"

        await asyncio.to_thread(postgres.start_keeping_data)
        assert await statuses(probes, "/readyz") == dict.fromkeys(probes, 200)
        assert (await ingest.get("/readyz")).json() == {
            "status": "ready",
            "checks": {"database": "ok"},
        }
