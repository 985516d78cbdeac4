"""Candidate lookup is bounded per key, whatever the number of stories on record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from storyline_ingest.stories.story_index import PER_KEY_LIMIT, index_story, stories_by_key
from storyline_ingest.stories.text_fingerprint import (
    estimated_jaccard,
    fingerprint,
    minhash_from_bytes,
)

SEEN = datetime(2023, 5, 3, tzinfo=UTC)


async def test_common_key_returns_only_the_most_recent_stories(story_engine: AsyncEngine) -> None:
    async with story_engine.begin() as connection:
        for n in range(PER_KEY_LIMIT + 10):
            await index_story(connection, f"s{n:03d}", ["actor:russia"], SEEN + timedelta(hours=n))

        found = await stories_by_key(connection, ["actor:russia"], SEEN)

    expected = [f"s{n:03d}" for n in range(PER_KEY_LIMIT + 9, 9, -1)]
    assert found["actor:russia"] == expected


async def test_stories_not_seen_within_the_window_are_not_candidates(
    story_engine: AsyncEngine,
) -> None:
    async with story_engine.begin() as connection:
        await index_story(connection, "old", ["place:odesa"], SEEN - timedelta(days=30))
        await index_story(connection, "recent", ["place:odesa"], SEEN)

        found = await stories_by_key(connection, ["place:odesa"], SEEN - timedelta(days=14))

    assert found == {"place:odesa": ["recent"]}


async def test_index_keeps_the_latest_time_a_key_was_seen(story_engine: AsyncEngine) -> None:
    async with story_engine.begin() as connection:
        await index_story(connection, "s1", ["place:odesa"], SEEN)
        await index_story(connection, "s1", ["place:odesa"], SEEN - timedelta(days=20))

        found = await stories_by_key(connection, ["place:odesa"], SEEN - timedelta(days=1))

    assert found == {"place:odesa": ["s1"]}


def test_stored_signature_compares_like_the_original() -> None:
    text = fingerprint("Title", "Drones struck the port overnight, officials said on Wednesday.")

    restored = minhash_from_bytes(text.signature_bytes())

    assert estimated_jaccard(text.minhash, restored) == 1.0


def test_headline_change_keeps_the_band_keys() -> None:
    body = "Drones struck the port of Odesa overnight and destroyed grain, officials said."

    first = fingerprint("Odesa port hit", body)
    second = fingerprint("Grain burns in Odesa", body)

    assert first.band_keys == second.band_keys
