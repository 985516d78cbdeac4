"""Reading and writing story profiles and article assignments (the rows behind the rule)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from datasketch import MinHash
from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_ingest.stories.story_scoring import StoryProfile, normalised_name
from storyline_ingest.stories.story_signals import ArticleSignals
from storyline_ingest.stories.story_tables import article_stories, stories
from storyline_ingest.stories.text_fingerprint import (
    TextFingerprint,
    merge_terms,
    minhash_from_bytes,
)

STORY_ID_NAMESPACE = uuid.UUID("c3a7d2f1-6b8e-4f0a-9d5c-7e2b1a4f8c60")


def story_id_for(first_article_id: str) -> str:
    """A story's id comes from its first article, so replaying the log gives the same ids."""
    return str(uuid.uuid5(STORY_ID_NAMESPACE, first_article_id))


@dataclass(frozen=True)
class RecordedArticle:
    article_id: str
    article_version: int
    story_id: str
    near_duplicate_of: str | None
    published_at: datetime
    minhash_bytes: bytes


async def recorded_articles(
    connection: AsyncConnection, article_ids: Sequence[str]
) -> dict[str, RecordedArticle]:
    if not article_ids:
        return {}
    rows = await connection.execute(
        select(article_stories).where(article_stories.c.article_id.in_(article_ids))
    )
    return {
        row["article_id"]: RecordedArticle(
            article_id=row["article_id"],
            article_version=row["article_version"],
            story_id=row["story_id"],
            near_duplicate_of=row["near_duplicate_of"],
            published_at=as_utc(row["published_at"]),
            minhash_bytes=bytes(row["minhash"]),
        )
        for row in rows.mappings()
    }


async def record_article(
    connection: AsyncConnection,
    signals: ArticleSignals,
    story_id: str,
    near_duplicate_of: str | None,
    text: TextFingerprint,
) -> None:
    values = {
        "article_version": signals.article_version,
        "story_id": story_id,
        "near_duplicate_of": near_duplicate_of,
        "published_at": signals.published_at,
        "minhash": text.signature_bytes(),
    }
    updated = await connection.execute(
        update(article_stories)
        .where(article_stories.c.article_id == signals.article_id)
        .values(**values)
    )
    if updated.rowcount == 0:
        await connection.execute(
            insert(article_stories).values(article_id=signals.article_id, **values)
        )


def minhash_of(record: RecordedArticle) -> MinHash:
    return minhash_from_bytes(record.minhash_bytes)


async def surviving_story_ids(
    connection: AsyncConnection, story_ids: Iterable[str]
) -> dict[str, str]:
    """Each story id mapped to itself, or to the story it was merged into."""
    wanted = sorted(set(story_ids))
    if not wanted:
        return {}
    rows = await connection.execute(
        select(stories.c.story_id, stories.c.merged_into).where(stories.c.story_id.in_(wanted))
    )
    return {story_id: merged_into or story_id for story_id, merged_into in rows.all()}


async def load_profiles(
    connection: AsyncConnection, story_ids: Iterable[str]
) -> dict[str, StoryProfile]:
    """Profiles of the open (not merged) stories among ``story_ids``."""
    wanted = sorted(set(story_ids))
    if not wanted:
        return {}
    rows = await connection.execute(
        select(stories).where(stories.c.story_id.in_(wanted), stories.c.merged_into.is_(None))
    )
    return {row["story_id"]: profile_from_row(row) for row in rows.mappings()}


def profile_from_row(row: RowMapping) -> StoryProfile:
    profile = row["profile"]
    if isinstance(profile, str):  # some drivers hand JSON back as text
        profile = json.loads(profile)
    return StoryProfile(
        story_id=row["story_id"],
        opened_at=as_utc(row["opened_at"]),
        last_seen=as_utc(row["last_seen"]),
        incident_first=row["incident_first"],
        incident_last=row["incident_last"],
        actors=profile["actors"],
        places=profile["places"],
        event_types=profile["event_types"],
        terms=profile["terms"],
        # Absent from profiles written before they existed.
        incident_countries=profile.get("incident_countries", {}),
        names=profile.get("names", {}),
    )


def as_utc(moment: datetime) -> datetime:
    # SQLite returns naive datetimes; everything is written in UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def new_profile(story_id: str, signals: ArticleSignals, text: TextFingerprint) -> StoryProfile:
    return StoryProfile(
        story_id=story_id,
        opened_at=signals.published_at,
        last_seen=signals.published_at,
        incident_first=signals.incident_date,
        incident_last=signals.incident_date,
        actors=_counts(normalised_name(name) for name in signals.actors),
        places=_counts(normalised_name(name) for name in signals.places),
        event_types=_counts(signals.event_types),
        terms=merge_terms({}, text.terms),
        incident_countries=_counts(signals.incident_countries),
        names=_counts(signals.names),
    )


def with_article(
    profile: StoryProfile, signals: ArticleSignals, text: TextFingerprint
) -> StoryProfile:
    """The profile after the article joins the story."""
    return combine(profile, new_profile(profile.story_id, signals, text))


def combine(first: StoryProfile, second: StoryProfile) -> StoryProfile:
    """Both profiles in one, kept under ``first``'s story id."""
    return replace(
        first,
        opened_at=min(first.opened_at, second.opened_at),
        last_seen=max(first.last_seen, second.last_seen),
        incident_first=_earliest(first.incident_first, second.incident_first),
        incident_last=_latest(first.incident_last, second.incident_last),
        actors=_add(first.actors, second.actors),
        places=_add(first.places, second.places),
        event_types=_add(first.event_types, second.event_types),
        terms=merge_terms(first.terms, second.terms),
        incident_countries=_add(first.incident_countries, second.incident_countries),
        names=_add(first.names, second.names),
    )


async def insert_story(
    connection: AsyncConnection, profile: StoryProfile, signals: ArticleSignals
) -> None:
    await connection.execute(
        insert(stories).values(
            story_id=profile.story_id,
            title=signals.title,
            first_article_id=signals.article_id,
            article_count=1,
            merged_into=None,
            **profile_columns(profile),
        )
    )


async def save_profile(
    connection: AsyncConnection, profile: StoryProfile, added_articles: int
) -> None:
    await connection.execute(
        update(stories)
        .where(stories.c.story_id == profile.story_id)
        .values(article_count=stories.c.article_count + added_articles, **profile_columns(profile))
    )


def profile_columns(profile: StoryProfile) -> dict[str, Any]:
    return {
        "opened_at": profile.opened_at,
        "last_seen": profile.last_seen,
        "incident_first": profile.incident_first,
        "incident_last": profile.incident_last,
        "profile": {
            "actors": dict(sorted(profile.actors.items())),
            "places": dict(sorted(profile.places.items())),
            "event_types": dict(sorted(profile.event_types.items())),
            "terms": dict(profile.terms),
            "incident_countries": dict(sorted(profile.incident_countries.items())),
            "names": dict(sorted(profile.names.items())),
        },
    }


def _counts(names: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return counts


def _add(first: Mapping[str, int], second: Mapping[str, int]) -> dict[str, int]:
    total = dict(first)
    for name, count in second.items():
        total[name] = total.get(name, 0) + count
    return total


def _earliest(first: date | None, second: date | None) -> date | None:
    return min(d for d in (first, second) if d is not None) if first or second else None


def _latest(first: date | None, second: date | None) -> date | None:
    return max(d for d in (first, second) if d is not None) if first or second else None
