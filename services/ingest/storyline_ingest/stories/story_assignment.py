"""Assign an article to a story: join one, open one, or merge those it shows to be one.

Runs inside the caller's transaction, right after extraction, and returns the story events to
append with ``event_store.append`` in that same transaction. Ids are deterministic (a story's id
comes from its first article), so replaying the same articles in the same order gives the same
stories and the same events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import Event, deterministic_event_id
from storyline_contracts.story_events import ArticleAssignedToStory, StoryMerged, StoryOpened
from storyline_ingest.stories.near_duplicates import NearDuplicate, find_near_duplicate
from storyline_ingest.stories.story_index import (
    entity_keys,
    index_article_bands,
    index_story,
    lock_keys,
    lookup_keys,
    stories_by_key,
    story_keys,
)
from storyline_ingest.stories.story_merging import merge_into, oldest_first
from storyline_ingest.stories.story_records import (
    RecordedArticle,
    insert_story,
    load_profiles,
    minhash_of,
    new_profile,
    record_article,
    recorded_articles,
    save_profile,
    story_id_for,
    surviving_story_ids,
    with_article,
)
from storyline_ingest.stories.story_scoring import (
    JOIN_THRESHOLD,
    MERGE_THRESHOLD,
    CandidateScore,
    StoryProfile,
    rarity_weight,
    score_candidate,
)
from storyline_ingest.stories.story_signals import ArticleSignals
from storyline_ingest.stories.text_fingerprint import TextFingerprint, band_keys, fingerprint

# Only stories seen within this window before the article are candidates.
STORY_WINDOW = timedelta(days=14)
MAX_CANDIDATES = 20


@dataclass(frozen=True)
class StoryAssignment:
    """The article's story, and what happened to reach it."""

    story_id: str
    opened: bool  # the article opened a new story
    merged: tuple[str, ...]  # stories merged into ``story_id`` because of this article
    near_duplicate_of: str | None  # the article this one republishes: no new events from it
    events: tuple[Event, ...]  # to append in the same transaction (event_store.append)


@dataclass(frozen=True)
class _Decision:
    target: StoryProfile | None  # None: open a new story
    merged: tuple[StoryProfile, ...]  # younger stories to merge into the target


async def assign_story(
    connection: AsyncConnection, signals: ArticleSignals, now: datetime
) -> StoryAssignment:
    """Decide the article's story and record it; returns the events to append."""
    text = fingerprint(signals.title, signals.body)
    await lock_keys(connection, [*entity_keys(signals), *(f"band:{k}" for k in text.band_keys)])
    recorded = (await recorded_articles(connection, [signals.article_id])).get(signals.article_id)
    if recorded is not None:
        return await _keep_recorded_story(connection, signals, text, recorded, now)
    near_duplicate = await find_near_duplicate(connection, signals, text)
    scored = await _score_candidates(connection, signals, text)
    decision = await _decide(connection, scored, near_duplicate)
    return await _record(connection, signals, text, decision, near_duplicate, now)


async def _score_candidates(
    connection: AsyncConnection, signals: ArticleSignals, text: TextFingerprint
) -> list[CandidateScore]:
    keyed = await stories_by_key(
        connection, lookup_keys(signals), signals.published_at - STORY_WINDOW
    )
    weights = {key: rarity_weight(len(story_ids)) for key, story_ids in keyed.items()}
    profiles = await load_profiles(connection, _most_promising(keyed, weights))
    scored = [score_candidate(signals, text.terms, p, weights) for p in profiles.values()]
    return sorted(scored, key=lambda c: (-c.score, c.story.opened_at, c.story.story_id))


def _most_promising(keyed: Mapping[str, list[str]], weights: Mapping[str, float]) -> list[str]:
    """The stories matching the most (and rarest) keys, a bounded number of them."""
    strength: dict[str, float] = {}
    for key, story_ids in keyed.items():
        for story_id in story_ids:
            strength[story_id] = strength.get(story_id, 0.0) + weights[key]
    ranked = sorted(strength.items(), key=lambda item: (-item[1], item[0]))
    return [story_id for story_id, _ in ranked[:MAX_CANDIDATES]]


async def _decide(
    connection: AsyncConnection,
    scored: Sequence[CandidateScore],
    near_duplicate: NearDuplicate | None,
) -> _Decision:
    linked = {c.story.story_id: c.story for c in scored if c.score >= MERGE_THRESHOLD}
    if near_duplicate is not None:
        profiles = await load_profiles(connection, [near_duplicate.story_id])
        linked.update(profiles)
    if len(linked) >= 2:
        survivor, *younger = oldest_first(list(linked.values()))
        return _Decision(survivor, tuple(younger))
    if linked:
        return _Decision(next(iter(linked.values())), ())
    if scored and scored[0].score >= JOIN_THRESHOLD:
        return _Decision(scored[0].story, ())
    return _Decision(None, ())


async def _record(
    connection: AsyncConnection,
    signals: ArticleSignals,
    text: TextFingerprint,
    decision: _Decision,
    near_duplicate: NearDuplicate | None,
    now: datetime,
) -> StoryAssignment:
    events: list[Event] = []
    if decision.target is None:
        story = new_profile(story_id_for(signals.article_id), signals, text)
        await insert_story(connection, story, signals)
        events.append(_story_opened(signals, story.story_id, now))
    else:
        story = decision.target
        if decision.merged:
            story = await merge_into(connection, story, decision.merged)
            events.append(_story_merged(signals, story.story_id, decision.merged, now))
        await save_profile(connection, with_article(story, signals, text), added_articles=1)
    await index_story(connection, story.story_id, story_keys(signals), signals.published_at)
    near_duplicate_of = near_duplicate.original_id if near_duplicate else None
    await record_article(connection, signals, story.story_id, near_duplicate_of, text)
    await index_article_bands(connection, signals.article_id, text.band_keys, signals.published_at)
    events.append(_article_assigned(signals, story.story_id, near_duplicate_of, now))
    return StoryAssignment(
        story_id=story.story_id,
        opened=decision.target is None,
        merged=tuple(profile.story_id for profile in decision.merged),
        near_duplicate_of=near_duplicate_of,
        events=tuple(events),
    )


async def _keep_recorded_story(
    connection: AsyncConnection,
    signals: ArticleSignals,
    text: TextFingerprint,
    recorded: RecordedArticle,
    now: datetime,
) -> StoryAssignment:
    """An article already on record (a retry or a revision) stays in its story."""
    story_id = (await surviving_story_ids(connection, [recorded.story_id]))[recorded.story_id]
    if signals.article_version > recorded.article_version:
        # A correction rarely changes what the article is about: it keeps its story, and its
        # new text and keys are indexed so later articles can find the story through them.
        await record_article(connection, signals, story_id, recorded.near_duplicate_of, text)
        earlier_bands = band_keys(minhash_of(recorded))
        await index_article_bands(
            connection, signals.article_id, text.band_keys, signals.published_at, earlier_bands
        )
        await index_story(connection, story_id, story_keys(signals), signals.published_at)
    event = _article_assigned(signals, story_id, recorded.near_duplicate_of, now)
    return StoryAssignment(story_id, False, (), recorded.near_duplicate_of, (event,))


def _story_opened(signals: ArticleSignals, story_id: str, now: datetime) -> StoryOpened:
    return StoryOpened(
        event_id=deterministic_event_id("story_opened", story_id),
        occurred_at=now,
        story_id=story_id,
        title=signals.title,
        first_article_id=signals.article_id,
        first_article_version=signals.article_version,
        incident_date=signals.incident_date,
        key_actors=tuple(sorted(signals.actors)),
        # Where the incident happened first: the story's place is the first one.
        places=tuple(dict.fromkeys([*signals.incident_places, *sorted(signals.places)])),
    )


def _story_merged(
    signals: ArticleSignals, story_id: str, merged: Sequence[StoryProfile], now: datetime
) -> StoryMerged:
    from_ids = tuple(sorted(profile.story_id for profile in merged))
    return StoryMerged(
        event_id=deterministic_event_id("story_merged", story_id, *from_ids),
        occurred_at=now,
        story_id=story_id,
        from_story_ids=from_ids,
        article_id=signals.article_id,
        article_version=signals.article_version,
    )


def _article_assigned(
    signals: ArticleSignals, story_id: str, near_duplicate_of: str | None, now: datetime
) -> ArticleAssignedToStory:
    return ArticleAssignedToStory(
        event_id=deterministic_event_id(
            "article_assigned_to_story", signals.article_id, signals.article_version, story_id
        ),
        occurred_at=now,
        story_id=story_id,
        article_id=signals.article_id,
        article_version=signals.article_version,
        outlet=signals.outlet,
        published_at=signals.published_at,
        near_duplicate_of=near_duplicate_of,
    )
