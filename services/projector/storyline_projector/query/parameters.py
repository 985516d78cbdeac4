"""Query and path parameters shared by the routes, and the one shape of a bad-parameter answer.

Every problem with a parameter is a 422 in the API's one error shape, naming the parameter
(``query.until``), whether FastAPI or a route found it (``errors``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Path, Query

from storyline_contracts.extracted_events import ExtractedEvent
from storyline_contracts.registry import registered_event_classes
from storyline_projector.query.errors import bad_parameter

ID_PATTERN = r"^[A-Za-z0-9._:-]{1,64}$"

StoryId = Annotated[str, Path(pattern=ID_PATTERN, description="A story id.")]
EventId = Annotated[str, Path(pattern=ID_PATTERN, description="An event id.")]
AsOf = Annotated[
    datetime | None,
    Query(
        description="Answer with the story as Storyline knew it at this time (ISO 8601; "
        "without an offset it is read as UTC). Computed from the story's events.",
    ),
]

CandidateRun = Annotated[
    str | None,
    Query(
        pattern=ID_PATTERN,
        description="Show the story as the re-extraction run RUN would make it, before it is "
        "adopted (`storyline reextract`).",
    ),
]

EXTRACTED_EVENT_TYPES = frozenset(
    cls.name for cls in registered_event_classes() if issubclass(cls, ExtractedEvent)
)


def checked_event_type(event_type: str | None) -> str | None:
    if event_type is not None and event_type not in EXTRACTED_EVENT_TYPES:
        known = ", ".join(sorted(EXTRACTED_EVENT_TYPES))
        raise bad_parameter("event_type", f"unknown event type {event_type!r}; one of: {known}")
    return event_type
