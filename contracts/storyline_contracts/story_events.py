"""Story-level events, published on the stories topic and keyed by story id.

A story is one real-world incident and what follows from it. These events say when a story was
opened, which article joined which story, and when two stories turned out to be one. A consumer
that meets a ``StoryMerged`` should treat every later event keyed by a merged story as belonging
to the surviving story: events of the merged story may still arrive on its own partition.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import AwareDatetime, Field

from storyline_contracts.event_base import Event
from storyline_contracts.registry import register
from storyline_contracts.topics import STORIES_TOPIC


class _StoryEvent(Event):
    topic: ClassVar[str] = STORIES_TOPIC

    story_id: str = Field(description="Storyline's id for the story; stable across replays.")

    @property
    def partition_key(self) -> str:
        return self.story_id


@register
class StoryOpened(_StoryEvent):
    """An article reported an incident no story on record covers; a new story starts with it."""

    name: ClassVar[str] = "story_opened"
    title: str = Field(description="The first article's title.")
    first_article_id: str
    first_article_version: int = Field(ge=1)
    incident_date: date | None = Field(default=None, description="When the incident happened.")
    key_actors: tuple[str, ...] = Field(default=(), description="Canonical actor names.")
    places: tuple[str, ...] = Field(default=(), description="Canonical place names.")


@register
class StoryMerged(_StoryEvent):
    """Stories ``from_story_ids`` turned out to cover the incident of ``story_id``.

    ``story_id`` is the surviving (older) story; the merged stories are closed for good.
    """

    name: ClassVar[str] = "story_merged"
    from_story_ids: tuple[str, ...] = Field(min_length=1)
    article_id: str = Field(description="The article that showed the stories are one.")
    article_version: int = Field(ge=1)


@register
class ArticleAssignedToStory(_StoryEvent):
    """An article version was found to report on the story ``story_id``."""

    name: ClassVar[str] = "article_assigned_to_story"
    article_id: str
    article_version: int = Field(ge=1)
    outlet: str | None = None
    published_at: AwareDatetime | None = Field(
        default=None,
        description="When the article version was published (the feed's own time), as opposed "
        "to occurred_at, when Storyline assigned it. Absent from events published before it "
        "was added.",
    )
    near_duplicate_of: str | None = Field(
        default=None,
        description=(
            "Id of an earlier article this one republishes with small edits: it counts as another "
            "source for that article's events, not as new events."
        ),
    )
