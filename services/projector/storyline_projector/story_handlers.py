"""Handlers for story-level events: a story opened, an article assigned to it, stories merged."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts.story_events import ArticleAssignedToStory, StoryMerged, StoryOpened
from storyline_projector.allegation_rules import refresh_allegations
from storyline_projector.story_identity import ensure_story, note_story_article, resolve_story
from storyline_projector.story_log import keep_story_event
from storyline_projector.story_rollup import MERGED, refresh_story
from storyline_projector.tables import STORY_FACT_TABLES, allegations, stories, story_articles
from storyline_projector.utc import as_utc


async def open_story(connection: AsyncConnection, event: StoryOpened) -> None:
    """Keep the opening on the story's own row; it shows on the survivor if it was merged."""
    await keep_story_event(connection, event, [event.story_id])
    await ensure_story(connection, event.story_id)
    opening = event.model_dump(
        mode="json", include={"title", "incident_date", "key_actors", "places", "first_article_id"}
    )
    await connection.execute(
        update(stories)
        .where(stories.c.story_id == event.story_id)
        .values(opening=opening, opened_at=as_utc(event.occurred_at))
    )
    story_id = await resolve_story(connection, event.story_id)
    await note_story_article(
        connection,
        story_id,
        event.first_article_id,
        event.first_article_version,
        None,
        event.occurred_at,
    )
    await refresh_story(connection, story_id)


async def assign_article(connection: AsyncConnection, event: ArticleAssignedToStory) -> None:
    await keep_story_event(connection, event, [event.story_id])
    story_id = await resolve_story(connection, event.story_id)
    await ensure_story(connection, story_id)
    await note_story_article(
        connection,
        story_id,
        event.article_id,
        event.article_version,
        event.outlet,
        event.occurred_at,
        event.near_duplicate_of,
    )
    # A near-duplicate adds sources to the allegations drawn from the article it copies.
    await refresh_allegations(connection, story_id)
    await refresh_story(connection, story_id)


async def merge_stories(connection: AsyncConnection, event: StoryMerged) -> None:
    """Move everything of the merged stories to the survivor; their rows point to it.

    Merges may be applied in any order (they arrive on different partitions): the survivor is
    resolved first, and stories merged earlier into a story merged now follow it.
    """
    await keep_story_event(connection, event, [event.story_id, *event.from_story_ids])
    survivor = await resolve_story(connection, event.story_id)
    await ensure_story(connection, survivor)
    merged = [story_id for story_id in event.from_story_ids if story_id != survivor]
    for story_id in merged:
        await ensure_story(connection, story_id)
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
    for table in STORY_FACT_TABLES:
        await connection.execute(
            update(table).where(table.c.story_id.in_(absorbed)).values(story_id=survivor)
        )
    await _move_story_articles(connection, absorbed, survivor)
    await connection.execute(delete(allegations).where(allegations.c.story_id.in_(absorbed)))
    for story_id in absorbed:
        await refresh_story(connection, story_id)
    await refresh_allegations(connection, survivor)
    await refresh_story(connection, survivor)


async def _move_story_articles(
    connection: AsyncConnection, absorbed: list[str], survivor: str
) -> None:
    rows = (
        await connection.execute(
            select(story_articles).where(story_articles.c.story_id.in_(absorbed))
        )
    ).mappings()
    for row in list(rows):
        await note_story_article(
            connection,
            survivor,
            row["article_id"],
            row["article_version"],
            row["outlet"],
            row["assigned_at"],
            row["near_duplicate_of"],
        )
    await connection.execute(delete(story_articles).where(story_articles.c.story_id.in_(absorbed)))
