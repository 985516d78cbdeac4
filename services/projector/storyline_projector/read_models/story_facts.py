"""What every extracted event leaves in the read models: a timeline entry, who took part, and
the article it came from.

``file_extracted_event`` is the first step of every extracted-event handler. It returns the story
the event landed in (the survivor, if its story was merged), or None when the event was
retracted before it arrived, in which case nothing but the history copy is written. The filed
rows are also handed to the story's state (``unit.change``), which derives the story's row and
allegations from them; an event landing in a survivor has that story loaded again instead.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storyline_contracts.extracted_events import ExtractedEvent
from storyline_projector.read_models.actor_names import actor_key, display_name
from storyline_projector.read_models.story_identity import ensure_story, note_story_article
from storyline_projector.read_models.story_log import keep_story_event
from storyline_projector.read_models.story_state import Filed
from storyline_projector.read_models.tables import event_actors, timeline
from storyline_projector.read_models.unit_of_work import ProjectionUnit

# Fields every extracted event has; whatever else a type carries goes to the entry's details.
_COMMON_FIELDS = frozenset(ExtractedEvent.model_fields)
# Fields the entry keeps as they are: the event's JSON is needed for the others alone (the
# three JSON columns, and whatever the type carries beyond the common fields: the details).
_NOT_JSON_COLUMNS = set(_COMMON_FIELDS - {"source", "targets", "where"})
_TIMELINE_KEY = ("event_id",)
_ACTOR_KEY = ("event_id", "role", "actor_key")


async def file_extracted_event(unit: ProjectionUnit, event: ExtractedEvent) -> str | None:
    occurred_at = keep_story_event(unit, event, [event.story_id])  # the rows below take it too
    if await unit.stories.was_retracted(unit.connection, event.event_id):
        return None
    story_id = await unit.resolve_story(event.story_id)
    ensure_story(unit, story_id)
    entry = timeline_row(event, story_id, occurred_at)
    actors = actor_rows(event, story_id)
    unit.rows.add(timeline, entry, key=_TIMELINE_KEY)
    for row in actors:
        unit.rows.add(event_actors, row, key=_ACTOR_KEY)
    unit.change(story_id, Filed(entry, actors))
    if story_id != event.story_id:  # another partition's writer may hold the survivor: reload
        unit.touch([story_id])
    note_story_article(
        unit,
        story_id,
        event.article_id,
        event.article_version,
        event.outlet,
        occurred_at,
    )
    return story_id


def timeline_row(event: ExtractedEvent, story_id: str, occurred_at: datetime) -> dict[str, Any]:
    """The event's timeline entry; ``occurred_at`` is its time in UTC."""
    when = event.when
    # Once for every JSON column, by the serializer ``model_dump`` calls, without the wrapper
    # that passes it fifteen arguments: one dump per extracted event.
    data = event.__pydantic_serializer__.to_python(event, mode="json", exclude=_NOT_JSON_COLUMNS)
    # the dump's own dict, its common fields taken out, is the entry's details
    source, targets, places = data.pop("source"), data.pop("targets"), data.pop("where")
    return {
        "event_id": event.event_id,
        "story_id": story_id,
        "event_type": event.name,
        "summary": event.summary,
        "source": source,
        "targets": targets,
        "happened_on": when.start if when else None,
        "happened_until": when.end if when else None,
        "when_text": when.text if when else None,
        "when_precision": when.precision if when else "unknown",
        "places": places,
        "modality": event.modality,
        "about": list(event.about),
        "details": data,
        "evidence_sentence": event.evidence.sentence,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "article_id": event.article_id,
        "article_version": event.article_version,
        "outlet": event.outlet,
        "confidence": event.confidence,
        "extractor_version": event.extractor_version,
        "occurred_at": occurred_at,
    }


def actor_rows(event: ExtractedEvent, story_id: str) -> list[dict[str, Any]]:
    roles = [("source", event.source)] if event.source else []
    roles += [("target", target) for target in event.targets]
    return [
        {
            "event_id": event.event_id,
            "role": role,
            "actor_key": actor_key(actor),
            "story_id": story_id,
            "event_type": event.name,
            "name": display_name(actor),
            "kind": actor.kind,
            "country": actor.country,
        }
        for role, actor in roles
        if actor is not None
    ]
