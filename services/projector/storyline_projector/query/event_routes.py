"""Event endpoint: one extracted event by id, as it stands in its story's timeline."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from storyline_platform.error_body import ErrorResponse
from storyline_projector.query.errors import QueryRefusal, not_found
from storyline_projector.query.http_caching import cached_json
from storyline_projector.query.parameters import EventId
from storyline_projector.query.read_side import read_models
from storyline_projector.query.story_queries import event_entry
from storyline_projector.query.views import TimelineEntry
from storyline_projector.read_models.tables import retracted_events

router = APIRouter(prefix="/v1/events", tags=["events"])


@router.get(
    "/{event_id}",
    response_model=TimelineEntry,
    responses={
        304: {"description": "Not modified"},
        404: {"model": ErrorResponse, "description": "Unknown event"},
        410: {
            "model": ErrorResponse,
            "description": "Retracted: the article no longer supports it",
        },
    },
)
async def get_event(request: Request, event_id: EventId) -> Response:
    async with read_models(request).connect() as connection:
        entry = await event_entry(connection, event_id)
        if entry is None:
            retracted = await connection.execute(
                select(retracted_events.c.reason).where(retracted_events.c.event_id == event_id)
            )
            reason = retracted.scalar()
    if entry is not None:
        return cached_json(request, entry)
    if reason is not None:
        raise QueryRefusal(410, f"event {event_id!r} was retracted ({reason})", "path.event_id")
    raise not_found(f"no event {event_id!r}", "path.event_id")
