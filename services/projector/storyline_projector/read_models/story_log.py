"""The projector's own copy of every story-topic event, for time travel.

The query API answers "what did this story look like at time T" by folding the story's events
up to T. In production the projector cannot read the ingest service's event store (it only sees
Kafka), so it keeps the events it applied here, in the same transaction: the copy is exactly
what the read models were built from, in both modes. A merge is filed under the surviving story
and under each merged one, so the history of either shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import Event, decode
from storyline_contracts.story_events import StoryMerged
from storyline_projector.read_models.tables import story_events
from storyline_projector.read_models.utc import as_utc

if TYPE_CHECKING:
    from storyline_projector.read_models.unit_of_work import ProjectionUnit


def keep_story_event(unit: ProjectionUnit, event: Event, story_ids: Iterable[str]) -> datetime:
    """File ``event`` under each of ``story_ids`` (a repeat changes nothing); the event's time
    in UTC is returned, for the caller's rows."""
    # The JSON the event was published as is what dumping it again would give (both are the
    # codec's ``encode``), and dumping costs more than the rest of filing it.
    published = unit.published.get(event.event_id)
    data = event.model_dump_json() if published is None else published.decode()
    event_type = _cloudevent_type(type(event))
    occurred_at = as_utc(event.occurred_at)
    for story_id in dict.fromkeys(story_ids):
        unit.rows.add(
            story_events,
            {
                "story_id": story_id,
                "event_id": event.event_id,
                "event_type": event_type,
                "occurred_at": occurred_at,
                "data": data,
            },
            key=_KEY,
        )
    return occurred_at


_KEY = ("story_id", "event_id")


@cache
def _cloudevent_type(cls: type[Event]) -> str:
    return cls.cloudevent_type()


async def story_history(connection: AsyncConnection, story_id: str, as_of: datetime) -> list[Event]:
    """Every event recorded by ``as_of`` for the story and the stories merged into it by then.

    Ordered by when each event was recorded, then by id, so the fold is reproducible.
    """
    events: dict[str, Event] = {}
    wanted, seen = [story_id], {story_id}
    while wanted:
        rows = await connection.execute(
            select(story_events.c.event_id, story_events.c.event_type, story_events.c.data)
            .where(story_events.c.story_id.in_(wanted))
            .where(story_events.c.occurred_at <= as_utc(as_of))
        )
        found = [_decoded(row.event_id, row.event_type, row.data) for row in rows]
        events.update((event.event_id, event) for event in found)
        wanted = [
            merged
            for event in found
            if isinstance(event, StoryMerged) and event.story_id in seen
            for merged in event.from_story_ids
            if merged not in seen
        ]
        seen.update(wanted)
    return sorted(events.values(), key=lambda event: (as_utc(event.occurred_at), event.event_id))


def _decoded(event_id: str, event_type: str, data: str) -> Event:
    # Through the codec, so events kept at an older version are upcast like any other delivery.
    headers = {"ce_specversion": "1.0", "ce_type": event_type, "ce_id": event_id}
    return decode(headers, data.encode())
