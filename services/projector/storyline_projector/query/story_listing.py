"""The story list: filters, newest first, and keyset pagination behind an opaque cursor.

Newest means most recently reported. The cursor encodes the last story of a page (its last
report time and id), so a page never repeats or skips a story while new ones arrive. Merged
stories are listed only when asked for with ``status=merged``: they are pointers now.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.query.story_queries import summary_from_row
from storyline_projector.query.views import StoryList
from storyline_projector.read_models.actor_names import name_key
from storyline_projector.read_models.story_state import MERGED
from storyline_projector.read_models.tables import event_actors, stories, timeline
from storyline_projector.read_models.utc import as_utc


class BadCursor(ValueError):
    """The cursor was not made by this API."""


@dataclass(frozen=True)
class StoryFilters:
    actor: str | None = None
    event_type: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None


@dataclass(frozen=True)
class Cursor:
    last_reported: datetime
    story_id: str

    def encode(self) -> str:
        raw = json.dumps([self.last_reported.isoformat(), self.story_id]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            reported, story_id = json.loads(raw)
            return cls(as_utc(datetime.fromisoformat(reported)), str(story_id))
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
            raise BadCursor("not a cursor this API issued; pass next_cursor unchanged") from error


async def list_stories(
    connection: AsyncConnection, filters: StoryFilters, limit: int, cursor: Cursor | None
) -> StoryList:
    query = _filtered(filters).order_by(stories.c.last_reported.desc(), stories.c.story_id.desc())
    if cursor is not None:
        query = query.where(
            or_(
                stories.c.last_reported < cursor.last_reported,
                and_(
                    stories.c.last_reported == cursor.last_reported,
                    stories.c.story_id < cursor.story_id,
                ),
            )
        )
    rows = (await connection.execute(query.limit(limit + 1))).mappings().all()
    items = [summary_from_row(row) for row in rows[:limit]]
    last = items[-1] if len(rows) > limit else None
    next_cursor = None
    if last is not None and last.last_reported is not None:  # listed stories always have one
        next_cursor = Cursor(last.last_reported, last.story_id).encode()
    return StoryList(items=items, next_cursor=next_cursor)


def _filtered(filters: StoryFilters) -> Select[tuple[object, ...]]:
    query = select(stories).where(stories.c.last_reported.is_not(None))
    if filters.status is None:
        query = query.where(stories.c.status != MERGED)
    else:
        query = query.where(stories.c.status == filters.status)
    if filters.actor is not None:
        query = query.where(
            exists().where(
                event_actors.c.story_id == stories.c.story_id,
                event_actors.c.actor_key == name_key(filters.actor),
            )
        )
    if filters.event_type is not None:
        query = query.where(
            exists().where(
                timeline.c.story_id == stories.c.story_id,
                timeline.c.event_type == filters.event_type,
            )
        )
    if filters.since is not None:
        query = query.where(stories.c.incident_date >= filters.since)
    if filters.until is not None:
        query = query.where(stories.c.incident_date <= filters.until)
    if filters.text:
        query = query.where(_mentions(filters.text))
    return query


def _mentions(text: str) -> ColumnElement[bool]:
    """Case-insensitive match in the title, or in any event summary or evidence sentence."""
    needle = text.casefold()
    if not needle.strip():
        return false()
    in_events = exists().where(
        timeline.c.story_id == stories.c.story_id,
        or_(
            func.lower(timeline.c.summary).contains(needle, autoescape=True),
            func.lower(timeline.c.evidence_sentence).contains(needle, autoescape=True),
        ),
    )
    return or_(func.lower(stories.c.title).contains(needle, autoescape=True), in_events)
