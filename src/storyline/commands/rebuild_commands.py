"""``storyline rebuild``: rebuild every read model from the beginning of the log into fresh
tables, and switch the query API and the projector to them once they have caught up."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from storyline.commands import Subparsers
from storyline.commands.process_health import HealthAddress, add_health_options, observed_process

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from storyline_projector.consume.rebuild import RebuildReport
    from storyline_projector.settings import ProjectorSettings


def register(subparsers: Subparsers) -> None:
    rebuild = subparsers.add_parser(
        "rebuild",
        help="rebuild the read models from the log (Kafka from offset 0, or the event store)",
    )
    rebuild.add_argument("--batch-size", type=int, default=2000, help="messages per transaction")
    rebuild.add_argument(
        "--stories-held",
        type=int,
        help="stories kept in memory between batches, about 22 KB each (default: the rebuild's, "
        "1,000)",
    )
    add_health_options(rebuild, "rebuild")  # progress: storyline_rebuild_* on /metrics
    rebuild.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.batch_size < 1:
        print("storyline rebuild: --batch-size must be at least 1", file=sys.stderr)
        return 2
    if args.stories_held is not None and args.stories_held < 0:
        print("storyline rebuild: --stories-held must be 0 or more", file=sys.stderr)
        return 2
    report = asyncio.run(rebuild(args.batch_size, args.stories_held, HealthAddress.of(args)))
    rate = report.messages / report.seconds if report.seconds else 0.0
    print(
        f"generation {report.generation.number} is live: {report.messages} messages in "
        f"{report.seconds:.1f} s ({rate:,.0f}/s), {report.dead_letters} dead letter(s)"
    )
    return 0


async def rebuild(
    batch_size: int, stories_held: int | None, health: HealthAddress
) -> RebuildReport:
    from storyline_platform.database import create_engine
    from storyline_platform.gc_tuning import tune_for_batches
    from storyline_projector.settings import ProjectorSettings

    settings = ProjectorSettings()
    tune_for_batches()
    read_models = create_engine(settings.database_url)
    try:
        async with observed_process(health, read_models, settings.kafka_bootstrap_servers):
            return await _rebuild(settings, read_models, batch_size, stories_held)
    finally:
        await read_models.dispose()


async def _rebuild(
    settings: ProjectorSettings,
    read_models: AsyncEngine,
    batch_size: int,
    stories_held: int | None,
) -> RebuildReport:
    from storyline_contracts.topics import ALL_TOPICS
    from storyline_platform.database import create_engine
    from storyline_projector.consume.rebuild import (
        REBUILD_STORIES_HELD,
        KafkaLog,
        rebuild_read_models,
    )
    from storyline_projector.consume.store_follower import EventStoreLog

    if stories_held is None:
        stories_held = REBUILD_STORIES_HELD
    if settings.kafka_bootstrap_servers:
        topics = [settings.topic_prefix + topic for topic in ALL_TOPICS]
        async with KafkaLog(settings.kafka_bootstrap_servers, topics) as kafka_log:
            return await rebuild_read_models(read_models, kafka_log, batch_size, stories_held)
    store = create_engine(settings.event_store_url or settings.database_url)
    try:
        return await rebuild_read_models(
            read_models, EventStoreLog(store), batch_size, stories_held
        )
    finally:
        await store.dispose()
