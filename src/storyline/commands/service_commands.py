"""The long-running processes: ``serve ingest|query``, ``relay``, ``project``, and ``topics``."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from storyline.commands import Subparsers
from storyline.commands.process_health import (
    HealthAddress,
    add_health_options,
    observed_process,
    start_tracing,
)
from storyline_platform.tracing import stop_tracing

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from storyline_projector.settings import ProjectorSettings

Loop = Callable[[asyncio.Event], Awaitable[None]]


def register(subparsers: Subparsers) -> None:
    serve = subparsers.add_parser(
        "serve", help="serve an HTTP API (with /healthz, /readyz, /metrics and /docs)"
    )
    serve.add_argument(
        "api",
        choices=["ingest", "query"],
        help="ingest: feeds post articles; query: the read models and the ops page",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, help="default: 8000 for ingest, 8001 for query")
    serve.set_defaults(run=run_serve)

    relay = subparsers.add_parser("relay", help="publish the outbox to Kafka")
    add_health_options(relay, "relay")
    relay.set_defaults(
        run=lambda args: run_until_signalled(partial(relay_outbox, health=HealthAddress.of(args)))
    )

    project = subparsers.add_parser(
        "project", help="run the projector (Kafka consumer group, or follow the store embedded)"
    )
    add_health_options(project, "project")
    project.set_defaults(
        run=lambda args: run_until_signalled(partial(project_events, health=HealthAddress.of(args)))
    )

    topics = subparsers.add_parser("topics", help="create the Kafka topics if they are missing")
    topics.add_argument(
        "--replication-factor",
        type=int,
        help="replicas of each partition (default: the brokers answering, at most 3)",
    )
    topics.add_argument(
        "--min-insync-replicas",
        type=int,
        help="replicas that must have a write before it counts (default: one fewer than the "
        "replication factor, at most 2)",
    )
    topics.set_defaults(
        run=lambda args: asyncio.run(
            create_topics(args.replication_factor, args.min_insync_replicas)
        )
    )


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from storyline_platform.gc_tuning import tune_for_serving

    start_tracing(f"storyline-{args.api}-api")
    if args.api == "ingest":
        from storyline_ingest.http.app import create_app

        app, port = create_app(), args.port or 8000
    else:
        from storyline_projector.app import create_query_app

        app, port = create_query_app(), args.port or 8001
    tune_for_serving()
    uvicorn.run(app, host=args.host, port=port)
    stop_tracing()
    return 0


def run_until_signalled(loop_function: Loop) -> int:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await loop_function(stop)

    try:
        asyncio.run(main())
    finally:
        stop_tracing()  # the spans still queued go out before the process ends
    return 0


async def relay_outbox(stop: asyncio.Event, health: HealthAddress) -> None:
    from storyline_ingest.outbox.relay import OutboxRelay, kafka_producer
    from storyline_ingest.outbox.topic_tail import KafkaTopicTail
    from storyline_ingest.settings import IngestSettings
    from storyline_platform.database import create_engine, require_migrated

    settings = IngestSettings()
    servers = settings.kafka_bootstrap_servers
    if servers is None:
        sys.exit("storyline relay: set KAFKA_BOOTSTRAP_SERVERS (embedded mode has no relay)")
    start_tracing("storyline-relay")
    engine = create_engine(settings.database_url)
    await require_migrated(engine)
    try:
        relay = OutboxRelay(
            engine,
            lambda: kafka_producer(servers),
            settings.relay_batch_size,
            settings.relay_poll_seconds,
            settings.topic_prefix,
            KafkaTopicTail(servers),
        )
        async with observed_process(health, engine, servers):
            await relay.run(stop)
    finally:
        await engine.dispose()


async def project_events(stop: asyncio.Event, health: HealthAddress) -> None:
    from storyline_platform.database import create_engine, require_migrated
    from storyline_platform.gc_tuning import tune_for_batches
    from storyline_projector.settings import ProjectorSettings

    settings = ProjectorSettings()
    start_tracing("storyline-projector")
    tune_for_batches()
    engine = create_engine(settings.database_url)
    await require_migrated(engine)
    try:
        async with observed_process(health, engine, settings.kafka_bootstrap_servers):
            await _project(stop, settings, engine)
    finally:
        await engine.dispose()


async def _project(stop: asyncio.Event, settings: ProjectorSettings, engine: AsyncEngine) -> None:
    from storyline_contracts.topics import ALL_TOPICS
    from storyline_platform.database import create_engine
    from storyline_projector.consume.kafka_consumer import KafkaProjector
    from storyline_projector.consume.store_follower import StoreFollower

    if settings.kafka_bootstrap_servers:
        projector = KafkaProjector(
            settings.kafka_bootstrap_servers,
            engine,
            settings.group_id,
            topics=[settings.topic_prefix + topic for topic in ALL_TOPICS],
            batch_size=settings.batch_size,
            topic_prefix=settings.topic_prefix,
            stories_held=settings.stories_held,
        )
        await projector.run(stop)
        return
    store = create_engine(settings.event_store_url or settings.database_url)
    try:
        follower = StoreFollower(
            store,
            engine,
            settings.batch_size,
            settings.poll_seconds,
            stories_held=settings.stories_held,
        )
        await follower.run(stop)
    finally:
        await store.dispose()


async def create_topics(
    replication_factor: int | None = None, min_insync_replicas: int | None = None
) -> int:
    from storyline_contracts.topics import ALL_TOPICS
    from storyline_ingest.settings import IngestSettings
    from storyline_platform.kafka_topics import ensure_topics

    settings = IngestSettings()
    if not settings.kafka_bootstrap_servers:
        sys.exit("storyline topics: set KAFKA_BOOTSTRAP_SERVERS")
    for name, value in (
        ("--replication-factor", replication_factor),
        ("--min-insync-replicas", min_insync_replicas),
    ):
        if value is not None and value < 1:
            sys.exit(f"storyline topics: {name} must be at least 1")
    if (replication_factor or 0) and (min_insync_replicas or 0) > (replication_factor or 0):
        sys.exit("storyline topics: --min-insync-replicas cannot exceed --replication-factor")
    await ensure_topics(
        settings.kafka_bootstrap_servers,
        [settings.topic_prefix + topic for topic in ALL_TOPICS],
        replication_factor=replication_factor,
        min_insync_replicas=min_insync_replicas,
    )
    return 0
