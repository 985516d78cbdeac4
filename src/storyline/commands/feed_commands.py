"""``storyline feeds create``: register a feed and print its API key once."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime

from storyline.commands import Subparsers


def register(subparsers: Subparsers) -> None:
    feeds = subparsers.add_parser("feeds", help="manage the feeds allowed to post articles")
    commands = feeds.add_subparsers(dest="feeds_command", required=True)
    create = commands.add_parser("create", help="create a feed and print its API key once")
    create.add_argument("feed_id", help="1-64 lower-case letters, digits, '-' or '_'")
    create.add_argument("--name", help="a readable name (default: the feed id)")
    create.set_defaults(run=run_create)


def run_create(args: argparse.Namespace) -> int:
    key = asyncio.run(_create_feed(args.feed_id, args.name))
    print(f"feed {args.feed_id} created; its API key (shown only once):\n{key}")
    return 0


async def _create_feed(feed_id: str, name: str | None) -> str:
    from storyline_ingest.accept.feeds import create_feed
    from storyline_ingest.settings import IngestSettings
    from storyline_platform.database import create_engine

    engine = create_engine(IngestSettings().database_url)
    try:
        async with engine.begin() as connection:
            return await create_feed(connection, feed_id, name, datetime.now(UTC))
    finally:
        await engine.dispose()
