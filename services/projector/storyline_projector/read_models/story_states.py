"""The stories a projector holds in memory between batches, most recently used kept.

A state is only trusted while it matches the stored story: each write of a story's derived row
bumps its ``revision``, and a batch uses a state only when the revision it holds is the one the
batch read (under a row lock) at its start; otherwise the story is loaded again from its facts.
That covers another instance writing into the story (events of a story merged into it arrive on
another partition).

States change while a batch is applied, before its transaction commits: every state a batch
touches is noted, and forgotten if the batch does not commit (``discard``), so that memory never
runs ahead of the database. The whole set is forgotten when the partitions move (``clear``).
"""

from __future__ import annotations

from collections import OrderedDict

from storyline_projector.read_models.story_state import StoryState

DEFAULT_CAPACITY = 5000


class StoryStates:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self._states: OrderedDict[str, StoryState] = OrderedDict()
        self._pending: set[str] = set()

    def __len__(self) -> int:
        return len(self._states)

    def get(self, story_id: str) -> StoryState | None:
        state = self._states.get(story_id)
        if state is not None:
            self._states.move_to_end(story_id)
        return state

    def held(self) -> list[StoryState]:
        return list(self._states.values())

    def changing(self, state: StoryState) -> None:
        """``state`` is about to change in the batch under way (and is kept, if it was not)."""
        self._states[state.story_id] = state
        self._states.move_to_end(state.story_id)
        self._pending.add(state.story_id)

    def forget(self, story_id: str) -> None:
        self._states.pop(story_id, None)

    def commit(self) -> None:
        """The batch committed: its states are the stored ones. The least used go past capacity."""
        self._pending.clear()
        while len(self._states) > self.capacity:
            self._states.popitem(last=False)

    def discard(self) -> None:
        """The batch did not commit (or part of it was rolled back): forget what it changed."""
        for story_id in self._pending:
            self._states.pop(story_id, None)
        self._pending.clear()

    def clear(self) -> None:
        self._states.clear()
        self._pending.clear()
