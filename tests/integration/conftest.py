"""Fixtures for tests against the real Kafka broker and PostgreSQL server.

``make test`` starts both (deploy/local/*.sh) and exports ``KAFKA_BOOTSTRAP_SERVERS`` and
``STORYLINE_TEST_DATABASE_URL``. Without them these tests are skipped, unless
``STORYLINE_REQUIRE_SERVICES=1`` (set by ``make test`` and CI), where a missing server is an error.
Each test gets its own database and its own topic prefix, so tests never see each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.scratch_databases import scratch_database
from storyline_contracts.topics import ALL_TOPICS
from storyline_platform.database import create_engine
from storyline_platform.kafka_topics import ensure_topics
from tests.integration.private_broker import PrivateBroker


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
    async with scratch_database(server_database_url, "storyline_test") as url:
        yield url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[PrivateBroker]:
    """A broker of the test's own, which it may stop and restart."""
    broker = PrivateBroker(tmp_path / "kafka-run")
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
async def topic_prefix(kafka_servers: str) -> str:
    """A prefix no other test uses, with its topics created."""
    prefix = f"test-{uuid.uuid4().hex[:10]}."
    await ensure_topics(kafka_servers, [prefix + topic for topic in ALL_TOPICS], partitions=3)
    return prefix
