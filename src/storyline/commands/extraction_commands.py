"""``storyline extract`` (articles as JSON lines in, events out) and ``storyline extract-worker``
(the extraction worker process)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from functools import partial

from storyline.commands import Subparsers
from storyline.commands.process_health import (
    HealthAddress,
    add_health_options,
    observed_process,
    start_tracing,
)
from storyline.commands.service_commands import run_until_signalled


def register(subparsers: Subparsers) -> None:
    extract = subparsers.add_parser(
        "extract",
        add_help=False,  # the extraction command parses (and documents) its own options
        help="read articles as JSON lines, write the events they yield as JSON lines",
    )
    extract.set_defaults(run=run_extract, passthrough=True)

    worker = subparsers.add_parser(
        "extract-worker",
        help="extract events from new article versions (Kafka consumer group, or follow the store)",
    )
    add_health_options(worker, "extract-worker")
    worker.set_defaults(
        run=lambda args: run_until_signalled(partial(run_worker, health=HealthAddress.of(args)))
    )


def run_extract(args: argparse.Namespace) -> int:
    from storyline_extraction.command import run

    return run(args.passthrough_arguments)


async def run_worker(stop: asyncio.Event, health: HealthAddress) -> None:
    from storyline_ingest.settings import IngestSettings
    from storyline_ingest.worker.article_sources import KafkaArticleConsumer, StoreArticleFollower
    from storyline_ingest.worker.extraction_runner import ExtractionRunner
    from storyline_ingest.worker.extraction_worker import ExtractionWorker
    from storyline_platform.database import create_engine, require_migrated

    settings = IngestSettings()
    start_tracing("storyline-extraction-worker")
    engine = create_engine(settings.database_url)
    await require_migrated(engine)
    # NLP is CPU-bound: it runs in worker processes so the event loop keeps serving the consumer
    # group's heartbeats. Scale out with more processes or more worker replicas.
    runner = ExtractionRunner(processes=settings.extraction_processes)
    worker = ExtractionWorker(engine, runner)
    servers = settings.kafka_bootstrap_servers
    try:
        async with observed_process(health, engine, servers):
            if servers:
                consumer = KafkaArticleConsumer(
                    servers,
                    worker,
                    group_id=settings.extraction_group_id,
                    topic_prefix=settings.topic_prefix,
                )
                await consumer.run(stop)
            else:
                print("embedded mode: following the event store", file=sys.stderr)
                await StoreArticleFollower(engine, worker).run(stop)
    finally:
        runner.close()
        await engine.dispose()
