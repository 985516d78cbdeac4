"""End to end: what a user of Storyline feels, with every process running on Kafka and PostgreSQL.

Runs the real processes (``storyline serve ingest``, ``extract-worker``, ``relay``, ``project``,
``serve query``) on a scratch database and topics of their own, and in one run prints:

1. the slowest stage measured alone: a backlog of articles is accepted while the extraction
   worker is stopped (the accept rate), then the worker is started and works the backlog off
   (its rate, from its first article to its last); the relay and the projector handle thousands
   of events a second (``bench/projector_throughput.py``), so they are not the slowest;
2. the sustained end-to-end rate: articles offered open-loop at the slowest stage's rate for a
   fixed time, counted when their story in the query API lists them (from the first shown to
   the last), against that stage alone;
3. freshness: open-loop load at 25%, 50% and 90% of that sustainable rate, and for each article
   the time from its 202 to its story in the query API listing it (p50, p99, max);
4. each process's CPU time per article and its resident memory at the start and the end.

The query API is watched as a user would: the most recently reported stories are listed every
100 ms, and a story whose article count or reporting time moved has its articles read.

    uv run python bench/pipeline.py [--seconds 30] [--backlog 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from storyline.free_ports import free_ports
from storyline.migrate import upgrade_async
from storyline.scratch_databases import scratch_database
from storyline_contracts.topics import ALL_TOPICS
from storyline_ingest.accept.feeds import create_feed
from storyline_ingest.storage.tables import extraction_runs
from storyline_platform.database import create_engine
from storyline_platform.kafka_topics import ensure_topics

REPOSITORY = Path(__file__).resolve().parents[1]
STORYLINE = str(Path(sys.executable).parent / "storyline")
PLACES = ("Odesa", "Kharkiv", "Belgorod", "Kursk", "Kherson", "Zaporizhzhia", "Sumy", "Donetsk")
SIDES = (("Russia", "Ukraine"), ("Ukraine", "Russia"), ("Israel", "Hezbollah"), ("Iran", "Israel"))


def article(run: str, number: int) -> dict[str, Any]:
    """A short wire report; a few dozen distinct incidents, so stories grow as news does."""
    place = PLACES[number % len(PLACES)]
    accuser, accused = SIDES[(number // len(PLACES)) % len(SIDES)]
    day = 1 + (number // 32) % 28
    body = (
        f"A drone strike hit a power station in {place} overnight on {day} March, officials "
        f"said. At least {3 + number % 9} people were killed. {accuser} accused {accused} of "
        f"carrying out the attack. {accused} denied any involvement and threatened to respond. "
        f"Emergency services worked through the night, the regional governor said."
    )
    return {
        "external_id": f"pipe-{run}-{number}",
        "title": f"Drone strike on power station in {place}",
        "body": body,
        "language": "en",
        "outlet": ("Example Wire", "Daily Ledger", "Global Herald")[number % 3],
        "published_at": datetime.now(UTC).isoformat(),
    }


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # own time and that of children it waited for (the extraction worker's pool processes)
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of ``pid`` and its live descendants."""
    total = cpu_seconds(pid)
    for child in children(pid):
        total += tree_cpu_seconds(child)
    return total


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        listing = task / "children"
        if listing.exists():
            found.extend(int(value) for value in listing.read_text().split())
    return found


def resident_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its live descendants."""
    total = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1]) / 1024
    return total + sum(resident_mib(child) for child in children(pid))


@dataclass
class Stage:
    name: str
    process: subprocess.Popen[bytes]
    cpu_start: float = 0.0
    rss_start: float = 0.0

    def mark_start(self) -> None:
        self.cpu_start = tree_cpu_seconds(self.process.pid)
        self.rss_start = resident_mib(self.process.pid)

    def check(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} stopped with {self.process.returncode}")


@dataclass
class Stages:
    environment: dict[str, str]
    logs: Path
    running: dict[str, Stage] = field(default_factory=dict)

    def start(self, name: str, *arguments: str) -> Stage:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [STORYLINE, *arguments], env=self.environment, stdout=log, stderr=log
        )
        stage = self.running[name] = Stage(name, process)
        return stage

    def stop(self) -> None:
        for stage in self.running.values():
            if stage.process.poll() is None:
                stage.process.terminate()
        for stage in self.running.values():
            try:
                stage.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                stage.process.kill()
                stage.process.wait()

    def check(self) -> None:
        for stage in self.running.values():
            stage.check()


class Watcher:
    """Finds, as a user of the query API would, when each article shows in its story."""

    def __init__(self, query: httpx.AsyncClient) -> None:
        self.query = query
        self.pending: dict[str, float] = {}  # article id -> when its 202 came
        self.shown: dict[str, float] = {}  # article id -> seconds from its 202 to showing
        self.shown_at: dict[str, float] = {}
        self._seen: dict[str, tuple[Any, ...]] = {}

    def accepted(self, article_id: str, at: float) -> None:
        if article_id not in self.shown:
            self.pending[article_id] = at

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            if self.pending:
                await self._look()
            await asyncio.sleep(max(0.0, 0.1 - (time.perf_counter() - started)))

    async def _look(self) -> None:
        listing = (await self.query.get("/v1/stories", params={"limit": 100})).json()
        moved = []
        for story in listing["items"]:
            mark = (story["article_count"], story["last_reported"])
            if self._seen.get(story["story_id"]) != mark:
                self._seen[story["story_id"]] = mark
                moved.append(story["story_id"])
        for story_id in moved:
            response = await self.query.get(f"/v1/stories/{story_id}/articles")
            if response.status_code != 200:
                continue
            now = time.perf_counter()
            for item in response.json()["items"]:
                accepted = self.pending.pop(item["article_id"], None)
                if accepted is not None:
                    self.shown[item["article_id"]] = now - accepted
                    self.shown_at[item["article_id"]] = now


async def post_open_loop(
    ingest: httpx.AsyncClient,
    api_key: str,
    run: str,
    rate: float,
    seconds: float,
    watcher: Watcher | None,
) -> tuple[list[str], float]:
    """Offer ``rate`` articles a second for ``seconds``, each on time whatever the answers do."""
    headers = {"Authorization": f"Bearer {api_key}"}
    accepted: list[str] = []
    tasks = []
    total = max(1, round(rate * seconds))

    async def post(number: int) -> None:
        response = await ingest.post("/v1/articles", json=article(run, number), headers=headers)
        if response.status_code != 202:
            raise RuntimeError(f"{response.status_code}: {response.text}")
        article_id = response.json()["article_id"]
        accepted.append(article_id)
        if watcher is not None:
            watcher.accepted(article_id, time.perf_counter())

    started = time.perf_counter()
    for number in range(total):
        due = started + number / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(post(number)))
    await asyncio.gather(*tasks)
    return accepted, time.perf_counter() - started


async def extracted_count(database: str) -> int:
    engine = create_engine(database)
    try:
        async with engine.connect() as connection:
            query = select(func.count()).select_from(extraction_runs)
            return int((await connection.execute(query)).scalar_one())
    finally:
        await engine.dispose()


async def wait_up(client: httpx.AsyncClient, stages: Stages) -> None:
    for _ in range(600):
        stages.check()
        try:
            if (await client.get("/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{client.base_url} did not come up")


async def wait_shown(watcher: Watcher, stages: Stages, limit: float) -> None:
    deadline = time.perf_counter() + limit
    while watcher.pending and time.perf_counter() < deadline:
        stages.check()
        await asyncio.sleep(0.2)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def measure(arguments: argparse.Namespace, database: str, servers: str, logs: Path) -> None:
    prefix = f"pipe-{uuid.uuid4().hex[:8]}."
    await upgrade_async(database)
    await ensure_topics(servers, [prefix + topic for topic in ALL_TOPICS])
    engine = create_engine(database)
    async with engine.begin() as connection:
        api_key = await create_feed(connection, prefix.rstrip("."), "Pipeline", datetime.now(UTC))
    await engine.dispose()
    ingest_port, query_port = free_ports(2)
    environment = {
        **os.environ,
        "STORYLINE_DATABASE_URL": database,
        "KAFKA_BOOTSTRAP_SERVERS": servers,
        "STORYLINE_INGEST_TOPIC_PREFIX": prefix,
        "STORYLINE_PROJECTOR_TOPIC_PREFIX": prefix,
        "STORYLINE_INGEST_EXTRACTION_GROUP_ID": f"{prefix}extraction",
        "STORYLINE_PROJECTOR_GROUP_ID": f"{prefix}projector",
    }
    stages = Stages(environment, logs)
    stop = asyncio.Event()
    timeout = httpx.Timeout(120.0)
    limits = httpx.Limits(max_connections=64)
    async with (
        httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{ingest_port}", timeout=timeout, limits=limits
        ) as ingest,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{query_port}", timeout=timeout) as query,
    ):
        try:
            stages.start("ingest", "serve", "ingest", "--port", str(ingest_port))
            stages.start("query", "serve", "query", "--port", str(query_port))
            stages.start("relay", "relay", "--health-port", "0")
            stages.start("projector", "project", "--health-port", "0")
            await wait_up(ingest, stages)
            await wait_up(query, stages)

            # 1. The stages alone: accepting a backlog, then extracting it.
            backlog = arguments.backlog
            accepted, seconds = await post_open_loop(
                ingest, api_key, "backlog", 10_000.0, backlog / 10_000.0, None
            )
            accept_rate = len(accepted) / seconds
            worker = stages.start("extraction", "extract-worker", "--health-port", "0")
            while await extracted_count(database) == 0:
                stages.check()
                await asyncio.sleep(0.05)
            first = time.perf_counter()
            done = await extracted_count(database)
            while done < backlog:
                stages.check()
                await asyncio.sleep(0.1)
                done = await extracted_count(database)
            extraction_rate = (backlog - 1) / (time.perf_counter() - first)
            slowest = min(accept_rate, extraction_rate)
            print(f"accept path alone (a backlog of {backlog}): {accept_rate:,.1f} articles/s")
            print(f"extraction worker alone (that backlog): {extraction_rate:,.1f} articles/s")
            del worker

            watcher = Watcher(query)
            watching = asyncio.create_task(watcher.run(stop))
            # wait until the backlog shows, so that the timed runs start from a quiet pipeline
            backlog_watch = Watcher(query)
            for article_id in accepted:
                backlog_watch.accepted(article_id, time.perf_counter())
            backlog_task = asyncio.create_task(backlog_watch.run(stop))
            await wait_shown(backlog_watch, stages, 600)
            backlog_task.cancel()
            for stage in stages.running.values():
                stage.mark_start()
            offered_total = 0

            # 2. Sustained: offered at the slowest stage's own rate.
            offered, _ = await post_open_loop(
                ingest, api_key, "sustained", slowest, arguments.seconds, watcher
            )
            offered_total += len(offered)
            await wait_shown(watcher, stages, 600)
            # from the first article shown to the last: the rate the user sees them come
            shown = sorted(watcher.shown_at[article_id] for article_id in offered)
            sustained = (len(shown) - 1) / (shown[-1] - shown[0])
            print(
                f"sustained end to end, offered {slowest:,.1f}/s for {arguments.seconds:.0f} s: "
                f"{sustained:,.1f} articles/s shown in the query API"
            )

            # 3. Freshness at shares of the sustainable rate.
            freshness = {}
            for share in (0.25, 0.5, 0.9):
                rate = share * sustained
                offered, _ = await post_open_loop(
                    ingest, api_key, f"fresh{share}", rate, arguments.seconds, watcher
                )
                offered_total += len(offered)
                await wait_shown(watcher, stages, 600)
                times = [watcher.shown[article_id] for article_id in offered]
                freshness[share] = (
                    statistics.median(times),
                    percentile(times, 0.99),
                    max(times),
                )
                p50, p99, worst = freshness[share]
                print(
                    f"freshness at {share:.0%} ({rate:,.1f}/s, {len(times)} articles): "
                    f"p50 {p50:.2f} s, p99 {p99:.2f} s, max {worst:.2f} s"
                )
            stop.set()
            await watching

            # 4. Each process: CPU per article over the timed runs, memory at start and end.
            print(f"\n{'process':12}{'CPU ms/article':>16}{'RSS start MiB':>15}{'RSS end MiB':>13}")
            for stage in stages.running.values():
                cpu = tree_cpu_seconds(stage.process.pid) - stage.cpu_start
                rss = resident_mib(stage.process.pid)
                print(
                    f"{stage.name:12}{1000 * cpu / offered_total:>16.2f}"
                    f"{stage.rss_start:>15.0f}{rss:>13.0f}"
                )

            ratio = sustained / slowest
            p99_half = freshness[0.5][1]
            print("\nfigure | ours | baseline | target | met")
            print(
                f"pipeline sustained rate | {sustained:,.1f} articles/s | slowest stage alone "
                f"{slowest:,.1f}/s | >= 0.8x (is {ratio:.2f}x) | "
                + ("met" if ratio >= 0.8 else "NOT met")
            )
            print(
                f"freshness p99 at 50% of the sustainable rate | {p99_half:.2f} s | - | <= 2 s | "
                + ("met" if p99_half <= 2.0 else "NOT met")
            )
        finally:
            stop.set()
            stages.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each timed load")
    parser.add_argument("--backlog", type=int, default=300)
    parser.add_argument("--logs", default="", help="folder for the processes' logs")
    arguments = parser.parse_args()
    servers = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    server_url = os.environ.get("STORYLINE_TEST_DATABASE_URL")
    if not servers or not server_url:
        print("set KAFKA_BOOTSTRAP_SERVERS and STORYLINE_TEST_DATABASE_URL", file=sys.stderr)
        return 2
    logs = Path(arguments.logs or f"/tmp/storyline-pipeline-{os.getpid()}")
    logs.mkdir(parents=True, exist_ok=True)

    async def run() -> None:
        async with scratch_database(server_url, "storyline_pipeline") as database:
            await measure(arguments, database, servers, logs)

    asyncio.run(run())
    print(f"process logs: {logs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
