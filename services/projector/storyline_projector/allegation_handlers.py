"""Handlers for claims about who did it: accusations, denials, skepticism.

Each files its event, then recomputes the story's allegations (``allegation_rules``) and its
row, since one denial can turn the whole story disputed.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_contracts.extracted_events import (
    AccusationMade,
    DenialIssued,
    ExtractedEvent,
    SkepticismExpressed,
)
from storyline_projector.allegation_rules import refresh_allegations
from storyline_projector.story_facts import file_extracted_event
from storyline_projector.story_rollup import refresh_story


async def record_accusation(connection: AsyncConnection, event: AccusationMade) -> None:
    await _record_claim(connection, event)


async def record_denial(connection: AsyncConnection, event: DenialIssued) -> None:
    await _record_claim(connection, event)


async def record_skepticism(connection: AsyncConnection, event: SkepticismExpressed) -> None:
    await _record_claim(connection, event)


async def _record_claim(connection: AsyncConnection, event: ExtractedEvent) -> None:
    story_id = await file_extracted_event(connection, event)
    if story_id is not None:
        await refresh_allegations(connection, story_id)
        await refresh_story(connection, story_id)
