"""Retractions: events an article no longer supports, after a revision, a withdrawal, or a
re-extraction that read the same article version differently.

Events are never deleted from the log; a retraction says which earlier events no longer stand, so
read models can drop them while the history stays replayable. Version 2 added the reason
``reextracted`` (and the extractor whose reading replaces them); version 1 is in
``retraction_events_v1``.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from storyline_contracts.event_base import Event
from storyline_contracts.registry import register
from storyline_contracts.topics import STORIES_TOPIC


@register
class EventsRetracted(Event):
    """Events drawn from an article no longer stand: an earlier version (``revised``), a
    withdrawn article (``withdrawn``), or an earlier reading of the same version
    (``reextracted``: the events of ``extractor_version`` replace them, and follow)."""

    name: ClassVar[str] = "events_retracted"
    version: ClassVar[int] = 2
    topic: ClassVar[str] = STORIES_TOPIC

    story_id: str
    article_id: str
    article_version: int = Field(ge=1, description="The version that no longer supports them.")
    retracted_event_ids: tuple[str, ...] = Field(min_length=1)
    reason: Literal["revised", "withdrawn", "reextracted"]
    extractor_version: str | None = Field(
        default=None,
        description="For a re-extraction: the extractor version whose events replace these.",
    )

    @property
    def partition_key(self) -> str:
        return self.story_id
