"""During a broker outage the logs stay readable: the relay, the extraction worker and the
projector each say when the outage started and how long it lasted, not every failed reconnect,
heartbeat and fetch (the Kafka client alone would write hundreds of lines a minute)."""

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
from storyline_ingest.storage.tables import event_store, extraction_runs, outbox
from storyline_platform.kafka_topics import ensure_topics
from storyline_projector.read_models.tables import applied_events
from tests.article_factory import article
from tests.integration.private_broker import PrivateBroker

pytestmark = pytest.mark.integration

OUTAGE_SECONDS = 12


async def unsent(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        query = select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
        return int((await connection.execute(query)).scalar_one())


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


async def until_extracted_and_projected(engine: AsyncEngine, articles: int) -> None:
    """Until the worker has extracted ``articles`` and the projector has applied every event."""
    deadline = time.monotonic() + 180
    while True:
        async with engine.connect() as connection:
            extracted = (
                await connection.execute(select(func.count()).select_from(extraction_runs))
            ).scalar_one()
            stored = (
                await connection.execute(select(func.count()).select_from(event_store))
            ).scalar_one()
            applied = (
                await connection.execute(select(func.count()).select_from(applied_events))
            ).scalar_one()
        if extracted >= articles and applied >= stored and not await unsent(engine):
            return
        assert time.monotonic() < deadline, (extracted, stored, applied)
        await asyncio.sleep(0.5)


def ended_outages(path: Path) -> int:
    """How many Kafka outages the log has told in full; fails on one still going on."""
    text = path.read_text()
    started = text.count("Kafka broker unavailable")
    ended = text.count("Kafka broker available again")
    return ended if started == ended else -1


def wait_for_ended_outages(path: Path, more_than: int = -1, seconds: float = 120) -> int:
    """Until no outage is going on in ``path``'s process and more than ``more_than`` have ended.

    A client can see trouble of its own before the test stops the broker (a consumer group
    settling on a loaded machine): that outage must be over, and told, first."""
    deadline = time.monotonic() + seconds
    while (ended := ended_outages(path)) <= more_than:
        assert time.monotonic() < deadline, f"{path.name}: {path.read_text()[-3000:]}"
        time.sleep(0.5)
    return ended


# Any free health port: other Storylines on the machine may hold the defaults.
PROCESSES = {
    "relay": ["relay", "--health-port", "0"],
    "worker": ["extract-worker", "--health-port", "0"],
    "projector": ["project", "--health-port", "0"],
}


async def test_a_broker_outage_is_two_log_lines_per_process_not_thousands(
    engine: AsyncEngine, database_url: str, broker: PrivateBroker, tmp_path: Path
) -> None:
    servers = broker.bootstrap_servers
    await ensure_topics(servers, ALL_TOPICS, partitions=3)
    async with engine.begin() as connection:
        key = await create_feed(connection, "wire", None, datetime.now(UTC))
    app = create_app(IngestSettings(database_url=database_url), engine)
    environment = {
        **os.environ,
        "STORYLINE_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": servers,
        "STORYLINE_LOG_FORMAT": "json",
    }
    running = {}
    for name, arguments in PROCESSES.items():
        with (tmp_path / f"{name}.log").open("w") as output:
            running[name] = subprocess.Popen(  # noqa: ASYNC220 - started once, not awaited on
                [sys.executable, "-m", "storyline.cli", *arguments],
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
            await until_extracted_and_projected(engine, 1)
            earlier = {
                name: await asyncio.to_thread(wait_for_ended_outages, tmp_path / f"{name}.log")
                for name in PROCESSES
            }

            down_at = time.time()
            await asyncio.to_thread(broker.stop)
            await ingest.post("/v1/articles", json=article(external_id="wire-2", title="Later"))
            await asyncio.sleep(OUTAGE_SECONDS)
            await asyncio.to_thread(broker.start_keeping_data)
            await until_extracted_and_projected(engine, 2)
            for name in PROCESSES:
                await asyncio.to_thread(
                    wait_for_ended_outages, tmp_path / f"{name}.log", earlier[name]
                )
    finally:
        for process in running.values():
            process.terminate()
        for process in running.values():
            process.wait(timeout=30)

    for name in PROCESSES:
        lines = log_lines(tmp_path / f"{name}.log", down_at, time.time())
        messages = [str(line["message"]) for line in lines]
        kafka = [m for m in messages if m.startswith("Kafka broker")]
        assert len(kafka) == 2, (name, messages)
        assert kafka[0].startswith("Kafka broker unavailable"), (name, messages)
        assert kafka[1].startswith("Kafka broker available again after"), (name, messages)
        # The relay also says its own sends failed and resumed; nothing else is said.
        assert len(messages) <= 4, (name, messages)
