"""What handlers look up about other events while a batch is applied, read once per batch.

Two questions come up for nearly every story event: which story does this story id land in now
(a merged story's events land in its survivor), and was this event retracted before it arrived.
Both are answered for the whole batch with one query each before the first handler runs; the
handlers that change the answers (a merge, a retraction) tell the directory, so later events of
the same batch see the change exactly as they would if each event were its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import Event
from storyline_projector.read_models.sql_membership import one_of
from storyline_projector.read_models.tables import retracted_events, stories

CHUNK = 5000  # ids per IN list: well under SQLite's limit on bound parameters
T = TypeVar("T")


class StoryDirectory:
    def __init__(self) -> None:
        self._merged_into: dict[str, str | None] = {}
        self._retracted: dict[str, bool] = {}

    async def prefetch(self, connection: AsyncConnection, events: Sequence[Event]) -> None:
        """Look up every story and event id of ``events`` at once."""
        await self._load_merges(connection, story_ids_of(events) - self._merged_into.keys())
        await self._load_retractions(
            connection, {event.event_id for event in events} - self._retracted.keys()
        )

    async def resolve(self, connection: AsyncConnection, story_id: str) -> str:
        """The story ``story_id``'s events land in: its survivor if it was merged, else itself."""
        if story_id not in self._merged_into:
            await self._load_merges(connection, {story_id})
        return self._merged_into[story_id] or story_id

    async def was_retracted(self, connection: AsyncConnection, event_id: str) -> bool:
        if event_id not in self._retracted:
            await self._load_retractions(connection, {event_id})
        return self._retracted[event_id]

    def know(self, merged_into: dict[str, str | None], retracted: dict[str, bool]) -> None:
        """Answers already read for the batch (where each story id lands, which ids were
        retracted), so that ``prefetch`` asks only about the rest."""
        self._merged_into.update(merged_into)
        self._retracted.update(retracted)

    def note_merged(self, absorbed: Iterable[str], survivor: str) -> None:
        for story_id in absorbed:
            self._merged_into[story_id] = survivor

    def note_retracted(self, event_ids: Iterable[str]) -> None:
        for event_id in event_ids:
            self._retracted[event_id] = True

    async def _load_merges(self, connection: AsyncConnection, story_ids: set[str]) -> None:
        for chunk in chunks(sorted(story_ids)):
            self._merged_into.update(dict.fromkeys(chunk))
            rows = await connection.execute(
                select(stories.c.story_id, stories.c.merged_into).where(
                    one_of(connection, stories.c.story_id, chunk)
                )
            )
            self._merged_into.update({row.story_id: row.merged_into for row in rows})

    async def _load_retractions(self, connection: AsyncConnection, event_ids: set[str]) -> None:
        for chunk in chunks(sorted(event_ids)):
            self._retracted.update(dict.fromkeys(chunk, False))
            found = await connection.execute(
                select(retracted_events.c.event_id).where(
                    one_of(connection, retracted_events.c.event_id, chunk)
                )
            )
            self._retracted.update(dict.fromkeys(found.scalars(), True))


def story_ids_of(events: Iterable[Event]) -> set[str]:
    """Every story id ``events`` name (their ``story_id`` and ``from_story_ids``)."""
    found: set[str] = set()
    for event in events:
        single, several = _story_fields(type(event))
        if single:
            story_id = event.__dict__["story_id"]
            if isinstance(story_id, str):
                found.add(story_id)
        if several:
            found.update(event.__dict__["from_story_ids"])
    return found


@cache
def _story_fields(cls: type[Event]) -> tuple[bool, bool]:
    # Read from the class once: asking a model for a field it lacks goes through pydantic's
    # slow missing-attribute path, which cost more than the rest of this loop.
    return "story_id" in cls.model_fields, "from_story_ids" in cls.model_fields


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
