"""The stories a projector holds between batches: what a batch changed is kept only once the
batch is stored, and a batch prepared while the one before is being written keeps its own."""

from __future__ import annotations

from storyline_projector.read_models.story_state import StoryState
from storyline_projector.read_models.story_states import StoryStates


def held(states: StoryStates) -> list[str]:
    return [state.story_id for state in states.held()]


def test_a_committed_batch_leaves_the_next_batchs_changes_pending() -> None:
    states = StoryStates(capacity=10)
    states.changing(StoryState("written"))
    first = states.next_batch()
    states.changing(StoryState("prepared"))

    states.commit(upto=first)  # the first batch is stored; the second is still on its way
    states.discard()  # and is refused

    assert held(states) == ["written"]


def test_eviction_past_capacity_spares_a_state_a_later_batch_changed() -> None:
    states = StoryStates(capacity=1)
    states.changing(StoryState("written"))
    first = states.next_batch()
    states.changing(StoryState("prepared"))
    states.get("written")  # used since: "prepared" is now the least recently used

    states.commit(upto=first)

    # over capacity: the least used goes, unless the batch still pending changed it
    assert held(states) == ["prepared"]


def test_held_stories_are_bounded_least_used_first() -> None:
    states = StoryStates(capacity=2)
    for number in range(5):
        states.changing(StoryState(f"story-{number}"))
        states.commit()

    assert held(states) == ["story-3", "story-4"]
