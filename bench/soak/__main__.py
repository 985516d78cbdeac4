"""The soak: the whole pipeline as real processes on a three-broker cluster and a PostgreSQL
server of its own, under a steady load of articles, while every fault of ``faults.py`` is
injected once; then it checks that nothing was lost or doubled and prints a table per fault.

    .venv/bin/python -m bench.soak --minutes 20        # the long soak (README, Reliability)
    .venv/bin/python -m bench.soak --minutes 3         # the short one `make test` runs

Processes: two ingest APIs, two extraction workers, the relay, two projectors and the query
API; a third projector joins and leaves for the rebalance. Exit status 0 only if every check
passed. Needs Java 17 and PostgreSQL's binaries, as deploy/local's scripts do; it touches no
server but its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from storyline.free_ports import free_ports
from storyline.migrate import upgrade_async
from storyline_ingest.accept.feeds import create_feed
from storyline_platform.database import create_engine

from .checks import Findings, check_everything, wait_until_quiet
from .faults import Injected, every_fault, inject_all
from .load import Clock, FeedLoad
from .processes import ANY_HEALTH_PORT, STORYLINE, Fleet, wait_until_answering
from .progress import Progress, article_event_id
from .report import fault_table, judge, totals
from .servers import SoakServers

TAIL_SECONDS = 20.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=20.0, help="length of the load")
    parser.add_argument("--rate", type=float, default=4.0, help="requests a second to ingest")
    parser.add_argument("--drain-seconds", type=float, default=300.0)
    parser.add_argument("--json", type=Path, help="also write the verdict here")
    args = parser.parse_args(argv)
    if args.minutes < 2:
        parser.error("--minutes must be at least 2: every fault needs room")

    servers = SoakServers()
    logs = Path(tempfile.mkdtemp(prefix="slsoak-logs-"))
    fleet = Fleet({}, logs)
    passed = False
    try:
        print(f"starting the cluster and PostgreSQL in {servers.run_dir}", flush=True)
        servers.start()
        passed = asyncio.run(soak(servers, fleet, args))
    finally:
        fleet.stop_all()
        servers.stop()
        if passed:
            shutil.rmtree(logs, ignore_errors=True)
        else:
            print(f"process logs kept in {logs}", flush=True)
    return 0 if passed else 1


async def soak(servers: SoakServers, fleet: Fleet, args: argparse.Namespace) -> bool:
    await upgrade_async(servers.database_url)
    engine = create_engine(servers.database_url)
    async with engine.begin() as connection:
        api_key = await create_feed(connection, "soak", None, datetime.now(UTC))
    fleet.environment = servers.environment | {
        "STORYLINE_DATABASE_URL": servers.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": servers.bootstrap_servers,
        "STORYLINE_LOG_FORMAT": "json",
    }
    await asyncio.to_thread(
        subprocess.run, [*STORYLINE, "topics"], env=fleet.environment, check=True, timeout=120
    )
    ports = dict(zip(("ingest-1", "ingest-2", "query"), free_ports(3), strict=True))
    fleet.add("ingest-1", "serve", "ingest", "--port", str(ports["ingest-1"]))
    fleet.add("ingest-2", "serve", "ingest", "--port", str(ports["ingest-2"]))
    fleet.add("extract-worker-1", "extract-worker", *ANY_HEALTH_PORT)
    fleet.add("extract-worker-2", "extract-worker", *ANY_HEALTH_PORT)
    fleet.add("relay", "relay", *ANY_HEALTH_PORT)
    fleet.add("project-1", "project", *ANY_HEALTH_PORT)
    fleet.add("project-2", "project", *ANY_HEALTH_PORT)
    fleet.add("query", "serve", "query", "--port", str(ports["query"]))
    fleet.start_all()
    fleet.add("project-3", "project", *ANY_HEALTH_PORT)  # started by the rebalance fault only
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    for name in ("ingest-1", "ingest-2"):
        await asyncio.to_thread(wait_until_answering, f"{urls[name]}/healthz")
    await asyncio.to_thread(wait_until_answering, f"{urls['query']}/v1/stories")

    seconds = args.minutes * 60
    clock = Clock()
    load = FeedLoad([urls["ingest-1"], urls["ingest-2"]], urls["query"], api_key, args.rate, clock)
    progress = Progress(engine, clock)
    injected: list[Injected] = []
    stop = asyncio.Event()
    followers = [
        asyncio.create_task(progress.follow(load.record.accepted, stop)),
        asyncio.create_task(watch(fleet, clock, stop)),
    ]
    print(f"load: {args.rate:g} requests/s for {args.minutes:g} min", flush=True)

    async def faults_then_tail() -> None:
        await inject_all(every_fault(servers, fleet), seconds, clock, injected)
        # The load goes on past the last fault, however long lifting the faults took.
        load.until = max(seconds, clock.now() + TAIL_SECONDS)

    await asyncio.gather(load.run(), faults_then_tail())
    print(f"[{clock.now():7.1f} s] load stopped; waiting for the pipeline to drain", flush=True)
    findings = Findings()
    findings.quiet_after = await wait_until_quiet(
        engine, progress, load.record.accepted, args.drain_seconds
    )
    stop.set()
    await asyncio.gather(*followers)
    fleet.check()
    await engine.dispose()
    fleet.stop_all()
    print("checking the event store, the topics and the read models", flush=True)
    await check_everything(
        servers.database_url,
        servers.database_url,
        servers.bootstrap_servers,
        load.record.accepted,
        findings,
    )
    lost_events = set(findings.not_on_topic) | set(findings.not_projected)
    lost_ids = {
        a.external_id
        for a in load.record.accepted
        if article_event_id(a) in lost_events
        or f"{a.external_id} v{a.version}" in findings.accepted_not_stored
    }
    doubled_at = [clock.of_wall(t) for times in findings.topic_copies.values() for t in times[1:]]
    verdict = judge(
        load.record,
        injected,
        progress.done_at,
        findings,
        lost_ids,
        doubled_at,
        fleet.unexpected_exits,
    )
    print()
    print(
        f"soak: {args.minutes:g} min at {args.rate:g} requests/s, two ingest APIs, two "
        "extraction workers, the relay, two projectors, the query API; three brokers"
    )
    print(fault_table(verdict.rows))
    print()
    print(totals(load.record, findings, verdict))
    print("PASSED" if verdict.passed else "FAILED:\n- " + "\n- ".join(verdict.failures))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "passed": verdict.passed,
                    "failures": verdict.failures,
                    "faults": [asdict(row) for row in verdict.rows],
                    "statuses": {str(k): v for k, v in verdict.statuses.items()},
                    "accepted": len(load.record.accepted),
                    "stored": findings.stored,
                    "on_topic": findings.on_topic,
                    "projected": findings.projected,
                },
                indent=2,
            )
        )
    return verdict.passed


async def watch(fleet: Fleet, clock: Clock, stop: asyncio.Event) -> None:
    """Notice at once a process that stopped without being told to."""
    while not stop.is_set():
        for name in fleet.check():
            print(f"[{clock.now():7.1f} s] process stopped on its own: {name}", flush=True)
        await asyncio.sleep(1.0)


if __name__ == "__main__":
    sys.exit(main())
