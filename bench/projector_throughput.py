"""Projector throughput on the real Kafka and PostgreSQL, side by side with its ceiling.

In one run: (a) a bare aiokafka consumer reads N events (a ``getmany`` loop, no processing): the
ceiling; (b) the projector applies the same N events to PostgreSQL; (c) ``rebuild`` builds a
fresh generation from M events (published to topics of their own). Both consumers use the same
fetch settings, so the ratio (b)/(a) is the cost of the projection alone.

The events are a realistic mix, built with the contract classes: each story opens with an
article, then more articles from other outlets join it (some as near-duplicates), and each
article reports a strike, accusations, denials answering them, threats, casualty figures and
statistics. A few hundred stories are in progress at any time, so a batch touches many stories,
and every story's allegations and summary must be kept right as it grows.

Starts Kafka and PostgreSQL through deploy/local when KAFKA_BOOTSTRAP_SERVERS /
STORYLINE_TEST_DATABASE_URL are not set.

    uv run python bench/projector_throughput.py [--events 200000] [--rebuild-events 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import count as counter
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.scratch_databases import scratch_database
from storyline_contracts import ArticleReceived, Event, encode
from storyline_contracts.article_events import ArticleContent
from storyline_contracts.extracted_events import (
    AccusationMade,
    Actor,
    CasualtiesReported,
    DenialIssued,
    EventTime,
    Evidence,
    ExtractedEvent,
    Figure,
    Place,
    StatisticReported,
    StrikeReported,
    ThreatIssued,
)
from storyline_contracts.story_events import ArticleAssignedToStory, StoryOpened
from storyline_contracts.topics import ALL_TOPICS
from storyline_platform.database import create_engine
from storyline_platform.gc_tuning import tune_for_batches
from storyline_platform.kafka_topics import ensure_topics
from storyline_projector.consume.kafka_consumer import KafkaProjector
from storyline_projector.consume.projection import all_positions
from storyline_projector.consume.rebuild import KafkaLog, rebuild_read_models
from storyline_projector.read_models.generations import begin_generation

REPOSITORY = Path(__file__).resolve().parents[1]
START = datetime(2023, 5, 1, tzinfo=UTC)
STORIES_IN_PROGRESS = 300
ARTICLES_PER_STORY = 6
OUTLETS = ("Example Wire", "Daily Ledger", "Kyiv Post", "Moscow Times", "Global Herald", "Reuters")
STATES = (
    Actor(text="Moscow", canonical="Government of Russia", kind="state", country="RUS"),
    Actor(text="Kyiv", canonical="Government of Ukraine", kind="state", country="UKR"),
    Actor(text="Washington", canonical="United States", kind="state", country="USA"),
    Actor(text="Minsk", canonical="Government of Belarus", kind="state", country="BLR"),
    Actor(text="Warsaw", canonical="Government of Poland", kind="state", country="POL"),
)
PLACES = (
    Place(text="the Kremlin", canonical="Kremlin, Moscow", country="RUS"),
    Place(text="Odesa", canonical="Odesa", country="UKR"),
    Place(text="Kyiv", canonical="Kyiv", country="UKR"),
    Place(text="Belgorod", canonical="Belgorod", country="RUS"),
)
BODY = (
    "Officials said a drone strike hit a power station overnight. Moscow blamed Kyiv, which "
    "denied any involvement, and threatened to retaliate. At least 12 people were killed. "
) * 6


class StoryScript:
    """The events of one story, in the order the log would hold them."""

    def __init__(self, number: int, clock: Iterator[int]) -> None:
        self.story_id = f"story-{number:07}"
        self.number = number
        self._clock = clock
        self.accuser = STATES[number % len(STATES)]
        self.accused = STATES[(number + 1) % len(STATES)]
        self.place = PLACES[number % len(PLACES)]
        self.day = date(2023, 4, 1) + timedelta(days=number % 60)

    def events(self) -> Iterator[Event]:
        accusations: list[str] = []
        for index in range(ARTICLES_PER_STORY):
            article_id = f"{self.story_id}-a{index}"
            outlet = OUTLETS[(self.number + index) % len(OUTLETS)]
            yield self._received(article_id, outlet)
            if index == 0:
                yield self._opened(article_id)
            copy_of = f"{self.story_id}-a0" if index == 3 else None
            yield self._assigned(article_id, outlet, copy_of)
            yield from self._reports(index, article_id, outlet, accusations)

    def _reports(
        self, index: int, article_id: str, outlet: str, accusations: list[str]
    ) -> Iterator[Event]:
        strike_id = f"{self.story_id}-strike"
        if index in (0, 2):
            yield self._extracted(
                StrikeReported,
                f"{article_id}-strike",
                article_id,
                outlet,
                targets=(self.accuser,),
                when=EventTime(text="overnight", start=self.day, precision="day"),
                where=(self.place,),
                modality="alleged",
                summary=f"A drone strike on {self.place.text}",
                weapon="drone",
            )
        if index in (0, 1, 4):
            accusation_id = f"{article_id}-accuses"
            accusations.append(accusation_id)
            yield self._extracted(
                AccusationMade,
                accusation_id,
                article_id,
                outlet,
                source=self.accuser,
                targets=(self.accused,),
                about=(strike_id,),
                summary=f"{self.accuser.canonical} blames {self.accused.canonical}",
                allegation="being behind the strike",
            )
        if index in (1, 2, 5) and accusations:
            yield self._extracted(
                DenialIssued,
                f"{article_id}-denies",
                article_id,
                outlet,
                source=self.accused,
                about=(accusations[0],),
                modality="denied",
                summary=f"{self.accused.canonical} denies the accusation",
            )
        if index in (0, 3):
            yield self._extracted(
                ThreatIssued,
                f"{article_id}-threat",
                article_id,
                outlet,
                source=self.accuser,
                targets=(self.accused,),
                threat="to retaliate",
                summary=f"{self.accuser.canonical} threatens to retaliate",
            )
        if index in (0, 2, 4):
            killed = float(10 + index + self.number % 7)
            yield self._extracted(
                CasualtiesReported,
                f"{article_id}-casualties",
                article_id,
                outlet,
                source=self.accused,
                figures=(Figure(value=killed, unit="people", counts="killed"),),
                summary=f"{killed:g} people killed",
            )
        if index in (1, 5):
            yield self._extracted(
                StatisticReported,
                f"{article_id}-statistic",
                article_id,
                outlet,
                source=Actor(text="Autostat", canonical="Autostat", kind="organisation"),
                figure=Figure(value=170.0, unit="percent", counts="car sales growth"),
                summary="Car sales up 170% year on year",
            )

    def _at(self) -> datetime:
        return START + timedelta(seconds=next(self._clock))

    def _received(self, article_id: str, outlet: str) -> ArticleReceived:
        return ArticleReceived(
            event_id=f"{article_id}-received",
            occurred_at=self._at(),
            article_id=article_id,
            article_version=1,
            feed_id="wire",
            external_id=article_id,
            content=ArticleContent(
                title=f"Drone strike on {self.place.text} ({article_id})",
                body=BODY,
                outlet=outlet,
                published_at=self._at(),
            ),
            content_hash=hashlib.sha256(article_id.encode()).hexdigest(),
        )

    def _opened(self, article_id: str) -> StoryOpened:
        return StoryOpened(
            event_id=f"{self.story_id}-opened",
            occurred_at=self._at(),
            story_id=self.story_id,
            title=f"Drone strike on {self.place.text}",
            first_article_id=article_id,
            first_article_version=1,
            incident_date=self.day,
            key_actors=(str(self.accuser.canonical), str(self.accused.canonical)),
            places=(str(self.place.canonical),),
        )

    def _assigned(
        self, article_id: str, outlet: str, copy_of: str | None
    ) -> ArticleAssignedToStory:
        return ArticleAssignedToStory(
            event_id=f"{article_id}-assigned",
            occurred_at=self._at(),
            story_id=self.story_id,
            article_id=article_id,
            article_version=1,
            outlet=outlet,
            near_duplicate_of=copy_of,
        )

    def _extracted(
        self,
        cls: type[ExtractedEvent],
        event_id: str,
        article_id: str,
        outlet: str,
        **fields: Any,
    ) -> ExtractedEvent:
        sentence = f"{fields['summary']}, officials said on {self.day:%d %B}."
        start = 40 * (len(event_id) % 20)
        return cls(
            event_id=event_id,
            occurred_at=self._at(),
            story_id=self.story_id,
            article_id=article_id,
            article_version=1,
            outlet=outlet,
            evidence=Evidence(sentence=sentence, start=start, end=start + len(sentence)),
            confidence=0.8,
            extractor_version="rules-1.0",
            **fields,
        )


def events(total: int) -> Iterator[Event]:
    """``total`` events: stories interleaved as they would be in a live log."""
    clock = counter()
    stories = counter()
    active = [StoryScript(next(stories), clock).events() for _ in range(STORIES_IN_PROGRESS)]
    produced = 0
    while produced < total:
        for slot, script in enumerate(active):
            event = next(script, None)
            if event is None:
                active[slot] = StoryScript(next(stories), clock).events()
                event = next(active[slot])
            yield event
            produced += 1
            if produced == total:
                return


async def publish(servers: str, total: int, partitions: int) -> tuple[str, Counter[str]]:
    prefix = f"bench-{uuid.uuid4().hex[:8]}."
    await ensure_topics(servers, [prefix + topic for topic in ALL_TOPICS], partitions=partitions)
    producer = AIOKafkaProducer(
        bootstrap_servers=servers,
        enable_idempotence=True,
        acks="all",
        linger_ms=20,
        max_batch_size=512 * 1024,
    )
    mix: Counter[str] = Counter()
    await producer.start()
    try:
        pending = []
        for event in events(total):
            mix[event.name] += 1
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
    return prefix, mix


def fetch_options(batch: int) -> dict[str, Any]:
    """Fetch settings for both consumers: big enough that a ``getmany`` fills a whole batch."""
    return {
        "max_partition_fetch_bytes": 8 * 1024 * 1024,
        "fetch_max_bytes": 64 * 1024 * 1024,
        "fetch_max_wait_ms": 100,
        "max_poll_records": batch,
    }


@dataclass
class Run:
    """One timed run: wall seconds, and CPU seconds of this process and of the database server."""

    seconds: float
    own_cpu: float
    server_cpu: float | None

    def rate(self, events: int) -> float:
        return events / self.seconds


@asynccontextmanager
async def measured(runs: list[Run]) -> AsyncIterator[None]:
    started, own, server = time.perf_counter(), time.process_time(), postgres_cpu_seconds()
    yield
    server_after = postgres_cpu_seconds()
    runs.append(
        Run(
            time.perf_counter() - started,
            time.process_time() - own,
            None if server is None or server_after is None else server_after - server,
        )
    )


def postgres_cpu_seconds() -> float | None:
    """CPU time used so far by every PostgreSQL process on this machine (None: none found, e.g.
    the server is elsewhere). Sums live processes only, so a backend that exits during a run is
    undercounted: the figure is a lower bound, which is the safe side for the argument it backs."""
    tick, total, found = os.sysconf("SC_CLK_TCK"), 0, False
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found = True
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick if found else None


def per_event(seconds: float | None, events: int) -> str:
    return "n/a" if seconds is None else f"{seconds / events * 1e6:,.0f} us"


async def bare_consumer(servers: str, prefix: str, total: int, batch: int) -> float:
    consumer = AIOKafkaConsumer(
        *(prefix + topic for topic in ALL_TOPICS),
        bootstrap_servers=servers,
        group_id=None,
        auto_offset_reset="earliest",
        **fetch_options(batch),
    )
    await consumer.start()
    try:
        started, seen = time.perf_counter(), 0
        while seen < total:
            records = await consumer.getmany(timeout_ms=1000, max_records=batch)
            seen += sum(len(part) for part in records.values())
        return time.perf_counter() - started
    finally:
        await consumer.stop()


async def projector(
    servers: str, prefix: str, engine: AsyncEngine, total: int, batch: int
) -> float:
    projector = KafkaProjector(
        servers,
        engine,
        group_id=f"{prefix}bench",
        topics=[prefix + topic for topic in ALL_TOPICS],
        batch_size=batch,
        topic_prefix=prefix,
        **fetch_options(batch),
    )
    stop = asyncio.Event()
    started = time.perf_counter()
    running = asyncio.create_task(projector.run(stop))
    try:
        while True:
            if running.done():
                running.result()  # raises what stopped the projector
            if await consumed(engine) >= total:
                return time.perf_counter() - started
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await running


async def consumed(engine: AsyncEngine) -> int:
    async with begin_generation(engine) as connection:
        return sum((await all_positions(connection)).values())


async def row_counts(engine: AsyncEngine) -> dict[str, int]:
    tables = ("read_articles", "read_stories", "read_story_timeline", "read_allegations")
    async with begin_generation(engine) as connection:
        return {
            table: int((await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar())
            for table in tables
        }


@asynccontextmanager
async def fresh_database(server_url: str) -> AsyncIterator[AsyncEngine]:
    async with scratch_database(server_url, "storyline_bench") as url:
        engine = create_engine(url)
        try:
            yield engine
        finally:
            await engine.dispose()


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


async def main(arguments: argparse.Namespace) -> None:
    tune_for_batches()  # as `storyline project` and `storyline rebuild` do; the ceiling too
    servers = service("kafka.sh", "KAFKA_BOOTSTRAP_SERVERS")
    database = service("postgres.sh", "STORYLINE_TEST_DATABASE_URL")
    total, batch, partitions = arguments.events, arguments.batch_size, arguments.partitions
    if total > 0:
        prefix, mix = await publish(servers, total, partitions)
        print(f"events: {total:,} on {partitions} partitions per topic, batch {batch}")
        print("mix: " + ", ".join(f"{name} {share:,}" for name, share in mix.most_common()))
        runs: list[Run] = []
        async with measured(runs):
            await bare_consumer(servers, prefix, total, batch)
        async with fresh_database(database) as engine:
            async with measured(runs):
                await projector(servers, prefix, engine, total, batch)
            print(f"read models: {await row_counts(engine)}")
        ceiling, applied = runs
        print(
            "                                        events/s   CPU per event: this process, "
            "PostgreSQL server"
        )
        print(
            f"(a) bare aiokafka consumer (ceiling): {ceiling.rate(total):>10,.0f}   "
            f"{per_event(ceiling.own_cpu, total)}, {per_event(ceiling.server_cpu, total)}"
        )
        print(
            f"(b) projector -> PostgreSQL:          {applied.rate(total):>10,.0f}   "
            f"{per_event(applied.own_cpu, total)}, {per_event(applied.server_cpu, total)}"
        )
        ratio = applied.rate(total) / ceiling.rate(total)
        print(f"    ratio (b)/(a): {ratio:.2f} (target >= 0.50)")
        if applied.server_cpu:
            # Even with no Python cost at all, the server cannot apply the events faster than
            # its own CPU time per event allows, on every core of the machine.
            cores = os.cpu_count() or 1
            server_bound = total / applied.server_cpu * cores
            print(
                f"    PostgreSQL's own CPU time alone caps (b) at {server_bound:,.0f} events/s "
                f"with all {cores} cores: {server_bound / ceiling.rate(total):.2f} of the ceiling"
            )

    rebuild_total = arguments.rebuild_events
    if rebuild_total > 0:
        rebuild_prefix, _ = await publish(servers, rebuild_total, partitions)
        async with fresh_database(database) as engine:
            topics = [rebuild_prefix + topic for topic in ALL_TOPICS]
            async with KafkaLog(servers, topics, **fetch_options(batch)) as log:
                report = await rebuild_read_models(engine, log, batch)
        rate = report.messages / report.seconds
        print(
            f"(c) rebuild from {report.messages:,} events: {report.seconds:,.1f} s "
            f"({rate:,.0f} events/s; 1,000,000 events at this rate: "
            f"{1_000_000 / rate / 60:,.1f} min)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--rebuild-events", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--partitions", type=int, default=6)
    asyncio.run(main(parser.parse_args()))
    sys.exit(0)
