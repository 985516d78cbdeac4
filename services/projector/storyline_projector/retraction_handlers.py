"""Drop retracted events from the read models (their copy in the story history stays).

A tombstone is kept for each retracted id, so an event that arrives after its retraction (a
redelivery, or a replay from another partition) is not projected again.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts.retraction_events import EventsRetracted
from storyline_projector.allegation_rules import refresh_allegations
from storyline_projector.sql_upsert import upsert
from storyline_projector.story_identity import ensure_story, resolve_story
from storyline_projector.story_log import keep_story_event
from storyline_projector.story_rollup import refresh_story
from storyline_projector.tables import STORY_FACT_TABLES, retracted_events, timeline


async def retract_events(connection: AsyncConnection, event: EventsRetracted) -> None:
    await keep_story_event(connection, event, [event.story_id])
    ids = list(event.retracted_event_ids)
    for event_id in ids:
        await upsert(
            connection,
            retracted_events,
            {"event_id": event_id, "story_id": event.story_id, "reason": event.reason},
            key=["event_id"],
            update=[],
        )
    touched = set(
        (
            await connection.execute(
                select(timeline.c.story_id).where(timeline.c.event_id.in_(ids))
            )
        ).scalars()
    )
    touched.add(await resolve_story(connection, event.story_id))
    for table in STORY_FACT_TABLES:
        await connection.execute(delete(table).where(table.c.event_id.in_(ids)))
    for story_id in sorted(touched):
        await ensure_story(connection, story_id)
        await refresh_allegations(connection, story_id)
        await refresh_story(connection, story_id)
