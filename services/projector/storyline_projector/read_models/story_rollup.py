"""A story's derived row: title, status, incident, key actors, counts and reporting window.

Recomputed from the story's facts whenever one of them changes, never incremented, so the row
is the same whatever order the events came in and however often they were applied. Every story
a batch touched is recomputed once, at the end of the batch, with a few set-based queries.

``first_reported`` and ``last_reported`` are the earliest and latest publication times of the
story's articles (not when Storyline received them: a feed may deliver a day's articles late).

Status rules:

- ``merged``: the story turned out to be part of another one (``merged_into`` points to it).
- ``disputed``: someone denied an accusation made in the story (see ``allegation_rules``).
- ``developing``: otherwise.

What the story's ``StoryOpened`` said (title, incident date, places, key actors) wins; when a
story was never opened, or its opening left a field empty, the field is taken from its events:
the first incident reported (a strike or an attack), and the actors most often involved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.read_models.sql_membership import one_of
from storyline_projector.read_models.story_directory import chunks
from storyline_projector.read_models.story_titles import short_title
from storyline_projector.read_models.tables import (
    allegations,
    event_actors,
    stories,
    story_articles,
    timeline,
)
from storyline_projector.read_models.utc import as_utc_or_none

DEVELOPING = "developing"
MERGED = "merged"
DISPUTED = "disputed"
INCIDENT_TYPES = ("strike_reported", "attack_reported")
KEY_ACTOR_LIMIT = 5


async def refresh_stories(connection: AsyncConnection, story_ids: Sequence[str]) -> None:
    """Recompute the rows of ``story_ids`` (after their allegations): a few statements in all,
    one executemany to write them, however many stories."""
    for chunk in chunks(sorted(set(story_ids))):
        facts = await _facts(connection, chunk)
        await connection.execute(
            update(stories).where(stories.c.story_id == bindparam("target_story_id")),
            [facts.row(story_id) for story_id in chunk],
        )


@dataclass
class _StoryFacts:
    """What the rows of a set of stories are derived from, read in one go."""

    stories: dict[str, Any] = field(default_factory=dict)  # story id -> its stories row
    openings: dict[str, list[Any]] = field(default_factory=dict)
    disputed: set[str] = field(default_factory=set)
    incidents: dict[str, list[Any]] = field(default_factory=dict)
    mentions: dict[str, Counter[str]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    events: dict[str, Any] = field(default_factory=dict)
    articles: dict[str, Any] = field(default_factory=dict)

    def row(self, story_id: str) -> dict[str, Any]:
        opening = self._opening(story_id)
        incident = self._first_incident(story_id)
        return {
            "target_story_id": story_id,
            "status": self._status(story_id),
            "title": short_title(opening.get("title") or (incident or {}).get("summary")),
            "incident_date": _incident_date(opening, incident),
            "incident_place": _incident_place(opening, incident),
            "key_actors": list(opening.get("key_actors") or ()) or self._busiest_actors(story_id),
            **self._counts(story_id),
        }

    def _status(self, story_id: str) -> str:
        row = self.stories.get(story_id)
        if row is not None and row.merged_into is not None:
            return MERGED
        return DISPUTED if story_id in self.disputed else DEVELOPING

    def _opening(self, story_id: str) -> dict[str, Any]:
        """The story's own opening, else the earliest opening of a story merged into it."""
        openings = sorted(
            self.openings.get(story_id, []),
            key=lambda row: (
                row.story_id != story_id,
                as_utc_or_none(row.opened_at),
                row.story_id,
            ),
        )
        return dict(openings[0].opening) if openings else {}

    def _first_incident(self, story_id: str) -> dict[str, Any] | None:
        # Sorted here rather than in SQL: the two backends order NULL dates differently.
        incidents = sorted(
            self.incidents.get(story_id, []),
            key=lambda row: (
                row.happened_on is None,
                row.happened_on or date.min,
                as_utc_or_none(row.occurred_at),
                row.event_id,
            ),
        )
        return dict(incidents[0]._mapping) if incidents else None

    def _busiest_actors(self, story_id: str) -> list[str]:
        mentions = self.mentions.get(story_id, Counter())
        names = self.names.get(story_id, {})
        ranked = sorted(mentions, key=lambda key: (-mentions[key], key))
        return [names[key] for key in ranked[:KEY_ACTOR_LIMIT]]

    def _counts(self, story_id: str) -> dict[str, Any]:
        events = self.events.get(story_id)
        articles = self.articles.get(story_id)
        # Reported means published: the articles' own times. A story known only from its events
        # (no assignment applied yet) counts by when those were recorded until then.
        reported = articles if articles is not None and articles.first else events
        firsts = [reported.first] if reported is not None and reported.first else []
        lasts = [reported.last] if reported is not None and reported.last else []
        return {
            "event_count": int(events.total) if events is not None else 0,
            "article_count": int(articles.total) if articles is not None else 0,
            "outlet_count": int(articles.outlets) if articles is not None else 0,
            "first_reported": _earliest(firsts),
            "last_reported": _latest(lasts),
        }


async def _facts(connection: AsyncConnection, story_ids: Sequence[str]) -> _StoryFacts:
    facts = _StoryFacts()
    rows = await connection.execute(
        select(
            stories.c.story_id, stories.c.merged_into, stories.c.opening, stories.c.opened_at
        ).where(
            one_of(connection, stories.c.story_id, story_ids)
            | one_of(connection, stories.c.merged_into, story_ids)
        )
    )
    for row in rows:
        facts.stories[row.story_id] = row
        if row.opening is not None:
            for owner in {row.story_id, row.merged_into} & set(story_ids):
                facts.openings.setdefault(owner, []).append(row)
    facts.disputed = set(
        (
            await connection.execute(
                select(allegations.c.story_id)
                .where(
                    one_of(connection, allegations.c.story_id, story_ids),
                    allegations.c.disputed == true(),
                )
                .distinct()
            )
        ).scalars()
    )
    rows = await connection.execute(
        select(
            timeline.c.story_id,
            timeline.c.event_id,
            timeline.c.summary,
            timeline.c.happened_on,
            timeline.c.places,
            timeline.c.occurred_at,
        ).where(
            one_of(connection, timeline.c.story_id, story_ids),
            timeline.c.event_type.in_(INCIDENT_TYPES),
        )
    )
    for row in rows:
        facts.incidents.setdefault(row.story_id, []).append(row)
    await _read_actors(connection, story_ids, facts)
    await _read_counts(connection, story_ids, facts)
    return facts


async def _read_actors(
    connection: AsyncConnection, story_ids: Sequence[str], facts: _StoryFacts
) -> None:
    actor = (event_actors.c.story_id, event_actors.c.actor_key, event_actors.c.name)
    rows = await connection.execute(
        select(*actor, func.count().label("mentions"))
        .where(one_of(connection, event_actors.c.story_id, story_ids))
        .group_by(*actor)
    )
    for row in rows:
        facts.mentions.setdefault(row.story_id, Counter())[row.actor_key] += int(row.mentions)
        names = facts.names.setdefault(row.story_id, {})
        # The smallest name in Python's order, not the database's collation: same on both.
        names[row.actor_key] = min(names.get(row.actor_key, row.name), row.name)


# An assignment published before the event carried the publication time counts when assigned.
_published = func.coalesce(story_articles.c.published_at, story_articles.c.assigned_at)


async def _read_counts(
    connection: AsyncConnection, story_ids: Sequence[str], facts: _StoryFacts
) -> None:
    events = await connection.execute(
        select(
            timeline.c.story_id,
            func.count().label("total"),
            func.min(timeline.c.occurred_at).label("first"),
            func.max(timeline.c.occurred_at).label("last"),
        )
        .where(one_of(connection, timeline.c.story_id, story_ids))
        .group_by(timeline.c.story_id)
    )
    facts.events = {row.story_id: row for row in events}
    articles = await connection.execute(
        select(
            story_articles.c.story_id,
            func.count().label("total"),
            func.count(story_articles.c.outlet.distinct()).label("outlets"),
            func.min(_published).label("first"),
            func.max(_published).label("last"),
        )
        .where(one_of(connection, story_articles.c.story_id, story_ids))
        .group_by(story_articles.c.story_id)
    )
    facts.articles = {row.story_id: row for row in articles}


def _incident_date(opening: dict[str, Any], incident: dict[str, Any] | None) -> date | None:
    opened: str | None = opening.get("incident_date")
    if opened:
        return date.fromisoformat(opened)
    happened: date | None = (incident or {}).get("happened_on")
    return happened


def _incident_place(opening: dict[str, Any], incident: dict[str, Any] | None) -> str | None:
    if opening.get("places"):
        return str(opening["places"][0])
    places = (incident or {}).get("places") or []
    if not places:
        return None
    return str(places[0].get("canonical") or places[0]["text"])


def _earliest(values: list[datetime]) -> datetime | None:
    normalised = [as_utc_or_none(value) for value in values]
    return min((value for value in normalised if value is not None), default=None)


def _latest(values: list[datetime]) -> datetime | None:
    normalised = [as_utc_or_none(value) for value in values]
    return max((value for value in normalised if value is not None), default=None)
