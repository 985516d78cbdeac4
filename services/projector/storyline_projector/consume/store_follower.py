"""Embedded mode: the projector follows the ingest event store directly instead of Kafka.

The event store keeps each event as the same CloudEvents record that goes to Kafka, so the
projection code cannot tell the two sources apart. Works on SQLite, where writers are serialised
and positions therefore become visible in order. Dead letters are kept in the table only.
"""

from __future__ import annotations

import asyncio
import json
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_platform.stopping import sleep_unless_stopped
from storyline_projector.consume.delivery import RawMessage
from storyline_projector.consume.message_pipeline import MessagePipeline
from storyline_projector.consume.projection import load_positions
from storyline_projector.read_models.generations import Generation, begin_generation
from storyline_projector.read_models.story_states import DEFAULT_CAPACITY

log = logging.getLogger(__name__)

STREAM = "event_store"
# The event store's read shape, as the ingest service writes it (storyline_ingest.storage.tables).
_READ_AFTER = text(
    "SELECT position, partition_key, headers, payload FROM event_store "
    "WHERE position >= :start ORDER BY position LIMIT :limit"
)


class EventStoreLog:
    """The event store read in order from a position, as raw messages."""

    def __init__(self, store: AsyncEngine, start: int = 1) -> None:
        self._store = store
        self.next_position = start
        self._exhausted = False

    async def read(self, limit: int) -> list[RawMessage]:
        async with self._store.connect() as connection:
            rows = (
                await connection.execute(_READ_AFTER, {"start": self.next_position, "limit": limit})
            ).all()
        messages = [
            RawMessage(
                STREAM,
                0,
                int(row.position),
                _headers(row.headers),
                bytes(row.payload),
                str(row.partition_key).encode(),
            )
            for row in rows
        ]
        if messages:
            self.next_position = messages[-1].position + 1
        self._exhausted = len(messages) < limit
        return messages

    async def at_end(self) -> bool:
        return self._exhausted

    def waiting_for(self) -> list[str]:
        return [] if self._exhausted else [f"the event store after position {self.next_position}"]


class StoreFollower:
    def __init__(
        self,
        store: AsyncEngine,
        read_models: AsyncEngine,
        batch_size: int = 500,
        poll_seconds: float = 0.2,
        generation: Generation | None = None,
        stories_held: int = DEFAULT_CAPACITY,
    ) -> None:
        """``generation`` None follows into the live read models, else into that generation."""
        self._store = store
        self._read_models = read_models
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._generation = generation
        self._pipeline = MessagePipeline(read_models, generation, stories_held=stories_held)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                handled = await self.catch_up_once()
            except Exception:
                log.exception("projector failed on a batch; retrying")
                handled = 0
            if handled < self._batch_size:
                await sleep_unless_stopped(stop, self._poll_seconds)

    async def catch_up(self) -> int:
        """Apply everything stored so far; returns how many messages were handled."""
        total = 0
        while (handled := await self.catch_up_once()) > 0:
            total += handled
        return total

    async def catch_up_once(self) -> int:
        # Reading the start outside the batch transaction is safe: the batch skips whatever its
        # generation already holds, and a switch only ever moves to a generation that is ahead.
        async with begin_generation(self._read_models, self._generation) as connection:
            start = (await load_positions(connection, [(STREAM, 0)])).get((STREAM, 0), 1)
        messages = await EventStoreLog(self._store, start).read(self._batch_size)
        if messages:
            await self._pipeline.apply(messages)
        return len(messages)


def _headers(raw: object) -> tuple[tuple[str, bytes], ...]:
    mapping = json.loads(raw) if isinstance(raw, str) else raw
    assert isinstance(mapping, dict)
    return tuple((str(name), str(value).encode()) for name, value in mapping.items())
