"""The ``storyline`` command: demo, migrations, feeds, and each service's processes."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from datetime import UTC, datetime

from storyline_platform.logging_setup import configure_logging


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="storyline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("demo", help="post the example articles to an embedded Storyline")

    migrate = commands.add_parser("migrate", help="create or upgrade the database tables")
    migrate.add_argument(
        "--database-url", help="default: STORYLINE_DATABASE_URL or var/storyline.db"
    )

    feeds = commands.add_parser("feeds", help="manage the feeds allowed to post articles")
    feed_commands = feeds.add_subparsers(dest="feeds_command", required=True)
    create = feed_commands.add_parser("create", help="create a feed and print its API key once")
    create.add_argument("feed_id")
    create.add_argument("--name")

    serve = commands.add_parser("serve", help="serve an HTTP API")
    serve.add_argument("api", choices=["ingest", "query"])
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int)

    commands.add_parser("relay", help="publish the outbox to Kafka (KAFKA_BOOTSTRAP_SERVERS)")
    commands.add_parser("project", help="run the projector (Kafka consumer, or follow the store)")
    commands.add_parser("topics", help="create the Kafka topics if they are missing")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # The demo prints its own report; keep the log to what needs attention.
    configure_logging(level="WARNING" if args.command == "demo" else None)
    if args.command == "demo":
        from storyline.demo import run_demo

        asyncio.run(run_demo())
        return 0
    if args.command == "migrate":
        from storyline.migrate import upgrade
        from storyline_ingest.settings import IngestSettings

        upgrade(args.database_url or IngestSettings().database_url)
        return 0
    if args.command == "feeds":
        key = asyncio.run(_create_feed(args.feed_id, args.name))
        print(f"feed {args.feed_id} created; its API key (shown only once):\n{key}")
        return 0
    if args.command == "serve":
        return _serve(args.api, args.host, args.port)
    if args.command == "relay":
        return asyncio.run(_until_signalled(_relay))
    if args.command == "project":
        return asyncio.run(_until_signalled(_project))
    if args.command == "topics":
        asyncio.run(_create_topics())
        return 0
    parser.error(f"unknown command {args.command}")
    return 2


async def _create_feed(feed_id: str, name: str | None) -> str:
    from storyline_ingest.feeds import create_feed
    from storyline_ingest.settings import IngestSettings
    from storyline_platform.database import create_engine

    engine = create_engine(IngestSettings().database_url)
    try:
        async with engine.begin() as connection:
            return await create_feed(connection, feed_id, name, datetime.now(UTC))
    finally:
        await engine.dispose()


def _serve(api: str, host: str, port: int | None) -> int:
    import uvicorn

    if api == "ingest":
        from storyline_ingest.api import create_app

        uvicorn.run(create_app(), host=host, port=port or 8000)
    else:
        from storyline_projector.query_api import create_query_app

        uvicorn.run(create_query_app(), host=host, port=port or 8001)
    return 0


async def _until_signalled(run: object) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    assert callable(run)
    await run(stop)
    return 0


async def _relay(stop: asyncio.Event) -> None:
    from storyline_ingest.outbox_relay import OutboxRelay, kafka_producer
    from storyline_ingest.settings import IngestSettings
    from storyline_platform.database import create_engine

    settings = IngestSettings()
    if settings.kafka_bootstrap_servers is None:
        sys.exit("storyline relay: set KAFKA_BOOTSTRAP_SERVERS (embedded mode has no relay)")
    servers = settings.kafka_bootstrap_servers
    engine = create_engine(settings.database_url)
    try:
        relay = OutboxRelay(
            engine,
            lambda: kafka_producer(servers),
            settings.relay_batch_size,
            settings.relay_poll_seconds,
            settings.topic_prefix,
        )
        await relay.run(stop)
    finally:
        await engine.dispose()


async def _project(stop: asyncio.Event) -> None:
    from storyline_contracts.topics import ALL_TOPICS
    from storyline_platform.database import create_engine
    from storyline_projector.kafka_consumer import KafkaProjector
    from storyline_projector.settings import ProjectorSettings
    from storyline_projector.store_follower import StoreFollower

    settings = ProjectorSettings()
    engine = create_engine(settings.database_url)
    try:
        if settings.kafka_bootstrap_servers:
            projector = KafkaProjector(
                settings.kafka_bootstrap_servers,
                engine,
                settings.group_id,
                topics=[settings.topic_prefix + topic for topic in ALL_TOPICS],
                batch_size=settings.batch_size,
            )
            await projector.run(stop)
        else:
            store = create_engine(settings.event_store_url or settings.database_url)
            try:
                await StoreFollower(store, engine, settings.batch_size, settings.poll_seconds).run(
                    stop
                )
            finally:
                await store.dispose()
    finally:
        await engine.dispose()


async def _create_topics() -> None:
    from storyline_contracts.topics import ALL_TOPICS
    from storyline_ingest.settings import IngestSettings
    from storyline_platform.kafka_topics import ensure_topics

    settings = IngestSettings()
    if not settings.kafka_bootstrap_servers:
        sys.exit("storyline topics: set KAFKA_BOOTSTRAP_SERVERS")
    await ensure_topics(
        settings.kafka_bootstrap_servers, [settings.topic_prefix + topic for topic in ALL_TOPICS]
    )


if __name__ == "__main__":
    raise SystemExit(main())
