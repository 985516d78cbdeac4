"""``storyline feeds``: register a feed and print its API key once; rotate, list and revoke its
keys; set its rate limit."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from storyline.commands import Subparsers

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

T = TypeVar("T")
DEFAULT_GRACE_HOURS = 24.0


def register(subparsers: Subparsers) -> None:
    feeds = subparsers.add_parser("feeds", help="manage the feeds allowed to post articles")
    commands = feeds.add_subparsers(dest="feeds_command", required=True)
    create = commands.add_parser("create", help="create a feed and print its API key once")
    create.add_argument("feed_id", help="1-64 lower-case letters, digits, '-' or '_'")
    create.add_argument("--name", help="a readable name (default: the feed id)")
    create.add_argument(
        "--rate", type=float, help="articles a second it may post (default: the service's)"
    )
    create.set_defaults(run=run_create)

    rotate = commands.add_parser(
        "rotate-key",
        help="issue a new API key (printed once); the current one keeps working for the grace "
        "period, so the feed can switch without a refused request",
    )
    rotate.add_argument("feed_id", help="the feed whose key changes")
    rotate.add_argument(
        "--grace-hours",
        type=float,
        default=DEFAULT_GRACE_HOURS,
        help=f"how long the current key keeps working (default: {DEFAULT_GRACE_HOURS:g})",
    )
    rotate.set_defaults(run=run_rotate)

    revoke = commands.add_parser(
        "revoke-key",
        help="stop a key at once (ingest processes forget it within 30 s, their key cache)",
    )
    revoke.add_argument("feed_id", help="the feed the key belongs to")
    revoke.add_argument("key_id", help="as `storyline feeds keys` lists it")
    revoke.set_defaults(run=run_revoke)

    keys = commands.add_parser("keys", help="list a feed's keys and whether each still works")
    keys.add_argument("feed_id", help="the feed whose keys are listed")
    keys.set_defaults(run=run_keys)

    rate = commands.add_parser("set-rate", help="set the articles a second a feed may post")
    rate.add_argument("feed_id", help="the feed whose limit changes")
    rate.add_argument("rate", help="articles a second, or 'default' for the service's limit")
    rate.set_defaults(run=run_set_rate)


def run_create(args: argparse.Namespace) -> int:
    from storyline_ingest.accept.feeds import create_feed

    key = _in_transaction(
        lambda connection: create_feed(
            connection, args.feed_id, args.name, datetime.now(UTC), args.rate
        )
    )
    print(f"feed {args.feed_id} created; its API key (shown only once):\n{key}")
    return 0


def run_rotate(args: argparse.Namespace) -> int:
    from storyline_ingest.accept.feeds import rotate_key

    if args.grace_hours < 0:
        print("storyline feeds rotate-key: --grace-hours cannot be negative", file=sys.stderr)
        return 2
    grace = timedelta(hours=args.grace_hours)
    rotated = _in_transaction(
        lambda connection: rotate_key(connection, args.feed_id, datetime.now(UTC), grace)
    )
    key, expiring = rotated
    for old in expiring:
        print(f"key {old.key_id} stops working at {old.expires_at:%Y-%m-%d %H:%M:%S} UTC")
    print(f"feed {args.feed_id}: its new API key (shown only once):\n{key}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from storyline_ingest.accept.feeds import revoke_key

    _in_transaction(
        lambda connection: revoke_key(connection, args.feed_id, args.key_id, datetime.now(UTC))
    )
    print(f"key {args.key_id} of feed {args.feed_id} revoked")
    return 0


def run_keys(args: argparse.Namespace) -> int:
    from storyline_ingest.accept.feeds import list_keys

    keys = _in_transaction(lambda connection: list_keys(connection, args.feed_id))
    now = datetime.now(UTC)
    for key in keys:
        if key.revoked_at is not None:
            state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M:%S}"
        elif key.expires_at is not None:
            verb = "expires" if key.live(now) else "expired"
            state = f"{verb} {key.expires_at:%Y-%m-%d %H:%M:%S}"
        else:
            state = "live"
        print(f"{key.key_id}  created {key.created_at:%Y-%m-%d %H:%M:%S}  {state}")
    return 0


def run_set_rate(args: argparse.Namespace) -> int:
    from storyline_ingest.accept.feeds import set_rate

    try:
        rate = None if args.rate == "default" else float(args.rate)
    except ValueError:
        print("storyline feeds set-rate: give a number or 'default'", file=sys.stderr)
        return 2
    _in_transaction(lambda connection: set_rate(connection, args.feed_id, rate))
    limit = "the service's default" if rate is None else f"{rate:g} articles a second"
    print(f"feed {args.feed_id} may post {limit} (ingest processes apply it within 30 s)")
    return 0


def _in_transaction(work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    """Run ``work`` in one transaction; exit with status 2, saying why, if it was refused."""
    from storyline_ingest.accept.errors import IngestError

    async def run() -> T:
        from storyline_ingest.settings import IngestSettings
        from storyline_platform.database import create_engine

        engine = create_engine(IngestSettings().database_url)
        try:
            async with engine.begin() as connection:
                return await work(connection)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except IngestError as refused:
        print(f"storyline feeds: {refused.message}", file=sys.stderr)
        raise SystemExit(2) from None
