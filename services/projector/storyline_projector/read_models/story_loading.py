"""Stories' states built from their stored facts: when a story is not in memory, or may be stale.

A few set-based queries for any number of stories. Their rows are locked first (PostgreSQL), so
no other writer changes them until the batch commits, and the facts read after the lock are
every fact committed so far, plus the batch's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.read_models.allegation_book import CLAIM_TYPES, claim_from_row
from storyline_projector.read_models.dispute_signals import SIGNAL_TYPES
from storyline_projector.read_models.sql_membership import one_of
from storyline_projector.read_models.story_directory import chunks
from storyline_projector.read_models.story_state import INCIDENT_TYPES, StoryState
from storyline_projector.read_models.tables import (
    event_actors,
    stories,
    story_articles,
    timeline,
)
from storyline_projector.read_models.utc import as_utc, as_utc_or_none

_TIMELINE_COLUMNS = (
    "story_id",
    "event_id",
    "event_type",
    "summary",
    "source",
    "targets",
    "about",
    "details",
    "article_id",
    "occurred_at",
    "confidence",
    "happened_on",
    "places",
)


async def load_story_states(
    connection: AsyncConnection, story_ids: Sequence[str]
) -> dict[str, StoryState]:
    """The state of every story in ``story_ids`` (an empty one for a story with no row)."""
    states: dict[str, StoryState] = {}
    for chunk in chunks(sorted(set(story_ids))):
        states.update(await _load(connection, chunk))
    return states


async def _load(connection: AsyncConnection, story_ids: Sequence[str]) -> dict[str, StoryState]:
    states = {story_id: StoryState(story_id) for story_id in story_ids}
    await _read_rows(connection, story_ids, states)
    rows = await connection.execute(
        select(*(timeline.c[name] for name in _TIMELINE_COLUMNS)).where(
            one_of(connection, timeline.c.story_id, story_ids),
            timeline.c.event_type.in_((*INCIDENT_TYPES, *CLAIM_TYPES, *SIGNAL_TYPES)),
        )
    )
    claims: dict[str, list[Any]] = {}
    for row in rows:
        values = dict(row._mapping)
        values["occurred_at"] = as_utc(values["occurred_at"])
        state = states[row.story_id]
        if row.event_type in INCIDENT_TYPES:
            state.note_incident(values)
        if row.event_type in CLAIM_TYPES:
            claims.setdefault(row.story_id, []).append(claim_from_row(values))
        if row.event_type in SIGNAL_TYPES:
            state.disputes.note(values)
    await _read_counts(connection, story_ids, states)
    await _read_actors(connection, story_ids, states)
    await _read_articles(connection, story_ids, states)
    for story_id, story_claims in claims.items():
        states[story_id].allegations.add(story_claims)
        states[story_id].allegations.changes()  # what is stored: nothing to write
    for state in states.values():
        state.disputes.settle(state.allegations)
    return states


async def _read_rows(
    connection: AsyncConnection, story_ids: Sequence[str], states: dict[str, StoryState]
) -> None:
    # The stories' own rows are locked, in one order for every writer; the rows of stories merged
    # into them are only read, for their openings.
    locked = await connection.execute(
        select(stories.c.story_id, stories.c.merged_into, stories.c.opening)
        .add_columns(stories.c.opened_at, stories.c.revision)
        .where(one_of(connection, stories.c.story_id, story_ids))
        .order_by(stories.c.story_id)
        .with_for_update(key_share=True)
    )
    for row in locked:
        state = states[row.story_id]
        state.revision = int(row.revision)
        state.merged_into = row.merged_into
        if row.opening is not None:
            state.opening, state.opened_at = dict(row.opening), as_utc_or_none(row.opened_at)
    merged = await connection.execute(
        select(stories.c.story_id, stories.c.merged_into, stories.c.opening)
        .add_columns(stories.c.opened_at)
        .where(one_of(connection, stories.c.merged_into, story_ids))
    )
    for row in merged:
        if row.opening is not None:
            opened_at = as_utc(row.opened_at)
            states[row.merged_into].merged_openings.append(
                (opened_at, row.story_id, dict(row.opening))
            )


async def _read_counts(
    connection: AsyncConnection, story_ids: Sequence[str], states: dict[str, StoryState]
) -> None:
    rows = await connection.execute(
        select(
            timeline.c.story_id,
            func.count().label("total"),
            func.min(timeline.c.occurred_at).label("first"),
            func.max(timeline.c.occurred_at).label("last"),
        )
        .where(one_of(connection, timeline.c.story_id, story_ids))
        .group_by(timeline.c.story_id)
    )
    for row in rows:
        state = states[row.story_id]
        state.event_count += int(row.total)
        for at in (as_utc(row.first), as_utc(row.last)):
            if state.first_event is None or at < state.first_event:
                state.first_event = at
            if state.last_event is None or at > state.last_event:
                state.last_event = at


async def _read_actors(
    connection: AsyncConnection, story_ids: Sequence[str], states: dict[str, StoryState]
) -> None:
    actor = (event_actors.c.story_id, event_actors.c.actor_key, event_actors.c.name)
    rows = await connection.execute(
        select(*actor, func.count().label("mentions"))
        .where(one_of(connection, event_actors.c.story_id, story_ids))
        .group_by(*actor)
    )
    for row in rows:
        states[row.story_id].count_mentions(row.actor_key, row.name, int(row.mentions))


async def _read_articles(
    connection: AsyncConnection, story_ids: Sequence[str], states: dict[str, StoryState]
) -> None:
    rows = await connection.execute(
        select(
            story_articles.c.story_id,
            story_articles.c.article_id,
            story_articles.c.outlet,
            story_articles.c.near_duplicate_of,
            story_articles.c.assigned_at,
            story_articles.c.published_at,
        ).where(one_of(connection, story_articles.c.story_id, story_ids))
    )
    for row in rows:
        states[row.story_id].articles.note(
            row.article_id,
            row.outlet,
            row.near_duplicate_of,
            as_utc(row.assigned_at),
            as_utc_or_none(row.published_at),
        )
