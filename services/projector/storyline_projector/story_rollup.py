"""A story's derived row: title, status, incident, key actors, counts and reporting window.

Recomputed from the story's facts whenever one of them changes, never incremented, so the row
is the same whatever order the events came in and however often they were applied.

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
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, true, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.story_identity import DEVELOPING
from storyline_projector.tables import allegations, event_actors, stories, story_articles, timeline
from storyline_projector.utc import as_utc_or_none

MERGED = "merged"
DISPUTED = "disputed"
INCIDENT_TYPES = ("strike_reported", "attack_reported")
KEY_ACTOR_LIMIT = 5


async def refresh_story(connection: AsyncConnection, story_id: str) -> None:
    opening = await _opening(connection, story_id)
    incident = await _first_incident(connection, story_id)
    await connection.execute(
        update(stories)
        .where(stories.c.story_id == story_id)
        .values(
            status=await _status(connection, story_id),
            title=opening.get("title") or (incident or {}).get("summary"),
            incident_date=_incident_date(opening, incident),
            incident_place=_incident_place(opening, incident),
            key_actors=list(opening.get("key_actors") or ())
            or await _busiest_actors(connection, story_id),
            **await _counts(connection, story_id),
        )
    )


async def _status(connection: AsyncConnection, story_id: str) -> str:
    merged_into = (
        await connection.execute(
            select(stories.c.merged_into).where(stories.c.story_id == story_id)
        )
    ).scalar()
    if merged_into is not None:
        return MERGED
    denied = await connection.execute(
        select(allegations.c.story_id)
        .where(allegations.c.story_id == story_id, allegations.c.disputed == true())
        .limit(1)
    )
    return DISPUTED if denied.first() is not None else DEVELOPING


async def _opening(connection: AsyncConnection, story_id: str) -> dict[str, Any]:
    """The story's own opening, else the earliest opening of a story merged into it."""
    rows = await connection.execute(
        select(stories.c.story_id, stories.c.opening, stories.c.opened_at)
        .where((stories.c.story_id == story_id) | (stories.c.merged_into == story_id))
        .where(stories.c.opening.is_not(None))
    )
    openings = sorted(
        rows,
        key=lambda row: (row.story_id != story_id, as_utc_or_none(row.opened_at), row.story_id),
    )
    return dict(openings[0].opening) if openings else {}


async def _first_incident(connection: AsyncConnection, story_id: str) -> dict[str, Any] | None:
    rows = await connection.execute(
        select(
            timeline.c.event_id,
            timeline.c.summary,
            timeline.c.happened_on,
            timeline.c.places,
            timeline.c.occurred_at,
        ).where(timeline.c.story_id == story_id, timeline.c.event_type.in_(INCIDENT_TYPES))
    )
    # Sorted here rather than in SQL: the two backends order NULL dates differently.
    incidents = sorted(
        rows,
        key=lambda row: (
            row.happened_on is None,
            row.happened_on or date.min,
            as_utc_or_none(row.occurred_at),
            row.event_id,
        ),
    )
    return dict(incidents[0]._mapping) if incidents else None


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


async def _busiest_actors(connection: AsyncConnection, story_id: str) -> list[str]:
    rows = await connection.execute(
        select(event_actors.c.actor_key, event_actors.c.name).where(
            event_actors.c.story_id == story_id
        )
    )
    mentions: Counter[str] = Counter()
    names: dict[str, str] = {}
    for row in rows:
        mentions[row.actor_key] += 1
        names[row.actor_key] = min(names.get(row.actor_key, row.name), row.name)
    ranked = sorted(mentions, key=lambda key: (-mentions[key], key))
    return [names[key] for key in ranked[:KEY_ACTOR_LIMIT]]


async def _counts(connection: AsyncConnection, story_id: str) -> dict[str, Any]:
    events = (
        await connection.execute(
            select(
                func.count(), func.min(timeline.c.occurred_at), func.max(timeline.c.occurred_at)
            ).where(timeline.c.story_id == story_id)
        )
    ).one()
    articles = (
        await connection.execute(
            select(
                func.count(),
                func.count(story_articles.c.outlet.distinct()),
                func.min(story_articles.c.assigned_at),
                func.max(story_articles.c.assigned_at),
            ).where(story_articles.c.story_id == story_id)
        )
    ).one()
    firsts = [value for value in (events[1], articles[2]) if value is not None]
    lasts = [value for value in (events[2], articles[3]) if value is not None]
    return {
        "event_count": int(events[0]),
        "article_count": int(articles[0]),
        "outlet_count": int(articles[1]),
        "first_reported": _earliest(firsts),
        "last_reported": _latest(lasts),
    }


def _earliest(values: list[datetime]) -> datetime | None:
    normalised = [as_utc_or_none(value) for value in values]
    return min((value for value in normalised if value is not None), default=None)


def _latest(values: list[datetime]) -> datetime | None:
    normalised = [as_utc_or_none(value) for value in values]
    return max((value for value in normalised if value is not None), default=None)
