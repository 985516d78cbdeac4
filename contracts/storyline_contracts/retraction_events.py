"""Retractions: events an article no longer supports, after a revision or a withdrawal.

Events are never deleted from the log; a retraction says which earlier events no longer stand, so
read models can drop them while the history stays replayable.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from storyline_contracts.event_base import Event
from storyline_contracts.registry import register
from storyline_contracts.topics import STORIES_TOPIC


@register
class EventsRetracted(Event):
    """Events drawn from an earlier version of an article no longer stand."""

    name: ClassVar[str] = "events_retracted"
    topic: ClassVar[str] = STORIES_TOPIC

    story_id: str
    article_id: str
    article_version: int = Field(ge=1, description="The version that no longer supports them.")
    retracted_event_ids: tuple[str, ...] = Field(min_length=1)
    reason: Literal["revised", "withdrawn"]

    @property
    def partition_key(self) -> str:
        return self.story_id
