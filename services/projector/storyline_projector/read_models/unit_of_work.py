"""The unit of work handlers apply events through: buffered rows, shared look-ups, and the
stories whose derived rows must be recomputed.

One unit serves a whole batch of events (or a single event, on the one-event-at-a-time path):

- facts go to ``rows`` (a ``RowBuffer``) and reach the database in one statement per table;
- ``stories`` answers where a story id lands and whether an event was retracted, from one query
  per batch;
- a handler ``touch``-es every story whose facts it changed; at ``flush`` the allegations and
  the summary row of each touched story are recomputed once, set-based, from the final facts.

Derived rows are pure functions of the facts (``allegation_rules``, ``story_rollup``), so
recomputing them once at the end gives what recomputing them after every event gives. A handler
that must see the rows written before it (a merge or a retraction moves and deletes rows with
plain SQL) calls ``write_rows`` first.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.read_models.allegation_rules import refresh_allegations
from storyline_projector.read_models.row_buffer import RowBuffer
from storyline_projector.read_models.story_directory import StoryDirectory
from storyline_projector.read_models.story_rollup import refresh_stories


class ProjectionUnit:
    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.rows = RowBuffer()
        self.stories = StoryDirectory()
        self._touched: set[str] = set()

    def touch(self, story_ids: Iterable[str]) -> None:
        """Recompute these stories' allegations and summary rows at the next flush."""
        self._touched.update(story_ids)

    async def resolve_story(self, story_id: str) -> str:
        return await self.stories.resolve(self.connection, story_id)

    async def write_rows(self) -> None:
        """Write the pending rows now, so plain SQL that follows sees them."""
        await self.rows.flush(self.connection)

    async def flush(self) -> None:
        """Write the pending rows, then recompute every touched story once."""
        await self.rows.flush(self.connection)
        touched, self._touched = sorted(self._touched), set()
        if touched:
            await refresh_allegations(self.connection, touched)
            await refresh_stories(self.connection, touched)
