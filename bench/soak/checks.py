"""What the soak checks once everything is quiet: nothing lost, nothing doubled, read models
equal to a clean rebuild, bad requests stored nothing.

- every 202 is in the event store (the event it said it stored, or the article for a duplicate);
- every stored event is on its topic exactly once by id (counted on the raw topic, before any
  consumer's dedupe by id);
- every stored event is in the read models (the projector's applied ids, which it keeps in the
  same transaction as the change it made), and nothing was set aside as a dead letter;
- the read models' digest equals that of a rebuild from the topics into a fresh database; when it
  does not, the tables that differ are named with a few rows found on one side only, so that a
  failed run explains itself.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline.scratch_databases import scratch_database
from storyline_contracts.topics import ALL_TOPICS
from storyline_ingest.storage.tables import articles, event_store, outbox
from storyline_platform.database import create_engine
from storyline_platform.kafka_clients import consumer_options
from storyline_platform.stage_dead_letters import stage_dead_letters
from storyline_projector.consume.rebuild import KafkaLog, rebuild_read_models
from storyline_projector.read_models.digest import digest_of, read_model_tables, table_dump
from storyline_projector.read_models.generations import begin_generation
from storyline_projector.read_models.tables import applied_events, dead_letters

from .load import Acceptance, Clock
from .progress import Progress, article_event_id


@dataclass
class Findings:
    quiet_after: float | None = None  # seconds the pipeline took to drain after the load
    accepted_not_stored: list[str] = field(default_factory=list)
    stored: int = 0
    not_on_topic: list[str] = field(default_factory=list)
    on_topic: int = 0
    topic_copies: dict[str, list[float]] = field(default_factory=dict)  # id: record times
    not_projected: list[str] = field(default_factory=list)
    projected: int = 0
    dead_letters: int = 0
    bad_requests_stored: int = 0
    digest: str = ""
    rebuilt_digest: str = ""
    # each table whose rows differ from the rebuild's: a few rows found live only, rebuilt only
    differences: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)

    @property
    def doubled_on_topic(self) -> int:
        return sum(len(times) - 1 for times in self.topic_copies.values())

    @property
    def digests_equal(self) -> bool:
        return self.digest == self.rebuilt_digest


async def wait_until_quiet(
    engine: AsyncEngine, progress: Progress, accepted: list[Acceptance], seconds: float
) -> float | None:
    """Seconds until every accepted version got through, the outbox is empty and every stored
    event is applied; None if that never happened within ``seconds``."""
    clock = Clock()
    while clock.now() < seconds:
        progress.take(accepted)
        await progress.poll()
        if progress.pending() == 0:
            async with engine.connect() as connection:
                unsent = await _count(
                    connection,
                    select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None)),
                )
                stored = await _count(connection, select(func.count()).select_from(event_store))
                applied = await _count(connection, select(func.count()).select_from(applied_events))
            if unsent == 0 and applied >= stored:
                return clock.now()
        await asyncio.sleep(1.0)
    return None


async def check_everything(
    database_url: str,
    server_url: str,
    bootstrap_servers: str,
    accepted: list[Acceptance],
    findings: Findings,
) -> Findings:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            stored_ids = set((await connection.execute(select(event_store.c.event_id))).scalars())
            known_articles = set(
                (await connection.execute(select(articles.c.article_id))).scalars()
            )
            findings.bad_requests_stored = await _count(
                connection,
                select(func.count())
                .select_from(articles)
                .where(articles.c.external_id.like("bad-%")),
            )
            findings.dead_letters = await _count(
                connection, select(func.count()).select_from(stage_dead_letters)
            )
        findings.stored = len(stored_ids)
        for acceptance in accepted:
            event_id = article_event_id(acceptance)
            missing = (
                event_id not in stored_ids
                if event_id is not None
                else acceptance.article_id not in known_articles
            )
            if missing:
                findings.accepted_not_stored.append(
                    f"{acceptance.external_id} v{acceptance.version}"
                )

        copies = await topic_record_times(bootstrap_servers, list(ALL_TOPICS))
        findings.on_topic = len(copies)
        findings.not_on_topic = sorted(stored_ids - copies.keys())
        findings.topic_copies = {i: t for i, t in copies.items() if len(t) > 1}

        async with begin_generation(engine) as connection:
            applied = set((await connection.execute(select(applied_events.c.event_id))).scalars())
            findings.dead_letters += await _count(
                connection, select(func.count()).select_from(dead_letters)
            )
            live = await read_model_rows(connection)
        findings.projected = len(applied & stored_ids)
        findings.not_projected = sorted(stored_ids - applied)
    finally:
        await engine.dispose()
    rebuilt = await rebuilt_rows(server_url, bootstrap_servers)
    findings.digest, findings.rebuilt_digest = digest_of(live), digest_of(rebuilt)
    findings.differences = differences(live, rebuilt)
    return findings


async def rebuilt_rows(server_url: str, bootstrap_servers: str) -> dict[str, list[str]]:
    """The rows of read models rebuilt from the topics into a database of their own."""
    async with scratch_database(server_url, "storyline_soak_rebuild") as url:
        engine = create_engine(url)
        try:
            async with KafkaLog(bootstrap_servers, list(ALL_TOPICS)) as log:
                await rebuild_read_models(engine, log)
            async with begin_generation(engine) as connection:
                return await read_model_rows(connection)
        finally:
            await engine.dispose()


async def read_model_rows(connection: AsyncConnection) -> dict[str, list[str]]:
    """Every read-model table's rows as ``read_model_digest`` reads them."""
    return {table.name: await table_dump(connection, table) for table in read_model_tables()}


def differences(
    live: dict[str, list[str]], rebuilt: dict[str, list[str]], shown: int = 3
) -> dict[str, tuple[list[str], list[str]]]:
    """Each table whose rows differ: up to ``shown`` rows found live only and rebuilt only."""
    found = {}
    for name in sorted(live.keys() | rebuilt.keys()):
        ours, theirs = set(live.get(name, [])), set(rebuilt.get(name, []))
        if ours != theirs or len(live.get(name, [])) != len(rebuilt.get(name, [])):
            found[name] = (sorted(ours - theirs)[:shown], sorted(theirs - ours)[:shown])
    return found


async def topic_record_times(servers: str, topics: list[str]) -> dict[str, list[float]]:
    """For every event id on ``topics``: the broker time (seconds) of each record carrying it."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=servers, enable_auto_commit=False, **consumer_options()
    )
    await consumer.start()
    try:
        partitions = await partitions_of(servers, topics)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        times: dict[str, list[float]] = {}
        while any([await consumer.position(tp) < end for tp, end in ends.items()]):
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            for records in batch.values():
                for record in records:
                    event_id = dict(record.headers)["ce_id"].decode()
                    times.setdefault(event_id, []).append(record.timestamp / 1000.0)
        return times
    finally:
        await consumer.stop()


async def _count(connection: AsyncConnection, query: Select[int]) -> int:
    return int((await connection.execute(query)).scalar_one())


async def partitions_of(servers: str, topics: list[str]) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=servers)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
    finally:
        await admin.close()
    return [
        TopicPartition(topic["topic"], partition["partition"])
        for topic in described
        for partition in topic["partitions"]
    ]
