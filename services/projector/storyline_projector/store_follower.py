"""Embedded mode: the projector follows the ingest event store directly instead of Kafka.

The event store keeps each event as the same CloudEvents record that goes to Kafka, so the
projection code cannot tell the two sources apart. Works on SQLite, where writers are serialised
and positions therefore become visible in order.
"""

from __future__ import annotations

import asyncio
import json
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_platform.stopping import sleep_unless_stopped
from storyline_projector.message_decoding import (
    RawMessage,
    decode_messages,
    record_dead_letters,
)
from storyline_projector.projection import apply_batch, load_positions

log = logging.getLogger(__name__)

STREAM = "event_store"
# The event store's read shape, as the ingest service publishes it (storyline_ingest.tables).
_READ_AFTER = text(
    "SELECT position, headers, payload FROM event_store WHERE position >= :start "
    "ORDER BY position LIMIT :limit"
)


class StoreFollower:
    def __init__(
        self,
        store: AsyncEngine,
        read_models: AsyncEngine,
        batch_size: int = 500,
        poll_seconds: float = 0.2,
    ) -> None:
        self._store = store
        self._read_models = read_models
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds

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
        async with self._read_models.connect() as connection:
            start = (await load_positions(connection, [(STREAM, 0)])).get((STREAM, 0), 1)
        async with self._store.connect() as connection:
            rows = (
                await connection.execute(_READ_AFTER, {"start": start, "limit": self._batch_size})
            ).all()
        messages = [
            RawMessage(STREAM, 0, int(row.position), _headers(row.headers), bytes(row.payload))
            for row in rows
        ]
        if not messages:
            return 0
        deliveries, dead = decode_messages(messages)
        async with self._read_models.begin() as connection:
            await apply_batch(connection, deliveries)
            await record_dead_letters(connection, dead)
        return len(messages)


def _headers(raw: object) -> tuple[tuple[str, bytes], ...]:
    mapping = json.loads(raw) if isinstance(raw, str) else raw
    assert isinstance(mapping, dict)
    return tuple((str(name), str(value).encode()) for name, value in mapping.items())
