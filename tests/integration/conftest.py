"""Fixtures for tests against the real Kafka broker and PostgreSQL server.

``make test`` starts both (deploy/local/*.sh) and exports ``KAFKA_BOOTSTRAP_SERVERS`` and
``STORYLINE_TEST_DATABASE_URL``. Without them these tests are skipped, unless
``STORYLINE_REQUIRE_SERVICES=1`` (set by ``make test`` and CI), where a missing server is an error.
Each test gets its own database and its own topic prefix, so tests never see each other's data.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storyline.migrate import upgrade_async
from storyline_contracts.topics import ALL_TOPICS
from storyline_platform.database import create_engine
from storyline_platform.kafka_topics import ensure_topics


def _required(name: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if os.environ.get("STORYLINE_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{name} is not set: start the services with deploy/local/*.sh or `make test`")
    pytest.skip(f"{name} not set; run `make test` to start Kafka and PostgreSQL")


@pytest.fixture
def kafka_servers() -> str:
    return _required("KAFKA_BOOTSTRAP_SERVERS")


@pytest.fixture
def server_database_url() -> str:
    return _required("STORYLINE_TEST_DATABASE_URL")


@pytest.fixture
async def database_url(server_database_url: str) -> AsyncIterator[str]:
    """A fresh, migrated PostgreSQL database for one test, dropped afterwards."""
    name = f"storyline_test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(server_database_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server_database_url).set(database=name).render_as_string(hide_password=False)
        await upgrade_async(url)
        yield url
        await _drop_database(admin, name)
    finally:
        await admin.dispose()


async def _drop_database(admin: AsyncEngine, name: str) -> None:
    """Best-effort clean-up: a database left behind by a failed drop harms no later test."""
    for _attempt in range(5):
        try:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            return
        except DBAPIError:
            # A connection of the test (or an autovacuum worker) has not gone yet.
            await asyncio.sleep(0.5)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def topic_prefix(kafka_servers: str) -> str:
    """A prefix no other test uses, with its topics created."""
    prefix = f"test-{uuid.uuid4().hex[:10]}."
    await ensure_topics(kafka_servers, [prefix + topic for topic in ALL_TOPICS], partitions=3)
    return prefix
