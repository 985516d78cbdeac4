"""How far each accepted article version has got, polled from the database while the soak runs:
done once its article event is in the read models and, for a version with text, the extraction
worker has run on it and every event it yielded is in the read models too.

The time each version got done gives the recovery time of a fault: how long after the fault
was lifted the last version accepted before then got through every stage.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from sqlalchemy import select, tuple_
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_contracts import ArticleReceived, ArticleRevised, ArticleWithdrawn
from storyline_contracts.event_base import deterministic_event_id
from storyline_ingest.storage.tables import extraction_runs
from storyline_projector.read_models.tables import applied_events

from .load import Acceptance, Clock

EVENT_OF_OUTCOME = {
    "created": ArticleReceived.name,
    "revised": ArticleRevised.name,
    "withdrawn": ArticleWithdrawn.name,
}

Version = tuple[str, int]  # article id, version


def article_event_id(acceptance: Acceptance) -> str | None:
    """The id of the event a 202 stored, or None when it stored nothing new (a duplicate)."""
    name = EVENT_OF_OUTCOME.get(acceptance.outcome)
    if name is None:
        return None
    return deterministic_event_id(acceptance.article_id, acceptance.version, name)


@dataclass
class Progress:
    engine: AsyncEngine
    clock: Clock
    done_at: dict[Version, float] = field(default_factory=dict)
    _pending: dict[Version, Acceptance] = field(default_factory=dict)
    _seen: int = 0

    def pending(self) -> int:
        return len(self._pending)

    def take(self, accepted: list[Acceptance]) -> None:
        """Track the acceptances recorded since the last call."""
        for acceptance in accepted[self._seen :]:
            if article_event_id(acceptance) is not None:
                key = (acceptance.article_id, acceptance.version)
                if key not in self.done_at:
                    self._pending[key] = acceptance
        self._seen = len(accepted)

    async def poll(self) -> None:
        """Mark what got through since the last poll; a database away is just a poll missed."""
        if not self._pending:
            return
        try:
            done = await self._done(list(self._pending.values()))
        except (DBAPIError, SQLAlchemyError, OSError):
            return
        now = self.clock.now()
        for key in done:
            self._pending.pop(key, None)
            self.done_at[key] = now

    async def follow(self, accepted: list[Acceptance], stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.take(accepted)
            await self.poll()
            await asyncio.sleep(1.0)

    async def _done(self, waiting: list[Acceptance]) -> list[Version]:
        article_events = {article_event_id(a): a for a in waiting}
        usable = [(a.article_id, a.version) for a in waiting if a.usable]
        async with self.engine.connect() as connection:
            applied = await _applied(connection, [i for i in article_events if i])
            runs: dict[Version, list[str]] = {}
            for start in range(0, len(usable), 500):
                rows = await connection.execute(
                    select(
                        extraction_runs.c.article_id,
                        extraction_runs.c.article_version,
                        extraction_runs.c.event_ids,
                    ).where(
                        tuple_(extraction_runs.c.article_id, extraction_runs.c.article_version).in_(
                            usable[start : start + 500]
                        )
                    )
                )
                runs.update({(r.article_id, r.article_version): list(r.event_ids) for r in rows})
            extracted = await _applied(connection, [i for ids in runs.values() for i in ids])
        done = []
        for event_id, acceptance in article_events.items():
            key = (acceptance.article_id, acceptance.version)
            if event_id not in applied:
                continue
            if acceptance.usable and (
                key not in runs or not all(i in extracted for i in runs[key])
            ):
                continue
            done.append(key)
        return done


async def _applied(connection: AsyncConnection, event_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(event_ids), 1000):
        chunk = event_ids[start : start + 1000]
        rows = await connection.execute(
            select(applied_events.c.event_id).where(applied_events.c.event_id.in_(chunk))
        )
        found.update(row.event_id for row in rows)
    return found
