"""During a broker outage the relay's log stays readable: it says when the outage started and
when it ended, not every failed reconnect (the Kafka client alone would write ten a second)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_contracts.topics import ALL_TOPICS
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.http.app import create_app
from storyline_ingest.settings import IngestSettings
from storyline_ingest.storage.tables import outbox
from storyline_platform.kafka_topics import ensure_topics
from tests.article_factory import article
from tests.integration.private_broker import PrivateBroker

pytestmark = pytest.mark.integration

OUTAGE_SECONDS = 12


async def unsent(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        query = select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
        return int((await connection.execute(query)).scalar_one())


async def until_sent(engine: AsyncEngine, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while await unsent(engine):
        assert time.monotonic() < deadline, "the relay did not catch up"
        await asyncio.sleep(0.3)


def log_lines(path: Path, since: float, until: float) -> list[dict[str, object]]:
    lines = []
    for text in path.read_text().splitlines():
        try:
            line = json.loads(text)
        except ValueError:
            continue  # not one of the process's JSON log lines
        logged = datetime.fromisoformat(str(line["time"])).timestamp()
        if since <= logged <= until and line["level"] in ("warning", "error", "critical"):
            lines.append(line)
    return lines


async def test_a_broker_outage_is_a_few_log_lines_not_thousands(
    engine: AsyncEngine, database_url: str, broker: PrivateBroker, tmp_path: Path
) -> None:
    servers = broker.bootstrap_servers
    await ensure_topics(servers, ALL_TOPICS, partitions=3)
    async with engine.begin() as connection:
        key = await create_feed(connection, "wire", None, datetime.now(UTC))
    app = create_app(IngestSettings(database_url=database_url), engine)
    log = tmp_path / "relay.log"
    environment = {
        **os.environ,
        "STORYLINE_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": servers,
        "STORYLINE_LOG_FORMAT": "json",
    }
    with log.open("w") as output:
        relay = subprocess.Popen(  # noqa: ASYNC220 - started once, not awaited on
            [sys.executable, "-m", "storyline.cli", "relay"],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://ingest",
            headers={"Authorization": f"Bearer {key}"},
        ) as ingest:
            await ingest.post("/v1/articles", json=article())
            await until_sent(engine)

            await asyncio.to_thread(broker.stop)
            down_at = time.time()
            await ingest.post("/v1/articles", json=article(external_id="wire-2"))
            await asyncio.sleep(OUTAGE_SECONDS)
            await asyncio.to_thread(broker.start_keeping_data)
            up_at = time.time()
            await until_sent(engine)
            await asyncio.sleep(1)
    finally:
        relay.terminate()
        relay.wait(timeout=30)

    during = log_lines(log, down_at, up_at)
    after = log_lines(log, up_at, time.time())
    assert 1 <= len(during) <= 8, [line["message"] for line in during]
    assert len(after) <= 8, [line["message"] for line in after]
