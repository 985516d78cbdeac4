"""Drop retracted events from the read models (their copy in the story history stays).

A tombstone is kept for each retracted id, so an event that arrives after its retraction (a
redelivery, or a replay from another partition) is not projected again.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from storyline_contracts.retraction_events import EventsRetracted
from storyline_projector.read_models.story_identity import ensure_story
from storyline_projector.read_models.story_log import keep_story_event
from storyline_projector.read_models.tables import STORY_FACT_TABLES, retracted_events, timeline
from storyline_projector.read_models.unit_of_work import ProjectionUnit


async def retract_events(unit: ProjectionUnit, event: EventsRetracted) -> None:
    keep_story_event(unit, event, [event.story_id])
    ids = list(event.retracted_event_ids)
    for event_id in ids:
        unit.rows.put(
            retracted_events,
            {"event_id": event_id, "story_id": event.story_id, "reason": event.reason},
            key=["event_id"],
            update=[],
        )
    unit.stories.note_retracted(ids)
    await unit.write_rows()  # the facts the batch filed so far are dropped too
    connection = unit.connection
    touched = set(
        (
            await connection.execute(
                select(timeline.c.story_id).where(timeline.c.event_id.in_(ids))
            )
        ).scalars()
    )
    touched.add(await unit.resolve_story(event.story_id))
    for table in STORY_FACT_TABLES:
        await connection.execute(delete(table).where(table.c.event_id.in_(ids)))
    for story_id in sorted(touched):
        ensure_story(unit, story_id)
    unit.touch(touched)
