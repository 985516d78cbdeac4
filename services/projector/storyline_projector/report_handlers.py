"""Handlers for what articles report happened: strikes, attacks, threats, casualties, figures.

Each files the event in the story's timeline first (``story_facts``), adds the rows its own read
model keeps, then recomputes the story's row. A repeat writes nothing new: every row is keyed by
the event id.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts.extracted_events import (
    Actor,
    CasualtiesReported,
    ExtractedEvent,
    StatisticReported,
    ThreatIssued,
)
from storyline_projector.actor_names import display_name
from storyline_projector.sql_upsert import upsert
from storyline_projector.story_facts import file_extracted_event
from storyline_projector.story_rollup import refresh_story
from storyline_projector.tables import casualty_figures, statistics, threats
from storyline_projector.utc import as_utc


async def record_report(connection: AsyncConnection, event: ExtractedEvent) -> None:
    """Any reported happening with no read model of its own beyond the timeline."""
    story_id = await file_extracted_event(connection, event)
    if story_id is not None:
        await refresh_story(connection, story_id)


async def record_threat(connection: AsyncConnection, event: ThreatIssued) -> None:
    story_id = await file_extracted_event(connection, event)
    if story_id is None:
        return
    row = {
        "event_id": event.event_id,
        "story_id": story_id,
        "threatener": _name(event.source),
        "threatened": [display_name(target) for target in event.targets],
        "threat": event.threat or event.summary,
        "modality": event.modality,
        "article_id": event.article_id,
        "outlet": event.outlet,
        "occurred_at": as_utc(event.occurred_at),
    }
    await upsert(connection, threats, row, key=["event_id"], update=[])
    await refresh_story(connection, story_id)


async def record_casualties(connection: AsyncConnection, event: CasualtiesReported) -> None:
    story_id = await file_extracted_event(connection, event)
    if story_id is None:
        return
    for index, figure in enumerate(event.figures):
        row = {
            "event_id": event.event_id,
            "figure_index": index,
            "story_id": story_id,
            "counts": figure.counts or "casualties",
            "value": figure.value,
            "low": figure.low,
            "high": figure.high,
            "unit": figure.unit,
            "text": figure.text,
            "reported_by": _name(event.source),
            "article_id": event.article_id,
            "outlet": event.outlet,
        }
        await upsert(connection, casualty_figures, row, key=["event_id", "figure_index"], update=[])
    await refresh_story(connection, story_id)


async def record_statistic(connection: AsyncConnection, event: StatisticReported) -> None:
    story_id = await file_extracted_event(connection, event)
    if story_id is None:
        return
    figure = event.figure
    row = {
        "event_id": event.event_id,
        "story_id": story_id,
        "value": figure.value,
        "low": figure.low,
        "high": figure.high,
        "unit": figure.unit,
        "counts": figure.counts,
        "text": figure.text,
        "summary": event.summary,
        "reported_by": _name(event.source),
        "article_id": event.article_id,
        "outlet": event.outlet,
    }
    await upsert(connection, statistics, row, key=["event_id"], update=[])
    await refresh_story(connection, story_id)


def _name(actor: Actor | None) -> str | None:
    return None if actor is None else display_name(actor)
