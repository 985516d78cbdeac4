"""Handlers for claims about who did it: accusations, denials, skepticism.

Each files its event; the story's allegations (``allegation_book``) and its row are then
recomputed with the unit of work, since one denial can turn the whole story disputed.
"""

from __future__ import annotations

from storyline_contracts.extracted_events import (
    AccusationMade,
    DenialIssued,
    ExtractedEvent,
    SkepticismExpressed,
)
from storyline_projector.read_models.story_facts import file_extracted_event
from storyline_projector.read_models.unit_of_work import ProjectionUnit


async def record_accusation(unit: ProjectionUnit, event: AccusationMade) -> None:
    await _record_claim(unit, event)


async def record_denial(unit: ProjectionUnit, event: DenialIssued) -> None:
    await _record_claim(unit, event)


async def record_skepticism(unit: ProjectionUnit, event: SkepticismExpressed) -> None:
    await _record_claim(unit, event)


async def _record_claim(unit: ProjectionUnit, event: ExtractedEvent) -> None:
    await file_extracted_event(unit, event)
