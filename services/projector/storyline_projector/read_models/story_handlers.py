"""Handlers for story-level events: a story opened, an article assigned to it, stories merged."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from storyline_contracts.story_events import ArticleAssignedToStory, StoryMerged, StoryOpened
from storyline_projector.read_models.story_identity import ensure_story, note_story_article
from storyline_projector.read_models.story_log import keep_story_event
from storyline_projector.read_models.story_state import MERGED
from storyline_projector.read_models.tables import (
    STORY_FACT_TABLES,
    allegation_events,
    allegations,
    stories,
    story_articles,
)
from storyline_projector.read_models.unit_of_work import ProjectionUnit


async def open_story(unit: ProjectionUnit, event: StoryOpened) -> None:
    """Keep the opening on the story's own row; it shows on the survivor if it was merged.

    For a merged story, both rows are loaded again: the opening is the merged story's own title
    as well as a fallback for its survivor's, whichever order the opening and the merge arrive in.
    """
    opened_at = keep_story_event(unit, event, [event.story_id])
    opening = event.model_dump(
        mode="json", include={"title", "incident_date", "key_actors", "places", "first_article_id"}
    )
    ensure_story(unit, event.story_id, opening, opened_at)
    story_id = await unit.resolve_story(event.story_id)
    note_story_article(
        unit,
        story_id,
        event.first_article_id,
        event.first_article_version,
        None,
        opened_at,
    )
    if story_id != event.story_id:
        unit.touch([event.story_id, story_id])


async def assign_article(unit: ProjectionUnit, event: ArticleAssignedToStory) -> None:
    assigned_at = keep_story_event(unit, event, [event.story_id])
    story_id = await unit.resolve_story(event.story_id)
    ensure_story(unit, story_id)
    # A near-duplicate adds sources to the allegations drawn from the article it copies: the
    # note reaches the story's allegations too.
    note_story_article(
        unit,
        story_id,
        event.article_id,
        event.article_version,
        event.outlet,
        assigned_at,
        event.near_duplicate_of,
        event.published_at,
    )
    if story_id != event.story_id:
        unit.touch([story_id])


async def merge_stories(unit: ProjectionUnit, event: StoryMerged) -> None:
    """Move everything of the merged stories to the survivor; their rows point to it.

    Merges may be applied in any order (they arrive on different partitions): the survivor is
    resolved first, and stories merged earlier into a story merged now follow it. The rows the
    batch wrote so far are written first, so that they move too.
    """
    keep_story_event(unit, event, [event.story_id, *event.from_story_ids])
    survivor = await unit.resolve_story(event.story_id)
    merged = [story_id for story_id in event.from_story_ids if story_id != survivor]
    for story_id in [survivor, *merged]:
        ensure_story(unit, story_id)
    await unit.write_rows()
    connection = unit.connection
    absorbed = merged + list(
        (
            await connection.execute(
                select(stories.c.story_id).where(stories.c.merged_into.in_(merged))
            )
        ).scalars()
    )
    await connection.execute(
        update(stories)
        .where(stories.c.story_id.in_(absorbed))
        .values(merged_into=survivor, status=MERGED)
    )
    unit.stories.note_merged(absorbed, survivor)
    for table in STORY_FACT_TABLES:
        await connection.execute(
            update(table).where(table.c.story_id.in_(absorbed)).values(story_id=survivor)
        )
    await _move_story_articles(unit, absorbed, survivor)
    for table in (allegation_events, allegations):
        await connection.execute(delete(table).where(table.c.story_id.in_(absorbed)))
    unit.touch([*absorbed, survivor])


async def _move_story_articles(unit: ProjectionUnit, absorbed: list[str], survivor: str) -> None:
    rows = (
        await unit.connection.execute(
            select(story_articles).where(story_articles.c.story_id.in_(absorbed))
        )
    ).mappings()
    for row in list(rows):
        note_story_article(
            unit,
            survivor,
            row["article_id"],
            row["article_version"],
            row["outlet"],
            row["assigned_at"],
            row["near_duplicate_of"],
            row["published_at"],
        )
    await unit.connection.execute(
        delete(story_articles).where(story_articles.c.story_id.in_(absorbed))
    )
