"""Merging stories that turn out to cover one incident: the younger ones join the oldest.

The merged stories stay on record, pointing at the survivor (always the final one, so a lookup
needs one hop); their index entries and articles move to the survivor.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_ingest.stories.story_index import move_entries
from storyline_ingest.stories.story_records import combine, save_profile
from storyline_ingest.stories.story_scoring import StoryProfile
from storyline_ingest.stories.story_tables import article_stories, stories


def oldest_first(profiles: Sequence[StoryProfile]) -> list[StoryProfile]:
    """The survivor first: the story opened earliest (ties broken by id, for replays)."""
    return sorted(profiles, key=lambda profile: (profile.opened_at, profile.story_id))


async def merge_into(
    connection: AsyncConnection, survivor: StoryProfile, merged: Sequence[StoryProfile]
) -> StoryProfile:
    """Merge ``merged`` into ``survivor``; returns the survivor's combined profile."""
    merged_ids = [profile.story_id for profile in merged]
    combined = survivor
    for profile in merged:
        combined = combine(combined, profile)
    moved_articles = await connection.execute(
        update(article_stories)
        .where(article_stories.c.story_id.in_(merged_ids))
        .values(story_id=survivor.story_id)
    )
    await connection.execute(
        update(stories)
        .where(or_(stories.c.story_id.in_(merged_ids), stories.c.merged_into.in_(merged_ids)))
        .values(merged_into=survivor.story_id)
    )
    await move_entries(connection, merged_ids, survivor.story_id)
    await save_profile(connection, combined, added_articles=moved_articles.rowcount)
    return combined
