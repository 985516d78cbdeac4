"""Rebuild every read model from the beginning of the log, with no downtime for the readers.

A new generation of tables is created empty and fed the whole log (the Kafka topics from offset
0, or the event store in embedded mode) through the same pipeline the projector uses, while the
live generation keeps serving and the live projector keeps running. Once the new generation is
at or past the live one's position on every partition, it becomes live in one transaction; the
projector's next batch, and the readers within a second, use it. Poison messages met on the way
are kept in the new generation's dead-letter table (the topic already has them).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Protocol

from aiokafka import AIOKafkaConsumer
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_platform.kafka_clients import consumer_options
from storyline_projector.consume.delivery import RawMessage, kafka_messages
from storyline_projector.consume.message_pipeline import MessagePipeline
from storyline_projector.consume.projection import all_positions
from storyline_projector.observability import rebuild_progress
from storyline_projector.read_models.generation_schema import create_generation
from storyline_projector.read_models.generations import (
    DEFAULT,
    Generation,
    bind,
    live_generation,
    prepare_engine,
)
from storyline_projector.read_models.tables import read_model_generations

log = logging.getLogger(__name__)

# A rebuild reads the log in order, so the stories it needs in memory are those in progress at
# that point of the log; it never writes a batch in one statement (which needs every story of
# the batch held), so holding more than those only costs memory: at about 22 KB a story,
# 1,000 stories are 22 MiB where the projector's 5,000 are 110 MiB.
REBUILD_STORIES_HELD = 1000
# A rebuild that reads nothing while the log's end is still ahead (a partition whose leader is
# away, a broker restarting) says so this often, instead of waiting in silence.
WAITING_LOG_SECONDS = 30.0


class Log(Protocol):
    """A log read from its beginning: ``read`` returns [] when nothing more is there right now,
    ``at_end`` says whether the last read reached the end of the log as it was then."""

    async def read(self, limit: int) -> list[RawMessage]: ...

    async def at_end(self) -> bool: ...

    def waiting_for(self) -> list[str]:
        """What the log's end waits on, for a line in the log while nothing comes."""
        ...


@dataclass(frozen=True)
class RebuildReport:
    generation: Generation
    messages: int
    dead_letters: int
    seconds: float


async def rebuild_read_models(
    read_models: AsyncEngine,
    log_source: Log,
    batch_size: int = 2000,
    stories_held: int = REBUILD_STORIES_HELD,
    waiting_log_seconds: float = WAITING_LOG_SECONDS,
) -> RebuildReport:
    """Build a new generation from ``log_source`` and make it live once it has caught up: read
    to the end of the log, and at or past the live generation on every partition.
    ``stories_held``: how many stories to keep in memory between batches."""
    started = time.monotonic()
    last_read = started  # when a read last brought messages, or the wait was last logged
    generation = await create_generation(read_models)
    log.info("rebuilding read models", extra={"generation": generation.number})
    pipeline = MessagePipeline(read_models, generation, stories_held=stories_held)
    messages = dead = 0
    rebuild_progress(generation.number, messages)
    try:
        while True:
            batch = await log_source.read(batch_size)
            if batch:
                outcome = await pipeline.apply(batch)
                messages += len(batch)
                dead += len(outcome.dead_letters)
                rebuild_progress(generation.number, messages)
                last_read = time.monotonic()
            # Only the log's own end ends a rebuild: an empty read may be a fetch still on its
            # way, and with no live positions to catch up with (an empty database) stopping
            # there would make a part of the log live. Under steady traffic a read is rarely
            # empty, but it often reaches the high watermark.
            if await log_source.at_end():
                if await switch_when_caught_up(read_models, generation):
                    break
            elif not batch and time.monotonic() - last_read >= waiting_log_seconds:
                log.warning(
                    "rebuild waiting for the log: nothing read, its end not reached",
                    extra={
                        "generation": generation.number,
                        "messages": messages,
                        "seconds": round(time.monotonic() - last_read),
                        "waiting_for": log_source.waiting_for(),
                    },
                )
                last_read = time.monotonic()
    finally:
        await pipeline.close()  # gives back the connection it kept between batches
    rebuild_progress(generation.number, messages, running=False)
    return RebuildReport(generation, messages, dead, time.monotonic() - started)


async def switch_when_caught_up(read_models: AsyncEngine, generation: Generation) -> bool:
    """Make ``generation`` live if it is at or past the live one on every partition."""
    prepare_engine(read_models)
    async with read_models.begin() as connection:
        live = await live_generation(connection, lock="update")  # waits for in-flight batches
        if live == generation:
            return True
        await bind(connection, live)
        live_positions = await all_positions(connection)
        await bind(connection, generation)
        rebuilt_positions = await all_positions(connection)
        behind = {  # partition: (rebuilt, live)
            key: (rebuilt_positions.get(key, 0), position)
            for key, position in live_positions.items()
            if rebuilt_positions.get(key, 0) < position
        }
        if behind:
            log.info(
                "rebuild not caught up yet",
                extra={"behind": {f"{s}/{p}": v for (s, p), v in sorted(behind.items())}},
            )
            return False
        await bind(connection, DEFAULT)
        table = read_model_generations
        await connection.execute(
            update(table).where(table.c.status == "live").values(status="retired")
        )
        await connection.execute(
            update(table)
            .where(table.c.generation == generation.number)
            .values(status="live", live_since=datetime.now(UTC))
        )
    log.info("read models switched", extra={"generation": generation.number, "from": live.number})
    return True


class KafkaLog:
    """Every partition of ``topics`` from offset 0: no consumer group, so no committed offset
    to resume from, and the earliest-offset reset starts each partition at its beginning."""

    def __init__(self, bootstrap_servers: str, topics: list[str], **options: object) -> None:
        self._consumer = AIOKafkaConsumer(
            *topics,
            bootstrap_servers=bootstrap_servers,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            **consumer_options(**options),
        )
        self._waiting: list[str] = []

    async def __aenter__(self) -> KafkaLog:
        await self._consumer.start()
        return self

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        await self._consumer.stop()

    async def read(self, limit: int) -> list[RawMessage]:
        return kafka_messages(await self._consumer.getmany(timeout_ms=500, max_records=limit))

    async def at_end(self) -> bool:
        """Whether every partition has been read to its high watermark; not before the
        partitions are known and each has been fetched from once."""
        self._waiting = await self._unfinished()
        return not self._waiting

    def waiting_for(self) -> list[str]:
        return self._waiting

    async def _unfinished(self) -> list[str]:
        """The partitions not yet read to their end, each with why."""
        assigned = self._consumer.assignment()
        if not assigned:
            return ["the partitions of the topics (none assigned yet)"]
        waiting = []
        for tp in sorted(assigned):
            highwater = self._consumer.highwater(tp)
            if highwater is None:
                waiting.append(f"{tp.topic}/{tp.partition}: not fetched from yet")
                continue
            position = await self._consumer.position(tp)
            if position < highwater:
                waiting.append(f"{tp.topic}/{tp.partition}: at {position} of {highwater}")
        return waiting
