"""The registry of read-model handlers: which function applies which event type.

A handler is handed the unit of work (``unit_of_work.ProjectionUnit``) of its batch: it puts
rows, looks stories up and records what it changed in each story; the unit writes everything
once per batch. ``apply_events`` applies a batch that way; ``apply_event`` is the same for one
event.

An event type with no handler is still recorded as applied (downstream of it nothing changes),
so adding a handler later is a matter of rebuilding the read models from the log.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts import ArticleReceived, ArticleRevised, ArticleWithdrawn, Event
from storyline_contracts import extracted_events as extracted
from storyline_contracts.retraction_events import EventsRetracted
from storyline_contracts.story_events import ArticleAssignedToStory, StoryMerged, StoryOpened
from storyline_projector.read_models import (
    allegation_handlers,
    article_handlers,
    report_handlers,
    retraction_handlers,
    story_handlers,
)
from storyline_projector.read_models.unit_of_work import ProjectionUnit

Handler = Callable[[ProjectionUnit, Any], Awaitable[None]]

HANDLERS: dict[type[Event], Handler] = {
    ArticleReceived: article_handlers.record_article,
    ArticleRevised: article_handlers.record_article,
    ArticleWithdrawn: article_handlers.record_withdrawal,
    StoryOpened: story_handlers.open_story,
    ArticleAssignedToStory: story_handlers.assign_article,
    StoryMerged: story_handlers.merge_stories,
    extracted.StrikeReported: report_handlers.record_report,
    extracted.AttackReported: report_handlers.record_report,
    extracted.PledgeMade: report_handlers.record_report,
    extracted.InterceptionReported: report_handlers.record_report,
    extracted.ResponsibilityClaimed: report_handlers.record_report,
    extracted.SanctionImposed: report_handlers.record_report,
    extracted.ParticipationReported: report_handlers.record_report,
    extracted.ThreatIssued: report_handlers.record_threat,
    extracted.CasualtiesReported: report_handlers.record_casualties,
    extracted.StatisticReported: report_handlers.record_statistic,
    extracted.AccusationMade: allegation_handlers.record_accusation,
    extracted.DenialIssued: allegation_handlers.record_denial,
    extracted.SkepticismExpressed: allegation_handlers.record_skepticism,
    EventsRetracted: retraction_handlers.retract_events,
}


async def apply_events(connection: AsyncConnection, events: Sequence[Event]) -> None:
    """Apply ``events`` in order, as one unit of work, in the caller's transaction; every story
    they change is loaded from its facts (see ``run_handlers`` for stories held in memory)."""
    unit = ProjectionUnit(connection)
    await run_handlers(unit, events)
    await unit.flush()


async def run_handlers(unit: ProjectionUnit, events: Sequence[Event]) -> None:
    """Hand each event to its handler, in order; the caller flushes ``unit``."""
    await unit.stories.prefetch(unit.connection, events)
    await run_known_handlers(unit, events)


async def run_known_handlers(unit: ProjectionUnit, events: Sequence[Event]) -> None:
    """``run_handlers`` for a unit whose directory was told (``know``) where every story of
    ``events`` lands and whether each event was retracted: nothing is left to prefetch, and
    working that out again costs a pass over the batch's stories and ids."""
    for event in events:
        handler = HANDLERS.get(type(event))
        if handler is not None:
            await handler(unit, event)


async def apply_event(connection: AsyncConnection, event: Event) -> None:
    await apply_events(connection, [event])
