"""Near-duplicates: an article that republishes one already on record, with small edits.

Candidates come from the LSH band index (articles sharing a band of the MinHash signature);
each is confirmed by its estimated shingle Jaccard. A near-duplicate joins the story of the
article it copies and counts as another source for the same events, not as new events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_ingest.stories.story_index import near_duplicate_candidates
from storyline_ingest.stories.story_records import (
    minhash_of,
    recorded_articles,
    surviving_story_ids,
)
from storyline_ingest.stories.story_signals import ArticleSignals
from storyline_ingest.stories.text_fingerprint import TextFingerprint, estimated_jaccard

# Republications reuse wire copy for weeks at most; older matches are a new story quoting it.
NEAR_DUPLICATE_WINDOW = timedelta(days=30)
# A changed sentence or two keep ~0.8 of a short body's 3-word shingles; two outlets writing
# up the same incident independently stay below 0.1 (0.06 at most in the labelled set).
NEAR_DUPLICATE_JACCARD = 0.7


@dataclass(frozen=True)
class NearDuplicate:
    original_id: str
    """The first article of the copies (a copy of a copy points at the original)."""
    story_id: str
    similarity: float


async def find_near_duplicate(
    connection: AsyncConnection, signals: ArticleSignals, text: TextFingerprint
) -> NearDuplicate | None:
    since = signals.published_at - NEAR_DUPLICATE_WINDOW
    candidate_ids = await near_duplicate_candidates(
        connection, text.band_keys, since, exclude=signals.article_id
    )
    records = await recorded_articles(connection, candidate_ids)
    matches = [
        (estimated_jaccard(text.minhash, minhash_of(record)), record) for record in records.values()
    ]
    matches = [(similarity, r) for similarity, r in matches if similarity >= NEAR_DUPLICATE_JACCARD]
    if not matches:
        return None
    similarity, best = max(
        matches, key=lambda m: (m[0], -m[1].published_at.timestamp(), m[1].article_id)
    )
    story_id = (await surviving_story_ids(connection, [best.story_id]))[best.story_id]
    return NearDuplicate(best.near_duplicate_of or best.article_id, story_id, similarity)
