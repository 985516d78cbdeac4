"""Projector throughput on the real Kafka and PostgreSQL, side by side with its ceiling.

In one run: (a) a bare aiokafka consumer reads N events (no processing): the ceiling; (b) the
projector applies the same N events to PostgreSQL; (c) ``rebuild`` builds a fresh generation
from M events. Events are article lifecycle events over a few thousand articles, so the read
model is upserted, not just appended to. Starts Kafka and PostgreSQL through deploy/local when
KAFKA_BOOTSTRAP_SERVERS / STORYLINE_TEST_DATABASE_URL are not set.

    uv run python bench/projector_throughput.py [--events 200000] [--rebuild-events 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storyline.migrate import upgrade_async
from storyline_contracts import ArticleReceived, ArticleRevised, Event, encode
from storyline_contracts.article_events import ArticleContent
from storyline_contracts.topics import ALL_TOPICS
from storyline_platform.database import create_engine
from storyline_platform.kafka_topics import ensure_topics
from storyline_projector.kafka_consumer import KafkaProjector
from storyline_projector.projection import all_positions
from storyline_projector.read_model_generations import begin_generation
from storyline_projector.rebuild import KafkaLog, rebuild_read_models

REPOSITORY = Path(__file__).resolve().parents[1]
ARTICLES = 5000
START = datetime(2023, 5, 1, tzinfo=UTC)


def service(script: str, variable: str) -> str:
    if os.environ.get(variable):
        return os.environ[variable]
    command = ["bash", str(REPOSITORY / "deploy" / "local" / script)]
    if script == "kafka.sh":
        subprocess.run([*command, "install"], check=True, stdout=subprocess.DEVNULL)
    line = subprocess.run(
        [*command, "start"], check=True, capture_output=True, text=True
    ).stdout.strip()
    return line.splitlines()[-1].split("=", 1)[1]


def events(count: int) -> Iterator[Event]:
    for number in range(count):
        article_id = f"article-{number % ARTICLES:05}"
        version = number // ARTICLES + 1
        common = {
            "event_id": f"{article_id}-v{version}",
            "occurred_at": START + timedelta(seconds=number),
            "article_id": article_id,
            "article_version": version,
            "feed_id": "wire",
            "external_id": article_id,
            "content": ArticleContent(
                title=f"{article_id} version {version}",
                body="Officials said the strike hit a power station overnight. " * 4,
                published_at=START + timedelta(minutes=number % ARTICLES),
            ),
            "content_hash": f"{number:064}",
        }
        if version == 1:
            yield ArticleReceived(**common)  # type: ignore[arg-type]
        else:
            yield ArticleRevised(**common, previous_version=version - 1)  # type: ignore[arg-type]


async def publish(servers: str, count: int, partitions: int) -> str:
    prefix = f"bench-{uuid.uuid4().hex[:8]}."
    await ensure_topics(servers, [prefix + topic for topic in ALL_TOPICS], partitions=partitions)
    producer = AIOKafkaProducer(
        bootstrap_servers=servers,
        enable_idempotence=True,
        acks="all",
        linger_ms=20,
        max_batch_size=512 * 1024,
    )
    await producer.start()
    try:
        pending = []
        for event in events(count):
            record = encode(event)
            pending.append(
                await producer.send(
                    prefix + event.topic, record.value, record.key, headers=list(record.headers)
                )
            )
            if len(pending) >= 20_000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return prefix


async def bare_consumer(servers: str, prefix: str, count: int) -> float:
    consumer = AIOKafkaConsumer(
        *(prefix + topic for topic in ALL_TOPICS),
        bootstrap_servers=servers,
        group_id=None,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        started, seen = time.perf_counter(), 0
        while seen < count:
            batch = await consumer.getmany(timeout_ms=1000, max_records=2000)
            seen += sum(len(records) for records in batch.values())
        return time.perf_counter() - started
    finally:
        await consumer.stop()


async def projector(
    servers: str, prefix: str, engine: AsyncEngine, count: int, batch: int
) -> float:
    projector = KafkaProjector(
        servers,
        engine,
        group_id=f"{prefix}bench",
        topics=[prefix + topic for topic in ALL_TOPICS],
        batch_size=batch,
        topic_prefix=prefix,
    )
    stop = asyncio.Event()
    started = time.perf_counter()
    running = asyncio.create_task(projector.run(stop))
    try:
        while True:
            if await consumed(engine) >= count:
                return time.perf_counter() - started
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await running


async def consumed(engine: AsyncEngine) -> int:
    async with begin_generation(engine) as connection:
        return sum((await all_positions(connection)).values())


@asynccontextmanager
async def fresh_database(server_url: str) -> AsyncIterator[AsyncEngine]:
    name = f"storyline_bench_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    await upgrade_async(url)
    engine = create_engine(url)
    try:
        yield engine
    finally:
        await engine.dispose()
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def main(arguments: argparse.Namespace) -> None:
    servers = service("kafka.sh", "KAFKA_BOOTSTRAP_SERVERS")
    database = service("postgres.sh", "STORYLINE_TEST_DATABASE_URL")
    count = arguments.events
    prefix = await publish(servers, count, arguments.partitions)
    ceiling_seconds = await bare_consumer(servers, prefix, count)
    async with fresh_database(database) as engine:
        projector_seconds = await projector(servers, prefix, engine, count, arguments.batch_size)
    ceiling, applied = count / ceiling_seconds, count / projector_seconds
    print(f"events: {count:,} on {arguments.partitions} partitions, batch {arguments.batch_size}")
    print(f"(a) bare aiokafka consumer (ceiling): {ceiling:>10,.0f} events/s")
    print(f"(b) projector -> PostgreSQL:          {applied:>10,.0f} events/s")
    print(f"    ratio (b)/(a): {applied / ceiling:.2f} (target >= 0.50)")

    rebuild_count = arguments.rebuild_events
    rebuild_prefix = await publish(servers, rebuild_count, arguments.partitions)
    async with fresh_database(database) as engine:
        topics = [rebuild_prefix + topic for topic in ALL_TOPICS]
        async with KafkaLog(servers, topics) as log:
            report = await rebuild_read_models(engine, log, arguments.batch_size)
    print(
        f"(c) rebuild from {report.messages:,} events: {report.seconds:,.1f} s "
        f"({report.messages / report.seconds:,.0f} events/s)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--rebuild-events", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--partitions", type=int, default=6)
    asyncio.run(main(parser.parse_args()))
    sys.exit(0)
