"""The stories a projector holds in memory between batches, most recently used kept.

A state is only trusted while it matches the stored story: each write of a story's derived row
bumps its ``revision``, and a batch uses a state only when the revision it holds is the one the
batch read (under a row lock) at its start; otherwise the story is loaded again from its facts.
That covers another instance writing into the story (events of a story merged into it arrive on
another partition).

States change while a batch is applied, before its transaction commits: every state a batch
touches is noted, and forgotten if the batch does not commit (``discard``), so that memory never
runs ahead of the database. The whole set is forgotten when the partitions move (``clear``).

A batch may be prepared while the one before it is still being written (``next_batch``): each
noted state remembers the latest batch that changed it, ``commit(upto)`` settles the batches
written so far, and ``discard`` forgets every unsettled change, of whichever batch.
"""

from __future__ import annotations

from collections import OrderedDict
from itertools import islice

from storyline_projector.read_models.story_state import StoryState

DEFAULT_CAPACITY = 5000


class StoryStates:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self._states: OrderedDict[str, StoryState] = OrderedDict()
        self._pending: dict[str, int] = {}  # story id -> the latest batch that changed it
        self._batch = 0

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
        self._pending[state.story_id] = self._batch

    def forget(self, story_id: str) -> None:
        self._states.pop(story_id, None)

    def next_batch(self) -> int:
        """Changes noted from now on belong to a new batch; returns the number of the one
        before it (to ``commit`` once that one is written)."""
        self._batch += 1
        return self._batch - 1

    def commit(self, upto: int | None = None) -> None:
        """The batches up to ``upto`` (all, by default) committed: what they changed is stored.
        The least used states go past capacity, none that a later batch has changed."""
        if upto is None:
            self._pending.clear()
        else:
            self._pending = {key: n for key, n in self._pending.items() if n > upto}
        surplus = len(self._states) - self.capacity
        if surplus <= 0:
            return
        oldest = islice(self._states, surplus + len(self._pending))
        for story_id in [key for key in oldest if key not in self._pending][:surplus]:
            del self._states[story_id]

    def discard(self) -> None:
        """The batch did not commit (or part of it was rolled back): forget what it changed."""
        for story_id in self._pending:
            self._states.pop(story_id, None)
        self._pending.clear()

    def clear(self) -> None:
        self._states.clear()
        self._pending.clear()
