"""Actors and what they did: counts of events by type, as the one acting and as the target."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.query.views import ActorActivity
from storyline_projector.read_models.tables import event_actors


async def actor_activity(
    connection: AsyncConnection,
    story_id: str | None = None,
    actor_key: str | None = None,
    limit: int | None = None,
) -> list[ActorActivity]:
    """The actors of one story (or all), busiest first; ``actor_key`` narrows to one actor."""
    known_kind = case((event_actors.c.kind == "unknown", None), else_=event_actors.c.kind)
    query = select(
        event_actors.c.actor_key,
        event_actors.c.role,
        event_actors.c.event_type,
        func.count().label("events"),
        func.min(event_actors.c.name).label("name"),
        func.max(known_kind).label("kind"),
        func.max(event_actors.c.country).label("country"),
    ).group_by(event_actors.c.actor_key, event_actors.c.role, event_actors.c.event_type)
    stories_query = select(
        event_actors.c.actor_key, func.count(event_actors.c.story_id.distinct())
    ).group_by(event_actors.c.actor_key)
    if story_id is not None:
        query = query.where(event_actors.c.story_id == story_id)
        stories_query = stories_query.where(event_actors.c.story_id == story_id)
    if actor_key is not None:
        query = query.where(event_actors.c.actor_key == actor_key)
        stories_query = stories_query.where(event_actors.c.actor_key == actor_key)
    story_counts = {key: int(count) for key, count in await connection.execute(stories_query)}
    actors: dict[str, dict[str, Any]] = {}
    for row in await connection.execute(query):
        actor = actors.setdefault(
            row.actor_key,
            {"name": row.name, "kind": None, "country": None, "source": {}, "target": {}},
        )
        actor["name"] = min(actor["name"], row.name)
        actor["kind"] = max(filter(None, (actor["kind"], row.kind)), default=None)
        actor["country"] = max(filter(None, (actor["country"], row.country)), default=None)
        actor[row.role][row.event_type] = int(row.events)
    ranked = sorted(
        actors.items(),
        key=lambda item: (
            -sum(item[1]["source"].values()) - sum(item[1]["target"].values()),
            item[0],
        ),
    )
    return [
        ActorActivity(
            name=actor["name"],
            kind=actor["kind"] or "unknown",
            country=actor["country"],
            stories=int(story_counts.get(key, 0)),
            as_source=dict(sorted(actor["source"].items())),
            as_target=dict(sorted(actor["target"].items())),
        )
        for key, actor in ranked[:limit]
    ]
