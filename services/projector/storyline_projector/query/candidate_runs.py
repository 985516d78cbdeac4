"""A story as it would read under a re-extraction run that is not adopted yet.

A run (``storyline reextract``) stores its candidate events in the ingest database, beside the
published stream. The story's history here is the projector's own copy of what it applied; the
events a run would retract are taken out, the run's candidates for the story's articles put in,
and the result folded by the very handlers of the live read models (``time_travel``). Nothing
is written: the answer is computed for the request and thrown away.

The candidate stream is read in the shape the ingest service writes it (the ``reextraction_*``
tables), the way the embedded store follower reads its event store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from sqlalchemy import JSON, LargeBinary, String, bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storyline_contracts import Event, decode
from storyline_contracts.story_events import StoryMerged
from storyline_projector.query.read_side import ReadModels
from storyline_projector.query.time_travel import folded
from storyline_projector.read_models.story_log import story_history
from storyline_projector.read_models.utc import as_utc

_RUN_STATE = text("SELECT state FROM reextraction_runs WHERE run_id = :run").columns(state=String)
_ARTICLES = (
    text(
        "SELECT standing_event_ids FROM reextraction_articles "
        "WHERE run_id = :run AND story_id IN :stories"
    )
    .bindparams(bindparam("stories", expanding=True))
    .columns(standing_event_ids=JSON)
)
_EVENTS = (
    text(
        "SELECT headers, payload FROM reextraction_events "
        "WHERE run_id = :run AND story_id IN :stories"
    )
    .bindparams(bindparam("stories", expanding=True))
    .columns(headers=JSON, payload=LargeBinary)
)


class UnknownRun(LookupError):
    """No re-extraction run by that id."""


@asynccontextmanager
async def story_under_run(
    read_models: ReadModels, ingest_store: AsyncEngine, story_id: str, run_id: str
) -> AsyncIterator[AsyncConnection]:
    """A connection to read models holding only ``story_id`` as ``run_id`` would make it."""
    async with read_models.connect() as connection:
        history = await story_history(connection, story_id, datetime.now(UTC))
    story_ids = _story_ids(story_id, history)
    async with ingest_store.connect() as connection:
        state = (await connection.execute(_RUN_STATE, {"run": run_id})).scalar()
        if state is None:
            raise UnknownRun(run_id)
        parameters = {"run": run_id, "stories": story_ids}
        rows = await connection.execute(_ARTICLES, parameters)
        replaced = {event_id for row in rows for event_id in row.standing_event_ids}
        candidates = [
            decode(tuple((k, v.encode()) for k, v in row.headers.items()), bytes(row.payload))
            for row in await connection.execute(_EVENTS, parameters)
        ]
    events = [event for event in history if event.event_id not in replaced]
    events += [event for event in candidates if event.event_id not in replaced]
    events.sort(key=lambda event: (as_utc(event.occurred_at), event.event_id))
    async with folded(events) as connection:
        yield connection


def _story_ids(story_id: str, history: Iterable[Event]) -> list[str]:
    """The story and the stories merged into it: candidates are filed under the story their
    article was assigned to."""
    merged = [
        merged_id
        for event in history
        if isinstance(event, StoryMerged)
        for merged_id in event.from_story_ids
    ]
    return list(dict.fromkeys([story_id, *merged]))
