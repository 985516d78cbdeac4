"""The unit of work handlers apply events through: buffered rows, shared look-ups, and the
changes each story's derived rows must take in.

One unit serves a whole batch of events (or a single event, on the one-event-at-a-time path):

- facts go to ``rows`` (a ``RowBuffer``) and reach the database in one statement per table (on
  PostgreSQL, one statement for all of them);
- ``stories`` answers where a story id lands and whether an event was retracted;
- a handler records each story's ``change`` (an event filed, an article noted, an opening kept),
  or ``touch``-es a story it changed with plain SQL (a merge, a retraction).

At ``flush``, a story held in memory (``StoryStates``) and still matching its stored revision
takes in its changes, and only the rows they alter are written with the facts. Any other story
(not held, stale, or touched) is loaded from its facts once they are written, and its derived
rows are written whole. Both give the same rows: they follow the same rules on the same facts.
A handler that must see the rows written before it (a merge or a retraction moves and deletes
rows with plain SQL) calls ``write_rows`` first.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from storyline_projector.read_models.row_buffer import RowBuffer
from storyline_projector.read_models.sql_membership import one_of
from storyline_projector.read_models.story_directory import StoryDirectory, chunks
from storyline_projector.read_models.story_loading import load_story_states
from storyline_projector.read_models.story_state import Change, StoryState
from storyline_projector.read_models.story_states import StoryStates
from storyline_projector.read_models.tables import allegation_events, allegations, stories

ALLEGATION_KEY = ("story_id", "accuser_key", "accused_key")
ALLEGATION_EVENT_KEY = (*ALLEGATION_KEY, "side", "event_id")
_STORY_KEY = ("story_id",)
DERIVED_COLUMNS = (
    "title",
    "status",
    "incident_date",
    "incident_place",
    "key_actors",
    "article_count",
    "outlet_count",
    "event_count",
    "first_reported",
    "last_reported",
    "revision",
)


@dataclass(frozen=True)
class KnownStories:
    """What a batch read about its stories before its first handler ran, their rows locked:
    the revision of each stored one; a story in ``checked`` without a revision has no row."""

    revisions: Mapping[str, int] = field(default_factory=dict)
    checked: Collection[str] = frozenset()


class ProjectionUnit:
    def __init__(
        self,
        connection: AsyncConnection,
        states: StoryStates | None = None,
        known: KnownStories | None = None,
        published: Mapping[str, bytes] | None = None,
    ) -> None:
        """``published``: the JSON of events as their messages carried it, by event id, for
        events read straight from it (``delivery.published_json``)."""
        self.connection = connection
        self.published: Mapping[str, bytes] = published or {}
        self.rows = RowBuffer()
        self.stories = StoryDirectory()
        self._states = states
        self._known = known
        self._changes: dict[str, list[Change]] = {}
        # (story, article, version, outlet, original, published) -> earliest sighting noted
        self.noted_articles: dict[tuple[Any, ...], datetime] = {}
        self._reload: set[str] = set()

    def change(self, story_id: str, change: Change) -> None:
        """Record what an event changed in a story, for its derived rows."""
        self._changes.setdefault(story_id, []).append(change)

    def touch(self, story_ids: Iterable[str]) -> None:
        """These stories changed in ways only their stored facts tell: load them at the flush."""
        self._reload.update(story_ids)

    async def resolve_story(self, story_id: str) -> str:
        return await self.stories.resolve(self.connection, story_id)

    async def write_rows(self) -> None:
        """Write the pending rows now, so plain SQL that follows sees them."""
        await self.rows.flush(self.connection)

    async def flush(self) -> None:
        """Write the facts and every changed story's derived rows."""
        rewritten: list[StoryState] = []
        for story_id, changes in self._changes.items():
            if story_id in self._reload:
                continue
            state = self._trusted_state(story_id)
            if state is None:
                self._reload.add(story_id)
                continue
            state.apply(changes)
            self._put_story_row(state)
            changed = state.allegations.changes()
            if changed.rewrite:
                rewritten.append(state)
            else:
                self._put_allegations(changed.rows, changed.events)
        self._changes = {}
        await self.rows.flush(self.connection)
        if self._reload:
            loaded = await load_story_states(self.connection, sorted(self._reload))
            self._reload = set()
            for state in loaded.values():
                if self._states is not None:
                    self._states.changing(state)
                self._put_story_row(state)
                rewritten.append(state)
        if rewritten:
            await self._delete_allegations([state.story_id for state in rewritten])
            for state in rewritten:
                self._put_allegations(state.allegations.rows(), state.allegations.events())
            await self.rows.flush(self.connection)

    def take_in_held(self) -> bool:
        """Like ``flush`` without writing and without reading: every changed story takes in its
        changes from its held state and its rows are put, to be written with the facts. False
        when a story must be loaded or its allegations rewritten, which only ``flush`` can do;
        the held states changed by then are noted as changing (the caller discards them)."""
        if self._reload:
            return False
        for story_id, changes in self._changes.items():
            state = self._trusted_state(story_id)
            if state is None:
                return False
            state.apply(changes)
            self._put_story_row(state)
            changed = state.allegations.changes()
            if changed.rewrite:
                return False
            self._put_allegations(changed.rows, changed.events)
        self._changes = {}
        return True

    def _trusted_state(self, story_id: str) -> StoryState | None:
        """The story's state if it can take in the batch's changes: held and current, or new."""
        if self._states is None or self._known is None or story_id not in self._known.checked:
            return None
        revision = self._known.revisions.get(story_id)
        if revision is None:
            state = StoryState(story_id)  # no row when the batch began: nothing to load
        else:
            held = self._states.get(story_id)
            if held is None or held.revision != revision:
                return None
            state = held
        self._states.changing(state)
        return state

    def _put_story_row(self, state: StoryState) -> None:
        state.revision += 1
        row = state.row()
        row.update(opening=state.opening, opened_at=state.opened_at, revision=state.revision)
        self.rows.put(stories, row, key=_STORY_KEY, update=DERIVED_COLUMNS)

    def _put_allegations(
        self, rows: Iterable[Mapping[str, object]], events: Iterable[Mapping[str, object]]
    ) -> None:
        for row in rows:
            self.rows.put(allegations, row, key=ALLEGATION_KEY)
        for event in events:
            self.rows.put(allegation_events, event, key=ALLEGATION_EVENT_KEY, update=[])

    async def _delete_allegations(self, story_ids: list[str]) -> None:
        for chunk in chunks(sorted(story_ids)):
            for table in (allegation_events, allegations):
                await self.connection.execute(
                    delete(table).where(one_of(self.connection, table.c.story_id, chunk))
                )
