"""Handlers for what articles report happened: strikes, attacks, threats, casualties, figures.

Each files the event in the story's timeline first (``story_facts``, which has the story's row
recomputed), then adds the rows its own read model keeps. A repeat writes nothing new: every row
is keyed by the event id.
"""

from __future__ import annotations

from storyline_contracts.extracted_events import (
    Actor,
    CasualtiesReported,
    ExtractedEvent,
    StatisticReported,
    ThreatIssued,
)
from storyline_projector.read_models.actor_names import display_name
from storyline_projector.read_models.story_facts import file_extracted_event
from storyline_projector.read_models.tables import casualty_figures, statistics, threats
from storyline_projector.read_models.unit_of_work import ProjectionUnit
from storyline_projector.read_models.utc import as_utc

_EVENT_KEY = ("event_id",)
_FIGURE_KEY = ("event_id", "figure_index")


async def record_report(unit: ProjectionUnit, event: ExtractedEvent) -> None:
    """Any reported happening with no read model of its own beyond the timeline."""
    await file_extracted_event(unit, event)


async def record_threat(unit: ProjectionUnit, event: ThreatIssued) -> None:
    story_id = await file_extracted_event(unit, event)
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
    unit.rows.add(threats, row, key=_EVENT_KEY)


async def record_casualties(unit: ProjectionUnit, event: CasualtiesReported) -> None:
    story_id = await file_extracted_event(unit, event)
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
        unit.rows.add(casualty_figures, row, key=_FIGURE_KEY)


async def record_statistic(unit: ProjectionUnit, event: StatisticReported) -> None:
    story_id = await file_extracted_event(unit, event)
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
    unit.rows.add(statistics, row, key=_EVENT_KEY)


def _name(actor: Actor | None) -> str | None:
    return None if actor is None else display_name(actor)
