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
import contextlib
import hashlib
import json
import os
import re
import resource
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
from database_cpu import BackendWatch, WaitSampler
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

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
StoryKeyed = (ArticleAssignedToStory, StoryOpened, ExtractedEvent)
# ../shared/peers/eventsourcing beside the checkout (a worktree sits one folder deeper)
PEER = next(
    (
        folder / "shared" / "peers" / "eventsourcing"
        for folder in REPOSITORY.parents
        if (folder / "shared" / "peers" / "eventsourcing" / "bench.py").exists()
    ),
    REPOSITORY.parent / "shared" / "peers" / "eventsourcing",
)
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

    def __init__(self, number: int, clock: Iterator[int], length: int | None = None) -> None:
        self.length = length  # events to end the story after (None: six articles' worth)
        self.story_id = f"story-{number:07}"
        self.number = number
        self._clock = clock
        self.accuser = STATES[number % len(STATES)]
        self.accused = STATES[(number + 1) % len(STATES)]
        self.place = PLACES[number % len(PLACES)]
        self.day = date(2023, 4, 1) + timedelta(days=number % 60)

    def events(self) -> Iterator[Event]:
        if self.length is None:
            yield from self._articles(ARTICLES_PER_STORY)
            return
        made = 0  # events keyed by the story (an article's ArticleReceived is not)
        for event in self._articles(None):
            if made == self.length:
                return
            made += isinstance(event, StoryKeyed)
            yield event

    def _articles(self, articles: int | None) -> Iterator[Event]:
        """Articles of six kinds in turn (every sixth one reports what the first did)."""
        accusations: list[str] = []
        index = 0
        while articles is None or index < articles:
            article_id = f"{self.story_id}-a{index}"
            outlet = OUTLETS[(self.number + index) % len(OUTLETS)]
            yield self._received(article_id, outlet)
            if index == 0:
                yield self._opened(article_id)
            copy_of = f"{self.story_id}-a0" if index % 6 == 3 else None
            yield self._assigned(article_id, outlet, copy_of)
            yield from self._reports(index % 6, article_id, outlet, accusations)
            index += 1

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


# Ids as the services make them (uuid5 strings, in no order), or the generator's own, which sort
# by story and so put every index insert at its right edge; set once from ``--ids``.
ID_SHAPES = ("uuid5", "sorted")
id_shape = "uuid5"
_ID_SPACE = uuid.UUID("5b0d6a4e-8f4c-4d55-9f0a-3c1f6d1e2a77")


def _uuid5(name: str) -> str:
    return str(uuid.uuid5(_ID_SPACE, name))


def shaped(event: Event) -> Event:
    """``event`` with the ids of ``id_shape``: its own id, its story's and those it is about."""
    if id_shape == "sorted":
        return event
    update: dict[str, Any] = {"event_id": _uuid5(event.event_id)}
    if getattr(event, "story_id", None):
        update["story_id"] = _uuid5(event.story_id)  # type: ignore[attr-defined]
    if getattr(event, "about", None):
        update["about"] = tuple(_uuid5(a) for a in event.about)  # type: ignore[attr-defined]
    return event.model_copy(update=update)


def events(total: int, story_events: int | None = None) -> Iterator[Event]:
    """``total`` events: stories interleaved as they would be in a live log; with
    ``story_events``, stories of that many events, as many in progress as fill ``total``."""
    clock = counter()
    stories = counter()
    in_progress = STORIES_IN_PROGRESS
    if story_events is not None:
        # about 1.3 log events per story event: each article's ArticleReceived is not the story's
        in_progress = max(1, min(STORIES_IN_PROGRESS, total * 10 // (story_events * 13)))

    def story() -> Iterator[Event]:
        return StoryScript(next(stories), clock, story_events).events()

    active = [story() for _ in range(in_progress)]
    produced = 0
    while produced < total:
        for slot, script in enumerate(active):
            event = next(script, None)
            if event is None:
                active[slot] = story()
                event = next(active[slot])
            yield event
            produced += 1
            if produced == total:
                return


async def publish(
    servers: str, total: int, partitions: int, story_events: int | None = None
) -> tuple[str, Counter[str]]:
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
        for event in map(shaped, events(total, story_events)):
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
    """One timed run: wall seconds, and CPU seconds of this process and of the PostgreSQL
    backends serving the run's database (None: no database in the run)."""

    seconds: float
    own_cpu: float
    server_cpu: float | None
    paths: Counter[str] | None = None  # the projector's batches by the path they took
    busy: float | None = None  # the share of the machine's CPU time in use (None: not Linux)

    def rate(self, events: int) -> float:
        return events / self.seconds


@asynccontextmanager
async def measured(runs: list[Run], engine: AsyncEngine | None = None) -> AsyncIterator[None]:
    """Time the block; with ``engine``, count the CPU of its database's backends too (sampled
    every half second as well, so that a backend ending in the run loses little)."""
    watch = None if engine is None else BackendWatch(engine)
    sampling = None
    if watch is not None:
        await watch.sample()
        sampling = asyncio.create_task(sample_every(watch, 0.5))
    started, own, machine = time.perf_counter(), time.process_time(), machine_ticks()
    try:
        yield
    finally:
        seconds, own_cpu = time.perf_counter() - started, time.process_time() - own
        if sampling is not None:
            sampling.cancel()
    if watch is not None:
        await watch.sample()
    busy = busy_share(machine, machine_ticks())
    runs.append(Run(seconds, own_cpu, None if watch is None else watch.seconds(), busy=busy))


def machine_ticks() -> tuple[int, int] | None:
    """The machine's (busy, total) CPU ticks since boot, all cores (None where there is no
    /proc/stat): the Kafka broker and everything else on the machine count too."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(field) for field in stat.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


def busy_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    if before is None or after is None or after[1] == before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


async def sample_every(watch: BackendWatch, seconds: float) -> None:
    while True:
        await asyncio.sleep(seconds)
        await watch.sample()


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
) -> tuple[float, dict[str, float]]:
    """Seconds to apply ``total`` events, and the seconds the projector sat idle in them, by
    what it waited on (``KafkaProjector.waited``)."""
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
                return time.perf_counter() - started, dict(projector.waited)
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await running


async def projector_steady(
    servers: str, prefix: str, engine: AsyncEngine, total: int, batch: int
) -> tuple[float, int, Counter[str]]:
    """Like ``projector``, timed from its first applied event (joining the consumer group takes
    seconds, which would swamp a small run): (seconds, events applied in them, batches by
    path)."""
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
    running = asyncio.create_task(projector.run(stop))
    started, first = 0.0, 0
    # One kept connection and one statement per look: the look is the benchmark's own cost, not
    # the projector's, and it counts in both CPU figures (this process, the database's backends).
    async with engine.connect() as watching:
        watching = await watching.execution_options(isolation_level="AUTOCOMMIT")
        try:
            while True:
                if running.done():
                    running.result()
                applied = await applied_so_far(watching)
                if applied and not first:
                    started, first = time.perf_counter(), applied
                if applied >= total:
                    return time.perf_counter() - started, total - first, projector.batch_paths
                await asyncio.sleep(0.05)
        finally:
            stop.set()
            await running


async def applied_so_far(connection: AsyncConnection) -> int:
    """Events applied to a fresh database's read models (no rebuild runs: generation 0)."""
    total = await connection.scalar(
        text("SELECT coalesce(sum(next_position), 0) FROM projector_positions")
    )
    return int(total or 0)


async def consumed(engine: AsyncEngine) -> int:
    async with begin_generation(engine) as connection:
        return sum((await all_positions(connection)).values())


async def row_counts(engine: AsyncEngine) -> dict[str, int]:
    tables = ("read_articles", "read_stories", "read_story_timeline", "read_allegations")
    async with begin_generation(engine) as connection:
        return {
            table: int(
                (await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
            )
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


@dataclass
class Summary:
    """One line of the summary: a figure of ours beside its baseline, and the issue's target."""

    what: str
    ours: str
    baseline: str
    target: str
    met: bool | None  # None: no baseline to judge by


async def applied_run(
    servers: str, database: str, total: int, batch: int, partitions: int, story_events: int | None
) -> Run:
    """The projector applying ``total`` fresh events to an empty database, timed from its first
    applied event; the CPU figures include its start (a bound on the safe side)."""
    prefix, _ = await publish(servers, total, partitions, story_events)
    runs: list[Run] = []
    async with fresh_database(database) as engine, measured(runs, engine):
        seconds, timed, paths = await projector_steady(servers, prefix, engine, total, batch)
    run = runs[0]
    # scaled to the whole run, so that rate(total) is the steady rate
    return Run(seconds * total / max(timed, 1), run.own_cpu, run.server_cpu, paths)


async def peer_rate(peer_python: str, database: str, total: int) -> float:
    """The ``eventsourcing`` peer's projection rate, into a scratch database on the same server."""
    async with scratch_database(database, "storyline_peer") as url:
        address = make_url(url)
        environment = {
            **os.environ,
            "POSTGRES_HOST": address.host or "127.0.0.1",
            "POSTGRES_PORT": str(address.port or 5432),
            "POSTGRES_DBNAME": address.database or "",
            "POSTGRES_USER": address.username or "",
            "POSTGRES_PASSWORD": address.password or "",
        }
        run = await asyncio.create_subprocess_exec(
            peer_python,
            str(PEER / "bench.py"),
            "--events",
            str(total),
            env=environment,
            stdout=asyncio.subprocess.PIPE,
        )
        output, _ = await run.communicate()
    text_out = output.decode()
    found = re.search(r"peer_projection_events_per_s=(\d+)", text_out)
    if run.returncode != 0 or found is None:
        raise RuntimeError(f"the peer benchmark failed:\n{text_out}")
    return float(found.group(1))


async def rebuild_child(servers: str, prefix: str, database: str, batch: int) -> None:
    """Run in a process of its own, so that its peak resident memory is the rebuild's."""
    tune_for_batches()
    runs: list[Run] = []
    async with fresh_database(database) as engine:
        topics = [prefix + topic for topic in ALL_TOPICS]
        async with (
            # the consumer settings `storyline rebuild` uses, so that its memory is measured
            KafkaLog(servers, topics) as log,
            measured(runs, engine),
        ):
            report = await rebuild_read_models(engine, log, batch)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "messages": report.messages,
                "seconds": report.seconds,
                "peak": peak_kib,
                "cpu": runs[0].own_cpu,
                "server_cpu": runs[0].server_cpu,
            }
        )
    )


async def rebuild_run(
    servers: str, database: str, total: int, batch: int, partitions: int, prefix: str = ""
) -> dict[str, float]:
    """A rebuild from ``total`` events (published now, or already on ``prefix``'s topics)."""
    if not prefix:
        prefix, _ = await publish(servers, total, partitions)
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--rebuild-child",
        prefix,
        "--batch-size",
        str(batch),
        env={
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": servers,
            "STORYLINE_TEST_DATABASE_URL": database,
        },
        stdout=asyncio.subprocess.PIPE,
    )
    output, _ = await child.communicate()
    if child.returncode != 0:
        raise RuntimeError("the rebuild failed")
    result: dict[str, float] = json.loads(output.decode().strip().splitlines()[-1])
    return result


def bound_verdict(run: Run, events: int) -> bool:
    """Print which side's CPU bounds the run, and say whether it is PostgreSQL's.

    A batch of held stories is written by one PostgreSQL backend while the projector decodes and
    prepares the next one, so the two overlap, and the side that spends more CPU per event sets
    the rate (each runs on at most one core); a batch that must read first still takes turns."""
    own, server = run.own_cpu, run.server_cpu
    print(
        f"    over the run ({run.seconds:,.1f} s): the projector {own:,.1f} CPU-s "
        f"({own / run.seconds:.2f} of a core, {per_event(own, events)} per event)"
        + (
            ""
            if server is None
            else f", PostgreSQL's backends {server:,.1f} CPU-s ({server / run.seconds:.2f} of "
            f"a core, {per_event(server, events)} per event)"
        )
    )
    if server is None:
        print("    bound: unknown (the server's processes are not on this machine)")
        return False
    side = "PostgreSQL's CPU" if server >= own else "the projector's own (Python) CPU"
    print(
        f"    bound: {side} ({per_event(max(own, server), events)} per event against "
        f"{per_event(min(own, server), events)}: at most {events / max(own, server):,.0f} "
        f"events/s on an idle machine, {events / (own + server):,.0f} if they took turns)"
    )
    return server >= own


def us(result: dict[str, float], figure: str) -> float:
    """A rebuild's ``figure`` (seconds) per event, in microseconds."""
    return result[figure] / result["messages"] * 1e6


def cpu_per_event(result: dict[str, float]) -> float:
    return us(result, "cpu") + us(result, "server_cpu")


def ratio_figure(what: str, ours: float, baseline: float, unit: str, target: float) -> Summary:
    ratio = ours / baseline
    return Summary(
        what,
        f"{ours:,.1f} {unit}",
        f"{baseline:,.1f} {unit}",
        f"<= {target}x (is {ratio:.2f}x)",
        ratio <= target,
    )


async def main(arguments: argparse.Namespace) -> None:
    tune_for_batches()  # as `storyline project` and `storyline rebuild` do; the ceiling too
    global id_shape
    id_shape = arguments.ids
    servers = service("kafka.sh", "KAFKA_BOOTSTRAP_SERVERS")
    database = service("postgres.sh", "STORYLINE_TEST_DATABASE_URL")
    if arguments.rebuild_child:
        await rebuild_child(servers, arguments.rebuild_child, database, arguments.batch_size)
        return
    partitions = arguments.partitions
    figures: list[Summary] = []

    # The peer first, then our projector at batch 1, in the same window.
    peer = None
    if arguments.peer_python:
        peer = await peer_rate(arguments.peer_python, database, arguments.peer_events)
        print(f"peer eventsourcing projection ({arguments.peer_events:,} events): {peer:,.0f}/s")
    if arguments.batch1_events > 0:
        single = await applied_run(servers, database, arguments.batch1_events, 1, partitions, None)
        rate = single.rate(arguments.batch1_events)
        print(
            f"projector, batch 1 ({arguments.batch1_events:,} events): {rate:,.0f}/s, "
            f"CPU per event {per_event(single.own_cpu, arguments.batch1_events)} here, "
            f"{per_event(single.server_cpu, arguments.batch1_events)} PostgreSQL; batches: "
            + ", ".join(f"{path} {n:,}" for path, n in (single.paths or Counter()).most_common())
        )
        figures.append(
            Summary(
                "projector, batch 1",
                f"{rate:,.0f} events/s",
                "not run" if peer is None else f"{peer:,.0f} events/s (eventsourcing)",
                ">= the peer",
                None if peer is None else rate >= peer,
            )
        )

    total, batch = arguments.events, arguments.batch_size
    if total > 0:
        prefix, mix = await publish(servers, total, partitions)
        print(f"events: {total:,} on {partitions} partitions per topic, batch {batch}")
        print("mix: " + ", ".join(f"{name} {share:,}" for name, share in mix.most_common()))
        runs: list[Run] = []
        async with measured(runs):
            await bare_consumer(servers, prefix, total, batch)
        async with fresh_database(database) as engine:
            server = create_engine(database)
            sampler = WaitSampler(server, engine.url.database or "")
            sampling = asyncio.create_task(sampler.run(every=0.01))
            try:
                async with measured(runs, engine):
                    _, waited = await projector(servers, prefix, engine, total, batch)
            finally:
                sampling.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sampling
                await server.dispose()
            print(f"read models: {await row_counts(engine)}")
        ceiling, applied = runs
        print(
            "                                        events/s   CPU per event: this process, "
            "PostgreSQL backends of its database"
        )
        print(
            f"(a) bare aiokafka consumer (ceiling): {ceiling.rate(total):>10,.0f}   "
            f"{per_event(ceiling.own_cpu, total)}, {per_event(ceiling.server_cpu, total)}"
        )
        print(
            f"(b) projector -> PostgreSQL:          {applied.rate(total):>10,.0f}   "
            f"{per_event(applied.own_cpu, total)}, {per_event(applied.server_cpu, total)}"
        )
        server_bound = bound_verdict(applied, total)
        on_database, on_broker = waited.get("database", 0.0), waited.get("broker", 0.0)
        print(
            f"    the projector sat idle {on_database:,.1f} s waiting for PostgreSQL to answer "
            f"a batch written behind, {on_broker:,.1f} s for Kafka's records"
            + (
                ""
                if applied.busy is None
                else f"; the machine's {os.cpu_count()} cores were {applied.busy:.0%} busy"
            )
        )
        print(f"    PostgreSQL's backends, sampled while running a statement: {sampler.shares()}")
        rate = applied.rate(total)
        figures.append(
            Summary(
                f"projector, batch {batch}",
                f"{rate:,.0f} events/s",
                "" if peer is None else f"{peer:,.0f} events/s (eventsourcing)",
                ">= 15,000 events/s, or PostgreSQL's CPU the limit",
                rate >= 15_000 or server_bound,
            )
        )

    if arguments.story_size_events > 0:
        costs = {}
        for length in (10, 10_000):
            run = await applied_run(
                servers, database, arguments.story_size_events, 500, partitions, length
            )
            costs[length] = run.seconds / arguments.story_size_events * 1e6
            print(
                f"stories of {length:,} events ({arguments.story_size_events:,} events, batch "
                f"500): {costs[length]:,.1f} us per event, CPU "
                f"{per_event(run.own_cpu, arguments.story_size_events)} here, "
                f"{per_event(run.server_cpu, arguments.story_size_events)} PostgreSQL"
            )
        figures.append(
            ratio_figure(
                "cost per event, 10,000-event vs 10-event stories",
                costs[10_000],
                costs[10],
                "us",
                1.5,
            )
        )

    if arguments.rebuild_events > 0:
        # The small rebuild runs before and after the large one (from the same topics), so that
        # a machine busier during one of them shows as two different small figures.
        small_prefix, _ = await publish(servers, arguments.rebuild_small_events, partitions)
        before = await rebuild_run(
            servers, database, arguments.rebuild_small_events, batch, partitions, small_prefix
        )
        large = await rebuild_run(servers, database, arguments.rebuild_events, batch, partitions)
        after = await rebuild_run(
            servers, database, arguments.rebuild_small_events, batch, partitions, small_prefix
        )
        print("    rebuild         wall per event   CPU per event: rebuild, PostgreSQL backends")
        for name, result in (("small, before", before), ("large", large), ("small, after", after)):
            print(
                f"(c) {name}: {int(result['messages']):,} events in {result['seconds']:,.1f} s, "
                f"{us(result, 'seconds'):,.1f} us per event; CPU {us(result, 'cpu'):,.1f} + "
                f"{us(result, 'server_cpu'):,.1f} us; peak resident memory "
                f"{result['peak'] / 1024:,.0f} MiB"
            )
        small_wall = (us(before, "seconds") + us(after, "seconds")) / 2
        small_cpu = (cpu_per_event(before) + cpu_per_event(after)) / 2
        figures.append(
            ratio_figure(
                f"rebuild time per event, {int(large['messages']):,} vs "
                f"{int(before['messages']):,} events (mean of before and after)",
                us(large, "seconds"),
                small_wall,
                "us",
                1.2,
            )
        )
        figures.append(
            ratio_figure(
                "rebuild CPU per event (rebuild + PostgreSQL backends), same runs",
                cpu_per_event(large),
                small_cpu,
                "us",
                1.2,
            )
        )
        figures.append(
            ratio_figure(
                "rebuild peak memory, same runs",
                large["peak"] / 1024,
                max(before["peak"], after["peak"]) / 1024,
                "MiB",
                1.5,
            )
        )

    print()
    print("figure | ours | baseline | target | met")
    for figure in figures:
        verdict = "n/a" if figure.met is None else ("met" if figure.met else "NOT met")
        print(f"{figure.what} | {figure.ours} | {figure.baseline} | {figure.target} | {verdict}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--batch1-events", type=int, default=3_000)
    parser.add_argument(
        "--peer-python",
        help="a Python with eventsourcing[postgres] 9.5.6 and psycopg[binary] installed: runs "
        "the peer benchmark (../shared/peers/eventsourcing) first, in the same window",
    )
    parser.add_argument("--peer-events", type=int, default=10_000)
    parser.add_argument("--story-size-events", type=int, default=26_000)
    parser.add_argument("--rebuild-small-events", type=int, default=10_000)
    parser.add_argument("--rebuild-events", type=int, default=1_000_000)
    parser.add_argument(
        "--ids",
        choices=ID_SHAPES,
        default="uuid5",
        help="uuid5: event and story ids as the services make them (the default); sorted: the "
        "generator's own, which sort by story",
    )
    parser.add_argument("--rebuild-child", help=argparse.SUPPRESS)
    asyncio.run(main(parser.parse_args()))
    sys.exit(0)
