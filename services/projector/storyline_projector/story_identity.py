"""Which story row an event lands in, and making sure that row exists.

A merged story keeps its row, marked ``merged`` with a pointer to the surviving story; events
keyed by it that arrive later (they may, on its own partition) land in the surviving story.
``merged_into`` always names the final survivor, so resolving is a single lookup.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.sql_upsert import upsert
from storyline_projector.tables import stories, story_articles
from storyline_projector.utc import as_utc

DEVELOPING = "developing"


async def resolve_story(connection: AsyncConnection, story_id: str) -> str:
    merged_into = (
        await connection.execute(
            select(stories.c.merged_into).where(stories.c.story_id == story_id)
        )
    ).scalar()
    return merged_into or story_id


async def ensure_story(connection: AsyncConnection, story_id: str) -> None:
    """Create an empty row for ``story_id`` unless one exists (events may precede the opening)."""
    await upsert(
        connection,
        stories,
        {
            "story_id": story_id,
            "status": DEVELOPING,
            "key_actors": [],
            "article_count": 0,
            "outlet_count": 0,
            "event_count": 0,
        },
        key=["story_id"],
        update=[],
    )


async def note_story_article(
    connection: AsyncConnection,
    story_id: str,
    article_id: str,
    article_version: int,
    outlet: str | None,
    seen_at: datetime,
    near_duplicate_of: str | None = None,
) -> None:
    """Record that an article reported the story; merging what several events say about it.

    Every column is combined with an order-free rule (earliest time, latest version, first known
    outlet and original), so the row ends the same whichever event about the article came first.
    """
    await upsert(
        connection,
        story_articles,
        {
            "story_id": story_id,
            "article_id": article_id,
            "article_version": article_version,
            "outlet": outlet,
            "near_duplicate_of": near_duplicate_of,
            "assigned_at": as_utc(seen_at),
        },
        key=["story_id", "article_id"],
        combine={
            "article_version": "max",
            "outlet": "coalesce",
            "near_duplicate_of": "coalesce",
            "assigned_at": "min",
        },
    )
