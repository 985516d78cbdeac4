"""Scale-out: extraction and projection with 1 and then 2 instances on the same partitions.

In one run, on the real Kafka and PostgreSQL, with the real processes:

1. extraction: a backlog of articles (``ArticleReceived``, as the relay publishes them) on an
   articles topic of ``--partitions`` partitions; ``storyline extract-worker`` works it off with
   1 instance, then, into a fresh database under a fresh consumer group, with 2 instances in one
   group sharing those partitions;
2. projection: a backlog of events (the realistic mix of ``bench/projector_throughput.py``) on
   topics of ``--partitions`` partitions; ``storyline project`` works it off with 1 instance,
   then with 2, the same way.

Each run is timed from the moment the consumer group is stable with all its instances (each one
has its partitions) until the backlog is done, so start-up and the first rebalance are not
counted. Beside each rate it prints the CPU seconds used in that window by the instances (with
their child processes: the extraction worker's NLP process), by the PostgreSQL backends serving
the run's database, and by the whole machine, against the machine's cores: on 2 cores, two
instances plus PostgreSQL cannot go much faster than one once the cores are busy, and the
figures show it. Then the ratio of 2 instances to 1 for each stage.

Uses KAFKA_BOOTSTRAP_SERVERS / STORYLINE_TEST_DATABASE_URL when set, else starts Kafka and
PostgreSQL through deploy/local.

    uv run python bench/scale_out.py [--articles 600] [--events 60000] [--partitions 4]
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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from database_cpu import BackendWatch, own_cpu_seconds
from pipeline import STORYLINE, article, tree_cpu_seconds
from projector_throughput import consumed, publish, service
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline.scratch_databases import scratch_database
from storyline_contracts import ArticleReceived, encode
from storyline_contracts.article_events import ArticleContent
from storyline_contracts.topics import ALL_TOPICS, ARTICLES_TOPIC
from storyline_ingest.storage.tables import event_store, extraction_runs
from storyline_platform.database import create_engine
from storyline_platform.kafka_topics import ensure_topics

Progress = Callable[[AsyncEngine], Awaitable[int]]


async def publish_articles(servers: str, total: int, partitions: int) -> str:
    """``total`` new articles on a fresh articles topic, spread evenly over its partitions (each
    article is one message, so no ordering is at stake; an even split keeps the 2-instance run
    from waiting on whichever partition hashing made the largest)."""
    prefix = f"scale-{uuid.uuid4().hex[:8]}."
    await ensure_topics(servers, [prefix + topic for topic in ALL_TOPICS], partitions=partitions)
    producer = AIOKafkaProducer(bootstrap_servers=servers, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        pending = []
        for number in range(total):
            fields = article(prefix.rstrip("."), number)
            content = ArticleContent(
                title=fields["title"],
                body=fields["body"],
                language=fields["language"],
                outlet=fields["outlet"],
                published_at=fields["published_at"],
            )
            article_id = str(uuid.uuid4())
            record = encode(
                ArticleReceived(
                    event_id=f"{article_id}-received",
                    occurred_at=content.published_at,
                    article_id=article_id,
                    article_version=1,
                    feed_id="scale-out",
                    external_id=fields["external_id"],
                    content=content,
                    content_hash=hashlib.sha256(fields["body"].encode()).hexdigest(),
                )
            )
            pending.append(
                await producer.send(
                    prefix + ARTICLES_TOPIC,
                    record.value,
                    record.key,
                    partition=number % partitions,
                    headers=list(record.headers),
                )
            )
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return prefix


async def extracted(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        query = select(func.count()).select_from(extraction_runs)
        return int((await connection.execute(query)).scalar_one())


async def stored_events(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        query = select(func.count()).select_from(event_store)
        return int((await connection.execute(query)).scalar_one())


async def projected(engine: AsyncEngine) -> int:
    try:
        return await consumed(engine)
    except Exception:
        return 0  # the projector has not set up its read models yet: nothing projected


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (every core, every process) since boot."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def postgres_processes() -> dict[int, float]:
    """CPU seconds of every PostgreSQL process on this machine, by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
        except OSError:
            continue
        used = own_cpu_seconds(int(entry.name))
        if used is not None:
            found[int(entry.name)] = used
    return found


def postgres_used(before: dict[int, float], after: dict[int, float]) -> float:
    """What the PostgreSQL processes used between two snapshots: a process started in between
    counts whole, one that ended in between is missed (a lower bound)."""
    return sum(used - before.get(pid, 0.0) for pid, used in after.items())


async def group_members(servers: str, group: str) -> tuple[str, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=servers)
    await admin.start()
    try:
        described = await admin.describe_consumer_groups([group])
    finally:
        await admin.close()
    # DescribeGroupsResponse: groups of (error, id, state, protocol type, protocol, members)
    found = described[0].groups[0]
    return str(found[2]), len(found[5])


@dataclass
class Phase:
    """One timed run: ``items`` done in ``seconds`` by ``instances``, and the CPU it took."""

    instances: int
    items: int
    seconds: float
    instance_cpu: float
    database_cpu: float
    postgres_cpu: float  # every PostgreSQL process on the machine, other work included
    machine_cpu: float

    @property
    def rate(self) -> float:
        return self.items / self.seconds


def start(command: str, count: int, environment: dict[str, str], logs: Path) -> list[Any]:
    processes = []
    for number in range(1, count + 1):
        log = (logs / f"{command}-{count}x-{number}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [STORYLINE, command, "--no-health-port"],
                env=environment,
                stdout=log,
                stderr=log,
            )
        )
    return processes


def check(processes: list[Any]) -> None:
    for process in processes:
        if process.poll() is not None:
            raise RuntimeError(f"an instance stopped with {process.returncode}; see the logs")


def stop(processes: list[Any]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def run_phase(
    command: str,
    count: int,
    environment: dict[str, str],
    group: str,
    servers: str,
    engine: AsyncEngine,
    progress: Progress,
    total: int,
    logs: Path,
) -> Phase:
    processes = start(command, count, environment, logs)
    try:
        deadline = time.monotonic() + 300
        while await group_members(servers, group) != ("Stable", count):
            check(processes)
            if time.monotonic() > deadline:
                raise RuntimeError(f"the group {group} did not settle with {count} members")
            await asyncio.sleep(0.2)
        watch = BackendWatch(engine)
        await watch.sample()
        started, done_before = time.perf_counter(), await progress(engine)
        cpu_before = sum(tree_cpu_seconds(process.pid) for process in processes)
        postgres_before, machine_before = postgres_processes(), machine_busy_seconds()
        if total - done_before < total // 5:
            # the first instance worked off most of the backlog while the others started
            raise RuntimeError(
                f"the group settled when {done_before} of {total} were done: use a larger backlog"
            )
        done, moved_at, polls = done_before, time.monotonic(), 0
        while done < total:
            check(processes)
            await asyncio.sleep(0.2)
            polls += 1
            if polls % 3 == 0:
                await watch.sample()
            now = await progress(engine)
            if now != done:
                done, moved_at = now, time.monotonic()
            elif time.monotonic() - moved_at > 120:
                raise RuntimeError(f"stalled at {done} of {total}; see the logs in {logs}")
        seconds = time.perf_counter() - started
        await watch.sample()
        cpu_after = sum(tree_cpu_seconds(process.pid) for process in processes)
        postgres_after, machine_after = postgres_processes(), machine_busy_seconds()
    finally:
        stop(processes)
    return Phase(
        count,
        total - done_before,
        seconds,
        cpu_after - cpu_before,
        watch.seconds(),
        postgres_used(postgres_before, postgres_after),
        machine_after - machine_before,
    )


async def stage(
    name: str,
    command: str,
    prefix: str,
    total: int,
    unit: str,
    progress: Progress,
    servers: str,
    server_url: str,
    logs: Path,
) -> list[Phase]:
    phases = []
    for count in (1, 2):
        # each run: a database of its own and a group of its own, so both start from nothing
        async with scratch_database(server_url, "storyline_scaleout") as database:
            group = f"{prefix}{command}-{count}x"
            environment = {
                **os.environ,
                "STORYLINE_DATABASE_URL": database,
                "KAFKA_BOOTSTRAP_SERVERS": servers,
                "STORYLINE_INGEST_TOPIC_PREFIX": prefix,
                "STORYLINE_PROJECTOR_TOPIC_PREFIX": prefix,
                "STORYLINE_INGEST_EXTRACTION_GROUP_ID": group,
                "STORYLINE_PROJECTOR_GROUP_ID": group,
            }
            engine = create_engine(database)
            try:
                phase = await run_phase(
                    command, count, environment, group, servers, engine, progress, total, logs
                )
                appended = await stored_events(engine)
            finally:
                await engine.dispose()
        phases.append(phase)
        print_phase(name, unit, phase)
        if command == "extract-worker":
            print(f"  events appended to the event store: {appended / total:.1f} per article")
    one, two = phases
    print(f"{name}: 2 instances vs 1: {two.rate / one.rate:.2f}x\n")
    return phases


def print_phase(name: str, unit: str, phase: Phase) -> None:
    cores = os.cpu_count() or 1
    capacity = phase.seconds * cores
    per_item = 1000 * (phase.instance_cpu + phase.database_cpu) / phase.items
    print(
        f"{name}, {phase.instances} instance(s): {phase.items:,} {unit} in {phase.seconds:.1f} s"
        f" = {phase.rate:,.1f} {unit}/s\n"
        f"  CPU in that window: instances {phase.instance_cpu:.1f} s, PostgreSQL backends of the "
        f"run's database {phase.database_cpu:.1f} s (every PostgreSQL process on the machine: "
        f"{phase.postgres_cpu:.1f} s); machine busy {phase.machine_cpu:.1f} s of "
        f"{capacity:.1f} s ({cores} cores x {phase.seconds:.1f} s) = "
        f"{phase.machine_cpu / capacity:.0%}\n"
        f"  CPU per {unit[:-1]}: {per_item:.2f} ms (instances + their backends); all {cores} "
        f"cores for this work alone would allow {1000 * cores / per_item:,.0f} {unit}/s"
    )


async def main(arguments: argparse.Namespace, logs: Path) -> None:
    servers = service("kafka.sh", "KAFKA_BOOTSTRAP_SERVERS")
    server_url = service("postgres.sh", "STORYLINE_TEST_DATABASE_URL")
    partitions = arguments.partitions
    print(
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; "
        f"topics of {partitions} partitions; instances in one consumer group"
    )
    results: dict[str, list[Phase]] = {}
    if arguments.articles > 0:
        prefix = await publish_articles(servers, arguments.articles, partitions)
        print(f"extraction backlog: {arguments.articles:,} articles")
        results["extraction"] = await stage(
            "extraction",
            "extract-worker",
            prefix,
            arguments.articles,
            "articles",
            extracted,
            servers,
            server_url,
            logs,
        )
    if arguments.events > 0:
        prefix, _ = await publish(servers, arguments.events, partitions)
        print(f"projection backlog: {arguments.events:,} events")
        results["projection"] = await stage(
            "projection",
            "project",
            prefix,
            arguments.events,
            "events",
            projected,
            servers,
            server_url,
            logs,
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end; process logs: {logs}")
    print("\nstage | 1 instance | 2 instances | 2 vs 1 | machine busy (1 / 2 instances)")
    for name, (one, two) in results.items():
        unit = "articles/s" if name == "extraction" else "events/s"
        cores = os.cpu_count() or 1
        print(
            f"{name} | {one.rate:,.1f} {unit} | {two.rate:,.1f} {unit} | "
            f"{two.rate / one.rate:.2f}x | {one.machine_cpu / (one.seconds * cores):.0%} / "
            f"{two.machine_cpu / (two.seconds * cores):.0%} of {cores} cores"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=600, help="extraction backlog")
    parser.add_argument("--events", type=int, default=60_000, help="projection backlog")
    parser.add_argument("--partitions", type=int, default=4, help="partitions per topic (>= 2)")
    parser.add_argument("--logs", default="", help="folder for the instances' logs")
    parsed = parser.parse_args()
    if parsed.partitions < 2:
        parser.error("--partitions must be at least 2, so that two instances can share them")
    folder = Path(parsed.logs or f"/tmp/storyline-scale-out-{os.getpid()}")
    folder.mkdir(parents=True, exist_ok=True)
    asyncio.run(main(parsed, folder))
    sys.exit(0)
