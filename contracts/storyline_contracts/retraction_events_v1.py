"""Version 1 of ``EventsRetracted``, and the upcaster to version 2.

Version 1 knew two reasons, ``revised`` and ``withdrawn``; version 2 adds ``reextracted`` and the
extractor version that replaces the retracted events. Every v1 record is a valid v2 record, so
the upcaster changes nothing; a consumer built on v1 classes is told of the new reason by the
new version in ``ce_type`` instead of meeting a value it cannot validate.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from storyline_contracts.event_base import Event
from storyline_contracts.registry import JsonObject, superseded, upcaster
from storyline_contracts.topics import STORIES_TOPIC


@superseded
class EventsRetractedV1(Event):
    """Events drawn from an earlier version of an article no longer stand."""

    name: ClassVar[str] = "events_retracted"
    version: ClassVar[int] = 1
    topic: ClassVar[str] = STORIES_TOPIC

    story_id: str
    article_id: str
    article_version: int = Field(ge=1, description="The version that no longer supports them.")
    retracted_event_ids: tuple[str, ...] = Field(min_length=1)
    reason: Literal["revised", "withdrawn"]

    @property
    def partition_key(self) -> str:
        return self.story_id


@upcaster("events_retracted", from_version=1)
def retraction_reasons_widened(data: JsonObject) -> JsonObject:
    return data
